"""The semantic stage in a scan: languages the encoder lacks are never decided by it."""

from __future__ import annotations

from collections.abc import Callable

from dedup import Article, Detector, Report
from dedup.semantic.structure import paragraph_match

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


def scan_pair(seed_text: Callable[[str], str], a: Article, b: Article) -> Report:
    """A scan of the pair among five seed articles: anchors are weighted by rarity,
    so the pool needs other articles than the pair."""
    others = [Article(f"s{n}", seed_text(f"00{n}")) for n in range(5)]
    return Detector().scan([a, b, *others])


def test_a_pair_with_an_uncovered_language_and_other_paragraphs_is_unchecked_not_linked(
    seed_text,
):
    merged = CS.replace("\nJe to", " Je to")  # five paragraphs against six
    report = scan_pair(seed_text, Article("en", EN, lang="en"), Article("cs", merged, lang="cs"))
    assert report.cluster_of("en") is None and report.cluster_of("cs") is None
    (pair,) = report.unchecked
    assert (pair.a, pair.b) == ("en", "cs")
    assert "language cs is not covered" in pair.reason


def test_a_short_table_sharing_numbers_is_not_reported_unchecked(seed_text):
    # An earnings table (no language detected, under 90 letters) whose figures a story
    # gives too: no paragraph rule can read it, and numbers alone are no evidence.
    story = ("Acme Corp quarterly results\nAcme Corp said net income rose to 12.6 mln dlrs "
             "from 15.8 mln, on revenues of 337.3 mln dlrs against 315.2 mln.\nThe company "
             "said its nine-month revenue was 1.59 billion dlrs, up from 997.1 mln.")
    table = "Shr 73 cts\n    Net 12.6 mln vs 15.8 mln\n    Revs 337.3 mln vs 315.2 mln"
    # A longer one (150 letters, all in table rows): what counts is the letters of prose.
    rows = ("Shr profit 1.22 dlrs vs profit 1.06 dlrs\n    Net profit 12.6 mln vs profit 15.8 "
            "mln\n    Revs 337.3 mln vs 315.2 mln\n    Avg shrs 2,332,397 vs 1,428,000\n    Nine "
            "mths\n    Shr profit 3.07 dlrs vs profit 3.08 dlrs\n    Net profit 66 mln vs profit "
            "66.2 mln\n    Revs 1.59 billion vs 997.1 mln\n    Avg shrs 2,401,000 vs 1,500,000")
    for text in (table, rows):
        report = scan_pair(seed_text, Article("story", story, lang="en"), Article("table", text))
        assert report.cluster_of("table") is None
        assert report.unchecked == ()


def test_a_pair_with_an_uncovered_language_and_the_same_paragraphs_is_a_translation(
    seed_text,
):
    report = scan_pair(seed_text, Article("en", EN, lang="en"), Article("cs", CS, lang="cs"))
    cluster = report.cluster_of("cs")
    assert cluster is not None and set(cluster.members) == {"en", "cs"}
    assert report.unchecked == ()


def test_paragraph_match_needs_as_many_paragraphs_of_varied_length() -> None:
    assert paragraph_match(EN, CS) is not None and paragraph_match(EN, CS) > 0.9
    assert paragraph_match(EN, CS.replace("\nJe to", " Je to")) is None
    assert paragraph_match("a\nb", "c\nd") is None  # fewer than MIN_PARAGRAPHS
    assert paragraph_match("aa\naa\naa", "bbb\nb\nbb") is None  # one length on a side


