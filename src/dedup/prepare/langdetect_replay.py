"""langdetect's ``get_probabilities()``, bit for bit, for many texts at once.

langdetect estimates a text's language by 7 random walks ("trials"): each draws
n-grams of the text with ``random.choice`` and multiplies a 55-language
probability vector by ``alpha / 10000 + p(n-gram | language)``, normalising every
5 draws until one language exceeds 0.99999. It does this in a Python loop over
the 55 languages, ~330 draws per 500-character news sample: 3.5 ms per text.
This module replays the same walks with numpy and gets the same floats:

* IEEE multiplication, addition and division of two float64 are the same in
  numpy and in Python, so ``prob *= weight + row`` on a vector equals the loop
  as long as every drawn n-gram is one multiplication, in draw order (a pad
  draw multiplies by exactly 1.0, which changes nothing). The sum used to
  normalise is the one thing numpy does differently (``np.sum`` is pairwise):
  it is taken as :func:`row_sums` does, like the running interpreter's ``sum``.
* Every detection seeds its ``random.Random`` with the factory's seed, so all
  texts read the same MT19937 word stream, each from word 0; they differ only
  in how many words they consume. The stream is made once by that same
  ``random.Random`` (:class:`_WordStream`), and a draw is replayed as CPython
  does it: ``choice`` = ``getrandbits(k)`` (the top ``k`` bits of one word, ``k``
  = bit length of the list size) repeated until below the size; ``gauss`` at
  the start of trials 0, 2, 4, 6 reads four words (two ``random()``) and the
  next trial uses its cached second value.
* Texts advance in lockstep, one "block" (the draws between two
  normalisations) per round for every text still running, so numpy's per-call
  overhead is paid once per round for the whole batch, not per text.

Differences from langdetect are bugs: ``tests/test_langdetect_replay.py``
compares both on hundreds of texts and ``benchmarks/probes/language_agreement.py``
on every article of the eval sets.
"""

from __future__ import annotations

import math
import random
import sys
import threading
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from dedup.prepare.langdetect_ngrams import ProfileTable, detector_text, gram_rows

__all__ = ["Ranked", "probabilities", "probabilities_many", "row_sums"]

Ranked = list[tuple[str, float]]

# langdetect's Detector parameters (ALPHA_DEFAULT, ALPHA_WIDTH, ITERATION_LIMIT,
# CONV_THRESHOLD, BASE_FREQ, PROB_THRESHOLD are class attributes there; n_trial
# is set in __init__). Copied, not read, so that importing this module is free;
# the tests check them against langdetect's.
ALPHA = 0.5
ALPHA_WIDTH = 0.05
N_TRIAL = 7
ITERATION_LIMIT = 1000
CONV_THRESHOLD = 0.99999
BASE_FREQ = 10000
PROB_THRESHOLD = 0.1
# Draws between two normalisations (langdetect normalises when i % 5 == 0).
BLOCK = 5
# Stream words first searched for each text's draws: a 500-character news
# sample reads ~600 words (~330 draws, each accepted with probability > 1/2);
# a text that reads further gets its search doubled.
_FIRST_SPAN = 1024
# Texts searched per numpy call (bounds the temporary arrays to a few MB).
_SCAN_ROWS = 256
# Factor rows gathered when a lone text starts a trial (doubled when used up):
# most trials of a news sample end within 60 draws.
_FIRST_DRAWS = 64
# Stream words made at a time: a 500-character sample consumes ~600 words.
_STREAM_CHUNK = 1 << 16

_TWOPI = 2.0 * math.pi
_RES53 = 1.0 / 9007199254740992.0


