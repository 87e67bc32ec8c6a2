"""The ``provenance`` command: parse, call the library, render, exit.

Exit codes: 0 success; 1 a text beyond the reuse policy (``check``, ``gate``);
2 usage or input error (one line on stderr, never a traceback); 141 the reader of
stdout went away (``| head``; quiet, as a tool ended by SIGPIPE).  Every
:class:`~provenance.errors.ProvenanceError` a command raises becomes that line
in one place, the command group (:class:`_Main`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import io
import os
import shlex
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from . import __version__
from .ci import (
    Baseline,
    EmptyCorpusError,
    Entry,
    FileCheck,
    Match,
    Policy,
    added_entries,
    baseline_lock,
    changed_files,
    committed,
    config_at,
    default_base,
    exit_code,
    file_at,
    fork_point,
    linked_files,
    load_baseline,
    new_lines,
    outside_matches,
    outside_shares,
    parse_baseline,
    render_summary,
    run_checks,
    submodules,
    text_digest,
    top_level,
    unread_pages,
    without_commands,
    workflow_commands,
    write_baseline,
)
from .ci.check import rebuild_hint
from .ci.github import baseline_commands, baseline_summary, next_summary
from .errors import ProvenanceError
from .index import REBUILD_HINT, Index, IndexFileError, UpdateStats, rebuilding
from .index.state import Synced, other_corpus, sync
from .io.atomic import write_atomic, write_atomic_binary
from .io.formats import decode_html, extract_page
from .io.load import (
    EXPORT_SUFFIXES,
    NO_ARTICLES,
    OUTSIDE_REASON,
    UNREAD_PAGE,
    CanonicalPaths,
    CorpusListing,
    CorpusRules,
    LoadError,
    UnreadFiles,
    articles_in_bytes,
    corpus_members,
    jsonl_line,
    linked_part,
    list_corpus,
    list_folder,
    load_article,
    load_folder,
    outside_roots,
    unread_summary,
)
from .models import Document, LoadProblem, ScanResult
from .parallel import parallel_map
from .pipeline import alignment_limit, compare, describe_document, orient, prepare, scan, set_aside, verify
from .report.checks import (
    REASON_PLACEHOLDER,
    added_to_json,
    next_steps,
    render_added,
    render_next,
    render_text,
    to_json,
)
from .report.json import pair_to_dict, render_json, result_to_dict
from .report.text import printable
from .settings import ConfigTable, Settings, read_config
from .text.normalize import mixed_script_note, mixed_script_words

__all__ = ["CommandError", "main"]

EXIT_OK = 0
EXIT_POLICY = 1
EXIT_ERROR = 2
EXIT_CLOSED_OUTPUT = 141
"""The reader of stdout went away (``| head``): 128 + SIGPIPE, what a shell reports for a tool the signal
ended (``seq``, ``cat``); never 0, so a verdict nobody read is never taken for a pass."""


class CommandError(ProvenanceError):
    """A problem a command finds itself: an option value, a missing folder, an output it cannot write."""


class _Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, ``timeout``, a container or service stopping) raised where the command is, as
    Ctrl-C is, so it ends the same way: a rebuild's half-built index removed, worker processes stopped, one
    line, exit code 2.  Left to Python's default, the signal ended the process on the spot, silently, its
    half-built index left beside the index until the next rebuild."""


def _terminate(signum: int, frame: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends a clean-up that hangs, at once
    raise _Terminated


class _Resent:
    """SIGTERM sent again, a moment after :class:`_Terminated` was raised in a finalizer (a pool's, a
    generator's, a ``__del__``), which Python swallows: the command printed a traceback, went on to its end
    and exited 0, as if never asked to stop.  Sent from a thread, so that it is taken where the command is, not
    inside the hook or the finalizer; one the command ends before is :meth:`closed`, and the command ends as
    terminated all the same (not killed by the signal's default, silently)."""

    def __init__(self, previous: Callable[[Any], object]) -> None:
        import threading

        self._previous = previous
        self._lock = threading.Lock()
        self._pending = False
        self._open = True

    def hook(self, unraisable: Any) -> None:
        """The unraisable-exception hook while the command runs."""
        if not isinstance(unraisable.exc_value, _Terminated):
            self._previous(unraisable)
            return
        import threading

        signal.signal(signal.SIGTERM, _terminate)
        with self._lock:
            self._pending = True
        threading.Timer(0.05, self._send).start()

    def _send(self) -> None:
        with self._lock:
            if self._open and self._pending:
                self._pending = False
                os.kill(os.getpid(), signal.SIGTERM)

    def closed(self) -> bool:
        """Stop sending; whether a signal was still to be sent."""
        with self._lock:
            self._open = False
            return self._pending


@contextlib.contextmanager
def _terminate_as_interrupt() -> Any:
    """Turn SIGTERM into :class:`_Terminated` while a command runs (in the main thread; restored after)."""
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread: signals are not ours to handle
        yield
        return
    hook = sys.unraisablehook
    resent = _Resent(hook)
    sys.unraisablehook = resent.hook
    try:
        yield
    finally:
        sys.unraisablehook = hook
        signal.signal(signal.SIGTERM, previous)
        if resent.closed():  # the command ended before the signal was sent again: it ends as terminated
            raise _Terminated


class _ErrorLine(click.ClickException):
    """A :class:`ProvenanceError` as the command shows it: one escaped line on stderr, exit code 2."""

    exit_code = EXIT_ERROR

    def show(self, file: Any = None) -> None:
        click.echo(f"provenance: error: {printable(self.message)}", err=True)


def _usage_line(err: click.UsageError) -> _ErrorLine:
    """Click's usage error (four lines: usage, a hint, a blank, the error) as one line naming the command."""
    name = err.ctx.command_path if err.ctx is not None else "provenance"
    return _ErrorLine(f"{err.format_message()} (see '{name} --help')")


class _Main(click.Group):
    """The ``provenance`` group: the one place a command's :class:`ProvenanceError`, or a usage error
    click finds in its arguments, becomes its one error line."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as err:
            raise _usage_line(err) from None
        except BrokenPipeError:  # --help or --version into a closed pipe (click would exit 1: "policy failed")
            raise _closed_output() from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                with _terminate_as_interrupt():
                    done = super().invoke(ctx)
            except (SystemExit, click.exceptions.Exit):  # check and gate exit with their verdict
                sys.stdout.flush()
                raise
            # The output reaches its reader here, or its pipe is found closed here: never at the
            # interpreter's last flush, which would print a traceback and exit 120.
            sys.stdout.flush()
            return done
        except ProvenanceError as err:
            raise _ErrorLine(str(err)) from None
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as err:
            raise _usage_line(err) from None
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt as err:  # Ctrl-C, SIGTERM: no verdict; click's "Aborted!" exits 1, "policy failed"
            how = "terminated (SIGTERM)" if isinstance(err, _Terminated) else "interrupted"
            raise _ErrorLine(f"{how}; nothing was decided (an index keeps what it had committed)") from None
        except BrokenPipeError:  # the reader went away (| head): not a bug, and no verdict was delivered
            raise _closed_output() from None
        except Exception as err:  # a bug, not a verdict: fail closed with exit 2, never 1 ("policy failed")
            if ctx.params.get("debug") or os.environ.get("PROVENANCE_DEBUG"):
                traceback.print_exc()
            kind = type(err).__name__
            raise _ErrorLine(f"internal error ({kind}: {err}); run `provenance --debug …` for the traceback") from None


def _closed_output() -> click.exceptions.Exit:
    """The end of a command whose reader went away (``provenance extract BIG.html | head -1``): quiet, as
    ``seq`` or ``cat`` end, with :data:`EXIT_CLOSED_OUTPUT`."""
    with contextlib.suppress(OSError, ValueError):  # nothing left to flush into the pipe at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return click.exceptions.Exit(EXIT_CLOSED_OUTPUT)


def _parse_sets(values: tuple[str, ...]) -> dict[str, Any]:
    import tomllib

    parsed: dict[str, Any] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise CommandError(f"--set {item!r}: expected KEY=VALUE")
        try:
            parsed[key.strip()] = tomllib.loads(f"v = {raw.strip()}")["v"]
        except tomllib.TOMLDecodeError:
            parsed[key.strip()] = raw.strip()
    return parsed


def _settings(project: ConfigTable, sets: tuple[str, ...]) -> Settings:
    """The settings of the project's ``[tool.provenance]``, then ``--set`` values."""
    base = Settings.from_config(project)
    if not sets:
        return base
    values = base.as_dict()
    values.update(_parse_sets(sets))
    return Settings.from_mapping(values, source="--set")


def _inside(path: str, folder: str) -> bool:
    """True when ``path`` is ``folder`` or lies under it (links resolved)."""
    inner, outer = os.path.realpath(path), os.path.realpath(folder)
    return os.path.isdir(outer) and os.path.commonpath([inner, outer]) == outer


def _refuse_links(files: list[str]) -> None:
    """Raise :class:`CommandError` naming the first of ``files`` that is a symbolic link (an export's line by
    its file).  Never read, a link is never judged either: one to a copied text, in the article folder, is
    published as an article, so passing it would be failing open."""
    links = [f for f in files if os.path.islink((jsonl_line(f) or (f, 0))[0])]
    if links:
        more = f" (and {len(links) - 1} more)" if len(links) > 1 else ""
        raise CommandError(f"{links[0]}: a symbolic link; not read{more}")


def _warn(problems: list[LoadProblem] | tuple[LoadProblem, ...]) -> None:
    for problem in problems:
        click.echo(printable(f"provenance: warning: {problem.path}: {problem.reason}; skipped"), err=True)


def _note(documents: list[Document] | tuple[Document, ...]) -> None:
    for doc in documents:
        if doc.encoding is not None:
            click.echo(f"provenance: note: {printable(doc.path)}: not UTF-8; read as {doc.encoding}", err=True)
        if doc.extraction_warning is not None:  # an HTML page that may have lost text: never silently
            click.echo(printable(f"provenance: warning: {doc.path}: {doc.extraction_warning}"), err=True)


def _unread(unread: UnreadFiles) -> None:
    """Say once how many files of the corpus folders no reader reads: a folder of ``.pdf`` or ``.zip`` files
    was scanned as a folder of nothing, without a word (an index's own files are not counted:
    :func:`~provenance.index.state.index_own`)."""
    line = unread_summary(unread)
    if line is not None:
        _say_note(line)


def _say_note(line: str) -> None:
    """Print a note of the scan's own (not a file's) on stderr, whatever ``--quiet`` says."""
    click.echo(printable(f"provenance: note: {line}"), err=True)


def _limits(documents: list[Document] | tuple[Document, ...], settings: Settings) -> None:
    """Say where a cost limit applied, and which texts mix scripts (nothing for ordinary articles)."""
    for doc in documents:
        mixed = mixed_script_note(doc.meta.mixed_script if doc.meta else mixed_script_words(doc.text))
        if mixed is not None:
            click.echo(printable(f"provenance: note: {doc.path}: {mixed}"), err=True)
    for doc in documents:
        note = alignment_limit(doc, settings)
        if note is not None:
            click.echo(printable(f"provenance: note: {doc.path}: {note}"), err=True)


_config_option = click.option(
    "--config",
    type=click.Path(dir_okay=False),
    help="pyproject.toml whose [tool.provenance] table to use (default: the nearest one above the current folder).",
)
_set_option = click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override one setting, e.g. --set shingle_size=4 (repeatable).",
)


