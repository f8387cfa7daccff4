"""Which member of a group of copies is the likely original, and why.

The default :class:`EvidencePolicy` weighs, for every verified pair, the
evidence that one side is the original of the other:

* an explicit credit in one side ("Originally published by DW", "Source: URL",
  "(Reuters) -") that names the other side, or any credit at all (the side that
  credits someone else is a republication). A credit naming the article's own
  publisher (its source, publisher or URL domain) is a signature, not a credit:
  Reuters wire copy ends with "REUTER". An agency dateline or sign-off names a
  member only through that member's source, never through a mention in its text.
  A credit that gives a date ("published by BBC News on 19 December 2005")
  names no member of that publisher dated more than a day apart;
* publication dates (from fields or found in the text): earlier is more likely
  the original; a missing date is no evidence. Two dates of the same day are
  ordered by the time of day their fields give, if both do (half a vote);
* containment direction: when one side holds nearly all of the other's
  shingles, a much longer container is the original of an excerpt, while a
  container only a little longer is a framed copy of it;
* a lead reprint (:func:`dedup.lexical.relate.lead_reprint`): the side whose opening
  the other reproduces is the source (half a vote);
* translation traces (:mod:`dedup.lexical.traces`): the side that keeps bracketed
  foreign words or respells the other's names is the translation;
* translation direction (:mod:`dedup.attribute.direction`): for versions in different
  languages, the one the others run longer than (after the usual length ratio
  of their languages), whose language best explains the spelling of the names
  the versions share, and where the story is set, is the likely source (one
  vote, as much as a date).

Each piece of evidence is a :class:`Vote`; a member's score is the sum of its
votes won minus votes lost over its links. The member with the highest score is
the original; ties fall to the best-connected member, then the earliest date,
then the longest text (only when all members share a language: across languages
length tells the language, not the direction), then the smallest id, so the
choice is deterministic.
Confidence is the mean, over the copies, of ``1 / (1 + exp(-margin))`` where
``margin`` is the vote balance between original and copy: 0.5 when nothing
decides, near 1 when credits and dates agree.

A library user can pass any callable with the :class:`OriginPolicy` signature.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import regex

from dedup.attribute.direction import source_version
from dedup.attribute.domains import host, same_site
from dedup.lexical.relate import PairEvidence
from dedup.models import Credit
from dedup.prepare.article import PreparedArticle, agency_copy

# Weights: a credit naming the other side is as strong as evidence gets in text;
# dates and containment each count once. They only need to order evidence:
# confidence is reported, not thresholded.
CREDIT_NAMING_OTHER = 3.0
CREDIT_ANY = 1.5
EARLIER_DATE = 1.0
CONTAINMENT = 1.0
TRACES = 1.0
# The source version estimated from the text (lengths, names, setting) is named
# in 0.829 of the WMT gold clusters (benchmarks/probes/direction_probe.py; 0.880 held out
# on newstest2014). End to end (benchmarks/quality.py --sets wmt) with half a vote
# it was right in 0.821 of the 1,041 clusters holding the original, all reported
# at 0.60-0.75 (right 0.828 there): half a vote understated it (logit 0.82 = 1.5).
# One vote, as much as a date, not more (a translation cannot predate its source;
# a credit outweighs both): 0.825 of 1,041, reported 0.60-0.75 right 0.832 of 983.
SOURCE_LANGUAGE = 1.0
# Two dates of one day ordered by the time of day their fields give: half a
# vote, as fields rarely say their time zone, so a credit or containment
# outweighs it. On the synthetic set (seed 7, 600 gold rows) 16 copies share
# their original's day, 10 of them with a time in the field; the time vote took
# right attributions there from 486 to 492 of the 495 rows clustered together.
SAME_DAY_TIME = 0.5
# A container at most this much longer than the contained text is a framed copy
# (publisher intro/outro); longer ones are originals of excerpts. Synthetic framed
# copies from benchmarks/synthetic.py add 1-3 short paragraphs to a 150+ word
# article (length ratio 0.7-0.95); excerpts keep 30-70 % of it.
FRAMING_RATIO = 0.7
NEARLY_ALL = 0.9
# A lead reprint (dedup.lexical.relate.lead_reprint): the side whose opening the other
# reproduces is the source. Half a vote, so that a date or a credit still
# decides where there is one; it decides when nothing else does (a roundup
# without dates would otherwise be the best-connected member of its sources).
LEAD = 0.5
# Agency copy (its source, its byline's agency, or an agency dateline or
# sign-off: "By Jo Bloggs, PA News", "LONDON (Reuters) -") linked to a story that
# is not: newspapers take from the wire, not the other way. One vote, as much as
# a date; not asked of translations (a translated version may drop a dateline).
# METER (benchmarks/quality.py --sets meter): the wire was already named in
# every cluster holding wire and paper stories by the dates (the paper is dated
# the next day); with this vote too the evidence says why without a date.
AGENCY_COPY = 1.0
# A time of day in a ``published`` field: "2025-10-30T10:33", "March 9, 1987 12:58", "às 10h30".
_TIME_OF_DAY = regex.compile(r"(?<!\d)([01]?\d|2[0-3])[:h]([0-5]\d)(?!\d)")


@dataclass(frozen=True)
class Vote:
    """One piece of evidence that ``winner`` is the original of ``loser``."""

    winner: int
    loser: int
    weight: float
    reason: str


@dataclass(frozen=True)
class Attribution:
    """The likely original (an index into the candidates), with confidence and evidence."""

    original: int
    confidence: float
    evidence: tuple[str, ...]


class OriginPolicy(Protocol):
    """Names the likely original among ``articles`` given the verified ``pairs``.

    ``pairs`` use indices into ``articles``; every article is linked to at least
    one other. Must be deterministic.
    """

    def __call__(
        self, articles: Sequence[PreparedArticle], pairs: Sequence[PairEvidence]
    ) -> Attribution: ...


def _names(article: PreparedArticle) -> list[str]:
    """How a credit might name this article: source, publisher, URL domain."""
    info = article.info
    names = [n for n in (info.source, article.metadata.publisher) if n]
    domain = host(info.url)
    if domain:
        names.append(domain)
    return names


def _own(copy: PreparedArticle, credit: Credit) -> bool:
    """True when ``credit`` names ``copy``'s own publisher: a signature, not a credit.

    Reuters wire copy ends with "REUTER"; a Reuters article that says "(Reuters)"
    or a page whose "Source:" line is its own address credits nobody else.
    """
    if credit.kind == "url":
        return same_site(credit.value, copy.info.url)
    value = credit.value.casefold()
    return any(value == n.casefold() for n in _names(copy))


def _other_date(copy: PreparedArticle, original: PreparedArticle) -> bool:
    """True when ``copy``'s credits give dates and ``original`` is dated otherwise.

    "Published by BBC News on 19 December 2005" names the BBC article of that
    day, not another BBC article; a day either way allows for time zones.
    """
    dates, own = copy.metadata.credit_dates, original.info.published
    if not dates or not own:
        return False
    day = dt.date.fromisoformat(own)
    return all(abs((dt.date.fromisoformat(d) - day).days) > 1 for d in dates)


def _credit_names(copy: PreparedArticle, original: PreparedArticle) -> str | None:
    """The phrase of ``copy`` that credits ``original``, if one does."""
    if _other_date(copy, original):
        return None
    for credit in copy.info.credits:
        if _own(copy, credit):
            continue
        value = credit.value.casefold()
        if credit.kind == "url":
            if same_site(credit.value, original.info.url):
                return credit.text
            continue
        if any(value == n.casefold() or value in n.casefold() for n in _names(original)):
            return credit.text
        # An agency's dateline or sign-off ("(Reuters) -", "REUTER") stands in the
        # agency's own story as much as in a reprint of it: it names a member only
        # by that member's source, never by a mention in the member's text.
        if credit.kind == "agency":
            continue
        # An original rarely names its own publisher in metadata, but its text
        # does ("told DW", "Reuters reported"): a credited name found as a word
        # in the other side's content and not in the copy's own content.
        if _mentions(original.content, credit.value) and not _mentions(
            copy.content, credit.value
        ):
            return credit.text
    return None


def _mentions(text: str, name: str) -> bool:
    if len(name) < 2:
        return False
    return regex.search(rf"(?<!\w){regex.escape(name)}(?!\w)", text) is not None


def _foreign_credits(article: PreparedArticle) -> list[str]:
    """Credits that say the text comes from elsewhere (not its own URL).

    Agency datelines ("LONDON (Reuters) -") are left out: the agency's own
    story carries them as much as a newspaper's reprint of it does.
    """
    return [c.text for c in article.info.credits if c.kind != "agency" and not _own(article, c)]


def pair_votes(
    i: int, j: int, a: PreparedArticle, b: PreparedArticle, pair: PairEvidence
) -> list[Vote]:
    """All evidence on which of ``a`` (index i) and ``b`` (index j) is the original."""
    votes: list[Vote] = []
    for (wi, w), (li, loser) in (((i, a), (j, b)), ((j, b), (i, a))):
        phrase = _credit_names(loser, w)
        if phrase:
            votes.append(
                Vote(wi, li, CREDIT_NAMING_OTHER, f"{loser.id} credits {w.id}: '{phrase}'")
            )
    if not any(v.weight == CREDIT_NAMING_OTHER for v in votes):
        credits_a, credits_b = _foreign_credits(a), _foreign_credits(b)
        if credits_b and not credits_a:
            votes.append(Vote(i, j, CREDIT_ANY, f"{b.id} credits a source: '{credits_b[0]}'"))
        elif credits_a and not credits_b:
            votes.append(Vote(j, i, CREDIT_ANY, f"{a.id} credits a source: '{credits_a[0]}'"))
    votes.extend(_date_votes(i, j, a, b))
    votes.extend(_containment_votes(i, j, a, b, pair))
    wire_a, wire_b = agency_copy(a), agency_copy(b)
    if pair.relation != "translation" and bool(wire_a) != bool(wire_b):
        (wi, w, agency), (li, loser) = (
            ((i, a, wire_a), (j, b)) if wire_a else ((j, b, wire_b), (i, a))
        )
        votes.append(Vote(wi, li, AGENCY_COPY, f"{w.id} is {agency} wire copy, {loser.id} is not"))
    if pair.lead is not None:
        (wi, w), (li, loser) = ((i, a), (j, b)) if pair.lead == 0 else ((j, b), (i, a))
        if loser.shingles.size and pair.overlap.shared / loser.shingles.size < NEARLY_ALL:
            # (A copy held whole by the other is an excerpt: containment decides that.)
            votes.append(Vote(wi, li, LEAD, f"{loser.id} reproduces the lead of {w.id}"))
    traced = {t.article for t in pair.traces}
    if len(traced) == 1:
        copy = traced.pop()
        (wi, w), (li, loser) = ((i, a), (j, b)) if copy == b.id else ((j, b), (i, a))
        example = next(t for t in pair.traces if t.article == copy)
        votes.append(Vote(wi, li, TRACES, f"{loser.id} carries translation traces: "
                                          f"{example.describe().split(': ', 1)[1]}"))
    return votes


def _clock(article: PreparedArticle) -> str | None:
    """``HH:MM`` of the given ``published`` field, when it has a time of day."""
    given = article.article.published
    match = _TIME_OF_DAY.search(given) if given else None
    return f"{int(match.group(1)):02d}:{match.group(2)}" if match else None


def _date_votes(i: int, j: int, a: PreparedArticle, b: PreparedArticle) -> list[Vote]:
    """Earlier date wins; on the same day, an earlier time of day wins half a vote."""
    da, db = a.info.published, b.info.published
    if not da or not db:
        return []
    weight = EARLIER_DATE
    if da == db:
        ta, tb = _clock(a), _clock(b)
        if ta is None or tb is None or ta == tb:
            return []
        # Fields rarely say their time zone: a time of day orders two copies of
        # one day only weakly.
        da, db, weight = f"{da} {ta}", f"{db} {tb}", SAME_DAY_TIME
    if db < da:
        (i, a, da), (j, b, db) = (j, b, db), (i, a, da)
    return [Vote(i, j, weight, f"{a.id} dated {da}, {b.id} {db}")]


def _containment_votes(
    i: int, j: int, a: PreparedArticle, b: PreparedArticle, pair: PairEvidence
) -> list[Vote]:
    if pair.relation != "reprint":
        return []
    ov = pair.overlap
    # (small, large) by shingle count; only a nearly whole containment says anything.
    if a.shingles.size <= b.shingles.size:
        small, large, c_small = (i, a), (j, b), ov.containment_a
    else:
        small, large, c_small = (j, b), (i, a), ov.containment_b
    if c_small < NEARLY_ALL:
        return []
    ratio = small[1].shingles.size / max(large[1].shingles.size, 1)
    if ratio >= FRAMING_RATIO:
        return [
            Vote(small[0], large[0], CONTAINMENT,
                 f"{large[1].id} is {small[1].id} with added framing ({ratio:.0%} of it is shared)")
        ]
    return [
        Vote(large[0], small[0], CONTAINMENT,
             f"{small[1].id} is an excerpt of {large[1].id} ({ratio:.0%} of its length)")
    ]


def _source_language_votes(
    articles: Sequence[PreparedArticle], pairs: Sequence[PairEvidence]
) -> list[Vote]:
    """A vote for each version in the estimated source language over each translation of it.

    Versions of one language (an en-US original and its en-GB edition) are one source,
    not a source and a translation: each gets the vote over its own translations, and
    the other evidence (dates, credits, containment, links) picks among them.
    """
    translated = [p for p in pairs if p.relation == "translation"]
    if not translated:
        return []
    found = source_version([a.content for a in articles], [a.info.lang for a in articles])
    if found is None:
        return []
    lang = articles[found.source].info.lang
    sources = {k for k, a in enumerate(articles) if a.info.lang == lang}
    why = f"({lang}, estimated {found.share:.0%}): " + "; ".join(found.evidence)
    reasons = {k: f"{articles[k].id} is likely the source language version {why}"
               if k == found.source else
               f"{articles[k].id} is in the likely source language, as "
               f"{articles[found.source].id} {why}" for k in sources}
    return [
        Vote(winner, loser, SOURCE_LANGUAGE, reasons[winner])
        for p in translated
        for winner, loser in ((p.a, p.b), (p.b, p.a))
        if winner in sources and loser not in sources
    ]


class EvidencePolicy:
    """The default attribution policy (see the module docstring)."""

    def __call__(
        self, articles: Sequence[PreparedArticle], pairs: Sequence[PairEvidence]
    ) -> Attribution:
        votes = [v for p in pairs for v in pair_votes(p.a, p.b, articles[p.a], articles[p.b], p)]
        votes += _source_language_votes(articles, pairs)
        score = [0.0] * len(articles)
        degree = [0] * len(articles)
        for v in votes:
            score[v.winner] += v.weight
            score[v.loser] -= v.weight
        for p in pairs:
            degree[p.a] += 1
            degree[p.b] += 1

        # On WMT (benchmarks/quality.py --sets wmt) the longest-text rule names the
        # original of 0.114 of the 1,209 clusters, the smallest id (an opaque hash)
        # 0.229: among languages, length misleads. In the 89 clusters no vote
        # decides, longest first was right twice, smallest id 38 times.
        one_language = len({a.info.lang for a in articles}) == 1

        def rank(k: int) -> tuple[float, int, str, int, str]:
            # Best first: most votes, most links, earliest date, longest, smallest id.
            published = articles[k].info.published or "9999-12-31"
            length = articles[k].n_tokens if one_language else 0
            return (-score[k], -degree[k], published, -length, articles[k].id)

        original = min(range(len(articles)), key=rank)
        linked = {p.b if p.a == original else p.a for p in pairs if original in (p.a, p.b)}
        margins = []
        for other in sorted(linked):
            margin = sum(
                v.weight if v.winner == original else -v.weight
                for v in votes
                if {v.winner, v.loser} == {original, other}
            )
            margins.append(1.0 / (1.0 + math.exp(-margin)))
        confidence = sum(margins) / len(margins) if margins else 0.0
        evidence = sorted(
            {v.reason for v in votes if v.winner == original and v.loser in linked}
            | {f"against: {v.reason}" for v in votes if v.loser == original and v.winner in linked}
        )
        if not evidence:
            evidence = [
                "no dates, credits or containment decide; chosen as the best-connected, "
                "then longest member"
            ]
        return Attribution(original, confidence, tuple(evidence))
