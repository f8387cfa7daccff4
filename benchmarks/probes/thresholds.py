"""Measure what the lexical bounds of ``dedup.config`` are set from.

Prints, on the real labelled sets of ``../shared/eval`` and on synthetic copies
made from them (``benchmarks/synthetic.py``):

1. Jaccard / containment quantiles of copies (synthetic, per kind) and of
   pairs that are not copies (fakebr same-topic, semeval same_story/unrelated);
2. the flag rate of ``Jaccard >= J or (containment >= C and shared >= S)``
   over a grid of C and S;
3. candidate recall of ``datasketch.MinHashLSH`` per LSH threshold on the
   synthetic copies, and the candidate count on reuters+bbc.

    cd benchmarks && python -m probes.thresholds [--seed 7] [--n 600]

Gold files are read only to label pairs. Takes about a minute.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from evalsets import default_eval_dir, load_set
from synthetic import generate

from dedup.config import Config, LSHConfig
from dedup.lexical.index import candidate_pairs
from dedup.prepare.article import content_lines
from dedup.prepare.metadata import extract_metadata
from dedup.prepare.normalize import normalize_text, tokenize
from dedup.prepare.shingle import ShingleSet, shingle_set
from dedup.prepare.signature import signature

CONFIG = Config()


def fingerprint(text: str) -> ShingleSet:
    """The shingle set ``dedup.prepare.article`` computes, without language detection."""
    content = "\n".join(content_lines(text, extract_metadata(text)))
    return shingle_set(tokenize(normalize_text(content)), CONFIG.shingle.k)


def measure(sets: dict[str, ShingleSet], pairs: Iterable[Sequence[str]]) -> np.ndarray:
    """Rows of (jaccard, containment of the smaller side, shared) per pair."""
    rows = []
    for a, b, *_ in pairs:
        sa, sb = sets[a], sets[b]
        if not sa.size or not sb.size:
            rows.append((0.0, 0.0, 0))
            continue
        shared = np.intersect1d(sa, sb, assume_unique=True).size
        rows.append((shared / (sa.size + sb.size - shared), shared / min(sa.size, sb.size), shared))
    return np.array(rows, dtype=float)


def quantiles(values: np.ndarray, qs: Sequence[float]) -> str:
    return " ".join(f"q{q * 100:g}={np.quantile(values, q):.3f}" for q in qs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--n", type=int, default=600)
    parser.add_argument("--eval-dir", type=Path, default=default_eval_dir())
    args = parser.parse_args(argv)

    groups: dict[str, np.ndarray] = {}
    for name, relations in (("fakebr", ("unrelated_same_topic",)),
                            ("semeval", ("same_story", "unrelated"))):
        evalset = load_set(name, args.eval_dir)
        sets = {a.id: fingerprint(a.text) for a in evalset.articles}
        for relation in relations:
            pairs = [row.members[:2] for row in evalset.gold if row.relation == relation]
            groups[f"not-copy {name}:{relation}"] = measure(sets, pairs)
    synth = generate(seed=args.seed, n=args.n, eval_dir=args.eval_dir)
    synth_articles = synth.articles
    synth_sets = {a.id: fingerprint(a.text) for a in synth_articles}
    by_kind: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in synth.gold:
        by_kind[row.extra.get("kind", row.relation)].append((row.members[0], row.members[1]))
    for kind, pairs in sorted(by_kind.items()):
        groups[f"copy synth:{kind}"] = measure(synth_sets, pairs)

    print("1. distributions (containment = share of the smaller side found in the larger)")
    for label, rows in groups.items():
        qs = (0.01, 0.05, 0.5, 0.99)
        print(f"  {label:<36} n={len(rows):5d}  jaccard {quantiles(rows[:, 0], qs)}"
              f"  containment {quantiles(rows[:, 1], qs)}")

    print("\n2. flag rate of: jaccard >= 0.5 or (containment >= C and shared >= S)")
    print("  C     S   " + "".join(f"{label.split(' ')[1][:22]:>24}" for label in groups))
    for c in (0.2, 0.25, 0.3, 0.35, 0.4, 0.5):
        for s in (8, 20, 40):
            rates = [((r[:, 0] >= 0.5) | ((r[:, 1] >= c) & (r[:, 2] >= s))).mean()
                     for r in groups.values()]
            print(f"  {c:.2f} {s:3d} " + "".join(f"{rate:24.4f}" for rate in rates))

    print("\n3. MinHashLSH candidate recall on synthetic copies")
    ids = [a.id for a in synth_articles]
    matrix = np.vstack([signature(synth_sets[i]) for i in ids])
    wanted = [(min(ids.index(a), ids.index(b)), max(ids.index(a), ids.index(b)), kind)
              for kind, pairs in by_kind.items() for a, b in pairs]
    for threshold in (0.1, 0.15, 0.2, 0.3):
        found = set(candidate_pairs(matrix, list(range(len(ids))),
                                    lsh=LSHConfig(threshold), minhash=CONFIG.minhash))
        hit = Counter(k for i, j, k in wanted if (i, j) in found)
        total = Counter(k for _, _, k in wanted)
        print(f"  threshold {threshold:.2f}: " + "  ".join(
            f"{k} {hit[k] / total[k]:.3f}" for k in sorted(total)))
    print("\n   candidates on reuters+bbc (articles with >= min_shingles shingles)")
    real = [fingerprint(a.text) for name in ("reuters", "bbc")
            for a in load_set(name, args.eval_dir).articles]
    keep = [k for k, s in enumerate(real) if s.size >= CONFIG.relation.min_shingles]
    matrix = np.vstack([signature(real[k]) for k in keep])
    for threshold in (0.1, 0.2):
        started = time.perf_counter()
        found = candidate_pairs(matrix, keep, lsh=LSHConfig(threshold), minhash=CONFIG.minhash)
        print(f"  threshold {threshold:.2f}: {len(found)} candidate pairs among {len(keep)} "
              f"articles in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