_jobs_option = click.option(
    "--jobs",
    "-j",
    default=1,
    show_default=True,
    type=click.IntRange(min=0),
    help="Processes that read, sign and verify (0: every core).",
)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="provenance")
@click.option(
    "--debug", is_flag=True, help="On an unexpected error, also print its traceback (or set PROVENANCE_DEBUG=1)."
)
def main(debug: bool) -> None:
    """Find reused text between news articles, what changed, and where it came from.

    Exit codes: 0 success; 1 a text fails the policy (check, gate); 2 a usage or input error, or an
    unexpected error (one line on stderr; --debug adds the traceback); 141 the output's reader went
    away (| head), as for a tool ended by SIGPIPE.

    \b
    Example:
      provenance scan seeds/ --out reports/
    """
    for stream in (sys.stdout, sys.stderr):  # undecodable names or text are shown escaped, never a crash
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


@main.command("scan")
@click.argument("folder", required=False, type=click.Path())
@click.option(
    "--out",
    "out",
    default="reports",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder for provenance.md, provenance.json and provenance.html.",
)
@click.option(
    "--format",
    "formats",
    metavar="FORMATS",
    default="markdown,json,html",
    show_default=True,
    help="Comma-separated outputs to write: markdown, json, html.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but warnings and errors.")
@_jobs_option
@click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="Run here (local) or on Apache Spark (needs the spark extra: pip install '.[spark]').",
)
@click.option(
    "--master",
    default=None,
    metavar="URL",
    help="Spark master URL for --engine spark (default local[*]; under spark-submit, the one given there).",
)
@click.option(
    "--parquet/--no-parquet",
    default=None,
    help="--engine spark: also write the pairs as OUT/pairs.parquet (default: from 10,000 documents).",
)
@click.option(
    "--archive",
    is_flag=True,
    help="Scan through the index (built or brought up to date first; an index of other folders is refused) "
    "for archives too large to hold in memory: every reuse pair streamed to OUT/pairs.jsonl, clusters and "
    "corpus figures to OUT/summary.md and OUT/summary.html.",
)
@click.option(
    "--index",
    "index_path",
    type=click.Path(dir_okay=False),
    help="--archive: the index file (default: policy key index, .provenance/index.sqlite).",
)
@click.option(
    "--spark-conf",
    "spark_conf",
    multiple=True,
    metavar="KEY=VALUE",
    help="--engine spark: a Spark setting for the session (repeatable), e.g. spark.driver.memory=8g.",
)
@_config_option
@_set_option
def scan_command(
    folder: str | None,
    out: str,
    formats: str,
    quiet: bool,
    jobs: int,
    engine: str,
    master: str | None,
    parquet: bool | None,
    archive: bool,
    index_path: str | None,
    spark_conf: tuple[str, ...],
    config: str | None,
    sets: tuple[str, ...],
) -> None:
    """Scan every article file in FOLDER (default: the policy's folder, seeds) and write the reports.

    Reads .txt, .md, .html and .jsonl files (one article a line), gzip-compressed
    or not (.html.gz), in FOLDER and its sub-folders, as [tool.provenance.corpus]
    include and exclude say. Files (or JSONL lines) that are empty, binary or
    malformed are named on stderr and skipped;
    text that is not UTF-8 is read in a detected encoding, named on stderr.
    With --engine spark (provenance scan --engine spark articles.parquet), the
    scan runs on Apache Spark and FOLDER may also be a JSON Lines or Parquet
    file of records with id, text and optional date, url, outlet columns.

    \b
    Example:
      provenance scan seeds/ --out reports/
    """
    wanted = {f.strip().lower() for f in formats.split(",") if f.strip()}
    unknown = wanted - {"markdown", "md", "json", "html"}
    if unknown:
        raise CommandError(f"--format: unknown format(s) {', '.join(sorted(unknown))} (use markdown, json, html)")
    if not wanted:  # a scan that writes nothing would look like one that found nothing
        raise CommandError("--format: no format given (use markdown, json, html)")
    project = read_config(".", config=config)
    settings = _settings(project, sets)
    rules = CorpusRules.from_config(project)
    given, folder = folder, folder or Policy.from_config(project).folder
    if not Path(folder).exists() and (hint := _unnamed(project, given, "as FOLDER")):
        raise CommandError(f"{folder}: no such folder{hint}")
    if wanted - {"json"} and _inside(out, folder):  # .md and .html reports are article formats
        raise CommandError(
            f"--out {out}: inside the corpus folder {folder}, where the next scan would read the reports as "
            "articles; write them elsewhere"
        )
    if archive:
        if engine != "local":
            raise CommandError("--archive runs on the local engine (the index is a local file)")
        index_file = index_path or Policy.from_config(project).index
        _archive_scan(folder, out, wanted, settings, rules, index_file, jobs, quiet)
        return
    if engine == "spark":
        conf: dict[str, str] = {}
        for item in spark_conf:
            key, eq, value = item.partition("=")
            if not eq or not key.strip():
                raise CommandError(f"--spark-conf: expected KEY=VALUE, got {item!r}")
            conf[key.strip()] = value.strip()
        result = _spark_scan(folder, out, settings, master=master, parquet=parquet, quiet=quiet, conf=conf, rules=rules)
    else:
        listing = list_folder(folder, rules)  # a LoadError as load_folder raised it
        documents, problems = load_folder(
            folder, max_bytes=settings.max_file_bytes, rules=rules, jobs=jobs, listing=listing
        )
        _warn(problems)
        _unread(listing.unread)
        _note(documents)
        if not documents:
            raise CommandError(f"{folder}: {NO_ARTICLES}")
        from .progress import Progress  # tqdm: imported by the commands that draw progress bars only

        with Progress(quiet=quiet) as progress:
            result = scan(documents, settings, problems=problems, jobs=jobs, progress=progress)
        _limits(result.documents, settings)
    names = [name for name, asked in _REPORTS if wanted & asked]
    # With --jobs, each report is rendered in a process of its own (each reads the whole result, none another).
    texts = parallel_map(_render_report, names, shared=result, jobs=jobs if engine == "local" else 1, chunksize=1)
    outputs = [(Path(out) / name, text) for name, text in zip(names, texts, strict=True)]
    written = _write_outputs(outputs)
    if not quiet:
        click.echo(
            f"{len(result.documents)} documents, {result.candidates} candidate pair(s), "
            f"{len(result.pairs)} reuse pair(s); wrote {', '.join(written)}"
        )


