"""The one exception family of dedup.

Every error the library raises on purpose derives from :class:`DedupError`, so a
caller needs one ``except`` clause; the CLI turns them into one-line messages.
"""

from __future__ import annotations


class DedupError(Exception):
    """Base class of every error dedup raises on purpose."""


class ConfigError(DedupError, ValueError):
    """A parameter is out of its allowed range; the message names value and range."""


class UsageError(DedupError, TypeError):
    """The library was called with the wrong kind of value; the message says what it expected."""


def expected(what: str, value: object) -> UsageError:
    """``UsageError`` "expected WHAT, got TYPE VALUE" (the value's repr cut to 60 characters)."""
    shown = repr(value)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return UsageError(f"expected {what}, got {type(value).__name__} {shown}")


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


class PersistenceWarning(UserWarning):
    """A shared index on a server that may forget it (Redis without an append-only file)."""
