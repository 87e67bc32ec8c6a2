"""Reference sections of docs/ generated from the code, run by cog (cogapp).

``make docs`` (``cog -r -I docs docs/cli.md docs/settings.md``) rewrites the generated parts;
``tests/test_docs.py`` runs cog in check mode, so a setting, policy key or command option changed in
the code without ``make docs`` fails the tests.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import re
import textwrap
from typing import Any

import click

__all__ = ["cli_reference", "corpus_table", "policy_class", "policy_table", "settings_table", "synopsis"]

_WIDTH = 100
"""Help text width: fixed, so the generated text does not depend on the terminal that runs cog."""


def _main() -> click.Group:
    from provenance.cli import main

    return main


def _context(command: click.Command, name: str, parent: click.Context | None) -> click.Context:
    """The context the command runs in (its own settings, e.g. ``-h``), at the fixed width."""
    settings = {**command.context_settings, "terminal_width": _WIDTH, "max_content_width": _WIDTH}
    return click.Context(command, info_name=name, parent=parent, **settings)


def _help(command: click.Command, name: str, parent: click.Context | None) -> str:
    return command.get_help(_context(command, name, parent)).rstrip()


def cli_reference() -> str:
    """Every command's ``--help``, the group's first, as Markdown sections."""
    main = _main()
    root = _context(main, "provenance", None)
    parts = ["### `provenance`\n", "```text", _help(main, "provenance", None), "```\n"]
    for name in sorted(main.commands):
        parts += [f"### `provenance {name}`\n", "```text", _help(main.commands[name], name, root), "```\n"]
    return "\n".join(parts)


_METAVARS = {"INTEGER": "N", "FLOAT": "N", "DIRECTORY": "DIR", "INTEGER RANGE": "N"}
"""Click's names of a value's type as a synopsis shows them."""


def _synopsis_option(option: click.Option, context: click.Context) -> str:
    """One option as a synopsis shows it: ``[--quiet]``, ``[--format text|json]``, ``[--corpus DIR]...``."""
    flags = "|".join([option.opts[0], *option.secondary_opts])
    if option.is_flag:
        return f"[{flags}]"
    if isinstance(option.type, click.Choice):
        value = "|".join(map(str, option.type.choices))
    else:
        value = option.metavar or option.type.get_metavar(option, context) or option.type.name.upper()
        value = _METAVARS.get(value, value)
    if option.required:
        return f"{flags} {value}"
    return f"[{flags} {value}]" + ("..." if option.multiple else "")


def synopsis() -> str:
    """One line a command (in the order they are defined), its arguments and options, as a ``sh`` block:
    the policy options of ``check`` and ``gate`` as ``[POLICY OPTIONS]``, lines wrapped at the width."""
    from provenance.ci import Policy

    main = _main()
    root = _context(main, "provenance", None)
    policy = {f.name for f in dataclasses.fields(Policy)} - {"folder"}
    lines = []
    for name, command in main.commands.items():
        context = _context(command, name, root)
        words = [f"provenance {name}"]
        words += [p.make_metavar(context) for p in command.params if isinstance(p, click.Argument)]
        options = [p for p in command.params if isinstance(p, click.Option) and p.name not in ("help",)]
        if any(p.name in policy for p in options):
            first = next(n for n, p in enumerate(options) if p.name in policy)
            options = [p for p in options if p.name not in policy]
            words += [_synopsis_option(p, context) for p in options[:first]] + ["[POLICY OPTIONS]"]
            words += [_synopsis_option(p, context) for p in options[first:]]
        else:
            words += [_synopsis_option(p, context) for p in options]
        line = words[0]
        for word in words[1:]:
            if len(line.rsplit("\n", 1)[-1]) + 1 + len(word) > _WIDTH - 2:
                line += " \\\n   "
            line += " " + word
        lines.append(line)
    return "```sh\n" + "\n".join(lines) + "\n```\n"


def _attribute_docs(cls: type) -> list[tuple[str, str, str]]:
    """``(group, field, docstring)`` of a dataclass's fields, read from its source.

    The group is the ``# comment`` line standing right above a field, carried down to the
    fields after it ("" before the first one).
    """
    source = textwrap.dedent(inspect.getsource(cls))
    lines = source.splitlines()
    tree = ast.parse(source)
    body = tree.body[0]
    assert isinstance(body, ast.ClassDef)
    out: list[tuple[str, str, str]] = []
    group = ""
    for node, after in zip(body.body, [*body.body[1:], None], strict=True):
        if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)):
            continue
        above = lines[node.lineno - 2].strip() if node.lineno >= 2 else ""
        if above.startswith("#"):
            group = above.lstrip("# ").strip()
        doc = ""
        if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant) and isinstance(after.value.value, str):
            doc = after.value.value
        out.append((group, node.target.id, doc))
    return out


def _markdown(doc: str) -> str:
    """A docstring as one Markdown table cell: reST roles and literals as code, one line."""
    text = " ".join(doc.split())
    text = re.sub(r":(?:mod|func|class|meth|attr):`~?([^`]+)`", r"`\1`", text)
    text = text.replace("``", "`")
    return text.replace("|", "\\|")


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, str):
        return f"`{value}`" if value else "(empty)"
    if isinstance(value, tuple):  # as TOML writes an array
        return "`[" + ", ".join(f'"{v}"' for v in value) + "]`"
    return str(value)


def settings_table() -> str:
    """Every field of :class:`provenance.settings.Settings`: name, default and why, by group."""
    from provenance.settings import Settings

    defaults = {f.name: f.default for f in dataclasses.fields(Settings)}
    parts: list[str] = []
    group = None
    for field_group, name, doc in _attribute_docs(Settings):
        if field_group != group:
            group = field_group
            parts += ["", f"**{group}**", "", "| setting | default | why |", "| --- | --- | --- |"]
        parts.append(f"| `{name}` | {_value(defaults[name])} | {_markdown(doc)} |")
    return "\n".join(parts).lstrip("\n") + "\n"


def policy_class() -> type:
    """The gate's ``Policy`` class (:class:`provenance.ci.Policy`)."""
    from provenance.ci import Policy

    return Policy


