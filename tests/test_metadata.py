"""Metadata in article text: the seeds exactly, credits in six languages, dates."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dedup.models import Credit
from dedup.prepare.dates import DateOrder, parse_date
from dedup.prepare.metadata import EMPTY, TextMetadata, extract_metadata

OCAFEZINHO = "https://www.ocafezinho.com/2025/11/02/ignorado-trump-volta-aos-eua-sem-encontrar-kim/"

# Twelve lines of prose, so that a line under test sits in the tail only.
BODY = "\n".join(
    f"Paragraph {i} of the article is long enough to read as prose, not metadata."
    for i in range(12)
)


def meta_of(line: str) -> TextMetadata:
    return extract_metadata(f"{BODY}\n{line}")


def meta_line_texts(text: str, meta: TextMetadata) -> list[str]:
    lines = text.split("\n")
    return [lines[i] for i in sorted(meta.meta_lines)]


def test_seed_000(seed_text: Callable[[str], str]) -> None:
    text = seed_text("000")
    meta = extract_metadata(text)
    assert meta.title == "No Trump-Kim meeting: A snub to US president?"
    assert meta.published == "2025-10-30"
    assert meta.editor == "Karl Sexton"
    assert (meta.byline, meta.publisher, meta.url) == (None, None, None)
    assert meta.credits == () and meta.credit_dates == ()
    assert meta_line_texts(text, meta) == ["October 30, 2025", "Edited by: Karl Sexton"]


def test_seed_001(seed_text: Callable[[str], str]) -> None:
    text = seed_text("001")
    meta = extract_metadata(text)
    assert meta.title is None  # the first line is a two-sentence standfirst
    assert meta.published == "2025-11-02"  # from its own Source URL, not DW's date
    assert meta.byline == "Julian Ryall"
    assert meta.url == OCAFEZINHO
    assert meta.credits == (
        Credit("publisher", "DW", "Originally published by DW on 10/31/2025"),
        Credit("url", OCAFEZINHO, f"Source: {OCAFEZINHO}"),
    )
    assert meta.credit_dates == ("2025-10-31",)
    assert meta_line_texts(text, meta) == [
        "Originally published by DW on 10/31/2025",
        "By Julian Ryall",
        f"Source: {OCAFEZINHO}",
    ]


def test_seed_002(seed_text: Callable[[str], str]) -> None:
    text = seed_text("002")
    meta = extract_metadata(text)
    assert meta.title == "The Summit That Wasn’t"
    assert meta.byline == "Konstantin Asmolov"
    assert meta.publisher == "New Eastern Outlook"
    assert meta.published == "2025-11-12"
    assert meta.credits == ()
    lines = meta_line_texts(text, meta)
    assert lines[0] == "By Konstantin Asmolov – New Eastern Outlook – November 12, 2025"
    assert lines[1].startswith("Konstantin Asmolov, PhD in History")  # the author box
    assert len(lines) == 2


def test_seed_003(seed_text: Callable[[str], str]) -> None:
    text = seed_text("003")
    meta = extract_metadata(text)
    assert meta.byline == "Orgesta Tolaj"
    assert meta.published == "2025-10-29"
    assert meta.title == "Trump Opens Door Again to Meeting Kim Jong Un During Asia Trip"
    assert meta_line_texts(text, meta) == ["By Orgesta Tolaj", "29 October 2025", "Orgesta Tolaj"]


def test_seed_004(seed_text: Callable[[str], str]) -> None:
    meta = extract_metadata(seed_text("004"))
    assert meta.published is None and meta.byline is None
    assert meta.credits == () and meta.meta_lines == frozenset()


@pytest.mark.parametrize(
    ("line", "credits", "dates"),
    [
        (
            "Publicado originalmente por DW em 31/10/2025",
            [("publisher", "DW")],
            ("2025-10-31",),
        ),
        (
            "Este artigo foi publicado originalmente no The Intercept Brasil.",
            [("publisher", "The Intercept Brasil")],
            (),
        ),
        ("Fonte: Agência Brasil", [("agency", "Agência Brasil")], ()),
        ("Com informações da Reuters e da AFP", [("agency", "Reuters"), ("agency", "AFP")], ()),
        (
            "Publicado originalmente en El País el 3 de noviembre de 2025",
            [("publisher", "El País")],
            ("2025-11-03",),
        ),
        ("Fuente: EFE", [("agency", "EFE")], ()),
        (
            "Publié initialement par Le Monde le 3 novembre 2025",
            [("publisher", "Le Monde")],
            ("2025-11-03",),
        ),
        ("Source : Le Monde", [("publisher", "Le Monde")], ()),
        ("Quelle: dpa", [("agency", "dpa")], ()),
        ("Dieser Artikel erschien zuerst bei Zeit Online.", [("publisher", "Zeit Online")], ()),
        (
            "Questo articolo è stato pubblicato originariamente su la Repubblica "
            "il 3 novembre 2025",
            [("publisher", "la Repubblica")],
            ("2025-11-03",),
        ),
        ("Pubblicato originariamente su Il Post", [("publisher", "Il Post")], ()),
        (
            "This article first appeared in The Conversation.",
            [("publisher", "The Conversation")],
            (),
        ),
        (
            "Originally published in The Guardian on March 3, 2024.",
            [("publisher", "The Guardian")],
            ("2024-03-03",),
        ),
        ("via Reuters", [("agency", "Reuters")], ()),
        ("Sources: AP, Reuters", [("agency", "AP"), ("agency", "Reuters")], ()),
        # A publisher's framing of a reprint.
        (
            "The following story was published by BBC News on 22 May 2005.",
            [("publisher", "BBC News")],
            ("2005-05-22",),
        ),
        (
            "Editor's note: this article was first published by The Evening Courier and is "
            "republished here with permission.",
            [("publisher", "The Evening Courier")],
            (),
        ),
        (
            "A reportagem a seguir foi publicada por Diário do Brasil em 29 de janeiro de 2016.",
            [("publisher", "Diário do Brasil")],
            ("2016-01-29",),
        ),
        (
            "Nota da redação: este texto foi publicado primeiro por Folha de S.Paulo e é "
            "reproduzido com autorização.",
            [("publisher", "Folha de S.Paulo")],
            (),
        ),
    ],
)
def test_credit_lines(line: str, credits: list[tuple[str, str]], dates: tuple[str, ...]) -> None:
    meta = meta_of(line)
    assert [(c.kind, c.value) for c in meta.credits] == credits
    assert all(c.text == line for c in meta.credits)
    assert meta.credit_dates == dates
    assert meta.published is None  # a credited date is never the article's own
    assert meta.meta_lines == frozenset({12})


@pytest.mark.parametrize(
    "line",
    [
        "Via Appia is the oldest road in Rome",
        "Source: the company said it would grow",
        "Zuerst ging es um die Frage der Finanzierung",
        "By the end of the year, prices had doubled",
        "Por Costa Rica, Bryan Ruiz es el que registra más tantos con nueve",
        "Updated daily",
        "The following story was published in full because readers asked for it",
        "Editor's note: we have corrected the spelling of a name in this story",
    ],
)
def test_prose_is_not_metadata(line: str) -> None:
    meta = meta_of(line)
    assert meta.credits == () and meta.byline is None and meta.meta_lines == frozenset()


def test_source_url_gives_own_url_and_date() -> None:
    meta = meta_of("Source: https://example.com/news/2024/03/05/story.html")
    assert meta.url == "https://example.com/news/2024/03/05/story.html"
    assert meta.published == "2024-03-05"
    assert meta.credits == (Credit("url", meta.url, f"Source: {meta.url}"),)


def test_date_line_beats_url_date() -> None:
    text = f"Headline here\nOctober 30, 2025\n{BODY}\nSource: https://example.com/2025/11/02/x"
    assert extract_metadata(text).published == "2025-10-30"


@pytest.mark.parametrize(
    ("line", "byline", "editor", "published"),
    [
        ("(Reporting by Jane Doe; Editing by John Smith)", "Jane Doe", "John Smith", None),
        (
            "(Reporting by Alan Baldwin, editing by Christian Radnedge)",
            "Alan Baldwin",
            "Christian Radnedge",
            None,
        ),
        ("By Jane Doe, Staff Writer", "Jane Doe", None, None),
        ("Por Fulano de Tal", "Fulano de Tal", None, None),
        ("Von Christian Teevs | 3. November 2025", "Christian Teevs", None, "2025-11-03"),
        ("Published: October 30, 2025", None, None, "2025-10-30"),
        ("Publicado em 02/11/2025 às 10h30", None, None, "2025-11-02"),
        ("publié le 26/03/2020 à 01:38", None, None, "2020-03-26"),
        ("Wednesday, January 01, 2020", None, None, "2020-01-01"),
    ],
)
def test_bylines_and_dates(
    line: str, byline: str | None, editor: str | None, published: str | None
) -> None:
    meta = meta_of(line)
    assert (meta.byline, meta.editor, meta.published) == (byline, editor, published)
    assert meta.meta_lines == frozenset({12})


def test_updated_date_is_metadata_but_not_publication() -> None:
    meta = meta_of("Updated: October 31, 2025")
    assert meta.published is None and meta.meta_lines == frozenset({12})


@pytest.mark.parametrize(
    ("text", "agency", "phrase"),
    [
        (
            "NEW YORK (Reuters) - Stocks rose on Monday as investors cheered.",
            "Reuters",
            "(Reuters) -",
        ),
        ("Stocks rally\nWASHINGTON, Oct 30 (AP) — Stocks rose on Monday.", "AP", "(AP) —"),
        (
            "Aktien New York: Gewinne  New York (dpa-afx) - Die Hoffnungen stiegen.",
            "dpa-AFX",
            "(dpa-afx) -",
        ),
    ],
)
def test_agency_dateline_is_credit_but_content(text: str, agency: str, phrase: str) -> None:
    meta = extract_metadata(f"{text}\n{BODY}")
    assert meta.credits == (Credit("agency", agency, phrase),)
    assert meta.meta_lines == frozenset()


def test_reuters_sign_off_is_metadata() -> None:
    text = f"{BODY}\n REUTER\n&#3;"
    meta = extract_metadata(text)
    assert meta.credits == (Credit("agency", "Reuters", "REUTER"),)
    assert meta.meta_lines == frozenset({12})


def test_hard_wrapped_wire_copy_has_no_title_and_no_false_dates() -> None:
    # Reuters-21578 style: wrapped at ~65 columns, the dateline stripped.
    text = (
        "The Union Bank subsidiary of\n"
        "Standard Chartered PLC said it would pay interest due on\n"
        "debentures on which interest has not been paid since\n"
        "May 15, 1985.\n"
        "    The report was approved\n"
        "by Transportation Secretary Elizabeth Dole and President\n"
        "Reagan.\n"
    )
    meta = extract_metadata(text)
    assert meta == TextMetadata(None, None, None, None, None, None)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Portugal is very confident\nThe Portugal of Paulo Bento starts very optimistically.",
            "Portugal is very confident",
        ),
        ("My Posts\n\nA Headline After Furniture\n\nBody text here.", "A Headline After Furniture"),
        ("A lede sentence that ends with a period.\nMore text.", None),
        ("A headline\ncontinued in lower case on the next line.", None),
        ("Only one line, no body", None),
        ("October 30, 2025\nHeadline after the date\nBody.", None),
    ],
)
def test_title(text: str, title: str | None) -> None:
    assert extract_metadata(text).title == title


def test_empty_text() -> None:
    assert extract_metadata("") == EMPTY
    assert extract_metadata("\n \n") == EMPTY


@pytest.mark.parametrize(
    ("value", "order", "iso"),
    [
        ("10/31/2025", "DMY", "2025-10-31"),
        ("31/10/2025", "MDY", "2025-10-31"),
        ("10/11/2025", "DMY", "2025-11-10"),
        ("10/11/2025", "MDY", "2025-10-11"),
        ("26-FEB-1987 15:01:01.79", "DMY", "1987-02-26"),
        (" 10 de maio de 2016 ", "DMY", "2016-05-10"),
        ("24. Mai 2020, 18:44 Uhr", "DMY", "2020-05-24"),
        ("2025-11-02", "DMY", "2025-11-02"),
        ("Wednesday (29/10)", "DMY", None),  # no year
        ("March 31", "DMY", None),
        ("Pay April 30, 1987", "DMY", None),
        ("2 days ago", "DMY", None),
        ("1700000000", "DMY", None),  # not a timestamp
        ("", "DMY", None),
    ],
)
def test_parse_date(value: str, order: DateOrder, iso: str | None) -> None:
    assert parse_date(value, date_order=order) == iso


@pytest.mark.parametrize(
    ("value", "asks"),
    [
        ("(c) 2004 BBC", False),  # a year, no month: no full date
        ("Reuters 1987", False),
        ("Fiscal 1986 net", False),
        ("30-Oct-2005", True),  # month words are found between non-letters
        ("Sept. 3, 2005", True),
        ("3 de março de 2005", True),
        ("30 10 2005", True),  # three numbers may be day, month, year
        ("Market 2005", False),  # "mar" inside a word is no month
    ],
)
def test_dateparser_is_asked_only_when_a_full_date_is_possible(
    value: str, asks: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dedup.prepare import dates

    asked: list[str] = []

    def record(text: str, order: DateOrder) -> str | None:
        asked.append(text)
        return None

    monkeypatch.setattr(dates, "_parse", record)
    parse_date(value)
    assert bool(asked) == asks


def test_every_credit_phrase_of_the_data_file_reads_its_own_examples() -> None:
    """credits.json gives each phrase examples; each, with a name in place of X (and
    a date in place of DATE), is a credit to that name."""
    import json
    from importlib.resources import files

    data = json.loads(files("dedup.prepare").joinpath("credits.json").read_text("utf-8"))
    assert data["phrases"] and data["agencies"]["reuters"] == "Reuters"
    for phrase in data["phrases"]:
        date = "10/31/2025" if phrase["lang"] == "en" else "31/10/2025"
        for example in phrase["examples"]:
            line = example.replace("X", "Diário Novo").replace("DATE", date)
            credits = meta_of(line).credits
            named = {c.value for c in credits}
            assert named & {"Diário Novo", "Reuters", "DW"}, (example, credits)
