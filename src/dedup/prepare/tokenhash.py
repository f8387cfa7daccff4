"""Shingle hashes computed from the characters of a text, without building shingle strings.

Scheme (:data:`SHINGLE_HASH`; an index built with another scheme is not
comparable), all arithmetic modulo ``2**64``:

* a token of code points ``c_0 .. c_{L-1}`` hashes to
  ``fmix64(c_0 + c_1 P + .. + c_{L-1} P^{L-1} + L)`` with ``P`` the odd constant
  :data:`P` and ``fmix64`` MurmurHash3's 64-bit finalizer;
* the shingle of tokens ``t_1 .. t_w`` (``w = k``, or the whole text when it
  has fewer than ``k`` tokens, as :func:`dedup.prepare.shingle.shingles` does) hashes
  to ``fmix64(((..((t_1 M) ^ t_2) M ^ ..) ^ t_w) ^ w)`` with ``M`` the odd
  constant :data:`M`: multiplying by an odd constant makes the combination
  order-sensitive, and the finalizer spreads every bit over the low 32 bits
  MinHash reads.

The polynomial is what makes this fast: with prefix sums
``S_i = sum_{j<i} c_j P^j`` over a whole batch of texts laid end to end, the
token ``[s, e)`` has ``sum = (S_e - S_s) P^{-s}`` (``P`` is odd, so invertible
modulo ``2**64``). Every token of every text is hashed by a few whole-array
numpy operations, and no token becomes a Python string: token boundaries come
from a table of character classes that gives exactly the split of
:func:`dedup.prepare.normalize.tokenize` (filled for ASCII, and for other characters
by ``tokenize``'s own pattern the first time each is seen). A polynomial
modulo ``2**64`` has known colliding inputs (Thue-Morse strings of thousands of
characters); a collision can only add a shared shingle, and tokens are words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import regex

from dedup.prepare.normalize import _UNSPACED
from dedup.prepare.shingle import ShingleSet

#: Name of this scheme; an index built with another shingle hash is not comparable.
SHINGLE_HASH = "poly64-mulxor-fmix64"

P = 0x100000001B3  # the 64-bit FNV prime: odd, with bits spread over its width
M = 0x9E3779B97F4A7C15  # 2**64 / golden ratio, odd
_MASK = (1 << 64) - 1
_P_INV = pow(P, -1, 1 << 64)
_FMIX = (np.uint64(33), np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53))

# Texts are hashed in batches of at most this many characters (one long text
# may exceed it alone): the prefix sums and powers take 8 bytes per character.
BATCH_BYTES = 1 << 18

# ASCII bytes that :func:`dedup.prepare.normalize.tokenize` keeps in tokens: [A-Za-z0-9].
_WORD = np.zeros(256, dtype=bool)
for _lo, _hi in ((b"0", b"9"), (b"A", b"Z"), (b"a", b"z")):
    _WORD[_lo[0] : _hi[0] + 1] = True


def fmix64(h: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """MurmurHash3's 64-bit finalizer, in place on ``h`` (which is returned)."""
    shift, m1, m2 = _FMIX
    h ^= h >> shift
    h *= m1
    h ^= h >> shift
    h *= m2
    h ^= h >> shift
    return h


