"""Regression tests for crashes of the parser and builder found by tests/test_properties.py.

Input: the minimal reproduction of each crash. Output: nothing; each test asserts that `parse`
returns (never raises) and reads the text as the language means it.

Invariants: one test per bug, named after what used to go wrong; the reproduction is kept as
small as the bug allows.
"""

from __future__ import annotations

import pytest

from sladsl import nodes as n
from sladsl.checker import check_file
from sladsl.parser import MAX_DEPTH, parse

HUGE = "9" * 4400  # longer than Python's 4300-digit limit for int(str)
HEADER = 'contract c "C" { currency USD }\n'


def _holiday(contract: n.Contract | None) -> n.Holiday:
    assert contract is not None
    calendar = contract.declarations[0]
    assert isinstance(calendar, n.Calendar)
    return calendar.holidays[0]


HEADER = 'contract d "D" { currency USD }\n'


def _codes(source: str) -> set[str]:
    return {d.code for d in check_file(source, "huge.sla")}


def test_day_of_month_longer_than_the_int_digit_limit() -> None:
    """`jan 999...9` raised ValueError (int(str) limit) from Builder.fixed_date."""
    result = parse(f'calendar c {{ zone UTC open mon-fri closed h "H" jan {HUGE} }}')
    assert result.ok, result.diagnostics
    rule = _holiday(result.contract).rule
    assert isinstance(rule, n.FixedDate)
    assert rule.day >= 10**9  # kept absurd, small enough to print
    assert "SLA-E403" in _codes(
        HEADER + f'calendar c {{ zone UTC open mon-fri closed h "H" jan {HUGE} }}'
    )


def test_ordinal_longer_than_the_int_digit_limit() -> None:
    """`999...9th mon of jan` raised ValueError from Builder.nth_weekday."""
    result = parse(f'calendar c {{ zone UTC open mon-fri closed h "H" {HUGE}th mon of jan }}')
    assert result.ok, result.diagnostics
    rule = _holiday(result.contract).rule
    assert isinstance(rule, n.NthWeekday)
    assert rule.n >= 10**9
    assert "SLA-E403" in _codes(
        HEADER + f'calendar c {{ zone UTC open mon-fri closed h "H" {HUGE}th mon of jan }}'
    )


def test_claims_ordinal_longer_than_the_int_digit_limit() -> None:
    """`opens after 999...9th open day` raised ValueError from Builder.opens_after_day."""
    result = parse(f"claims c {{ opens after {HUGE}th open day of 24x7 after period end }}")
    assert result.ok, result.diagnostics
    assert result.contract is not None
    claims = result.contract.declarations[0]
    assert isinstance(claims, n.Claims)
    assert claims.opens_after_day is not None
    assert claims.opens_after_day.n >= 10**9
    assert "SLA-E402" in _codes(
        HEADER
        + f"claims c {{ opens after {HUGE}th open day of 24x7 after period end"
        + " closes 2 months after period end }"
    )


def test_ordinary_numbers_are_unchanged() -> None:
    result = parse(
        'calendar c { zone UTC open mon-fri closed h "H" 3rd mon of feb closed i "I" jan 1 }'
    )
    assert result.ok, result.diagnostics
    assert result.contract is not None
    calendar = result.contract.declarations[0]
    assert isinstance(calendar, n.Calendar)
    assert [h.rule for h in calendar.holidays] == [
        n.NthWeekday(3, 0, 2, span=calendar.holidays[0].rule.span),
        n.FixedDate(1, 1, span=calendar.holidays[1].rule.span),
    ]


def _level_rule(condition: str) -> str:
    return (
        HEADER + f"service s\nseverities levels {{\n  service s\n  level P1 when {condition}\n}}\n"
    )


@pytest.mark.parametrize(
    "condition",
    [
        "not " * 10_000 + "x",
        "(not not " * 1_000 + "x" + ")" * 1_000,
        "not " * (MAX_DEPTH + 1) + "x",
    ],
    ids=["10000-nots", "parens-and-nots", "just-over-the-limit"],
)
def test_a_chain_of_nots_is_too_deep_not_a_recursion_error(condition: str) -> None:
    """`not not ... x` built a tree as deep as the chain: RecursionError in the builder."""
    result = parse(_level_rule(condition))
    assert not result.ok
    assert [d.code for d in result.diagnostics] == ["SLA-E106"]


def test_nots_that_do_not_nest_are_not_counted() -> None:
    terms = " and ".join(f"not x{i}" for i in range(3 * MAX_DEPTH))
    result = parse(_level_rule(terms))
    assert result.ok, result.diagnostics
