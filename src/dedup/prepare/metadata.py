"""Metadata written into an article's text: headline, date, byline, credits.

Which of two copies is the original is argued from evidence (DESIGN.md §2, and
:mod:`dedup.attribute.origin`): the dates each text gives for itself, and explicit credits
("Originally published by DW on 10/31/2025", "Source: https://...", the
"LONDON (Reuters) -" dateline). The same lines are not content: a copy that
adds "By Julian Ryall" and a "Source:" line has not changed the article, so
their indices are returned in ``meta_lines`` and left out of fingerprints.

Only where such lines live is read: the head (first ``HEAD_LINES`` non-empty
lines), the tail (last ``TAIL_LINES``) and the start of the first paragraph
(agency datelines). Metadata lines are short (at most ``MAX_META_CHARS``); a
longer line is prose whatever it starts with. Dates are parsed by
``dateparser``, only on short candidate strings (a whole short line, or the date
part cut out of a byline or credit) that contain a year or a numeric d/m/y:
``search_dates`` over a whole article is slow and finds dates of events, not of
publication.

Measured on this machine over 2,000 eval articles (400 from each set, seeded
sample, dateparser warm): median 0.07 ms per article, mean 0.4 ms, p99 4.5 ms;
per set the median is 0.01 ms (fakebr, semeval) to 0.3 ms (wmt). Most
articles never reach dateparser (~0.8 ms a call, cached by string); its first
call in a process loads locales (~150 ms, once).
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

import regex

from dedup.models import Credit
from dedup.prepare.boilerplate import LazyPattern, is_boilerplate

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

HEAD_LINES = 8
TAIL_LINES = 8
MAX_META_CHARS = 200
# A headline is a line, not a paragraph: the seeds' and wmt's headlines are
# 3-15 words; 25 words / 200 chars leaves room for long ones.
MAX_TITLE_WORDS = 25
# A date line is a date with at most a label, a weekday and a time.
MAX_DATE_LINE_CHARS = 60

# The languages dateparser may read dates in: those the credit phrases below
# cover. Fewer languages make dateparser faster and stop it reading a word of
# another language as a month.
DATE_LANGUAGES = ("en", "pt", "es", "fr", "de", "it")

DateOrder = Literal["DMY", "MDY", "YMD"]
CreditKind = Literal["publisher", "url", "agency"]

_F = regex.IGNORECASE | regex.VERSION1


@dataclass(frozen=True)
class TextMetadata:
    """What an article's own text says about it (see :func:`extract_metadata`)."""

    title: str | None
    published: str | None
    byline: str | None
    editor: str | None
    publisher: str | None
    url: str | None
    credits: tuple[Credit, ...] = ()
    credit_dates: tuple[str, ...] = ()
    meta_lines: frozenset[int] = frozenset()


EMPTY = TextMetadata(None, None, None, None, None, None)

# --------------------------------------------------------------------------- dates

