"""Pass 8, coverage: classification rules and tier tables leave no gaps and hide no rows.

Codes: SLA-W501 (values no severity rule classifies), SLA-W502 (a rule that earlier rules always
pre-empt: first match wins), SLA-E503 (two tiers that both cover a value), SLA-W504 (a shortfall no
tier covers), SLA-E505 (a tier that pays although the target is met), SLA-W506 (a timer row that
an earlier row for the same tickets always pre-empts: the first row that applies wins).

Method: the rules compare one number with constants, so their truth can only change at those
constants. Testing each constant and one point between each pair of neighbours decides coverage
exactly, without interval algebra. A timer's `when` blocks test choice parameters: trying every
combination of their choices decides which rows can apply; a guard on anything else is taken to
hold sometimes, never always.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal

from sladsl import nodes as n
from sladsl.checker.scope import Scope, condition_atoms
from sladsl.diagnostics import Diagnostic

Predicate = Callable[[Decimal], bool]
_OPS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}
_NUMERIC_FACTS = {("affected",), ("outage", "affected")}


def run(scope: Scope) -> Iterator[Diagnostic]:
    for d in scope.contract.declarations:
        if isinstance(d, n.Severities):
            yield from _severities(scope, d)
        elif isinstance(d, n.Remedy) and d.tiers:
            yield from _tiers(scope, d)
        elif isinstance(d, n.Timer) and len(d.rows) > 1:
            yield from _timer_rows(scope, d)


# --------------------------------------------------------------------------- evaluation


def _constant(value: n.Value) -> Decimal | None:
    if isinstance(value, n.Percent | n.Number):
        return value.value
    return None


def _predicate(condition: n.Condition, constants: list[Decimal]) -> Predicate | None:
    """A function of the tested number, or None if the condition tests anything else."""
    if isinstance(condition, n.Compare):
        bound = _constant(condition.value)
        if condition.fact.path not in _NUMERIC_FACTS or bound is None:
            return None
        constants.append(bound)
        op = _OPS[condition.op]
        return lambda x: op(x, bound)
    if isinstance(condition, n.Member):
        members = [_constant(v) for v in condition.values]
        if condition.fact.path not in _NUMERIC_FACTS or None in members:
            return None
        allowed = {m for m in members if m is not None}
        constants.extend(allowed)
        return lambda x: x in allowed
    if isinstance(condition, n.Not):
        inner = _predicate(condition.operand, constants)
        return None if inner is None else (lambda x: not inner(x))
    if isinstance(condition, n.AllOf | n.AnyOf):
        parts = [_predicate(c, constants) for c in condition.operands]
        if any(p is None for p in parts):
            return None
        ok = [p for p in parts if p is not None]
        combine = all if isinstance(condition, n.AllOf) else any
        return lambda x: combine(p(x) for p in ok)
    return None


def _samples(constants: Sequence[Decimal], low: Decimal, high: Decimal) -> list[Decimal]:
    """Every constant in [low, high] and one point strictly between each pair of neighbours."""
    points = sorted({c for c in constants if low <= c <= high} | {low, high})
    samples: list[Decimal] = []
    for a, b in itertools.pairwise(points):
        samples += [a, (a + b) / 2]
    return [*samples, points[-1]]


def _describe(group: list[Decimal], constants: set[Decimal], what: str, unit: str) -> str:
    """`exactly 50%`, or bounds such as `50% < affected < 60%` (strict where a gap is open)."""

    def shown(x: Decimal) -> str:
        return f"{x.normalize():f}{unit}"

    first, last = group[0], group[-1]
    if len(group) == 1 and first in constants:
        return f"exactly {shown(first)}"
    if first in constants:
        low = f"{shown(first)} <= "
    else:
        low = f"{shown(max(c for c in constants if c < first))} < "
    if last in constants:
        high = f" <= {shown(last)}"
    else:
        high = f" < {shown(min(c for c in constants if c > last))}"
    return f"{low}{what}{high}"


def _groups(samples: list[Decimal], keep: Callable[[Decimal], bool]) -> list[list[Decimal]]:
    groups: list[list[Decimal]] = []
    run: list[Decimal] = []
    for x in samples:
        if keep(x):
            run.append(x)
        elif run:
            groups.append(run)
            run = []
    if run:
        groups.append(run)
    return groups


# --------------------------------------------------------------------------- severities


def _severities(scope: Scope, scheme: n.Severities) -> Iterator[Diagnostic]:
    ruled = [lv for lv in scheme.levels if lv.rule is not None]
    if not ruled:
        return
    constants: list[Decimal] = []
    predicates: list[tuple[n.Level, Predicate]] = []
    for level in ruled:
        assert level.rule is not None
        predicate = _predicate(level.rule, constants)
        if predicate is None:
            return  # rules on words (categories) or several facts: nothing to decide here
        predicates.append((level, predicate))
    samples = _samples(constants, Decimal(0), Decimal(100))
    covered: set[Decimal] = set()
    for level, predicate in predicates:
        matches = {x for x in samples if predicate(x)}
        if not matches - covered:
            yield scope.diagnostic(
                "SLA-W502",
                f"level `{level.name}` can never be chosen: "
                + ("its rule matches no value" if not matches else "earlier rules match first"),
                level.name_span,
                hint="rules are tried in order and the first match wins",
            )
        covered |= matches
    gaps = _groups(samples, lambda x: x not in covered)
    constant_set = set(constants) | {Decimal(0), Decimal(100)}
    for gap in gaps:
        yield scope.diagnostic(
            "SLA-W501",
            f"no level of `{scheme.name}` classifies affected "
            f"{_describe(gap, constant_set, 'affected', '%')}",
            scheme.name_span,
            hint="such a ticket gets no severity from the rules: the event must name one",
        )


# --------------------------------------------------------------------------- tiers


def _tiers(scope: Scope, remedy: n.Remedy) -> Iterator[Diagnostic]:
    objective = scope.lookup(remedy.based_on.name) if remedy.based_on else None
    constants: list[Decimal] = []
    rows: list[tuple[n.Tier, Predicate]] = []
    for tier in remedy.tiers:
        bounds = [(b.op, _constant(b.value)) for b in tier.bounds]
        if any(v is None for _, v in bounds):
            return
        fixed = [(op, v) for op, v in bounds if v is not None]
        constants.extend(v for _, v in fixed)
        rows.append((tier, _all_bounds(fixed)))
    unit = "%" if isinstance(objective, n.Availability) else ""
    target = _target_of(objective)
    high = target if target is not None else max(constants, default=Decimal(0))
    samples = _samples(constants, Decimal(0), high)
    if target is not None:
        samples = [x for x in samples if x < target]
    reported: set[int] = set()
    for x in samples:
        hits = [tier for tier, predicate in rows if predicate(x)]
        if len(hits) > 1 and id(hits[1]) not in reported:
            reported.add(id(hits[1]))
            yield scope.diagnostic(
                "SLA-E503",
                f"this tier and the one on line {hits[0].span.line if hits[0].span else '?'} "
                f"both cover {x.normalize():f}{unit}",
                hits[1].span,
                hint="let bounds meet without overlap: `< 99%` in one tier, `>= 99%` in the next",
            )
    if target is None:
        return
    for tier, predicate in rows:
        if predicate(target):
            yield scope.diagnostic(
                "SLA-E505",
                f"this tier pays when `{objective.name if objective else 'the value'}` is "
                f"{target.normalize():f}{unit}, where its target is met",
                tier.span,
                hint=f"tiers cover values below the target: add `< {target.normalize():f}{unit}`",
            )
    constant_set = set(constants) | {Decimal(0), target}
    for gap in _groups(samples, lambda x: not any(p(x) for _, p in rows)):
        yield scope.diagnostic(
            "SLA-W504",
            f"no tier of `{remedy.name}` covers "
            f"{_describe(gap, constant_set, objective.name if objective else 'value', unit)}",
            remedy.name_span,
            hint="add a tier for those values, or widen a neighbour",
        )


def _all_bounds(bounds: list[tuple[str, Decimal]]) -> Predicate:
    return lambda x: all(_OPS[op](x, v) for op, v in bounds)


def _target_of(objective: n.Declaration | None) -> Decimal | None:
    """The objective's target when shortfall lies below it (availability, `>=` metrics)."""
    if isinstance(objective, n.Availability) and isinstance(objective.target, n.Percent):
        return objective.target.value
    if (
        isinstance(objective, n.Metric)
        and objective.target is not None
        and objective.target.op in (">=", ">")
    ):
        return _constant(objective.target.value)
    return None


