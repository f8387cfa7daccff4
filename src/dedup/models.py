"""Typed objects that cross dedup's public surface: inputs, links, clusters, reports.

They are plain frozen dataclasses: no behaviour beyond conversion to the JSON
shapes of the ``dedup.report/1`` contract (DESIGN.md §3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from dedup.errors import expected

Relation = Literal["exact", "near_duplicate", "reprint", "translation", "rewrite", "partial"]
RELATIONS: tuple[Relation, ...] = (
    "exact", "near_duplicate", "reprint", "translation", "rewrite", "partial"
)


@dataclass(frozen=True)
class Article:
    """One news article as given by the caller.

    ``published`` is the date as given (any format ``dateparser`` reads); ``lang``
    an ISO 639-1 code when the caller knows it (otherwise it is detected).
    ``input`` and ``line`` say where it was read, for messages.
    """

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    lang: str | None = None
    input: str | None = None
    line: int | None = None

    def __post_init__(self) -> None:
        # Mixed id types (5 and "5") would make two articles of one id in a report.
        if not isinstance(self.id, str):
            raise expected("an article id as a string (Article('5', text), not Article(5, ...))",
                           self.id)
        if not isinstance(self.text, str):
            raise expected(f"the text of article {self.id!r} as a string", self.text)
        for name in ("title", "url", "source", "published", "lang", "input"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise expected(f"{name} of article {self.id!r} as a string or None", value)


@dataclass(frozen=True)
class InputProblem:
    """An input record that was skipped, and why (the report's ``errors``)."""

    input: str
    line: int | None
    error: str

    def to_dict(self) -> dict[str, Any]:
        return {"input": self.input, "line": self.line, "error": self.error}


@dataclass(frozen=True)
class Credit:
    """An explicit attribution found in a text: "Originally published by DW", "Source: URL"."""

    kind: Literal["publisher", "url", "agency"]
    value: str
    text: str  # the phrase as it stands in the article


@dataclass(frozen=True)
class ArticleInfo:
    """What the report says about one article: metadata given or found in the text."""

    id: str
    lang: str | None
    lang_prob: float | None
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    byline: str | None = None
    credits: tuple[Credit, ...] = ()
    words: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "lang": self.lang,
            "lang_prob": self.lang_prob,
            "title": self.title,
            "published": self.published,
            "source": self.source,
            "url": self.url,
            "byline": self.byline,
            "credits": [{"kind": c.kind, "value": c.value, "text": c.text} for c in self.credits],
            "words": self.words,
        }


@dataclass(frozen=True)
class Passage:
    """A pair of aligned passages: the source's text, the target's, and a score (the
    cosine of aligned sentences; for a reused passage, the share of its words matched).

    ``source_start``/``source_end`` and ``target_start``/``target_end`` are character
    offsets into each article's ``text`` as given by the caller, when known (lexical
    passages have them), so that a renderer can mark them.
    """

    source: str
    target: str
    score: float
    source_start: int | None = None
    source_end: int | None = None
    target_start: int | None = None
    target_end: int | None = None

    def swapped(self) -> Passage:
        """The same passage seen from the other side."""
        return Passage(self.target, self.source, self.score, self.target_start,
                       self.target_end, self.source_start, self.source_end)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "target": self.target,
                               "score": round(self.score, 4)}
        for key in ("source_start", "source_end", "target_start", "target_end"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


@dataclass(frozen=True)
class Link:
    """A verified copy relation: ``source`` is a copy of ``target``.

    ``score`` is the relation's own strength in [0, 1] (Jaccard for near
    duplicates, containment for reprints, aligned coverage for translations and
    rewrites). ``containment`` is the share of the source's shingles found in the
    target. ``aligned`` is None when no sentence alignment was run.
    """

    source: str
    target: str
    relation: Relation
    score: float
    jaccard: float
    containment: float
    aligned: float | None = None
    passages: tuple[Passage, ...] = ()
    notes: tuple[str, ...] = ()

    def reversed(self, containment: float) -> Link:
        """The same link seen from the other side (``containment`` of the new source)."""
        return Link(
            source=self.target,
            target=self.source,
            relation=self.relation,
            score=self.score,
            jaccard=self.jaccard,
            containment=containment,
            aligned=self.aligned,
            passages=tuple(p.swapped() for p in self.passages),
            notes=self.notes,
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source,
            "target": self.target,
            "relation": self.relation,
            "score": round(self.score, 4),
            "jaccard": round(self.jaccard, 4),
            "containment": round(self.containment, 4),
            "aligned": None if self.aligned is None else round(self.aligned, 4),
        }
        if self.passages:
            out["passages"] = [p.to_dict() for p in self.passages]
        if self.notes:
            out["notes"] = list(self.notes)
        return out


@dataclass(frozen=True)
class Cluster:
    """An original and its verified copies. ``members`` includes the original."""

    id: str
    original: str
    original_confidence: float
    original_evidence: tuple[str, ...]
    members: tuple[str, ...]
    links: tuple[Link, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "original": self.original,
            "original_confidence": round(self.original_confidence, 4),
            "original_evidence": list(self.original_evidence),
            "members": list(self.members),
            "links": [link.to_dict() for link in self.links],
        }


@dataclass(frozen=True)
class UncheckedPair:
    """A candidate pair that could not be verified (e.g. a language the encoder lacks)."""

    a: str
    b: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "reason": self.reason}


