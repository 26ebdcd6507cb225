"""Pass 3, types and units: a percentage where a percentage is due, a duration where a duration is.

Codes: SLA-E301 (a value of the wrong kind), SLA-E302 (money in another currency than the
contract's), SLA-E303 (a fact conditions cannot test, or a test it does not support).

Kinds of value: percent, duration, money, number, text, word (a bare name that is not a
parameter: a cause, a category, a severity level), and a parameter's own kind.
"""

from __future__ import annotations

from collections.abc import Iterator

from sladsl import nodes as n
from sladsl.checker.currency import known_currency
from sladsl.checker.scope import Scope, condition_atoms, conditions_of, leaf_values, walk
from sladsl.diagnostics import Diagnostic

_SHOWN = {
    "percent": "a percentage such as `99.9%`",
    "duration": "a duration such as `4h`",
    "money": "an amount such as `100 USD`",
    "number": "a number such as `4.0`",
    "text": 'a quoted text such as "..."',
    "word": "a word such as `customer`",
}
_ORDERED_OPS = {"<", "<=", ">", ">="}
# The facts a condition can test, and the kind of value each holds.
FACTS = {
    "affected": "percent",
    "duration": "duration",
    "cause": "word",
    "category": "word",
    "severity": "word",
    "service": "word",
}
FACT_OWNERS = ("outage", "ticket")


def value_kind(scope: Scope, value: n.Value) -> str | None:
    """The kind of a value; None when it cannot be known (an undefined name)."""
    if isinstance(value, n.Percent):
        return "percent"
    if isinstance(value, n.Duration):
        return "duration"
    if isinstance(value, n.Money):
        return "money"
    if isinstance(value, n.Number):
        return "number"
    if isinstance(value, n.Text):
        return "text"
    if isinstance(value, n.Ref):
        param = scope.param(value.name)
        if param is None:
            return "word" if scope.lookup(value.name) is None else None
        return "word" if param.type.kind == "choice" else param.type.kind
    return None


_NOUNS = {
    "percent": "a percentage",
    "duration": "a duration",
    "money": "an amount of money",
    "number": "a number",
    "text": "a text",
    "word": "a word",
}


def describe(scope: Scope, value: n.Value) -> str:
    kind = value_kind(scope, value)
    noun = _NOUNS.get(kind or "", "a value")
    if isinstance(value, n.Ref):
        return f"{noun} parameter `{value.name}`"
    text = getattr(value, "text", "")
    return f"{noun} `{text}`" if text else noun


class _Checker:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.found: list[Diagnostic] = []

    def expect(self, value: n.Value | None, kinds: tuple[str, ...], role: str) -> None:
        """Report every leaf of `value` whose kind is not one of `kinds`."""
        for leaf in leaf_values(value):
            kind = value_kind(self.scope, leaf)
            if kind is None or kind in kinds:
                continue
            if kind == "word" and isinstance(leaf, n.Ref):
                continue  # an undefined parameter: the names pass reports it
            wanted = " or ".join(_SHOWN[k] for k in kinds)
            self.found.append(
                self.scope.diagnostic(
                    "SLA-E301",
                    f"{role} must be {wanted}, not {describe(self.scope, leaf)}",
                    leaf.span,
                    hint=f"write {_SHOWN[kinds[0]]}",
                )
            )

    def money_param(self, ref: n.Ref | None, role: str) -> None:
        if ref is None:
            return
        param = self.scope.param(ref.name)
        if param is not None and param.type.kind != "money":
            self.found.append(
                self.scope.diagnostic(
                    "SLA-E301",
                    f"{role} must be a money parameter; `{ref.name}` is "
                    f"{_NOUNS.get(param.type.kind, 'a ' + param.type.kind)} parameter",
                    ref.span,
                    hint="declare it as `param monthly_fee: money`",
                )
            )

    def amount(self, amount: n.AmountOf | None, role: str, plain: tuple[str, ...]) -> None:
        if amount is None:
            return
        if amount.base is not None:
            self.expect(amount.value, ("percent",), f"the share in {role}")
            self.money_param(amount.base, role)
        else:
            self.expect(amount.value, plain, role)


def run(scope: Scope) -> Iterator[Diagnostic]:
    checker = _Checker(scope)
    for d in scope.contract.declarations:
        _declaration(checker, d)
        for condition in conditions_of(d):
            _condition(checker, condition)
    yield from checker.found
    yield from _currencies(scope)


