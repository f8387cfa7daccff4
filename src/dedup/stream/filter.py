"""The pipeline pre-filter: one decision per incoming article, against everything seen before.

``StreamFilter.add(article)`` prepares the article (as a batch scan does), then,
atomically in the index (:mod:`dedup.stream.store`): returns the stored decision if the
id was seen before, else decides and indexes it. ``check`` decides without
indexing. ``filter(items)`` is a generator over a stream.

How a decision corresponds to a batch scan of the same articles in the same
order: the new article is a ``copy`` exactly when the scan verifies a link
(cluster link or cross link) between it and an *earlier* article, and ``unique``
otherwise. The lexical path is the scan's: the same content hash (``exact``),
the same LSH banding (:func:`dedup.stream.store.lsh_bands`), the same verification
(:func:`dedup.lexical.relate.relate`). A stream cannot re-attribute: the matched article
is the best earlier one (strongest relation, then score, then the first
indexed), where a scan may, knowing the whole batch, name a later article the
original (a dated source arriving after its reprint).

Translations and rewrites (``semantic``): the lead vector of each new article in
a language the encoder covers is compared with the lead vectors of the articles
indexed within the last ``window`` seconds; the best neighbour per language is
proposed when its cosine and margin pass the bounds of
:class:`dedup.semantic.index.SemanticIndex` (the margin uses the new article's
neighbours only: the old one's are not recomputed), and verified by
:meth:`dedup.semantic.stage.SemanticStage.verify`, the scan's sentence alignment. The
proposal differs from a batch scan's (past articles only, within the window), the
verification does not. It runs only when the lexical path found no copy.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from dedup.config import Config
from dedup.errors import ConfigError, DedupError, expected
from dedup.lexical.relate import relate
from dedup.models import Article, Decision, InputProblem, Match, Relation
from dedup.prepare.article import PreparedArticle, prepare
from dedup.semantic.index import SemanticIndex, lead_sentences
from dedup.semantic.languages import is_covered, same_language
from dedup.semantic.stage import SemanticStage
from dedup.stream.store import (
    Deliver,
    Fingerprint,
    IndexStore,
    IndexView,
    WindowEntry,
    lsh_bands,
    pack_article,
    stored_band_keys,
    unpack_article,
)
from dedup.stream.stores import open_store

__all__ = ["DEFAULT_WINDOW", "StreamFilter", "parse_window"]

DEFAULT_WINDOW = 48 * 3600.0
"""Translations and rewrites are looked for among articles indexed in the last 48 hours:
a news copy follows its source within a day or two. Lexical copies have no window."""

_RANK: dict[Relation, int] = {
    "exact": 0, "near_duplicate": 1, "reprint": 2, "rewrite": 3, "translation": 4,
}
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_WINDOW = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*", re.IGNORECASE)
MAX_MATCHES = 10  # matches listed in a decision (the best first)


def parse_window(text: str) -> float:
    """``"48h"``, ``"2d"``, ``"90m"``, ``"3600"`` (seconds) -> seconds."""
    m = _WINDOW.fullmatch(text)
    if m is None or float(m.group(1)) <= 0:
        raise ConfigError(
            f"window {text!r}: expected a positive duration such as 48h, 2d, 90m or 3600s"
        )
    return float(m.group(1)) * _UNITS[(m.group(2) or "s").lower()]


class _Window:
    """This process's copy of the index's window: lead vectors of recent articles."""

    def __init__(self) -> None:
        self.last_seq = 0
        self.entries: list[WindowEntry] = []
        self.vectors = np.zeros((0, 512), dtype=np.float32)

    def sync(self, view: IndexView, since: float) -> None:
        new = view.recent(self.last_seq, since)
        keep = [e for e in self.entries if e.added >= since]
        if len(keep) != len(self.entries):
            rows = [i for i, e in enumerate(self.entries) if e.added >= since]
            self.entries, self.vectors = keep, self.vectors[rows]
        if new:
            self.last_seq = new[-1].seq
            fresh = [e for e in new if e.vector]
            if fresh:
                self.entries.extend(fresh)
                stacked = np.stack([np.frombuffer(e.vector, dtype=np.float32) for e in fresh])
                self.vectors = np.concatenate([self.vectors, stacked])


class StreamFilter:
    """Decides, one article at a time, whether it copies an article indexed before it.

    >>> from dedup import Article
    >>> from dedup.stream.filter import StreamFilter
    >>> f = StreamFilter.open(":memory:")
    >>> f.add(Article("a", "Some text ...")).decision
    'unique'

    ``semantic`` (default: ``config.semantic.enabled``) turns on translations and
    rewrites within ``window`` seconds; ``clock`` gives "now" (tests pass a fake).
    """

    def __init__(
        self,
        store: IndexStore,
        config: Config | None = None,
        *,
        window: float = DEFAULT_WINDOW,
        semantic: SemanticStage | bool | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.config = config or Config()
        self.store = store
        if window <= 0:
            raise ConfigError(f"window={window!r} is out of range: allowed > 0 seconds")
        self.window = window
        self.clock = clock
        use = self.config.semantic.enabled if semantic is None else bool(semantic)
        self.semantic: SemanticStage | None = None
        if isinstance(semantic, SemanticStage):
            self.semantic = semantic
        elif use:
            self.semantic = SemanticStage()
        self.bands, self.rows = lsh_bands(self.config.lsh.threshold, self.config.minhash.num_perm)
        self._window = _Window()
        self._prepared: OrderedDict[str, PreparedArticle] = OrderedDict()
        self._bounds = SemanticIndex(lambda s: np.zeros((len(s), 512)))  # its measured defaults
        self._since_prune = 0

    @classmethod
    def open(cls, location: str, config: Config | None = None, **kwargs: Any) -> StreamFilter:
        """A filter on the index at ``location`` (file path, ``:memory:`` or ``redis://...``)."""
        config = config or Config()
        window = kwargs.get("window", DEFAULT_WINDOW)
        return cls(open_store(location, config, window_seconds=window), config, **kwargs)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> StreamFilter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ public

    def check(self, article: Article) -> Decision:
        """The decision ``add`` would make now, without indexing the article."""
        prepared = prepare(_checked(article), self.config)
        fingerprint = self._fingerprint(prepared)
        with self.store.read() as view:
            return self._decide(prepared, fingerprint, view)

    def add(self, article: Article, *, deliver: Deliver | None = None) -> Decision:
        """Decide and index, atomically; a re-sent id gets its first decision back
        (``replayed``), a known id with another text ``duplicate-id``.

        ``deliver(decision)`` passes the decision on (the CLI writes its line) at the
        point where the store can least lose it: see :meth:`IndexStore.admit`."""
        return self.add_prepared(prepare(_checked(article), self.config), deliver=deliver)

    def add_prepared(
        self, prepared: PreparedArticle, *, deliver: Deliver | None = None
    ) -> Decision:
        """:meth:`add` for an article already prepared with this filter's config."""
        fingerprint = self._fingerprint(prepared)
        decision = self.store.admit(
            fingerprint,
            lambda view: self._decide(prepared, fingerprint, view),
            semantic=self.semantic is not None,
            deliver=deliver,
        )
        self._since_prune += 1
        if self.semantic is not None and self._since_prune >= 1000:
            self._since_prune = 0
            self.store.prune_window(self.clock() - self.window)
        return decision

    def filter(self, items: Iterable[Article | InputProblem]) -> Iterator[Decision | InputProblem]:
        """Generator in, generator out: a decision per article, problems passed through."""
        for item in items:
            if isinstance(item, InputProblem):
                yield item
            elif not item.id or not item.text or not item.text.strip():
                what = "empty id" if not item.id else f"article {item.id!r}: empty text"
                yield InputProblem(item.input or "<api>", item.line, what)
            else:
                yield self.add(item)

    # ------------------------------------------------------------ internals

    def _fingerprint(self, p: PreparedArticle) -> Fingerprint:
        now = self.clock()
        lexical = p.shingles.size >= self.config.relation.min_shingles
        window = None
        if self.semantic is not None and p.n_tokens and is_covered(p.info.lang):
            vector = self._lead_vector(p)
            if vector is not None:
                window = WindowEntry(0, p.id, now, p.info.lang, vector.tobytes(),
                                     pack_article(p.article))
        return Fingerprint(
            id=p.id,
            content_hash=p.content_hash,
            n_tokens=p.n_tokens,
            shingles=p.shingles,
            signature=p.signature,
            bands=tuple(stored_band_keys(p.signature, self.bands, self.rows)) if lexical else (),
            added=now,
            window=window,
        )

    def _lead_vector(self, p: PreparedArticle) -> npt.NDArray[np.float32] | None:
        assert self.semantic is not None
        lead = lead_sentences(p.content, p.info.lang)
        if not lead:
            return None
        vecs = np.asarray(self.semantic.encoder.encode(lead), dtype=np.float32)
        mean = vecs.sum(axis=0)
        norm = float(np.linalg.norm(mean))
        return (mean / norm).astype(np.float32) if norm > 0 else None

    def _decide(self, p: PreparedArticle, fp: Fingerprint, view: IndexView) -> Decision:
        prior = view.prior(p.id)
        if prior is not None:
            content_hash, first = prior
            if content_hash == p.content_hash:
                return dataclasses.replace(first, replayed=True)
            return Decision(
                p.id, "duplicate-id", None, (),
                f"id {p.id!r} is already indexed with a different text (it was decided "
                f"{first.decision}); this one is not indexed",
            )
        matches: dict[str, tuple[int, Match]] = {}
        if p.n_tokens:
            twin = view.first_with_hash(p.content_hash)
            if twin is not None:
                matches[twin] = (0, Match(twin, "exact", 1.0, 1.0, 1.0))
        checked = 0
        for other in view.candidates(fp.bands):
            if other.id in matches:
                continue
            checked += 1
            found = relate(0, 1, p, other, self.config.relation)
            if found is not None:
                o = found.overlap
                matches[other.id] = (other.seq, Match(other.id, found.relation, found.score,
                                                      o.jaccard, o.containment_a))
        note = f"{checked} LSH candidate(s) verified"
        if not matches and self.semantic is not None and fp.window is not None:
            found_semantic, compared = self._semantic_matches(p, fp, view)
            matches.update(found_semantic)
            note += f"; {compared} recent article(s) aligned sentence by sentence"
        if not matches:
            return Decision(p.id, "unique", None, (), f"no copy found ({note})")
        ordered = sorted(matches.values(),
                         key=lambda sm: (_RANK[sm[1].relation], -sm[1].score, sm[0]))
        best = ordered[0][1]
        scores = (f"aligned {best.aligned:.2f}" if best.aligned is not None
                  else f"Jaccard {best.jaccard:.2f}, containment {best.containment:.2f}")
        return Decision(
            p.id, "copy", best.relation, tuple(m for _, m in ordered[:MAX_MATCHES]),
            f"{best.relation} of {best.id} ({scores}); {len(matches)} match(es), {note}",
        )

    def _semantic_matches(
        self, p: PreparedArticle, fp: Fingerprint, view: IndexView
    ) -> tuple[dict[str, tuple[int, Match]], int]:
        """Translations and rewrites among the window's nearest leads (see the module doc)."""
        assert self.semantic is not None and fp.window is not None
        window = self._window
        window.sync(view, fp.added - self.window)
        if not window.entries:
            return {}, 0
        vec = np.frombuffer(fp.window.vector, dtype=np.float32)
        sims = window.vectors @ vec
        b = self._bounds
        by_lang: dict[str | None, list[int]] = {}
        for i, e in enumerate(window.entries):
            if e.id != p.id:
                by_lang.setdefault(e.lang, []).append(i)
        proposed: list[int] = []
        for lang, rows in by_lang.items():
            vals = sims[rows]
            order = np.argsort(-vals, kind="stable")
            best = rows[int(order[0])]
            cos = float(vals[order[0]])
            crowd = vals[order[1 : 1 + b.margin_k]]
            margin = cos / max(float(crowd.mean()) if crowd.size else 0.0, 1e-6)
            if same_language(p.info.lang, lang):
                ok = cos >= b.min_cosine_same and margin >= b.min_margin_same
            else:
                ok = cos >= b.min_cosine_cross and margin >= b.min_margin_cross
            if ok:
                proposed.append(best)
        found: dict[str, tuple[int, Match]] = {}
        for row in proposed:
            entry = window.entries[row]
            other = self._prepared_entry(entry)
            pair = self.semantic.verify(0, 1, p, other)
            if pair is not None:
                o = pair.overlap
                found[entry.id] = (entry.seq, Match(entry.id, pair.relation, pair.score,
                                                    o.jaccard, o.containment_a, pair.aligned))
        return found, len(proposed)

    def _prepared_entry(self, entry: WindowEntry) -> PreparedArticle:
        found = self._prepared.get(entry.id)
        if found is None:
            found = prepare(unpack_article(entry.article), self.config)
            self._prepared[entry.id] = found
            while len(self._prepared) > 1024:
                self._prepared.popitem(last=False)
        else:
            self._prepared.move_to_end(entry.id)
        return found


def _checked(article: Article) -> Article:
    if not isinstance(article, Article):
        raise expected("an Article (e.g. Article('a', text))", article)
    if not article.id:
        raise DedupError("article with an empty id: every article needs an id")
    if not article.text or not article.text.strip():
        raise DedupError(f"article {article.id!r}: empty text")
    return article