def _powers(size: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """``P**j`` and ``P**-j`` modulo ``2**64`` for ``j < size``; kept for batch sizes,
    made afresh for the rare longer text (16 bytes per character)."""
    return _cached_powers(size) if size <= 2 * BATCH_BYTES else _make_powers(size)


@lru_cache(maxsize=4)
def _cached_powers(size: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    return _make_powers(size)


def _make_powers(size: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    with np.errstate(over="ignore"):
        up = np.full(size, P, dtype=np.uint64)
        up[0] = 1
        np.multiply.accumulate(up, out=up)
        down = np.full(size, _P_INV, dtype=np.uint64)
        down[0] = 1
        np.multiply.accumulate(down, out=down)
    up.setflags(write=False)
    down.setflags(write=False)
    return up, down


def _hash_spans(
    data: npt.NDArray[np.uint8] | npt.NDArray[np.uint32],
    starts: npt.NDArray[np.int64],
    ends: npt.NDArray[np.int64],
) -> npt.NDArray[np.uint64]:
    """The token hash of each span ``data[starts[i]:ends[i]]`` of code points."""
    size = 1 << max(10, int(data.size).bit_length())  # few distinct sizes for the cache
    up, down = _powers(size)
    prefix = np.zeros(data.size + 1, dtype=np.uint64)
    np.multiply(data, up[: data.size], out=prefix[1:])
    np.add.accumulate(prefix, out=prefix)
    h = prefix[ends] - prefix[starts]
    h *= down[starts]
    h += (ends - starts).astype(np.uint64)
    return fmix64(h)


def token_hash(token: str) -> int:
    """The hash of one token, computed from the definition with Python integers."""
    total = sum(ord(ch) * pow(P, j, 1 << 64) for j, ch in enumerate(token)) + len(token)
    return int(fmix64(np.array([total & _MASK], dtype=np.uint64))[0])


@dataclass(frozen=True)
class TokenHashes:
    """The token hashes of a batch of texts, end to end; text ``i`` owns
    ``hashes[offsets[i]:offsets[i + 1]]``."""

    hashes: npt.NDArray[np.uint64]
    offsets: npt.NDArray[np.int64]


# Character classes of :func:`dedup.prepare.normalize.tokenize`: 0 separator, 1 word
# character (runs of them are tokens), 2 unspaced script (one token each).
_SEPARATOR, _WORDCHAR, _UNSPACED_CHAR, _UNKNOWN = 0, 1, 2, 255
_UNSPACED_ONE = regex.compile(rf"[{_UNSPACED}]", regex.V1)
_WORD_ONE = regex.compile(rf"[[\w]--[{_UNSPACED}_]]", regex.V1)
_classes: npt.NDArray[np.uint8] | None = None


def _class_table() -> npt.NDArray[np.uint8]:
    """The class of every code point, ASCII filled in, the rest learnt on first sight."""
    global _classes
    if _classes is None:
        table = np.full(0x110000, _UNKNOWN, dtype=np.uint8)
        table[:128] = np.where(_WORD[:128], _WORDCHAR, _SEPARATOR)
        _classes = table
    return _classes


def _classify(points: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint8]:
    """The class of each code point; unseen ones are classified by ``tokenize``'s own
    pattern, one character at a time (so the split is exactly ``tokenize``'s)."""
    table = _class_table()
    found = table[points]
    unknown = found == _UNKNOWN
    if unknown.any():
        for point in np.unique(points[unknown]).tolist():
            ch = chr(point)
            table[point] = (
                _UNSPACED_CHAR
                if _UNSPACED_ONE.fullmatch(ch)
                else _WORDCHAR
                if _WORD_ONE.fullmatch(ch)
                else _SEPARATOR
            )
        found = table[points]
    return found


def _layout(texts: Sequence[str]) -> TokenHashes:
    """Token hashes of ``texts`` (already normalised), in one pass over their characters.

    The texts are joined by newlines (a separator) and read as code points:
    one byte each when all are ASCII, else UTF-32. A token starts at a word
    character after a non-word one and ends before the next non-word one; an
    unspaced-script character is a token by itself.
    """
    joined = "\n".join(texts)
    if joined.isascii():
        points: npt.NDArray[np.uint8] | npt.NDArray[np.uint32] = np.frombuffer(
            joined.encode("ascii"), dtype=np.uint8
        )
        word = np.zeros(points.size + 2, dtype=bool)
        word[1:-1] = _WORD[points]
        edges = np.flatnonzero(word[1:] != word[:-1])
        starts, ends = edges[0::2], edges[1::2]
    else:
        points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        kind = np.full(points.size + 2, _SEPARATOR, dtype=np.uint8)
        kind[1:-1] = _classify(points)
        inner, before, after = kind[1:-1], kind[:-2], kind[2:]
        single = inner == _UNSPACED_CHAR
        runs = inner == _WORDCHAR
        starts = np.flatnonzero(single | (runs & (before != _WORDCHAR)))
        ends = np.flatnonzero(single | (runs & (after != _WORDCHAR))) + 1
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    if len(texts) == 1:
        offsets[1] = starts.size
    else:
        text_ends = np.cumsum(np.fromiter((len(t) + 1 for t in texts), np.int64, len(texts)))
        offsets[1:] = np.searchsorted(starts, text_ends)
    return TokenHashes(_hash_spans(points, starts, ends), offsets)


def _combine(th: npt.NDArray[np.uint64], m: int, w: int) -> npt.NDArray[np.uint64]:
    """The ``m`` shingle hashes of width ``w`` starting at each of ``th[:m]``."""
    h = th[:m].copy()
    for j in range(1, w):
        h *= np.uint64(M)
        h ^= th[j : j + m]
    h ^= np.uint64(w)
    return fmix64(h)


@dataclass(frozen=True)
class ShingleHashes:
    """The shingle hashes of a batch of texts, end to end, unsorted, with repeats;
    text ``i`` owns ``hashes[offsets[i]:offsets[i + 1]]``."""

    hashes: npt.NDArray[np.uint64]
    offsets: npt.NDArray[np.int64]

    def sets(self) -> list[ShingleSet]:
        """Each text's sorted unique hashes."""
        out: list[ShingleSet] = []
        bounds = self.offsets.tolist()
        for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
            s = np.sort(self.hashes[lo:hi])
            if s.size > 1:
                keep = np.empty(s.size, dtype=bool)
                keep[0] = True
                np.not_equal(s[1:], s[:-1], out=keep[1:])
                s = s[keep]
            out.append(s)
        return out


def _shingle_batch(texts: Sequence[str], k: int) -> ShingleHashes:
    tokens = _layout(texts)
    th, offsets = tokens.hashes, tokens.offsets
    n = offsets[1:] - offsets[:-1]
    windows = np.where(n >= k, n - k + 1, np.minimum(n, 1))
    out_offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(windows, out=out_offsets[1:])
    combined = _combine(th, th.size - k + 1, k) if th.size >= k else np.zeros(0, np.uint64)
    # Window i of text t starts at token offsets[t] + i: gather the valid ones.
    owner = np.repeat(np.arange(len(texts)), windows)
    position = np.arange(int(out_offsets[-1]), dtype=np.int64) - out_offsets[owner] + offsets[owner]
    full = (n >= k)[owner]
    hashes = np.empty(position.size, dtype=np.uint64)
    hashes[full] = combined[position[full]]
    for t in np.flatnonzero((n > 0) & (n < k)).tolist():
        lo, w = int(offsets[t]), int(n[t])
        hashes[out_offsets[t]] = _combine(th[lo : lo + w], 1, w)[0]
    return ShingleHashes(hashes, out_offsets)


def shingle_hashes(texts: Sequence[str], k: int) -> ShingleHashes:
    """The shingle hashes of already normalised ``texts``, batch by batch."""
    parts: list[ShingleHashes] = []
    first = 0
    while first < len(texts):
        last, size = first, 0
        while last < len(texts) and (last == first or size + len(texts[last]) <= BATCH_BYTES):
            size += len(texts[last])  # characters: a close enough bound on bytes here
            last += 1
        parts.append(_shingle_batch(texts[first:last], k))
        first = last
    if not parts:
        return ShingleHashes(np.zeros(0, dtype=np.uint64), np.zeros(1, dtype=np.int64))
    if len(parts) == 1:
        return parts[0]
    shift = np.cumsum([0] + [int(p.offsets[-1]) for p in parts[:-1]])
    return ShingleHashes(
        np.concatenate([p.hashes for p in parts]),
        np.concatenate(
            [parts[0].offsets[:1]] + [p.offsets[1:] + s for p, s in zip(parts, shift, strict=True)]
        ),
    )


def hash_texts(texts: Sequence[str], k: int) -> list[ShingleSet]:
    """Sorted unique shingle hashes of each already normalised text."""
    return shingle_hashes(texts, k).sets()


def hash_text(text: str, k: int) -> ShingleSet:
    """Sorted unique shingle hashes of one already normalised text."""
    return hash_texts([text], k)[0]
