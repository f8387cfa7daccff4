"""Candidate pairs for the lead-reprint rule that LSH does not propose.

LSH proposes pairs by Jaccard (``LSHConfig.threshold`` 0.1). A roundup that
quotes the lead of a long story can share less than that with it, so its pair
is never verified. Here every article's *lead keys* (the hashes of its
shingles at :data:`KEY_POSITIONS`, in text order) are looked up in the shingle
set of every other article: a pair is proposed when the other holds at least
:data:`MIN_KEYS` of them, the way a copy of the opening would. The pairs are
verified like any candidate (:func:`dedup.lexical.relate.relate`), so they cost time,
never precision.

The positions start after ``lead_start`` (the rule lets the first few
shingles differ) and stay within the first sentence or two, which every
article has; a key held by more than :data:`MAX_OWNERS` leads (a stock
opening line) is dropped, so that such openings do not make every pair of
their articles a candidate.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dedup.prepare.normalize import normalize_text
from dedup.prepare.shingle import ShingleSet
from dedup.prepare.tokenhash import shingle_hashes

# Shingle positions of the lead keys, how many a copy must hold, and how many
# leads may share a key. Measured with ``cd benchmarks && PYTHONPATH=../src python
# lead_probe.py --keys --sets synth,fakebr,reuters,semeval`` (synth seed 11): every
# setting of positions (6,12,18) / (0,6,12) / (10,20,30), MIN_KEYS 1-3 and
# MAX_OWNERS 4-16 links the same 6 synthetic roundup pairs LSH missed and no
# fakebr or semeval pair; they differ in cost. MIN_KEYS 1 proposes 15,000-34,000
# extra fakebr pairs and 31,000-57,000 reuters ones; 2 (one edit allowed in the
# opening) 693 fakebr / 755 reuters / 47 synth at (6,12,18) and 8; 3 only 28 / 63
# / 10 but no edit, and one reuters excerpt fewer (2 -> 1). Positions start past
# RelationConfig.lead_start (the first shingles may differ).
KEY_POSITIONS = (6, 12, 18)
MIN_KEYS = 2
MAX_OWNERS = 8
# Characters of the content read for the keys: enough for 18 + k tokens.
HEAD_CHARS = 400
# Articles whose shingle sets are looked up at once (~2 MB of hashes per 1,000).
BLOCK = 1000
_LOW = np.uint64((1 << 22) - 1)  # a 4 MB table of the keys' low 22 bits


def lead_keys(contents: Sequence[str], k: int) -> tuple[np.ndarray, np.ndarray]:
    """The lead keys of all contents and the index of the content each belongs to
    (a content too short for a position has no key there)."""
    heads = shingle_hashes([normalize_text(c[:HEAD_CHARS]) for c in contents], k)
    starts = heads.offsets[:-1]
    # A token cut at the end of a head only changes its last k shingles.
    cut = np.fromiter((len(c) > HEAD_CHARS for c in contents), dtype=bool, count=len(contents))
    usable = heads.offsets[1:] - starts - np.where(cut, k, 0)
    positions = np.array(KEY_POSITIONS, dtype=np.int64)
    valid = positions[None, :] < usable[:, None]
    where = (starts[:, None] + positions[None, :])[valid]
    owner = np.broadcast_to(np.arange(len(contents))[:, None], valid.shape)[valid]
    return heads.hashes[where], owner


LeadTable = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
"""Usable lead keys: sorted distinct keys, where each one's owners start in
``owner``, how many owners it has, and ``owner`` (see :func:`lead_table`)."""


def lead_table(hashes: np.ndarray, owner: np.ndarray) -> LeadTable | None:
    """The distinct ``(key, owner)`` lead keys of :func:`lead_keys`, keys held by more
    than :data:`MAX_OWNERS` leads dropped; None when no key is left."""
    # Distinct (key, owner): a lead repeating a shingle counts it once.
    order = np.lexsort((owner, hashes))
    hashes, owner = hashes[order], owner[order]
    keep = np.ones(hashes.size, dtype=bool)
    keep[1:] = (hashes[1:] != hashes[:-1]) | (owner[1:] != owner[:-1])
    hashes, owner = hashes[keep], owner[keep]
    distinct, first, counts = np.unique(hashes, return_index=True, return_counts=True)
    usable = counts <= MAX_OWNERS
    distinct, first, counts = distinct[usable], first[usable], counts[usable]
    if not distinct.size:
        return None
    return distinct, first, counts, owner


def lead_votes(table: LeadTable, sets: Sequence[ShingleSet], holder_ids: np.ndarray,
               width: int) -> np.ndarray:
    """``owner * width + holder`` of every (owner, holder) pair where the holder's shingle
    set (``sets[n]``, holder ``holder_ids[n]``) holds >= MIN_KEYS of the owner's lead keys."""
    distinct, first, counts, owner = table
    table_bits = np.zeros(_LOW + 1, dtype=bool)
    table_bits[distinct & _LOW] = True
    found_holders, found_slots = [], []
    for lo in range(0, len(sets), BLOCK):  # bounded memory: one block of sets at a time
        block = sets[lo : lo + BLOCK]
        holder = np.repeat(np.arange(lo, lo + len(block)), [s.size for s in block])
        every = np.concatenate(list(block))
        # A table of the keys' low bits first: most shingles leave here, cheaply.
        maybe = np.flatnonzero(table_bits[every & _LOW])
        at = np.searchsorted(distinct, every[maybe])
        at[at == distinct.size] = 0
        hit = distinct[at] == every[maybe]
        found_holders.append(holder_ids[holder[maybe[hit]]])
        found_slots.append(at[hit])
    holders, slots = np.concatenate(found_holders), np.concatenate(found_slots)
    # Expand each hit to every owner of that key.
    n = counts[slots]
    rep_holder = np.repeat(holders, n)
    starts = np.repeat(first[slots], n)
    within = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    rep_owner = owner[starts + within]
    other = rep_holder != rep_owner
    pair_ids = rep_owner[other].astype(np.int64) * width + rep_holder[other]
    ids, votes = np.unique(pair_ids, return_counts=True)
    chosen: np.ndarray = ids[votes >= MIN_KEYS]
    return chosen


def lead_candidates(
    keys: Sequence[int], contents: Sequence[str], sets: Sequence[ShingleSet], k: int
) -> list[tuple[int, int]]:
    """Sorted pairs ``(i, j)``, ``i < j``, of ``keys`` where one holds >= MIN_KEYS of the
    other's lead keys. ``contents[n]`` and ``sets[n]`` belong to ``keys[n]``."""
    if not contents:
        return []
    table = lead_table(*lead_keys(contents, k))
    if table is None:
        return []
    chosen = lead_votes(table, sets, np.arange(len(sets)), len(sets))
    pairs = {
        (min(keys[a], keys[b]), max(keys[a], keys[b]))
        for a, b in zip((chosen // len(sets)).tolist(), (chosen % len(sets)).tolist(), strict=True)
    }
    return sorted(pairs)
