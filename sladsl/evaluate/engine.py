"""The evaluator: a contract compiled once into operators, run over an event stream.

Input: a checked `nodes.Contract`, the run's `Params`, an `EventStream`, and the report options
(`--period`, `--from`, `--to`, `--customer`). Output: the report of interface.md section 3, as a
dict in a stable key order (every number a decimal string, every duration ISO 8601).

Invariants: the AST is read once, when compiling; events are dispatched by type to the operators
that need them; each customer of the stream is evaluated on its own state; every line the
evaluator refuses goes back to the stream as a rejection, so the counts always balance, and has
no effect on any figure (not on the horizon, a customer's first event, or which customers the
report lists); the report never depends on the clock (no accepted event and no --from/--to:
no period).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import Decimal
from typing import Any

from sladsl import nodes as n
from sladsl.business_time import BusinessCalendar, load_zone
from sladsl.evaluate.availability import AvailabilityOperator, AvailabilityResult
from sladsl.evaluate.claims import ClaimVerdict, ClaimWindows
from sladsl.evaluate.conditions import NoFacts, Resolver, duration_of
from sladsl.evaluate.counts import PeriodsInARow, WindowCount
from sladsl.evaluate.metrics import MetricOperator, MetricResult
from sladsl.evaluate.outages import OutageTracker
from sladsl.evaluate.params import Params
from sladsl.evaluate.periods import CalendarCycle, Cycle, Period, RollingCycle, rolling_step
from sladsl.evaluate.remedies import (
    CapRule,
    ChargeOperator,
    RemedyAssessor,
    RemedyOutcome,
    TermUsage,
    apply_caps,
)
from sladsl.evaluate.report_format import (
    decimal_text,
    instant,
    iso_duration,
    money,
    percent_text,
)
from sladsl.evaluate.tickets import TicketTracker
from sladsl.evaluate.timers import Breach, TimerOperator
from sladsl.events import EventStream
from sladsl.events.records import (
    EVENT_CLASSES,
    ClaimSubmitted,
    Event,
    MaintenanceAnnounced,
    Measurement,
    OutageEnd,
    OutageStart,
    OutageUpdate,
    TicketEvent,
    TicketOpened,
)

_PLURALS = {"credits": "credit", "refunds": "refund", "extensions": "extension",
            "charges": "charge", "remedies": None}  # fmt: skip


class CustomerRun:
    """The state of one customer's evaluation: trackers and operators, built from the AST once."""

    def __init__(
        self,
        contract: n.Contract,
        params: Params,
        calendars: Mapping[str, BusinessCalendar] | None = None,
        origin: datetime | None = None,
    ) -> None:
        """`calendars` (from `contract_calendars`) may be shared by every customer's run: a
        calendar's tables are built once a year is first used, and never change after.
        `origin` (`--from`) is where rolling windows begin; without it, at the first event."""
        header = contract.header
        self.contract = contract
        self.origin = origin
        self.zone = load_zone((header.zone if header else None) or "UTC")
        self.currency = header.currency if header else None
        if calendars is None:
            calendars = contract_calendars(contract)
        self.resolver = resolver = Resolver(params, calendars)
        exclusions = {d.name: d for d in contract.declarations if isinstance(d, n.Exclusion)}
        aliases = component_services(contract)
        self.outages = OutageTracker(aliases)
        self.tickets = TicketTracker(contract, resolver, self.outages)
        self.availability: dict[str, AvailabilityOperator] = {}
        self.availability_units: dict[str, str] = {}
        self.metrics: dict[str, MetricOperator] = {}
        self.metric_units: dict[str, str] = {}
        self.timers: dict[str, TimerOperator] = {}
        self.windows: dict[str, WindowCount] = {}
        self.in_a_row: dict[str, PeriodsInARow] = {}
        self.assessors: list[tuple[RemedyAssessor, str]] = []
        self.charges: list[ChargeOperator] = []
        self.units: list[str] = []  # the keys of the cycles the report lists, in order
        self.cycles: dict[str, Cycle] = {}
        for d in contract.declarations:
            if isinstance(d, n.Availability):
                unit = self.availability_units[d.name] = self._unit(d.period)
                self.availability[d.name] = AvailabilityOperator(
                    d, resolver, exclusions, self.outages, self.cycles[unit]
                )
            elif isinstance(d, n.Metric):
                unit = self.metric_units[d.name] = self._unit(d.period)
                self.metrics[d.name] = MetricOperator(
                    d, resolver, _period_of(self.cycles[unit]), aliases
                )
            elif isinstance(d, n.Timer):
                self.timers[d.name] = TimerOperator(
                    d, resolver, self.tickets, self.outages, exclusions
                )
            elif isinstance(d, n.Count) and d.subject == "periods":
                self.in_a_row[d.name] = PeriodsInARow(d, resolver, self._cycle(d.period).key)
            elif isinstance(d, n.Count) and d.threshold is not None:
                self.windows[d.name] = WindowCount(d, resolver, self.tickets, self.outages)
        if not self.units:
            self._unit(None)  # no objective with periods: calendar months
        for d in contract.declarations:
            if isinstance(d, n.Remedy) and isinstance(d.formula, n.PerUnitRate):
                self.charges.append(ChargeOperator(d, resolver, self.tickets, self.currency))
            elif isinstance(d, n.Remedy):
                self.assessors.append(
                    (RemedyAssessor(d, resolver, self.currency), self._remedy_unit(d))
                )
        own_caps = [
            self._own_cap(d) for d in contract.declarations if isinstance(d, n.Remedy) and d.cap
        ]
        self.caps = own_caps + [self._cap(d) for d in contract.declarations if isinstance(d, n.Cap)]
        claims = [d for d in contract.declarations if isinstance(d, n.Claims)]
        self.claim_windows = ClaimWindows(claims, resolver, self.zone)
        self.claims: list[ClaimVerdict] = []
        self.first: datetime | None = None  # the time of the customer's first accepted event
        self.labels: list[str] = []  # the labels of the periods worked out, once reported
        self.term_used = TermUsage()
        outages, tickets = self.outages, self.tickets
        handlers: dict[type[Event], Callable[[Any], str | None]] = {
            OutageStart: outages.start,
            OutageUpdate: outages.update,
            OutageEnd: outages.end,
            MaintenanceAnnounced: outages.announce,
            TicketOpened: tickets.opened,
            Measurement: self._measurement if self.metrics else _ignore,
            ClaimSubmitted: self._claim,
        }
        for cls in EVENT_CLASSES.values():  # every other type is a ticket's
            if cls not in handlers and issubclass(cls, TicketEvent):
                handlers[cls] = tickets.handler(cls)
        self.handlers: Mapping[type[Event], Callable[[Any], str | None]] = handlers

    # ------------------------------------------------------------------ compiling helpers
    def _unit(self, period: n.Period | None) -> str:
        """The key of a `per ...` statement's cycle, listed in the report (months without one)."""
        key = self._cycle(period).key
        if key not in self.units:
            self.units.append(key)
        return key

    def _cycle(self, period: n.Period | None) -> Cycle:
        """A `per ...` statement's cycle, made once per key."""
        cycle: Cycle = CalendarCycle("month", self.zone)
        if isinstance(period, n.CalendarPeriod):
            cycle = CalendarCycle(period.unit, self.zone)
        elif isinstance(period, n.RollingPeriod):
            cycle = self._rolling(period)
        return self.cycles.setdefault(cycle.key, cycle)

    def _rolling(self, period: n.RollingPeriod) -> Cycle:
        length = self.resolver.resolve(period.length)
        step: tuple[str, int] | timedelta | None = None
        if isinstance(length, n.Duration) and length.amount == length.amount.to_integral_value():
            step = rolling_step(int(length.amount), length.unit)
        if step is None:
            step = duration_of(length)
        if step is None:
            return CalendarCycle("month", self.zone)  # not a duration: the checker refuses it
        empty = step <= timedelta(0) if isinstance(step, timedelta) else step[1] <= 0
        if empty:  # a length of nothing (a parameter given as 0d): the checker's are positive
            return CalendarCycle("month", self.zone)
        return RollingCycle(step, self.zone, lambda: self.origin or self.first)

    def _remedy_unit(self, remedy: n.Remedy) -> str:
        if remedy.period is not None:
            return self._unit(remedy.period)
        formula = remedy.formula
        objective = None
        if isinstance(formula, n.PerUnitShare):
            objective = formula.shortfall.objective.name
        elif isinstance(formula, n.UnavailableTime):
            objective = formula.objective.name
        elif remedy.based_on is not None:
            objective = remedy.based_on.name
        if objective in self.availability_units:
            return self.availability_units[objective]
        if objective in self.metric_units:
            return self.metric_units[objective]
        return self.units[0]  # the first objective's periods (calendar months without one)

    def _cap(self, cap: n.Cap) -> CapRule:
        names = {r.name for r in cap.applies_to}
        kind = _PLURALS.get(cap.applies_to_all or "", "")

        def covers(outcome: RemedyOutcome) -> bool:
            if names:
                return outcome.name in names
            return kind is None or outcome.kind == kind

        limit = functools.partial(self._limit, cap.limit)
        return CapRule(cap.name, limit, covers, cap.scope == "term")

    def _own_cap(self, remedy: n.Remedy) -> CapRule:
        """A remedy's own `cap`: a limit on that remedy alone, applied before the cap clauses."""
        name = remedy.name

        def covers(outcome: RemedyOutcome) -> bool:
            return outcome.name == name

        limit = functools.partial(self._limit, remedy.cap)
        return CapRule(name, limit, covers, remedy.cap_scope == "term", "its own cap")

    def _limit(self, node: n.AmountOf | None) -> Decimal | timedelta | None:
        """A cap's limit, resolved when the cap is applied: money, a share of money, or time."""
        if node is None:
            return None
        value = self.resolver.resolve(node.value)
        if node.base is not None:
            base = self.resolver.resolve(node.base)
            if not isinstance(base, n.Money) or not isinstance(value, n.Percent):
                return None
            return base.amount * value.value / 100
        return value.amount if isinstance(value, n.Money) else duration_of(value)

    # ------------------------------------------------------------------ running
    def feed(self, event: Event) -> str | None:
        """Apply one event (in time order); a rejection reason, or None. The first event
        accepted is the customer's first (a rejected one has no effect, on that either)."""
        reason = self.handlers[type(event)](event)
        if reason is None and self.first is None:
            self.first = event.at
        return reason

    def _measurement(self, event: Measurement) -> None:
        for metric in self.metrics.values():
            metric.feed(event)

    def _claim(self, event: ClaimSubmitted) -> None:
        self.claims.append(self.claim_windows.judge(event.period, event.at))

    def finish(self, horizon: datetime) -> None:
        self.outages.finish(horizon)
        for timer in self.timers.values():
            timer.finish(horizon)
        for count in self.windows.values():
            count.finish(horizon)

    def report(
        self, start: datetime, horizon: datetime, only: str | None
    ) -> tuple[Iterator[dict[str, Any]], list[dict[str, Any]]]:
        """The periods' reports (made as they are taken, in order) and the claims' verdicts."""
        periods = sorted(
            {p for unit in self.units for p in self.cycles[unit].periods(start, horizon)},
            key=lambda p: (p.label, p.start),
        )
        for count in self.in_a_row.values():
            own = list(self.cycles[count.unit].periods(start, horizon))
            count.decide(own, functools.partial(self._any_missed, count.objectives))
        self.labels = [p.label for p in periods]
        # Every period is worked out (caps over the term count what came before), one shown.
        out = map(self._period, periods)
        reports = (r for p, r in zip(periods, out, strict=True) if only is None or p.label == only)
        claims = [
            {"period": c.period, "at": instant(c.at), "valid": c.valid, "reason": c.reason}
            for c in self.claims
        ]
        return reports, claims

    # ------------------------------------------------------------------ one period
    def _met(self, name: str, period: Period) -> bool | None:
        if name in self.availability:
            operator = self.availability[name]
            if self.availability_units[name] != period.unit:
                return None
            return all(operator.result(s, period).met for s in operator.services)
        if name in self.metrics:
            if self.metric_units[name] != period.unit:
                return None
            return self.metrics[name].result(period).met
        if name in self.timers:
            return not self._breaches(name, period)
        return None

    def _any_missed(self, objectives: list[str], period: Period) -> bool:
        return any(self._met(name, period) is False for name in objectives)

    def _breaches(self, name: str, period: Period) -> list[Breach]:
        return [b for b in self.timers[name].breaches if period.contains(b.deadline)]

    def _period(self, period: Period) -> dict[str, Any]:
        unit = period.unit
        results = _Results(self, period)
        objectives: list[dict[str, Any]] = []
        for name, operator in self.availability.items():
            if self.availability_units[name] != unit:
                continue
            for service in operator.services:
                objectives.append(_availability(operator.result(service, period)))
        for name, metric in self.metrics.items():
            if self.metric_units[name] == unit:
                objectives.append(_metric(metric.result(period), sorted(metric.services)))
        for name, timer in self.timers.items():
            objectives.append(_timer(timer, self._breaches(name, period)))
        for name, count in self.windows.items():
            objectives.append(_count(name, count.flag_in(period)))
        outcomes: list[RemedyOutcome] = []
        for assessor, assessed in self.assessors:
            if assessed == unit:
                outcomes += assessor.assess(results)
        if unit == self.units[0]:
            for charge in self.charges:
                outcomes += charge.in_period(period)
        outcomes = apply_caps(outcomes, self.caps, self.term_used)
        credits = [o for o in outcomes if o.kind == "credit"]
        total_percent = sum((o.percent or Decimal(0) for o in credits), Decimal(0))
        total_amount = sum((o.amount or Decimal(0) for o in credits), Decimal(0))
        return {
            "period": period.label,
            "start": instant(period.start),
            "end": instant(period.end),
            "objectives": objectives,
            "remedies": [_remedy(o) for o in outcomes],
            "credit_total": {
                "percent": percent_text(total_percent),
                "amount": decimal_text(money(total_amount, self.currency))
                if self.currency
                else None,
                "currency": self.currency,
            },
        }


