"""Where the passage rule's bounds come from, and what each candidate stage keeps.

    cd benchmarks && PYTHONPATH=../src python -m probes.passage_probe --half 0 --grid
    cd benchmarks && PYTHONPATH=../src python -m probes.passage_probe --candidates

``--grid``: every derived METER story of one half (stories split by a hash of
their id, so the bounds can be chosen on one half and reported on the other)
against each wire file of its slot, every non-derived story against its rows'
partners, fakebr's ``unrelated_same_topic`` and semeval's ``same_story`` pairs:
the reused passages of each pair (:func:`dedup.lexical.passages.reuse`), then, for each
point of a grid of bounds, the share of stories (pairs) the rule of
:mod:`dedup.lexical.reused` would link. It prints the points that keep fakebr <= 0.4 %,
semeval <= 3 % and non-derived <= 3 %, best first. ``--quote-weight W`` scores
quotations at W instead of :data:`dedup.lexical.passages.QUOTE_WEIGHT`.

``--facts``: the share of the passages' names and numbers both sides print
(``Reuse.facts``) for the METER derived pairs of the half that the rule links
without the facts bound (``RelationConfig.passage_facts``), by quantile.

``--candidates``: candidate recall on METER (a derived story counts when a pair
with a wire file of its slot is proposed) for LSH with the lead keys, and with
the shared rare shingles of :mod:`dedup.lexical.sharedkeys` at several bounds, and the
candidate pairs per article on reuters+bbc.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import itertools
import time
from collections.abc import Callable, Sequence
from typing import Any

from evalsets import load_set
from meter import candidate_recall, meter_gold

from dedup.config import Config, RelationConfig
from dedup.lexical import passages

Features = tuple[float, float, float, int]  # cover max, cover min, weight, passages


def half_of(story: str) -> int:
    return int(hashlib.sha1(story.encode()).hexdigest(), 16) % 2


def features(a: str, b: str) -> Features:
    found = passages.find_reuse(a, b)
    return (max(found.cover_a, found.cover_b), min(found.cover_a, found.cover_b),
            found.weight, len(found.spans))


def grid_rows(half: int) -> dict[str, list[list[Features]]]:
    """Per class, per story (or pair): the features of each pair it is scored on."""
    meter = load_set("meter")
    text = {a.id: a.text for a in meter.articles}
    gold = meter_gold(meter.gold)
    out: dict[str, list[list[Features]]] = {}
    for name, stories in [*gold.derived.items(), ("nonderived", gold.nonderived)]:
        out[name] = [[features(text[s], text[w]) for w in sorted(ws)]
                     for s, ws in sorted(stories.items()) if half_of(s) == half]
    for name, relation in (("fakebr", "unrelated_same_topic"), ("semeval", "same_story")):
        evalset = load_set(name)
        t = {a.id: a.text for a in evalset.articles}
        out[name] = [[features(t[r.members[0]], t[r.members[1]])] for r in evalset.gold
                     if r.relation == relation]
    return out


def rate(rows: list[list[Features]], rule: Callable[[Features], bool]) -> float:
    return sum(any(rule(f) for f in fs) for fs in rows) / max(len(rows), 1)


def rule_of(config: RelationConfig) -> Callable[[Features], bool]:
    """The rule of :func:`dedup.lexical.reused.passage_relation` on the probe's features."""
    def linked(f: Features) -> bool:
        cover, other, weight, spans = f
        return (cover >= config.whole_cover and weight >= config.whole_weight) or (
            cover >= config.partial_cover and other >= config.partial_other_cover
            and weight >= config.partial_weight and spans >= config.partial_passages)
    return linked


CLASSES = ("meter-wholly", "meter-partially", "nonderived", "fakebr", "semeval")


def grid(rows: dict[str, list[list[Features]]]) -> list[tuple[float, RelationConfig, list[float]]]:
    base = RelationConfig()
    found = []
    for whole, partial, other, weight, spans in itertools.product(
            (0.3, 0.4, 0.5), (0.1, 0.15, 0.2), (0.05, 0.1, 0.15), (30.0, 40.0, 50.0, 60.0),
            (2, 3, 4)):
        config = dataclasses.replace(base, whole_cover=whole, partial_cover=partial,
                                     partial_other_cover=other, partial_weight=weight,
                                     partial_passages=spans)
        rates = [rate(rows[k], rule_of(config)) for k in CLASSES]
        if rates[2] <= 0.03 and rates[3] <= 0.004 and rates[4] <= 0.03:
            found.append((rates[0] + rates[1], config, rates))
    return sorted(found, key=lambda x: -x[0])


