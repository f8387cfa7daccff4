"""Split a news text into sentences, for any script, with plain regular expressions.

The unit of sentence alignment (:mod:`dedup.semantic.align`). The rules, in order:

1. Lines first: a line break always ends a sentence (WMT texts are one sentence
   per line; headlines, subheads and paragraphs are lines).
2. Within a line, a sentence ends after ``. ! ? …`` (and closing quotes or
   brackets) followed by white space, unless the next sentence would begin with
   a lower-case letter or the word before the full stop is an abbreviation
   ("U.S.", "Dr.", "No. 5", "e.g.", initials "J. R. R."); after ``。！？`` and
   ``｡`` (no space needed); after the Devanagari danda ``। ॥``; after the Arabic
   ``؟`` and ``۔``. Scraped text often loses the space after a full stop
   ("on Wednesday.As of Dec. 16"): a stop glued between a word of three or more
   lower-case letters and a capitalised word also ends a sentence (Latin and
   Cyrillic letters; "U.S.Army", "Mr.Smith", "example.com" stay whole).
3. Fragments shorter than :data:`MIN_WORDS` words (or :data:`MIN_DENSE_CHARS`
   characters of a script written without spaces: Chinese, Japanese, Thai) are
   dropped, except headline lines: the first line of the text, and any line
   that is alone between line breaks and is not a stray token ("|", "©", a
   date), see :func:`_is_headline`.

Deterministic and linear in the length of the text.
"""

from __future__ import annotations

import re

__all__ = ["MIN_DENSE_CHARS", "MIN_WORDS", "split_sentences"]

MIN_WORDS = 3
"""Pieces with fewer words are fragments ("Read more.", "Photo: AFP")."""

MIN_DENSE_CHARS = 6
"""Same bound for scripts without spaces between words, in characters (~3 words)."""

_HEADLINE_MIN_WORDS = 2
_HEADLINE_MIN_DENSE = 4

# Candidate boundary: terminal punctuation, optional closing quotes/brackets, then space.
_LATIN_END = re.compile(r"""[.!?…]+["'”’»)\]]*(?=\s+(\S))""")
# A full stop glued to the next sentence: "Wednesday.As", "covarde.Estamos".
_GLUED_END = re.compile(r"(?<=[a-zß-öø-ÿа-яё]{3}[.!?])(?=[A-ZÀ-ÖØ-ÞА-ЯЁ][a-zß-öø-ÿа-яё])")
# Terminal punctuation of scripts that do not need a following space.
_DENSE_END = re.compile(r"""[。！？｡]+[」』”’)）\]】"']*|[।॥؟۔]+""")

# Words that end in a full stop but do not end a sentence (lower-cased, without the dot).
_ABBREVIATION_WORDS = """
adm al approx apr assn aug bros bzw ca capt cf cmdr co col corp dec dept dr dra dres eg est etc
evtl feb ft gen ggf gov hon hr hrn ie inc ing jan jr jul jun lt ltd mar messrs mlle mme mr mrs ms
mt nov oct pres prof rep rev sen sep sept sgt sr sra sras srta st str univ usw vgl viz vs
"""
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())
# ...only when a number follows: "No. 5", "Art. 3", "Vol. 2", "pp. 10" ("said no. Then" splits).
_NUMBER_ABBREVIATION_WORDS = "art ch fig no nos nr op p pp vol vols"
_NUMBER_ABBREVIATIONS = frozenset(_NUMBER_ABBREVIATION_WORDS.split())
# Dotted acronyms and initials: U.S. / U.K. / e.g. / J.
_DOTTED = re.compile(r"(?:\b\w\.)+$")
_LONGEST_WORD = 24  # only the end of the text before a stop is looked at: linear time

# Characters of scripts written without spaces between words.
_DENSE_CHAR = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f]"
)
_WORD = re.compile(r"\w+")


def _is_abbreviation(line: str, start: int, stop: int, following: str) -> bool:
    """True when the word ending with the full stop at ``line[stop - 1]`` is an abbreviation.

    ``start`` is where the current sentence began; ``following`` the first
    character after the stop and the white space.
    """
    tail = line[max(start, stop - _LONGEST_WORD) : stop].split()
    if not tail:
        return False
    word = tail[-1].lstrip("\"'“‘«([")
    if not word.endswith("."):
        return False
    stem = word[:-1].lower()
    if stem in _ABBREVIATIONS:
        return True
    if stem in _NUMBER_ABBREVIATIONS:
        return following.isdigit()
    return bool(_DOTTED.search(word)) and len(word) <= 6


def _split_line(line: str) -> list[str]:
    """Split one line into sentences (see the module docstring, rule 2)."""
    pieces: list[str] = []
    start = 0
    for match in _LATIN_END.finditer(line):
        end = match.end()
        following = match.group(1)  # the first character of the next sentence
        if following.islower():
            continue
        punct = match.group(0)
        single_stop = punct.startswith(".") and len(punct.rstrip("\"'”’»)]")) == 1
        if single_stop and _is_abbreviation(line, start, match.start() + 1, following):
            continue
        pieces.append(line[start:end])
        start = end
    pieces.append(line[start:])
    pieces = [part for piece in pieces for part in _GLUED_END.split(piece)]
    out: list[str] = []
    for piece in pieces:
        begin = 0
        for match in _DENSE_END.finditer(piece):
            out.append(piece[begin : match.end()])
            begin = match.end()
        out.append(piece[begin:])
    return [s for s in (p.strip() for p in out) if s]


def _size(text: str) -> tuple[int, int]:
    """(words, characters of space-less scripts) of a piece of text."""
    dense = len(_DENSE_CHAR.findall(text))
    words = len(_WORD.findall(_DENSE_CHAR.sub(" ", text))) if dense else len(_WORD.findall(text))
    return words, dense


def _long_enough(text: str, min_words: int, min_dense: int) -> bool:
    words, dense = _size(text)
    return words >= min_words or dense >= min_dense or words + dense // 2 >= min_words


def _is_headline(line: str, first: bool) -> bool:
    """A line kept whole even when short: the title, a subhead ("Kim has new, powerful friends")."""
    if first:
        return _long_enough(line, 1, 2)
    return _long_enough(line, _HEADLINE_MIN_WORDS, _HEADLINE_MIN_DENSE) and not line[:1].isdigit()


def split_sentences(text: str, lang: str | None = None) -> list[str]:
    """The sentences of ``text`` in reading order, fragments dropped (see the module docstring).

    ``lang`` (a langdetect code) is accepted for the callers' convenience and
    future per-language rules; the current rules work from the characters alone.
    """
    del lang  # the rules are script-based; kept in the signature for callers
    sentences: list[str] = []
    first = True
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        pieces = _split_line(line)
        if len(pieces) == 1 and _is_headline(line, first):
            sentences.append(line)
        else:
            sentences.extend(p for p in pieces if _long_enough(p, MIN_WORDS, MIN_DENSE_CHARS))
        first = False
    return sentences
