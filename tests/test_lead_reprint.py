"""The lead-reprint rule (:func:`dedup.lexical.relate.lead_reprint`): a copy that reproduces a
source's opening is a reprint even when it holds less than half of the source."""

from __future__ import annotations

import numpy as np
import pytest

from dedup import Article, Config, Detector
from dedup.config import RelationConfig
from dedup.lexical.relate import lead


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


@pytest.fixture
def story(seed_text) -> list[str]:
    # seed 000: a 31-line DW story; lines 0-10 are its first ~330 words (its lead).
    return _lines(seed_text("000"))


@pytest.fixture
def other(seed_text) -> list[str]:
    # Lines 12-19 of seed 002, a report of the same event that shares no 5-word
    # shingle with seed 000: the rest of the roundup or follow-up.
    return _lines(seed_text("002"))[12:20]


def _compare(original: str, copy: str) -> tuple[float, object]:
    comparison = Detector(Config()).compare(
        Article("orig", original, published="2025-10-30"),
        Article("copy", copy, published="2025-11-02"),
    )
    return comparison.containment_a_in_b, comparison


def test_a_roundup_quoting_a_lead_is_linked(story, other):
    roundup = "\n".join(["Briefing for 2 November 2025", *story[:11], *other])
    containment, comparison = _compare("\n".join(story), roundup)
    # Below reprint_containment: only the lead rule can link it.
    assert 0.25 <= containment < Config().relation.reprint_containment
    assert comparison.link is not None, comparison.reason
    assert comparison.link.relation == "reprint"
    assert (comparison.link.source, comparison.link.target) == ("copy", "orig")
    assert any(note.startswith("orig's lead is reproduced in copy: its first 3")
               for note in comparison.link.notes), comparison.link.notes


def test_a_lightly_edited_lead_is_still_linked(story, other):
    lead_lines = story[:11]
    lead_lines[4] = lead_lines[4].replace("Trump", "the president", 1)
    lead_lines[8] = lead_lines[8].replace("South Korea", "Seoul", 1)
    roundup = "\n".join(["Briefing for 2 November 2025", *lead_lines, *other])
    containment, comparison = _compare("\n".join(story), roundup)
    assert 0.25 <= containment < 0.5
    assert comparison.link is not None, comparison.reason


def test_recycled_background_is_not_linked(story, other):
    # The same amount of the story, taken from its middle: a follow-up recycling background.
    follow_up = "\n".join([*other, *story[16:25]])
    containment, comparison = _compare("\n".join(story), follow_up)
    assert 0.25 <= containment < 0.5
    assert comparison.link is None


def test_recycled_end_is_not_linked(story, other):
    follow_up = "\n".join([*other, *story[21:]])
    containment, comparison = _compare("\n".join(story), follow_up)
    assert 0.25 <= containment < 0.5
    assert comparison.link is None


def test_a_tiny_lead_is_not_linked(story, other):
    # A two-sentence source whose first 20 words open a longer text: 16 shared
    # shingles, a third of the source, but fewer than min_shingles.
    source = "\n".join(story[2:4])
    opening = " ".join(story[2].split()[:20])
    copy = "\n".join([opening, *other])
    containment, comparison = _compare(source, copy)
    assert containment > 0.25
    assert comparison.link is None


def test_lead_measures_on_hashes():
    source = np.arange(100, dtype=np.uint64)
    # The copy: 7 of its own, source 0..39 with 30..34 edited away, 50 of its own.
    copy = np.concatenate([np.arange(1000, 1007), np.arange(0, 30), np.arange(35, 40),
                           np.arange(2000, 2050)]).astype(np.uint64)
    found = lead(source, copy, np.unique(copy), gap=10)
    assert (found.start, found.end, found.found_in_lead, found.found) == (0, 40, 35, 35)
    assert found.cover == pytest.approx(0.40)
    assert found.density == pytest.approx(35 / 40)
    assert found.inside == 1.0
    assert found.block == 1.0
    # A gap wider than ``gap`` ends the lead: 30..34 missing is a gap of 5.
    assert lead(source, copy, np.unique(copy), gap=4).end == 30


def test_lead_block_is_the_richest_run_of_the_copy():
    source = np.arange(100, dtype=np.uint64)
    # The lead 0..39 split in two far-apart halves of the copy.
    copy = np.concatenate([np.arange(0, 20), np.arange(1000, 1100), np.arange(20, 40)]
                          ).astype(np.uint64)
    assert lead(source, copy, np.unique(copy), gap=10).block == pytest.approx(0.5)


