from __future__ import annotations

from dedup.normalize import normalize_text, tokenize
from dedup.shingle import shingles


def test_case_width_and_quotes_do_not_matter():
    assert tokenize(normalize_text("“Kim” DON’T ＴＲＵＭＰ straße")) == [
        "kim", "don", "t", "trump", "strasse"
    ]


def test_unspaced_scripts_give_one_token_per_character():
    assert tokenize(normalize_text("東京で会議、Trump氏")) == [
        "東", "京", "で", "会", "議", "trump", "氏"
    ]


def test_spaced_non_latin_scripts_keep_words():
    assert tokenize(normalize_text("Путин встретил Чхве Сон Хи в Москве")) == [
        "путин", "встретил", "чхве", "сон", "хи", "в", "москве"
    ]
    assert tokenize(normalize_text("서울에서 회담")) == ["서울에서", "회담"]


def test_short_texts_give_one_shingle():
    assert shingles(["a", "b"], 5) == ["a b"]
    assert shingles([], 5) == []
    assert shingles(list("abcdef"), 5) == ["a b c d e", "b c d e f"]
