"""Exact tests of dedup.io.readers: every input kind, every bad-input case of DESIGN.md §6."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path
from typing import Any

import pytest

from dedup.errors import ConfigError
from dedup.io.readers import read_inputs
from dedup.io.records import FieldMap, ReadConfig
from dedup.models import Article, InputProblem

# Lines of seeds/000 (DW) and seeds/001 (its rewrite): real article text, not lorem ipsum.
DW_1 = (
    "US President Donald Trump has departed South Korea after concluding his whistle-stop "
    "tour of east Asia, without achieving one of his key stated goals — a face-to-face "
    "meeting with North Korean leader Kim Jong Un."
)
DW_2 = 'On Wednesday, Trump claimed the encounter had not materialized due to "timing" problems.'
DW_3 = (
    "But Trump also left the door open to dialogue with Pyongyang, claiming he still has a "
    '"good relationship" with Kim and was ready to return to meet the North Korean leader '
    '"at any time."'
)
REWRITE = (
    "United States President Donald Trump left South Korea after completing his whirlwind "
    "tour of East Asia without achieving one of his main stated goals: a meeting with North "
    "Korean leader Kim Jong-un."
)


def read(*paths: Any, **kwargs: Any) -> list[Article | InputProblem]:
    return list(read_inputs([str(p) if isinstance(p, Path) else p for p in paths], **kwargs))


def summary(items: list[Article | InputProblem]) -> list[tuple[Any, ...]]:
    """(id, line) for articles and (input, line, error) for problems: order included."""
    return [(i.id, i.line) if isinstance(i, Article) else (i.input, i.line, i.error) for i in items]


def jsonl(*records: Any) -> bytes:
    return b"".join(
        (r if isinstance(r, bytes) else json.dumps(r, ensure_ascii=False).encode()) + b"\n"
        for r in records
    )


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    path.write_bytes(data)
    return path


# --- folders and text files -------------------------------------------------------------


def test_folder_recursive_sorted_by_relative_path_skipping_hidden_and_other_files(
    tmp_path: Path,
) -> None:
    root = tmp_path / "corpus"
    write(root / "b.txt", DW_1)
    write(root / "a" / "z.md", DW_2)
    write(root / "a-c.txt", DW_3)
    write(root / "a" / "sub" / "y.TXT", REWRITE)
    write(root / "notes.pdf", b"%PDF-1.4")
    write(root / "feed.jsonl", jsonl({"id": "x", "text": DW_1}))
    write(root / ".hidden.txt", DW_1)
    write(root / ".git" / "c.txt", DW_1)
    write(root / "README.md", "# About this corpus\n\nWhat the files are.")
    write(root / "a" / "LICENSE.txt", "Licensed for research.")
    items = read(root)
    assert all(isinstance(i, Article) for i in items)
    assert [(i.id, i.input, i.line) for i in items if isinstance(i, Article)] == [
        ("y", str(root / "a" / "sub" / "y.TXT"), None),
        ("z", str(root / "a" / "z.md"), None),
        ("a-c", str(root / "a-c.txt"), None),
        ("b", str(root / "b.txt"), None),
    ]
    assert items[3] == Article(id="b", text=DW_1, input=str(root / "b.txt"))


def test_a_readme_named_directly_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "README.md", DW_1)
    assert read(path) == [Article(id="README", text=DW_1, input=str(path))]


def test_single_text_file_strips_bom_and_normalises_line_endings(tmp_path: Path) -> None:
    path = write(tmp_path / "000_fa5270a6cb906790.txt", f"\ufeff{DW_1}\r\n{DW_2}\r{DW_3}\n")
    md = write(tmp_path / "note.md", f"# Title\n\n{DW_2}")
    assert read(path, md) == [
        Article(id="000_fa5270a6cb906790", text=f"{DW_1}\n{DW_2}\n{DW_3}\n", input=str(path)),
        Article(id="note", text=f"# Title\n\n{DW_2}", input=str(md)),
    ]


def test_folder_without_text_files(tmp_path: Path) -> None:
    write(tmp_path / "empty" / "data.csv", "id,text\n")
    write(tmp_path / "empty" / ".draft.txt", DW_1)
    assert summary(read(tmp_path / "empty")) == [
        (str(tmp_path / "empty"), None, "no .txt, .md or .html files")
    ]


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", "empty or whitespace-only text"),
        (b" \n\t\r\n  ", "empty or whitespace-only text"),
        (b"\xef\xbb\xbf\n", "empty or whitespace-only text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (contains NUL bytes); skipped"),
        (DW_2.encode() + b"\x00more", "binary file (contains NUL bytes); skipped"),
        (b"Caf\xe9 society", "not valid UTF-8 (byte 0xe9 at offset 3); skipped"),
    ],
)
def test_bad_text_file_is_skipped_with_a_problem_and_the_rest_kept(
    tmp_path: Path, content: bytes, error: str
) -> None:
    write(tmp_path / "in" / "a.txt", DW_1)
    write(tmp_path / "in" / "b.txt", content)
    write(tmp_path / "in" / "c.txt", DW_2)
    assert summary(read(tmp_path / "in")) == [
        ("a", None),
        (str(tmp_path / "in" / "b.txt"), None, error),
        ("c", None),
    ]


def test_text_file_over_max_chars(tmp_path: Path) -> None:
    path = write(tmp_path / "long.txt", "é" * 101)  # 101 characters, 202 bytes
    ok = write(tmp_path / "ok.txt", "é" * 100)
    huge = write(tmp_path / "huge.txt", b"a" * 404)  # larger than any 100-character text
    items = read(path, ok, huge, config=ReadConfig(max_chars=100))
    assert summary(items) == [
        (
            str(path),
            None,
            "text is 101 characters, over the limit of 100 characters "
            "(raise it with --max-chars); skipped",
        ),
        ("ok", None),
        (
            str(huge),
            None,
            "file is 404 bytes, over the limit of 100 characters "
            "(raise it with --max-chars); skipped",
        ),
    ]


# --- JSONL ------------------------------------------------------------------------------


def test_jsonl_fields_order_and_line_numbers(tmp_path: Path) -> None:
    feed = write(
        tmp_path / "feed.jsonl",
        jsonl(
            {
                "id": " dw-1 ",
                "text": f"{DW_1}\r\n{DW_2}",
                "title": " No Trump-Kim meeting: A snub to US president? ",
                "url": "https://www.dw.com/en/a-74537211",
                "source": "DW",
                "published": "2025-10-30",
                "lang": "en",
                "extra": [1, 2],
            },
            b"",
            b"   \t",
            {"id": 17, "text": REWRITE, "title": None, "source": ""},
        ),
    )
    assert read(feed) == [
        Article(
            id="dw-1",
            text=f"{DW_1}\n{DW_2}",
            title="No Trump-Kim meeting: A snub to US president?",
            url="https://www.dw.com/en/a-74537211",
            source="DW",
            published="2025-10-30",
            lang="en",
            input=str(feed),
            line=1,
        ),
        Article(id="17", text=REWRITE, input=str(feed), line=4),
    ]


def test_ndjson_and_bom_on_first_line(tmp_path: Path) -> None:
    feed = write(tmp_path / "feed.ndjson", b"\xef\xbb\xbf" + jsonl({"id": "a", "text": DW_1}))
    assert summary(read(feed)) == [("a", 1)]


def test_stdin_is_jsonl_and_named_stdin() -> None:
    stdin = io.BytesIO(jsonl({"id": "a", "text": DW_1}, b"{", {"id": "b", "text": DW_2}))
    assert summary(read("-", stdin=stdin)) == [
        ("a", 1),
        (
            "<stdin>",
            2,
            "invalid JSON: Expecting property name enclosed in double quotes at column 2",
        ),
        ("b", 3),
    ]
    assert read("-", stdin=io.BytesIO(jsonl({"id": "c", "text": DW_3}))) == [
        Article(id="c", text=DW_3, input="<stdin>", line=1)
    ]


def test_jsonl_bad_records_are_reported_and_good_ones_around_them_kept(tmp_path: Path) -> None:
    feed = write(
        tmp_path / "feed.jsonl",
        jsonl(
            {"id": "ok-1", "text": DW_1},  # 1
            b'{"id": "x" "text": "y"}',  # 2
            b'["id", "text"]',  # 3
            b"42",  # 4
            {"text": DW_2},  # 5
            {"id": "no-text"},  # 6
            {"id": "blank", "text": " \n\t "},  # 7
            {"id": "empty", "text": ""},  # 8
            {"id": 1.5, "text": DW_2},  # 9
            {"id": True, "text": DW_2},  # 10
            {"id": "   ", "text": DW_2},  # 11
            {"id": "null-text", "text": None},  # 12
            {"id": "date", "text": DW_2, "published": 20251030},  # 13
            {"id": "lang", "text": DW_2, "lang": ["en"]},  # 14
            b'{"id": "bad-utf8", "text": "Caf\xe9"}',  # 15
            b'{"id": "raw-nul", "text": "a\x00b"}',  # 16
            {"id": "ok-2", "text": DW_3},  # 17
        ),
    )
    name = str(feed)
    assert summary(read(feed)) == [
        ("ok-1", 1),
        (name, 2, "invalid JSON: Expecting ',' delimiter at column 12"),
        (name, 3, "expected a JSON object, got array"),
        (name, 4, "expected a JSON object, got number"),
        (name, 5, "missing field 'id'"),
        (name, 6, "missing field 'text'"),
        (name, 7, "empty or whitespace-only text"),
        (name, 8, "empty or whitespace-only text"),
        (name, 9, "field 'id' must be a string or an integer, got number"),
        (name, 10, "field 'id' must be a string or an integer, got boolean"),
        (name, 11, "field 'id' is empty"),
        (name, 12, "field 'text' must be a string, got null"),
        (name, 13, "field 'published' must be a string or null, got number"),
        (name, 14, "field 'lang' must be a string or null, got array"),
        (name, 15, "not valid UTF-8 (byte 0xe9 at column 32)"),
        (name, 16, "binary data (NUL bytes)"),
        ("ok-2", 17),
    ]


def test_jsonl_nul_escape_is_stripped(tmp_path: Path) -> None:
    feed = write(tmp_path / "feed.jsonl", jsonl({"id": "a\u0000", "text": f"{DW_2}\u0000"}))
    assert b"\\u0000" in feed.read_bytes()
    assert read(feed) == [Article(id="a", text=DW_2, input=str(feed), line=1)]
    only_nul = write(tmp_path / "nul.jsonl", jsonl({"id": "b", "text": "\u0000\u0000"}))
    assert summary(read(only_nul)) == [(str(only_nul), 1, "empty or whitespace-only text")]


def test_jsonl_text_over_max_chars(tmp_path: Path) -> None:
    feed = write(
        tmp_path / "feed.jsonl",
        jsonl(
            {"id": "a", "text": DW_2},
            {"id": "big", "text": "x" * 1_500_000},
            {"id": "c", "text": DW_3},
        ),
    )
    assert summary(read(feed)) == [
        ("a", 1),
        (
            str(feed),
            2,
            "text is 1,500,000 characters, over the limit of 1,000,000 characters "
            "(raise it with --max-chars); skipped",
        ),
        ("c", 3),
    ]
    assert summary(read(feed, config=ReadConfig(max_chars=2_000_000))) == [
        ("a", 1),
        ("big", 2),
        ("c", 3),
    ]


def test_configured_field_names(tmp_path: Path) -> None:
    feed = write(
        tmp_path / "feed.jsonl",
        jsonl(
            {"guid": "g1", "body": DW_1, "headline": "No Trump-Kim meeting", "date": "2025-10-30"},
            {"guid": "g2", "text": DW_2},
        ),
    )
    fields = FieldMap(id="guid", text="body", title="headline", published="date")
    assert summary(read(feed, config=ReadConfig(fields=fields))) == [
        ("g1", 1),
        (str(feed), 2, "missing field 'body'"),
    ]
    first = read(feed, config=ReadConfig(fields=fields))[0]
    assert isinstance(first, Article)
    assert (first.title, first.published) == ("No Trump-Kim meeting", "2025-10-30")


def test_jsonl_gz(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl.gz"
    feed.write_bytes(gzip.compress(jsonl({"id": "a", "text": DW_1}, {"id": "b", "text": DW_2})))
    ndjson = tmp_path / "feed.ndjson.gz"
    ndjson.write_bytes(gzip.compress(jsonl({"id": "c", "text": DW_3})))
    assert read(feed, ndjson) == [
        Article(id="a", text=DW_1, input=str(feed), line=1),
        Article(id="b", text=DW_2, input=str(feed), line=2),
        Article(id="c", text=DW_3, input=str(ndjson), line=1),
    ]


def test_truncated_gz_yields_what_was_read_then_one_problem(tmp_path: Path) -> None:
    records = [{"id": f"n{i}", "text": f"{i}. {DW_1} {DW_2}"} for i in range(300)]
    data = gzip.compress(jsonl(*records))
    feed = tmp_path / "feed.jsonl.gz"
    feed.write_bytes(data[: len(data) * 2 // 3])
    items = read(feed)
    *articles, problem = items
    assert 0 < len(articles) < 300
    assert summary(articles) == [(f"n{i}", i + 1) for i in range(len(articles))]
    assert problem == InputProblem(
        str(feed),
        None,
        f"cannot read past line {len(articles)}: "
        "Compressed file ended before the end-of-stream marker was reached",
    )


def test_gz_that_is_not_gzip(tmp_path: Path) -> None:
    feed = write(tmp_path / "feed.jsonl.gz", jsonl({"id": "a", "text": DW_1}))
    assert summary(read(feed)) == [(str(feed), None, "cannot read: Not a gzipped file (b'{\"')")]


def test_jsonl_is_read_lazily() -> None:
    class CountingStdin(io.BytesIO):
        lines_read = 0

        def __next__(self) -> bytes:
            CountingStdin.lines_read += 1
            return super().__next__()

    stdin = CountingStdin(jsonl(*({"id": str(i), "text": DW_1} for i in range(1000))))
    items = read_inputs(["-"], stdin=stdin)
    assert summary([next(items)]) == [("0", 1)]
    assert CountingStdin.lines_read == 1


# --- CSV --------------------------------------------------------------------------------


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)  # writes \r\n line ends, as Excel does
    return out.getvalue().encode()


def test_csv_records_with_multiline_text_report_their_first_line(tmp_path: Path) -> None:
    table = write(
        tmp_path / "t.csv",
        b"\xef\xbb\xbf"
        + csv_bytes(
            [
                ["id", " text ", "title", "published"],
                ["a", f"{DW_1}\n{DW_2}", "No Trump-Kim meeting", "2025-10-30"],
                ["b", REWRITE, "", ""],
            ]
        )
        + b"\r\n"
        + csv_bytes([["c", f"{DW_3}\n\n{DW_2}", "", ""]]),
    )
    assert read(table) == [
        Article(
            id="a",
            text=f"{DW_1}\n{DW_2}",
            title="No Trump-Kim meeting",
            published="2025-10-30",
            input=str(table),
            line=2,
        ),
        Article(id="b", text=REWRITE, input=str(table), line=4),
        Article(id="c", text=f"{DW_3}\n\n{DW_2}", input=str(table), line=6),
    ]


def test_csv_long_field_above_the_csv_module_default_limit(tmp_path: Path) -> None:
    text = " ".join([DW_1] * 1000)  # ~190,000 characters, over csv's 131,072 default
    table = write(tmp_path / "t.csv", csv_bytes([["id", "text"], ["long", text]]))
    assert read(table) == [Article(id="long", text=text, input=str(table), line=2)]


def test_csv_bad_records_are_reported_and_good_ones_kept(tmp_path: Path) -> None:
    table = write(
        tmp_path / "t.csv",
        csv_bytes([["id", "text", "lang"], ["a", DW_1, "en"], ["short", DW_2]])
        + b"bad,Caf\xe9 society,fr\r\n"
        + csv_bytes([["blank", "  ", "en"], ["", DW_2, "en"], ["big", "x" * 11, ""]])
        + b"nul,a\x00b,en\r\n"
        + csv_bytes([["b", DW_3, ""]]),
    )
    name = str(table)
    over_10 = "over the limit of 10 characters (raise it with --max-chars); skipped"
    assert summary(read(table, config=ReadConfig(max_chars=10))) == [
        (name, 2, f"text is {len(DW_1)} characters, {over_10}"),
        (name, 3, "record has 2 fields, the header has 3"),
        (name, 4, "not valid UTF-8 (byte 0xe9)"),
        (name, 5, "empty or whitespace-only text"),
        (name, 6, "field 'id' is empty"),
        (name, 7, f"text is 11 characters, {over_10}"),
        (name, 8, "binary data (NUL bytes)"),
        (name, 9, f"text is {len(DW_3)} characters, {over_10}"),
    ]
    assert summary(read(table)) == [
        ("a", 2),
        (name, 3, "record has 2 fields, the header has 3"),
        (name, 4, "not valid UTF-8 (byte 0xe9)"),
        (name, 5, "empty or whitespace-only text"),
        (name, 6, "field 'id' is empty"),
        ("big", 7),
        (name, 8, "binary data (NUL bytes)"),
        ("b", 9),
    ]


def test_csv_syntax_error_costs_only_its_record(tmp_path: Path) -> None:
    broken = b"a,Trump has departed South Korea\rwithout a meeting\r\n"  # a lone CR, unquoted
    table = write(tmp_path / "t.csv", b"id,text\r\n" + broken + csv_bytes([["b", DW_3]]))
    assert summary(read(table)) == [
        (str(table), 2, "invalid CSV: new-line character seen in unquoted field"),
        ("b", 3),
    ]


def test_csv_header_problems(tmp_path: Path) -> None:
    empty = write(tmp_path / "empty.csv", b"")
    no_text = write(tmp_path / "no_text.csv", csv_bytes([["id", "body"], ["a", DW_1]]))
    assert summary(read(empty, no_text)) == [
        (str(empty), None, "empty CSV file: expected a header row"),
        (str(no_text), 1, "CSV header has no column 'text' (columns: 'id', 'body')"),
    ]
    fields = FieldMap(text="body")
    assert summary(read(no_text, config=ReadConfig(fields=fields))) == [("a", 2)]


# --- across inputs ----------------------------------------------------------------------


def test_duplicate_ids_across_inputs_keep_the_first(tmp_path: Path) -> None:
    feed = write(
        tmp_path / "feed.jsonl",
        jsonl({"id": "a", "text": DW_1}, {"id": "x", "text": ""}, {"id": "x", "text": DW_2}),
    )
    folder = tmp_path / "texts"
    write(folder / "x.txt", DW_3)
    write(folder / "sub" / "x.md", DW_3)
    stdin = io.BytesIO(jsonl({"id": "a", "text": REWRITE}, {"id": 7, "text": DW_1}))
    table = write(tmp_path / "t.csv", csv_bytes([["id", "text"], ["7", DW_2]]))
    assert summary(read(feed, folder, "-", table, stdin=stdin)) == [
        ("a", 1),
        (str(feed), 2, "empty or whitespace-only text"),
        ("x", 3),
        (
            str(folder / "sub" / "x.md"),
            None,
            f"duplicate id 'x' (first seen at {feed}:3); skipped",
        ),
        (str(folder / "x.txt"), None, f"duplicate id 'x' (first seen at {feed}:3); skipped"),
        ("<stdin>", 1, f"duplicate id 'a' (first seen at {feed}:1); skipped"),
        ("7", 2),
        (str(table), 2, "duplicate id '7' (first seen at <stdin>:2); skipped"),
    ]


def test_missing_paths_and_unsupported_types_are_problems(tmp_path: Path) -> None:
    pdf = write(tmp_path / "report.pdf", b"%PDF-1.4")
    feed = write(tmp_path / "feed.jsonl", jsonl({"id": "a", "text": DW_1}))
    missing = tmp_path / "nope.jsonl"
    assert summary(read(missing, pdf, feed)) == [
        (str(missing), None, "no such file or folder"),
        (
            str(pdf),
            None,
            "unsupported input type: expected a folder, .txt, .md, .html, .htm, .jsonl, "
            ".ndjson, .jsonl.gz or .csv",
        ),
        ("a", 1),
    ]
    assert summary(read(tmp_path / "x", tmp_path / "y.csv")) == [
        (str(tmp_path / "x"), None, "no such file or folder"),
        (str(tmp_path / "y.csv"), None, "no such file or folder"),
    ]


def test_path_objects_are_accepted(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", DW_1)
    assert list(read_inputs([path])) == [Article(id="a", text=DW_1, input=str(path))]


# --- configuration ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0, "max_chars=0 is out of range: allowed 1 or more"),
        (-5, "max_chars=-5 is out of range: allowed 1 or more"),
        (1.5, "max_chars=1.5 must be an integer >= 1"),
    ],
)
def test_read_config_rejects_bad_max_chars(value: Any, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        ReadConfig(max_chars=value)
    assert str(err.value) == message


def test_field_map_rejects_empty_names() -> None:
    with pytest.raises(ConfigError, match="field name for 'text' is empty"):
        FieldMap(text="")
