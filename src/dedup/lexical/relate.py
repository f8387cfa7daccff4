"""Verify a candidate pair and name its relation (DESIGN.md §2).

Candidates come from LSH, which only estimates; a relation is only ever named
from exact measurements on the two shingle sets:

* ``exact``: same normalised token sequence;
* ``near_duplicate``: Jaccard ≥ ``near_duplicate_jaccard``;
* ``reprint``: below that, but one side's shingles are mostly found in the
  other (containment ≥ ``reprint_containment``) and the shared part is at least
  ``min_shingles`` shingles, so that two tiny texts never "contain" each other;
  or, with a smaller containment, one side's *lead* is reproduced
  (:func:`lead_reprint`): its opening, contiguously, in one dense block of the
  other. That is a roundup's or a partial reprint's shape; a follow-up story
  that recycles background paragraphs of an earlier one shares its middle or
  end instead. This check reads shingle order, so it needs the texts
  (:class:`dedup.prepare.article.PreparedArticle`); the stream filter, which keeps only
  shingle sets, does not make it.

The relation is symmetric here (:class:`PairEvidence`); which side is the copy
is decided later by the attribution policy (:mod:`dedup.attribute.origin`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from dedup.config import RelationConfig
from dedup.lexical.traces import Trace
from dedup.models import Passage, Relation
from dedup.prepare.normalize import normalize_text
from dedup.prepare.shingle import ShingleSet
from dedup.prepare.tokenhash import shingle_hashes

#: Shingle hashes of a text in text order (with repeats); see :func:`ordered_shingles`.
Order = npt.NDArray[np.uint64]


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
    lead: int | None = None  # 0/1: a's/b's lead is what the other reproduces (lead_reprint)
    # Both sides aligned whole (a version of the other, not an excerpt or a roundup of
    # it): what lets a translation link chain within a family (dedup.cluster).
    whole: bool = False


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


def ordered_shingles(content: str, k: int) -> Order:
    """The shingle hashes of ``content`` (as written; normalised here) in text order,
    the same hashes :mod:`dedup.prepare.article` puts in the article's shingle set."""
    return ordered_shingles_many([content], k)[0]


def ordered_shingles_many(contents: Sequence[str], k: int) -> list[Order]:
    """:func:`ordered_shingles` of each content, hashed as one batch (much cheaper)."""
    found = shingle_hashes([normalize_text(c) for c in contents], k)
    bounds = found.offsets.tolist()
    return [found.hashes[lo:hi] for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)]


@dataclass(frozen=True)
class Lead:
    """How a source's opening is found in a copy, read in shingle order.

    Positions are the source's shingles in text order. The *lead* is the run of
    positions from the first one found in the copy up to the first gap of more
    than ``gap`` positions not found there (a word edited in the copy removes
    ``k`` shingles in a row, a dropped sentence a few dozen).
    """

    start: int  # first source position found in the copy
    end: int  # end (exclusive) of the lead run
    positions: int  # source positions in all
    found_in_lead: int  # positions in [start, end) found in the copy
    found: int  # positions found in the copy in all
    block: float  # share of the lead's distinct shingles in one run of the copy (1 = one block)

    @property
    def cover(self) -> float:
        """Share of the source's text that the lead spans."""
        return (self.end - self.start) / self.positions if self.positions else 0.0

    @property
    def density(self) -> float:
        """Share of the lead's positions found in the copy."""
        return self.found_in_lead / (self.end - self.start) if self.end > self.start else 0.0

    @property
    def inside(self) -> float:
        """Share of the source positions found in the copy that lie in the lead."""
        return self.found_in_lead / self.found if self.found else 0.0


def _member(values: Order, sorted_set: ShingleSet) -> npt.NDArray[np.bool_]:
    """Which of ``values`` are in ``sorted_set`` (a sorted unique array)."""
    if not sorted_set.size or not values.size:
        return np.zeros(values.size, dtype=bool)
    at = np.searchsorted(sorted_set, values)
    at[at == sorted_set.size] = 0
    return np.asarray(sorted_set[at] == values)


