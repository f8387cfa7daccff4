"""pytest-benchmark: BandIndex vs datasketch.MinHashLSH on a small real sample.

    PYTHONPATH=src pytest benchmarks/test_bench_lsh.py --benchmark-group-by=group

The first 1,500 reuters articles (lexical preparation, those a scan sends to
LSH); the last 200 are the queries. ``benchmarks/lsh.py`` is the full-size run.
Each benchmark also checks that both structures return the same candidates.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from evalsets import default_eval_dir, load_set
from lsh import LEXICAL, _blake8

from dedup.config import LSHConfig, MinHashConfig
from dedup.lexical.bands import BandIndex, band_keys, band_pairs, lsh_bands
from dedup.prepare.parallel import prepare_all

SAMPLE = 1500
QUERIES = 200
THRESHOLD = LSHConfig().threshold
MC = MinHashConfig()


@pytest.fixture(scope="module")
def signatures() -> npt.NDArray[np.uint32]:
    articles = load_set("reuters", default_eval_dir()).articles[:SAMPLE]
    prepared = prepare_all(articles, LEXICAL, workers=1)
    return np.vstack([p.signature for p in prepared
                      if p.shingles.size >= LEXICAL.relation.min_shingles])


def _lean(rows: npt.NDArray[np.uint32]) -> list[Any]:
    from datasketch import LeanMinHash

    return [LeanMinHash(seed=MC.seed, hashvalues=r, scheme="affine32") for r in rows]


def _minhashlsh(rows: npt.NDArray[np.uint32], hashed: bool = False) -> Any:
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=MC.num_perm,
                     hashfunc=_blake8 if hashed else None)
    with lsh.insertion_session() as session:
        for key, sketch in enumerate(_lean(rows)):
            session.insert(key, sketch, check_duplication=False)
    return lsh


def _band_index(rows: npt.NDArray[np.uint32]) -> BandIndex:
    index = BandIndex(THRESHOLD, MC.num_perm)
    index.insert_many(list(range(len(rows))), rows)
    return index


@pytest.mark.benchmark(group="lsh-build")
def test_build_band_index(benchmark: Any, signatures: npt.NDArray[np.uint32]) -> None:
    index = benchmark(_band_index, signatures[:-QUERIES])
    assert len(index) == len(signatures) - QUERIES


@pytest.mark.benchmark(group="lsh-build")
@pytest.mark.parametrize("hashed", [False, True], ids=["defaults", "hashfunc"])
def test_build_minhashlsh(benchmark: Any, signatures: npt.NDArray[np.uint32],
                          hashed: bool) -> None:
    lsh = benchmark(_minhashlsh, signatures[:-QUERIES], hashed)
    assert len(lsh.keys) == len(signatures) - QUERIES


@pytest.mark.benchmark(group="lsh-query")
def test_query_band_index(benchmark: Any, signatures: npt.NDArray[np.uint32]) -> None:
    index = _band_index(signatures[:-QUERIES])
    found = benchmark(lambda: [index.query(row) for row in signatures[-QUERIES:]])
    lsh = _minhashlsh(signatures[:-QUERIES])
    assert [sorted(f) for f in found] == [sorted(lsh.query(m))
                                          for m in _lean(signatures[-QUERIES:])]


@pytest.mark.benchmark(group="lsh-query")
@pytest.mark.parametrize("hashed", [False, True], ids=["defaults", "hashfunc"])
def test_query_minhashlsh(benchmark: Any, signatures: npt.NDArray[np.uint32],
                          hashed: bool) -> None:
    lsh = _minhashlsh(signatures[:-QUERIES], hashed)
    lean = _lean(signatures[-QUERIES:])
    found = benchmark(lambda: [lsh.query(m) for m in lean])
    assert len(found) == QUERIES


@pytest.mark.benchmark(group="lsh-all-pairs")
def test_all_pairs_band_pairs(benchmark: Any, signatures: npt.NDArray[np.uint32]) -> None:
    b, r = lsh_bands(THRESHOLD, MC.num_perm)
    pairs = benchmark(lambda: band_pairs(band_keys(signatures, b, r)))
    lsh = _minhashlsh(signatures)
    expected = {(min(i, j), max(i, j)) for i, m in enumerate(_lean(signatures))
                for j in lsh.query(m) if j != i}
    assert {(i, j) for i, j in pairs.tolist()} == expected


@pytest.mark.benchmark(group="lsh-all-pairs")
def test_all_pairs_minhashlsh(benchmark: Any, signatures: npt.NDArray[np.uint32]) -> None:
    lsh = _minhashlsh(signatures)
    lean = _lean(signatures)

    def pairs() -> set[tuple[int, int]]:
        return {(min(i, j), max(i, j)) for i, m in enumerate(lean) for j in lsh.query(m)
                if j != i}

    assert len(benchmark(pairs)) > 0
