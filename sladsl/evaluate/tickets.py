"""Tickets as the event stream tells them: severity, links, lifecycle instants, pauses.

Input: `ticket.*` events in time order (and the open outages, for links and derived severity).
Output: `Ticket` records, updated in place, handed to listeners with each event that changes them.

Invariants: a ticket event for a ticket never opened, a second `ticket.opened`, an unknown
severity, or no severity where the contract's levels need one, gets a rejection reason instead of
an effect. The severity of a ticket without one is derived from its service's rules, first match.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

import attrs

from sladsl import nodes as n
from sladsl.evaluate.conditions import NoFacts, Predicate, Resolver
from sladsl.evaluate.outages import OutageTracker
from sladsl.events import Event


@attrs.define
class Ticket(NoFacts):
    id: str
    service: str | None
    opened: datetime
    severity: str | None
    category: str | None
    outage: str | None
    outage_affected: Decimal | None  # percent, from the linked outage when the ticket opened
    outage_cause: str | None
    cause: str | None = None  # given by `ticket.resolved`
    on_hold_since: datetime | None = None
    holds: list[tuple[datetime, datetime]] = attrs.Factory(list)
    seen: dict[str, datetime] = attrs.Factory(dict)  # first instant of each event type

    @property
    def effective_cause(self) -> str:
        return self.cause or self.outage_cause or "provider"

    def fact(self, path: tuple[str, ...]) -> object | None:
        if path[0] == "outage":
            name = path[-1]
            return {"affected": self.outage_affected, "cause": self.outage_cause}.get(name)
        name = path[-1]
        values: dict[str, object | None] = {
            "severity": self.severity,
            "service": self.service,
            "category": self.category,
            "cause": self.effective_cause,
            "affected": self.outage_affected,
        }
        return values.get(name)

    def opened_at(self) -> datetime | None:
        return self.opened


Listener = Callable[[Ticket, Event], None]


@attrs.frozen
class _Scheme:
    services: frozenset[str]
    levels: frozenset[str]
    rules: tuple[tuple[str, Predicate], ...]


class TicketTracker:
    """Holds tickets; tells listeners about every event that concerns one."""

    def __init__(self, contract: n.Contract, resolver: Resolver, outages: OutageTracker) -> None:
        self.tickets: dict[str, Ticket] = {}
        self.outages = outages
        self.listeners: list[Listener] = []
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

    def _schemes_for(self, service: str | None) -> list[_Scheme]:
        return [s for s in self.schemes if not s.services or service in s.services]

    def feed(self, event: Event) -> str | None:
        fields = event.fields
        ticket_id = str(fields["ticket"])
        if event.type == "ticket.opened":
            if ticket_id in self.tickets:
                return (
                    f"ticket {ticket_id!r} is already open (since {self.tickets[ticket_id].opened})"
                )
            reason, ticket = self._open(ticket_id, event)
            if ticket is None:
                return reason
            self.tickets[ticket_id] = ticket
        else:
            found = self.tickets.get(ticket_id)
            if found is None:
                return f"ticket {ticket_id!r} was never opened: no `ticket.opened` came before"
            ticket = found
            reason = self._update(ticket, event)
            if reason is not None:
                return reason
        ticket.seen.setdefault(event.type, event.at)
        for listener in self.listeners:
            listener(ticket, event)
        return None

    def _open(self, ticket_id: str, event: Event) -> tuple[str | None, Ticket | None]:
        fields = event.fields
        link = fields.get("outage")
        outage = self.outages.open.get(str(link)) if link is not None else None
        ticket = Ticket(
            ticket_id,
            event.service or (outage.service if outage else None),
            event.at,
            None,
            str(fields["category"]) if "category" in fields else None,
            str(link) if link is not None else None,
            outage.affected * 100 if outage else None,
            outage.cause if outage else None,
        )
        schemes = self._schemes_for(ticket.service)
        levels = {lv for s in schemes for lv in s.levels}
        given = fields.get("severity")
        if given is not None:
            if levels and str(given) not in levels:
                shown = ", ".join(sorted(levels))
                return f"severity {given!r} is not a level of the contract ({shown})", None
            ticket.severity = str(given)
            return None, ticket
        for scheme in schemes:
            for level, rule in scheme.rules:
                if rule(ticket):
                    ticket.severity = level
                    return None, ticket
        if levels:
            why = (
                "its linked outage matches no severity rule"
                if any(s.rules for s in schemes)
                else "the contract derives none"
            )
            return f"ticket {ticket_id!r} has no `severity` and {why}", None
        return None, ticket

    def _update(self, ticket: Ticket, event: Event) -> str | None:
        fields = event.fields
        if event.type == "ticket.severity_changed":
            ticket.severity = str(fields["severity"])
        elif event.type == "ticket.resolved" and "cause" in fields:
            ticket.cause = str(fields["cause"])
        elif event.type == "ticket.on_hold":
            if ticket.on_hold_since is None:
                ticket.on_hold_since = event.at
        elif event.type == "ticket.resumed" and ticket.on_hold_since is not None:
            ticket.holds.append((ticket.on_hold_since, event.at))
            ticket.on_hold_since = None
        return None

    def holds_until(self, ticket: Ticket, end: datetime) -> list[tuple[datetime, datetime]]:
        """The ticket's on-hold intervals, a hold still running cut at `end`."""
        if ticket.on_hold_since is None:
            return list(ticket.holds)
        return [*ticket.holds, (ticket.on_hold_since, end)]