# A Hindi text has no letter case and (here) no digits: no anchors at all. Its names meet
# the English spelling only as consonant skeletons (Narendra / नरेंद्र, Barack / बराक).
EN_HI = (
    "Modi meets Obama in Washington\n"
    "Prime Minister Narendra Modi met President Barack Obama at the White House in "
    "Washington on Tuesday.\n"
    "The two leaders discussed trade, climate change and security in South Asia.\n"
    "Modi invited Obama to visit India next year, and Obama accepted the invitation.\n"
    "Officials from Delhi said the talks were friendly and useful."
)
HI = (
    "मोदी ने वॉशिंगटन में ओबामा से मुलाकात की\n"
    "प्रधानमंत्री नरेंद्र मोदी ने मंगलवार को वॉशिंगटन में व्हाइट हाउस में राष्ट्रपति बराक ओबामा से "
    "मुलाकात की।\n"
    "दोनों नेताओं ने व्यापार, जलवायु परिवर्तन और दक्षिण एशिया की सुरक्षा पर चर्चा की।\n"
    "मोदी ने ओबामा को अगले साल भारत आने का न्योता दिया और ओबामा ने न्योता स्वीकार कर लिया।\n"
    "दिल्ली के अधिकारियों ने कहा कि बातचीत दोस्ताना और उपयोगी रही।"
)


def test_a_hindi_translation_without_anchors_is_found_by_name_skeletons(seed_text):
    report = scan_pair(seed_text, Article("en", EN_HI, lang="en"), Article("hi", HI, lang="hi"))
    cluster = report.cluster_of("hi")
    assert cluster is not None and set(cluster.members) == {"en", "hi"}
    assert report.unchecked == ()


def test_a_skeleton_candidate_with_other_paragraphs_is_neither_linked_nor_unchecked(
    seed_text,
):
    merged = HI.replace("की।\nदोनों", "की। दोनों")  # four paragraphs against five
    report = scan_pair(seed_text, Article("en", EN_HI, lang="en"), Article("hi", merged, lang="hi"))
    assert report.cluster_of("hi") is None
    assert report.unchecked == ()  # names in transliteration alone are too weak to report


DE = (
    "Milch wird auf Jersey fünf Pence pro Liter teurer\n"
    "Die Menschen auf Jersey müssen für ihre Milch womöglich mehr bezahlen.\n"
    "Die Molkerei Jersey Dairy hat angekündigt, den Großhandelspreis ihrer Milch ab Montag "
    "um fünf Pence pro Liter zu erhöhen.\n"
    "Es ist die zweite Preiserhöhung in diesem Jahr, nach zwei Pence im Februar, und sie folgt "
    "einer Untersuchung der Beratungsfirma Promar.\n"
    "Die Händler entscheiden selbst, ob sie die Erhöhung an die Kunden weitergeben.\n"
    "Vor der Erhöhung im Februar hatte sich der Großhandelspreis für Milch aus Jersey "
    "zuletzt 2002 geändert."
)


def test_an_uncovered_version_is_linked_through_a_version_it_shares_a_link_with() -> None:
    from dedup.semantic.stage import SemanticStage

    detector = Detector()
    unrelated = "\n".join(["Kurz.", "Ein viel längerer Absatz über etwas ganz anderes " * 3] * 3)
    prepared = [
        detector.prepare(Article(key, text, lang=lang))
        for key, text, lang in (
            ("cs", CS, "cs"), ("en", EN, "en"), ("de", DE, "de"), ("other", unrelated, "de")
        )
    ]
    stage = SemanticStage(encoder=object())  # type: ignore[arg-type]  # never encodes here
    cs_en = stage.verify_structure(0, 1, prepared[0], prepared[1])
    assert cs_en is not None
    # "en" is linked (here: lexically, given) to "de" and to "other"; only "de" has the
    # paragraphs of "cs".
    found = stage._through_links(prepared, [cs_en], {(1, 2), (1, 3)}, {(0, 1)})
    assert [(p.a, p.b, p.relation) for p in found] == [(0, 2, "translation")]
    assert "linked through a version of both" in found[0].notes[0]
    # Without the link through "en", nothing is proposed.
    assert stage._through_links(prepared, [cs_en], set(), {(0, 1)}) == []


