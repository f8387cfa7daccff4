"""An article's sentences encoded (:class:`EncodedText`) and the decision on a pair of them
(:func:`compare`: aligned in order, scored, passages, the reason in words).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from dedup.models import Passage
from dedup.prepare.figures import numbers, other_figures, sentence_figures
from dedup.prepare.prose import split_prose
from dedup.semantic.align import (
    COPY_COVERAGE,
    LONG_CHAIN_BOUND,
    MAX_SENTENCES,
    Alignment,
    _decide_alignment,
    is_covered,
    same_language,
    semantic_score,
    sentence_bound,
    similarity_matrix,
    veto_other_figures,
)
from dedup.semantic.encoder import (
    DIM,
    SentenceEncoder,
    Vectors,
)

__all__ = ["EncodedText", "SemanticMatch", "compare", "encode_text"]


# ---------------------------------------------------------------- texts and the pair decision


@dataclass(frozen=True, eq=False)
class EncodedText:
    """An article's sentences and their vectors (empty when its language is not covered).

    ``table_figures``: the numbers of its table rows, which are not encoded
    (:func:`dedup.prepare.prose.is_table_row`).
    """

    lang: str | None
    sentences: tuple[str, ...]
    vectors: Vectors
    table_figures: frozenset[str] = frozenset()

    @property
    def covered(self) -> bool:
        return is_covered(self.lang)

    @cached_property
    def figures(self) -> tuple[frozenset[str], ...]:
        """The numbers of each sentence (:func:`dedup.prepare.figures.sentence_figures`)."""
        return sentence_figures(self.sentences)


def encode_text(
    text: str, lang: str | None, encoder: SentenceEncoder, *, max_sentences: int = MAX_SENTENCES
) -> EncodedText:
    """Split ``text`` into sentences and encode them, unless ``lang`` is not covered.

    ``lang`` is the detected (langdetect) code of the article; None counts as
    not covered. Table rows are not sentences (:func:`dedup.prepare.prose.split_prose`).
    Only the first ``max_sentences`` sentences are kept.
    """
    prose, rows = split_prose(text, lang)
    sentences = tuple(prose[:max_sentences])
    tables = frozenset().union(*(numbers(row) for row in rows))
    if not is_covered(lang) or not sentences:
        return EncodedText(lang, sentences, np.zeros((0, DIM), dtype=np.float32), tables)
    return EncodedText(lang, sentences, encoder.encode(sentences), tables)


@dataclass(frozen=True)
class SemanticMatch:
    """The outcome of comparing two encoded texts ``a`` and ``b``.

    ``copy``: the pair is a translation (different languages) or a rewrite (one
    language) by sentence alignment; ``score`` is :func:`semantic_score` (the
    aligned share of the better-covered side), ``alignment`` None when the pair
    was not compared (``reason`` says why). ``passages`` are the best aligned
    sentence pairs in reading order (``source`` from a, ``target`` from b).
    Translation traces (evidence for attribution) are :mod:`dedup.lexical.traces`'s.
    """

    copy: bool
    score: float
    same_language: bool
    alignment: Alignment | None
    passages: tuple[Passage, ...]
    reason: str


def compare(a: EncodedText, b: EncodedText, *, max_passages: int = 5) -> SemanticMatch:
    """Align two encoded texts and decide at document level (never for uncovered languages)."""
    same = same_language(a.lang, b.lang)
    for side in (a, b):
        if not side.covered:
            reason = f"language {side.lang!r} is not covered by the encoder"
            return SemanticMatch(False, 0.0, same, None, (), reason)
        if not side.sentences:
            return SemanticMatch(False, 0.0, same, None, (), "no sentence to align")
    if same and other_figures(a.table_figures, b.table_figures):
        # Within one language only: rows are told apart per script (a dense Chinese
        # sentence with figures reads as a row), and SemEval's machine translations are
        # cut to ~1,000 characters, so an en-zh copy's "tables" held other figures.
        return SemanticMatch(False, 0.0, same, None, (), "their tables state other figures")
    sim = similarity_matrix(a.vectors, b.vectors)
    vetoed = veto_other_figures(sim, a.figures, b.figures,
                                min(sentence_bound(a.lang, b.lang), LONG_CHAIN_BOUND))
    alignment = _decide_alignment(sim, a.lang, b.lang)
    score = semantic_score(alignment)
    copy = score >= COPY_COVERAGE
    best = sorted(alignment.pairs, key=lambda p: (-p[2], p[0], p[1]))[:max_passages]
    passages = tuple(
        Passage(a.sentences[i], b.sentences[j], round(c, 4)) for i, j, c in sorted(best)
    )
    reason = (
        f"{len({i for i, _, _ in alignment.pairs})}/{alignment.n_a} and "
        f"{len({j for _, j, _ in alignment.pairs})}/{alignment.n_b} sentences aligned in order "
        f"at cosine >= {alignment.bound}"
    )
    if vetoed:
        reason += f"; {vetoed} similar sentence pairs state other figures and do not align"
    return SemanticMatch(copy, score, same, alignment, passages, reason)
