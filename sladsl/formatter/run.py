"""`sladsl fmt`: from command-line arguments to rewritten files (or a list, or a diff) and a status.

Input: paths (files, or directories searched for `*.sla` as `sladsl check` does) and the flags
`--check` (write nothing, list what would change) and `--diff` (write nothing, print a unified
diff). Output: on standard output, the diffs, the `would reformat PATH` lines and a summary
(`2 files reformatted, 3 unchanged`); on standard error, the diagnostics of files that cannot be
formatted, rendered as `sladsl check` renders them. Exit status: 0 done (or, with `--check` or
`--diff`, nothing would change), 1 a file has errors or would change, 2 bad usage.

Invariants: every file is read before any is written; a file is written only when its text
changes, as UTF-8 with LF line ends (a file with CRLF line ends is rewritten with LF); a file with
errors is never written; bad input gives a one-line error or diagnostics, never a traceback.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

import click

from sladsl.diagnostics import render
from sladsl.files import files_for_command
from sladsl.formatter import FormatError, format_source
from sladsl.parser import UnreadableContract, read_utf8


def run_fmt(paths: Iterable[Path], check: bool, diff: bool) -> int:
    sources = _read(list(paths))
    dry = check or diff
    changed = unchanged = failed = 0
    for path, raw in sources:
        source = raw.replace("\r\n", "\n").replace("\r", "\n")  # as `sladsl check` reads it
        try:
            result = format_source(source, str(path))
        except FormatError as error:
            click.echo(f"{error}: not formatted (a bug of sladsl fmt, please report it)", err=True)
            failed += 1
            continue
        if result.text is None:
            for diagnostic in result.diagnostics:
                click.echo(render(diagnostic, source), err=True)
                click.echo(err=True)
            click.echo(f"{path}: not formatted: the contract has errors", err=True)
            failed += 1
            continue
        if result.text == raw:
            unchanged += 1
            continue
        changed += 1
        if diff:
            click.echo(unified_diff(raw, result.text, str(path)), nl=False)
        if check:
            click.echo(f"would reformat {path}")
        if not dry:
            path.write_bytes(result.text.encode("utf-8"))
    click.echo(_summary(changed, unchanged, failed, dry))
    return 1 if failed or (dry and changed) else 0


def _read(paths: list[Path]) -> list[tuple[Path, str]]:
    files = files_for_command(paths)
    sources: list[tuple[Path, str]] = []
    for path in files:
        try:
            sources.append((path, read_utf8(path)))
        except UnreadableContract as error:
            raise click.UsageError(str(error)) from None
    return sources


def unified_diff(before: str, after: str, name: str) -> str:
    """`--- NAME (original)` / `+++ NAME (formatted)` and the hunks; "" when nothing changes."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=name,
        tofile=name,
        fromfiledate="(original)",
        tofiledate="(formatted)",
    )
    out: list[str] = []
    for line in lines:
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


def _files(count: int) -> str:
    return f"{count} file{'' if count == 1 else 's'}"


def _summary(changed: int, unchanged: int, failed: int, dry: bool) -> str:
    done = "would be reformatted" if dry else "reformatted"
    summary = f"{_files(changed)} {done}, {unchanged} unchanged"
    if failed:
        summary += f", {_files(failed)} not formatted (errors)"
    return summary