# Cheap gate before dateparser: a year (19xx/20xx) or an all-numeric date.
_HAS_DATE = LazyPattern(r"\b(?:19|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
_NUMERIC_DMY = LazyPattern(r"\b(\d{1,2})[./-](\d{1,2})[./-]\d{2,4}\b")
# A date line without a month name must be a plain numeric date (and a time).
_ALL_NUMERIC_DATE = LazyPattern(
    r"^(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2})(?:[\sT,]+\d{1,2}[:h.]\d{2}\S*)?$"
)
# A time of day and what follows it: "às 10h30", "7:06 PM", "at 18:44 Uhr".
_TIME_TAIL = LazyPattern(r"[\s,|–-]*(?:\p{L}{1,5}\s+)?\b\d{1,2}[:h]\d{2}\b.*$")
_URL_DATE = LazyPattern(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$)")

_parsers: dict[str, DateDataParser] = {}
_parsers_lock = threading.Lock()

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_DIGIT_RUN = LazyPattern(r"\d+")


@lru_cache(maxsize=1)
def _month_word() -> regex.Pattern[str]:
    """Any month name or abbreviation dateparser knows in :data:`DATE_LANGUAGES`
    (its own locale tables), between non-letters: "30-Oct-2005" and "Sept." match."""
    from dateparser.languages.loader import default_loader

    words = {
        word.lower()
        for lang in DATE_LANGUAGES
        for month in _MONTHS
        for word in default_loader.get_locale(lang).info.get(month, ())
    }
    alternatives = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
    return regex.compile(rf"(?<!\p{{L}})(?:{alternatives})(?!\p{{L}})", regex.IGNORECASE)


def _may_hold_full_date(value: str) -> bool:
    """False when dateparser cannot find a full date in ``value``.

    The parsers ask for day, month and year (``REQUIRE_PARTS``), and a month is
    a month word of its locale tables or a number: so a value with neither a
    month word nor three separate numbers holds no full date, and dateparser
    (~3 ms on such a line) need not be asked. On all five eval sets (38,237
    articles) this gate takes dateparser's calls from 2,305 to 1,103 (the same
    18 dates found; the calls left are mostly hard-wrapped Reuters sentences
    with a month); ``benchmarks/probes/same_parse.py`` finds the same output with and
    without it; ``benchmarks/probes/parse_cost.py`` on reuters+bbc, alternated, loaded
    machine: medians 806 / 816 us per article before, 599 / 489 after.
    """
    return _month_word().search(value) is not None or len(_DIGIT_RUN.findall(value)) >= 3


def _date_parser(order: DateOrder) -> DateDataParser:
    """One dateparser per date order, built on first use (loading locales is slow)."""
    parser = _parsers.get(order)
    if parser is None:
        with _parsers_lock:
            parser = _parsers.get(order)
            if parser is None:
                from dateparser.date import DateDataParser as Parser

                parser = Parser(
                    languages=list(DATE_LANGUAGES),
                    settings={
                        # A date without day, month and year ("March 31", "2025")
                        # says too little to order two articles.
                        "REQUIRE_PARTS": ["day", "month", "year"],
                        "PREFER_DAY_OF_MONTH": "first",
                        "DATE_ORDER": order,
                        "PREFER_LOCALE_DATE_ORDER": False,
                        "RETURN_AS_TIMEZONE_AWARE": False,
                        # No relative dates ("2 days ago") and no timestamps
                        # (a long number is not a date).
                        "PARSERS": ["custom-formats", "absolute-time"],
                    },
                )
                _parsers[order] = parser
    return parser


@lru_cache(maxsize=4096)
def _parse(value: str, order: DateOrder) -> str | None:
    found = _date_parser(order).get_date_data(value).date_obj
    return found.date().isoformat() if found is not None else None


def parse_date(value: str, *, date_order: DateOrder = "DMY") -> str | None:
    """A short date string as ``YYYY-MM-DD``, or None if it is not a full date.

    ``date_order`` only settles all-numeric dates that read both ways
    ("10/11/2025"); "10/31/2025" and "31/10/2025" are read the only way they
    can be. The default is day first, as in most of the world and in the
    seeds' "(29/10)"; English credit lines ("on 10/31/2025") ask for MDY.
    """
    # Only the date matters, and dateparser trips on "às 10h30".
    value = _TIME_TAIL.sub("", value.strip())
    if not value or len(value) > 80 or not _HAS_DATE.search(value):
        return None
    if not _may_hold_full_date(value):
        return None
    numeric = _NUMERIC_DMY.search(value)
    if numeric:
        first, second = int(numeric.group(1)), int(numeric.group(2))
        if first > 12 >= second:
            date_order = "DMY"
        elif second > 12 >= first:
            date_order = "MDY"
    return _parse(value, date_order)


def _url_date(url: str) -> str | None:
    """The date in a URL path like ``/2025/11/02/``: the date of that URL's page."""
    match = _URL_DATE.search(url)
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        return None


# ------------------------------------------------------------------------- patterns

_SEP = LazyPattern(r"\s+[-–—|·•]\s+|\s*[|·•]\s*")
# Every separator holds one of these (uncased) characters.
_SEP_CHARS = frozenset("-–—|·•")
_URL = LazyPattern(r"https?://[^\s<>\"')\]]+|www\.[^\s<>\"')\]]+", _F)

# A person's name: 1-6 capitalised words, particles allowed ("Fulano de Tal"),
# initials allowed ("J. R. Smith"); "and" joins co-authors.
_NAME_WORD = r"(?:\p{Lu}[\p{L}\p{M}'’.-]*|\p{Lu}\.)"
_PARTICLE = r"(?:de|da|do|dos|das|del|della|di|du|la|le|van|von|der|den|ter|bin|al|el|y|e)"
_NAME = LazyPattern(
    rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_WORD}){{0,5}}"
    rf"(?:\s*(?:,|\band\b|\bund\b|\bet\b|&)\s*"
    rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_WORD}){{0,5}})*",
    regex.VERSION1,
)

