"""LSH banding on a ``uint32`` signature matrix, without per-article objects.

The banding is ``datasketch.MinHashLSH``'s: the same ``(bands, rows)`` for a
threshold (:func:`lsh_bands`), band ``i`` made of signature values
``[i * rows, (i + 1) * rows)``, and two articles are candidates when they
agree on every value of at least one band. What differs is the storage:

* :func:`band_keys` turns each band into one ``uint64`` key, vectorised over a
  whole matrix. With ``rows <= 2`` the key *is* the band's values (packed, so
  equal keys mean equal bands); with more rows it is a SplitMix64 chain over the
  packed values, and two different bands share a key with probability about
  ``2**-64`` (a collision only adds a candidate, which verification removes).
* :func:`band_pairs` finds every pair sharing a band key by sorting each band
  column (no dictionaries), which is what a batch scan needs.
* :class:`BandIndex` is the incremental index (insert, query) for a stream:
  one sorted ``uint64`` array of band keys tagged with their band number, a
  parallel ``int32`` array of article numbers, a second, smaller sorted run and
  a small unsorted buffer. About ``bands * 12`` bytes per article instead of
  the ~18 KB of ``MinHashLSH``'s dictionaries of sets (``benchmarks/lsh.py``).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
from datasketch.lsh import _optimal_param

__all__ = [
    "BandIndex",
    "band_keys",
    "band_pairs",
    "exact_keys",
    "lsh_bands",
    "shared_band",
]

Keys = npt.NDArray[np.uint64]
Pairs = npt.NDArray[np.int64]

# A key with a band's number in its top bits sorts all bands into one array,
# so a query is one searchsorted call instead of one per band.
# Merge policy (measured with benchmarks/lsh.py at 100,000 articles, see there):
# the unsorted buffer is compared to a query key by key (BUFFER articles x bands
# comparisons), the second sorted run costs one more searchsorted per query and
# is merged into the main one when it holds more than 1/MERGE_RATIO of it.
BUFFER = 256
MERGE_RATIO = 8

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


@lru_cache(maxsize=64)
def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """``(bands, rows)`` as ``datasketch.MinHashLSH`` chooses them (default weights 0.5/0.5).

    datasketch's own ``_optimal_param`` (integrated false positive and negative
    areas); ``tests/test_bands.py`` checks the result against ``MinHashLSH.b, .r``.
    Jaccard 0.1 with 128 permutations: 64 bands of 2 rows.
    """
    b, r = _optimal_param(threshold, num_perm, 0.5, 0.5)
    return int(b), int(r)


def _mix(x: Keys) -> Keys:
    """SplitMix64's finalizer: a bijection of ``uint64`` that spreads every input bit."""
    with np.errstate(over="ignore"):
        x = x + _GOLDEN
        x = (x ^ (x >> np.uint64(30))) * _M1
        x = (x ^ (x >> np.uint64(27))) * _M2
        mixed: Keys = x ^ (x >> np.uint64(31))
        return mixed


def exact_keys(rows: int) -> bool:
    """Whether band keys of ``rows`` values are the values themselves (no collisions)."""
    return rows <= 2


def band_keys(matrix: npt.NDArray[np.uint32], bands: int, rows: int) -> Keys:
    """``uint64 [n, bands]``: one key per band of each signature row (1-D input: one row)."""
    m = np.asarray(matrix)
    if m.ndim == 1:
        m = m[None, :]
    if m.shape[1] < bands * rows:
        raise ValueError(f"signatures of {m.shape[1]} values have no {bands} bands of {rows}")
    cube = m[:, : bands * rows].reshape(m.shape[0], bands, rows).astype(np.uint64)
    # Pack two values per uint64 (high, low), then chain the packed words.
    words = [
        (cube[:, :, c] << np.uint64(32)) | cube[:, :, c + 1] if c + 1 < rows else cube[:, :, c]
        for c in range(0, rows, 2)
    ]
    key = words[0]
    for word in words[1:]:
        key = _mix(key) ^ word
    return np.ascontiguousarray(key)


