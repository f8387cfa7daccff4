from __future__ import annotations

from dedup import Article, Detector
from dedup.config import Config, SemanticConfig
from dedup.prepare.normalize import normalize_text, repair_mojibake, tokenize
from dedup.prepare.shingle import shingles


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


def test_mojibake_is_repaired_before_fingerprinting():
    # The bbc set's double encoding: UTF-8 bytes read as Windows-1252.
    clean = "TimeWarner jumped 76% to $1.13bn (£600m) – the firm’s best café year."
    broken = clean.encode("utf-8").decode("cp1252")
    assert "Â£600m" in broken and "â€™" in broken
    assert repair_mojibake(broken) == clean
    assert normalize_text(broken) == normalize_text(clean)


def test_clean_text_passes_the_mojibake_gate_unchanged():
    for text in ("plain ASCII", "Ação e reação em São Paulo.", "Größe", "Москва", "東京",
                 "A MÃE DE SÃO PAULO"):  # lead-byte letters with no continuation after them
        assert repair_mojibake(text) == text


def test_a_mojibake_copy_of_a_clean_article_is_exact(seed_text):
    body = seed_text("000").replace("Kim", "Kim’s") + "\nCost: £600m (€700m)."
    broken = body.encode("utf-8").decode("cp1252")
    config = Config(semantic=SemanticConfig(enabled=False))
    report = Detector(config).scan([Article("clean", body), Article("broken", broken)])
    assert [link.relation for c in report.clusters for link in c.links] == ["exact"]
