"""Pass 4, ranges: values inside the range where they mean something.

Codes: SLA-E401 (a share above 100%), SLA-E402 (a zero or negative window, step or limit),
SLA-E403 (a date that does not exist).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from sladsl import nodes as n
from sladsl.checker.scope import Scope, condition_atoms, conditions_of, leaf_values
from sladsl.diagnostics import Diagnostic, Span

_MAX_OPEN_DAYS = 366  # a claim window that opens more than a year of open days late is a typo
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def run(scope: Scope) -> Iterator[Diagnostic]:
    for d in scope.contract.declarations:
        yield from _declaration(scope, d)
        for condition in conditions_of(d):
            for atom in condition_atoms(condition):
                if isinstance(atom, n.Compare | n.Member) and atom.fact.path[-1] == "affected":
                    values = (atom.value,) if isinstance(atom, n.Compare) else atom.values
                    for value in values:
                        yield from _at_most_100(scope, value, "a share of service affected")
    header = scope.contract.header
    if header is not None and header.date is not None:
        yield from _iso_date(scope, header.date, header.span)


def _declaration(scope: Scope, d: n.Declaration) -> Iterator[Diagnostic]:
    if isinstance(d, n.Availability):
        yield from _at_most_100(scope, d.target, "an availability target")
        yield from _positive(scope, d.granularity, "the granularity")
        yield from _period(scope, d.period)
    elif isinstance(d, n.Metric):
        yield from _period(scope, d.period)
        if d.target is not None and d.target.percentile is not None:
            p = d.target.percentile
            if not Decimal(0) < p < Decimal(100):
                yield scope.diagnostic(
                    "SLA-E401",
                    f"a percentile is between 0 and 100, not {p}",
                    d.target.span,
                )
    elif isinstance(d, n.Timer):
        for row in d.rows:
            yield from _positive(scope, row.limit, "a timer's limit")
    elif isinstance(d, n.Count) and d.threshold is not None:
        yield from _positive(scope, d.threshold.window, "a count's window")
        yield from _whole(scope, d.threshold.number, d.threshold.kind != "more_than")
        yield from _period(scope, d.period)
    elif isinstance(d, n.Remedy):
        for formula in [d.formula, *(t.formula for t in d.tiers)]:
            if isinstance(formula, n.PerUnitShare | n.PerUnitRate):
                yield from _positive(scope, formula.step, "the unit of a per-unit formula")
        for tier in d.tiers:
            for bound in tier.bounds:
                yield from _at_most_100(scope, bound.value, "a tier bound")
    elif isinstance(d, n.Claims):
        yield from _positive(scope, d.closes_after, "the claim deadline")
        day = d.opens_after_day
        if day is not None and not 1 <= day.n <= _MAX_OPEN_DAYS:
            yield scope.diagnostic(
                "SLA-E402",
                f"claims open after an open day between the 1st and the {_MAX_OPEN_DAYS}th",
                day.span,
            )
    elif isinstance(d, n.Calendar):
        for holiday in d.holidays:
            yield from _date_rule(scope, holiday.rule)


def _period(scope: Scope, period: n.Period | None) -> Iterator[Diagnostic]:
    if isinstance(period, n.RollingPeriod):
        yield from _positive(scope, period.length, "a rolling period")


def _magnitude(value: n.Value) -> Decimal | None:
    if isinstance(value, n.Percent | n.Number):
        return value.value
    if isinstance(value, n.Duration | n.Money):
        return value.amount
    return None


def _at_most_100(scope: Scope, value: n.Value | None, role: str) -> Iterator[Diagnostic]:
    for leaf in leaf_values(value):
        if isinstance(leaf, n.Percent) and leaf.value > 100:
            yield scope.diagnostic(
                "SLA-E401",
                f"{role} cannot be above 100%: `{leaf.text}`",
                leaf.span,
                hint="a share of a whole is at most 100%",
            )


def _positive(scope: Scope, value: n.Value | None, role: str) -> Iterator[Diagnostic]:
    for leaf in leaf_values(value):
        magnitude = _magnitude(leaf)
        if magnitude is not None and magnitude <= 0:
            yield scope.diagnostic(
                "SLA-E402",
                f"{role} must be more than zero, not `{getattr(leaf, 'text', magnitude)}`",
                leaf.span,
            )


def _whole(scope: Scope, value: n.Value, at_least_one: bool) -> Iterator[Diagnostic]:
    for leaf in leaf_values(value):
        if not isinstance(leaf, n.Number):
            continue
        if leaf.value != leaf.value.to_integral_value() or (at_least_one and leaf.value < 1):
            yield scope.diagnostic(
                "SLA-E402",
                f"a count is a whole number{' of at least 1' if at_least_one else ''}, "
                f"not `{leaf.text}`",
                leaf.span,
            )


def _date_rule(scope: Scope, rule: n.DateRule) -> Iterator[Diagnostic]:
    if isinstance(rule, n.FixedDate) and not 1 <= rule.day <= _DAYS_IN_MONTH[rule.month - 1]:
        name = _MONTH_NAMES[rule.month - 1]
        yield scope.diagnostic(
            "SLA-E403",
            f"{name} has no day {rule.day}: it has at most {_DAYS_IN_MONTH[rule.month - 1]} days",
            rule.span,
        )
    elif isinstance(rule, n.NthWeekday) and rule.n != -1 and not 1 <= rule.n <= 5:
        yield scope.diagnostic(
            "SLA-E403",
            f"a month has at most five of each weekday, so the {rule.n}th never comes",
            rule.span,
            hint="use `last mon of may` for the last one",
        )
    elif isinstance(rule, n.ExplicitDates):
        for text in rule.dates:
            yield from _iso_date(scope, text, rule.span)


def _iso_date(scope: Scope, text: str, span: Span | None) -> Iterator[Diagnostic]:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        yield scope.diagnostic(
            "SLA-E403",
            f"`{text}` is not a date that exists",
            span,
        )
