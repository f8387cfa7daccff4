"""Reused passages of two texts: spans taken in order, with edits, from one into the other.

A sub-edited wire story keeps few 5-word sequences whole (a word changes every
few words), so shingle sets undercount what a paper took from the wire. Here
the two texts are read as word sequences and aligned locally, in the spirit of
passim (Smith et al.) and greedy string tiling: every word trigram the two
share (and that neither repeats more than :data:`MAX_REPEATS` times) is a
*seed*; seeds that follow each other in both texts, with gaps of at most
:data:`GAP` words on either side (an inserted phrase, a changed name, a
dropped clause), are chained into one passage. A passage is kept when it
matches at least :data:`MIN_WORDS` words.

Quotations count for less (:data:`QUOTE_WEIGHT`): two independent reports of a
trial print the same court quote, and that is not a copy. A word is quoted
when it stands inside quote marks (``'...'``, ``"..."``, ``“...”``, ``‘...’``,
and the wire's two backticks and two apostrophes)
within its paragraph; newspapers reopen a quote at each paragraph of a long
statement, so an unclosed quote ends at the paragraph's end.

Offsets are character offsets into the texts as given, so a report can mark
them.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

_WORD = re.compile(r"\w+")
_OPEN = frozenset("'\"`“‘«")
_CLOSE = frozenset("'\"”’»")

#: Words of a seed. Trigrams: a sub-editor's change every four or five words
#: still leaves most trigrams of a taken sentence whole, where 5-grams vanish
#: (``benchmarks/probes/passage_probe.py`` on the METER half ``--half 0``).
SEED = 3
#: A trigram repeated more often than this in either text is no seed (a name,
#: "said the court"): it would chain unrelated sentences together.
MAX_REPEATS = 2
#: The largest run of unmatched words, on either side, inside one passage.
GAP = 12
#: Matched words a passage needs: about one sentence.
MIN_WORDS = 10
#: What a quoted word counts for in a passage's weight (narrative words count 1).
QUOTE_WEIGHT = 0.25


@dataclass(frozen=True)
class Words:
    """A text's words (casefolded), their character spans, and which are quoted.

    Compact, as a scan keeps the words of every article with a candidate pair
    (:class:`dedup.lexical.reused.WordCache`): the words are interned (one string per
    distinct word), the offsets machine integers (``array``), the flags bytes.
    Tuples of str and int took ~150 bytes a word; reuters+bbc lexical scan peak
    RSS in the CHANGELOG (2026-12-03).
    """

    words: tuple[str, ...]
    starts: Sequence[int]
    ends: Sequence[int]
    quoted: Sequence[int]  # 1 when the word is inside quote marks
    text: str = ""  # the text the offsets point into (facts are read from it on demand)


_MARKS = re.compile("[\n'\"`“”‘’«»]")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans inside quote marks, paragraph by paragraph."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    n = len(text)
    for m in _MARKS.finditer(text):
        at, ch = m.start(), m.group()
        if ch == "\n":
            if opened is not None:
                spans.append((opened, at))
                opened = None
            continue
        before = text[at - 1] if at else " "
        after = text[at + 1] if at + 1 < n else " "
        if opened is None and ch in _OPEN and not before.isalnum() and after.isalnum():
            opened = at
        elif opened is not None and ch in _CLOSE and not before.isspace() and not after.isalnum():
            spans.append((opened, at + 1))
            opened = None
    if opened is not None:
        spans.append((opened, n))
    return spans


def words(text: str, lines: Sequence[tuple[int, int]] | None = None) -> Words:
    """The words of ``text`` with their offsets and quotation flags; with ``lines``
    (character spans of ``text``), only the words inside them (an article's
    content lines: its metadata and boilerplate lines are no passage)."""
    found = [
        m
        for lo, hi in (lines if lines is not None else [(0, len(text))])
        for m in _WORD.finditer(text, lo, hi)
    ]
    spans = _quoted_spans(text)
    quoted = []
    k = 0
    for m in found:
        while k < len(spans) and spans[k][1] <= m.start():
            k += 1
        quoted.append(k < len(spans) and spans[k][0] <= m.start())
    return Words(
        tuple(sys.intern(m.group().casefold()) for m in found),
        array("q", [m.start() for m in found]),
        array("q", [m.end() for m in found]),
        bytes(quoted),
        text,
    )


_DIGIT = re.compile(r"\d")


def _is_fact(text: str, at: int, end: int) -> bool:
    """Is the word ``text[at:end]`` a number, or a name (a capitalised word that
    does not open a sentence)?"""
    if not text[at].isupper():
        return _DIGIT.search(text, at, end) is not None
    before = text[max(0, at - 4) : at].rstrip(" \t'\"`“‘(")
    return bool(before) and before[-1] not in ".!?:\n"


@dataclass(frozen=True)
class Span:
    """One reused passage: word ranges ``[a_start, a_end)`` and ``[b_start, b_end)``,
    the words matched on each side, and its weight (quoted words count less)."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    matched_a: int
    matched_b: int
    weight: float


