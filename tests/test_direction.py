from __future__ import annotations

from dedup.direction import _skeleton, source_version, transliterate

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


RU = ("В четверг глава Дагестана Рамазан Абдулатипов встретился в Махачкале с мэром "
      "Кинешмы Алексеем Храмовым.")
EN_RU = ("On Thursday the head of Dagestan Ramazan Abdulatipov met the mayor of Kineshma "
         "Aleksey Khramov in Makhachkala.")
RU_US = ("Губернатор Арнольд Шварценеггер встретился в четверг в Сакраменто с сенатором "
         "Дайэнн Файнстайн, чтобы обсудить забастовку в Голливуде.")
HI = "गुरुवार को प्रधानमंत्री नरेंद्र मोदी ने वाराणसी में मुख्यमंत्री अखिलेश यादव से मुलाकात की।"
EN_HI = "On Thursday Prime Minister Narendra Modi met Chief Minister Akhilesh Yadav in Varanasi."


def test_russian_names_transliterated_in_english_point_to_the_russian_source() -> None:
    found = source_version([EN_RU, RU], ["en", "ru"])
    assert found is not None and found[0] == 1
    assert "Абдулатипов" in found[2] and "Рамазан" in found[2]


def test_american_names_respelled_in_russian_point_to_the_english_source() -> None:
    found = source_version([RU_US, EN_US], ["ru", "en"])
    assert found is not None and found[0] == 1
    assert found[2] == ["Arnold", "Feinstein"]


def test_indian_names_in_english_point_to_the_hindi_source() -> None:
    found = source_version([EN_HI, HI], ["en", "hi"])
    assert found is not None and found[0] == 1 and found[1] == 1.0


def test_a_name_only_the_source_and_one_translation_keep_votes_among_those_holding_it() -> None:
    # "Plzeň" respelled "Pilsen" in German: the German version is no candidate for it.
    de = "Präsident Václav Klaus besuchte heute Pilsen und traf Bürgermeister Jiří Čech."
    found = source_version([de, EN, CS], ["de", "en", "cs"])
    assert found is not None and found[0] == 2


def test_transliteration_and_skeleton() -> None:
    assert transliterate("Абдулатипов") == "abdulatipov"
    assert transliterate("Шойгу") == "shoygu"
    # Devanagari consonants carry no inherent vowel here: skeletons drop vowels anyway.
    assert transliterate("मोदी") == "modi"
    assert _skeleton("Khartchenko") == _skeleton(transliterate("Харченко"))
    assert _skeleton(transliterate("मोदी")) == _skeleton("Modi") == "md"
