"""The `sarif` format: a SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers.

Input: `CheckResults` and the version of sladsl. Output: one SARIF log with one run: the tool
`sladsl` with one rule per diagnostic code that appears (its id the code, its summary from
`sladsl.codes` as `shortDescription`, a pointer to its section of docs/errors.md as `help`, its
own severity as the default level), and one result per diagnostic (rule, level, message and hint,
the file relative to `%SRCROOT%`, the region).

Invariants: it validates against the OASIS SARIF 2.1.0 schema (tests/data/); it is deterministic:
a fixed key order, rules sorted by code, results in check order, no timestamps and no absolute
paths for files under the current directory (a file outside it is an absolute `file:` URI with no
`uriBaseId`). Columns count Unicode code points (`columnKind`) and a region's end is exclusive, as
SARIF's `endColumn` is. A diagnostic about the whole file (no position) points at line 1. With
`--warnings-as-errors` a warning's result level is `error`; its rule keeps `warning` as default.
"""

from __future__ import annotations

from typing import Any

import orjson

from sladsl.check_output.results import CheckResults
from sladsl.codes import CODES
from sladsl.diagnostics import Diagnostic

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"


def errors_doc_anchor(code: str) -> str:
    """The anchor of a code's section in docs/errors.md (`### SLA-E201 (error)`)."""
    return f"{code.lower()}-{CODES[code].severity.value}"


def _rule(code: str) -> dict[str, Any]:
    entry = CODES[code]
    return {
        "id": code,
        "shortDescription": {"text": entry.summary},
        "help": {
            "text": f"docs/errors.md#{errors_doc_anchor(code)} shows a contract that gives {code} "
            "and what sladsl prints for it."
        },
        "defaultConfiguration": {"level": entry.severity.value},
    }


def _location(results: CheckResults, diagnostic: Diagnostic) -> dict[str, Any]:
    uri, under_root = results.uri(diagnostic.file)
    artifact: dict[str, Any] = {"uri": uri}
    if under_root:
        artifact["uriBaseId"] = SRCROOT
    span = diagnostic.span
    region: dict[str, Any] = (
        {
            "startLine": span.line,
            "startColumn": span.column,
            "endLine": span.end_line,
            "endColumn": span.end_column,
        }
        if span
        else {"startLine": 1}
    )
    return {"physicalLocation": {"artifactLocation": artifact, "region": region}}


def _result(results: CheckResults, diagnostic: Diagnostic, rule_index: int) -> dict[str, Any]:
    message = diagnostic.message
    if diagnostic.hint:
        message += f"\nhint: {diagnostic.hint}"
    return {
        "ruleId": diagnostic.code,
        "ruleIndex": rule_index,
        "level": results.severity(diagnostic).value,
        "message": {"text": message},
        "locations": [_location(results, diagnostic)],
    }


def sarif_log(results: CheckResults, version: str) -> dict[str, Any]:
    """The SARIF log as plain data."""
    codes = sorted({d.code for d in results.diagnostics})
    index = {code: i for i, code in enumerate(codes)}
    driver = {"name": "sladsl", "version": version, "rules": [_rule(code) for code in codes]}
    run = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "results": [_result(results, d, index[d.code]) for d in results.diagnostics],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def format_sarif(results: CheckResults, version: str) -> str:
    return orjson.dumps(sarif_log(results, version), option=orjson.OPT_INDENT_2).decode() + "\n"
