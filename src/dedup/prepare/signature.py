"""MinHash signatures, vectorised, bit-identical to ``datasketch.MinHash``.

datasketch 2 (scheme ``affine32``, its default) pre-mixes each 32-bit input
hash with the MurmurHash3 finalizer and applies ``a_k * h + b_k mod 2**32``
per permutation, with ``a_k, b_k`` drawn from ``numpy.random.RandomState(seed)``.
We draw the same parameters the same way and do the same arithmetic on whole
arrays, so a signature here equals ``MinHash(num_perm, seed).update_batch(...)``
on the same shingles, bit for bit; a test checks it against datasketch itself.
Signatures are kept as rows of a ``uint32`` matrix, never as objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from dedup.prepare.shingle import ShingleSet

Signature = npt.NDArray[np.uint32]
EMPTY = np.uint32(0xFFFFFFFF)  # datasketch's value for "no element seen"


@lru_cache(maxsize=8)
def permutations(num_perm: int, seed: int) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32]]:
    """The ``(a, b)`` arrays of datasketch's ``_init_permutations`` for ``affine32``."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    a.setflags(write=False)
    b.setflags(write=False)
    return a, b


def _fmix32(hv: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """MurmurHash3's 32-bit finalizer (wrapping arithmetic is the point)."""
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    mixed: npt.NDArray[np.uint32] = hv ^ (hv >> np.uint32(16))
    return mixed


def signature(shingle_hashes: ShingleSet, *, num_perm: int = 128, seed: int = 1) -> Signature:
    """The MinHash signature of a shingle set (64-bit hashes; their low 32 bits are used)."""
    if shingle_hashes.size == 0:
        return np.full(num_perm, EMPTY, dtype=np.uint32)
    a, b = permutations(num_perm, seed)
    hv = _fmix32((shingle_hashes & np.uint64(0xFFFFFFFF)).astype(np.uint32))
    with np.errstate(over="ignore"):
        phv = hv[:, None] * a[None, :] + b[None, :]
    result: Signature = phv.min(axis=0).astype(np.uint32, copy=False)
    return result


# Hashes of :func:`signatures_flat` permuted at once. The matrix is
# (permutation, hash), so each reduction runs along contiguous memory. 4,096
# hashes x 128 permutations (2 MB of uint32) was fastest: 13 us per reuters
# article against 35 at 2,048, 16 at 8,192 and 28 at 16,384 (3,000 articles,
# CPU time, medians of 7; benchmarks/signing.py measures the whole path).
_BLOCK = 4096


def signatures_flat(
    hashes: npt.NDArray[np.uint64],
    offsets: npt.NDArray[np.int64],
    *,
    num_perm: int = 128,
    seed: int = 1,
) -> npt.NDArray[np.uint32]:
    """Signatures of sets laid end to end, as the rows of one ``uint32`` matrix.

    Set ``i`` is ``hashes[offsets[i]:offsets[i + 1]]``; its order and repeats do
    not matter (a minimum is a minimum). Blocks of sets go through the same
    arithmetic as :func:`signature` with a few whole-array numpy calls into one
    preallocated buffer, and ``np.minimum.reduceat`` takes each set's minima:
    no Python work per set.
    """
    n_sets = offsets.size - 1
    if n_sets == 1:  # fewer numpy calls for one set (a prepared article alone)
        return signature(hashes, num_perm=num_perm, seed=seed)[None, :]
    out = np.full((n_sets, num_perm), EMPTY, dtype=np.uint32)
    if hashes.size == 0:
        return out
    a, b = permutations(num_perm, seed)
    hv = _fmix32((hashes & np.uint64(0xFFFFFFFF)).astype(np.uint32))
    sizes = offsets[1:] - offsets[:-1]
    filled = np.flatnonzero(sizes)
    starts = offsets[filled]
    ends = starts + sizes[filled]
    # Never wider than the data: a fresh buffer costs page faults per call.
    width = max(min(_BLOCK, hashes.size), int(sizes.max()))
    buffer = np.empty((num_perm, width), dtype=np.uint32)
    first = 0
    while first < filled.size:
        # The sets [first, last) whose hashes fit in the buffer (at least one).
        last = int(np.searchsorted(ends, starts[first] + width, side="right"))
        last = max(last, first + 1)
        lo, hi = int(starts[first]), int(ends[last - 1])
        block = buffer[:, : hi - lo]
        with np.errstate(over="ignore"):
            np.multiply(a[:, None], hv[None, lo:hi], out=block)
            np.add(block, b[:, None], out=block)
        out[filled[first:last]] = np.minimum.reduceat(block, starts[first:last] - lo, axis=1).T
        first = last
    return out


def signatures(
    shingle_sets: Sequence[ShingleSet], *, num_perm: int = 128, seed: int = 1
) -> npt.NDArray[np.uint32]:
    """:func:`signature` of each set, as the rows of one ``uint32`` matrix."""
    offsets = np.zeros(len(shingle_sets) + 1, dtype=np.int64)
    np.cumsum([s.size for s in shingle_sets], out=offsets[1:])
    hashes = np.concatenate(shingle_sets) if shingle_sets else np.zeros(0, dtype=np.uint64)
    return signatures_flat(hashes, offsets, num_perm=num_perm, seed=seed)
