"""Tickets as the event stream tells them: severity, links, lifecycle instants, pauses.

Input: `ticket.*` events in time order (and the outages, open or ended within `RETENTION`, for
links and derived severity).
Output: `Ticket` records, updated in place, handed with each event to the listeners of its type.

Invariants: a ticket event for a ticket never opened, a second `ticket.opened` (while the ticket
is open, or once it is resolved: there is no reopening), a link to an outage not known, a
severity (opened or changed to) that is not a level of the ticket's service (of the contract,
when its service has none), or no severity where the contract's levels need one, gets a
rejection reason instead of an effect. The severity of a ticket without one is derived from its
service's rules, first match. A ticket that names a component of a service is a ticket of that
service. A ticket is held while it is open or something waits on it, and for `RETENTION` after
that.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import attrs

from sladsl import nodes as n
from sladsl.evaluate.conditions import NoFacts, Predicate, Resolver
from sladsl.evaluate.outages import RETENTION, OutageTracker
from sladsl.evaluate.report_format import instant
from sladsl.events.records import (
    TicketEvent,
    TicketOnHold,
    TicketOpened,
    TicketResolved,
    TicketResumed,
    TicketSeverityChanged,
)


class Ticket(NoFacts):
    """One ticket's state. A plain class with slots: one is made per `ticket.opened`, on the hot
    path, and a generated `__init__` with factories costs more than this one."""

    __slots__ = (
        "category",
        "cause",
        "finished",
        "holds",
        "id",
        "on_hold_since",
        "opened",
        "outage",
        "outage_affected",
        "outage_cause",
        "seen",
        "service",
        "severity",
        "waiting",
    )

    def __init__(
        self,
        id: str,
        service: str | None,
        opened: datetime,
        severity: str | None,
        category: str | None,
        outage: str | None,
        outage_affected: Decimal | None,  # percent, from the linked outage when it opened
        outage_cause: str | None,
    ) -> None:
        self.id = id
        self.service = service
        self.opened = opened
        self.severity = severity
        self.category = category
        self.outage = outage
        self.outage_affected = outage_affected
        self.outage_cause = outage_cause
        self.cause: str | None = None  # given by `ticket.resolved`
        self.on_hold_since: datetime | None = None
        self.holds: list[tuple[datetime, datetime]] = []
        self.seen: dict[str, datetime] = {}  # first instant of each event type, in their order
        self.waiting = 0  # operators that wait on this ticket (running timers, started charges)
        self.finished: datetime | None = None  # when it was resolved with nothing waiting on it

    def __repr__(self) -> str:
        return f"Ticket({self.id!r}, severity={self.severity!r}, opened={self.opened})"

    @property
    def effective_cause(self) -> str:
        return self.cause or self.outage_cause or "provider"

    def fact(self, path: tuple[str, ...]) -> object | None:
        name = path[-1]
        if path[0] == "outage":
            if name == "affected":
                return self.outage_affected
            return self.outage_cause if name == "cause" else None
        if name == "severity":
            return self.severity
        if name == "service":
            return self.service
        if name == "category":
            return self.category
        if name == "cause":
            return self.effective_cause
        return self.outage_affected if name == "affected" else None

    def opened_at(self) -> datetime | None:
        return self.opened


Listener = Callable[[Ticket, TicketEvent], None]
_FORGET_AFTER = RETENTION + timedelta(days=7)  # let go of a week's finished tickets at once
_NEVER = datetime.max.replace(tzinfo=UTC)


def _resolved(ticket: Ticket, event: TicketEvent) -> None:
    assert isinstance(event, TicketResolved)
    if event.cause is not None:
        ticket.cause = event.cause


def _on_hold(ticket: Ticket, event: TicketEvent) -> None:
    if ticket.on_hold_since is None:
        ticket.on_hold_since = event.at


def _resumed(ticket: Ticket, event: TicketEvent) -> None:
    if ticket.on_hold_since is not None:
        ticket.holds.append((ticket.on_hold_since, event.at))
        ticket.on_hold_since = None


# How each type of ticket event changes the ticket (the others change nothing in it;
# `ticket.severity_changed` is the tracker's own, as it checks the level first).
_CHANGES: dict[type[TicketEvent], Callable[[Ticket, TicketEvent], None]] = {
    TicketResolved: _resolved,
    TicketOnHold: _on_hold,
    TicketResumed: _resumed,
}


def _stale(ticket: Ticket, at: datetime) -> bool:
    """True when the ticket finished more than `RETENTION` before `at`: it is unknown then."""
    finished = ticket.finished
    return finished is not None and ticket.waiting <= 0 and at - finished > RETENTION


def _unknown(event: TicketEvent) -> str:
    return (
        f"ticket {event.ticket!r} is unknown: no `ticket.opened` came before,"
        f" or it was resolved over {RETENTION.days} days earlier"
    )


def _not_a_level(given: str, service: str | None, levels: frozenset[str], every: bool) -> str:
    """Why a severity is refused: the levels it may be (`every`: all the contract's)."""
    shown = ", ".join(sorted(levels))
    whose = "the contract" if every else f"the contract for service {service!r}"
    return f"severity {given!r} is not a level of {whose} ({shown})"


@attrs.frozen
class _Scheme:
    services: frozenset[str]
    levels: frozenset[str]
    rules: tuple[tuple[str, Predicate], ...]


@attrs.frozen
class _Levels:
    """The severity schemes of one service: those it derives a level with, the levels a ticket
    must have one of (none: it may have none), and the levels it may be given (its own, else
    every level of the contract)."""

    schemes: list[_Scheme]
    needed: frozenset[str]
    allowed: frozenset[str]
    every: bool  # `allowed` is every level of the contract


class TicketTracker:
    """Holds tickets; tells the listeners of each event type about every event of that type.

    A ticket is finished once it is resolved and no operator waits on it (`Ticket.waiting`: a
    running timer, a charge that has started); it is still known for `RETENTION` after that, so
    that later events about it (a progress report, an RFO no timer waits for) are accepted, and
    then forgotten. Memory so grows with the open tickets, not with the length of the stream.
    """

    def __init__(self, contract: n.Contract, resolver: Resolver, outages: OutageTracker) -> None:
        self.tickets: dict[str, Ticket] = {}
        self.outages = outages
        self._aliases = outages.aliases
        self.listeners: dict[str, list[Listener]] = {}
        self.finished: deque[Ticket] = deque()  # in the order they finished
        self._forget_after = _NEVER  # when the first finished ticket may be forgotten
        self._on_open: tuple[Listener, ...] = ()  # the listeners of `ticket.opened`, once known
        self._by_service: dict[str | None, _Levels] = {}
        self.schemes = [
            _Scheme(
                frozenset(s.name for s in d.services),
                frozenset(lv.name for lv in d.levels),
                tuple(
                    (lv.name, resolver.compile_condition(lv.rule))
                    for lv in d.levels
                    if lv.rule is not None
                ),
            )
            for d in contract.declarations
            if isinstance(d, n.Severities)
        ]
        self._every_level = frozenset(lv for s in self.schemes for lv in s.levels)

    def listen(self, types: Iterable[str], listener: Listener) -> None:
        """Call `listener` with every event of these types (`ticket.opened`...)."""
        for name in dict.fromkeys(types):
            self.listeners.setdefault(name, []).append(listener)
        self._on_open = tuple(self.listeners.get("ticket.opened", ()))

    def _levels_for(self, service: str | None) -> _Levels:
        """The severity schemes and levels of a service (worked out once each)."""
        found = self._by_service.get(service)
        if found is None:
            schemes = [s for s in self.schemes if not s.services or service in s.services]
            needed = frozenset(lv for s in schemes for lv in s.levels)
            every = self._every_level
            found = _Levels(schemes, needed, needed or every, needed in (every, frozenset()))
            self._by_service[service] = found
        return found

    def opened(self, event: TicketOpened) -> str | None:
        ticket_id = event.ticket
        at = event.at
        if at > self._forget_after:
            self._forget(at)
        known = self.tickets.get(ticket_id)
        if known is not None and not _stale(known, at):
            resolved = known.seen.get("ticket.resolved")
            if resolved is None:
                return f"ticket {ticket_id!r} is already open (since {instant(known.opened)})"
            return (
                f"ticket {ticket_id!r} was resolved at {instant(resolved)}; a resolved ticket"
                " cannot be opened again: give the new ticket its own id"
            )
        reason, ticket = self._open(ticket_id, event)
        if ticket is None:
            return reason
        self.tickets[ticket_id] = ticket
        ticket.seen["ticket.opened"] = at
        for listener in self._on_open:
            listener(ticket, event)
        return None

    def changed(self, event: TicketEvent) -> str | None:
        """Apply any ticket event but `ticket.opened` (the slow way, for tests: see `handler`)."""
        return self.handler(type(event))(event)

    def handler(self, cls: type[TicketEvent]) -> Callable[[TicketEvent], str | None]:
        """The handler of one ticket event type (not `ticket.opened`): the ticket changes as the
        type says (`_CHANGES`), then the type's listeners hear of it. Made once the listeners
        are all in place, so that the hot path looks nothing up but the ticket."""
        kind = cls.type
        change = self._severity_changed if cls is TicketSeverityChanged else _CHANGES.get(cls)
        listeners = tuple(self.listeners.get(kind, ()))
        tickets = self.tickets
        finish = self._finish

        def handle(event: TicketEvent) -> str | None:
            ticket = tickets.get(event.ticket)
            if ticket is None or (ticket.finished is not None and _stale(ticket, event.at)):
                return _unknown(event)
            if change is not None:
                refused = change(ticket, event)
                if refused is not None:
                    return refused
            seen = ticket.seen
            if kind not in seen:
                seen[kind] = event.at
            for listener in listeners:
                listener(ticket, event)
            if ticket.waiting <= 0 and ticket.finished is None and "ticket.resolved" in seen:
                finish(ticket, event.at)
            return None

        return handle

    def _severity_changed(self, ticket: Ticket, event: TicketEvent) -> str | None:
        """A new severity, if it is a level the ticket may have (as for `ticket.opened`)."""
        assert isinstance(event, TicketSeverityChanged)
        given = event.severity
        levels = self._levels_for(ticket.service)
        if levels.allowed and given not in levels.allowed:
            return _not_a_level(given, ticket.service, levels.allowed, levels.every)
        ticket.severity = given
        return None

    def _finish(self, ticket: Ticket, at: datetime) -> None:
        ticket.finished = at
        if not self.finished:
            self._forget_after = at + _FORGET_AFTER
        self.finished.append(ticket)

    def _forget(self, now: datetime) -> None:
        """Let go of the tickets that finished more than `RETENTION` before `now`.

        Memory only: a ticket past its retention is unknown whether or not it has been let go
        yet (`_stale`), so that forgetting can wait for a week's worth of them at once."""
        finished = self.finished
        while (
            finished
            and finished[0].finished is not None
            and (finished[0].finished < now - RETENTION)
        ):
            ticket = finished.popleft()
            if ticket.waiting > 0:  # a timer started after it finished: finished again later
                ticket.finished = None
            elif self.tickets.get(ticket.id) is ticket:
                del self.tickets[ticket.id]
        head = finished[0].finished if finished else None
        self._forget_after = _NEVER if head is None else head + _FORGET_AFTER

    def _open(self, ticket_id: str, event: TicketOpened) -> tuple[str | None, Ticket | None]:
        link = event.outage
        outage = None
        if link is not None:
            outage = self.outages.linkable(link, event.at)
            if outage is None:
                return (
                    f"ticket {ticket_id!r} links to outage {link!r}, which no `outage.start`"
                    f" opened (or which ended over {RETENTION.days} days earlier)"
                ), None
        service = event.service
        if service is not None and self._aliases:
            service = self._aliases.get(service, service)  # a component: its service
        ticket = Ticket(
            ticket_id,
            service or (outage.service if outage else None),
            event.at,
            None,
            event.category,
            link,
            outage.affected * 100 if outage else None,
            outage.cause if outage else None,
        )
        levels = self._levels_for(ticket.service)
        given = event.severity
        if given is not None:
            if levels.allowed and given not in levels.allowed:
                return _not_a_level(given, ticket.service, levels.allowed, levels.every), None
            ticket.severity = given
            return None, ticket
        schemes = levels.schemes
        for scheme in schemes:
            for level, rule in scheme.rules:
                if rule(ticket):
                    ticket.severity = level
                    return None, ticket
        if levels.needed:
            why = (
                "its linked outage matches no severity rule"
                if any(s.rules for s in schemes)
                else "the contract derives none"
            )
            return f"ticket {ticket_id!r} has no `severity` and {why}", None
        return None, ticket

    def holds_until(self, ticket: Ticket, end: datetime) -> list[tuple[datetime, datetime]]:
        """The ticket's on-hold intervals, a hold still running cut at `end`."""
        if ticket.on_hold_since is None:
            return list(ticket.holds)
        return [*ticket.holds, (ticket.on_hold_since, end)]