@dataclass(frozen=True)
class Reuse:
    """The passages of a pair and how much of each side they cover."""

    spans: tuple[Span, ...]
    a: Words
    b: Words
    cover_a: float  # weighted share of a's words matched inside passages
    cover_b: float
    quoted_a: float  # share of a's matched words that are quoted
    facts: float = 1.0  # share of the passages' facts (names, numbers) both sides print

    @property
    def weight(self) -> float:
        return sum(s.weight for s in self.spans)

    @property
    def longest(self) -> float:
        """The weight of the heaviest passage."""
        return max((s.weight for s in self.spans), default=0.0)

    def char_span(self, span: Span) -> tuple[int, int, int, int]:
        """``span`` as character offsets (a start, a end, b start, b end)."""
        return (
            self.a.starts[span.a_start],
            self.a.ends[span.a_end - 1],
            self.b.starts[span.b_start],
            self.b.ends[span.b_end - 1],
        )


def _grams(w: Words) -> dict[tuple[str, ...], list[int]]:
    out: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(w.words) - SEED + 1):
        out.setdefault(w.words[i : i + SEED], []).append(i)
    return out


@dataclass
class _Chain:
    last_a: int
    last_b: int
    a_start: int
    b_start: int
    a_hit: set[int]
    b_hit: set[int]


def _chains(a: Words, b: Words) -> list[_Chain]:
    ga, gb = _grams(a), _grams(b)
    seeds = sorted(
        (i, j)
        for gram, at in ga.items()
        if len(at) <= MAX_REPEATS and gram in gb and len(gb[gram]) <= MAX_REPEATS
        for i in at
        for j in gb[gram]
    )
    done: list[_Chain] = []
    live: list[_Chain] = []
    for i, j in seeds:
        still: list[_Chain] = []
        for c in live:
            (still if i - c.last_a <= GAP + SEED else done).append(c)
        live = still
        best: _Chain | None = None
        for c in live:
            di, dj = i - c.last_a, j - c.last_b
            if di > 0 and 0 < dj <= GAP + SEED and (
                best is None or abs(di - dj) < abs((i - best.last_a) - (j - best.last_b))
            ):
                best = c
        if best is None:
            best = _Chain(i, j, i, j, set(), set())
            live.append(best)
        best.last_a, best.last_b = i, j
        best.a_hit.update(range(i, i + SEED))
        best.b_hit.update(range(j, j + SEED))
    return done + live


def _weight(hit: set[int], w: Words) -> float:
    return sum(QUOTE_WEIGHT if w.quoted[x] else 1.0 for x in hit)


def _tiles(chains: list[_Chain]) -> list[_Chain]:
    """Greedy tiling: the chains with most matched words first, each keeping only
    words no earlier chain claimed on either side (a repeated trigram can start
    two chains over the same words)."""
    claimed_a: set[int] = set()
    claimed_b: set[int] = set()
    kept = []
    for c in sorted(chains, key=lambda c: (-min(len(c.a_hit), len(c.b_hit)), c.a_start, c.b_start)):
        c.a_hit -= claimed_a
        c.b_hit -= claimed_b
        if min(len(c.a_hit), len(c.b_hit)) < MIN_WORDS:
            continue
        claimed_a |= c.a_hit
        claimed_b |= c.b_hit
        kept.append(c)
    return kept


def find_reuse(text_a: str, text_b: str) -> Reuse:
    """The reused passages of ``text_a`` and ``text_b``, in ``a``'s order."""
    return reuse(words(text_a), words(text_b))


def reuse(a: Words, b: Words) -> Reuse:
    """The reused passages of two texts' words (:func:`words`), in ``a``'s order."""
    spans = []
    hit_a: set[int] = set()
    hit_b: set[int] = set()
    for c in _tiles(_chains(a, b)):
        hit_a |= c.a_hit
        hit_b |= c.b_hit
        spans.append(
            Span(
                min(c.a_hit), max(c.a_hit) + 1, min(c.b_hit), max(c.b_hit) + 1,
                len(c.a_hit), len(c.b_hit), _weight(c.a_hit, a),
            )
        )
    spans.sort(key=lambda s: (s.a_start, s.b_start))
    total_a = _weight(set(range(len(a.words))), a)
    total_b = _weight(set(range(len(b.words))), b)
    return Reuse(
        tuple(spans),
        a,
        b,
        cover_a=_weight(hit_a, a) / total_a if total_a else 0.0,
        cover_b=_weight(hit_b, b) / total_b if total_b else 0.0,
        quoted_a=sum(a.quoted[x] for x in hit_a) / len(hit_a) if hit_a else 0.0,
        facts=_facts_shared(spans, a, b),
    )


def _facts_shared(spans: Sequence[Span], a: Words, b: Words) -> float:
    """Of the distinct facts (:func:`_is_fact`) inside the passages on the side with
    fewer, the share the other side's passages print too. A copy keeps the names
    and figures it edits around; a template story re-sent with another issuer,
    place and figures ("X is issuing a 150 mln dlr bond due ...") shares the form
    and changes exactly those."""
    def facts(w: Words, ranges: list[tuple[int, int]]) -> set[str]:
        return {w.words[x] for lo, hi in ranges for x in range(lo, hi)
                if _is_fact(w.text, w.starts[x], w.ends[x])}

    fa = facts(a, [(s.a_start, s.a_end) for s in spans])
    fb = facts(b, [(s.b_start, s.b_end) for s in spans])
    fewer = min(len(fa), len(fb))
    return len(fa & fb) / fewer if fewer else 1.0
