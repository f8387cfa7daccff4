"""Batch scans on a Dask cluster, with the same report as one process, to the byte.

``pip install 'dedup[dask]'``; then ``DaskScanner(client).scan_paths(paths)`` (or
``dedup scan PATH... --scheduler ADDRESS``). What runs where:

* **workers**, one partition of articles a task: reading (an uncompressed JSONL
  file is cut into byte blocks, numbered by line; other inputs are read whole on
  one worker and cut after), preparing (:func:`dedup.prepare.parallel.prepare_all`:
  language, metadata, shingles, signatures), band keys, lead keys, the semantic
  index's lead vectors (the encoder), anchors and skeletons;
* **a shuffle**: band keys are bucketed by (band, key) hash on the map side and
  each bucket's runs of equal keys give the LSH candidate pairs;
* **workers, next to the data**: every pair is verified on the worker of its
  first article's partition, the other side's articles (only those) copied there;
  lexical, lead-reprint, overlap and semantic verification are the scan's own
  functions;
* **the driver** holds ids, content hashes (two words an article), the report's
  article entries, the sparse candidate and verified pairs, and, at the end, the
  prepared articles of the verified pairs, which clustering and attribution read.

The semantic candidate search is exact: every query partition's lead vectors meet
every target partition's in a task of two partitions (``P*P`` tasks), each row keeps
its best cosines per language and the partitions' lists are merged, so no process
holds all vectors and the candidates are the in-process ones (recall 1 against it;
``benchmarks/dask_scan.py`` checks the report). Its cost grows as in one process, with
the square of the covered articles; the anchor and skeleton pairs (short strings, a few
dozen an article) are computed by one worker over every article.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from dedup.detector import Detector, Progress, _check
from dedup.distributed import tasks as t
from dedup.distributed.lexical import lexical_pairs, twin_pairs
from dedup.distributed.semantic import semantic_pairs
from dedup.errors import ConfigError, DedupError
from dedup.io.readers import JSONL_SUFFIXES, UniqueIds, _read_path
from dedup.io.records import ReadConfig
from dedup.lexical.relate import PairEvidence
from dedup.models import Article, InputProblem, Report, UncheckedPair

__all__ = ["DaskScanner", "open_client", "scan_on"]

PARTITION = 2000
"""Articles a partition: ~2 s to prepare on one core, big enough that the per-task
overhead (~1 ms in Dask) and the P*P lead-vector blocks stay small."""
BLOCK_BYTES = 64 << 20
"""Bytes of an uncompressed JSONL file read by one task (~15,000 news articles)."""


@contextmanager
def open_client(address: str, *, dashboard: bool = True) -> Iterator[Any]:
    """A ``distributed.Client`` for ``address``: ``tcp://host:port`` (or any scheme Dask
    knows) for a running scheduler, ``local`` for a ``LocalCluster`` of one worker a
    core, ``local:N`` for N workers. A local cluster listens on loopback only and is
    closed (workers stopped) on exit."""
    dist = t.distributed()
    Client, LocalCluster = dist.Client, dist.LocalCluster  # noqa: N806 - Dask's class names
    if address == "local" or address.startswith("local:"):
        count = address.partition(":")[2]
        if count and not (count.isdigit() and int(count) >= 1):
            raise ConfigError(f"scheduler {address!r}: expected local:N with N >= 1 workers")
        workers = int(count) if count else len(os.sched_getaffinity(0))
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address="127.0.0.1:0" if dashboard else None,
            # One BLAS thread a worker: more spin on the cores the other workers use.
            env={"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"},
        )
        try:
            with Client(cluster) as client:
                yield client
        finally:
            cluster.close()
        return
    if "://" not in address:
        raise ConfigError(f"scheduler {address!r}: expected tcp://host:port, local or local:N")
    try:
        client = Client(address, timeout="10s")
    except OSError as exc:
        raise DedupError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
    with client:
        yield client


def scan_on(address: str, detector: Detector, paths: Iterable[str | os.PathLike[str]], *,
            read: ReadConfig | None = None, progress: Progress | None = None, stdin: Any = None,
            say: Callable[[str], None] | None = None) -> Report:
    """Scan ``paths`` on the Dask scheduler at ``address`` (see :func:`open_client`),
    telling ``say`` where its dashboard is."""
    with open_client(address) as client:
        if say is not None:
            link = getattr(client, "dashboard_link", None)
            services = client.scheduler_info().get("services", {})
            say(f"Dask dashboard: {link}" if link and "dashboard" in services
                else "Dask dashboard: not served (pip install bokeh)")
        return DaskScanner(client, detector).scan_paths(paths, read=read, progress=progress,
                                                        stdin=stdin)


def _expand(name: str) -> list[str]:
    """A quoted glob (``'feeds/*.jsonl'``) as the sorted files it matches."""
    if name != "-" and not os.path.exists(name) and glob.has_magic(name):
        found = sorted(glob.glob(name))
        return found or [name]
    return [name]


class DaskScanner:
    """Runs :meth:`dedup.Detector.scan` on a Dask cluster (``client``: a
    ``distributed.Client``), with the detector's configuration and attribution."""

    def __init__(self, client: Any, detector: Detector | None = None, *,
                 partition_size: int = PARTITION, block_bytes: int = BLOCK_BYTES) -> None:
        if partition_size < 1 or block_bytes < 1:
            raise ConfigError("partition_size and block_bytes must be 1 or more")
        self.client = client
        self.detector = detector or Detector()
        self.config = self.detector.config
        self.partition_size = partition_size
        self.block_bytes = block_bytes
        self.stats: dict[str, int] = {}
        """Counts of the last scan: partitions, band-key rows shuffled, candidate pairs..."""

    # ------------------------------------------------------------ inputs

    def scan_paths(self, paths: Iterable[str | os.PathLike[str]], *,
                   read: ReadConfig | None = None, progress: Progress | None = None,
                   stdin: Any = None) -> Report:
        """Scan files and folders as :func:`dedup.io.readers.read_inputs` reads them; the
        workers read them (they must see the same file system); ``-`` is standard
        input (``stdin``), read here and sent a partition at a time."""
        read = read or ReadConfig()
        sources: list[tuple[Any, list[Any]]] = []
        for path in paths:
            for name in _expand(os.fspath(path)):
                sources += self._read(name, read, stdin)
        return self._scan(sources, from_reader=True, progress=progress)

    def scan(self, items: Iterable[Article | InputProblem], *,
             progress: Progress | None = None) -> Report:
        """Scan articles given by the caller (sent to the workers a partition at a time)."""
        seen: dict[str, Article] = {}
        sources: list[tuple[Any, list[Any]]] = []
        chunk: list[Article | InputProblem] = []

        def flush() -> None:
            if chunk:
                sources.append((self.client.scatter(list(chunk)), t.listing(chunk)))
                chunk.clear()

        for item in items:
            if isinstance(item, Article):
                problem = _check(item, seen)
                if problem is None:
                    seen[item.id] = Article(item.id, "", input=item.input, line=item.line)
                item = problem or item
            chunk.append(item)
            if len(chunk) >= self.partition_size:
                flush()
        flush()
        return self._scan(sources, from_reader=False, progress=progress)

    def _read(self, name: str, read: ReadConfig, stdin: Any) -> list[tuple[Any, list[Any]]]:
        """Partitions of one input: futures of their records, and the records' listing."""
        submit = self.client.submit
        if name == "-":
            out, chunk = [], []
            for item in _read_path(name, read, stdin):
                chunk.append(item)
                if len(chunk) >= self.partition_size:
                    out.append((self.client.scatter(chunk), t.listing(chunk)))
                    chunk = []
            if chunk:
                out.append((self.client.scatter(chunk), t.listing(chunk)))
            return out
        if name.lower().endswith(JSONL_SUFFIXES) and os.path.isfile(name):
            size = os.path.getsize(name)
            blocks = [t.Block(name, start, min(size, start + self.block_bytes))
                      for start in range(0, max(size, 1), self.block_bytes)]
            counts = self.client.gather(
                [submit(t.count_newlines, b, pure=False) for b in blocks[:-1]])
            before = np.concatenate(([0], np.cumsum(counts, dtype=np.int64))).tolist()
            whole = [submit(t.read_block, b, n, read, pure=False)
                     for b, n in zip(blocks, before, strict=True)]
        else:
            whole = [submit(t.read_path, name, read, pure=False)]
        return [piece for records in whole for piece in self._cut(records)]

    def _cut(self, records: Any) -> list[tuple[Any, list[Any]]]:
        """One read task's records in partitions of at most ``partition_size``."""
        listing = self.client.submit(t.listing, records, pure=False).result()
        size = self.partition_size
        if len(listing) <= size:
            return [(records, listing)]
        return [(self.client.submit(_slice, records, lo, lo + size, pure=False),
                 listing[lo : lo + size]) for lo in range(0, len(listing), size)]

    # ------------------------------------------------------------ the scan

    def _scan(self, sources: list[tuple[Any, list[Any]]], *, from_reader: bool,
              progress: Progress | None) -> Report:
        problems: list[InputProblem] = []
        unique = UniqueIds()
        plans: list[tuple[Any, list[int], int]] = []
        n = 0
        for records, listing in sources:
            keep: list[int] = []
            for k, entry in enumerate(listing):
                if isinstance(entry, InputProblem):
                    problems.append(entry)
                    continue
                if from_reader:
                    screened = unique.screen(Article(entry[0], "", input=entry[1],
                                                     line=entry[2]), entry[1] or "")
                    if isinstance(screened, InputProblem):
                        problems.append(screened)
                        continue
                keep.append(k)
            plans.append((records, keep, n))
            n += len(keep)
        run = _Run(self, plans, n, progress)
        self.stats = run.stats
        try:
            pairs, unchecked = run.pairs()
            run.stats["verified_pairs"] = len(pairs)
            held = run.fetch(sorted({x for p in pairs for x in (p.a, p.b)}))
            return self.detector.build_report(
                t.SparseArticles(n, held), run.infos, pairs, unchecked, problems)
        finally:
            run.release()


