"""The semantic stage: translations and rewrites that share few words.

Two steps, so that the encoder (~1 ms a sentence) only sees what it must:

1. candidates (:class:`dedup.semantic_index.SemanticIndex`): a lead embedding
   of every article in a covered language with a nearest-neighbour search,
   and language-independent anchors (numbers, names, quotes) for pairs with a
   side the encoder does not know;
2. verification (:func:`dedup.align.compare`): every sentence of both articles
   encoded (cached by sentence), aligned in order, decided at document level.

A verified pair is a ``translation`` when the languages differ and a
``rewrite`` when they are the same. Pairs with a side in a language the
encoder does not cover are never decided by it: they are reported as
*unchecked*, with the reason, so a user knows what could not be verified.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dedup.align import EncodedText, SentenceEncoder, compare, encode_text, is_covered
from dedup.models import UncheckedPair
from dedup.prepare import PreparedArticle
from dedup.relate import PairEvidence, overlap
from dedup.semantic_index import SemanticIndex, anchors, lead_sentences
from dedup.traces import translation_traces

__all__ = ["SemanticStage"]


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
        )

    def candidates(self, prepared: Sequence[PreparedArticle]) -> list[tuple[int, int]]:
        """Pairs worth a full alignment (or worth reporting as unchecked)."""
        index = SemanticIndex(self.encoder.encode)
        for article in prepared:
            lang = article.info.lang
            index.add(
                article.id,
                lang,
                lead=lead_sentences(article.content, lang) if is_covered(lang) else (),
                anchors=anchors(article.content),
            )
        return index.candidates()

    def find(
        self,
        prepared: Sequence[PreparedArticle],
        linked: set[tuple[int, int]],
        progress: Callable[[int, int], None] | None = None,
    ) -> SemanticResult:
        """Verified semantic pairs among ``prepared``, skipping pairs already ``linked``."""
        pairs: list[PairEvidence] = []
        unchecked: list[UncheckedPair] = []
        todo = [(i, j) for i, j in self.candidates(prepared) if (i, j) not in linked]
        for n, (i, j) in enumerate(todo, start=1):
            a, b = prepared[i], prepared[j]
            uncovered = [p for p in (a, b) if not is_covered(p.info.lang)]
            if uncovered:
                lang = uncovered[0].info.lang or "undetected"
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
        return SemanticResult(pairs, unchecked)

    def explain(self, a: PreparedArticle, b: PreparedArticle) -> tuple[float | None, str]:
        """Aligned coverage (None when not comparable) and the reason, for ``compare``."""
        match = compare(self.encoded(a), self.encoded(b))
        score = None if match.alignment is None else match.score
        return score, match.reason
