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
  parallel ``int32`` array of article numbers and a directory into it (a query
  reads one directory slot and a 16-key window per band, all bands at once), a
  second, smaller sorted run and a small unsorted buffer. 893 bytes per
  article at 100,000 articles and 64 bands (768 of keys and article numbers,
  ~84 of directory, the rest the key list and its int keys) against 19,955 for
  ``MinHashLSH``'s dictionaries of sets (``benchmarks/lsh.py``, tracemalloc).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
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

# Merge policy: the unsorted buffer is compared with a query key by key (BUFFER
# articles x bands comparisons), the second sorted run costs one more lookup per
# query and is merged into the main one when it holds more than 1/MERGE_RATIO of
# it (a merge copies the main run). `benchmarks/lsh.py --sizes 100000 --policy
# 64,256,1024:4,8,16` (2,000 real held-out articles, each queried then inserted,
# load ~7 on 2 cores): insert p99 2.2-2.3 ms with a 64-article buffer (a flush
# every 64 inserts is more than 1%), 37-48 us with 256 or 1,024; query medians
# 74-129 us and p99 173-263 us in every policy, no trend above the noise.
# MERGE_RATIO is not exercised by 2,000 inserts at 100k (the second run never
# reaches 1/16 of the main one); 8 bounds the second run's lookup to 1/8 of the
# main run's size and costs a copy of the main run every n/8 inserts.
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
    """``uint64 [n, bands]``: one key per band of each signature row (1-D input: one row).

    Two values ``(v0, v1)`` pack as ``v0 | v1 << 32`` (a ``uint64`` view of the row
    on a little-endian machine); more values chain the packed words with SplitMix64.
    """
    m = np.asarray(matrix, dtype=np.uint32)
    if m.ndim == 1:
        m = m[None, :]
    if m.shape[1] < bands * rows:
        raise ValueError(f"signatures of {m.shape[1]} values have no {bands} bands of {rows}")
    if rows == 2:  # the default banding (threshold 0.1): one view, no arithmetic
        view: Keys = np.ascontiguousarray(m[:, : 2 * bands]).view("<u8")
        return view
    n, half = m.shape[0], rows // 2
    cube = np.ascontiguousarray(m[:, : bands * rows]).reshape(n, bands, rows)
    packed = np.ascontiguousarray(cube[:, :, : 2 * half]).view("<u8")
    words = [packed[:, :, c] for c in range(half)]
    if rows % 2:
        words.append(cube[:, :, -1].astype(np.uint64))
    key = words[0]
    for word in words[1:]:
        key = _mix(key) ^ word
    return np.ascontiguousarray(key)


def _within_groups(rows: npt.NDArray[np.intp], equal_next: npt.NDArray[np.bool_]) -> Pairs:
    """All pairs of ``rows`` entries in runs of equal keys: ``int64 [m, 2]``.

    ``equal_next[k]`` says whether entry ``k`` and entry ``k + 1`` are in one run.
    Only entries in runs of two or more are looked at (most keys are alone).
    """
    with_prev = np.concatenate(([False], equal_next))
    with_next = np.concatenate((equal_next, [False]))
    pos = np.flatnonzero(with_prev | with_next)
    if pos.size == 0:
        return np.empty((0, 2), dtype=np.int64)
    run = np.cumsum(~with_prev[pos]) - 1
    ends = pos[~with_next[pos]] + 1  # one past the last entry of each run
    # Position p in a run ending at e pairs with positions p+1 .. e-1.
    count = ends[run] - pos - 1
    total = int(count.sum())
    first = np.repeat(pos, count)
    block = np.repeat(np.cumsum(count) - count, count)
    second = first + 1 + (np.arange(total) - block)
    return np.stack((rows[first], rows[second]), axis=1).astype(np.int64)