def _options(key: str) -> str:
    """The ``check`` and ``gate`` options that set a policy key (``--fail-share``), by their flag."""
    main = _main()
    flag = "--" + key.replace("_", "-")
    where: dict[str, list[str]] = {}
    for command in ("check", "gate"):
        for param in main.commands[command].params:
            if isinstance(param, click.Option) and flag in param.opts:
                shown = "/".join([*param.opts, *param.secondary_opts])
                where.setdefault(shown, []).append(command)
    return ", ".join(f"`{opt}`" + ("" if len(cmds) == 2 else f" ({cmds[0]})") for opt, cmds in where.items())


def policy_table() -> str:
    """Every key of ``[tool.provenance.policy]``: option, default and meaning."""
    policy = policy_class()
    defaults = {f.name: f.default for f in dataclasses.fields(policy)}
    parts = ["| key | option | default | meaning |", "| --- | --- | --- | --- |"]
    for _group, name, doc in _attribute_docs(policy):
        parts.append(f"| `{name}` | {_options(name)} | {_value(defaults[name])} | {_markdown(doc)} |")
    return "\n".join(parts) + "\n"


def corpus_table() -> str:
    """Every key of ``[tool.provenance.corpus]``: default and meaning."""
    from provenance.io.load import CorpusRules

    defaults = {f.name: f.default for f in dataclasses.fields(CorpusRules)}
    parts = ["| key | default | meaning |", "| --- | --- | --- |"]
    for _group, name, doc in _attribute_docs(CorpusRules):
        if not name.startswith("_"):
            parts.append(f"| `{name}` | {_value(defaults[name])} | {_markdown(doc)} |")
    return "\n".join(parts) + "\n"
