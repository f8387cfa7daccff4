"""Load the labelled evaluation sets of ``../shared/eval`` (see its README.md).

Articles become :class:`dedup.models.Article` objects exactly as a user would
hand them to the detector; the gold labels are read separately into
:class:`GoldRow` so that nothing of the answer can leak into a scan: the
quality script gives the detector ``EvalSet.articles`` only and keeps
``EvalSet.gold`` for scoring.

The eval directory is ``--eval-dir`` when given, else ``$DEDUP_EVAL_DIR``, else
``../shared/eval`` next to the repository (the layout of the project's machines).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dedup.models import Article

REPO_ROOT = Path(__file__).resolve().parents[1]

#: Relations whose members are all copies of each other (every pair is a gold copy pair).
COPY_RELATIONS: frozenset[str] = frozenset(
    {"translation", "exact", "near_duplicate", "reprint", "rewrite"}
)
#: Relations whose members must not share a cluster (scored as false-positive rates).
NEGATIVE_RELATIONS: frozenset[str] = frozenset({"unrelated", "unrelated_same_topic", "same_story"})
#: Rows that carry a similarity grade but no copy / not-copy label: not scored.
IGNORED_RELATIONS: frozenset[str] = frozenset({"graded"})

ALL_SETS: tuple[str, ...] = ("wmt", "semeval", "fakebr", "reuters", "bbc", "meter", "synth")


@dataclass(frozen=True)
class GoldRow:
    """One labelled group: ``relation`` holds for every pair of ``members``.

    ``original`` is the member the copies derive from, when known. ``extra``
    keeps the set-specific fields (``kind`` and ``credit`` of synthetic rows,
    ``set`` of wmt and meter, ``overall`` of semeval) so breakdowns can use them.
    METER gives a list of acceptable originals (every wire file of the story
    slot): ``original`` is its only member when it has one, else None, and the
    whole list is kept as ``extra["originals"]`` (:mod:`meter` scores it).
    """

    relation: str
    members: tuple[str, ...]
    original: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_copy(self) -> bool:
        return self.relation in COPY_RELATIONS

    @property
    def is_negative(self) -> bool:
        return self.relation in NEGATIVE_RELATIONS

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"relation": self.relation, "members": list(self.members)}
        if self.original is not None:
            out["original"] = self.original
        out.update(self.extra)
        return out

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> GoldRow:
        rest = {k: v for k, v in row.items() if k not in ("relation", "members", "original")}
        original = row.get("original")
        if isinstance(original, list):
            rest["originals"] = [str(o) for o in original]
            original = original[0] if len(original) == 1 else None
        return cls(
            relation=str(row["relation"]),
            members=tuple(str(m) for m in row["members"]),
            original=None if original is None else str(original),
            extra=rest,
        )


@dataclass(frozen=True)
class EvalSet:
    """A named set: the articles to scan and the gold rows to score them with."""

    name: str
    articles: tuple[Article, ...]
    gold: tuple[GoldRow, ...]

    def lengths(self) -> dict[str, int]:
        """Text length per id (the "longest text" attribution baseline needs it)."""
        return {a.id: len(a.text) for a in self.articles}


def default_eval_dir() -> Path:
    env = os.environ.get("DEDUP_EVAL_DIR")
    return Path(env) if env else REPO_ROOT.parent / "shared" / "eval"


def article_from_dict(row: dict[str, Any], *, input: str | None = None, line: int | None = None
                      ) -> Article:
    """An Article from one JSONL record; only the fields a real feed would carry."""

    def opt(key: str) -> str | None:
        value = row.get(key)
        return None if value is None or value == "" else str(value).strip() or None

    return Article(
        id=str(row["id"]),
        text=str(row["text"]),
        title=opt("title"),
        url=opt("url"),
        source=opt("source"),
        published=opt("published"),
        input=input,
        line=line,
    )


def article_to_dict(article: Article) -> dict[str, Any]:
    """The inverse of :func:`article_from_dict` (None fields are left out)."""
    out: dict[str, Any] = {"id": article.id, "text": article.text}
    for key in ("title", "published", "url", "source"):
        value = getattr(article, key)
        if value is not None:
            out[key] = value
    return out


def iter_articles(path: Path) -> Iterator[Article]:
    """Stream a ``.jsonl.gz`` (or plain ``.jsonl``) file, one Article per line."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if line.strip():
                yield article_from_dict(json.loads(line), input=path.name, line=n)


