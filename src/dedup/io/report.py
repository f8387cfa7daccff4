"""Render a :class:`~dedup.models.Report` as text, JSON, JSONL or CSV.

* ``json``: the ``dedup.report/1`` object (DESIGN.md §3), byte-for-byte
  deterministic: keys in contract order, floats rounded to 4 places.
* ``jsonl`` and ``csv``: one row per input article — its cluster, role
  (``original``, ``copy``, ``unique``), relation to the original and scores —
  the shape a pipeline joins back onto its own records. JSONL also carries one
  ``{"type": "error"}`` row per skipped input.
* ``text``: what a person reads at a glance: clusters with the original first,
  each copy's relation and scores, the evidence for the original, the unique
  articles counted.
* ``html``: one self-contained page with the texts side by side and the shared
  passages marked (:mod:`dedup.io.htmlreport`; it needs the articles' texts).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any, Literal

from dedup.errors import ConfigError
from dedup.models import Report

Format = Literal["text", "json", "jsonl", "csv", "html"]
FORMATS: tuple[Format, ...] = ("text", "json", "jsonl", "csv", "html")
ROW_FIELDS = (
    "id", "cluster", "role", "relation", "original", "score", "jaccard", "containment",
    "aligned", "lang", "published",
)


def render(report: Report, fmt: Format, *, texts: Mapping[str, str] | None = None) -> str:
    """The report in one of :data:`FORMATS`, ending with a newline.

    ``texts`` (article id -> text) is read by ``html`` only, to show the texts.
    """
    if fmt == "html":
        from dedup.io.htmlreport import render_html  # Jinja2 is loaded only for HTML

        return render_html(report, texts)
    if fmt == "json":
        return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        lines = [json.dumps({"type": "article", **row}, ensure_ascii=False) for row in rows(report)]
        lines += [
            json.dumps({"type": "error", **e.to_dict()}, ensure_ascii=False) for e in report.errors
        ]
        return "".join(line + "\n" for line in lines)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=ROW_FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in rows(report):
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
        return out.getvalue()
    if fmt == "text":
        return text(report)
    raise ConfigError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def rows(report: Report) -> Iterator[dict[str, Any]]:
    """One flat record per article, in input order."""
    placed: dict[str, dict[str, Any]] = {}
    for c in report.clusters:
        placed[c.original] = {"cluster": c.id, "role": "original", "original": c.original}
        for link in c.links:
            placed[link.source] = {
                "cluster": c.id,
                "role": "copy",
                "relation": link.relation,
                "original": c.original,
                "score": round(link.score, 4),
                "jaccard": round(link.jaccard, 4),
                "containment": round(link.containment, 4),
                "aligned": None if link.aligned is None else round(link.aligned, 4),
            }
    for info in report.articles:
        row = dict.fromkeys(ROW_FIELDS)
        row.update(id=info.id, role="unique", lang=info.lang, published=info.published)
        row.update(placed.get(info.id, {}))
        yield row


SHOWN_PASSAGES = 2  # passages of each link the text report shows
SHORT = 70  # characters of each side shown


def _short(passage: str) -> str:
    """One line of at most :data:`SHORT` characters: the passage's start and end."""
    flat = " ".join(passage.split())
    if len(flat) <= SHORT:
        return flat
    half = (SHORT - 3) // 2
    return f"{flat[:half].rstrip()} … {flat[-half:].lstrip()}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def text(report: Report) -> str:
    """The human summary."""
    info = {a.id: a for a in report.articles}
    in_clusters = sum(len(c.members) for c in report.clusters)
    out = [
        f"{_plural(len(report.articles), 'article')}: "
        f"{_plural(len(report.clusters), 'cluster')} ({in_clusters} articles), "
        f"{len(report.unique)} unique, {_plural(len(report.errors), 'input error')}",
    ]
    for c in report.clusters:
        lang = info[c.original].lang or "?"
        out.append("")
        out.append(
            f"{c.id}  original {c.original} [{lang}]  confidence {c.original_confidence:.2f}"
        )
        for reason in c.original_evidence:
            out.append(f"      · {reason}")
        for link in c.links:
            scores = f"score {link.score:.2f}  jaccard {link.jaccard:.2f}  " \
                     f"containment {link.containment:.2f}"
            if link.aligned is not None:
                scores += f"  aligned {link.aligned:.2f}"
            lang = info[link.source].lang or "?"
            out.append(f"    ← {link.source} [{lang}]  {link.relation:<14} {scores}")
            for note in link.notes:
                out.append(f"      · {note}")
            for passage in link.passages[:SHOWN_PASSAGES]:
                out.append(f"      “{_short(passage.source)}” ~ “{_short(passage.target)}”")
    if report.cross_links:
        out.append("")
        out.append("links across clusters (not merged: copies are not transitive):")
        for link in report.cross_links:
            out.append(
                f"    {link.source} → {link.target}  {link.relation}  score {link.score:.2f}"
            )
    out.append("")
    out.append(f"unique ({len(report.unique)}): " + (", ".join(report.unique) or "none"))
    if report.errors:
        out.append("")
        out.append(f"skipped ({len(report.errors)}):")
        for e in report.errors:
            where = f"{e.input}:{e.line}" if e.line is not None else e.input
            out.append(f"    {where}: {e.error}")
    return "\n".join(out) + "\n"
