"""The shared index: Redis, for several filter workers on one stream (``redis://host:port/db``).

Keys (prefix ``dedup:``), per article: a hash ``a:<id>`` (seq, content hash,
token count, shingles, signature, decision, time), ``h:<content hash>`` -> the
first id with that content, and the article's id in one set ``b:<band key>`` per
LSH band. With the semantic stage: ``w`` (ids by seq), ``wt`` (ids by time) and
``wv:<id>`` (time, language, lead vector, article) for the window.

**The claim is atomic** without a global lock: a worker WATCHes the keys its
decision depends on — its id, its content hash, each of its band sets (and, with
the semantic stage, the window) — reads and verifies, then writes everything in
one MULTI/EXEC (one Lua script, so the seq is taken in commit order). If another
worker changed any watched key in between (it indexed an article sharing a band
or the content hash: a possible copy), EXEC fails and the worker decides again,
now seeing the other article. Two workers receiving the same new article at the
same moment therefore cannot both admit it: they share every key.

**Persistence.** The index is the filter's memory: a Redis that restarts without
its data makes every later article "new" again. The server must keep an
append-only file (``appendonly yes``); opening an index on a server without
one warns (:class:`dedup.errors.PersistenceWarning`). Each index carries a
random ``dedup:created`` token, checked by every write: a worker whose index
vanished under it (a restart without persistence, a FLUSHDB) stops with a
:class:`~dedup.stream.store.StoreError` instead of admitting everything again.

Why our own keys rather than ``datasketch``'s Redis storage for ``MinHashLSH``:
the claim needs the band keys WATCHed together with the id and content hash
in the same transaction, and the shingle sets (exact verification) next to them;
datasketch's storage inserts band by band and cannot take part in a WATCH.
``benchmarks/stream_latency.py`` measures both.
"""

from __future__ import annotations

import contextlib
import json
import uuid
import warnings
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from dedup.config import Config
from dedup.errors import PersistenceWarning
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

PREFIX = "dedup:"
MAX_ATTEMPTS = 1000  # a claim retried this often means the server is overrun; say so
# A claim is a few commands of well under a millisecond each (median add 1.09 ms at
# 100k articles, README); a server silent for 5 s is hung. One retry (reconnect after a
# dropped connection), so a hung server is reported within ~10 s, not after redis-py's
# default 3 retries of 30 s (121 s measured). ``?socket_timeout=`` in the URL overrides.
TIMEOUT_SECONDS = 5.0
LOST = "dedup index lost"

# KEYS: seq, a:<id>, h:<hash>, w, wt, wv:<id>, created, then the band sets.
# ARGV: id, hash, n_tokens, shingles, signature, decision, added, has_window,
#       lang, vector, article, cutoff, prefix, created token.
_WRITE = """
if redis.call('GET', KEYS[7]) ~= ARGV[14] then return redis.error_reply('""" + LOST + """') end
local id = ARGV[1]
local seq = redis.call('INCR', KEYS[1])
redis.call('HSET', KEYS[2], 's', seq, 'h', ARGV[2], 'n', ARGV[3], 'sh', ARGV[4],
           'sg', ARGV[5], 'd', ARGV[6], 't', ARGV[7])
if ARGV[3] ~= '0' then redis.call('SET', KEYS[3], id, 'NX') end
for i = 8, #KEYS do redis.call('SADD', KEYS[i], id) end
if ARGV[8] == '1' then
  redis.call('HSET', KEYS[6], 't', ARGV[7], 'l', ARGV[9], 'v', ARGV[10], 'art', ARGV[11])
  redis.call('ZADD', KEYS[4], seq, id)
  redis.call('ZADD', KEYS[5], ARGV[7], id)
  local old = redis.call('ZRANGEBYSCORE', KEYS[5], '-inf', '(' .. ARGV[12], 'LIMIT', 0, 64)
  for _, o in ipairs(old) do
    redis.call('DEL', ARGV[13] .. 'wv:' .. o)
    redis.call('ZREM', KEYS[4], o)
    redis.call('ZREM', KEYS[5], o)
  end
end
return seq
"""


