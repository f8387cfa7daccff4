"""The semantic stage of a distributed scan: :meth:`dedup.semantic.stage.SemanticStage.find`
with its candidate search spread over partitions.

* lead vectors, anchors and skeletons: each partition's own, made on its worker by
  the semantic stage's index (the encoder runs there);
* identical lead vectors share one row, as in :meth:`SemanticIndex.lead_pairs`: the
  driver groups them by a 128-bit digest of the vector;
* nearest neighbours, exactly: a task for each (query partition, target partition)
  keeps every query row's best cosines per language (:func:`top_in_block`), a task
  per query partition merges them; a neighbour pair's margin reads both rows' lists;
  the bounds are :meth:`SemanticIndex.accept`'s. So the candidates are the in-process
  ones and no process holds more than two partitions' vectors;
* anchor and weak pairs: :class:`SemanticIndex` on one worker over every
  article's anchors (no vectors);
* verification next to the data (:meth:`SemanticStage.verify_pairs`), then the
  structure links through a version of both on one worker, over the components
  that hold an article in a language the encoder does not cover.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from dedup.distributed import tasks as t
from dedup.lexical.relate import PairEvidence
from dedup.lexical.reused import by_passages
from dedup.models import UncheckedPair
from dedup.semantic.index import SemanticIndex
from dedup.semantic.languages import is_covered

if TYPE_CHECKING:
    from dedup.distributed.engine import _Run


def _no_encoder(sentences: list[str]) -> Any:
    raise AssertionError("only the bounds of the index are used here")


def semantic_pairs(run: _Run, is_rep: np.ndarray, lexical: list[PairEvidence]
                   ) -> tuple[list[PairEvidence], list[tuple[int, int, UncheckedPair]]]:
    """Verified semantic pairs among the representatives ``is_rep`` (gids), skipping the
    ``lexical`` ones but the passage rule's, and the unchecked pairs with their gids."""
    client, submit = run.client, run.client.submit
    covered = np.array([is_covered(info.lang) for info in run.infos], dtype=bool)
    skeletons = bool(np.any(run.caseless & ~covered & is_rep))
    per_part = run.gids_in(is_rep)
    live = [(p, gids) for p, gids in enumerate(per_part) if gids.size]
    features = {p: submit(t.semantic_features, run.parts[p], gids, skeletons, pure=False)
                for p, gids in live}
    blocks = {p: submit(_item, f, 0, pure=False) for p, f in features.items()}
    anchors = [(gids, submit(_item, features[p], 1, pure=False)) for p, gids in live]
    anchored = submit(t.anchor_pairs, *anchors, pure=False)
    proposed = _lead_pairs(run, blocks)
    anchor, weak_pairs = client.gather(anchored)
    proposed |= set(map(tuple, anchor.tolist()))
    weak_only = set(map(tuple, weak_pairs.tolist())) - proposed
    # Passage-rule pairs are aligned too, as in process (the encoder's evidence is the stronger).
    linked = {(p.a, p.b) for p in lexical if not by_passages(p)}
    todo = [pair for pair in sorted(proposed | weak_only) if pair not in linked]
    run.stats["semantic_pairs"] = len(todo)
    found: list[PairEvidence] = []
    unchecked: list[tuple[int, int, UncheckedPair]] = []
    if todo:
        arr = np.array(todo, dtype=np.int64)
        weak = np.array([pair in weak_only for pair in todo], dtype=bool)
        futures = run.on_homes(t.verify_semantic, arr, per_pair=[weak])
        done = 0
        homes = run.part_of(arr[:, 0])
        sizes = {h: int(c) for h, c in zip(*np.unique(homes, return_counts=True), strict=True)}
        order = {f.key: h for f, h in zip(futures, sorted(sizes), strict=True)}
        for future in t.distributed().as_completed(futures):
            pairs, lost = future.result()
            found += pairs
            unchecked += lost
            done += sizes[order[future.key]]
            if run.progress is not None:
                run.progress("align", done, len(todo))
    found.sort(key=lambda p: (p.a, p.b))
    found += _through(run, found, linked, set(todo), covered)
    return found, unchecked


def _item(seq: Any, k: int) -> Any:
    return seq[k]


