"""Prepare an article for comparison: content, metadata, language, fingerprints.

This is the one place where an :class:`~dedup.models.Article` becomes a
:class:`PreparedArticle`; every later stage (candidates, relations, clusters,
attribution) reads only prepared articles.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from dedup.config import Config
from dedup.models import Article, ArticleInfo
from dedup.prepare.boilerplate import is_boilerplate
from dedup.prepare.credits import AGENCIES
from dedup.prepare.dates import parse_date
from dedup.prepare.language import detect_language, detect_languages
from dedup.prepare.metadata import TextMetadata, extract_metadata
from dedup.prepare.metalines import norm
from dedup.prepare.normalize import normalize_text, tokenize
from dedup.prepare.shingle import ShingleSet
from dedup.prepare.signature import Signature, signatures_flat
from dedup.prepare.tokenhash import shingle_hashes


@dataclass(frozen=True, eq=False)
class PreparedArticle:
    """An article with everything the comparison stages need, computed once."""

    article: Article
    info: ArticleInfo
    metadata: TextMetadata
    content: str  # the content lines (metadata and boilerplate removed), as written
    content_hash: str  # of the normalised token sequence: equal hashes = `exact`
    n_tokens: int
    shingles: ShingleSet
    signature: Signature

    @property
    def id(self) -> str:
        return self.article.id


def content_lines(text: str, metadata: TextMetadata) -> list[str]:
    """The lines a reader reads as the article: no metadata, no boilerplate, no blanks."""
    return [text[lo:hi] for lo, hi in content_spans(text, metadata)]


def content_spans(text: str, metadata: TextMetadata) -> list[tuple[int, int]]:
    """Where :func:`content_lines` stand in ``text`` (character offsets), so that
    passages found in the content can be shown in the text as given."""
    spans = []
    at = 0
    for i, line in enumerate(text.split("\n")):
        if line.strip() and i not in metadata.meta_lines and not is_boilerplate(line):
            spans.append((at, at + len(line)))
        at += len(line) + 1
    return spans


def _iso_date(value: str | None) -> str | None:
    """A given ``published`` value as YYYY-MM-DD; ISO strings fast, others via dateparser."""
    if value is None or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return parse_date(value)


def parse(article: Article) -> tuple[TextMetadata, str]:
    """The article's metadata and content (the lines language detection reads)."""
    metadata = extract_metadata(article.text)
    return metadata, "\n".join(content_lines(article.text, metadata))


def prepare(
    article: Article,
    config: Config,
    *,
    parsed: tuple[TextMetadata, str] | None = None,
    language: tuple[str | None, float | None] | None = None,
    fingerprint: tuple[str, ShingleSet, Signature] | None = None,
) -> PreparedArticle:
    """Compute content, metadata, language and fingerprints of one article.

    ``parsed`` (:func:`parse` of the article), ``language`` (its detected
    language) and ``fingerprint`` (normalised content, shingle set, signature)
    are given by :func:`prepare_many`, which computes them for many articles first.
    """
    metadata, content = parsed if parsed is not None else parse(article)
    if fingerprint is None:
        fingerprint = _fingerprints([normalize_text(content)], config)[0]
    normalized, shingles, sig = fingerprint
    tokens = tokenize(normalized)
    lang: str | None
    lang_prob: float | None
    if article.lang:
        lang, lang_prob = article.lang, None
    elif language is not None:
        lang, lang_prob = language
    else:
        lang, lang_prob = detect_language(content, sample_chars=config.language.sample_chars)
    info = ArticleInfo(
        id=article.id,
        lang=lang,
        lang_prob=lang_prob,
        title=article.title or metadata.title,
        published=_iso_date(article.published) or metadata.published,
        source=article.source or metadata.publisher,
        url=article.url or metadata.url,
        byline=metadata.byline,
        credits=metadata.credits,
        words=len(tokens),
    )
    return PreparedArticle(
        article=article,
        info=info,
        metadata=metadata,
        content=content,
        content_hash=hashlib.blake2b(" ".join(tokens).encode("utf-8"), digest_size=16).hexdigest(),
        n_tokens=len(tokens),
        shingles=shingles,
        signature=sig,
    )


def _fingerprints(
    normalized: Sequence[str], config: Config
) -> list[tuple[str, ShingleSet, Signature]]:
    """Normalised text, shingle set and signature of each text, computed as one batch
    (:mod:`dedup.prepare.tokenhash`, :func:`~dedup.prepare.signature.signatures_flat`)."""
    found = shingle_hashes(normalized, config.shingle.k)
    matrix = signatures_flat(
        found.hashes, found.offsets, num_perm=config.minhash.num_perm, seed=config.minhash.seed
    )
    return list(zip(normalized, found.sets(), matrix, strict=True))


def prepare_many(articles: Sequence[Article], config: Config) -> list[PreparedArticle]:
    """:func:`prepare` of each article, the same results, languages detected together.

    Language detection is most of the cost of preparing an article alone;
    :func:`~dedup.prepare.language.detect_languages` makes it cheap by detecting a
    whole batch at once, so batches should hold a few hundred articles.
    """
    parsed = [parse(article) for article in articles]
    todo = [k for k, article in enumerate(articles) if not article.lang]
    found = detect_languages(
        [parsed[k][1] for k in todo], sample_chars=config.language.sample_chars
    )
    language = dict(zip(todo, found, strict=True))
    fingerprints = _fingerprints([normalize_text(content) for _, content in parsed], config)
    return [
        prepare(
            article, config, parsed=parsed[k], language=language.get(k), fingerprint=fingerprints[k]
        )
        for k, article in enumerate(articles)
    ]


def agency_copy(article: PreparedArticle) -> str | None:
    """The agency an article is wire copy of (its source, its byline's agency, an
    agency dateline or sign-off), or None."""
    for name in (article.info.source, article.metadata.publisher):
        agency = AGENCIES.get(norm(name)) if name else None
        if agency:
            return agency
    return next((c.value for c in article.info.credits if c.kind == "agency"), None)
