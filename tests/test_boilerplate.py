"""Boilerplate lines: furniture is dropped, prose that looks like it is kept."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dedup.prepare.boilerplate import boilerplate_reason, is_boilerplate


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Share", "social"),
        ("Tweet", "social"),
        ("LikeLike", "social"),
        ("Like", "social"),
        ("My Posts", "social"),
        ("Print", "social"),
        ("Share Tweet Email", "social"),
        ("Facebook | Twitter | WhatsApp", "social"),
        ("Subscribe to our newsletter", "social"),
        ("Compartilhe", "social"),
        ("Partager", "social"),
        ("Teilen", "social"),
        ("You might also want to read: Donald Trump Reacts to Twin Crashes", "teaser"),
        ("Read more: Stocks fall on oil", "teaser"),
        ("READ ALSO: Brazen theft caught on tape", "teaser"),
        ("Related: 20 Bold Predictions For 2020", "teaser"),
        ("Also read", "teaser"),
        ("Leia também: Lula fala sobre a economia", "teaser"),
        ("Lea también: El gobierno anuncia medidas", "teaser"),
        ("Lire aussi : La réforme des retraites", "teaser"),
        ("Lesen Sie auch:", "teaser"),
        ("Leggi anche: La riforma", "teaser"),
        ("© CC BY 2.0", "photo_credit"),
        ("© United States Senate - Office of Dan Sullivan", "photo_credit"),
        ("Photo: Vitalij Sova/iStock/Getty Images Plus", "photo_credit"),
        ("Foto: dpa", "photo_credit"),
        ("Image: Reuters", "photo_credit"),
        (
            "South Koreans observe North Korean missile test | "
            "Ahn Young-joon/AP Photo/picture alliance",
            "caption_credit",
        ),
        ("Lavrov and Choe in North Korea | Russian Foreign Ministry/REUTERS", "caption_credit"),
        ("Jürgen Klopp (Foto: dpa)", "caption_credit"),
        ("Advertisement", "advertisement"),
        ("Story continues below advertisement", "advertisement"),
        ("Anzeige", "advertisement"),
        ("We use cookies to improve your experience on our website.", "cookies"),
        ("Copyright 2020 The Associated Press. All rights reserved.", "rights"),
        ("&#3;", "no_letters"),
        ("|", "no_letters"),
        ("* * *", "no_letters"),
    ],
)
def test_furniture(line: str, reason: str) -> None:
    assert boilerplate_reason(line) == reason
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "",
        "Share prices fell 3% on Monday after the results.",
        "share.",
        "Shares of the company rose.",
        "The photo shows the two leaders shaking hands in Singapore.",
        "Photographs of the summit were released on Tuesday.",
        "Read the full statement on the ministry's website, he said.",
        "Related party transactions were disclosed in the filing.",
        "Like many others, he left the door open to dialogue.",
        "Print media is losing readers across the region.",
        "Subscribe between January 1 1988 and March 31 1992 to one share.",
        "subscribe to ordinary shares.",
        "Edited by: Karl Sexton",
        "Originally published by DW on 10/31/2025",
        "Source: https://www.ocafezinho.com/2025/11/02/ignorado-trump-volta-aos-eua-sem-encontrar-kim/",
        "Trump Opens Door Again to Meeting Kim Jong Un During Asia Trip",
        "The cookie jar was empty and the children used it as a drum.",
        "Webinar on data | Wednesday, March 18 | 11am ET / 8am PT",
        "(C) - Sales made on exporters' own account.",
        "2025",
        "Trump and Kim | Washington and Pyongyang",
        # A credit glued to prose is a long line: content.
        "Photo: Hailey BollingerIn light of the global COVID-19 outbreak, CityBeat has made "
        "the decision to postpone our annual Best of Cincinnati event.",
        "Read more: " + "x" * 300,
    ],
)
def test_content_is_kept(line: str) -> None:
    assert boilerplate_reason(line) is None
    assert not is_boilerplate(line)


def test_seed_furniture(seed_text: Callable[[str], str]) -> None:
    found = {
        prefix: [line for line in seed_text(prefix).split("\n") if is_boilerplate(line)]
        for prefix in ("000", "001", "002", "003", "004")
    }
    assert found["000"] == []
    assert found["004"] == []
    assert found["002"] == ["LikeLike"]
    assert found["003"] == [
        "My Posts",
        "|",
        "© United States Senate - Office of Dan Sullivan",
        "© CC BY 2.0",
        "© CC BY 4.0",
        "You might also want to read: Donald Trump Reacts to Twin Crashes of U.S. Navy Aircraft",
        "Share",
    ]
    assert [line.rsplit(" | ", 1)[1] for line in found["001"]] == [
        "Russian Foreign Ministry/REUTERS",
        "Ahn Young-joon/AP Photo/picture alliance",
    ]