def band_pairs(keys: Keys) -> Pairs:
    """Row pairs ``(i, j)``, ``i < j``, sharing a key in some band column; sorted, unique.

    ``keys`` is ``band_keys``'s ``[n, bands]`` array. Every band column is sorted
    (one call for all), runs of equal keys give the pairs.
    """
    n, bands = keys.shape
    if n < 2:
        return np.empty((0, 2), dtype=np.int64)
    columns = np.ascontiguousarray(keys.T)
    order = np.argsort(columns, axis=1)
    ordered = np.take_along_axis(columns, order, axis=1)
    equal_next = np.zeros((bands, n), dtype=bool)  # last of a band: never equal to the next
    np.equal(ordered[:, 1:], ordered[:, :-1], out=equal_next[:, :-1])
    pairs = _within_groups(order.ravel(), equal_next.ravel()[:-1])
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


class _Run:
    """A sorted run of tagged keys with their article numbers, and a directory.

    ``directory[d]`` is where keys whose top ``bits`` bits are ``d`` start, with
    ``bits`` chosen for ``SLOT / 2`` to ``SLOT`` keys per slot on average: a lookup
    reads one directory slot and the ``WINDOW`` keys from there, independent
    memory reads for all needles at once, where a binary search over millions
    of keys waits for ~23 reads in a row. ``keys`` ends with ``WINDOW`` sentinels
    (all ones) so windows never need clipping.
    """

    def __init__(self, keys: Keys, ids: npt.NDArray[np.int32]) -> None:
        self.size = int(keys.size)
        self.keys = np.concatenate((keys, np.full(WINDOW, _LAST, dtype=np.uint64)))
        self.ids = ids
        self.bits = max(1, min(32, math.ceil(math.log2(max(1, self.size) / SLOT))))
        self.shift = np.uint64(64 - self.bits)
        slots = (keys >> self.shift).astype(np.intp)
        self.directory = np.zeros((1 << self.bits) + 1, dtype=np.int64 if self.size >= 2**31
                                  else np.int32)
        np.cumsum(np.bincount(slots, minlength=1 << self.bits), out=self.directory[1:])

    def nbytes(self) -> int:
        return int(self.keys.nbytes + self.ids.nbytes + self.directory.nbytes)

    def find(self, needles: Keys) -> npt.NDArray[np.int32]:
        """``ids`` of every key equal to one of ``needles``."""
        start = self.directory[(needles >> self.shift).view(np.int64)]
        window = self.keys[start[:, None] + _STEPS]
        below = (window < needles[:, None]).sum(axis=1)
        lo = start + below
        # A window entirely below its needle may have ended early: search for real.
        full = below == WINDOW
        if full.any():
            lo[full] = np.searchsorted(self.keys[: self.size], needles[full])
        hit = self.keys[lo] == needles  # never a sentinel: no band is tagged all ones
        if not hit.any():
            return _EMPTY_IDS
        lo, needles = lo[hit], needles[hit]
        width = np.searchsorted(self.keys[: self.size], needles, side="right") - lo
        if int(width.max()) == 1:
            single: npt.NDArray[np.int32] = self.ids[lo]
            return single
        first = np.repeat(lo - (np.cumsum(width) - width), width)
        picked: npt.NDArray[np.int32] = self.ids[first + np.arange(int(width.sum()))]
        return picked

    def merged(self, other: _Run) -> _Run:
        if self.size == 0:
            return other
        keys, new = self.keys[: self.size], other.keys[: other.size]
        at = np.searchsorted(keys, new, side="right")
        return _Run(np.insert(keys, at, new), np.insert(self.ids, at, other.ids))


