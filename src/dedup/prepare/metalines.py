"""One head or tail line of an article read as metadata: a credit, a source, a byline, a date.

:func:`read_line` reads a stripped line into a :class:`Found` (the accumulator of one
text) and says whether it is a metadata line; :mod:`dedup.prepare.metadata` decides
which lines to read (head, tail, first paragraph) and builds the result. The
patterns are :mod:`dedup.prepare.credits`'; dates go through :mod:`dedup.prepare.dates`.
"""

from __future__ import annotations

from typing import Literal

from dedup.models import Credit
from dedup.prepare.credits import (
    AGENCIES,
    ANY_CREDIT,
    BYLINE,
    CREDIT_DATE,
    CREDITS,
    DATE_LABEL,
    EDITOR,
    LEAD,
    NAME,
    PERMISSION,
    REPORTING,
    SEP,
    SEP_CHARS,
    SIGN_OFF,
    SOURCE,
    SPLIT_NAMES,
    TRAIL,
    URL,
    VIA,
)
from dedup.prepare.dates import (
    ALL_NUMERIC_DATE,
    HAS_DATE,
    parse_date,
    url_date,
)

__all__ = ["GATED", "MAX_DATE_LINE_CHARS", "CreditKind", "Found", "norm", "read_line"]

# A date line is a date with at most a label, a weekday and a time.
MAX_DATE_LINE_CHARS = 60

CreditKind = Literal["publisher", "url", "agency"]


def _is_name(value: str) -> bool:
    return 2 <= len(value) <= 80 and NAME.fullmatch(value) is not None


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
    return AGENCIES.get(norm(value))


class Found:
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
    rest = PERMISSION.sub("", rest.strip()).rstrip(".;")
    date_text = None
    match = CREDIT_DATE.search(rest)
    if match:
        date_text = match.group("date")
        rest = (rest[: match.start()] + " " + rest[match.end() :]).strip(" ,.;")
    rest = TRAIL.sub("", LEAD.sub("", rest, count=1)).strip(" ,.;:")
    if not rest:
        return [], date_text
    urls = URL.findall(rest)
    if urls:
        return [u.rstrip(".,;") for u in urls], date_text
    # "Reuters e da AFP": each name may carry its own preposition.
    names = [LEAD.sub("", n.strip(" \"'“”‘’«»"), count=1) for n in SPLIT_NAMES.split(rest)]
    if not all(_looks_like_source(n) for n in names):
        return [], date_text
    return names, date_text


def _add_credit_names(found: Found, names: list[str], phrase: str) -> None:
    for name in names:
        if URL.fullmatch(name):
            found.credit("url", name, phrase)
        elif (agency := _agency(name)) is not None:
            found.credit("agency", agency, phrase)
        else:
            found.credit("publisher", name, phrase)


def _read_credit(line: str, found: Found) -> bool:
    if not ANY_CREDIT.match(line):
        return False
    for pattern, lang in CREDITS:
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


def _read_source(line: str, found: Found, low: str | None = None) -> bool:
    source = SOURCE.match(line) if _may_start(low, _SOURCE_STARTS) else None
    match = source or (VIA.match(line) if _may_start(low, _VIA_STARTS) else None)
    if not match:
        return False
    rest = match.group("rest").strip()
    urls = URL.findall(rest)
    if urls and source:
        url = urls[0].rstrip(".,;")
        found.credit("url", url, line)
        # "Source: URL" names where this very text was taken from: the
        # article's own address, and the date in its path is its own date.
        if found.url is None:
            found.url = url
            found.url_published = url_date(url)
        return True
    names, _ = _credit_names(rest)
    if not names:
        return False  # a sentence, not a list of sources
    _add_credit_names(found, names, line)
    return True


def _read_byline(line: str, found: Found, low: str | None = None) -> bool:
    """'By X', 'By X – Publisher – Date', 'X | Date': byline, publisher, own date."""
    match = BYLINE.match(line) if _may_start(low, _BYLINE_STARTS) else None
    if match is None and SEP_CHARS.isdisjoint(line):
        return False  # one part only: SEP cannot split it
    parts = [p.strip() for p in SEP.split(match.group("rest") if match else line) if p.strip()]
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


def _read_date_line(line: str, found: Found) -> bool:
    if len(line) > MAX_DATE_LINE_CHARS or not HAS_DATE.search(line):
        return False
    label = DATE_LABEL.match(line)
    candidate = line[label.end() :] if label else line
    if not any(ch.isalpha() for ch in candidate) and not ALL_NUMERIC_DATE.match(candidate):
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
GATED = (EDITOR, REPORTING, SOURCE, VIA, BYLINE)


def _may_start(low: str | None, starts: tuple[str, ...]) -> bool:
    """False if the line (``low``: its lower case if ASCII, else None) starts with no ``starts``."""
    return low is None or low.startswith(starts)


def read_line(line: str, found: Found) -> bool:
    """Read one head or tail line; True if it is a metadata line."""
    # Stripped, so for an ASCII line the anchored patterns below are plain
    # lower-case prefix tests (see _may_start).
    low = line.lower() if line.isascii() else None
    editor = EDITOR.match(line) if _may_start(low, _EDITOR_STARTS) else None
    if editor and _is_name(editor.group("name")):
        found.editor = found.editor or editor.group("name")
        return True
    reporting = REPORTING.match(line) if _may_start(low, _REPORTING_STARTS) else None
    if reporting:
        found.byline = found.byline or reporting.group("by").strip()
        if reporting.group("ed"):
            found.editor = found.editor or reporting.group("ed").strip()
        return True
    sign_off = SIGN_OFF.match(line)
    if sign_off:
        found.credit("agency", AGENCIES[norm(sign_off.group("agency"))], line)
        return True
    return (
        _read_credit(line, found)
        or _read_source(line, found, low)
        or _read_byline(line, found, low)
        or _read_date_line(line, found)
    )


def norm(value: str) -> str:
    return " ".join(value.casefold().split())
