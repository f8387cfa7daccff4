"""Microseconds per article of :func:`dedup.prepare.article.parse` (metadata + content lines).

    cd benchmarks && PYTHONPATH=../src python -m probes.parse_cost [--sets reuters,bbc] [--rounds 3]

One process, one thread, every article of the sets parsed once per round;
prints each round and the median. Every round starts with dateparser's
per-string cache cleared, as a scan worker starts; the first round also pays
its locale loading (~150 ms, once per process, ~7 us an article here). To compare two
versions of the code, run this alternately with ``PYTHONPATH`` pointing at each.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Sequence

from evalsets import default_eval_dir, load_set

from dedup.models import Article
from dedup.prepare import dates
from dedup.prepare.article import parse


def round_us(articles: Sequence[Article]) -> float:
    """Mean microseconds per article of one pass of ``parse`` over ``articles``."""
    # Each round starts with dateparser's per-string cache empty, as a scan
    # worker does (its locales stay loaded: ~150 ms once per process).
    dates._parse.cache_clear()
    start = time.perf_counter()
    for article in articles:
        parse(article)
    return (time.perf_counter() - start) / len(articles) * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sets", default="reuters,bbc")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    articles = [
        a for name in args.sets.split(",") for a in load_set(name, default_eval_dir()).articles
    ]
    rounds = [round_us(articles) for _ in range(args.rounds)]
    shown = " ".join(f"{r:.1f}" for r in rounds)
    print(
        f"parse: {len(articles)} articles, rounds {shown} us/article, "
        f"median {statistics.median(rounds):.1f} us/article"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
