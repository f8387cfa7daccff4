"""The lines of an article that are about it, not of it: bylines, editors, "Source:" and
"via" lines, credit phrases in six languages ("Originally published by X on DATE"), news
agencies and their datelines and sign-offs. Patterns only; :mod:`dedup.prepare.metadata`
reads the lines with them.
"""

from __future__ import annotations

import json
from importlib.resources import files

import regex

from dedup.prepare.boilerplate import LazyPattern

_F = regex.IGNORECASE | regex.VERSION1

# ------------------------------------------------------------------------- patterns

SEP = LazyPattern(r"\s+[-–—|·•]\s+|\s*[|·•]\s*")
# Every separator holds one of these (uncased) characters.
SEP_CHARS = frozenset("-–—|·•")
URL = LazyPattern(r"https?://[^\s<>\"')\]]+|www\.[^\s<>\"')\]]+", _F)

# A person's name: 1-6 capitalised words, particles allowed ("Fulano de Tal"),
# initials allowed ("J. R. Smith"); "and" joins co-authors.
_NAME_WORD = r"(?:\p{Lu}[\p{L}\p{M}'’.-]*|\p{Lu}\.)"
_PARTICLE = r"(?:de|da|do|dos|das|del|della|di|du|la|le|van|von|der|den|ter|bin|al|el|y|e)"
NAME = LazyPattern(
    rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_WORD}){{0,5}}"
    rf"(?:\s*(?:,|\band\b|\bund\b|\bet\b|&)\s*"
    rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_WORD}){{0,5}})*",
    regex.VERSION1,
)

BYLINE = LazyPattern(r"^(?:by|por|par|von|di)\s+(?P<rest>.+)$", _F)
EDITOR = LazyPattern(
    r"^(?:edited\s+by|editing\s+by|editor|edição|edición|edición\s+de|redacción|redaktion"
    r"|bearbeitet\s+von|a\s+cura\s+di|édité\s+par|edité\s+par)\s*:?\s+(?P<name>.+?)\.?$",
    _F,
)
# Reuters' sign-off: "(Reporting by A; Editing by B)".
REPORTING = LazyPattern(
    r"^\(?\s*(?:additional\s+)?(?:reporting|writing)\s+by\s+(?P<by>[^;)]+?)"
    r"(?:\s*[;,]\s*[^;)]*?editing\s+by\s+(?P<ed>[^;)]+?))?[;\s]*\)?\.?$",
    _F,
)
SOURCE = LazyPattern(
    r"^(?:source|sources|fonte|fontes|fuente|fuentes|quelle|quellen)\s*:\s*(?P<rest>.+)$", _F
)
VIA = LazyPattern(r"^\(?via\s*:?\s+(?P<rest>[^()]{2,80})\)?$", _F)
DATE_LABEL = LazyPattern(
    r"^(?:(?P<updated>updated|last\s+updated|modified|atualizad[oa]|actualizad[oa]"
    r"|mis\s+à\s+jour|aktualisiert|aggiornat[oa])"
    r"|published|posted|date|dated|publicad[oa]|publié|veröffentlicht|datum|fecha|data"
    r"|pubblicato|stand)\b\s*(?:on|em|el|le|am|il|:)?\s*:?\s*",
    _F,
)

