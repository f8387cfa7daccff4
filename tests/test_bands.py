"""dedup.lexical.bands against datasketch.MinHashLSH: same banding, same candidates.

Signatures come from synthetic shingle sets with controlled overlap (families
of a base set, each member keeping a random share of it plus its own shingles),
so candidate sets at thresholds 0.1/0.5/0.9 are neither empty nor everything.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from datasketch import LeanMinHash, MinHashLSH

from dedup.config import LSHConfig, MinHashConfig
from dedup.lexical import bands
from dedup.lexical.bands import BandIndex, band_keys, band_pairs, exact_keys, lsh_bands, shared_band
from dedup.lexical.index import candidate_pairs
from dedup.prepare.signature import signature

NUM_PERM = 128
THRESHOLDS = (0.1, 0.5, 0.9)


def _signatures(n: int, seed: int) -> npt.NDArray[np.uint32]:
    rng = np.random.default_rng(seed)
    bases = [rng.integers(0, 2**63, int(rng.integers(50, 400)), dtype=np.uint64)
             for _ in range(n // 6)]
    rows = []
    for i in range(n):
        base = bases[i % len(bases)]
        kept = base[rng.random(base.size) < rng.random()]
        own = rng.integers(0, 2**63, int(rng.integers(0, 200)), dtype=np.uint64)
        rows.append(signature(np.unique(np.concatenate([kept, own])), num_perm=NUM_PERM, seed=1))
    rows.append(rows[0].copy())  # an exact duplicate: shares every band
    return np.vstack(rows)


@pytest.fixture(scope="module")
def matrix() -> npt.NDArray[np.uint32]:
    return _signatures(700, seed=3)


def _lean(row: npt.NDArray[np.uint32]) -> LeanMinHash:
    return LeanMinHash(seed=1, hashvalues=row, scheme="affine32")


def _reference(matrix: npt.NDArray[np.uint32], threshold: float) -> set[tuple[int, int]]:
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    with lsh.insertion_session() as session:
        for i, row in enumerate(matrix):
            session.insert(i, _lean(row), check_duplication=False)
    return {(min(i, j), max(i, j)) for i, row in enumerate(matrix)
            for j in lsh.query(_lean(row)) if j != i}


@pytest.fixture(scope="module")
def references(matrix: npt.NDArray[np.uint32]) -> dict[float, set[tuple[int, int]]]:
    return {t: _reference(matrix, t) for t in THRESHOLDS}


@pytest.mark.parametrize("threshold", [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.95])
def test_bands_and_rows_are_minhashlsh_choice(threshold: float) -> None:
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    assert lsh_bands(threshold, NUM_PERM) == (lsh.b, lsh.r)


def test_project_threshold_banding() -> None:
    assert lsh_bands(LSHConfig().threshold, MinHashConfig().num_perm) == (64, 2)


def _extra_are_collisions(found: set[tuple[int, int]], reference: set[tuple[int, int]],
                          matrix: npt.NDArray[np.uint32], threshold: float) -> int:
    """Assert ``found`` ⊇ ``reference`` and every extra pair is a key collision; count them."""
    assert reference <= found
    extra = np.array(sorted(found - reference), dtype=np.int64).reshape(-1, 2)
    b, r = lsh_bands(threshold, NUM_PERM)
    assert not shared_band(matrix, extra, b, r).any()
    return len(extra)


@pytest.mark.parametrize("threshold", THRESHOLDS)
def test_band_pairs_are_minhashlsh_candidates(
    matrix: npt.NDArray[np.uint32], references: dict[float, set[tuple[int, int]]],
    threshold: float,
) -> None:
    b, r = lsh_bands(threshold, NUM_PERM)
    found = {(i, j) for i, j in band_pairs(band_keys(matrix, b, r)).tolist()}
    reference = references[threshold]
    assert 0 < len(reference) < len(matrix) * (len(matrix) - 1) // 2
    # 64-bit keys over r <= 2 values are the values; over more, collisions are ~2**-64.
    assert _extra_are_collisions(found, reference, matrix, threshold) == 0
    assert found == reference


@pytest.mark.parametrize("window", [bands.WINDOW, 2])
@pytest.mark.parametrize("threshold", THRESHOLDS)
def test_band_index_queries_are_minhashlsh_candidates(
    matrix: npt.NDArray[np.uint32], references: dict[float, set[tuple[int, int]]],
    threshold: float, window: int, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A small buffer so 700 inserts go through flushes, a second run and merges;
    # a window of 2 keys overflows often (the binary-search fallback).
    monkeypatch.setattr(bands, "BUFFER", 16)
    monkeypatch.setattr(bands, "WINDOW", window)
    monkeypatch.setattr(bands, "_STEPS", np.arange(window))
    index = BandIndex(threshold, NUM_PERM)
    keys = [f"a{i}" for i in range(len(matrix))]
    for key, row in zip(keys[:300], matrix[:300], strict=True):
        index.insert(key, row)
    index.insert_many(keys[300:400], matrix[300:400])
    for key, row in zip(keys[400:], matrix[400:], strict=True):
        index.insert(key, row)
    assert len(index) == len(matrix)
    found = set()
    for i, row in enumerate(matrix):
        result = index.query(row)
        assert f"a{i}" in result
        found |= {(min(i, j), max(i, j)) for j in (int(k[1:]) for k in result) if j != i}
    assert _extra_are_collisions(found, references[threshold], matrix, threshold) == 0
    assert found == references[threshold]


@pytest.mark.parametrize("threshold", THRESHOLDS)
def test_incremental_index_equals_batch(
    matrix: npt.NDArray[np.uint32], threshold: float, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bands, "BUFFER", 32)
    one_by_one, batch = BandIndex(threshold, NUM_PERM), BandIndex(threshold, NUM_PERM)
    for i, row in enumerate(matrix):
        one_by_one.insert(i, row)
    batch.insert_many(list(range(len(matrix))), matrix)
    for row in matrix:
        assert one_by_one.query(row) == batch.query(row)


def test_query_before_any_insert_and_unrelated(matrix: npt.NDArray[np.uint32]) -> None:
    index = BandIndex(0.1, NUM_PERM)
    assert index.query(matrix[0]) == []
    index.insert("x", matrix[0])
    assert index.query(matrix[0]) == ["x"]
    assert index.query(np.zeros(NUM_PERM, dtype=np.uint32)) == []


def test_candidate_pairs_map_rows_to_keys(
    matrix: npt.NDArray[np.uint32], references: dict[float, set[tuple[int, int]]],
) -> None:
    keys = [10 * (len(matrix) - i) for i in range(len(matrix))]  # descending: pairs get swapped
    pairs = candidate_pairs(matrix, keys, lsh=LSHConfig(0.1), minhash=MinHashConfig())
    expected = sorted((min(keys[i], keys[j]), max(keys[i], keys[j]))
                      for i, j in references[0.1])
    assert pairs == expected
    with pytest.raises(ValueError):
        candidate_pairs(matrix, keys[:-1], lsh=LSHConfig(0.1), minhash=MinHashConfig())


def test_keys_of_two_rows_are_the_values() -> None:
    sig = np.arange(128, dtype=np.uint32)
    other = sig.copy()
    other[5] = 1000  # band 2 of rows 2 changes, and only it
    a, b = band_keys(np.vstack([sig, other]), 64, 2)
    assert exact_keys(2) and not exact_keys(3)
    assert np.flatnonzero(a != b).tolist() == [2]
    assert int(a[0]) == 0 | (1 << 32) and int(a[1]) == 2 | (3 << 32)


def test_band_pairs_of_a_group_of_duplicates() -> None:
    rows = np.vstack([np.full(128, 7, dtype=np.uint32)] * 5 + [np.arange(128, dtype=np.uint32)])
    pairs = band_pairs(band_keys(rows, 64, 2)).tolist()
    assert pairs == [[i, j] for i in range(5) for j in range(i + 1, 5)]
    assert band_pairs(band_keys(rows[:1], 64, 2)).shape == (0, 2)


def test_band_pairs_do_not_join_equal_keys_of_different_bands() -> None:
    # Sorted, band 0 ends with A's (9, 9) and band 1 starts with B's (9, 9).
    a = np.arange(100, 228, dtype=np.uint32)
    b = np.arange(300, 428, dtype=np.uint32)
    a[0:2], b[0:2] = 9, 1
    a[2:4], b[2:4] = 10, 9
    keys = band_keys(np.vstack([a, b]), 64, 2)
    assert keys[0, 0] == keys[1, 1]
    assert band_pairs(keys).shape == (0, 2)
    index = BandIndex(0.1, NUM_PERM)
    index.insert_many(["a"], a[None, :])
    assert index.query(b) == []
    b[2:4] = 10
    assert band_pairs(band_keys(np.vstack([a, b]), 64, 2)).tolist() == [[0, 1]]
    assert index.query(b) == ["a"]