def _slice(records: Sequence[Any], lo: int, hi: int) -> list[Any]:
    return list(records[lo:hi])


class _Run:
    """The futures and driver-side state of one distributed scan."""

    def __init__(self, scanner: DaskScanner, plans: list[tuple[Any, list[int], int]], n: int,
                 progress: Progress | None) -> None:
        self.client, self.config, self.n = scanner.client, scanner.config, n
        self.progress = progress
        self.stats: dict[str, int] = {"articles": n, "partitions": len(plans)}
        submit = self.client.submit
        self.parts = [submit(t.prepare_partition, records, keep, first, self.config, pure=False)
                      for records, keep, first in plans]
        self.starts = np.array([first for _, _, first in plans] + [n], dtype=np.int64)
        summaries: list[t.Summary] = []
        futures = [submit(t.summarize, p, self.config, pure=False) for p in self.parts]
        done = 0
        for future, (_, keep, _) in zip(futures, plans, strict=True):
            t.distributed().wait(future)
            done += len(keep)
            if progress is not None:
                progress("prepare", done, n)
        summaries = self.client.gather(futures)
        del plans
        self.infos = [info for s in summaries for info in s.infos]
        self.hashes = np.concatenate([s.hashes for s in summaries]) if summaries else \
            np.empty((0, 2), dtype=np.uint64)
        self.has_tokens = np.concatenate([s.has_tokens for s in summaries]) if summaries else \
            np.empty(0, dtype=bool)
        self.lexical = np.concatenate([s.lexical for s in summaries]) if summaries else \
            np.empty(0, dtype=bool)
        self.caseless = np.concatenate([s.caseless for s in summaries]) if summaries else \
            np.empty(0, dtype=bool)
        self.reads = np.concatenate([s.reads for s in summaries]) if summaries else \
            np.empty((0, 2), dtype=np.uint64)

    def release(self) -> None:
        self.client.cancel(self.parts)
        self.parts = []

    # ------------------------------------------------------------ routing

    def part_of(self, gids: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.starts, gids, side="right") - 1

    def on_homes(self, func: Callable[..., Any], pairs: np.ndarray, *args: Any,
                 per_pair: Sequence[np.ndarray] = ()) -> list[Any]:
        """``func(home, others, pairs_of_home, *per_pair_of_home, *args)`` on the worker
        of each home partition (that of a pair's first article); ``others`` are the
        articles of the pairs' second sides held by other partitions."""
        if len(pairs) == 0:
            return []
        homes = self.part_of(pairs[:, 0])
        futures = []
        for home in np.unique(homes).tolist():
            mine = homes == home
            own = pairs[mine]
            remote = np.unique(own[:, 1])
            remote = remote[self.part_of(remote) != home]
            where = self.part_of(remote)
            others = [self.client.submit(t.take, self.parts[p], remote[where == p], pure=False)
                      for p in np.unique(where).tolist()]
            extra = [arr[mine] for arr in per_pair]
            futures.append(self.client.submit(func, self.parts[home], others, own, *extra,
                                              *args, pure=False))
        return futures

    def fetch(self, gids: Sequence[int]) -> dict[int, Any]:
        """Prepared articles by gid, gathered to the driver."""
        arr = np.asarray(gids, dtype=np.int64)
        where = self.part_of(arr)
        held: dict[int, Any] = {}
        futures = [self.client.submit(t.take, self.parts[p], arr[where == p], pure=False)
                   for p in np.unique(where).tolist()]
        for part in self.client.gather(futures):
            held.update(part)
        return held

    def subsets(self, gids: np.ndarray) -> list[Any]:
        """Futures of the prepared articles ``gids``, one a partition, left on the workers."""
        where = self.part_of(gids)
        return [self.client.submit(t.take, self.parts[p], gids[where == p], pure=False)
                for p in np.unique(where).tolist()]

    def gids_in(self, mask: np.ndarray) -> list[np.ndarray]:
        """Per partition, the gids where ``mask`` holds."""
        return [np.flatnonzero(mask[lo:hi]) + lo
                for lo, hi in zip(self.starts[:-1].tolist(), self.starts[1:].tolist(),
                                  strict=True)]

    # ------------------------------------------------------------ the stages

    def pairs(self) -> tuple[list[PairEvidence], list[UncheckedPair]]:
        """Every verified pair (sorted by gids) and the unchecked pairs, as
        :meth:`dedup.Detector.verify` finds them."""
        with_tokens = np.flatnonzero(self.has_tokens)
        if with_tokens.size:
            _, first, inverse = np.unique(self.hashes[with_tokens], axis=0, return_index=True,
                                          return_inverse=True)
            inverse = inverse.reshape(-1)
        else:
            first = inverse = np.empty(0, dtype=np.int64)
        rep_of = np.full(self.n, -1, dtype=np.int64)
        rep_of[with_tokens] = with_tokens[first][inverse]
        is_rep = np.zeros(self.n, dtype=bool)
        is_rep[with_tokens[first]] = True
        twins: dict[int, list[int]] = {}
        for gid in np.flatnonzero((rep_of >= 0) & ~is_rep).tolist():
            twins.setdefault(int(rep_of[gid]), [int(rep_of[gid])]).append(gid)
        exact = [(g[x], b) for g in twins.values() for x in range(len(g)) for b in g[x + 1 :]]
        found = lexical_pairs(self, is_rep & self.lexical)
        unchecked: list[tuple[int, int, UncheckedPair]] = []
        if self.config.semantic.enabled:
            more, unchecked = semantic_pairs(self, is_rep, found)
            seen = {(p.a, p.b) for p in more}  # the encoder's evidence replaces the passages'
            found = [p for p in found if (p.a, p.b) not in seen] + more
        pairs = twin_pairs(self, found, twins, exact)
        unchecked.sort(key=lambda u: (u[0], u[1]))
        return pairs, [u for _, _, u in unchecked]
