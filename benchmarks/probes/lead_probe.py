"""Measure the lead-reprint rule's bounds (``RelationConfig.lead_*``,
:func:`dedup.lexical.relate.lead`).

    python -m probes.lead_probe [--seed 11] [--sets synth,fakebr]
    python -m probes.lead_probe --keys --sets synth,fakebr,reuters

For every LSH candidate pair of a set (exact-copy representatives, as
``Detector.verify`` does) that the other lexical rules leave unlinked, shares
at least ``min_shingles`` shingles and has a containment of at least 0.1,
prints the lead measurements of both orientations, and how many pairs a grid
of bounds would link: on ``synth`` (built with ``--seed``; quality.py uses
seed 7, so choose the bounds on another seed and check on 7) the gold copy
pairs per kind, elsewhere every pair (fakebr holds no copies; semeval pairs
are split by their gold relation). ``--keys`` prints, instead, what the lead-key candidates of
:mod:`dedup.lexical.leadkeys` add over LSH for a grid of that module's constants.
Gold files are read only to label pairs.
Prepared articles are cached in ``/tmp/lead_probe_<set>_<seed>.pkl``.
"""

from __future__ import annotations

import argparse
import itertools
import pickle
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from evalsets import EvalSet, default_eval_dir, load_set

from dedup.config import Config, RelationConfig
from dedup.lexical.index import candidate_pairs
from dedup.lexical.relate import (
    Lead,
    is_lead_reprint,
    lead,
    lexical_relation,
    ordered_shingles,
    overlap,
)
from dedup.prepare.article import PreparedArticle
from dedup.prepare.parallel import prepare_all

CONFIG = Config()
LOW = 0.1


def _load(name: str, seed: int) -> EvalSet:
    if name == "synth":
        from synthetic import generate

        return generate(seed, 500, default_eval_dir())
    return load_set(name, default_eval_dir())


def _prepared(name: str, seed: int, evalset: EvalSet) -> list[PreparedArticle]:
    cache = Path(f"/tmp/lead_probe_{name}_{seed if name == 'synth' else 0}.pkl")
    if cache.exists():
        loaded: list[PreparedArticle] = pickle.loads(cache.read_bytes())
        return loaded
    prepared = prepare_all(list(evalset.articles), CONFIG, workers=1)
    cache.write_bytes(pickle.dumps(prepared))
    return prepared


def rows_of(name: str, seed: int) -> list[dict[str, Any]]:
    """One row per unlinked candidate pair in the band, with both orientations' leads."""
    evalset = _load(name, seed)
    prepared = _prepared(name, seed, evalset)
    label: dict[tuple[str, str], str] = {}
    for row in evalset.gold:
        tag = str(row.extra.get("kind", row.relation))
        for a, b in itertools.combinations(row.members, 2):
            label[(min(a, b), max(a, b))] = tag
    reps: dict[str, int] = {}
    for i, p in enumerate(prepared):
        if p.n_tokens:
            reps.setdefault(p.content_hash, i)
    keys = [r for r in reps.values() if prepared[r].shingles.size >= CONFIG.relation.min_shingles]
    matrix = np.vstack([prepared[k].signature for k in keys])
    candidates = candidate_pairs(matrix, keys, lsh=CONFIG.lsh, minhash=CONFIG.minhash)
    found_by_rule: Counter[str] = Counter()
    out = []
    orders: dict[int, np.ndarray] = {}

    def order(i: int) -> np.ndarray:
        if i not in orders:
            orders[i] = ordered_shingles(prepared[i].content, CONFIG.shingle.k)
        return orders[i]

    for i, j in candidates:
        a, b = prepared[i], prepared[j]
        pair = (min(a.id, b.id), max(a.id, b.id))
        tag = label.get(pair, "unlabelled")
        measured = overlap(a, b)
        if lexical_relation(a, b, measured, CONFIG.relation) is not None:
            found_by_rule[tag] += 1
            continue
        contained = max(measured.containment_a, measured.containment_b)
        if measured.shared < CONFIG.relation.min_shingles or contained < LOW:
            continue
        out.append({"pair": pair, "tag": tag, "contained": contained, "shared": measured.shared,
                    "orders": (order(i), order(j)), "sets": (a.shingles, b.shingles)})
    print(f"{name}: {len(prepared)} articles, {len(candidates)} candidates; linked by the "
          f"other rules: {dict(found_by_rule)}; unlinked in the band: "
          f"{dict(Counter(r['tag'] for r in out))}")
    if name == "synth":
        missing = Counter(tag for pair, tag in label.items()
                          if pair not in {r["pair"] for r in out})
        print(f"  gold pairs not in the band (linked elsewhere, or not candidates): "
              f"{dict(missing)}")
    return out


def leads(row: dict[str, Any], gap: int) -> tuple[Lead, Lead]:
    (oa, ob), (sa, sb) = row["orders"], row["sets"]
    return lead(oa, ob, sb, gap), lead(ob, oa, sa, gap)


