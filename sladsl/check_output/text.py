"""The `text` format: diagnostics for people, with the source line, a caret underline and hints.

Input: `CheckResults`. Output: each diagnostic rendered by `sladsl.diagnostics.render` followed by
a blank line, then `N files checked: N errors, N warnings`.

Invariants: byte for byte what `sladsl check` printed before it had other formats (the README and
tests/test_cli.py pin it); a diagnostic shows its code's own severity, and the summary counts by it
too, saying so when `--warnings-as-errors` makes the warnings count as errors.
"""

from __future__ import annotations

from sladsl.check_output.results import CheckResults
from sladsl.diagnostics import render


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def format_text(results: CheckResults) -> str:
    blocks = [render(d, f.source) + "\n\n" for f in results.files for d in f.diagnostics]
    diagnostics = results.diagnostics
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    summary = (
        f"{_count(len(results.files), 'file')} checked: "
        f"{_count(errors, 'error')}, {_count(warnings, 'warning')}"
    )
    if warnings and results.warnings_as_errors:
        summary += " (warnings count as errors)"
    return "".join(blocks) + summary + "\n"
