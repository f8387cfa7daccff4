"""METER's own task, scored on a report (``../shared/eval/README.md``, ``meter``).

METER's journalists labelled each paper story against the Press Association
wire copy of its story slot: wholly derived, partially derived, not derived.
The gold rows say it in pairs:

* ``meter-wholly`` / ``meter-partially``: ``[wire, paper]``, with
  ``extra["originals"]`` every wire file of the slot (any is the right source);
* ``meter-nonderived-vs-wire``: ``[wire, paper]``; ``meter-nonderived-vs-derived``:
  ``[derived paper, paper]``: the second member is the non-derived story.

Scored per paper story (a story in several rows counts once):

* **wholly / partially linked**: the story shares a cluster, or a link (a
  cluster link or a cross link), with any wire file of its slot;
* **not-derived false**: the story shares a cluster or a link with any of its
  rows' partners (its slot's wire files or derived stories);
* **binary F1**: derived (wholly or partially) is the positive class;
* **wire original**: of the clusters holding a wire file and a paper story,
  the share whose named original is a wire file (pairs between two wire files
  of one slot are unlabelled: PA re-files stories);
* **candidate recall** (:func:`candidate_recall`): the share of derived stories
  of which some (story, slot wire) pair was a candidate at all, so that what
  the candidate stage loses is seen apart from what verification rejects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from evalsets import GoldRow
from scoring import Ratio

from dedup.models import Article, Report

DERIVED = ("meter-wholly", "meter-partially")
NONDERIVED = ("meter-nonderived-vs-wire", "meter-nonderived-vs-derived")


@dataclass(frozen=True)
class MeterGold:
    """The METER rows by paper story: the wire files (or partners) it is scored against."""

    derived: dict[str, dict[str, set[str]]]  # class -> story -> slot wire files
    nonderived: dict[str, set[str]]  # story -> wire files and derived stories of its rows
    wires: set[str]  # every wire file the rows name


def meter_gold(gold: Iterable[GoldRow]) -> MeterGold:
    derived: dict[str, dict[str, set[str]]] = {k: {} for k in DERIVED}
    nonderived: dict[str, set[str]] = {}
    wires: set[str] = set()
    for row in gold:
        kind = row.extra.get("set")
        if kind in DERIVED:
            first, story = row.members
            slot = set(row.extra.get("originals") or [first])
            derived[str(kind)].setdefault(story, set()).update(slot)
            wires.update(slot)
        elif kind in NONDERIVED:
            partner, story = row.members
            nonderived.setdefault(story, set()).add(partner)
            if kind == "meter-nonderived-vs-wire":
                wires.add(partner)
    return MeterGold(derived, nonderived, wires)


def _partners(report: Report) -> dict[str, set[str]]:
    """Article id -> the ids it shares a cluster or a cross link with."""
    out: dict[str, set[str]] = {}
    for c in report.clusters:
        for m in c.members:
            out.setdefault(m, set()).update(x for x in c.members if x != m)
    for link in report.cross_links:
        out.setdefault(link.source, set()).add(link.target)
        out.setdefault(link.target, set()).add(link.source)
    return out


@dataclass(frozen=True)
class MeterScores:
    linked: dict[str, Ratio]  # "meter-wholly" / "meter-partially" -> stories linked to slot wire
    nonderived_false: Ratio
    f1: float | None
    wire_original: Ratio  # clusters with wire and paper stories named for a wire file


def _hits(stories: Mapping[str, set[str]], partners: Mapping[str, set[str]]) -> int:
    return sum(bool(targets & partners.get(s, set())) for s, targets in stories.items())


def meter_scores(report: Report, gold: Iterable[GoldRow]) -> MeterScores:
    g = meter_gold(gold)
    partners = _partners(report)
    linked = {k: Ratio(_hits(v, partners), len(v)) for k, v in g.derived.items()}
    false = Ratio(_hits(g.nonderived, partners), len(g.nonderived))
    tp = sum(r.hits for r in linked.values())
    positives = sum(r.total for r in linked.values())
    f1 = 2 * tp / (positives + tp + false.hits) if positives + tp + false.hits else None
    papers = set(g.nonderived).union(*(set(v) for v in g.derived.values()))
    held = [c for c in report.clusters
            if any(m in g.wires for m in c.members) and any(m in papers for m in c.members)]
    wire_original = Ratio(sum(c.original in g.wires for c in held), len(held))
    return MeterScores(linked, false, f1, wire_original)


def _proposed(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for a, b in pairs:
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return out


def _classes(g: MeterGold) -> dict[str, dict[str, set[str]]]:
    return {**g.derived, "meter-nonderived": g.nonderived}


def candidate_recall(pairs: Iterable[tuple[str, str]], gold: Iterable[GoldRow]
                     ) -> dict[str, Ratio]:
    """Per derived class: stories with some (story, slot wire) pair among ``pairs``
    (ids, either order); also ``meter-nonderived``: non-derived stories with a
    candidate pair to one of their rows' partners."""
    proposed = _proposed(pairs)
    return {k: Ratio(_hits(v, proposed), len(v)) for k, v in _classes(meter_gold(gold)).items()}


def verification_recall(report: Report, pairs: Iterable[tuple[str, str]],
                        gold: Iterable[GoldRow]) -> dict[str, Ratio]:
    """Per class, of the stories :func:`candidate_recall` finds proposed: the share
    linked in ``report`` (what verification keeps of what the candidates gave it)."""
    proposed, partners = _proposed(pairs), _partners(report)
    out = {}
    for k, stories in _classes(meter_gold(gold)).items():
        found = {s: t for s, t in stories.items() if t & proposed.get(s, set())}
        out[k] = Ratio(_hits(found, partners), len(found))
    return out


def scan_candidates(articles: Sequence[Article], config: Any) -> dict[str, set[tuple[str, str]]]:
    """The candidate pairs (ids) a scan of ``articles`` verifies, by stage: ``lexical``
    (LSH, lead keys and, with the passage rule, shared rare shingles) and, when the
    semantic stage is on, ``semantic`` (lead-vector and anchor neighbours). Exact
    twins are left out (one representative per content, as the scan does)."""
    from dedup.lexical.sharedkeys import shared_candidates
    from dedup.lexical.verify import lexical_candidates
    from dedup.prepare.article import prepare_many

    prepared = prepare_many(list(articles), config)
    reps: dict[str, int] = {}
    for i, p in enumerate(prepared):
        if p.n_tokens:
            reps.setdefault(p.content_hash, i)
    keys = [r for r in reps.values() if prepared[r].shingles.size >= config.relation.min_shingles]
    lsh, leads = lexical_candidates(prepared, keys, config)
    lexical = set(lsh) | set(leads)
    if config.relation.passage_rule:
        lexical |= set(shared_candidates(keys, [prepared[k].shingles for k in keys]))
    out = {"lexical": {(prepared[a].id, prepared[b].id) for a, b in lexical}}
    if config.semantic.enabled:
        from dedup.semantic.stage import SemanticStage

        local = [prepared[r] for r in reps.values()]
        out["semantic"] = {(local[a].id, local[b].id)
                           for a, b in SemanticStage().candidates(local)}
    return out
