"""Translation traces: what a translated text keeps of the language it came from.

A translator (human or machine) leaves marks that an original does not have:

* bracketed words that are not in the text's own language — the seed copy
  says "the Peninsula [Coreana]" where the English original says "[Korean]
  Peninsula": a Portuguese word kept from the intermediate version;
* transliteration variants of a name the other side spells another way
  ("Serguei Lavrov" against "Sergey Lavrov"): two-word names with the same
  last word (the surname) whose first word is one or two letters off. Plain
  capitalised words would match "These"/"Those"; a varying last word
  "South Korea"/"South Koreans" (checked on the seeds).

Traces are found by comparing a pair, so that ordinary spelling variety of one
text alone is not taken for a trace. They are evidence for reports and for the
attribution (the side with traces is the copy), never a reason to link.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import regex

_BRACKETED = regex.compile(r"\[([^\[\]\n]{2,40})\]")
_NAME_PAIR = regex.compile(r"\b(\p{Lu}[\p{Ll}\p{M}]{2,}) (\p{Lu}[\p{Ll}\p{M}]{2,})\b")


@dataclass(frozen=True)
class Trace:
    """One mark of translation found in ``article`` (an id), as shown in reports."""

    article: str
    kind: str  # "bracketed" or "transliteration"
    text: str

    def describe(self) -> str:
        if self.kind == "bracketed":
            return f"{self.article} keeps a bracketed foreign word: '[{self.text}]'"
        return f"{self.article} spells a name differently: {self.text}"


def _edit_distance_at_most(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance of a and b is ≤ limit (small strings, banded DP)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def _name_pairs(text: str) -> set[tuple[str, str]]:
    return set(_NAME_PAIR.findall(text, overlapped=True))


def bracketed_foreign(copy_id: str, copy_text: str, original_text: str) -> list[Trace]:
    """Bracketed words of the copy that the other text does not have, in or out of brackets."""
    other = original_text.casefold()
    found = []
    for inner in _BRACKETED.findall(copy_text):
        if inner.casefold() not in other and regex.search(r"\p{L}", inner):
            found.append(Trace(copy_id, "bracketed", inner))
    return found


def transliterations(copy_id: str, copy_text: str, original_text: str) -> list[Trace]:
    """Two-word names of the copy that the other text writes with one word spelled differently."""
    theirs = _name_pairs(original_text)
    found = []
    for first, last in sorted(_name_pairs(copy_text) - theirs):
        for other_first, other_last in sorted(theirs):
            a, b = first, other_first
            if last != other_last or a == b:
                continue
            if a[0] == b[0] and min(len(a), len(b)) >= 4 and _edit_distance_at_most(a, b, 2):
                found.append(Trace(copy_id, "transliteration",
                                   f"'{first} {last}' for '{other_first} {other_last}'"))
                break
    return found


def translation_traces(
    a_id: str, a_text: str, b_id: str, b_text: str
) -> tuple[list[Trace], list[Trace]]:
    """Traces found in a (against b) and in b (against a)."""
    return (
        bracketed_foreign(a_id, a_text, b_text) + transliterations(a_id, a_text, b_text),
        bracketed_foreign(b_id, b_text, a_text) + transliterations(b_id, b_text, a_text),
    )


def describe(traces: Iterable[Trace]) -> tuple[str, ...]:
    return tuple(t.describe() for t in traces)
