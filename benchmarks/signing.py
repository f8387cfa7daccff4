"""Text-to-signature throughput: dedup against datasketch and rensa, one run, same articles.

    cd benchmarks && PYTHONPATH=../src python signing.py [--sets reuters,bbc] [--sample 500]

Every pipeline starts from the same normalised content (what :mod:`dedup.prepare.article`
hashes: metadata and boilerplate lines removed, NFKC + casefold) and ends with a
128-permutation MinHash signature per article. The peers build their own 5-word
shingle strings from :func:`dedup.prepare.normalize.tokenize` (the honest comparison:
that work is what dedup's token hashing replaces). datasketch hashes each
shingle with SHA-1 in Python; rensa hashes the strings in Rust.

Times are medians of ``repeats`` rounds, each running every pipeline once;
``cpu_us`` is process CPU time per article (steadier than wall clock on a
shared machine), ``articles_per_s`` is wall clock.
The slow datasketch rows run on the first ``sample`` articles only.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import datasketch
import numpy as np
import rensa

from dedup.config import Config
from dedup.models import Article
from dedup.prepare.article import parse
from dedup.prepare.normalize import normalize_text, tokenize
from dedup.prepare.shingle import shingles
from dedup.prepare.signature import signatures_flat
from dedup.prepare.tokenhash import shingle_hashes


def normalized_contents(articles: Sequence[Article]) -> list[str]:
    """The text every pipeline starts from (not timed)."""
    return [normalize_text(parse(a)[1]) for a in articles]


def _dedup_batch(texts: Sequence[str], k: int, num_perm: int, seed: int) -> np.ndarray:
    found = shingle_hashes(texts, k)
    return signatures_flat(found.hashes, found.offsets, num_perm=num_perm, seed=seed)


def _dedup_each(texts: Sequence[str], k: int, num_perm: int, seed: int) -> list[np.ndarray]:
    return [_dedup_batch([t], k, num_perm, seed)[0] for t in texts]


def _datasketch_update(texts: Sequence[str], k: int, num_perm: int, seed: int) -> list[Any]:
    out = []
    for text in texts:
        m = datasketch.MinHash(num_perm=num_perm, seed=seed)
        for s in shingles(tokenize(text), k):
            m.update(s.encode("utf-8"))
        out.append(m.hashvalues)
    return out


def _datasketch_batch(texts: Sequence[str], k: int, num_perm: int, seed: int) -> list[Any]:
    out = []
    for text in texts:
        m = datasketch.MinHash(num_perm=num_perm, seed=seed)
        m.update_batch([s.encode("utf-8") for s in shingles(tokenize(text), k)])
        out.append(m.hashvalues)
    return out


def _rensa_each(texts: Sequence[str], k: int, num_perm: int, seed: int) -> list[Any]:
    out = []
    for text in texts:
        m = rensa.RMinHash(num_perm=num_perm, seed=seed)
        m.update(shingles(tokenize(text), k))
        out.append(m.digest())
    return out


def _rensa_matrix(texts: Sequence[str], k: int, num_perm: int, seed: int) -> Any:
    return rensa.RMinHash.digest_matrix_from_token_sets(
        [shingles(tokenize(t), k) for t in texts], num_perm, seed
    )


Pipeline = Callable[[Sequence[str], int, int, int], Any]


def _row(name: str, n: int, walls: list[float], cpus: list[float]) -> dict[str, Any]:
    wall_s, cpu_s = statistics.median(walls), statistics.median(cpus)
    return {
        "name": name,
        "articles": n,
        "articles_per_s": n / wall_s,
        "us_per_article": wall_s / n * 1e6,
        "cpu_us": cpu_s / n * 1e6,
    }


def signing_rows(
    articles: Sequence[Article],
    *,
    sample: int = 500,
    repeats: int = 3,
    config: Config | None = None,
) -> list[dict[str, Any]]:
    """One row per pipeline, all measured now on ``articles`` (datasketch
    ``update`` and ``update_batch`` on the first ``sample``), each with
    ``name``, ``articles``, ``articles_per_s``, ``us_per_article`` (wall) and
    ``cpu_us`` (process CPU per article), medians of ``repeats`` rounds
    (``update`` once: it is slow). Each round runs every pipeline once, so a
    change in the machine's load falls on all of them alike. No output, no
    global state changed."""
    config = config or Config()
    texts = normalized_contents(articles)
    few = texts[:sample]
    pipelines: list[tuple[str, Pipeline, Sequence[str], int]] = [
        ("dedup (batched)", _dedup_batch, texts, repeats),
        ("dedup (one at a time)", _dedup_each, texts, repeats),
        ("datasketch MinHash.update per shingle", _datasketch_update, few, 1),
        ("datasketch update_batch", _datasketch_batch, few, repeats),
        ("rensa RMinHash.update (Python shingles)", _rensa_each, texts, repeats),
        ("rensa digest_matrix_from_token_sets", _rensa_matrix, texts, repeats),
    ]
    args = (config.shingle.k, config.minhash.num_perm, config.minhash.seed)
    walls: list[list[float]] = [[] for _ in pipelines]
    cpus: list[list[float]] = [[] for _ in pipelines]
    for round_ in range(repeats):
        for n, (_, run, inputs, times) in enumerate(pipelines):
            if round_ >= times:
                continue
            wall, cpu = time.perf_counter(), time.process_time()
            run(inputs, *args)
            walls[n].append(time.perf_counter() - wall)
            cpus[n].append(time.process_time() - cpu)
    return [
        _row(name, len(inputs), walls[n], cpus[n])
        for n, (name, _, inputs, _) in enumerate(pipelines)
    ]


def format_rows(rows: Sequence[dict[str, Any]]) -> str:
    base = rows[0]["cpu_us"]
    lines = [
        f"{'pipeline':<42} {'articles':>8} {'articles/s':>11} {'us/article':>11} "
        f"{'cpu us':>8} {'dedup x':>8}"
    ]
    for r in rows:
        lines.append(
            f"{r['name']:<42} {r['articles']:>8} {r['articles_per_s']:>11,.0f} "
            f"{r['us_per_article']:>11,.1f} {r['cpu_us']:>8,.1f} {r['cpu_us'] / base:>8,.1f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from evalsets import default_eval_dir, load_set

    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sets", default="reuters,bbc")
    parser.add_argument("--sample", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    articles = [
        a for name in args.sets.split(",") for a in load_set(name, default_eval_dir()).articles
    ]
    rows = signing_rows(articles, sample=args.sample, repeats=args.repeats)
    print(f"sets {args.sets}: {len(articles)} articles; medians of {args.repeats} rounds")
    print(format_rows(rows))
    print("dedup x = this row's CPU time per article / dedup (batched)'s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
