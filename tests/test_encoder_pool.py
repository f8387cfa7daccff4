"""The encoder's vectors are the same on one process or several, chunk by chunk."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

import dedup.semantic.encoder_pool as encoder_pool
from dedup.semantic.encoder_pool import EncoderPool, one_blas_thread


class Fake:
    """A deterministic encoder: a sentence's vector from its hash, plus the size of
    the batch it came in (so a test sees how the list was cut)."""

    def encode(self, sentences):
        rows = []
        for s in sentences:
            digest = hashlib.blake2b(s.encode(), digest_size=8).digest()
            rows.append([b / 255 for b in digest] + [float(len(sentences))])
        return np.array(rows, dtype=np.float32)


def fake_model() -> Fake:
    return Fake()


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(encoder_pool, "MIN_SENTENCES", 40)
    monkeypatch.setattr(encoder_pool, "CHUNK", 16)


SENTENCES = [f"sentence number {n}" for n in range(200)]


def test_small_batches_are_one_call(small_chunks):
    out = EncoderPool(Fake().encode, 2, fake_model).encode(SENTENCES[:39])
    assert (out[:, -1] == 39).all()


def test_large_batches_are_cut_in_fixed_chunks_whatever_the_workers(small_chunks):
    one = EncoderPool(Fake().encode, 1, fake_model)
    seen: list[tuple[int, int]] = []
    alone = one.encode(SENTENCES, lambda done, total: seen.append((done, total)))
    assert alone[:, -1].tolist() == [16.0] * 192 + [8.0] * 8
    assert seen[-1] == (200, 200) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    two = EncoderPool(Fake().encode, 2, fake_model)
    try:
        together = two.encode(SENTENCES)
        again = two.encode(SENTENCES[::-1])
    finally:
        two.close()
    np.testing.assert_array_equal(alone, together)
    np.testing.assert_array_equal(Fake().encode(SENTENCES[:16]), together[:16])
    assert again.shape == (200, 9)


def test_one_blas_thread_limits_blas():
    from threadpoolctl import threadpool_info

    with one_blas_thread():
        assert all(p["num_threads"] == 1 for p in threadpool_info() if p["user_api"] == "blas")
