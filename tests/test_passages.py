"""Reused passages (dedup.lexical.passages), the passage rule (dedup.lexical.reused) and its
candidates."""

from __future__ import annotations

import dataclasses

import numpy as np

from dedup import Article, Config, Detector
from dedup.config import SemanticConfig
from dedup.lexical.passages import MIN_WORDS, QUOTE_WEIGHT, find_reuse, words
from dedup.lexical.reused import passage_relation
from dedup.lexical.sharedkeys import shared_candidates

LEXICAL = dataclasses.replace(Config(), semantic=SemanticConfig(enabled=False))


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def _subedit(paragraph: str, every: int = 6) -> str:
    """A sub-editor's pass: every ``every``-th word replaced."""
    out = paragraph.split()
    for n in range(every - 1, len(out), every):
        out[n] = "changed"
    return " ".join(out)


def test_words_flag_quotations_by_paragraph() -> None:
    w = words("He said: 'I was there.' Then he left, Smith's car\n``Unclosed\nfine''")
    quoted = [t for t, q in zip(w.words, w.quoted, strict=True) if q]
    assert quoted == ["i", "was", "there", "unclosed"]  # the apostrophe in Smith's opens nothing


def test_words_read_only_the_given_lines_with_offsets_in_the_text() -> None:
    text = "By Jo Bloggs, PA News\nThe court heard the case."
    w = words(text, [(22, len(text))])
    assert w.words[0] == "the" and text[w.starts[0]:w.ends[-1]] == "The court heard the case"


def test_a_subedited_story_is_one_passage_with_offsets_into_both_texts(seed_text) -> None:
    source = max(_paragraphs(seed_text("000")), key=len)
    copy = "Our reporter adds a new opening line here.\n" + _subedit(source)
    found = find_reuse(source, copy)
    (span,) = found.spans
    a0, a1, b0, b1 = found.char_span(span)
    assert source[a0:a1].split()[:3] == copy[b0:b1].split()[:3]
    assert found.cover_a > 0.8 and 0.5 < found.cover_b < found.cover_a


def test_unrelated_text_has_no_passage(seed_text) -> None:
    assert find_reuse(seed_text("000"), seed_text("002")).spans == ()


def test_a_repeated_sentence_is_tiled_once() -> None:
    sentence = " ".join(f"w{n}" for n in range(MIN_WORDS + 4))
    found = find_reuse(sentence, f"{sentence}. Other words in between here. {sentence}.")
    assert len(found.spans) == 1 and found.spans[0].matched_a == MIN_WORDS + 4


def test_quoted_words_weigh_less() -> None:
    said = " ".join(f"w{n}" for n in range(30))
    plain, quoted = find_reuse(said, said), find_reuse(f"'{said}'", f"'{said}'")
    assert plain.weight == 30 and quoted.weight == 30 * QUOTE_WEIGHT


def test_shared_candidates_count_rare_shingles_only() -> None:
    common = np.arange(100, 110, dtype=np.uint64)  # in every set: more than max_owners
    sets = [np.unique(np.concatenate([common, np.arange(lo, lo + 6, dtype=np.uint64)]))
            for lo in (0, 0, 50, 0)]
    assert shared_candidates([7, 8, 9, 10], sets, min_shared=5, max_owners=3) == [
        (7, 8), (7, 10), (8, 10)]
    assert shared_candidates([7, 8, 9, 10], sets, min_shared=7, max_owners=3) == []
    assert shared_candidates([7, 8, 9, 10], sets, min_shared=5, max_owners=2) == []


def _wire_and_paper(seed_text) -> tuple[Article, Article]:
    """A wire story, and a paper story that sub-edits three of its paragraphs in order
    and adds its own reporting around them (METER's partially derived)."""
    wire = _paragraphs(seed_text("000"))[:14]
    own = _paragraphs(seed_text("002"))
    paper = [*own[:3], _subedit(wire[2]), *own[3:5], _subedit(wire[6]), own[5],
             _subedit(wire[11]), *own[6:9]]
    return Article("wire", "\n".join(wire)), Article("paper", "\n".join(paper))


def test_a_story_taking_passages_is_a_partial_copy_with_its_passages(seed_text) -> None:
    wire, paper = _wire_and_paper(seed_text)
    report = Detector(LEXICAL).scan([wire, paper])
    (cluster,) = report.clusters
    (link,) = cluster.links
    assert link.relation == "partial" and len(link.passages) == 3
    for p in link.passages:
        source = paper if link.source == "paper" else wire
        target = wire if link.source == "paper" else paper
        assert p.source_start is not None and p.target_start is not None
        assert source.text[p.source_start:p.source_end] == p.source
        assert target.text[p.target_start:p.target_end] == p.target
    assert Detector(LEXICAL).compare(paper, wire).link.relation == "partial"


