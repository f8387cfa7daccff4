"""Is the scan's report the same as another commit's or source tree's (e.g. main's)?

    cd benchmarks && PYTHONPATH=../src python same_report.py --commit main [--semantic]
    cd benchmarks && PYTHONPATH=../src python same_report.py --other /tmp/main_tree/src \
        [--sets reuters,bbc] [--together] [--limit N]

Scans each eval set (all of them by default: wmt, semeval, fakebr, reuters, bbc,
meter, ntrex; semantic stage off, or on with ``--semantic``) once with this
tree's ``src`` and once with the other's (``--commit REV``: ``git archive REV
src``; ``--other DIR``: a ``src/`` folder), each scan in its own process, renders
both reports as JSON and compares them: byte-identical, or else what differs,
counted. ``--together`` scans the sets as one input instead of one by one; the
exit status is 1 when any set's reports differ. Issue 19 checked its moves with
``--commit`` and ``--semantic``: every set byte-identical.

(Written when this tree hashed shingles from token bytes, where main
hashed shingle strings with SHA-1, so MinHash signatures and LSH candidates
differed; the clusters and relations must not, and a score may only differ where the 64-bit
set hashes collide differently (counted as ``score`` differences).)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from dedup.config import Config
from dedup.stream.store import lsh_bands

HERE = Path(__file__).resolve().parent

_SCAN = """
import sys
from evalsets import default_eval_dir, load_set
from dedup import Config, Detector, render
from dedup.config import SemanticConfig

if __name__ == "__main__":
    sets, out, semantic = sys.argv[1], sys.argv[2], sys.argv[3] == "semantic"
    articles = [a for name in sets.split(",") for a in load_set(name, default_eval_dir()).articles]
    articles = articles[: int(sys.argv[4])] if int(sys.argv[4]) > 0 else articles
    config = Config(semantic=SemanticConfig(enabled=semantic))
    report = Detector(config).scan(articles)
    with open(out, "w", encoding="utf-8") as f:
        f.write(render(report, "json"))
"""


def scan_with(src: Path, sets: str, out: Path, semantic: bool = False, limit: int = 0) -> float:
    """Run the scan with ``src`` first on the import path, in a fresh process; its
    wall seconds (interpreter start and loading the sets included)."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(_SCAN)
        script = Path(f.name)
    try:
        env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{HERE}"}
        started = time.perf_counter()
        subprocess.run([sys.executable, str(script), sets, str(out),
                        "semantic" if semantic else "lexical", str(limit)], env=env, check=True)
        return time.perf_counter() - started
    finally:
        script.unlink()


def _links(report: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    found = {}
    for cluster in report["clusters"]:
        for link in cluster["links"]:
            found[(link["source"], link["target"])] = link
    for link in report.get("cross_links", []):
        found[(link["source"], link["target"])] = link
    return found


def compare(ours: dict[str, Any], theirs: dict[str, Any]) -> dict[str, int]:
    """Counts of differences, by kind (all zero: same clusters, relations and scores)."""
    counts = {
        "articles": sum(a != b for a, b in zip(ours["articles"], theirs["articles"], strict=True)),
        "clusters": 0,
        "links only in one": 0,
        "relation": 0,
        "score": 0,
        "passage score": 0,
        "unique": int(ours["unique"] != theirs["unique"]),
        "other fields": 0,
    }
    mine = {tuple(c["members"]): c for c in ours["clusters"]}
    other = {tuple(c["members"]): c for c in theirs["clusters"]}
    counts["clusters"] = len(mine.keys() ^ other.keys()) + sum(
        mine[m]["original"] != other[m]["original"] for m in mine.keys() & other.keys()
    )
    a, b = _links(ours), _links(theirs)
    counts["links only in one"] = len(a.keys() ^ b.keys())
    for key in a.keys() & b.keys():
        x, y = a[key], b[key]
        counts["relation"] += x["relation"] != y["relation"]
        numbers = ("score", "jaccard", "containment")
        counts["score"] += any(x.get(n) != y.get(n) for n in numbers)
        counts["passage score"] += [p["score"] for p in x.get("passages", [])] != [
            p["score"] for p in y.get("passages", [])]
    rest = set(ours) - {"articles", "clusters", "unique", "cross_links"}
    counts["other fields"] = sum(ours[k] != theirs.get(k) for k in rest)
    return counts


EVERY_SET = "wmt,semeval,fakebr,reuters,bbc,meter,ntrex"


def _other_tree(args: argparse.Namespace, tmp: Path) -> Path:
    """The other ``src/``: ``--other``, or ``--commit`` exported into ``tmp``."""
    if args.other:
        return Path(args.other).resolve()
    archive = subprocess.run(["git", "archive", args.commit, "src"], cwd=HERE.parent,
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive, check=True)
    return tmp / "src"


def same_set(sets: str, other: Path, where: Path, args: argparse.Namespace) -> bool:
    """Scan ``sets`` with both trees and print the comparison; True when nothing differs."""
    ours, theirs = where / f"{sets}.ours.json", where / f"{sets}.other.json"
    seconds = (scan_with(HERE.parent / "src", sets, ours, args.semantic, args.limit),
               scan_with(other, sets, theirs, args.semantic, args.limit))
    same = ours.read_bytes() == theirs.read_bytes()
    mine, their = json.loads(ours.read_text()), json.loads(theirs.read_text())
    kind = "default" if args.semantic else "lexical"
    print(f"sets {sets} ({kind} scan, {len(mine['articles'])} articles): reports "
          f"byte-identical: {same} (ours {seconds[0]:.1f} s, other {seconds[1]:.1f} s)",
          flush=True)
    if same:
        return True
    counts = compare(mine, their)
    for name, n in counts.items():
        print(f"  {name:<20} {n}")
    # A link found by one tree only: LSH did not propose the pair to the other. The
    # chance that banding proposes a pair of Jaccard J is 1 - (1 - J**rows)**bands.
    ours_links, their_links = _links(mine), _links(their)
    bands, rows = lsh_bands(Config().lsh.threshold, Config().minhash.num_perm)
    for name, one, two in (("ours", ours_links, their_links), ("other", their_links, ours_links)):
        for key in sorted(one.keys() - two.keys()):
            link = one[key]
            chance = 1 - (1 - link["jaccard"] ** rows) ** bands
            print(f"  only in {name}: {key[0]} -> {key[1]} {link['relation']} "
                  f"jaccard {link['jaccard']} containment {link['containment']} "
                  f"P(LSH candidate) {chance:.2f}")
    return not any(counts.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    other = parser.add_mutually_exclusive_group(required=True)
    other.add_argument("--other", type=Path, help="the other tree's src/")
    other.add_argument("--commit", help="the other commit (git archive REV src)")
    parser.add_argument("--sets", default=EVERY_SET)
    parser.add_argument("--together", action="store_true", help="one scan of all the sets")
    parser.add_argument("--semantic", action="store_true", help="the default scan")
    parser.add_argument("--limit", type=int, default=0, help="the first N articles only")
    parser.add_argument("--keep", type=Path, default=None, help="directory for the reports")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        where = args.keep or Path(tmp) / "reports"
        where.mkdir(parents=True, exist_ok=True)
        tree = _other_tree(args, Path(tmp))
        groups = [args.sets] if args.together else args.sets.split(",")
        results = [same_set(sets, tree, where, args) for sets in groups]
    print(f"{sum(results)} of {len(results)} the same")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
