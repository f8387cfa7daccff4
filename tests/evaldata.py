"""The real eval sets for the tests that read a few of their lines (skipped without them).

They live in ``../shared/eval`` beside the checkout, or where ``DEDUP_EVAL_DIR`` says;
they are not shipped with the package.
"""

from __future__ import annotations

import gzip
import itertools
import os
from pathlib import Path

import pytest

EVAL_DIR = Path(os.environ.get("DEDUP_EVAL_DIR", Path(__file__).resolve().parents[2] / "shared"
                               / "eval"))


def eval_lines(name: str, n: int) -> list[str]:
    """The first ``n`` JSONL lines of the set ``name``; the test is skipped without it."""
    path = EVAL_DIR / f"{name}.articles.jsonl.gz"
    if not path.exists():
        pytest.skip(f"{path} not found: the real eval sets live in ../shared/eval "
                    "(or set DEDUP_EVAL_DIR); they are not shipped with the package")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return list(itertools.islice(fh, n))
