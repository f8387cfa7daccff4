"""Where a link's passages stand in the two texts, for showing them marked side by side.

A link carries its passages (DESIGN.md §2): aligned sentence pairs for
translations and rewrites, shared spans for lexical copies. A passage may carry
character offsets into the texts as the caller gave them; when it does not, its
sentence is looked up in the text (exactly, then with any run of whitespace
matching any other). A lexical link without passages gets its shared spans here,
from the two texts: the runs of words covered by a word k-gram (the shingles
the link's Jaccard was measured on) that the other text has too. That costs one
pass over each text's tokens, however long the texts are.

The result is a list of :class:`Segment` per text, which a renderer escapes
and wraps; nothing here builds markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dedup.models import Passage
from dedup.prepare.normalize import token_offsets

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Span:
    """Characters ``start:end`` of a text; ``mark`` numbers the passage (from 1),
    0 for a shared span that belongs to no numbered passage."""

    start: int
    end: int
    mark: int


@dataclass(frozen=True)
class Segment:
    """A run of a text, marked (``mark`` is not None) or not."""

    text: str
    mark: int | None = None


def locate(text: str, sentence: str, start: int = 0) -> tuple[int, int] | None:
    """Offsets of ``sentence`` in ``text`` (the first at or after ``start``, else
    the first anywhere), matching any whitespace run with any other; None if absent."""
    sentence = sentence.strip()
    if not sentence:
        return None
    for begin in (start, 0):
        at = text.find(sentence, begin)
        if at >= 0:
            return at, at + len(sentence)
    pattern = re.compile(r"\s+".join(re.escape(part) for part in _SPACE.split(sentence)))
    for begin in (start, 0):
        found = pattern.search(text, begin)
        if found:
            return found.start(), found.end()
    return None


def passage_spans(
    source: str, target: str, passages: Sequence[Passage]
) -> tuple[list[Span], list[Span]]:
    """Spans of each passage in ``source`` and ``target``, numbered in passage order.

    Offsets are used when the passage has them; otherwise its sentences are
    looked up, each after the previous passage's place when passages run in order.
    A passage found on one side only is still marked there.
    """
    spans_s: list[Span] = []
    spans_t: list[Span] = []
    after_s = after_t = 0
    for n, p in enumerate(passages, start=1):
        where_s = _offsets(p.source_start, p.source_end, source)
        where_s = where_s or locate(source, p.source, after_s)
        where_t = _offsets(p.target_start, p.target_end, target)
        where_t = where_t or locate(target, p.target, after_t)
        if where_s:
            spans_s.append(Span(where_s[0], where_s[1], n))
            after_s = where_s[1]
        if where_t:
            spans_t.append(Span(where_t[0], where_t[1], n))
            after_t = where_t[1]
    return spans_s, spans_t


def _offsets(start: int | None, end: int | None, text: str) -> tuple[int, int] | None:
    if start is None or end is None or not 0 <= start < end <= len(text):
        return None
    return start, end


def shared_spans(a: str, b: str, k: int) -> tuple[list[Span], list[Span]]:
    """The runs of ``a`` and of ``b`` covered by word k-grams the other text has.

    Runs separated only by punctuation or spaces join into one span.
    """
    ta, tb = token_offsets(a), token_offsets(b)
    grams_a, grams_b = _grams(ta, k), _grams(tb, k)
    return _covered(ta, grams_a, set(grams_b), k), _covered(tb, grams_b, set(grams_a), k)


def _grams(tokens: Sequence[tuple[str, int, int]], k: int) -> list[tuple[str, ...]]:
    words = [t[0] for t in tokens]
    if len(words) < k:
        return [tuple(words)] if words else []
    return [tuple(words[i : i + k]) for i in range(len(words) - k + 1)]


def _covered(
    tokens: Sequence[tuple[str, int, int]],
    grams: Sequence[tuple[str, ...]],
    other: set[tuple[str, ...]],
    k: int,
) -> list[Span]:
    covered = [False] * len(tokens)
    for i, gram in enumerate(grams):
        if gram in other:
            for j in range(i, min(i + k, len(tokens))):
                covered[j] = True
    spans: list[Span] = []
    for i, (_, start, end) in enumerate(tokens):
        if not covered[i]:
            continue
        if spans and covered[i - 1]:
            spans[-1] = Span(spans[-1].start, end, 0)
        else:
            spans.append(Span(start, end, 0))
    return spans


def segments(text: str, spans: Iterable[Span]) -> list[Segment]:
    """``text`` cut at the spans' edges; a span overlapping an earlier one is cut short."""
    out: list[Segment] = []
    at = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        start = max(span.start, at)
        if start >= span.end:
            continue
        if start > at:
            out.append(Segment(text[at:start]))
        out.append(Segment(text[start : span.end], span.mark))
        at = span.end
    if at < len(text):
        out.append(Segment(text[at:]))
    return out
