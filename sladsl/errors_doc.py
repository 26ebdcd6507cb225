"""docs/errors.md, generated from the code registry so it cannot drift from the checker.

Input: `sladsl.codes.CODES`. Output: Markdown with, for every code, its summary, a failing
example and the exact output `sladsl check` gives for it.

Run `python -m sladsl.errors_doc > docs/errors.md` after changing a code or a message;
tests/test_codes.py fails while the file is stale.
"""

from __future__ import annotations

from sladsl.checker import check_file
from sladsl.codes import CODES, Severity
from sladsl.diagnostics import render
from sladsl.shown_text import pictured

_RANGES = {
    "1": "Syntax",
    "2": "Names",
    "3": "Types and units",
    "4": "Ranges",
    "5": "Coverage of rules and tables",
    "6": "Formulas",
    "7": "Calendars",
    "8": "Parameters",
    "9": "Clause structure",
}


def errors_doc() -> str:
    out = [
        "# Diagnostics",
        "",
        "Every problem `sladsl check` finds has a stable code: `SLA-E...` codes are errors "
        "(exit status 1), `SLA-W...` codes are warnings (exit status 0). Each is shown as",
        "",
        "```",
        "file:line:col: error: message [SLA-E201]",
        "   |",
        "12 | the source line",
        "   | ^~~~ under the part it is about",
        "  = hint: what to do about it, where one helps",
        "```",
        "",
        "This page is generated from `sladsl/codes.py` by `python -m sladsl.errors_doc`; each "
        "example below is checked by the test suite, and the output shown is what sladsl "
        "prints for it.",
        "",
    ]
    group = ""
    for code in CODES.values():
        digit = code.code[5]
        if digit != group:
            group = digit
            out += [f"## {_RANGES[digit]}", ""]
        severity = "warning" if code.severity is Severity.WARNING else "error"
        diagnostics = check_file(code.example, "example.sla")
        output = "\n\n".join(render(d, code.example) for d in diagnostics)
        out += [
            f"### {code.code} ({severity})",
            "",
            code.summary,
            "",
            "```sla",
            # Shown as a diagnostic shows it: a control character as its picture (`␛`).
            "\n".join(map(pictured, code.example.rstrip().split("\n"))),
            "```",
            "",
            "```text",
            output,
            "```",
            "",
        ]
    return "\n".join(out)


if __name__ == "__main__":
    print(errors_doc(), end="")
