"""Pass 6, parameters: defaults that fit, choices that exist, tables by parameter that are whole.

Codes: SLA-E801 (a default that does not fit the parameter), SLA-W802 (a `by` table missing a
choice with no `else`), SLA-E803 (a `by` table over a parameter that is not a choice, or a choice
named twice), SLA-E304 (a value that is not one of the parameter's choices).
"""

from __future__ import annotations

from collections.abc import Iterator

from sladsl import nodes as n
from sladsl.checker.scope import Scope, condition_atoms, conditions_of, walk
from sladsl.checker.units import value_kind
from sladsl.diagnostics import Diagnostic


def run(scope: Scope) -> Iterator[Diagnostic]:
    for d in scope.contract.declarations:
        if isinstance(d, n.Param):
            yield from _param(scope, d)
        for table in (t for t in walk(d) if isinstance(t, n.ByTable)):
            yield from _table(scope, table)
        for condition in conditions_of(d):
            yield from _choices_tested(scope, condition)


def _param(scope: Scope, p: n.Param) -> Iterator[Diagnostic]:
    choices = [c.name for c in p.type.choices]
    seen: set[str] = set()
    for choice in p.type.choices:
        if choice.name in seen:
            yield scope.diagnostic(
                "SLA-E803", f"choice `{choice.name}` is listed twice", choice.span
            )
        seen.add(choice.name)
    if p.default is None:
        return
    if p.type.kind == "choice":
        if not isinstance(p.default, n.Ref) or p.default.name not in choices:
            shown = getattr(p.default, "name", None) or getattr(p.default, "text", "")
            yield scope.diagnostic(
                "SLA-E801",
                f"the default `{shown}` of `{p.name}` is not one of its choices",
                p.default.span,
                hint=scope.suggest(str(shown), choices) or "choices: " + ", ".join(choices),
            )
        return
    kind = value_kind(scope, p.default)
    if kind is not None and kind != p.type.kind:
        yield scope.diagnostic(
            "SLA-E801",
            f"the default of `{p.name}` must be a {p.type.kind}, not a {kind}",
            p.default.span,
        )


def _table(scope: Scope, table: n.ByTable) -> Iterator[Diagnostic]:
    param = scope.param(table.param.name)
    if param is None:
        return  # undefined or not a parameter: the names pass reports it
    if param.type.kind != "choice":
        yield scope.diagnostic(
            "SLA-E803",
            f"a `by` table needs a choice parameter; `{param.name}` is a {param.type.kind}",
            table.param.span,
            hint="declare it as `param plan: one of A | B`",
        )
        return
    choices = [c.name for c in param.type.choices]
    covered: set[str] = set()
    for case in table.cases:
        for choice in case.choices:
            if choice.name not in choices:
                yield _not_a_choice(scope, choice, param)
            elif choice.name in covered:
                yield scope.diagnostic(
                    "SLA-E803",
                    f"`{choice.name}` has two rows in this table",
                    choice.span,
                )
            covered.add(choice.name)
    missing = [c for c in choices if c not in covered]
    if missing and table.otherwise is None:
        yield scope.diagnostic(
            "SLA-W802",
            f"this table by `{param.name}` has no row for " + ", ".join(f"`{m}`" for m in missing),
            table.span,
            hint="add those rows, or an `else: ...` row",
        )


def _not_a_choice(scope: Scope, ref: n.Ref, param: n.Param) -> Diagnostic:
    choices = [c.name for c in param.type.choices]
    return scope.diagnostic(
        "SLA-E304",
        f"`{ref.name}` is not a choice of `{param.name}`",
        ref.span,
        hint=scope.suggest(ref.name, choices) or "choices: " + ", ".join(choices),
    )


def _choices_tested(scope: Scope, condition: n.Condition) -> Iterator[Diagnostic]:
    for atom in condition_atoms(condition):
        if not isinstance(atom, n.Compare | n.Member) or len(atom.fact.path) != 1:
            continue
        param = scope.param(atom.fact.path[0])
        if param is None or param.type.kind != "choice":
            continue
        values = (atom.value,) if isinstance(atom, n.Compare) else atom.values
        choices = {c.name for c in param.type.choices}
        for value in values:
            if isinstance(value, n.Ref) and value.name not in choices:
                yield _not_a_choice(scope, value, param)
