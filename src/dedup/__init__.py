"""dedup: find copies among news articles and name the likely original.

>>> from dedup import Article, Detector
>>> report = Detector().scan(articles)          # batch
>>> comparison = Detector().compare(a, b)       # one pair, explained
>>> decision = Detector(index="news.db").add(article)   # pipeline pre-filter
"""

from importlib.metadata import PackageNotFoundError, version

from dedup.attribute.origin import Attribution, EvidencePolicy, OriginPolicy
from dedup.config import (
    Config,
    LanguageConfig,
    LSHConfig,
    MinHashConfig,
    RelationConfig,
    ShingleConfig,
)
from dedup.detector import Detector
from dedup.errors import (
    ConfigError,
    DedupError,
    InputError,
    NoArticlesError,
    PersistenceWarning,
    UsageError,
)
from dedup.io.readers import read_inputs
from dedup.io.records import FieldMap, ReadConfig
from dedup.io.report import render
from dedup.models import (
    Article,
    ArticleInfo,
    Cluster,
    Comparison,
    Credit,
    Decision,
    InputProblem,
    Link,
    Match,
    Passage,
    Report,
)
from dedup.stream.filter import StreamFilter
from dedup.stream.store import StoreError

try:
    __version__ = version("dedup")
except PackageNotFoundError:  # a source tree that was not installed
    __version__ = "0.0.0+source"

__all__ = [
    "Article",
    "ArticleInfo",
    "Attribution",
    "Cluster",
    "Comparison",
    "Config",
    "ConfigError",
    "Credit",
    "Decision",
    "DedupError",
    "Detector",
    "EvidencePolicy",
    "FieldMap",
    "InputError",
    "InputProblem",
    "LSHConfig",
    "LanguageConfig",
    "Link",
    "Match",
    "MinHashConfig",
    "NoArticlesError",
    "PersistenceWarning",
    "OriginPolicy",
    "Passage",
    "ReadConfig",
    "RelationConfig",
    "Report",
    "ShingleConfig",
    "StoreError",
    "UsageError",
    "StreamFilter",
    "read_inputs",
    "render",
]
