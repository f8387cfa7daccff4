"""Where the command's output goes: standard output that may be closed or full, reports
written whole or not at all, a progress bar on standard error only when a person watches.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from dedup.detector import Progress


def _quiet_stdout() -> None:
    """Point standard output at /dev/null: what could not be written is lost anyway, and
    Python's flush at exit must not fail a second time with a traceback."""
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)

def _stdout(text: str) -> None:
    """Write and flush standard output; a full or closed one is a one-line error."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        _quiet_stdout()
        raise click.ClickException(
            f"cannot write to standard output: {error.strerror or error}"
        ) from error


def _check_output(output: Path) -> None:
    """A usage error now if the report could not be written at the end."""
    folder = output.parent
    if not folder.is_dir():
        raise click.BadParameter(f"folder {str(folder)!r} does not exist", param_hint="'--output'")
    if output.is_dir():
        raise click.BadParameter(f"{str(output)!r} is a folder", param_hint="'--output'")
    if not os.access(folder, os.W_OK) or (output.exists() and not os.access(output, os.W_OK)):
        raise click.BadParameter(f"{str(output)!r} is not writable", param_hint="'--output'")


def _write_atomically(output: Path, text: str) -> None:
    """The whole report or none of it: written beside ``output``, then renamed over it, so a
    full disk leaves no truncated report (and any earlier one intact)."""
    if not output.exists() or output.is_file():
        fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.chmod(tmp, 0o666 & ~_umask())  # as an ordinary new file, not mkstemp's 0600
            os.replace(tmp, output)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        return
    with open(output, "w", encoding="utf-8") as fh:  # a device or a pipe: write in place
        fh.write(text)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _progress_bar() -> Progress | None:
    """Click's progress bar on standard error, only when a person is watching it."""
    if not sys.stderr.isatty():
        return None
    bars: dict[str, Any] = {}

    def show(stage: str, done: int, total: int) -> None:
        if total <= 0:  # a count without a known total (reading)
            click.echo(f"\r{stage} {done:,}", nl=False, err=True)
            return
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = click.progressbar(length=total, label=stage, file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)
        if done >= total:
            bar.__exit__(None, None, None)

    return show
