"""What the mojibake repair (dedup.prepare.normalize.repair_mojibake) costs and changes.

    nice python -m probes.mojibake [--sets bbc,wmt,fakebr] [--rounds 5]

For each set: how many articles the gate passes and ftfy repairs; the median
(of ``--rounds``) microseconds per article of ``normalize_text`` with and
without the repair. For ``bbc`` also two scans with and without the repair
(``--no-semantic``, one process): the gold exact-pair recall, and every link
whose relation differs; then the same for ``bbc`` with each repaired article
added back in its clean form (its "clean copy"), the case the repair is for.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from unittest import mock

from evalsets import default_eval_dir, load_set

from dedup import Article, Detector, normalize
from dedup.config import Config, SemanticConfig
from dedup.models import Report


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _us(fn: Callable[[str], str], texts: Sequence[str], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for t in texts:
            fn(t)
        times.append((time.perf_counter() - start) / len(texts) * 1e6)
    return statistics.median(times)


def _scan(articles: Sequence[Article], repair: bool) -> Report:
    detector = Detector(Config(semantic=SemanticConfig(enabled=False)), workers=1)
    if repair:
        return detector.scan(articles)
    with mock.patch.object(normalize, "repair_mojibake", lambda text: text):
        return detector.scan(articles)


def _relations(report: Report) -> dict[frozenset[str], str]:
    links = [link for c in report.clusters for link in c.links] + list(report.cross_links)
    return {frozenset((link.source, link.target)): link.relation for link in links}


def _moved(articles: Sequence[Article], label: str) -> dict[frozenset[str], str]:
    without, with_ = _scan(articles, False), _scan(articles, True)
    before, after = _relations(without), _relations(with_)
    moves = Counter(
        (before.get(p, "-"), after.get(p, "-"))
        for p in set(before) | set(after)
        if before.get(p) != after.get(p)
    )
    print(f"  {label}: {len(before)} links without, {len(after)} with; changed: "
          + (", ".join(f"{a} -> {b}: {n}" for (a, b), n in sorted(moves.items())) or "none"))
    return after


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default="bbc,reuters,wmt,fakebr,semeval")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    for name in args.sets.split(","):
        evalset = load_set(name, default_eval_dir())
        texts = [a.text for a in evalset.articles]
        gated = [t for t in texts if not t.isascii() and normalize._MOJIBAKE_HINT.search(t)]
        repaired = [t for t in gated if normalize.repair_mojibake(t) != t]
        plain = _us(_plain, texts, args.rounds)
        full = _us(normalize.normalize_text, texts, args.rounds)
        print(f"{name}: {len(texts)} articles, {len(gated)} pass the gate, {len(repaired)} "
              f"repaired; normalize_text {plain:.1f} -> {full:.1f} us/article (median of "
              f"{args.rounds})")
        if name != "bbc":
            continue
        after = _moved(evalset.articles, "as given")
        exact = [
            frozenset(p) for row in evalset.gold if row.relation == "exact"
            for p in itertools.combinations(row.members, 2)
        ]
        found = sum(after.get(p) == "exact" for p in exact)
        print(f"  gold exact pairs linked exact with the repair: {found} of {len(exact)}")
        twins = [
            Article(f"{a.id}~clean", normalize.repair_mojibake(a.text), title=a.title)
            for a in evalset.articles
            if normalize.repair_mojibake(a.text) != a.text
        ]
        _moved([*evalset.articles, *twins], f"with {len(twins)} clean copies added")


if __name__ == "__main__":
    main()
