"""The pre-filter under faults: kill -9 at random points, concurrent workers, a shared Redis.

Each test runs ``python -m dedup filter`` as real processes. Redis tests use a
real ``redis-server`` started on a free loopback port (see ``conftest.py``) and
are skipped, with the reason, when it is not installed.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from streamcases import families, jsonl, story

from dedup import Article, Config, StreamFilter
from dedup.config import SemanticConfig

LEXICAL = Config(semantic=SemanticConfig(enabled=False))
SRC = str(Path(__file__).resolve().parents[1] / "src")


def _filter(index: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen(
        [sys.executable, "-m", "dedup", "filter", "--index", index, "--no-semantic"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
    )


def _records(n_families: int, seed: int) -> list[dict[str, str]]:
    records = [r for fam in families(n_families, seed=seed) for r in fam]
    random.Random(seed).shuffle(records)
    return records


def _reference(records: list[dict[str, str]]) -> dict[str, dict[str, object]]:
    stream = StreamFilter.open(":memory:", LEXICAL)
    return {r["id"]: stream.add(Article(r["id"], r["text"])).to_dict() for r in records}


def _same(row: dict[str, object], reference: dict[str, object]) -> bool:
    return {**row, "replayed": False} == reference


def _kill_trials(index: str, trials: int, seed: int) -> None:
    """Kill the filter at random points, resend everything after each restart."""
    records = _records(20, seed)
    reference = _reference(records)
    data = jsonl(records)
    rng = random.Random(seed)
    for _ in range(trials):
        proc = _filter(index)
        assert proc.stdin is not None and proc.stdout is not None
        writer = threading.Thread(target=_write_all, args=(proc, data), daemon=True)
        writer.start()
        wait_for = rng.randrange(len(records))
        seen = []
        while len(seen) < wait_for:
            line = proc.stdout.readline()
            if not line:
                break
            seen.append(json.loads(line))
        # A random extra delay lands the kill anywhere: in preparation, mid-transaction,
        # between the commit and the output line.
        threading.Event().wait(rng.uniform(0, 0.01))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        writer.join()
        # Every decision a reader saw before the kill is the uninterrupted run's.
        for row in seen:
            assert _same(row, reference[str(row["id"])]), row
    proc = _filter(index)
    out, _ = proc.communicate(data, timeout=120)
    assert proc.returncode == 0
    final = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in final] == [r["id"] for r in records]
    for row in final:  # nothing lost, nothing decided twice differently
        assert _same(row, reference[str(row["id"])]), row
    assert all(row["replayed"] for row in final[:1]) or trials == 0


def _write_all(proc: subprocess.Popen[bytes], data: bytes) -> None:
    assert proc.stdin is not None
    try:
        proc.stdin.write(data)
        proc.stdin.close()
    except (BrokenPipeError, OSError):
        pass


def test_kill_9_at_random_points_sqlite(tmp_path):
    index = str(tmp_path / "index.db")
    _kill_trials(index, trials=20, seed=11)
    db = sqlite3.connect(index)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    n, distinct = db.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM articles").fetchone()
    assert n == distinct == 60
    # Every indexed article has all of its 64 LSH bands: no half-written article.
    per_article = db.execute("SELECT seq, COUNT(*) FROM bands GROUP BY seq").fetchall()
    assert len(per_article) == 60 and {c for _, c in per_article} == {64}


def test_kill_9_at_random_points_redis(redis_url):
    _kill_trials(redis_url, trials=5, seed=12)
    import redis

    client = redis.Redis.from_url(redis_url)
    assert int(client.get("dedup:seq")) == 60
    assert len(client.keys("dedup:a:*")) == 60


def _concurrent_workers(index: str, workers: int = 4) -> None:
    """``workers`` filters on one index, fed overlapping streams at the same moment."""
    fams = families(15, seed=5)
    records = [r for fam in fams for r in fam]
    # At each position the workers hold different copies of one story (worker w starts
    # each family at its member w mod 3): the claims collide as often as possible.
    streams = [[r for fam in fams for r in fam[w % 3:] + fam[: w % 3]]
               for w in range(workers)]
    procs = [_filter(index) for _ in range(workers)]
    # Warm up: wait until every worker has answered a record of its own, so that the
    # real streams reach all of them at the same moment.
    rng = random.Random(99)
    for w, proc in enumerate(procs):
        assert proc.stdin is not None
        proc.stdin.write(jsonl([{"id": f"warm{w}", "text": story(rng)}]))
        proc.stdin.flush()
    for proc in procs:
        assert proc.stdout is not None
        assert json.loads(proc.stdout.readline())["decision"] == "unique"
    writers = [threading.Thread(target=_write_all, args=(p, jsonl(s)))
               for p, s in zip(procs, streams, strict=True)]
    for t in writers:
        t.start()
    outputs: list[bytes] = [b""] * workers

    def read(w: int) -> None:
        stdout = procs[w].stdout
        assert stdout is not None
        outputs[w] = stdout.read()

    readers = [threading.Thread(target=read, args=(w,)) for w in range(workers)]
    for t in readers:
        t.start()
    for t in writers + readers:
        t.join(timeout=120)
    for p in procs:
        p.wait(timeout=120)
    assert all(p.returncode == 0 for p in procs)
    rows = [json.loads(line) for out in outputs for line in out.splitlines()]
    assert len(rows) == workers * len(records)
    decided: dict[str, dict[str, object]] = {}
    for row in rows:  # each id decided once; every other worker got that decision back
        if not row["replayed"]:
            assert row["id"] not in decided, f"{row['id']} decided twice"
            decided[str(row["id"])] = row
    assert set(decided) == {r["id"] for r in records}
    for row in rows:
        assert _same(row, {**decided[str(row["id"])], "replayed": False})
    # Zero double admissions: one unique article per family of copies.
    admitted: dict[str, list[str]] = {}
    for row_id, row in decided.items():
        if row["decision"] == "unique":
            admitted.setdefault(row_id.split("-")[0], []).append(row_id)
    assert len(admitted) == 15 and all(len(ids) == 1 for ids in admitted.values()), admitted


def test_concurrent_workers_never_admit_twice_redis(redis_url):
    _concurrent_workers(redis_url)


def test_concurrent_workers_never_admit_twice_sqlite(tmp_path):
    _concurrent_workers(str(tmp_path / "shared.db"))


def test_redis_index_decides_like_sqlite(redis_url, tmp_path):
    records = _records(4, seed=8)
    reference = list(_reference(records).values())
    with StreamFilter.open(redis_url, LEXICAL) as stream:
        got = [stream.add(Article(r["id"], r["text"])).to_dict() for r in records]
    assert got == reference
    with StreamFilter.open(redis_url, LEXICAL) as stream:  # a restarted worker
        again = stream.add(Article(records[0]["id"], records[0]["text"]))
        assert again.replayed and stream.store.stats()["articles"] == len(records)


def test_redis_semantic_rewrite(redis_url, seeds_dir):
    from dedup import read_inputs

    with StreamFilter.open(redis_url, Config()) as stream:
        codes = [d.reason_code for d in stream.filter(read_inputs([seeds_dir]))]  # type: ignore[union-attr]
    assert codes == ["unique", "rewrite", "unique", "unique", "unique"]


def test_redis_unreachable_is_a_store_error():
    pytest.importorskip("redis", reason="the redis client is not installed")
    from dedup import StoreError

    with pytest.raises(StoreError, match="index redis://127.0.0.1:1/0"):
        StreamFilter.open("redis://127.0.0.1:1/0", LEXICAL)


def _forced_race(index: str) -> list[str]:
    """Two workers both read the index before either writes (a barrier inside the
    decision): the claim must make one of them decide again and see the other's copy."""
    (orig, exact, _), = families(1, seed=21)
    barrier = threading.Barrier(2, timeout=0.5)
    streams = [StreamFilter.open(index, LEXICAL) for _ in range(2)]
    results: list[str] = ["", ""]

    def worker(w: int, record: dict[str, str]) -> None:
        stream = streams[w]
        decide = stream._decide
        calls = [0]

        def decide_then_wait(*args: object) -> object:
            decision = decide(*args)  # type: ignore[arg-type]
            calls[0] += 1
            if calls[0] == 1:  # only the first attempt waits for the other worker
                # SQLite: the other worker waits for our lock, not at the barrier.
                with contextlib.suppress(threading.BrokenBarrierError):
                    barrier.wait()
            return decision

        stream._decide = decide_then_wait  # type: ignore[method-assign,assignment]
        results[w] = stream.add(Article(record["id"], record["text"])).reason_code

    threads = [threading.Thread(target=worker, args=(w, r))
               for w, r in enumerate((orig, exact))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in streams:
        s.close()
    return sorted(results)


def test_forced_race_redis(redis_url):
    assert _forced_race(redis_url) == ["exact", "unique"]


def test_forced_race_sqlite(tmp_path):
    assert _forced_race(str(tmp_path / "race.db")) == ["exact", "unique"]