_BYLINE = LazyPattern(r"^(?:by|por|par|von|di)\s+(?P<rest>.+)$", _F)
_EDITOR = LazyPattern(
    r"^(?:edited\s+by|editing\s+by|editor|edição|edición|edición\s+de|redacción|redaktion"
    r"|bearbeitet\s+von|a\s+cura\s+di|édité\s+par|edité\s+par)\s*:?\s+(?P<name>.+?)\.?$",
    _F,
)
# Reuters' sign-off: "(Reporting by A; Editing by B)".
_REPORTING = LazyPattern(
    r"^\(?\s*(?:additional\s+)?(?:reporting|writing)\s+by\s+(?P<by>[^;)]+?)"
    r"(?:\s*[;,]\s*[^;)]*?editing\s+by\s+(?P<ed>[^;)]+?))?[;\s]*\)?\.?$",
    _F,
)
_SOURCE = LazyPattern(
    r"^(?:source|sources|fonte|fontes|fuente|fuentes|quelle|quellen)\s*:\s*(?P<rest>.+)$", _F
)
_VIA = LazyPattern(r"^\(?via\s*:?\s+(?P<rest>[^()]{2,80})\)?$", _F)
_DATE_LABEL = LazyPattern(
    r"^(?:(?P<updated>updated|last\s+updated|modified|atualizad[oa]|actualizad[oa]"
    r"|mis\s+à\s+jour|aktualisiert|aggiornat[oa])"
    r"|published|posted|date|dated|publicad[oa]|publié|veröffentlicht|datum|fecha|data"
    r"|pubblicato|stand)\b\s*(?:on|em|el|le|am|il|:)?\s*:?\s*",
    _F,
)

