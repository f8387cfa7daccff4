"""Seeded article families for the stream-filter tests: stories and their copies.

Each story is ~80 words drawn from a fixed vocabulary; its copies are an exact
copy and a copy-edit (a few words changed: Jaccard well above 0.5) under other
ids. Every member of a family is a copy of every other; different families
share no 5-word shingle (checked by the tests through the decisions).
"""

from __future__ import annotations

import json
import random

VOCAB = [f"{a}{b}" for a in ("ka", "lo", "mi", "ne", "pu", "ro", "si", "tu", "va", "ze")
         for b in ("dan", "bel", "cor", "dim", "fen", "gal", "hut", "jor", "kel", "lam",
                   "mor", "nip", "pol", "rus", "sab", "tek")]


def story(rng: random.Random, words: int = 80) -> str:
    return " ".join(rng.choice(VOCAB) for _ in range(words))


def edit(rng: random.Random, text: str, changes: int = 3) -> str:
    words = text.split()
    for _ in range(changes):
        words[rng.randrange(len(words))] = rng.choice(VOCAB)
    return " ".join(words)


def families(n: int, seed: int = 0) -> list[list[dict[str, str]]]:
    """``n`` families of 3 records (original, exact copy, copy-edit) with distinct ids."""
    rng = random.Random(seed)
    out = []
    for f in range(n):
        text = story(rng)
        out.append([
            {"id": f"s{f}-orig", "text": text},
            {"id": f"s{f}-exact", "text": text},
            {"id": f"s{f}-edit", "text": edit(rng, text)},
        ])
    return out


def jsonl(records: list[dict[str, str]]) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in records)
