"""Translation direction from text alone: which language version is the source.

Three kinds of evidence a translation carries, weighed together:

1. *A translation runs longer than its source.* A translator makes explicit
   what the source left implicit, so a translation is longer than the usual
   length ratio of its two languages: on the (original, translation) sub-pairs
   of the wmt gold clusters, cs->en English versions run +0.136 log chars
   against the Czech, en->cs Czech ones -0.006 against the English. Each
   language's usual length (:data:`VERBOSITY`, log chars relative to English)
   and the expansion (:data:`EXPANSION`, give or take :data:`LENGTH_SIGMA`)
   were fitted by least squares; a version's score is the mean Gaussian
   log-likelihood of the other versions' lengths if it were their source.
2. *Names spelled as in the source.* A translation keeps the source's proper
   names (people, places, firms of the source country) spelled as in the
   source language: "Václav" stays "Václav" in the English, French and German
   versions of a Czech story.

   a. *Shared spellings.* For every capitalised word of four or more letters
      that occurs in versions of at least two languages, langdetect's character
      n-gram profiles say which of the versions *holding it* explains its
      spelling best; that version gets a vote weighted by its margin over the
      runner-up (per letter), four times over for a name with a letter outside
      ASCII (:data:`DIACRITIC_WEIGHT`). A version that respelled the name (and
      so lacks it) is no candidate for it.
   b. *Names across scripts* (any script vs Latin, where no spelling
      can be shared), only where no spelling is shared. Names are paired
      through a transliteration to Latin (:mod:`dedup.prepare.scripts`) and a consonant skeleton
      ("Абдулатипов" ~ "Abdulatipov", "मोदी" ~ "Modi"); each side's spelling is
      scored under its own language's profile *relative to that text's
      ordinary words*: the source spells its names natively, a translation
      spells them as foreign words. The side whose names are the less foreign
      gets the difference as a vote.

   A version's score is its share of the name votes (:data:`NAMES_WEIGHT`).
3. *Where the story is set.* A story written in Czech is mostly set in
   Czechia, and its translations keep the places, institutions, currency and
   people: mentions of each language's countries (:data:`SETTING`, in the
   spellings of every wmt language) are counted over all versions; a version's
   score is its language's share of them (:data:`SETTING_WEIGHT`).

The version with the highest sum is the likely source; its ``share`` is a
softmax of the sums. Measured by ``benchmarks/probes/direction_probe.py`` (gold
membership; fit on every wmt set but newstest2014, held out on newstest2014):
the source is named in 0.829 of the 1,209 clusters (fit 0.787, held out 0.880;
names alone 0.664, 0.651 / 0.681), X->en sub-pairs 0.866 and en->X 0.967
(names alone 0.580 and 0.850). The share is about right on pairs (held out:
reported 0.9 and over, right 307 of 320 times) and understated on clusters of
five or six versions (fit part: reported 0.2-0.6, right 348 of 477 times). It is used
by :mod:`dedup.attribute.origin` only for versions in different languages and weighed
below dates and credits. The length evidence assumes whole translations: an
abridged or padded version misleads it.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from importlib.resources import files
from typing import NamedTuple

import regex

from dedup.prepare.scripts import SKELETON_MIN, SKELETON_PREFIX, consonant_skeleton, transliterate

__all__ = [
    "DIACRITIC_WEIGHT", "EXPANSION", "LENGTH_SIGMA", "MIN_LETTERS", "NAMES_WEIGHT", "SETTING",
    "SETTING_WEIGHT", "SKELETON_MIN", "SKELETON_PREFIX", "VERBOSITY", "SourceEstimate",
    "combine", "components", "consonant_skeleton", "setting_mentions", "source_version",
    "transliterate",
]

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
# 0.672 with weight 1, 0.681 with 4 (benchmarks/probes/direction_probe.py prints both).
DIACRITIC_WEIGHT = 4.0
# Ordinary words scored per text for the baseline of the cross-script estimate;
# the mean over 300 words moves the per-letter fit by less than 0.01 (wmt).
_BASELINE_WORDS = 300


# Length of a translation: log(chars) of each language's version of one text,
# relative to English (VERBOSITY), and how much longer a translation runs than
# that usual ratio against its source (EXPANSION, log chars), give or take
# LENGTH_SIGMA. Least squares over the (original, translation) sub-pairs of the
# wmt gold clusters of every set but newstest2014 (2,744 sub-pairs; `python
# benchmarks/probes/direction_probe.py --fit`). Translations are more explicit: on
# cs-en, cs->en English runs +0.136 log chars against the Czech, en->cs -0.006.
VERBOSITY = {"cs": -0.070, "de": 0.111, "en": 0.0, "es": 0.091, "fi": -0.011, "fr": 0.107,
             "hi": -0.087, "hu": 0.025, "it": 0.091, "ru": -0.005}
EXPANSION = 0.060
LENGTH_SIGMA = 0.055
# Weights of the name vote share and of the setting share beside the length
# log-likelihood (a mean over the other versions); grid on the same fit part
# (`direction_probe.py --fit`): names 0 / 0.5 / 1 / 1.5 / 2 with setting 0.5 ->
# 0.722 / 0.770 / 0.788 / 0.778 / 0.767 named; setting 0 / 0.25 / 0.5 / 0.75 / 1
# with names 1 -> 0.759 / 0.787 / 0.788 / 0.784 / 0.772 (held out: 0.880 at 1, 0.5).
NAMES_WEIGHT = 1.0
SETTING_WEIGHT = 0.5
# Where the story is set: a translation keeps the places, institutions and
# currency of its source's country. Per language, lower-case word starts of
# its countries' names, adjectives, capitals and major cities, parties,
# and currency (no people: they go out of office), spelled as in every
# language of the wmt sets (English exonyms included); "$" marks a whole
# word, "_" a space. Counted over all versions.
# The table is data (``setting.json``: per language, its entries), read once here.
SETTING: dict[str, str] = {
    lang: " ".join(entries)
    for lang, entries in json.loads(
        files("dedup.attribute").joinpath("setting.json").read_text(encoding="utf-8")
    ).items()
}


def _setting_entries() -> tuple[dict[str, str], dict[str, str]]:
    exact: dict[str, str] = {}
    prefix: dict[str, str] = {}
    for lang, entries in SETTING.items():
        for entry in entries.split():
            entry = entry.replace("_", " ")
            if entry.endswith("$"):
                exact[entry[:-1]] = lang
            else:
                prefix[entry] = lang
    return exact, prefix


_SETTING_EXACT, _SETTING_PREFIX = _setting_entries()
_SETTING_LENGTHS = sorted({len(p) for p in _SETTING_PREFIX})
# Every entry has three letters at least: a word whose first three match none is skipped.
_SETTING_STARTS = {e[:3] for e in [*_SETTING_EXACT, *_SETTING_PREFIX]}
_SETTING_WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}.\-]*")


@lru_cache(maxsize=65536)
def _fit(word: str, lang: str) -> float:
    """Log-likelihood of the word's character 1-3-grams under langdetect's profile of ``lang``."""
    from dedup.prepare.language import langdetect_factory

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
                skeleton = consonant_skeleton(transliterate(word))
                if len(skeleton) >= SKELETON_MIN:
                    by_skeleton.setdefault(skeleton[:SKELETON_PREFIX], []).append(word)
            base_k, base_o = _baseline(texts[k], lang_k), _baseline(texts[other], lang_o)
            for name in sorted(_names(texts[k])):
                skeleton = consonant_skeleton(name)
                found = by_skeleton.get(skeleton[:SKELETON_PREFIX])
                if len(skeleton) < SKELETON_MIN or not found:
                    continue
                twin = min(found, key=lambda w: (len(w), w))
                native_k = _fit(name.lower(), lang_k) / len(name) - base_k
                native_o = _fit(twin.lower(), lang_o) / len(twin) - base_o
                winner, word = (k, name) if native_k > native_o else (other, twin)
                votes[winner] = votes.get(winner, 0.0) + abs(native_k - native_o)
                voters.setdefault(winner, []).append(word)
    return votes, voters


class SourceEstimate(NamedTuple):
    """The likely source version and what was seen.

    ``share`` is the estimate's probability for it (a softmax of the combined
    scores over the versions); ``names`` the shared or paired names that voted
    for it; ``evidence`` one sentence per kind of evidence that favoured it.
    """

    source: int
    share: float
    names: list[str]
    evidence: list[str]


def setting_mentions(text: str) -> list[tuple[str, str]]:
    """(language, word) for every mention of a place, institution or currency of :data:`SETTING`."""
    found = []
    words = [w.rstrip(".") for w in _SETTING_WORD.findall(text)]
    for i, word in enumerate(words):
        low = word.lower()
        if low[:3] not in _SETTING_STARTS:
            continue
        seen = word
        lang = _SETTING_EXACT.get(low)
        candidates = [(low, word)]
        if i + 1 < len(words):
            candidates.append((f"{low} {words[i + 1].lower()}", f"{word} {words[i + 1]}"))
        for candidate, shown in candidates:
            for n in _SETTING_LENGTHS:
                if lang is not None or n > len(candidate):
                    break
                lang = _SETTING_PREFIX.get(candidate[:n])
                seen = shown
        if lang is not None:
            found.append((lang, seen))
    return found


def _norm_length(text: str, lang: str) -> float:
    """Log characters of ``text`` less its language's usual length (:data:`VERBOSITY`)."""
    return math.log(max(len(text.strip()), 1)) - VERBOSITY[lang]


