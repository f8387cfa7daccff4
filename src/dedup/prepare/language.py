"""Language of a text: langdetect, deterministic, on a bounded sample.

Unseeded, langdetect draws its random restarts from a fresh RNG, so the same
short text can come out as different languages on two runs; a report must be
byte-identical across runs, so detectors here are seeded with 0. The seed is set
on a *private* ``DetectorFactory`` built on first use (profiles are loaded once,
behind a lock, so threads share one factory): setting langdetect's global
``DetectorFactory.seed`` at import time would change the behaviour of every
other user of langdetect in the process, and importing dedup must do no work.

Detection runs on a sample of at most ``sample_chars`` characters made of whole
lines from the start of the text, URL lines left out: the language of a news
article is settled in its first paragraphs, and the cost of langdetect grows
with the text. Measured on this machine (seed 0, cache cleared, median of 30):
a 700-word English article (seed 000, 4,200 chars) takes 24 ms given whole and
10 ms on its 1,000-char sample; a cache hit costs ~30 µs (cutting the sample).

langdetect itself is not run: :mod:`dedup.prepare.langdetect_replay` computes its
``get_probabilities()`` (same floats, same order) with numpy, ~3 ms -> ~1 ms for
one 500-character sample and a few tenths of a millisecond per sample when
:func:`detect_languages` detects many together. langdetect's factory still
supplies the profiles and the seed, and ``direction`` reads it.
"""

from __future__ import annotations

import re
import string
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from dedup.config import SAMPLE_CHARS
from dedup.prepare.prose import letters, table_rows

# Table rows are told from prose on the first 4 budgets of non-blank lines: enough for
# the sample when rows come first (a reuters earnings table has 100-400 characters).
READ_FACTOR = 4

if TYPE_CHECKING:
    from langdetect.detector_factory import DetectorFactory

    from dedup.prepare.langdetect_ngrams import ProfileTable
    from dedup.prepare.langdetect_replay import Ranked

# langdetect needs a few words to decide: on a headline-sized text it is often
# confidently wrong (measured, seeds 0-19: "Trump meets Kim" -> et, "Prime
# minister resigns" -> da, every time), so text with fewer letters gets
# (None, None), not a guess. Callers should treat lang_prob as advisory on
# texts not much longer than this.
MIN_LETTERS = 20

_URL_LINE = re.compile(r"^\s*(?:https?://|www\.)\S*\s*$", re.IGNORECASE)

_factory: DetectorFactory | None = None
_table: ProfileTable | None = None
_factory_lock = threading.Lock()


def langdetect_factory() -> DetectorFactory:
    """The private, seeded factory; profiles are loaded once (double-checked lock)."""
    global _factory
    if _factory is None:
        with _factory_lock:
            if _factory is None:
                from langdetect.detector_factory import PROFILES_DIRECTORY
                from langdetect.detector_factory import DetectorFactory as Factory

                factory = Factory()
                factory.load_profile(PROFILES_DIRECTORY)
                factory.set_seed(0)  # an instance attribute: langdetect's global stays as is
                _factory = factory
    return _factory


def langdetect_table() -> ProfileTable:
    """The factory's profiles as a matrix, for :mod:`dedup.prepare.langdetect_replay` (built
    once)."""
    global _table
    if _table is None:
        factory = langdetect_factory()
        with _factory_lock:
            if _table is None:
                from dedup.prepare.langdetect_ngrams import profile_table

                _table = profile_table(factory)
    return _table


