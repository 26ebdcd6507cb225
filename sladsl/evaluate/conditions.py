"""Values and conditions of a contract, made concrete for one run (its parameters).

Input: AST values and conditions, the run's `Params`, and the calendars by name.
Output: `resolve(value)`, the literal a value stands for (a parameter's value, a `by` table's
row); `compile_condition(condition)`, a closure `Facts -> bool` built once, so evaluating an
event never walks the AST again.

Invariants: nothing is `eval`-ed; a comparison with a fact that an event does not have is false
(so `not` of it is true); `affected` facts are percentages (an event's fraction 0.6 is 60%).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Protocol

from sladsl import nodes as n
from sladsl.business_time import BusinessCalendar
from sladsl.evaluate.params import Params

Literal = n.Percent | n.Duration | n.Money | n.Number | n.Text | n.Ref
COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


class Facts(Protocol):
    """What a condition may ask about the thing it judges (a ticket, an outage, a period)."""

    def fact(self, path: tuple[str, ...]) -> object | None: ...

    def opened_at(self) -> datetime | None: ...

    def is_met(self, objective: str) -> bool | None: ...

    def flag(self, name: str) -> bool: ...


Predicate = Callable[[Facts], bool]


class NoFacts:
    """A `Facts` that knows nothing: subclasses override what their thing can tell."""

    __slots__ = ()

    def fact(self, path: tuple[str, ...]) -> object | None:
        return None

    def opened_at(self) -> datetime | None:
        return None

    def is_met(self, objective: str) -> bool | None:
        return None

    def flag(self, name: str) -> bool:
        return False


class Resolver:
    """Turns AST values into literals under one run's parameters."""

    def __init__(self, params: Params, calendars: Mapping[str, BusinessCalendar]) -> None:
        self.params = params
        self.calendars = calendars

    def resolve(self, value: n.Value | None) -> Literal | None:
        if value is None or isinstance(value, n.Percent | n.Duration | n.Money | n.Number):
            return value
        if isinstance(value, n.ByTable):
            choice = self.params.get(value.param.name)
            chosen = choice.name if isinstance(choice, n.Ref) else None
            for case in value.cases:
                if any(c.name == chosen for c in case.choices):
                    return self.resolve(case.value)
            return self.resolve(value.otherwise)
        if isinstance(value, n.Ref):
            given = self.params.get(value.name)
            return value if given is None else given
        return value

    def calendar(self, ref: n.Ref | None) -> BusinessCalendar:
        return BusinessCalendar.always() if ref is None else self.calendars[ref.name]

    # ------------------------------------------------------------------ conditions
    def compile_condition(self, condition: n.Condition | None) -> Predicate:
        if condition is None:
            return lambda facts: True
        if isinstance(condition, n.AllOf):
            return _all_of([self.compile_condition(c) for c in condition.operands])
        if isinstance(condition, n.AnyOf):
            return _any_of([self.compile_condition(c) for c in condition.operands])
        if isinstance(condition, n.Not):
            inner = self.compile_condition(condition.operand)
            return lambda facts: not inner(facts)
        if isinstance(condition, n.Compare):
            return self._compare(condition.fact, condition.op, [condition.value])
        if isinstance(condition, n.Member):
            return self._compare(condition.fact, "in", list(condition.values))
        if isinstance(condition, n.OpenedOutside):
            calendar = self.calendar(condition.calendar)
            inside = condition.inside

            def opened(facts: Facts) -> bool:
                at = facts.opened_at()
                return at is not None and calendar.is_open(at) == inside

            return opened
        if isinstance(condition, n.IsMet):
            name, met = condition.objective.name, condition.met
            return lambda facts: facts.is_met(name) is met
        name = condition.name.name
        return lambda facts: facts.flag(name)

    def _compare(self, fact: n.Fact, op: str, values: list[n.Value]) -> Predicate:
        path = fact.path
        param = self.params.get(path[0]) if len(path) == 1 else None
        wanted = [plain(self.resolve(v)) for v in values]
        if param is not None:
            # A parameter is fixed for the whole run: decide once.
            outcome = _test(plain(param), op, wanted)
            return lambda facts: outcome
        compare = COMPARISONS.get(op)

        def test(facts: Facts) -> bool:
            got = facts.fact(path)
            if got is None:
                return False
            if compare is None:
                return got in wanted
            try:
                return bool(compare(got, wanted[0]))
            except TypeError:
                return False

        return test


def _test(got: object, op: str, wanted: list[object]) -> bool:
    if got is None:
        return False
    if op == "in":
        return got in wanted
    try:
        return bool(COMPARISONS[op](got, wanted[0]))
    except TypeError:
        return False


def plain(value: Literal | None) -> object:
    """The Python value a literal compares as: Decimal, timedelta or str."""
    if isinstance(value, n.Percent | n.Number):
        return value.value
    if isinstance(value, n.Money):
        return value.amount
    if isinstance(value, n.Duration):
        return duration_of(value)
    if isinstance(value, n.Text):
        return value.value
    if isinstance(value, n.Ref):
        return value.name
    return None


def duration_of(value: Literal | None) -> timedelta | None:
    """A fixed-length duration literal as a timedelta (exact to the microsecond)."""
    if isinstance(value, n.Duration) and value.seconds is not None:
        micros = value.seconds * 1_000_000
        return timedelta(microseconds=int(micros.to_integral_value()))
    return None


def percent_of_fraction(fraction: Decimal) -> Decimal:
    return fraction * 100


def _all_of(parts: list[Predicate]) -> Predicate:
    """True when every part holds; the parts are asked in order, up to the first that fails."""

    def all_of(facts: Facts) -> bool:
        for part in parts:  # noqa: SIM110 - a loop, as `all(<generator>)` costs a generator
            if not part(facts):
                return False
        return True

    return all_of


def _any_of(parts: list[Predicate]) -> Predicate:
    """True when a part holds; the parts are asked in order, up to the first that holds."""

    def any_of(facts: Facts) -> bool:
        for part in parts:  # noqa: SIM110 - a loop, as `any(<generator>)` costs a generator
            if part(facts):
                return True
        return False

    return any_of
