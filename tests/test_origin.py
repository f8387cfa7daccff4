"""Attribution: the default evidence policy's rules, and a user's own policy end to end."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import math
import re
from collections.abc import Sequence
from pathlib import Path

from dedup import Article, Attribution, Detector
from dedup.attribute.origin import SAME_DAY_TIME, EvidencePolicy
from dedup.config import Config
from dedup.lexical.relate import Overlap, PairEvidence, relate
from dedup.prepare.article import PreparedArticle, prepare

README = Path(__file__).resolve().parents[1] / "README.md"


def _attribute(*articles: Article) -> tuple[list[PreparedArticle], Attribution]:
    """The default policy on ``articles``, every pair verified lexically."""
    config = Config()
    prepared = [prepare(a, config) for a in articles]
    pairs = [
        found
        for i in range(len(prepared))
        for j in range(i + 1, len(prepared))
        if (found := relate(i, j, prepared[i], prepared[j], config.relation)) is not None
    ]
    return prepared, EvidencePolicy()(prepared, pairs)


def _body(seed_text, paragraphs: int) -> str:
    return "\n".join([p for p in seed_text("000").split("\n") if p.strip()][1:paragraphs])


def test_a_wire_sign_off_is_no_credit_of_a_copy_that_names_the_wire(seed_text) -> None:
    # The wire story signs off "REUTER"; a later roundup quotes it "(Source: Reuters)".
    # The sign-off must not read as the wire crediting the roundup.
    body = _body(seed_text, 20)
    wire = Article("wire", body + "\n\nREUTER", source="Reuters", published="2025-10-30")
    roundup = Article("roundup", "Week in review\n\n" + _body(seed_text, 12)
                      + "\n\n(Source: Reuters)\n\nMore news tomorrow.",
                      source="Metro Wire", published="2025-11-02")
    prepared, found = _attribute(wire, roundup)
    assert prepared[found.original].id == "wire"
    assert not any("REUTER" in e for e in found.evidence)
    assert "wire dated 2025-10-30, roundup 2025-11-02" in found.evidence


def test_a_credit_naming_the_articles_own_publisher_is_a_signature(seed_text) -> None:
    # "a" credits its own publisher: that makes it no republication of "b".
    body = _body(seed_text, 20)
    a = Article("a", body + "\n\nOriginally published by Alpha News.", source="Alpha News")
    b = Article("b", body, source="Beta Daily")
    prepared, found = _attribute(a, b)
    assert found.confidence == 0.5
    assert found.evidence[0].startswith("no dates, credits or containment decide")
    # A credit naming the other side decides.
    c = Article("c", body + "\n\nOriginally published by Alpha News.", source="Gamma")
    prepared, found = _attribute(a, c)
    assert prepared[found.original].id == "a"
    assert "c credits a: 'Originally published by Alpha News.'" in found.evidence


def test_a_dated_credit_names_the_publishers_article_of_that_day(seed_text) -> None:
    body = _body(seed_text, 20)
    january = Article("jan", body, source="BBC News", published="2005-01-18")
    december = Article("dec", body.replace("said", "stated"), source="BBC News",
                       published="2005-12-19")
    copy = Article("copy", "The following story was published by BBC News on 19 December 2005."
                   "\n\n" + body, source="Metro Wire", published="2005-12-31")
    credit = "'The following story was published by BBC News on 19 December 2005.'"
    _, found = _attribute(december, copy)
    assert f"copy credits dec: {credit}" in found.evidence
    # The January article is from BBC News too, but not the one credited.
    _, found = _attribute(january, copy)
    assert f"copy credits a source: {credit}" in found.evidence
    assert not any(e.startswith("copy credits jan") for e in found.evidence)


def test_same_day_dates_are_ordered_by_time_of_day_with_half_a_vote(seed_text) -> None:
    body = _body(seed_text, 20)
    late = Article("late", body, published="2025-10-30T17:30")
    early = Article("early", body.replace("said", "stated"), published="October 30, 2025 08:05")
    prepared, found = _attribute(late, early)
    assert prepared[found.original].id == "early"
    assert found.evidence == ("early dated 2025-10-30 08:05, late 2025-10-30 17:30",)
    assert math.isclose(found.confidence, 1 / (1 + math.exp(-SAME_DAY_TIME)))
    # Without a time on one side the day alone does not decide.
    undated = Article("late", body, published="2025-10-30")
    _, found = _attribute(undated, early)
    assert found.confidence == 0.5


def test_length_breaks_ties_within_one_language_only() -> None:
    # Nothing decides (no dates, credits, shared names, no fitted length ratio for
    # Dutch in dedup.attribute.direction): across languages a text's length says more about
    # its language than about which version came first.
    config = Config()
    short = "de raad heeft de begroting dinsdag na een lang debat goedgekeurd"
    long = "the city council approved the new budget on tuesday after a long and heated debate"
    pair = PairEvidence(0, 1, "translation", 0.9, Overlap(0, 0.0, 0.0, 0.0))
    versions = [prepare(Article("b", long, lang="en"), config),
                prepare(Article("a", short, lang="nl"), config)]
    found = EvidencePolicy()(versions, [pair])
    assert (versions[found.original].id, found.confidence) == ("a", 0.5)
    same = [prepare(Article("b", long, lang="en"), config),
            prepare(Article("a", long[:40], lang="en"), config)]
    found = EvidencePolicy()(same, [dataclasses.replace(pair, relation="near_duplicate")])
    assert same[found.original].id == "b"


def test_the_policy_does_not_depend_on_input_order(seed_text) -> None:
    body = _body(seed_text, 20)
    items = [Article("x", body), Article("y", body + "\nThe end."),
             Article("z", _body(seed_text, 8), published="2025-11-01")]
    first = Detector().scan(items)
    again = Detector().scan(items[::-1])
    assert [(c.original, c.original_evidence) for c in first.clusters] == [
        (c.original, c.original_evidence) for c in again.clusters]


class LongestWins:
    """A user's policy: the longest member is the original; records every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], list[tuple[int, int]]]] = []

    def __call__(
        self, articles: Sequence[PreparedArticle], pairs: Sequence[PairEvidence]
    ) -> Attribution:
        self.calls.append(([a.id for a in articles], [(p.a, p.b) for p in pairs]))
        k = max(range(len(articles)), key=lambda i: (articles[i].n_tokens, articles[i].id))
        return Attribution(k, 0.75, (f"{articles[k].id} is the longest",))


