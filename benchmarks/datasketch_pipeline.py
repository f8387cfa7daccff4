"""The plain datasketch pipeline a user would write first: the peer of issue 14's table.

    cd benchmarks && PYTHONPATH=../src python datasketch_pipeline.py [--sets reuters,bbc]

Lower-cased word 5-shingles, ``MinHash(num_perm=128).update_batch``, one
``MinHashLSH(threshold=0.5)`` queried then filled article by article, and
union-find over the pairs it returns (no verification, no attribution). Ends
with one JSON line: articles, seconds, articles/s, CPU seconds, peak MB, groups.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import time

from evalsets import default_eval_dir, load_set

K = 5
NUM_PERM = 128
THRESHOLD = 0.5
_WORD = re.compile(r"\w+")


def groups(texts: list[str]) -> int:
    """Groups of two or more articles the pipeline finds among ``texts``."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    parent = list(range(len(texts)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for n, text in enumerate(texts):
        tokens = _WORD.findall(text.lower())
        shingles = {" ".join(tokens[i:i + K]).encode() for i in range(max(1, len(tokens) - K + 1))}
        m = MinHash(num_perm=NUM_PERM)
        m.update_batch(list(shingles))
        for other in lsh.query(m):
            ra, rb = find(n), find(int(other))
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        lsh.insert(str(n), m)
    sizes: dict[int, int] = {}
    for n in range(len(texts)):
        root = find(n)
        sizes[root] = sizes.get(root, 0) + 1
    return sum(1 for s in sizes.values() if s > 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sets", default="reuters,bbc")
    args = parser.parse_args(argv)
    texts = [a.text for name in args.sets.split(",")
             for a in load_set(name, default_eval_dir()).articles]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime
    started = time.perf_counter()
    found = groups(texts)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"name": "plain datasketch", "articles": len(texts), "seconds": seconds,
                      "articles_per_s": len(texts) / seconds,
                      "cpu_seconds": usage.ru_utime + usage.ru_stime - cpu,
                      "peak_mb": usage.ru_maxrss / 1024, "groups": found}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
