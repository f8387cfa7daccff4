"""Names and numbers across scripts: right-to-left, abjads, scripts without spaces."""

from __future__ import annotations

import pytest

from dedup.attribute.direction import transliterate
from dedup.prepare.scripts import romanise, script_of
from dedup.semantic.anchors import anchors, is_caseless, skeleton_anchors


@pytest.mark.parametrize(
    ("word", "latin"),
    [
        ("Путин", "Putin"),
        # Serbian letters the hand-written table of direction.py did not know.
        ("Ђоковић", "Djokovic"),
        ("Њујорк", "Njujork"),
        ("Љубљана", "Ljubljana"),
        ("Αθήνα", "Athina"),
        ("Երևան", "Erevan"),
        ("मोदी", "modi"),
        # An anusvara is the nasal of the next consonant: n before a dental, m before a labial.
        ("नरेंद्र", "nrendr"),
        ("संबंध", "smbndh"),
    ],
)
def test_romanise_spells_every_script_in_latin(word: str, latin: str) -> None:
    assert romanise(word) == latin


def test_direction_and_anchors_use_one_romanisation() -> None:
    # They used two Cyrillic tables that disagreed on ј/љ/њ/ћ/ђ/џ.
    assert transliterate("Ђоковић") == "djokovic"
    assert anchors("Новак Ђоковић") == anchors("Novak Djokovic") == {"novak", "djoko"}


@pytest.mark.parametrize(
    ("native", "latin"),
    [
        ("تہران", "Tehran"),  # Urdu
        ("پاکستان", "Pakistan"),  # Persian / Urdu
        ("لندن", "London"),  # Arabic
        ("ٹرمپ", "Trump"),  # Urdu
        ("ترامپ", "Trump"),  # Persian
        ("واشنگٹن", "Washington"),
        ("ትራምፕ", "Trump"),  # Ethiopic (an abugida without case)
    ],
)
def test_abjad_names_meet_their_latin_spelling_by_consonant_skeleton(
    native: str, latin: str
) -> None:
    # Abjads write no short vowels: the skeleton (consonants only) is what both share.
    assert is_caseless(native)
    assert skeleton_anchors(native) == skeleton_anchors(latin) != frozenset()


def test_right_to_left_text_keeps_its_logical_order() -> None:
    # Hebrew and Arabic are stored first letter first; displayed right to left.
    assert script_of("ראש הממשלה בנימין נתניהו") == "HEBREW"
    assert script_of("رئيس الوزراء في القاهرة") == "ARABIC"
    assert romanise("נתניהו") == "ntnyhv"
    assert skeleton_anchors("ראש הממשלה טראמפ") >= {"~trmf"}


def test_numbers_in_scripts_without_spaces_are_anchors() -> None:
    # Thai and Khmer put no space between words; numbers (their own digits or ASCII)
    # are still anchors, as they are delimited by the letters around them.
    assert anchors("ในปี๒๐๑๙มีผู้เสียชีวิต๓๔คน") == {"#2019", "#34"}
    assert anchors("ឆ្នាំ២០១៩មាន៣៤នាក់") == {"#2019", "#34"}
    assert anchors("ในปี 2019 มี 1,000 คน") == {"#2019", "#1000"}
    assert script_of("ឆ្នាំ២០១៩មាន") == "KHMER"
    assert script_of("ในปีมีผู้เสียชีวิต") == "THAI"


def test_persian_and_arabic_digits_are_one_number() -> None:
    assert anchors("سال ۲۰۱۹") == anchors("عام ٢٠١٩") == anchors("year 2019") == {"#2019"}


def test_script_of_an_empty_or_letterless_text_is_none() -> None:
    assert script_of("") is None
    assert script_of("2019 — 34%") is None


def test_georgian_prose_is_read_as_caseless_though_its_script_has_capitals() -> None:
    from dedup.prepare.scripts import capital_share

    # Mkhedruli letters are lower case (Unicode 11 added Mtavruli capitals); prose never
    # capitalises, so every word is a candidate name, as in Devanagari.
    georgian = "ველოსიპედისტი დაიღუპა ლონდონში 10:15 BST."
    assert capital_share(georgian) == 0.0
    assert is_caseless(georgian)
    assert "~lndn" in skeleton_anchors(georgian) and "~lndn" in skeleton_anchors("London")
    assert not is_caseless("Велосипедист погиб в Лондоне.")
    assert not is_caseless("Հեծանվորդը մահացել է Լոնդոնում")
