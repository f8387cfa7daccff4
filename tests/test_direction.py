from __future__ import annotations

import math

from dedup.attribute.direction import (
    SETTING,
    VERBOSITY,
    components,
    consonant_skeleton,
    setting_mentions,
    source_version,
    transliterate,
)
from dedup.attribute.origin import SOURCE_LANGUAGE, EvidencePolicy
from dedup.config import Config
from dedup.lexical.relate import Overlap, PairEvidence
from dedup.models import Article
from dedup.prepare.article import prepare

CS = ("Prezident Václav Klaus dnes navštívil Plzeň a Českou Třebovou, kde se setkal se "
      "starostou Jiřím Čechem.")
EN = ("President Václav Klaus visited Plzeň and Česká Třebová today, where he met the "
      "mayor Jiří Čech.")
EN_US = ("Governor Arnold Schwarzenegger met Senator Dianne Feinstein in Sacramento on "
         "Thursday to discuss the Hollywood strike.")
DE_US = ("Gouverneur Arnold Schwarzenegger traf Senatorin Dianne Feinstein am Donnerstag in "
         "Sacramento, um über den Streik in Hollywood zu sprechen.")


def _names_vote(texts: list[str], langs: list[str | None]) -> tuple[int, float, list[str]]:
    """The name estimate alone: (winner, its share of the name votes, its names)."""
    found = components(texts, langs)
    assert found is not None and found.names
    winner = max(found.names, key=lambda k: found.names[k])
    return winner, found.names[winner], sorted(set(found.voters[winner]))


def test_czech_names_kept_in_the_english_version_point_to_the_czech_source() -> None:
    assert _names_vote([EN, CS], ["en", "cs"]) == (1, 1.0, ["Klaus", "Plzeň", "Václav"])


def test_american_names_in_a_german_version_point_to_the_english_source() -> None:
    winner, share, _ = _names_vote([DE_US, EN_US], ["de", "en"])
    assert winner == 1 and 0.5 < share < 1.0


def test_one_language_or_unknown_languages_say_nothing() -> None:
    assert source_version([EN_US, EN_US], ["en", "en"]) is None
    assert source_version([EN, CS], ["en", None]) is None
    assert source_version([EN, CS], ["en", "xx"]) is None


def test_no_shared_name_gives_no_name_vote() -> None:
    found = components(["Heute regnet es viel.", "Today it rains a lot."], ["de", "en"])
    assert found is not None and found.names == {} and found.setting == {}


# Ordinary words only (no name, no place): length alone speaks.
_FILLER = "the rain fell all day and the river rose over the old fields "


