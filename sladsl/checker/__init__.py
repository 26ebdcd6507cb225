"""The checker: an ordered list of passes over a parsed contract.

Input: a `nodes.Contract` from `sladsl.parser.parse`. Output: every diagnostic the passes find,
all at once, sorted by position.

Invariants: passes never raise on a contract the parser accepted; each pass only adds diagnostics
(it never changes the AST); the order of `PASSES` is the order of their concerns, not of output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sladsl.checker.scope import Scope
from sladsl.diagnostics import Diagnostic, sort_diagnostics
from sladsl.nodes import Contract
from sladsl.parser import parse

Pass = Callable[[Scope], Iterable[Diagnostic]]
PASSES: list[Pass] = []


def check(contract: Contract, file: str = "<input>") -> list[Diagnostic]:
    scope = Scope.of(contract, file)
    found: list[Diagnostic] = []
    for run in PASSES:
        found.extend(run(scope))
    return sort_diagnostics(found)


def check_file(source: str, file: str = "<input>") -> list[Diagnostic]:
    """Parse and, when the text parses, check: the whole front end in one call."""
    result = parse(source, file)
    if result.contract is None:
        return list(result.diagnostics)
    return sort_diagnostics([*result.diagnostics, *check(result.contract, file)])
