"""The Dask engine: the same report as the in-process scan, to the byte, on a LocalCluster.

One cluster of two worker processes on loopback for the module (``local:2``), closed at
the end. Partitions and JSONL blocks are made tiny so that every pair crosses
partitions and every file is read in several blocks.
"""

from __future__ import annotations

import gzip
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

pytest.importorskip("distributed")

from evaldata import eval_lines  # noqa: E402

from dedup import Article, Config, Detector  # noqa: E402
from dedup.cli import main  # noqa: E402
from dedup.config import SemanticConfig  # noqa: E402
from dedup.distributed.engine import DaskScanner, open_client  # noqa: E402
from dedup.errors import ConfigError  # noqa: E402
from dedup.io.readers import read_inputs  # noqa: E402
from dedup.io.report import render  # noqa: E402
from dedup.models import InputProblem  # noqa: E402

LEXICAL = Config(semantic=SemanticConfig(enabled=False))


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with open_client("local:2", dashboard=False) as c:
        yield c
    assert c.status == "closed"


def _same(client: Any, paths: list[str], config: Config, **sizes: int) -> str:
    """The JSON report of both engines, asserted equal; returns it."""
    here = render(Detector(config, workers=1).scan(read_inputs(paths)), "json")
    there = render(DaskScanner(client, Detector(config), **sizes).scan_paths(paths), "json")
    assert there == here
    return there


def test_two_local_workers(client: Any) -> None:
    assert len(client.scheduler_info()["workers"]) == 2
    assert all(w.startswith("tcp://127.0.0.1:") for w in client.scheduler_info()["workers"])


def test_seeds_same_report(client: Any, seeds_dir: Path) -> None:
    report = json.loads(_same(client, [str(seeds_dir)], Config(), partition_size=2))
    assert report["clusters"]  # the seeds' rewrite is found: the test compares something


def test_eval_subset_same_report_and_errors(client: Any, tmp_path: Path) -> None:
    """wmt (translations, uncovered languages, structure links) and reuters (exact and
    near duplicates), with bad records: same report, same errors with file and line."""
    wmt = eval_lines("wmt", 160)
    reuters = eval_lines("reuters", 300)
    first_id = json.loads(reuters[0])["id"]
    bad = ["{not json\n", json.dumps({"id": "x"}) + "\n",
           json.dumps({"id": first_id, "text": "a later record with a known id"}) + "\n"]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(wmt[:120] + bad[:2] + wmt[120:] + reuters[:200]), encoding="utf-8")
    more = tmp_path / "more.jsonl.gz"
    with gzip.open(more, "wt", encoding="utf-8") as fh:
        fh.write("".join(reuters[200:] + bad[2:]))
    paths = [str(feed), str(more), str(tmp_path / "missing.jsonl")]
    report = json.loads(_same(client, paths, Config(), partition_size=64, block_bytes=100_000))
    relations = {link["relation"] for c in report["clusters"] for link in c["links"]}
    assert {"translation", "exact"} <= relations
    assert [(e["input"], e["line"]) for e in report["errors"]] == [
        (str(feed), 121), (str(feed), 122), (str(more), 101), (str(tmp_path / "missing.jsonl"),
                                                                None)]


def test_meter_subset_passage_rule_same_report(client: Any, tmp_path: Path) -> None:
    """METER's wire and paper stories (sub-edited and partly derived copies: the passage
    rule's rewrites and partials, rare-shingle candidates), lexical: same report."""
    feed = tmp_path / "meter.jsonl"
    feed.write_text("".join(eval_lines("meter", 400)), encoding="utf-8")
    report = json.loads(_same(client, [str(feed)], LEXICAL, partition_size=60))
    relations = {link["relation"] for c in report["clusters"] for link in c["links"]}
    assert {"rewrite", "partial"} <= relations


def test_api_articles_same_report(client: Any, seed_text: Any) -> None:
    items: list[Article | InputProblem] = [
        Article("a", seed_text("000")), Article("b", seed_text("001")),
        Article("c", "   "), Article("a", seed_text("002")), Article("d", seed_text("000")),
    ]
    here = render(Detector(LEXICAL).scan(items), "json")
    there = DaskScanner(client, Detector(LEXICAL), partition_size=2).scan(items)
    assert render(there, "json") == here
    assert [e.error for e in there.errors][0] == "article 'c': empty text"


