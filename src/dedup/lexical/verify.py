"""The lexical stage end to end on a batch: candidate pairs (LSH bands and lead keys) and
their verification (shingle rules, the lead-reprint rule, the passage rule), shared by
:class:`dedup.Detector` and the Dask engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from dedup.config import Config
from dedup.lexical.index import candidate_pairs
from dedup.lexical.leadkeys import lead_candidates
from dedup.lexical.relate import (
    Overlap,
    PairEvidence,
    lead_pair,
    lexical_relation,
    may_be_lead,
    ordered_shingles_many,
    overlap,
)
from dedup.lexical.reused import (
    WordCache,
    mostly_rare,
    passage_pair,
)
from dedup.prepare.article import PreparedArticle


def verify_candidates(
    prepared: Sequence[PreparedArticle],
    candidates: Iterable[tuple[int, int]],
    config: Config,
    *,
    lead_only: bool = False,
    words: WordCache | None = None,
    rare: dict[tuple[int, int], int] | None = None,
) -> list[PairEvidence]:
    """The verified lexical pairs among candidate pairs (indices into ``prepared``),
    sorted. ``lead_only``: verify with the lead-reprint rule alone (pairs LSH did
    not propose). With ``words``, the pairs no shingle rule links go on to the
    passage rule (:mod:`dedup.lexical.reused`); with ``rare`` (the pairs sharing rare
    shingles and how many: :mod:`dedup.lexical.sharedkeys`), only its pairs whose shared
    shingles are mostly rare (``RelationConfig.passage_rare``: a template's are not).

    The pairs the lead-reprint rule may link are set aside first; the shingle
    order it reads is then hashed from their articles' content in one batch.
    """
    rules = config.relation
    found: list[PairEvidence] = []
    waiting: list[tuple[int, int, Overlap]] = []
    passages: list[tuple[int, int, Overlap]] = []
    for i, j in candidates:
        a, b = prepared[i], prepared[j]
        measured = overlap(a, b)
        relation = None if lead_only else lexical_relation(a, b, measured, rules)
        if relation is not None:
            found.append(PairEvidence(i, j, relation[0], relation[1], measured))
        elif may_be_lead(a, b, measured, rules):
            waiting.append((i, j, measured))
        elif words is not None and mostly_rare(i, j, measured, rare, rules):
            passages.append((i, j, measured))
    if waiting:
        ids = sorted({x for i, j, _ in waiting for x in (i, j)})
        orders = dict(
            zip(ids, ordered_shingles_many([prepared[x].content for x in ids], config.shingle.k),
                strict=True)
        )
        for i, j, measured in waiting:
            pair = lead_pair(
                i, j, measured, (prepared[i].shingles, prepared[j].shingles),
                (orders[i], orders[j]), rules,
            )
            if pair is not None:
                found.append(pair)
            elif words is not None and mostly_rare(i, j, measured, rare, rules):
                passages.append((i, j, measured))
    if words is not None:
        for i, j, measured in passages:
            pair = passage_pair(i, j, measured, words, rules)
            if pair is not None:
                found.append(pair)
    found.sort(key=lambda p: (p.a, p.b))
    return found


def lexical_candidates(
    prepared: Sequence[PreparedArticle], keys: Sequence[int], config: Config
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Candidate pairs among ``keys``: LSH's, and the lead keys' that LSH missed
    (:mod:`dedup.lexical.leadkeys`; none when the lead-reprint rule is off)."""
    matrix = np.vstack([prepared[k].signature for k in keys])
    lsh = candidate_pairs(matrix, keys, lsh=config.lsh, minhash=config.minhash)
    if config.relation.lead_containment >= 1.0:
        return lsh, []
    leads = lead_candidates(
        keys, [prepared[k].content for k in keys], [prepared[k].shingles for k in keys],
        config.shingle.k,
    )
    proposed = set(lsh)
    return lsh, [p for p in leads if p not in proposed]
