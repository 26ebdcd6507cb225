"""Counts: how many tickets or outages fall in a sliding window, or failed periods in a row.

Input: a `Count` clause made concrete for a run; tickets and outages as they are decided (a
ticket when it is resolved, or at the horizon; an outage when it ends, or at the horizon), each
counted at the instant it began (`ticket.opened`, `outage.start`); or the per-period results of
objectives. Output: the instants at which the count's threshold holds (docs/semantics.md section
7), from which `flag_in(period)` says whether the count holds in a period.

Invariants: items are decided out of the order they began in, so each is put in its place among
the instants counted, and every window ending at a counted instant it joins is judged again; the
instants kept are those a window can still need (no item still undecided began before them less
the window), not the whole stream. A ticket is judged by its facts when it is decided: its last
severity, the cause given by `ticket.resolved`, its linked outage's facts when it was opened;
an outage by its facts when it ends (`WholeOutage`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal

from sladsl import nodes as n
from sladsl.evaluate.conditions import Resolver, duration_of, plain
from sladsl.evaluate.outages import Outage, OutageTracker, WholeOutage
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
        self.counted: list[datetime] = []  # the instants counted that a window may still need
        self.holds_at: list[datetime] = []  # each counted instant at which the threshold holds
        self.undecided: dict[str, Ticket] = {}  # tickets opened, not yet resolved
        self.outages = outages
        self._prune_at = _PRUNE_FIRST
        if node.subject == "outages":
            outages.listeners.append(self.on_outage)
        else:
            tickets.listen(["ticket.opened", "ticket.resolved"], self.on_ticket)

    def on_ticket(self, ticket: Ticket, event: TicketEvent) -> None:
        """A ticket is decided when it is resolved, with what is known of it then."""
        if event.type == "ticket.opened":
            self.undecided[ticket.id] = ticket
        elif self.undecided.pop(ticket.id, None) is ticket:
            self._decide(ticket, event.at)

    def on_outage(self, outage: Outage, end: datetime) -> None:
        if self.where(WholeOutage(outage, end)):
            self._count(outage.start, end)

    def finish(self, horizon: datetime) -> None:
        """Tickets still unresolved at the horizon are decided with what is known of them."""
        for ticket in sorted(self.undecided.values(), key=lambda t: (t.opened, t.id)):
            self._decide(ticket, horizon)
        self.undecided.clear()

    def _decide(self, ticket: Ticket, now: datetime) -> None:
        if self.where(ticket):
            self._count(ticket.opened, now)

    def _count(self, at: datetime, now: datetime) -> None:
        """Count an item that began at `at`, and judge every window that now holds it."""
        counted = self.counted
        insort(counted, at)
        window = self.window
        for i in range(bisect_left(counted, at), bisect_right(counted, at + window - _TICK)):
            t = counted[i]
            within = i + 1 - bisect_right(counted, t - window)  # in the window (t - D, t]
            if within > self.number if self.strict else within >= self.number:
                place = bisect_left(self.holds_at, t)
                if place == len(self.holds_at) or self.holds_at[place] != t:
                    self.holds_at.insert(place, t)
        if len(counted) >= self._prune_at:
            self._prune(now)

    def _prune(self, now: datetime) -> None:
        """Let go of the instants no window of an item still to be decided can reach."""
        starts = [t.opened for t in self.undecided.values()]
        starts += [o.start for o in self.outages.open.values()]
        oldest = min([now, *starts]) - self.window
        del self.counted[: bisect_right(self.counted, oldest)]
        self._prune_at = 2 * len(self.counted) + _PRUNE_FIRST

    def flag_in(self, period: Period) -> bool:
        i = bisect_left(self.holds_at, period.start)
        return i < len(self.holds_at) and self.holds_at[i] < period.end


_TICK = timedelta(microseconds=1)
_PRUNE_FIRST = 256  # instants held before the first look for ones to let go


class PeriodsInARow:
    """`periods where any of A, B not met  per calendar month  at least N in a row`."""

    def __init__(self, node: n.Count, resolver: Resolver, unit: str) -> None:
        """`unit`: the key of the cycle of its `per ...` statement (`month`...)."""
        assert node.threshold is not None
        self.name = node.name
        self.objectives = [o.name for o in node.objectives]
        self.unit = unit
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