def _ignore(event: Event) -> None:
    """The handler of events no operator of the contract uses (measurements, with no metric)."""


def contract_calendars(contract: n.Contract) -> dict[str, BusinessCalendar]:
    """The contract's calendars, ready for arithmetic (one set for all customers of a run)."""
    header = contract.header
    zone = (header.zone if header else None) or "UTC"
    return {
        d.name: BusinessCalendar.from_node(d, zone)
        for d in contract.declarations
        if isinstance(d, n.Calendar)
    }


def component_services(contract: n.Contract) -> dict[str, str]:
    """Each component's service: an event that names a component counts for its service."""
    return {
        c.name: d.name
        for d in contract.declarations
        if isinstance(d, n.Service)
        for c in d.components
    }


def _period_of(cycle: Cycle) -> Callable[[Measurement], Period]:
    period = cycle.period

    def period_of(event: Measurement) -> Period:
        return period(event.at)

    return period_of


class _Results(NoFacts):
    """A period's results, as remedies and their conditions see them."""

    def __init__(self, run: CustomerRun, period: Period) -> None:
        self.run, self.period = run, period

    def availability(self, name: str) -> list[AvailabilityResult]:
        operator = self.run.availability.get(name)
        if operator is None or self.run.availability_units[name] != self.period.unit:
            return []
        return [operator.result(s, self.period) for s in operator.services]

    def metric(self, name: str) -> MetricResult | None:
        metric = self.run.metrics.get(name)
        if metric is None or self.run.metric_units[name] != self.period.unit:
            return None
        return metric.result(self.period)

    def breaches(self, name: str) -> list[Breach]:
        return self.run._breaches(name, self.period) if name in self.run.timers else []

    def is_met(self, objective: str) -> bool | None:
        return self.run._met(objective, self.period)

    def flag(self, name: str) -> bool:
        if name in self.run.windows:
            return self.run.windows[name].flag_in(self.period)
        if name in self.run.in_a_row:
            return self.run.in_a_row[name].flag_in(self.period)
        return self.run._met(name, self.period) is False


