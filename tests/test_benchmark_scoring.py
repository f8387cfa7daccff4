"""Exact checks of the benchmark scoring and of the synthetic-copy generator.

Quality figures themselves belong to ``benchmarks/quality.py`` (DESIGN.md §7);
these tests pin down the definitions on tiny hand-made reports so that a
change in a metric's meaning cannot slip by. No eval files are needed.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import pytest

# benchmarks/ is a folder of scripts (as in datasketch's benchmark/), not a package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import evalsets  # noqa: E402
import scoring  # noqa: E402
import synthetic  # noqa: E402
from evalsets import EvalSet, GoldRow  # noqa: E402

from dedup.models import Article, ArticleInfo, Cluster, Link, Report  # noqa: E402


def info(id: str, lang: str | None = "en") -> ArticleInfo:
    return ArticleInfo(id=id, lang=lang, lang_prob=1.0, title=None, published=None,
                       source=None, url=None)


def make_report(clusters: list[tuple[str, list[str]]], unique: Sequence[str] = (),
                langs: dict[str, str] | None = None) -> Report:
    """Clusters as (original, members); every id gets an ArticleInfo with its language."""
    langs = langs or {}
    ids = [m for _, ms in clusters for m in ms] + list(unique)
    return Report(
        tool={"name": "dedup", "version": "test"}, params={},
        articles=tuple(info(i, langs.get(i, "en")) for i in ids),
        clusters=tuple(Cluster(f"c{n}", orig, 0.5, (), tuple(ms), ())
                       for n, (orig, ms) in enumerate(clusters, start=1)),
        unique=tuple(unique),
    )


GOLD = [
    GoldRow("exact", ("a", "b")),
    GoldRow("translation", ("c", "d", "e"), original="c"),
    GoldRow("unrelated", ("a", "x")),
    GoldRow("same_story", ("f", "g")),
    GoldRow("same_story", ("h", "i")),
    GoldRow("graded", ("a", "c")),
]


def test_predicted_pairs_are_pairs_within_clusters() -> None:
    report = make_report([("a", ["a", "b", "c"]), ("d", ["d", "e"])], unique=["x"])
    assert scoring.predicted_pairs(report) == {("a", "b"), ("a", "c"), ("b", "c"), ("d", "e")}


def test_pair_scores_count_only_pairs_inside_gold_for_precision() -> None:
    # a-b right; c-d-e split: d-e right, c-d and c-e missed; a-c wrong (both in gold);
    # b-z and a-z are outside the gold rows, reported apart.
    report = make_report([("a", ["a", "b", "c", "z"]), ("d", ["d", "e"])], unique=["x"])
    p = scoring.pair_scores(report, GOLD)
    assert (p.true_positives, p.predicted, p.gold, p.outside) == (2, 4, 4, 3)
    assert p.precision == 0.5 and p.recall == 0.5 and p.f1 == 0.5


def test_pair_scores_without_predictions() -> None:
    p = scoring.pair_scores(make_report([], unique=["a", "b"]), GOLD)
    assert p.precision is None and p.recall == 0.0 and p.f1 is None


def test_roundup_sources_are_not_copies_of_each_other() -> None:
    gold = [GoldRow("reprint", ("a", "r"), "a"), GoldRow("reprint", ("b", "r"), "b")]
    p = scoring.pair_scores(make_report([("a", ["a", "b", "r"])]), gold)
    assert (p.true_positives, p.predicted, p.gold) == (2, 3, 2)


def test_recall_by_relation_and_language_pair() -> None:
    report = make_report([("c", ["c", "d"]), ("a", ["a", "b"])], unique=["e"],
                         langs={"c": "en", "d": "de", "e": "fr"})
    by_rel = scoring.recall_by_relation(report, GOLD)
    assert {k: (v.hits, v.total) for k, v in by_rel.items()} == {
        "exact": (1, 1), "translation": (1, 3)}
    by_lang = scoring.recall_by_language_pair(report, GOLD)
    assert {k: (v.hits, v.total) for k, v in by_lang.items()} == {
        "de-en": (1, 1), "de-fr": (0, 1), "en-en": (1, 1), "en-fr": (0, 1)}


def test_recall_by_field_groups_by_gold_extra() -> None:
    gold = [GoldRow("reprint", ("a", "b"), "a", {"kind": "excerpt"}),
            GoldRow("near_duplicate", ("c", "d"), "c", {"kind": "copyedit"})]
    by_kind = scoring.recall_by_field(make_report([("a", ["a", "b"])]), gold, "kind")
    assert {k: v.value for k, v in by_kind.items()} == {"copyedit": 0.0, "excerpt": 1.0}


def test_false_positive_rates_per_negative_relation_and_graded_ignored() -> None:
    report = make_report([("a", ["a", "c", "x"]), ("f", ["f", "g"])], unique=["h", "i"])
    rates = scoring.false_positive_rates(report, GOLD)
    assert {k: (v.hits, v.total) for k, v in rates.items()} == {
        "same_story": (1, 2), "unrelated": (1, 1)}
    scores = scoring.score_set(report, GOLD, {})
    assert "graded" not in scores.recall_by_relation
    assert scores.pairs.predicted == 1  # a-c: x is in no copy row (graded and unrelated rows)


def test_original_accuracy_against_naive_baselines() -> None:
    gold = [
        GoldRow("translation", ("m", "n", "o"), original="n"),  # cluster names n: right
        GoldRow("reprint", ("p", "q"), original="q"),  # cluster names p: wrong
        GoldRow("exact", ("s", "t")),  # no known original: not counted
        GoldRow("reprint", ("u", "v"), original="u"),  # split: a miss
    ]
    report = make_report([("n", ["m", "n"]), ("o", ["o"]), ("p", ["p", "q"])],
                         unique=["u", "v", "s", "t"])
    lengths = {"m": 10, "n": 50, "o": 50, "p": 5, "q": 40}
    o = scoring.original_accuracy(report, gold, lengths)
    assert o.found == 2
    assert (o.detector.hits, o.detector.total) == (1, 3)
    assert (o.smallest_id.hits, o.longest_text.hits) == (0, 2)


def test_original_accuracy_ties_go_to_the_earlier_cluster() -> None:
    gold = [GoldRow("translation", ("a", "b", "c", "d"), original="c")]
    report = make_report([("a", ["a", "b"]), ("c", ["c", "d"])])
    assert scoring.original_accuracy(report, gold, {}).detector.hits == 0


def test_attribution_accuracy_counts_only_rows_whose_cluster_holds_the_original() -> None:
    gold = [
        GoldRow("reprint", ("a", "b"), original="a"),  # held, right
        GoldRow("reprint", ("c", "d"), original="d"),  # held, wrong
        GoldRow("reprint", ("e", "f", "g"), original="e"),  # e left out: end-to-end miss only
        GoldRow("reprint", ("h", "i"), original="h"),  # not clustered: end-to-end miss only
    ]
    report = make_report([("a", ["a", "b"]), ("c", ["c", "d"]), ("f", ["f", "g"])],
                         unique=["e", "h", "i"])
    report = dataclasses.replace(report, clusters=tuple(
        dataclasses.replace(c, original_confidence=conf)
        for c, conf in zip(report.clusters, (0.95, 0.55, 0.7), strict=True)))
    lengths = {"a": 9, "b": 1, "c": 9, "d": 1, "f": 1, "g": 2}
    o = scoring.original_accuracy(report, gold, lengths)
    assert (o.detector.hits, o.detector.total) == (1, 4)
    assert (o.attribution.hits, o.attribution.total) == (1, 2)
    assert (o.attribution_smallest_id.hits, o.attribution_longest_text.hits) == (1, 1)
    assert {k: (v.hits, v.total) for k, v in o.by_confidence.items()} == {
        "<0.60": (0, 1), ">=0.90": (1, 1)}
    assert (o.with_unlabelled.hits, o.with_unlabelled.total) == (0, 0)
    # An unlabelled article "z" in the wrongly attributed cluster is counted apart.
    report = dataclasses.replace(report, clusters=(
        report.clusters[0], dataclasses.replace(report.clusters[1], members=("c", "d", "z")),
        report.clusters[2]))
    o = scoring.original_accuracy(report, gold, lengths)
    assert (o.with_unlabelled.hits, o.with_unlabelled.total) == (0, 1)
    assert (o.attribution.hits, o.attribution.total) == (1, 2)
    assert scoring.misattributed(report, gold) == [(gold[1], 1)]


def test_linked_accuracy_follows_cross_links_to_the_gold_original() -> None:
    # A roundup r quotes a and c: it sits in a's cluster and crosses to c.
    gold = [GoldRow("reprint", ("a", "r"), original="a"),
            GoldRow("reprint", ("c", "r"), original="c"),
            GoldRow("reprint", ("x", "y"), original="x")]
    cross = Link("r", "c", "reprint", 0.6, 0.3, 0.4)
    wrong_way = Link("x", "y", "reprint", 0.6, 0.3, 0.4)
    report = dataclasses.replace(make_report([("a", ["a", "r"])], unique=["c", "x", "y"]),
                                 cross_links=(cross, wrong_way))
    o = scoring.original_accuracy(report, gold, {})
    assert (o.detector.hits, o.detector.total) == (1, 3)
    assert (o.linked.hits, o.linked.total) == (2, 3)
    # The miss is listed: y links to x the wrong way round (x -> y).
    assert scoring.unlinked(report, gold) == [gold[2]]


def test_subset_keeps_gold_groups_whole() -> None:
    arts = tuple(Article(f"id{i:02d}", f"text {i}") for i in range(40))
    gold = tuple(GoldRow("exact", (f"id{i:02d}", f"id{i + 1:02d}")) for i in range(0, 20, 2))
    small = evalsets.subset(EvalSet("t", arts, gold), 12)
    chosen = {a.id for a in small.articles}
    assert len(chosen) <= 12 and small.gold
    assert all(set(r.members) <= chosen for r in small.gold)
    assert sum(set(r.members) <= chosen for r in gold) == len(small.gold)
    assert small == evalsets.subset(EvalSet("t", arts, gold), 12)


def test_gold_row_round_trip_keeps_extra_fields() -> None:
    row = {"relation": "reprint", "members": ["a", "b"], "original": "a", "kind": "framed"}
    assert GoldRow.from_dict(row).to_dict() == row


# ---------------------------------------------------------------- synthetic
EN = ["The city council approved a new budget for public transport on {d}, officials said.",
      "Mayor Anna {n} said the plan would add {k} buses and extend night services.",
      "Critics argued that the colour of the new fleet had cost too much, but the "
      "programme's supporters said it was a small part of the spending.",
      "Ticket prices will rise by {k} percent next year, according to the transport authority.",
      "Residents of the northern districts have waited years for better connections.",
      "The opposition said it would review the figures before a final vote in {m}."]
PT = ["A prefeitura aprovou um novo orçamento para o transporte público na segunda-feira.",
      "Segundo a prefeita Ana {n}, o plano vai acrescentar {k} ônibus à frota da cidade.",
      "Críticos disseram que o custo era alto, mas o governo afirmou que o gasto é pequeno.",
      "O preço da passagem deve subir {k}% no próximo ano, informou a secretaria.",
      "Moradores da zona norte esperam há anos por melhores ligações com o centro."]


def _text(lines: list[str], i: int, paragraphs: bool) -> str:
    sents = [s.format(d="Monday", n=f"Silva{i}", k=i + 3, m="March") for s in lines] * 5
    if paragraphs:
        return "\n\n".join(" ".join(sents[j:j + 2]) for j in range(0, len(sents), 2))
    return " ".join(sents)


def _pools() -> dict[str, list[Article]]:
    return {
        "bbc": [Article(f"bbc-news-{i:03d}", _text(EN, i, True), title=f"Story {i}")
                for i in range(20)],
        "reuters": [Article(f"reu{i}", _text(EN, 100 + i, True), title=f"WIRE {i}",
                            published="2-MAR-1987 09:54:01.45") for i in range(20)],
        "fakebr": [Article(f"f{i:04x}", _text(PT, i, False), published="02/02/2016",
                           url=f"https://g1.globo.com/noticia/{i}.ghtml") for i in range(20)],
    }


def _parse(published: str) -> datetime:
    pt = synthetic.MONTHS["pt"]
    if m := re.fullmatch(r"(\d+) de (\w+) de (\d{4})", published):
        return datetime(int(m[3]), pt.index(m[2]) + 1, int(m[1]))
    for pattern in ("%Y-%m-%dT%H:%M", "%d %B %Y", "%B %d, %Y %H:%M"):
        try:
            return datetime.strptime(published, pattern)
        except ValueError:
            pass
    raise AssertionError(f"unexpected date format {published!r}")


@pytest.mark.parametrize(
    ("kind", "credit", "copy_published", "expected"),
    [
        ("copyedit", False, "2 March 1987", False),  # same day, no time, no credit
        ("dropped", False, "2 de março de 1987", False),
        ("framed", False, "March 2, 1987 18:30", True),  # a time of day orders them
        ("copyedit", False, "1987-03-02T18:30", True),
        ("copyedit", False, "3 March 1987", True),  # a later day
        ("dropped", True, "2 March 1987", True),  # a credit line
        ("excerpt", False, "2 March 1987", True),  # contained in a longer original
    ],
)
def test_synthetic_rows_without_evidence_of_direction_are_flagged(
        kind: str, credit: bool, copy_published: str, expected: bool) -> None:
    original = datetime(1987, 3, 2, 9, 54)
    assert synthetic.decidable(kind, credit, original, copy_published) is expected


def test_synthetic_is_deterministic_for_a_seed() -> None:
    first = synthetic.generate(3, 15, pools=_pools(), distractors=4)
    assert first == synthetic.generate(3, 15, pools=_pools(), distractors=4)
    assert first.articles != synthetic.generate(4, 15, pools=_pools(), distractors=4).articles


def test_synthetic_makes_every_kind_with_dates_and_gold() -> None:
    s = synthetic.generate(1, 25, pools=_pools(), distractors=5)
    by_id = {a.id: a for a in s.articles}
    kinds = [r.extra["kind"] for r in s.gold]
    assert sorted(set(kinds)) == sorted(synthetic.KINDS)
    assert kinds.count("roundup") == 10  # 5 roundups, two gold rows each
    assert len(s.articles) == len(by_id) == 25 + 30 + 5  # copies, originals, distractors
    for row in s.gold:
        orig, copy = (by_id[m] for m in row.members)
        assert row.original == orig.id
        assert row.relation == synthetic.RELATION_OF_KIND[row.extra["kind"]]
        assert orig.source and orig.url and copy.source
        day = _parse(orig.published or "").replace(hour=0, minute=0)
        assert _parse(copy.published or "") >= day  # later, or the same day given as a date
        assert orig.text != copy.text
        assert isinstance(row.extra["decidable"], bool)
        assert re.fullmatch(r"y[0-9a-f]{12}", orig.id) and re.fullmatch(r"y[0-9a-f]{12}", copy.id)


@pytest.mark.parametrize("kind", ["excerpt", "dropped", "copyedit", "framed"])
def test_single_kinds_keep_most_words_of_the_original(kind: str) -> None:
    import random

    art = _pools()["bbc"][0]
    orig = synthetic.Original(art, "en", datetime(2020, 1, 1), art.id)
    made = synthetic.SINGLE_KINDS[kind](orig, random.Random(0), ["Other story"], "Metro Wire")
    words, copy_words = art.text.split(), made.text.split()
    shared = len(set(copy_words) & set(words)) / len(set(copy_words))
    assert shared > 0.7
    if kind == "framed":
        assert len(copy_words) > len(words)
    elif kind == "copyedit":
        assert len(copy_words) == len(words) and made.text != art.text
    else:
        assert len(copy_words) < len(words)


def test_meter_scores_stories_against_their_slot() -> None:
    import meter

    gold = [
        GoldRow("reprint", ("w1", "p1"), "w1", {"set": "meter-wholly", "originals": ["w1", "w2"]}),
        GoldRow("reprint", ("w1", "p2"), "w1", {"set": "meter-partially", "originals": ["w1"]}),
        GoldRow("reprint", ("w1", "p3"), "w1", {"set": "meter-partially", "originals": ["w1"]}),
        GoldRow("same_story", ("w1", "n1"), None, {"set": "meter-nonderived-vs-wire"}),
        GoldRow("same_story", ("p1", "n2"), None, {"set": "meter-nonderived-vs-derived"}),
    ]
    # p1 sits with the slot's other wire file; p2 only has a cross link; p3 is alone;
    # n2 shares a cluster with the derived story p1: false. A paper-only cluster is
    # no wire-original cluster; the cluster of w2 and p1 is named for p1: not wire.
    report = dataclasses.replace(
        make_report([("p1", ["p1", "w2", "n2"]), ("w1", ["w1", "x"])], unique=["p2", "p3", "n1"]),
        cross_links=(Link("p2", "w1", "partial", 0.3, 0.1, 0.2),))
    m = meter.meter_scores(report, gold)
    assert {k: (r.hits, r.total) for k, r in m.linked.items()} == {
        "meter-wholly": (1, 1), "meter-partially": (1, 2)}
    assert (m.nonderived_false.hits, m.nonderived_false.total) == (1, 2)
    assert m.f1 == 2 * 2 / (3 + 2 + 1)
    assert (m.wire_original.hits, m.wire_original.total) == (0, 1)
    recall = meter.candidate_recall([("p3", "w1"), ("w2", "p1"), ("n1", "x")], gold)
    assert {k: (r.hits, r.total) for k, r in recall.items()} == {
        "meter-wholly": (1, 1), "meter-partially": (1, 2), "meter-nonderived": (0, 2)}


def test_meter_gold_keeps_every_acceptable_original() -> None:
    row = GoldRow.from_dict({"relation": "reprint", "members": ["w", "p"],
                             "original": ["w", "v"], "set": "meter-wholly"})
    assert row.original is None and row.extra["originals"] == ["w", "v"]
    one = GoldRow.from_dict({"relation": "reprint", "members": ["w", "p"], "original": ["w"]})
    assert one.original == "w"