# Credit phrases: (pattern for the phrase up to the credited name, language).
# The language only picks the order of an all-numeric date (en: M/D/Y).
_CREDIT_PHRASES: tuple[tuple[str, str], ...] = (
    # en: "Originally published by DW on 10/31/2025", "This article first
    # appeared in X", "Republished from X", "Reprinted with permission from X".
    (
        r"(?:this\s+(?:article|story|post|piece|report)\s+(?:was\s+|has\s+been\s+)?)?"
        r"(?:(?:originally|first)\s+(?:published|appeared|posted|ran)"
        r"|(?:published|appeared|posted)\s+(?:originally|first))",
        "en",
    ),
    (r"(?:republished|reprinted|reproduced)(?:\s+with\s+permission)?\s+from", "en"),
    # A publisher's framing: "The following story was published by X on DATE."
    (r"the\s+following\s+(?:article|story|post|piece|report)\s+(?:was|has\s+been)\s+"
     r"(?:(?:first|originally)\s+)?published", "en"),
    # pt: "Publicado originalmente por DW em 31/10/2025", "Este artigo foi
    # publicado originalmente em X", "Com informações da Reuters".
    (
        r"(?:(?:este|esta)\s+(?:artigo|texto|matéria|reportagem|notícia)\s+foi\s+)?"
        r"(?:publicad[oa]\s+(?:originalmente|inicialmente|primeiro)"
        r"|originalmente\s+publicad[oa])",
        "pt",
    ),
    (r"com\s+informações\s+(?:da|do|de|das|dos)", "pt"),
    # "A reportagem a seguir foi publicada por X em DATE."
    (r"(?:a|o)\s+(?:reportagem|matéria|texto|notícia|artigo)\s+a\s+seguir\s+foi\s+"
     r"publicad[oa](?:\s+(?:originalmente|primeiro))?", "pt"),
    # es: "Publicado originalmente en X", "Este artículo fue publicado
    # originalmente en X", "Con información de X".
    (
        r"(?:(?:este|esta)\s+(?:artículo|texto|nota|reportaje)\s+(?:fue\s+)?)?"
        r"(?:publicad[oa]\s+(?:originalmente|inicialmente|primero)"
        r"|originalmente\s+publicad[oa])",
        "es",
    ),
    (r"con\s+información\s+(?:de|del)", "es"),
    # fr: "Publié initialement par X", "Cet article a été publié à l'origine dans X".
    (
        r"(?:cet\s+article\s+(?:a\s+été\s+|est\s+)?)?"
        r"(?:(?:publié|paru)e?\s+(?:initialement|originellement|à\s+l'origine|d'abord"
        r"|pour\s+la\s+première\s+fois)|(?:initialement|originellement|d'abord)\s+(?:publié|paru)e?)",
        "fr",
    ),
    # de: "Zuerst erschienen bei X", "Dieser Artikel erschien zuerst in X",
    # "Ursprünglich veröffentlicht von X".
    (
        r"(?:(?:dieser|der)\s+(?:artikel|beitrag|text)\s+(?:erschien|ist)\s+)?"
        r"(?:zuerst|ursprünglich|erstmals)(?:\s+(?:erschienen|veröffentlicht|publiziert))?",
        "de",
    ),
    # it: "Pubblicato originariamente su X", "Questo articolo è stato
    # pubblicato per la prima volta da X".
    (
        r"(?:questo\s+articolo\s+(?:è\s+stato\s+|è\s+)?)?"
        r"(?:(?:pubblicato|apparso|uscito)\s+(?:originariamente|originalmente|inizialmente"
        r"|per\s+la\s+prima\s+volta)|(?:originariamente|originalmente)\s+pubblicato)",
        "it",
    ),
)
# An editor's note may introduce a credit: "Editor's note: this article was first
# published by X and is republished here with permission."
_NOTE = (
    r"(?:(?:editor['’]?s\s+note|nota\s+da\s+redação|nota\s+del\s+editor"
    r"|nota\s+de\s+la\s+redacción|note\s+de\s+la\s+rédaction|anmerkung\s+der\s+redaktion"
    r"|nota\s+della\s+redazione)\s*:\s*)?"
)
_CREDITS = tuple(
    (LazyPattern(rf"^[(*_\s]*{_NOTE}{phrase}\b\s*:?\s*(?P<rest>.*)$", _F), lang)
    for phrase, lang in _CREDIT_PHRASES
)
# All credit phrases at once: a line that none of them starts cannot match any
# of ``_CREDITS`` (each is this prefix, then more), so it skips their twelve
# separate tries (one regex call costs ~1 us even when it fails at once).
_ANY_CREDIT = LazyPattern(
    rf"^[(*_\s]*{_NOTE}(?:{'|'.join(phrase for phrase, _ in _CREDIT_PHRASES)})\b", _F
)
# What follows the credited name in such a note: "and is republished here with
# permission", "e é reproduzido com autorização".
_PERMISSION = LazyPattern(
    r"\s+(?:and|e|y|et|und)\s+(?:is|was|has\s+been|é|foi|es|fue|est|a\s+été|wird|wurde|è)\s+"
    r"(?:\p{L}+\s+)?(?:republished|reproduced|reprinted|reproduzid[oa]|republicad[oa]"
    r"|reproducid[oa]|reproduit|republié|nachgedruckt|ripubblicato)\b.*$",
    _F,
)
# The date part of a credit: a preposition, then a run with digits ("on
# 10/31/2025", "em 31 de outubro de 2025", "on March 3, 2024", "am 3. November 2025").
_CREDIT_DATE = LazyPattern(
    r"(?:,\s*|\s+)(?:on|em|el|le|am|il|en|in|no|na|at)?\s*"
    r"(?P<date>(?:\p{L}+\.?,?\s+)?\d{1,4}(?:[./-]\d{1,2}[./-]\d{2,4}"
    r"|(?:\.|st|nd|rd|th)?,?\s+(?:de\s+)?\p{L}+\.?,?\s+(?:de\s+)?\d{4}|,?\s+\d{4}))",
    _F,
)
# The preposition between a credit phrase and the credited name (one only:
# "em Le Monde" keeps its "Le").
_LEAD = LazyPattern(
    r"^(?:by|in|at|on|from|em|no|na|nos|nas|por|pela|pelo|en|el|par|dans|sur|von|bei|auf|im"
    r"|da|su|sul|sulla|de|do|della|del)\s+(?:the\s+)?",
    regex.VERSION1,
)
# A German credit puts the verb last: "zuerst in X erschienen".
_TRAIL = LazyPattern(r"\s+(?:erschienen|veröffentlicht|publiziert)$", _F)
_SPLIT_NAMES = LazyPattern(r"\s*(?:,|;|\s+and\s+|\s+e\s+|\s+y\s+|\s+et\s+|\s+und\s+)\s*", _F)

