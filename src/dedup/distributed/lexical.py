"""The lexical stage of a distributed scan: :meth:`dedup.Detector._lexical` and the
link passages of :meth:`dedup.Detector.verify`, spread over partitions.

* **LSH candidates**, a shuffle: band keys are bucketed by (band, key) hash on the
  map side and each bucket's runs of equal keys give the pairs;
* **lead-key candidates**: every partition's lead keys in one table (a few keys an
  article), each partition votes for its own articles;
* **rare shared shingles** (:func:`dedup.lexical.sharedkeys.shared_counts`, when the passage
  rule is on), two shuffles: each partition sends its ``(shingle, gid)`` rows to a
  bucket by shingle hash; a bucket holds every owner of its shingles, so it knows
  which are rare (at most ``MAX_OWNERS`` owners) and counts each pair's rare shingles
  *in that bucket*; those partial counts go to a second bucket by pair, which adds
  them up and keeps the pairs with ``passage_min_shared`` or more. No process holds
  more than a bucket's rows, and the driver gets the kept pairs (the in-process
  ``rare`` dict, no larger);
* **verification next to the data**: a home partition (that of a pair's first article)
  gets the other sides' articles and runs :func:`dedup.lexical.verify.verify_candidates` on
  the pairs, with the passage rule's word cache and the pairs' rare counts, then gives
  every lexical pair its passages (:func:`dedup.lexical.reused.with_link_passages`);
* **exact twins** (:func:`dedup.lexical.exact.expand`): a twin pair keeps its representatives'
  passages when both twins read as them (a digest of text and metadata,
  :func:`dedup.distributed.tasks.reads_as`); the others, and the exact pairs, are measured and
  given passages on the home of their first article (:func:`measure`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from dedup.config import Config
from dedup.distributed.tasks import Gids, PairArray, Partition, _local, _to_gids, unique_pairs
from dedup.lexical.bands import _mix, _within_groups, band_keys, exact_keys, lsh_bands, shared_band
from dedup.lexical.leadkeys import LeadTable, lead_keys, lead_table, lead_votes
from dedup.lexical.relate import Overlap, PairEvidence, overlap
from dedup.lexical.reused import WordCache, pair_passages, with_link_passages
from dedup.lexical.sharedkeys import MAX_OWNERS
from dedup.lexical.verify import verify_candidates
from dedup.models import Passage
from dedup.prepare.article import PreparedArticle
from dedup.prepare.parallel import gc_paused

if TYPE_CHECKING:
    from dedup.distributed.engine import _Run

SHUFFLE_BUCKETS = 16
Others = Sequence[dict[int, PreparedArticle]]
Codes = npt.NDArray[np.int64]  # a pair (a, b) as a * n + b, n the scan's article count

# ------------------------------------------------------------------ candidate tasks


def _split(rows: npt.NDArray[Any], slot: npt.NDArray[np.uint64],
           buckets: int) -> list[npt.NDArray[Any]]:
    """``rows`` in ``buckets`` pieces by ``slot``."""
    order = np.argsort(slot, kind="stable")
    rows, slot = rows[order], slot[order]
    bounds = np.searchsorted(slot, np.arange(buckets + 1, dtype=np.uint64))
    return [rows[bounds[b] : bounds[b + 1]] for b in range(buckets)]


def band_buckets(part: Partition, gids: Gids, bands: int, rows: int,
                 buckets: int) -> list[npt.NDArray[np.uint64]]:
    """The band keys of the articles ``gids`` as ``(band, key, gid)`` rows, split into
    ``buckets`` by a hash of (band, key): the map side of the shuffle."""
    matrix = np.vstack([p.signature for p in part.pick(gids)])
    keys = band_keys(matrix, bands, rows)  # (n, bands)
    band = np.broadcast_to(np.arange(bands, dtype=np.uint64), keys.shape).ravel()
    owner = np.repeat(gids.astype(np.uint64), bands)
    flat = keys.ravel()
    with np.errstate(over="ignore"):
        slot = (_mix(flat ^ (band * np.uint64(0x9E3779B97F4A7C15))) % np.uint64(buckets))
    return _split(np.stack((band, flat, owner), axis=1), slot, buckets)


def bucket_pairs(*shares: npt.NDArray[np.uint64]) -> PairArray:
    """The reduce side: pairs of gids sharing a (band, key) in this bucket, sorted, unique."""
    triples = np.concatenate(shares) if shares else np.empty((0, 3), dtype=np.uint64)
    if len(triples) < 2:
        return np.empty((0, 2), dtype=np.int64)
    order = np.lexsort((triples[:, 2], triples[:, 1], triples[:, 0]))
    ordered = triples[order]
    equal_next = (ordered[1:, 0] == ordered[:-1, 0]) & (ordered[1:, 1] == ordered[:-1, 1])
    pairs = _within_groups(ordered[:, 2].astype(np.intp), equal_next)
    return unique_pairs(pairs)


def partition_lead_keys(part: Partition, gids: Gids, k: int) -> tuple[npt.NDArray[np.uint64],
                                                                       Gids]:
    """Lead keys (:func:`dedup.lexical.leadkeys.lead_keys`) of the articles ``gids``, owners as
    gids."""
    hashes, owner = lead_keys([p.content for p in part.pick(gids)], k)
    return hashes, gids[owner]


def global_lead_table(*shares: tuple[npt.NDArray[np.uint64], Gids]) -> LeadTable | None:
    """Every partition's lead keys in one table (a few keys an article)."""
    if not shares:
        return None
    hashes = np.concatenate([h for h, _ in shares])
    return lead_table(hashes, np.concatenate([o for _, o in shares]))


