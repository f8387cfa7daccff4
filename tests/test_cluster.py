"""Clusters are anchored on originals: copies are never merged transitively."""

from __future__ import annotations

from dedup import Article, Detector


def _paras(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def test_roundup_does_not_merge_its_two_sources(seed_text):
    a, c = _paras(seed_text("000")), _paras(seed_text("002"))
    # A roundup quoting most of each article: a copy of both, while 000 and 002 are not copies.
    roundup = "\n".join(
        ["Today's roundup of Korea news"] + a[: len(a) * 2 // 3] + c[: len(c) * 2 // 3]
    )
    report = Detector().scan(
        [
            Article("000", "\n".join(a), published="2025-10-30"),
            Article("002", "\n".join(c), published="2025-11-12"),
            Article("r", roundup, published="2025-11-13"),
        ]
    )
    assert len(report.clusters) == 1
    (cluster,) = report.clusters
    # Both sources beat the later roundup; the earlier of them anchors the cluster.
    assert cluster.members == ("000", "r")
    assert report.unique == ("002",)
    # The roundup's link to the other source is kept, not lost.
    assert [(x.source, x.relation) for x in report.cross_links] == [("r", "reprint")]


def test_star_of_copies_is_one_cluster_around_the_dated_original(seed_text):
    text = seed_text("000")
    paras = _paras(text)
    items = [
        Article("late-copy", text, published="2025-11-03"),
        Article("orig", text.replace("claimed", "said"), published="2025-10-30"),
        Article("excerpt", "\n".join(paras[:10]), published="2025-11-01"),
    ]
    report = Detector().scan(items)
    (cluster,) = report.clusters
    assert cluster.original == "orig"
    assert cluster.members == ("orig", "late-copy", "excerpt")  # original, then input order
    assert {x.source: x.relation for x in cluster.links} == {
        "excerpt": "reprint", "late-copy": "near_duplicate"
    }
    assert report.unique == ()


def test_two_processes_give_the_same_report_as_one(seed_text):
    paras = _paras(seed_text("000"))
    items = [Article(f"a{n}", "\n".join(paras[n:])) for n in range(0, 12, 2)]
    items += [Article(f"s{n}", seed_text(f"00{n}")) for n in range(5)]
    one = Detector(workers=1).scan(items)
    two = Detector(workers=2).scan(items)
    assert one == two
    assert len(one.clusters) == 1


def _family(links: list[tuple[int, int, str, bool]], n: int = 5) -> list[tuple[int, ...]]:
    """Clusters of ``n`` articles under the given (a, b, relation, whole) links, the
    policy naming the smallest index."""
    from dedup.attribute.origin import Attribution
    from dedup.cluster import cluster
    from dedup.lexical.relate import Overlap, PairEvidence

    articles = [Detector().prepare(Article(f"v{k}", f"text {k}")) for k in range(n)]
    pairs = [PairEvidence(a, b, rel, 0.9, Overlap(0, 0.0, 0.0, 0.0), whole=whole)  # type: ignore[arg-type]
             for a, b, rel, whole in links]

    def smallest(arts, prs):  # type: ignore[no-untyped-def]
        return Attribution(0, 0.5, ())

    groups, _ = cluster(articles, pairs, smallest)
    return [g.members for g in groups]


def test_versions_of_a_family_linked_to_each_other_are_one_cluster():
    # 0 is the source; 3 and 4 are linked to other versions only, each to two of them.
    links = [(0, 1, "translation", True), (0, 2, "translation", True),
             (1, 3, "translation", True), (2, 3, "translation", True),
             (2, 4, "translation", True), (3, 4, "translation", True)]
    assert _family(links) == [(0, 1, 2, 3, 4)]


def test_one_link_between_two_families_does_not_merge_them():
    # Two stories of four versions each, every version linked to the others of its story;
    # one wrong link (3-4) between a version of each: two clusters, the link left across.
    links = [(a, b, "translation", True) for story in ((0, 1, 2, 3), (4, 5, 6, 7))
             for k, a in enumerate(story) for b in story[k + 1:]]
    assert _family([*links, (3, 4, "translation", True)], 8) == [(0, 1, 2, 3), (4, 5, 6, 7)]


def test_a_version_linked_to_one_other_version_alone_does_not_join():
    # 2 is linked to 1 only (not to the original 0, nor to a second version): left out.
    links = [(0, 1, "translation", True), (1, 2, "translation", True)]
    assert _family(links, 3) == [(0, 1)]


def test_a_partial_translation_passes_no_membership_on():
    # 1 is a translated excerpt or roundup of 0 (one side aligned): a copy of 0, but what
    # is linked to it (2, a translation of the other story it quotes) is not joined.
    links = [(0, 1, "translation", False), (1, 2, "translation", True)]
    assert _family(links, 3) == [(0, 1)]


def test_lexical_copies_still_do_not_chain():
    # A reprint of 0 (1) and a roundup (2) quoting 1 and another article (3): no chaining.
    links = [(0, 1, "reprint", False), (1, 2, "reprint", False), (2, 3, "reprint", False),
             (1, 4, "near_duplicate", True)]
    assert _family(links) == [(0, 1), (2, 3)]


def test_a_family_link_names_the_member_it_joins():
    from dedup.attribute.origin import Attribution
    from dedup.cluster import cluster
    from dedup.lexical.relate import Overlap, PairEvidence

    articles = [Detector().prepare(Article(f"v{k}", f"text {k}")) for k in range(4)]
    pairs = [PairEvidence(a, b, "translation", 0.9, Overlap(0, 0.0, 0.0, 0.0), whole=True)
             for a, b in ((0, 2), (0, 3), (1, 2), (1, 3))]
    (group,), cross = cluster(articles, pairs, lambda a, p: Attribution(0, 0.5, ()))
    assert group.members == (0, 1, 2, 3)  # original, then the copies in index order
    assert [group.target(k) for k in range(3)] == [2, 0, 0]  # 1 joined through 2 (and 3)
    assert cross == []
