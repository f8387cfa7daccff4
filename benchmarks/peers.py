"""Issue 6's comparison table: dedup against its peers, all measured in one run.

    cd benchmarks && PYTHONPATH=../src python peers.py [--sets reuters,bbc] [--scan-runs 3]
        [--lsh-sizes real,100000] [--cache /tmp/lsh-signatures.pkl] [--json OUT]

Three sections, on the same real articles (reuters + bbc, about 21k):

1. text to signature: dedup's token hashing and batched MinHash against
   datasketch ``MinHash.update`` and ``update_batch`` and a Python pipeline that
   feeds rensa (:func:`signing.signing_rows`), with each row's speed-up as
   ``dedup x`` (its CPU time per article over dedup's);
2. the whole ``dedup scan``: lexical (relations without the semantic stage) on
   one worker and on the default ones, the default scan (semantic stage on), and
   the plain datasketch pipeline (:mod:`datasketch_pipeline`: MinHash, MinHashLSH
   at 0.5, union-find): wall clock, articles/s, CPU seconds and peak memory of the
   process and its largest worker, each run in a fresh interpreter
   (:mod:`throughput`) so peaks are its own; median of ``--scan-runs`` runs
   (``--scans-only``: this section alone);
3. LSH: insert and query latency (median/p99) and index bytes per article of
   :class:`dedup.lexical.bands.BandIndex` against ``datasketch.MinHashLSH`` defaults at the
   project's threshold, at the real size and at 100k (:func:`lsh.lsh_rows`).

The machines are shared (2 cores): compare rows of one run, not runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from typing import Any

from evalsets import default_eval_dir, load_set
from lsh import arrange, load_signatures, lsh_rows
from lsh import format_rows as format_lsh
from signing import format_rows as format_signing
from signing import signing_rows

HERE = os.path.dirname(os.path.abspath(__file__))


def _fresh(script: str, *args: str) -> dict[str, Any]:
    """The last line (JSON) of a benchmark script run in a fresh interpreter."""
    cmd = [sys.executable, os.path.join(HERE, script), *args]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=HERE).stdout
    found: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return found


def scan_once(sets: str, workers: int | None, semantic: bool = False) -> dict[str, Any]:
    """One scan in a fresh interpreter: what ``throughput.py --json`` says."""
    args = ["--sets", sets, "--json"] + ([] if semantic else ["--no-semantic"])
    return _fresh("throughput.py", *args, *([] if workers is None else ["--workers", str(workers)]))


def peer_once(sets: str) -> dict[str, Any]:
    """The plain datasketch pipeline (:mod:`datasketch_pipeline`), in a fresh interpreter."""
    found = _fresh("datasketch_pipeline.py", "--sets", sets)
    return {**found, "workers": 1, "worker_peak_mb": 0.0, "clusters": found["groups"],
            "unique": "-"}


def scan_rows(sets: str, runs: int, semantic: bool = True) -> list[dict[str, Any]]:
    """Median over ``runs`` of one-worker and default-worker lexical scans, the default
    scan (semantic stage on) and the plain datasketch pipeline (runs interleaved)."""
    kinds: dict[str, Any] = {
        "1 worker": lambda: scan_once(sets, 1),
        "default workers": lambda: scan_once(sets, None),
        "default scan": lambda: scan_once(sets, None, semantic=True),
        "plain datasketch": lambda: peer_once(sets),
    }
    if not semantic:
        del kinds["default scan"]
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in kinds}
    for _ in range(runs):
        for name, once in kinds.items():
            results[name].append(once())
    rows = []
    for name, done in results.items():
        row: dict[str, Any] = {"name": name, "runs": len(done)}
        for key in ("articles", "workers", "clusters", "unique"):
            values = {d[key] for d in done}
            if len(values) != 1:
                raise RuntimeError(f"scans disagree on {key}: {sorted(values)}")
            row[key] = values.pop()
        for key in ("seconds", "articles_per_s", "cpu_seconds", "peak_mb", "worker_peak_mb"):
            row[key] = statistics.median(d[key] for d in done)
        rows.append(row)
    return rows


def format_scan(rows: list[dict[str, Any]]) -> str:
    lines = [f"{'scan':<16} {'workers':>7} {'s':>6} {'articles/s':>10} {'cpu s':>6} "
             f"{'peak MB':>7} {'worker MB':>9} {'clusters':>8} {'unique':>7}"]
    for r in rows:
        lines.append(f"{r['name']:<16} {r['workers']:>7} {r['seconds']:>6.1f} "
                     f"{r['articles_per_s']:>10.0f} {r['cpu_seconds']:>6.1f} "
                     f"{r['peak_mb']:>7.0f} {r['worker_peak_mb']:>9.0f} "
                     f"{r['clusters']:>8} {r['unique']:>7}")
    return "\n".join(lines)


def scan_verdicts(scans: list[dict[str, Any]]) -> list[str]:
    """Issue 14's done-when figures on this run's scan rows, with their targets."""
    lexical = _row(scans, "name", "default workers")
    peer = _row(scans, "name", "plain datasketch")
    lines = [f"lexical scan: {lexical['articles_per_s']:,.0f} articles/s (target >= 2,000)"]
    if any(r["name"] == "default scan" for r in scans):
        default = _row(scans, "name", "default scan")
        lines += [
            f"default scan: {default['articles_per_s']:,.0f} articles/s (target >= 1,000), "
            f"{default['articles_per_s'] / peer['articles_per_s']:.2f}x the plain datasketch "
            f"pipeline's {peer['articles_per_s']:,.0f}/s (target >= 1x)",
        ]
    return lines


def _row(rows: list[dict[str, Any]], key: str, prefix: str) -> dict[str, Any]:
    return next(r for r in rows if str(r[key]).startswith(prefix))


def verdicts(signing: list[dict[str, Any]], scans: list[dict[str, Any]],
             lsh: list[dict[str, Any]]) -> list[str]:
    """Each done-when figure of issue 6 from this run's rows, with its target."""
    ours = _row(signing, "name", "dedup (batched)")["cpu_us"]
    batch = _row(signing, "name", "datasketch update_batch")["cpu_us"] / ours
    rensa = _row(signing, "name", "rensa RMinHash.update")["cpu_us"] / ours
    per_core = 1e6 / ours
    scan = _row(scans, "name", "default workers")
    lines = [
        f"signing vs datasketch update_batch: {batch:.1f}x (target >= 10x)",
        f"signing vs Python pipeline feeding rensa: {rensa:.1f}x (target >= 3x)",
        f"signing articles per CPU second: {per_core:,.0f} (aim >= 10,000 per core)",
        f"lexical scan: {scan['articles_per_s']:,.0f} articles/s on {scan['workers']} "
        f"workers (target >= 1,000); peak {scan['peak_mb']:.0f} MB + largest worker "
        f"{scan['worker_peak_mb']:.0f} MB",
    ]
    for n in sorted({r["indexed"] for r in lsh}):
        at = [r for r in lsh if r["indexed"] == n]
        by = {r["structure"]: r for r in at}
        ours_row, peer = by["BandIndex"], by["MinHashLSH"]
        share = peer["bytes_per_article"] / ours_row["bytes_per_article"]
        lines.append(
            f"LSH at {n:,}: {ours_row['bytes_per_article']:.0f} B/article vs "
            f"{peer['bytes_per_article']:.0f} (1/{share:.0f}, target <= 1/5); "
            f"query p99 {ours_row['query_us_p99']:.0f} vs {peer['query_us_p99']:.0f} µs")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sets", default="reuters,bbc")
    parser.add_argument("--sample", type=int, default=500,
                        help="articles for the slow datasketch rows")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--scan-runs", type=int, default=3)
    parser.add_argument("--lsh-sizes", default="real,100000")
    parser.add_argument("--measure", type=int, default=2000, help="LSH inserts/queries timed")
    parser.add_argument("--cache", help="pickle LSH signatures here (re-runs skip preparing)")
    parser.add_argument("--json", help="write every row here as JSON")
    parser.add_argument("--scans-only", action="store_true",
                        help="section 2 alone (the scans and the datasketch pipeline)")
    parser.add_argument("--no-default-scan", action="store_true",
                        help="leave out the default scan (semantic on: the slowest row)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    articles = [a for name in args.sets.split(",")
                for a in load_set(name, default_eval_dir()).articles]
    print(f"sets {args.sets}: {len(articles)} articles", flush=True)

    signing: list[dict[str, Any]] = []
    if not args.scans_only:
        signing = signing_rows(articles, sample=args.sample, repeats=args.repeats)
        print("\n1. text to signature (medians of rounds; dedup x = CPU per article / dedup's)")
        print(format_signing(signing), flush=True)

    scans = scan_rows(args.sets, args.scan_runs, semantic=not args.no_default_scan)
    print(f"\n2. whole scans: lexical, default (semantic on) and the plain datasketch "
          f"pipeline (median of {args.scan_runs} runs, fresh interpreter each)")
    print(format_scan(scans), flush=True)
    if args.scans_only:
        print("\nissue 14 targets")
        for line in scan_verdicts(scans):
            print("  " + line)
        return 0

    sizes = [None if s == "real" else int(s) for s in args.lsh_sizes.split(",")]
    data = load_signatures(max(s or 0 for s in sizes), args.measure, args.cache)
    lsh: list[dict[str, Any]] = []
    print("\n3. LSH index (BandIndex vs datasketch.MinHashLSH defaults, same threshold)")
    for size in sizes:
        rows = lsh_rows(arrange(data, size, args.measure), args.measure)
        lsh.extend(rows)
        print(format_lsh(rows), flush=True)

    print("\nissue 6 targets")
    for line in verdicts(signing, scans, lsh):
        print("  " + line)
    print("\nissue 14 targets")
    for line in scan_verdicts(scans):
        print("  " + line)
    print(f"\n({time.perf_counter() - started:.0f} s in all)")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"sets": args.sets, "articles": len(articles), "signing": signing,
                       "scan": scans, "lsh": lsh}, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