_REPORTS = (
    ("provenance.md", {"markdown", "md"}),
    ("provenance.json", {"json"}),
    ("provenance.html", {"html"}),
)
"""The reports ``scan`` writes, in the order written, with the --format names asking for each."""


def _render_report(result: ScanResult, name: str) -> str:
    """The text of the report ``name`` (of :data:`_REPORTS`) of ``result``, with Python's cycle collector
    paused: rendering builds millions of small objects and no cycles, and each of the collector's passes over
    the oldest generation would walk the whole result again (a quarter of the time of the JSON report)."""
    from .report import render_html, render_markdown  # imported by the commands that render them only

    enabled = gc.isenabled()
    gc.disable()
    try:
        if name == "provenance.md":
            return render_markdown(result)
        if name == "provenance.json":
            return render_json(result_to_dict(result))
        return render_html(result)
    finally:
        if enabled:
            gc.enable()


def _write_outputs(outputs: list[tuple[Path, str]]) -> list[str]:
    """Write each ``(path, text)`` atomically, in order; the paths written (a failure is a ``CommandError``)."""
    for target, text in outputs:
        try:
            write_atomic(target, text)
        except OSError as err:
            raise CommandError(f"{target}: cannot write: {err.strerror or err}") from None
    return [str(target) for target, _ in outputs]


def _archive_scan(
    folder: str,
    out: str,
    wanted: set[str],
    settings: Settings,
    rules: CorpusRules,
    index_path: str,
    jobs: int,
    quiet: bool,
) -> None:
    """``scan --archive``: the index brought in line with FOLDER, then every candidate pair of its keys verified,
    each reuse pair streamed to OUT/pairs.jsonl and the summary written (every file atomically)."""
    import time

    from .index.archive import archive_scan, render_summary_html, render_summary_markdown
    from .progress import Progress

    if not Path(folder).exists():
        raise CommandError(f"{folder}: no such folder")
    if _inside(out, folder):  # pairs.jsonl is an article format too
        raise CommandError(f"--out {out}: inside the corpus folder {folder}; write the archive scan elsewhere")
    started = time.perf_counter()
    with Index.open(index_path, settings) as index, Progress(quiet=quiet) as progress:
        # one FOLDER: an index of it and others cannot be scanned whole, so naming them too (as `index` is
        # told) would be refused again; an index of its own is the way to keep the other one
        _keep_other_folders(
            index,
            index_path,
            [folder],
            f"`provenance index {shlex.quote(folder)} --rebuild`",
            keep=f"`provenance scan {shlex.quote(folder)} --archive --index FILE` scans it with an index of its own",
        )
        synced = sync(index, [folder], rules, full=True, jobs=jobs, progress=lambda n, t: progress("index", n, t))
        _warn(synced.problems)
        _unread(synced.unread)
        indexed = time.perf_counter()
        target = Path(out) / "pairs.jsonl"
        summaries: list[Any] = []

        def stream(handle: Any) -> None:
            text = io.TextIOWrapper(handle, encoding="utf-8", errors="backslashreplace", newline="\n")
            summaries.append(archive_scan(index, text, jobs=jobs, progress=progress))
            text.flush()
            text.detach()

        try:
            if "json" in wanted:
                write_atomic_binary(target, stream)
            else:
                stream(io.BytesIO())
        except OSError as err:
            raise CommandError(f"{target}: cannot write: {err.strerror or err}") from None
    summary = summaries[0]
    written = [str(target)] if "json" in wanted else []
    outputs = []
    if wanted & {"markdown", "md"}:
        outputs.append((Path(out) / "summary.md", render_summary_markdown(summary)))
    if "html" in wanted:
        outputs.append((Path(out) / "summary.html", render_summary_html(summary)))
    written += _write_outputs(outputs)
    if not quiet:
        click.echo(
            f"{summary.articles} documents, {summary.candidates} candidate pair(s), {summary.pairs} reuse pair(s) "
            f"in {len(summary.clusters)} cluster(s); index {indexed - started:.1f} s, pairs "
            f"{time.perf_counter() - indexed:.1f} s; wrote {', '.join(written)}"
        )


def _spark_scan(
    source: str,
    out: str,
    settings: Settings,
    *,
    master: str | None,
    parquet: bool | None,
    quiet: bool,
    conf: dict[str, str] | None = None,
    rules: CorpusRules | None = None,
) -> ScanResult:
    """The scan on Spark (imported only here: pyspark is an optional extra)."""
    from .spark import scan_spark, spark_session

    def say(message: str) -> None:
        if not quiet:
            click.echo(f"spark: {message}", err=True)

    notes: list[str] = []
    result = scan_spark(
        source,
        settings,
        spark=spark_session(master, conf=conf),
        parquet_dir=str(Path(out) / "pairs.parquet"),
        parquet=parquet,
        progress=say,
        rules=rules,
        notes=notes.append,
    )
    _warn(result.problems)
    for line in notes:  # after the warnings, as the local scan says them
        _say_note(line)
    return result


