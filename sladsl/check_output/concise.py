"""The `concise` format: one line per diagnostic, `file:line:col: CODE message`, as ruff's.

Input: `CheckResults`. Output: one line per diagnostic and nothing else (a clean run prints
nothing); a diagnostic about the whole file (no position) is `file: CODE message`.

Invariants: files as given on the command line; lines and columns count from 1; hints and source
excerpts are left out, so each line stands alone for grep and editors' error parsers.
"""

from __future__ import annotations

from sladsl.check_output.results import CheckResults
from sladsl.diagnostics import Diagnostic


def concise_line(diagnostic: Diagnostic, file: str) -> str:
    """`file:line:col: CODE message`, or `file: CODE message` without a position."""
    span = diagnostic.span
    where = f"{file}:{span.line}:{span.column}" if span else file
    return f"{where}: {diagnostic.code} {diagnostic.message}"


def format_concise(results: CheckResults) -> str:
    return "".join(concise_line(d, f.name) + "\n" for f in results.files for d in f.diagnostics)
