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
