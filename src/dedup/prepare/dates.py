"""Dates an article gives for itself: parsed by ``dateparser`` from short candidate strings,
or read from a URL (:func:`parse_date`, :func:`url_date`; see :mod:`dedup.prepare.metadata`).
"""

from __future__ import annotations

import datetime as dt
import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

import regex

from dedup.prepare.boilerplate import LazyPattern

if TYPE_CHECKING:
    from dateparser.date import DateDataParser


# The languages dateparser may read dates in: those the credit phrases
# (:mod:`dedup.prepare.credits`) cover. Fewer languages make dateparser faster
# and stop it reading a word of another language as a month.
DATE_LANGUAGES = ("en", "pt", "es", "fr", "de", "it")

DateOrder = Literal["DMY", "MDY", "YMD"]

# --------------------------------------------------------------------------- dates

# Cheap gate before dateparser: a year (19xx/20xx) or an all-numeric date.
HAS_DATE = LazyPattern(r"\b(?:19|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
_NUMERIC_DMY = LazyPattern(r"\b(\d{1,2})[./-](\d{1,2})[./-]\d{2,4}\b")
# A date line without a month name must be a plain numeric date (and a time).
ALL_NUMERIC_DATE = LazyPattern(
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
    if not value or len(value) > 80 or not HAS_DATE.search(value):
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


def url_date(url: str) -> str | None:
    """The date in a URL path like ``/2025/11/02/``: the date of that URL's page."""
    match = _URL_DATE.search(url)
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        return None
