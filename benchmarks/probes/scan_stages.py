"""Wall and CPU seconds of each stage of a lexical scan, timed one after the other.

    python -m probes.scan_stages [--sets reuters,bbc] [--workers N]

The stages of ``Detector.scan`` with the semantic stage off: prepare (on
``--workers`` processes; their CPU is counted through ``RUSAGE_CHILDREN``),
candidates (:func:`dedup.lexical.verify.lexical_candidates`: LSH and lead keys) and verification
(:func:`dedup.lexical.verify.verify_candidates`: :func:`dedup.lexical.relate.relate` of
every candidate, the lead-reprint rule included), on the representatives of
the exact-copy groups as :meth:`dedup.Detector.verify` does. Clustering and the
report are left out (``throughput.py`` times the whole scan).
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

from evalsets import default_eval_dir, load_set

from dedup.config import Config
from dedup.lexical.leadkeys import lead_candidates
from dedup.lexical.verify import lexical_candidates, verify_candidates
from dedup.prepare.parallel import default_workers, prepare_all


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(name: str, run: Callable[[], Any]) -> Any:
    wall, cpu = time.perf_counter(), _cpu()
    result = run()
    print(f"  {name:<12} wall {time.perf_counter() - wall:7.2f} s   cpu {_cpu() - cpu:7.2f} s")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sets", default="reuters,bbc")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=1,
                        help="verify this many times, alternating with the lead rule off")
    args = parser.parse_args(argv)
    articles = [
        a for name in args.sets.split(",") for a in load_set(name, default_eval_dir()).articles
    ]
    config = Config()
    workers = args.workers or default_workers(len(articles))
    print(f"sets {args.sets}: {len(articles)} articles, {workers} workers")
    prepared = timed("prepare", lambda: prepare_all(articles, config, workers=workers))
    groups: dict[str, int] = {}
    for i, p in enumerate(prepared):
        if p.n_tokens:
            groups.setdefault(p.content_hash, i)
    keys = [r for r in groups.values() if prepared[r].shingles.size >= config.relation.min_shingles]
    lsh, leads = timed("candidates", lambda: lexical_candidates(prepared, keys, config))
    timed("  lead keys", lambda: lead_candidates(
        keys, [prepared[k].content for k in keys], [prepared[k].shingles for k in keys],
        config.shingle.k))
    no_lead = dataclasses.replace(
        config, relation=dataclasses.replace(config.relation, lead_containment=1.0))

    def verify(config: Config) -> list[Any]:
        return verify_candidates(prepared, lsh, config) + verify_candidates(
            prepared, leads, config, lead_only=True)

    for _ in range(args.rounds):
        found = timed("verify", lambda: verify(config))
        if args.rounds > 1:
            timed("  no lead", lambda: verify_candidates(prepared, lsh, no_lead))
    print(f"  {len(keys)} representatives, {len(lsh)} LSH + {len(leads)} lead-key candidate pairs, "
          f"{len(found)} verified")
    return 0


if __name__ == "__main__":
    sys.exit(main())
