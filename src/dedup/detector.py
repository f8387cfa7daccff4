"""The library's entry point: :class:`Detector`.

``Detector().scan(articles)`` runs the whole batch pipeline of DESIGN.md §1 —
prepare, fingerprint, candidates, verify, cluster, attribute — and returns a
typed :class:`~dedup.models.Report`. ``Detector().compare(a, b)`` explains one
pair. The CLI is a thin shell over these two calls.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib.metadata import PackageNotFoundError, version

from dedup.attribute.origin import EvidencePolicy, OriginPolicy
from dedup.cluster import cluster
from dedup.config import Config
from dedup.errors import ConfigError, DedupError, expected
from dedup.lexical.exact import exact_groups, exact_pairs, expand
from dedup.lexical.relate import (
    Overlap,
    PairEvidence,
    ordered_shingles,
    overlap,
    relate,
)
from dedup.lexical.reused import (
    WordCache,
    by_passages,
    may_be_passage,
    passage_pair,
    with_link_passages,
)
from dedup.lexical.sharedkeys import shared_counts
from dedup.lexical.verify import (
    lexical_candidates,
    verify_candidates,
)
from dedup.models import (
    Article,
    ArticleInfo,
    Cluster,
    Comparison,
    Decision,
    InputProblem,
    Link,
    Report,
    UncheckedPair,
)
from dedup.prepare.article import PreparedArticle, prepare
from dedup.prepare.parallel import gc_paused, prepare_all
from dedup.semantic.stage import SemanticStage
from dedup.stream.filter import StreamFilter
from dedup.stream.stores import open_store

Progress = Callable[[str, int, int], None]
READ_EVERY = 1000  # articles read between two progress calls


def tool_version() -> str:
    try:
        return version("dedup")
    except PackageNotFoundError:  # running from a source tree
        return "0.0.0+source"


def _link(pair: PairEvidence, original: int, articles: Sequence[PreparedArticle]) -> Link:
    """The pair as a link from its copy side to ``original`` (the side it is a copy of)."""
    copy = pair.b if pair.a == original else pair.a
    containment = pair.overlap.containment_a if copy == pair.a else pair.overlap.containment_b
    notes = pair.notes
    if pair.lead is not None and notes:  # relate's lead note, without the sides' names
        lead, other = (pair.a, pair.b) if pair.lead == 0 else (pair.b, pair.a)
        notes = (
            f"{articles[lead].id}'s lead is reproduced in {articles[other].id}: {notes[0]}",
            *notes[1:],
        )
    return Link(
        source=articles[copy].id,
        target=articles[original].id,
        relation=pair.relation,
        score=pair.score,
        jaccard=pair.overlap.jaccard,
        containment=containment,
        aligned=pair.aligned,
        # Passages are stored (a's sentence, b's sentence): show the copy's first.
        passages=pair.passages
        if copy == pair.a
        else tuple(p.swapped() for p in pair.passages),
        notes=notes + tuple(t.describe() for t in pair.traces),
    )


class Detector:
    """Finds copies among news articles.

    >>> from dedup import Article, Detector
    >>> report = Detector().scan([Article("a", "Some text ..."), Article("b", "Other ...")])
    >>> [c.members for c in report.clusters]
    []

    ``origin_policy`` replaces the default attribution
    (:class:`dedup.attribute.origin.EvidencePolicy`).
    ``workers`` is the number of processes that prepare articles (default: one
    per core for batches of a few thousand articles, else one); the report is
    the same whatever it is.
    """

    def __init__(
        self,
        config: Config | None = None,
        *,
        origin_policy: OriginPolicy | None = None,
        workers: int | None = None,
        index: str | None = None,
    ) -> None:
        if config is not None and not isinstance(config, Config):
            raise expected("a dedup.Config (e.g. Config(shingle=ShingleConfig(k=5)))", config)
        self.config = config or Config()
        self.index = index
        self.origin_policy: OriginPolicy = origin_policy or EvidencePolicy()
        if workers is not None and workers < 1:
            raise ConfigError(f"workers={workers!r} is out of range: allowed 1 or more")
        self.workers = workers
        self._semantic: SemanticStage | None = None
        self._stream: StreamFilter | None = None

    # ------------------------------------------------------------------ stages
    def prepare(self, article: Article) -> PreparedArticle:
        """Content, metadata, language and fingerprints of one article."""
        return prepare(article, self.config)

    def verify(
        self, prepared: Sequence[PreparedArticle], *, progress: Progress | None = None
    ) -> tuple[list[PairEvidence], list[UncheckedPair]]:
        """Every verified copy pair among ``prepared`` (indices into it), and the
        candidate pairs that could not be checked.

        Exact copies are grouped first: one representative per group goes
        through the lexical and semantic stages, and what it is found to be, its
        exact twins are too.
        """
        groups = exact_groups(prepared)
        pairs = exact_pairs(prepared, groups)
        reps = [group[0] for group in groups]
        words = WordCache(prepared)
        if progress is not None:
            progress("lexical", 0, len(reps))
        found = self._lexical(prepared, reps, words)
        if progress is not None:
            progress("lexical", len(reps), len(reps))
        unchecked: list[UncheckedPair] = []
        if self.config.semantic.enabled:
            local = [prepared[r] for r in reps]
            position = {r: k for k, r in enumerate(reps)}
            # Passage-rule pairs are aligned too: the encoder's evidence, when it
            # finds the pair, is the stronger (aligned sentences, a direction).
            linked = {(position[p.a], position[p.b]) for p in found if not by_passages(p)}
            semantic = self.semantic.find(
                local,
                linked,
                progress=progress,
            )
            aligned = [dataclasses.replace(p, a=reps[p.a], b=reps[p.b]) for p in semantic.pairs]
            seen = {(p.a, p.b) for p in aligned}
            found = [p for p in found if (p.a, p.b) not in seen] + aligned
            unchecked = semantic.unchecked
        # The representatives' passages first: the twins that read as them share them.
        pairs += expand(prepared, groups, with_link_passages(found, words))
        pairs.sort(key=lambda p: (p.a, p.b))
        return with_link_passages(pairs, words), unchecked

    def _lexical(
        self,
        prepared: Sequence[PreparedArticle],
        reps: list[int],
        words: WordCache | None = None,
    ) -> list[PairEvidence]:
        """Verified lexical pairs among the representatives ``reps``: LSH candidates,
        and the pairs sharing rare shingles (:mod:`dedup.lexical.sharedkeys`) for the
        passage rule (``words``: the texts' word cache, made here when not given)."""
        if words is None:
            words = WordCache(prepared)
        keys = [r for r in reps if prepared[r].shingles.size >= self.config.relation.min_shingles]
        if len(keys) < 2:
            return []
        lsh, leads = lexical_candidates(prepared, keys, self.config)
        checked = words if self.config.relation.passage_rule else None
        rare: dict[tuple[int, int], int] = {}
        if checked is not None:
            rare = shared_counts(keys, [prepared[k].shingles for k in keys],
                                 min_shared=self.config.relation.passage_min_shared)
            lsh = sorted(set(lsh).union(rare).difference(leads))
        return verify_candidates(
            prepared, lsh, self.config, words=checked, rare=rare
        ) + verify_candidates(prepared, leads, self.config, lead_only=True)

    @property
    def semantic(self) -> SemanticStage:
        """The translation/rewrite stage, made on first use (it loads the encoder lazily)."""
        if self._semantic is None:
            self._semantic = SemanticStage()
        return self._semantic

    # ------------------------------------------------------------------ batch
    def scan(
        self, items: Iterable[Article | InputProblem], *, progress: Progress | None = None
    ) -> Report:
        """Read every article, find the copies, cluster them around their originals.

        ``progress(stage, done, total)`` is called now and then during long runs.
        """
        articles: list[Article] = []
        problems: list[InputProblem] = []
        seen: dict[str, Article] = {}
        if isinstance(items, (str, bytes, Article)):
            raise expected("an iterable of Article (e.g. [Article('a', text)])", items)
        for read, item in enumerate(items, start=1):
            if progress is not None and read % READ_EVERY == 0:
                progress("read", read, 0)  # 0: the total is not known while reading
            if isinstance(item, InputProblem):
                problems.append(item)
                continue
            if not isinstance(item, Article):
                raise expected("Article items (wrap each text: Article(id, text))", item)
            problem = _check(item, seen)
            if problem is not None:
                problems.append(problem)
                continue
            seen[item.id] = item
            articles.append(item)
        with gc_paused():
            prepared = prepare_all(
                articles,
                self.config,
                workers=self.workers,
                progress=None
                if progress is None
                else (lambda done: progress("prepare", done, len(articles))),
            )
            pairs, unchecked = self.verify(prepared, progress=progress)
        return self.build_report(prepared, [p.info for p in prepared], pairs, unchecked,
                                 problems, progress=progress)

    def build_report(
        self,
        prepared: Sequence[PreparedArticle],
        infos: Sequence[ArticleInfo],
        pairs: Sequence[PairEvidence],
        unchecked: Sequence[UncheckedPair],
        problems: Sequence[InputProblem],
        *,
        progress: Progress | None = None,
    ) -> Report:
        """Cluster the verified ``pairs`` and write the report.

        ``prepared[i]`` is read only for the articles in ``pairs`` (a distributed
        scan passes those alone); ``infos[i]`` is every article's report entry.
        """
        n_pairs = max(1, len(pairs))
        if progress is not None:
            progress("cluster", 0, n_pairs)
        groups, cross = cluster(prepared, pairs, self.origin_policy)
        if progress is not None:
            progress("cluster", n_pairs, n_pairs)
        clusters = []
        for n, group in enumerate(sorted(groups, key=lambda g: g.original), start=1):
            clusters.append(
                Cluster(
                    id=f"c{n}",
                    original=prepared[group.original].id,
                    original_confidence=group.attribution.confidence,
                    original_evidence=group.attribution.evidence,
                    members=tuple(prepared[m].id for m in group.members),
                    links=tuple(_link(p, group.target(k), prepared)
                                for k, p in enumerate(group.pairs)),
                )
            )
        clustered = {m for g in groups for m in g.members}
        return Report(
            tool={"name": "dedup", "version": tool_version()},
            params=self.config.to_params(),
            articles=tuple(infos),
            clusters=tuple(clusters),
            unique=tuple(info.id for i, info in enumerate(infos) if i not in clustered),
            errors=tuple(problems),
            cross_links=tuple(_link(p, side, prepared) for p, side in cross),
            unchecked=tuple(unchecked),
        )

    # ------------------------------------------------------------------ streaming
    @property
    def stream(self) -> StreamFilter:
        """The pipeline pre-filter on ``index`` (a throw-away in-memory one if None),
        opened on first use; see :mod:`dedup.stream.filter`."""
        if self._stream is None:
            semantic = self.semantic if self.config.semantic.enabled else False
            self._stream = StreamFilter(
                open_store(self.index or ":memory:", self.config), self.config, semantic=semantic
            )
        return self._stream

    def check(self, article: Article) -> Decision:
        """Is ``article`` a copy of an indexed one? Decides without indexing it."""
        return self.stream.check(article)

    def add(self, article: Article) -> Decision:
        """Decide and index ``article`` in one atomic step (a re-sent id gets its
        first decision back)."""
        return self.stream.add(article)

    def filter(self, items: Iterable[Article | InputProblem]) -> Iterator[Decision | InputProblem]:
        """Generator in, generator out: :meth:`add` on each article of a stream."""
        return self.stream.filter(items)

    def close(self) -> None:
        """Close the stream index, if one was opened."""
        if self._stream is not None:
            self._stream.close()
            self._stream = None

    # ------------------------------------------------------------------ one pair
    def compare(self, a: Article, b: Article) -> Comparison:
        """Every measurement of one pair, the relation if any, and why."""
        for article in (a, b):
            if not isinstance(article, Article):
                raise expected("two Article objects", article)
            problem = _check(article, {})
            if problem is not None:
                raise DedupError(f"{article.id}: {problem.error}")
        pa, pb = self.prepare(a), self.prepare(b)
        measured = overlap(pa, pb)
        k = self.config.shingle.k
        orders = (ordered_shingles(pa.content, k), ordered_shingles(pb.content, k))
        rules = self.config.relation
        pair = relate(0, 1, pa, pb, rules, orders.__getitem__)
        words = WordCache([pa, pb])
        if pair is None and rules.passage_rule and may_be_passage(measured, rules):
            pair = passage_pair(0, 1, measured, words, rules)
        aligned: float | None = None
        reason = _why_not(measured, self.config)
        if (pair is None or by_passages(pair)) and self.config.semantic.enabled:
            pair = self.semantic.verify(0, 1, pa, pb) or pair  # as a scan prefers it
            aligned, why = self.semantic.explain(pa, pb)
            reason += f"; sentence alignment: {why}"
        if pair is not None:
            pair = with_link_passages([pair], words)[0]
        link = None
        if pair is not None:
            attribution = self.origin_policy([pa, pb], [pair])
            link = _link(pair, attribution.original, [pa, pb])
            aligned = link.aligned
            an = "an" if link.relation[0] in "aeiou" else "a"  # an exact copy
            reason = f"{link.source} is {an} {link.relation} of {link.target}: " + "; ".join(
                attribution.evidence + link.notes
            )
        return Comparison(
            a=pa.info,
            b=pb.info,
            jaccard=measured.jaccard,
            containment_a_in_b=measured.containment_a,
            containment_b_in_a=measured.containment_b,
            aligned=aligned,
            link=link,
            reason=reason,
            passages=() if link is None else link.passages,
        )


def _check(article: Article, seen: dict[str, Article]) -> InputProblem | None:
    """Problems the library itself rejects (the readers catch them earlier for files)."""
    where = article.input or "<api>"
    if not article.id:
        return InputProblem(where, article.line, "empty id")
    if not article.text or not article.text.strip():
        return InputProblem(where, article.line, f"article {article.id!r}: empty text")
    first = seen.get(article.id)
    if first is not None:
        at = f"{first.input}:{first.line}" if first.line else (first.input or "<api>")
        return InputProblem(
            where, article.line, f"duplicate id {article.id!r} (first seen at {at}); skipped"
        )
    return None


def _why_not(measured: Overlap, config: Config) -> str:
    """Why the shingle rules do not call the pair a copy: the bound that decided
    (the shared-shingle floor first, as :func:`dedup.lexical.relate.lexical_relation` asks it)."""
    r, k = config.relation, config.shingle.k
    if measured.shared < r.min_shingles:
        return (f"not a copy: {measured.shared} shared {k}-word shingles < {r.min_shingles} "
                f"(Jaccard {measured.jaccard:.3f}, containment "
                f"{max(measured.containment_a, measured.containment_b):.3f})")
    return (
        f"not a copy: Jaccard {measured.jaccard:.3f} < {r.near_duplicate_jaccard} and "
        f"containment {max(measured.containment_a, measured.containment_b):.3f} "
        f"< {r.reprint_containment} ({measured.shared} shared {k}-word shingles)"
    )