@main.command("compare")
@click.argument("file_a", type=click.Path(dir_okay=False))
@click.argument("file_b", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json", "html"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@_config_option
@_set_option
def compare_command(file_a: str, file_b: str, fmt: str, config: str | None, sets: tuple[str, ...]) -> None:
    """Align two files sentence by sentence and show what changed.

    Prints the comparison whatever the verdict, source first when the direction is
    decided; JSON output is one object shaped like an entry of "pairs" in provenance.json.
    A file may also be one article of a JSON Lines export, named FILE.jsonl:LINE.

    \b
    Example:
      provenance compare seeds/000_c4d69d43826d85bd.txt seeds/001_d11848f0d9787346.txt
    """
    settings = _settings(read_config(".", config=config), sets)
    docs = [_article(path, settings, links=True) for path in (file_a, file_b)]
    _note(docs)
    (doc_a, doc_b), _ = set_aside([describe_document(prepare(d, settings), settings) for d in docs], settings)
    _limits((doc_a, doc_b), settings)
    # Shown source → copy when the direction is decided, else in the order given.
    result, doc_a, doc_b = orient(compare(doc_a, doc_b, settings), doc_a, doc_b, settings)
    from .report import render_pair_html, render_pair_markdown, render_pair_text

    if fmt == "html":
        sys.stdout.write(render_pair_html(result, doc_a, doc_b))
    elif fmt == "json":
        sys.stdout.write(render_json(pair_to_dict(result, doc_a, doc_b)))
    elif fmt == "markdown":
        sys.stdout.write(render_pair_markdown(result, doc_a, doc_b))
    else:
        sys.stdout.write(render_pair_text(result, doc_a, doc_b))


@main.command("extract")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format."
)
@_config_option
@_set_option
def extract_command(file: str, fmt: str, config: str | None, sets: tuple[str, ...]) -> None:
    """Print what the pipeline reads from FILE: its text and metadata.

    Shows the title, date, outlet and canonical URL found, the format and
    encoding, how much of an HTML page's paragraph text the extraction kept,
    and any extraction warning, then the text itself: what scan, compare and
    check match. Use it to see why a reprint was missed. FILE may be
    FILE.jsonl:LINE, one article of a JSON Lines export.

    \b
    Example:
      provenance extract page.html --format json
    """
    settings = _settings(read_config(".", config=config), sets)
    doc = _article(file, settings, links=True)
    _note([doc])
    meta = describe_document(prepare(doc, settings), settings).meta
    page = None
    if doc.format == "html":  # the extraction's measures, read again (a diagnostic, not the scan's path)
        try:
            page = extract_page(decode_html(Path(file).read_bytes())[0])
        except (OSError, ProvenanceError):
            page = None
    info: dict[str, Any] = {
        "path": doc.path,
        "id": doc.id,
        "format": doc.format,
        "encoding": doc.encoding or "utf-8",
        "title": meta.title if meta else None,
        "date": meta.date if meta else None,
        "outlet": meta.outlet if meta else None,
        "url": meta.url if meta else None,
        "characters": doc.characters,
        "words": len(doc.text.split()),
    }
    if page is not None:
        info["page_prose_words"] = page.prose_words
        info["kept_prose_words"] = page.kept_words
        info["recovered_paragraphs"] = page.recovered
        info["lines_left_out"] = page.dropped  # the headline, and chrome no second extractor kept
    info["warning"] = doc.extraction_warning
    if fmt == "json":
        sys.stdout.write(render_json({**info, "text": doc.text}))
        return
    for key, value in info.items():
        if value is not None:
            click.echo(printable(f"{key}: {value}"))
    click.echo("")
    # each line made printable, the line breaks kept; the blank lines before the text (front matter or
    # markup blanked in place, so spans stay those of the file) are not shown
    lines = doc.text.splitlines()
    first = next((n for n, line in enumerate(lines) if line.strip()), len(lines))
    for line in lines[first:]:
        click.echo(printable(line))


# -- index, check, gate, baseline --------------------------------------------

_index_option = click.option(
    "--index",
    "index_path",
    type=click.Path(dir_okay=False),
    help=f"Index file (default: policy key index, {Policy.index}).",
)


