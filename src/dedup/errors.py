"""The one exception family of dedup.

Every error the library raises on purpose derives from :class:`DedupError`, so a
caller needs one ``except`` clause; the CLI turns them into one-line messages.
"""

from __future__ import annotations


class DedupError(Exception):
    """Base class of every error dedup raises on purpose."""


class ConfigError(DedupError, ValueError):
    """A parameter is out of its allowed range; the message names value and range."""


class InputError(DedupError):
    """An input could not be read. Carries the file and, where known, the line."""

    def __init__(self, message: str, *, input: str, line: int | None = None) -> None:
        self.input = input
        self.line = line
        self.reason = message
        where = f"{input}:{line}" if line is not None else input
        super().__init__(f"{where}: {message}")


class NoArticlesError(DedupError):
    """A run found no readable article at all."""
