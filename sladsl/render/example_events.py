"""The events of a worked example: outages, measurements and tickets that make a remedy due.

Input: the contract, the example's parameters and calendars, the contract's zone and the example
year; then requests: an objective that falls short by so many steps (`fall_short`), a timer
missed by so many steps (`late`), an objective that fails (`fail`), a count that holds
(`raise_flag`), the `Needs` of a remedy's condition (`meet`), a ticket that is charged for
(`charged_ticket`). Output: `events` (typed events, as the reader would hand them to the
evaluator), `describe` (one function per request that words the situation, reading the
evaluator's report for what it measured) and `span()` (the periods the example touches).

Invariants: events fall in April of the example year, or its second quarter, or the year itself
(and the months after April for periods in a row); every id is unique; an outage or a ticket
carries the facts its `Needs` ask for; nothing here judges the outcome (the evaluator does).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from decimal import ROUND_CEILING, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sladsl import nodes as n
from sladsl.business_time import BusinessCalendar
from sladsl.evaluate.conditions import Resolver, duration_of, plain
from sladsl.evaluate.params import Params
from sladsl.evaluate.periods import Period, calendar_period
from sladsl.events.records import (
    Event,
    Measurement,
    OutageEnd,
    OutageStart,
    TicketAcknowledged,
    TicketEvent,
    TicketOpened,
    TicketProgress,
    TicketResolved,
    TicketRestored,
    TicketRfo,
)
from sladsl.render.calendar_words import day_text, zone_name
from sladsl.render.example_needs import Needs, Scope, satisfy
from sladsl.render.words import (
    STATISTICS,
    Names,
    describe_condition,
    event,
    iso_words,
    period,
    period_words,
    timedelta_words,
)

Report = Mapping[str, dict[str, Any]]  # period label -> that period of the evaluator's report
TICKET_EVENTS: Mapping[str, type[TicketEvent]] = {
    "ticket.acknowledged": TicketAcknowledged,
    "ticket.progress": TicketProgress,
    "ticket.restored": TicketRestored,
    "ticket.resolved": TicketResolved,
    "ticket.rfo": TicketRfo,
}
HOUR = timedelta(hours=1)


def scale(delta: timedelta, factor: Decimal) -> timedelta:
    """`delta` times an exact factor, to the microsecond."""
    return timedelta(microseconds=int(Decimal(delta // timedelta(microseconds=1)) * factor))


def round_up(delta: timedelta, unit: timedelta) -> timedelta:
    """Rounded up to a whole number of `unit`s."""
    units = Decimal(delta // timedelta(microseconds=1)) / Decimal(unit // timedelta(microseconds=1))
    return unit * int(units.to_integral_value(ROUND_CEILING))


def _objective(report: Report, label: str, name: str, service: str | None) -> dict[str, Any]:
    for objective in report.get(label, {}).get("objectives", []):
        if objective["name"] == name and (service is None or objective["service"] == service):
            found: dict[str, Any] = objective
            return found
    return {}


class ExampleEvents:
    """Builds one worked example's events; see the module docstring."""

    def __init__(
        self,
        contract: n.Contract,
        params: Params,
        calendars: Mapping[str, BusinessCalendar],
        zone: ZoneInfo,
        year: int,
    ) -> None:
        self.contract = contract
        self.calendars = calendars
        self.resolver = Resolver(params, calendars)
        self.scope = Scope.of(contract, self.resolver)
        self.zone = zone
        self.names = Names.of(contract)
        self.decls = {d.name: d for d in contract.declarations if not isinstance(d, n.Param)}
        self.events: list[Event] = []
        self.describe: list[Callable[[Report], str]] = []
        self.periods: list[Period] = []
        self.base = datetime(year, 4, 2, tzinfo=zone)
        self._ids = itertools.count(1)
        self._failed: set[tuple[str, int]] = set()

    # ------------------------------------------------------------------ time
    def span(self) -> tuple[datetime, datetime]:
        if not self.periods:
            self.period(None)
        return min(p.start for p in self.periods), max(p.end for p in self.periods)

    def period(self, of: n.Period | None, index: int = 0) -> Period:
        unit = of.unit if isinstance(of, n.CalendarPeriod) else "month"
        found = calendar_period(unit, self.base, self.zone)
        for _ in range(index):
            found = calendar_period(unit, found.end, self.zone)
        self.periods.append(found)
        return found

    def workday(self, within: Period) -> datetime:
        """10:00 local on the first Tuesday at least six days into the period."""
        day = (within.start.astimezone(self.zone) + timedelta(days=6)).date()
        day += timedelta(days=(1 - day.weekday()) % 7)
        return datetime(day.year, day.month, day.day, 10, tzinfo=self.zone).astimezone(UTC)

    def find_instant(self, calendar: str | None, inside: bool, after: datetime) -> datetime | None:
        """A time from `after` on at which the calendar is open (`inside`) or closed."""
        cal = self.calendars.get(calendar) if calendar is not None else None
        if cal is None:
            return after if inside else None
        local = after.astimezone(cal.zone).date()
        wanted = 1 if inside else 5  # a Tuesday, or a Saturday, at 10:00 local
        local += timedelta(days=(wanted - local.weekday()) % 7)
        first = datetime(local.year, local.month, local.day, 10, tzinfo=cal.zone).astimezone(UTC)
        for hours in range(24 * 21):
            at = first + hours * HOUR
            if cal.is_open(at) == inside:
                return at
        return None

    def _id(self, kind: str) -> str:
        return f"example-{kind}-{next(self._ids)}"

    # ------------------------------------------------------------------ outages and tickets
    def outage(self, service: str | None, start: datetime, length: timedelta, needs: Needs) -> str:
        outage = self._id("outage")
        affected = needs.fact("affected")
        cause = needs.fact("cause")
        self.events.append(
            OutageStart(
                at=start,
                outage=outage,
                service=service,
                affected=Decimal(affected) / 100 if isinstance(affected, Decimal) else None,
                cause=cause if isinstance(cause, str) else None,
            )
        )
        self.events.append(OutageEnd(at=start + length, outage=outage, service=service))
        return outage

    def _level_service(self, level: str | None) -> str | None:
        for d in self.contract.declarations:
            if isinstance(d, n.Severities) and any(lv.name == level for lv in d.levels):
                return d.services[0].name if d.services else None
        return None

    def _default_level(self, service: str | None) -> str | None:
        for d in self.contract.declarations:
            if not isinstance(d, n.Severities) or not d.levels:
                continue
            if not d.services or service in {s.name for s in d.services}:
                return d.levels[0].name
        return None

    def _first_service(self) -> str | None:
        return next((d.name for d in self.contract.declarations if isinstance(d, n.Service)), None)

    def open_ticket(
        self, needs: Needs, at: datetime, service: str | None = None, link_cause: bool = True
    ) -> tuple[str, str | None]:
        """Open a ticket with the facts `needs` asks for; its id and severity."""
        ticket = self._id("ticket")
        severity = needs.fact("severity")
        level = severity if isinstance(severity, str) else None
        named = needs.fact("service")
        if isinstance(named, str):
            service = named
        service = service or self._level_service(level) or self._first_service()
        level = level or self._default_level(service)
        cause = needs.fact("cause")
        outage = None
        if needs.fact("affected") is not None or (link_cause and cause not in (None, "provider")):
            outage = self.outage(service, at - timedelta(minutes=5), HOUR, needs)
        category = needs.fact("category")
        self.events.append(
            TicketOpened(
                at=at,
                ticket=ticket,
                service=service,
                severity=level,
                outage=outage,
                category=category if isinstance(category, str) else None,
            )
        )
        return ticket, level

    def _ticket_event(self, kind: str, at: datetime, ticket: str, cause: str | None) -> None:
        cls = TICKET_EVENTS.get(kind)
        if cls is TicketResolved:
            self.events.append(TicketResolved(at=at, ticket=ticket, cause=cause))
        elif cls is not None:
            self.events.append(cls(at=at, ticket=ticket))

    # ------------------------------------------------------------------ objectives
    def fall_short(self, name: str, step: object, factor: Decimal, index: int = 0) -> bool:
        """The objective misses its target by `factor` steps (a timer: is late by them)."""
        decl = self.decls.get(name)
        size = step.value if isinstance(step, n.Percent | n.Number) else None
        if isinstance(decl, n.Availability):
            return self._availability(decl, None if size is None else size * factor, index)
        if isinstance(decl, n.Metric):
            return self._metric(decl, None if size is None else size * factor, index)
        if isinstance(decl, n.Timer):
            return self.late(name, step, factor, index)
        if isinstance(decl, n.Count):
            return self.raise_flag(name)
        return False

    def fail(self, name: str, index: int = 0, quiet: bool = False) -> bool:
        if (name, index) in self._failed:
            return True
        self._failed.add((name, index))
        decl = self.decls.get(name)
        if isinstance(decl, n.Availability):
            return self._availability(decl, None, index, quiet)
        if isinstance(decl, n.Metric):
            return self._metric(decl, None, index, quiet)
        if isinstance(decl, n.Timer):
            return self.late(name, None, Decimal(1), index, quiet)
        if isinstance(decl, n.Count):
            return self.raise_flag(name)
        return False

    def result_in(self, name: str, bounds: tuple[n.Bound, ...]) -> bool:
        """The objective's result falls between the bounds of a tier row."""
        lows = [plain(self.resolver.resolve(b.value)) for b in bounds if b.op in (">", ">=")]
        highs = [plain(self.resolver.resolve(b.value)) for b in bounds if b.op in ("<", "<=")]
        low = next((v for v in lows if isinstance(v, Decimal)), None)
        high = next((v for v in highs if isinstance(v, Decimal)), None)
        if low is not None and high is not None:
            value = (low + high) / 2
        elif high is not None:
            value = high - 1 if high > 1 else high / 2
        elif low is not None:
            value = low
        else:
            return False
        decl = self.decls.get(name)
        if isinstance(decl, n.Availability):
            target = plain(self.resolver.resolve(decl.target))
            if isinstance(target, Decimal) and value < target:
                return self._availability(decl, target - value, 0)
        return False

    def _availability(
        self, a: n.Availability, gap: Decimal | None, index: int, quiet: bool = False
    ) -> bool:
        target = plain(self.resolver.resolve(a.target))
        if not isinstance(target, Decimal) or not a.services:
            return False
        within = self.period(a.period, index)
        total = within.end - within.start
        if gap is None:
            gap = (100 - target) / 2
        actual = max(target - gap, Decimal(0))
        unit = duration_of(self.resolver.resolve(a.granularity)) or timedelta(seconds=1)
        down = round_up(scale(total, (100 - actual) / 100), unit) if actual < 100 else HOUR
        needs = satisfy(a.down_when, self.scope) or Needs()
        start = within.start + timedelta(days=1, hours=10)
        if start + down > within.end:
            start = within.start
        service = a.services[0].name
        self.outage(service, start, min(down, total), needs)
        if not quiet:
            title, of = self.names.title(a.name), self.names.title(service)

            def words(report: Report) -> str:
                shown = _objective(report, within.label, a.name, service).get("actual")
                value = f"{shown}%" if shown is not None else "below its target"
                return (
                    f"if {title} of {of} in {period_words(within.label)} is {value} "
                    f"({timedelta_words(down)} unavailable)"
                )

            self.describe.append(words)
        return True

    def _metric(self, m: n.Metric, gap: Decimal | None, index: int, quiet: bool = False) -> bool:
        if m.target is None or m.measure is None:
            return False
        target = plain(self.resolver.resolve(m.target.value))
        if not isinstance(target, Decimal):
            return False
        if gap is None:
            gap = abs(target) / 20 if target else Decimal(1)
        if m.target.op in (">=", ">"):
            value = target - gap
        elif m.target.op in ("<=", "<"):
            value = target + gap
        else:
            return False
        within = self.period(m.period, index)
        service = m.services[0].name if m.services else None
        at = within.start + timedelta(days=3)
        self.events.append(Measurement(at=at, metric=m.measure, value=value, service=service))
        if not quiet:
            statistic = STATISTICS.get(m.target.statistic, m.target.statistic)
            measure = m.measure

            def words(report: Report) -> str:
                shown = _objective(report, within.label, m.name, None).get("actual", value)
                return (
                    f"if the {statistic} of the `{measure}` measurements in "
                    f"{period_words(within.label)} is {shown}"
                )

            self.describe.append(words)
        return True

    # ------------------------------------------------------------------ timers
    def _row(self, t: n.Timer) -> tuple[n.TimerRow, Needs] | None:
        kind = "every" if t.recurring is not None else "within"
        base = satisfy(t.only_when, self.scope)
        for row in t.rows:
            if row.kind != kind or base is None:
                continue
            needs = base.merge(satisfy(row.guard, self.scope))
            if needs is not None and row.level is not None:
                needs = needs.merge(Needs(facts=(("severity", row.level.name),)))
            if needs is not None:
                return row, needs
        return None

    def _deadline(self, row: n.TimerRow, start: datetime) -> datetime | None:
        limit = self.resolver.resolve(row.limit)
        if not isinstance(limit, n.Duration):
            return None
        calendar = self.calendars.get(row.calendar.name) if row.calendar is not None else None
        if calendar is not None and limit.unit in ("day", "week"):
            days = int(limit.amount) * (7 if limit.unit == "week" else 1)
            return calendar.add_open_days(start, days)
        length = duration_of(limit)
        if length is None:
            return None
        return start + length if calendar is None else calendar.deadline(start, length)

    def late(
        self, name: str, step: object, factor: Decimal, index: int = 0, quiet: bool = False
    ) -> bool:
        """A ticket (or outage) of the timer that misses its limit by `factor` steps."""
        t = self.decls.get(name)
        if not isinstance(t, n.Timer) or (t.start is None and t.recurring is None):
            return False
        found = self._row(t)
        if found is None:
            return False
        row, needs = found
        size = duration_of(step) if isinstance(step, n.Duration) else None
        excess = scale(size or HOUR, factor)
        within = self.period(None, index)
        opened = self.workday(within)
        if row.calendar is not None:
            opened = self.find_instant(row.calendar.name, True, opened) or opened
        start_kind = t.recurring.start if t.recurring is not None else t.start or ""
        stop_kind = t.recurring.stop if t.recurring is not None else t.stops[0]
        service = t.services[0].name if t.services else None
        if start_kind.startswith("outage."):
            deadline = self._deadline(row, opened)
            if deadline is None:
                return False
            ref = self.outage(service, opened, deadline + excess - opened, needs)
            started = opened
        else:
            ref, _ = self.open_ticket(needs, opened, service)
            started = opened if start_kind == "ticket.opened" else opened + timedelta(minutes=5)
            if start_kind != "ticket.opened":
                self._ticket_event(start_kind, started, ref, None)
            deadline = self._deadline(row, started)
            if deadline is None:
                return False
            cause = needs.fact("cause")
            self._ticket_event(
                stop_kind, deadline + excess, ref, cause if isinstance(cause, str) else None
            )
        if not quiet:
            self.describe.append(self._late_words(t, ref, start_kind, stop_kind, row))
        return True

    def _late_words(
        self, t: n.Timer, ref: str, start: str, stop: str, row: n.TimerRow
    ) -> Callable[[Report], str]:
        subject = "an outage" if start.startswith("outage.") else "a ticket"
        level = f" ({self.names.level(row.level.name)})" if row.level is not None else ""

        def words(report: Report) -> str:
            for label, found in report.items():
                for objective in found["objectives"]:
                    for breach in objective["breaches"] if objective["name"] == t.name else []:
                        if breach["ref"] == ref:
                            return (
                                f"if {subject}{level} takes {iso_words(breach['actual'])} from "
                                f"when {event(start)} until {event(stop)}, "
                                f"{iso_words(breach['excess'])} past its limit of "
                                f"{iso_words(breach['limit'])} (in {period_words(label)})"
                            )
            return f"if {subject}{level} goes past its limit in {self.names.title(t.name)}"

        return words

    # ------------------------------------------------------------------ counts and conditions
    def raise_flag(self, name: str) -> bool:
        c = self.decls.get(name)
        if not isinstance(c, n.Count) or c.threshold is None:
            return False
        number = plain(self.resolver.resolve(c.threshold.number))
        if not isinstance(number, Decimal):
            return False
        many = int(number) + (1 if c.threshold.kind == "more_than" else 0)
        if c.subject == "periods":
            if not c.objectives:
                return False
            first = c.objectives[0].name
            for index in range(many):
                if not self.fail(first, index, quiet=True):
                    return False
            labels = [self.period(c.period, i).label for i in (0, many - 1)]
            self.describe.append(
                lambda report: (
                    f"if {self.names.title(first)} is not met in {many} {period(c.period)}s in "
                    f"a row ({period_words(labels[0])} to {period_words(labels[1])})"
                )
            )
            return True
        needs = satisfy(c.where, self.scope)
        if needs is None:
            return False
        window = duration_of(self.resolver.resolve(c.threshold.window)) or timedelta(days=28)
        spacing = min(timedelta(days=1), window / (many + 1))
        first_at = self.workday(self.period(c.period))
        for i in range(many):
            at = first_at + i * spacing
            if needs.opened is not None:
                at = self.find_instant(needs.opened[0], needs.opened[1], at) or at
            if c.subject == "outages":
                self.outage(self._first_service(), at, timedelta(minutes=10), needs)
            else:
                self.open_ticket(needs, at)
        things = "outages" if c.subject == "outages" else "tickets"
        where = f" where {describe_condition(c.where, self.names)}" if c.where else ""
        verb = "start" if things == "outages" else "are opened"
        gap = timedelta_words(spacing)
        self.describe.append(
            lambda report: (
                f"if {many} {things}{where} {verb}, {gap} apart from {day_text(first_at.date())}"
            )
        )
        return True

    def meet(self, needs: Needs) -> None:
        for name in needs.fail:
            self.fail(name)
        for flag in needs.flags:
            self.raise_flag(flag)

    def charged_ticket(
        self, formula: n.PerUnitRate, minimum: n.AmountOf | None, needs: Needs
    ) -> bool:
        """A ticket the charge applies to, worked for its minimum and 1.5 steps more."""
        first = self.workday(self.period(None))
        opened: datetime | None = first
        if needs.opened is not None:
            opened = self.find_instant(needs.opened[0], needs.opened[1], first)
        if opened is None:
            return False
        stop_is_resolved = formula.stop == "ticket.resolved"
        ticket, level = self.open_ticket(needs, opened, link_cause=not stop_is_resolved)
        step = duration_of(self.resolver.resolve(formula.step)) or HOUR
        least = duration_of(self.resolver.resolve(minimum.value)) if minimum else None
        worked = (least or timedelta(0)) + scale(step, Decimal("1.5"))
        started = opened
        if formula.start != "ticket.opened":
            started = opened + timedelta(minutes=15)
            self._ticket_event(formula.start, started, ticket, None)
        cause = needs.fact("cause")
        self._ticket_event(
            formula.stop, started + worked, ticket, cause if isinstance(cause, str) else None
        )
        self.describe.append(self._charge_words(needs, level, opened, worked, formula))
        return True

    def _charge_words(
        self,
        needs: Needs,
        level: str | None,
        opened: datetime,
        worked: timedelta,
        formula: n.PerUnitRate,
    ) -> Callable[[Report], str]:
        what = f"a {self.names.level(level)} ticket" if level else "a ticket"
        zone = self.zone
        where = ""
        named = needs.opened[0] if needs.opened is not None else None
        if needs.opened is not None and named is not None and named in self.calendars:
            calendar = self.calendars[named]
            zone = calendar.zone
            side = "inside" if needs.opened[1] else "outside"
            where = f"{side} {self.names.title(calendar.name)}"
        local = opened.astimezone(zone)
        when = f"{day_text(local.date())} at {local:%H:%M} {zone_name(zone.key)}"
        when += f", {where}," if where else ""
        cause = needs.fact("cause")
        because = f", with cause `{cause}`" if isinstance(cause, str) else ""
        text = (
            f"if {what} opened on {when} takes {timedelta_words(worked)} from when "
            f"{event(formula.start)} until {event(formula.stop)}{because}"
        )
        return lambda report: text
