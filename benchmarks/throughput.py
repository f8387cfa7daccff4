"""Whole-scan throughput on a mix of eval sets, with the semantic stage on or off.

    python benchmarks/throughput.py [--sets wmt,reuters] [--no-semantic] [--workers N] [--json]

Prints articles/s (wall clock), the CPU seconds of this process and of its
worker processes, and peak resident memory of this process and of its largest
worker (``RUSAGE_CHILDREN`` reports the largest child's peak, not a sum).
Quote medians of several runs: the machines are shared and noisy, and on a
loaded machine articles per CPU second (x cores) is the steadier figure.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time

from evalsets import default_eval_dir, load_set

from dedup import Config, Detector
from dedup.config import SemanticConfig
from dedup.prepare.parallel import default_workers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default="wmt,reuters")
    parser.add_argument("--no-semantic", action="store_true")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--json", action="store_true",
                        help="end with one JSON line of the figures (benchmarks/peers.py reads it)")
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

    before = resource.getrusage(resource.RUSAGE_SELF)
    before_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_before = before.ru_utime + before.ru_stime
    cpu_children_before = before_children.ru_utime + before_children.ru_stime
    started = time.perf_counter()
    report = Detector(config, workers=args.workers).scan(articles, progress=progress)
    elapsed = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_own = own.ru_utime + own.ru_stime - cpu_before
    cpu_children = children.ru_utime + children.ru_stime - cpu_children_before
    print(f"sets {args.sets}  semantic {not args.no_semantic}  articles {len(articles)}")
    print(f"  {elapsed:.1f} s  {len(articles) / elapsed:.1f} articles/s  "
          f"peak {own.ru_maxrss / 1024:.0f} MB (largest worker {children.ru_maxrss / 1024:.0f} MB)")
    cpu = cpu_own + cpu_children
    print(f"  cpu {cpu:.1f} s (this process {cpu_own:.1f}, workers {cpu_children:.1f})  "
          f"{len(articles) / cpu:.1f} articles per cpu second")
    print("  stage seconds (until last progress call): "
          + ", ".join(f"{k} {v:.1f}" for k, v in stages.items()))
    print(f"  clusters {len(report.clusters)}  unique {len(report.unique)}  "
          f"unchecked {len(report.unchecked)}")
    if args.json:
        print(json.dumps({
            "articles": len(articles),
            "workers": args.workers or default_workers(len(articles)),
            "seconds": elapsed,
            "articles_per_s": len(articles) / elapsed,
            "cpu_seconds": cpu,
            "peak_mb": own.ru_maxrss / 1024,
            "worker_peak_mb": children.ru_maxrss / 1024,
            "clusters": len(report.clusters),
            "unique": len(report.unique),
        }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
