"""Shingle hashes computed from the bytes of a text, without building shingle strings.

Scheme (:data:`SHINGLE_HASH`; an index built with another scheme is not
comparable), all arithmetic modulo ``2**64``:

* a token with UTF-8 bytes ``c_0 .. c_{L-1}`` hashes to
  ``fmix64(c_0 + c_1 P + .. + c_{L-1} P^{L-1} + L)`` with ``P`` the odd constant
  :data:`P` and ``fmix64`` MurmurHash3's 64-bit finalizer;
* the shingle of tokens ``t_1 .. t_w`` (``w = k``, or the whole text when it
  has fewer than ``k`` tokens, as :func:`dedup.shingle.shingles` does) hashes
  to ``fmix64(((..((t_1 M) ^ t_2) M ^ ..) ^ t_w) ^ w)`` with ``M`` the odd
  constant :data:`M`: multiplying by an odd constant makes the combination
  order-sensitive, and the finalizer spreads every bit over the low 32 bits
  MinHash reads.

The polynomial is what makes this fast: with prefix sums
``S_i = sum_{j<i} c_j P^j`` over a whole batch of texts laid end to end, the
token ``[s, e)`` has ``sum = (S_e - S_s) P^{-s}`` (``P`` is odd, so invertible
modulo ``2**64``). Every token of every text is hashed by a few whole-array
numpy operations; ASCII texts (97% of reuters+bbc after NFKC) are not even
split into Python strings, their token boundaries come from a byte table that
matches :func:`dedup.normalize.tokenize` exactly on ASCII. Other texts are
tokenised by :func:`~dedup.normalize.tokenize` and their tokens laid out the
same way. A polynomial modulo ``2**64`` has known colliding inputs (Thue-Morse
strings of thousands of bytes); a collision can only add a shared shingle, and
tokens are words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from dedup.normalize import tokenize
from dedup.shingle import ShingleSet

#: Name of this scheme; an index built with another shingle hash is not comparable.
SHINGLE_HASH = "poly64-mulxor-fmix64"

P = 0x100000001B3  # the 64-bit FNV prime: odd, with bits spread over its width
M = 0x9E3779B97F4A7C15  # 2**64 / golden ratio, odd
_MASK = (1 << 64) - 1
_P_INV = pow(P, -1, 1 << 64)
_FMIX = (np.uint64(33), np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53))

# Texts are hashed in batches of at most this many bytes (one long text may
# exceed it alone): the prefix sums and powers take 8 bytes per byte of text.
BATCH_BYTES = 1 << 18

# ASCII bytes that :func:`dedup.normalize.tokenize` keeps in tokens: [A-Za-z0-9].
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


@lru_cache(maxsize=4)
def _powers(size: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """``P**j`` and ``P**-j`` modulo ``2**64`` for ``j < size`` (read-only)."""
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
    data: npt.NDArray[np.uint8], starts: npt.NDArray[np.int64], ends: npt.NDArray[np.int64]
) -> npt.NDArray[np.uint64]:
    """The token hash of each byte span ``data[starts[i]:ends[i]]``."""
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
    raw = token.encode("utf-8")
    total = sum(c * pow(P, j, 1 << 64) for j, c in enumerate(raw)) + len(raw)
    return int(fmix64(np.array([total & _MASK], dtype=np.uint64))[0])


@dataclass(frozen=True)
class TokenHashes:
    """The token hashes of a batch of texts, end to end; text ``i`` owns
    ``hashes[offsets[i]:offsets[i + 1]]``."""

    hashes: npt.NDArray[np.uint64]
    offsets: npt.NDArray[np.int64]


Spans = tuple[bytes, npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]


def _ascii_spans(texts: Sequence[str]) -> Spans:
    """Bytes, token spans and tokens per text of ASCII ``texts``, joined by newlines."""
    raw = "\n".join(texts).encode("ascii")
    word = np.zeros(len(raw) + 2, dtype=bool)
    word[1:-1] = _WORD[np.frombuffer(raw, dtype=np.uint8)]
    edges = np.flatnonzero(word[1:] != word[:-1])
    starts, ends = edges[0::2], edges[1::2]
    if len(texts) == 1:
        return raw, starts, ends, np.array([starts.size], dtype=np.int64)
    text_ends = np.cumsum(np.fromiter((len(t) + 1 for t in texts), np.int64, len(texts)))
    counts = np.searchsorted(starts, text_ends)
    counts[1:] -= counts[:-1].copy()
    return raw, starts, ends, counts


def _token_spans(texts: Sequence[str]) -> Spans:
    """The same for any texts, through :func:`~dedup.normalize.tokenize`."""
    token_lists = [tokenize(t) for t in texts]
    encoded = [t.encode("utf-8") for tokens in token_lists for t in tokens]
    lengths = np.fromiter(map(len, encoded), np.int64, len(encoded))
    ends = np.cumsum(lengths)
    counts = np.fromiter(map(len, token_lists), np.int64, len(token_lists))
    return b"".join(encoded), ends - lengths, ends, counts


def _layout(texts: Sequence[str]) -> TokenHashes:
    """Token hashes of ``texts`` (already normalised), in one pass over their bytes.

    ASCII texts are split by the byte table, the others by ``tokenize``; the
    two groups are hashed together and put back in input order.
    """
    if texts and (len(texts) == 1 or all(t.isascii() for t in texts)):
        raw, starts, ends, counts = (
            _ascii_spans(texts) if texts[0].isascii() else _token_spans(texts)
        )
        offsets = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        return TokenHashes(_hash_spans(np.frombuffer(raw, np.uint8), starts, ends), offsets)
    is_ascii = np.fromiter((t.isascii() for t in texts), dtype=bool, count=len(texts))
    ascii_ids = np.flatnonzero(is_ascii)
    other_ids = np.flatnonzero(~is_ascii)
    raw_a, starts_a, ends_a, counts_a = _ascii_spans([texts[i] for i in ascii_ids.tolist()])
    raw_o, starts_o, ends_o, counts_o = _token_spans([texts[i] for i in other_ids.tolist()])
    data = np.frombuffer(raw_a + raw_o, dtype=np.uint8)
    hashes = _hash_spans(
        data,
        np.concatenate([starts_a, starts_o + len(raw_a)]),
        np.concatenate([ends_a, ends_o + len(raw_a)]),
    )
    counts = np.zeros(len(texts), dtype=np.int64)
    counts[ascii_ids] = counts_a
    counts[other_ids] = counts_o
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    if other_ids.size:
        # Where each text's tokens sit in ``hashes`` (ASCII group first), gathered
        # into input order.
        source = np.zeros(len(texts), dtype=np.int64)
        source[ascii_ids] = np.cumsum(counts_a) - counts_a
        source[other_ids] = np.cumsum(counts_o) - counts_o + counts_a.sum()
        gather = np.repeat(source - offsets[:-1], counts) + np.arange(int(offsets[-1]))
        hashes = hashes[gather]
    return TokenHashes(hashes, offsets)


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