def _band(key: int) -> bytes:
    return PREFIX.encode() + b"b:" + key.to_bytes(8, "little", signed=True)


class _RedisView:
    def __init__(self, r: Any) -> None:
        self.r = r

    def prior(self, article_id: str) -> tuple[str, Decision] | None:
        h, d = self.r.hmget(f"{PREFIX}a:{article_id}", "h", "d")
        if h is None or d is None:
            return None
        return h.decode(), Decision.from_dict(json.loads(d))

    def first_with_hash(self, content_hash: str) -> str | None:
        found = self.r.get(f"{PREFIX}h:{content_hash}")
        return None if found is None else str(found.decode())

    def candidates(self, bands: Sequence[int]) -> list[Indexed]:
        if not bands:
            return []
        ids = self.r.sunion([_band(k) for k in bands])
        if not ids:
            return []
        pipe = self.r.pipeline(transaction=False)
        names = sorted(i.decode() for i in ids)
        for name in names:
            pipe.hmget(f"{PREFIX}a:{name}", "s", "h", "n", "sh")
        out = [
            Indexed(int(s), name, h.decode(), int(n), shingles_from(sh))
            for name, (s, h, n, sh) in zip(names, pipe.execute(), strict=True)
            if s is not None
        ]
        out.sort(key=lambda x: x.seq)
        return out

    def recent(self, after: int, since: float) -> list[WindowEntry]:
        found = self.r.zrangebyscore(f"{PREFIX}w", f"({after}", "+inf", withscores=True)
        if not found:
            return []
        pipe = self.r.pipeline(transaction=False)
        for name, _ in found:
            pipe.hmget(PREFIX.encode() + b"wv:" + name, "t", "l", "v", "art")
        out = []
        for (name, seq), (t, lang, vec, art) in zip(found, pipe.execute(), strict=True):
            if t is None or float(t) < since:
                continue
            out.append(WindowEntry(int(seq), name.decode(), float(t),
                                   lang.decode() or None, bytes(vec), bytes(art)))
        return out


