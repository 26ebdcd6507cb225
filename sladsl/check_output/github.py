"""The `github` format: GitHub Actions workflow commands, one annotation per diagnostic.

Input: `CheckResults`. Output: one line per diagnostic,
`::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=SLA-E201::message` (`::warning` for a
warning), and nothing else; the message is followed by `hint: ...` on a second line when there is
one.

Invariants: values are escaped exactly as the actions toolkit does (`@actions/core`, command.ts):
the message by `escape_data` (`%`, CR, LF), property values by `escape_property` (also `:` and
`,`), so no diagnostic can end a command early or forge another. The file is relative to the
current directory (the workspace in a workflow), with `/`. Columns are sent only for a span on one
line, as the toolkit requires; a diagnostic about the whole file has no line. Span ends are
exclusive, as the ends of ruff's annotations are.
"""

from __future__ import annotations

from sladsl.check_output.results import CheckResults
from sladsl.diagnostics import Diagnostic


def escape_data(text: str) -> str:
    """A command's message: `%` -> `%25`, CR -> `%0D`, LF -> `%0A`."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: as `escape_data`, and `:` -> `%3A`, `,` -> `%2C`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(command: str, properties: dict[str, str | int | None], message: str) -> str:
    """`::command key=value,...::message`; empty values are left out, as the toolkit does."""
    pairs = [f"{key}={escape_property(str(value))}" for key, value in properties.items() if value]
    head = f"::{command} {','.join(pairs)}" if pairs else f"::{command}"
    return f"{head}::{escape_data(message)}"


def annotation(results: CheckResults, diagnostic: Diagnostic) -> str:
    span = diagnostic.span
    one_line = span is not None and span.end_line == span.line
    properties: dict[str, str | int | None] = {
        "file": results.relative_path(diagnostic.file),
        "line": span.line if span else None,
        "col": span.column if one_line and span else None,
        "endLine": span.end_line if span else None,
        "endColumn": span.end_column if one_line and span else None,
        "title": diagnostic.code,
    }
    message = diagnostic.message
    if diagnostic.hint:
        message += f"\nhint: {diagnostic.hint}"
    return workflow_command(results.severity(diagnostic).value, properties, message)


def format_github(results: CheckResults) -> str:
    return "".join(annotation(results, d) + "\n" for d in results.diagnostics)