def _policy_options(func: Any) -> Any:
    options = [
        click.option(
            "--fail-share",
            type=float,
            help=f"Fail at this aligned share of the new text (default {Policy.fail_share}).",
        ),
        click.option(
            "--warn-share",
            type=float,
            help=f"Warn at this aligned share of the new text (default {Policy.warn_share}).",
        ),
        click.option(
            "--copy-share", type=float, help=f"Near-exact copy: this share of both texts (default {Policy.copy_share})."
        ),
        click.option(
            "--fail-source-share",
            type=float,
            help=f"Fail at this reproduced share of the corpus text (default {Policy.fail_source_share}).",
        ),
        click.option(
            "--allow-credited/--no-allow-credited",
            default=None,
            help="Accept reuse when the new text credits its source (default: allowed).",
        ),
        click.option(
            "--licensed-sources",
            metavar="NAMES",
            help="Comma-separated sources the newsroom licenses (Reuters,AP): a credited near-copy of theirs passes.",
        ),
        click.option(
            "--baseline",
            "baseline_path",
            metavar="FILE",
            help="Baseline file of accepted pairs (default: policy key baseline, else in the corpus folder).",
        ),
        click.option(
            "--max-candidates", type=int, help=f"Index candidates verified per file (default {Policy.max_candidates})."
        ),
        click.option(
            "--max-changes", type=int, help=f"Most severe changes shown per match (default {Policy.max_changes})."
        ),
        click.option(
            "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output."
        ),
        _index_option,
        click.option(
            "--refresh",
            is_flag=True,
            help="List every corpus file and compare it with the index first (finds articles edited in place; "
            "otherwise only corpus folders changed since the index was updated are listed).",
        ),
        _config_option,
        _set_option,
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _run_checks(
    files: list[str],
    corpus: list[str],
    settings: Settings,
    policy: Policy,
    index_path: str | None,
    lines: dict[str, set[int]] | None = None,
    baseline: Baseline | None = None,
    rules: CorpusRules | None = None,
    refresh: bool = False,
    before: Callable[[Document], Document | None] | None = None,
) -> list[FileCheck]:
    from .progress import Progress  # a corpus indexed for the check (in memory, or brought in line) shows a bar

    _refuse_links(files)
    try:
        with Progress() as progress:
            checks, problems = run_checks(
                files,
                corpus,
                settings,
                policy,
                index_path=index_path,
                lines=lines,
                baseline=baseline,
                rules=rules,
                refresh=refresh,
                synced=lambda done: _synced_note(done, index_path or policy.index, corpus),
                before=before,
                progress=lambda n, t: progress("index", n, t),
            )
    except EmptyCorpusError as err:
        _warn(err.problems)  # why nothing could be read, before the error
        raise
    _warn(problems)
    for check in checks:
        for note in check.notes:
            click.echo(printable(f"provenance: note: {check.path}: {note}"), err=True)
    return checks


def _at(commit: str, settings: Settings) -> Callable[[Document], Document | None]:
    """A new text's version at ``commit`` (the gate's fork point), read from git, or None when it had none
    there (or a JSON Lines export's line, whose earlier version is not looked for)."""

    def before(doc: Document) -> Document | None:
        if doc.path.lower().endswith(EXPORT_SUFFIXES) or jsonl_line(doc.path) is not None:
            return None
        data = file_at(commit, doc.path)
        if data is None:
            return None
        found = next(articles_in_bytes(doc.path, data, max_bytes=settings.max_file_bytes, doc_id=doc.id), None)
        return found if isinstance(found, Document) else None

    return before


def _unnamed(project: ConfigTable, given: object, how: str) -> str:
    """What to add to "no such corpus folder" when the folder is the default, named neither on the command
    line (``given``, named ``how``) nor by the policy: a newsroom whose articles are elsewhere was told only
    "seeds"."""
    table = project.values.get("policy")
    if given or (isinstance(table, dict) and "folder" in table):
        return ""
    return f" (the default corpus folder; name yours {how} or folder in [tool.provenance.policy])"


def _synced_note(synced: Synced, path: str, corpus: list[str]) -> None:
    """Say on stderr when check or gate had to bring the index ``path`` in line with the ``corpus``, and how
    far, or left an index of other folders as it is."""
    if synced.elsewhere:
        folders = " ".join(shlex.quote(c) for c in corpus)
        click.echo(
            printable(
                f"provenance: note: {path} indexes other folders ({' '.join(synced.elsewhere)}); checked against "
                f"{' '.join(corpus)} with an index built in memory, the file left as it is "
                f"(`provenance index {folders} --index FILE` keeps one)"
            ),
            err=True,
        )
        return
    if synced.read_only:
        click.echo(
            printable(
                f"provenance: note: {path} cannot be written to bring it in line with the corpus; checked "
                f"against {' '.join(corpus)} with an index built in memory, the file left as it is "
                "(`provenance index` where the index can be written keeps it current)"
            ),
            err=True,
        )
        return
    stats = synced.stats
    if synced.how == "recorded" or stats is None or not (stats.added or stats.changed or stats.removed):
        return
    where = f"{synced.changed} changed corpus folder(s)" if synced.how == "folders" else "the whole corpus"
    click.echo(
        f"provenance: note: index brought in line with {where} ({stats.added} added, {stats.changed} changed, "
        f"{stats.removed} removed); `provenance index FOLDER` keeps it current",
        err=True,
    )


def _emit(checks: list[FileCheck], fmt: str, after: str = "") -> None:
    """The checks on stdout (text, then ``after``; or the JSON document), and their exit code."""
    sys.stdout.write(render_json(to_json(checks)) if fmt == "json" else render_text(checks) + after)
    sys.exit(exit_code(checks))


def _keep_other_folders(index: Index, path: str, paths: Sequence[str], how: str, *, keep: str | None = None) -> None:
    """Refuse to bring an index of other folders in line with ``paths``: that drops every article of theirs
    (an archive of a million, keyed again for minutes), where the user most often meant to add ``paths``.
    ``keep`` says how to keep them (default: index those folders too)."""
    elsewhere = other_corpus(index, paths)
    if elsewhere:
        held = " ".join(shlex.quote(e) for e in elsewhere)
        # Each folder once, as the user wrote it: the index records one outside the current folder absolute.
        given = {os.path.abspath(p) for p in paths}
        kept = [e for e in elsewhere if os.path.abspath(e) not in given]
        named = " ".join(shlex.quote(p) for p in dict.fromkeys([*kept, *paths]))
        keep = keep or f"`provenance index {named}` keeps those articles"
        raise CommandError(f"{path} indexes {held}: {keep}, {how} drops them")


@main.command("index")
@click.argument("paths", nargs=-1, type=click.Path())
@_index_option
@click.option(
    "--rebuild",
    is_flag=True,
    help="Build the index afresh beside the old one and put it in its place once done (an interrupted "
    "rebuild leaves the old index).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but warnings and errors.")
@_jobs_option
@_config_option
@_set_option
def index_command(
    paths: tuple[str, ...],
    index_path: str | None,
    rebuild: bool,
    quiet: bool,
    jobs: int,
    config: str | None,
    sets: tuple[str, ...],
) -> None:
    """Build or update the index of the article files in PATHS (default: the policy's folder, seeds).

    PATHS are folders or files. Indexes .txt, .md and .html files and each line of a .jsonl export as an
    article, gzip-compressed or not (.html.gz), in each folder and its
    sub-folders (as scan reads them). Only new or changed files are signed
    again; files gone from PATHS are dropped; an index
    of other folders too is left as it is (name them as well, or --rebuild to
    index PATHS alone); a path spelled another way (./seeds, /abs/seeds) is the
    same file. Transactions:
    an interrupted run leaves a usable index. PATHS that hold no readable article
    are an error (exit 2), as for scan.

    \b
    Example:
      provenance index seeds/
    """
    project = read_config(".", config=config)
    settings = _settings(project, sets)
    policy = Policy.from_config(project)
    path = index_path or policy.index
    # The corpus check, gate, serve and scan default to: `provenance index` alone was a usage error, though
    # the desk's own advice for an empty index is to run it.
    given, paths = bool(paths), paths or (policy.folder,)
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise CommandError(f"{missing[0]}: no such file or folder{_unnamed(project, given, 'as PATHS')}")
    rules = CorpusRules.from_config(project)
    from .progress import Progress  # tqdm: imported by the commands that draw progress bars only

    try:
        opened = rebuilding(path, settings) if rebuild else Index.open(path, settings)
    except IndexFileError as err:  # the command to type, with the folders just given: "PATH..." left it to the user
        raise IndexFileError(str(err).replace(REBUILD_HINT, rebuild_hint(path, policy.index, paths))) from None
    with opened as index:
        _keep_other_folders(index, path, paths, "--rebuild")
        with Progress(quiet=quiet) as progress:
            # Every file listed and compared; the listing is recorded, so check and gate need not list it again.
            synced = sync(
                index, list(paths), rules, full=True, jobs=jobs, progress=lambda n, t: progress("index", n, t)
            )
        total = index.count()
        _warn(synced.problems)
        _unread(synced.unread)
        if not total:  # raised in the block: a rebuild of nothing leaves the index that was there
            raise CommandError(f"{', '.join(paths)}: {NO_ARTICLES}")
    stats = synced.stats or UpdateStats(0, 0, 0, 0)
    if not quiet:
        click.echo(
            f"{path}: {total} documents ({stats.added} added, {stats.changed} changed, "
            f"{stats.unchanged} unchanged, {stats.removed} removed)"
        )


@main.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--corpus",
    "corpus",
    multiple=True,
    type=click.Path(),
    metavar="DIR",
    help=f"Corpus folder (default: policy key folder, {Policy.folder}).",
)
@click.option(
    "--skip-outside-corpus",
    is_flag=True,
    help="Check only the FILES that are articles of the corpus; skip the others silently (a pre-commit hook).",
)
@_policy_options
def check_command(
    files: tuple[str, ...],
    corpus: tuple[str, ...],
    skip_outside_corpus: bool,
    fmt: str,
    index_path: str | None,
    refresh: bool,
    config: str | None,
    sets: tuple[str, ...],
    **policy_values: Any,
) -> None:
    """Check FILES against the corpus: matches, shares both ways, changes, verdict.

    Each article of a .jsonl export is checked on its own, named FILE.jsonl:LINE;
    a FILE given so checks that article alone. Exit 0 when every file is within
    policy, 1 when any is not, 2 on an error (a corpus that holds no readable
    article is one: it would pass any text).

    \b
    Example:
      provenance check new_article.txt --corpus seeds/
    """
    project = read_config(".", config=config)
    settings = _settings(project, sets)
    # The baseline beside the corpus checked against (--corpus), as the gate and accept find it.
    folder = corpus[0] if corpus else None
    baseline_path = policy_values.pop("baseline_path")
    named = bool(corpus) or baseline_path is not None  # the next steps' accept names the baseline then
    policy = Policy.from_config(project, baseline=baseline_path, folder=folder, **policy_values)
    folders = list(corpus) or [policy.folder]
    for folder in folders:
        if not Path(folder).exists():
            raise CommandError(f"{folder}: no such corpus folder{_unnamed(project, corpus, 'with --corpus')}")
    rules = CorpusRules.from_config(project)
    wanted = corpus_members(files, folders, rules) if skip_outside_corpus else list(files)
    if not wanted:  # a commit touching no article: nothing to say
        if fmt == "json":
            _emit([], fmt)
        sys.exit(EXIT_OK)
    wanted, lines = _export_lines(wanted)
    checks = _run_checks(wanted, folders, settings, policy, index_path, lines=lines, rules=rules, refresh=refresh)
    found = {check.path for check in checks}
    for export, numbers in lines.items():
        for number in sorted(numbers):
            if f"{export}:{number}" not in found:
                raise CommandError(f"{export}:{number}: no article on this line of the export")
    # What an editor can do about a failing match, as the gate says it (a check was left at "FAIL").
    _emit(checks, fmt, render_next(*next_steps(checks, policy.baseline_file, baseline_option=named)))


def _export_lines(files: list[str]) -> tuple[list[str], dict[str, set[int]]]:
    """``files`` with each ``FILE.jsonl:LINE`` (one article of an export, as check names it) read as its
    export, and the lines wanted of each export so named; an export also named whole is checked whole."""
    paths: dict[str, None] = {}  # in the order given, each once (a dict: a pull request may name thousands)
    lines: dict[str, set[int]] = {}
    whole: set[str] = set()
    for name in files:
        at = None if os.path.lexists(name) else jsonl_line(name)
        path = name if at is None else os.path.normpath(at[0])
        paths[path] = None
        if at is None:
            whole.add(os.path.normpath(path))
        else:
            lines.setdefault(path, set()).add(at[1])
    return list(paths), {path: numbers for path, numbers in lines.items() if path not in whole}


