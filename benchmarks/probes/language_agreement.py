"""Does the langdetect replay agree with langdetect on every eval article, and how fast is it?

    python -m probes.language_agreement [--sets wmt,semeval] [--limit N]

For every article of the sets, the text detected is the one the project
detects: the article's content (``dedup.prepare.article.parse``) cut to its
``language_sample`` of ``SAMPLE_CHARS`` characters. langdetect (the project's
private factory, seed 0) and :mod:`dedup.prepare.langdetect_replay` rank it; a text
agrees when both give the same list of (language, probability), floats
compared with ``==``, or both find no features. Mismatches are printed.

Speed is wall-clock ms per article on the same samples: langdetect one text
at a time, the replay one text at a time (``probabilities``) and in batches of
``--batch`` (``probabilities_many``); medians over articles, and over batches
for the batch column. The replay's word cache is emptied before each of its
two runs. Quote medians of several runs: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from evalsets import default_eval_dir, load_set
from langdetect.lang_detect_exception import LangDetectException

from dedup.prepare.article import parse
from dedup.prepare.langdetect_replay import Ranked, probabilities, probabilities_many
from dedup.prepare.language import (
    SAMPLE_CHARS,
    langdetect_factory,
    langdetect_table,
    language_sample,
)

DEFAULT_SETS = "wmt,semeval,fakebr,reuters,bbc"


def _langdetect(sample: str) -> Ranked | None:
    detector = langdetect_factory().create()
    detector.append(sample)
    try:
        return [(str(r.lang), float(r.prob)) for r in detector.get_probabilities()]
    except LangDetectException:
        return None


def _replay_one(sample: str) -> Ranked | None:
    try:
        return probabilities(sample, langdetect_table(), 0)
    except LangDetectException:
        return None


def _timed(fn: object, samples: list[str]) -> tuple[list[Ranked | None], list[float]]:
    out: list[Ranked | None] = []
    ms: list[float] = []
    for sample in samples:
        start = time.perf_counter()
        out.append(fn(sample))  # type: ignore[operator]
        ms.append((time.perf_counter() - start) * 1e3)
    return out, ms


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default=DEFAULT_SETS)
    parser.add_argument("--limit", type=int, default=None, help="articles per set")
    parser.add_argument("--batch", type=int, default=256)
    args = parser.parse_args(argv)
    table = langdetect_table()
    print(f"{'set':8} {'articles':>8} {'no feat.':>8} {'agree':>8} {'mismatch':>8}   "
          f"ms/article: {'langdetect':>10} {'replay 1':>9} {'replay batch':>12}")
    total = agree_total = 0
    for name in args.sets.split(","):
        articles = load_set(name, default_eval_dir()).articles[: args.limit]
        samples = [language_sample(parse(a)[1], SAMPLE_CHARS) for a in articles]
        expected, ms_ld = _timed(_langdetect, samples)
        table.words.clear()
        single, ms_one = _timed(_replay_one, samples)
        table.words.clear()
        batch: list[Ranked | None] = []
        ms_batch: list[float] = []
        for start in range(0, len(samples), args.batch):
            chunk = samples[start : start + args.batch]
            began = time.perf_counter()
            batch.extend(probabilities_many(chunk, table, 0))
            ms_batch.append((time.perf_counter() - began) * 1e3 / len(chunk))
        agree = 0
        for k, want in enumerate(expected):
            if single[k] == want and batch[k] == want:
                agree += 1
            else:
                print(f"  MISMATCH {name} {articles[k].id}: langdetect {want} "
                      f"replay {single[k]} batch {batch[k]}")
        none = sum(e is None for e in expected)
        total += len(samples)
        agree_total += agree
        print(f"{name:8} {len(samples):8d} {none:8d} {agree:8d} {len(samples) - agree:8d}   "
              f"{'':11} {statistics.median(ms_ld):10.3f} {statistics.median(ms_one):9.3f} "
              f"{statistics.median(ms_batch):12.3f}")
    print(f"all      {total:8d} {'':8} {agree_total:8d} {total - agree_total:8d}")
    return 0 if agree_total == total else 1


if __name__ == "__main__":
    sys.exit(main())
