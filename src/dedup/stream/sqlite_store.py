"""The embedded index of the pre-filter: one SQLite file (:class:`SQLiteStore`), WAL journal,
one transaction per admitted article, the write lock taken before the check so that
check-and-add is atomic across processes (the contract: :mod:`dedup.stream.store`).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from dedup.config import Config
from dedup.models import Decision
from dedup.stream.store import (
    Decide,
    Deliver,
    Fingerprint,
    Indexed,
    IndexView,
    StoreError,
    WindowEntry,
    index_params,
    params_mismatch,
    shingles_from,
)

__all__ = ["SQLiteStore"]


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    content_hash BLOB NOT NULL,
    n_tokens INTEGER NOT NULL,
    shingles BLOB NOT NULL,
    signature BLOB NOT NULL,
    decision TEXT NOT NULL,
    added REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS hashes (
    content_hash BLOB PRIMARY KEY, seq INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bands (
    key INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (key, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS window (
    seq INTEGER PRIMARY KEY,
    added REAL NOT NULL,
    lang TEXT,
    vector BLOB NOT NULL,
    article BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS window_added ON window (added);
"""


class _SQLiteView:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def prior(self, article_id: str) -> tuple[str, Decision] | None:
        row = self.db.execute(
            "SELECT content_hash, decision FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        return bytes(row[0]).hex(), Decision.from_dict(json.loads(row[1]))

    def first_with_hash(self, content_hash: str) -> str | None:
        row = self.db.execute(
            "SELECT a.id FROM hashes h JOIN articles a ON a.seq = h.seq WHERE h.content_hash = ?",
            (bytes.fromhex(content_hash),),
        ).fetchone()
        return None if row is None else str(row[0])

    def candidates(self, bands: Sequence[int]) -> list[Indexed]:
        if not bands:
            return []
        marks = ",".join("?" * len(bands))
        rows = self.db.execute(
            "SELECT seq, id, content_hash, n_tokens, shingles FROM articles WHERE seq IN "
            f"(SELECT DISTINCT seq FROM bands WHERE key IN ({marks})) ORDER BY seq",
            tuple(bands),
        ).fetchall()
        return [
            Indexed(int(s), str(i), bytes(h).hex(), int(n), shingles_from(bytes(sh)))
            for s, i, h, n, sh in rows
        ]

    def recent(self, after: int, since: float) -> list[WindowEntry]:
        rows = self.db.execute(
            "SELECT w.seq, a.id, w.added, w.lang, w.vector, w.article FROM window w "
            "JOIN articles a ON a.seq = w.seq WHERE w.seq > ? AND w.added >= ? ORDER BY w.seq",
            (after, since),
        ).fetchall()
        return [
            WindowEntry(int(s), str(i), float(t), lang, bytes(v), bytes(art))
            for s, i, t, lang, v, art in rows
        ]


class SQLiteStore:
    """The embedded index: one SQLite file (see the module docstring).

    ``durable=False`` (default) uses ``synchronous=NORMAL`` in WAL mode: a
    committed article survives the process being killed at any moment; after an
    operating-system crash or power cut the last commits may be rolled back,
    never half-applied. ``durable=True`` (``synchronous=FULL``) also survives those,
    at the cost of an fsync per article.
    """

    CACHE_KIB = 65536  # page cache of the connection (SQLite's default is 2 MB)
    # Checked every 50 ms, a WAL past 1 MB is copied back. Measured at 2,000 articles
    # (median / p99 of an add): 4 MB every 0.25 s 0.94 / 1.69 ms; 1 MB every 0.05 s
    # 0.88 / 1.51 ms; 0.1 MB every 0.02 s 0.87 / 1.20 ms (but an fsync 50 times a second).
    CHECKPOINT_SECONDS = 0.05
    CHECKPOINT_BYTES = 1 << 20
    WAL_RESTART_BYTES = 64 << 20

    def __init__(self, path: str, config: Config, *, durable: bool = False,
                 timeout: float = 60.0) -> None:
        self.location = path
        self.params = index_params(config)
        if path != ":memory:":
            parent = os.path.dirname(os.path.abspath(path))
            if not os.path.isdir(parent):
                raise StoreError(f"index {path}: folder {parent} does not exist")
        try:
            self.db = sqlite3.connect(path, timeout=timeout, isolation_level=None,
                                      check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
            self.db.execute(f"PRAGMA cache_size=-{self.CACHE_KIB}")
            self.db.executescript(_SCHEMA)  # IF NOT EXISTS: safe for concurrent openers
            self._check_params()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"index {path}: not a dedup index ({exc})") from exc
        self._admitted = 0
        self._stop = threading.Event()
        self._checkpointer: threading.Thread | None = None
        if path != ":memory:":
            # Checkpoints (WAL -> database file, with an fsync) move to a thread of their
            # own. Left to SQLite's auto-checkpoint (every 1,000 WAL pages: an article
            # dirties ~70 pages, 64 of them band rows at random keys), one add in ~14 paid
            # for a checkpoint: p99 20.2 ms, p95 18.1 ms at 2,000 articles; with the
            # thread p99 1.5 ms (benchmarks/stream_latency.py). A passive checkpoint
            # never blocks the writer, and is as crash-safe as SQLite's own.
            self.db.execute("PRAGMA wal_autocheckpoint=0")
            self.db.execute(f"PRAGMA journal_size_limit={self.WAL_RESTART_BYTES}")
            self._checkpointer = threading.Thread(target=self._checkpoint_loop, daemon=True,
                                                  name="dedup-checkpoint")
            self._checkpointer.start()

    def _checkpoint_loop(self) -> None:
        db = sqlite3.connect(self.location, timeout=60, isolation_level=None,
                             check_same_thread=False)
        wal = self.location + "-wal"
        try:
            while not self._stop.wait(self.CHECKPOINT_SECONDS):
                try:
                    size = os.path.getsize(wal) if os.path.exists(wal) else 0
                    # A passive checkpoint never waits for the writer but, racing it,
                    # rarely lets the WAL start over: past WAL_RESTART_BYTES a RESTART
                    # (which waits for the writer) rewinds it, once per ~230 articles.
                    # Fetch the result row: an unfinished statement would hold a read
                    # snapshot and stall every later checkpoint.
                    if size > self.WAL_RESTART_BYTES:
                        db.execute("PRAGMA wal_checkpoint(RESTART)").fetchall()
                    elif size > self.CHECKPOINT_BYTES:
                        db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error:
                    continue  # busy: the next round will do it
        finally:
            db.close()

    def _check_params(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")
        row = self.db.execute("SELECT value FROM meta WHERE key = 'params'").fetchone()
        if row is None:
            self.db.execute("INSERT INTO meta VALUES ('params', ?)",
                            (json.dumps(self.params, sort_keys=True),))
        elif (error := params_mismatch(str(self.location), row[0], self.params)) is not None:
            self.db.execute("ROLLBACK")
            raise error
        self.db.execute("COMMIT")

    @contextlib.contextmanager
    def read(self) -> Iterator[IndexView]:
        with self._errors():
            self.db.execute("BEGIN")
            try:
                yield _SQLiteView(self.db)
            finally:
                self.db.execute("COMMIT")

    def admit(self, fingerprint: Fingerprint, decide: Decide, *, semantic: bool,
              deliver: Deliver | None = None) -> Decision:
        with self._errors():
            return self._admit(fingerprint, decide, deliver)

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        """SQLite's faults (a full disk, a locked or damaged file) as one StoreError."""
        try:
            yield
        except sqlite3.Error as exc:
            raise StoreError(f"index {self.location}: {exc}") from exc

    def _admit(self, fp: Fingerprint, decide: Decide, deliver: Deliver | None) -> Decision:
        db = self.db
        db.execute("BEGIN IMMEDIATE")  # the write lock, before the check
        try:
            decision = decide(_SQLiteView(db))
            if not (decision.replayed or decision.decision == "duplicate-id"):
                cur = db.execute(
                    "INSERT INTO articles (id, content_hash, n_tokens, shingles, signature, "
                    "decision, added) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (fp.id, bytes.fromhex(fp.content_hash), fp.n_tokens,
                     np.ascontiguousarray(fp.shingles, dtype="<u8").tobytes(),
                     np.ascontiguousarray(fp.signature, dtype="<u4").tobytes(),
                     json.dumps(decision.to_dict(), ensure_ascii=False), fp.added),
                )
                seq = cur.lastrowid
                if fp.n_tokens:
                    db.execute("INSERT OR IGNORE INTO hashes VALUES (?, ?)",
                               (bytes.fromhex(fp.content_hash), seq))
                db.executemany("INSERT OR IGNORE INTO bands VALUES (?, ?)",
                               [(key, seq) for key in fp.bands])
                if fp.window is not None:
                    w = fp.window
                    db.execute("INSERT INTO window VALUES (?, ?, ?, ?, ?)",
                               (seq, w.added, w.lang, w.vector, w.article))
                self._admitted += 1
            if deliver is not None:
                deliver(decision)
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return decision

    def prune_window(self, before: float) -> int:
        """Delete window entries indexed before ``before`` (seconds since the epoch)."""
        db = self.db
        with self._errors():
            db.execute("BEGIN IMMEDIATE")
            try:
                n = db.execute("DELETE FROM window WHERE added < ?", (before,)).rowcount
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
        return int(n)

    def stats(self) -> dict[str, Any]:
        db = self.db
        articles = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        window = db.execute("SELECT COUNT(*) FROM window").fetchone()[0]
        # The pages in use, WAL included: the file itself may hold free pages or a WAL
        # not yet rewound.
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        free = db.execute("PRAGMA freelist_count").fetchone()[0]
        size = (pages - free) * db.execute("PRAGMA page_size").fetchone()[0]
        return {"location": self.location, "articles": int(articles),
                "window": int(window), "bytes": size, "params": self.params}

    def close(self) -> None:
        self._stop.set()
        if self._checkpointer is not None:
            self._checkpointer.join()
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        self.db.close()