@main.command("gate")
@click.option(
    "--base",
    metavar="REF",
    help="Git ref the change merges into (default: origin/$GITHUB_BASE_REF, else origin/HEAD, else main or "
    "master); the change is what HEAD added since it left REF.",
)
@click.option(
    "--folder",
    metavar="DIR",
    help=f"Corpus folder watched for new texts (default: policy key folder, {Policy.folder}).",
)
@click.option(
    "--config-from-base",
    is_flag=True,
    help="Read the settings, policy and baseline as they are at BASE, not as the change under review has them.",
)
@click.option(
    "--strict-baseline",
    is_flag=True,
    help="Fail (exit 1) when the change adds entries to the baseline, so a reviewer must see them.",
)
@click.option(
    "--json-out",
    type=click.Path(dir_okay=False),
    help="Also write the JSON document (as --format json prints it) to this file, whatever --format is.",
)
@_policy_options
def gate_command(
    base: str | None,
    folder: str | None,
    config_from_base: bool,
    strict_baseline: bool,
    json_out: str | None,
    fmt: str,
    index_path: str | None,
    refresh: bool,
    config: str | None,
    sets: tuple[str, ...],
    **policy_values: Any,
) -> None:
    """The CI gate: check articles added or modified under the corpus folder since HEAD left BASE.

    Checks the files the corpus holds, as scan and index list them (.txt,
    .md, .html and .jsonl at any depth, or with .gz after, by
    [tool.provenance.corpus]; each line of a .jsonl file is an article; in an edited export, the lines the change
    added or altered), against the whole corpus. The commits are compared, not
    the working tree: an uncommitted edit is for check.

    Lists the baseline entries the change adds (compared with the baseline at
    BASE); --strict-baseline fails on them. Exits like check. With
    GITHUB_ACTIONS set, prints ::error/::warning annotations and appends a
    summary to $GITHUB_STEP_SUMMARY.

    \b
    Example:
      provenance gate --base origin/main
    """
    # The gate reads the change as the repository holds it: from its top folder, where the policy's folders
    # and the annotations' paths are, whichever folder it is run from (paths given here are moved along).
    top = top_level()
    if not os.path.samefile(top, "."):
        here = os.getcwd()

        def moved(path: str | None) -> str | None:
            return None if path is None else os.path.relpath(os.path.join(here, path), top)

        folder, index_path, config, json_out = moved(folder), moved(index_path), moved(config), moved(json_out)
        policy_values["baseline_path"] = moved(policy_values.get("baseline_path"))
        os.chdir(top)
    # Without --base, the branch the change merges into: HEAD~1 (the default before) saw the last commit alone.
    base = default_base() if base is None else base
    baseline_given = policy_values.get("baseline_path") is not None
    named_baseline = baseline_given or folder is not None  # accept must name it
    # A pull request must not loosen the policy, list its copy as chrome or accept its own reuse.
    if config_from_base:
        project = config_at(base, config or "pyproject.toml")
    else:
        if config is None and Path("pyproject.toml").is_symlink():  # a pull request's link: the gate reads none
            raise CommandError("pyproject.toml: a symbolic link; the gate reads no link (or use --config-from-base)")
        # The repository's own settings or none: a pyproject.toml above its top folder is no commit's (a
        # checkout inside another project named that project's folder and baseline, "outside the repository").
        project = read_config(".", config=config, above=False)
    settings = _settings(project, sets)
    policy = Policy.from_config(project, baseline=policy_values.pop("baseline_path"), folder=folder, **policy_values)
    if not Path(policy.folder).is_dir():
        raise CommandError(f"{policy.folder}: no such corpus folder{_unnamed(project, folder, 'with --folder')}")
    if outside_roots(policy.folder, ["."]):  # a pull request may replace the folder by a link
        raise CommandError(f"{policy.folder}: {OUTSIDE_REASON}")
    if linked_part(policy.folder) is not None:  # git lists one link where the folder was: nothing under it is
        raise CommandError(f"{policy.folder}: the corpus folder is a symbolic link; not read")
    if not baseline_given and os.path.relpath(os.path.abspath(policy.baseline_file)).split(os.sep)[0] == "..":
        # The change's policy may name any path: a file outside the repository is read for no commit, and
        # its ids would be printed as entries the change adds (as through a folder link, below).
        raise CommandError(f"{policy.baseline_file}: the policy's baseline file is outside the repository; not read")
    chrome = linked_part(settings.chrome_file) if settings.chrome_file else None
    if chrome is not None:  # a list that sets sentences aside is never read through a link a change planted
        shown = os.path.relpath(settings.chrome_file)
        shown = settings.chrome_file if shown.startswith("..") else shown
        raise CommandError(f"{shown}: chrome_file is read through a symbolic link ({chrome}); not read")
    index_file = index_path or policy.index
    sidecars = [index_file, *(f"{index_file}{s}" for s in ("-wal", "-shm", "-journal", ".keys"))]
    planted = committed(sidecars)  # the index is the corpus's, built by the job, never the change's
    if planted:
        raise CommandError(
            f"{planted[0]}: the change commits a file of the index; an index is built from the corpus, never committed"
        )
    rules = CorpusRules.from_config(project)  # with --config-from-base, as at BASE: a change cannot exclude itself
    fork = fork_point(base)
    compared = f"{base} (fork point {fork[:12]})"
    files = changed_files(base, policy.folder, rules=rules)
    # Named as articles or not: a folder link hides what it holds, and git lists none of a submodule's files.
    for found, what in (
        (linked_files(base, policy.folder), "a symbolic link"),
        (submodules(base, policy.folder), "a submodule (another repository's files, never checked)"),
        (
            unread_pages(base, policy.folder, rules=rules),
            f"{UNREAD_PAGE} (save it as .txt, .md or .html, or set it aside "
            "with an exclude glob of [tool.provenance.corpus])",
        ),
    ):
        if found:
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            raise CommandError(f"{found[0]}: {what}; not read{more}")
    baseline, added, pending = _gate_baseline(base, policy.baseline_file, config_from_base=config_from_base)
    # An edited export is checked on the lines the change added or altered (None: a new file, every line).
    numbers = {os.path.normpath(f): new_lines(base, f) for f in files if f.lower().endswith(EXPORT_SUFFIXES)}
    edited = {f: lines for f, lines in numbers.items() if lines is not None}
    checks = (
        _run_checks(
            files, [policy.folder], settings, policy, index_path, edited, baseline, rules, refresh, _at(fork, settings)
        )
        if files
        else []
    )
    where = policy.baseline_file
    code = EXIT_POLICY if strict_baseline and added else exit_code(checks)
    document = to_json(checks) | {
        "baseline_added": added_to_json(where, added, pending),
        "base": {"ref": base, "fork_point": fork},
    }
    if code == EXIT_POLICY:
        document["verdict"] = "fail"
    if json_out:  # the GitHub Action reads its outputs (verdict, counts) from it, beside the annotated log
        try:
            write_atomic(Path(json_out), render_json(document))
        except OSError as err:
            raise CommandError(f"{json_out}: cannot write: {err.strerror or err}") from None
    # What an editor can do about a failing match: see the changes, accept a reviewed reprint.
    what, commands = next_steps(
        checks,
        where,
        baseline_option=named_baseline,
        on_base=config_from_base or strict_baseline,
        accepted={entry.ids for entry in added} if config_from_base else (),
    )
    in_actions = bool(os.environ.get("GITHUB_ACTIONS"))
    if in_actions:
        if fmt == "text":  # annotations would spoil a JSON document on stdout
            sys.stdout.write(workflow_commands(checks) + baseline_commands(where, added, strict=strict_baseline))
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            try:
                with open(summary, "a", encoding="utf-8") as handle:
                    handle.write(
                        render_summary(checks, f"Compared with {compared}")
                        + baseline_summary(where, added, strict=strict_baseline)
                        + next_summary(what, commands)
                    )
            except OSError as err:
                raise CommandError(f"{summary}: cannot write: {err.strerror or err}") from None
    if fmt == "json":
        sys.stdout.write(render_json(document))
        sys.exit(code)
    count = (
        f"{len(checks)} new or modified article{'' if len(checks) == 1 else 's'}"
        if checks
        else "no new or modified articles"
    )
    shown = printable(f"{count} under {policy.folder}/ since {compared}") + "\n"
    shown += (render_text(checks) if checks else "") + render_added(
        where, added, strict=strict_baseline, pending=pending
    )
    shown += render_next(what, commands)
    # names and texts in the log never run as workflow commands
    sys.stdout.write(without_commands(shown) if in_actions else shown)
    sys.exit(code)


