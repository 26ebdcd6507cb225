"""Pass 7, formulas: per-unit formulas say how part units count, and fit their objective.

Codes: SLA-E601 (no rounding stated), SLA-E602 (more than one rounding), SLA-E603 (a shortfall that
does not fit its objective: `below target` of a timer, `over limit` of an availability).
"""

from __future__ import annotations

from collections.abc import Iterator

from sladsl import nodes as n
from sladsl.checker.scope import Scope
from sladsl.diagnostics import Diagnostic

ROUNDINGS = ("started", "full", "pro rata")


def run(scope: Scope) -> Iterator[Diagnostic]:
    for d in scope.contract.declarations:
        if not isinstance(d, n.Remedy):
            continue
        for formula in [d.formula, *(t.formula for t in d.tiers)]:
            if isinstance(formula, n.PerUnitShare | n.PerUnitRate):
                yield from _rounding(scope, formula)
            if isinstance(formula, n.PerUnitShare):
                yield from _shortfall(scope, formula.shortfall)
        if d.tiers and d.based_on is not None:
            target = scope.lookup(d.based_on.name)
            if isinstance(target, n.Timer):
                yield scope.diagnostic(
                    "SLA-E603",
                    f"tiers are bands of a measured value; timer `{target.name}` has none",
                    d.based_on.span,
                    hint="base tiers on an availability or metric objective",
                )


def _rounding(scope: Scope, formula: n.PerUnitShare | n.PerUnitRate) -> Iterator[Diagnostic]:
    step = getattr(formula.step, "text", "") or "unit"
    if not formula.rounding:
        yield scope.diagnostic(
            "SLA-E601",
            f"this formula does not say how a part of `{step}` counts",
            formula.span,
            hint=f"write `per started {step}` (every started unit counts), `per full {step}` "
            f"(only whole units count) or `per {step} pro rata`",
        )
    elif len(formula.rounding) > 1:
        yield scope.diagnostic(
            "SLA-E602",
            "this formula states two roundings: "
            + " and ".join(f"`{r}`" for r in formula.rounding),
            formula.span,
            hint="keep one of `started`, `full` or `pro rata`",
        )


def _shortfall(scope: Scope, shortfall: n.Shortfall) -> Iterator[Diagnostic]:
    objective = scope.lookup(shortfall.objective.name)
    if shortfall.kind == "below_target" and isinstance(objective, n.Timer):
        yield scope.diagnostic(
            "SLA-E603",
            f"`{objective.name}` is a timer: its shortfall is `over limit`, not `below target`",
            shortfall.span,
            hint=f"write `over limit of {objective.name}`",
        )
    elif shortfall.kind == "over_limit" and isinstance(objective, n.Availability | n.Metric):
        yield scope.diagnostic(
            "SLA-E603",
            f"`{objective.name}` has a target, not a limit: its shortfall is `below target`",
            shortfall.span,
            hint=f"write `below target of {objective.name}`",
        )
