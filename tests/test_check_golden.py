"""Check goldens: a corpus of broken contracts and the exact diagnostics the checker gives for each.

Input: every `tests/check/NN-short-name.sla` (globbed at collection time). Each case is a small
contract with the mistakes its first line, a `#` comment, describes (the empty-file case alone has
no comment: it is empty).
Output: `tests/check/NN-short-name.out` holds the rendered diagnostics of
`check_file(source, "tests/check/NN-short-name.sla")`, separated by blank lines, as a person would
see them; run with `--update-goldens` to rewrite them (see tests/README.md).

Invariants: every case reports at least one diagnostic; the corpus as a whole reports every code of
`sladsl.codes.CODES`; a syntax error in several top-level clauses gives one error per clause; every
`.out` belongs to a `.sla`. Sources are read as bytes decoded from UTF-8, so the CRLF case keeps
its `\\r\\n` (tests/check/.gitattributes stops git from converting it).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from golden import assert_golden, read_text

from sladsl.checker import check_file
from sladsl.codes import CODES
from sladsl.diagnostics import Diagnostic, render

CASES_DIR = Path(__file__).resolve().parent / "check"
CASES = sorted(CASES_DIR.glob("*.sla"))
CASE_NAME = re.compile(r"\d{2}-[a-z0-9]+(-[a-z0-9]+)*")
EMPTY_CASE = "01-empty-file"
# Cases whose number of diagnostics is the point of the case.
EXPECTED_COUNTS = {
    "30-three-broken-clauses": 3,
    "31-two-broken-clauses-and-good-ones": 2,
}


def diagnose(path: Path) -> tuple[str, list[Diagnostic]]:
    source = read_text(path)
    return source, check_file(source, f"tests/check/{path.name}")


def rendered(path: Path) -> str:
    source, diagnostics = diagnose(path)
    return "\n\n".join(render(d, source) for d in diagnostics) + "\n"


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_check_golden(path: Path, update_goldens: bool) -> None:
    assert_golden(path.with_suffix(".out"), rendered(path), update_goldens)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_is_described_and_broken(path: Path) -> None:
    assert CASE_NAME.fullmatch(path.stem), f"{path.name}: name cases NN-short-name.sla"
    source, diagnostics = diagnose(path)
    if path.stem == EMPTY_CASE:
        assert source == ""
    else:
        assert source.startswith("# "), f"{path.name}: start with a `#` line saying what it tests"
    assert diagnostics, f"{path.name}: a broken contract must report something"


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 45


def test_corpus_covers_every_code() -> None:
    found = {d.code for path in CASES for d in diagnose(path)[1]}
    assert not set(CODES) - found, f"codes no case reports: {sorted(set(CODES) - found)}"
    assert found <= set(CODES), f"unregistered codes: {sorted(found - set(CODES))}"


@pytest.mark.parametrize("name", sorted(EXPECTED_COUNTS))
def test_syntax_errors_resynchronise(name: str) -> None:
    """After a syntax error the parser goes on at the next top-level clause: one error each."""
    _, diagnostics = diagnose(CASES_DIR / f"{name}.sla")
    assert [d.code for d in diagnostics] == ["SLA-E102"] * EXPECTED_COUNTS[name]


def test_no_orphan_outputs(update_goldens: bool) -> None:
    orphans = [o for o in sorted(CASES_DIR.glob("*.out")) if not o.with_suffix(".sla").exists()]
    if update_goldens:
        for orphan in orphans:
            orphan.unlink()
        return
    assert not orphans, f"outputs without a case (rerun with --update-goldens): {orphans}"
