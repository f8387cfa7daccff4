"""Whole-scan throughput on a mix of eval sets, with the semantic stage on or off.

    python benchmarks/throughput.py [--sets wmt,reuters] [--no-semantic] [--workers N]

Prints articles/s (wall clock) and the peak resident memory of the process.
Quote medians of several runs: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time

from evalsets import default_eval_dir, load_set

from dedup import Config, Detector
from dedup.config import SemanticConfig


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default="wmt,reuters")
    parser.add_argument("--no-semantic", action="store_true")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    articles = [a for name in args.sets.split(",")
                for a in load_set(name, default_eval_dir()).articles]
    config = Config(semantic=SemanticConfig(enabled=not args.no_semantic))
    stages: dict[str, float] = {}
    last = [time.perf_counter()]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        stages[stage] = stages.get(stage, 0.0) + now - last[0]
        last[0] = now

    started = time.perf_counter()
    report = Detector(config, workers=args.workers).scan(articles, progress=progress)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"sets {args.sets}  semantic {not args.no_semantic}  articles {len(articles)}")
    print(f"  {elapsed:.1f} s  {len(articles) / elapsed:.1f} articles/s  peak {peak:.0f} MB")
    print("  stage seconds (until last progress call): "
          + ", ".join(f"{k} {v:.1f}" for k, v in stages.items()))
    print(f"  clusters {len(report.clusters)}  unique {len(report.unique)}  "
          f"unchecked {len(report.unchecked)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
