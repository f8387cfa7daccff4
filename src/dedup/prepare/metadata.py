"""Metadata written into an article's text: headline, date, byline, credits.

Which of two copies is the original is argued from evidence (DESIGN.md §2, and
:mod:`dedup.attribute.origin`): the dates each text gives for itself, and explicit credits
("Originally published by DW on 10/31/2025", "Source: https://...", the
"LONDON (Reuters) -" dateline). The same lines are not content: a copy that
adds "By Julian Ryall" and a "Source:" line has not changed the article, so
their indices are returned in ``meta_lines`` and left out of fingerprints.
How one line is read (credit, source, byline, date line) is
:mod:`dedup.prepare.metalines`; here, which lines are read and what they make.

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

from dataclasses import dataclass

from dedup.models import Credit
from dedup.prepare.boilerplate import is_boilerplate
from dedup.prepare.credits import (
    AGENCIES,
    DATELINE,
    DATELINE_CHARS,
    MAX_WRAPPED_CHARS,
    ends_sentence,
)
from dedup.prepare.metalines import Found, norm, read_line

HEAD_LINES = 8
TAIL_LINES = 8
MAX_META_CHARS = 200
# A headline is a line, not a paragraph: the seeds' and wmt's headlines are
# 3-15 words; 25 words / 200 chars leaves room for long ones.
MAX_TITLE_WORDS = 25


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

# ----------------------------------------------------------------------- extraction


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
            if not ends_sentence(lines[i]):
                wrapped += 1
    return wrapped >= 2 and 2 * wrapped >= followed


def _standalone(lines: list[str], i: int) -> bool:
    """In wrapped text, a metadata line is a paragraph of its own, not the end of a sentence."""
    if i == 0 or not lines[i - 1].strip():
        return True
    return ends_sentence(lines[i - 1])


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


def _dateline(lines: list[str], order: list[int], found: Found) -> None:
    """The agency of a "CITY (Agency) -" dateline in the first paragraph, as a credit."""
    content = [i for i in order[:HEAD_LINES] if i not in found.meta][:2]
    for i in content:
        match = DATELINE.search(lines[i][:DATELINE_CHARS])
        if match:
            agency = AGENCIES[norm(match.group("agency"))]
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
    found = Found()
    wrapped = _hard_wrapped(lines, order)
    for i in window:
        line = lines[i].strip()
        if (
            len(line) <= MAX_META_CHARS
            and (not wrapped or _standalone(lines, i))
            and read_line(line, found)
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
