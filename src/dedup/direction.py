"""Translation direction from text alone: which language version is the source.

A translation keeps the source's proper names (people, places, firms of the
source country) spelled as in the source language: "Václav" stays "Václav" in
the English, French and German versions of a Czech story. Two estimates, the
second only where the first says nothing:

1. *Shared spellings.* For every capitalised word of four or more letters that
   occurs in versions of at least two languages, langdetect's character
   n-gram profiles say which of the versions *holding it* explains its
   spelling best; that version gets a vote weighted by its margin over the
   runner-up (per letter), four times over for a name with a letter outside
   ASCII (:data:`DIACRITIC_WEIGHT`). A version that respelled the name (and so lacks it)
   is no candidate for it.
2. *Names across scripts* (Cyrillic, Devanagari vs Latin, where no spelling can
   be shared). Names are paired through a transliteration to Latin and a
   consonant skeleton ("Абдулатипов" ~ "Abdulatipov", "मोदी" ~ "Modi"); each
   side's spelling is scored under its own language's profile *relative to
   that text's ordinary words*: the source spells its names natively, a
   translation spells them as foreign words. The side whose names are the
   less foreign gets the difference as a vote.

The version with the most weight is the likely source. Measured by
``benchmarks/direction_probe.py`` (gold membership, figures there): it is weak
evidence, used by :mod:`dedup.origin` only for pairs in different languages and
weighed below dates and credits.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import regex

__all__ = ["DIACRITIC_WEIGHT", "MIN_LETTERS", "source_version", "transliterate"]

MIN_LETTERS = 4
_NAME = regex.compile(r"\b\p{Lu}\p{L}{" + str(MIN_LETTERS - 1) + r",}\b")
# A name for the cross-script estimate: capitalised, not opening a line or a
# sentence (where any word is capitalised).
_INNER_NAME = regex.compile(
    r"(?<!^)(?<![.!?:]\s)\b\p{Lu}\p{Ll}{" + str(MIN_LETTERS - 1) + r",}\b", regex.MULTILINE
)
# Words of scripts without letter case (Devanagari): vowel signs are marks.
_WORD = regex.compile(r"[\p{L}\p{M}]{" + str(MIN_LETTERS) + r",}")
_SMOOTHING = 1e-5
# A name with a letter outside ASCII ("Gyurcsány", "Třebová") is spelled in few
# alphabets, so its vote counts this many times. Fitted on the wmt clusters of
# every set but newstest2014 (661 with a known original; weight 1 / 2 / 4 / 10
# -> 0.620 / 0.643 / 0.651 / 0.641 named), held out on newstest2014 (548):
# 0.672 with weight 1, 0.681 with 4 (benchmarks/direction_probe.py prints both).
DIACRITIC_WEIGHT = 4.0
# Ordinary words scored per text for the baseline of the cross-script estimate;
# the mean over 300 words moves the per-letter fit by less than 0.01 (wmt).
_BASELINE_WORDS = 300
# Skeleton letters two names must share at the start to be paired: 3 at least
# (two consonants pair unrelated names), compared on the first 4 (inflected
# Russian endings, "Дагестана" ~ "Dagestan", differ after the stem).
_MIN_SKELETON = 3
_SKELETON_PREFIX = 4

_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o",
     "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e",
     "yu", "ya", "i", "yi", "ye", "g", "u"],
    strict=True,
))
_DEVANAGARI_PAIRS = (
    "क k ख kh ग g घ gh ङ n च ch छ chh ज j झ jh ञ n ट t ठ th ड d ढ dh ण n त t थ th "
    "द d ध dh न n प p फ f ब b भ bh म m य y र r ल l व v श sh ष sh स s ह h "
    "अ a आ a इ i ई i उ u ऊ u ऋ ri ए e ऐ ai ओ o औ au ा a ि i ी i ु u ू u ृ ri े e "
    "ै ai ो o ौ au ं n ँ n ः h ॉ o ऑ o"
)
_DEVANAGARI = dict(zip(*[iter(_DEVANAGARI_PAIRS.split(" "))] * 2, strict=True))
_DEVANAGARI.update({"\u094d": "", "\u093c": ""})  # virama, nukta
_TRANSLITERATION = {**_CYRILLIC, **_DEVANAGARI}
_SKELETON_SUBSTITUTIONS = (("tsch", "ch"), ("tch", "ch"), ("ph", "f"), ("x", "ks"),
                           ("ck", "k"), ("q", "k"), ("c", "k"), ("w", "v"), ("z", "s"),
                           ("j", "g"))
_VOWELS = regex.compile(r"[aeiouyh'\p{M}]|[^\p{ASCII}]")
_DOUBLED = regex.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def _fit(word: str, lang: str) -> float:
    """Log-likelihood of the word's character 1-3-grams under langdetect's profile of ``lang``."""
    from dedup.language import langdetect_factory

    factory = langdetect_factory()
    index = factory.langlist.index(lang)
    profile = factory.word_lang_prob_map
    padded = f" {word} "
    return sum(
        math.log(profile[g][index] + _SMOOTHING)
        for n in (1, 2, 3)
        for i in range(len(padded) - n + 1)
        if (g := padded[i : i + n]) in profile
    )


def transliterate(word: str) -> str:
    """Lower-case Latin letters for a Cyrillic or Devanagari word (others kept as they are).

    Devanagari consonants get no inherent vowel ("मोदी" -> "modi", "नरेंद्र" ->
    "nrendr"): only the consonant skeleton is compared.
    """
    return "".join(_TRANSLITERATION.get(c, c) for c in word.lower())


def _skeleton(latin: str) -> str:
    """Consonants of a Latin spelling, variants merged ("Khartchenko" ~ "Kharchenko")."""
    out = latin.lower()
    for old, new in _SKELETON_SUBSTITUTIONS:
        out = out.replace(old, new)
    return str(_DOUBLED.sub(r"\1", _VOWELS.sub("", out)))


def _is_latin(text: str) -> bool:
    letters = regex.findall(r"\p{L}", text[:2000])
    return bool(letters) and sum(c.isascii() for c in letters) > len(letters) / 2


def _names(text: str) -> set[str]:
    words = set(_INNER_NAME.findall(text))
    if words:
        return words
    # Scripts without case: every word is a candidate; pairing with the other
    # side's names sorts them out.
    return {w for w in _WORD.findall(text) if not any(c.isupper() for c in w)}


def _baseline(text: str, lang: str) -> float:
    """Mean per-letter fit of the text's ordinary (not capitalised) words under ``lang``."""
    words = [w for w in _WORD.findall(text) if not w[0].isupper()][:_BASELINE_WORDS]
    if not words:
        return 0.0
    return sum(_fit(w.lower(), lang) / len(w) for w in words) / len(words)