def test_a_custom_policy_replaces_the_default_in_scan_and_compare(seed_text) -> None:
    text = seed_text("000")
    paras = [p for p in text.split("\n") if p.strip()]
    items = [
        # The default policy picks the dated, credited "orig"; this policy the longest.
        Article("orig", "\n".join(paras[:14]), published="2025-10-30"),
        Article("framed", "\n".join(["Editor's pick.", *paras[:14], "Subscribe now."]),
                published="2025-11-02"),
        Article("other", seed_text("002")),
    ]
    default = Detector().scan(items)
    assert [c.original for c in default.clusters] == ["orig"]
    policy = LongestWins()
    report = Detector(origin_policy=policy).scan(items)
    (cluster,) = report.clusters
    assert (cluster.original, cluster.original_confidence) == ("framed", 0.75)
    assert cluster.original_evidence == ("framed is the longest",)
    assert cluster.members == ("framed", "orig")
    assert policy.calls == [(["orig", "framed"], [(0, 1)])]
    comparison = Detector(origin_policy=policy).compare(items[0], items[1])
    assert comparison.link is not None and comparison.link.target == "framed"


def _readme_example() -> str:
    section = README.read_text(encoding="utf-8").split("## Attribution", 1)[1]
    section = section.split("\n## ", 1)[0]
    (code,) = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    return code


def test_the_readme_custom_policy_example_runs_and_prints_what_it_says() -> None:
    code = _readme_example()
    promised = code.strip().splitlines()[-1].split("# ", 1)[1]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, str(README), "exec"), {"__name__": "readme_example"})
    assert out.getvalue().strip() == promised
