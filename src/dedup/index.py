"""Candidate pairs from MinHash signatures with ``datasketch.MinHashLSH``.

LSH only proposes; :mod:`dedup.relate` verifies every candidate on exact
shingle sets, so the banding is tuned low (``LSHConfig.threshold``) to favour
recall. Signatures stay rows of a ``uint32`` matrix; LSH receives
``LeanMinHash`` views of them (no per-article MinHash objects kept around).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from datasketch import LeanMinHash, MinHashLSH

from dedup.config import LSHConfig, MinHashConfig


def candidate_pairs(
    signatures: npt.NDArray[np.uint32],
    keys: Sequence[int],
    *,
    lsh: LSHConfig,
    minhash: MinHashConfig,
) -> list[tuple[int, int]]:
    """Sorted pairs ``(i, j)``, ``i < j``, of keys whose signatures share an LSH band.

    ``signatures[n]`` is the signature of ``keys[n]``.
    """
    index = MinHashLSH(threshold=lsh.threshold, num_perm=minhash.num_perm)
    lean = [
        LeanMinHash(seed=minhash.seed, hashvalues=row, scheme="affine32") for row in signatures
    ]
    with index.insertion_session() as session:
        for key, sketch in zip(keys, lean, strict=True):
            session.insert(key, sketch, check_duplication=False)
    pairs: set[tuple[int, int]] = set()
    for key, sketch in zip(keys, lean, strict=True):
        for other in index.query(sketch):
            if other != key:
                pairs.add((key, other) if key < other else (other, key))
    return sorted(pairs)