def _length_scores(texts: Sequence[str], langs: Sequence[str | None],
                   members: list[int]) -> dict[int, float]:
    """Mean Gaussian log-likelihood of the others' lengths if ``k`` is their source.

    A translation of the source ``k`` is :data:`EXPANSION` longer (log chars)
    than the usual ratio of the two languages (:data:`VERBOSITY`), give or take
    :data:`LENGTH_SIGMA`. Versions in a language without a fitted verbosity take
    no part, nor do all but the longest version of a language: an excerpt or a
    version with dropped paragraphs is short for another reason than being
    the source.
    """
    whole: dict[str, int] = {}
    for k in members:
        lang = str(langs[k])
        if lang in VERBOSITY and (lang not in whole or
                                  len(texts[k].strip()) > len(texts[whole[lang]].strip())):
            whole[lang] = k
    norm = {k: _norm_length(texts[k], str(langs[k])) for k in whole.values()}
    if len({langs[k] for k in norm}) < 2:
        return {}
    return {
        k: -sum((norm[j] - norm[k] - EXPANSION) ** 2 for j in norm if j != k)
        / (len(norm) - 1) / (2 * LENGTH_SIGMA**2)
        for k in norm
    }


def components(texts: Sequence[str], langs: Sequence[str | None]) -> _Components | None:
    """The three scores per version before weighting (None: fewer than two known languages)."""
    from dedup.prepare.language import langdetect_factory

    known = set(langdetect_factory().langlist)
    members = [k for k, lang in enumerate(langs) if lang in known]
    if len({langs[k] for k in members}) < 2:
        return None
    votes, voters = _shared_spelling_votes(texts, langs, members)
    if not votes:
        votes, voters = _cross_script_votes(texts, langs, members)
    total = sum(votes.values())
    names = {k: v / total for k, v in votes.items()} if total > 0 else {}
    mentions: dict[str, Counter[str]] = {}
    for k in members:
        for lang, word in setting_mentions(texts[k]):
            mentions.setdefault(lang, Counter())[word] += 1
    present = {str(langs[k]) for k in members}
    setting_total = sum(sum(mentions.get(lang, Counter()).values()) for lang in present)
    setting = ({k: sum(mentions.get(str(langs[k]), Counter()).values()) / setting_total
                for k in members} if setting_total else {})
    return _Components(members, _length_scores(texts, langs, members), names, voters,
                       setting, mentions)