def _gate_baseline(
    base: str, path: str, *, config_from_base: bool
) -> tuple[Baseline, tuple[Entry, ...], tuple[Entry, ...]]:
    """The baseline the gate judges by (the change's, or with ``config_from_base`` the one at BASE), the
    entries the change adds to it (regenerating or editing the baseline never passes unnoticed), and those
    of them not committed at HEAD.

    The change's baseline is read from the checkout, as every file the gate checks is: in CI, a clean
    checkout of the commit, so the same.  Locally, an entry ``accept`` wrote and nobody committed yet counts
    (a preview of the pull request once it is committed); it is listed as not committed, since CI, reading
    the commit, will not have it."""
    old = file_at(base, path)
    at_base = Baseline() if old is None else parse_baseline(old, f"{base}:{path}")
    changed = load_baseline(path)
    added = added_entries(at_base, changed)
    pending: tuple[Entry, ...] = ()
    inside = os.path.relpath(path)
    if added and not inside.startswith(".."):  # a --baseline outside the repository is no commit's
        held = file_at("HEAD", inside)
        if held != Path(path).read_bytes():  # load_baseline read it: a regular file
            at_head = Baseline() if held is None else parse_baseline(held, f"HEAD:{inside}")
            pending = added_entries(at_head, Baseline(added))
    return (at_base if config_from_base else changed), added, pending


@main.command("baseline")
@click.argument("folder", required=False, type=click.Path(file_okay=False))
@click.option(
    "--out",
    "out",
    metavar="FILE",
    help="Baseline file (default: policy key baseline, else FOLDER/.provenance-baseline.json).",
)
@click.option(
    "--upgrade",
    is_flag=True,
    help="Accept nothing new: pin the pairs of a version 1 baseline to their texts as they are now.",
)
@_config_option
@_set_option
def baseline_command(
    folder: str | None, out: str | None, upgrade: bool, config: str | None, sets: tuple[str, ...]
) -> None:
    """Accept EVERY reuse pair now in FOLDER (default: seeds) by writing the baseline file.

    For bootstrapping: it accepts everything, reviewed or not (an uncredited
    copy too, and one a page keeps outside its article body, as the gate
    finds it). To accept one reprint, use provenance accept. Entries already
    in the file are kept; each entry pins both texts by digest, so an edited
    text is judged again. Later check and gate runs pass these pairs.

    \b
    Example:
      provenance baseline seeds/
    """
    project = read_config(".", config=config)
    settings = _settings(project, sets)
    policy = Policy.from_config(project, folder=folder)
    if not Path(policy.folder).is_dir():  # before the lock, which would make it: a mistyped folder accepts nothing
        raise CommandError(f"{policy.folder}: no such folder{_unnamed(project, folder, 'as FOLDER')}")
    target = out or policy.baseline_file
    # Held until the command ends: an accept meanwhile waits, and its entry is among those read here.
    click.get_current_context().with_resource(baseline_lock(target))
    existing = load_baseline(target)
    rules = CorpusRules.from_config(project)
    listing = list_folder(policy.folder, rules)  # once: the outside step indexes the files listed and read here
    documents, problems = load_folder(policy.folder, max_bytes=settings.max_file_bytes, listing=listing)
    _warn(problems)
    if not documents:  # "0 accepted pair(s)" would read as an archive without reuse
        raise CommandError(f"{policy.folder}: {NO_ARTICLES}")
    if upgrade:
        baseline, kept = _pinned(existing, documents, settings)
        for entry in kept:
            click.echo(
                printable(
                    f"provenance: warning: {target}: {entry.new} or {entry.source} is not in "
                    f"{policy.folder}; left accepted whatever their texts"
                ),
                err=True,
            )
        _write_baseline(target, baseline)
        click.echo(printable(f"{target}: {len(baseline) - len(kept)} pair(s) pinned to their texts"))
        return
    result = scan(documents, settings, problems=problems)
    texts = {d.id: d for d in documents}
    entries = {e.ids: e for e in existing.entries}  # one entry a pair, as write_baseline keeps them
    reason = f"accepted with every reuse pair in {policy.folder} by provenance baseline, unreviewed"
    found: list[tuple[Document, Document, float, float, str | None]] = [
        (
            texts[pair.a],
            texts[pair.b],
            pair.share_a,
            pair.share_b,
            pair.provenance.relation if pair.provenance else None,
        )
        for pair in result.pairs
    ]
    # A copy a page shows outside its article (an aside, a footer): the scan compares articles, the gate
    # fails such a copy, so it is accepted here too, as `accept PAGE --source STORY` measures it.
    found += [
        (page, texts[m.source_id], m.share_new, m.share_source, m.relation)
        for page, m in _outside_body(documents, listing, policy, settings)
        if m.source_id in texts
    ]
    for new, source, share_new, share_source, relation in found:
        if relation == "b-from-a":
            new, source, share_new, share_source = source, new, share_source, share_new
        # A pair of no known direction is recorded as such: the entry never says which reuses which.
        way = () if relation in ("a-from-b", "b-from-a") else (("direction", relation or "undetermined"),)
        entry = _entry(new, source, share_new, share_source, reason=reason, by="baseline", extra=way)
        held = entries.get(entry.ids)
        if held is None or not held.covers(entry):
            entries[entry.ids] = entry
    n = _write_baseline(target, list(entries.values()))
    click.echo(printable(f"{target}: {n} accepted pair(s) (every reuse pair in {policy.folder}, unreviewed)"))


def _outside_body(
    documents: Sequence[Document], listing: CorpusListing, policy: Policy, settings: Settings
) -> list[tuple[Document, Match]]:
    """Each match the gate reports ``outside the article body`` for an HTML page of ``documents`` (the corpus
    of ``policy``, as ``listing`` lists it) against the rest of it (:func:`~provenance.ci.check.outside_matches`,
    on an index of the corpus built in memory from the articles read already: a corpus of no page builds none)."""
    pages = [d for d in documents if d.format == "html"]
    if not pages:
        return []
    canonical = CanonicalPaths()
    with Index.open(":memory:", settings) as index:
        index.update(listing.files, ids=listing.ids, articles={canonical(d.path): d for d in documents})
        return outside_matches(pages, index, settings, policy)


def _entry(new: Document, source: Document, share_new: float, share_source: float, **fields: Any) -> Entry:
    """The baseline entry accepting ``new``'s reuse of ``source`` as both texts are now."""
    return Entry(
        new.id,
        source.id,
        text_digest(new.text),
        text_digest(source.text),
        new_path=new.path,
        source_path=source.path,
        share_new=share_new,
        share_source=share_source,
        **fields,
    )


def _pinned(baseline: Baseline, documents: list[Document], settings: Settings) -> tuple[list[Entry], list[Entry]]:
    """The entries with every version 1 pair pinned to its texts as they are, and the pairs left as they
    were (a text no longer in the corpus)."""
    texts = {d.id: d for d in documents}
    entries: list[Entry] = []
    kept: list[Entry] = []
    for entry in baseline.entries:
        if entry.pinned:
            entries.append(entry)
        elif entry.new in texts and entry.source in texts:
            new, source = texts[entry.new], texts[entry.source]
            why = entry.reason or "a version 1 pair, pinned to its texts by provenance baseline --upgrade"
            entries.append(_entry(new, source, *_shares(new, source, settings), reason=why, by="upgrade"))
        else:
            kept.append(entry)
            entries.append(entry)
    return entries, kept


def _shares(new: Document, source: Document, settings: Settings) -> tuple[float, float]:
    """The aligned shares of a pair as the gate measures them (the new text's, the source's)."""
    pair = verify(prepare(new, settings), prepare(source, settings), settings)
    return pair.share_a, pair.share_b


def _write_baseline(target: str, entries: Baseline | list[Entry]) -> int:
    try:
        return write_baseline(target, entries)
    except OSError as err:
        raise CommandError(f"{target}: cannot write: {err.strerror or err}") from None


