"""The passage rule, and the passages every lexical link shows.

:mod:`dedup.lexical.relate` decides from shingle sets; a sub-edited or partly taken
story keeps too few whole 5-word shingles for its bounds. Here the pair's
reused passages (:func:`dedup.lexical.passages.reuse`) decide instead:

* ``rewrite``: the passages cover most of one story (``whole_cover``): a story
  taken as a whole, with a sub-editor's changes;
* ``partial``: several passages (``partial_passages``) covering a part of both
  stories: a story that takes passages from the other and adds its own
  (METER's *partially derived*).

The bounds are :class:`dedup.config.RelationConfig`'s ``passage_*``, ``whole_*``
and ``partial_*`` (it cites their measurement). The passages themselves, with
their character offsets in each article's ``text`` as given, are what a link
shows: :func:`link_passages` finds them for a lexical link of any relation.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from dedup.config import RelationConfig
from dedup.lexical.passages import Reuse, Words, reuse, words
from dedup.lexical.relate import Overlap, PairEvidence
from dedup.models import Passage, Relation
from dedup.prepare.article import PreparedArticle, agency_copy, content_spans
from dedup.prepare.metalines import norm

#: Passages a link carries at most (the heaviest; a report shortens them further).
MAX_PASSAGES = 20


class WordCache:
    """Each prepared article's words (:func:`dedup.lexical.passages.words`), read once."""

    def __init__(self, prepared: Sequence[PreparedArticle]) -> None:
        self.prepared = prepared
        self._words: dict[int, Words] = {}
        self._content: dict[int, tuple[str, int, int] | None] = {}

    def __getitem__(self, i: int) -> Words:
        found = self._words.get(i)
        if found is None:
            p = self.prepared[i]
            found = words(p.article.text, content_spans(p.article.text, p.metadata))
            self._words[i] = found
        return found

    def content(self, i: int) -> tuple[str, int, int] | None:
        """Article ``i``'s content from its first content line to its last: the text
        and its start and end offsets (None without content), read once (an exact
        group's pairs all show it)."""
        if i not in self._content:
            p = self.prepared[i]
            lines = content_spans(p.article.text, p.metadata)
            self._content[i] = None if not lines else (
                p.article.text[lines[0][0]:lines[-1][1]], lines[0][0], lines[-1][1]
            )
        return self._content[i]


def may_be_passage(measured: Overlap, config: RelationConfig) -> bool:
    """Is the passage rule worth asking of a pair no shingle rule links?"""
    return measured.shared >= config.passage_min_shared


def outlet(article: PreparedArticle) -> str | None:
    """Who published ``article``, when known: its source, else the agency it is wire
    copy of (:func:`dedup.prepare.article.agency_copy`), casefolded."""
    name = article.info.source or agency_copy(article)
    return norm(name) if name else None


def same_outlet(a: PreparedArticle, b: PreparedArticle) -> bool:
    """Do both articles come from one known outlet? Its follow-up stories recycle
    its own background paragraphs and templates: that is no copy of anyone's work
    (the passage rule is not asked; the shingle rules still are)."""
    oa = outlet(a)
    return oa is not None and oa == outlet(b)


def mostly_rare(i: int, j: int, measured: Overlap, rare: dict[tuple[int, int], int] | None,
                config: RelationConfig) -> bool:
    """Is the pair (i, j) one for the passage rule: sharing enough shingles, and,
    given ``rare`` (pairs -> shared shingles held by few articles), mostly rare ones?"""
    if not may_be_passage(measured, config):
        return False
    return rare is None or rare.get((i, j), 0) >= config.passage_rare * measured.shared


def by_passages(pair: PairEvidence) -> bool:
    """Was ``pair`` linked by the passage rule (not by shingles, not by the encoder)?"""
    return pair.relation in ("rewrite", "partial") and pair.aligned is None