def _with_statements(seed_text, quote: str) -> tuple[str, str]:
    """Two independent stories that each print the same three statements."""
    said = [f"{quote}{p}{quote}" for p in _paragraphs(seed_text("000"))[4:7]]
    a, b = _paragraphs(seed_text("002"))[:9], _paragraphs(seed_text("003"))[:26]
    return ("\n".join([*a[:3], said[0], *a[3:6], said[1], *a[6:], said[2]]),
            "\n".join([*b[:6], said[0], *b[6:15], said[1], *b[15:], said[2]]))


def test_shared_statements_count_as_quotations_not_copy(seed_text) -> None:
    unquoted = find_reuse(*_with_statements(seed_text, ""))
    quoted = find_reuse(*_with_statements(seed_text, "'"))
    assert len(unquoted.spans) == len(quoted.spans) == 3
    assert passage_relation(unquoted, LEXICAL.relation) == (
        "partial", max(unquoted.cover_a, unquoted.cover_b))
    assert quoted.weight < unquoted.weight / 2  # (the statements quote people themselves)
    assert passage_relation(quoted, LEXICAL.relation) is None


def test_every_lexical_link_carries_its_passages(seed_text) -> None:
    text = seed_text("000")
    excerpt = "\n".join(_paragraphs(text)[:8])
    report = Detector(LEXICAL).scan([Article("full", text), Article("part", excerpt),
                                     Article("twin", text + "\n")])
    links = {(x.source, x.relation): x for c in report.clusters for x in c.links}
    assert set(links) == {("part", "reprint"), ("twin", "exact")}
    (whole,) = links[("twin", "exact")].passages
    assert whole.source == whole.target and whole.source_start == 0
    assert all(p.source_start is not None for p in links[("part", "reprint")].passages)


def test_a_template_resent_with_other_figures_is_no_copy() -> None:
    form = ("{0} is issuing a {1} mln dlr eurobond due April {2}, 1992 paying {3} pct and "
            "priced at {4} pct, lead manager {5} said. The bond is available in "
            "denominations of {6} dlrs and will be listed in {7}. Fees comprise {8} pct "
            "selling concession and {9} pct for management and underwriting combined.")
    a = form.format("Saab-Scania AB", 150, 2, 7, 101, "Morgan Guaranty Ltd", 5000, "London", 1, 5)
    b = form.format("Toyota Motor Credit", 23, 10, 4, 99, "Nomura International", 1000,
                    "Luxembourg", 2, 3)
    found = find_reuse(a, b)
    assert found.cover_a > 0.5 and found.facts < LEXICAL.relation.passage_facts
    assert passage_relation(found, LEXICAL.relation) is None
    kept = dataclasses.replace(LEXICAL.relation, passage_facts=0.0)
    assert passage_relation(found, kept) == ("rewrite", max(found.cover_a, found.cover_b))


def test_passage_rule_is_asked_of_mostly_rare_shared_shingles_only() -> None:
    from dedup.lexical.relate import Overlap
    from dedup.lexical.reused import mostly_rare

    rules = LEXICAL.relation
    measured = Overlap(shared=20, jaccard=0.05, containment_a=0.1, containment_b=0.1)
    assert mostly_rare(0, 1, measured, None, rules)  # no corpus (compare): every shingle rare
    assert mostly_rare(0, 1, measured, {(0, 1): 16}, rules)
    assert not mostly_rare(0, 1, measured, {(0, 1): 15}, rules)  # a form many articles print
    assert not mostly_rare(0, 2, measured, {(0, 1): 20}, rules)
    few = Overlap(shared=rules.passage_min_shared - 1, jaccard=0.01, containment_a=0.01,
                  containment_b=0.01)
    assert not mostly_rare(0, 1, few, None, rules)


def test_two_stories_of_one_outlet_are_no_passage_copy(seed_text) -> None:
    wire, paper = _wire_and_paper(seed_text)
    same = [dataclasses.replace(x, source="Daily Planet") for x in (wire, paper)]
    assert Detector(LEXICAL).scan(same).clusters == ()


def test_wire_copy_is_the_original_of_a_paper_story(seed_text) -> None:
    wire, paper = _wire_and_paper(seed_text)
    wire = dataclasses.replace(wire, text="By Jo Bloggs, PA News\n" + wire.text)
    (cluster,) = Detector(LEXICAL).scan([paper, wire]).clusters
    assert cluster.original == "wire"
    assert "wire is PA wire copy, paper is not" in cluster.original_evidence
