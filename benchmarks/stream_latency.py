"""Per-article latency of the pipeline pre-filter (check + add, one atomic call) and index size.

    python benchmarks/stream_latency.py [--sizes 10000,100000] [--stores sqlite,redis]
                                        [--measure 2000] [--semantic 1000] [--peer]

Articles: reuters + bbc from ``../shared/eval`` (21,268 real articles), prepared
once. The last ``--measure`` real articles are held out and timed; the index is
filled first with the other real articles and, beyond them, with *replicas*:
a real article whose every shingle hash is remixed with a per-replica key
(SplitMix64), signature recomputed, content hash rekeyed. A replica has the
length and shingle count of a real article but shares nothing with it: a new,
unrelated article as far as the index can tell. The timed articles are real, with
their real copies (wire repeats, updates) among the indexed ones.

Reported per store and size: median and p99 of ``StreamFilter.add_prepared``
(the lexical path: id, content hash, LSH bands, exact verification of every
candidate, write, commit), ``prepare`` (normalise, language, shingles,
signature) separately, and bytes of index per article (SQLite: file size after
a checkpoint; Redis: growth of ``used_memory``). ``--semantic N`` adds the
translation/rewrite path with N real articles in the window. ``--peer`` times
datasketch's own MinHashLSH with Redis storage (query + insert) at the first size.

A redis-server is started on a free loopback port for the Redis rows. Quote
medians; the machine is shared.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import os
import pickle
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from evalsets import REPO_ROOT, default_eval_dir, load_set

from dedup import Config
from dedup.config import SemanticConfig
from dedup.prepare.article import PreparedArticle, prepare
from dedup.prepare.signature import signature
from dedup.stream.filter import StreamFilter
from dedup.stream.stores import open_store

sys.path.insert(0, str(REPO_ROOT / "tests"))
from redisserver import running_redis  # noqa: E402  (the tests' throw-away server)

LEXICAL = Config(semantic=SemanticConfig(enabled=False))


def _splitmix(x: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        x = x + np.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def replica(p: PreparedArticle, n: int, config: Config) -> PreparedArticle:
    """A new, unrelated article with the size of ``p`` (see the module docstring)."""
    key = np.uint64(int.from_bytes(hashlib.blake2b(f"replica{n}".encode(), digest_size=8)
                                   .digest(), "little"))
    shingles = np.unique(_splitmix(p.shingles ^ key))
    return dataclasses.replace(
        p,
        article=dataclasses.replace(p.article, id=f"{p.id}~{n}"),
        content_hash=hashlib.blake2b(f"{p.content_hash}~{n}".encode(), digest_size=16)
        .hexdigest(),
        shingles=shingles,
        signature=signature(shingles, num_perm=config.minhash.num_perm,
                            seed=config.minhash.seed),
    )


def fill(real: Sequence[PreparedArticle], size: int, config: Config) -> Iterator[PreparedArticle]:
    """``size`` articles: the real ones first, then replicas of them in turn."""
    yield from real[:size]
    for n in range(size - len(real)):
        yield replica(real[n % len(real)], n // len(real) + 1, config)


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


@contextmanager
def redis_server() -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server not found (apt-get install redis-server)")
    workdir = tempfile.mkdtemp()
    try:
        with running_redis(binary, Path(workdir)) as url:
            yield url
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(store_kind: str, size: int, real: list[PreparedArticle], timed: list[PreparedArticle],
        location: str) -> dict[str, float]:
    store = open_store(location, LEXICAL)
    base = store.stats()["bytes"] if store_kind == "redis" else 0
    stream = StreamFilter(store, LEXICAL, semantic=False)
    started = time.perf_counter()
    for p in fill(real, size, LEXICAL):
        stream.add_prepared(p)
    build = time.perf_counter() - started
    lat: list[float] = []
    copies = 0
    for p in timed:
        t0 = time.perf_counter_ns()
        d = stream.add_prepared(p)
        lat.append((time.perf_counter_ns() - t0) / 1e6)
        copies += d.decision == "copy"
    stats = store.stats()
    per_article = (stats["bytes"] - base) / stats["articles"]
    store.close()
    return {"build_s": build, "median_ms": statistics.median(lat), "p99_ms": pct(lat, 99),
            "max_ms": max(lat), "bytes_per_article": per_article, "copies": copies,
            "articles": stats["articles"]}


def peer(size: int, real: list[PreparedArticle], timed: list[PreparedArticle],
         url: str) -> dict[str, float]:
    """datasketch MinHashLSH on its Redis storage: query then insert, per article."""
    from urllib.parse import urlparse

    from datasketch import LeanMinHash, MinHashLSH

    u = urlparse(url)
    lsh = MinHashLSH(threshold=0.1, num_perm=128, storage_config={
        "type": "redis", "basename": b"peer", "redis": {"host": u.hostname, "port": u.port}})

    def lean(p: PreparedArticle) -> LeanMinHash:
        return LeanMinHash(seed=1, hashvalues=p.signature, scheme="affine32")

    with lsh.insertion_session() as session:
        for p in fill(real, size, LEXICAL):
            session.insert(p.id, lean(p), check_duplication=False)
    lat = []
    for p in timed:
        t0 = time.perf_counter_ns()
        m = lean(p)
        lsh.query(m)
        lsh.insert(p.id, m, check_duplication=False)
        lat.append((time.perf_counter_ns() - t0) / 1e6)
    return {"median_ms": statistics.median(lat), "p99_ms": pct(lat, 99)}


def semantic(window: int, articles: list, measure: int) -> dict[str, float]:
    """The translation/rewrite path: real articles in the window, the next ones timed."""
    config = Config()
    stream = StreamFilter.open(":memory:", config)
    for a in articles[:window]:
        stream.add(a)
    lat, prep = [], []
    for a in articles[window:window + measure]:
        t0 = time.perf_counter_ns()
        p = prepare(a, config)
        t1 = time.perf_counter_ns()
        stream.add_prepared(p)
        lat.append((time.perf_counter_ns() - t1) / 1e6)
        prep.append((t1 - t0) / 1e6)
    return {"median_ms": statistics.median(lat), "p99_ms": pct(lat, 99),
            "prepare_median_ms": statistics.median(prep)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--stores", default="sqlite,redis")
    parser.add_argument("--measure", type=int, default=2000)
    parser.add_argument("--semantic", type=int, default=0,
                        help="window size for the semantic row (0: skip)")
    parser.add_argument("--peer", action="store_true")
    parser.add_argument("--cache", help="pickle the prepared articles here (re-runs skip "
                        "the 80 s of preparation)")
    args = parser.parse_args(argv)
    eval_dir = default_eval_dir()
    articles = [a for name in ("reuters", "bbc") for a in load_set(name, eval_dir).articles]
    t0 = time.perf_counter()
    prep_ms: list[float] = []
    prepared: list[PreparedArticle] = []
    if args.cache and os.path.exists(args.cache):
        with open(args.cache, "rb") as fh:
            prepared, prep_ms = pickle.load(fh)
    else:
        for a in articles:
            s = time.perf_counter_ns()
            prepared.append(prepare(a, LEXICAL))
            prep_ms.append((time.perf_counter_ns() - s) / 1e6)
        if args.cache:
            with open(args.cache, "wb") as fh:
                pickle.dump((prepared, prep_ms), fh)
    print(f"prepared {len(prepared)} real articles in {time.perf_counter() - t0:.0f} s; "
          f"prepare median {statistics.median(prep_ms):.2f} ms, p99 {pct(prep_ms, 99):.2f} ms")
    real, timed = prepared[: -args.measure], prepared[-args.measure :]
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'store':8} {'indexed':>8} {'median ms':>10} {'p99 ms':>8} {'max ms':>8} "
          f"{'bytes/art':>10} {'copies':>7} {'build s':>8}")
    for kind in args.stores.split(","):
        for size in sizes:
            if kind == "sqlite":
                with tempfile.TemporaryDirectory() as tmp:
                    r = run(kind, size, real, timed, os.path.join(tmp, "index.db"))
            else:
                with redis_server() as url:
                    r = run(kind, size, real, timed, url)
            print(f"{kind:8} {size:>8} {r['median_ms']:>10.2f} {r['p99_ms']:>8.2f} "
                  f"{r['max_ms']:>8.1f} {r['bytes_per_article']:>10.0f} {r['copies']:>7} "
                  f"{r['build_s']:>8.0f}", flush=True)
    if args.peer:
        with redis_server() as url:
            r = peer(sizes[0], real, timed, url)
        print(f"datasketch MinHashLSH redis storage at {sizes[0]}: query+insert median "
              f"{r['median_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms (no verification, no claim)")
    if args.semantic:
        r = semantic(args.semantic, articles, 200)
        print(f"semantic path, window {args.semantic} articles: add median "
              f"{r['median_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms (prepare "
              f"{r['prepare_median_ms']:.1f} ms more)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
