"""The diagnostic code registry: every code's example triggers it, and docs/errors.md is current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sladsl.checker import check_file
from sladsl.codes import CODES, Severity
from sladsl.errors_doc import errors_doc

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("code", list(CODES))
def test_example_reports_its_code(code: str) -> None:
    found = {d.code for d in check_file(CODES[code].example, "example.sla")}
    assert code in found


def test_codes_are_well_formed() -> None:
    for code, entry in CODES.items():
        assert re.fullmatch(r"SLA-[EW][1-9]\d\d", code), code
        assert entry.code == code
        expected = Severity.WARNING if code.startswith("SLA-W") else Severity.ERROR
        assert entry.severity is expected
        assert entry.summary.endswith(".")


def test_every_code_used_in_the_source_is_registered() -> None:
    used: set[str] = set()
    for path in (ROOT / "sladsl").rglob("*.py"):
        if path.name != "codes.py":
            used |= set(re.findall(r'"(SLA-[EW]\d{3})"', path.read_text(encoding="utf-8")))
    assert used, "no codes found in the source: the pattern is wrong"
    assert used <= set(CODES), sorted(used - set(CODES))
    assert set(CODES) <= used, f"registered but never reported: {sorted(set(CODES) - used)}"


def test_errors_doc_is_current() -> None:
    written = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert written == errors_doc(), "docs/errors.md is stale: python -m sladsl.errors_doc"
