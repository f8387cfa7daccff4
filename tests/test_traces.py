"""Translation traces on the seeds and on hand-made pairs."""

from __future__ import annotations

from dedup.lexical.traces import translation_traces


def test_seed_rewrite_keeps_a_bracketed_portuguese_word(seed_text):
    in_000, in_001 = translation_traces("000", seed_text("000"), "001", seed_text("001"))
    assert in_000 == []
    assert [t.describe() for t in in_001] == [
        "001 keeps a bracketed foreign word: '[Coreana]'",
        "001 spells a name differently: 'Serguei Lavrov' for 'Sergey Lavrov'",
    ]


def test_independent_reports_have_no_traces(seed_text):
    for other in ("002", "003", "004"):
        a, b = translation_traces("000", seed_text("000"), other, seed_text(other))
        assert a == [] and b == []


def test_plurals_and_sentence_starts_are_not_name_variants():
    original = "Talks with South Korea went on. Those present met Foreign Minister Choe."
    copy = "Talks with South Koreans went on. These present met Foreign Minister Choe."
    assert translation_traces("o", original, "c", copy) == ([], [])


def test_a_bracketed_word_the_other_side_has_is_not_a_trace():
    original = "The [Korean] Peninsula is divided."
    copy = "The Peninsula [Korean] is divided."
    assert translation_traces("o", original, "c", copy) == ([], [])
