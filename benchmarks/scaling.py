"""Does a scan stay linear? Seconds and peak memory per size of a feed that repeats itself.

    cd benchmarks && PYTHONPATH=../src python scaling.py [--sizes 10000,50000,200000]
        [--semantic] [--feed mixed|reuters12] [--json OUT]

Each size is scanned in a fresh interpreter (so each peak is its own), the feed
built there from real articles (reuters + bbc of ``../shared/eval``):

* ``mixed`` (default): ``size / 10`` distinct stories, taken in order, and
  ``9 * size / 10`` repeats of them under new ids, each of a story drawn at
  random, in random order. Half of the repeats are exact, one in ten has
  another title (the same text, other metadata), and 40 % are edited as wires
  are re-filed: a non-lead paragraph dropped, a credit line added at the end,
  or a few words changed (a figure, a spelling). The mix, and so the expected
  work per article, is the same at every size.
* ``reuters12``: issue 14's feed, all of reuters repeated 12 times with new ids
  (228,516 articles); ``--sizes`` is ignored.

Prints seconds, articles/s, µs per article, CPU seconds and peak RSS (process
and largest worker) per size. Time per article should stay flat as the size
grows. Quote medians of a few runs: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from evalsets import default_eval_dir, load_set

from dedup import Article, Config, Detector
from dedup.config import SemanticConfig

HERE = Path(__file__).resolve().parent
CREDITS = ("(Reporting by the wire desk; editing by the night editor)",
           "Copyright 1987 Reuters Limited. All rights reserved.",
           "This story was first published on the agency's wire.")


def _pool() -> list[Article]:
    return [a for name in ("reuters", "bbc") for a in load_set(name, default_eval_dir()).articles]


def _edited(text: str, rng: random.Random) -> str:
    """The text as a wire re-files it: a paragraph dropped, a credit added, or words changed."""
    lines = text.split("\n")
    kind = rng.randrange(3)
    if kind == 0 and len(lines) > 2:
        del lines[rng.randrange(1, len(lines))]
        return "\n".join(lines)
    if kind <= 1:
        return text + "\n" + rng.choice(CREDITS)
    words = re.split(r"(\s+)", text)
    for k in rng.sample(range(0, len(words), 2), max(1, len(words) // 100)):
        word = words[k]
        words[k] = str(int(word) + 1) if word.isdigit() else word.upper()
    return "".join(words)


def mixed_feed(size: int, seed: int = 14) -> list[Article]:
    """``size`` articles: a tenth distinct stories, the rest repeats (see the module doc)."""
    rng = random.Random(seed)
    pool = _pool()
    stories = pool[: max(1, size // 10)]
    if len(stories) < size // 10:
        raise SystemExit(f"only {len(pool)} real articles: sizes up to {len(pool) * 10}")
    items = [Article(f"o{k}", a.text, title=a.title, published=a.published)
             for k, a in enumerate(stories)]
    for n in range(size - len(items)):
        a = rng.choice(stories)
        roll = rng.random()
        text, title = a.text, a.title
        if roll < 0.1:
            title = f"{a.title or 'Wire story'} (update)"
        elif roll < 0.5:
            text = _edited(a.text, rng)
        items.append(Article(f"r{n}", text, title=title, published=a.published))
    rng.shuffle(items)
    return items


def reuters12() -> list[Article]:
    reuters = load_set("reuters", default_eval_dir()).articles
    return [Article(f"{a.id}~{k}", a.text, title=a.title, published=a.published)
            for k in range(12) for a in reuters]


def measure(size: int, feed: str, semantic: bool) -> dict[str, Any]:
    """One scan, in this process: the figures of one row."""
    items = reuters12() if feed == "reuters12" else mixed_feed(size)
    config = Config(semantic=SemanticConfig(enabled=semantic))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime
    started = time.perf_counter()
    report = Detector(config).scan(items)
    seconds = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "feed": feed, "semantic": semantic, "articles": len(items), "seconds": seconds,
        "articles_per_s": len(items) / seconds, "us_per_article": 1e6 * seconds / len(items),
        "cpu_seconds": own.ru_utime + own.ru_stime - cpu + children.ru_utime
        + children.ru_stime,
        "peak_mb": own.ru_maxrss / 1024, "worker_peak_mb": children.ru_maxrss / 1024,
        "clusters": len(report.clusters), "cross_links": len(report.cross_links),
    }


def run(size: int, feed: str, semantic: bool) -> dict[str, Any]:
    """:func:`measure` in a fresh interpreter."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(size), "--feed", feed]
    if semantic:
        cmd.append("--semantic")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=HERE).stdout
    found: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,50000,200000")
    parser.add_argument("--feed", choices=("mixed", "reuters12"), default="mixed")
    parser.add_argument("--semantic", action="store_true", help="the default scan")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child's size
    parser.add_argument("--json", help="write the rows here")
    args = parser.parse_args(argv)
    if args.one is not None:
        print(json.dumps(measure(args.one, args.feed, args.semantic)))
        return 0
    sizes = [0] if args.feed == "reuters12" else [int(s) for s in args.sizes.split(",")]
    kind = "default" if args.semantic else "lexical"
    print(f"{args.feed} feed, {kind} scan, each size in a fresh interpreter")
    print(f"{'articles':>9} {'s':>7} {'articles/s':>10} {'µs/article':>10} {'cpu s':>7} "
          f"{'peak MB':>8} {'worker MB':>9} {'clusters':>8}")
    rows = []
    for size in sizes:
        row = run(size, args.feed, args.semantic)
        rows.append(row)
        print(f"{row['articles']:>9} {row['seconds']:>7.1f} {row['articles_per_s']:>10.0f} "
              f"{row['us_per_article']:>10.0f} {row['cpu_seconds']:>7.1f} "
              f"{row['peak_mb']:>8.0f} {row['worker_peak_mb']:>9.0f} {row['clusters']:>8}",
              flush=True)
    if len(rows) > 1:
        flat = max(r["us_per_article"] for r in rows) / min(r["us_per_article"] for r in rows)
        print(f"largest / smallest time per article: {flat:.2f} (flat within 20 %: "
              f"{flat <= 1.2})")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
