"""langdetect's n-gram features of a text, exactly as langdetect extracts them, faster.

langdetect turns a text into a list of character 1-3-grams (``Detector.append``
then ``cleaning_text`` then ``_extract_ngrams``) and draws from that list at
random; the *order* of the list therefore matters as much as its content, since
``random.choice`` picks by index. langdetect builds it one character at a time
through ``NGram.add_char``, which costs a third of its time on a 500-character
sample. Here the same list comes out of whole-string operations:

* ``append`` (URL and e-mail removal, Vietnamese normalisation, runs of spaces
  collapsed, ``max_text_length`` cut) reuses langdetect's own regular expressions
  and ``NGram.normalize_vi``;
* ``NGram.normalize`` maps one character to one character whatever its
  neighbours, so the whole text is normalised by ``str.translate`` through a
  table filled lazily by langdetect's own ``normalize``;
* ``add_char`` restarts its buffer at every space, so the n-grams of a text are
  those of its space-separated words in turn, each seen as ``" word"`` plus the
  trailing space when one follows; the capital-word rule (skip a character
  that is upper case after an upper-case character) never looks across a
  space. A word's n-grams are therefore a function of the word alone and are
  cached: news repeats its words, and a cache hit is one dict look-up.

The n-grams come out as row numbers of :class:`ProfileTable`, whose matrix
holds langdetect's ``word_lang_prob_map`` (87,598 n-grams x 55 languages,
38 MB of float64), so that the estimation can gather rows with numpy.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from langdetect.detector_factory import DetectorFactory

__all__ = ["MAX_TEXT_LENGTH", "ProfileTable", "detector_text", "gram_rows", "profile_table"]

# langdetect's Detector.max_text_length default (an instance attribute set in
# Detector.__init__, so it cannot be read from the class): the part of the text,
# after URL/e-mail removal, that detection looks at.
MAX_TEXT_LENGTH = 10000

# Word cache size: a word's n-gram rows are ~5 ints; 200,000 words is a few
# tens of MB at most, and the cache is simply emptied when full.
_WORD_CACHE_MAX = 200_000

_SPACES = re.compile(" {2,}")
# cleaning_text counts characters in 'A'..'z' (which includes [\]^_` ) as Latin
# and those from U+0300 up as non-Latin. It means to leave out Latin Extended
# Additional (Vietnamese letters) but compares unicode_block()'s number with
# the block's *name*, which is never equal, so in langdetect 1.0.9 they count
# as non-Latin too; replayed as it behaves.
_LATIN = re.compile("[A-z]")
_NON_LATIN = re.compile("[\u0300-\U0010ffff]")


@dataclass(eq=False)
class ProfileTable:
    """langdetect's profiles as a matrix: row ``index[gram]`` = that n-gram's 55 probabilities."""

    langs: tuple[str, ...]
    index: dict[str, int]
    matrix: npt.NDArray[np.float64]
    words: dict[tuple[str, bool], tuple[int, ...]] = field(default_factory=dict, repr=False)


def profile_table(factory: DetectorFactory) -> ProfileTable:
    """The factory's ``langlist`` and ``word_lang_prob_map`` as a :class:`ProfileTable`."""
    prob_map: dict[str, list[float]] = factory.word_lang_prob_map
    grams = list(prob_map)
    matrix = np.array([prob_map[g] for g in grams], dtype=np.float64)
    return ProfileTable(
        langs=tuple(str(lang) for lang in factory.langlist),
        index={g: i for i, g in enumerate(grams)},
        matrix=matrix,
    )


class _Normalized(dict[int, str]):
    """``str.translate`` table of ``NGram.normalize``, filled on first sight of a character."""

    def __missing__(self, codepoint: int) -> str:
        from langdetect.utils.ngram import NGram

        normalized: str = NGram.normalize(chr(codepoint))
        self[codepoint] = normalized
        return normalized


_normalized = _Normalized()
_word_lock = threading.Lock()


def detector_text(text: str, max_text_length: int = MAX_TEXT_LENGTH) -> str:
    """``Detector.append(text)`` followed by ``cleaning_text()``: the text langdetect reads."""
    from langdetect.detector import Detector
    from langdetect.utils.ngram import NGram

    text = Detector.URL_RE.sub(" ", text)
    text = Detector.MAIL_RE.sub(" ", text)
    text = NGram.normalize_vi(text)
    text = _SPACES.sub(" ", text[:max_text_length])
    if not text.isascii():
        non_latin = len(_NON_LATIN.findall(text))
        if len(_LATIN.findall(text)) * 2 < non_latin:
            text = _LATIN.sub("", text)
    return text


def _word_rows(word: str, trailing_space: bool, index: dict[str, int]) -> tuple[int, ...]:
    """Rows of the n-grams ``add_char`` yields for one word (no spaces, normalised)."""
    s = " " + word + (" " if trailing_space else "")
    rows: list[int] = []
    for i in range(1, len(s)):
        ch, prev = s[i], s[i - 1]
        if ch.isupper() and prev.isupper():  # NGram.capitalword
            continue
        grams = (ch, s[i - 1 : i + 1], s[i - 2 : i + 1]) if prev != " " else (ch, s[i - 1 : i + 1])
        for n, gram in enumerate(grams):
            if n == 0 and gram == " ":
                continue
            row = index.get(gram)
            if row is not None:
                rows.append(row)
    return tuple(rows)


def gram_rows(text: str, table: ProfileTable) -> npt.NDArray[np.int64]:
    """The rows of ``Detector._extract_ngrams()``'s list for ``text``, in its order.

    ``text`` is what :func:`detector_text` returns. Empty when langdetect would
    raise "No features in text".
    """
    words = table.words
    index = table.index
    pieces = text.translate(_normalized).split(" ")
    out: list[int] = []
    last = len(pieces) - 1
    for k, word in enumerate(pieces):
        if not word:
            continue
        key = (word, k < last)
        rows = words.get(key)
        if rows is None:
            rows = _word_rows(word, k < last, index)
            with _word_lock:
                if len(words) >= _WORD_CACHE_MAX:
                    words.clear()
                words[key] = rows
        out.extend(rows)
    return np.array(out, dtype=np.int64)

