"""Issue 15: faults become one line and a documented exit code; --emit unique is once."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from streamcases import families, jsonl

from dedup import Article, Detector, UsageError, read_inputs
from dedup.cli import main


def test_missing_output_folder_is_a_usage_error_before_the_work(tmp_path, seeds_dir):
    out = tmp_path / "missing" / "r.json"
    result = CliRunner().invoke(main, ["scan", str(seeds_dir), "-o", str(out)])
    assert result.exit_code == 2
    assert f"Error: Invalid value for '--output': folder '{out.parent}' does not exist" in (
        result.stderr)
    assert "Traceback" not in result.output


def test_full_disk_under_the_report_is_one_line(seeds_dir):
    result = CliRunner().invoke(main, ["scan", str(seeds_dir), "--no-semantic",
                                       "-o", "/dev/full"])
    assert result.exit_code == 1
    assert result.stderr == ("Error: cannot write /dev/full: No space left on device; "
                             "no report written\n")


def test_emit_unique_never_re_emits_a_replay(tmp_path):
    records = [r for fam in families(2) for r in fam]
    index = str(tmp_path / "i.db")
    args = ["filter", "--index", index, "--emit", "unique", "--no-semantic"]
    first = CliRunner().invoke(main, args, input=b"\xef\xbb\xbf" + jsonl(records))
    assert first.exit_code == 0, first.output
    assert first.stdout.encode() == jsonl([records[0], records[3]])  # BOM not passed on
    again = CliRunner().invoke(main, args, input=jsonl(records))
    assert again.exit_code == 0
    assert again.stdout == ""
    assert "6 replayed" in again.stderr


def test_index_stats_on_a_mistyped_path_creates_nothing(tmp_path):
    path = tmp_path / "nothere.db"
    result = CliRunner().invoke(main, ["index", "stats", "--index", str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: index {path}: no such file\n"
    assert not path.exists()


@pytest.mark.parametrize("call", [
    lambda: Detector().scan(["text"]),
    lambda: Detector().add("x"),
    lambda: Detector(config="x"),  # type: ignore[arg-type]
    lambda: read_inputs("seeds/"),
    lambda: Article(5, "text"),  # type: ignore[arg-type]
])
def test_library_misuse_is_a_usage_error(call):
    with pytest.raises(UsageError, match="^expected "):
        call()


def test_error_rows_keep_the_id(tmp_path):
    result = CliRunner().invoke(main, ["filter", "--index", str(tmp_path / "i.db"),
                                       "--no-semantic"], input=b'{"id": "z"}\n')
    assert result.exit_code == 3
    assert json.loads(result.stdout)["id"] == "z"


def test_an_empty_jsonl_file_is_named(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    result = CliRunner().invoke(main, ["scan", str(empty), "--no-semantic"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"dedup: skipped {empty}: empty file: no JSON lines",
                                          "dedup: no article could be read"]


def test_a_csv_without_header_does_not_echo_its_row(tmp_path):
    body = "x" * 2668
    path = tmp_path / "nohdr.csv"
    path.write_text(f"reu1,{body}\nreu2,{body}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["scan", str(path), "--no-semantic"])
    (line, _) = result.stderr.splitlines()
    assert line == (f"dedup: skipped {path}:1: CSV header has no column 'id' "
                    f"(columns: 'reu1', '{'x' * 29}…')")
