"""Frozen configuration objects, one per concern, checked on creation.

Every default threshold here cites the measurement on ``../shared/eval`` that set
it (``benchmarks/probes/thresholds.py`` prints those measurements again).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from dedup.errors import ConfigError

# Measured on 400 random articles each of wmt, semeval and reuters: a sample of
# 500 characters agreed with detection on the whole text for all 1,200; 300
# characters for 0.98-0.995, 200 for 0.97. Cost grows with the sample.
SAMPLE_CHARS = 500


def _check_range(name: str, value: float, low: float, high: float) -> None:
    if not low <= value <= high:
        raise ConfigError(f"{name}={value!r} is out of range: allowed {low}..{high}")


@dataclass(frozen=True)
class ShingleConfig:
    """Word shingles: ``k`` consecutive tokens (CJK/Thai characters count as tokens).

    k=5 is the usual choice for news (datatrove, the C4/Gopher pipelines use
    5-grams): long enough that shared names and set phrases of one story do not
    make two independent articles look alike, short enough that an edited copy
    keeps most of its shingles.
    """

    k: int = 5

    def __post_init__(self) -> None:
        _check_range("shingle k", self.k, 1, 32)


@dataclass(frozen=True)
class MinHashConfig:
    """MinHash signature parameters; same meaning as ``datasketch.MinHash``."""

    num_perm: int = 128
    seed: int = 1

    def __post_init__(self) -> None:
        _check_range("num_perm", self.num_perm, 16, 1024)
        _check_range("seed", self.seed, 0, 2**32 - 1)


@dataclass(frozen=True)
class LSHConfig:
    """LSH candidate search, with ``datasketch.MinHashLSH``'s banding (:mod:`dedup.lexical.bands`).

    ``threshold`` is the Jaccard level the banding is tuned to. It must be low:
    a roundup that quotes part of an article has a Jaccard of 0.06-0.3 with it,
    an excerpt 0.2-0.5. Candidates are always verified on exact shingle sets, so
    a low threshold costs verification time, never precision.

    Measured (``benchmarks/probes/thresholds.py``, synthetic copies of reuters/bbc/fakebr
    articles, seed 7, 720 pairs): candidate recall at 0.1 (64 bands of 2 rows):
    excerpt 0.98, roundup 0.96, copyedit/dropped/framed 1.00; at 0.2: excerpt
    0.96, roundup 0.855; at 0.3: excerpt 0.87, roundup 0.65. On reuters+bbc
    (21,268 articles) 0.1 proposes 12,041 candidate pairs, verified in 0.2 s.
    ``datasketch.MinHashLSHEnsemble`` (containment, 0.3) reached 1.00/0.98 but
    queried 14x slower.
    """

    threshold: float = 0.1

    def __post_init__(self) -> None:
        _check_range("lsh threshold", self.threshold, 0.05, 0.95)


@dataclass(frozen=True)
class RelationConfig:
    """Bounds that turn exact Jaccard / containment into a relation (DESIGN.md §2).

    Measured with ``benchmarks/probes/thresholds.py`` (5-word shingles; containment is
    the share of the smaller side found in the larger one):

    * copies (synthetic, seed 7): copyedit Jaccard q01 0.50 / q05 0.56,
      dropped-paragraph copies containment q01 0.86, excerpts containment q01
      0.79, roundups containment q01 0.26 / q05 0.32 (shared shingles >= 34);
    * not copies: fakebr true-vs-fake same-topic pairs (3,600) containment q99
      0.11; semeval same_story (319) q99 0.52 (several are real shared wire
      copy); no negative pair reaches Jaccard 0.5 apart from identical
      paywall/cookie pages.

    With ``Jaccard >= 0.5 or (containment >= C and shared >= 20)``:

    * C = 0.5: flagged fakebr 0.17 %, semeval same_story 1.25 %, unrelated
      0.53 % (identical paywall/cookie pages); recall excerpt, copyedit,
      dropped, framed 1.00, roundup 0.68;
    * C = 0.3: fakebr 0.28 %, same_story 2.5 %, roundup 0.97 — but a full
      scan of fakebr then links 233 more pairs of *different* articles (follow-up
      stories of one outlet recycling background paragraphs: containment
      0.30-0.46 on both sides, read by hand). DESIGN.md's reprint is "one
      contains most of the other": 0.5 keeps that meaning and those articles
      apart, at the cost of roundups that quote less than half of a source.

    ``min_shingles`` (a shared passage of >= 24 words) keeps short texts from
    "containing" each other by sharing a sentence.

    The ``lead_*`` bounds are the lead-reprint rule (:func:`dedup.lexical.relate.lead`):
    a pair left unlinked above, with containment >= ``lead_containment``, is a
    ``reprint`` when one side's shingles, read in text order, are found in the
    other from position <= ``lead_start`` on, in a run that no gap of more than
    ``lead_gap`` unfound positions breaks, of >= ``lead_min_shingles`` found
    shingles covering >= ``lead_cover`` of that side at density >=
    ``lead_density``, holding >= ``lead_inside`` of all its found positions,
    and found as one run of the copy (>= ``lead_block`` of the lead's distinct
    shingles). Chosen on synthetic copies built with another seed than
    quality.py's (``cd benchmarks && PYTHONPATH=../src python -m probes.lead_probe
    --seed 11 --sets synth,fakebr,semeval,reuters,bbc --grid``; the band is
    every LSH candidate pair the rules above leave unlinked with containment
    >= 0.1): all 63 roundup pairs in the band are linked, and none of the 396
    fakebr and 69 semeval pairs there; 3 of reuters' 1,877 (REUTER NEWS
    HIGHLIGHTS roundups quoting a story's lead), none of bbc's 51. The
    neighbours: ``lead_containment`` 0.2 links one more reuters pair, 0.3 only
    58 roundups; ``lead_cover`` 0.1 the same, 0.2 links 62 roundups, 0.25 60;
    ``lead_start`` 0 the same; ``lead_gap`` 20 also links one fakebr pair (a
    radio commentary quoting 37 % of a news story's lead at density 0.82);
    ``lead_density`` 0.9 the same but for one reuters pair fewer.
    ``lead_min_shingles`` (two sentences, where ``min_shingles`` is one): at 20
    or 30 the reuters band gets 48 or 15 links, mostly wire items that share one
    template sentence (SEC filing notices, daily hog slaughter estimates); at
    40, 3; at 50, 1 and 62 roundups. ``lead_inside`` 0.9 and ``lead_block`` 0.8
    are fixed in that grid (an earlier run with 0.8-0.9 and 0.7-0.9 gave the
    same counts). Follow-up stories recycling background paragraphs fail the
    start, cover or density bounds (``lead_probe.py --show 300`` prints each
    pair's measurements): their first shared run starts past the opening or is
    a stray phrase of a few shingles.

    LSH misses roundups whose Jaccard with a source is < 0.1;
    :mod:`dedup.lexical.leadkeys` proposes those pairs (and cites its own constants).

    Checked on quality.py's set (seed 7, ``PYTHONPATH=src python
    benchmarks/quality.py --sets synth``): roundup rows linked 0.745 -> 0.990
    of 200, all rows 0.908 -> 0.993 of 600, end to end 0.818 -> 0.828,
    attribution 0.996 (491/493 -> 497/499), precision 1.000 both. A full
    lexical scan with and without the rule and its lead-key candidates (``cd
    benchmarks && PYTHONPATH=../src python -m probes.lead_links --sets
    fakebr,semeval,reuters,bbc``) links 0 more
    pairs of fakebr (false positives 3/3600 both ways), 0 of semeval
    (same_story 4/319, unrelated 3/571 both ways), 0 of bbc and 5 of reuters,
    read: three NEWS HIGHLIGHTS roundups quoting a story's lead, one short
    excerpt held whole by its story (LSH had missed it), and a pair of stories
    one of which holds the other's first half (65 shingles) as one block.

    The ``passage_*``, ``whole_*`` and ``partial_*`` bounds are the passage
    rule (:mod:`dedup.lexical.reused`, passages found by :func:`dedup.lexical.passages.reuse`):
    a pair the rules above leave unlinked, sharing >= ``passage_min_shared``
    shingles, is a ``rewrite`` when its passages cover >= ``whole_cover`` of one
    side's words (quoted words count a quarter) with a weight >= ``whole_weight``
    words (a story taken as a whole, sub-edited), and ``partial`` when they cover
    >= ``partial_cover`` of one side and >= ``partial_other_cover`` of the other,
    in >= ``partial_passages`` passages weighing >= ``partial_weight`` words (a
    story that takes several passages and adds its own). Chosen on the METER
    half ``--half 0`` (``cd benchmarks && PYTHONPATH=../src python
    passage_probe.py --half 0 --grid``, before the facts, rare-shingle and
    outlet gates below: every grid point with fakebr
    ``unrelated_same_topic`` <= 0.4 % and semeval ``same_story`` <= 3 %, the
    highest wholly + partially derived share; each derived story against its
    slot's wire files, each non-derived against its partners): wholly 0.479,
    partially 0.272, non-derived 0.000, fakebr 0.0036, semeval same_story 0.028
    (semeval's texts stop at ~1,000 characters, and many of its same-story pairs
    do print one agency paragraph: the binding bound). On ``--half 1``: 0.533,
    0.277, 0.026. The whole rule alone (0.4, 30) gave 0.438/0.167; no
    partial-only rule kept semeval under 3 % above 0.34 partially derived.
    Quoted words at full weight (``--quote-weight 1``): partially 0.351/0.347
    but non-derived 0.022/0.051 (halves 0/1) and fakebr 0.005.

    ``passage_facts``: of the names and numbers inside the passages (on the side
    with fewer), the share both sides print (:func:`dedup.lexical.passages.reuse`). A
    lexical scan of reuters with the rule and no such bound linked template
    stories re-sent with another issuer and figures (eurobond issues, Bank of
    Japan bill sales): 16 links between different gold groups, all at <= 0.67
    (read by hand); the METER half-0 derived pairs the rule links keep >= 0.71
    (q01; wholly q05 0.84, partially q05 0.75: ``cd benchmarks &&
    PYTHONPATH=../src python -m probes.passage_probe --facts --half 0``).

    ``passage_rare``: in a scan, the rule is asked only of pairs whose shared
    shingles are mostly rare (held by at most ``dedup.lexical.sharedkeys.MAX_OWNERS``
    articles): a template's form is printed by dozens of articles, a copy's
    passages by a few. METER half-0 derived pairs the rule links: share >= 0.98
    (q01, 80 pairs); 15 reuters passage links read by hand: the 3 copies and
    an update 0.79-1.0, 7 of 10 templates (bond issues, Bank of England
    assistance, CCC export bonuses) 0.24-0.59 (two tenders of one kind at 1.0
    and 0.95 stay linked). ``dedup compare`` has no corpus: every shingle of a
    lone pair is rare.
    """

    near_duplicate_jaccard: float = 0.5
    reprint_containment: float = 0.5
    min_shingles: int = 20
    lead_containment: float = 0.25
    lead_min_shingles: int = 40
    lead_start: int = 5
    lead_gap: int = 10
    lead_cover: float = 0.15
    lead_density: float = 0.8
    lead_inside: float = 0.9
    lead_block: float = 0.8
    passage_rule: bool = True
    passage_min_shared: int = 5
    passage_facts: float = 0.7
    passage_rare: float = 0.8
    whole_cover: float = 0.4
    whole_weight: float = 30.0
    partial_cover: float = 0.15
    partial_other_cover: float = 0.1
    partial_weight: float = 40.0
    partial_passages: int = 3

    def __post_init__(self) -> None:
        _check_range("near_duplicate_jaccard", self.near_duplicate_jaccard, 0.05, 1.0)
        _check_range("reprint_containment", self.reprint_containment, 0.05, 1.0)
        _check_range("min_shingles", self.min_shingles, 1, 10_000)
        _check_range("lead_containment", self.lead_containment, 0.0, 1.0)
        _check_range("lead_min_shingles", self.lead_min_shingles, 1, 10_000)
        _check_range("lead_start", self.lead_start, 0, 10_000)
        _check_range("lead_gap", self.lead_gap, 0, 10_000)
        for name in ("lead_cover", "lead_density", "lead_inside", "lead_block", "whole_cover",
                     "partial_cover", "partial_other_cover"):
            _check_range(name, getattr(self, name), 0.0, 1.0)
        _check_range("passage_min_shared", self.passage_min_shared, 1, 1_000_000)
        _check_range("passage_facts", self.passage_facts, 0.0, 1.0)
        _check_range("passage_rare", self.passage_rare, 0.0, 1.0)
        for name in ("whole_weight", "partial_weight"):
            _check_range(name, getattr(self, name), 0.0, 100_000.0)
        _check_range("partial_passages", self.partial_passages, 1, 10_000)


@dataclass(frozen=True)
class LanguageConfig:
    """Language detection on a bounded sample of each text (langdetect, seed 0).

    The default sample size and its measurement: ``dedup.config.SAMPLE_CHARS``.
    """

    sample_chars: int = SAMPLE_CHARS

    def __post_init__(self) -> None:
        _check_range("language sample_chars", self.sample_chars, 50, 1_000_000)


@dataclass(frozen=True)
class SemanticConfig:
    """Translation and rewrite detection with the multilingual sentence encoder.

    Its bounds are measured constants of :mod:`dedup.semantic.align` and
    :mod:`dedup.semantic.index` (each cites its measurement); here only whether
    the stage runs. Without it a scan is lexical only, ~200x cheaper.
    """

    enabled: bool = True


@dataclass(frozen=True)
class Config:
    """Everything that shapes a result; recorded in the report's ``params``."""

    shingle: ShingleConfig = field(default_factory=ShingleConfig)
    minhash: MinHashConfig = field(default_factory=MinHashConfig)
    lsh: LSHConfig = field(default_factory=LSHConfig)
    relation: RelationConfig = field(default_factory=RelationConfig)
    language: LanguageConfig = field(default_factory=LanguageConfig)
    semantic: SemanticConfig = field(default_factory=SemanticConfig)

    def to_params(self) -> dict[str, Any]:
        """A JSON-ready, deterministic view for the report's ``params``."""
        return asdict(self)