def test_the_rule_is_off_without_order(story, other):
    from dedup.lexical.relate import ordered_shingles, relate
    from dedup.prepare.article import prepare

    config = Config()
    roundup = "\n".join(["Briefing for 2 November 2025", *story[:11], *other])
    a = prepare(Article("orig", "\n".join(story)), config)
    b = prepare(Article("copy", roundup), config)
    assert relate(0, 1, a, b, config.relation) is None  # the stream filter's call
    orders = [ordered_shingles(p.content, config.shingle.k) for p in (a, b)]
    found = relate(0, 1, a, b, config.relation, orders.__getitem__)
    assert found is not None and found.relation == "reprint"
    assert found.lead == 0  # a's lead is what b reproduces
    assert relate(0, 1, a, b, RelationConfig(lead_containment=1.0), orders.__getitem__) is None


def test_lead_keys_read_from_the_head_are_the_texts_own_shingles(story):
    from dedup.lexical.leadkeys import KEY_POSITIONS, lead_keys
    from dedup.lexical.relate import ordered_shingles

    text = "\n".join(story)
    hashes, owner = lead_keys([text, "Too short."], 5)
    assert owner.tolist() == [0] * len(KEY_POSITIONS)  # the short text has no key
    assert hashes.tolist() == ordered_shingles(text, 5)[list(KEY_POSITIONS)].tolist()


def test_lead_candidates_propose_a_roundup_not_a_follow_up(story, other):
    from dedup.lexical.leadkeys import lead_candidates
    from dedup.prepare.article import prepare

    config = Config()
    texts = ["\n".join(story), "\n".join(["Briefing", *story[:11], *other]),
             "\n".join([*other, *story[16:25]])]
    prepared = [prepare(Article(str(n), t), config) for n, t in enumerate(texts)]
    keys = [10, 20, 30]
    pairs = lead_candidates(keys, [p.content for p in prepared], [p.shingles for p in prepared], 5)
    # The story's lead opens the roundup's first section; the follow-up holds only
    # the story's middle. (The roundup also holds the follow-up's opening lines.)
    assert pairs == [(10, 20), (20, 30)]


def test_a_stock_opening_proposes_nothing(story):
    from dedup.lexical.leadkeys import lead_candidates
    from dedup.prepare.article import prepare

    config = Config()
    # Nine articles opening with the same lines (more than MAX_OWNERS = 8): no pair.
    texts = ["\n".join([*story[:3], f"Item {n}."]) for n in range(9)]
    prepared = [prepare(Article(str(n), t), config) for n, t in enumerate(texts)]
    keys = list(range(len(texts)))
    contents = [p.content for p in prepared]
    sets = [p.shingles for p in prepared]
    assert lead_candidates(keys, contents, sets, 5) == []
    assert lead_candidates(keys[:2], contents[:2], sets[:2], 5) == [(0, 1)]


def test_without_dates_the_lead_names_the_source(story, other):
    roundup = "\n".join(["Briefing", *story[:11], *other])
    comparison = Detector().compare(Article("orig", "\n".join(story)), Article("copy", roundup))
    assert comparison.link is not None
    assert (comparison.link.source, comparison.link.target) == ("copy", "orig")


def test_a_date_outweighs_the_lead(story, other):
    roundup = "\n".join(["Briefing", *story[:11], *other])
    comparison = Detector().compare(
        Article("orig", "\n".join(story), published="2025-11-05"),
        Article("copy", roundup, published="2025-11-01"),
    )
    assert comparison.link is not None
    assert (comparison.link.source, comparison.link.target) == ("orig", "copy")


def test_an_undated_roundup_of_two_leads_links_to_both_sources(seed_text, story):
    from dedup.config import SemanticConfig

    # Seed 003 (545 words) and seed 000's lead, without dates: the roundup sits in
    # one source's cluster and crosses to the other, pointing at it.
    second = _lines(seed_text("003"))
    roundup = "\n".join(["Briefing", *story[:11], "Second story", *second[:14]])
    report = Detector(Config(semantic=SemanticConfig(enabled=False))).scan([
        Article("a", "\n".join(story)), Article("c", "\n".join(second)), Article("r", roundup)])
    linked = {(x.source, x.target) for cl in report.clusters for x in cl.links}
    linked |= {(x.source, x.target) for x in report.cross_links}
    assert linked == {("r", "a"), ("r", "c")}
    assert len(report.clusters) == 1 and len(report.cross_links) == 1


def test_exact_twins_of_a_roundup_keep_which_side_is_the_lead(story, other):
    from dedup.config import SemanticConfig

    # "t" and "r" are one text: "t" is verified against the story, "r" inherits
    # the pair with its sides swapped (r's index is above the story's).
    roundup = "\n".join(["Briefing", *story[:11], *other])
    report = Detector(Config(semantic=SemanticConfig(enabled=False))).scan([
        Article("t", roundup), Article("s", "\n".join(story)), Article("r", roundup)])
    (cluster,) = report.clusters
    assert cluster.original == "s"
    lead_notes = [n for x in cluster.links for n in x.notes if "lead is reproduced" in n]
    assert sorted(n.split(":")[0] for n in lead_notes) == [
        "s's lead is reproduced in r", "s's lead is reproduced in t"]
