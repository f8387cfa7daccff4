"""The cheap candidate stage: anchors, leads and the index, with a fake encoder.

Recall and cost on real data are measured by ``benchmarks/probes/candidate_probe.py``;
these are the small exact cases that must never regress. No model runs here.
"""

from __future__ import annotations

import hashlib

import numpy as np
import numpy.typing as npt
import pytest

from dedup.errors import ConfigError
from dedup.semantic.anchors import anchors
from dedup.semantic.index import LEAD_SENTENCE_CHARS, SemanticIndex, lead_sentences, lead_text

DIM = 256


class FakeEncoder:
    """Deterministic vectors: a fixed table for known sentences, else hash-seeded noise.

    Records every call, so tests can check what was (not) encoded.
    """

    def __init__(self, table: dict[str, npt.NDArray[np.float64]] | None = None) -> None:
        self.table = table if table is not None else {}
        self.calls: list[list[str]] = []

    def __call__(self, sentences: list[str]) -> npt.NDArray[np.float32]:
        self.calls.append(list(sentences))
        out = np.zeros((len(sentences), DIM), dtype=np.float32)
        for row, sentence in enumerate(sentences):
            if sentence in self.table:
                out[row] = self.table[sentence]
            else:
                seed = int.from_bytes(hashlib.blake2b(sentence.encode(), digest_size=8).digest(),
                                      "little")
                out[row] = np.random.default_rng(seed).standard_normal(DIM)
        return out

    @property
    def encoded(self) -> list[str]:
        return [s for call in self.calls for s in call]


def basis(*weights: tuple[int, float]) -> npt.NDArray[np.float64]:
    """A vector from (axis, weight) pairs."""
    v = np.zeros(DIM)
    for axis, weight in weights:
        v[axis] += weight
    return v


# ---------------------------------------------------------------- anchors

EN = ("Barrick Gold sought 6 million dollars (5.93 million euros) from the Montreal "
      "publisher Écosociété over the book \"Noir Canada\", 1,250 pages long.")
CS = ("Společnost Barrick Gold požadovala od nakladatelství Écosociété v Montrealu odškodné "
      "6 milionů dolarů (5,93 mil. eur) za knihu „Noir Canada“ o 1 250 stranách.")
RU = ("Компания Barrick Gold потребовала от монреальского издательства Écosociété "
      "6 миллионов долларов (5,93 млн евро) за книгу «Noir Canada» объёмом 1.250 страниц.")
HI = "बैरिक गोल्ड ने ६ मिलियन डॉलर मांगे, २०१४ में।"


def test_numbers_have_one_spelling_across_languages() -> None:
    for text in (EN, CS, RU):
        found = anchors(text)
        assert {"#6", "#5.93", "#1250"} <= found, text
    assert anchors("1.000 und 1,5 und 1 000 000 und 007") == frozenset(
        {"#1000", "#1.5", "#1000000", "#7"})
    assert anchors("12,30 / 12.30 / 3,250.75") == frozenset({"#12.3", "#3250.75"})
    assert "#2014" in anchors(HI) and "#6" in anchors(HI)  # Devanagari digits


def test_names_are_folded_and_stemmed() -> None:
    assert {"barri", "gold", "ecoso", "montr", "noir", "canad"} <= anchors(EN)
    assert {"barri", "gold", "ecoso", "montr"} <= anchors(CS)  # "Montrealu": inflected
    assert {"putin", "medve"} <= anchors("Владимир Путин и Дмитрий Медведев")
    assert anchors("Zürich, São Paulo") == frozenset({"zuric", "sao", "paulo"})
    assert anchors("Zürich", stem=0) == frozenset({"zurich"})
    assert anchors("lower case words only, and the EU") == frozenset()  # < 3 letters dropped


def test_quotes_are_anchors_when_asked() -> None:
    assert '"noir canada' in anchors(EN, quotes=True)
    assert '"noir canada' in anchors(CS, quotes=True)  # „…“ quotes
    assert '"noir canada' in anchors(RU, quotes=True)  # «…» quotes
    assert '"noir canada' not in anchors(EN)


