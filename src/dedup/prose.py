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
Thai) two characters count as one word, as in :mod:`dedup.sentences`.
"""

from __future__ import annotations

import regex

from dedup.sentences import split_sentences

__all__ = [
    "TABLE_NUMBER_SHARE",
    "TABLE_ROW_MAX_WORDS",
    "is_table_row",
    "letters",
    "prose_sentences",
]

# Rows of reuters' earnings tables carry 1 number in 4 tokens or more ("Shr loss 22 cts
# vs loss 18 cts": 2 of 8; "Net 801,000 vs 703,000": 2 of 4); wire prose carries fewer
# ("net profit rose 5.2 pct to 120 mln dlrs in 1986": 3 of 13). Measured with
# benchmarks/false_copies.py --languages (the lines each set loses and the languages
# that change): see the figures there and in CHANGELOG (2026-12-03).
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


def prose_sentences(text: str, lang: str | None = None) -> list[str]:
    """:func:`~dedup.sentences.split_sentences` without the table rows: what the encoder reads."""
    return [s for s in split_sentences(text, lang) if not is_table_row(s)]
