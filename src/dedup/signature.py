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

from functools import lru_cache

import numpy as np
import numpy.typing as npt

from dedup.shingle import ShingleSet

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
