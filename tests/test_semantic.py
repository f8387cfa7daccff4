"""The semantic stage in a scan: languages the encoder lacks are never decided by it."""

from __future__ import annotations

from dedup import Article, Detector
from dedup.semantic import paragraph_match

EN = (
    "Milk to cost five pence more per litre in Jersey\n"
    "People in Jersey may have to pay more for their milk.\n"
    "Jersey Dairy announced it will raise the wholesale price of its milk by five pence "
    "per litre from Monday.\n"
    "It is the second price rise this year, after a two pence increase in February, and "
    "follows research by the consultancy Promar.\n"
    "Retailers will decide themselves whether to pass the rise on to customers.\n"
    "Before the February increase the wholesale price of Jersey milk last changed in 2002."
)
CS = (
    "Mléko zdraží o pět pencí na litr\n"
    "Lidé v Jersey možná budou muset za mléko platit víc.\n"
    "Mlékárna Jersey Dairy oznámila, že od pondělí zvýší velkoobchodní cenu svého mléka o "
    "pět pencí na litr.\n"
    "Je to letos už druhý růst cen, po dvoupencovém zdražení v únoru, a přichází po výzkumu "
    "provedeném poradenskou společností Promar.\n"
    "Maloobchodníci se mají sami rozhodnout, jestli chtějí zdražení reflektovat v cenách.\n"
    "Před únorovým nárůstem se velkoobchodní cena mléka z Jersey naposledy měnila v roce 2002."
)


def test_a_pair_with_an_uncovered_language_and_other_paragraphs_is_unchecked_not_linked(
    seed_text,
):
    # Anchors are weighted by rarity, so the pool needs other articles than the pair.
    others = [Article(f"s{n}", seed_text(f"00{n}")) for n in range(5)]
    merged = CS.replace("\nJe to", " Je to")  # five paragraphs against six
    report = Detector().scan(
        [Article("en", EN, lang="en"), Article("cs", merged, lang="cs"), *others]
    )
    assert report.cluster_of("en") is None and report.cluster_of("cs") is None
    (pair,) = report.unchecked
    assert (pair.a, pair.b) == ("en", "cs")
    assert "language cs is not covered" in pair.reason


def test_a_pair_with_an_uncovered_language_and_the_same_paragraphs_is_a_translation(
    seed_text,
):
    others = [Article(f"s{n}", seed_text(f"00{n}")) for n in range(5)]
    report = Detector().scan([Article("en", EN, lang="en"), Article("cs", CS, lang="cs"), *others])
    cluster = report.cluster_of("cs")
    assert cluster is not None and set(cluster.members) == {"en", "cs"}
    assert report.unchecked == ()


def test_paragraph_match_needs_as_many_paragraphs_of_varied_length() -> None:
    assert paragraph_match(EN, CS) is not None and paragraph_match(EN, CS) > 0.9
    assert paragraph_match(EN, CS.replace("\nJe to", " Je to")) is None
    assert paragraph_match("a\nb", "c\nd") is None  # fewer than MIN_PARAGRAPHS
    assert paragraph_match("aa\naa\naa", "bbb\nb\nbb") is None  # one length on a side
