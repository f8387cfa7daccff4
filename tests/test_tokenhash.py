"""Shingle hashes from token bytes: exact against the written definition, in any script."""

from __future__ import annotations

import datasketch
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.prepare.normalize import normalize_text, tokenize
from dedup.prepare.signature import EMPTY, signature, signatures, signatures_flat
from dedup.prepare.tokenhash import M, P, hash_text, hash_texts, shingle_hashes, token_hash

MASK = (1 << 64) - 1


def fmix64(h: int) -> int:
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & MASK
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & MASK
    return h ^ (h >> 33)


def reference_token(token: str) -> int:
    """The module docstring's definition, with Python integers only."""
    total = sum(ord(ch) * pow(P, j, 1 << 64) for j, ch in enumerate(token)) + len(token)
    return fmix64(total & MASK)


def reference(text: str, k: int) -> list[int]:
    tokens = [reference_token(t) for t in tokenize(text)]
    if not tokens:
        return []
    w = min(k, len(tokens))
    found = set()
    for i in range(len(tokens) - w + 1):
        h = tokens[i]
        for t in tokens[i + 1 : i + w]:
            h = ((h * M) & MASK) ^ t
        found.add(fmix64(h ^ w))
    return sorted(found)


def test_token_hash_is_the_definition():
    for token in ["a", "reuters", "2026", "naïve", "日", "straße", "x" * 300]:
        assert token_hash(token) == reference_token(token)


TEXTS = [
    "",
    "   ...  !",
    "one",
    "two words",
    "exactly five words in here",
    "six words are in this text",
    "The quick brown fox jumps over the lazy dog, and the dog sleeps on.",
    "naïve café: “quotes” — and dashes, Ünïcödé after NFKC",
    "東京都は晴れ。今日は良い天気です。",
    "Ελληνικά κείμενα και русский текст вместе 123",
    "a a a a a a a a a a a a",
    "lone \ud800 surrogate\udfffhere and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 beyond the BMP, ผ่านไป ๑๒๓",
    "ﬁ ligatures, ２０２６ full width, combining e\u0301 and \u200d joiners",
]


@pytest.mark.parametrize("k", [1, 3, 5])
@pytest.mark.parametrize("text", TEXTS)
def test_hash_text_is_the_definition(text, k):
    normalized = normalize_text(text)
    assert hash_text(normalized, k).tolist() == reference(normalized, k)


def test_batch_equals_one_at_a_time_mixing_ascii_and_other_scripts():
    normalized = [normalize_text(t) for t in TEXTS * 3]
    batch = hash_texts(normalized, 5)
    assert [h.tolist() for h in batch] == [reference(t, 5) for t in normalized]


def test_batches_larger_than_the_byte_budget(monkeypatch):
    import dedup.prepare.tokenhash as tokenhash

    monkeypatch.setattr(tokenhash, "BATCH_BYTES", 40)
    normalized = [normalize_text(t) for t in TEXTS * 2]
    flat = shingle_hashes(normalized, 5)
    assert [h.tolist() for h in flat.sets()] == [reference(t, 5) for t in normalized]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=8), st.integers(1, 6))
def test_any_unicode_batch_is_the_definition(texts, k):
    normalized = [normalize_text(t) for t in texts]
    assert [h.tolist() for h in hash_texts(normalized, k)] == [reference(t, k) for t in normalized]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_fast_tokenizer_equals_the_unicode_pattern(text):
    from dedup.prepare.normalize import _TOKEN

    assert tokenize(text) == _TOKEN.findall(text)


def test_signature_equals_datasketch_given_the_same_32_bit_hashes(seed_text):
    """datasketch's MinHash fed our shingle hashes' low 32 bits through ``hashfunc``."""
    shingles = hash_text(normalize_text(seed_text("000")), 5)
    low = [int(h) & 0xFFFFFFFF for h in shingles]
    for num_perm, seed in [(128, 1), (64, 7)]:
        one = datasketch.MinHash(num_perm=num_perm, seed=seed, hashfunc=lambda x: x)
        one.update_batch(low)
        each = datasketch.MinHash(num_perm=num_perm, seed=seed, hashfunc=lambda x: x)
        for h in low:
            each.update(h)
        ours = signature(shingles, num_perm=num_perm, seed=seed)
        np.testing.assert_array_equal(ours, one.hashvalues)
        np.testing.assert_array_equal(ours, each.hashvalues)


def test_signature_matrix_rows_equal_one_at_a_time(seed_text, monkeypatch):
    import dedup.prepare.signature as sig

    sets = [hash_text(normalize_text(t), 5) for t in TEXTS] + [
        hash_text(normalize_text(seed_text("000")), 5)
    ]
    monkeypatch.setattr(sig, "_BLOCK", 16)  # many blocks, and sets larger than one
    matrix = signatures(sets, num_perm=64, seed=3)
    assert matrix.dtype == np.uint32 and matrix.shape == (len(sets), 64)
    for row, s in zip(matrix, sets, strict=True):
        np.testing.assert_array_equal(row, signature(s, num_perm=64, seed=3))
    assert (matrix[0] == EMPTY).all()


def test_order_and_repeats_do_not_change_a_signature():
    flat = shingle_hashes([normalize_text(t) for t in TEXTS], 2)
    sets = flat.sets()
    np.testing.assert_array_equal(signatures_flat(flat.hashes, flat.offsets), signatures(sets))


def test_same_shingle_sets_as_the_string_form(seed_text):
    """One hash per distinct shingle string: the sets are the same, only the values differ."""
    from dedup.prepare.shingle import shingles

    for n in range(5):
        tokens = tokenize(normalize_text(seed_text(f"00{n}")))
        for k in (1, 5):
            distinct = set(shingles(tokens, k))
            assert hash_text(" ".join(tokens), k).size == len(distinct)
