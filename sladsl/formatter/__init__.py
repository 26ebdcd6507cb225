"""`sladsl fmt`'s stage: a contract's text -> the same contract in the canonical layout.

Input: the text of one contract file and the name to report it under. Output: a `Formatted`: the
canonical text, or (for a text with errors of reading: syntax errors, a reserved word as a name, a
statement given twice, two headers) no text and the diagnostics `sladsl check` reports for it.

The pipeline: `parser.parse(..., layout=True)` gives the AST and the layout (comments and
positions); `clauses` prints the AST back item by item, `comments` finds each comment's place,
`render` lays both out. docs/language.md, "Formatting contracts", describes the layout.

Invariants: the canonical text reads back as an equal AST with the same comments (checked on every
call: `FormatError` otherwise, and nothing is written); formatting is idempotent,
`format_source(text).text == text` for a canonical text; nothing here reads or writes files.
"""

from __future__ import annotations

from collections import Counter

import attrs

from sladsl.checker import check_file
from sladsl.diagnostics import Diagnostic
from sladsl.formatter.clauses import items
from sladsl.formatter.comments import attach
from sladsl.formatter.render import render
from sladsl.parser import parse

__all__ = ["FormatError", "Formatted", "format_source"]


class FormatError(Exception):
    """The canonical text would not read back as the same contract: a bug of the formatter."""


@attrs.frozen
class Formatted:
    text: str | None
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def ok(self) -> bool:
        return self.text is not None


def format_source(source: str, file: str = "<input>") -> Formatted:
    result = parse(source, file, layout=True)
    contract, layout = result.contract, result.layout
    if (
        contract is None
        or layout is None
        or any(d.is_error for d in result.diagnostics)
        or len(contract.header_spans) > 1
    ):
        return Formatted(None, tuple(check_file(source, file)))
    text = render(items(contract, layout), attach(layout))
    again = parse(text, file, layout=True)
    if again.contract != contract:
        raise FormatError(f"{file}: the formatted text would not mean the same")
    kept = Counter(c.text for c in again.layout.comments) if again.layout else Counter()
    if kept != Counter(c.text for c in layout.comments):
        raise FormatError(f"{file}: the formatted text would not keep every comment")
    return Formatted(text)
