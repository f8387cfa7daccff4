"""pytest-benchmark versions of ``signing.py`` on 200 reuters articles (seconds, not minutes).

    cd benchmarks && PYTHONPATH=../src python -m pytest test_bench_signing.py

Not part of the default test run (``benchmarks/`` is outside ``testpaths``).
"""

from __future__ import annotations

import pytest
from evalsets import default_eval_dir, load_set
from signing import (
    _datasketch_batch,
    _dedup_batch,
    _dedup_each,
    _rensa_each,
    _rensa_matrix,
    normalized_contents,
)

SAMPLE = 200


@pytest.fixture(scope="module")
def texts() -> list[str]:
    path = default_eval_dir()
    if not (path / "reuters.articles.jsonl.gz").exists():
        pytest.skip(f"no eval sets in {path}")
    return normalized_contents(load_set("reuters", path).articles[:SAMPLE])


@pytest.mark.parametrize(
    "pipeline",
    [_dedup_batch, _dedup_each, _datasketch_batch, _rensa_each, _rensa_matrix],
    ids=["dedup-batched", "dedup-one-at-a-time", "datasketch-update_batch", "rensa-update",
         "rensa-matrix"],
)
def test_signing(benchmark, texts, pipeline):
    benchmark(pipeline, texts, 5, 128, 1)