def partition_lead_pairs(part: Partition, gids: Gids, table: LeadTable | None,
                         width: int) -> PairArray:
    """Pairs (owner, holder) whose holder is one of ``gids``: see :func:`lead_votes`."""
    if table is None or gids.size == 0:
        return np.empty((0, 2), dtype=np.int64)
    chosen = lead_votes(table, [p.shingles for p in part.pick(gids)], gids, width)
    return unique_pairs(np.stack((chosen // width, chosen % width), axis=1))


def shingle_buckets(part: Partition, gids: Gids, buckets: int) -> list[npt.NDArray[np.uint64]]:
    """The shingles of the articles ``gids`` as ``(shingle, gid)`` rows, split into
    ``buckets`` by shingle hash: every owner of a shingle lands in one bucket."""
    sets = [p.shingles for p in part.pick(gids)]
    hashes = np.concatenate(sets).astype(np.uint64)
    owner = np.repeat(gids.astype(np.uint64), [s.size for s in sets])
    return _split(np.stack((hashes, owner), axis=1), _mix(hashes) % np.uint64(buckets), buckets)


def rare_votes(n: int, buckets: int, *shares: npt.NDArray[np.uint64]
               ) -> list[tuple[Codes, Codes]]:
    """One shingle bucket: each pair of owners of a shingle held by 2..``MAX_OWNERS``
    articles, with the number of such shingles they share here, split into ``buckets``
    by pair (as :func:`dedup.lexical.sharedkeys.shared_counts` counts them)."""
    rows = np.concatenate(shares) if shares else np.empty((0, 2), dtype=np.uint64)
    hashes, owner = rows[:, 0], rows[:, 1].astype(np.int64)
    order = np.argsort(hashes)  # pairs are counted below: the order in a run is free
    hashes, owner = hashes[order], owner[order]
    starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]]) if hashes.size else \
        np.empty(0, dtype=np.int64)
    counts = np.diff(np.r_[starts, hashes.size])
    found = [np.empty(0, dtype=np.int64)]
    for c in range(2, MAX_OWNERS + 1):
        first = starts[counts == c]
        if first.size:
            group = owner[first[:, None] + np.arange(c)[None, :]]
            lo, hi = np.triu_indices(c, 1)
            a, b = group[:, lo].ravel(), group[:, hi].ravel()
            found.append(np.minimum(a, b) * n + np.maximum(a, b))
    codes, votes = np.unique(np.concatenate(found), return_counts=True)
    slot = _mix(codes.astype(np.uint64)) % np.uint64(buckets)
    pieces = _split(np.stack((codes, votes.astype(np.int64)), axis=1), slot, buckets)
    return [(piece[:, 0], piece[:, 1]) for piece in pieces]


