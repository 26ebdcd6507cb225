"""The checker: an ordered list of passes over a parsed contract.

Input: a `nodes.Contract` from `sladsl.parser.parse`. Output: every diagnostic the passes find,
all at once, sorted by position.

Invariants: passes never raise on a contract the parser accepted; each pass only adds diagnostics
(it never changes the AST); the order of `PASSES` is the order of their concerns, not of output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sladsl.checker import (
    calendars,
    coverage,
    currency,
    formulas,
    names,
    params,
    ranges,
    structure,
    units,
)
from sladsl.checker.scope import Scope
from sladsl.diagnostics import Diagnostic, sort_diagnostics
from sladsl.nodes import Contract
from sladsl.parser import parse

Pass = Callable[[Scope], Iterable[Diagnostic]]
PASSES: list[Pass] = [
    structure.run,  # E207 E901 E903 E904 E905 W906 W907 E705: clauses have what they need
    names.run,  # E201 E202 W203 E204 E205 E206: names defined once, of the right kind, used
    currency.run,  # E305: the contract's currency is an ISO 4217 code amounts are written in
    units.run,  # E301 E302 E303: values of the right kind and currency
    ranges.run,  # E401 E402 E403: values within their range
    calendars.run,  # E701 E702 E703 E704: zones, hours, holidays
    params.run,  # E801 W802 E803 E304: parameters, choices, tables by parameter
    formulas.run,  # E601 E602 E603: per-unit formulas state their rounding and fit
    coverage.run,  # W501 W502 E503 W504: rules and tier tables without gaps or overlaps
]


def check(contract: Contract, file: str = "<input>") -> list[Diagnostic]:
    scope = Scope.of(contract, file)
    found: list[Diagnostic] = []
    for run in PASSES:
        found.extend(run(scope))
    return sort_diagnostics(found)


def parse_and_check(source: str, file: str = "<input>") -> tuple[Contract | None, list[Diagnostic]]:
    """The whole front end: the contract (None when the text does not parse) and the parser's
    diagnostics followed by the checker's (not sorted)."""
    result = parse(source, file)
    if result.contract is None:
        return None, list(result.diagnostics)
    return result.contract, [*result.diagnostics, *check(result.contract, file)]


def usable_contract(source: str, file: str = "<input>") -> tuple[Contract | None, list[Diagnostic]]:
    """The contract, if it parses and checks without errors (else None), and the errors that
    stop it, in the order found (none when it is usable): what `docs`, `eval` and `test` need
    before they use a contract."""
    contract, diagnostics = parse_and_check(source, file)
    errors = [d for d in diagnostics if d.is_error]
    return (None if errors else contract), errors


def check_file(source: str, file: str = "<input>") -> list[Diagnostic]:
    """Parse and, when the text parses, check: every diagnostic, sorted by place."""
    return sort_diagnostics(parse_and_check(source, file)[1])
