"""Exact copies, collapsed before any pairwise work and expanded after.

Articles whose normalised token sequences are equal (one ``content_hash``) are
``exact`` copies of each other. The scan groups them first
(:func:`exact_groups`); only one representative per group goes through the
candidate and verification stages, and what the representative is found to be,
its twins are too (:func:`expand`). The exact pairs themselves are listed by
:func:`exact_pairs`.

Measurements of a pair are shared when they are the same by construction: two
members of a group with equal shingle sets have one :class:`~dedup.lexical.relate.Overlap`
with each other, and with any third article the overlap of their representative
(oriented). A member whose shingle set differs from its representative's (not
expected: both are hashed from the same tokens) is measured on its own, so the
pairs are the same as measuring each one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from dedup.lexical.relate import Overlap, PairEvidence, overlap
from dedup.prepare.article import PreparedArticle

__all__ = ["exact_groups", "exact_pairs", "expand"]


def exact_groups(prepared: Sequence[PreparedArticle]) -> list[list[int]]:
    """Indices of the articles with tokens, grouped by content hash (first seen first)."""
    groups: dict[str, list[int]] = {}
    for i, p in enumerate(prepared):
        if p.n_tokens:
            groups.setdefault(p.content_hash, []).append(i)
    return list(groups.values())


def _like_rep(prepared: Sequence[PreparedArticle], group: Sequence[int]) -> list[bool]:
    """For each member: is its shingle set its representative's?"""
    rep = prepared[group[0]].shingles
    return [
        prepared[m].shingles is rep or np.array_equal(prepared[m].shingles, rep) for m in group
    ]


def exact_pairs(
    prepared: Sequence[PreparedArticle], groups: Sequence[Sequence[int]]
) -> list[PairEvidence]:
    """Every ``exact`` pair within each group, in group then index order."""
    pairs: list[PairEvidence] = []
    for group in groups:
        if len(group) < 2:
            continue
        like = _like_rep(prepared, group)
        same = overlap(prepared[group[0]], prepared[group[1]]) if all(like) else None
        for x, i in enumerate(group):
            for j in group[x + 1 :]:
                measured = same or overlap(prepared[i], prepared[j])
                pairs.append(PairEvidence(i, j, "exact", 1.0, measured))
    return pairs


def _same_text(prepared: Sequence[PreparedArticle], rep: int, member: int) -> bool:
    """Does ``member`` read as its representative (same text and metadata), so that a
    passage found in one, with its offsets, stands in the other too?"""
    if rep == member:
        return True
    x, y = prepared[rep], prepared[member]
    return x.article.text == y.article.text and x.metadata == y.metadata


def _swapped(measured: Overlap) -> Overlap:
    return Overlap(
        measured.shared, measured.jaccard, measured.containment_b, measured.containment_a
    )


def expand(
    prepared: Sequence[PreparedArticle],
    groups: Sequence[Sequence[int]],
    found: Sequence[PairEvidence],
) -> list[PairEvidence]:
    """Each pair of representatives in ``found`` as the pairs of every member of one
    group with every member of the other (``a < b``, the lead side and the overlap
    oriented as the pair). A pair's passages are kept for the members that read as
    their representatives (same text and metadata, :func:`_same_text`); for the others
    they are dropped, to be found again in the member's own text."""
    members_of = {group[0]: group for group in groups}
    like = {group[0]: dict(zip(group, _like_rep(prepared, group), strict=True))
            for group in groups if len(group) > 1}
    # Each member compared with its representative's text once, not once per pair.
    reads_as = {m: _same_text(prepared, group[0], m) for group in groups for m in group}
    pairs: list[PairEvidence] = []
    for pair in found:
        same_a, same_b = like.get(pair.a), like.get(pair.b)
        for a in members_of[pair.a]:
            for b in members_of[pair.b]:
                lo, hi = min(a, b), max(a, b)
                lead = pair.lead if pair.lead is None or lo == a else 1 - pair.lead
                shared = (same_a is None or same_a[a]) and (same_b is None or same_b[b])
                if not shared:
                    measured = overlap(prepared[lo], prepared[hi])
                elif lo == a:
                    measured = pair.overlap
                else:
                    measured = _swapped(pair.overlap)
                shown = pair.passages
                if not (reads_as[a] and reads_as[b]):
                    shown = ()  # a twin's passages are found again, in its own text
                elif lo != a:  # passages are stored (a's, b's)
                    shown = tuple(p.swapped() for p in shown)
                pairs.append(dataclasses.replace(
                    pair, a=lo, b=hi, overlap=measured, lead=lead, passages=shown
                ))
    return pairs