# Credit phrases: (pattern for the phrase up to the credited name, language), and
# the news agencies (below): data, in ``credits.json`` beside this module, read once.
# The language only picks the order of an all-numeric date (en: M/D/Y).
_DATA = json.loads(files("dedup.prepare").joinpath("credits.json").read_text(encoding="utf-8"))
_CREDIT_PHRASES: tuple[tuple[str, str], ...] = tuple(
    (phrase["pattern"], phrase["lang"]) for phrase in _DATA["phrases"]
)
# An editor's note may introduce a credit: "Editor's note: this article was first
# published by X and is republished here with permission."
_NOTE = (
    r"(?:(?:editor['’]?s\s+note|nota\s+da\s+redação|nota\s+del\s+editor"
    r"|nota\s+de\s+la\s+redacción|note\s+de\s+la\s+rédaction|anmerkung\s+der\s+redaktion"
    r"|nota\s+della\s+redazione)\s*:\s*)?"
)
CREDITS = tuple(
    (LazyPattern(rf"^[(*_\s]*{_NOTE}{phrase}\b\s*:?\s*(?P<rest>.*)$", _F), lang)
    for phrase, lang in _CREDIT_PHRASES
)
# All credit phrases at once: a line that none of them starts cannot match any
# of ``CREDITS`` (each is this prefix, then more), so it skips their twelve
# separate tries (one regex call costs ~1 us even when it fails at once).
ANY_CREDIT = LazyPattern(
    rf"^[(*_\s]*{_NOTE}(?:{'|'.join(phrase for phrase, _ in _CREDIT_PHRASES)})\b", _F
)
# What follows the credited name in such a note: "and is republished here with
# permission", "e é reproduzido com autorização".
PERMISSION = LazyPattern(
    r"\s+(?:and|e|y|et|und)\s+(?:is|was|has\s+been|é|foi|es|fue|est|a\s+été|wird|wurde|è)\s+"
    r"(?:\p{L}+\s+)?(?:republished|reproduced|reprinted|reproduzid[oa]|republicad[oa]"
    r"|reproducid[oa]|reproduit|republié|nachgedruckt|ripubblicato)\b.*$",
    _F,
)
# The date part of a credit: a preposition, then a run with digits ("on
# 10/31/2025", "em 31 de outubro de 2025", "on March 3, 2024", "am 3. November 2025").
CREDIT_DATE = LazyPattern(
    r"(?:,\s*|\s+)(?:on|em|el|le|am|il|en|in|no|na|at)?\s*"
    r"(?P<date>(?:\p{L}+\.?,?\s+)?\d{1,4}(?:[./-]\d{1,2}[./-]\d{2,4}"
    r"|(?:\.|st|nd|rd|th)?,?\s+(?:de\s+)?\p{L}+\.?,?\s+(?:de\s+)?\d{4}|,?\s+\d{4}))",
    _F,
)
# The preposition between a credit phrase and the credited name (one only:
# "em Le Monde" keeps its "Le").
LEAD = LazyPattern(
    r"^(?:by|in|at|on|from|em|no|na|nos|nas|por|pela|pelo|en|el|par|dans|sur|von|bei|auf|im"
    r"|da|su|sul|sulla|de|do|della|del)\s+(?:the\s+)?",
    regex.VERSION1,
)
# A German credit puts the verb last: "zuerst in X erschienen".
TRAIL = LazyPattern(r"\s+(?:erschienen|veröffentlicht|publiziert)$", _F)
SPLIT_NAMES = LazyPattern(r"\s*(?:,|;|\s+and\s+|\s+e\s+|\s+y\s+|\s+et\s+|\s+und\s+)\s*", _F)

# News agencies, as they are written in datelines and credits -> one spelling.
AGENCIES: dict[str, str] = dict(_DATA["agencies"])
_AGENCY_ALT = "|".join(
    regex.escape(name).replace(r"\ ", r"\s+") for name in sorted(AGENCIES, key=len, reverse=True)
)
# "LONDON (Reuters) - ", "WASHINGTON, Oct 30 (AP) — ", "New York (dpa-afx) - ":
# a parenthesised agency followed by a dash is a dateline wherever it stands
# in the first paragraph's first characters.
DATELINE = LazyPattern(rf"\((?P<agency>{_AGENCY_ALT})\)\s*[-–—]", _F)
DATELINE_CHARS = 250
# A tail line that is only an agency name: reuters' "REUTER" sign-off, "-- AP".
SIGN_OFF = LazyPattern(rf"^[\s(\-–—]*(?P<agency>{_AGENCY_ALT})[\s).]*$", _F)
# Hard-wrapped text (reuters wire copy) breaks lines mid-sentence: a wrapped
# first line is not a headline.
_FINAL_PUNCT = LazyPattern(r"[.!?:;\"'”’»)\]…]\s*$")
# The same test without a regex call (~1 us each; it runs on up to 15+16 lines
# of every article): what ``\s`` matches (every character, checked by
# benchmarks/probes/same_parse.py), stripped from the end, then the final character.
_SPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_FINAL_CHARS = ".!?:;\"'”’»)]…"


def ends_sentence(line: str) -> bool:
    """``_FINAL_PUNCT.search(line) is not None``, faster."""
    end = line.rstrip(_SPACE)
    return end != "" and end[-1] in _FINAL_CHARS
# Wrapped lines are at most ~80 columns; prose stored a paragraph per line
# (the seeds, wmt, bbc) has longer lines, which rules wrapping out.
MAX_WRAPPED_CHARS = 100
