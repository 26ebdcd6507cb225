"""`sladsl docs`: contract files in, documents out (stdout or one file per contract).

Input: the CONTRACT arguments (files, or directories searched for `*.sla`), `-o DIR`, the format
(`md` or `html`) and the year whose holidays the documents list (with the next year's).
Output: each contract's document on standard output (one contract) or in `DIR/<file stem>.md`
(or `.html`); diagnostics of broken contracts on standard error; the exit status: 0 all
rendered, 1 a contract had errors (the others are still rendered), 2 bad usage (no contract,
several contracts without `-o`, an unreadable file, two contracts with the same file name).
Files are read as `sladsl check` reads them (`parser.read_contract`): a byte-order mark and CRLF
line ends change nothing in the document; bytes that are not UTF-8 are named by line and column.

Invariants: a broken contract gives its diagnostics and a one-line message, never a traceback;
a document is written whole or not at all (written to a temporary name, then renamed).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from sladsl.checker import usable_contract
from sladsl.diagnostics import render as render_diagnostic
from sladsl.files import files_for_command
from sladsl.parser import UnreadableContract, read_contract
from sladsl.render.environment import render
from sladsl.render.view import build_view


def run_docs(
    paths: tuple[Path, ...], out_dir: Path | None, output_format: str, year: int | None
) -> int:
    files = files_for_command(paths)
    if out_dir is None and len(files) > 1:
        raise click.UsageError(
            f"{len(files)} contracts given: write them to a folder with -o DIR (one file each)"
        )
    stems: dict[str, Path] = {}
    for path in files:
        if path.stem in stems and out_dir is not None:
            raise click.UsageError(
                f"{stems[path.stem]} and {path} would both be written to "
                f"{out_dir / (path.stem + '.' + output_format)}"
            )
        stems[path.stem] = path
    shown_year = year if year is not None else date.today().year
    status = 0
    for path in files:
        try:
            source = read_contract(path)
        except UnreadableContract as error:
            raise click.UsageError(str(error)) from None
        text = _document(path, source, output_format, shown_year)
        if text is None:
            status = 1
            continue
        if out_dir is None:
            sys.stdout.write(text)
        else:
            _write(out_dir / f"{path.stem}.{output_format}", text)
            click.echo(f"wrote {out_dir / (path.stem + '.' + output_format)}")
    return status


def _document(path: Path, source: str, output_format: str, year: int) -> str | None:
    contract, errors = usable_contract(source, str(path))
    if contract is None:
        for diagnostic in errors:
            click.echo(render_diagnostic(diagnostic, source), err=True)
        click.echo(f"{path}: the contract has errors; no document was made", err=True)
        return None
    view = build_view(contract, source, path.name, year)
    return render(view, output_format)


def _write(target: Path, text: str) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.partial")
        partial.write_text(text, encoding="utf-8", newline="\n")
        partial.replace(target)
    except OSError as error:
        raise click.UsageError(f"cannot write {target}: {error}") from None
