from __future__ import annotations

from dedup.direction import source_version

CS = ("Prezident Václav Klaus dnes navštívil Plzeň a Českou Třebovou, kde se setkal se "
      "starostou Jiřím Čechem.")
EN = ("President Václav Klaus visited Plzeň and Česká Třebová today, where he met the "
      "mayor Jiří Čech.")
EN_US = ("Governor Arnold Schwarzenegger met Senator Dianne Feinstein in Sacramento on "
         "Thursday to discuss the Hollywood strike.")
DE_US = ("Gouverneur Arnold Schwarzenegger traf Senatorin Dianne Feinstein am Donnerstag in "
         "Sacramento, um über den Streik in Hollywood zu sprechen.")


def test_czech_names_kept_in_the_english_version_point_to_the_czech_source() -> None:
    found = source_version([EN, CS], ["en", "cs"])
    assert found is not None
    source, share, names = found
    assert source == 1 and share == 1.0
    assert names == ["Klaus", "Plzeň", "Václav"]


def test_american_names_in_a_german_version_point_to_the_english_source() -> None:
    found = source_version([DE_US, EN_US], ["de", "en"])
    assert found is not None and found[0] == 1 and 0.5 < found[1] < 1.0


def test_one_language_or_unknown_languages_say_nothing() -> None:
    assert source_version([EN_US, EN_US], ["en", "en"]) is None
    assert source_version([EN, CS], ["en", None]) is None
    assert source_version([EN, CS], ["en", "xx"]) is None


def test_no_shared_name_says_nothing() -> None:
    assert source_version(["Heute regnet es viel.", "Today it rains a lot."], ["de", "en"]) is None