def lead(source: Order, copy: Order, copy_set: ShingleSet, gap: int) -> Lead:
    """How the opening of ``source`` (ordered hashes) is found in ``copy``."""
    hit = _member(source, copy_set)
    where = np.flatnonzero(hit)
    if not where.size:
        return Lead(0, 0, int(source.size), 0, 0, 0.0)
    breaks = np.flatnonzero(np.diff(where) > gap + 1)
    last = int(where[breaks[0]]) if breaks.size else int(where[-1])
    start, end = int(where[0]), last + 1
    in_lead = where[where < end]
    lead_set = np.unique(source[in_lead])
    spots = np.flatnonzero(_member(copy, lead_set))
    # The copy's runs of lead shingles (same gap rule); the block is the richest run.
    cuts = np.flatnonzero(np.diff(spots) > gap + 1) + 1
    richest = max(
        (np.unique(copy[run]).size for run in np.split(spots, cuts) if run.size), default=0
    )
    return Lead(
        start=start,
        end=end,
        positions=int(source.size),
        found_in_lead=int(in_lead.size),
        found=int(where.size),
        block=richest / lead_set.size,
    )


def is_lead_reprint(found: Lead, config: RelationConfig) -> bool:
    """Does ``found`` show the source's opening reproduced (bounds: :class:`RelationConfig`)?"""
    return (
        found.start <= config.lead_start
        and found.found_in_lead >= config.lead_min_shingles
        and found.cover >= config.lead_cover
        and found.density >= config.lead_density
        and found.inside >= config.lead_inside
        and found.block >= config.lead_block
    )


def lead_reprint(
    a: Order, b: Order, sets: tuple[ShingleSet, ShingleSet], config: RelationConfig
) -> tuple[int, Lead] | None:
    """Which side's lead (0 for ``a``, 1 for ``b``) the other reproduces, if either.

    Only asked of pairs that no other lexical rule links and that
    :func:`may_be_lead` admits (enough shared shingles, containment at least
    ``lead_containment``); when both sides qualify, the one whose lead starts
    first (a roundup puts a title before the lead it quotes), then the one
    whose lead covers more of it.
    """
    best: tuple[int, Lead] | None = None
    for side, (source, copy, copy_set) in enumerate(((a, b, sets[1]), (b, a, sets[0]))):
        found = lead(source, copy, copy_set, config.lead_gap)
        if is_lead_reprint(found, config) and (
            best is None or (found.start, -found.cover) < (best[1].start, -best[1].cover)
        ):
            best = (side, found)
    return best


def describe_lead(found: Lead) -> str:
    """The measurements a lead reprint's note gives (the link names the sides:
    :func:`dedup.detector._link`)."""
    return (
        f"its first {found.cover:.0%} ({found.found_in_lead} of {found.end - found.start} "
        f"shingles found, {found.block:.0%} of them in one block of the other)"
    )


def relate(
    i: int,
    j: int,
    a: Fingerprinted,
    b: Fingerprinted,
    config: RelationConfig,
    order: Callable[[int], Order] | None = None,
) -> PairEvidence | None:
    """Verify the pair (i, j); None when it is not a lexical copy.

    ``order(i)`` gives article ``i``'s shingle hashes in text order; without
    it the lead-reprint rule is not tried. (A scan verifies its candidates in
    a batch: :func:`dedup.lexical.verify.verify_candidates`.)
    """
    measured = overlap(a, b)
    found = lexical_relation(a, b, measured, config)
    if found is not None:
        relation, score = found
        return PairEvidence(i, j, relation, score, measured)
    if order is None or not may_be_lead(a, b, measured, config):
        return None  # the common case, decided before any order is computed
    return lead_pair(i, j, measured, (a.shingles, b.shingles), (order(i), order(j)), config)


def may_be_lead(
    a: Fingerprinted, b: Fingerprinted, measured: Overlap, config: RelationConfig
) -> bool:
    """Is the lead-reprint rule worth asking of a pair no other rule links?"""
    return (
        a.content_hash != b.content_hash
        and measured.shared >= config.min_shingles
        and max(measured.containment_a, measured.containment_b) >= config.lead_containment
    )


def lead_pair(
    i: int,
    j: int,
    measured: Overlap,
    sets: tuple[ShingleSet, ShingleSet],
    orders: tuple[Order, Order],
    config: RelationConfig,
) -> PairEvidence | None:
    """The pair (i, j) as a lead reprint, or None (:func:`lead_reprint`)."""
    hit = lead_reprint(orders[0], orders[1], sets, config)
    if hit is None:
        return None
    side, shown = hit
    contained = measured.containment_a if side == 0 else measured.containment_b
    return PairEvidence(
        i, j, "reprint", contained, measured, notes=(describe_lead(shown),), lead=side
    )
