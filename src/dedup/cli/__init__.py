"""The ``dedup`` command: a thin Click shell over :class:`dedup.Detector`.

No algorithm lives here: commands parse options, build a :class:`~dedup.config.Config`,
call the library and write what it returns. Library errors become one-line
messages and exit codes, never tracebacks.

Exit codes: 0 success; 1 failure (nothing could be read, or an error);
2 usage error; 3 partial success (the report was written, some inputs were
skipped: see its ``errors``); 130 interrupted (Ctrl-C, SIGINT); 143 stopped
(SIGTERM). Faults of the environment (a full disk, an unwritable output, an
index that cannot be used) are one line on standard error, never a traceback.
"""

from __future__ import annotations

import contextlib
import json
import signal
import sys
import warnings
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from dedup.cli.options import config_from, detection_options, input_options, read_config
from dedup.cli.output import (
    _check_output,
    _progress_bar,
    _quiet_stdout,
    _stdout,
    _write_atomically,
)
from dedup.detector import Detector, tool_version
from dedup.errors import DedupError, PersistenceWarning
from dedup.io.htmlreport import keeping_texts, render_comparison_html
from dedup.io.readers import read_inputs
from dedup.io.records import ReadConfig
from dedup.io.report import FORMATS, Format, render
from dedup.models import Article, Comparison, Decision, InputProblem

EXIT_OK, EXIT_FAILURE, EXIT_PARTIAL = 0, 1, 3
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT, 128 + SIGTERM: the shell's convention


class _Stopped(KeyboardInterrupt):
    """SIGTERM, raised where the process is, so that the same clean-up runs as for Ctrl-C."""


class _Main(click.Group):
    """The command group, with one place where faults become one line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        def stop(signum: int, frame: object) -> None:
            raise _Stopped

        previous = signal.signal(signal.SIGTERM, stop)
        try:
            return super().invoke(ctx)
        except DedupError as error:
            raise click.ClickException(str(error)) from error
        except KeyboardInterrupt as stopped:
            # A second Ctrl-C during the clean-up must not print a traceback either.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            what = "stopped (SIGTERM)" if isinstance(stopped, _Stopped) else "interrupted"
            _quiet_stdout()
            click.echo(f"dedup: {what}", err=True)
            ctx.exit(EXIT_TERMINATED if isinstance(stopped, _Stopped) else EXIT_INTERRUPTED)
        except BrokenPipeError:  # the reader went away (dedup scan ... | head): no message
            _quiet_stdout()
            ctx.exit(EXIT_FAILURE)
        except OSError as error:  # an unreadable or unwritable file
            _quiet_stdout()
            where = f"{error.filename}: " if error.filename else ""
            raise click.ClickException(f"{where}{error.strerror or error}") from error
        finally:
            signal.signal(signal.SIGTERM, previous)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(tool_version(), prog_name="dedup")
def main() -> None:
    """Find copies among news articles: exact and near duplicates, reprints,
    translations and rewrites, grouped around their likely original.

    \b
    Example:
      dedup scan seeds/
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Report format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write the report here instead of standard output.")
@click.option("--workers", "-j", type=click.IntRange(min=1), default=None,
              help="Processes that prepare articles [default: one per core on large batches]. "
                   "The report does not depend on it.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Run the scan on a Dask cluster: tcp://host:8786, or local / local:N "
                   "for N local worker processes (pip install 'dedup[dask]'). "
                   "Same report as without it.")