# --------------------------------------------------------------------------- report entries


def _availability(result: AvailabilityResult) -> dict[str, Any]:
    return {
        "name": result.objective,
        "kind": "availability",
        "service": result.service,
        "target": decimal_text(result.target),
        "actual": decimal_text(result.shown),
        "met": result.met,
        "downtime": iso_duration(result.downtime),
        "excluded": iso_duration(result.excluded),
        "breaches": [],
    }


def _metric(result: MetricResult, services: list[str]) -> dict[str, Any]:
    return {
        "name": result.objective,
        "kind": "metric",
        "service": services[0] if len(services) == 1 else None,
        "target": decimal_text(result.target),
        "actual": None if result.actual is None else decimal_text(result.actual.normalize()),
        "met": result.met,
        "breaches": [],
    }


def _timer(timer: TimerOperator, breaches: Iterable[Breach]) -> dict[str, Any]:
    # One target only when every row is the same limit of hours: a row of open days, or one
    # with no limit, makes the levels differ in kind, and no one duration speaks for them.
    limits = {(r.limit, r.days) for r in timer.rows}
    (limit, days) = next(iter(limits)) if len(limits) == 1 else (None, None)
    listed = [
        {
            "ref": b.ref,
            "level": b.level,
            "limit": iso_duration(b.limit),
            "actual": iso_duration(b.actual),
            "excess": iso_duration(b.excess),
            "deadline": instant(b.deadline),
            "open": b.open,
        }
        for b in sorted(breaches, key=lambda b: (b.deadline, b.ref))
    ]
    return {
        "name": timer.name,
        "kind": "timer",
        "service": None,
        "target": iso_duration(limit) if limit is not None and days is None else None,
        "actual": None,
        "met": not listed,
        "breaches": listed,
    }


