"""False copies on real wire data: every ``translation``/``rewrite`` of a reuters scan, labelled.

    python -m probes.false_copies [--limit N] [--list FILE] [--json FILE]

Scans ``reuters`` (19,043 English wire stories of 1987) with the default
config, semantic stage on, exactly as ``dedup scan`` does (the report does not
depend on the workers), and lists every ``translation`` and ``rewrite`` link
(in clusters and cross links), with what made it (the encoder's sentence alignment,
paragraph shape, or the lexical passage rule), each labelled by a rule that reads the texts
only, never the detector's evidence:

* a ``translation`` is false: the set is all English wire;
* a ``rewrite`` is false when it joins *other facts in one template*: the
  titles name different companies (both carry a ``<TICKER>`` and they differ, an
  exchange suffix aside: ``<CLT.TO>`` is ``<CLT>``),
  or both bodies carry at least :data:`MIN_FIGURES` distinct numbers and fewer
  than half of the numbers of the side with fewer are in the other (another
  company's earnings table, another split ratio, another month's figures);
* else true (a wire update or re-filing with the same facts).

Then the pair precision over reuters' labelled articles (its gold: 279 groups
of exact duplicate bodies), as ``quality.py`` computes it. ``--limit`` scans the
subset ``quality.py --limit`` would (labelled groups first).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from evalsets import EvalSet, load_set, subset
from scoring import pair_scores

from dedup import Detector
from dedup.models import Link, Report

MIN_FIGURES = 2
"""Numbers each body must carry for the figures rule to judge it (fewer: no evidence)."""

_TICKER = re.compile(r"<([A-Z0-9\-]+)(?:\.[A-Z]{1,2})?>")  # <CLT.TO> = <CLT>: one company
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def figures(text: str) -> set[str]:
    """The distinct numbers of a text, separators dropped ("3,035,000" -> "3035000")."""
    return {re.sub(r"[.,]", "", n) for n in _NUMBER.findall(text)}


def label(link: Link, texts: dict[str, str], titles: dict[str, str]) -> tuple[bool, str]:
    """(true copy?, why) by the rule of the module docstring."""
    if link.relation == "translation":
        return False, "translation inside an all-English set"
    tickers = [set(_TICKER.findall(titles.get(x, ""))) for x in (link.source, link.target)]
    if tickers[0] and tickers[1] and not tickers[0] & tickers[1]:
        return False, f"other companies ({'/'.join(sorted(tickers[0]))} vs " \
                      f"{'/'.join(sorted(tickers[1]))})"
    fa, fb = figures(texts[link.source]), figures(texts[link.target])
    if len(fa) >= MIN_FIGURES and len(fb) >= MIN_FIGURES:
        shared = len(fa & fb)
        fewer = min(len(fa), len(fb))
        if 2 * shared < fewer:
            return False, f"other figures ({shared} of {fewer} numbers shared)"
        return True, f"same figures ({shared} of {fewer} numbers shared)"
    return True, "no figures to tell them apart"


def stage(link: Link) -> str:
    """What made the link: the encoder's alignment, paragraph shape, or reused passages."""
    if link.aligned is not None:
        return "encoder"
    if link.relation == "translation":
        return "structure"
    return "passages"


def semantic_links(report: Report) -> list[Link]:
    """Every translation/rewrite link of the report, clusters first, in report order."""
    links = [link for c in report.clusters for link in c.links] + list(report.cross_links)
    return [link for link in links if link.relation in ("translation", "rewrite")]


def run(evalset: EvalSet) -> tuple[Report, dict[str, Any], list[tuple[Link, bool, str]]]:
    start = time.perf_counter()
    report = Detector().scan(evalset.articles)
    seconds = time.perf_counter() - start
    texts = {a.id: a.text for a in evalset.articles}
    titles = {a.id: a.title or "" for a in evalset.articles}
    rows = [(link, *label(link, texts, titles)) for link in semantic_links(report)]
    counts = Counter(f"{link.relation} by {stage(link)} {'true' if ok else 'false'}"
                     for link, ok, _ in rows)
    scores = pair_scores(report, evalset.gold)
    langs = Counter(a.lang or "none" for a in report.articles)
    figures_out = {
        "articles": len(evalset.articles), "seconds": round(seconds, 1),
        "links": dict(sorted(counts.items())),
        "precision": scores.precision, "true_positives": scores.true_positives,
        "predicted_in_gold": scores.predicted, "recall": scores.recall,
        "languages": dict(langs.most_common()),
    }
    return report, figures_out, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="scan this subset only")
    parser.add_argument("--eval-dir", type=Path, default=None)
    parser.add_argument("--list", type=Path, default=None,
                        help="write every translation/rewrite decision here (TSV)")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    args = parser.parse_args(argv)
    evalset = load_set("reuters", args.eval_dir)
    if args.limit:
        evalset = subset(evalset, args.limit)
    _, out, rows = run(evalset)
    lines = ["source\ttarget\trelation\tby\tscore\tlabel\twhy"]
    lines += [f"{link.source}\t{link.target}\t{link.relation}\t{stage(link)}\t"
              f"{link.score:.3f}\t{'true' if ok else 'false'}\t{why}" for link, ok, why in rows]
    if args.list:
        args.list.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        print("\n".join(lines))
    print(f"reuters, {out['articles']} articles, {out['seconds']} s: "
          + ", ".join(f"{k} {v}" for k, v in out["links"].items()) or "no semantic link")
    print(f"pair precision over labelled articles {out['precision']:.4f} "
          f"({out['true_positives']} of {out['predicted_in_gold']}), recall {out['recall']:.4f}")
    print("languages: " + ", ".join(f"{k} {v}" for k, v in out["languages"].items()))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
