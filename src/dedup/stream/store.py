"""Durable indexes for the pipeline pre-filter: what they keep, and the interface they share.

The filter (:mod:`dedup.stream.filter`) decides about each incoming article against
everything indexed before it. An index keeps, per article: its id, content
hash, shingle set (exact verification needs it, as in a batch scan), MinHash
signature, LSH band keys, and the decision it received (so a re-sent id gets
the same answer). With the semantic stage on, it also keeps a *window* of
recent articles: lead vector, language and the article itself, for
translations and rewrites.

Two implementations share the :class:`IndexStore` protocol:

* :class:`dedup.stream.sqlite_store.SQLiteStore`: one file, WAL journal, one transaction
  per admitted article. A transaction is all or nothing, so ``kill -9`` at any
  moment leaves every article either fully indexed (with its decision) or not
  at all. Several processes may share the file: the write lock
  (``BEGIN IMMEDIATE``) is taken *before* the check, so check-and-add is atomic.
* :class:`dedup.stream.redis_store.RedisStore`: ``redis://host:port/db``, for many
  workers on several machines; optimistic transactions (WATCH/MULTI).

LSH banding is the one ``datasketch.MinHashLSH`` picks for the configured
threshold and number of permutations (:func:`lsh_bands`), so the filter's
candidates are those of a batch scan. A band key is 8 bytes of BLAKE2b of the
band number and the band's signature values: equal bands always give equal keys;
a collision only adds a candidate, which verification then rejects.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from dedup.config import Config
from dedup.errors import DedupError
from dedup.lexical.bands import lsh_bands
from dedup.models import Article, Decision
from dedup.prepare.shingle import ShingleSet
from dedup.prepare.signature import Signature
from dedup.prepare.tokenhash import SHINGLE_HASH

__all__ = [
    "Fingerprint",
    "IndexStore",
    "IndexView",
    "Indexed",
    "StoreError",
    "WindowEntry",
    "stored_band_keys",
    "index_params",
    "lsh_bands",
]


class StoreError(DedupError):
    """The index cannot be opened or used (wrong file, other parameters, server down)."""


def stored_band_keys(sig: Signature, bands: int, rows: int) -> list[int]:
    """One signed 64-bit key per LSH band of ``sig`` as the SQLite/Redis indexes store it
    (SQLite integers are signed). BLAKE2b per band, salted by band number: the on-disk
    format of index format 2. Not :func:`dedup.lexical.bands.band_keys`, the in-memory packed
    ``uint64`` keys of a batch scan."""
    data = np.ascontiguousarray(sig[: bands * rows], dtype="<u4").tobytes()
    width = rows * 4
    blake = hashlib.blake2b
    return [
        int.from_bytes(
            blake(data[i * width : (i + 1) * width], digest_size=8, salt=i.to_bytes(16, "little"))
            .digest(),
            "little",
            signed=True,
        )
        for i in range(bands)
    ]


def index_params(config: Config) -> dict[str, Any]:
    """The parameters an index is built with; an index opened with others is refused
    (its signatures and bands would not be comparable)."""
    bands, rows = lsh_bands(config.lsh.threshold, config.minhash.num_perm)
    return {
        # 2: shingle hashes from dedup.prepare.tokenhash (format 1 hashed shingle strings
        # with SHA-1); the two give incomparable sets and signatures.
        "format": 2,
        "shingle_hash": SHINGLE_HASH,
        "shingle_k": config.shingle.k,
        "num_perm": config.minhash.num_perm,
        "seed": config.minhash.seed,
        "lsh_bands": bands,
        "lsh_rows": rows,
    }


def params_mismatch(location: str, stored: str, params: dict[str, Any]) -> StoreError | None:
    """The error for an index built with other parameters than ``params``, if it was."""
    built = json.loads(stored)
    if built == params:
        return None
    wanted = json.dumps(params, sort_keys=True)
    if built.get("format") != params["format"]:
        return StoreError(
            f"index {location} was built by another version of dedup (index format "
            f"{built.get('format')}, this one reads {params['format']}): build a new index"
        )
    return StoreError(
        f"index {location} was built with {stored}, not {wanted}: use the same "
        "--shingle-k, --num-perm and --lsh-threshold, or a new index"
    )


@dataclass(frozen=True, eq=False)
class Indexed:
    """An indexed article as verification sees it (satisfies ``relate.Fingerprinted``)."""

    seq: int
    id: str
    content_hash: str
    n_tokens: int
    shingles: ShingleSet


@dataclass(frozen=True, eq=False)
class WindowEntry:
    """A recent article kept for translations and rewrites."""

    seq: int
    id: str
    added: float  # seconds since the epoch, when it was indexed
    lang: str | None
    vector: bytes  # float32 unit lead vector; empty when the language is not covered
    article: bytes  # zlib-compressed JSON of the Article fields


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """What is written for one admitted article."""

    id: str
    content_hash: str
    n_tokens: int
    shingles: ShingleSet
    signature: Signature
    bands: tuple[int, ...]  # empty when too short for lexical candidates
    added: float
    window: WindowEntry | None = None  # seq is assigned by the store


def pack_article(article: Article) -> bytes:
    fields = {
        k: getattr(article, k)
        for k in ("id", "text", "title", "url", "source", "published", "lang")
    }
    return zlib.compress(json.dumps(fields, ensure_ascii=False).encode("utf-8"), 6)


def unpack_article(blob: bytes) -> Article:
    return Article(**json.loads(zlib.decompress(blob).decode("utf-8")))


def shingles_from(blob: bytes) -> ShingleSet:
    return np.frombuffer(blob, dtype="<u8")


class IndexView(Protocol):
    """Read access to an index, inside a claim or a read-only check."""

    def prior(self, article_id: str) -> tuple[str, Decision] | None:
        """Content hash and decision of ``article_id`` if it is indexed."""

    def first_with_hash(self, content_hash: str) -> str | None:
        """The first indexed article with this content hash."""

    def candidates(self, bands: Sequence[int]) -> list[Indexed]:
        """Indexed articles sharing at least one band, in index order."""

    def recent(self, after: int, since: float) -> list[WindowEntry]:
        """Window entries with seq > ``after`` indexed at or after ``since``, in seq order."""


Decide = Callable[[IndexView], Decision]
Deliver = Callable[[Decision], None]


class IndexStore(Protocol):
    """An index the stream filter reads and writes; see the module docstring."""

    location: str

    def admit(self, fingerprint: Fingerprint, decide: Decide, *, semantic: bool,
              deliver: Deliver | None = None) -> Decision:
        """Atomically: run ``decide`` on the current index and, unless the decision is a
        replay or a duplicate id, write ``fingerprint`` with it. With ``semantic`` the
        claim also conflicts with any concurrent addition to the window.

        ``deliver(decision)`` is called once with the final decision, where losing it
        is least likely: SQLite calls it inside the transaction, just before the
        commit (its lock makes the decision final there: if the process dies before
        the commit, nothing was indexed and a resend delivers it again); Redis, whose
        claim is optimistic, right after the commit. An exception from it undoes the
        admission where it can (SQLite)."""

    def read(self) -> contextlib.AbstractContextManager[IndexView]:
        """A read-only view (for ``check``)."""

    def prune_window(self, before: float) -> int:
        """Forget window entries indexed before ``before``; returns how many."""

    def stats(self) -> dict[str, Any]:
        """Articles indexed, window entries, size in bytes."""

    def close(self) -> None: ...


