"""Timers: from one event to another, per severity row, on a calendar; recurring reports.

Input: a `Timer` clause made concrete for a run; ticket events (from `TicketTracker`) or ended
outages (from `OutageTracker`); the horizon. Output: `Breach`es, each with its ref (ticket or
outage), limit, elapsed time, excess, deadline and whether it was still open at the horizon
(docs/semantics.md section 6).

Invariants: only running timer instances are held; elapsed time is open time on the row's
calendar, less on-hold time when the timer pauses (for recurring timers too: each gap less the
time on hold in it); a limit of N open days is the open time from the start to the same local
time on the Nth open day, so that pauses push it on as they push a limit of hours; a breach is
decided once, when its instance stops or at the horizon.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

import attrs

from sladsl import nodes as n
from sladsl.business_time import BusinessCalendar
from sladsl.evaluate.conditions import NoFacts, Predicate, Resolver, duration_of
from sladsl.evaluate.outages import Outage, OutageTracker, WholeOutage
from sladsl.evaluate.tickets import Ticket, TicketTracker
from sladsl.events.records import TicketEvent

ZERO = timedelta(0)
_DAY = timedelta(days=1)
_CLOCK_CHANGES = timedelta(hours=3)  # more than any zone's clock moves back or forward at once


@attrs.frozen
class Breach:
    timer: str
    ref: str
    level: str | None
    limit: timedelta
    actual: timedelta
    excess: timedelta
    start: datetime
    deadline: datetime
    open: bool = False
    limit_text: str = ""
    stop: datetime | None = None  # when it stopped (or the horizon)
    # The row's calendar: a remedy `per 1 day over limit` counts its open days.
    calendar: BusinessCalendar | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class Row:
    """A timer row made concrete: its limit as open time, or as a number of open days."""

    level: str | None
    kind: str  # within | every | none
    calendar: BusinessCalendar
    limit: timedelta | None = None
    days: int | None = None  # `N days in CAL`: N open days, same local time
    text: str = ""

    def deadline(self, start: datetime) -> datetime | None:
        if self.days is not None:
            return self.calendar.add_open_days(start, self.days)
        if self.limit is None:
            return None
        return self.calendar.deadline(start, self.limit)


class _Running:
    """A running timer instance (a plain class with slots: one is made per ticket and timer)."""

    __slots__ = ("last", "ref", "row", "start", "ticket")

    def __init__(self, ref: str, start: datetime, row: Row, ticket: Ticket | None = None) -> None:
        self.ref = ref
        self.start = start
        self.row = row
        self.ticket = ticket
        self.last = start  # recurring: the last report (or the start)


class TimerOperator:
    def __init__(
        self,
        node: n.Timer,
        resolver: Resolver,
        tickets: TicketTracker,
        outages: OutageTracker,
        exclusions: Mapping[str, n.Exclusion],
    ) -> None:
        self.name = node.name
        self.node = node
        self.services = {s.name for s in node.services}
        self.only_when: Predicate | None = (
            None if node.only_when is None else resolver.compile_condition(node.only_when)
        )
        self.rows = [row for row in (self._row(r, resolver) for r in node.rows) if row is not None]
        self._row_of: dict[str | None, Row | None] = {}  # row_for, remembered by level
        self.pause = node.paused_on_hold
        self.recurring = node.recurring
        start = node.recurring.start if node.recurring else node.start
        stops = (node.recurring.stop,) if node.recurring else node.stops
        self.start_event = start or ""
        self.stop_events = frozenset(stops)
        self.on_outages = self.start_event.startswith("outage.")
        chosen = [exclusions[e.name] for e in node.excluding if e.name in exclusions]
        self.excluded_causes = {c.name for e in chosen for c in e.causes}
        notices = [duration_of(resolver.resolve(e.notice)) or ZERO for e in chosen if e.maintenance]
        self.skip_maintenance = bool(notices)
        self.notice = min(notices, default=ZERO)  # as availability reads announced maintenance
        self.tickets = tickets
        self.outages = outages
        self.running: dict[str, _Running] = {}
        self.breaches: list[Breach] = []
        if self.on_outages:
            outages.listeners.append(self.on_outage)
        else:
            tickets.listen([self.start_event], self.on_start)
            tickets.listen(sorted(self.stop_events), self.on_stop)
            tickets.listen(["ticket.severity_changed"], self.on_severity)
            if self.excluded_causes:
                tickets.listen(["ticket.resolved"], self.on_cause)
            if node.recurring and node.recurring.event not in self.stop_events:
                tickets.listen([node.recurring.event], self.on_report)

    @staticmethod
    def _row(row: n.TimerRow, resolver: Resolver) -> Row | None:
        if row.guard is not None and not resolver.compile_condition(row.guard)(_NO_FACTS):
            return None  # a `when plan = ...` block for another plan
        level = row.level.name if row.level else None
        calendar = resolver.calendar(row.calendar)
        if row.kind == "none":
            return Row(level, "none", calendar, text=row.note or "")
        limit = resolver.resolve(row.limit)
        text = getattr(limit, "text", "")
        if (
            isinstance(limit, n.Duration)
            and limit.unit in ("day", "week")
            and row.calendar is not None
        ):
            days = int(limit.amount * (7 if limit.unit == "week" else 1))
            return Row(level, row.kind, calendar, days=days, text=text)
        return Row(level, row.kind, calendar, limit=duration_of(limit), text=text)

    def row_for(self, level: str | None) -> Row | None:
        """The first row for this level (or for every level)."""
        if level in self._row_of:
            return self._row_of[level]
        row = next((r for r in self.rows if r.level is None or r.level == level), None)
        self._row_of[level] = row
        return row

    # ------------------------------------------------------------------ tickets
    def on_start(self, ticket: Ticket, event: TicketEvent) -> None:
        """The `from` event: an instance starts, unless the ticket has had one already."""
        services = self.services
        if services and ticket.service not in services:
            return
        running = self.running
        if ticket.id in running or not self.stop_events.isdisjoint(ticket.seen):
            return  # running, or a stop event came already: restored before acknowledged
        if self.only_when is not None and not self.only_when(ticket):
            return
        if self.excluded_causes and ticket.effective_cause in self.excluded_causes:
            return  # linked to an outage of an excluded cause
        row = self._row_of.get(ticket.severity, _UNKNOWN)
        if row is _UNKNOWN:
            row = self.row_for(ticket.severity)
        if row is None or row.kind == "none":
            return
        running[ticket.id] = _Running(ticket.id, event.at, row, ticket)
        ticket.waiting += 1

    def on_stop(self, ticket: Ticket, event: TicketEvent) -> None:
        """A `to` event: the ticket's instance, if one runs, stops and is judged."""
        running = self.running.pop(ticket.id, None)
        if running is None:
            return
        ticket.waiting -= 1
        if self.recurring is not None and event.type == self.recurring.event:
            self._gap(running, event.at, final=False)
        self._stop(running, event.at, still_open=False)

    def on_cause(self, ticket: Ticket, event: TicketEvent) -> None:
        """`ticket.resolved` with an excluded cause: the ticket is not timed after all; its
        breaches of this timer, and its instance if one still runs, are dropped."""
        if ticket.effective_cause not in self.excluded_causes:
            return
        if self.running.pop(ticket.id, None) is not None:
            ticket.waiting -= 1
        if any(b.ref == ticket.id for b in self.breaches):
            self.breaches = [b for b in self.breaches if b.ref != ticket.id]

    def on_severity(self, ticket: Ticket, event: TicketEvent) -> None:
        """`ticket.severity_changed`: the row is chosen again (no row: the instance ends)."""
        running = self.running.get(ticket.id)
        if running is None:
            return
        row = self.row_for(ticket.severity)
        if row is None:
            del self.running[ticket.id]
            ticket.waiting -= 1
        else:
            running.row = row

    def on_report(self, ticket: Ticket, event: TicketEvent) -> None:
        """A recurring timer's report: the gap since the last one is judged."""
        running = self.running.get(ticket.id)
        if running is not None:
            self._gap(running, event.at, final=False)

    # ------------------------------------------------------------------ outages
    def on_outage(self, outage: Outage, end: datetime) -> None:
        """An outage has ended (or the horizon came): it is timed, unless it is of another
        service (one that names none is of every service), excluded, or `only when` fails."""
        if self.services and outage.service is not None and outage.service not in self.services:
            return
        if outage.cause in self.excluded_causes or self._scheduled(outage):
            return
        if self.only_when is not None and not self.only_when(WholeOutage(outage, end)):
            return
        row = self.row_for(None)
        if row is None or row.kind == "none":
            return
        running = _Running(outage.id, outage.start, row)
        self._stop(running, end, still_open=outage.end is None)

    def _scheduled(self, outage: Outage) -> bool:
        """Whether the outage starts in a maintenance window announced before it started, and
        with the exclusion's notice before the window started."""
        if not self.skip_maintenance:
            return False
        notice = self.notice
        return any(
            (m.service is None or m.service == outage.service)
            and m.start <= outage.start < m.end
            and m.announced <= outage.start
            and m.announced <= m.start - notice
            for m in self.outages.maintenance
        )

    # ------------------------------------------------------------------ decisions
    def _elapsed(
        self, running: _Running, end: datetime, since: datetime | None = None
    ) -> timedelta:
        """Open time from the start (or `since`) to `end`, less time on hold when paused."""
        calendar = running.row.calendar
        begin = running.start if since is None else since
        elapsed = calendar.elapsed(begin, end)
        if self.pause and running.ticket is not None:
            for a, b in self.tickets.holds_until(running.ticket, end):
                a, b = max(a, begin), min(b, end)
                if b > a:
                    elapsed -= calendar.elapsed(a, b)
        return elapsed

    def _stop(self, running: _Running, end: datetime, still_open: bool) -> None:
        if self.recurring:
            self._gap(running, end, final=True, still_open=still_open)
            return
        row = running.row
        # Open time never runs faster than the clock (and pauses only take time away), and the
        # Nth open day is at least N days on, less a clock change: a short wait is no breach,
        # known without the calendar.
        wall = end - running.start
        calendar = row.calendar
        if row.days is not None:
            if wall <= row.days * _DAY - _CLOCK_CHANGES:
                return
            first = calendar.add_open_days(running.start, row.days)
            limit = calendar.elapsed(running.start, first)  # N open days, as open time
        elif row.limit is None or wall <= row.limit:
            return
        else:
            limit = row.limit
            first = None
        actual = self._elapsed(running, end)
        if actual > limit:
            deadline = self._deadline(running, limit, end, first)
            self._breach(running, limit, actual, actual - limit, deadline, end, still_open)

    def _deadline(
        self,
        running: _Running,
        limit: timedelta,
        end: datetime,
        first: datetime | None = None,
        since: datetime | None = None,
    ) -> datetime:
        """When `limit` of (unpaused) open time had passed since the start (or `since`): the
        deadline without pauses (`first`, else the calendar's), pushed on by the time paused."""
        calendar = running.row.calendar
        begin = running.start if since is None else since
        deadline = calendar.deadline(begin, limit) if first is None else first
        if self.pause and running.ticket is not None:
            for _ in range(8):
                paused = calendar.elapsed(begin, deadline) - self._elapsed(running, deadline, begin)
                if paused <= ZERO:
                    break
                moved = calendar.deadline(begin, limit + paused)
                if moved == deadline:
                    break
                deadline = moved
        return min(deadline, end)

    def _gap(self, running: _Running, at: datetime, final: bool, still_open: bool = False) -> None:
        row = running.row
        last = running.last
        if row.limit is not None:
            gap = self._elapsed(running, at, last)
            if gap > row.limit:
                deadline = self._deadline(running, row.limit, at, since=last)
                breach = Breach(
                    self.name,
                    running.ref,
                    row.level,
                    row.limit,
                    gap,
                    gap - row.limit,
                    last,
                    deadline,
                    still_open and final,
                    row.text,
                    at,
                    row.calendar,
                )
                self.breaches.append(breach)
        running.last = at

    def _breach(
        self,
        running: _Running,
        limit: timedelta,
        actual: timedelta,
        excess: timedelta,
        deadline: datetime,
        stop: datetime,
        still_open: bool,
    ) -> None:
        self.breaches.append(
            Breach(
                self.name,
                running.ref,
                running.row.level,
                limit,
                actual,
                excess,
                running.start,
                deadline,
                still_open,
                running.row.text,
                stop,
                running.row.calendar,
            )
        )

    def finish(self, horizon: datetime) -> None:
        """Instances still running at the horizon: breached if their deadline has passed."""
        for running in sorted(self.running.values(), key=lambda r: (r.start, r.ref)):
            self._stop(running, horizon, still_open=True)
        self.running.clear()


# `when` guards on parameters are decided before any event: they are asked no facts.
_NO_FACTS = NoFacts()
_UNKNOWN = Row(None, "none", BusinessCalendar.always())  # `_row_of` has no answer yet
