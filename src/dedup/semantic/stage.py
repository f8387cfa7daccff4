"""The semantic stage: translations and rewrites that share few words.

Two steps, so that the encoder (~1 ms a sentence) only sees what it must:

1. candidates (:class:`dedup.semantic.index.SemanticIndex`): a lead embedding
   of every article in a covered language with a nearest-neighbour search,
   and language-independent anchors (numbers, names, quotes) for pairs with a
   side the encoder does not know, plus consonant skeletons of names for a text
   in a script without letter case (Hindi), whose names the anchors cannot see;
2. verification (:func:`dedup.semantic.texts.compare`): every sentence of both articles
   encoded (cached by sentence), aligned in order, decided at document level.

A verified pair is a ``translation`` when the languages differ and a
``rewrite`` when they are the same. Pairs with a side in a language the
encoder does not cover are never decided by it. Such a pair (found by shared
names and numbers) in two different languages is still a ``translation`` when
its paragraph structure matches and the two share names or numbers
(:mod:`dedup.semantic.structure`: a translation keeps its source's paragraphs and
their proportions).
Any other such pair is reported as *unchecked*, with the reason, so a user
knows what could not be verified; a pair proposed only by name skeletons or by
anchors common in the feed, or with a side too short for the paragraph rule, is
weaker evidence and is dropped instead. Last, an uncovered article is compared
(by structure only) with the partners of its partners, so that a version linked
to one translation of a story is linked to the others too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from dedup.lexical.relate import PairEvidence, overlap
from dedup.lexical.traces import translation_traces
from dedup.models import UncheckedPair
from dedup.prepare.article import PreparedArticle
from dedup.prepare.prose import letters, prose_sentences
from dedup.semantic.align import COPY_COVERAGE, MAX_SENTENCES, is_covered
from dedup.semantic.anchors import anchors, is_caseless, skeleton_anchors
from dedup.semantic.encoder import SentenceEncoder
from dedup.semantic.encoder_pool import one_blas_thread
from dedup.semantic.index import SemanticIndex, lead_sentences
from dedup.semantic.structure import (
    MIN_STRUCTURE_LETTERS,
    Witnesses,
    structure_link,
    witnesses,
)
from dedup.semantic.texts import EncodedText, compare, encode_text

__all__ = ["SemanticStage"]

# Candidate pairs whose articles are encoded together, ahead of aligning them. The
# default scan of the first 1,500 wmt articles verifies 998 pairs of 854 distinct
# articles, 22,548 sentences (profile at d68cf98): 256 pairs bring ~220 articles,
# ~5,800 sentences, above the encoder pool's MIN_SENTENCES (2,048) and far within
# the encoder's cache (200,000 sentences), which must still hold them when aligned.
ENCODE_AHEAD = 256


@dataclass(frozen=True)
class SemanticResult:
    pairs: list[PairEvidence]
    unchecked: list[UncheckedPair]


class SemanticStage:
    """Finds and verifies translations and rewrites among prepared articles.

    One instance keeps its encoder (and the encoder's sentence cache) across
    calls, so a streaming user pays for each sentence once.
    """

    def __init__(self, encoder: SentenceEncoder | None = None) -> None:
        self.encoder = encoder or SentenceEncoder()
        self._encoded: dict[str, EncodedText] = {}
        self.progress: Callable[[str, int, int], None] | None = None  # during find()
        self._witness: dict[str, Witnesses] = {}
        self._prose_letters: dict[str, int] = {}

    def encoded(self, article: PreparedArticle) -> EncodedText:
        """Sentences and vectors of an article, cached by its content hash."""
        key = f"{article.content_hash}:{article.info.lang}"
        found = self._encoded.get(key)
        if found is None:
            found = encode_text(article.content, article.info.lang, self.encoder)
            self._encoded[key] = found
        return found

    def verify(self, i: int, j: int, a: PreparedArticle, b: PreparedArticle) -> PairEvidence | None:
        """The semantic relation of a pair in covered languages, or None."""
        match = compare(self.encoded(a), self.encoded(b))
        if not match.copy:
            return None
        traces_a, traces_b = translation_traces(a.id, a.content, b.id, b.content)
        return PairEvidence(
            i,
            j,
            "rewrite" if match.same_language else "translation",
            match.score,
            overlap(a, b),
            aligned=match.score,
            passages=match.passages,
            notes=(match.reason,),
            traces=tuple(traces_a + traces_b),
            whole=match.alignment is not None
            and match.alignment.coverage_min >= COPY_COVERAGE,
        )

    def _witnesses(self, article: PreparedArticle) -> Witnesses:
        """Anchors and name skeletons of an article, and its script (cached by content)."""
        found = self._witness.get(article.content_hash)
        if found is None:
            found = witnesses(article.content)
            self._witness[article.content_hash] = found
        return found

    def _checkable(self, a: PreparedArticle, b: PreparedArticle) -> bool:
        """Whether an unverified pair is worth reporting as unchecked: both sides have, in
        prose (table rows left out, :func:`dedup.prepare.prose.prose_sentences`), the
        :data:`dedup.semantic.structure.MIN_STRUCTURE_LETTERS` letters the paragraph rule
        reads. A table or a notice ("Shr one dlr vs 73 cts / Net 12.6 mln ...", often no
        language detected) meets a wire story's figures without being its translation.
        Unchecked pairs with such a side (caches of one default scan per set): reuters
        2,250 of 2,291, ntrex+reuters 2,109 of 3,783, none in a gold family; ntrex, wmt,
        semeval none. Counting every letter instead of prose letters kept 329 of reuters'."""
        return min(self._prose(a), self._prose(b)) >= MIN_STRUCTURE_LETTERS

    def _prose(self, article: PreparedArticle) -> int:
        """Letters of the prose sentences of an article (cached by content)."""
        found = self._prose_letters.get(article.content_hash)
        if found is None:
            found = letters(" ".join(prose_sentences(article.content, article.info.lang)))
            self._prose_letters[article.content_hash] = found
        return found

    def verify_structure(
        self, i: int, j: int, a: PreparedArticle, b: PreparedArticle,
        found_by: str = "shares names and numbers",
    ) -> PairEvidence | None:
        """:func:`dedup.semantic.structure.structure_link`, the witnesses cached by content."""
        return structure_link(i, j, a, b, self._witnesses(a), self._witnesses(b), found_by)

    def candidates(self, prepared: Sequence[PreparedArticle]) -> list[tuple[int, int]]:
        """Pairs worth a full alignment (or worth reporting as unchecked)."""
        index = self._index(prepared)
        return sorted(index.lead_pairs() | index.anchor_pairs())

    def _encode_ahead(self, articles: Iterable[PreparedArticle]) -> None:
        """Encode the sentences of ``articles`` not encoded yet in one batch (into the
        encoder's cache), so that :meth:`encoded` of each finds them there: the encoder
        is cheaper per sentence in large batches, which it spreads over the cores."""
        sentences: dict[str, None] = {}
        for article in articles:
            lang = article.info.lang
            if is_covered(lang) and f"{article.content_hash}:{lang}" not in self._encoded:
                sentences.update(dict.fromkeys(prose_sentences(article.content, lang)
                                               [:MAX_SENTENCES]))
        if sentences:
            self.encoder.encode(list(sentences), self._progress("encode"))

    def _progress(self, stage: str) -> Callable[[int, int], None] | None:
        report = self.progress
        if report is None:
            return None
        return lambda done, total: report(stage, done, total)

    def _index(
        self, prepared: Sequence[PreparedArticle], skeletons: bool | None = None
    ) -> SemanticIndex:
        """The candidate index of ``prepared``; ``skeletons``: whether to extract name
        skeletons (default: when one of ``prepared`` is caseless and uncovered)."""
        leads = self._progress("encode leads")
        index = SemanticIndex(lambda sentences: self.encoder.encode(sentences, leads))
        caseless = [is_caseless(a.content) for a in prepared]
        # Skeletons (~1 ms an article) only serve a caseless uncovered article.
        if skeletons is None:
            skeletons = any(c and not is_covered(a.info.lang)
                            for c, a in zip(caseless, prepared, strict=True))
        for article, flat in zip(prepared, caseless, strict=True):
            lang = article.info.lang
            index.add(
                article.id,
                lang,
                lead=lead_sentences(article.content, lang) if is_covered(lang) else (),
                anchors=anchors(article.content),
                skeletons=skeleton_anchors(article.content) if skeletons else (),
                caseless=flat,
            )
        return index

    def find(
        self,
        prepared: Sequence[PreparedArticle],
        linked: set[tuple[int, int]],
        progress: Callable[[str, int, int], None] | None = None,
    ) -> SemanticResult:
        """Verified semantic pairs among ``prepared``, skipping pairs already ``linked``.

        ``progress(stage, done, total)`` is called during the long stages (``encode
        leads``, ``encode``, ``align``). BLAS runs on one thread meanwhile: its idle
        threads spin beside the one-threaded encoder (PERF-NOTES: 108 CPU s for 59 s
        wall on wmt's filter, 61 CPU s pinned, same decisions); the encoder's worker
        processes are stopped at the end.
        """
        self.progress = progress
        try:
            with one_blas_thread():
                return self._find(prepared, linked)
        finally:
            self.progress = None
            self.encoder.close()

    def _find(
        self, prepared: Sequence[PreparedArticle], linked: set[tuple[int, int]]
    ) -> SemanticResult:
        index = self._index(prepared)
        proposed = index.lead_pairs() | index.anchor_pairs()
        # Skeleton pairs (names transliterated from a caseless script) and pairs that
        # share only anchors common in the feed are weaker evidence: linked when the
        # structure matches, never reported as unchecked (1,225 skeleton pairs on wmt,
        # 197 of them in one gold cluster).
        weak = index.weak_pairs() - proposed
        todo = [(i, j) for i, j in sorted(proposed | weak) if (i, j) not in linked]
        pairs, unchecked = self.verify_pairs(prepared, todo, weak,
                                             self._progress("align"))
        pairs += self._through_links(prepared, pairs, linked, set(todo))
        return SemanticResult(pairs, unchecked)

    def verify_pairs(
        self,
        prepared: Sequence[PreparedArticle],
        todo: Sequence[tuple[int, int]],
        weak: set[tuple[int, int]],
        progress: Callable[[int, int], None] | None = None,
    ) -> tuple[list[PairEvidence], list[UncheckedPair]]:
        """Verify candidate pairs ``todo`` (indices into ``prepared``), in order: the
        encoder's alignment, or the paragraph structure for an uncovered side (an
        unverifiable pair is unchecked unless it is ``weak``, proposed only by name
        skeletons or common anchors, or a side is too short: :meth:`_checkable`)."""
        pairs: list[PairEvidence] = []
        unchecked: list[UncheckedPair] = []
        for n, (i, j) in enumerate(todo, start=1):
            if n % ENCODE_AHEAD == 1:
                self._encode_ahead(prepared[x] for pair in todo[n - 1 : n - 1 + ENCODE_AHEAD]
                                   for x in pair)
            a, b = prepared[i], prepared[j]
            uncovered = [p for p in (a, b) if not is_covered(p.info.lang)]
            if uncovered:
                lang = uncovered[0].info.lang or "undetected"
                structure = self.verify_structure(i, j, a, b)
                if structure is not None:
                    pairs.append(structure)
                elif (i, j) not in weak and self._checkable(a, b):
                    unchecked.append(
                        UncheckedPair(
                            a.id,
                            b.id,
                            f"{uncovered[0].id}: language {lang} is not "
                            "covered by the multilingual encoder; shares names and "
                            "numbers with the other",
                        )
                    )
            else:
                found = self.verify(i, j, a, b)
                if found is not None:
                    pairs.append(found)
            if progress is not None and (n % 64 == 0 or n == len(todo)):
                progress(n, len(todo))
        return pairs, unchecked

    def _through_links(
        self,
        prepared: Sequence[PreparedArticle],
        pairs: Sequence[PairEvidence],
        linked: set[tuple[int, int]],
        tried: set[tuple[int, int]],
    ) -> list[PairEvidence]:
        """Structure links from an uncovered article to the partners of its partners.

        The clusters are anchored on originals (:mod:`dedup.cluster`), so an uncovered
        original linked to one version of a story but not to the others (no shared
        anchors with them) loses them. A version linked to a version of the article is
        a candidate too; it is kept only by :meth:`verify_structure`, never reported as
        unchecked. Repeated until nothing new is linked.

        Measured end to end (``Detector().scan`` on wmt, scored as ``quality.py``; the
        skeleton pairs already in): pair true positives 9,650 -> 9,910 of 10,360, false
        30 -> 35 (the 5 join the Hindi version of a newstest2014 story to its cs, de,
        en, fr and ru versions, which the gold lists as another cluster); covered pair
        recall de-en 0.971 -> 0.990, de-es 0.960 -> 0.990, de-fr 0.966 -> 0.987 (covered
        gold pairs split by a cluster anchored on a cs/hu version: 99 -> 13); originals
        left out of their cluster 10 -> 7; original accuracy 0.610 -> 0.611.
        """
        edges = {(p.a, p.b) for p in pairs} | linked
        neighbours: dict[int, set[int]] = {}
        for a, b in edges:
            neighbours.setdefault(a, set()).add(b)
            neighbours.setdefault(b, set()).add(a)
        tried = tried | edges
        found: list[PairEvidence] = []
        frontier = sorted(neighbours)
        while frontier:
            todo: set[tuple[int, int]] = set()
            for u in frontier:
                if is_covered(prepared[u].info.lang):
                    continue
                for m in neighbours.get(u, ()):
                    for x in neighbours.get(m, ()):
                        pair = (min(u, x), max(u, x))
                        if x != u and pair not in tried:
                            todo.add(pair)
            tried |= todo
            touched: set[int] = set()
            for i, j in sorted(todo):
                link = self.verify_structure(
                    i, j, prepared[i], prepared[j], "linked through a version of both"
                )
                if link is not None:
                    found.append(link)
                    neighbours[i].add(j)
                    neighbours[j].add(i)
                    touched |= {i, j}
            frontier = sorted(touched.union(*(neighbours[t] for t in touched)))
        return found

    def explain(self, a: PreparedArticle, b: PreparedArticle) -> tuple[float | None, str]:
        """Aligned coverage (None when not comparable) and the reason, for ``compare``."""
        match = compare(self.encoded(a), self.encoded(b))
        score = None if match.alignment is None else match.score
        return score, match.reason
