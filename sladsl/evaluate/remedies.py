"""Remedies: what each remedy clause owes in a period, with a reason a customer can check.

Input: a `Remedy` clause made concrete for a run, and a `PeriodResults` view of one period (the
objectives' results, the timers' breaches, the counts' flags). Charges, which are owed per ticket,
come from `ChargeOperator` as tickets stop. Output: `RemedyOutcome`s, then `apply_caps`
(docs/semantics.md section 8).

Invariants: money is Decimal, rounded to the currency's minor unit once, at the end of a remedy's
computation; percentages stay exact; rounding of units is the one the formula states.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Protocol

import attrs

from sladsl import nodes as n
from sladsl.business_time import ALWAYS
from sladsl.evaluate.availability import AvailabilityResult
from sladsl.evaluate.conditions import Resolver, duration_of, plain
from sladsl.evaluate.metrics import MetricResult, magnitude
from sladsl.evaluate.periods import Period
from sladsl.evaluate.report_format import iso_duration, money, percent_text
from sladsl.evaluate.tickets import Ticket, TicketTracker
from sladsl.evaluate.timers import Breach
from sladsl.events.records import TicketEvent


@attrs.frozen
class RemedyOutcome:
    name: str
    kind: str
    percent: Decimal | None
    amount: Decimal | None
    currency: str | None
    duration: timedelta | None
    reason: str
    at: datetime | None = None  # for per-ticket charges: when it became owed
    base: Decimal | None = None  # the fee a percent is of: caps work on percent x base, exactly

    def exact(self) -> Decimal | None:
        """The amount before rounding to the currency's minor unit (as caps count it)."""
        if self.percent is not None and self.base is not None:
            return self.base * self.percent / 100
        return self.amount


class PeriodResults(Protocol):
    period: Period

    def availability(self, name: str) -> list[AvailabilityResult]: ...

    def metric(self, name: str) -> MetricResult | None: ...

    def breaches(self, name: str) -> list[Breach]: ...

    def fact(self, path: tuple[str, ...]) -> object | None: ...

    def opened_at(self) -> datetime | None: ...

    def is_met(self, objective: str) -> bool | None: ...

    def flag(self, name: str) -> bool: ...


def units_of(quantity: Decimal, step: Decimal, rounding: tuple[str, ...]) -> Decimal:
    exact = quantity / step
    if "started" in rounding:
        return exact.to_integral_value(rounding=ROUND_CEILING)
    if "full" in rounding:
        return exact.to_integral_value(rounding=ROUND_FLOOR)
    return exact


_COMPARE: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "=": operator.eq, "!=": operator.ne,
}  # fmt: skip


def _shown(value: object) -> str:
    """A bound as the contract writes it: `99.9%`, `4.0`."""
    if isinstance(value, n.Percent):
        return f"{value.value:f}%"
    number = plain(value)  # type: ignore[arg-type]
    return f"{number}"


def _unit_word(rounding: tuple[str, ...]) -> str:
    return "started" if "started" in rounding else "full" if "full" in rounding else "pro rata"


def _days(step: object) -> int | None:
    """A step of whole days or weeks (`per started 1 day`) as a number of days, else None."""
    if isinstance(step, n.Duration) and step.unit in ("day", "week"):
        days = step.amount * (7 if step.unit == "week" else 1)
        if days == days.to_integral_value() and days >= 1:
            return int(days)
    return None


def _number(value: Decimal) -> str:
    """As a reason shows a count of units: whole, or a pro rata share to four places."""
    return f"{value.quantize(Decimal('0.0001'), rounding=ROUND_HALF_UP).normalize():f}"


