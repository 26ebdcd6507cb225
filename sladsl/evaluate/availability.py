"""Availability objectives: downtime per service and period, and the availability it leaves.

Input: an `Availability` clause made concrete for a run, and each outage as it ends (from
`OutageTracker`), with the announced maintenance windows. Output: `AvailabilityResult` per
service and period, as docs/semantics.md section 4 defines it.

Invariants: overlapping outages of one service count once (downtime is a union of intervals);
downtime is cut at period boundaries; all arithmetic is on exact instants and Decimals.
Memory: intervals are kept per period of the objective, and only while an outage can still reach
the period (it has not ended, or an outage that started before its end is still open); then the
period is folded into its downtime and excluded time. A period with no outage holds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import attrs

from sladsl import nodes as n
from sladsl.evaluate.conditions import NoFacts, Resolver, duration_of, plain
from sladsl.evaluate.outages import Maintenance, Outage, OutageTracker
from sladsl.evaluate.periods import CalendarCycle, Cycle, Period

Interval = tuple[datetime, datetime]
FOUR_PLACES = Decimal("0.0001")
_LATEST = datetime.max.replace(tzinfo=UTC)


@attrs.frozen
class AvailabilityResult:
    objective: str
    service: str
    period: Period
    target: Decimal
    actual: Decimal  # exact; `shown` is what the report prints
    downtime: timedelta
    excluded: timedelta
    total: timedelta

    @property
    def met(self) -> bool:
        return self.actual >= self.target

    @property
    def shown(self) -> Decimal:
        return self.actual.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


@attrs.frozen
class _OutageFacts(NoFacts):
    """The facts a `down when` condition may test about one segment of an outage."""

    affected: Decimal  # percent
    cause: str
    service: str | None
    duration: timedelta
    start: datetime

    def fact(self, path: tuple[str, ...]) -> object | None:
        name = path[-1] if len(path) == 1 or path[0] == "outage" else None
        return {
            "affected": self.affected,
            "cause": self.cause,
            "service": self.service,
            "duration": self.duration,
        }.get(name or "")

    def opened_at(self) -> datetime | None:
        return self.start


class AvailabilityOperator:
    """Collects the downtime of one availability clause, for each of its services."""

    def __init__(
        self,
        node: n.Availability,
        resolver: Resolver,
        exclusions: Mapping[str, n.Exclusion],
        tracker: OutageTracker,
        cycle: Cycle | None = None,
    ) -> None:
        """`cycle`: the objective's periods (calendar months in UTC without one)."""
        self.name = node.name
        self.services = [s.name for s in node.services]
        target = plain(resolver.resolve(node.target))
        assert isinstance(target, Decimal), "the checker guarantees a percentage target"
        self.target = target
        self.down = resolver.compile_condition(node.down_when)
        chosen = [exclusions[e.name] for e in node.excluding if e.name in exclusions]
        self.excluded_causes = {c.name for e in chosen for c in e.causes}
        self.notices: list[timedelta] = [
            duration_of(resolver.resolve(e.notice)) or timedelta(0) for e in chosen if e.maintenance
        ]
        self.granularity = duration_of(resolver.resolve(node.granularity))
        self.less_excluded = node.total_less_excluded
        self.tracker = tracker
        self.cycle = cycle or CalendarCycle("month", UTC)
        self.unit = self.cycle.key
        # Periods an outage may still reach: their (down, excluded) intervals, cut to the period.
        self.pending: dict[str, dict[Period, tuple[list[Interval], list[Interval]]]] = {
            s: {} for s in self.services
        }
        # Periods no outage can reach any more: their downtime and excluded time.
        self.settled: dict[str, dict[Period, tuple[timedelta, timedelta]]] = {
            s: {} for s in self.services
        }
        self._settle_at = _LATEST  # the earliest end of a pending period
        self._last = Period(_LATEST, _LATEST, "", self.unit)  # the latest interval's period
        tracker.listeners.append(self.on_outage)

    def on_outage(self, outage: Outage, end: datetime) -> None:
        services = self.services if outage.service is None else [outage.service]
        for service in services:
            if service in self.pending:
                self._add(outage, end, service)
        if end >= self._settle_at:
            self._settle(end)

    def _add(self, outage: Outage, end: datetime, service: str) -> None:
        duration = end - outage.start
        for start, stop, segment in outage.pieces(end):
            if stop <= start:
                continue
            facts = _OutageFacts(segment.affected * 100, segment.cause, service, duration, start)
            if not self.down(facts):
                continue  # not downtime, so not excluded downtime either
            if segment.cause in self.excluded_causes:
                self._keep(service, 1, start, stop)
                continue
            kept, removed = _subtract([(start, stop)], self._maintenance(service, outage.start))
            for a, b in kept:
                self._keep(service, 0, a, b)
            for a, b in removed:
                self._keep(service, 1, a, b)

    def _keep(self, service: str, kind: int, start: datetime, stop: datetime) -> None:
        """Hold an interval (kind 0 down, 1 excluded), cut at the periods it crosses."""
        pending = self.pending[service]
        period = self._last
        if not period.start <= start < period.end:  # most outages fall in the latest period
            period = self._last = self.cycle.period(start)
        while True:
            held = pending.get(period)
            if held is None:
                held = pending[period] = ([], [])
                self._settle_at = min(self._settle_at, period.end)
            held[kind].append((max(start, period.start), min(stop, period.end)))
            if stop <= period.end:
                return
            period = self.cycle.period(period.end)

    def _settle(self, now: datetime) -> None:
        """Fold the periods that ended before `now` and before any open outage started."""
        starts = [outage.start for outage in self.tracker.open.values()]
        reach = min([now, *starts])
        self._settle_at = _LATEST
        for service, pending in self.pending.items():
            for period in [p for p in pending if p.end <= reach]:
                down, excluded = pending.pop(period)
                self.settled[service][period] = self._measure(down, excluded, period)
            for period in pending:
                self._settle_at = min(self._settle_at, period.end)

    def _maintenance(self, service: str, at: datetime) -> list[Interval]:
        """Announced windows of this service that excluded maintenance with its notice covers, among
        those announced by `at` (the outage's start: a later notice does not excuse it)."""
        if not self.notices:
            return []
        notice = min(self.notices)
        return [
            (m.start, m.end)
            for m in self.tracker.maintenance
            if _for_service(m, service) and m.announced <= m.start - notice and m.announced <= at
        ]

    def result(self, service: str, period: Period) -> AvailabilityResult:
        """The availability of a period of the objective's own cycle."""
        if period.unit != self.unit:
            raise ValueError(f"{self.name} is judged per {self.unit}, not per {period.unit}")
        settled = self.settled[service].get(period)
        if settled is None:
            down_intervals, excluded_intervals = self.pending[service].get(period, ([], []))
            settled = self._measure(down_intervals, excluded_intervals, period)
        down, excluded = settled
        total = period.end - period.start
        if self.less_excluded:
            total -= excluded
        if total <= timedelta(0):
            actual = Decimal(100)
        else:
            actual = (_micros(total) - _micros(down)) * Decimal(100) / _micros(total)
        return AvailabilityResult(
            self.name, service, period, self.target, actual, down, excluded, total
        )

    def _measure(
        self, down_intervals: list[Interval], excluded_intervals: list[Interval], period: Period
    ) -> tuple[timedelta, timedelta]:
        """Downtime and excluded time of a period, from its intervals (cut to the period)."""
        excluded = _measure(excluded_intervals)
        down_units = self._units(down_intervals, period)
        if self.less_excluded:
            # Excluded time leaves the total, so it cannot also be downtime (when another
            # outage was down then): the overlap counts as excluded only.
            down = _measure(down_units + excluded_intervals) - excluded
        else:
            down = _measure(down_units)
        return down, excluded

    def _units(self, intervals: Iterable[Interval], period: Period) -> list[Interval]:
        """The intervals inside the period, each widened to the whole `granularity` units it
        touches (when the objective has a granularity)."""
        clipped = _clip(intervals, period)
        if self.granularity is None or self.granularity <= timedelta(0):
            return clipped
        unit, origin = self.granularity, period.start
        return [
            (origin + unit * ((a - origin) // unit), origin - unit * ((origin - b) // unit))
            for a, b in clipped
        ]


def _for_service(window: Maintenance, service: str) -> bool:
    return window.service is None or window.service == service


def _clip(intervals: Iterable[Interval], period: Period) -> list[Interval]:
    return [
        (max(a, period.start), min(b, period.end))
        for a, b in intervals
        if a < period.end and b > period.start
    ]


def _measure(intervals: Iterable[Interval]) -> timedelta:
    """The length of the union of intervals."""
    total = timedelta(0)
    reach: datetime | None = None
    for start, stop in sorted(intervals):
        if reach is not None and start < reach:
            start = reach
        if stop > start:
            total += stop - start
            reach = stop
    return total


def _subtract(
    intervals: list[Interval], holes: list[Interval]
) -> tuple[list[Interval], list[Interval]]:
    """(what is left of `intervals` outside `holes`, what the holes removed)."""
    kept, removed = intervals, []
    for hole_start, hole_end in holes:
        next_kept: list[Interval] = []
        for a, b in kept:
            if hole_end <= a or b <= hole_start:
                next_kept.append((a, b))
                continue
            if a < hole_start:
                next_kept.append((a, hole_start))
            if hole_end < b:
                next_kept.append((hole_end, b))
            removed.append((max(a, hole_start), min(b, hole_end)))
        kept = next_kept
    return kept, removed


def _micros(delta: timedelta) -> Decimal:
    return Decimal(delta // timedelta(microseconds=1))