class _WordStream:
    """The 32-bit outputs of ``random.Random(seed)``, in order, made on demand."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self.words: npt.NDArray[np.int64] = np.empty(0, dtype=np.int64)
        self._gauss: dict[int, tuple[float, float]] = {}

    def upto(self, n: int) -> npt.NDArray[np.int64]:
        """The stream, at least ``n`` words of it."""
        words = self.words
        if len(words) < n:
            with self._lock:
                words = self.words
                if len(words) < n:
                    count = max(n - len(words), len(words), _STREAM_CHUNK)
                    # getrandbits fills a long integer with 32-bit words from the least
                    # significant up, so its little-endian bytes are the words in order.
                    raw = self._rng.getrandbits(32 * count).to_bytes(4 * count, "little")
                    more = np.frombuffer(raw, dtype="<u4").astype(np.int64)
                    words = np.concatenate([words, more])
                    self.words = words
        return words

    def gauss(self, pos: int) -> tuple[float, float]:
        """``random.gauss``'s ``z`` and cached ``gauss_next``, from words ``pos`` to ``pos + 3``."""
        cached = self._gauss.get(pos)
        if cached is None:
            a, b, c, d = (int(w) for w in self.upto(pos + 4)[pos : pos + 4])
            first = ((a >> 5) * 67108864.0 + (b >> 6)) * _RES53  # random(), as in _randommodule.c
            second = ((c >> 5) * 67108864.0 + (d >> 6)) * _RES53
            x2pi = first * _TWOPI
            g2rad = math.sqrt(-2.0 * math.log(1.0 - second))
            cached = (math.cos(x2pi) * g2rad, math.sin(x2pi) * g2rad)
            self._gauss[pos] = cached
        return cached


_streams: dict[int, _WordStream] = {}
_streams_lock = threading.Lock()


def _stream(seed: int) -> _WordStream:
    with _streams_lock:
        stream = _streams.get(seed)
        if stream is None:
            stream = _streams[seed] = _WordStream(seed)
        return stream


