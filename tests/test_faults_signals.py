"""Issue 15: interrupts exit 130/143 with one line, a Redis restart loses nothing
silently (with and without an append-only file), a full SQLite disk is one line, and
--emit unique emits an article once across several workers."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner
from streamcases import families, jsonl

from dedup import Article, Config, StoreError, StreamFilter
from dedup.cli import main
from dedup.config import SemanticConfig
from dedup.errors import PersistenceWarning

LEXICAL = Config(semantic=SemanticConfig(enabled=False))
SRC = str(Path(__file__).resolve().parents[1] / "src")


def _records(n: int) -> bytes:
    return b"".join(
        json.dumps({"id": f"r{k}", "text": f"Story number {k} tells of event {k * 7}. " * 20})
        .encode() + b"\n" for k in range(n)
    )


@pytest.mark.parametrize("sig,code,line", [
    (signal.SIGINT, 130, "dedup: interrupted"),
    (signal.SIGTERM, 143, "dedup: stopped (SIGTERM)"),
])
def test_a_signal_mid_read_exits_with_its_code_and_one_line(sig, code, line):
    proc = subprocess.Popen(
        [sys.executable, "-m", "dedup", "scan", "-", "--no-semantic"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(),
    )
    assert proc.stdin is not None
    # More than a pipe holds (64 KiB): once written, the scan is reading its input.
    proc.stdin.write(_records(400))
    proc.stdin.flush()
    proc.send_signal(sig)
    try:
        _, err = proc.communicate(timeout=60)  # closes stdin: a clean end if not stopped
    finally:
        proc.kill()
    assert proc.returncode == code, err.decode()
    assert err.decode().splitlines() == [line]


class _FullDisk(sqlite3.Connection):
    """A connection whose every insert fails as SQLite does on a full disk."""

    def execute(self, sql, *args):  # type: ignore[override]
        if sql.lstrip().upper().startswith("INSERT"):
            raise sqlite3.OperationalError("database or disk is full")
        return super().execute(sql, *args)

    def executemany(self, sql, *args):  # type: ignore[override]
        raise sqlite3.OperationalError("database or disk is full")


def test_a_full_disk_under_the_sqlite_index_is_one_line(tmp_path, monkeypatch):
    index = str(tmp_path / "i.db")
    args = ["filter", "--index", index, "--no-semantic"]
    records = [r for fam in families(2) for r in fam]
    assert CliRunner().invoke(main, args, input=jsonl(records[:1])).exit_code == 0
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect",
                        lambda *a, **k: connect(*a, **{**k, "factory": _FullDisk}))
    result = CliRunner().invoke(main, args, input=jsonl(records[3:4]))
    assert result.exit_code == 1, result.output
    assert result.stderr == f"Error: index {index}: database or disk is full\n"
    monkeypatch.undo()  # nothing was admitted: the article is new when the disk has room
    again = CliRunner().invoke(main, args, input=jsonl(records[3:4]))
    assert json.loads(again.stdout)["decision"] == "unique"


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}


def test_emit_unique_once_across_workers(tmp_path):
    """Two worker processes given the same feed on one index: each article is emitted
    by one of them, once."""
    records = [r for fam in families(3) for r in fam]
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(jsonl(records))
    args = [sys.executable, "-m", "dedup", "filter", "--index", str(tmp_path / "i.db"),
            "--emit", "unique", "--no-semantic"]
    procs = [subprocess.Popen(args, stdin=feed.open("rb"), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=_env()) for _ in range(2)]
    outs = [p.communicate(timeout=120)[0].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    emitted = [json.loads(line)["id"] for out in outs for line in out.splitlines()]
    assert sorted(emitted) == sorted(fam[0]["id"] for fam in families(3))


def _redis_binary() -> str:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not on PATH (apt-get install redis-server)")
    pytest.importorskip("redis", reason="the redis client is not installed")
    return binary


@pytest.mark.parametrize("appendonly", [False, True])
def test_a_redis_restart(tmp_path, appendonly):
    """Without AOF: a warning on opening, and after a restart the worker stops with one
    error instead of admitting everything again. With AOF: no warning, and the
    restarted server still knows what was admitted (a resend is a replay)."""
    from redisserver import free_port, running_redis

    binary, port = _redis_binary(), free_port()
    first, second = Article("a1", "Alpha story text. " * 30), Article("b1", "Beta text. " * 30)
    with running_redis(binary, tmp_path, appendonly=appendonly, port=port) as url:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            stream = StreamFilter.open(url, LEXICAL)
        warned = [w for w in caught if issubclass(w.category, PersistenceWarning)]
        assert bool(warned) is not appendonly
        assert stream.add(first).decision == "unique"
    with running_redis(binary, tmp_path, appendonly=appendonly, port=port):
        if appendonly:
            again = stream.add(first)
            assert again.decision == "unique" and again.replayed
            assert stream.add(second).decision == "unique"
        else:
            with pytest.raises(StoreError, match="the index is gone from the server"):
                stream.add(second)
    stream.close()


def test_a_hung_redis_is_one_error_not_a_wait(tmp_path):
    """A server that accepts and never answers: StoreError after the socket timeout and
    one retry (the URL's socket_timeout here; 5 s by default, not redis-py's 121 s)."""
    import socket
    import time

    pytest.importorskip("redis", reason="the redis client is not installed")
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    port = silent.getsockname()[1]
    url = f"redis://127.0.0.1:{port}/0?socket_timeout=0.5&socket_connect_timeout=0.5"
    started = time.monotonic()
    try:
        with pytest.raises(StoreError, match=rf"^index redis://127\.0\.0\.1:{port}/0"):
            StreamFilter.open(url, LEXICAL)
    finally:
        silent.close()
    assert time.monotonic() - started < 5  # two 0.5 s timeouts, not minutes