def _count(name: str, holds: bool) -> dict[str, Any]:
    return {"name": name, "kind": "count", "service": None, "target": None, "actual": None,
            "met": not holds, "breaches": []}  # fmt: skip


def _remedy(outcome: RemedyOutcome) -> dict[str, Any]:
    return {
        "name": outcome.name,
        "kind": outcome.kind,
        "percent": None if outcome.percent is None else percent_text(outcome.percent),
        "amount": None if outcome.amount is None else decimal_text(outcome.amount),
        "currency": outcome.currency if outcome.amount is not None else None,
        "duration": None if outcome.duration is None else iso_duration(outcome.duration),
        "reason": outcome.reason,
    }


# --------------------------------------------------------------------------- the whole run


class Evaluation:
    """A stream run through the contract, its report still to be made.

    `head` holds the report's first keys (`contract`, `events`, `rejected`); `per_customer`
    says whether the report has the `customers` shape (several customers) or the single one;
    `sections()` makes one customer's `{"customer", "periods", "claims"}` at a time, in customer
    order, `periods` an iterator that makes each period's report as it is taken, and lets go of
    that customer's state once its section is done, so that a writer holds one period at a time
    (`report_json.write_json`). Sections can be made once.
    """

    def __init__(
        self,
        head: dict[str, Any],
        runs: dict[str | None, CustomerRun],
        per_customer: bool,
        span: tuple[datetime | None, datetime | None, datetime | None, str | None],
    ) -> None:
        """`span`: `--from`, `--to`, the latest `at` accepted, `--period`."""
        self.head = head
        self.per_customer = per_customer
        self.labels: set[str] = set()  # every period worked out, of the sections made so far
        self._runs = runs
        self._span = span
        self._nothing_accepted = all(run.first is None for run in runs.values())

    @property
    def nothing_accepted(self) -> bool:
        """No customer evaluated has an accepted event (its span is then --from/--to alone)."""
        return self._nothing_accepted

    def sections(self) -> Iterator[dict[str, Any]]:
        """A customer's span runs from `--from`, else its first accepted event, to the horizon:
        `--to`, else the latest event accepted. One with no accepted event (no event at all, or
        every one rejected) has the span of `--from`/`--to` alone (one of them: the period that
        holds it), and with neither no span: no period, never one of the clock's."""
        start, end, latest, period = self._span
        runs = self._runs
        for key in sorted(runs, key=_customer_order):
            run = runs.pop(key)
            if run.first is None:
                first, run_end = start or end, end or start
            else:
                first, run_end = start or run.first, end or latest
            if first is None or run_end is None:
                yield {"customer": key, "periods": iter(()), "claims": []}
                continue
            run.finish(run_end)
            periods, claims = run.report(
                first, max(run_end, first + timedelta(microseconds=1)), period
            )
            self.labels.update(run.labels)
            yield {"customer": key, "periods": periods, "claims": claims}

    def report(self) -> dict[str, Any]:
        """The whole report as one dict (interface.md section 3)."""
        report = dict(self.head)
        sections = [{**s, "periods": list(s["periods"])} for s in self.sections()]
        if self.per_customer:
            report["customers"] = sections
        else:
            (section,) = sections
            report["periods"] = section["periods"]
            report["claims"] = section["claims"]
        return report