if sys.version_info >= (3, 12):

    def row_sums(prob: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Each row's builtin ``sum``: compensated (Neumaier) since Python 3.12, so use it."""
        return np.array([sum(row) for row in prob.tolist()], dtype=np.float64)

else:

    def row_sums(prob: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Each row's builtin ``sum``: left to right before Python 3.12, as ``accumulate`` adds."""
        return np.add.accumulate(prob, axis=1)[:, -1]


def _weight(z: float) -> float:
    """``alpha / BASE_FREQ``, ``alpha = ALPHA + gauss * ALPHA_WIDTH``, as langdetect computes it."""
    gauss = 0.0 + z * 1.0  # random.gauss returns mu + z * sigma
    return (ALPHA + gauss * ALPHA_WIDTH) / BASE_FREQ


class _Draws:
    """Each text's ``choice`` draws over a stretch of the stream, found for all texts at once.

    Text ``t``'s draws are ``drawn[start[t] : start[t] + count[t]]``: in stream
    order, the values of the words it accepts (``getrandbits(k) < size``)
    among the first ``span[t]`` words, and their stream positions in ``at``.
    A walk that reads beyond its span gets its draws found again over twice
    the span (:meth:`cover`), appended to the flat arrays.
    """

    def __init__(
        self,
        stream: _WordStream,
        sizes: npt.NDArray[np.int64],
        shifts: npt.NDArray[np.int64],
    ) -> None:
        self.stream = stream
        self.sizes = sizes
        self.shifts = shifts
        n = len(sizes)
        self.span = np.zeros(n, dtype=np.int64)
        self.start = np.zeros(n, dtype=np.int64)
        self.count = np.zeros(n, dtype=np.int64)
        self.drawn = np.empty(0, dtype=np.int64)
        self.at = np.empty(0, dtype=np.int64)
        self.used = 0
        self._scan(np.arange(n), _FIRST_SPAN)

    def _scan(self, texts: npt.NDArray[np.int64], span: int) -> None:
        words = self.stream.upto(span)[:span]
        for first in range(0, len(texts), _SCAN_ROWS):
            rows = texts[first : first + _SCAN_ROWS]
            bits = words[None, :] >> self.shifts[rows][:, None]
            accepted = bits < self.sizes[rows][:, None]
            count = accepted.sum(axis=1)
            total = int(count.sum())
            if self.used + total > len(self.drawn):  # grow geometrically
                capacity = max(self.used + total, 2 * len(self.drawn))
                self.drawn = np.resize(self.drawn, capacity)
                self.at = np.resize(self.at, capacity)
            which, cols = np.nonzero(accepted)  # row by row, in stream order
            place = self.used + np.arange(total)
            self.drawn[place] = bits[which, cols]
            self.at[place] = cols
            self.start[rows] = self.used + np.cumsum(count) - count
            self.count[rows] = count
            self.span[rows] = span
            self.used += total

    def cover(self, texts: npt.NDArray[np.int64], upto: npt.NDArray[np.int64]) -> None:
        """Make sure text ``texts[i]`` has at least ``upto[i]`` draws found."""
        short = upto > self.count[texts]
        while short.any():
            rows = texts[short]
            for span in np.unique(self.span[rows]).tolist():
                self._scan(rows[self.span[rows] == span], 2 * span)
            short = upto > self.count[texts]


def _replay(
    rows: Sequence[npt.NDArray[np.int64]], table: ProfileTable, seed: int
) -> npt.NDArray[np.float64]:
    """``Detector.langprob`` after ``_detect_block`` for each text (every ``rows`` non-empty)."""
    stream = _stream(seed)
    matrix = table.matrix
    n_texts, n_langs = len(rows), matrix.shape[1]
    sizes = np.array([len(r) for r in rows], dtype=np.int64)
    shifts = 32 - np.array([int(n).bit_length() for n in sizes.tolist()], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    flat = np.concatenate(list(rows))
    uniform = 1.0 / n_langs
    draws = _Draws(stream, sizes, shifts)
    steps = np.arange(BLOCK)

    z, z_next = stream.gauss(0)
    weight = np.full(n_texts, _weight(z))
    cached = [z_next] * n_texts
    # Index in the text's draws of the next one; trial 0 starts after the gauss words.
    every = np.arange(n_texts)
    draws.cover(every, np.full(n_texts, 4))
    cursor = (draws.at[draws.start[:, None] + np.arange(4)] < 4).sum(axis=1)
    trial = np.zeros(n_texts, dtype=np.int64)
    block = np.zeros(n_texts, dtype=np.int64)  # blocks done in the current trial
    prob = np.full((n_texts, n_langs), uniform)
    langprob = np.zeros((n_texts, n_langs))
    active = np.arange(n_texts)
    while active.size:
        need = np.where(block[active] == 0, 1, BLOCK)
        first = cursor[active]
        draws.cover(active, first + need)
        index = np.minimum(first[:, None] + steps, draws.count[active][:, None] - 1)
        drawn = draws.drawn[draws.start[active][:, None] + index]
        factors = matrix[flat[offsets[active][:, None] + drawn]]
        factors += weight[active][:, None, None]
        factors[steps[None, :] >= need[:, None]] = 1.0  # the first block has one draw
        p = prob[active]
        for j in range(BLOCK):
            p *= factors[:, j]
        sums = row_sums(p)
        if not bool(sums.all()):
            raise ZeroDivisionError("float division by zero")  # as langdetect's sum would
        p /= sums[:, None]
        maxp = np.fmax.reduce(p, axis=1, initial=0.0)
        done = (maxp > CONV_THRESHOLD) | (BLOCK * block[active] >= ITERATION_LIMIT)
        prob[active] = p
        cursor[active] = first + need
        block[active] += 1
        if done.any():
            ended = active[done]
            langprob[ended] += prob[ended] / N_TRIAL
            trial[ended] += 1
            block[ended] = 0
            prob[ended] = uniform
            ended = ended[trial[ended] < N_TRIAL]
            # The stream word after the trial.
            end = draws.at[draws.start[ended] + cursor[ended] - 1] + 1
            for t, pos in zip(ended.tolist(), end.tolist(), strict=True):
                if trial[t] % 2 == 0:
                    z, cached[t] = stream.gauss(pos)
                    weight[t] = _weight(z)
                else:
                    weight[t] = _weight(cached[t])
            gauss = ended[trial[ended] % 2 == 0]  # skip the draws gauss's 4 words would give
            if gauss.size:
                start = draws.at[draws.start[gauss] + cursor[gauss] - 1] + 5
                draws.cover(gauss, cursor[gauss] + 4)
                ahead = draws.at[(draws.start[gauss] + cursor[gauss])[:, None] + np.arange(4)]
                cursor[gauss] += (ahead < start[:, None]).sum(axis=1)
            active = active[trial[active] < N_TRIAL]
    return langprob


def _replay_one(
    rows: npt.NDArray[np.int64], table: ProfileTable, seed: int
) -> npt.NDArray[np.float64]:
    """:func:`_replay` of one text, without the batch bookkeeping.

    A lone text cannot share numpy calls with others, so what remains is to
    make each call cheap: the text's accepted draws are found for a whole
    stretch of stream at once, each trial's factor rows gathered at once, and
    a block is five in-place multiplications of a 55-vector.
    """
    stream = _stream(seed)
    matrix = table.matrix
    n_langs = matrix.shape[1]
    size = len(rows)
    shift = 32 - size.bit_length()
    uniform = 1.0 / n_langs
    span = 0  # stream words scanned for accepted draws so far
    at: npt.NDArray[np.int64] = np.empty(0, dtype=np.int64)  # their stream positions
    drawn: npt.NDArray[np.int64] = np.empty(0, dtype=np.int64)  # their choice() values

    def scan(upto: int) -> None:
        nonlocal span, at, drawn
        words = stream.upto(upto)
        bits = words[span:upto] >> shift
        found = np.flatnonzero(bits < size)
        at = np.concatenate([at, found + span])
        drawn = np.concatenate([drawn, bits[found]])
        span = upto

    langprob = np.zeros(n_langs)
    pos = 0  # stream position
    z_next = 0.0
    for trial in range(N_TRIAL):
        if trial % 2 == 0:
            z, z_next = stream.gauss(pos)
            pos += 4
        else:
            z = z_next
        weight = _weight(z)
        if span <= pos:
            scan(max(2 * span, pos + 1024))
        first = int(np.searchsorted(at, pos))  # this trial's draw 0
        prob = np.full(n_langs, uniform)
        factors: npt.NDArray[np.float64] = np.empty((0, n_langs))
        i = 0  # langdetect's i: the last draw used
        while True:
            if i + BLOCK >= len(factors):  # rows for this block and the next ones
                ahead = max(2 * len(factors), _FIRST_DRAWS)
                while len(at) < first + ahead:
                    scan(max(2 * span, span + 4 * ahead))
                factors = matrix[rows[drawn[first : first + ahead]]]
                factors += weight
            for j in range(i - BLOCK + 1 if i else 0, i + 1):
                prob *= factors[j]
            total = row_sums(prob[None, :])[0]
            if total == 0.0:
                raise ZeroDivisionError("float division by zero")  # as langdetect's sum would
            prob /= total
            if float(np.fmax.reduce(prob, initial=0.0)) > CONV_THRESHOLD or i >= ITERATION_LIMIT:
                break
            i += BLOCK
        langprob += prob / N_TRIAL
        pos = int(at[first + i]) + 1
    return langprob


def _ranked(langs: Sequence[str], langprob: Sequence[float]) -> Ranked:
    """``Detector._sort_probability``: above ``PROB_THRESHOLD``, most probable first, stable."""
    kept = [(lang, p) for lang, p in zip(langs, langprob, strict=True) if p > PROB_THRESHOLD]
    kept.sort(key=lambda item: item[1], reverse=True)
    return kept


def probabilities_many(
    texts: Sequence[str], table: ProfileTable, seed: int
) -> list[Ranked | None]:
    """langdetect's ``get_probabilities()`` of each text, as (lang, prob) pairs.

    ``None`` where langdetect raises "No features in text". ``table`` and
    ``seed`` are those of the langdetect factory whose output is replayed.
    """
    features = [gram_rows(detector_text(text), table) for text in texts]
    todo = [k for k, rows in enumerate(features) if len(rows)]
    out: list[Ranked | None] = [None] * len(texts)
    if todo:
        if len(todo) == 1:
            langprob = _replay_one(features[todo[0]], table, seed)[None, :]
        else:
            langprob = _replay([features[k] for k in todo], table, seed)
        for k, row in zip(todo, langprob.tolist(), strict=True):
            out[k] = _ranked(table.langs, row)
    return out


def probabilities(text: str, table: ProfileTable, seed: int) -> Ranked:
    """langdetect's ``get_probabilities()`` of one text; raises ``LangDetectException`` as it."""
    (ranked,) = probabilities_many([text], table, seed)
    if ranked is None:
        from langdetect.lang_detect_exception import ErrorCode, LangDetectException

        raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
    return ranked
