"""Prose and table rows: what the language detector and the encoder may read.

Wire services send tables as text: earnings reports ("Shr 25 cts vs 20 cts",
"Net 801,000 vs 703,000"), dividend and split notices, price lists. A row of
such a table is not a sentence of a language. langdetect scores its character
n-grams and calls it Swedish, Dutch or Latvian (of the 19,043 reuters articles,
576 came out ``sv``, 22 ``nl``, 12 ``lv``, all of them tables), and the
encoder maps two rows with other figures ("Shr 40 cts vs 30 cts") to nearly
the same vector, so two companies' tables aligned row by row as a
"translation" or a "rewrite" of each other.

A line (or a sentence) of at most :data:`TABLE_ROW_MAX_WORDS` words is a
*table row* when numbers make up at least :data:`TABLE_NUMBER_SHARE` of its
tokens; a longer line is a paragraph of prose, and so is a line without
numbers (a label such as "Year" or a headline). Words
are runs of letters; in scripts written without spaces (Chinese, Japanese,
Thai) two characters count as one word, as in :mod:`dedup.prepare.sentences`.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from dedup.prepare.sentences import split_sentences

__all__ = [
    "TABLE_NUMBER_SHARE",
    "TABLE_ROW_MAX_WORDS",
    "is_table_row",
    "letters",
    "prose_sentences",
    "sentence_groups",
    "table_rows",
]

# Rows of reuters' earnings tables carry 1 number in 4 tokens or more ("Shr loss 22 cts
# vs loss 18 cts": 2 of 8; "Net 801,000 vs 703,000": 2 of 4); wire prose carries fewer
# ("net profit rose 5.2 pct to 120 mln dlrs in 1986": 3 of 13). Languages detected on
# all 7 eval sets (38,237 articles) before / after this rule and dedup.prepare.language's use of
# it: reuters sv 577 -> 5, nl 22 -> 1, lv 12 -> 0, None 19 -> 1,600 (the tables); not
# one article of wmt, meter, ntrex or bbc changes; semeval 2 and fakebr 1 go from None
# to their language (a dateline before long paragraphs). On reuters' full scan
# (benchmarks/probes/false_copies.py) translation links 44 -> 0.
TABLE_NUMBER_SHARE = 0.25
# The longest such rows in the first 3,000 reuters articles have 12 words (3 lines of
# 12, 9 of 11, 20 of 10); prose lines there (wrapped at ~70 columns) have up to 16. A
# longer line is a paragraph: a Fake.br article stored as one 700-character line with a
# price list in it holds 44 numbers to 95 words and is still Portuguese prose.
TABLE_ROW_MAX_WORDS = 12

_NUMBER = regex.compile(r"(?<![\p{L}\p{M}\d])\d+(?:[.,:/'’-]\d+)*")  # not in "BBC1"
_DENSE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")
_WORD = regex.compile(r"[\p{L}\p{M}]+")


def _counts(line: str) -> tuple[int, float]:
    """(numbers, words) of a line; a dense-script character counts half a word."""
    numbers = len(_NUMBER.findall(line))
    dense = len(_DENSE.findall(line))
    rest = _DENSE.sub(" ", line) if dense else line
    return numbers, len(_WORD.findall(_NUMBER.sub(" ", rest))) + dense / 2


def is_table_row(line: str) -> bool:
    """True when ``line`` is a row of a table, not prose (see the module doc)."""
    numbers, words = _counts(line)
    if words > TABLE_ROW_MAX_WORDS or not numbers:
        return False
    return numbers >= TABLE_NUMBER_SHARE * (numbers + words)


def letters(text: str) -> int:
    """Letters of ``text`` (any script, combining marks included)."""
    return sum(len(w) for w in _WORD.findall(text))


# The end of a sentence: terminal punctuation, maybe followed by closing quotes/brackets.
_SENTENCE_END = regex.compile(r"""[.!?…:;。！？｡।॥؟۔]["'”’»)\]」』）】]*\s*$""")


def sentence_groups(pieces: Sequence[str]) -> list[range]:
    """Runs of consecutive pieces (lines, sentences) up to one that ends a sentence.

    Wire copy is hard-wrapped at ~70 columns, so one sentence spans several lines
    ("Treasury balances at the Federal" / "Reserve rose on March 23 to 3.332 billion
    dlrs from 3.062" / ...). A table's rows end without punctuation: one run.
    """
    groups: list[range] = []
    start = 0
    for k, piece in enumerate(pieces):
        if _SENTENCE_END.search(piece) or k == len(pieces) - 1:
            groups.append(range(start, k + 1))
            start = k + 1
    return groups


def table_rows(pieces: Sequence[str]) -> list[bool]:
    """Which pieces are table rows: :func:`is_table_row`, unless the piece continues a
    sentence begun in prose (its run of :func:`sentence_groups` opens with a prose
    piece) whose whole text has fewer numbers than :data:`TABLE_NUMBER_SHARE`: a
    wrapped line dense in figures ("both payable April 15, record March 31.", the end
    of a sentence about a stock split) stays prose. A run that opens with a row (a
    table, then a note without a full stop between) keeps its rows."""
    rows = [is_table_row(p) for p in pieces]
    for group in sentence_groups(pieces):
        if len(group) < 2 or rows[group[0]] or not any(rows[k] for k in group):
            continue
        numbers, words = _counts(" ".join(pieces[k] for k in group))
        if numbers < TABLE_NUMBER_SHARE * (numbers + words):
            for k in group:
                rows[k] = False
    return rows


def split_prose(text: str, lang: str | None = None) -> tuple[list[str], list[str]]:
    """:func:`~dedup.prepare.sentences.split_sentences` parted into prose sentences (what the
    encoder reads) and table rows (:func:`table_rows`), each in text order."""
    pieces = split_sentences(text, lang)
    prose: list[str] = []
    rows: list[str] = []
    for piece, row in zip(pieces, table_rows(pieces), strict=True):
        (rows if row else prose).append(piece)
    return prose, rows


def prose_sentences(text: str, lang: str | None = None) -> list[str]:
    """:func:`~dedup.prepare.sentences.split_sentences` without the table rows: what the encoder
    reads."""
    return split_prose(text, lang)[0]