# Lookup of a query's 64 keys in the main run at 100,000 articles (real + replicas
# as in benchmarks/lsh.py, 2,000 held-out real queries, least of 3, medians; load
# ~6 on 2 cores): np.searchsorted 96 us; directory with SLOT 8 / WINDOW 24: 67 us;
# SLOT 4 / WINDOW 16: 53 us, for a directory of ~84 bytes per article.
SLOT = 4  # average keys per directory slot is SLOT/2 .. SLOT
WINDOW = 16  # keys read per lookup; a slot of Poisson(4) keys exceeds 16 with p ~ 1e-5
_STEPS = np.arange(WINDOW, dtype=np.intp)
_LAST = np.uint64(2**64 - 1)
_ODD = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: a bijection spreading low bits up
_EMPTY_IDS: npt.NDArray[np.int32] = np.empty(0, dtype=np.int32)


class BandIndex:
    """Incremental LSH index over band keys: ``insert``, ``insert_many``, ``query``.

    Candidates are ``MinHashLSH``'s (same banding, keys compared exactly) except
    for key collisions: between different bands with ``rows > 2`` (about 2**-64
    per pair and band) and in the sorted runs, where a key keeps ``64 - tag``
    bits of a bijective remix next to its ``tag`` bits of band number (about
    2**-57 per pair and band with 64 bands). Keys may be any hashable and are
    not checked for duplicates; articles cannot be removed.
    """

    def __init__(self, threshold: float, num_perm: int) -> None:
        self.bands, self.rows = lsh_bands(threshold, num_perm)
        self.num_perm = num_perm
        self._tag = math.ceil(math.log2(self.bands + 1))  # tag all ones stays unused
        self._tags = np.arange(self.bands, dtype=np.uint64) << np.uint64(64 - self._tag)
        self._shift = np.uint64(self._tag)
        self._keys: list[Hashable] = []
        empty = _Run(np.empty(0, dtype=np.uint64), _EMPTY_IDS)
        self._main, self._run = empty, empty
        # Unsorted buffer of untagged keys, one row per article (the last ones inserted).
        self._capacity = BUFFER
        self._buffer: Keys = np.empty((BUFFER, self.bands), dtype=np.uint64)
        self._buffered = 0

    def __len__(self) -> int:
        return len(self._keys)

    def _tagged(self, keys: Keys) -> Keys:
        """Keys ``[n, bands]`` -> keys ordered by band first (band number in the top bits)."""
        shifted: Keys = ((keys * _ODD) >> self._shift) | self._tags  # uint64 arrays wrap
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
        self._run = self._run.merged(_Run(tagged[order], ids[order]))
        if self._run.size * MERGE_RATIO > self._main.size:
            self._main = self._main.merged(self._run)
            self._run = _Run(np.empty(0, dtype=np.uint64), _EMPTY_IDS)

    def query_ids(self, signature: npt.NDArray[np.uint32]) -> npt.NDArray[np.int64]:
        """Article numbers (insertion order, from 0) sharing a band with ``signature``."""
        keys = band_keys(signature, self.bands, self.rows)
        found: list[npt.NDArray[np.integer[Any]]] = []
        if self._main.size:
            needles = self._tagged(keys)[0]
            found.append(self._main.find(needles))
            if self._run.size:
                found.append(self._run.find(needles))
        if self._buffered:
            hits = np.flatnonzero((self._buffer[: self._buffered] == keys).any(axis=1))
            found.append(hits + (len(self._keys) - self._buffered))
        found = [f for f in found if f.size]
        if not found:
            return np.empty(0, dtype=np.int64)
        if len(found) == 1 and found[0].size == 1:
            return found[0].astype(np.int64)
        return np.unique(np.concatenate(found).astype(np.int64))

    def query(self, signature: npt.NDArray[np.uint32]) -> list[Hashable]:
        """Keys of the indexed signatures sharing a band with ``signature`` (insertion order)."""
        return [self._keys[i] for i in self.query_ids(signature).tolist()]

    def nbytes(self) -> int:
        """Bytes held by the arrays and the key list (not the key objects themselves)."""
        import sys

        return (self._main.nbytes() + self._run.nbytes() + int(self._buffer.nbytes)
                + sys.getsizeof(self._keys))
