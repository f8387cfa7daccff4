"""Word shingles, hashed.

A shingle is ``k`` consecutive tokens joined by one space and encoded as UTF-8;
its hash is the first 8 bytes of its SHA-1, little-endian. The low 32 bits of
that value are exactly ``datasketch.hashfunc.sha1_hash32`` of the same bytes, so
MinHash signatures built from these hashes are bit-identical to
``datasketch.MinHash().update_batch(shingle_bytes)`` (checked in the tests),
while exact set comparisons use all 64 bits and so practically never collide.

This is the string form, kept as the readable reference and for comparisons
with libraries that take shingle strings (``benchmarks/signing.py``). Prepared
articles hash their shingles with :mod:`dedup.prepare.tokenhash` instead, from token
bytes and without building strings (294 -> ~19 us per reuters article, in batches,
CPU time on a loaded machine); the two schemes give the same
sets of shingles but different hash values, so never mix them in one index.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

ShingleSet = npt.NDArray[np.uint64]


def shingles(tokens: Sequence[str], k: int) -> list[str]:
    """The distinct-position shingles of ``tokens`` as strings (texts shorter than k give one)."""
    if not tokens:
        return []
    if len(tokens) <= k:
        return [" ".join(tokens)]
    return [" ".join(tokens[i : i + k]) for i in range(len(tokens) - k + 1)]


def shingle_set(tokens: Sequence[str], k: int) -> ShingleSet:
    """Sorted unique 64-bit hashes of the shingles of ``tokens``."""
    sha1 = hashlib.sha1
    digests = b"".join(sha1(s.encode("utf-8")).digest()[:8] for s in shingles(tokens, k))
    return np.unique(np.frombuffer(digests, dtype="<u8"))
