"""The command line: exact output and exit codes (Click's CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedup.cli import main

SEED_ORDER = [
    "000_fa5270a6cb906790",
    "001_a6036b3efc683721",
    "002_9a241e841ed3170a",
    "003_f68eab5e179ec97d",
    "004_fd76645f59ff68de",
]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_every_command_has_help_with_an_example(runner):
    for args in ([], ["scan"], ["compare"]):
        result = runner.invoke(main, [*args, "--help"])
        assert result.exit_code == 0, result.output
        assert "Example" in result.output


def test_scan_json_is_the_report_contract(runner, seeds_dir):
    result = runner.invoke(main, ["scan", str(seeds_dir), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["schema"] == "dedup.report/1"
    assert [a["id"] for a in report["articles"]] == SEED_ORDER
    placed = [m for c in report["clusters"] for m in c["members"]] + report["unique"]
    assert sorted(placed) == SEED_ORDER  # every article exactly once
    # 001 is 000 translated to Portuguese and back; same story is not a copy: 002-004 alone.
    assert report["unique"] == SEED_ORDER[2:]
    (cluster,) = report["clusters"]
    assert cluster["original"] == SEED_ORDER[0]
    assert cluster["members"] == SEED_ORDER[:2]
    (link,) = cluster["links"]
    assert (link["source"], link["relation"]) == (SEED_ORDER[1], "rewrite")
    assert link["aligned"] >= 0.75 and link["jaccard"] < 0.25
    assert any("Originally published by DW" in e for e in cluster["original_evidence"])
    assert any("2025-10-30" in e for e in cluster["original_evidence"])
    assert report["errors"] == []
    assert report["params"]["shingle"] == {"k": 5}


def test_scan_json_is_deterministic_to_the_byte(runner, seeds_dir, tmp_path):
    outputs = []
    for name in ("a.json", "b.json"):
        out = tmp_path / name
        result = runner.invoke(main, ["scan", str(seeds_dir), "-f", "json", "-o", str(out)])
        assert result.exit_code == 0
        assert result.output == ""
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_scan_csv_has_one_row_per_article(runner, seeds_dir):
    result = runner.invoke(main, ["scan", str(seeds_dir), "--format", "csv"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == (
        "id,cluster,role,relation,original,score,jaccard,containment,aligned,lang,published"
    )
    assert [line.split(",")[0] for line in lines[1:]] == SEED_ORDER
    assert lines[3] == "002_9a241e841ed3170a,,unique,,,,,,,en,2025-11-12"


def test_scan_reads_jsonl_on_stdin_and_reports_bad_lines(runner, seed_text):
    good = json.dumps({"id": "a", "text": seed_text("002")})
    copy = json.dumps({"id": "b", "text": seed_text("002")})
    stdin = "\n".join([good, "{not json", json.dumps({"id": "c"}), copy]) + "\n"
    result = runner.invoke(main, ["scan", "-", "--format", "jsonl"], input=stdin)
    assert result.exit_code == 3  # partial: the report is written, two lines were skipped
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["type"], r.get("id"), r.get("role"), r.get("relation")) for r in rows] == [
        ("article", "a", "original", None),
        ("article", "b", "copy", "exact"),
        ("error", None, None, None),
        ("error", None, None, None),
    ]
    assert rows[2]["line"] == 2 and rows[2]["error"].startswith("invalid JSON")
    assert rows[3] == {"type": "error", "input": "<stdin>", "line": 3,
                       "error": "missing field 'text'"}
    assert "dedup: skipped <stdin>:3: missing field 'text'" in result.stderr


def test_scan_with_nothing_readable_fails(runner, tmp_path):
    result = runner.invoke(main, ["scan", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 1
    assert "no such file or folder" in result.stderr


def test_unknown_format_is_a_usage_error(runner, seeds_dir):
    result = runner.invoke(main, ["scan", str(seeds_dir), "--format", "xml"])
    assert result.exit_code == 2


def test_bad_parameter_is_a_one_line_error(runner, seeds_dir):
    result = runner.invoke(main, ["scan", str(seeds_dir), "--lsh-threshold", "2"])
    assert result.exit_code == 1
    assert result.stderr == "Error: lsh threshold=2.0 is out of range: allowed 0.05..0.95\n"


def test_compare_explains_a_non_copy(runner, seeds_dir):
    a, b = sorted(Path(seeds_dir).glob("00[02]_*.txt"))
    result = runner.invoke(main, ["compare", str(a), str(b)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "verdict: not a copy: 12 shared 5-word shingles < 20 (Jaccard 0.005, containment "
        "0.012); sentence alignment: 1/37 and 1/48 sentences aligned in order at cosine >= 0.7"
    )


def test_compare_says_an_exact(runner, tmp_path, seed_text):
    for name in ("a", "c"):
        (tmp_path / f"{name}.txt").write_text(seed_text("000"), encoding="utf-8")
    result = runner.invoke(main, ["compare", "--no-semantic", str(tmp_path / "a.txt"),
                                  str(tmp_path / "c.txt")])
    (verdict,) = [line for line in result.output.splitlines() if line.startswith("verdict:")]
    assert verdict.startswith(("verdict: a is an exact of c: ", "verdict: c is an exact of a: "))


def test_the_non_copy_reason_names_the_bound_that_decided():
    from dedup.config import Config
    from dedup.detector import _why_not
    from dedup.lexical.relate import Overlap

    config = Config()
    assert _why_not(Overlap(30, 0.1, 0.2, 0.3), config) == (
        "not a copy: Jaccard 0.100 < 0.5 and containment 0.300 < 0.5 "
        "(30 shared 5-word shingles)")
    assert _why_not(Overlap(19, 0.6, 0.7, 0.8), config) == (
        "not a copy: 19 shared 5-word shingles < 20 (Jaccard 0.600, containment 0.800)")


def test_compare_ids_from_an_input(runner, tmp_path, seed_text):
    feed = tmp_path / "feed.jsonl"
    paras = seed_text("000").split("\n")
    feed.write_text(
        json.dumps({"id": "full", "text": seed_text("000")}) + "\n"
        + json.dumps({"id": "part", "text": "\n".join(paras[:12])}) + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["compare", "--in", str(feed), "part", "full", "-f", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["link"]["relation"] == "reprint"
    assert (out["link"]["source"], out["link"]["target"]) == ("part", "full")


def test_python_dash_m_runs_the_cli():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "dedup", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.startswith("dedup, version ")


def test_no_semantic_scan_is_lexical_only(runner, seeds_dir):
    result = runner.invoke(main, ["scan", str(seeds_dir), "-f", "json", "--no-semantic"])
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["params"]["semantic"] == {"enabled": False}
    # 000 and 001 share 18 % of their shingles, too few for the shingle rules; their
    # reused passages (62 % of each, word trigrams chained) make 001 a rewrite.
    (cluster,) = report["clusters"]
    (link,) = cluster["links"]
    assert (link["source"], link["target"], link["relation"]) == (*SEED_ORDER[1::-1], "rewrite")
    assert link["aligned"] is None and len(link["passages"]) == 8
    assert report["unique"] == SEED_ORDER[2:]