# Periods and calendars work in the years 2-9998; events outside them are rejected.
_FIRST_INSTANT = datetime(2, 1, 1, tzinfo=UTC)
_PAST_LAST_INSTANT = datetime(9999, 1, 1, tzinfo=UTC)


def _within_years(batch: list[Event], stream: EventStream) -> list[Event]:
    kept = []
    for event in batch:
        if _FIRST_INSTANT <= event.at < _PAST_LAST_INSTANT:
            kept.append(event)
        else:
            stream.reject(event, "`at` is outside the years evaluated (0002-9998)")
    return kept


def report_cycles(contract: n.Contract, params: Params) -> list[str]:
    """The keys of the cycles whose periods the report lists (`month`, `rolling/P28D`...), in
    the order the contract first states them."""
    return list(CustomerRun(contract, params).units)


def _customer_order(key: str | None) -> tuple[bool, str]:
    """Customers by name; events that name none come first (`"customer": null`)."""
    return key is not None, key or ""


def _ambiguity_note(at: datetime, zone: tzinfo | None) -> str:
    """What a rejection adds when `at`, in the zone of local times, is a local time that happens
    twice and `at` is its first occurrence: the reader took a time written without an offset so
    (as documented), which may have put the event before one it follows (DST fall-back)."""
    if zone is None:
        return ""
    local = at.astimezone(zone)
    if local.fold:
        return ""  # the second occurrence: written with its offset, not read as local time
    second = local.replace(tzinfo=None).replace(tzinfo=zone, fold=1)
    if second.utcoffset() == local.utcoffset():
        return ""
    wall = local.replace(tzinfo=None).isoformat(sep=" ")
    return (
        f"; note: {wall} happens twice in {zone} (the clocks go back), and a local time"
        f" without an offset is read as the first, {local.isoformat()} ({instant(at)});"
        f" write {second.isoformat()} for the second"
    )


