"""One record of a feed, and how it is read: field names, limits, checks (DESIGN.md §6).

:class:`FieldMap` names the fields of JSONL and CSV records, :class:`ReadConfig` holds
them with the size limit, and :func:`to_article` turns one decoded record into an
:class:`~dedup.models.Article` or says, as an :class:`~dedup.models.InputProblem`, what
is wrong with it. :mod:`dedup.io.readers` finds the records in files, folders and
streams; the distributed engine reads its blocks with the same checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from dedup.errors import ConfigError
from dedup.io.webpage import Page, read_page
from dedup.models import Article, InputProblem

_OPTIONAL = ("title", "url", "source", "published", "lang")
_FROM_PAGE = ("title", "url", "source", "published")

Item = Article | InputProblem


@dataclass(frozen=True)
class FieldMap:
    """Names of the record fields in JSONL and CSV inputs (``--id-field``, ``--text-field``...)."""

    id: str = "id"
    text: str = "text"
    title: str = "title"
    url: str = "url"
    source: str = "source"
    published: str = "published"
    lang: str = "lang"
    html: str = "html"  # a web page, read when the record has no text field

    def __post_init__(self) -> None:
        for f in fields(self):
            if not getattr(self, f.name):
                raise ConfigError(f"field name for {f.name!r} is empty: give a non-empty name")


@dataclass(frozen=True)
class ReadConfig:
    """How inputs are read. ``max_chars`` keeps one runaway record from eating the run."""

    fields: FieldMap = field(default_factory=FieldMap)
    max_chars: int = 1_000_000

    def __post_init__(self) -> None:
        if isinstance(self.max_chars, bool) or not isinstance(self.max_chars, int):
            raise ConfigError(f"max_chars={self.max_chars!r} must be an integer >= 1")
        if self.max_chars < 1:
            raise ConfigError(f"max_chars={self.max_chars!r} is out of range: allowed 1 or more")


def to_article(record: Mapping[str, object], name: str, line: int, config: ReadConfig) -> Item:
    """Check one JSONL/CSV record's fields and build its Article (or say what is wrong)."""
    names = config.fields
    page: Page | None = None
    for needed in (names.id, names.text):
        if needed not in record and not (needed == names.text and names.html in record):
            return InputProblem(name, line, f"missing field {needed!r}")
    raw_id = record[names.id]
    if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
        got = json_type(raw_id)
        msg = f"field {names.id!r} must be a string or an integer, got {got}"
        return InputProblem(name, line, msg)
    article_id = str(raw_id).replace("\x00", "").strip()
    if not article_id:
        return InputProblem(name, line, f"field {names.id!r} is empty")
    if record.get(names.text) is None and names.html in record:  # a web page instead of text
        html = record[names.html]
        if not isinstance(html, str):
            msg = f"field {names.html!r} must be a string, got {json_type(html)}"
            return InputProblem(name, line, msg)
        page = read_page(html)
        if page is None:
            return InputProblem(name, line, f"no article text found in field {names.html!r}")
    text = page.text if page is not None else record[names.text]
    if not isinstance(text, str):
        msg = f"field {names.text!r} must be a string, got {json_type(text)}"
        return InputProblem(name, line, msg)
    text = newlines(text.replace("\x00", ""))
    error = text_error(text, config.max_chars)
    if error:
        return InputProblem(name, line, error)
    optional: dict[str, str | None] = {}
    for attr in _OPTIONAL:
        key = getattr(names, attr)
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            got = json_type(value)
            return InputProblem(name, line, f"field {key!r} must be a string or null, got {got}")
        optional[attr] = (value.replace("\x00", "").strip() or None) if value else None
        if optional[attr] is None and page is not None and attr in _FROM_PAGE:
            optional[attr] = getattr(page, attr)  # what the caller left empty
    return Article(id=article_id, text=text, input=name, line=line, **optional)


def text_error(text: str, limit: int) -> str | None:
    if not text.strip():
        return "empty or whitespace-only text"
    if len(text) > limit:
        return f"text is {len(text):,} characters, {over_limit(limit)}"
    return None


def over_limit(limit: int) -> str:
    return f"over the limit of {limit:,} characters (raise it with --max-chars); skipped"


def newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def json_type(value: object) -> str:
    """The JSON name of a decoded value's type, for messages users of any language read."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