def _lead_pairs(run: _Run, blocks: dict[int, Any]) -> set[tuple[int, int]]:
    """:meth:`SemanticIndex.lead_pairs` over the partitions' lead blocks (gids)."""
    client, submit = run.client, run.client.submit
    index = SemanticIndex(_no_encoder)
    digests = client.gather({p: submit(t.lead_digests, b, pure=False) for p, b in blocks.items()})
    parts = sorted(digests)
    gids = np.concatenate([digests[p][0] for p in parts]) if parts else np.empty(0, np.int64)
    pairs: set[tuple[int, int]] = set()
    if gids.size < 2:
        return pairs
    langs = [lang for p in parts for lang in digests[p][1]]
    keys = np.concatenate([digests[p][2] for p in parts])
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    groups: dict[int, list[int]] = {}
    for g, gid in zip(inverse.tolist(), gids.tolist(), strict=True):
        groups.setdefault(g, []).append(gid)
    for group in groups.values():
        pairs.update(zip(group, group[1:], strict=False))
    heads = gids[np.sort(first)]
    group_of = dict(zip(gids[first].tolist(), [groups[g] for g in inverse[first].tolist()],
                        strict=True))
    lang_of_gid = dict(zip(gids.tolist(), langs, strict=True))
    lang_of = {lang: b for b, lang in enumerate(sorted({lang_of_gid[h] for h in heads.tolist()}))}
    keep = {p: heads[run.part_of(heads) == p] for p in parts}
    width, k = index.width, index.k_per_language
    loosest = min(index.min_cosine_same, index.min_cosine_cross)
    tops = {}
    run.stats["knn_tasks"] = sum(1 for p in parts if keep[p].size) ** 2
    for q in parts:
        if not keep[q].size:
            continue
        pieces = [submit(t.knn_block, blocks[q], blocks[s], keep[q], keep[s], lang_of, width,
                         pure=False) for s in parts if keep[s].size]
        tops[q] = submit(t.merge_tops, blocks[q], keep[q], width, *pieces, pure=False)
    found = client.gather([submit(t.neighbours, f, k, loosest, pure=False) for f in tops.values()])
    q_arr = np.concatenate([f[0] for f in found])
    c_arr = np.concatenate([f[1] for f in found])
    cos = np.concatenate([f[2] for f in found])
    tops_q = np.concatenate([f[3] for f in found])
    if q_arr.size == 0:
        return pairs
    block_q = np.array([lang_of[lang_of_gid[q]] for q in q_arr.tolist()], dtype=np.int64)
    block_c = np.array([lang_of[lang_of_gid[c]] for c in c_arr.tolist()], dtype=np.int64)
    tops_c = np.empty_like(tops_q)
    where = run.part_of(c_arr)
    asked = {p: np.flatnonzero(where == p) for p in np.unique(where).tolist()}
    answers = client.gather({p: submit(t.top_rows, tops[p], c_arr[rows], block_q[rows],
                                       pure=False) for p, rows in asked.items()})
    for p, rows in asked.items():
        tops_c[rows] = answers[p]
    accept = index.accept(cos, block_q == block_c, tops_q, tops_c)
    for q, c in zip(q_arr[accept].tolist(), c_arr[accept].tolist(), strict=True):
        for a in group_of[q]:
            for b in group_of[c]:
                pairs.add((a, b) if a < b else (b, a))
    return pairs


def _through(run: _Run, found: list[PairEvidence], linked: set[tuple[int, int]],
             tried: set[tuple[int, int]], covered: np.ndarray) -> list[PairEvidence]:
    """:meth:`SemanticStage._through_links` on one worker, over the articles of the
    components of the linked graph that hold an uncovered article (none: nothing to do)."""
    edges = {(p.a, p.b) for p in found} | linked
    if not edges:
        return []
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    wanted = {root(x) for x in parent if not covered[x]}
    if not wanted:
        return []
    nodes = np.array(sorted(x for x in parent if root(x) in wanted), dtype=np.int64)
    inside = set(nodes.tolist())
    mine = [p for p in found if p.a in inside]
    own_linked = {e for e in linked if e[0] in inside}
    own_tried = {e for e in tried if e[0] in inside and e[1] in inside}
    future = run.client.submit(t.through_links, run.n, *run.subsets(nodes), pairs=mine,
                               linked=own_linked, tried=own_tried, pure=False)
    links: list[PairEvidence] = future.result()
    return links
