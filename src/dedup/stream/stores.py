"""Open the index a location names: a SQLite file (:class:`dedup.stream.sqlite_store.SQLiteStore`)
or a Redis server (:class:`dedup.stream.redis_store.RedisStore`).

Kept apart from both stores so that neither imports the other: ``redis_store``
builds on ``store``'s interface, and only this module knows both.
"""

from __future__ import annotations

import os

from dedup.config import Config
from dedup.errors import ConfigError
from dedup.stream.redis_store import RedisStore
from dedup.stream.sqlite_store import SQLiteStore
from dedup.stream.store import IndexStore, StoreError

__all__ = ["open_store"]


def open_store(location: str, config: Config, *, window_seconds: float | None = None,
               durable: bool = False, create: bool = True) -> IndexStore:
    """The index at ``location``: ``redis://host:port/db`` or a file path (``:memory:``
    for a throw-away one). ``create=False`` refuses a file that does not exist yet
    (``dedup index stats`` on a mistyped path must not leave an empty index behind)."""
    if location.startswith(("redis://", "rediss://", "unix://")):
        return RedisStore(location, config, window_seconds=window_seconds)
    if "://" in location:
        raise ConfigError(
            f"index location {location!r}: expected a file path or redis://host:port/db"
        )
    if not create and location != ":memory:" and not os.path.isfile(location):
        raise StoreError(f"index {location}: no such file")
    return SQLiteStore(location, config, durable=durable)
