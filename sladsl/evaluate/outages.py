"""Outages and maintenance windows as the event stream tells them.

Input: `outage.start`, `outage.update`, `outage.end` and `maintenance.announced` events, in time
order. Output: each outage, when it ends (or at the horizon), as a `Outage` with its segments
(from an instant on: the share affected and the cause), handed to the listeners; the announced
maintenance windows.

Invariants: only open outages are held (an ended one is handed on and forgotten); an event about
an outage that is not open gets a rejection reason instead of an effect.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

import attrs

from sladsl.events import Event


@attrs.define
class Segment:
    start: datetime
    affected: Decimal  # a fraction, 0..1
    cause: str


@attrs.define
class Outage:
    id: str
    service: str | None
    start: datetime
    segments: list[Segment]
    end: datetime | None = None

    @property
    def affected(self) -> Decimal:
        return self.segments[-1].affected

    @property
    def cause(self) -> str:
        return self.segments[-1].cause

    def pieces(self, end: datetime) -> list[tuple[datetime, datetime, Segment]]:
        """(from, to, segment) for each segment, the last one running to `end`."""
        bounds = [s.start for s in self.segments[1:]] + [end]
        return [(s.start, stop, s) for s, stop in zip(self.segments, bounds, strict=True)]


@attrs.frozen
class Maintenance:
    id: str
    service: str | None
    announced: datetime
    start: datetime
    end: datetime


Listener = Callable[[Outage, datetime], None]


class OutageTracker:
    """Holds open outages; tells listeners about each one when it ends."""

    def __init__(self) -> None:
        self.open: dict[str, Outage] = {}
        self.maintenance: list[Maintenance] = []
        self.listeners: list[Listener] = []

    def feed(self, event: Event) -> str | None:
        """Apply one event; return a rejection reason, or None."""
        fields = event.fields
        if event.type == "maintenance.announced":
            start, end = fields["start"], fields["end"]
            assert isinstance(start, datetime) and isinstance(end, datetime)
            self.maintenance.append(
                Maintenance(str(fields["maintenance"]), event.service, event.at, start, end)
            )
            return None
        outage_id = str(fields["outage"])
        if event.type == "outage.start":
            if outage_id in self.open:
                return f"outage {outage_id!r} is already open (since {self.open[outage_id].start})"
            affected = fields.get("affected", Decimal(1))
            assert isinstance(affected, Decimal)
            cause = str(fields.get("cause", "provider"))
            self.open[outage_id] = Outage(
                outage_id, event.service, event.at, [Segment(event.at, affected, cause)]
            )
            return None
        outage = self.open.get(outage_id)
        if outage is None:
            return f"outage {outage_id!r} is not open: no `outage.start` came before"
        if event.type == "outage.update":
            affected = fields.get("affected", outage.affected)
            assert isinstance(affected, Decimal)
            cause = str(fields.get("cause", outage.cause))
            if outage.segments[-1].start == event.at:
                outage.segments[-1] = Segment(event.at, affected, cause)
            else:
                outage.segments.append(Segment(event.at, affected, cause))
            return None
        if event.type == "outage.end":
            del self.open[outage_id]
            outage.end = event.at
            for listener in self.listeners:
                listener(outage, event.at)
            return None
        return None

    def finish(self, horizon: datetime) -> None:
        """Outages still open are cut at the horizon."""
        for outage in sorted(self.open.values(), key=lambda o: (o.start, o.id)):
            for listener in self.listeners:
                listener(outage, horizon)
        self.open.clear()
