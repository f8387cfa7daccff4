"""What the lead-reprint rule adds to a lexical scan: every link it makes, and the cost.

    cd benchmarks && PYTHONPATH=../src python -m probes.lead_links --sets fakebr,semeval,reuters,bbc

Scans each set twice with the semantic stage off, the default config and the
same config with the rule off (``lead_containment=1``), and lists the pairs
linked (in a cluster or by a cross link) only with the rule, with their
measurements, so they can be read. Prints the false-positive rates of the
set's gold negatives both ways and the wall time of both scans (the scans run
one after the other in this process: compare them on a quiet machine only).
Gold files are read only to score.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time

from evalsets import default_eval_dir, load_set
from scoring import false_positive_rates

from dedup import Detector
from dedup.config import Config, SemanticConfig
from dedup.models import Report


def linked_pairs(report: Report) -> dict[tuple[str, str], str]:
    """Every linked pair (sorted ids) with the relation and notes of its link."""
    out = {}
    for link in [*(x for c in report.clusters for x in c.links), *report.cross_links]:
        key = (min(link.source, link.target), max(link.source, link.target))
        out[key] = (f"{link.source} -> {link.target} {link.relation} "
                    f"containment {link.containment:.2f} jaccard {link.jaccard:.2f} "
                    + "; ".join(link.notes))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sets", default="fakebr")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    with_rule = Config(semantic=SemanticConfig(enabled=False))
    without = dataclasses.replace(
        with_rule, relation=dataclasses.replace(with_rule.relation, lead_containment=1.0))
    for name in args.sets.split(","):
        evalset = load_set(name, default_eval_dir())
        found = {}
        for label, config in (("without", without), ("with", with_rule)):
            start = time.perf_counter()
            report = Detector(config, workers=args.workers).scan(evalset.articles)
            seconds = time.perf_counter() - start
            rates = false_positive_rates(report, evalset.gold)
            found[label] = linked_pairs(report)
            print(f"{name} {label} the rule: {len(found[label])} linked pairs, "
                  f"scan {seconds:.1f} s; FP " + ", ".join(
                      f"{k} {v.hits}/{v.total}" for k, v in rates.items()))
        added = sorted(set(found["with"]) - set(found["without"]))
        lost = sorted(set(found["without"]) - set(found["with"]))
        print(f"{name}: {len(added)} pairs linked only with the rule, {len(lost)} only without")
        for pair in added:
            print(f"  + {found['with'][pair]}")
        for pair in lost:
            print(f"  - {found['without'][pair]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