def run_stream(
    contract: n.Contract,
    params: Params,
    stream: EventStream,
    *,
    period: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    customer: str | None = None,
) -> Evaluation:
    """Run every event of the stream through each customer's operators (the hot loop).

    A line the evaluator rejects has no effect on any figure: the horizon is the latest `at`
    of the events accepted (with `--customer`, of any customer's, as the reader accepted them),
    a customer's first event is its first accepted one, and a customer with no accepted event
    has no section in the report."""
    runs: dict[str | None, CustomerRun] = {}
    calendars = contract_calendars(contract)
    latest: datetime | None = None
    handlers_of: dict[str | None, Mapping[type[Event], Callable[[Any], str | None]]] = {}
    zone = stream.zone  # of local times (--tz): a rejection of one that is ambiguous says so
    for whole in stream.batches():  # CustomerRun.feed, inlined
        if whole[0].at < _FIRST_INSTANT or whole[-1].at >= _PAST_LAST_INSTANT:
            whole = _within_years(whole, stream)
            if not whole:
                continue
        batch = whole
        if end is not None and whole[-1].at > end:
            batch = [event for event in batch if event.at <= end]  # beyond --to: no effect
        if customer is not None:
            batch = [event for event in batch if event.customer == customer]
        refused: set[int] | None = None  # the events of this batch rejected (by `id`)
        for event in batch:
            handlers = handlers_of.get(event.customer)
            if handlers is None:  # a customer with no accepted event yet: the slow way
                run = runs.get(event.customer)
                if run is None:
                    run = runs[event.customer] = CustomerRun(contract, params, calendars, start)
                reason = run.feed(event)
                if reason is None:
                    handlers_of[event.customer] = run.handlers
            else:
                reason = handlers[type(event)](event)
            if reason is not None:
                stream.reject(event, reason + _ambiguity_note(event.at, zone))
                if refused is None:
                    refused = set()
                refused.add(id(event))
        # The horizon is the same for every customer: the latest event accepted.
        if refused is None:
            latest = whole[-1].at
        else:
            kept = next((e.at for e in reversed(whole) if id(e) not in refused), None)
            if kept is not None:
                latest = kept
    runs = {key: run for key, run in runs.items() if run.first is not None}
    if not runs:
        runs[customer] = CustomerRun(contract, params, calendars, start)
    header = contract.header
    head: dict[str, Any] = {
        "contract": header.name if header else None,
        "events": {
            "read": stream.read,
            "accepted": stream.accepted,
            "duplicates": stream.duplicates,
            "rejected": stream.rejected,
        },
        "rejected": [r.to_dict() for r in stream.rejections],
    }
    per_customer = len(runs) > 1
    return Evaluation(head, runs, per_customer, (start, end, latest, period))


def evaluate(
    contract: n.Contract,
    params: Params,
    stream: EventStream,
    *,
    period: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    customer: str | None = None,
) -> dict[str, Any]:
    """The report of interface.md section 3, as one dict."""
    return run_stream(
        contract, params, stream, period=period, start=start, end=end, customer=customer
    ).report()
