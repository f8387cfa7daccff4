"""HTML input: the article of a web page, without its furniture, and its metadata."""

from __future__ import annotations

import builtins
import json
from pathlib import Path

import pytest

from dedup import Article, Detector
from dedup.config import Config, SemanticConfig
from dedup.io.readers import read_inputs
from dedup.io.records import ReadConfig
from dedup.io.webpage import EXTRA_HINT, HtmlUnavailable
from dedup.models import InputProblem

pytest.importorskip("trafilatura", reason="HTML input needs the html extra (in '.[test]')")

PARAGRAPHS = [
    "The city council voted on Tuesday to build a new pedestrian bridge across the river, "
    "ending a debate that has lasted for more than a decade in the town.",
    "The bridge will connect the old market district with the university campus and is "
    "expected to open in two years, the mayor said after the vote.",
    "Opponents had argued that the money should go to road repairs, but the plan passed by "
    "nine votes to four after a long evening session at the town hall.",
]


def _page(*, head: str = "", title: str = "Council approves new bridge") -> str:
    body = "".join(f"<p>{p}</p>\n" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title} | Riverside Gazette</title>{head}</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/weather">Weather and traffic updates</a></li></ul></nav>
<article><h1>{title}</h1>
{body}</article>
<section id="comments" class="comments"><h2>Comments</h2>
<div class="comment"><p>Finally! About time they did something useful with our taxes,
I have waited for this bridge forever and ever.</p></div></section>
<footer><p>Copyright 2024 Riverside Gazette. All rights reserved. Contact us about
advertising in our pages.</p></footer>
</body></html>
"""


META = """
<meta property="og:site_name" content="Riverside Gazette">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="https://www.riverside-gazette.example/news/bridge">
"""


def test_the_article_of_a_page_without_nav_footer_or_comments(tmp_path: Path, no_network) -> None:
    (tmp_path / "bridge.html").write_text(_page(), encoding="utf-8")
    (article,) = read_inputs([tmp_path])
    assert isinstance(article, Article)
    assert article.id == "bridge" and article.title == "Council approves new bridge"
    for paragraph in PARAGRAPHS:
        assert paragraph in article.text
    for furniture in ("Weather and traffic", "Finally!", "Copyright", "advertising"):
        assert furniture not in article.text


def test_a_date_in_meta_tags_fills_published_site_and_canonical_url(
    tmp_path: Path, no_network
) -> None:
    path = tmp_path / "bridge.htm"
    path.write_text(_page(head=META), encoding="utf-8")
    (article,) = read_inputs([path])
    assert isinstance(article, Article)
    assert (article.published, article.source, article.url) == (
        "2024-03-05", "Riverside Gazette", "https://www.riverside-gazette.example/news/bridge")


def test_a_record_with_an_html_field_keeps_the_fields_it_gives(tmp_path: Path, no_network) -> None:
    feed = tmp_path / "feed.jsonl"
    rows = [
        {"id": "p1", "html": _page(head=META), "published": "2024-03-04", "source": "Wire"},
        {"id": "p2", "html": _page(head=META, title="Council approves new bridge today")},
        {"id": "p3", "html": "<html><body><div></div></body></html>"},
        {"id": "p4", "html": 7},
    ]
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    p1, p2, p3, p4 = read_inputs([feed])
    assert isinstance(p1, Article) and isinstance(p2, Article)
    assert (p1.published, p1.source, p1.url) == (
        "2024-03-04", "Wire", "https://www.riverside-gazette.example/news/bridge")
    assert (p2.published, p2.source, p2.title) == (
        "2024-03-05", "Riverside Gazette", "Council approves new bridge today")
    assert p3 == InputProblem(str(feed), 3, "no article text found in field 'html'")
    assert p4 == InputProblem(str(feed), 4, "field 'html' must be a string, got number")
    # Two pages of one story are copies, and the earlier date names the original.
    report = Detector(Config(semantic=SemanticConfig(enabled=False))).scan([p1, p2])
    assert [(c.original, c.members) for c in report.clusters] == [("p1", ("p1", "p2"))]


def test_a_page_in_another_encoding_and_limits(tmp_path: Path, no_network) -> None:
    page = _page(title="Café council approves new bridge").replace('charset="utf-8"',
                                                                   'charset="iso-8859-1"')
    (tmp_path / "latin.html").write_bytes(page.encode("latin-1"))
    (tmp_path / "empty.html").write_text("<html><body></body></html>", encoding="utf-8")
    latin, empty = read_inputs([tmp_path / "latin.html", tmp_path / "empty.html"])
    assert isinstance(latin, Article) and latin.title == "Café council approves new bridge"
    assert isinstance(empty, InputProblem) and "no article text" in empty.error
    (big,) = read_inputs([tmp_path / "latin.html"], config=ReadConfig(max_chars=10))
    assert isinstance(big, InputProblem) and "over the limit" in big.error


def test_without_trafilatura_the_run_stops_with_the_install_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_trafilatura(name: str, *args: object, **kwargs: object) -> object:
        if name == "trafilatura":
            raise ImportError("No module named 'trafilatura'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_trafilatura)
    (tmp_path / "a.html").write_text(_page(), encoding="utf-8")
    with pytest.raises(HtmlUnavailable, match="pip install 'dedup\\[html\\]'"):
        list(read_inputs([tmp_path]))
    assert "dedup[html]" in EXTRA_HINT