def read_gold(path: Path) -> list[GoldRow]:
    with open(path, encoding="utf-8") as fh:
        return [GoldRow.from_dict(json.loads(line)) for line in fh if line.strip()]


def load_set(name: str, eval_dir: Path | None = None) -> EvalSet:
    """``NAME.articles.jsonl.gz`` and ``NAME.gold.jsonl`` from the eval directory."""
    root = eval_dir or default_eval_dir()
    articles_path = root / f"{name}.articles.jsonl.gz"
    gold_path = root / f"{name}.gold.jsonl"
    for path in (articles_path, gold_path):
        if not path.exists():
            raise FileNotFoundError(
                f"{path} not found: pass --eval-dir or set DEDUP_EVAL_DIR to the folder "
                "holding the evaluation sets"
            )
    return EvalSet(name, tuple(iter_articles(articles_path)), tuple(read_gold(gold_path)))


def write_set(evalset: EvalSet, out_dir: Path) -> tuple[Path, Path]:
    """Write a set in the eval format (used for the synthetic set)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    articles_path = out_dir / f"{evalset.name}.articles.jsonl.gz"
    gold_path = out_dir / f"{evalset.name}.gold.jsonl"
    # mtime=0: same seed, same bytes.
    with open(articles_path, "wb") as raw, gzip.GzipFile(
        filename="", mode="wb", fileobj=raw, mtime=0
    ) as gz:
        for article in evalset.articles:
            line = json.dumps(article_to_dict(article), ensure_ascii=False) + "\n"
            gz.write(line.encode("utf-8"))
    with open(gold_path, "w", encoding="utf-8") as fh:
        for row in evalset.gold:
            fh.write(json.dumps(row.to_dict(), ensure_ascii=False) + "\n")
    return articles_path, gold_path


def _stable_key(text: str) -> str:
    """An order that looks random but is the same on every machine (no seeded RNG needed)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _components(ids: Sequence[str], rows: Iterable[GoldRow]) -> list[list[str]]:
    """Groups of ids that gold rows tie together (union-find), so a subset never splits one."""
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for row in rows:
        present = [m for m in row.members if m in parent]
        for other in present[1:]:
            a, b = find(present[0]), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[str, list[str]] = {}
    for i in ids:
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def subset(evalset: EvalSet, limit: int) -> EvalSet:
    """A deterministic subset of about ``limit`` articles that keeps gold groups whole.

    Half of the budget goes to labelled groups first: in a set such as reuters
    (279 labelled groups among 19,043 articles) a plain sample would hold almost
    no gold pairs. The rest is filled in a fixed hash order from everything
    left, so unlabelled articles still act as distractors. Gold rows are kept
    only when all their members made it in.
    """
    if limit >= len(evalset.articles):
        return evalset
    scored = [r for r in evalset.gold if r.relation not in IGNORED_RELATIONS]
    ids = [a.id for a in evalset.articles]
    labelled = {m for r in scored for m in r.members}
    groups = sorted(_components(ids, scored), key=lambda g: _stable_key(min(g)))
    chosen: set[str] = set()
    budgets = ((limit // 2, [g for g in groups if g[0] in labelled]), (limit, groups))
    for budget, candidates in budgets:
        for group in candidates:
            if group[0] not in chosen and len(chosen) + len(group) <= budget:
                chosen.update(group)
    articles = tuple(a for a in evalset.articles if a.id in chosen)
    gold = tuple(r for r in evalset.gold if all(m in chosen for m in r.members))
    return EvalSet(evalset.name, articles, gold)