@input_options
@detection_options
def scan(
    paths: tuple[str, ...], fmt: Format, output: Path | None, workers: int | None,
    scheduler: str | None, **opts: Any
) -> None:
    """Scan articles and report the clusters of copies.

    PATHS are folders of .txt/.md/.html files (id = file name), .jsonl or
    .jsonl.gz files, .csv files, or - for JSONL on standard input. Web pages
    (and records with an html field instead of text) need dedup[html].

    Exit status: 0 success, 1 failure, 2 usage error, 3 partial (some inputs
    were skipped; the report lists them under errors).

    \b
    Examples:
      dedup scan seeds/
      dedup scan feed.jsonl.gz --format json -o report.json
      dedup scan seeds/ --format html -o seeds.html
      cat feed.jsonl | dedup scan - --format jsonl
      dedup scan 'feeds/*.jsonl' --scheduler local:2 --format json -o report.json
    """
    if output is not None:
        _check_output(output)  # before the work, not after it
    if scheduler is not None and fmt == "html":
        raise click.UsageError(
            "--format html needs the texts in this process: not with --scheduler"
        )
    detector = Detector(config_from(opts), workers=workers)
    texts: dict[str, str] = {}
    if scheduler is not None:
        from dedup.distributed.engine import scan_on

        report = scan_on(scheduler, detector, paths, read=read_config(opts),
                         progress=_progress_bar(), stdin=sys.stdin.buffer,
                         say=lambda line: click.echo(f"dedup: {line}", err=True))
    else:
        items = read_inputs(paths, config=read_config(opts), stdin=sys.stdin.buffer)
        if fmt == "html":  # the page shows the texts, which the report does not carry
            items = keeping_texts(items, texts)
        report = detector.scan(items, progress=_progress_bar())
    rendered = render(report, fmt, texts=texts)
    if output is None:
        _stdout(rendered)
    else:
        try:
            _write_atomically(output, rendered)
        except OSError as error:
            raise click.ClickException(
                f"cannot write {output}: {error.strerror or error}; no report written"
            ) from error
    for problem in report.errors:
        where = f"{problem.input}:{problem.line}" if problem.line is not None else problem.input
        click.echo(f"dedup: skipped {where}: {problem.error}", err=True)
    if not report.articles:
        click.echo("dedup: no article could be read", err=True)
        sys.exit(EXIT_FAILURE)
    sys.exit(EXIT_PARTIAL if report.errors else EXIT_OK)


def _pick(paths: tuple[str, ...], ids: tuple[str, ...], read: ReadConfig) -> list[Article]:
    """The two articles to compare: two text files, or two ids from --in inputs."""
    found: dict[str, Article] = {}
    for item in read_inputs(paths, config=read, stdin=sys.stdin.buffer):
        if isinstance(item, InputProblem):
            where = f"{item.input}:{item.line}" if item.line is not None else item.input
            raise click.ClickException(f"{where}: {item.error}")
        found[item.id] = item
    if not ids:
        return list(found.values())
    missing = [i for i in ids if i not in found]
    if missing:
        raise click.ClickException(f"no article with id {missing[0]!r} in {', '.join(paths)}")
    return [found[i] for i in ids]


def _describe(c: Comparison) -> str:
    lines = [
        f"a: {c.a.id} [{c.a.lang or '?'}] {c.a.words} words, published {c.a.published or '?'}",
        f"b: {c.b.id} [{c.b.lang or '?'}] {c.b.words} words, published {c.b.published or '?'}",
        f"jaccard {c.jaccard:.3f}  containment a in b {c.containment_a_in_b:.3f}  "
        f"b in a {c.containment_b_in_a:.3f}"
        + ("" if c.aligned is None else f"  aligned {c.aligned:.3f}"),
        f"verdict: {c.reason}",
    ]
    for p in c.passages:
        lines.append(f"  {p.score:.2f}  {p.source}\n        {p.target}")
    return "\n".join(lines) + "\n"


@main.command()
@click.argument("a")
@click.argument("b")
@click.option("--in", "inputs", multiple=True,
              help="Read A and B as ids from these inputs (JSONL, CSV, folders) instead of files.")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json", "html"]),
              default="text", show_default=True,
              help="html: one page with the two texts side by side, passages marked.")
@input_options
@detection_options
def compare(a: str, b: str, inputs: tuple[str, ...], fmt: str, **opts: Any) -> None:
    """Explain one pair: scores, relation, which side is the copy and why.

    \b
    Examples:
      dedup compare seeds/000_fa5270a6cb906790.txt seeds/001_a6036b3efc683721.txt
      dedup compare --in feed.jsonl.gz reu4 reu16
      dedup compare --format html A.txt B.txt > pair.html
    """
    read = read_config(opts)
    try:
        pair = _pick(inputs, (a, b), read) if inputs else _pick((a, b), (), read)
        if len(pair) != 2:
            raise click.ClickException("compare needs exactly two articles")
        comparison = Detector(config_from(opts)).compare(pair[0], pair[1])
    except DedupError as error:
        raise click.ClickException(str(error)) from error
    if fmt == "json":
        click.echo(json.dumps(asdict(comparison), ensure_ascii=False, indent=2))
    elif fmt == "html":
        version = tool_version()
        click.echo(render_comparison_html(comparison, pair[0].text, pair[1].text, version=version),
                   nl=False)
    else:
        click.echo(_describe(comparison), nl=False)


@main.command(name="filter")
@click.option("--index", "location", required=True, metavar="LOCATION",
              help="The index: a file path (SQLite, created if missing) or "
                   "redis://host:port/db (shared by several workers).")