class RedisStore:
    """The shared index on a Redis server (see the module docstring)."""

    def __init__(self, url: str, config: Config, *, window_seconds: float | None = None) -> None:
        try:
            import redis
        except ImportError as exc:
            raise StoreError(
                "a redis:// index needs the redis client: pip install 'dedup[redis]'"
            ) from exc
        self._redis = redis
        self.r: Any = None
        self.location = url
        self.window_seconds = window_seconds
        self.params = index_params(config)
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        try:
            client: Any = redis.Redis.from_url(
                url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS,
                retry=Retry(NoBackoff(), 1),
            )
            self.r = client
            self.r.ping()
            wanted = json.dumps(self.params, sort_keys=True)
            self.r.set(f"{PREFIX}params", wanted, nx=True)
            stored = str(self.r.get(f"{PREFIX}params").decode())
            self.r.set(f"{PREFIX}created", uuid.uuid4().hex, nx=True)
            self.created = str(self.r.get(f"{PREFIX}created").decode())
            self.persistence_warning = self._persistence()
        except (redis.RedisError, ValueError, AttributeError) as exc:
            raise StoreError(f"index {url}: {exc}") from exc
        error = params_mismatch(url, stored, self.params)
        if error is not None:
            raise error
        if self.persistence_warning is not None:
            warnings.warn(self.persistence_warning, PersistenceWarning, stacklevel=2)
        self._write = self.r.register_script(_WRITE)

    def _persistence(self) -> str | None:
        """Why this server may forget the index, or None when it keeps an append-only file."""
        try:
            found = self.r.config_get("appendonly")
        except self._redis.ResponseError:  # CONFIG disabled or renamed (managed services)
            return (f"index {self.location}: cannot check the server's persistence (CONFIG "
                    "GET is not allowed); make sure it runs with appendonly yes")
        mode = {str(k.decode() if isinstance(k, bytes) else k):
                str(v.decode() if isinstance(v, bytes) else v) for k, v in found.items()}
        if mode.get("appendonly") == "yes":
            return None
        return (f"index {self.location}: the server keeps no append-only file (appendonly "
                "no); a restart loses what was written since its last snapshot and those "
                "articles would be admitted again: run it with appendonly yes")

    @contextlib.contextmanager
    def read(self) -> Iterator[IndexView]:
        try:
            yield _RedisView(self.r)
        except self._redis.RedisError as exc:
            raise StoreError(f"index {self.location}: {exc}") from exc

    def admit(self, fingerprint: Fingerprint, decide: Decide, *, semantic: bool,
              deliver: Deliver | None = None) -> Decision:
        decision = self._claim(fingerprint, decide, semantic)
        if deliver is not None:
            deliver(decision)
        return decision

    def _claim(self, fingerprint: Fingerprint, decide: Decide, semantic: bool) -> Decision:
        fp = fingerprint
        watched: list[str | bytes] = [f"{PREFIX}a:{fp.id}", f"{PREFIX}h:{fp.content_hash}"]
        watched += [_band(k) for k in fp.bands]
        if semantic:
            # A translation shares no band with its source: with the semantic stage on,
            # any addition to the window must also make a concurrent claim decide again.
            watched.append(f"{PREFIX}w")
        view = _RedisView(self.r)
        redis = self._redis
        try:
            with self.r.pipeline() as pipe:
                for _ in range(MAX_ATTEMPTS):
                    try:
                        pipe.watch(*watched)
                        decision = decide(view)
                        if decision.replayed or decision.decision == "duplicate-id":
                            pipe.unwatch()
                            return decision
                        pipe.multi()
                        self._queue_write(pipe, fp, decision)
                        pipe.execute()
                        return decision
                    except redis.WatchError:
                        continue
        except redis.ResponseError as exc:
            if LOST in str(exc):
                raise StoreError(
                    f"index {self.location}: the index is gone from the server (restarted "
                    "without an append-only file, or flushed); stopped before admitting "
                    "articles again: check the server's persistence (appendonly yes)"
                ) from exc
            raise StoreError(f"index {self.location}: {exc}") from exc
        except redis.RedisError as exc:
            raise StoreError(f"index {self.location}: {exc}") from exc
        raise StoreError(f"index {self.location}: claim of {fp.id!r} retried "
                         f"{MAX_ATTEMPTS} times; too many concurrent writers")

    def _queue_write(self, pipe: Any, fp: Fingerprint, decision: Decision) -> None:
        w = fp.window
        cutoff = fp.added - self.window_seconds if self.window_seconds else float("-inf")
        keys: list[str | bytes] = [
            f"{PREFIX}seq", f"{PREFIX}a:{fp.id}", f"{PREFIX}h:{fp.content_hash}",
            f"{PREFIX}w", f"{PREFIX}wt", f"{PREFIX}wv:{fp.id}", f"{PREFIX}created",
        ]
        keys += [_band(k) for k in fp.bands]
        args: list[Any] = [
            fp.id, fp.content_hash, fp.n_tokens,
            np.ascontiguousarray(fp.shingles, dtype="<u8").tobytes(),
            np.ascontiguousarray(fp.signature, dtype="<u4").tobytes(),
            json.dumps(decision.to_dict(), ensure_ascii=False), repr(fp.added),
            "1" if w is not None else "0",
            (w.lang or "") if w else "", w.vector if w else b"", w.article if w else b"",
            repr(cutoff) if cutoff != float("-inf") else "0", PREFIX, self.created,
        ]
        self._write(keys=keys, args=args, client=pipe)

    def prune_window(self, before: float) -> int:
        old = self.r.zrangebyscore(f"{PREFIX}wt", "-inf", f"({before!r}")
        if old:
            pipe = self.r.pipeline()
            for name in old:
                pipe.delete(PREFIX.encode() + b"wv:" + name)
            pipe.zrem(f"{PREFIX}w", *old)
            pipe.zrem(f"{PREFIX}wt", *old)
            pipe.execute()
        return len(old)

    def stats(self) -> dict[str, Any]:
        seq = self.r.get(f"{PREFIX}seq")
        info = self.r.info("memory")
        return {"location": self.location, "articles": int(seq or 0),
                "window": int(self.r.zcard(f"{PREFIX}w")),
                "bytes": int(info["used_memory"]), "params": self.params}

    def close(self) -> None:
        self.r.close()
