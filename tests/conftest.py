"""Shared fixtures: the seed articles shipped in seeds/."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_text() -> Callable[[str], str]:
    """The text of a seed by its number prefix, e.g. ``seed_text("000")``."""

    def read(prefix: str) -> str:
        (path,) = SEEDS.glob(f"{prefix}_*.txt")
        return path.read_text(encoding="utf-8")

    return read


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails the test (for code that must stay offline)."""
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``redis-server`` on a free loopback port, for the shared-index tests.

    Skipped when the server or the ``redis`` client is missing (``.ci/run`` installs
    both: Debian's ``redis-server`` and ``pip install '.[test]'``).
    """
    import shutil

    from redisserver import running_redis

    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not on PATH (apt-get install redis-server); "
                    "the shared-index tests need a real server")
    pytest.importorskip("redis", reason="the redis client is not installed "
                        "(pip install '.[test]')")
    try:  # a test's own failure never reaches a fixture: this catches start-up only
        with running_redis(binary, tmp_path_factory.mktemp("redis")) as url:
            yield url
    except RuntimeError as exc:
        pytest.fail(str(exc))


@pytest.fixture
def redis_url(redis_server: str) -> str:
    """The test server's URL with an empty database."""
    import redis

    client = redis.Redis.from_url(redis_server)
    client.flushdb()
    client.close()
    return redis_server