def test_translations_share_more_anchors_than_unrelated_text() -> None:
    other = "Die Bundesbank meldete am Dienstag in Frankfurt 3,7 Prozent Wachstum."
    assert len(anchors(EN) & anchors(CS)) >= 7
    assert len(anchors(EN) & anchors(RU)) >= 6
    assert not anchors(EN) & anchors(other)


# ---------------------------------------------------------------- lead


def test_lead_is_the_first_three_sentences() -> None:
    text = ("Milk price to rise\nThe dairy said on Monday that prices will go up. "
            "It is the second rise this year! Retailers must decide. A fourth sentence.")
    assert lead_sentences(text, "en") == [
        "Milk price to rise", "The dairy said on Monday that prices will go up.",
        "It is the second rise this year!"]
    assert lead_text(text, "en") == "\n".join(lead_sentences(text, "en"))
    assert lead_sentences(text, "en", sentences=1) == ["Milk price to rise"]


def test_long_lead_sentences_are_cut_at_a_space() -> None:
    long = "Headline\n" + " ".join(["word"] * 200) + "."
    cut = lead_sentences(long, "en")[1]
    assert len(cut) <= LEAD_SENTENCE_CHARS and cut.endswith("word") and " " in cut


# ---------------------------------------------------------------- the index


def test_empty_and_single_article_give_no_pairs() -> None:
    index = SemanticIndex(FakeEncoder())
    assert index.candidates() == []
    index.add("a", "en", lead=["One sentence only here."])
    assert index.candidates() == []
    assert len(index) == 1 and index.keys == ["a"]


def test_translation_stands_out_of_a_crowd() -> None:
    """Five English and five German articles all alike (cosine 0.92, margin 1.0) give
    no pair; a translation pair (cosine 0.96, its crowd 0.67: margin 1.4) does."""
    table: dict[str, npt.NDArray[np.float64]] = {}
    for i in range(5):
        table[f"en {i}"] = basis((0, 1.0), (1 + i, 0.3))
        table[f"de {i}"] = basis((0, 1.0), (10 + i, 0.3))
    table["en T"] = basis((0, 1.0), (20, 0.3), (21, 1.0))
    table["de T"] = basis((0, 1.0), (22, 0.3), (21, 1.0))
    index = SemanticIndex(FakeEncoder(table), anchor_top=0)
    for i in range(5):
        index.add(f"e{i}", "en", lead=[f"en {i}"])
        index.add(f"d{i}", "de", lead=[f"de {i}"])
    t_en = index.add("tEN", "en", lead=["en T"])
    t_de = index.add("tDE", "de", lead=["de T"])
    assert index.candidates() == [(t_en, t_de)]
    # Without the margin every crowd pair passes the cosine bounds.
    index.min_margin_cross = index.min_margin_same = 0.0
    assert len(index.candidates()) >= 10


def test_cosine_bounds_same_and_cross_language() -> None:
    """With no crowd, only the cosine bounds decide: cross >= 0.4, same >= 0.7."""

    def pair_at(cos: float, lang_b: str) -> list[tuple[int, int]]:
        table = {"a": basis((0, 1.0)),
                 "b": basis((0, cos), (1, float(np.sqrt(1 - cos**2))))}
        index = SemanticIndex(FakeEncoder(table), anchor_top=0)
        index.add("a", "en", lead=["a"])
        index.add("b", lang_b, lead=["b"])
        return index.candidates()

    assert pair_at(0.45, "de") == [(0, 1)]
    assert pair_at(0.35, "de") == []
    assert pair_at(0.75, "en") == [(0, 1)]
    assert pair_at(0.65, "en") == []


def test_uncovered_languages_are_never_encoded() -> None:
    encoder = FakeEncoder()
    index = SemanticIndex(encoder)
    index.add_text("en", "Headline in English\n" + EN, "en")
    index.add_text("cs", "Titulek\n" + CS, "cs")
    index.add_text("hi", "शीर्षक यहाँ है\n" + HI, "hi")
    index.candidates()
    assert all("Barrick" not in s or "sought" in s for s in encoder.encoded)
    assert not any("Titulek" in s or "शीर्षक" in s for s in encoder.encoded)


