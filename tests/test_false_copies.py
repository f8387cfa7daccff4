"""Wire tables and templates filled with other figures are not copies (issue 15, item 1)."""

from __future__ import annotations

import pytest

from dedup.prepare.figures import numbers, other_figures, sentence_figures
from dedup.prepare.language import detect_language, language_sample
from dedup.prepare.prose import is_table_row, prose_sentences
from dedup.semantic.align import is_semantic_copy, semantic_alignment
from dedup.semantic.encoder import SentenceEncoder
from dedup.semantic.texts import compare, encode_text

# reuters reu14, reu586 and reu37 (Reuters-21578): langdetect alone calls them sv, nl, sv.
FIGURES_ONLY = (
    "Shr one dlr vs 73 cts\n    Net 12.6 mln vs 15.8 mln\n    Revs 337.3 mln vs 315.2 mln\n"
    "    Nine mths\n    Shr 3.07 dlrs vs 3.08 dlrs\n    Net 66 mln vs 66.2 mln"
)
EARNINGS = (
    "Shr eight cts vs one ct\n    Net 399,000 vs 44,000\n    Sales 9,603,000 vs 7,107,000\n"
    "    Six Mths\n    Shr 10 cts vs one ct\n    Net 503,000 vs 69,000\n"
    "    Sales 17.3 mln vs 13.8 mln"
)
EARNINGS_WITH_NOTE = (
    "Shr loss 22 cts vs loss 18 cts\n    Net loss 3,035,000 vs loss 2,516,000\n"
    "    Revs 20.9 mln vs 19.6 mln\n    Qtly div three cts vs three cts prior\n    Year\n"
    "    Shr profit two cts vs profit 34 cts\n    Net profit 215,000 vs profit 4,647,000\n"
    "    Revs 93.4 mln vs 98.7 mln\n    NOTE: Dividend payable April one to shareholders of"
    " record\nMarch 17."
)

# Bank of Japan money-market notices of two days (reuters reu13416 and reu11195, one
# paragraph a line): one template, other figures.
BOJ_APRIL = (
    "The Bank of Japan will sell tomorrow a total of 800 billion yen worth of financing bills "
    "from its holdings to help absorb a projected money market surplus of 1,300 billion yen, "
    "money traders said.\n"
    "Of the total, 400 billion yen will yield 3.8502 pct on sales from money houses to banks "
    "and securities houses in a 41-day repurchase accord maturing on May 19.\n"
    "Another 400 billion yen will yield 3.7991 pct in a 20-day repurchase pact maturing on "
    "April 28, they said.\n"
    "The repurchase agreement yields compare with the 3.8125 pct one-month, and 3.7500 pct "
    "three-week commercial bill discount rates today.\n"
    "The operation will put outstanding bill supply at about 4,300 billion yen, they said."
)
BOJ_MARCH = (
    "The Bank of Japan will sell tomorrow a total of 800 billion yen worth of financing bills "
    "from its holdings to help absorb a projected money market surplus of 1,700 billion yen, "
    "money traders said.\n"
    "Of the total, 300 billion yen will yield 3.8992 pct on sales from money houses to banks "
    "and securities houses in a 23-day repurchase accord maturing on April 24.\n"
    "The remaining 500 billion yen will yield 3.8990 pct in a 31-day repurchase pact maturing "
    "on May 2, they said.\n"
    "The repurchase agreement yields compare with the 3.8750 pct one-month commercial bill "
    "discount rate today.\n"
    "The operation will put the outstanding bill supply at about 3,200 billion yen."
)
# The April notice translated into German: the same figures, German number format.
BOJ_APRIL_DE = (
    "Die Bank von Japan wird morgen Finanzierungswechsel im Gesamtwert von 800 Milliarden Yen "
    "aus ihren Beständen verkaufen, um einen erwarteten Überschuss am Geldmarkt von 1.300 "
    "Milliarden Yen abzuschöpfen, sagten Geldhändler.\n"
    "Davon werden 400 Milliarden Yen beim Verkauf von Geldhäusern an Banken und "
    "Wertpapierhäuser in einem 41-tägigen Rückkaufgeschäft mit Fälligkeit am 19. Mai "
    "3,8502 Prozent abwerfen.\n"
    "Weitere 400 Milliarden Yen werden in einem 20-tägigen Rückkaufgeschäft mit Fälligkeit am "
    "28. April 3,7991 Prozent abwerfen, sagten sie.\n"
    "Die Renditen der Rückkaufvereinbarungen vergleichen sich mit den heutigen Diskontsätzen "
    "für Handelswechsel von 3,8125 Prozent für einen Monat und 3,7500 Prozent für drei Wochen.\n"
    "Die Operation wird das ausstehende Wechselangebot auf etwa 4.300 Milliarden Yen bringen, "
    "sagten sie."
)


@pytest.mark.parametrize(("line", "row"), [
    ("Shr 25 cts vs 20 cts", True),
    ("    Net 801,000 vs 703,000", True),
    ("Shr loss 22 cts vs loss 18 cts", True),  # 2 numbers of 8 tokens
    ("Pay April 9", True),
    ("BBC1, Radio 4 LW and this website", False),  # the 1 of BBC1 is no number
    ("The company said net profit rose 5.2 pct to 120 mln dlrs in 1986.", False),
    ("Year", False),  # a label without numbers: not a row
    ("Lula (PT): 34% Jair Bolsonaro (PSC): 17% Marina Silva (Rede): 9% Ciro Gomes (PDT): 5% "
     "Geraldo Alckmin (PSDB): 4% e outros candidatos", False),  # more than 12 words: prose
    ("2020 年的最后一个纹身。男婴的手套", False),  # 1 number, 7 words (Han counts half)
])
def test_table_rows(line: str, row: bool) -> None:
    assert is_table_row(line) is row


