"""Writing systems: every script spelled in Latin letters, and the script a text is written in.

Names and numbers are the anchors that survive translation, but only if a name
written in Cyrillic, Arabic, Devanagari, Thai or Ethiopic can be compared with
its Latin spelling. :func:`romanise` is ``anyascii`` (a maintained table of
every Unicode character's ASCII spelling, ISC licence): "Путин" -> "Putin",
"Ђоковић" -> "Djokovic", "Αθήνα" -> "Athina", "ירושלים" -> "yrvslym",
"القاهرة" -> "lqhrh", "ភ្នំពេញ" -> "phnampenh". Abjads (Arabic, Urdu, Persian,
Hebrew) write no short vowels, so only consonant skeletons
(:func:`consonant_skeleton`) compare across scripts; the project
compares skeletons everywhere for that reason. Two hand-written Cyrillic tables
(in ``direction`` and ``semantic_index``) did this before and disagreed (Serbian
ј/љ/њ/ћ/ђ/џ were missing from one); ntrex (33 languages) has 14 scripts.

:func:`script_of` names the script most letters of a text are written in (the
first word of their Unicode names: ``LATIN``, ``CYRILLIC``, ``ARABIC``, ...).
Two versions in different scripts are in different languages whatever their
language labels say (langdetect calls Armenian and Georgian ``et``, and gives
no label to Amharic, Khmer or Sinhala).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import lru_cache

import regex
from anyascii import anyascii

__all__ = [
    "SKELETON_MIN", "SKELETON_PREFIX", "capital_share", "consonant_skeleton", "romanise",
    "script_of", "transliterate",
]

_SAMPLE = 2000  # characters of a text read by script_of

# Skeleton letters two names must share at the start to be paired: 3 at least
# (two consonants pair unrelated names), compared on the first 4 (inflected
# Russian endings, "Дагестана" ~ "Dagestan", differ after the stem).
SKELETON_MIN = 3
SKELETON_PREFIX = 4

_SKELETON_SUBSTITUTIONS = (("tsch", "ch"), ("tch", "ch"), ("ph", "f"), ("x", "ks"),
                           ("ck", "k"), ("q", "k"), ("c", "k"), ("w", "v"), ("z", "s"),
                           ("j", "g"))
# Dropped from a skeleton: vowels, h, y and everything but the letters a-z (marks,
# apostrophes, letters outside ASCII).
_SKELETON_DROP = regex.compile(r"[aeiouyh]|[^a-z]")
_DOUBLED = regex.compile(r"(.)\1+")


@lru_cache(maxsize=1)
def _nasal_signs() -> frozenset[str]:
    """Anusvara and candrabindu of the Indic scripts (Devanagari to Sinhala)."""
    return frozenset(chr(c) for c in range(0x0900, 0x0E00)
                     if any(k in unicodedata.name(chr(c), "") for k in ("ANUSVARA", "CANDRABINDU")))


@lru_cache(maxsize=131072)
def romanise(word: str) -> str:
    """ASCII spelling of ``word`` in any script (case kept where the script has case).

    One change to anyascii: an Indic anusvara (or candrabindu) is the nasal of the
    consonant after it, so "n" unless a labial follows ("नरेंद्र" -> "nrendr", as in
    "Narendra"; "संबंध" -> "smbndh"); anyascii writes "m" everywhere.
    """
    signs = _nasal_signs()
    if not any(c in signs for c in word):
        return str(anyascii(word))
    out = []
    for k, c in enumerate(word):
        if c in signs:
            after = str(anyascii(word[k + 1:k + 2]))[:1].lower()
            out.append("m" if after in ("p", "b", "m") else "n")
        else:
            out.append(str(anyascii(c)))
    return "".join(out)


@lru_cache(maxsize=4096)
def _script_of_char(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else ""


def script_of(text: str) -> str | None:
    """The script of most letters in the first 2,000 characters of ``text``, or None."""
    counts = Counter(_script_of_char(c) for c in text[:_SAMPLE] if c.isalpha())
    if not counts:
        return None
    return min(counts, key=lambda s: (-counts[s], s))


def capital_share(text: str) -> float | None:
    """Share of capitals among the letters of the main script of ``text`` (its first 2,000
    characters), or None without letters. Georgian has capitals (Mtavruli, Unicode 11)
    that prose never uses: 0 there, whatever its Latin words do."""
    head = [c for c in text[:_SAMPLE] if c.isalpha()]
    main = script_of(text)
    own = [c for c in head if _script_of_char(c) == main]
    return sum(map(str.isupper, own)) / len(own) if own else None


def transliterate(word: str) -> str:
    """Lower-case ASCII spelling of a word in any script (:func:`romanise`).

    Only its consonant skeleton is compared ("मोदी" -> "modi", "नरेंद्र" -> "nrendr",
    "تہران" -> "thrn"), so that abjads, which write no short vowels, meet Latin
    spellings too.
    """
    return romanise(word).lower()


def consonant_skeleton(latin: str) -> str:
    """Consonants of a Latin spelling, variants merged ("Khartchenko" ~ "Kharchenko");
    compared on its first :data:`SKELETON_PREFIX` letters, with :data:`SKELETON_MIN`
    at least. Also what :mod:`dedup.semantic.index` pairs caseless names by."""
    out = latin.lower()
    for old, new in _SKELETON_SUBSTITUTIONS:
        out = out.replace(old, new)
    return str(_DOUBLED.sub(r"\1", _SKELETON_DROP.sub("", out)))
