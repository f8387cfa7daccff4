"""Score a :class:`dedup.models.Report` against gold rows (eval README, "Metrics to report").

Pure functions, no I/O, so the exact definitions can be unit-tested on tiny
hand-made reports:

* a **predicted pair** is two articles in one cluster;
* a **gold copy pair** is two members of one gold row whose relation is a copy
  relation (translation, exact, near_duplicate, reprint, rewrite). Rows are not
  merged transitively: the two sources of a roundup are not copies of each
  other, and putting them in one cluster counts against precision;
* **precision** counts only predicted pairs whose both ends appear in some gold
  copy row. The sets are not labelled exhaustively (reuters holds many
  unlabelled wire repeats), so a pair with an end outside the gold rows is not
  known to be wrong; those are counted apart as ``outside``;
* **false-positive rate** per negative relation: the share of its pairs that
  share a cluster; ``graded`` rows are ignored;
* **original accuracy** (end to end, the eval README's metric): for each gold
  copy row with a known original, the predicted cluster holding most of its
  members (at least two; ties go to the earlier cluster) must name that
  original. Rows with no such cluster count as misses. Two naive rules applied
  to the same predicted cluster (smallest id, longest text) show what the
  evidence adds;
* **attribution accuracy**: the same, over only the rows whose predicted
  cluster holds the gold original, so that a clustering miss (a member left
  out, or the original in another cluster) is not charged to attribution; the
  naive rules are scored on the same rows. Also by the reported confidence
  (is it honest?);
* **linked accuracy**: a row is right when every copy in it is linked to the
  gold original, as a member of the cluster that names it or by a cross link
  pointing to it. An article belongs to one cluster only: a roundup quoting A
  and C sits in A's cluster, and its link to C is a cross link C <- roundup.
  So the end-to-end metric can be right for at most one of a roundup's two
  rows (A, roundup) and (C, roundup): it caps roundups at about 0.5 by the
  report contract (DESIGN.md §3), and ``linked`` is the measure of them.

Attribution rows whose cluster also holds an article of no gold copy row are
counted apart (``with_unlabelled``): such an article is a real, unlabelled copy
(the synthetic generator's pool holds a few earlier versions of a story), and
the gold original may not be the real one.

Predicted pairs are counted per cluster (n·(n−1)/2) rather than enumerated, so
one very large cluster does not blow up memory.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations

from evalsets import IGNORED_RELATIONS, GoldRow

from dedup.models import Report

Pair = tuple[str, str]


@dataclass(frozen=True)
class Ratio:
    """``hits`` out of ``total``; ``value`` is None when there is nothing to divide."""

    hits: int
    total: int

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None


@dataclass(frozen=True)
class PairScores:
    true_positives: int
    predicted: int  # predicted pairs with both ends in gold copy rows
    gold: int  # gold copy pairs
    outside: int  # predicted pairs with at least one end outside the gold copy rows

    @property
    def precision(self) -> float | None:
        return Ratio(self.true_positives, self.predicted).value

    @property
    def recall(self) -> float | None:
        return Ratio(self.true_positives, self.gold).value

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)


# Reported-confidence buckets for the attribution accuracy: (label, low, high).
CONFIDENCE_BUCKETS: tuple[tuple[str, float, float], ...] = (
    ("<0.60", 0.0, 0.6), ("0.60-0.75", 0.6, 0.75), ("0.75-0.90", 0.75, 0.9), (">=0.90", 0.9, 1.01))


@dataclass(frozen=True)
class OriginalScores:
    detector: Ratio  # end to end: misses in clustering count
    smallest_id: Ratio
    longest_text: Ratio
    found: int  # rows whose members share a predicted cluster
    attribution: Ratio = Ratio(0, 0)  # rows whose predicted cluster holds the gold original
    attribution_smallest_id: Ratio = Ratio(0, 0)
    attribution_longest_text: Ratio = Ratio(0, 0)
    by_confidence: dict[str, Ratio] = field(default_factory=dict)  # attribution rows
    linked: Ratio = Ratio(0, 0)  # every copy linked to the gold original (cluster or cross link)
    # Attribution rows whose cluster also holds an article in no gold copy row (an
    # unlabelled real copy, e.g. an earlier version of the story): the gold may be wrong.
    with_unlabelled: Ratio = Ratio(0, 0)


@dataclass(frozen=True)
class SetScores:
    pairs: PairScores
    recall_by_relation: dict[str, Ratio]
    false_positive_rates: dict[str, Ratio]
    original: OriginalScores
    breakdowns: dict[str, dict[str, Ratio]] = field(default_factory=dict)


def pair(a: str, b: str) -> Pair:
    return (a, b) if a <= b else (b, a)


def cluster_index(report: Report) -> dict[str, int]:
    """Article id -> position of its cluster in ``report.clusters`` (unique ids are absent)."""
    return {m: k for k, c in enumerate(report.clusters) for m in c.members}


def predicted_pairs(report: Report) -> set[Pair]:
    """Every pair of articles that share a cluster (for small reports and tests)."""
    return {pair(a, b) for c in report.clusters for a, b in combinations(c.members, 2)}


def gold_copy_pairs(gold: Iterable[GoldRow]) -> dict[Pair, GoldRow]:
    """Every copy pair with the first row that labels it."""
    out: dict[Pair, GoldRow] = {}
    for row in gold:
        if row.is_copy:
            for a, b in combinations(row.members, 2):
                out.setdefault(pair(a, b), row)
    return out


def _together(where: Mapping[str, int], a: str, b: str) -> bool:
    k = where.get(a)
    return k is not None and k == where.get(b)


def pair_scores(report: Report, gold: Iterable[GoldRow]) -> PairScores:
    rows = list(gold)
    gold_pairs = gold_copy_pairs(rows)
    covered = {m for r in rows if r.is_copy for m in r.members}
    where = cluster_index(report)
    true_positives = sum(_together(where, a, b) for a, b in gold_pairs)
    predicted = outside = 0
    for c in report.clusters:
        n, k = len(c.members), sum(m in covered for m in c.members)
        predicted += k * (k - 1) // 2
        outside += n * (n - 1) // 2 - k * (k - 1) // 2
    return PairScores(true_positives, predicted, len(gold_pairs), outside)


def recall_by(report: Report, gold: Iterable[GoldRow], key: Callable[[Pair, GoldRow], str]
              ) -> dict[str, Ratio]:
    """Recall of gold copy pairs grouped by ``key(pair, row)``, keys sorted."""
    where = cluster_index(report)
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for p, row in gold_copy_pairs(gold).items():
        k = key(p, row)
        totals[k] += 1
        hits[k] += _together(where, *p)
    return {k: Ratio(hits[k], totals[k]) for k in sorted(totals)}


def recall_by_relation(report: Report, gold: Iterable[GoldRow]) -> dict[str, Ratio]:
    return recall_by(report, gold, lambda p, row: row.relation)


def recall_by_language_pair(report: Report, gold: Iterable[GoldRow]) -> dict[str, Ratio]:
    """Keys such as ``de-en``: the detected languages of both ends, sorted ("?" if unknown)."""
    lang = {a.id: a.lang or "?" for a in report.articles}
    return recall_by(
        report, gold, lambda p, row: "-".join(sorted(lang.get(x, "?") for x in p))
    )


def recall_by_field(report: Report, gold: Iterable[GoldRow], name: str) -> dict[str, Ratio]:
    """Recall grouped by a set-specific gold field, e.g. the synthetic ``kind``."""
    return recall_by(report, gold, lambda p, row: str(row.extra.get(name, "?")))


def false_positive_rates(report: Report, gold: Iterable[GoldRow]) -> dict[str, Ratio]:
    """Per negative relation: pairs put in one cluster / pairs labelled."""
    where = cluster_index(report)
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for row in gold:
        if row.is_negative:
            for a, b in combinations(row.members, 2):
                totals[row.relation] += 1
                hits[row.relation] += _together(where, a, b)
    return {k: Ratio(hits[k], totals[k]) for k in sorted(totals)}


def _bucket(confidence: float) -> str:
    return next(label for label, low, high in CONFIDENCE_BUCKETS if low <= confidence < high)


def _linked(members: Iterable[str], original: str, original_of: Mapping[str, str],
            crossed: set[tuple[str, str]]) -> bool:
    """Every copy among ``members`` is in a cluster named for ``original``, or crosses to it."""
    return all(original_of.get(m) == original or (m, original) in crossed
               for m in members if m != original)


def unlinked(report: Report, gold: Iterable[GoldRow]) -> list[GoldRow]:
    """Copy rows with a known original that some copy of is not linked to (``linked`` misses)."""
    original_of = {m: c.original for c in report.clusters for m in c.members}
    crossed = {(link.source, link.target) for link in report.cross_links}
    return [r for r in gold if r.is_copy and r.original is not None
            and not _linked(r.members, str(r.original), original_of, crossed)]


def predicted_cluster(where: Mapping[str, int], row: GoldRow) -> int | None:
    """The cluster holding most of ``row``'s members (at least two; ties: the earlier one)."""
    counts = Counter(where[m] for m in row.members if m in where)
    if not counts:
        return None
    best_count = max(counts.values())
    if best_count < 2:
        return None
    return min(c for c, n in counts.items() if n == best_count)


