"""The fields of the JSON report (interface.md section 3) that a contract test may state.

Input: none; constants. Output: for each part of the report, its comparable fields and the
Python type of their JSON value (`str` for decimal strings, durations, instants and names;
`bool`; `int` for the event counts).

Invariants: these follow `sladsl.evaluate.engine` and `sladsl.evaluate.run`; keys that address
an item (`name`, `ref`, `at`, `period`) and the lists (`objectives`, `remedies`, `breaches`) are
not fields. tests/test_contract_tests.py checks that every key of the scenarios' reports is
listed here, so a key the report gains shows up there first.
"""

from __future__ import annotations

from collections.abc import Mapping

FieldTypes = Mapping[str, type]

REPORT: FieldTypes = {"contract": str}
EVENT_COUNTS: FieldTypes = {"read": int, "accepted": int, "duplicates": int, "rejected": int}
PERIOD: FieldTypes = {"start": str, "end": str}
CREDIT_TOTAL: FieldTypes = {"percent": str, "amount": str, "currency": str}
OBJECTIVE: FieldTypes = {
    "kind": str,
    "service": str,
    "target": str,
    "actual": str,
    "met": bool,
    "downtime": str,
    "excluded": str,
}
BREACH: FieldTypes = {
    "level": str,
    "limit": str,
    "actual": str,
    "excess": str,
    "deadline": str,
    "open": bool,
}
REMEDY: FieldTypes = {
    "kind": str,
    "percent": str,
    "amount": str,
    "currency": str,
    "duration": str,
    "reason": str,
}
CLAIM: FieldTypes = {"period": str, "valid": bool, "reason": str}

# Keys that address an item or hold a list, per part of the report (not compared as values).
ADDRESSING = {
    "report": ("events", "rejected", "periods", "claims", "customers"),
    "rejected": ("file", "line", "reason"),
    "customer": ("customer", "periods", "claims"),
    "period": ("period", "objectives", "remedies", "credit_total"),
    "objective": ("name", "breaches"),
    "breach": ("ref",),
    "remedy": ("name",),
    "claim": ("at",),
}