@click.option("--emit", type=click.Choice(["all", "unique"]), default="all", show_default=True,
              help="all: one decision per input line; unique: only the unique articles' "
                   "lines, unchanged.")
@click.option("--window", default="48h", show_default=True,
              help="How far back translations and rewrites are looked for (48h, 2d, 90m, "
                   "3600s), by the time articles were indexed.")
@click.option("--durable", is_flag=True,
              help="SQLite: fsync every article (survives power loss, not only kill -9).")
@input_options
@detection_options
def filter_command(location: str, emit: str, window: str, durable: bool, **opts: Any) -> None:
    """Pipeline pre-filter: JSONL articles on standard input, one decision each on
    standard output, in order, as they arrive; counts by reason on standard error.

    The index keeps every article between runs: a re-sent id gets its first
    decision back ("replayed": true), so after a crash or kill simply resend.
    Each output line is written only after its article is committed to the index.

    Exit status: 0 success, 1 failure, 2 usage error, 3 some lines were bad
    (each named on standard error as <stdin>:LINE).

    \b
    Examples:
      cat feed.jsonl | dedup filter --index news.db > decisions.jsonl
      cat feed.jsonl | dedup filter --index news.db --emit unique > fresh.jsonl
      cat feed.jsonl | dedup filter --index redis://localhost:6379/0 --no-semantic
    """
    from dedup.io.readers import read_jsonl_lines
    from dedup.stream.filter import StreamFilter, parse_window
    from dedup.stream.stores import open_store

    seconds = parse_window(window)
    config = config_from(opts)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PersistenceWarning)
        store = open_store(location, config, window_seconds=seconds, durable=durable)
    for warning in caught:
        click.echo(f"dedup: warning: {warning.message}", err=True)
    counts: dict[str, int] = {}
    bad = 0

    def write(line: str) -> None:
        _stdout(line + "\n")

    with StreamFilter(store, config, window=seconds) as stream:
        for item, raw in read_jsonl_lines(sys.stdin.buffer, config=read_config(opts)):
            if isinstance(item, InputProblem):
                bad += 1
                where = f"{item.input}:{item.line}" if item.line is not None else item.input
                click.echo(f"dedup: skipped {where}: {item.error}", err=True)
                if emit == "all":
                    write(json.dumps(_error_row(item, raw, opts["id_field"]),
                                     ensure_ascii=False))
                continue

            def deliver(decision: Decision, raw: bytes = raw) -> None:
                if emit == "all":
                    write(json.dumps(decision.to_dict(), ensure_ascii=False))
                elif decision.is_unique and not decision.replayed:
                    # First admitted here, once: a replay was passed on when admitted.
                    write(raw.decode("utf-8").removeprefix("\ufeff").rstrip("\r\n"))

            decision = stream.add(item, deliver=deliver)
            counts[decision.reason_code] = counts.get(decision.reason_code, 0) + 1
    total = sum(counts.values())
    summary = ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items()))
    click.echo(f"dedup filter: {total} article(s): {summary or 'none'}"
               + (f"; {bad} bad line(s) skipped" if bad else ""), err=True)
    sys.exit(EXIT_PARTIAL if bad else EXIT_OK)


def _error_row(item: InputProblem, raw: bytes, id_field: str) -> dict[str, Any]:
    """The decision line of a bad input line, with its id when one could be read."""
    found: Any = None
    with contextlib.suppress(ValueError):
        record = json.loads(raw.decode("utf-8", "replace").removeprefix("\ufeff"))
        if isinstance(record, dict) and isinstance(record.get(id_field), str | int):
            found = str(record[id_field])
    return {"id": found, "decision": "error", "relation": None, "matched": [], "matches": [],
            "reason": item.error, "replayed": False, "input": item.input, "line": item.line,
            "error": item.error}


@main.group()
def index() -> None:
    """Look after a filter index.

    \b
    Example:
      dedup index stats --index news.db
    """


@index.command()
@click.option("--index", "location", required=True, metavar="LOCATION",
              help="A file path or redis://host:port/db.")
@detection_options
def stats(location: str, **opts: Any) -> None:
    """Articles indexed, window size and bytes used, as JSON.

    \b
    Example:
      dedup index stats --index news.db
    """
    from dedup.stream.stores import open_store

    store = open_store(location, config_from(opts), create=False)
    try:
        found = store.stats()
    finally:
        store.close()
    click.echo(json.dumps(found, indent=2, sort_keys=True))
