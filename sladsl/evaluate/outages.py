"""Outages and maintenance windows as the event stream tells them.

Input: `outage.start`, `outage.update`, `outage.end` and `maintenance.announced` events, in time
order. Output: each outage, when it ends (or at the horizon), as an `Outage` with its segments
(from an instant on: the share affected and the cause), handed to the listeners; the announced
maintenance windows; `WholeOutage`, the facts of an ended outage for conditions.

Invariants: the open outages are held, and an ended one for `RETENTION` after its end (so that a
ticket opened just after a fix can still link to it, and a second `outage.end` be told when the
first came), then forgotten; only the maintenance windows that can still touch an outage (those
ending after the earliest start of an open outage and after the latest announcement); an event
about an outage that is not open gets a rejection reason instead of an effect, saying when the
outage ended if it is still known. An event that names a component of a service is about that
service (`aliases`). Letting go of ended outages is for memory only: whether one is still known
is decided by its end and the time of the event that asks (`linkable`, `ended_at`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from decimal import Decimal

import attrs

from sladsl.evaluate.conditions import NoFacts
from sladsl.evaluate.report_format import instant
from sladsl.events.records import MaintenanceAnnounced, OutageEnd, OutageStart, OutageUpdate


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


class WholeOutage(NoFacts):
    """An outage judged as a whole, once it has ended (or at the horizon): the facts a count's
    `where` or a timer's `only when` test. `affected` (a percentage) and `cause` are those its
    last update left it with; `duration` runs from its start to `end`."""

    __slots__ = ("end", "outage")

    def __init__(self, outage: Outage, end: datetime) -> None:
        self.outage, self.end = outage, end

    def fact(self, path: tuple[str, ...]) -> object | None:
        name = path[-1]
        if name == "affected":
            return self.outage.affected * 100
        if name == "cause":
            return self.outage.cause
        if name == "service":
            return self.outage.service
        return self.end - self.outage.start if name == "duration" else None

    def opened_at(self) -> datetime | None:
        return self.outage.start


@attrs.frozen
class Maintenance:
    id: str
    service: str | None
    announced: datetime
    start: datetime
    end: datetime


Listener = Callable[[Outage, datetime], None]
# How long a finished ticket or an ended outage is still known (docs/semantics.md, section 2).
RETENTION = timedelta(days=30)


class OutageTracker:
    """Holds open outages, and ended ones for `RETENTION`; tells listeners about each one when
    it ends."""

    def __init__(self, aliases: Mapping[str, str] | None = None) -> None:
        """`aliases`: the service of each component (`engine.component_services`)."""
        self.aliases: Mapping[str, str] = aliases or {}
        self.open: dict[str, Outage] = {}
        self.ended: dict[str, Outage] = {}  # by id: ended in the last `RETENTION` (or so)
        self._ended_order: deque[Outage] = deque()  # the same, in the order they ended
        self.maintenance: list[Maintenance] = []
        self.listeners: list[Listener] = []
        self._prune_at = _PRUNE_FIRST

    def announce(self, event: MaintenanceAnnounced) -> str | None:
        """A maintenance window; those that can no longer touch an outage are let go."""
        service = self.aliases.get(event.service, event.service) if event.service else None
        self.maintenance.append(
            Maintenance(event.maintenance, service, event.at, event.start, event.end)
        )
        if len(self.maintenance) >= self._prune_at:
            starts = [outage.start for outage in self.open.values()]
            settled = min([event.at, *starts])
            self.maintenance = [m for m in self.maintenance if m.end > settled]
            self._prune_at = 2 * len(self.maintenance) + _PRUNE_FIRST
        return None

    def start(self, event: OutageStart) -> str | None:
        outage_id = event.outage
        if outage_id in self.open:
            since = instant(self.open[outage_id].start)
            return f"outage {outage_id!r} is already open (since {since})"
        affected = _ONE if event.affected is None else event.affected
        cause = event.cause or "provider"
        service = self.aliases.get(event.service, event.service) if event.service else None
        self.open[outage_id] = Outage(
            outage_id, service, event.at, [Segment(event.at, affected, cause)]
        )
        return None

    def linkable(self, outage_id: str, at: datetime) -> Outage | None:
        """The outage a ticket opened at `at` links to: an open one, else one that ended at most
        `RETENTION` before `at`; None when there is none."""
        outage = self.open.get(outage_id)
        if outage is None and self.ended_at(outage_id, at) is not None:
            outage = self.ended[outage_id]
        return outage

    def ended_at(self, outage_id: str, at: datetime) -> datetime | None:
        """When a known outage that is not open ended (None: not known, or open)."""
        outage = self.ended.get(outage_id)
        if outage is None or outage.end is None or at - outage.end > RETENTION:
            return None
        return outage.end

    def _not_open(self, outage_id: str, at: datetime) -> str:
        ended = self.ended_at(outage_id, at)
        if ended is not None:
            return f"outage {outage_id!r} is not open: it ended at {instant(ended)}"
        return (
            f"outage {outage_id!r} is not open: no `outage.start` came before,"
            f" or it ended over {RETENTION.days} days earlier"
        )

    def update(self, event: OutageUpdate) -> str | None:
        outage = self.open.get(event.outage)
        if outage is None:
            return self._not_open(event.outage, event.at)
        affected = outage.affected if event.affected is None else event.affected
        cause = event.cause or outage.cause
        if outage.segments[-1].start == event.at:
            outage.segments[-1] = Segment(event.at, affected, cause)
        else:
            outage.segments.append(Segment(event.at, affected, cause))
        return None

    def end(self, event: OutageEnd) -> str | None:
        outage = self.open.pop(event.outage, None)
        if outage is None:
            return self._not_open(event.outage, event.at)
        at = event.at
        outage.end = at
        for listener in self.listeners:
            listener(outage, at)
        order = self._ended_order
        while order and order[0].end is not None and at - order[0].end > RETENTION:
            forgotten = order.popleft()
            if self.ended.get(forgotten.id) is forgotten:
                del self.ended[forgotten.id]
        self.ended[outage.id] = outage
        order.append(outage)
        return None

    def finish(self, horizon: datetime) -> None:
        """Outages still open are cut at the horizon."""
        for outage in sorted(self.open.values(), key=lambda o: (o.start, o.id)):
            for listener in self.listeners:
                listener(outage, horizon)
        self.open.clear()


_ONE = Decimal(1)
_PRUNE_FIRST = 64  # maintenance windows held before the first look for ones to let go