class RemedyAssessor:
    """One remedy clause, assessed period by period (charges excepted: see ChargeOperator)."""

    def __init__(self, node: n.Remedy, resolver: Resolver, currency: str | None) -> None:
        self.node = node
        self.name = node.name
        self.kind = node.kind
        self.resolver = resolver
        self.currency = currency or ""
        self.trigger = resolver.compile_condition(node.trigger) if node.trigger else None

    def base(self, ref: n.Ref | None) -> Decimal | None:
        if ref is None:
            return None
        value = self.resolver.resolve(ref)
        return value.amount if isinstance(value, n.Money) else None

    def assess(self, results: PeriodResults) -> list[RemedyOutcome]:
        node = self.node
        if self.trigger is not None and not self.trigger(results):
            return []
        if node.tiers and node.based_on is not None:
            return self._tiers(node.based_on.name, node.tiers, results)
        formula = node.formula
        if isinstance(formula, n.PerUnitShare):
            return self._per_unit_share(formula, results)
        if isinstance(formula, n.Share):
            return [self._share(formula, results)]
        if isinstance(formula, n.UnavailableTime):
            return self._unavailable_time(formula, results)
        if node.kind == "termination" and self.trigger is not None:
            return [
                RemedyOutcome(
                    self.name, self.kind, None, None, None, None,
                    f"{node.title or self.name}: the condition holds in {results.period.label}",
                )
            ]  # fmt: skip
        return []

    # ------------------------------------------------------------------ formulas
    def _money(self, percent: Decimal, base: Decimal | None) -> Decimal | None:
        return None if base is None else money(base * percent / 100, self.currency)

    def _of_fee(self, percent: Decimal, base: Decimal | None, ref: n.Ref | None) -> str:
        fee = "" if base is None else f" of {money(base, self.currency)} {self.currency}"
        name = f" {ref.name}" if base is None and ref is not None else ""
        return f"{percent_text(percent)}%{name}{fee}"

    def _per_unit_share(self, f: n.PerUnitShare, results: PeriodResults) -> list[RemedyOutcome]:
        rate = plain(self.resolver.resolve(f.rate))
        assert isinstance(rate, Decimal)
        base = self.base(f.base)
        step_value = self.resolver.resolve(f.step)
        word = _unit_word(f.rounding)
        name = f.shortfall.objective.name
        outcomes: list[RemedyOutcome] = []
        if f.shortfall.kind == "over_limit":
            step = duration_of(step_value)
            if step is None:
                return []
            days = _days(step_value)
            units = Decimal(0)
            parts = []
            calendars = set()
            for breach in results.breaches(name):
                calendar = breach.calendar
                if days is not None and calendar is not None and breach.stop is not None:
                    # days measured on a calendar are open days (language.md section 2)
                    steps = calendar.open_day_steps(breach.deadline, breach.stop, days)
                    count = units_of(steps, Decimal(1), f.rounding)
                    if calendar.name != ALWAYS:
                        calendars.add(calendar.name)
                else:
                    count = units_of(_micros(breach.excess), _micros(step), f.rounding)
                units += count
                parts.append(f"{breach.ref} {iso_duration(breach.excess)} late")
            if units == 0:
                return []
            percent = rate * units
            shown_step = iso_duration(step)
            if calendars and days is not None:
                plural = "" if days == 1 else "s"
                shown_step = f"{days} open day{plural} of {' and '.join(sorted(calendars))}"
            reason = (
                f"{', '.join(parts)}: {_number(units)} {word} x {shown_step}"
                f" x {percent_text(rate)}% = {self._of_fee(percent, base, f.base)}"
            )
            amount = self._money(percent, base)
            return [RemedyOutcome(self.name, self.kind, percent, amount, self.currency or None,
                                  None, reason, base=base)]  # fmt: skip
        size = magnitude(step_value)
        assert isinstance(size, Decimal)
        # what, actual, target, gap, which side of the target
        shortfalls: list[tuple[str, Decimal, Decimal, Decimal, str]] = []
        for result in results.availability(name):
            if not result.met:
                gap = result.target - result.actual
                shortfalls.append((name, result.shown, result.target, gap, "below"))
        metric = results.metric(name)
        if metric is not None and metric.actual is not None and metric.met is False:
            gap = abs(metric.target - metric.actual)
            side = "above" if metric.actual > metric.target else "below"
            shortfalls.append((name, metric.actual.normalize(), metric.target, gap, side))
        for what, actual, target, gap, side in shortfalls:
            units = units_of(gap, size, f.rounding)
            if units == 0:
                continue
            percent = rate * units
            # A duration metric's samples, target and step are in seconds (semantics.md 5).
            unit = {n.Percent: "%", n.Duration: "s"}.get(type(step_value), "")
            points = " points" if unit == "%" else ""
            shown_gap = gap.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP).normalize()
            shown_target = target.normalize() if unit == "s" else target
            reason = (
                f"{what} {actual:f}{unit} is {shown_gap:f}{unit if unit == 's' else points}"
                f" {side} {shown_target:f}{unit}: "
                f"{_number(units)} {word} x {_number(size)}{unit} x {percent_text(rate)}%"
                f" = {self._of_fee(percent, base, f.base)}"
            )
            outcomes.append(
                RemedyOutcome(self.name, self.kind, percent, self._money(percent, base),
                              self.currency or None, None, reason, base=base)
            )  # fmt: skip
        return outcomes

    def _share(self, f: n.Share, results: PeriodResults) -> RemedyOutcome:
        value = self.resolver.resolve(f.rate)
        why = self.node.title or self.name
        if f.base is not None:
            rate = plain(value)
            assert isinstance(rate, Decimal)
            base = self.base(f.base)
            return RemedyOutcome(
                self.name, self.kind, rate, self._money(rate, base), self.currency or None, None,
                f"{why} in {results.period.label}: {self._of_fee(rate, base, f.base)}", base=base,
            )  # fmt: skip
        if isinstance(value, n.Money):
            amount = money(value.amount, value.currency)
            reason = f"{why} in {results.period.label}: {amount} {value.currency}"
            return RemedyOutcome(self.name, self.kind, None, amount, value.currency, None, reason)
        length = duration_of(value) or timedelta(0)
        reason = f"{why} in {results.period.label}: {iso_duration(length)}"
        return RemedyOutcome(self.name, self.kind, None, None, None, length, reason)

    def _tiers(
        self, objective: str, tiers: Sequence[n.Tier], results: PeriodResults
    ) -> list[RemedyOutcome]:
        """The row whose bounds hold the objective's result (as the report shows it: four
        places) gives the formula; one outcome per result a row holds (per service)."""
        shown: list[tuple[str, Decimal, str]] = [
            (f"{r.service} availability", r.shown, "%") for r in results.availability(objective)
        ]
        metric = results.metric(objective)
        if metric is not None and metric.actual is not None:
            shown.append((objective, metric.actual.normalize(), ""))  # as the report shows it
        outcomes = []
        for what, value, unit in shown:
            tier = next((t for t in tiers if self._holds(t, value)), None)
            if tier is None or not isinstance(tier.formula, n.Share):
                continue
            outcome = self._share(tier.formula, results)
            bounds = " and ".join(f"{b.op} {_shown(self.resolver.resolve(b.value))}"
                                  for b in tier.bounds)  # fmt: skip
            reason = f"{what} {value:f}{unit} is in the tier {bounds}: {outcome.reason}"
            outcomes.append(attrs.evolve(outcome, reason=reason))
        return outcomes

    def _holds(self, tier: n.Tier, value: Decimal) -> bool:
        for bound in tier.bounds:
            limit = magnitude(self.resolver.resolve(bound.value))
            if not isinstance(limit, Decimal) or not _COMPARE[bound.op](value, limit):
                return False
        return True

    def _unavailable_time(
        self, f: n.UnavailableTime, results: PeriodResults
    ) -> list[RemedyOutcome]:
        outcomes = []
        for result in results.availability(f.objective.name):
            if result.met or result.downtime <= timedelta(0):
                continue
            reason = (
                f"{result.service} availability {result.shown}% is below {result.target}%:"
                f" service time extended by {iso_duration(result.downtime)},"
                " the time it was unavailable"
            )
            outcomes.append(RemedyOutcome(self.name, self.kind, None, None, None,
                                          result.downtime, reason))  # fmt: skip
        return outcomes