def _text(chars: int) -> str:
    return (_FILLER * (chars // len(_FILLER) + 1))[:chars]


def test_the_version_the_others_run_longer_than_is_the_source() -> None:
    # German runs exp(0.111) = 1.117 times English on wmt: a German text as long
    # as the English one is short for German, so the English one is 12 % longer
    # than expected: it is the translation.
    found = source_version([_text(1000), _text(1000)], ["en", "de"])
    assert found is not None and found.source == 1 and found.share > 0.9
    assert found.evidence == [
        "the other version is +12% long against the de one after the usual length ratio "
        "of the two languages (translations run about 6% longer than their source)"
    ]
    # 1,400 German characters for 1,000 English ones: now the German is the longer.
    found = source_version([_text(1000), _text(1400)], ["en", "de"])
    assert found is not None and found.source == 0
    assert VERBOSITY["de"] > VERBOSITY["en"]


def test_where_the_story_is_set_decides_without_length_or_names() -> None:
    # Polish has no fitted verbosity (no length vote) and no gazetteer entry.
    cs = "Vláda v Praze schválila rozpočet, deficit bude sto miliard korun."
    pl = "Rząd w Pradze zatwierdził budżet, deficyt wyniesie sto miliardów koron."
    assert [w for _, w in setting_mentions(cs)] == ["Praze", "korun"]
    found = source_version([pl, cs], ["pl", "cs"])
    assert found is not None and found.source == 1 and found.names == []
    assert found.evidence == [
        "the story is set where cs is spoken ('Praze', 'korun': 2 mentions over the versions)"
    ]


def test_setting_mentions_in_other_languages_and_scripts_count() -> None:
    text = "Москва и Budapešť; New York, the Czech Republic, Helsingissä."
    assert setting_mentions(text) == [
        ("ru", "Москва"), ("hu", "Budapešť"), ("en", "New York"), ("cs", "Czech"),
        ("fi", "Helsingissä"),
    ]


RU = ("В четверг глава Дагестана Рамазан Абдулатипов встретился в Махачкале с мэром "
      "Кинешмы Алексеем Храмовым.")
EN_RU = ("On Thursday the head of Dagestan Ramazan Abdulatipov met the mayor of Kineshma "
         "Aleksey Khramov in Makhachkala.")
RU_US = ("Губернатор Арнольд Шварценеггер встретился в четверг в Сакраменто с сенатором "
         "Дайэнн Файнстайн, чтобы обсудить забастовку в Голливуде.")
HI = "गुरुवार को प्रधानमंत्री नरेंद्र मोदी ने वाराणसी में मुख्यमंत्री अखिलेश यादव से मुलाकात की।"
EN_HI = "On Thursday Prime Minister Narendra Modi met Chief Minister Akhilesh Yadav in Varanasi."


def test_russian_names_transliterated_in_english_point_to_the_russian_source() -> None:
    winner, _, names = _names_vote([EN_RU, RU], ["en", "ru"])
    assert winner == 1 and "Абдулатипов" in names and "Рамазан" in names


def test_american_names_respelled_in_russian_point_to_the_english_source() -> None:
    assert _names_vote([RU_US, EN_US], ["ru", "en"])[::2] == (1, ["Arnold", "Feinstein"])


def test_indian_names_in_english_point_to_the_hindi_source() -> None:
    assert _names_vote([EN_HI, HI], ["en", "hi"])[:2] == (1, 1.0)


def test_a_name_only_the_source_and_one_translation_keep_votes_among_those_holding_it() -> None:
    # "Plzeň" respelled "Pilsen" in German: the German version is no candidate for it.
    de = "Präsident Václav Klaus besuchte heute Pilsen und traf Bürgermeister Jiří Čech."
    assert _names_vote([de, EN, CS], ["de", "en", "cs"])[0] == 2


def test_transliteration_andconsonant_skeleton() -> None:
    assert transliterate("Абдулатипов") == "abdulatipov"
    assert transliterate("Шойгу") == "shoygu"
    # Devanagari consonants carry no inherent vowel here: skeletons drop vowels anyway.
    assert transliterate("मोदी") == "modi"
    assert consonant_skeleton("Khartchenko") == consonant_skeleton(transliterate("Харченко"))
    assert consonant_skeleton(transliterate("मोदी")) == consonant_skeleton("Modi") == "md"


def test_every_setting_entry_has_three_letters_for_the_start_gate() -> None:
    entries = [e.rstrip("$") for words in SETTING.values() for e in words.split()]
    assert min(len(e) for e in entries) >= 3
    assert all(e == e.lower() for e in entries)


def test_the_policy_gives_the_source_version_one_vote_and_says_what_was_seen() -> None:
    config = Config()
    versions = [prepare(Article("en1", _text(1000), lang="en"), config),
                prepare(Article("de1", _text(1000), lang="de"), config)]
    pair = PairEvidence(0, 1, "translation", 0.9, Overlap(0, 0.0, 0.0, 0.0))
    found = EvidencePolicy()(versions, [pair])
    assert versions[found.original].id == "de1"
    assert math.isclose(found.confidence, 1 / (1 + math.exp(-SOURCE_LANGUAGE)))
    assert found.evidence == (
        "de1 is likely the source language version (de, estimated 99%): the other version "
        "is +12% long against the de one after the usual length ratio of the two languages "
        "(translations run about 6% longer than their source)",
    )


def test_only_the_longest_version_of_a_language_takes_part_in_the_length_vote() -> None:
    # A German excerpt is short for another reason than being the source.
    found = components([_text(1000), _text(1000), _text(300)], ["en", "de", "de"])
    assert found is not None and sorted(found.length) == [0, 1]
    estimate = source_version([_text(1000), _text(1000), _text(300)], ["en", "de", "de"])
    assert estimate is not None and estimate.source == 1