def show(config: RelationConfig, rates: Sequence[float]) -> str:
    bounds = (f"whole {config.whole_cover} partial {config.partial_cover}/"
              f"{config.partial_other_cover} weight {config.partial_weight} "
              f"passages {config.partial_passages}")
    return bounds + "  " + "  ".join(f"{k} {v:.3f}" for k, v in zip(CLASSES, rates, strict=True))


def candidates() -> None:
    from dedup.lexical.sharedkeys import shared_candidates
    from dedup.lexical.verify import lexical_candidates
    from dedup.prepare.parallel import prepare_all

    config = Config()
    for names in (("meter",), ("reuters", "bbc")):
        sets = [load_set(n) for n in names]
        prepared = prepare_all([a for s in sets for a in s.articles], config, workers=2)
        reps: dict[str, int] = {}
        for i, p in enumerate(prepared):
            if p.n_tokens:
                reps.setdefault(p.content_hash, i)
        keys = [r for r in reps.values() if prepared[r].shingles.size >= 20]
        lsh, leads = lexical_candidates(prepared, keys, config)
        base = set(lsh) | set(leads)
        print(f"{'+'.join(names)}: {len(prepared)} articles; LSH {len(lsh)} + lead keys "
              f"{len(leads)} pairs ({len(base) / len(prepared):.2f} per article)")

        gold = sets[0].gold if names == ("meter",) else None

        def recall(pairs: set[tuple[int, int]], prepared: Sequence[Any] = prepared,
                   gold: Any = gold) -> str:
            if gold is None:
                return ""
            r = candidate_recall([(prepared[a].id, prepared[b].id) for a, b in pairs], gold)
            return "  recall " + " ".join(f"{k.removeprefix('meter-')} {v.value:.3f}"
                                          for k, v in r.items())
        print("  LSH + lead keys" + recall(base))
        for shared, owners in itertools.product((3, 5, 8), (4, 8, 16)):
            start = time.perf_counter()
            found = shared_candidates(keys, [prepared[k].shingles for k in keys],
                                      min_shared=shared, max_owners=owners)
            seconds = time.perf_counter() - start
            union = base | set(found)
            print(f"  + shared >= {shared}, owners <= {owners}: {len(union) - len(base)} new, "
                  f"{len(union) / len(prepared):.2f} per article, {seconds:.2f} s" + recall(union))


def facts(half: int) -> None:
    import numpy as np

    from dedup.lexical.reused import passage_relation

    meter = load_set("meter")
    text = {a.id: a.text for a in meter.articles}
    loose = dataclasses.replace(RelationConfig(), passage_facts=0.0)
    for name, stories in meter_gold(meter.gold).derived.items():
        kept = []
        for s, ws in sorted(stories.items()):
            if half_of(s) != half:
                continue
            found = [r for r in (passages.find_reuse(text[s], text[w]) for w in sorted(ws))
                     if passage_relation(r, loose)]
            if found:
                kept.append(max(r.facts for r in found))
        q = np.percentile(kept, [1, 5, 10, 25, 50]) if kept else []
        print(f"{name}: {len(kept)} stories linked; facts q01/q05/q10/q25/q50 "
              + " ".join(f"{v:.2f}" for v in q))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", type=int, choices=(0, 1), default=0)
    parser.add_argument("--grid", action="store_true")
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--quote-weight", type=float, default=None)
    parser.add_argument("--candidates", action="store_true")
    parser.add_argument("--facts", action="store_true")
    args = parser.parse_args(argv)
    if args.quote_weight is not None:
        passages.QUOTE_WEIGHT = args.quote_weight
    if args.candidates:
        candidates()
    if args.facts:
        facts(args.half)
    if args.grid or not (args.candidates or args.facts):
        rows = grid_rows(args.half)
        print(f"half {args.half}: " + ", ".join(f"{k} {len(v)}" for k, v in rows.items()))
        print("default " + show(RelationConfig(), [rate(rows[k], rule_of(RelationConfig()))
                                                   for k in CLASSES]))
        if args.grid:
            for _, config, rates in grid(rows)[:args.top]:
                print(show(config, rates))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

