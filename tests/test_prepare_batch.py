"""Fingerprints are the same whether an article is prepared alone, in a batch or on two cores."""

from __future__ import annotations

import numpy as np
import pytest

import dedup.prepare.parallel as parallel
from dedup.config import Config
from dedup.models import Article
from dedup.prepare.article import prepare, prepare_many
from dedup.prepare.normalize import normalize_text, tokenize
from dedup.prepare.parallel import prepare_all
from dedup.prepare.signature import signature
from dedup.prepare.tokenhash import hash_text


@pytest.fixture
def articles(seed_text) -> list[Article]:
    texts = [seed_text(f"00{n}") for n in range(5)] + [
        "Short.",
        "東京都は晴れ。今日は良い天気です。明日も晴れるでしょう。",
        "Naïve café “quotes” — Straße, twelve words in a line of plain text here.",
        "...",
    ]
    return [Article(f"a{n}", text, lang="en") for n, text in enumerate(texts)]


def _fingerprints(prepared):
    return [
        (p.id, p.content_hash, p.n_tokens, p.shingles.tolist(), p.signature.tolist())
        for p in prepared
    ]


def test_batch_equals_one_at_a_time_and_the_definition(articles):
    config = Config()
    batch = prepare_many(articles, config)
    alone = [prepare(a, config) for a in articles]
    assert _fingerprints(batch) == _fingerprints(alone)
    for p in batch:
        normalized = normalize_text(p.content)
        assert p.n_tokens == len(tokenize(normalized))
        np.testing.assert_array_equal(p.shingles, hash_text(normalized, config.shingle.k))
        np.testing.assert_array_equal(p.signature, signature(p.shingles))
        assert p.signature.dtype == np.uint32


def test_two_workers_equal_one(articles, monkeypatch):
    monkeypatch.setattr(parallel, "CHUNK", 3)  # several chunks per worker
    config = Config()
    one = prepare_all(articles, config, workers=1)
    two = prepare_all(articles, config, workers=2)
    assert _fingerprints(one) == _fingerprints(two)
    assert [p.info for p in one] == [p.info for p in two]
