"""The HTML report: escaped untrusted text, marked passages, folded texts, the CLI."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from click.testing import CliRunner

from dedup import Article, Detector
from dedup.cli import main
from dedup.config import Config, SemanticConfig
from dedup.io.htmlreport import FOLD_CHARS, render_comparison_html, render_html
from dedup.io.marks import Segment, Span, locate, passage_spans, segments, shared_spans
from dedup.io.report import render
from dedup.models import Passage

LEXICAL = Config(semantic=SemanticConfig(enabled=False))
# Inside a paragraph, so that it is content (a line of its own would read as page furniture).
HOSTILE = (
    "The reader wrote: <script>document.documentElement.setAttribute('data-pwned', 'script')"
    '</script> and <img src="x" onerror="document.documentElement.setAttribute(\'data-pwned\','
    " 'img')\"> in the comment."
)


def _body(seed_text, paragraphs: int = 20) -> str:
    return "\n".join(p for p in seed_text("003").split("\n")[:paragraphs] if p.strip())


def _hostile_pair(seed_text) -> list[Article]:
    body = _body(seed_text)
    return [
        Article("orig", body, title="The original", published="2025-10-29"),
        Article("copy<b>", body + " " + HOSTILE, title="<script>alert(1)</script> copy",
                url="javascript:alert(1)", published="2025-11-01"),
    ]


def test_a_script_in_an_article_shows_as_text(seed_text) -> None:
    articles = _hostile_pair(seed_text)
    report = Detector(LEXICAL).scan(articles)
    assert len(report.clusters) == 1
    page = render_html(report, {a.id: a.text for a in articles})
    # The page's own script is the only element: everything the articles said is text.
    assert page.count("<script>") == 1
    assert "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;document.documentElement.setAttribute(&#39;data-pwned&#39;" in page
    assert "&lt;img src=&#34;x&#34; onerror=" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; copy" in page
    assert "copy&lt;b&gt;" in page
    assert 'href="javascript:' not in page  # only http(s) URLs become links
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None
    rules = html.unescape(policy.group(1))
    assert "script-src 'sha256-" in rules and "script-src 'unsafe" not in rules


def test_a_lexical_copy_is_shown_beside_its_original_with_shared_spans(seed_text) -> None:
    body = _body(seed_text)
    lines = body.split("\n")
    edited = "\n".join(["A new first paragraph written by the copying site."] + lines[1:])
    articles = [Article("a", body, published="2025-10-29"),
                Article("b", edited, published="2025-11-01")]
    report = Detector(LEXICAL).scan(articles)
    (link,) = report.clusters[0].links
    assert (link.source, link.target, link.relation) == ("b", "a", "near_duplicate")
    page = render_html(report, {a.id: a.text for a in articles})
    assert '<details class="side" open>' in page
    marked = re.findall(r'<mark class="shared">(.*?)</mark>', page, flags=re.S)
    assert len(marked) == 2  # the shared run of each text: everything after the new lead
    assert all("A new first paragraph" not in m for m in marked)
    assert marked[0].rstrip() == marked[1].rstrip()
    assert 'id="c1"' in page and '<a href="#c1">c1</a>' in page


def test_exact_copies_are_not_repeated_and_the_page_is_deterministic(seed_text) -> None:
    body = _body(seed_text)
    articles = [Article("a", body), Article("b", body.upper())]
    report = Detector(LEXICAL).scan(articles)
    assert report.clusters[0].links[0].relation == "exact"
    texts = {a.id: a.text for a in articles}
    page = render_html(report, texts)
    assert "Identical to the original after normalisation" in page
    assert body.upper()[:60] not in page
    assert page == render_html(report, dict(texts))
    assert render(report, "html", texts=texts) == page
    # Without the texts the page still has the clusters, scores and evidence.
    assert 'id="c1"' in render_html(report)


def test_long_pairs_start_folded(seed_text) -> None:
    body = "\n".join([_body(seed_text, 40)] * (FOLD_CHARS // 3000 + 1))
    articles = [Article("a", body), Article("b", body + "\nOne more line at the end of it.")]
    report = Detector(LEXICAL).scan(articles)
    page = render_html(report, {a.id: a.text for a in articles})
    assert '<details class="side">' in page and '<details class="side" open>' not in page


def test_passages_are_marked_by_offsets_or_found_in_the_text() -> None:
    source = "First sentence here.\nThe  copied\nsentence stands here. Tail."
    target = "Intro. The copied sentence stands here. Another one."
    by_text = Passage("The copied sentence stands here.", "The copied sentence stands here.", 0.9)
    by_offsets = Passage("ignored", "ignored", 0.8, source_start=0, source_end=5,
                         target_start=0, target_end=6)
    spans_s, spans_t = passage_spans(source, target, [by_text, by_offsets])
    assert [(source[s.start:s.end], s.mark) for s in spans_s] == [
        ("The  copied\nsentence stands here.", 1), ("First", 2)]
    assert [(target[s.start:s.end], s.mark) for s in spans_t] == [
        ("The copied sentence stands here.", 1), ("Intro.", 2)]
    assert locate(source, "not in it") is None
    assert segments("abcdef", [Span(1, 3, 1), Span(2, 5, 2)]) == [
        Segment("a"), Segment("bc", 1), Segment("de", 2), Segment("f")]


def test_shared_spans_are_the_runs_of_shared_word_k_grams() -> None:
    a = "Alpha beta gamma delta epsilon zeta. Unrelated words follow now."
    b = "Intro text: ALPHA beta, gamma delta epsilon zeta! Something else entirely."
    spans_a, spans_b = shared_spans(a, b, 5)
    assert [a[s.start:s.end] for s in spans_a] == ["Alpha beta gamma delta epsilon zeta"]
    assert [b[s.start:s.end] for s in spans_b] == ["ALPHA beta, gamma delta epsilon zeta"]
    assert shared_spans("one two", "three four", 5) == ([], [])


def test_scan_and_compare_write_html_from_the_cli(tmp_path: Path, seed_text) -> None:
    for article in _hostile_pair(seed_text):
        (tmp_path / f"{article.id.strip('<>b')}.txt").write_text(article.text, encoding="utf-8")
    out = tmp_path / "report.html"
    runner = CliRunner()
    result = runner.invoke(main, ["scan", str(tmp_path), "--no-semantic", "--format", "html",
                                  "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count("<script>") == 1
    assert "&lt;script&gt;" in page and "copy: orig" in page  # no dates: the longer is original
    result = runner.invoke(main, ["compare", str(tmp_path / "copy.txt"),
                                  str(tmp_path / "orig.txt"), "--no-semantic", "-f", "html"])
    assert result.exit_code == 0, result.output
    assert "orig is a <span class=\"relation near_duplicate\">near_duplicate</span> of copy" \
        in result.output
    assert result.output.count("<script>") == 1 and "<mark class=\"shared\">" in result.output


def test_the_json_report_does_not_change_with_html(tmp_path: Path, seed_text) -> None:
    articles = _hostile_pair(seed_text)
    report = Detector(LEXICAL).scan(articles)
    before = render(report, "json")
    render_html(report, {a.id: a.text for a in articles})
    assert render(report, "json") == before
    assert json.loads(before)["schema"] == "dedup.report/1"


def test_a_pair_that_is_not_a_copy_renders_side_by_side_unmarked(seed_text) -> None:
    a, b = Article("a", seed_text("003")), Article("b", seed_text("004"))
    comparison = Detector(LEXICAL).compare(a, b)
    page = render_comparison_html(comparison, a.text, b.text)
    assert "Not a copy" in page and "(a, " in page and "(b, " in page


def test_reused_passages_are_not_shown_as_aligned_sentences(seed_text) -> None:
    """A copy found by its reused passages (no encoder) lists them as passages with
    the share of words matched, not as sentence pairs with a cosine."""
    wire = [p for p in seed_text("000").split("\n") if p.strip()][:14]
    own = [p for p in seed_text("002").split("\n") if p.strip()]

    def subedit(paragraph: str) -> str:
        words = paragraph.split()
        return " ".join("changed" if n % 6 == 5 else w for n, w in enumerate(words))

    paper = [*own[:3], subedit(wire[2]), *own[3:5], subedit(wire[6]), own[5],
             subedit(wire[11]), *own[6:9]]
    articles = [Article("wire", "\n".join(wire)), Article("paper", "\n".join(paper))]
    report = Detector(LEXICAL).scan(articles)
    (link,) = report.clusters[0].links
    assert link.relation == "partial" and link.aligned is None
    # Without the texts the page lists the passages in a table; with them it marks
    # them in the texts, as shared spans (unnumbered).
    page = render_html(report, {})
    assert "<caption>Reused passages</caption>" in page and "words matched" in page
    assert "Aligned sentence pairs" not in page and "cosine" not in page
    page = render_html(report, {a.id: a.text for a in articles})
    assert '<mark class="shared">' in page and "Reused passages" not in page


def test_an_exact_copy_lists_no_passage(seed_text) -> None:
    text = seed_text("000")
    report = Detector(LEXICAL).scan([Article("a", text), Article("b", text)])
    assert report.clusters[0].links[0].passages  # the whole content, in the JSON
    for texts in ({}, {"a": text, "b": text}):
        page = render_html(report, texts)
        assert "<table class=\"passages\">" not in page and "same content hash" in page
