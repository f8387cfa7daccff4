"""Figures: the numbers a sentence states, one spelling each, in any script.

Two aligned sentences that state other figures are not the same sentence. Wire
services fill templates: "Shr 25 cts vs 20 cts", "The Bank of Japan will sell
tomorrow a total of 800 billion yen ... surplus of 1,300 billion yen", "Treasury
balances at the Federal Reserve rose on March 23 to 3.332 billion dlrs". The
encoder reads the words, not the figures, and maps two fillings of one template
to nearly the same vector (cosine 0.9 and more), so another company's earnings or
another day's money-market operation aligned as a "rewrite" or a "translation".
A translation keeps its source's figures (it may drop one or add a year); a
different filling changes them on both sides: :func:`other_figures`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import regex

from dedup.prepare.prose import sentence_groups

__all__ = [
    "NUMBER",
    "number_value",
    "numbers",
    "other_figures",
    "sentence_figures",
]

# French/SI style "1 234 567" (a space before every group of three), else digit runs joined
# by . or , ("1,234.5", "5,93", "1.000"). \d matches every script's digits.
NUMBER = regex.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+(?:[.,]\d+)*")
_NUMBER_SEP = regex.compile(r"[.,\s]")


def number_value(raw: str) -> str:
    """One spelling per number: "1,000" = "1.000" = "1 000" -> "1000"; "5,93" = "5.93"."""
    digits = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in raw)
    groups = _NUMBER_SEP.split(digits)
    if len(groups) == 1 or all(len(g) == 3 for g in groups[1:]):
        return "".join(groups).lstrip("0") or "0"
    whole = "".join(groups[:-1]).lstrip("0") or "0"
    frac = groups[-1].rstrip("0")
    return f"{whole}.{frac}" if frac else whole


def numbers(text: str) -> frozenset[str]:
    """The distinct numbers of ``text`` as :func:`number_value` spells them."""
    return frozenset(number_value(raw) for raw in NUMBER.findall(text))


def other_figures(a: frozenset[str], b: frozenset[str]) -> bool:
    """True when each side states a number the other does not: another filling of a template.

    One side's extra numbers alone are not enough (a translation may add a year or drop
    a figure), nor a side without numbers (a sentence may spell them out).
    """
    return bool(a - b) and bool(b - a)


def sentence_figures(sentences: Sequence[str]) -> tuple[frozenset[str], ...]:
    """The numbers of each sentence's whole sentence: a fragment without an end (a line of
    hard-wrapped text: "Treasury balances at the Federal" / "Reserve rose on March 23 to
    3.332 billion dlrs") gets the numbers of the run of fragments up to the one that ends
    it (:func:`dedup.prepare.prose.sentence_groups`): the words of a template and its figures
    fall into different fragments, and the figures must be judged on their sentence.
    """
    out: list[frozenset[str]] = []
    for group in sentence_groups(sentences):
        found = numbers(" ".join(sentences[k] for k in group))
        out.extend([found] * len(group))
    return tuple(out)
