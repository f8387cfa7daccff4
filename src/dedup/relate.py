"""Verify a candidate pair and name its relation (DESIGN.md §2).

Candidates come from LSH, which only estimates; a relation is only ever named
from exact measurements on the two shingle sets:

* ``exact``: same normalised token sequence;
* ``near_duplicate``: Jaccard ≥ ``near_duplicate_jaccard``;
* ``reprint``: below that, but one side's shingles are mostly found in the
  other (containment ≥ ``reprint_containment``) and the shared part is at least
  ``min_shingles`` shingles, so that two tiny texts never "contain" each other.

The relation is symmetric here (:class:`PairEvidence`); which side is the copy
is decided later by the attribution policy (:mod:`dedup.origin`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from dedup.config import RelationConfig
from dedup.models import Passage, Relation
from dedup.shingle import ShingleSet
from dedup.traces import Trace


class Fingerprinted(Protocol):
    """What the lexical verification reads of an article: a prepared article, or
    an indexed article of the stream filter whose text is no longer at hand."""

    @property
    def shingles(self) -> ShingleSet: ...

    @property
    def content_hash(self) -> str: ...

    @property
    def n_tokens(self) -> int: ...


@dataclass(frozen=True)
class Overlap:
    """Exact shingle-set measurements of a pair."""

    shared: int
    jaccard: float
    containment_a: float  # share of a's shingles found in b
    containment_b: float  # share of b's shingles found in a


@dataclass(frozen=True)
class PairEvidence:
    """A verified relation between ``a`` and ``b`` (indices into the prepared list), undirected."""

    a: int
    b: int
    relation: Relation
    score: float
    overlap: Overlap
    aligned: float | None = None
    passages: tuple[Passage, ...] = ()
    notes: tuple[str, ...] = ()
    traces: tuple[Trace, ...] = ()


def overlap(a: Fingerprinted, b: Fingerprinted) -> Overlap:
    """Exact Jaccard and both containments of two prepared articles."""
    na, nb = a.shingles.size, b.shingles.size
    if na == 0 or nb == 0:
        return Overlap(0, 0.0, 0.0, 0.0)
    shared = int(np.intersect1d(a.shingles, b.shingles, assume_unique=True).size)
    return Overlap(
        shared=shared,
        jaccard=shared / (na + nb - shared),
        containment_a=shared / na,
        containment_b=shared / nb,
    )


def lexical_relation(
    a: Fingerprinted, b: Fingerprinted, measured: Overlap, config: RelationConfig
) -> tuple[Relation, float] | None:
    """The lexical relation of a pair and its score, or None when it is not a copy."""
    if a.content_hash == b.content_hash and a.n_tokens > 0:
        return "exact", 1.0
    if measured.shared < config.min_shingles:
        return None
    if measured.jaccard >= config.near_duplicate_jaccard:
        return "near_duplicate", measured.jaccard
    contained = max(measured.containment_a, measured.containment_b)
    if contained >= config.reprint_containment:
        return "reprint", contained
    return None


def relate(
    i: int, j: int, a: Fingerprinted, b: Fingerprinted, config: RelationConfig
) -> PairEvidence | None:
    """Verify the pair (i, j); None when it is not a lexical copy."""
    measured = overlap(a, b)
    found = lexical_relation(a, b, measured, config)
    if found is None:
        return None
    relation, score = found
    return PairEvidence(i, j, relation, score, measured)