class ChargeOperator:
    """`charge ... per 1h pro rata from A to B  minimum 2h  when C`: owed per ticket, at B."""

    def __init__(
        self, node: n.Remedy, resolver: Resolver, tickets: TicketTracker, currency: str | None
    ) -> None:
        assert isinstance(node.formula, n.PerUnitRate)
        self.node = node
        self.formula = node.formula
        self.trigger = resolver.compile_condition(node.trigger)
        rate = resolver.resolve(node.formula.rate)
        assert isinstance(rate, n.Money)
        self.rate = rate
        self.step = duration_of(resolver.resolve(node.formula.step)) or timedelta(hours=1)
        minimum = resolver.resolve(node.minimum.value) if node.minimum else None
        self.minimum = duration_of(minimum)
        self.minimum_money = minimum.amount if isinstance(minimum, n.Money) else None
        self.starts: dict[str, datetime] = {}
        self.outcomes: list[RemedyOutcome] = []
        tickets.listen([self.formula.start], self.on_start)
        tickets.listen([self.formula.stop], self.on_stop)

    def on_start(self, ticket: Ticket, event: TicketEvent) -> None:
        """The `from` event starts the ticket's charge, once: not again after its `to` event."""
        if ticket.id not in self.starts and self.formula.stop not in ticket.seen:
            self.starts[ticket.id] = event.at
            ticket.waiting += 1

    def on_stop(self, ticket: Ticket, event: TicketEvent) -> None:
        start = self.starts.pop(ticket.id, None)
        if start is not None:
            ticket.waiting -= 1
            if self.trigger(ticket):
                self.outcomes.append(self._owed(ticket, start, event.at))

    def _owed(self, ticket: Ticket, start: datetime, stop: datetime) -> RemedyOutcome:
        worked = stop - start
        billed = max(worked, self.minimum) if self.minimum is not None else worked
        units = units_of(_micros(billed), _micros(self.step), self.formula.rounding)
        amount = self.rate.amount * units
        if self.minimum_money is not None:
            amount = max(amount, self.minimum_money)
        amount = money(amount, self.rate.currency)
        minimum = f", at least {iso_duration(self.minimum)}" if self.minimum else ""
        floor = ""
        if self.minimum_money is not None:
            least = money(self.minimum_money, self.rate.currency)
            floor = f", at least {least} {self.rate.currency}"
        reason = (
            f"ticket {ticket.id}: {iso_duration(worked)} from {self.formula.start} to "
            f"{self.formula.stop}{minimum}: {_number(units)} x {iso_duration(self.step)} x "
            f"{self.rate.amount} {self.rate.currency}{floor} = {amount} {self.rate.currency}"
        )
        return RemedyOutcome(self.node.name, "charge", None, amount, self.rate.currency, None,
                             reason, stop)  # fmt: skip

    def in_period(self, period: Period) -> list[RemedyOutcome]:
        return [o for o in self.outcomes if o.at is not None and period.contains(o.at)]