def test_cli_scheduler_same_output(seeds_dir: Path) -> None:
    runner = CliRunner()
    args = ["scan", str(seeds_dir), "--no-semantic", "--format", "json"]
    here = runner.invoke(main, args)
    there = runner.invoke(main, [*args, "--scheduler", "local:1"])
    assert there.exit_code == here.exit_code == 0
    assert there.stdout == here.stdout
    assert "Dask dashboard" in there.stderr


@pytest.mark.parametrize("address", ["local:0", "local:x", "127.0.0.1:8786"])
def test_bad_scheduler_address(address: str) -> None:
    with pytest.raises(ConfigError, match="scheduler"), open_client(address):
        pass
    result = CliRunner().invoke(main, ["scan", "-", "--scheduler", address], input="")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: scheduler ")


def test_rare_shingle_shuffle_counts_as_one_process() -> None:
    """The two shuffles of :mod:`dedup.distributed.lexical` give :func:`shared_counts`'s pairs and
    counts, whatever the partitions and buckets (tasks called directly, no cluster)."""
    from types import SimpleNamespace

    import numpy as np

    from dedup.distributed.lexical import rare_pairs, rare_votes, shingle_buckets
    from dedup.distributed.tasks import Partition
    from dedup.lexical.sharedkeys import MAX_OWNERS, shared_counts

    rng = np.random.default_rng(7)
    pool = rng.integers(0, 2**63, size=400, dtype=np.uint64)  # few: many shared, some common
    sets = [np.unique(rng.choice(pool, size=rng.integers(5, 60))) for _ in range(70)]
    want = shared_counts(list(range(70)), sets, min_shared=3)
    assert want and len(want) < 70 * 69 // 2  # some pairs kept, some not
    assert max(sum(int(h in s) for s in sets) for h in pool.tolist()) > MAX_OWNERS
    for cuts, buckets in (([0, 70], 1), ([0, 9, 10, 41, 70], 5)):
        maps = []
        for lo, hi in itertools.pairwise(cuts):
            gids = np.arange(lo, hi, dtype=np.int64)
            part = Partition(gids, [SimpleNamespace(shingles=s) for s in sets[lo:hi]])
            maps.append(shingle_buckets(part, gids, buckets))  # type: ignore[arg-type]
        votes = [rare_votes(70, buckets, *[m[b] for m in maps]) for b in range(buckets)]
        kept = [rare_pairs(70, 3, *[v[b] for v in votes]) for b in range(buckets)]
        got = {(int(a), int(b)): int(c) for pairs, counts in kept
               for (a, b), c in zip(pairs.tolist(), counts.tolist(), strict=True)}
        assert got == want


def _passage_feed(seed_text: Any) -> list[Article]:
    """A paper story taking three sub-edited wire paragraphs (the passage rule's partial),
    an exact twin of it that reads the same (after the wire story: its pairs turn round),
    a twin of the wire story that does not (a trailing newline), and other seeds."""
    from test_passages import _wire_and_paper

    wire, paper = _wire_and_paper(seed_text)
    return [Article("s3", seed_text("003")), paper, Article("s2", seed_text("002")), wire,
            Article("s4", seed_text("004")), Article("paper-twin", paper.text),  # turns round
            Article("wire-twin", wire.text + "\n")]


@pytest.mark.parametrize("config", [LEXICAL, Config()], ids=["lexical", "semantic"])
def test_passage_rule_pair_same_report(client: Any, seed_text: Any, config: Config) -> None:
    items = _passage_feed(seed_text)
    here = render(Detector(config, workers=1).scan(items), "json")
    scanner = DaskScanner(client, Detector(config), partition_size=2)
    there = render(scanner.scan(items), "json")
    assert there == here
    assert scanner.stats["rare_pairs"] >= 1
    links = {(x["source"], x["target"]): x for c in json.loads(there)["clusters"]
             for x in c["links"]}
    partial = [x for x in links.values() if x["relation"] == "partial"]
    assert {frozenset((x["source"], x["target"])) for x in partial} >= {
        frozenset(("paper", "wire"))}
    for x in partial:
        assert len(x["passages"]) == 3
        assert all(p["source_start"] is not None for p in x["passages"])


def test_html_with_a_scheduler_is_a_usage_error_before_any_work(tmp_path) -> None:
    from click.testing import CliRunner

    from dedup.cli import main

    (tmp_path / "a.txt").write_text("One article.", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["scan", str(tmp_path), "--scheduler", "local:1", "--format", "html"]
    )
    assert result.exit_code == 2
    assert "--format html needs the texts in this process: not with --scheduler" in result.output
