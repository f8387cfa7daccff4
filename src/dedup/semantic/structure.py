"""Structure links: a translation into a language the encoder does not read, seen by shape.

A translator keeps the source's paragraphs and their proportions (Gale & Church's
length-based alignment): two versions in different languages with as many paragraphs
(at least :data:`MIN_PARAGRAPHS`) whose log lengths correlate (Pearson >=
:data:`MIN_LENGTH_CORRELATION`, or :data:`MIN_LENGTH_CORRELATION_LONG` from
:data:`LONG_PARAGRAPHS` paragraphs on), which share at least :data:`MIN_WITNESSES`
names or numbers and have :data:`MIN_STRUCTURE_LETTERS` letters a side, are a
``translation`` (:func:`structure_link`). :class:`dedup.semantic.stage.SemanticStage`
asks for it on pairs with a side outside the encoder.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from dedup.lexical.relate import PairEvidence, overlap
from dedup.lexical.traces import translation_traces
from dedup.prepare.article import PreparedArticle
from dedup.prepare.prose import letters
from dedup.prepare.scripts import script_of
from dedup.semantic.anchors import anchors, skeleton_anchors
from dedup.semantic.languages import is_covered

__all__ = [
    "LONG_PARAGRAPHS",
    "MIN_LENGTH_CORRELATION",
    "MIN_LENGTH_CORRELATION_LONG",
    "MIN_PARAGRAPHS",
    "MIN_STRUCTURE_LETTERS",
    "MIN_WITNESSES",
    "Witnesses",
    "paragraph_lengths",
    "paragraph_match",
    "structure_link",
    "witnesses",
]

# Candidate pairs from anchors with an uncovered side (wmt + 8,000 reuters, the
# index defaults: 4,547 pairs, 3,885 in one gold wmt cluster, precision 0.854);
# kept when the languages differ, the line counts are equal and at least 3, and
# the log line lengths correlate: >= 0.8 -> 3,878 true, 7 false (2 reuters
# tables); >= 0.9 -> 3,765 true, 5 false (precision 0.9987; the 5 join a Hindi
# version to an en/cs/fr/ru cluster of the same newstest2014 story that the
# gold lists twice). At least 5 lines: 3,704 true, 5 false. With all 19,043 reuters
# as distractors (direction_probe.py --structure 20000): 3,670 true, 14 false at 0.9
# (precision 0.9962): the 3 wmt ones above and 11 reuters pairs of short tables that
# langdetect calls sv against en or fr, 9 of them of 3-4 lines.
MIN_PARAGRAPHS = 3
MIN_LENGTH_CORRELATION = 0.9
# A correlation over more paragraphs is less often a coincidence. Anchor and skeleton
# candidates, wmt + all reuters (/tmp/t3/bins.py, the pool of direction_probe.py
# --structure 20000), true/false kept by paragraph count at 0.9 / 0.8: 3-4 lines 68/9
# / 68/12; 5-7: 181/2 / 204/3; 8-12: 569/1 / 608/2; 13+: 3,024/5 / 3,095/6. From 8
# paragraphs on, 0.8: +110 true, +2 false. End to end (Detector().scan on wmt, scored
# as quality.py): pair true positives 9,910 -> 10,034 of 10,360, false 35 -> 35;
# original accuracy 0.611 -> 0.631 (763 of 1,209); en-hi recall 0.767 -> 0.859, en-fi
# 0.792 -> 0.870; unchecked pairs 530 -> 425. direction_probe.py --structure 20000 with
# this rule: anchor candidates 3,758 true, 15 false (precision 0.9960; 0.9 alone:
# 3,670 / 14), skeleton-only candidates 194 true, 4 false (0.9798). quality.py --sets
# fakebr: same_topic FP rate 0.001, 255 pairs outside gold, as on main (789697a).
LONG_PARAGRAPHS = 8
MIN_LENGTH_CORRELATION_LONG = 0.8
# The second witness of a structure link: names and numbers both versions hold, counted
# by spelling (anchors: numbers, romanised capitalised words) or by consonant skeleton
# (names across scripts), whichever finds more. Paragraph shape alone joined two ntrex
# stories of five paragraphs (Icelandic, Swahili, Pashto... versions of one to those of
# the other, correlations 0.91-0.97, all "linked through a version of both"). On the
# structure links of an ntrex scan without this rule (in clusters or cross links): the
# 12 false ones share at most 1, the 1,796 true ones 2 or more but for 10.
MIN_WITNESSES = 2
# Letters each side of a structure link needs: the lengths of three lines of a short
# template are no evidence of a translation. Reuters dividend notices ("Annual div four
# cts vs 1.76 cts / Pay March 20 / Record March 15", 40 letters) that langdetect calls
# ca joined one another across all of 1987 by paragraph shape (false_copies.py); of the
# 14 reuters articles still labelled in an uncovered language (dedup.prepare.prose), 9 have
# fewer than 90 letters (25-88). Every ntrex article has 178 letters or more; the
# shortest true structure pairs of the first 1,500 wmt articles have 93 (hi) and 103
# (cs) letters on one side.
MIN_STRUCTURE_LETTERS = 90


def paragraph_match(a: str, b: str) -> float | None:
    """Correlation of the paragraph lengths of two texts with as many paragraphs, or None.

    None when the counts differ, are below :data:`MIN_PARAGRAPHS`, or a side's
    paragraphs all have one length.
    """
    return length_correlation(paragraph_lengths(a), paragraph_lengths(b))


def paragraph_lengths(text: str) -> list[int]:
    """Characters of each paragraph (non-blank line) of ``text``."""
    return [len(line) for line in text.split("\n") if line.strip()]


def length_correlation(la: list[int], lb: list[int]) -> float | None:
    """:func:`paragraph_match` on paragraph lengths."""
    if len(la) != len(lb) or len(la) < MIN_PARAGRAPHS:
        return None
    xa, xb = np.log(np.array(la, dtype=np.float64)), np.log(np.array(lb, dtype=np.float64))
    if float(xa.std()) == 0.0 or float(xb.std()) == 0.0:
        return None
    return float(np.corrcoef(xa, xb)[0, 1])


class Witnesses(NamedTuple):
    """What a structure link reads of one article besides its paragraphs."""

    anchors: frozenset[str]
    skeletons: frozenset[str]
    script: str | None
    letters: int


def witnesses(text: str) -> Witnesses:
    """Anchors and name skeletons of a text, its script and its letters."""
    return Witnesses(anchors(text), skeleton_anchors(text), script_of(text), letters(text))


def structure_link(
    i: int, j: int, a: PreparedArticle, b: PreparedArticle, wa: Witnesses, wb: Witnesses,
    found_by: str = "shares names and numbers",
) -> PairEvidence | None:
    """A ``translation`` between languages the encoder may not read, from paragraph lengths
    and at least :data:`MIN_WITNESSES` shared anchors, both sides of at least
    :data:`MIN_STRUCTURE_LETTERS` letters. (Figures are no evidence here: human
    translators convert them, "50ft" -> "15 metrů", "2.15pm" -> "14.15", "the
    1950s" -> "50. let"; on the first 1,500 wmt articles a paragraph-figures check
    dropped 7 true cs/hi pairs.)

    The languages must differ: by their labels, or by their scripts (langdetect
    labels Armenian and Georgian ``et`` and gives Amharic, Khmer, Sinhala none).
    """
    if min(wa.letters, wb.letters) < MIN_STRUCTURE_LETTERS:
        return None
    labelled = a.info.lang is not None and b.info.lang is not None
    if wa.script == wb.script and not (labelled and a.info.lang != b.info.lang):
        return None
    lengths = paragraph_lengths(a.content)
    corr = length_correlation(lengths, paragraph_lengths(b.content))
    bound = (MIN_LENGTH_CORRELATION_LONG if len(lengths) >= LONG_PARAGRAPHS
             else MIN_LENGTH_CORRELATION)
    if corr is None or corr < bound:
        return None
    shared = max(len(wa.anchors & wb.anchors), len(wa.skeletons & wb.skeletons))
    if shared < MIN_WITNESSES:
        return None
    traces_a, traces_b = translation_traces(a.id, a.content, b.id, b.content)
    paragraphs = len(lengths)
    unread = (a.info.lang if not is_covered(a.info.lang) else b.info.lang) or "undetected"
    return PairEvidence(
        i,
        j,
        "translation",
        corr,
        overlap(a, b),
        notes=(f"{found_by}; {paragraphs} paragraphs on each side with "
               f"lengths correlated {corr:.2f}, {shared} names and numbers in both "
               f"(the encoder does not read {unread})",),
        traces=tuple(traces_a + traces_b),
        whole=True,  # as many paragraphs on both sides
    )