def _declaration(c: _Checker, d: n.Declaration) -> None:
    if isinstance(d, n.Availability):
        c.expect(d.target, ("percent",), "an availability target")
        c.expect(d.granularity, ("duration",), "the granularity")
        _period(c, d.period)
    elif isinstance(d, n.Metric):
        if d.target is not None:
            c.expect(d.target.value, ("number", "percent", "duration"), "a metric target")
        _period(c, d.period)
    elif isinstance(d, n.Timer):
        for row in d.rows:
            c.expect(row.limit, ("duration",), "a timer's limit")
    elif isinstance(d, n.Exclusion | n.Obligation):
        c.expect(d.notice, ("duration",), "a notice period")
        if isinstance(d, n.Obligation):
            _period(c, d.every)
    elif isinstance(d, n.Count):
        if d.threshold is not None:
            c.expect(d.threshold.number, ("number",), "a count's threshold")
            c.expect(d.threshold.window, ("duration",), "a count's window")
        _period(c, d.period)
    elif isinstance(d, n.Remedy):
        _formula(c, d.formula, d.kind)
        for tier in d.tiers:
            _formula(c, tier.formula, d.kind)
            for bound in tier.bounds:
                c.expect(bound.value, _objective_kinds(c.scope, d.based_on), "a tier bound")
        c.amount(d.cap, "a cap", ("money", "duration"))
        c.amount(d.minimum, "a minimum", ("duration", "money"))
    elif isinstance(d, n.Cap):
        c.amount(d.limit, "a cap", ("money", "duration"))
    elif isinstance(d, n.Claims):
        c.expect(d.opens_after, ("duration",), "the time before claims open")
        c.expect(d.closes_after, ("duration",), "the time before claims close")


def _period(c: _Checker, period: n.Period | None) -> None:
    if isinstance(period, n.RollingPeriod):
        c.expect(period.length, ("duration",), "a rolling period's length")


def _objective_kinds(scope: Scope, ref: n.Ref | None) -> tuple[str, ...]:
    objective = scope.lookup(ref.name) if ref else None
    if isinstance(objective, n.Availability):
        return ("percent",)
    if isinstance(objective, n.Timer):
        return ("duration",)
    if isinstance(objective, n.Metric) and objective.target is not None:
        kinds = {value_kind(scope, v) for v in leaf_values(objective.target.value)}
        known = tuple(sorted(k for k in kinds if k))
        return known or ("number", "percent", "duration")
    return ("number", "percent", "duration")


def _formula(c: _Checker, formula: n.Formula | None, kind: str) -> None:
    if isinstance(formula, n.PerUnitShare):
        c.expect(formula.rate, ("percent",), "the share per unit")
        c.money_param(formula.base, "what a share is taken of")
        objective = formula.shortfall.objective
        c.expect(formula.step, _objective_kinds(c.scope, objective), "the unit of shortfall")
    elif isinstance(formula, n.PerUnitRate):
        c.expect(formula.rate, ("money",), "a rate")
        c.expect(formula.step, ("duration",), "the unit a rate is charged per")
    elif isinstance(formula, n.Share):
        if formula.base is not None:
            c.expect(formula.rate, ("percent",), "a share")
            c.money_param(formula.base, "what a share is taken of")
        else:
            plain = ("duration",) if kind == "extension" else ("money",)
            c.expect(formula.rate, plain, f"the amount of a {kind}")


def _condition(c: _Checker, condition: n.Condition) -> None:
    for atom in condition_atoms(condition):
        if not isinstance(atom, n.Compare | n.Member):
            continue
        fact_kind = _fact_kind(c, atom.fact)
        if fact_kind is None:
            continue
        op = atom.op if isinstance(atom, n.Compare) else "in"
        if op in _ORDERED_OPS and fact_kind in ("word", "text"):
            c.found.append(
                c.scope.diagnostic(
                    "SLA-E303",
                    f"`{atom.fact.dotted}` has no order: test it with `=`, `!=` or `in [...]`",
                    atom.span,
                )
            )
            continue
        values = (atom.value,) if isinstance(atom, n.Compare) else atom.values
        for value in values:
            c.expect(value, (fact_kind,), f"what `{atom.fact.dotted}` is compared with")


def _fact_kind(c: _Checker, fact: n.Fact) -> str | None:
    path = fact.path
    if len(path) == 2 and path[0] in FACT_OWNERS and path[1] in FACTS:
        return FACTS[path[1]]
    if len(path) == 1 and path[0] in FACTS:
        return FACTS[path[0]]
    if len(path) == 1:
        param = c.scope.param(path[0])
        if param is not None:
            return "word" if param.type.kind == "choice" else param.type.kind
    c.found.append(
        c.scope.diagnostic(
            "SLA-E303",
            f"conditions cannot test `{fact.dotted}`",
            fact.span,
            hint="facts are "
            + ", ".join(f"`{f}`" for f in FACTS)
            + ", `outage.affected`, `ticket.severity`..., and parameters",
        )
    )
    return None


def _currencies(scope: Scope) -> Iterator[Diagnostic]:
    currency = scope.currency
    if currency is None or not known_currency(currency):
        return  # a wrong code is SLA-E305, at the header: amounts cannot be compared with it
    for money in (m for m in walk(scope.contract) if isinstance(m, n.Money)):
        if money.currency != currency:
            yield scope.diagnostic(
                "SLA-E302",
                f"`{money.text}` is in {money.currency}, but the contract's currency is {currency}",
                money.span,
                hint=f"write the amount in {currency}",
            )
