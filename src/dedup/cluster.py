"""Group verified pairs into clusters anchored on originals.

Copy relations are not transitive: a roundup R that quotes articles A and C is
a copy of both, but A and C are not copies of each other. Plain connected
components (union-find) would put A, R and C together; this module never does.

Within each connected component of the verified-pair graph, the attribution
policy names the likely original among the articles still unassigned; its
cluster is that original plus every unassigned article with a *verified link
to it*. Those leave the pool and the step repeats until no link is left among
the rest. Every member of a cluster is therefore directly verified against the
original, and a link between members of different clusters (R–C above) is
kept as a cross link rather than merged or lost.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from dedup.origin import Attribution, OriginPolicy
from dedup.prepare import PreparedArticle
from dedup.relate import PairEvidence


@dataclass(frozen=True)
class Group:
    """One cluster before rendering: indices into the prepared articles."""

    original: int
    members: tuple[int, ...]  # original first, then the copies in index order
    attribution: Attribution
    pairs: tuple[PairEvidence, ...]  # one per copy: the copy's link to the original


def _components(n: int, pairs: Sequence[PairEvidence]) -> list[list[int]]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        ra, rb = find(p.a), find(p.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for p in pairs:
        for node in (p.a, p.b):
            groups.setdefault(find(node), [])
    for node in range(n):
        root = find(node)
        if root in groups:
            groups[root].append(node)
    return [groups[root] for root in sorted(groups)]


def _attribute(
    articles: Sequence[PreparedArticle],
    nodes: Sequence[int],
    pairs: Sequence[PairEvidence],
    policy: OriginPolicy,
) -> Attribution:
    """Run the policy on a subset, translating indices both ways."""
    local = {node: k for k, node in enumerate(nodes)}
    local_pairs = [
        dataclasses.replace(p, a=local[p.a], b=local[p.b])
        for p in pairs
    ]
    found = policy([articles[node] for node in nodes], local_pairs)
    return Attribution(nodes[found.original], found.confidence, found.evidence)


def cluster(
    articles: Sequence[PreparedArticle],
    pairs: Sequence[PairEvidence],
    policy: OriginPolicy,
) -> tuple[list[Group], list[tuple[PairEvidence, int]]]:
    """Clusters, and the pairs left between clusters with the index of their original side."""
    groups: list[Group] = []
    used: set[tuple[int, int]] = set()
    components = _components(len(articles), pairs)
    # Each component's own pairs, bucketed once: rescanning every pair for every
    # component made clustering quadratic in the number of components (PERF-NOTES:
    # 42k articles with near-duplicates 26.6 s -> 0.7 s, identical groups).
    component_of = {node: c for c, nodes in enumerate(components) for node in nodes}
    own_pairs: list[list[PairEvidence]] = [[] for _ in components]
    for p in pairs:
        own_pairs[component_of[p.a]].append(p)
    for component, live in zip(components, own_pairs, strict=True):
        remaining = set(component)
        while True:
            # The pool only shrinks: filter the last round's live pairs, not all of
            # the component's (a component of c clusters read its pairs c times).
            live = [p for p in live if p.a in remaining and p.b in remaining]
            if not live:
                break
            nodes = sorted({p.a for p in live} | {p.b for p in live})
            attribution = _attribute(articles, nodes, live, policy)
            original = attribution.original
            own = sorted(
                (p for p in live if original in (p.a, p.b)),
                key=lambda p: p.b if p.a == original else p.a,
            )
            members = (original, *(p.b if p.a == original else p.a for p in own))
            groups.append(Group(original, members, attribution, tuple(own)))
            used.update((p.a, p.b) for p in own)
            remaining.difference_update(members)
    group_of = {m: g for g, group in enumerate(groups) for m in group.members}
    cross = []
    for p in pairs:
        if (p.a, p.b) in used:
            continue
        if p.a in group_of and group_of.get(p.a) == group_of.get(p.b):
            continue  # two copies of one original: implied by their links to it
        # Orient a leftover link with the same policy, on just that pair.
        side = _attribute(articles, [p.a, p.b], [p], policy).original
        cross.append((p, side))
    return groups, cross
