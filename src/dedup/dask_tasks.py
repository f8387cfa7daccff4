"""What the workers of a distributed scan run: one partition (or one group of pairs) a task.

Each function is a plain, picklable function of its arguments, so any
``concurrent.futures``-like executor of Dask's could run it; they call the scan's
own stage functions (:func:`dedup.parallel.prepare_all`, :func:`dedup.bands.band_keys`,
:mod:`dedup.leadkeys`, :func:`dedup.detector.verify_candidates`,
:class:`dedup.semantic.SemanticStage`) on the partition's articles, numbered by
their *global index* (``gid``): the position the article has in the in-process
scan, so that every pair, sort and tie comes out as it does there.
:mod:`dedup.dask_engine` builds the graph of these tasks and keeps only ids,
pairs and the report on the driver.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from dedup.bands import _mix, _within_groups, band_keys, shared_band
from dedup.config import Config
from dedup.detector import verify_candidates
from dedup.errors import ConfigError
from dedup.leadkeys import LeadTable, lead_keys, lead_table, lead_votes
from dedup.models import Article, InputProblem, UncheckedPair
from dedup.parallel import gc_paused, prepare_all
from dedup.prepare import PreparedArticle
from dedup.readers import ReadConfig, _read_jsonl, _read_path
from dedup.relate import Overlap, PairEvidence, overlap
from dedup.semantic import SemanticStage
from dedup.semantic_index import SemanticIndex, is_caseless, top_in_block

Item = Article | InputProblem
Gids = npt.NDArray[np.int64]
PairArray = npt.NDArray[np.int64]  # (m, 2): gid a < gid b


def distributed() -> Any:
    """The ``distributed`` module (untyped: calls into it are not checked)."""
    try:
        return importlib.import_module("distributed")
    except ImportError as exc:  # depends on the install
        raise ConfigError("a Dask scan needs Dask: pip install 'dedup[dask]'") from exc


# ------------------------------------------------------------------ reading


@dataclass(frozen=True)
class Block:
    """Bytes ``[start, end)`` of an uncompressed JSONL file: the records whose line starts there."""

    path: str
    start: int
    end: int


def count_newlines(block: Block) -> int:
    """Line ends in the block (the line numbers of the next block start after them)."""
    count, step = 0, 1 << 22
    with open(block.path, "rb") as fh:
        fh.seek(block.start)
        left = block.end - block.start
        while left > 0:
            chunk = fh.read(min(step, left))
            if not chunk:
                break
            count += chunk.count(b"\n")
            left -= len(chunk)
    return count


def _block_lines(fh: Any, block: Block) -> Iterator[bytes]:
    position = fh.tell()
    while position < block.end:
        raw = fh.readline()
        if not raw:
            return
        position += len(raw)
        yield raw


def read_block(block: Block, newlines_before: int, read: ReadConfig) -> list[Item]:
    """The records of one block, as :func:`dedup.readers.read_inputs` reads them (line
    numbers of the whole file; ``newlines_before``: line ends before the block)."""
    try:
        fh = open(block.path, "rb")  # noqa: SIM115 - closed below, also on errors
    except OSError as exc:
        return [InputProblem(block.path, None, f"cannot read: {exc.strerror or exc}")]
    with fh:
        first_line = newlines_before + 1
        if block.start > 0:
            fh.seek(block.start - 1)
            if fh.read(1) != b"\n":  # a line begun in the block before: theirs
                fh.readline()
                first_line += 1
        return list(_read_jsonl(_block_lines(fh, block), block.path, read, first_line=first_line))


def read_path(path: str, read: ReadConfig) -> list[Item]:
    """Every record of one input that is not split into blocks (folders, text, CSV, .gz)."""
    return list(_read_path(path, read, None))


def listing(items: Sequence[Item]) -> list[tuple[str, str | None, int | None] | InputProblem]:
    """What the driver needs of a partition's records: an article's id and where it was
    read, or the problem itself."""
    return [item if isinstance(item, InputProblem) else (item.id, item.input, item.line)
            for item in items]


# ------------------------------------------------------------------ a partition


@dataclass
class Partition:
    """Prepared articles of one partition, in global order, and their global indices."""

    gids: Gids
    prepared: list[PreparedArticle]

    def pick(self, gids: Gids) -> list[PreparedArticle]:
        at = np.searchsorted(self.gids, gids)
        return [self.prepared[k] for k in at.tolist()]


@dataclass(frozen=True)
class Summary:
    """What the driver keeps of a partition: report entries and small per-article keys."""

    infos: tuple[Any, ...]  # ArticleInfo
    hashes: npt.NDArray[np.uint64]  # (n, 2): the content hash as two words
    has_tokens: npt.NDArray[np.bool_]
    lexical: npt.NDArray[np.bool_]  # enough shingles for LSH (RelationConfig.min_shingles)
    caseless: npt.NDArray[np.bool_]


def prepare_partition(items: Sequence[Item], keep: Sequence[int], first_gid: int,
                      config: Config) -> Partition:
    """Prepare the kept records (positions ``keep`` of ``items``), numbered from ``first_gid``."""
    articles = [items[k] for k in keep]
    assert all(isinstance(a, Article) for a in articles)
    prepared = prepare_all(articles, config, workers=1)  # type: ignore[arg-type]
    return Partition(np.arange(first_gid, first_gid + len(prepared), dtype=np.int64), prepared)


def summarize(part: Partition, config: Config) -> Summary:
    hashes = np.array([(int(p.content_hash[:16], 16), int(p.content_hash[16:], 16))
                       for p in part.prepared], dtype=np.uint64).reshape(-1, 2)
    return Summary(
        infos=tuple(p.info for p in part.prepared),
        hashes=hashes,
        has_tokens=np.array([p.n_tokens > 0 for p in part.prepared], dtype=bool),
        lexical=np.array([p.shingles.size >= config.relation.min_shingles
                          for p in part.prepared], dtype=bool),
        caseless=np.array([is_caseless(p.content) for p in part.prepared], dtype=bool),
    )


def take(part: Partition, gids: Gids) -> dict[int, PreparedArticle]:
    """Some prepared articles of a partition, by global index (to verify pairs elsewhere)."""
    return dict(zip(gids.tolist(), part.pick(gids), strict=True))


# ------------------------------------------------------------------ lexical candidates


def band_buckets(part: Partition, gids: Gids, bands: int, rows: int,
                 buckets: int) -> list[npt.NDArray[np.uint64]]:
    """The band keys of the articles ``gids`` as ``(band, key, gid)`` rows, split into
    ``buckets`` by a hash of (band, key): the map side of the shuffle."""
    if gids.size == 0:
        return [np.empty((0, 3), dtype=np.uint64) for _ in range(buckets)]
    matrix = np.vstack([p.signature for p in part.pick(gids)])
    keys = band_keys(matrix, bands, rows)  # (n, bands)
    band = np.broadcast_to(np.arange(bands, dtype=np.uint64), keys.shape).ravel()
    owner = np.repeat(gids.astype(np.uint64), bands)
    flat = keys.ravel()
    with np.errstate(over="ignore"):
        slot = (_mix(flat ^ (band * np.uint64(0x9E3779B97F4A7C15))) % np.uint64(buckets))
    triples = np.stack((band, flat, owner), axis=1)
    order = np.argsort(slot, kind="stable")
    triples, slot = triples[order], slot[order]
    bounds = np.searchsorted(slot, np.arange(buckets + 1, dtype=np.uint64))
    return [triples[bounds[b] : bounds[b + 1]] for b in range(buckets)]


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


def unique_pairs(pairs: npt.NDArray[np.int64]) -> PairArray:
    """``(min, max)`` of each row, sorted and unique."""
    if pairs.size == 0:
        return np.empty((0, 2), dtype=np.int64)
    lo, hi = np.minimum(pairs[:, 0], pairs[:, 1]), np.maximum(pairs[:, 0], pairs[:, 1])
    return np.unique(np.stack((lo, hi), axis=1), axis=0)


def partition_lead_keys(part: Partition, gids: Gids, k: int) -> tuple[npt.NDArray[np.uint64],
                                                                       Gids]:
    """Lead keys (:func:`dedup.leadkeys.lead_keys`) of the articles ``gids``, owners as gids."""
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


# ------------------------------------------------------------------ pairs next to the data


def _local(home: Partition, others: Sequence[dict[int, PreparedArticle]],
           pairs: PairArray) -> tuple[list[PreparedArticle], Gids, list[tuple[int, int]]]:
    """The articles of ``pairs`` as one list in gid order, and the pairs as indices into it."""
    needed = np.unique(pairs)
    found: dict[int, PreparedArticle] = {}
    for other in others:
        found.update(other)
    own = needed[np.isin(needed, home.gids)]
    found.update(zip(own.tolist(), home.pick(own), strict=True))
    local = [found[g] for g in needed.tolist()]
    at = np.searchsorted(needed, pairs)
    return local, needed, [(int(i), int(j)) for i, j in at.tolist()]


def _to_gids(pair: PairEvidence, gids: Gids) -> PairEvidence:
    return dataclasses.replace(pair, a=int(gids[pair.a]), b=int(gids[pair.b]))


def verify_lexical(home: Partition, others: Sequence[dict[int, PreparedArticle]],
                   lsh: PairArray, leads: PairArray, config: Config,
                   exact_keys: bool) -> list[PairEvidence]:
    """:func:`dedup.detector.verify_candidates` on LSH and lead-key candidates."""
    out: list[PairEvidence] = []
    for pairs, lead_only in ((lsh, False), (leads, True)):
        if not len(pairs):
            continue
        local, gids, todo = _local(home, others, pairs)
        if not exact_keys and not lead_only:  # hashed band keys: drop the collisions
            from dedup.bands import lsh_bands

            bands, rows = lsh_bands(config.lsh.threshold, config.minhash.num_perm)
            matrix = np.vstack([p.signature for p in local])
            same = shared_band(matrix, np.array(todo, dtype=np.int64), bands, rows)
            todo = [t for t, keep in zip(todo, same.tolist(), strict=True) if keep]
        out += [_to_gids(p, gids) for p in verify_candidates(local, todo, config,
                                                               lead_only=lead_only)]
    return out


def overlaps(home: Partition, others: Sequence[dict[int, PreparedArticle]],
             pairs: PairArray) -> list[tuple[int, int, Overlap]]:
    """:func:`dedup.relate.overlap` of each pair (exact twins and their links)."""
    local, gids, todo = _local(home, others, pairs)
    return [(int(gids[i]), int(gids[j]), overlap(local[i], local[j])) for i, j in todo]


_STAGE: list[SemanticStage] = []  # one per worker process: the encoder loads once


def semantic_stage() -> SemanticStage:
    if not _STAGE:
        _STAGE.append(SemanticStage())
    return _STAGE[0]


def verify_semantic(home: Partition, others: Sequence[dict[int, PreparedArticle]],
                    pairs: PairArray, skeleton_only: npt.NDArray[np.bool_]
                    ) -> tuple[list[PairEvidence], list[tuple[int, int, UncheckedPair]]]:
    """:meth:`dedup.semantic.SemanticStage.verify_pairs` on semantic candidates."""
    local, gids, todo = _local(home, others, pairs)
    weak = {t for t, s in zip(todo, skeleton_only.tolist(), strict=True) if s}
    with gc_paused():
        found, unchecked = semantic_stage().verify_pairs(local, todo, weak)
    position = {p.id: int(g) for p, g in zip(local, gids.tolist(), strict=True)}
    return ([_to_gids(p, gids) for p in found],
            [(position[u.a], position[u.b], u) for u in unchecked])


class SparseArticles(Sequence[PreparedArticle]):
    """``n`` prepared articles of which only some are held (the rest are never read)."""

    def __init__(self, n: int, held: dict[int, PreparedArticle]) -> None:
        self._n, self._held = n, held

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: Any) -> Any:
        return self._held[i]


def through_links(n: int, *subsets: dict[int, PreparedArticle], pairs: list[PairEvidence],
                  linked: set[tuple[int, int]], tried: set[tuple[int, int]]) -> list[PairEvidence]:
    """The structure links through a version of both (the semantic stage's last step), on
    the articles of the components that hold an uncovered one."""
    held: dict[int, PreparedArticle] = {}
    for subset in subsets:
        held.update(subset)
    return semantic_stage()._through_links(SparseArticles(n, held), pairs, linked, tried)


# ------------------------------------------------------------------ semantic candidates


@dataclass(frozen=True)
class LeadBlock:
    """A partition's lead vectors (covered languages, non-zero), by gid."""

    gids: Gids
    langs: tuple[str, ...]
    matrix: npt.NDArray[np.float32]


def semantic_features(part: Partition, gids: Gids, skeletons: bool) -> tuple[
        LeadBlock, list[tuple[str | None, frozenset[str], frozenset[str], bool]]]:
    """Lead vectors, anchors and name skeletons of the articles ``gids``, made by the
    semantic stage's own index (:meth:`SemanticStage._index`)."""
    with gc_paused():
        index = semantic_stage()._index(part.pick(gids), skeletons=skeletons)
        vectors = index.lead_vectors()
    entries = index._entries
    rows = [k for k, (e, v) in enumerate(zip(entries, vectors, strict=True))
            if v is not None and e.lang is not None and np.any(v)]
    matrix = (np.stack([vectors[k] for k in rows]).astype(np.float32) if rows  # type: ignore[misc]
              else np.zeros((0, 512), dtype=np.float32))
    block = LeadBlock(gids[rows], tuple(entries[k].lang or "" for k in rows), matrix)
    anchors = [(e.lang, e.anchors, e.skeletons, e.caseless) for e in entries]
    return block, anchors


def lead_digests(block: LeadBlock) -> tuple[Gids, tuple[str, ...], npt.NDArray[np.uint64]]:
    """Gids, languages and 128-bit digests of the lead vectors (equal digests: one row)."""
    digests = np.array([np.frombuffer(hashlib.blake2b(v.tobytes(), digest_size=16).digest(),
                                      dtype=np.uint64) for v in block.matrix],
                       dtype=np.uint64).reshape(-1, 2)
    return block.gids, block.langs, digests


def knn_block(query: LeadBlock, target: LeadBlock, keep_q: Gids, keep_t: Gids,
              lang_of: dict[str, int], width: int) -> tuple[npt.NDArray[np.float32], Gids]:
    """Each kept query row's ``width`` best cosines (and gids) in each language among the
    kept target rows; NaN / -1 where there are fewer (:func:`top_in_block`)."""
    q_rows = np.flatnonzero(np.isin(query.gids, keep_q))
    t_rows = np.flatnonzero(np.isin(target.gids, keep_t))
    vals = np.full((q_rows.size, len(lang_of), width), np.nan, dtype=np.float32)
    found = np.full(vals.shape, -1, dtype=np.int64)
    if q_rows.size == 0 or t_rows.size == 0:
        return vals, found
    sims = query.matrix[q_rows] @ target.matrix[t_rows].T
    t_gids = target.gids[t_rows]
    sims[query.gids[q_rows][:, None] == t_gids[None, :]] = -np.inf
    t_langs = np.array([lang_of[target.langs[r]] for r in t_rows.tolist()])
    for b in np.unique(t_langs).tolist():
        cols = np.flatnonzero(t_langs == b)
        idx, got = top_in_block(sims[:, cols], width)
        kept = idx.shape[1]
        vals[:, b, :kept] = np.where(np.isfinite(got), got, np.nan)
        found[:, b, :kept] = np.where(np.isfinite(got), t_gids[cols[idx]], -1)
    return vals, found


@dataclass(frozen=True)
class Tops:
    """A query partition's best cosines per language over every target partition."""

    gids: Gids
    vals: npt.NDArray[np.float32]  # (n, languages, width), descending, NaN-padded
    found: Gids


def merge_tops(query: LeadBlock, keep_q: Gids, width: int,
               *parts: tuple[npt.NDArray[np.float32], Gids]) -> Tops:
    vals = np.concatenate([v for v, _ in parts], axis=2)
    found = np.concatenate([f for _, f in parts], axis=2)
    order = np.argsort(-vals, axis=2, kind="stable")[:, :, :width]  # NaN last
    return Tops(query.gids[np.isin(query.gids, keep_q)],
                np.take_along_axis(vals, order, axis=2), np.take_along_axis(found, order, axis=2))


def neighbours(tops: Tops, k: int, loosest: float) -> tuple[Gids, Gids, npt.NDArray[np.float32],
                                                              npt.NDArray[np.float32]]:
    """The k nearest per language with a cosine >= ``loosest``: query gid, neighbour gid,
    cosine, and the query's best cosines in the neighbour's language."""
    rows, blocks, slots = np.nonzero(tops.vals[:, :, :k] >= loosest)
    return (tops.gids[rows], tops.found[rows, blocks, slots], tops.vals[rows, blocks, slots],
            tops.vals[rows, blocks])


def top_rows(tops: Tops, gids: Gids, blocks: npt.NDArray[np.int64]) -> npt.NDArray[np.float32]:
    """The best cosines of rows ``gids`` in languages ``blocks``."""
    at = np.searchsorted(tops.gids, gids)
    picked: npt.NDArray[np.float32] = tops.vals[at, blocks]
    return picked


def _no_encoder(sentences: list[str]) -> npt.NDArray[np.float32]:
    raise AssertionError("the anchor index encodes nothing")


def anchor_pairs(*shares: tuple[Gids, list[tuple[str | None, frozenset[str], frozenset[str],
                                                 bool]]]) -> tuple[PairArray, PairArray]:
    """The anchor and skeleton pairs of :class:`SemanticIndex` over every article's anchors
    (short strings: the lead vectors are not here)."""
    index = SemanticIndex(_no_encoder)
    order: list[int] = []
    for gids, entries in shares:
        for gid, (lang, anchors, skeletons, caseless) in zip(gids.tolist(), entries, strict=True):
            index.add(str(gid), lang, anchors=anchors, skeletons=skeletons, caseless=caseless)
            order.append(gid)
    at = np.array(order, dtype=np.int64)

    def as_gids(pairs: set[tuple[int, int]]) -> PairArray:
        if not pairs:
            return np.empty((0, 2), dtype=np.int64)
        return unique_pairs(at[np.array(sorted(pairs), dtype=np.int64)])

    return as_gids(index.anchor_pairs()), as_gids(index.skeleton_pairs())
