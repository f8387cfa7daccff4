"""Spread per-article preparation over processes, with output identical to one core.

Preparing an article is independent of every other article, so large batches
are cut into chunks prepared by a pool of worker processes; each chunk goes
through :func:`~dedup.prepare.article.prepare_many`, which detects the languages of
the whole chunk together (cheaper per article than one at a time). The pool
is made per call with the ``spawn`` start method (nothing is configured at
import time, and ``spawn`` is safe whatever threads the caller runs); results
come back in input order, so the report is byte-identical to a one-process run.
"""

from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from dedup.config import Config
from dedup.models import Article
from dedup.prepare.article import PreparedArticle, prepare_many

# Starting a spawned worker costs about a second (interpreter + imports), so a
# pool only pays for itself on a few thousand articles (~5 ms each to prepare
# with langdetect itself; ~1.5 ms with the batched replay, so 1,000 is now a
# low bound, left as is).
MIN_ARTICLES_PER_WORKER = 1000
CHUNK = 256


def default_workers(n_articles: int) -> int:
    """As many workers as cores, but none for batches too small to pay for them."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, n_articles // MIN_ARTICLES_PER_WORKER))


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a bulk loop, back as it was after.

    Preparing allocates many small objects that never form cycles (tokens,
    metadata, arrays), and the collector would walk all the live ones again and
    again as they accumulate; reference counting frees everything anyway.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# Every field of a prepared article but the article itself, which the parent
# already holds: sending it back would pickle each text a second time and keep
# two copies of it in the parent.
_RETURNED = tuple(f.name for f in dataclasses.fields(PreparedArticle) if f.name != "article")


def _prepare_chunk(args: tuple[list[Article], Config]) -> list[tuple[Any, ...]]:
    articles, config = args
    with gc_paused():
        prepared = prepare_many(articles, config)
    return [tuple(getattr(p, name) for name in _RETURNED) for p in prepared]


def _rebuild(article: Article, returned: tuple[Any, ...]) -> PreparedArticle:
    return PreparedArticle(article, **dict(zip(_RETURNED, returned, strict=True)))


def _same_input(article: Article) -> tuple[object, ...]:
    """What preparing an article reads: every field but its id and where it was read."""
    return (article.text, article.title, article.url, article.source, article.published,
            article.lang)


def distinct_inputs(articles: Sequence[Article]) -> tuple[list[int], list[int]]:
    """The first article of each group of identical inputs (:func:`_same_input`), and
    for every article the position of its group's first one in that list."""
    first: dict[tuple[object, ...], int] = {}
    reps: list[int] = []
    slot: list[int] = []
    for k, article in enumerate(articles):
        key = _same_input(article)
        found = first.get(key)
        if found is None:
            found = first[key] = len(reps)
            reps.append(k)
        slot.append(found)
    return reps, slot


def _as(article: Article, prepared: PreparedArticle) -> PreparedArticle:
    """``prepared`` (of an identical input) as the preparation of ``article``."""
    if prepared.article is article:
        return prepared
    info = dataclasses.replace(prepared.info, id=article.id)
    return dataclasses.replace(prepared, article=article, info=info)


@contextmanager
def _workers_ignore_ctrl_c() -> Iterator[None]:
    """Workers started in here ignore SIGINT (an ignored signal stays ignored across the
    spawn's exec, and Python keeps it so): a Ctrl-C at the terminal reaches the whole
    process group, and each worker would print its own traceback. The parent alone
    handles it, and stops them."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def prepare_all(
    articles: Sequence[Article],
    config: Config,
    *,
    workers: int | None,
    progress: Callable[[int], None] | None = None,
) -> list[PreparedArticle]:
    """Prepare every article, on ``workers`` processes when more than one (None:
    :func:`default_workers` of the distinct articles).

    Articles identical but for their id (a feed that repeats a story under new
    ids) are prepared once: preparing reads nothing else, so each repeat gets
    the same content, metadata, language and fingerprints (the shingle set and
    signature arrays are shared, read-only) under its own id.
    """
    reps, slot = distinct_inputs(articles)
    distinct = [articles[k] for k in reps]
    if workers is None:
        workers = default_workers(len(distinct))
    scaled = None
    if progress is not None:
        report = progress

        def scaled(done: int) -> None:
            report(len(articles) * done // max(1, len(distinct)))

    with gc_paused():
        found = _prepare_all(distinct, config, workers=workers, progress=scaled)
    return [_as(article, found[s]) for article, s in zip(articles, slot, strict=True)]


def _prepare_all(
    articles: Sequence[Article],
    config: Config,
    *,
    workers: int,
    progress: Callable[[int], None] | None,
) -> list[PreparedArticle]:
    out: list[PreparedArticle] = []
    if workers <= 1:
        for start in range(0, len(articles), CHUNK):
            out.extend(prepare_many(articles[start : start + CHUNK], config))
            if progress is not None:
                progress(len(out))
    else:
        chunks = [list(articles[i : i + CHUNK]) for i in range(0, len(articles), CHUNK)]
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        try:
            with _workers_ignore_ctrl_c():
                results: Iterator[list[tuple[Any, ...]]] = pool.map(
                    _prepare_chunk, [(chunk, config) for chunk in chunks]
                )
            for chunk, returned in zip(chunks, results, strict=True):
                out.extend(map(_rebuild, chunk, returned))
                if progress is not None:
                    progress(len(out))
        except BaseException:
            # Interrupted (Ctrl-C) or failed: drop the chunks not started instead of
            # preparing all of them first (the with-block's shutdown waited for every one:
            # 45-60 s on reuters), and stop the workers now.
            pool.shutdown(wait=False, cancel_futures=True)
            processes = getattr(pool, "_processes", None) or {}  # no public way to stop them
            for process in list(processes.values()):
                process.terminate()
            raise
        pool.shutdown()
    if progress is not None:
        progress(len(out))
    return out
