"""Read articles from the inputs the CLI accepts (DESIGN.md §1) without losing valid ones (§6).

An input is a folder of ``.txt``/``.md``/``.html``/``.htm`` files, one such
file, a ``.jsonl`` / ``.ndjson`` feed (optionally gzipped), a ``.csv`` table,
or ``-`` for JSONL on standard input. Web pages (files, or records with an
``html`` field and no text) are read by :mod:`dedup.io.webpage`. :func:`read_inputs`
is a generator over all of them: feeds are read record by record, never
whole, so a multi-gigabyte dump costs the memory of one line. A bad record
never stops the run: it becomes an :class:`~dedup.models.InputProblem` (the
report's ``errors``) and reading goes on.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import IO

from dedup.errors import expected
from dedup.io.records import (
    _FROM_PAGE,
    Item,
    ReadConfig,
    json_type,
    newlines,
    over_limit,
    text_error,
    to_article,
)
from dedup.io.webpage import read_page
from dedup.models import Article, InputProblem

STDIN_NAME = "<stdin>"
TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
# A saved page carries its markup, scripts and styles around the text (a news
# page's HTML commonly runs 5-20 times its article's length): the raw page may
# be this many times ``max_chars`` bytes; the text found in it must then fit
# ``max_chars`` itself. It guards memory, not quality.
HTML_MARKUP = 20
# A folder of articles often carries its own documentation (seeds/README.md):
# files with these stems are about the folder, not articles in it. They are
# read when named directly as an input.
FOLDER_DOCS = frozenset({"readme", "license", "licence", "changelog", "contributing"})
JSONL_SUFFIXES = (".jsonl", ".ndjson")
GZ_SUFFIXES = (".jsonl.gz", ".ndjson.gz")
# csv's default limit (128 KiB per field) is below an ordinary long article; raise it to
# the largest value every platform's C long holds and let ``max_chars`` decide instead.
_CSV_FIELD_LIMIT = 2**31 - 1
# Lone surrogates only appear in a str decoded with "surrogateescape" from invalid UTF-8.
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
def read_inputs(
    paths: Iterable[str | os.PathLike[str]],
    *,
    config: ReadConfig = ReadConfig(),
    stdin: IO[bytes] | None = None,
) -> Iterator[Article | InputProblem]:
    """Yield every article of ``paths`` in input order, and a problem for each bad record.

    Ids are unique across the whole call: a later record with an id already seen
    is reported and skipped, so the first occurrence (usually the original feed
    order) wins. ``stdin`` is read for the path ``-`` (default ``sys.stdin.buffer``).
    A single path is a mistake (a string would be read character by character): it
    raises :class:`~dedup.errors.UsageError` at the call.
    """
    if isinstance(paths, (str, bytes, os.PathLike)):
        raise expected(f"a list of paths (read_inputs([{os.fsdecode(paths)!r}]))", paths)
    if not isinstance(config, ReadConfig):
        raise expected("a dedup.ReadConfig", config)
    return _read_all(paths, config, stdin)


def _read_all(
    paths: Iterable[str | os.PathLike[str]], config: ReadConfig, stdin: IO[bytes] | None
) -> Iterator[Article | InputProblem]:
    unique = UniqueIds()
    for path in paths:
        name = os.fspath(path)
        for item in _read_path(name, config, stdin):
            yield unique.screen(item, name)


class UniqueIds:
    """Where each id was first read, to report (and skip) a later record with it."""

    def __init__(self) -> None:
        self._seen: dict[str, str] = {}

    def screen(self, item: Item, name: str) -> Item:
        """``item``, or a problem when it is an article whose id was read before
        (``name``: the input it came from)."""
        if isinstance(item, Article):
            first = self._seen.get(item.id)
            if first is not None:
                msg = f"duplicate id {item.id!r} (first seen at {first}); skipped"
                return InputProblem(item.input or name, item.line, msg)
            where = item.input or name
            self._seen[item.id] = where if item.line is None else f"{where}:{item.line}"
        return item


def _read_path(name: str, config: ReadConfig, stdin: IO[bytes] | None) -> Iterator[Item]:
    if name == "-":
        yield from _read_jsonl(stdin if stdin is not None else sys.stdin.buffer, STDIN_NAME, config)
        return
    if os.path.isdir(name):
        yield from _read_folder(name, config)
        return
    if not os.path.exists(name):
        yield InputProblem(name, None, "no such file or folder")
        return
    lower = name.lower()
    try:
        if lower.endswith(TEXT_SUFFIXES):
            yield _read_text_file(name, config)
        elif lower.endswith(HTML_SUFFIXES):
            yield _read_html_file(name, config)
        elif lower.endswith(GZ_SUFFIXES):
            with gzip.open(name, "rb") as gz:
                yield from _read_jsonl(gz, name, config)
        elif lower.endswith(JSONL_SUFFIXES):
            with open(name, "rb") as fh:
                yield from _read_jsonl(fh, name, config)
        elif lower.endswith(".csv"):
            with open(name, "rb") as fh:
                yield from _read_csv(fh, name, config)
        else:
            kinds = "a folder, .txt, .md, .html, .htm, .jsonl, .ndjson, .jsonl.gz or .csv"
            yield InputProblem(name, None, f"unsupported input type: expected {kinds}")
    except OSError as exc:  # could not open (permissions, vanished); read errors are per format
        yield InputProblem(name, None, f"cannot read: {exc.strerror or exc}")


def _read_folder(folder: str, config: ReadConfig) -> Iterator[Item]:
    """Every visible .txt/.md/.html article under ``folder`` (not its README), sorted by path."""
    found: list[tuple[str, ...]] = []
    unreadable: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=unreadable.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel = os.path.relpath(root, folder)
        parts = () if rel == os.curdir else tuple(rel.split(os.sep))
        found.extend(
            (*parts, f)
            for f in files
            if not f.startswith(".")
            and f.lower().endswith(TEXT_SUFFIXES + HTML_SUFFIXES)
            and os.path.splitext(f)[0].lower() not in FOLDER_DOCS
        )
    for exc in unreadable:
        yield InputProblem(exc.filename or folder, None, f"cannot read: {exc.strerror or exc}")
    if not found:
        yield InputProblem(folder, None, "no .txt, .md or .html files")
    for parts in sorted(found):
        path = os.path.join(folder, *parts)
        html = path.lower().endswith(HTML_SUFFIXES)
        yield _read_html_file(path, config) if html else _read_text_file(path, config)


def _file_bytes(path: str, limit: int, over: str, noun: str = "file") -> bytes | InputProblem:
    """A file's bytes, or the problem: over ``limit`` bytes (``over`` says why), unreadable,
    or binary (NUL bytes)."""
    try:
        size = os.stat(path).st_size
        if size > limit:
            return InputProblem(path, None, f"{noun} is {size:,} bytes, {over}")
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return InputProblem(path, None, f"cannot read: {exc.strerror or exc}")
    if b"\x00" in data:
        return InputProblem(path, None, "binary file (contains NUL bytes); skipped")
    return data


def _read_text_file(path: str, config: ReadConfig) -> Item:
    """One article per file; a file that is not clean UTF-8 text is skipped whole."""
    limit = config.max_chars
    # UTF-8 needs at most 4 bytes a character, plus a BOM
    data = _file_bytes(path, 4 * limit + 3, over_limit(limit))
    if isinstance(data, InputProblem):
        return data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
        return InputProblem(path, None, f"not valid UTF-8 ({bad}); skipped")
    text = newlines(text.removeprefix("\ufeff"))
    error = text_error(text, limit)
    if error:
        return InputProblem(path, None, error)
    article_id = os.path.splitext(os.path.basename(path))[0].strip()
    return Article(id=article_id, text=text, input=path)


def _read_html_file(path: str, config: ReadConfig) -> Item:
    """One article per page: its main text, and the metadata its markup gives."""
    limit = config.max_chars * HTML_MARKUP
    data = _file_bytes(path, limit, f"over the limit of {limit:,} for HTML "
                       f"({HTML_MARKUP} x --max-chars); skipped", noun="page")
    if isinstance(data, InputProblem):
        return data
    page = read_page(data)
    if page is None:
        return InputProblem(path, None, "no article text found in the page; skipped")
    text = newlines(page.text)
    error = text_error(text, config.max_chars)
    if error:
        return InputProblem(path, None, error)
    article_id = os.path.splitext(os.path.basename(path))[0].strip()
    fields = {attr: getattr(page, attr) for attr in _FROM_PAGE}
    return Article(id=article_id, text=text, input=path, **fields)


def _read_jsonl(
    stream: Iterable[bytes], name: str, config: ReadConfig, *, first_line: int = 1
) -> Iterator[Item]:
    """One JSON object a line; lines are decoded one by one so one bad line costs only itself.

    ``first_line``: the number of the stream's first line (a block of a larger file).
    """
    lineno = first_line - 1
    try:
        for lineno, raw in enumerate(stream, first_line):
            if b"\x00" in raw:
                yield InputProblem(name, lineno, "binary data (NUL bytes)")
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                bad = f"byte 0x{raw[exc.start]:02x} at column {exc.start + 1}"
                yield InputProblem(name, lineno, f"not valid UTF-8 ({bad})")
                continue
            if lineno == 1:
                line = line.removeprefix("\ufeff")
            if not line.strip():
                continue
            try:  # without its line end, so that an error at the end names this line's column
                value = json.loads(line.rstrip("\r\n"))
            except json.JSONDecodeError as exc:
                yield InputProblem(name, lineno, f"invalid JSON: {exc.msg} at column {exc.colno}")
                continue
            if not isinstance(value, dict):
                got = json_type(value)
                yield InputProblem(name, lineno, f"expected a JSON object, got {got}")
                continue
            yield to_article(value, name, lineno, config)
    except (EOFError, OSError, zlib.error) as exc:  # mostly a truncated or corrupt .gz
        where = f"cannot read past line {lineno}" if lineno >= first_line else "cannot read"
        yield InputProblem(name, None, f"{where}: {exc}")
        return
    if first_line == 1 and lineno == 0 and name != STDIN_NAME:
        yield InputProblem(name, None, "empty file: no JSON lines")


def _columns(header: Sequence[str], most: int = 8, width: int = 30) -> str:
    """A header's column names for an error line: at most ``most``, each shortened to
    ``width`` characters (a file without a header has a data row there)."""
    names = [repr(h if len(h) <= width else h[: width - 1] + "…") for h in header[:most]]
    more = f", … {len(header) - most} more" if len(header) > most else ""
    return ", ".join(names) + more


def _read_csv(stream: Iterable[bytes], name: str, config: ReadConfig) -> Iterator[Item]:
    """A header row naming the fields, then one record per row (which may span lines)."""
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    reader = csv.reader(_escaped_lines(stream))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        yield InputProblem(name, None, "empty CSV file: expected a header row")
        return
    except csv.Error as exc:
        yield InputProblem(name, 1, f"invalid CSV header: {exc}")
        return
    for needed in (config.fields.id, config.fields.text):
        if needed == config.fields.text and config.fields.html in header:
            continue
        if needed not in header:
            columns = _columns(header)
            yield InputProblem(name, 1, f"CSV header has no column {needed!r} (columns: {columns})")
            return
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # csv's hints ("- do you need to open the file in universal-newline mode?") are
            # meant for the programmer, not for whoever wrote the file: keep the what.
            yield InputProblem(name, start, f"invalid CSV: {str(exc).split(' - ')[0]}")
            if reader.line_num < start:  # nothing consumed: do not spin
                return
            continue
        if not row:  # blank line
            continue
        if len(row) != len(header):
            msg = f"record has {len(row)} fields, the header has {len(header)}"
            yield InputProblem(name, start, msg)
            continue
        escaped = next((m for v in row if (m := _ESCAPED_BYTE.search(v))), None)
        if escaped:
            byte = ord(escaped.group()) - 0xDC00
            yield InputProblem(name, start, f"not valid UTF-8 (byte 0x{byte:02x})")
            continue
        if any("\x00" in v for v in row):
            yield InputProblem(name, start, "binary data (NUL bytes)")
            continue
        record: dict[str, object] = {}
        for key, value in zip(header, row, strict=True):
            # CSV has no null: an empty cell of an optional field means "not given".
            record[key] = value if value or key in (config.fields.id, config.fields.text) else None
        yield to_article(record, name, start, config)


def _escaped_lines(stream: Iterable[bytes]) -> Iterator[str]:
    """Decode line by line, keeping invalid bytes as surrogates so only their record is lost."""
    for i, raw in enumerate(stream):
        line = raw.decode("utf-8", "surrogateescape")
        yield line.removeprefix("\ufeff") if i == 0 else line


def read_jsonl_lines(
    stream: IO[bytes], name: str = STDIN_NAME, *, config: ReadConfig = ReadConfig()
) -> Iterator[tuple[Item, bytes]]:
    """Each JSONL record of ``stream`` with the raw line it came from, as it arrives.

    For the stream filter: ids are *not* made unique here (a re-sent id is the
    index's business), and the raw line lets a unique article pass through unchanged.
    """
    last = [b""]

    def lines() -> Iterator[bytes]:
        while True:
            raw = stream.readline()  # returns as soon as a line is complete: no read-ahead wait
            if not raw:
                return
            last[0] = raw
            yield raw

    for item in _read_jsonl(lines(), name, config):
        yield item, last[0]