def _shared_spelling_votes(
    texts: Sequence[str], langs: Sequence[str | None], members: list[int]
) -> tuple[dict[int, float], dict[int, list[str]]]:
    holding = {k: set(_NAME.findall(texts[k])) for k in members}
    shared: Counter[str] = Counter()
    for k in members:
        shared.update(holding[k])
    votes: dict[int, float] = {}
    voters: dict[int, list[str]] = {}
    for name in sorted(t for t, c in shared.items() if c >= 2):
        candidates = [k for k in members if name in holding[k]]
        if len({langs[k] for k in candidates}) < 2:
            continue
        fits = {k: _fit(name.lower(), str(langs[k])) for k in candidates}
        ranked = sorted(fits.values())
        best = max(fits, key=lambda k: (fits[k], -k))
        weight = 1.0 if name.isascii() else DIACRITIC_WEIGHT
        votes[best] = votes.get(best, 0.0) + weight * (ranked[-1] - ranked[-2]) / len(name)
        voters.setdefault(best, []).append(name)
    return votes, voters


def _cross_script_votes(
    texts: Sequence[str], langs: Sequence[str | None], members: list[int]
) -> tuple[dict[int, float], dict[int, list[str]]]:
    votes: dict[int, float] = {}
    voters: dict[int, list[str]] = {}
    latin = {k: _is_latin(texts[k]) for k in members}
    for k in members:
        for other in members:
            if not latin[k] or latin[other] or langs[k] == langs[other]:
                continue
            lang_k, lang_o = str(langs[k]), str(langs[other])
            by_skeleton: dict[str, list[str]] = {}
            for word in sorted(_names(texts[other])):
                skeleton = _skeleton(transliterate(word))
                if len(skeleton) >= _MIN_SKELETON:
                    by_skeleton.setdefault(skeleton[:_SKELETON_PREFIX], []).append(word)
            base_k, base_o = _baseline(texts[k], lang_k), _baseline(texts[other], lang_o)
            for name in sorted(_names(texts[k])):
                skeleton = _skeleton(name)
                found = by_skeleton.get(skeleton[:_SKELETON_PREFIX])
                if len(skeleton) < _MIN_SKELETON or not found:
                    continue
                twin = min(found, key=lambda w: (len(w), w))
                native_k = _fit(name.lower(), lang_k) / len(name) - base_k
                native_o = _fit(twin.lower(), lang_o) / len(twin) - base_o
                winner, word = (k, name) if native_k > native_o else (other, twin)
                votes[winner] = votes.get(winner, 0.0) + abs(native_k - native_o)
                voters.setdefault(winner, []).append(word)
    return votes, voters


def source_version(
    texts: Sequence[str], langs: Sequence[str | None]
) -> tuple[int, float, list[str]] | None:
    """(index of the likely source, its vote share, the names that voted for it), or None.

    None when fewer than two distinct known languages are given or no name is
    shared or paired. Languages are langdetect codes; unknown ones are left out.
    """
    from dedup.language import langdetect_factory

    known = set(langdetect_factory().langlist)
    members = [k for k, lang in enumerate(langs) if lang in known]
    if len({langs[k] for k in members}) < 2:
        return None
    votes, voters = _shared_spelling_votes(texts, langs, members)
    if not votes:
        votes, voters = _cross_script_votes(texts, langs, members)
    if not votes or sum(votes.values()) <= 0:
        return None
    source = max(votes, key=lambda k: (votes[k], -k))
    return source, votes[source] / sum(votes.values()), sorted(set(voters[source]))
