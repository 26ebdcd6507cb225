"""What must happen for a condition to hold: the facts a worked example's events must carry.

Input: a `nodes.Condition`, the contract's names (which are counts, objectives, parameters,
severity levels) and a `Resolver` holding the example's parameters. Output: `Needs`, the facts a
ticket or outage must have (severity, cause, share affected...), where it must have been opened
(inside or outside a calendar), which objectives must fail and which counts must hold; or None
when the condition cannot be made to hold with those parameters (`plan = ESSENTIALS` when the
example's plan is PRO).

Invariants: a pure function of its inputs; it only proposes, never decides: the events built
from `Needs` go through the evaluator, whose verdict is the one shown. An `or` takes its first
branch that can hold; an `and` merges its parts, and two parts that want different values of the
same fact make it fail (None).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import attrs

from sladsl import nodes as n
from sladsl.evaluate.conditions import COMPARISONS, Resolver, plain

Fact = str | Decimal


@attrs.frozen
class Needs:
    facts: tuple[tuple[str, Fact], ...] = ()  # ("severity", "P1"), ("affected", Decimal(100))
    opened: tuple[str | None, bool] | None = None  # (calendar, inside); calendar None is 24x7
    fail: tuple[str, ...] = ()  # objectives that must not be met
    flags: tuple[str, ...] = ()  # counts that must hold

    def fact(self, name: str) -> Fact | None:
        return dict(self.facts).get(name)

    def merge(self, other: Needs | None) -> Needs | None:
        if other is None:
            return None
        facts = dict(self.facts)
        for key, value in other.facts:
            if facts.setdefault(key, value) != value:
                return None
        if self.opened and other.opened and self.opened != other.opened:
            return None
        return Needs(
            tuple(facts.items()),
            self.opened or other.opened,
            tuple(dict.fromkeys(self.fail + other.fail)),
            tuple(dict.fromkeys(self.flags + other.flags)),
        )


@attrs.frozen
class Scope:
    """What the names of a contract are, for `satisfy`."""

    resolver: Resolver
    params: frozenset[str]
    counts: frozenset[str]
    levels: tuple[str, ...]

    @classmethod
    def of(cls, contract: n.Contract, resolver: Resolver) -> Scope:
        decls = contract.declarations
        return cls(
            resolver,
            frozenset(d.name for d in decls if isinstance(d, n.Param)),
            frozenset(d.name for d in decls if isinstance(d, n.Count)),
            tuple(lv.name for d in decls if isinstance(d, n.Severities) for lv in d.levels),
        )


_FACT_KEYS: Mapping[tuple[str, ...], str] = {
    ("outage", "affected"): "affected",
    ("outage", "cause"): "cause",
}
_NEGATED = {"=": "!=", "!=": "=", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
_WORDS = ("provider", "customer", "other")


def satisfy(cond: n.Condition | None, scope: Scope) -> Needs | None:
    """The needs under which `cond` holds, or None if it cannot hold."""
    if cond is None:
        return Needs()
    if isinstance(cond, n.AllOf):
        needs: Needs | None = Needs()
        for part in cond.operands:
            needs = None if needs is None else needs.merge(satisfy(part, scope))
        return needs
    if isinstance(cond, n.AnyOf):
        for part in cond.operands:
            found = satisfy(part, scope)
            if found is not None:
                return found
        return None
    if isinstance(cond, n.Not):
        return _negated(cond.operand, scope)
    if isinstance(cond, n.Compare):
        return _compare(cond.fact, cond.op, [cond.value], scope)
    if isinstance(cond, n.Member):
        return _compare(cond.fact, "in", list(cond.values), scope)
    if isinstance(cond, n.OpenedOutside):
        calendar = cond.calendar.name if cond.calendar is not None else None
        return Needs(opened=(calendar, cond.inside))
    if isinstance(cond, n.IsMet):
        return Needs() if cond.met else Needs(fail=(cond.objective.name,))
    name = cond.name.name
    return Needs(flags=(name,)) if name in scope.counts else Needs(fail=(name,))


def _negated(inner: n.Condition, scope: Scope) -> Needs | None:
    if isinstance(inner, n.Compare):
        return satisfy(attrs.evolve(inner, op=_NEGATED[inner.op]), scope)
    if isinstance(inner, n.OpenedOutside):
        return satisfy(attrs.evolve(inner, inside=not inner.inside), scope)
    if isinstance(inner, n.IsMet):
        return satisfy(attrs.evolve(inner, met=not inner.met), scope)
    if isinstance(inner, n.Flag):
        return Needs()  # a count not raised, an objective met: nothing to make happen
    if isinstance(inner, n.Member):
        wanted = [plain(scope.resolver.resolve(v)) for v in inner.values]
        if inner.fact.dotted in scope.params:
            got = plain(scope.resolver.resolve(n.Ref(inner.fact.dotted)))
            return None if got in wanted else Needs()
        key = _key(inner.fact)
        choices = scope.levels if key == "severity" else _WORDS
        other = next((c for c in choices if c not in wanted), None)
        return None if other is None else Needs(facts=((key, other),))
    return None


def _key(fact: n.Fact) -> str:
    return _FACT_KEYS.get(fact.path, fact.path[-1])


def _compare(fact: n.Fact, op: str, values: list[n.Value], scope: Scope) -> Needs | None:
    wanted = [plain(scope.resolver.resolve(v)) for v in values]
    if fact.dotted in scope.params:
        got = plain(scope.resolver.resolve(n.Ref(fact.dotted)))
        if op == "in":
            return Needs() if got in wanted else None
        try:
            holds = bool(COMPARISONS[op](got, wanted[0]))
        except TypeError:
            holds = False
        return Needs() if holds else None
    key = _key(fact)
    if key == "duration":
        return Needs()  # the example's outages last long enough; the evaluator checks
    first = wanted[0] if wanted else None
    if op in ("in", "="):
        value = first
    elif isinstance(first, Decimal):
        value = _number_for(op, first)
    elif op == "!=" and isinstance(first, str):
        choices = scope.levels if key == "severity" else _WORDS
        value = next((c for c in choices if c != first), None)
    else:
        value = None
    if not isinstance(value, str | Decimal):
        return None
    return Needs(facts=((key, value),))


def _number_for(op: str, bound: Decimal) -> Decimal:
    """A percentage that passes `op bound` (facts such as `affected` run from 0 to 100)."""
    if op in (">=", "<="):
        return bound
    if op == ">":
        return (bound + 100) / 2 if bound < 100 else bound + 1
    if op == "<":
        return bound / 2
    return Decimal(100) if bound != 100 else Decimal(50)  # !=