# News agencies, as they are written in datelines and credits -> one spelling.
# fmt: off
AGENCIES: dict[str, str] = {
    "reuters": "Reuters", "reuter": "Reuters", "ap": "AP", "associated press": "AP", "afp": "AFP",
    "agence france-presse": "AFP", "dpa": "dpa", "dpa-afx": "dpa-AFX", "efe": "EFE",
    "ansa": "ANSA", "lusa": "Lusa", "xinhua": "Xinhua", "kyodo": "Kyodo", "yonhap": "Yonhap",
    "tass": "TASS", "ria novosti": "RIA Novosti", "interfax": "Interfax", "anadolu": "Anadolu",
    "aap": "AAP", "upi": "UPI", "pti": "PTI", "ians": "IANS", "kna": "KNA", "epd": "epd",
    "apa": "APA", "sda": "SDA", "belga": "Belga", "ats": "ATS", "europa press": "Europa Press",
    "agência brasil": "Agência Brasil", "estadão conteúdo": "Estadão Conteúdo",
    "bloomberg": "Bloomberg", "pa": "PA", "pa news": "PA", "press association": "PA",
}
# fmt: on
_AGENCY_ALT = "|".join(
    regex.escape(name).replace(r"\ ", r"\s+") for name in sorted(AGENCIES, key=len, reverse=True)
)
# "LONDON (Reuters) - ", "WASHINGTON, Oct 30 (AP) — ", "New York (dpa-afx) - ":
# a parenthesised agency followed by a dash is a dateline wherever it stands
# in the first paragraph's first characters.
_DATELINE = LazyPattern(rf"\((?P<agency>{_AGENCY_ALT})\)\s*[-–—]", _F)
DATELINE_CHARS = 250
# A tail line that is only an agency name: reuters' "REUTER" sign-off, "-- AP".
_SIGN_OFF = LazyPattern(rf"^[\s(\-–—]*(?P<agency>{_AGENCY_ALT})[\s).]*$", _F)
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


def _ends_sentence(line: str) -> bool:
    """``_FINAL_PUNCT.search(line) is not None``, faster."""
    end = line.rstrip(_SPACE)
    return end != "" and end[-1] in _FINAL_CHARS
# Wrapped lines are at most ~80 columns; prose stored a paragraph per line
# (the seeds, wmt, bbc) has longer lines, which rules wrapping out.
MAX_WRAPPED_CHARS = 100
# ----------------------------------------------------------------------- extraction


def _is_name(value: str) -> bool:
    return 2 <= len(value) <= 80 and _NAME.fullmatch(value) is not None


# Lower-case words a source's name may hold ("Folha de S.Paulo", "Voice of America").
# fmt: off
_NAME_FILLERS = frozenset({
    "of", "the", "and", "for", "de", "da", "do", "dos", "das", "del", "della", "di", "du", "des",
    "la", "le", "les", "van", "von", "der", "und", "y", "e", "et",
})
# fmt: on

# Articles that may start a source's name in lower case ("la Repubblica").
# fmt: off
_ARTICLES = frozenset({
    "the", "la", "le", "les", "il", "lo", "el", "los", "las", "der", "die", "das", "o", "a", "os",
    "as",
})
# fmt: on


