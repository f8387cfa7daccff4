"""A synthetic feed of a million articles built from real ones, for the Dask engine's scale run.

    cd benchmarks && PYTHONPATH=../src python million.py --out /tmp/million --size 1000000
    cd benchmarks && PYTHONPATH=../src python dask_scan.py --engines dask --no-semantic \\
        --paths /tmp/million/*.jsonl --json /tmp/million.json

Writes ``--size`` articles as uncompressed JSONL files of ``--per-file`` articles each
(the Dask engine reads such a file in 64 MB blocks on many workers). The bases are the
real articles of reuters, bbc, wmt, semeval and fakebr (38,237). Copy ``k`` of a base is
a new story of the same shape, as the stream latency benchmark makes its replicas (there
at the shingle level): every word of the base is replaced by another word of the same
frequency band of that base's language vocabulary, through a permutation keyed by ``k``,
so that the copy keeps its base's length, paragraphs, sentence ends, numbers and word
frequencies but shares no 5-word shingle with its base or with another copy (beyond
what chance gives). Then, as in ``scaling.py``'s mixed feed, one article in ten is a
repeat of an earlier one under a new id: half exact, a tenth with another title, the
rest re-filed as wires are (a paragraph dropped, a credit line added, a few words
changed). The feed is seeded and the same at every run.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections import Counter
from pathlib import Path

from evalsets import default_eval_dir, load_set
from scaling import _edited

from dedup import Article
from dedup.prepare.language import detect_languages

SETS = ("reuters", "bbc", "wmt", "semeval", "fakebr")
WORD = re.compile(r"[^\W\d_]+")  # letters only: numbers, spaces and punctuation are kept
BAND = 64  # words are permuted among the 64 of nearest frequency rank


def vocabularies(bases: list[Article], langs: list[str]
                 ) -> dict[str, tuple[list[str], dict[str, int]]]:
    """Per language (as the project detects it): words by falling frequency, and each
    word's rank."""
    counts: dict[str, Counter[str]] = {}
    for a, lang in zip(bases, langs, strict=True):
        counts.setdefault(lang, Counter()).update(WORD.findall(a.text))
    out = {}
    for lang, c in counts.items():
        words = [w for w, _ in c.most_common()]
        out[lang] = (words, {w: r for r, w in enumerate(words)})
    return out


def rewrite(text: str, k: int, vocab: tuple[list[str], dict[str, int]]) -> str:
    """``text`` with every word replaced by the word of the same frequency band that copy
    ``k``'s permutation gives it (the same word always the same replacement in one copy)."""
    words, rank = vocab
    seen: dict[str, str] = {}

    def swap(match: re.Match[str]) -> str:
        word = match.group()
        got = seen.get(word)
        if got is None:
            r = rank.get(word)
            if r is None:
                got = word
            else:
                start = r - r % BAND
                band = words[start : start + BAND]
                got = band[(r - start + 7919 * k + (k * k) % 61) % len(band)]
                if word[0].isupper():
                    got = got[:1].upper() + got[1:]
            seen[word] = got
        return got

    return WORD.sub(swap, text)


def build(out: Path, size: int, per_file: int, seed: int = 19) -> int:
    """Write the feed; the number of files."""
    eval_dir = default_eval_dir()
    bases = [a for name in SETS for a in load_set(name, eval_dir).articles]
    langs = [lang or "" for lang, _ in detect_languages([a.text for a in bases])]
    vocab = vocabularies(bases, langs)
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Article] = []  # kept for repeats: only the last 50,000
    files = 0
    fh = None
    for n in range(size):
        if n % per_file == 0:
            if fh:
                fh.close()
            fh = open(out / f"feed-{files:03d}.jsonl", "w", encoding="utf-8")  # noqa: SIM115
            files += 1
        if written and rng.random() < 0.1:
            a = rng.choice(written)
            roll, text, title = rng.random(), a.text, a.title
            if roll < 0.1:
                title = f"{a.title or 'Wire story'} (update)"
            elif roll >= 0.5:
                text = _edited(a.text, rng)
            item = Article(f"m{n}", text, title=title, published=a.published)
        else:
            base, lang = bases[n % len(bases)], langs[n % len(bases)]
            k = n // len(bases)
            text = base.text if k == 0 else rewrite(base.text, k, vocab[lang])
            title = base.title if k == 0 or not base.title else rewrite(base.title, k, vocab[lang])
            item = Article(f"m{n}", text, title=title, published=base.published)
        row = {"id": item.id, "text": item.text}
        if item.title:
            row["title"] = item.title
        if item.published:
            row["published"] = item.published
        if fh is not None:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        written.append(item)
        if len(written) > 50_000:
            written = written[-25_000:]
    if fh:
        fh.close()
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--per-file", type=int, default=100_000)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    files = build(args.out, args.size, args.per_file)
    total = sum(p.stat().st_size for p in args.out.glob("feed-*.jsonl"))
    print(f"{args.size:,} articles in {files} files, {total / 1e6:,.0f} MB, "
          f"{time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