def test_anchors_pair_an_uncovered_article_with_its_translation() -> None:
    unrelated_en = ("Weather report\nHeavy rain hit Lisbon and Porto on Tuesday, with 40 "
                    "millimetres in Coimbra, the Portuguese Met Office said.")
    unrelated_cs = ("Počasí\nV Brně a Ostravě v úterý napadlo 12 centimetrů sněhu, uvedl "
                    "Český hydrometeorologický ústav.")
    index = SemanticIndex(FakeEncoder())
    a = index.add_text("en", "Barrick sues publisher\n" + EN, "en")
    index.add_text("en2", unrelated_en, "en")
    b = index.add_text("cs", "Barrick žaluje nakladatele\n" + CS, "cs")
    index.add_text("cs2", unrelated_cs, "cs")
    assert index.anchor_pairs() == {(a, b)}
    assert index.candidates() == [(a, b)]


def test_anchor_pairs_skip_long_posting_lists() -> None:
    index = SemanticIndex(FakeEncoder(), max_posting=3, min_anchor_score=0.0)
    for i in range(4):  # "Reuters" in 4 articles > max_posting: never pairs anything
        index.add(f"r{i}", "cs", anchors={"reuters", f"own{i}"})
    index.add("x", "cs", anchors={"rare", "own0"})
    assert index.anchor_pairs() == {(0, 4)}


def test_anchors_common_in_the_feed_propose_weak_pairs_only() -> None:
    # "#49" in 4 articles: over max_posting, within max_posting_weak. Its pairs are not
    # anchor pairs (reported unchecked when unverified) but weak ones (verified or dropped).
    index = SemanticIndex(FakeEncoder(), max_posting=3, max_posting_weak=4, min_anchor_score=0.0)
    for i in range(4):
        index.add(f"v{i}", "mr", anchors={"#49"})
    assert index.anchor_pairs() == set()
    assert index.weak_pairs() == {(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)}
    with pytest.raises(ConfigError):
        SemanticIndex(FakeEncoder(), max_posting=8, max_posting_weak=4)


def test_anchors_between_covered_articles_only_when_asked() -> None:
    def build(flag: bool) -> SemanticIndex:
        index = SemanticIndex(FakeEncoder(), anchors_for_covered=flag, min_cosine_cross=2.0,
                              min_cosine_same=2.0)
        index.add("a", "en", lead=["x"], anchors={"barri", "#5.93"})
        index.add("b", "de", lead=["y"], anchors={"barri", "#5.93"})
        index.add("c", "de", lead=["z"], anchors={"other"})
        return index

    assert build(False).candidates() == []
    assert build(True).candidates() == [(0, 1)]


def test_identical_leads_are_chained_and_share_neighbours() -> None:
    table = {"dup": basis((0, 1.0)), "de": basis((0, 0.8), (1, 0.6))}
    index = SemanticIndex(FakeEncoder(table), anchor_top=0)
    for i in range(3):
        index.add(f"copy{i}", "en", lead=["dup"])
    index.add("de", "de", lead=["de"])
    assert index.candidates() == [(0, 1), (0, 3), (1, 2), (1, 3), (2, 3)]


def test_encoder_calls_are_batched_and_cached() -> None:
    encoder = FakeEncoder()
    index = SemanticIndex(encoder)
    lead = ["Shared headline here", "A shared first sentence.", "Own sentence one."]
    index.add("a", "en", lead=lead)
    index.add("b", "en", lead=lead[:2] + ["Own sentence two."])
    index.add("c", "en", lead=lead)  # exact duplicate lead
    index.candidates()
    assert len(encoder.calls) == 1
    assert sorted(encoder.calls[0]) == sorted(set(lead) | {"Own sentence two."})
    index.add("d", "fr", lead=lead)
    index.candidates()
    index.candidates()
    assert len(encoder.calls) == 1  # the lead cache: nothing new to encode


def test_given_vectors_skip_the_encoder_and_lead_text_is_accepted() -> None:
    encoder = FakeEncoder({"Zwei Sätze hier.": basis((0, 1.0), (1, 0.2))})
    index = SemanticIndex(encoder, anchor_top=0)
    index.add("a", "en", vector=basis((0, 1.0)))
    index.add("b", "de", lead="Erster Satz.\nZwei Sätze hier.")
    index.add("c", "de", lead="Zwei Sätze hier.")
    assert encoder.calls == []  # encoding happens lazily, in candidates()
    pairs = index.candidates()
    assert encoder.calls == [["Erster Satz.", "Zwei Sätze hier."]]
    assert (0, 2) in pairs


