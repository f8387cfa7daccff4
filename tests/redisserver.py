"""A throw-away ``redis-server`` on a free loopback port.

Used by the tests' fixture and by ``benchmarks/stream_latency.py``.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_redis(
    binary: str, workdir: Path, *, appendonly: bool = False, port: int | None = None
) -> Iterator[str]:
    """``redis://127.0.0.1:PORT/0`` of a server without snapshots, stopped on exit
    (SIGTERM: a clean shutdown, which writes its append-only file when it keeps one).

    ``appendonly``: keep an append-only file in ``workdir`` (what a shared index needs);
    ``port``: a given one (to restart a server where it was), else a free one.
    Raises RuntimeError when the server does not answer a ping within 5 s.
    """
    import redis

    port = free_port() if port is None else port
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "yes" if appendonly else "no", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(host="127.0.0.1", port=port)
    for _ in range(200):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.025)
    else:
        proc.kill()
        proc.wait(timeout=10)
        raise RuntimeError("redis-server did not start")
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        proc.terminate()
        proc.wait(timeout=10)
