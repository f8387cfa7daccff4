"""Each lexical relation on small real-text cases built from the seed articles."""

from __future__ import annotations

import pytest

from dedup import Article, Config, Detector


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def _excerpt(text: str) -> str:
    """The headline and the first third of the paragraphs: a typical excerpt."""
    paras = _paragraphs(text)
    return "\n".join(paras[: len(paras) // 3])


def _copyedit(text: str) -> str:
    """A few word-level edits and one dropped paragraph: a near duplicate."""
    paras = _paragraphs(text)
    del paras[5]
    edited = "\n".join(paras)
    for old, new in (("claimed", "said"), ("Wednesday", "Wed."), ("dramatically", "sharply"),
                     ("professor", "Professor"), ("North Korean leader", "the North's leader")):
        edited = edited.replace(old, new, 1)
    return edited


def _framed(text: str) -> str:
    """A publisher's short intro and outro around the whole story: still a near duplicate."""
    return (
        "Our partner network brings you the best reporting from around the world, republished "
        "with permission from the editors of each partner newsroom.\n"
        + text
        + "\nSign up for our morning newsletter to get the day's most important news from "
        "Asia delivered to your inbox before breakfast every weekday.\n"
        "This article first appeared in DW."
    )


@pytest.mark.parametrize(
    "make,relation",
    [
        (lambda t: t, "exact"),
        (lambda t: t.upper().replace(",", " ,"), "exact"),
        (_copyedit, "near_duplicate"),
        (_framed, "near_duplicate"),
        (_excerpt, "reprint"),
        (lambda t: _framed(_excerpt(t)), "reprint"),
    ],
    ids=["identical", "case-and-punctuation", "copyedit", "framed", "excerpt", "framed-excerpt"],
)
def test_relation_of_a_copy(seed_text, make, relation):
    original = seed_text("000")
    comparison = Detector().compare(Article("orig", original), Article("copy", make(original)))
    assert comparison.link is not None, comparison.reason
    assert comparison.link.relation == relation
    if relation != "exact":  # identical texts: nothing says which came first
        assert (comparison.link.source, comparison.link.target) == ("copy", "orig")


@pytest.mark.parametrize("other", ["002", "003", "004"])
def test_same_story_is_not_a_lexical_copy(seed_text, other):
    comparison = Detector().compare(
        Article("000", seed_text("000")), Article(other, seed_text(other))
    )
    assert comparison.link is None
    assert comparison.reason.startswith("not a copy")
    assert comparison.jaccard < 0.02


def test_tiny_texts_never_contain_each_other():
    config = Config()
    a = Article("a", "North Korea said on Wednesday.")
    b = Article("b", "North Korea said on Wednesday that it had tested a missile over the sea.")
    assert Detector(config).compare(a, b).link is None
