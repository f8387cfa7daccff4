"""Candidate pairs from language-independent anchors, for articles the encoder cannot read.

:func:`anchor_pairs` scores pairs by the IDF-weighted cosine of their anchor sets
(numbers, romanised names: :mod:`dedup.semantic.anchors`) through an inverted index;
:func:`skeleton_pairs` joins a text in a caseless script (Hindi), whose every word
looks like a name, to cased texts holding its names' consonant skeletons. Both work
on positions; :class:`dedup.semantic.index.SemanticIndex` holds the articles and the
bounds (measured there) and calls them.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["anchor_pairs", "skeleton_pairs"]


def anchor_pairs(
    anchor_sets: Sequence[frozenset[str]], asks: Sequence[bool], *,
    top: int, min_score: float, max_posting: int,
) -> set[tuple[int, int]]:
    """Pairs of positions scored by the IDF cosine of their anchor sets, for the articles
    that ``asks`` (the uncovered ones): each keeps its ``top`` best partners with a score
    >= ``min_score``; anchors held by more than ``max_posting`` articles are skipped by
    the scoring (they still count in the norms)."""
    n = len(anchor_sets)
    if top == 0 or n < 2:
        return set()
    postings: dict[str, list[int]] = defaultdict(list)
    for i, held in enumerate(anchor_sets):
        for a in held:
            postings[a].append(i)
    idf = {a: math.log(n / len(p)) for a, p in postings.items()}
    norms = np.array([math.sqrt(sum(idf[a] ** 2 for a in held)) for held in anchor_sets])
    uncovered = np.array(asks, dtype=bool)
    if not uncovered.any():
        return set()
    firsts: list[npt.NDArray[np.int64]] = []
    seconds: list[npt.NDArray[np.int64]] = []
    weights: list[npt.NDArray[np.float64]] = []
    unc = uncovered.tolist()
    for a in sorted(postings):
        members = postings[a]
        if not 2 <= len(members) <= max_posting or not any(unc[m] for m in members):
            continue
        arr = np.array(members, dtype=np.int64)
        ii, jj = np.triu_indices(len(arr), 1)
        keep = uncovered[arr[ii]] | uncovered[arr[jj]]
        firsts.append(arr[ii[keep]])
        seconds.append(arr[jj[keep]])
        weights.append(np.full(int(keep.sum()), idf[a] ** 2))
    if not firsts:
        return set()
    codes = np.concatenate(firsts) * n + np.concatenate(seconds)
    unique, inverse = np.unique(codes, return_inverse=True)
    i_arr, j_arr = unique // n, unique % n
    score: npt.NDArray[np.float64] = np.bincount(
        inverse, weights=np.concatenate(weights)
    ) / np.maximum(norms[i_arr] * norms[j_arr], 1e-12)
    keep = score >= min_score
    i_arr, j_arr, score, unique = i_arr[keep], j_arr[keep], score[keep], unique[keep]
    # Each uncovered article keeps its anchor_top best partners (a covered article
    # does not choose: its copies in covered languages are the lead vectors' job).
    chosen = np.zeros(len(unique), dtype=bool)
    for own in (i_arr, j_arr):
        order = np.lexsort((unique, -score, own))
        sorted_own = own[order]
        first = np.r_[0, np.flatnonzero(sorted_own[1:] != sorted_own[:-1]) + 1]
        rank = np.arange(len(order)) - np.repeat(first, np.diff(np.r_[first, len(order)]))
        chosen[order[(rank < top) & uncovered[sorted_own]]] = True
    return set(zip(i_arr[chosen].tolist(), j_arr[chosen].tolist(), strict=True))


def skeleton_pairs(
    skeletons: Sequence[frozenset[str]], caseless: Sequence[bool], covered: Sequence[bool], *,
    top: int, min_share: float, max_posting: int,
) -> set[tuple[int, int]]:
    """Pairs of an uncovered article in a caseless script with an article in a cased one.

    A caseless text (Hindi) gives every word as a name candidate, so the anchor
    cosine, whose norm counts them all, is diluted; here a pair is scored by the
    share of the cased article's skeleton mass (IDF squared) that the caseless one
    holds, and each caseless article keeps its ``top`` best partners with a share
    >= ``min_share``.
    """
    n = len(skeletons)
    own = [i for i in range(n) if caseless[i] and skeletons[i] and not covered[i]]
    if top == 0 or not own:
        return set()
    postings: dict[str, list[int]] = defaultdict(list)
    for i, held in enumerate(skeletons):
        for a in held:
            postings[a].append(i)
    idf = {a: math.log(n / len(p)) ** 2 for a, p in postings.items()}
    mass = [sum(idf[a] for a in held) for held in skeletons]
    pairs: set[tuple[int, int]] = set()
    for i in own:
        shared: dict[int, float] = defaultdict(float)
        for a in skeletons[i]:
            members = postings[a]
            if len(members) > max_posting:
                continue
            for j in members:
                if not caseless[j]:
                    shared[j] += idf[a]
        scored = sorted((-w, j) for j, w in shared.items()
                        if w >= min_share * mass[j])
        for _, j in scored[: top]:
            pairs.add((i, j) if i < j else (j, i))
    return pairs
