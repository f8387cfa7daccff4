"""A feed that repeats its stories: repeats are prepared and compared once, the report
is the one of preparing and comparing every article on its own, and 20k articles scan
in seconds."""

from __future__ import annotations

import random
import re

import pytest

import dedup.prepare.parallel as parallel
from dedup import Article, Config, Detector
from dedup.config import SemanticConfig
from dedup.io.report import render
from dedup.lexical.exact import exact_groups, exact_pairs, expand
from dedup.lexical.relate import overlap
from dedup.prepare.parallel import distinct_inputs, prepare_all

LEXICAL = Config(semantic=SemanticConfig(enabled=False))


def _words(seed_text) -> list[str]:
    return re.findall(r"[A-Za-z][a-z]+", " ".join(seed_text(f"00{n}") for n in range(5)))


def _story(words: list[str], rng: random.Random) -> str:
    """12 paragraphs of one 12-24 word sentence each, the words drawn from the seeds'
    running text (so as often as there): distinct stories share no 5-word shingle."""
    return "\n".join(
        " ".join(rng.choice(words) for _ in range(rng.randint(12, 24))).capitalize() + "."
        for _ in range(12)
    )


def feed(seed_text, stories: int, copies: int, *, seed: int = 14) -> list[Article]:
    """``stories`` distinct articles, each followed later in the feed by ``copies``
    repeats on average under new ids: most exact, one in ten without one of its
    paragraphs, one in ten under another title."""
    rng = random.Random(seed)
    words = _words(seed_text)
    bases = [_story(words, rng) for _ in range(stories)]
    items = [Article(f"s{k}", text, title=f"story {k}") for k, text in enumerate(bases)]
    for n in range(stories * copies):
        k = rng.randrange(stories)
        kind = rng.random()
        text, title = bases[k], f"story {k}"
        if kind < 0.1:
            lines = text.split("\n")
            del lines[rng.randrange(1, len(lines))]
            text = "\n".join(lines)
        elif kind < 0.2:
            title = f"story {k}, updated"
        items.append(Article(f"r{n}", text, title=title))
    return items


def _each_alone(monkeypatch) -> None:
    """Make every article its own input group (the behaviour before collapsing)."""
    monkeypatch.setattr(
        parallel, "distinct_inputs", lambda articles: (list(range(len(articles))),
                                                       list(range(len(articles))))
    )


def test_distinct_inputs_groups_all_but_the_id():
    items = [Article("a", "x y"), Article("b", "x y"), Article("c", "x y", title="t"),
             Article("d", "x y", lang="en"), Article("e", "x y")]
    assert distinct_inputs(items) == ([0, 2, 3], [0, 0, 1, 2, 0])


def test_repeats_are_prepared_once_as_if_each_alone(seed_text, monkeypatch):
    items = feed(seed_text, 6, 4)
    collapsed = prepare_all(items, LEXICAL, workers=1)
    _each_alone(monkeypatch)
    alone = prepare_all(items, LEXICAL, workers=1)
    assert [p.info for p in collapsed] == [p.info for p in alone]
    assert [p.id for p in collapsed] == [a.id for a in items]
    for x, y in zip(collapsed, alone, strict=True):
        assert x.article is y.article
        assert (x.content, x.content_hash, x.metadata) == (y.content, y.content_hash, y.metadata)
        assert x.shingles.tolist() == y.shingles.tolist()
        assert x.signature.tolist() == y.signature.tolist()


def test_expanded_pairs_are_measured_as_each_pair(seed_text):
    items = feed(seed_text, 4, 5)
    prepared = prepare_all(items, LEXICAL, workers=1)
    groups = exact_groups(prepared)
    for pair in exact_pairs(prepared, groups):
        assert pair.overlap == overlap(prepared[pair.a], prepared[pair.b])
    reps = [g[0] for g in groups]
    found = Detector(LEXICAL)._lexical(prepared, reps)
    assert found
    for pair in expand(prepared, groups, found):
        assert pair.a < pair.b
        assert pair.overlap == overlap(prepared[pair.a], prepared[pair.b])


def test_report_is_the_one_of_each_article_alone(seed_text, monkeypatch):
    items = feed(seed_text, 8, 5)
    collapsed = render(Detector(LEXICAL, workers=1).scan(items), "json")
    _each_alone(monkeypatch)
    alone = render(Detector(LEXICAL, workers=1).scan(items), "json")
    assert collapsed == alone
    assert '"exact"' in collapsed and '"near_duplicate"' in collapsed


@pytest.mark.parametrize("stories,copies", [(1000, 19)])
def test_a_20k_feed_of_repeats_clusters_each_story_once(seed_text, stories, copies):
    items = feed(seed_text, stories, copies)
    assert len(items) == 20_000
    report = Detector(LEXICAL, workers=1).scan(items)
    # Every story and its repeats form one cluster.
    assert len(report.clusters) == stories
    assert sum(len(c.members) for c in report.clusters) == len(items)
    # Its cost is a benchmark (benchmarks/scaling.py), not a timed test: 4.2 CPU s
    # after d68cf98 (11.4 before); with the passage rule's link passages, 30.6 CPU s
    # until a group's twins shared their representative's passages, then 7.3.


def test_every_long_stage_reports_progress(seed_text, monkeypatch):
    import dedup.detector as detector

    monkeypatch.setattr(detector, "READ_EVERY", 5)
    calls: list[tuple[str, int, int]] = []
    Detector(LEXICAL, workers=1).scan(feed(seed_text, 3, 4),
                                      progress=lambda *call: calls.append(call))
    stages = [c[0] for c in calls]
    assert list(dict.fromkeys(stages)) == ["read", "prepare", "lexical", "cluster"]
    assert [c for c in calls if c[0] == "read"] == [("read", 5, 0), ("read", 10, 0),
                                                     ("read", 15, 0)]
    for stage in ("prepare", "lexical", "cluster"):
        done, total = [c[1:] for c in calls if c[0] == stage][-1]
        assert done == total > 0