def linked(row: dict[str, Any], config: RelationConfig, cache: dict[Any, tuple[Lead, Lead]]
           ) -> bool:
    if row["contained"] < config.lead_containment:
        return False
    key = (row["pair"], config.lead_gap)
    if key not in cache:
        cache[key] = leads(row, config.lead_gap)
    return any(is_lead_reprint(x, config) for x in cache[key])


def show(rows: Sequence[dict[str, Any]], gap: int, limit: int = 12) -> None:
    for row in rows[:limit]:
        print(f"  {row['tag']:<12} c={row['contained']:.2f} shared={row['shared']:4d}  "
              + " | ".join(f"start={x.start:3d} cover={x.cover:.2f} density={x.density:.2f} "
                           f"inside={x.inside:.2f} block={x.block:.2f}"
                           for x in leads(row, gap)) + f"  {row['pair']}")


def keys_grid(names: Sequence[str], seed: int) -> None:
    """Candidates and links that :mod:`dedup.lexical.leadkeys` adds over LSH, over a grid of its
    constants (the pairs are verified with the lead rule alone, as the detector does)."""
    import dedup.lexical.leadkeys as leadkeys
    from dedup.lexical.verify import verify_candidates

    data = []
    for name in names:
        evalset = _load(name, seed)
        prepared = _prepared(name, seed, evalset)
        label = {(min(a, b), max(a, b)): str(row.extra.get("kind", row.relation))
                 for row in evalset.gold for a, b in itertools.combinations(row.members, 2)}
        reps: dict[str, int] = {}
        for i, p in enumerate(prepared):
            if p.n_tokens:
                reps.setdefault(p.content_hash, i)
        keys = [r for r in reps.values()
                if prepared[r].shingles.size >= CONFIG.relation.min_shingles]
        matrix = np.vstack([prepared[k].signature for k in keys])
        lsh = set(candidate_pairs(matrix, keys, lsh=CONFIG.lsh, minhash=CONFIG.minhash))
        data.append((name, prepared, label, keys, lsh))
    print("\nlead keys: positions, MIN_KEYS, MAX_OWNERS | per set: new candidates, links by tag")
    for positions, min_keys, max_owners in itertools.product(
            [(6, 12, 18), (0, 6, 12), (10, 20, 30)], (1, 2, 3), (4, 8, 16)):
        leadkeys.KEY_POSITIONS, leadkeys.MIN_KEYS, leadkeys.MAX_OWNERS = (
            positions, min_keys, max_owners)
        out = []
        for name, prepared, label, keys, lsh in data:
            new = sorted(set(leadkeys.lead_candidates(
                keys, [prepared[k].content for k in keys], [prepared[k].shingles for k in keys],
                CONFIG.shingle.k)) - lsh)
            found = verify_candidates(prepared, new, CONFIG, lead_only=True)
            tags = Counter(label.get((min(prepared[p.a].id, prepared[p.b].id),
                                      max(prepared[p.a].id, prepared[p.b].id)), "unlabelled")
                           for p in found)
            out.append(f"{name}: {len(new)} {dict(tags)}")
        print(f"{positions} {min_keys} {max_owners}  |  " + "  ".join(out), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--sets", default="synth,fakebr,semeval")
    parser.add_argument("--show", type=int, default=0, help="print N pairs of each tag")
    parser.add_argument("--grid", action="store_true", help="print the grid of bounds")
    parser.add_argument("--keys", action="store_true",
                        help="only the grid of dedup.lexical.leadkeys' constants")
    args = parser.parse_args(argv)
    if args.keys:
        keys_grid(args.sets.split(","), args.seed)
        return 0
    rows = {name: rows_of(name, args.seed) for name in args.sets.split(",")}
    if args.show:
        for name, rs in rows.items():
            for tag in sorted({r["tag"] for r in rs}):
                print(f"{name} {tag}:")
                show([r for r in rs if r["tag"] == tag], RelationConfig().lead_gap, args.show)
    if not args.grid:
        return 0
    base = RelationConfig()
    grid = {"lead_containment": (0.2, 0.25, 0.3), "lead_min_shingles": (20, 30, 40, 50),
            "lead_start": (0, 5), "lead_gap": (10, 20), "lead_cover": (0.1, 0.15, 0.2, 0.25),
            "lead_density": (0.8, 0.9), "lead_inside": (0.9,), "lead_block": (0.8,)}
    cache: dict[Any, tuple[Lead, Lead]] = {}
    print("\nlinked pairs per tag (in the band) over the grid; default "
          + " ".join(f"{k}={getattr(base, k)}" for k in grid))
    names = list(grid)
    for values in itertools.product(*grid.values()):
        config = RelationConfig(**dict(zip(names, values, strict=True)))
        counts = {name: Counter(r["tag"] for r in rs if linked(r, config, cache))
                  for name, rs in rows.items()}
        print(" ".join(f"{v}" for v in values) + "  |  " + "  ".join(
            f"{name}: " + ",".join(f"{t}={n}" for t, n in sorted(c.items()))
            for name, c in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