class _Components(NamedTuple):
    members: list[int]
    length: dict[int, float]
    names: dict[int, float]
    voters: dict[int, list[str]]
    setting: dict[int, float]
    mentions: dict[str, Counter[str]]


def combine(found: _Components, texts: Sequence[str], langs: Sequence[str | None],
            names_weight: float = NAMES_WEIGHT,
            setting_weight: float = SETTING_WEIGHT) -> SourceEstimate | None:
    """Weigh the components (see the module docstring); None when no evidence speaks."""
    members = found.members
    if not (found.length or found.names or found.setting):
        return None
    mean_length = (sum(found.length.values()) / len(found.length)) if found.length else 0.0
    score = {
        k: found.length.get(k, mean_length) + names_weight * found.names.get(k, 0.0)
        + setting_weight * found.setting.get(k, 0.0)
        for k in members
    }
    source = max(members, key=lambda k: (score[k], -k))
    top = score[source]
    share = 1.0 / sum(math.exp(score[k] - top) for k in members)
    lang = str(langs[source])
    evidence = []
    if found.length and source in found.length and found.length[source] == max(
            found.length.values()):
        norm = {k: _norm_length(texts[k], str(langs[k])) for k in found.length}
        longer = sorted(math.exp(norm[k] - norm[source]) - 1 for k in norm if k != source)
        many = len(longer) > 1
        span = (f"versions are {longer[0]:+.0%} to {longer[-1]:+.0%}" if many
                else f"version is {longer[0]:+.0%}")
        evidence.append(
            f"the other {span} long against the {lang} one after the usual length ratio of "
            f"{'their languages' if many else 'the two languages'} (translations run about "
            f"{math.exp(EXPANSION) - 1:.0%} longer than their source)")
    if found.names.get(source, 0.0) == max(found.names.values(), default=-1.0):
        shown = ", ".join(f"'{n}'" for n in sorted(set(found.voters[source]))[:3])
        evidence.append(f"names the versions share are spelled as in {lang} ({shown})")
    seen = found.mentions.get(lang)
    if seen and found.setting.get(source, 0.0) == max(found.setting.values(), default=-1.0):
        shown = ", ".join(f"'{w}'" for w, _ in seen.most_common(3))
        evidence.append(f"the story is set where {lang} is spoken ({shown}: "
                        f"{sum(seen.values())} mentions over the versions)")
    if not evidence:
        evidence.append("no kind of evidence favours it alone: length, names and setting together")
    return SourceEstimate(source, share, sorted(set(found.voters.get(source, []))), evidence)


def source_version(texts: Sequence[str], langs: Sequence[str | None]) -> SourceEstimate | None:
    """The likely source among versions of one article, or None.

    None when fewer than two distinct known languages are given or nothing
    speaks. Languages are langdetect codes; unknown ones are left out.
    """
    found = components(texts, langs)
    return None if found is None else combine(found, texts, langs)
