"""Candidate pairs that share a few rare shingles, for the passage rule.

LSH proposes a pair by its shingle-set Jaccard (``LSHConfig.threshold``). A
paper story that takes two sentences from a long wire story shares a few dozen
shingles with it at Jaccard ~0.02, and a sub-edited one even fewer: on METER,
LSH proposed 68 of 148 wholly derived and 63 of 215 partially derived paper
stories with any wire file of their slot. Here pairs are counted exactly: an
inverted index of every shingle held by at most :data:`MAX_OWNERS` articles,
and a pair is proposed when it shares at least :data:`MIN_SHARED` of them.
The pairs go to :func:`dedup.lexical.passages.find_reuse` (:mod:`dedup.lexical.relate`), so
they cost time, never precision.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dedup.prepare.shingle import ShingleSet

# Measured with ``cd benchmarks && PYTHONPATH=../src python -m probes.passage_probe
# --candidates``: on the METER half ``--half 0`` the derived stories the passage
# rule links share >= 5 shingles with their wire file (MIN_SHARED 5 keeps all
# of them); MAX_OWNERS 8: a shingle in more articles is a stock phrase or a
# template line, and keeps the pair count of reuters+bbc bounded (the probe
# prints candidates per article).
MIN_SHARED = 5
MAX_OWNERS = 8


def shared_candidates(
    keys: Sequence[int], sets: Sequence[ShingleSet], *, min_shared: int = MIN_SHARED,
    max_owners: int = MAX_OWNERS,
) -> list[tuple[int, int]]:
    """Sorted pairs ``(i, j)``, ``i < j``, of ``keys`` whose shingle sets (``sets[n]``
    of ``keys[n]``) share at least ``min_shared`` shingles held by at most
    ``max_owners`` of them."""
    return sorted(shared_counts(keys, sets, min_shared=min_shared, max_owners=max_owners))


def shared_counts(
    keys: Sequence[int], sets: Sequence[ShingleSet], *, min_shared: int = MIN_SHARED,
    max_owners: int = MAX_OWNERS,
) -> dict[tuple[int, int], int]:
    """:func:`shared_candidates` with the number of rare shingles each pair shares."""
    if len(sets) < 2:
        return {}
    hashes = np.concatenate(list(sets))
    owner = np.repeat(np.arange(len(sets), dtype=np.int64), [s.size for s in sets])
    order = np.argsort(hashes)  # quicksort: ~2x a stable sort here; pairs are ordered below
    hashes, owner = hashes[order], owner[order]
    starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
    counts = np.diff(np.r_[starts, hashes.size])
    found = []
    for c in range(2, max_owners + 1):
        first = starts[counts == c]
        if not first.size:
            continue
        group = owner[first[:, None] + np.arange(c)[None, :]]  # the owners of each shingle
        lo, hi = np.triu_indices(c, 1)
        a, b = group[:, lo].ravel(), group[:, hi].ravel()
        found.append(np.minimum(a, b) * len(sets) + np.maximum(a, b))
    if not found:
        return {}
    ids, votes = np.unique(np.concatenate(found), return_counts=True)
    keep = votes >= min_shared
    out = {}
    for pair, n in zip(ids[keep].tolist(), votes[keep].tolist(), strict=True):
        a, b = keys[pair // len(sets)], keys[pair % len(sets)]
        out[(a, b) if a < b else (b, a)] = n
    return out
