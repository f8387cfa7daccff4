"""The options ``scan``, ``compare`` and ``filter`` share, and what they build.

:func:`input_options` (field names, size limit) and :func:`detection_options` (the
detection bounds) are Click decorators; :func:`read_config` and :func:`config_from`
turn the parsed options into the library's :class:`~dedup.io.records.ReadConfig` and
:class:`~dedup.config.Config`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from dedup.config import (
    Config,
    LSHConfig,
    MinHashConfig,
    RelationConfig,
    SemanticConfig,
    ShingleConfig,
)
from dedup.io.records import FieldMap, ReadConfig

F = TypeVar("F", bound=Callable[..., Any])


def input_options(func: F) -> F:
    """Options shared by every command that reads articles."""
    defaults = FieldMap()
    for name in reversed(("id", "text", "title", "url", "source", "published", "lang", "html")):
        func = click.option(
            f"--{name}-field",
            default=getattr(defaults, name),
            show_default=True,
            help=f"Name of the {name} field in JSONL/CSV records.",
        )(func)
    func = click.option(
        "--max-chars",
        type=click.IntRange(min=1),
        default=ReadConfig().max_chars,
        show_default=True,
        help="Skip (and report) articles longer than this.",
    )(func)
    return func


def detection_options(func: F) -> F:
    """Options that shape what counts as a copy (all recorded in the report's params)."""
    relation = RelationConfig()
    options = [
        click.option("--shingle-k", type=int, default=ShingleConfig().k, show_default=True,
                     help="Words per shingle."),
        click.option("--num-perm", type=int, default=MinHashConfig().num_perm,
                     show_default=True, help="MinHash permutations."),
        click.option("--lsh-threshold", type=float, default=LSHConfig().threshold,
                     show_default=True, help="Jaccard level the LSH candidate search is tuned to."),
        click.option("--near-duplicate-jaccard", type=float,
                     default=relation.near_duplicate_jaccard, show_default=True,
                     help="Exact Jaccard from which a pair is a near duplicate."),
        click.option("--reprint-containment", type=float,
                     default=relation.reprint_containment, show_default=True,
                     help="Containment from which a pair is a reprint."),
        click.option("--semantic/--no-semantic", default=SemanticConfig().enabled,
                     show_default=True,
                     help="Find translations and rewrites with the multilingual encoder."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def read_config(opts: dict[str, Any]) -> ReadConfig:
    fields = FieldMap(**{name: opts[f"{name}_field"] for name in FieldMap.__dataclass_fields__})
    return ReadConfig(fields=fields, max_chars=opts["max_chars"])


def config_from(opts: dict[str, Any]) -> Config:
    return Config(
        shingle=ShingleConfig(k=opts["shingle_k"]),
        minhash=MinHashConfig(num_perm=opts["num_perm"]),
        lsh=LSHConfig(threshold=opts["lsh_threshold"]),
        relation=RelationConfig(
            near_duplicate_jaccard=opts["near_duplicate_jaccard"],
            reprint_containment=opts["reprint_containment"],
        ),
        semantic=SemanticConfig(enabled=opts["semantic"]),
    )
