"""`sladsl diff OLD NEW`: from command-line arguments to the changes and an exit status.

Input: the two contract files' paths and `--format` (`text`, `md`, `json`). Output: the changes on
standard output in that format; exit status 0 when the two mean the same, 1 when they differ, 2
when they cannot be compared: bad usage, a file that cannot be read (not UTF-8: named by line
and column, as `sladsl check` does), or a contract with errors. Files are read as `sladsl check`
reads them (`parser.read_contract`): a byte-order mark or CRLF line ends change nothing.
A contract with errors gets its diagnostics on standard error, shown as `sladsl check` shows them
(the file's warnings too), and a last line saying why nothing was compared.

Invariants: both files are read and checked before anything is compared; warnings do not stop a
diff and are not shown; bad input gives diagnostics or a one-line error, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from sladsl.check_output import CheckedFile, CheckResults, format_results
from sladsl.checker import parse_and_check
from sladsl.diagnostics import sort_diagnostics
from sladsl.diffing.changes import Change
from sladsl.diffing.compare import diff_contracts
from sladsl.diffing.json_output import format_json
from sladsl.diffing.markdown_output import format_markdown
from sladsl.diffing.text_output import format_text
from sladsl.nodes import Contract
from sladsl.parser import UnreadableContract, read_contract

FORMATS: dict[str, Callable[[str, str, list[Change]], str]] = {
    "text": format_text,
    "md": format_markdown,
    "json": format_json,
}
SAME, DIFFERENT, TROUBLE = 0, 1, 2


def run_diff(old_path: Path, new_path: Path, output_format: str) -> int:
    sources = [(str(path), _read(path)) for path in (old_path, new_path)]
    contracts: list[Contract] = []
    broken: list[CheckedFile] = []
    for name, source in sources:
        contract, diagnostics = parse_and_check(source, name)
        if contract is not None:
            contracts.append(contract)
        if contract is None or any(d.is_error for d in diagnostics):
            broken.append(CheckedFile(name, source, tuple(sort_diagnostics(diagnostics))))
    if broken:
        click.echo(format_results("text", CheckResults(tuple(broken))), nl=False, err=True)
        names = " and ".join(f.name for f in broken)
        click.echo(f"sladsl diff: {names}: fix the errors to compare the contracts", err=True)
        return TROUBLE
    old, new = contracts
    changes = diff_contracts(old, new)
    output = FORMATS[output_format](sources[0][0], sources[1][0], changes)
    sys.stdout.buffer.write(output.encode("utf-8"))
    sys.stdout.buffer.flush()
    return DIFFERENT if changes else SAME


def _read(path: Path) -> str:
    try:
        return read_contract(path)
    except UnreadableContract as error:
        if isinstance(error.os_error, FileNotFoundError):
            raise click.UsageError(f"no such file: {path}") from None
        if isinstance(error.os_error, IsADirectoryError):
            raise click.UsageError(f"{path} is a directory: give two contract files") from None
        raise click.UsageError(str(error)) from None
