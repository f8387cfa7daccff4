"""The vectorised MinHash must equal datasketch's own, bit for bit."""

from __future__ import annotations

import datasketch
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.prepare.normalize import normalize_text, tokenize
from dedup.prepare.shingle import shingle_set, shingles
from dedup.prepare.signature import EMPTY, permutations, signature


def _datasketch(shingle_strings: list[str], num_perm: int, seed: int) -> np.ndarray:
    m = datasketch.MinHash(num_perm=num_perm, seed=seed)
    m.update_batch([s.encode("utf-8") for s in shingle_strings])
    return m.hashvalues


@pytest.mark.parametrize("num_perm,seed", [(128, 1), (64, 7), (256, 42)])
def test_seed_article_signature_equals_datasketch(seed_text, num_perm, seed):
    tokens = tokenize(normalize_text(seed_text("000")))
    ours = signature(shingle_set(tokens, 5), num_perm=num_perm, seed=seed)
    assert ours.dtype == np.uint32
    np.testing.assert_array_equal(ours, _datasketch(shingles(tokens, 5), num_perm, seed))


def test_permutations_equal_datasketch():
    a, b = permutations(128, 1)
    ref = datasketch.MinHash(num_perm=128, seed=1).permutations
    np.testing.assert_array_equal(a, ref[0])
    np.testing.assert_array_equal(b, ref[1])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=60), st.integers(1, 6))
def test_any_text_signature_equals_datasketch(words, k):
    tokens = tokenize(normalize_text(" ".join(words)))
    if not tokens:
        return
    ours = signature(shingle_set(tokens, k), num_perm=32, seed=3)
    np.testing.assert_array_equal(ours, _datasketch(shingles(tokens, k), 32, 3))


def test_empty_set_is_datasketch_empty():
    assert (signature(shingle_set([], 5), num_perm=16) == EMPTY).all()
    assert (datasketch.MinHash(num_perm=16).hashvalues == EMPTY).all()