def misattributed(report: Report, gold: Iterable[GoldRow]) -> list[tuple[GoldRow, int]]:
    """Rows whose predicted cluster holds the gold original but names another member,
    with that cluster's position in ``report.clusters``."""
    where = cluster_index(report)
    out = []
    for row in gold:
        if not row.is_copy or row.original is None:
            continue
        k = predicted_cluster(where, row)
        if k is not None and row.original in report.clusters[k].members and (
                report.clusters[k].original != row.original):
            out.append((row, k))
    return out


def original_accuracy(report: Report, gold: Iterable[GoldRow], lengths: Mapping[str, int]
                      ) -> OriginalScores:
    """How often the predicted cluster names the gold original, vs two naive rules.

    ``lengths`` maps ids to text length (for the "longest text" rule; ties go to
    the smaller id).
    """
    where = cluster_index(report)
    original_of = {m: c.original for c in report.clusters for m in c.members}
    crossed = {(link.source, link.target) for link in report.cross_links}
    rows = [r for r in gold if r.is_copy and r.original is not None]
    labelled = {m for r in gold if r.is_copy for m in r.members}
    found = detector = smallest = longest = linked = unlabelled = unlabelled_right = 0
    held = held_smallest = held_longest = 0
    bucket_hits: Counter[str] = Counter()
    bucket_totals: Counter[str] = Counter()
    for row in rows:
        linked += _linked(row.members, str(row.original), original_of, crossed)
        k = predicted_cluster(where, row)
        if k is None:
            continue
        found += 1
        chosen = report.clusters[k]
        members = chosen.members
        right = chosen.original == row.original
        by_id = min(members) == row.original
        by_length = min(members, key=lambda m: (-lengths.get(m, 0), m)) == row.original
        detector += right
        smallest += by_id
        longest += by_length
        if row.original in members:
            held += 1
            held_smallest += by_id
            held_longest += by_length
            bucket = _bucket(chosen.original_confidence)
            bucket_totals[bucket] += 1
            bucket_hits[bucket] += right
            if any(m not in labelled for m in members):
                unlabelled += 1
                unlabelled_right += right
    n = len(rows)
    attributed = sum(bucket_hits.values())
    return OriginalScores(
        Ratio(detector, n), Ratio(smallest, n), Ratio(longest, n), found,
        attribution=Ratio(attributed, held), attribution_smallest_id=Ratio(held_smallest, held),
        attribution_longest_text=Ratio(held_longest, held),
        by_confidence={label: Ratio(bucket_hits[label], bucket_totals[label])
                       for label, _, _ in CONFIDENCE_BUCKETS if bucket_totals[label]},
        linked=Ratio(linked, n), with_unlabelled=Ratio(unlabelled_right, unlabelled))


def score_set(report: Report, gold: Iterable[GoldRow], lengths: Mapping[str, int], *,
              by_language: bool = False, by_fields: tuple[str, ...] = ()) -> SetScores:
    """Every metric of one set; optional breakdowns by language pair and gold fields."""
    rows = [r for r in gold if r.relation not in IGNORED_RELATIONS]
    breakdowns: dict[str, dict[str, Ratio]] = {}
    if by_language:
        breakdowns["language_pair"] = recall_by_language_pair(report, rows)
    for name in by_fields:
        breakdowns[name] = recall_by_field(report, rows, name)
    return SetScores(
        pairs=pair_scores(report, rows),
        recall_by_relation=recall_by_relation(report, rows),
        false_positive_rates=false_positive_rates(report, rows),
        original=original_accuracy(report, rows, lengths),
        breakdowns=breakdowns,
    )
