"""Size and rendering time of the HTML report against the JSON report of the same scan.

    cd benchmarks && PYTHONPATH=../src nice python -m probes.html_size \
        ../../shared/eval/reuters.articles.jsonl.gz ../../shared/eval/bbc.articles.jsonl.gz

One scan (default settings) of the inputs, then both renderings of its report;
prints the bytes of each, their ratio, and the seconds each rendering took.
Pass ``--out DIR`` to keep the two files.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from dedup import Detector
from dedup.io.htmlreport import keeping_texts
from dedup.io.readers import read_inputs
from dedup.io.report import render


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    texts: dict[str, str] = {}
    start = time.perf_counter()
    report = Detector().scan(keeping_texts(read_inputs(args.inputs), texts))
    scanned = time.perf_counter() - start
    sizes = {}
    for fmt in ("json", "html"):
        start = time.perf_counter()
        page = render(report, fmt, texts=texts).encode("utf-8")
        took = time.perf_counter() - start
        sizes[fmt] = len(page)
        print(f"{fmt}: {len(page):,} bytes, rendered in {took:.2f} s")
        if args.out:
            (args.out / f"report.{fmt}").write_bytes(page)
    print(f"{len(report.articles):,} articles, {len(report.clusters):,} clusters, scan "
          f"{scanned:.0f} s; html / json = {sizes['html'] / sizes['json']:.2f}")


if __name__ == "__main__":
    main()
