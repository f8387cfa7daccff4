"""Articles from web pages: the main text and metadata of an HTML page, offline.

News mostly arrives as web pages. ``trafilatura`` (the ``dedup[html]`` extra)
finds the article in the page (dropping navigation, footers, comments and
other furniture) and reads its metadata from the markup: the title, the
publication date (meta tags, structured data, then the page itself, through
``htmldate``), the site name and the canonical URL. Nothing is fetched: the
page is parsed as given and no URL is followed.

Fields the caller gave win: the page fills only what the record left empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dedup.errors import ConfigError

EXTRA_HINT = "reading HTML needs the html extra: pip install 'dedup[html]'"


class HtmlUnavailable(ConfigError):
    """trafilatura is not installed: the run stops, as no HTML input could be read."""


@dataclass(frozen=True)
class Page:
    """What a page holds: its main text and the metadata found in its markup."""

    text: str
    title: str | None
    published: str | None  # YYYY-MM-DD
    source: str | None  # the site's name
    url: str | None  # the canonical URL


def _trafilatura() -> Any:
    try:
        import trafilatura
    except ImportError as exc:
        raise HtmlUnavailable(EXTRA_HINT) from exc
    return trafilatura


def read_page(html: str | bytes) -> Page | None:
    """The article in ``html``, or None when the page holds no readable text.

    Bytes are decoded by the page's own declaration (``<meta charset>``), else
    by detection: saved pages are not always UTF-8.

    Comments are left out (readers' text is not the article); tables are kept
    (news carries figures in them).
    """
    trafilatura = _trafilatura()
    found = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True
    )
    if found is None or not (found.text or "").strip():
        return None

    def field(name: str) -> str | None:
        value = getattr(found, name, None)
        return value.strip() or None if isinstance(value, str) else None

    return Page(
        text=found.text,
        title=field("title"),
        published=field("date"),
        source=field("sitename"),
        url=field("url"),
    )
