"""The ``provenance`` command: parse, call the library, render, exit.

Exit codes: 0 success; 1 reuse beyond policy (``check``/``gate``, later);
2 usage or input error (one line on stderr, never a traceback).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .load import LoadError, load_file, load_folder
from .models import Document, LoadProblem
from .output import write_atomic
from .pipeline import compare, scan
from .report import (
    pair_to_dict,
    render_html,
    render_json,
    render_markdown,
    render_pair_html,
    render_pair_markdown,
    render_pair_text,
    result_to_dict,
)
from .report.text import printable
from .settings import Settings, SettingsError, load_settings

EXIT_OK = 0
EXIT_POLICY = 1
EXIT_ERROR = 2


class _Fail(click.ClickException):
    exit_code = EXIT_ERROR

    def show(self, file: Any = None) -> None:
        click.echo(f"provenance: error: {printable(self.message)}", err=True)


def _parse_sets(values: tuple[str, ...]) -> dict[str, Any]:
    import tomllib

    parsed: dict[str, Any] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise _Fail(f"--set {item!r}: expected KEY=VALUE")
        try:
            parsed[key.strip()] = tomllib.loads(f"v = {raw.strip()}")["v"]
        except tomllib.TOMLDecodeError:
            parsed[key.strip()] = raw.strip()
    return parsed


def _settings(config: str | None, sets: tuple[str, ...]) -> Settings:
    try:
        base = load_settings(".", config=config)
        if not sets:
            return base
        values = base.as_dict()
        values.update(_parse_sets(sets))
        return Settings.from_mapping(values, source="--set")
    except SettingsError as err:
        raise _Fail(str(err)) from None


def _warn(problems: list[LoadProblem] | tuple[LoadProblem, ...]) -> None:
    for problem in problems:
        click.echo(f"provenance: warning: {printable(problem.path)}: {problem.reason}; skipped", err=True)


def _note(documents: list[Document] | tuple[Document, ...]) -> None:
    for doc in documents:
        if doc.encoding is not None:
            click.echo(f"provenance: note: {printable(doc.path)}: not UTF-8; read as {doc.encoding}", err=True)


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="provenance")
def main() -> None:
    """Find reused text between news articles, what changed, and where it came from.

    \b
    Example:
      provenance scan seeds/ --out reports/
    """


@main.command("scan")
@click.argument("folder", default="seeds", type=click.Path(file_okay=False))
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
    default="markdown,json,html",
    show_default=True,
    help="Comma-separated outputs to write: markdown, json, html.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but warnings and errors.")
@_config_option
@_set_option
def scan_command(folder: str, out: str, formats: str, quiet: bool, config: str | None, sets: tuple[str, ...]) -> None:
    """Scan every article file in FOLDER (default: seeds) and write the reports.

    Reads .txt, .md, .html and .jsonl files (one article a line). Files (or JSONL
    lines) that are empty, binary or malformed are named on stderr and skipped;
    text that is not UTF-8 is read in a detected encoding, named on stderr.

    \b
    Example:
      provenance scan seeds/ --out reports/
    """
    wanted = {f.strip().lower() for f in formats.split(",") if f.strip()}
    unknown = wanted - {"markdown", "md", "json", "html"}
    if unknown:
        raise _Fail(f"--format: unknown format(s) {', '.join(sorted(unknown))} (use markdown, json, html)")
    settings = _settings(config, sets)
    try:
        documents, problems = load_folder(folder, max_bytes=settings.max_file_bytes)
    except LoadError as err:
        raise _Fail(str(err)) from None
    _warn(problems)
    _note(documents)
    if not documents:
        raise _Fail(f"{folder}: no readable article files")
    result = scan(documents, settings, problems=problems)
    outputs = []
    if wanted & {"markdown", "md"}:
        outputs.append((Path(out) / "provenance.md", render_markdown(result)))
    if "json" in wanted:
        outputs.append((Path(out) / "provenance.json", render_json(result_to_dict(result))))
    if "html" in wanted:
        outputs.append((Path(out) / "provenance.html", render_html(result)))
    written = []
    for target, text in outputs:
        try:
            write_atomic(target, text)
        except OSError as err:
            raise _Fail(f"{target}: cannot write: {err.strerror or err}") from None
        written.append(str(target))
    if not quiet:
        click.echo(
            f"{len(result.documents)} documents, {result.candidates} candidate pair(s), "
            f"{len(result.pairs)} reuse pair(s); wrote {', '.join(written)}"
        )


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

    Prints the comparison whatever the verdict; JSON output is one object shaped
    like an entry of "pairs" in provenance.json.

    \b
    Example:
      provenance compare seeds/000_c4d69d43826d85bd.txt seeds/001_d11848f0d9787346.txt
    """
    settings = _settings(config, sets)
    docs = []
    for path in (file_a, file_b):
        try:
            docs.append(load_file(path, max_bytes=settings.max_file_bytes))
        except LoadError as err:
            raise _Fail(f"{path}: {err}") from None
    _note(docs)
    from .pipeline import describe_document, prepare, set_aside

    (doc_a, doc_b), _ = set_aside([describe_document(prepare(d), settings) for d in docs], settings)
    result = compare(doc_a, doc_b, settings)
    if fmt == "html":
        sys.stdout.write(render_pair_html(result, doc_a, doc_b))
    elif fmt == "json":
        sys.stdout.write(render_json(pair_to_dict(result, doc_a, doc_b)))
    elif fmt == "markdown":
        sys.stdout.write(render_pair_markdown(result, doc_a, doc_b))
    else:
        sys.stdout.write(render_pair_text(result, doc_a, doc_b))


if __name__ == "__main__":  # pragma: no cover
    main()