def language_sample(text: str, sample_chars: int = SAMPLE_CHARS) -> str:
    """Up to ``sample_chars`` characters of whole prose lines from the start.

    URL lines and table rows (:func:`dedup.prepare.prose.table_rows`: "Shr 25 cts vs
    20 cts", "Pay April 9") are skipped: langdetect reads earnings tables as
    Swedish, Dutch or Latvian. A text whose table rows hold more letters than its
    prose, among the lines read, is a table: its sample is empty (its language
    None).
    When the line that overflows the budget comes while the sample still has
    fewer than ``MIN_LETTERS`` letters (texts stored as one paragraph, or a short
    dateline before long paragraphs), it is cut at the last space before the
    budget so that no word is cut in half.
    """
    lines: list[str] = []
    read = 0  # the rows are judged on the first READ_FACTOR budgets of text (bounded cost)
    for line in text.split("\n"):
        if line.strip() and not _URL_LINE.match(line):
            lines.append(line)
            read += len(line) + 1
            if read > READ_FACTOR * sample_chars:
                break
    kept: list[str] = []
    used = 0
    prose = table = 0  # letters of the sample, of the table rows read
    for line, row in zip(lines, table_rows(lines), strict=True):
        if row:
            table += letters(line)
            continue
        cost = len(line) + (1 if kept else 0)
        if used + cost > sample_chars:
            room = sample_chars - used - (1 if kept else 0)
            if prose < MIN_LETTERS and room > 0:
                cut = line[:room]
                space = cut.rfind(" ")
                kept.append(cut[:space] if space > room // 2 else cut)
                prose += letters(kept[-1])
            break
        kept.append(line)
        used += cost
        prose += letters(line)
    if table > prose:
        return ""
    return "\n".join(kept)


_ASCII_LETTERS = string.ascii_letters.encode("ascii")


def _too_short(sample: str) -> int | None:
    """The sample's letter count, or None when below ``MIN_LETTERS``."""
    # On ASCII samples the letters are exactly [A-Za-z], counted in C: 29 -> 2.5 us
    # per 500-char reuters sample (5,000 samples, CPU time, medians of 5).
    if sample.isascii():
        raw = sample.encode("ascii")
        letters = len(raw) - len(raw.translate(None, _ASCII_LETTERS))
    else:
        letters = sum(1 for ch in sample if ch.isalpha())
    return letters if letters >= MIN_LETTERS else None


def _decide(sample: str, letters: int, ranked: Ranked | None) -> tuple[str | None, float | None]:
    """The language and rounded probability from langdetect's ranking and the script rule."""
    if not ranked:  # None: "No features in text" (digits, symbols, unknown script)
        return None, None
    best_lang, best_prob = ranked[0]
    script_lang = _script_language(sample, letters)
    if script_lang is not None and not best_lang.startswith(script_lang[:2]):
        # The script settles it; keep langdetect's zh-cn/zh-tw choice when it ranked one.
        named = [(lang, prob) for lang, prob in ranked if lang.startswith(script_lang[:2])]
        if named:
            return named[0][0], round(named[0][1], 4)
        return script_lang, None
    return best_lang, round(best_prob, 4)


@lru_cache(maxsize=2048)
def _detect_sample(sample: str) -> tuple[str | None, float | None]:
    """langdetect on one sample; cached because batch inputs repeat texts (wire copies)."""
    from dedup.prepare.langdetect_replay import probabilities_many

    letters = _too_short(sample)
    if letters is None:
        return None, None
    factory = langdetect_factory()
    (ranked,) = probabilities_many([sample], langdetect_table(), factory.seed)
    return _decide(sample, letters, ranked)


# A text is Chinese, Japanese or Korean by its script when at least this share
# of its letters is Han, kana or Hangul. langdetect scores character n-grams, so
# a Chinese text full of Latin names (Indian and US news machine-translated to
# Chinese) can come out as another language: of the 453 SemEval copies, seven
# Chinese sides were labelled no, vi or id (prob 0.57-1.0) and so never reached
# the encoder. Those seven have 38-63 % Han letters in their sample; no WMT,
# Fake.br, Reuters or BBC article has even 5 %, one SemEval article about 20 %
# (it keeps langdetect's label); 0.3 leaves room for the Latin text in CJK articles.
SCRIPT_SHARE = 0.3
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")


# Scripts of one language each that langdetect has no profile for: it labelled all
# 65 Georgian and all 65 Armenian ntrex versions ``et`` with probability 1.0 (from
# the Latin names among them). Their script names the language instead.
_ONE_LANGUAGE_SCRIPTS = (
    ("ka", re.compile(r"[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]")),  # Georgian
    ("hy", re.compile(r"[\u0530-\u058f\ufb13-\ufb17]")),  # Armenian
)


def _script_language(sample: str, letters: int) -> str | None:
    """``ja``, ``ko`` or ``zh-cn`` (or ``ka``, ``hy``) when that script holds most of
    the letters, else None."""
    kana, han, hangul = (len(p.findall(sample)) for p in (_KANA, _HAN, _HANGUL))
    if kana and (kana + han) >= SCRIPT_SHARE * letters:
        return "ja"
    if hangul >= SCRIPT_SHARE * letters:
        return "ko"
    if han >= SCRIPT_SHARE * letters:
        return "zh-cn"
    for lang, script in _ONE_LANGUAGE_SCRIPTS:
        if len(script.findall(sample)) >= SCRIPT_SHARE * letters:
            return lang
    return None


def detect_language(
    text: str, *, sample_chars: int = SAMPLE_CHARS
) -> tuple[str | None, float | None]:
    """The language code (langdetect's: ``en``, ``pt``, ``zh-cn``...) and its probability.

    Returns ``(None, None)`` when the text is too short (fewer than
    ``MIN_LETTERS`` letters in the sample) or has nothing langdetect can use;
    it never raises for such text. The probability is rounded to 4 decimals so
    that reports are stable across platforms.
    """
    return _detect_sample(language_sample(text, sample_chars))


def detect_languages(
    texts: Sequence[str], *, sample_chars: int = SAMPLE_CHARS
) -> list[tuple[str | None, float | None]]:
    """:func:`detect_language` of each text, the same results, computed together.

    langdetect's random walks of all the samples advance in lockstep
    (:mod:`dedup.prepare.langdetect_replay`), which is what makes detection cheap: on a
    chunk of a few hundred news articles it costs a few tenths of a millisecond
    per article against ~1 ms for one text alone.
    """
    from dedup.prepare.langdetect_replay import probabilities_many

    samples = [language_sample(text, sample_chars) for text in texts]
    letters = {sample: _too_short(sample) for sample in samples}
    todo = [sample for sample, count in letters.items() if count is not None]
    found = probabilities_many(todo, langdetect_table(), langdetect_factory().seed)
    ranked = dict(zip(todo, found, strict=True))
    decided: dict[str, tuple[str | None, float | None]] = {
        sample: _decide(sample, count, ranked[sample]) if count is not None else (None, None)
        for sample, count in letters.items()
    }
    return [decided[sample] for sample in samples]
