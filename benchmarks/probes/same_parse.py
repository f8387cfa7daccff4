"""Check that :func:`dedup.prepare.article.parse` gives exactly what a reference commit gives.

    cd benchmarks && PYTHONPATH=../src python -m probes.same_parse [--ref main] [--sets wmt,...]

The reference's ``src`` is taken with ``git archive REF src`` into a temporary
folder and run in a child process (``PYTHONPATH`` pointing there), which
pickles ``parse(article)`` (the whole TextMetadata and the content) of every
article; this process parses the same articles with the working tree's code and
compares. Prints the count checked and every mismatch; exit status 1 if any.
"""

from __future__ import annotations

import argparse
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from evalsets import ALL_SETS, REPO_ROOT, default_eval_dir, load_set

# synth is generated (benchmarks/synthetic.py), not in the eval folder.
DEFAULT_SETS = ",".join(name for name in ALL_SETS if name != "synth")


def ascii_gates_sound() -> list[str]:
    """Characters of the gated patterns that break the ASCII gates' premise.

    :mod:`dedup.prepare.boilerplate` and :mod:`dedup.prepare.metadata` gate ASCII lines with plain
    lower-case string
    tests; that is exact only if no non-ASCII character of its patterns is a
    case variant of an ASCII character (as the Kelvin sign is of "k", or
    "\u017f" of "s"). Returns the offending characters (none expected).
    """
    from dedup.prepare.boilerplate import PATTERNS
    from dedup.prepare.metalines import GATED

    bad = []
    for pattern in [p for _, p in PATTERNS] + list(GATED):
        for ch in set(pattern.pattern):
            if ch.isascii():
                continue
            variants = ch.casefold() + ch.lower() + ch.upper() + ch.swapcase()
            if any(v.isascii() for v in variants):
                bad.append(ch)
    return bad


def space_set_sound() -> bool:
    """True if :data:`dedup.prepare.metalines._SPACE` holds exactly what regex ``\\s`` matches."""
    import regex

    from dedup.prepare.credits import _FINAL_PUNCT, _SPACE

    spaces = {chr(c) for c in range(0x110000) if regex.match(r"\s", chr(c))}
    return spaces == set(_SPACE) and _FINAL_PUNCT.flags == 0


def parse_all(sets: str) -> list[tuple[str, Any]]:
    from dedup.prepare.article import parse

    return [
        (a.id, parse(a))
        for name in sets.split(",")
        for a in load_set(name, default_eval_dir()).articles
    ]


def reference(ref: str, sets: str, tmp: Path) -> list[tuple[str, Any]]:
    """``parse_all`` run by the code of commit ``ref`` in a child process."""
    archive = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "archive", ref, "src"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive, check=True)
    out = tmp / "parsed.pickle"
    env = dict(os.environ, PYTHONPATH=str(tmp / "src"))
    subprocess.run(
        [sys.executable, __file__, "--sets", sets, "--dump", str(out)],
        check=True,
        env=env,
        cwd=Path(__file__).parent,
    )
    with open(out, "rb") as fh:
        found: list[tuple[str, Any]] = pickle.load(fh)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--ref", default="main")
    parser.add_argument("--sets", default=DEFAULT_SETS)
    parser.add_argument("--dump", help=argparse.SUPPRESS)  # the child's output file
    args = parser.parse_args(argv)
    if args.dump:
        with open(args.dump, "wb") as fh:
            pickle.dump(parse_all(args.sets), fh)
        return 0
    bad = ascii_gates_sound()
    print(f"ASCII gates: {len(bad)} pattern characters with ASCII case variants {bad}")
    spaces = space_set_sound()
    print(f"metadata._SPACE is regex \\s: {spaces}")
    with tempfile.TemporaryDirectory() as tmp:
        old = reference(args.ref, args.sets, Path(tmp))
    new = parse_all(args.sets)
    if [i for i, _ in old] != [i for i, _ in new]:
        print("the two runs read different articles")
        return 1
    mismatches = 0
    for (article_id, before), (_, after) in zip(old, new, strict=True):
        if before != after:
            mismatches += 1
            if mismatches <= 20:
                print(f"MISMATCH {article_id}:\n  {args.ref}: {before!r}\n  now:  {after!r}")
    print(f"parse: {len(new)} articles checked against {args.ref}, {mismatches} mismatches")
    return 1 if mismatches or bad or not spaces else 0


if __name__ == "__main__":
    raise SystemExit(main())