def _looks_like_source(value: str) -> bool:
    """A publisher's name or a domain, not a phrase: "Via Appia is a road" is no credit."""
    words = value.split()
    if not words or len(words) > 6 or len(value) > 80:
        return False
    if _agency(value) is not None:  # "dpa" is lower case
        return True
    if "." in words[0] and len(words) == 1:  # a domain: "ocafezinho.com"
        return True
    if words[0] in _ARTICLES and len(words) > 1:
        words = words[1:]
    if not (words[0][:1].isupper() or words[0][:1].isdigit()):
        return False
    lower = [w for w in words if w[:1].islower() and w not in _NAME_FILLERS]
    return not lower


def _agency(value: str) -> str | None:
    return AGENCIES.get(_norm(value))


class _Found:
    """Mutable accumulator while reading the lines of one text."""

    def __init__(self) -> None:
        self.published: str | None = None  # from a date line or a byline
        self.url_published: str | None = None  # from the date in the "Source:" URL
        self.byline: str | None = None
        self.editor: str | None = None
        self.publisher: str | None = None
        self.url: str | None = None
        self.credits: list[Credit] = []
        self.credit_dates: list[str] = []
        self.meta: set[int] = set()

    def credit(self, kind: CreditKind, value: str, text: str) -> None:
        item = Credit(kind, value, text)
        if item not in self.credits:
            self.credits.append(item)


def _credit_names(rest: str) -> tuple[list[str], str | None]:
    """Split what follows a credit phrase into credited names and the date part."""
    rest = _PERMISSION.sub("", rest.strip()).rstrip(".;")
    date_text = None
    match = _CREDIT_DATE.search(rest)
    if match:
        date_text = match.group("date")
        rest = (rest[: match.start()] + " " + rest[match.end() :]).strip(" ,.;")
    rest = _TRAIL.sub("", _LEAD.sub("", rest, count=1)).strip(" ,.;:")
    if not rest:
        return [], date_text
    urls = _URL.findall(rest)
    if urls:
        return [u.rstrip(".,;") for u in urls], date_text
    # "Reuters e da AFP": each name may carry its own preposition.
    names = [_LEAD.sub("", n.strip(" \"'“”‘’«»"), count=1) for n in _SPLIT_NAMES.split(rest)]
    if not all(_looks_like_source(n) for n in names):
        return [], date_text
    return names, date_text


def _add_credit_names(found: _Found, names: list[str], phrase: str) -> None:
    for name in names:
        if _URL.fullmatch(name):
            found.credit("url", name, phrase)
        elif (agency := _agency(name)) is not None:
            found.credit("agency", agency, phrase)
        else:
            found.credit("publisher", name, phrase)


def _read_credit(line: str, found: _Found) -> bool:
    if not _ANY_CREDIT.match(line):
        return False
    for pattern, lang in _CREDITS:
        match = pattern.match(line)
        if not match:
            continue
        names, date_text = _credit_names(match.group("rest"))
        if not names:
            continue
        _add_credit_names(found, names, line)
        if date_text:
            iso = parse_date(date_text, date_order="MDY" if lang == "en" else "DMY")
            if iso and iso not in found.credit_dates:
                found.credit_dates.append(iso)
        return True
    return False


def _read_source(line: str, found: _Found, low: str | None = None) -> bool:
    source = _SOURCE.match(line) if _may_start(low, _SOURCE_STARTS) else None
    match = source or (_VIA.match(line) if _may_start(low, _VIA_STARTS) else None)
    if not match:
        return False
    rest = match.group("rest").strip()
    urls = _URL.findall(rest)
    if urls and source:
        url = urls[0].rstrip(".,;")
        found.credit("url", url, line)
        # "Source: URL" names where this very text was taken from: the
        # article's own address, and the date in its path is its own date.
        if found.url is None:
            found.url = url
            found.url_published = _url_date(url)
        return True
    names, _ = _credit_names(rest)
    if not names:
        return False  # a sentence, not a list of sources
    _add_credit_names(found, names, line)
    return True


