"""The report as one self-contained HTML page, for a person checking who copied whom.

:func:`render_html` turns a :class:`~dedup.models.Report` (and the articles'
texts, which the report does not carry) into one file with its style and a
small script inline, nothing fetched: a summary, a sortable and filterable
table of clusters, and per cluster the original with its evidence and each
copy beside it with the shared passages marked (:mod:`dedup.io.marks`).
:func:`render_comparison_html` does the same for ``dedup compare``.

Article text is untrusted input: the templates (Jinja2, in ``templates/``) are
rendered with autoescaping on, nothing from an article is ever marked safe, and
the page's Content-Security-Policy allows only its own script (by hash), so
a ``<script>`` in an article shows as text and could not run even if it slipped
through. Without JavaScript the page reads the same; the script only adds
sorting and the filter box.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import jinja2
from markupsafe import Markup

from dedup.io.marks import Segment, Span, passage_spans, segments, shared_spans
from dedup.models import (
    Article,
    ArticleInfo,
    Cluster,
    Comparison,
    InputProblem,
    Link,
    Passage,
    Report,
)


def _is_aligned(link: Link) -> bool:
    """Are the link's passages sentence pairs the encoder aligned (with a cosine)?
    Otherwise they are shared word sequences (a lexical link, or a rewrite or
    partial copy found by its reused passages)."""
    return link.aligned is not None


# A side-by-side view whose two texts together are longer than this many
# characters starts folded: about two screens of one column at 60 characters a
# line. The seeds' 000/001 pair (12,400) opens; a reuters wire pair (median
# ~1,500) does too; bbc's longest pairs (~20,000 and more) start closed.
FOLD_CHARS = 16_000
DEFAULT_K = 5


@dataclass(frozen=True)
class Side:
    """One article as shown in a column: its metadata and its marked text."""

    info: ArticleInfo
    anchor: str
    segments: tuple[Segment, ...]
    chars: int


@dataclass(frozen=True)
class PairView:
    """A copy and its original side by side, with the passages that make it a copy."""

    link: Link | None  # None for a compared pair that is no copy
    aligned: bool  # the passages are aligned sentence pairs (else shared spans)
    copy: Side | None  # None when the text was not given, or the copy is exact
    original: Side | None
    passages: tuple[tuple[int, Passage], ...]
    folded: bool
    roles: tuple[str, str] = ("copy", "original")


@dataclass(frozen=True)
class ClusterView:
    id: str
    number: int
    original: ArticleInfo
    anchor: str
    confidence: float
    evidence: tuple[str, ...]
    relations: str
    size: int
    text: tuple[Segment, ...]  # the original's text, unmarked (folded on the page)
    pairs: tuple[PairView, ...]


def keeping_texts(
    items: Iterable[Article | InputProblem], texts: dict[str, str]
) -> Iterator[Article | InputProblem]:
    """``items`` unchanged, each article's text kept in ``texts`` by id on the way
    (the first text of an id, as the scan keeps the first record of an id)."""
    for item in items:
        if isinstance(item, Article):
            texts.setdefault(item.id, item.text)
        yield item


def render_html(report: Report, texts: Mapping[str, str] | None = None) -> str:
    """The page for ``report``. ``texts`` (article id -> text as read) lets the
    page show the texts side by side; without them it shows scores and passages."""
    texts = texts or {}
    k = int(report.params.get("shingle", {}).get("k", DEFAULT_K))
    info = {a.id: a for a in report.articles}
    anchors = {a.id: f"a{n}" for n, a in enumerate(report.articles, start=1)}
    where = {m: c.id for c in report.clusters for m in c.members}
    clusters = [
        _cluster_view(c, n, info, anchors, texts, k)
        for n, c in enumerate(report.clusters, start=1)
    ]
    return _template("report.html.j2").render(
        _page(),
        version=report.tool.get("version", ""),
        report=report,
        clusters=clusters,
        anchors=anchors,
        where=where,
        params=_flat(report.params),
        in_clusters=sum(c.size for c in clusters),
    )


def render_comparison_html(
    comparison: Comparison, a: str | None, b: str | None, *, version: str = ""
) -> str:
    """The page for one compared pair; ``a`` and ``b`` are the two texts as read."""
    c = comparison
    link = c.link
    texts = {c.a.id: a or "", c.b.id: b or ""}
    if link is not None:
        first, second = link.source, link.target
        passages, aligned, roles = link.passages, _is_aligned(link), ("copy", "original")
    else:
        first, second, passages, aligned, roles = c.a.id, c.b.id, c.passages, False, ("a", "b")
    infos = {c.a.id: c.a, c.b.id: c.b}
    view = _pair_view(
        link, infos[first], infos[second], {first: "a1", second: "a2"}, texts,
        DEFAULT_K, passages=passages, aligned=aligned,
    )
    return _template("compare.html.j2").render(
        _page(), version=version, c=c, pair=dataclasses.replace(view, roles=roles)
    )


def _cluster_view(
    c: Cluster, n: int, info: Mapping[str, ArticleInfo], anchors: Mapping[str, str],
    texts: Mapping[str, str], k: int,
) -> ClusterView:
    pairs = tuple(
        _pair_view(link, info[link.source], info[link.target], anchors, texts, k,
                   passages=link.passages, aligned=_is_aligned(link))
        for link in c.links
    )
    text = texts.get(c.original)
    return ClusterView(
        id=c.id,
        number=n,
        original=info[c.original],
        anchor=anchors[c.original],
        confidence=c.original_confidence,
        evidence=c.original_evidence,
        relations=", ".join(sorted({link.relation for link in c.links})),
        size=len(c.members),
        text=(Segment(text),) if text else (),
        pairs=pairs,
    )


def _pair_view(
    link: Link | None,
    copy: ArticleInfo,
    original: ArticleInfo,
    anchors: Mapping[str, str],
    texts: Mapping[str, str],
    k: int,
    *,
    passages: Sequence[Passage],
    aligned: bool,
) -> PairView:
    """The copy's and the original's texts with the link's passages marked.

    Aligned pairs are numbered on both sides; a lexical link's passages (or, when
    it carries none, the word k-grams the two texts share) are marked as shared.
    An exact copy is identical after normalisation: its text is not repeated.
    """
    a, b = texts.get(copy.id), texts.get(original.id)
    exact = link is not None and link.relation == "exact"
    if exact:  # its passage is the whole text: the note says it all
        return PairView(link, aligned, None, None, (), True)
    if a is None or b is None:
        return PairView(link, aligned, None, None, tuple(enumerate(passages, 1)), True)
    spans_a: list[Span]
    spans_b: list[Span]
    if passages:
        spans_a, spans_b = passage_spans(a, b, passages)
        if not aligned:  # lexical passages are shared spans: no numbers
            spans_a = [Span(s.start, s.end, 0) for s in spans_a]
            spans_b = [Span(s.start, s.end, 0) for s in spans_b]
    else:
        spans_a, spans_b = shared_spans(a, b, k)
    return PairView(
        link=link,
        aligned=aligned,
        copy=Side(copy, anchors[copy.id], tuple(segments(a, spans_a)), len(a)),
        original=Side(original, anchors[original.id], tuple(segments(b, spans_b)), len(b)),
        passages=tuple(enumerate(passages, 1)) if aligned else (),
        folded=len(a) + len(b) > FOLD_CHARS,
    )


def _flat(params: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """``{"shingle": {"k": 5}}`` as ``[("shingle.k", 5)]``, in the report's order."""
    out: list[tuple[str, Any]] = []
    for key, value in params.items():
        if isinstance(value, Mapping):
            out.extend(_flat(value, f"{prefix}{key}."))
        else:
            out.append((f"{prefix}{key}", value))
    return out


def _resource(name: str) -> str:
    return files("dedup.io").joinpath("templates").joinpath(name).read_text(encoding="utf-8")


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("dedup.io", "templates"),
        autoescape=True,  # every template: article text is untrusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _template(name: str) -> jinja2.Template:
    return _environment().get_template(name)


@cache
def _page() -> dict[str, Any]:
    """The page's own style and script, and the policy that lets only that script run."""
    script = _resource("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    policy = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )
    # Our own files, not input: the only markup marked safe.
    return {"style": Markup(_resource("report.css")), "script": Markup(script), "policy": policy}