def test_a_table_is_not_swedish_or_dutch() -> None:
    assert language_sample(FIGURES_ONLY) == ""  # more letters in rows than in "Nine mths"
    assert detect_language(FIGURES_ONLY) == (None, None)
    # The rows with spelled-out figures ("Shr eight cts vs one ct") are what is left.
    assert language_sample(EARNINGS) == ("Shr eight cts vs one ct\n    Six Mths\n"
                                         "    Shr 10 cts vs one ct")
    assert detect_language(EARNINGS) == ("en", 1.0)
    assert detect_language(EARNINGS_WITH_NOTE) == ("en", 1.0)


def test_prose_after_a_table_keeps_its_language() -> None:
    text = "Period ended December 31.\n    Shr 25 cts vs 20 cts\n" + BOJ_MARCH
    assert language_sample(text).startswith("The Bank of Japan will sell")
    assert detect_language(text)[0] == "en"


def test_table_rows_are_not_sentences_for_the_encoder() -> None:
    assert prose_sentences(EARNINGS_WITH_NOTE) == [
        "Qtly div three cts vs three cts prior",
        "Shr profit two cts vs profit 34 cts",
        "NOTE: Dividend payable April one to shareholders of record",
    ]


def test_figures() -> None:
    assert numbers("surplus of 1,300 billion yen at 3.8502 pct") == {"1300", "3.8502"}
    assert numbers("Überschuss von 1.300 Milliarden Yen zu 3,8502 Prozent") == {"1300", "3.8502"}
    assert other_figures(frozenset({"800", "1300"}), frozenset({"800", "1700"}))
    assert not other_figures(frozenset({"800", "1300"}), frozenset({"800", "1300", "1987"}))
    assert not other_figures(frozenset({"800"}), frozenset())
    wrapped = ["Treasury balances at the Federal", "Reserve rose on March 23 to 3.332 billion",
               "dlrs, the Treasury said.", "Balances fell to 15.513 billion dlrs."]
    assert sentence_figures(wrapped) == (frozenset({"23", "3332"}),) * 3 + (
        frozenset({"15513"}),)  # "3.332" = "3,332": one spelling, whatever the locale


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return SentenceEncoder()


def test_two_fillings_of_one_template_are_not_a_rewrite(encoder: SentenceEncoder) -> None:
    april, march = encode_text(BOJ_APRIL, "en", encoder), encode_text(BOJ_MARCH, "en", encoder)
    # Without the figures the encoder takes them for one text ...
    assert is_semantic_copy(semantic_alignment(april.vectors, march.vectors, "en", "en"))
    # ... with them, no sentence aligns: each states other figures.
    match = compare(april, march)
    assert not match.copy
    assert match.reason == ("0/5 and 0/5 sentences aligned in order at cosine >= 0.7; 7 similar "
                            "sentence pairs state other figures and do not align")


def test_a_translation_with_the_same_figures_is_still_one(encoder: SentenceEncoder) -> None:
    english, german = encode_text(BOJ_APRIL, "en", encoder), encode_text(BOJ_APRIL_DE, "de",
                                                                         encoder)
    match = compare(english, german)
    assert match.copy and not match.same_language
    assert "state other figures" not in match.reason  # nothing vetoed: the same alignment
    plain = semantic_alignment(english.vectors, german.vectors, "en", "de")
    assert match.alignment is not None and match.alignment.pairs == plain.pairs


def test_dividend_notices_are_not_translations_by_their_shape() -> None:
    """reuters reu2591 (langdetect: ca) and reu7146: one template, three short lines."""
    from dedup.config import Config
    from dedup.models import Article
    from dedup.prepare.article import prepare
    from dedup.semantic.anchors import anchors
    from dedup.semantic.stage import SemanticStage
    from dedup.semantic.structure import MIN_WITNESSES, paragraph_match

    a_text = "Annual div four cts vs 1.76 cts\n    Pay March 20\n    Record March 15"
    b_text = "Qtly div nine cts vs eight cts prior qtr\n    Pay 20 April\n    Record 3 April"
    a = prepare(Article("reu2591", a_text, lang="ca"), Config())
    b = prepare(Article("reu7146", b_text, lang="en"), Config())
    # the shape and the witnesses a structure link asks for are there ...
    assert (paragraph_match(a.content, b.content) or 0.0) >= 0.9
    assert len(anchors(a.content) & anchors(b.content)) >= MIN_WITNESSES
    # ... but 40 letters a side are no evidence of a translation
    assert SemanticStage().verify_structure(0, 1, a, b) is None


def test_a_wrapped_sentence_dense_in_figures_stays_prose() -> None:
    """reuters reu6687: the last line of a sentence about a split is no table row."""
    from dedup.prepare.prose import table_rows

    lines = ["Valley Resources Inc said its",
             "board declared a three-for-two stock split and raised the",
             "quarterly dividend to 42 cts per share presplit from 38 cts,",
             "both payable April 15, record March 31."]
    assert is_table_row(lines[3])
    assert table_rows(lines) == [False] * 4
    # rows that open a run stay rows, even when prose ends it
    assert table_rows(["Shr 25 cts vs 20 cts", "Net 801,000 vs 703,000",
                       "NOTE: Results restated for a change to FIFO accounting."]) == [
        True, True, False]