@attrs.frozen
class CapRule:
    name: str
    limit: Callable[[], Decimal | timedelta | None]  # money or time, when it can be known
    covers: Callable[[RemedyOutcome], bool]
    per_term: bool
    label: str = ""  # how a reduced remedy's reason names it: the cap's name, or "its own cap"


@attrs.define
class TermUsage:
    """What each cap per term has let through in earlier periods: `exact` (amounts before
    rounding, or microseconds under a cap of time) and `money` (the rounded amounts shown), so
    that neither the exact sums nor the amounts shown over the term go beyond the cap."""

    exact: dict[str, Decimal] = attrs.Factory(dict)
    money: dict[str, Decimal] = attrs.Factory(dict)


def apply_caps(
    outcomes: Sequence[RemedyOutcome], caps: Sequence[CapRule], used: TermUsage
) -> list[RemedyOutcome]:
    """Each cap in order: covered remedies keep their amounts (or, under a cap of time, their
    durations) in order until the limit; `used` holds what caps per term have let through."""
    result = list(outcomes)
    for cap in caps:
        limit = cap.limit()
        if isinstance(limit, timedelta):
            _cap_durations(result, cap, limit, used)
            continue
        if limit is None:
            continue
        spent = used.exact.get(cap.name, Decimal(0)) if cap.per_term else Decimal(0)
        spent_money = used.money.get(cap.name, Decimal(0)) if cap.per_term else Decimal(0)
        room = limit - spent
        # Two rooms: percents are capped exactly (percent x fee), amounts as rounded money, so
        # that neither the percents nor the amounts shown add up beyond the cap (over the term:
        # the amounts shown in earlier periods, not their exact values, count against it).
        room_money: Decimal | None = None
        for index, outcome in enumerate(result):
            exact = outcome.exact()
            if not cap.covers(outcome) or exact is None or outcome.amount is None:
                continue
            if room_money is None:
                room_money = max(money(limit, outcome.currency or "") - spent_money, Decimal(0))
            allowed = max(min(exact, room), Decimal(0))
            amount = max(min(outcome.amount, room_money), Decimal(0))
            if allowed < exact or amount < outcome.amount:
                base, percent = outcome.base, outcome.percent
                if percent is not None:
                    percent = allowed * 100 / base if base else percent * allowed / exact
                shown = f"{amount} {outcome.currency}" if outcome.currency else f"{amount}"
                result[index] = attrs.evolve(
                    outcome,
                    amount=amount,
                    percent=percent,
                    reason=f"{outcome.reason}; capped to {shown} by {cap.label or cap.name}",
                )
            room -= allowed
            room_money -= amount
            if cap.per_term:
                used.exact[cap.name] = used.exact.get(cap.name, Decimal(0)) + allowed
                used.money[cap.name] = used.money.get(cap.name, Decimal(0)) + amount
    return result


def _cap_durations(
    result: list[RemedyOutcome], cap: CapRule, limit: timedelta, used: TermUsage
) -> None:
    """A cap of time: the covered remedies' durations (extensions), in order, up to `limit`."""
    spent = used.exact.get(cap.name, Decimal(0)) if cap.per_term else Decimal(0)
    room = max(limit - timedelta(microseconds=int(spent)), timedelta(0))
    for index, outcome in enumerate(result):
        if not cap.covers(outcome) or outcome.duration is None:
            continue
        allowed = min(outcome.duration, room)
        if allowed < outcome.duration:
            reason = (
                f"{outcome.reason}; capped to {iso_duration(allowed)} by {cap.label or cap.name}"
            )
            result[index] = attrs.evolve(outcome, duration=allowed, reason=reason)
        room -= allowed
        if cap.per_term:
            used.exact[cap.name] = used.exact.get(cap.name, Decimal(0)) + _micros(allowed)


def _micros(delta: timedelta) -> Decimal:
    return Decimal(delta // timedelta(microseconds=1))