def _article(path: str, settings: Settings, corpus: CorpusListing | None = None, *, links: bool = False) -> Document:
    """One article named on the command line (a file, or ``FILE.jsonl:LINE``), through a link only with
    ``links`` and never one pointing outside the current folder; a file of the ``corpus`` listing gets
    the id the gate gives it (``2019/11/story`` in a nested corpus)."""
    at = jsonl_line(path)
    if outside_roots(path if at is None else at[0], ["."]):  # a link to /etc/passwd is not an article
        raise CommandError(f"{path}: {OUTSIDE_REASON}")
    try:
        doc = load_article(path, max_bytes=settings.max_file_bytes, links=links)
    except LoadError as err:  # its message does not name the file
        raise CommandError(f"{path}: {err}") from None
    listed = corpus.id_of(path) if corpus is not None and at is None else None
    return doc if listed is None else dataclasses.replace(doc, id=listed)


@main.command("accept")
@click.argument("new", type=click.Path(dir_okay=False))
@click.option("--source", "source", required=True, type=click.Path(dir_okay=False), help="The corpus text NEW reuses.")
@click.option("--reason", default="", help="Why the reuse is accepted (a licence, a ticket), for reviewers.")
@click.option(
    "--date", "accepted_on", metavar="YYYY-MM-DD", help="A date to record with the entry, YYYY-MM-DD (default: none)."
)
@click.option(
    "--corpus",
    "folder",
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="The corpus folder, as check --corpus names it (default: policy key folder).",
)
@click.option(
    "--baseline",
    "baseline_path",
    metavar="FILE",
    help="Baseline file (default: policy key baseline, else FOLDER/.provenance-baseline.json).",
)
@_config_option
@_set_option
def accept_command(
    new: str,
    source: str,
    reason: str,
    accepted_on: str | None,
    folder: str | None,
    baseline_path: str | None,
    config: str | None,
    sets: tuple[str, ...],
) -> None:
    """Accept one reviewed reuse: NEW reprints SOURCE, and the gate passes that pair.

    Records one baseline entry with both ids, the SHA-256 of both texts, the
    aligned shares and the reason; an edited text no longer matches it. Commit
    the file with the text; the gate lists the entry as added for review.

    \b
    Example:
      provenance accept seeds/reprint.txt --source seeds/original.txt --reason "Reuters, licensed"
    """
    if reason.strip() in (REASON_PLACEHOLDER, "..."):  # the gate's suggested command, pasted as it is
        raise CommandError(f"--reason {reason!r}: replace the placeholder with why the reuse is accepted")
    project = read_config(".", config=config)
    settings = _settings(project, sets)
    policy = Policy.from_config(project, baseline=baseline_path, folder=folder)
    if not baseline_path and not Path(policy.folder).is_dir():  # never a baseline in a folder made for it
        raise CommandError(f"{policy.folder}: no such corpus folder; name yours with --corpus (or --baseline)")
    extra: tuple[tuple[str, str], ...] = ()
    if accepted_on is not None:
        import datetime

        try:
            extra = (("date", datetime.date.fromisoformat(accepted_on).isoformat()),)
        except ValueError:
            raise CommandError(f"--date {accepted_on!r}: expected YYYY-MM-DD") from None
    rules = CorpusRules.from_config(project)
    corpus = list_corpus([policy.folder], rules) if Path(policy.folder).is_dir() else None
    new_doc, source_doc = _article(new, settings, corpus), _article(source, settings, corpus)
    if new_doc.id == source_doc.id:
        raise CommandError(f"{new}: same id as {source} ({new_doc.id}); nothing to accept")
    share_new, share_source = _shares(new_doc, source_doc, settings)
    if share_new <= 0.0:  # a copy a page shows beside its article (an aside), which the check reads too
        share_new, share_source = outside_shares(new_doc, source_doc, settings)
    if share_new <= 0.0:
        raise CommandError(f"{new}: shares no passage with {source}; nothing to accept")
    target = policy.baseline_file
    entry = _entry(new_doc, source_doc, share_new, share_source, reason=reason, by="accept", extra=extra)
    with baseline_lock(target):  # another accept meanwhile waits: its entry is in what this one reads
        existing = load_baseline(target)
        n = _write_baseline(target, existing.with_entry(entry))
    unpinned = sum(not e.pinned for e in existing.entries if e.ids != entry.ids)
    if existing.version == 1 and unpinned:
        click.echo(
            printable(
                f"provenance: note: {target}: written as version 2; its {unpinned} earlier pair(s) still pass "
                "whatever their texts; `provenance baseline --upgrade` pins them"
            ),
            err=True,
        )
    click.echo(printable(f"{target}: accepted {entry.describe()} ({n} entr{'y' if n == 1 else 'ies'} in the file)"))


@main.command("serve")
@_index_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    metavar="ADDRESS",
    help="Address to listen on (beyond loopback: --token).",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option(
    "--token",
    envvar="PROVENANCE_SERVE_TOKEN",
    metavar="SECRET",
    help="A secret every request must carry (required off loopback; env PROVENANCE_SERVE_TOKEN).",
)
@click.option(
    "--archive",
    metavar="DIR",
    help="Folder 'add to archive' writes into (default: policy key folder, else the one folder the index holds).",
)
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="Checks run at once.")
@click.option(
    "--queue", default=16, show_default=True, type=click.IntRange(0, 10_000), help="Checks waiting before 503 busy."
)
@click.option(
    "--max-upload-bytes", default=2_000_000, show_default=True, type=click.IntRange(1), help="Largest upload (413)."
)
@click.option(
    "--max-text-chars", default=200_000, show_default=True, type=click.IntRange(1), help="Longest text (413)."
)
@_config_option
@_set_option
def serve_command(
    index_path: str | None,
    host: str,
    port: int,
    token: str | None,
    archive: str | None,
    workers: int,
    queue: int,
    max_upload_bytes: int,
    max_text_chars: int,
    config: str | None,
    sets: tuple[str, ...],
) -> None:
    """Start the reprint desk: a local web page to check an article against the archive.

    Paste or upload a text (.txt, .md, .html, a .jsonl line) and see the
    verdict by the policy, the archive articles it reuses, source → copy,
    and the two texts side by side; browse the archive's articles, clusters
    and spelling table; or POST /api/check. Reads the index `provenance index`
    builds (and may update meanwhile); nothing checked is stored unless added
    to the archive. Listens on 127.0.0.1 unless --host says otherwise, and
    then only with a --token. Needs the serve extra: in the project's
    folder, pip install '.[serve]'.

    \b
    Example:
      provenance serve --index .provenance/index.sqlite --port 8000
    """
    try:
        from .serve import Desk, DeskConfig, check_binding, serve
        from .serve.desk import NO_ARCHIVE, default_archive
    except ImportError as err:
        raise CommandError(
            f"the desk needs the serve extra ({err}): in the project's folder, pip install '.[serve]'"
        ) from None
    project = read_config(".", config=config)
    settings = _settings(project, sets)
    policy = Policy.from_config(project)
    check_binding(host, token)
    desk_config = DeskConfig(
        index=index_path or policy.index,
        archive=archive or default_archive(index_path or policy.index, settings, policy.folder),
        workers=workers,
        queue=queue,
        max_upload_bytes=max_upload_bytes,
        max_text_chars=max_text_chars,
    )
    with Desk(desk_config, settings, policy) as desk:
        if not desk.count():  # started all the same: "add to archive" fills it
            click.echo(
                printable(
                    f"provenance: warning: {desk_config.index}: the index holds no article, so every check "
                    f"passes; run `provenance index {desk_config.archive}` first"
                ),
                err=True,
            )
        if not Path(desk_config.archive).is_dir():  # said at the start, not only to the first editor adding
            click.echo(printable(f"provenance: warning: {desk_config.archive}: {NO_ARCHIVE}"), err=True)
        missing = desk.missing()
        if missing:
            click.echo(
                printable(
                    f"provenance: warning: {missing[0]}: indexed but not found from this folder; run the desk "
                    "where `provenance index` ran"
                ),
                err=True,
            )
        try:
            serve(desk, host=host, port=port, token=token, log=lambda line: click.echo(printable(line), err=True))
        except _Terminated:  # uvicorn stopped as asked, then passed SIGTERM on: a service's stop, not a failure
            click.echo("provenance: the desk stopped (SIGTERM)", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