def test_output_is_sorted_deterministic_and_independent_of_chunking() -> None:
    def build(chunk: int) -> list[tuple[int, int]]:
        rng = np.random.default_rng(3)
        centres = rng.standard_normal((5, DIM))
        table: dict[str, npt.NDArray[np.float64]] = {}
        index = SemanticIndex(FakeEncoder(table), chunk=chunk)
        for i in range(30):
            sentence = f"s{i}"
            table[sentence] = centres[i % 5] + 0.5 * rng.standard_normal(DIM)
            index.add(sentence, ("en", "de", "fr")[i % 3], lead=[sentence])
        return index.candidates()

    first = build(1024)
    assert first == sorted(first) and all(i < j for i, j in first)
    assert first and first == build(1024) == build(7)


def test_language_codes_are_normalised() -> None:
    table = {"a": basis((0, 1.0)), "b": basis((0, 0.9), (1, 0.1))}
    index = SemanticIndex(FakeEncoder(table), anchor_top=0)
    index.add("a", "zh_CN", lead=["a"])
    index.add("b", "EN", lead=["b"])
    assert index.candidates() == [(0, 1)]


def test_bad_parameters_and_bad_encoders_are_rejected() -> None:
    with pytest.raises(ValueError):
        SemanticIndex(FakeEncoder(), k_per_language=0)
    with pytest.raises(ValueError):
        SemanticIndex(FakeEncoder(), max_posting=1)

    def broken(sentences: list[str]) -> npt.NDArray[np.float32]:
        return np.zeros((len(sentences) + 1, DIM), dtype=np.float32)

    index = SemanticIndex(broken)
    index.add("a", "en", lead=["x"])
    index.add("b", "en", lead=["y"])
    with pytest.raises(ValueError, match="encode returned"):
        index.candidates()


def test_skeleton_anchors_meet_across_a_script_without_case() -> None:
    from dedup.semantic.anchors import is_caseless, skeleton_anchors

    assert skeleton_anchors("नरेंद्र मोदी, कृष्ण, मथुरा") >= {"~nrnd", "~krsn", "~mtr"}
    assert skeleton_anchors("Narendra Modi, Krishna, Mathura") == frozenset(
        {"~nrnd", "~krsn", "~mtr"}  # "Modi" -> "md": two letters, dropped
    )
    # In a text that capitalises, lower-case words are no names; a text with no capital
    # at all is read as caseless (Georgian prose), and then every word is a candidate.
    assert skeleton_anchors("The lower case words only") == frozenset()
    assert skeleton_anchors("lower case words only") == frozenset({"~lvr", "~vrds"})
    assert is_caseless("नरेंद्र मोदी ने कहा (Reuters)") and not is_caseless("Narendra Modi")


def test_skeleton_pairs_join_a_caseless_article_to_the_cased_one_sharing_its_names() -> None:
    from dedup.semantic.anchors import skeleton_anchors

    texts = {
        "hi": ("hi", "नरेंद्र मोदी ने वॉशिंगटन में बराक ओबामा से मुलाकात की और कृष्ण मंदिर गए"),
        "en": ("en", "Narendra Modi met Barack Obama in Washington and visited a Krishna temple"),
        "other": ("en", "Angela Merkel met Francois Hollande in Paris on Tuesday"),
        "hi2": ("hi", "नरेंद्र मोदी बराक ओबामा वॉशिंगटन"),  # caseless with caseless: never
    }
    index = SemanticIndex(FakeEncoder(), min_skeleton_share=0.3)
    for key, (lang, text) in texts.items():
        index.add(key, lang, skeletons=skeleton_anchors(text), caseless=lang == "hi")
    keys = index.keys
    found = {(keys[i], keys[j]) for i, j in index.skeleton_pairs()}
    assert ("hi", "en") in found
    assert not {p for p in found if "other" in p or set(p) == {"hi", "hi2"}}
