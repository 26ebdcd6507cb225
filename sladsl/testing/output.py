"""The results of contract tests -> what `sladsl test` prints.

Input: each test file's name and, per case, its name and its `compare.Difference`s (or why it
could not run). Output: text on a rich `Console`: the file's name, `PASS name` or `FAIL name`
per case, under a failing case a table of where, expected and actual value side by side (notes
under their row, after `= `), and at the end the summary `N passed, M failed`.

Invariants: names from test files are printed as text, never as rich markup; colour only where
the console is a terminal (rich's own detection, so never when piped, and never with NO_COLOR);
lines are not wrapped, so piped output has one row per line whatever the width.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
from rich.console import Console
from rich.text import Text

from sladsl.testing.compare import Difference

_INDENT = "      "
_HEADER = ("where", "expected", "actual")


@attrs.frozen
class CaseResult:
    name: str
    differences: tuple[Difference, ...] = ()
    not_run: str = ""  # why the case could not run

    @property
    def passed(self) -> bool:
        return not self.differences and not self.not_run


def console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def print_file(out: Console, path: str, contract_errors: Sequence[str] = ()) -> None:
    out.print(Text(path, style="bold"))
    if contract_errors:
        out.print(Text("  the contract has errors, so no case can run:", style="red"))
        for error in contract_errors:
            for line in error.splitlines():
                out.print(Text(f"    {line}"))


def print_case(out: Console, result: CaseResult) -> None:
    if result.passed:
        out.print(Text.assemble("  ", ("PASS", "bold green"), f" {result.name}"))
        return
    out.print(Text.assemble("  ", ("FAIL", "bold red"), f" {result.name}"))
    if result.not_run:
        out.print(Text(f"{_INDENT}not run: {result.not_run}"))
        return
    rows = [(" / ".join(d.path), d.expected, d.actual) for d in result.differences]
    widths = [max(len(row[i]) for row in [_HEADER, *rows]) for i in range(2)]

    def line(cells: tuple[str, str, str]) -> str:
        where, expected, actual = cells
        return f"{_INDENT}{where:<{widths[0]}}   {expected:<{widths[1]}}   {actual}".rstrip()

    out.print(Text(line(_HEADER), style="dim"))
    for row, difference in zip(rows, result.differences, strict=True):
        out.print(Text(line(row)))
        if difference.note:
            out.print(Text(f"{_INDENT}  = {difference.note}", style="dim"))


def print_summary(out: Console, results: Sequence[CaseResult]) -> None:
    failed = sum(not r.passed for r in results)
    passed = len(results) - failed
    style = "bold red" if failed else "bold green"
    out.print()
    out.print(Text(f"{passed} passed, {failed} failed", style=style))
