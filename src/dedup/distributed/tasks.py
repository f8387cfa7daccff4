"""What the workers of a distributed scan run: one partition (or one group of pairs) a task.

Each function is a plain, picklable function of its arguments, so any
``concurrent.futures``-like executor of Dask's could run it; they call the scan's
own stage functions (:func:`dedup.prepare.parallel.prepare_all`,
:class:`dedup.semantic.stage.SemanticStage`; the lexical stage's are in
:mod:`dedup.distributed.lexical`) on the partition's articles, numbered by their
*global index* (``gid``): the position the article has in the in-process scan,
so that every pair, sort and tie comes out as it does there.
:mod:`dedup.distributed.engine` builds the graph of these tasks and keeps only ids,
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

from dedup.config import Config
from dedup.errors import ConfigError
from dedup.io.readers import _read_jsonl, _read_path
from dedup.io.records import ReadConfig
from dedup.lexical.relate import PairEvidence
from dedup.models import Article, InputProblem, UncheckedPair
from dedup.prepare.article import PreparedArticle
from dedup.prepare.parallel import gc_paused, prepare_all
from dedup.semantic.anchors import is_caseless
from dedup.semantic.index import SemanticIndex, top_in_block
from dedup.semantic.stage import SemanticStage

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
    """The records of one block, as :func:`dedup.io.readers.read_inputs` reads them (line
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
    reads: npt.NDArray[np.uint64]  # (n, 2): a digest of the text and metadata (:func:`reads_as`)


def reads_as(p: PreparedArticle) -> tuple[int, int]:
    """128 bits of the article's text and metadata: equal for exact twins that read as
    each other, whose passages (with their offsets) stand for both
    (:func:`dedup.lexical.exact.expand`)."""
    m = p.metadata
    fields = (p.article.text, m.title, m.published, m.byline, m.editor, m.publisher, m.url,
              m.credits, m.credit_dates, sorted(m.meta_lines))
    digest = hashlib.blake2b(repr(fields).encode("utf-8", "surrogatepass"), digest_size=16)
    words = np.frombuffer(digest.digest(), dtype=np.uint64)
    return int(words[0]), int(words[1])


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
        reads=np.array([reads_as(p) for p in part.prepared], dtype=np.uint64).reshape(-1, 2),
    )


def take(part: Partition, gids: Gids) -> dict[int, PreparedArticle]:
    """Some prepared articles of a partition, by global index (to verify pairs elsewhere)."""
    return dict(zip(gids.tolist(), part.pick(gids), strict=True))


def unique_pairs(pairs: npt.NDArray[np.int64]) -> PairArray:
    """``(min, max)`` of each row, sorted and unique."""
    if pairs.size == 0:
        return np.empty((0, 2), dtype=np.int64)
    lo, hi = np.minimum(pairs[:, 0], pairs[:, 1]), np.maximum(pairs[:, 0], pairs[:, 1])
    return np.unique(np.stack((lo, hi), axis=1), axis=0)


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


_STAGE: list[SemanticStage] = []  # one per worker process: the encoder loads once


def semantic_stage() -> SemanticStage:
    if not _STAGE:
        _STAGE.append(SemanticStage())
    return _STAGE[0]


def verify_semantic(home: Partition, others: Sequence[dict[int, PreparedArticle]],
                    pairs: PairArray, is_weak: npt.NDArray[np.bool_]
                    ) -> tuple[list[PairEvidence], list[tuple[int, int, UncheckedPair]]]:
    """:meth:`dedup.semantic.stage.SemanticStage.verify_pairs` on semantic candidates."""
    local, gids, todo = _local(home, others, pairs)
    weak = {t for t, s in zip(todo, is_weak.tolist(), strict=True) if s}
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
    """The anchor and weak (skeleton, common-anchor) pairs of :class:`SemanticIndex` over
    every article's anchors (short strings: the lead vectors are not here)."""
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

    return as_gids(index.anchor_pairs()), as_gids(index.weak_pairs())