# --------------------------------------------------------------------------- timer rows

_MAX_CHOICES = 4096  # combinations of choice parameters tried; past that, no verdict
Choices = dict[str, str]


def _timer_rows(scope: Scope, timer: n.Timer) -> Iterator[Diagnostic]:
    """A row is chosen for a ticket when it is the first, in the order written, for the ticket's
    level or for every level whose guard holds (docs/semantics.md, Timers): a row that such an
    earlier row pre-empts under every choice for which its own guard may hold never applies."""
    combinations = _choice_combinations(scope, timer.rows)
    if combinations is None:
        return
    for index, row in enumerate(timer.rows):
        earlier = [
            e
            for e in timer.rows[:index]
            if e.level is None or (row.level is not None and e.level.name == row.level.name)
        ]
        if not earlier or any(_same_key(e, row) for e in earlier):
            continue  # no row before it for these tickets, or two rows in one block: SLA-E904
        first: n.TimerRow | None = None
        for choices in combinations:
            if _guard_holds(scope, row.guard, choices) is False:
                continue
            winner = next((e for e in earlier if _guard_holds(scope, e.guard, choices)), None)
            if winner is None:
                break  # the row applies under these choices
            first = first or winner
        else:
            if first is not None:
                yield _shadowed(scope, timer, row, first)