def passage_relation(found: Reuse, config: RelationConfig) -> tuple[Relation, float] | None:
    """``rewrite`` or ``partial`` and the larger cover, or None (bounds: the module doc)."""
    if found.facts < config.passage_facts:
        return None  # a template re-sent with other names and figures
    cover, other = max(found.cover_a, found.cover_b), min(found.cover_a, found.cover_b)
    weight = found.weight
    if cover >= config.whole_cover and weight >= config.whole_weight:
        return "rewrite", cover
    if (
        cover >= config.partial_cover
        and other >= config.partial_other_cover
        and weight >= config.partial_weight
        and len(found.spans) >= config.partial_passages
    ):
        return "partial", cover
    return None


def as_passages(found: Reuse, text_a: str, text_b: str) -> tuple[Passage, ...]:
    """The reused passages as :class:`Passage` (a's side as ``source``), in a's order,
    the heaviest :data:`MAX_PASSAGES` of them."""
    heaviest = sorted(found.spans, key=lambda s: (-s.weight, s.a_start))[:MAX_PASSAGES]
    out = []
    for span in sorted(heaviest, key=lambda s: (s.a_start, s.b_start)):
        a0, a1, b0, b1 = found.char_span(span)
        matched = span.matched_a / max(span.a_end - span.a_start, 1)
        out.append(Passage(text_a[a0:a1], text_b[b0:b1], round(matched, 4), a0, a1, b0, b1))
    return tuple(out)


def passage_pair(
    i: int, j: int, measured: Overlap, cache: WordCache, config: RelationConfig
) -> PairEvidence | None:
    """The pair (i, j) as a ``rewrite`` or ``partial`` by its passages, or None
    (never between two stories of one outlet: :func:`same_outlet`)."""
    if same_outlet(cache.prepared[i], cache.prepared[j]):
        return None
    found = reuse(cache[i], cache[j])
    decided = passage_relation(found, config)
    if decided is None:
        return None
    relation, score = decided
    a, b = cache.prepared[i], cache.prepared[j]
    quoted = f", {found.quoted_a:.0%} of {a.id}'s matched words quoted" if found.quoted_a else ""
    note = (
        f"{len(found.spans)} reused passage(s): {found.cover_a:.0%} of {a.id} and "
        f"{found.cover_b:.0%} of {b.id}{quoted}"
    )
    return PairEvidence(
        i, j, relation, score, measured,
        passages=as_passages(found, a.article.text, b.article.text), notes=(note,),
    )


def _whole(cache: WordCache, i: int, j: int) -> tuple[Passage, ...]:
    """An exact pair's passage: the whole content of each side."""
    a, b = cache.content(i), cache.content(j)
    if a is None or b is None:
        return ()
    return (Passage(a[0], b[0], 1.0, a[1], a[2], b[1], b[2]),)


def link_passages(pair: PairEvidence, cache: WordCache) -> tuple[Passage, ...]:
    """The passages a lexical pair shows: its whole text for an exact copy, else
    the reused passages (:func:`dedup.lexical.passages.reuse`)."""
    return pair_passages(pair.a, pair.b, pair.relation == "exact", cache)


def pair_passages(i: int, j: int, exact: bool, cache: WordCache) -> tuple[Passage, ...]:
    """:func:`link_passages` of the pair (i, j), an ``exact`` copy or not."""
    if exact:
        return _whole(cache, i, j)
    a, b = cache.prepared[i], cache.prepared[j]
    return as_passages(reuse(cache[i], cache[j]), a.article.text, b.article.text)


def with_link_passages(pairs: Sequence[PairEvidence], cache: WordCache) -> list[PairEvidence]:
    """``pairs`` with the passages of every lexical pair that has none yet (pairs
    the encoder aligned carry their sentence pairs already)."""
    return [
        pair if pair.passages or pair.aligned is not None
        else dataclasses.replace(pair, passages=link_passages(pair, cache))
        for pair in pairs
    ]
