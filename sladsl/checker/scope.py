"""What a contract declares, by name: built once per check, read by every pass.

Input: a `nodes.Contract` and its file name. Output: a `Scope` that answers "what is this name?",
"which severity levels apply to these services?" and makes diagnostics for the passes.

Invariants: the first declaration of a name wins (later ones are duplicates, reported by the names
pass); the scope never changes after it is built.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from typing import Any, cast

import attrs

from sladsl import nodes as n
from sladsl.diagnostics import Diagnostic, Span

KIND_WORDS: dict[type, str] = {
    n.Param: "parameter",
    n.Service: "service",
    n.Calendar: "calendar",
    n.Severities: "severity scheme",
    n.Exclusion: "exclusion",
    n.Availability: "availability objective",
    n.Metric: "metric objective",
    n.Timer: "timer",
    n.Count: "count",
    n.Remedy: "remedy",
    n.Cap: "cap",
    n.Claims: "claims clause",
    n.Obligation: "obligation",
    n.Clause: "clause",
}
OBJECTIVES = (n.Availability, n.Metric, n.Timer)
MAX_SUGGESTIONS = 200


def kind_word(declaration: object) -> str:
    return KIND_WORDS.get(type(declaration), type(declaration).__name__.lower())


@attrs.frozen
class Scope:
    contract: n.Contract
    file: str
    declared: dict[str, n.Declaration]
    by_type: dict[type, list[n.Declaration]]
    _suggestions: list[int] = attrs.field(factory=lambda: [0], eq=False, repr=False)

    @classmethod
    def of(cls, contract: n.Contract, file: str) -> Scope:
        declared: dict[str, n.Declaration] = {}
        by_type: dict[type, list[n.Declaration]] = {}
        for declaration in contract.declarations:
            declared.setdefault(declaration.name, declaration)
            by_type.setdefault(type(declaration), []).append(declaration)
        return cls(contract, file, declared, by_type)

    # ------------------------------------------------------------------ lookups
    def lookup(self, name: str) -> n.Declaration | None:
        return self.declared.get(name)

    def of_kind(self, *kinds: type) -> list[n.Declaration]:
        """Declarations of these node classes: by class, then in file order."""
        return [d for kind in kinds for d in self.by_type.get(kind, [])]

    def param(self, name: str) -> n.Param | None:
        found = self.declared.get(name)
        return found if isinstance(found, n.Param) else None

    @property
    def currency(self) -> str | None:
        header = self.contract.header
        return header.currency if header else None

    def schemes_for(self, services: Iterable[n.Ref]) -> list[n.Severities]:
        """The severity schemes that apply to tickets of these services (all, if none named)."""
        wanted = {s.name for s in services}
        schemes = [d for d in self.of_kind(n.Severities) if isinstance(d, n.Severities)]
        if not wanted:
            return schemes
        return [s for s in schemes if not s.services or wanted & {r.name for r in s.services}]

    def levels_for(self, services: Iterable[n.Ref]) -> dict[str, n.Level]:
        return {lv.name: lv for s in self.schemes_for(services) for lv in s.levels}

    # ------------------------------------------------------------------ reporting
    def diagnostic(
        self, code: str, message: str, span: Span | None, hint: str | None = None
    ) -> Diagnostic:
        return Diagnostic(code, message, span, self.file, hint)

    def suggest(self, name: str, candidates: Iterable[str]) -> str | None:
        """A "did you mean" hint; after MAX_SUGGESTIONS of them, none (each costs a scan of
        every candidate, which a file with thousands of typos would pay quadratically)."""
        if self._suggestions[0] >= MAX_SUGGESTIONS:
            return None
        self._suggestions[0] += 1
        close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
        return f"did you mean `{close[0]}`?" if close else None


# --------------------------------------------------------------------------- walking


def condition_atoms(condition: n.Condition | None) -> Iterator[n.Condition]:
    """The leaves of a condition (comparisons, flags...), without recursion limits to worry
    about: the parser refuses nesting deeper than 64 levels."""
    if condition is None:
        return
    if isinstance(condition, n.AllOf | n.AnyOf):
        for operand in condition.operands:
            yield from condition_atoms(operand)
    elif isinstance(condition, n.Not):
        yield from condition_atoms(condition.operand)
    else:
        yield condition


def conditions_of(declaration: n.Declaration) -> Iterator[n.Condition]:
    """Every condition a declaration holds, in source order."""
    if isinstance(declaration, n.Severities):
        yield from (lv.rule for lv in declaration.levels if lv.rule is not None)
    elif isinstance(declaration, n.Availability) and declaration.down_when is not None:
        yield declaration.down_when
    elif isinstance(declaration, n.Timer):
        if declaration.only_when is not None:
            yield declaration.only_when
        guards = {id(r.guard): r.guard for r in declaration.rows if r.guard is not None}
        yield from guards.values()
    elif isinstance(declaration, n.Count) and declaration.where is not None:
        yield declaration.where
    elif isinstance(declaration, n.Remedy) and declaration.trigger is not None:
        yield declaration.trigger


def walk(node: object) -> Iterator[object]:
    """Every node and value under `node` (itself included), depth first."""
    stack: list[object] = [node]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, tuple | list):
            stack.extend(reversed(item))
        elif attrs.has(type(item)):
            fields = attrs.fields(cast(Any, type(item)))
            stack.extend(reversed([getattr(item, f.name) for f in fields]))


def value_refs(value: n.Value | None) -> Iterator[n.Ref]:
    """Parameter references inside a value (a plain name, or a `by` table's parameter)."""
    if isinstance(value, n.Ref):
        yield value
    elif isinstance(value, n.ByTable):
        yield value.param
        for case in value.cases:
            yield from value_refs(case.value)
        yield from value_refs(value.otherwise)


def leaf_values(value: n.Value | None) -> Iterator[n.Value]:
    """The values a value may turn out to be: itself, or every row of a `by` table."""
    if value is None:
        return
    if isinstance(value, n.ByTable):
        for case in value.cases:
            yield from leaf_values(case.value)
        yield from leaf_values(value.otherwise)
    else:
        yield value