def test_the_correlation_bound_is_lower_from_long_paragraph_counts() -> None:
    from dedup.semantic.stage import SemanticStage
    from dedup.semantic.structure import LONG_PARAGRAPHS

    detector = Detector()
    stage = SemanticStage(encoder=object())  # type: ignore[arg-type]  # never encodes here

    def pair(la: list[int], lb: list[int]) -> object:
        # Two shared anchors open the texts: the second witness (MIN_WITNESSES).
        a = detector.prepare(Article("a", _shaped(["Promar", "2002"], la, "x"), lang="cs"))
        b = detector.prepare(Article("b", _shaped(["Promar", "2002"], lb, "y"), lang="en"))
        return stage.verify_structure(0, 1, a, b)

    short = [40, 80, 160, 120, 60, 200, 90]  # 7 paragraphs
    other = [70, 70, 150, 150, 50, 150, 120]
    corr = paragraph_match("\n".join("x" * n for n in short), "\n".join("y" * n for n in other))
    assert corr is not None and 0.8 <= corr < 0.9
    assert len(short) < LONG_PARAGRAPHS and pair(short, other) is None
    long_a, long_b = short + [100], other + [100]  # 8 paragraphs: the 0.8 bound
    corr = paragraph_match("\n".join("x" * n for n in long_a), "\n".join("y" * n for n in long_b))
    assert corr is not None and 0.8 <= corr < 0.9
    assert pair(long_a, long_b) is not None


def _structure(text_a: str, lang_a: str | None, text_b: str, lang_b: str | None) -> object:
    from dedup.semantic.stage import SemanticStage

    detector = Detector()
    stage = SemanticStage(encoder=object())  # type: ignore[arg-type]  # never encodes here
    a = detector.prepare(Article("a", text_a, lang=lang_a))
    b = detector.prepare(Article("b", text_b, lang=lang_b))
    return stage.verify_structure(0, 1, a, b)


def _shaped(words: list[str], lengths: list[int], fill: str) -> str:
    """Paragraphs of the given lengths, the first ones opening with ``words``."""
    out = []
    for k, n in enumerate(lengths):
        head = words[k] + " " if k < len(words) else ""
        out.append(head + fill * (n - len(head)))
    return "\n".join(out)


SHAPE = [40, 80, 160, 120, 60, 200]


def test_a_paragraph_shape_link_needs_a_second_witness() -> None:
    from dedup.semantic.structure import MIN_WITNESSES

    assert MIN_WITNESSES == 2
    def pair(words_a: list[str], words_b: list[str]) -> object:
        return _structure(_shaped(words_a, SHAPE, "x"), "cs", _shaped(words_b, SHAPE, "y"), "en")

    assert pair([], []) is None
    assert pair(["Promar"], ["Promar"]) is None  # one name: its spelling and its skeleton
    two = pair(["Promar", "2002"], ["Promar", "2002"])
    assert two is not None and "2 names and numbers in both" in two.notes[0]  # type: ignore[attr-defined]
    # Across scripts the skeletons count: "Tehran" and "Pakistan" in Urdu.
    assert pair(["تہران", "پاکستان"], ["Tehran", "Pakistan"]) is not None
    assert pair(["تہران", "2002"], ["Tehran", "2019"]) is None


def test_versions_in_two_scripts_are_two_languages_whatever_their_labels() -> None:
    # langdetect calls Armenian "et" and gives Khmer no label.
    words = ["Promar", "2002"]
    hy = _shaped(["Պրոմար", "2002"], SHAPE, "ա")
    et = _shaped(words, SHAPE, "x")
    km = _shaped(["ប្រូម៉ា", "2002", "Promar"], SHAPE, "ក")
    assert _structure(hy, "et", et, "et") is not None
    assert _structure(km, None, et, "en") is not None
    # One script and one label: the same language, never a translation here.
    assert _structure(et, "et", _shaped(words, SHAPE, "y"), "et") is None
