"""Language-independent anchors of a text: capitalised names cut to a stem and romanised,
numbers, quotations, and consonant skeletons of names in caseless scripts, so that two
versions in scripts or languages the encoder does not cover still meet
(:func:`anchors`, :func:`skeleton_anchors`).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

from dedup.prepare.figures import NUMBER, number_value
from dedup.prepare.scripts import (
    SKELETON_MIN,
    SKELETON_PREFIX,
    capital_share,
    consonant_skeleton,
    romanise,
    transliterate,
)

ANCHOR_STEM = 5
"""Capitalised words are cut to this many characters, so that inflected names match.
Measured (anchors alone on all wmt+reuters pairs, top 5 partners, cap 64, ~6.3 pairs/art):
recall of wmt pairs with an uncovered side 0.867 uncut -> 0.904 cut at 5; covered pairs
0.926 -> 0.951."""

# ---------------------------------------------------------------- anchors

_CAPITALISED = regex.compile(r"(?<![\p{L}\p{M}\d])\p{Lu}[\p{L}\p{M}'’-]*[\p{L}\p{M}]")
_QUOTED = regex.compile(r"[\"“”„«»]([^\"“”„«»\n]{8,120}?)[\"“”„«»]")
_QUOTE_WORDS = 4


# Every script to Latin (dedup.prepare.scripts.romanise), so that a Russian, Greek or Armenian name
# meets its Czech, German or English spelling at least in its first ANCHOR_STEM letters
# ("Путин" -> "putin"). Measured on wmt with the earlier hand-written Cyrillic table: recall of
# cs-ru pairs by anchors 0.39 -> 0.89, of covered pairs by anchors alone 0.87 -> 0.95.
def _fold(word: str) -> str:
    """Romanised, NFKD, marks dropped, case-folded: "São" -> "sao", "Путин" -> "putin"."""
    return "".join(c for c in unicodedata.normalize("NFKD", romanise(word))
                   if not unicodedata.combining(c)).casefold()


def anchors(text: str, *, stem: int = ANCHOR_STEM, quotes: bool = False) -> frozenset[str]:
    """Language-independent anchors of ``text``: numbers, capitalised words, quotes.

    Numbers become ``#<value>`` ("#1000", "#5.93"); capitalised words (any script with
    case) are romanised (Cyrillic), ASCII-folded, case-folded and cut to ``stem``
    characters ("Zürich" -> "zuric"), words shorter than 3 letters dropped. With
    ``quotes``, a quoted passage of 8-120 characters becomes ``"`` + its first four
    folded words: off by default, as quotes are translated with the text (measured,
    setting of :data:`ANCHOR_STEM`: without them recall 0.951 / 0.904 covered /
    uncovered, with them 0.948 / 0.895; semeval translations 0.943 either way).
    """
    out: set[str] = set()
    for raw in NUMBER.findall(text):
        out.add("#" + number_value(raw))
    for word in _CAPITALISED.findall(text):
        folded = _fold(word)
        if len(folded) >= 3:
            out.add(folded[:stem] if stem > 0 else folded)
    for quote in _QUOTED.findall(text) if quotes else ():
        words = _fold(quote).split()
        if len(words) >= 2:
            out.add('"' + " ".join(words[:_QUOTE_WORDS]))
    return frozenset(out)


# Consonant skeletons, for names across a script without letter case (Devanagari):
# transliterated (dedup.prepare.scripts.transliterate), folded, variant spellings merged, vowels,
# h, y and doubled letters dropped ("कृष्ण" -> "krsn" = "Krishna"; "मथुरा" = "Mathura" ->
# "mtr"), cut to SKELETON_PREFIX letters, kept with SKELETON_MIN letters or more.
_ANY_WORD = regex.compile(r"[\p{L}\p{M}]+")
_CASELESS_LETTER = regex.compile(r"[^\P{L}\p{Lu}\p{Ll}\p{Lt}]")


@lru_cache(maxsize=65536)
def _skeleton(word: str) -> str:
    return consonant_skeleton(_fold(transliterate(word)))


# Georgian (Mkhedruli) letters are lower case since Unicode 11 (Mtavruli capitals exist)
# but prose never capitalises, so Georgian versions showed no name to the anchors (ntrex:
# recall 0.74). Capitals among the letters of a text's own script
# (dedup.prepare.scripts.capital_share)
# on ntrex: Georgian 0 in all 65 versions; every cased language 0.0087 at least (medians
# 0.026-0.044). Below _CAPITALS_PER_LETTER a text is read as caseless.
_CAPITALS_PER_LETTER = 1 / 200


def is_caseless(text: str) -> bool:
    """Whether ``text`` (its first 2,000 characters) is written without capitals: most of
    its letters have no case (Devanagari, Arabic, Thai), or its script's capitals are
    unused (Georgian)."""
    head = text[:2000]
    if 2 * len(_CASELESS_LETTER.findall(head)) > sum(map(str.isalpha, head)):
        return True
    share = capital_share(head)
    return share is not None and share < _CAPITALS_PER_LETTER


def skeleton_anchors(text: str) -> frozenset[str]:
    """``~`` + consonant skeletons of the names of ``text``, so that a script without case meets
    a Latin or Cyrillic spelling: capitalised words, and every word of a caseless script.

    "Krishna" and "कृष्ण" both give "~krsn". In a caseless script every word is a candidate
    (common words are skipped by the index's posting cap, or rare partners in another script).
    """
    out: set[str] = set()
    every = is_caseless(text)
    for word in _ANY_WORD.findall(text):
        first = word[0]
        if every or first.isupper() or (first.isalpha() and first.lower() == first.upper()):
            skeleton = _skeleton(word)
            if len(skeleton) >= SKELETON_MIN:
                out.add("~" + skeleton[:SKELETON_PREFIX])
    return frozenset(out)
