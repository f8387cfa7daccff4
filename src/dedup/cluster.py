"""Group verified pairs into clusters anchored on originals.

Copy relations are not transitive: a roundup R that quotes articles A and C is
a copy of both, but A and C are not copies of each other. Plain connected
components (union-find) would put A, R and C together; this module never does.

Within each connected component of the verified-pair graph, the attribution
policy names the likely original among the articles still unassigned; its
cluster is that original plus every unassigned article with a *verified link
to it*. Those leave the pool and the step repeats until no link is left among
the rest. A link between members of different clusters (R–C above) is kept as
a cross link rather than merged or lost.

**Families.** One exception, for translations: a version with a *whole*
translation link (:data:`FAMILY_RELATIONS`; both sides aligned: as many
paragraphs on both for the structure rule, at least ``COPY_COVERAGE`` of the
sentences of each side for the encoder's) to the original joins it; a version
with no link to the original joins when it has whole translation links to at
least :data:`MIN_FAMILY_LINKS` versions that joined through such links, until
none is left, so that one wrong link between two stories cannot merge their
families.
The versions of one text are translations of each other; the star around one
original split a story in 34 languages whose versions are linked to each other
but not all to the English source (ntrex: 1.34 clusters per story). Only whole
links chain: an excerpt, a roundup (lexical or translated) or a same-language
rewrite joins only as a direct copy of the original and passes nothing on, so
the roundup quoting A and C still does not join A and C. Every member is
therefore linked either to the original or, through whole translation links, to
a member already in the cluster; :attr:`Group.targets` says to which.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from dedup.attribute.origin import Attribution, OriginPolicy
from dedup.lexical.relate import PairEvidence
from dedup.prepare.article import PreparedArticle


@dataclass(frozen=True)
class Group:
    """One cluster before rendering: indices into the prepared articles."""

    original: int
    members: tuple[int, ...]  # original first, then the copies in index order
    attribution: Attribution
    pairs: tuple[PairEvidence, ...]  # one per copy: the link that joined it
    # The member each of ``pairs`` joins its copy to: the original, or for a family
    # (FAMILY_RELATIONS) a version already in the cluster. Empty means all the original.
    targets: tuple[int, ...] = ()

    def target(self, k: int) -> int:
        """The member the copy of ``pairs[k]`` is linked to."""
        return self.targets[k] if self.targets else self.original


#: Relations whose whole links chain within a cluster (see the module docstring).
#: Measured on ntrex and every other set: README, "Translation families".
FAMILY_RELATIONS: frozenset[str] = frozenset({"translation"})

#: Whole links to members that a version with no link to the original needs to join
#: its family. One was enough until 2026-12-08; then one false structure link (an
#: Estonian Belfast story and a Norwegian Londonderry one: five paragraphs each, two
#: stems shared, "polit" and "bally") chained two 34-version ntrex stories into one
#: cluster (1,088 false pairs; ntrex+reuters, anchor cap 256). Two links: ntrex+reuters
#: pair precision 0.9703 -> 1.0000, recall 0.9685 -> 0.9676, original 0.938 -> 0.954;
#: wmt precision 0.9937 -> 0.9951, recall 0.9859 -> 0.9846, original 0.7825 both
#: (one cache of verified pairs per set, clustered both ways: /tmp probe, see the
#: commit). Of the structure links on those caches only 1 of 775 with two shared
#: names and numbers was false: the links are right, the chaining multiplied one.
MIN_FAMILY_LINKS = 2


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


def _chains(p: PairEvidence) -> bool:
    """Whether a link passes membership on: a whole link of :data:`FAMILY_RELATIONS`."""
    return p.relation in FAMILY_RELATIONS and p.whole


def _joined(original: int, live: Sequence[PairEvidence]
            ) -> tuple[list[PairEvidence], list[int]]:
    """The links that join copies to ``original``'s cluster, and the member each joins.

    First every direct link to the original, then, breadth first from the versions
    that joined through a whole translation link, the articles not yet in with such
    links to :data:`MIN_FAMILY_LINKS` of them (the first found names the member it
    joins); returned in the order of the copies' indices.
    """
    other: dict[int, PairEvidence] = {}
    for p in live:
        if original in (p.a, p.b):
            copy = p.b if p.a == original else p.a
            other.setdefault(copy, p)
    own = [other[c] for c in sorted(other)]
    targets = [original] * len(own)
    inside = {original, *other}
    family: dict[int, list[PairEvidence]] = {}
    for p in live:
        if _chains(p):
            family.setdefault(p.a, []).append(p)
            family.setdefault(p.b, []).append(p)
    # Links into the cluster from members that pass membership on: the original's
    # copies joined by a whole translation link, then the versions that join.
    links_in: dict[int, list[tuple[PairEvidence, int]]] = {}
    frontier = [c for c in sorted(other) if _chains(other[c])]
    while frontier:
        for m in frontier:
            for p in family.get(m, ()):
                x = p.b if p.a == m else p.a
                if x not in inside:
                    links_in.setdefault(x, []).append((p, m))
        reached = sorted(x for x, found in links_in.items()
                         if x not in inside and len(found) >= MIN_FAMILY_LINKS)
        for x in reached:
            own.append(links_in[x][0][0])
            targets.append(links_in[x][0][1])
        inside.update(reached)
        frontier = reached
    order = sorted(range(len(own)), key=lambda k: own[k].a + own[k].b - targets[k])
    return [own[k] for k in order], [targets[k] for k in order]


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
            own, targets = _joined(original, live)
            copies = (p.b if t == p.a else p.a for p, t in zip(own, targets, strict=True))
            members = (original, *copies)
            groups.append(Group(original, members, attribution, tuple(own), tuple(targets)))
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
