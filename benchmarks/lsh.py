"""LSH index: insert and query latency, memory per article, all-pairs time, vs datasketch.

    python benchmarks/lsh.py [--sizes real,100000] [--measure 2000] [--cache PATH]

Signatures: reuters + bbc from ``../shared/eval`` prepared by the project (lexical
path), those with at least ``RelationConfig.min_shingles`` shingles (the ones a
scan sends to LSH). The last ``--measure`` real signatures are held out and timed;
the index holds the other real ones and, for sizes above them, *replicas*: a real
article's shingle hashes remixed with a per-replica key (SplitMix64, as
``benchmarks/stream_latency.py`` does), signature recomputed, so a replica is
unrelated to everything else. The timed signatures are real, with their real
copies among the indexed ones.

Structures, all at ``LSHConfig().threshold`` with ``MinHashConfig().num_perm``:

* ``BandIndex``: :class:`dedup.lexical.bands.BandIndex` (built with ``insert_many``);
  all pairs: :func:`dedup.lexical.bands.band_pairs` on the band keys.
* ``MinHashLSH``: ``datasketch.MinHashLSH`` defaults; ``LeanMinHash`` objects made
  before timing (its best case); all pairs: query every indexed item.
* ``MinHashLSH+hash``: the same with ``hashfunc`` hashing each band to 8 bytes
  (BLAKE2b), datasketch's own option to shrink bucket keys.

Per structure: insert and query latency (µs, median and p99 over the held-out
signatures: all queried first, each the least of ``QUERY_PASSES`` passes, then
all inserted once), bytes per indexed article
(``tracemalloc``: memory allocated while building and still held), all-pairs
seconds and pair count, and the candidates returned to the timed queries (the
three structures must agree: same banding, exact keys). :func:`lsh_rows` is
importable and has no side effects.

One run (commit f1e9e46, ``--sizes real,100000``, machine shared, load ~7 on 2 cores)::

    structure         indexed  insert µs med/p99  query µs med/p99  bytes/art  pairs s    pairs
    BandIndex           18301        5/28              39/83              930     0.13    11861
    MinHashLSH          18301      160/4291           186/253           18643     5.07    11861
    MinHashLSH+hash     18301      389/4701           163/221           18642     8.60    11861
    BandIndex          100000        3/6               39/70              893     0.88    68014
    MinHashLSH         100000      294/8642           181/223           19955    47.39    68014
    MinHashLSH+hash    100000      390/5688           269/325           19955    62.28    68014

Hashing bucket keys saves nothing at 0.1: a band of 2 rows is 8 bytes already.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import os
import pickle
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from dedup import Config
from dedup.config import LSHConfig, MinHashConfig, SemanticConfig
from dedup.lexical.bands import BandIndex, band_keys, band_pairs
from dedup.prepare.signature import signature

LEXICAL = Config(semantic=SemanticConfig(enabled=False))
# Each query is timed in 3 passes and its least time kept: the machine is shared
# (load ~4 on 2 cores while measured) and a preemption would otherwise set the p99.
QUERY_PASSES = 3
Matrix = npt.NDArray[np.uint32]


def _splitmix(x: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    with np.errstate(over="ignore"):
        x = x + np.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def replica_signature(shingles: npt.NDArray[np.uint64], n: int) -> Matrix:
    """Signature of replica ``n`` of an article with these shingles (stream_latency's remix)."""
    key = np.uint64(int.from_bytes(hashlib.blake2b(f"replica{n}".encode(), digest_size=8)
                                   .digest(), "little"))
    mc = LEXICAL.minhash
    return signature(np.unique(_splitmix(shingles ^ key)), num_perm=mc.num_perm, seed=mc.seed)


def load_signatures(max_size: int, measure: int, cache: str | None = None) -> dict[str, Matrix]:
    """``{"real": real signatures, "replicas": enough replica signatures for max_size}``."""
    if cache and os.path.exists(cache):
        with open(cache, "rb") as fh:
            data: dict[str, Matrix] = pickle.load(fh)
        if len(data["real"]) - measure + len(data["replicas"]) >= max_size:
            return data
    from evalsets import default_eval_dir, load_set

    from dedup.prepare.parallel import prepare_all

    articles = [a for name in ("reuters", "bbc") for a in load_set(name, default_eval_dir())
                .articles]
    prepared = [p for p in prepare_all(articles, LEXICAL, workers=1)
                if p.shingles.size >= LEXICAL.relation.min_shingles]
    real = np.vstack([p.signature for p in prepared])
    base = prepared[: len(prepared) - measure]
    extra = max(0, max_size - len(base))
    replicas = [replica_signature(base[n % len(base)].shingles, n // len(base) + 1)
                for n in range(extra)]
    data = {"real": real, "replicas": np.vstack(replicas) if replicas
            else np.empty((0, real.shape[1]), dtype=np.uint32)}
    if cache:
        with open(cache, "wb") as fh:
            pickle.dump(data, fh)
    return data


def arrange(data: dict[str, Matrix], size: int | None, measure: int) -> Matrix:
    """Rows to index (``size`` of them, or all real but the held out) then the held-out ones."""
    real = data["real"]
    indexed, timed = real[: len(real) - measure], real[len(real) - measure :]
    if size is not None:
        indexed = np.vstack([indexed, data["replicas"][: max(0, size - len(indexed))]])[:size]
    return np.vstack([indexed, timed])


def _pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def _timed(fn: Callable[[Any], Any], items: list[Any], passes: int = 1
           ) -> tuple[list[float], list[Any]]:
    """µs per item (the least of ``passes`` passes over all items) and the results."""
    gc.collect()
    lat = [float("inf")] * len(items)
    out: list[Any] = []
    for _ in range(passes):
        out = []
        for k, item in enumerate(items):
            t0 = time.perf_counter_ns()
            out.append(fn(item))
            lat[k] = min(lat[k], (time.perf_counter_ns() - t0) / 1e3)
    return lat, out


def _built(build: Callable[[], Any]) -> tuple[Any, int]:
    """``build()`` and the bytes it allocated that are still held afterwards."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    obj = build()
    gc.collect()
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return obj, held


def _row(name: str, n: int, held: int, query: list[float], insert: list[float],
         pairs_s: float, pairs: int, candidates: int) -> dict[str, Any]:
    return {"structure": name, "indexed": n,
            "insert_us_median": _pct(insert, 50), "insert_us_p99": _pct(insert, 99),
            "query_us_median": _pct(query, 50), "query_us_p99": _pct(query, 99),
            "bytes_per_article": held / n, "all_pairs_s": pairs_s, "pairs": pairs,
            "query_candidates": candidates}


def _band_index_row(indexed: Matrix, timed: Matrix, threshold: float, num_perm: int
                    ) -> dict[str, Any]:
    n = len(indexed)

    def build() -> BandIndex:
        index = BandIndex(threshold, num_perm)
        index.insert_many(list(range(n)), indexed)
        return index

    index, held = _built(build)
    rows = list(timed)
    query, found = _timed(index.query, rows, QUERY_PASSES)
    insert, _ = _timed(lambda item: index.insert(item[0], item[1]),
                       list(zip(range(n, n + len(rows)), rows, strict=True)))
    gc.collect()
    t0 = time.perf_counter()
    pairs = band_pairs(band_keys(indexed, index.bands, index.rows))
    pairs_s = time.perf_counter() - t0
    return _row("BandIndex", n, held, query, insert, pairs_s, len(pairs),
                sum(len(f) for f in found))


def _minhashlsh_row(name: str, indexed: Matrix, timed: Matrix, threshold: float,
                    mc: MinHashConfig, hashfunc: Callable[[bytes], bytes] | None
                    ) -> dict[str, Any]:
    from datasketch import LeanMinHash, MinHashLSH

    n = len(indexed)
    lean = [LeanMinHash(seed=mc.seed, hashvalues=row, scheme="affine32") for row in indexed]
    timed_lean = [LeanMinHash(seed=mc.seed, hashvalues=row, scheme="affine32") for row in timed]

    def build() -> MinHashLSH:
        lsh = MinHashLSH(threshold=threshold, num_perm=mc.num_perm, hashfunc=hashfunc)
        with lsh.insertion_session() as session:
            for key, sketch in enumerate(lean):
                session.insert(key, sketch, check_duplication=False)
        return lsh

    lsh, held = _built(build)
    query, found = _timed(lsh.query, timed_lean, QUERY_PASSES)
    insert, _ = _timed(lambda item: lsh.insert(item[0], item[1], check_duplication=False),
                       list(zip(range(n, n + len(timed_lean)), timed_lean, strict=True)))
    gc.collect()
    t0 = time.perf_counter()
    pairs: set[tuple[int, int]] = set()
    for key, sketch in enumerate(lean):
        for other in lsh.query(sketch):
            if other != key and other < n:
                pairs.add((key, other) if key < other else (other, key))
    pairs_s = time.perf_counter() - t0
    return _row(name, n, held, query, insert, pairs_s, len(pairs), sum(len(f) for f in found))


def _blake8(band: bytes) -> bytes:
    return hashlib.blake2b(band, digest_size=8).digest()


def lsh_rows(signatures: Matrix, measure: int = 2000,
             structures: tuple[str, ...] = ("BandIndex", "MinHashLSH", "MinHashLSH+hash"),
             ) -> list[dict[str, Any]]:
    """One row per structure: the first ``len - measure`` signatures indexed, the rest timed.

    Keys: structure, indexed, insert_us_median/p99, query_us_median/p99,
    bytes_per_article, all_pairs_s, pairs, query_candidates.
    """
    threshold, mc = LSHConfig().threshold, MinHashConfig()
    indexed = signatures[: len(signatures) - measure]
    timed = signatures[len(signatures) - measure :]
    rows = []
    for name in structures:
        if name == "BandIndex":
            rows.append(_band_index_row(indexed, timed, threshold, mc.num_perm))
        elif name == "MinHashLSH":
            rows.append(_minhashlsh_row(name, indexed, timed, threshold, mc, None))
        elif name == "MinHashLSH+hash":
            rows.append(_minhashlsh_row(name, indexed, timed, threshold, mc, _blake8))
        else:
            raise ValueError(f"unknown structure {name!r}")
    return rows


def policy_rows(signatures: Matrix, measure: int, buffers: list[int], ratios: list[int]
                ) -> list[dict[str, Any]]:
    """BandIndex as a stream filter under merge policies (``BUFFER``, ``MERGE_RATIO``).

    The first ``len - measure`` signatures are loaded with ``insert_many``; each of
    the rest is queried (``QUERY_PASSES`` times, the least kept) then inserted.
    Returned per policy: query and insert µs (median, p99, mean, max).
    """
    from dedup.lexical import bands

    saved = bands.BUFFER, bands.MERGE_RATIO
    indexed = signatures[: len(signatures) - measure]
    timed = signatures[len(signatures) - measure :]
    rows = []
    try:
        for buffer in buffers:
            for ratio in ratios:
                bands.BUFFER, bands.MERGE_RATIO = buffer, ratio
                index = BandIndex(LSHConfig().threshold, MinHashConfig().num_perm)
                index.insert_many(list(range(len(indexed))), indexed)
                gc.collect()
                query, insert = [], []
                for k, row in enumerate(timed):
                    least = float("inf")
                    for _ in range(QUERY_PASSES):  # read-only: the least of a few tries
                        t0 = time.perf_counter_ns()
                        index.query(row)
                        least = min(least, (time.perf_counter_ns() - t0) / 1e3)
                    query.append(least)
                    t1 = time.perf_counter_ns()
                    index.insert(len(indexed) + k, row)
                    insert.append((time.perf_counter_ns() - t1) / 1e3)
                rows.append({"buffer": buffer, "merge_ratio": ratio,
                             "query_us_median": _pct(query, 50), "query_us_p99": _pct(query, 99),
                             "insert_us_median": _pct(insert, 50),
                             "insert_us_p99": _pct(insert, 99),
                             "insert_us_mean": float(np.mean(insert)),
                             "insert_us_max": max(insert)})
    finally:
        bands.BUFFER, bands.MERGE_RATIO = saved
    return rows


def format_rows(rows: list[dict[str, Any]]) -> str:
    lines = [f"{'structure':16} {'indexed':>8} {'insert µs med/p99':>18} "
             f"{'query µs med/p99':>17} {'bytes/art':>10} {'pairs s':>8} {'pairs':>8} "
             f"{'cands':>7}"]
    for r in rows:
        lines.append(
            f"{r['structure']:16} {r['indexed']:>8} "
            f"{r['insert_us_median']:>8.0f}/{r['insert_us_p99']:<9.0f} "
            f"{r['query_us_median']:>8.0f}/{r['query_us_p99']:<8.0f} "
            f"{r['bytes_per_article']:>10.0f} {r['all_pairs_s']:>8.2f} {r['pairs']:>8} "
            f"{r['query_candidates']:>7}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="real,100000",
                        help="'real' (all real articles but the held out) and/or counts")
    parser.add_argument("--measure", type=int, default=2000)
    parser.add_argument("--structures", default="BandIndex,MinHashLSH,MinHashLSH+hash")
    parser.add_argument("--cache", help="pickle the signatures here (re-runs skip preparing)")
    parser.add_argument("--policy", help="BUFFER:MERGE_RATIO lists, e.g. 64,256,1024:4,8,16: "
                        "time BandIndex as a stream filter under each merge policy instead")
    args = parser.parse_args(argv)
    sizes = [None if s == "real" else int(s) for s in args.sizes.split(",")]
    t0 = time.perf_counter()
    data = load_signatures(max(s or 0 for s in sizes), args.measure, args.cache)
    print(f"{len(data['real'])} real signatures, {len(data['replicas'])} replicas "
          f"({time.perf_counter() - t0:.0f} s); threshold {LSHConfig().threshold}, "
          f"{MinHashConfig().num_perm} permutations, {args.measure} timed", flush=True)
    if args.policy:
        buffers, ratios = ([int(x) for x in part.split(",")] for part in args.policy.split(":"))
        for size in sizes:
            print(f"{'buffer':>6} {'ratio':>5} {'query µs med/p99':>17} "
                  f"{'insert µs med/p99/mean/max':>27}  (indexed {size or 'real'})")
            for r in policy_rows(arrange(data, size, args.measure), args.measure,
                                 buffers, ratios):
                print(f"{r['buffer']:>6} {r['merge_ratio']:>5} {r['query_us_median']:>8.0f}/"
                      f"{r['query_us_p99']:<8.0f} {r['insert_us_median']:>8.0f}/"
                      f"{r['insert_us_p99']:.0f}/{r['insert_us_mean']:.0f}/"
                      f"{r['insert_us_max']:.0f}", flush=True)
        return 0
    for size in sizes:
        rows = lsh_rows(arrange(data, size, args.measure), args.measure,
                        tuple(args.structures.split(",")))
        print(format_rows(rows), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
