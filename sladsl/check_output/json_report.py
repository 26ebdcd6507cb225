"""The `json` format: every file with its diagnostics, and a summary, as one JSON object.

Input: `CheckResults`. Output: `{"files": [{"file", "diagnostics": [...]}], "summary": {"files",
"errors", "warnings"}}`, indented by two spaces, with a final newline; each diagnostic is
`Diagnostic.to_dict()` (`file`, `line`, `column`, `end_line`, `end_column`, `severity`, `code`,
`message`, `hint`).

Invariants: byte for byte the JSON `sladsl check --format json` printed before the other formats
(tests/test_cli.py); with `--warnings-as-errors` a warning's `severity` is `error` and the summary
counts it as one.
"""

from __future__ import annotations

import orjson

from sladsl.check_output.results import CheckResults


def format_json(results: CheckResults) -> str:
    files = []
    for checked in results.files:
        diagnostics = []
        for diagnostic in checked.diagnostics:
            entry = diagnostic.to_dict()
            entry["severity"] = results.severity(diagnostic).value
            diagnostics.append(entry)
        files.append({"file": checked.name, "diagnostics": diagnostics})
    payload = {
        "files": files,
        "summary": {
            "files": len(results.files),
            "errors": results.errors,
            "warnings": results.warnings,
        },
    }
    return orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