def rare_pairs(n: int, min_shared: int, *shares: tuple[Codes, Codes]) -> tuple[PairArray,
                                                                                Codes]:
    """One pair bucket: the pairs' rare shingles added up over the shingle buckets; the
    pairs with at least ``min_shared`` (sorted) and their counts."""
    codes = np.concatenate([c for c, _ in shares])
    votes = np.concatenate([v for _, v in shares])
    ids, inverse = np.unique(codes, return_inverse=True)
    total = np.zeros(ids.size, dtype=np.int64)
    np.add.at(total, inverse.reshape(-1), votes)
    keep = total >= min_shared
    return np.stack((ids[keep] // n, ids[keep] % n), axis=1), total[keep]


# ------------------------------------------------------------------ pair tasks


def verify_lexical(home: Partition, others: Others, tagged: npt.NDArray[np.int64],
                   config: Config, exact: bool) -> list[PairEvidence]:
    """:meth:`dedup.Detector._lexical`'s verification of the home's candidates.

    ``tagged`` rows: gids a < b, in LSH's pairs (band keys; collisions dropped here
    when keys are hashed, ``exact`` false), in the lead keys', and the pair's rare
    shared shingles (0: none). As in process, the lead-key pairs LSH missed are
    verified by the lead-reprint rule alone, the others (LSH's and the rare ones) by
    every rule, the passage rule with the rare counts."""
    local, gids, todo = _local(home, others, tagged[:, :2])
    in_lsh, in_lead, votes = tagged[:, 2] == 1, tagged[:, 3] == 1, tagged[:, 4]
    if not exact and in_lsh.any():  # hashed band keys: drop the collisions
        bands, rows = lsh_bands(config.lsh.threshold, config.minhash.num_perm)
        at = np.flatnonzero(in_lsh)
        matrix = np.vstack([p.signature for p in local])
        same = shared_band(matrix, np.array(todo, dtype=np.int64)[at], bands, rows)
        in_lsh[at[~same]] = False
    lead_only = in_lead & ~in_lsh
    words = WordCache(local)
    checked = words if config.relation.passage_rule else None
    rare = {todo[k]: int(votes[k]) for k in np.flatnonzero(votes > 0).tolist()}
    every = [todo[k] for k in np.flatnonzero((in_lsh | (votes > 0)) & ~lead_only).tolist()]
    leads = [todo[k] for k in np.flatnonzero(lead_only).tolist()]
    with gc_paused():  # as in process: the words are many small objects, none in cycles
        found = verify_candidates(local, every, config, words=checked, rare=rare) + \
            verify_candidates(local, leads, config, lead_only=True)
        found = with_link_passages(found, words)
    return [_to_gids(p, gids) for p in found]


def measure(home: Partition, others: Others, asked: npt.NDArray[np.int64]
            ) -> list[tuple[int, int, Overlap | None, tuple[Passage, ...] | None]]:
    """``asked`` rows: gids a < b, whether to measure the pair's overlap, and which
    passages to find (0: none, 1: an exact pair's whole text, 2: the reused passages;
    :func:`dedup.lexical.reused.pair_passages`)."""
    local, gids, todo = _local(home, others, asked[:, :2])
    words = WordCache(local)
    out: list[tuple[int, int, Overlap | None, tuple[Passage, ...] | None]] = []
    with gc_paused():
        for (i, j), need, kind in zip(todo, asked[:, 2].tolist(), asked[:, 3].tolist(),
                                      strict=True):
            out.append((int(gids[i]), int(gids[j]),
                        overlap(local[i], local[j]) if need else None,
                        pair_passages(i, j, kind == 1, words) if kind else None))
    return out


# ------------------------------------------------------------------ the driver's side


def _item(seq: Sequence[Any], k: int) -> Any:
    return seq[k]


def _codes(pairs: PairArray, n: int) -> Codes:
    return pairs[:, 0] * n + pairs[:, 1]


def lexical_pairs(run: _Run, keys: npt.NDArray[np.bool_]) -> list[PairEvidence]:
    """LSH, lead-key and rare-shingle candidates among ``keys`` (gids), verified. The
    three are submitted before any is gathered, so that their tasks overlap."""
    if int(keys.sum()) < 2:
        return []
    config, n, submit = run.config, run.n, run.client.submit
    bands, rows = lsh_bands(config.lsh.threshold, config.minhash.num_perm)
    live = [(part, gids) for part, gids in zip(run.parts, run.gids_in(keys), strict=True)
            if gids.size]
    mapped = [submit(band_buckets, part, gids, bands, rows, SHUFFLE_BUCKETS, pure=False)
              for part, gids in live]
    lsh_f = [submit(bucket_pairs, *[submit(_item, m, b, pure=False) for m in mapped],
                    pure=False) for b in range(SHUFFLE_BUCKETS)]
    lead_f: list[Any] = []
    if config.relation.lead_containment < 1.0:
        k = config.shingle.k
        keyed = [submit(partition_lead_keys, part, gids, k, pure=False) for part, gids in live]
        table = submit(global_lead_table, *keyed, pure=False)
        lead_f = [submit(partition_lead_pairs, part, gids, table, n, pure=False)
                  for part, gids in live]
    rare_f = _rare(run, live, config.relation.passage_min_shared) \
        if config.relation.passage_rule else []
    lsh = _unique_of(run.client.gather(lsh_f))
    leads = _unique_of(run.client.gather(lead_f))
    rare, votes = _kept(run.client.gather(rare_f))
    run.stats["band_key_rows"] = int(keys.sum()) * bands
    run.stats["lsh_pairs"] = len(lsh)
    codes = np.unique(np.concatenate((_codes(lsh, n), _codes(leads, n), _codes(rare, n))))
    tagged = np.zeros((codes.size, 5), dtype=np.int64)
    tagged[:, 0], tagged[:, 1] = codes // n, codes % n
    tagged[:, 2] = np.isin(codes, _codes(lsh, n))
    tagged[:, 3] = np.isin(codes, _codes(leads, n))
    tagged[np.searchsorted(codes, _codes(rare, n)), 4] = votes
    run.stats["lead_pairs"] = int(np.sum((tagged[:, 3] == 1) & (tagged[:, 2] == 0)))
    run.stats["rare_pairs"] = len(rare)
    futures = run.on_homes(verify_lexical, tagged, config, exact_keys(rows))
    return [p for part in run.client.gather(futures) for p in part]


def _unique_of(parts: list[PairArray]) -> PairArray:
    """The pairs of every task, sorted and unique."""
    return unique_pairs(np.concatenate(parts)) if parts else np.empty((0, 2), dtype=np.int64)


def _rare(run: _Run, live: list[tuple[Any, Gids]], min_shared: int) -> list[Any]:
    """:func:`dedup.lexical.sharedkeys.shared_counts` over the articles ``live`` in two shuffles:
    the futures of the pair buckets' kept pairs."""
    submit, width = run.client.submit, SHUFFLE_BUCKETS
    mapped = [submit(shingle_buckets, part, gids, width, pure=False) for part, gids in live]
    voted = [submit(rare_votes, run.n, width, *[submit(_item, m, b, pure=False)
                                                for m in mapped], pure=False)
             for b in range(width)]
    return [submit(rare_pairs, run.n, min_shared,
                   *[submit(_item, v, b, pure=False) for v in voted], pure=False)
            for b in range(width)]


def _kept(kept: list[tuple[PairArray, Codes]]) -> tuple[PairArray, Codes]:
    """The pair buckets' kept pairs (sorted) and their rare-shingle counts."""
    if not kept:
        return np.empty((0, 2), dtype=np.int64), np.empty(0, dtype=np.int64)
    pairs = np.concatenate([p for p, _ in kept])
    counts = np.concatenate([c for _, c in kept])
    order = np.lexsort((pairs[:, 1], pairs[:, 0]))
    return pairs[order], counts[order]


def twin_pairs(run: _Run, found: list[PairEvidence], twins: dict[int, list[int]],
               exact: list[tuple[int, int]]) -> list[PairEvidence]:
    """:func:`dedup.lexical.exact.exact_pairs` and :func:`dedup.lexical.exact.expand` of the
    verified
    representatives' pairs ``found``, every lexical pair with its passages, sorted."""
    reads = run.reads
    asked: dict[tuple[int, int], tuple[int, int]] = {}  # pair -> (overlap?, passages kind)
    for pair in found:  # still without passages: the semantic stage's structure links
        if not pair.passages and pair.aligned is None:
            asked[(pair.a, pair.b)] = (0, 1 if pair.relation == "exact" else 2)
    given = _measured(run, asked)
    found = [_with(p, given.get((p.a, p.b))) for p in found]
    asked = {pair: (1, 1) for pair in exact}
    out: list[PairEvidence] = [PairEvidence(a, b, "exact", 1.0, Overlap(0, 0.0, 0.0, 0.0))
                               for a, b in exact]
    for pair in found:
        for a in twins.get(pair.a, [pair.a]):
            for b in twins.get(pair.b, [pair.b]):
                if (a, b) == (pair.a, pair.b):
                    out.append(pair)
                    continue
                lo, hi = min(a, b), max(a, b)
                lead = pair.lead if pair.lead is None or lo == a else 1 - pair.lead
                shown = pair.passages
                if not (np.array_equal(reads[a], reads[pair.a])
                        and np.array_equal(reads[b], reads[pair.b])):
                    shown = ()  # a twin's passages are found again, in its own text
                elif lo != a:  # passages are stored (a's, b's)
                    shown = tuple(p.swapped() for p in shown)
                kind = 0 if shown or pair.aligned is not None else \
                    1 if pair.relation == "exact" else 2
                asked[(lo, hi)] = (1, kind)
                out.append(dataclasses.replace(pair, a=lo, b=hi, lead=lead, passages=shown))
    given = _measured(run, asked)
    out = [_with(p, given.get((p.a, p.b))) for p in out]
    out.sort(key=lambda p: (p.a, p.b))
    return out


def _with(pair: PairEvidence, given: tuple[Overlap | None, tuple[Passage, ...] | None] | None
          ) -> PairEvidence:
    if given is None:
        return pair
    measured, passages = given
    return dataclasses.replace(pair, overlap=pair.overlap if measured is None else measured,
                               passages=pair.passages if passages is None else passages)


def _measured(run: _Run, asked: dict[tuple[int, int], tuple[int, int]]
              ) -> dict[tuple[int, int], tuple[Overlap | None, tuple[Passage, ...] | None]]:
    """:func:`measure` of the pairs ``asked``, on their homes."""
    if not asked:
        return {}
    rows = np.array(sorted((a, b, need, kind) for (a, b), (need, kind) in asked.items()),
                    dtype=np.int64)
    futures = run.on_homes(measure, rows)
    return {(a, b): (o, p) for part in run.client.gather(futures) for a, b, o, p in part}