def _within_groups(order: npt.NDArray[np.intp], sorted_keys: Keys) -> Pairs:
    """All pairs of ``order`` entries whose sorted keys are equal: ``int64 [m, 2]``."""
    n = sorted_keys.size
    if n < 2:
        return np.empty((0, 2), dtype=np.int64)
    change = np.flatnonzero(sorted_keys[1:] != sorted_keys[:-1]) + 1
    starts = np.concatenate(([0], change))
    ends = np.concatenate((change, [n]))
    sizes = ends - starts
    big = sizes > 1
    if not big.any():
        return np.empty((0, 2), dtype=np.int64)
    # Position p in a group ending at e pairs with positions p+1 .. e-1.
    member = np.repeat(big, sizes)
    pos = np.flatnonzero(member)
    group_end = np.repeat(ends, sizes)[member]
    count = group_end - pos - 1
    total = int(count.sum())
    first = np.repeat(pos, count)
    block = np.repeat(np.cumsum(count) - count, count)
    second = first + 1 + (np.arange(total) - block)
    return np.stack((order[first], order[second]), axis=1).astype(np.int64)


def band_pairs(keys: Keys) -> Pairs:
    """Row pairs ``(i, j)``, ``i < j``, sharing a key in some band column; sorted, unique.

    ``keys`` is ``band_keys``'s ``[n, bands]`` array.
    """
    n = keys.shape[0]
    found = []
    for column in keys.T:
        order = np.argsort(column, kind="stable")
        found.append(_within_groups(order, column[order]))
    pairs = np.concatenate(found) if found else np.empty((0, 2), dtype=np.int64)
    if pairs.size == 0:
        return pairs
    lo = np.minimum(pairs[:, 0], pairs[:, 1])
    hi = np.maximum(pairs[:, 0], pairs[:, 1])
    code = np.unique(lo * n + hi)
    return np.stack((code // n, code % n), axis=1)


def shared_band(
    matrix: npt.NDArray[np.uint32], pairs: Pairs, bands: int, rows: int
) -> npt.NDArray[np.bool_]:
    """For each pair, whether the two signatures agree on every value of some band.

    The exact test behind a band key match; :func:`band_pairs` candidates that
    fail it are key collisions (possible only when ``rows > 2``).
    """
    width = bands * rows
    a = matrix[pairs[:, 0], :width].reshape(-1, bands, rows)
    b = matrix[pairs[:, 1], :width].reshape(-1, bands, rows)
    same: npt.NDArray[np.bool_] = (a == b).all(axis=2).any(axis=1)
    return same


class BandIndex:
    """Incremental LSH index over band keys: ``insert``, ``insert_many``, ``query``.

    Candidates are ``MinHashLSH``'s (same banding, keys compared exactly) except
    for key collisions: between different bands with ``rows > 2`` (about 2**-64
    per pair and band) and in the sorted runs, where a key keeps ``64 - tag``
    bits next to its ``tag`` bits of band number (about 2**-58 with 64 bands).
    Keys may be any hashable; articles cannot be removed.
    """

    def __init__(self, threshold: float, num_perm: int) -> None:
        self.bands, self.rows = lsh_bands(threshold, num_perm)
        self.num_perm = num_perm
        self._tag = max(1, math.ceil(math.log2(self.bands)))
        self._tags = np.arange(self.bands, dtype=np.uint64) << np.uint64(64 - self._tag)
        self._keys: list[Hashable] = []
        # Sorted runs: tagged keys and the article number of each.
        self._main: Keys = np.empty(0, dtype=np.uint64)
        self._main_ids: npt.NDArray[np.int32] = np.empty(0, dtype=np.int32)
        self._run: Keys = np.empty(0, dtype=np.uint64)
        self._run_ids: npt.NDArray[np.int32] = np.empty(0, dtype=np.int32)
        # Unsorted buffer of untagged keys, one row per article (the last ones inserted).
        self._capacity = BUFFER
        self._buffer: Keys = np.empty((BUFFER, self.bands), dtype=np.uint64)
        self._buffered = 0

    def __len__(self) -> int:
        return len(self._keys)

    def _tagged(self, keys: Keys) -> Keys:
        """Keys ``[n, bands]`` -> flat keys ordered by band first (band number in the top bits)."""
        shifted: Keys = (_mix(keys) >> np.uint64(self._tag)) | self._tags
        return shifted

    def insert(self, key: Hashable, signature: npt.NDArray[np.uint32]) -> None:
        """Index one signature under ``key``."""
        if self._buffered == self._capacity:
            self._flush()
        self._buffer[self._buffered] = band_keys(signature, self.bands, self.rows)[0]
        self._buffered += 1
        self._keys.append(key)

    def insert_many(self, keys: Sequence[Hashable], signatures: npt.NDArray[np.uint32]) -> None:
        """Index the rows of ``signatures`` under ``keys`` (one sort, no buffer)."""
        if len(keys) != len(signatures):
            raise ValueError(f"{len(keys)} keys for {len(signatures)} signatures")
        self._flush()
        first = len(self._keys)
        self._keys.extend(keys)
        self._add_run(band_keys(signatures, self.bands, self.rows), first)

    def _flush(self) -> None:
        if self._buffered:
            first = len(self._keys) - self._buffered
            keys = self._buffer[: self._buffered].copy()
            self._buffered = 0
            self._add_run(keys, first)

    def _add_run(self, keys: Keys, first: int) -> None:
        """Sort ``keys`` (articles numbered from ``first``) into the runs."""
        tagged = self._tagged(keys).ravel()
        ids = np.repeat(np.arange(first, first + keys.shape[0], dtype=np.int32), self.bands)
        order = np.argsort(tagged, kind="stable")
        tagged, ids = tagged[order], ids[order]
        self._run, self._run_ids = _merge(self._run, self._run_ids, tagged, ids)
        if self._run.size * MERGE_RATIO > self._main.size:
            self._main, self._main_ids = _merge(self._main, self._main_ids,
                                                self._run, self._run_ids)
            self._run = np.empty(0, dtype=np.uint64)
            self._run_ids = np.empty(0, dtype=np.int32)

    def query_ids(self, signature: npt.NDArray[np.uint32]) -> npt.NDArray[np.int64]:
        """Article numbers (insertion order, from 0) sharing a band with ``signature``."""
        keys = band_keys(signature, self.bands, self.rows)
        needles = np.sort(self._tagged(keys)[0])
        found: list[npt.NDArray[np.integer[Any]]] = [_ranges(self._main, self._main_ids, needles)]
        if self._run.size:
            found.append(_ranges(self._run, self._run_ids, needles))
        if self._buffered:
            hits = np.flatnonzero((self._buffer[: self._buffered] == keys).any(axis=1))
            found.append(hits + (len(self._keys) - self._buffered))
        return np.unique(np.concatenate(found).astype(np.int64))

    def query(self, signature: npt.NDArray[np.uint32]) -> list[Hashable]:
        """Keys of the indexed signatures sharing a band with ``signature`` (insertion order)."""
        return [self._keys[i] for i in self.query_ids(signature)]

    def nbytes(self) -> int:
        """Bytes held by the arrays and the key list (not the key objects themselves)."""
        import sys

        arrays: Iterable[Any] = (self._main, self._main_ids, self._run, self._run_ids,
                                 self._buffer)
        return sum(int(a.nbytes) for a in arrays) + sys.getsizeof(self._keys)


def _merge(
    keys: Keys, ids: npt.NDArray[np.int32], new: Keys, new_ids: npt.NDArray[np.int32]
) -> tuple[Keys, npt.NDArray[np.int32]]:
    """Two sorted runs (with their article numbers) as one."""
    if keys.size == 0:
        return new, new_ids
    at = np.searchsorted(keys, new, side="right")
    return np.insert(keys, at, new), np.insert(ids, at, new_ids)


def _ranges(keys: Keys, ids: npt.NDArray[np.int32], needles: Keys) -> npt.NDArray[np.int32]:
    """``ids`` of every entry of sorted ``keys`` equal to one of the sorted ``needles``."""
    lo = np.searchsorted(keys, needles, side="left")
    hi = np.searchsorted(keys, needles, side="right")
    width = hi - lo
    hit = width > 0
    if not hit.any():
        return np.empty(0, dtype=np.int32)
    lo, width = lo[hit], width[hit]
    if int(width.max()) == 1:
        return ids[lo]
    start = np.repeat(lo - (np.cumsum(width) - width), width)
    picked: npt.NDArray[np.int32] = ids[start + np.arange(int(width.sum()))]
    return picked