def _read_byline(line: str, found: _Found, low: str | None = None) -> bool:
    """'By X', 'By X – Publisher – Date', 'X | Date': byline, publisher, own date."""
    match = _BYLINE.match(line) if _may_start(low, _BYLINE_STARTS) else None
    if match is None and _SEP_CHARS.isdisjoint(line):
        return False  # one part only: _SEP cannot split it
    parts = [p.strip() for p in _SEP.split(match.group("rest") if match else line) if p.strip()]
    if not parts or (match is None and len(parts) < 2):
        return False
    name, _, role = parts[0].partition(",")
    name, role = name.strip(), role.strip()
    # "By Jane Doe, Staff Writer" keeps a short role; "Por Costa Rica, Bryan
    # Ruiz es el que..." is a sentence.
    if not _is_name(name) or len(role.split()) > 4 or (role and match is None):
        return False
    date = publisher = None
    for part in parts[1:]:
        iso = parse_date(part) if len(part) <= MAX_DATE_LINE_CHARS else None
        if iso:
            date = date or iso
        elif publisher is None and len(part) <= 60:
            publisher = part
        else:
            return False
    if match is None and (date is None or " " not in name):
        # "Trump | Kim" is not a byline, nor is "Berlin | 3. November 2025";
        # "Orgesta Tolaj | 29 October 2025" is.
        return False
    found.byline = found.byline or name
    # "By Jo Bloggs, PA News": the reporter's agency is the publisher.
    found.publisher = found.publisher or publisher or (_agency(role) if role else None)
    found.published = found.published or date
    return True


def _read_date_line(line: str, found: _Found) -> bool:
    if len(line) > MAX_DATE_LINE_CHARS or not _HAS_DATE.search(line):
        return False
    label = _DATE_LABEL.match(line)
    candidate = line[label.end() :] if label else line
    if not any(ch.isalpha() for ch in candidate) and not _ALL_NUMERIC_DATE.match(candidate):
        return False  # dateparser reads "11-12, 1986" (a wrapped range) as a date
    iso = parse_date(candidate)
    if iso is None:
        return False
    if not (label and label.group("updated")):  # an update is not the publication
        found.published = found.published or iso
    return True


# What each anchored line pattern can start with on an ASCII line (the
# alternatives spelled with accents cannot match one): a line starting with
# none of these cannot match it, so the regex call (~1 us) is skipped. Exact for
# stripped ASCII lines, as in dedup.prepare.boilerplate (benchmarks/probes/same_parse.py checks
# that no non-ASCII character of these patterns has an ASCII case variant).
_EDITOR_STARTS = ("edit", "redac", "redaktion", "bearbeitet", "a")
_REPORTING_STARTS = ("(", "additional", "reporting", "writing")
_SOURCE_STARTS = ("source", "fonte", "fuente", "quelle")
_VIA_STARTS = ("(", "via")
_BYLINE_STARTS = ("by", "por", "par", "von", "di")
# The patterns gated so (for that check).
GATED = (_EDITOR, _REPORTING, _SOURCE, _VIA, _BYLINE)


def _may_start(low: str | None, starts: tuple[str, ...]) -> bool:
    """False if the line (``low``: its lower case if ASCII, else None) starts with no ``starts``."""
    return low is None or low.startswith(starts)


def _read_line(line: str, found: _Found) -> bool:
    """Read one head or tail line; True if it is a metadata line."""
    # Stripped, so for an ASCII line the anchored patterns below are plain
    # lower-case prefix tests (see _may_start).
    low = line.lower() if line.isascii() else None
    editor = _EDITOR.match(line) if _may_start(low, _EDITOR_STARTS) else None
    if editor and _is_name(editor.group("name")):
        found.editor = found.editor or editor.group("name")
        return True
    reporting = _REPORTING.match(line) if _may_start(low, _REPORTING_STARTS) else None
    if reporting:
        found.byline = found.byline or reporting.group("by").strip()
        if reporting.group("ed"):
            found.editor = found.editor or reporting.group("ed").strip()
        return True
    sign_off = _SIGN_OFF.match(line)
    if sign_off:
        found.credit("agency", AGENCIES[_norm(sign_off.group("agency"))], line)
        return True
    return (
        _read_credit(line, found)
        or _read_source(line, found, low)
        or _read_byline(line, found, low)
        or _read_date_line(line, found)
    )