def _same_key(a: n.TimerRow, b: n.TimerRow) -> bool:
    same_level = (a.level.name if a.level else None) == (b.level.name if b.level else None)
    return same_level and a.guard == b.guard


def _shadowed(scope: Scope, timer: n.Timer, row: n.TimerRow, first: n.TimerRow) -> Diagnostic:
    line = first.span.line if first.span else "?"
    who = f"tickets of level `{row.level.name}`" if row.level else "every ticket"
    if row.guard is not None and first.guard is None:
        hint = f"the first row that applies wins: put the `when` block before line {line}"
    elif row.level is not None and first.level is None:
        hint = f"the first row that applies wins: put the `{row.level.name}` row before line {line}"
    else:
        hint = "the first row that applies wins: remove this row, or move it before that one"
    return scope.diagnostic(
        "SLA-W506",
        f"this row of timer `{timer.name}` can never apply: the row on line {line} applies to "
        f"{who} first",
        row.span,
        hint=hint,
    )


def _choice_params(scope: Scope, condition: n.Condition | None) -> set[str]:
    found: set[str] = set()
    for atom in condition_atoms(condition):
        if isinstance(atom, n.Compare | n.Member) and len(atom.fact.path) == 1:
            param = scope.param(atom.fact.path[0])
            if param is not None and param.type.kind == "choice":
                found.add(param.name)
    return found


def _choice_combinations(scope: Scope, rows: Sequence[n.TimerRow]) -> list[Choices] | None:
    """Every combination of the choices of the parameters the rows' guards test (one empty
    combination when they test none); None when there are too many to try."""
    names = sorted(set().union(*(_choice_params(scope, r.guard) for r in rows)))
    options: list[list[str]] = []
    for name in names:
        param = scope.param(name)
        assert param is not None
        options.append([c.name for c in param.type.choices])
    total = 1
    for choices in options:
        total *= len(choices)
    if total > _MAX_CHOICES:
        return None
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*options)]


def _guard_holds(scope: Scope, guard: n.Condition | None, choices: Choices) -> bool | None:
    """Whether a guard holds for these choices; None when it tests something else."""
    if guard is None:
        return True
    if isinstance(guard, n.Not):
        inner = _guard_holds(scope, guard.operand, choices)
        return None if inner is None else not inner
    if isinstance(guard, n.AllOf | n.AnyOf):
        parts = [_guard_holds(scope, c, choices) for c in guard.operands]
        if isinstance(guard, n.AllOf):
            return False if False in parts else (None if None in parts else True)
        return True if True in parts else (None if None in parts else False)
    if isinstance(guard, n.Compare | n.Member) and len(guard.fact.path) == 1:
        chosen = choices.get(guard.fact.path[0])
        values = (guard.value,) if isinstance(guard, n.Compare) else guard.values
        if chosen is None or not all(isinstance(v, n.Ref) for v in values):
            return None
        named = {v.name for v in values if isinstance(v, n.Ref)}
        if isinstance(guard, n.Member) or guard.op == "=":
            return chosen in named
        if guard.op == "!=":
            return chosen not in named
    return None
