"""Diagnostics: what every stage reports about a contract, and how it is shown to people.

Input: a position in a source file (a `Span`) plus a stable code and a message.
Output: `Diagnostic` values, rendered as text in interface.md's `file:line:col: severity:
message` form with the code last, as mypy puts it (`file:line:col: error: message [SLA-E123]`),
followed by the source line and a caret underline; or as plain dicts for JSON.

Invariants: lines and columns count from 1; a span's end is exclusive; diagnostics sort by
(file, line, column, code) so output is stable whatever order the passes found them in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from sladsl.codes import CODES, Severity
from sladsl.shown_text import pictured

__all__ = ["Diagnostic", "Severity", "Span", "render", "render_all", "sort_diagnostics"]


@attrs.frozen(order=True)
class Span:
    """A region of one source file: 1-based line/column, end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int, column: int) -> Span:
        return cls(line, column, line, column + 1)


@attrs.frozen
class Diagnostic:
    """One problem found in a contract. `code` is a key of `sladsl.codes.CODES`."""

    code: str
    message: str
    span: Span | None
    file: str = "<input>"
    hint: str | None = None

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        if self.span is None:
            return (self.file, 0, 0, self.code)
        return (self.file, self.span.line, self.span.column, self.code)

    def to_dict(self) -> dict[str, object]:
        span = self.span
        return {
            "file": self.file,
            "line": span.line if span else None,
            "column": span.column if span else None,
            "end_line": span.end_line if span else None,
            "end_column": span.end_column if span else None,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by position, with exact repeats removed."""
    unique = {(d.file, d.span, d.code, d.message): d for d in diagnostics}
    return sorted(unique.values(), key=Diagnostic.sort_key)


def render(diagnostic: Diagnostic, source: str | None) -> str:
    """`file:line:col: error: message [CODE]`, the source line, a caret underline, a hint."""
    span = diagnostic.span
    where = f"{diagnostic.file}:{span.line}:{span.column}" if span else diagnostic.file
    head = f"{where}: {diagnostic.severity.value}: {diagnostic.message} [{diagnostic.code}]"
    lines = [head]
    if span is not None and source is not None:
        lines.extend(_excerpt(span, source.split("\n")))
    if diagnostic.hint:
        lines.append(f"  = hint: {diagnostic.hint}")
    return "\n".join(lines)


def _excerpt(span: Span, source_lines: Sequence[str]) -> list[str]:
    if not 1 <= span.line <= len(source_lines):
        return []
    text = pictured(source_lines[span.line - 1].rstrip("\r").expandtabs(1))
    number = str(span.line)
    gutter = " " * len(number)
    start = max(span.column - 1, 0)
    if span.end_line == span.line:
        end = max(span.end_column - 1, start + 1)
    else:
        end = max(len(text.rstrip()), start + 1)
    marker = " " * start + "^" + "~" * (end - start - 1)
    return [f"{gutter} |", f"{number} | {text}", f"{gutter} | {marker}"]


def render_all(diagnostics: Sequence[Diagnostic], sources: dict[str, str]) -> str:
    return "\n".join(render(d, sources.get(d.file)) for d in diagnostics)