def _norm(value: str) -> str:
    return " ".join(value.casefold().split())


def _hard_wrapped(lines: list[str], order: list[int]) -> bool:
    """True when lines break mid-sentence (wire copy wrapped at ~70 columns).

    Reuters-21578 has 2-line stories, so two mid-sentence breaks suffice when
    they are at least half of the line breaks and every line is short.
    """
    wrapped = followed = 0
    for i in order[:15]:
        if len(lines[i]) > MAX_WRAPPED_CHARS:
            return False
        if i + 1 < len(lines) and lines[i + 1].strip():
            followed += 1
            if not _ends_sentence(lines[i]):
                wrapped += 1
    return wrapped >= 2 and 2 * wrapped >= followed


def _standalone(lines: list[str], i: int) -> bool:
    """In wrapped text, a metadata line is a paragraph of its own, not the end of a sentence."""
    if i == 0 or not lines[i - 1].strip():
        return True
    return _ends_sentence(lines[i - 1])


def _title(lines: list[str], order: list[int], meta: set[int], wrapped: bool) -> str | None:
    """The first non-furniture line, if it reads as a headline."""
    for k, i in enumerate(order[:HEAD_LINES]):
        line = lines[i].strip()
        if is_boilerplate(line):
            continue
        if i in meta or k + 1 >= len(order):  # a date/byline first, or nothing after
            return None
        following = lines[order[k + 1]].lstrip()
        if (
            len(line) > MAX_META_CHARS
            or len(line.split()) > MAX_TITLE_WORDS
            or line.endswith((".", ",", ";", ":"))
            or not any(ch.isalpha() for ch in line)
            or following[:1].islower()
            or wrapped
        ):
            return None
        return line
    return None


def _dateline(lines: list[str], order: list[int], found: _Found) -> None:
    """The agency of a "CITY (Agency) -" dateline in the first paragraph, as a credit."""
    content = [i for i in order[:HEAD_LINES] if i not in found.meta][:2]
    for i in content:
        match = _DATELINE.search(lines[i][:DATELINE_CHARS])
        if match:
            agency = AGENCIES[_norm(match.group("agency"))]
            found.credit("agency", agency, match.group(0).strip())
            return


def extract_metadata(text: str) -> TextMetadata:
    """Headline, own date, byline, editor, publisher, own URL and credits of ``text``.

    Line indices in ``meta_lines`` refer to ``text.split("\\n")``. Dates in
    credits go to ``credit_dates``, never to ``published``: "Originally
    published by DW on 10/31/2025" dates DW's article, not this one.
    """
    lines = text.split("\n")
    order = [i for i, line in enumerate(lines) if line.strip()]
    if not order:
        return EMPTY
    window = sorted(set(order[:HEAD_LINES]) | set(order[-TAIL_LINES:]))
    found = _Found()
    wrapped = _hard_wrapped(lines, order)
    for i in window:
        line = lines[i].strip()
        if (
            len(line) <= MAX_META_CHARS
            and (not wrapped or _standalone(lines, i))
            and _read_line(line, found)
        ):
            found.meta.add(i)
    if found.byline:
        # The author box of a blog ("Orgesta Tolaj" / "Konstantin Asmolov, PhD
        # in History, ...") repeats the byline in the tail: metadata too.
        name = found.byline
        for i in order[-TAIL_LINES:]:
            line = lines[i].strip()
            if line == name or (line.startswith(name + ",") and len(line) <= 300):
                found.meta.add(i)
    _dateline(lines, order, found)
    return TextMetadata(
        title=_title(lines, order, found.meta, wrapped),
        published=found.published or found.url_published,
        byline=found.byline,
        editor=found.editor,
        publisher=found.publisher,
        url=found.url,
        credits=tuple(found.credits),
        credit_dates=tuple(found.credit_dates),
        meta_lines=frozenset(found.meta),
    )
