"""Counts: how many tickets or outages fall in a sliding window, or failed periods in a row.

Input: a `Count` clause made concrete for a run; tickets as they open, outages as they start
(here: as they end, with their start), or the per-period results of objectives.
Output: the instants at which the count's threshold holds (docs/semantics.md section 7), from
which `flag_in(period)` says whether the count holds in a period.

Invariants: a sliding window holds only the instants inside it (a deque), not the whole stream.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal

from sladsl import nodes as n
from sladsl.evaluate.conditions import NoFacts, Resolver, duration_of, plain
from sladsl.evaluate.outages import Outage, OutageTracker
from sladsl.evaluate.periods import Period
from sladsl.evaluate.tickets import Ticket, TicketTracker
from sladsl.events.records import TicketEvent


class WindowCount:
    """`tickets where C  more than N within D` (or `outages`, or `at least N within D`)."""

    def __init__(
        self, node: n.Count, resolver: Resolver, tickets: TicketTracker, outages: OutageTracker
    ) -> None:
        assert node.threshold is not None
        self.name = node.name
        self.where = resolver.compile_condition(node.where)
        number = plain(resolver.resolve(node.threshold.number))
        assert isinstance(number, Decimal)
        self.number = int(number)
        self.strict = node.threshold.kind == "more_than"
        window = duration_of(resolver.resolve(node.threshold.window))
        self.window = window or timedelta(0)
        self.recent: deque[datetime] = deque()
        self.holds_at: list[datetime] = []  # each instant a counted item made the threshold hold
        self.largest = 0
        if node.subject == "outages":
            outages.listeners.append(self.on_outage)
        else:
            tickets.listen(["ticket.opened"], self.on_ticket)

    def on_ticket(self, ticket: Ticket, event: TicketEvent) -> None:
        if event.type == "ticket.opened" and self.where(ticket):
            self._count(ticket.opened)

    def on_outage(self, outage: Outage, end: datetime) -> None:
        facts = _OutageStart(outage, end)
        if self.where(facts):
            self._count(outage.start)

    def _count(self, at: datetime) -> None:
        recent = self.recent
        recent.append(at)
        while recent and recent[0] <= at - self.window:
            recent.popleft()
        self.largest = max(self.largest, len(recent))
        if len(recent) > self.number if self.strict else len(recent) >= self.number:
            self.holds_at.append(at)

    def flag_in(self, period: Period) -> bool:
        return any(period.contains(at) for at in self.holds_at)

    def first_in(self, period: Period) -> datetime | None:
        return next((at for at in self.holds_at if period.contains(at)), None)


class _OutageStart(NoFacts):
    def __init__(self, outage: Outage, end: datetime) -> None:
        self.outage, self.end = outage, end

    def fact(self, path: tuple[str, ...]) -> object | None:
        name = path[-1]
        first = self.outage.segments[0]
        return {
            "affected": first.affected * 100,
            "cause": first.cause,
            "service": self.outage.service,
            "duration": self.end - self.outage.start,
        }.get(name)

    def opened_at(self) -> datetime | None:
        return self.outage.start


class PeriodsInARow:
    """`periods where any of A, B not met  per calendar month  at least N in a row`."""

    def __init__(self, node: n.Count, resolver: Resolver) -> None:
        assert node.threshold is not None and isinstance(node.period, n.CalendarPeriod)
        self.name = node.name
        self.objectives = [o.name for o in node.objectives]
        self.unit = node.period.unit
        number = plain(resolver.resolve(node.threshold.number))
        assert isinstance(number, Decimal)
        self.number = int(number)
        self.holds_at: list[datetime] = []

    def decide(self, periods: Sequence[Period], failed: Callable[[Period], bool]) -> None:
        """Given the periods in order and whether each failed, note where the run reaches N."""
        run = 0
        for period in periods:
            run = run + 1 if failed(period) else 0
            if run >= self.number:
                self.holds_at.append(period.end - timedelta(microseconds=1))

    def flag_in(self, period: Period) -> bool:
        return any(period.contains(at) for at in self.holds_at)

    def first_in(self, period: Period) -> datetime | None:
        return next((at for at in self.holds_at if period.contains(at)), None)
