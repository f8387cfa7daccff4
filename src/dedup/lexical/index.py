"""Candidate pairs from MinHash signatures: LSH banding on the signature matrix.

LSH only proposes; :mod:`dedup.lexical.relate` verifies every candidate on exact
shingle sets, so the banding is tuned low (``LSHConfig.threshold``) to favour
recall. The banding and the candidates are those of ``datasketch.MinHashLSH``
at the same threshold (``tests/test_bands.py`` checks it), found by sorting
each band's keys of the ``uint32`` signature matrix (:mod:`dedup.lexical.bands`)
instead of filling and querying its dictionaries: 27.8 s -> 0.47 s (medians)
for the 20,301 reuters + bbc signatures a scan sends to LSH, the same 12,117
pairs (machine shared, load ~7.8 on 2 cores; ``benchmarks/lsh.py`` has the
all-pairs column).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from dedup.config import LSHConfig, MinHashConfig
from dedup.lexical.bands import band_keys, band_pairs, exact_keys, lsh_bands, shared_band


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
    if len(keys) != len(signatures):
        raise ValueError(f"{len(keys)} keys for {len(signatures)} signatures")
    bands, rows = lsh_bands(lsh.threshold, minhash.num_perm)
    rows_pairs = band_pairs(band_keys(signatures, bands, rows))
    if not exact_keys(rows):  # hashed keys: drop collisions, keep MinHashLSH's pairs exactly
        rows_pairs = rows_pairs[shared_band(signatures, rows_pairs, bands, rows)]
    pairs = {
        (keys[i], keys[j]) if keys[i] < keys[j] else (keys[j], keys[i])
        for i, j in rows_pairs.tolist()
    }
    return sorted(pairs)