SCHEMA = "dedup.report/1"


@dataclass(frozen=True)
class Report:
    """The result of a batch scan (the ``dedup.report/1`` contract).

    ``cross_links`` are verified links between articles that ended in different
    clusters (or between a cluster member and a unique article): clustering is
    anchored on originals and never merges transitively, so such links are kept
    here instead of being lost. ``unchecked`` are candidate pairs that could not
    be verified (a language the multilingual encoder does not cover), with why.
    """

    tool: dict[str, str]
    params: dict[str, Any]
    articles: tuple[ArticleInfo, ...]
    clusters: tuple[Cluster, ...]
    unique: tuple[str, ...]
    errors: tuple[InputProblem, ...] = ()
    cross_links: tuple[Link, ...] = ()
    unchecked: tuple[UncheckedPair, ...] = ()
    schema: str = SCHEMA

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "tool": dict(self.tool),
            "params": dict(self.params),
            "articles": [a.to_dict() for a in self.articles],
            "clusters": [c.to_dict() for c in self.clusters],
            "unique": list(self.unique),
            "errors": [e.to_dict() for e in self.errors],
            "cross_links": [link.to_dict() for link in self.cross_links],
            "unchecked": [u.to_dict() for u in self.unchecked],
        }

    def cluster_of(self, article_id: str) -> Cluster | None:
        """The cluster that holds ``article_id``, or None when it is unique or unknown."""
        for cluster in self.clusters:
            if article_id in cluster.members:
                return cluster
        return None


@dataclass(frozen=True)
class Comparison:
    """The full explanation of one pair (``dedup compare``)."""

    a: ArticleInfo
    b: ArticleInfo
    jaccard: float
    containment_a_in_b: float
    containment_b_in_a: float
    aligned: float | None
    link: Link | None
    reason: str
    passages: tuple[Passage, ...] = field(default=())


Verdict = Literal["unique", "copy", "duplicate-id"]
VERDICTS: tuple[Verdict, ...] = ("unique", "copy", "duplicate-id")


@dataclass(frozen=True)
class Match:
    """An indexed article the new one was verified against and found to copy.

    ``containment`` is the share of the new article's shingles found in the
    match; ``aligned`` the aligned sentence coverage when the encoder decided.
    """

    id: str
    relation: Relation
    score: float
    jaccard: float
    containment: float
    aligned: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "relation": self.relation,
            "score": round(self.score, 4),
            "jaccard": round(self.jaccard, 4),
            "containment": round(self.containment, 4),
            "aligned": None if self.aligned is None else round(self.aligned, 4),
        }

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> Match:
        return cls(
            id=str(row["id"]),
            relation=row["relation"],
            score=float(row["score"]),
            jaccard=float(row["jaccard"]),
            containment=float(row["containment"]),
            aligned=None if row.get("aligned") is None else float(row["aligned"]),
        )


@dataclass(frozen=True)
class Decision:
    """What the pipeline pre-filter decided about one incoming article.

    ``decision`` is ``unique`` (admit it), ``copy`` (of ``matches[0].id``: the
    best match, already in the index) or ``duplicate-id`` (the id is already
    indexed with a different text; the article is not indexed again).
    ``replayed`` is true when the id had been decided before with the same text:
    the stored decision is returned unchanged, so a re-sent article (after a
    restart, a retry, a crash) gets the same answer.
    """

    id: str
    decision: Verdict
    relation: Relation | None
    matches: tuple[Match, ...]
    reason: str
    replayed: bool = False

    @property
    def matched(self) -> tuple[str, ...]:
        """Ids of the matched articles, best first."""
        return tuple(m.id for m in self.matches)

    @property
    def is_unique(self) -> bool:
        return self.decision == "unique"

    @property
    def reason_code(self) -> str:
        """The counter this decision adds to: ``unique``, a relation, ``duplicate-id``,
        or ``replayed``."""
        if self.replayed:
            return "replayed"
        return self.relation or self.decision

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "decision": self.decision,
            "relation": self.relation,
            "matched": list(self.matched),
            "matches": [m.to_dict() for m in self.matches],
            "reason": self.reason,
            "replayed": self.replayed,
        }

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> Decision:
        return cls(
            id=str(row["id"]),
            decision=row["decision"],
            relation=row.get("relation"),
            matches=tuple(Match.from_dict(m) for m in row.get("matches", ())),
            reason=str(row.get("reason", "")),
            replayed=bool(row.get("replayed", False)),
        )
