"""The event classes: one msgspec Struct per event type of interface.md section 1.

Input: none (declarations). Output: `Event` and its subclasses, `EVENT_CLASSES` (type name to
class) and `FAST_DECODER`, a msgspec JSON decoder that turns one JSON line into the right class,
checking field names, required fields and field types in C; `ARRAY_DECODER` does the same for a
JSON array of events (the reader's blocks of lines).

Invariants:
- An accepted event's `at` (and a maintenance window's `start` and `end`) is an aware UTC
  datetime; every number is an exact `Decimal`; ids and other text fields are non-empty strings;
  an optional field that was absent (or JSON `null`, or an empty CSV cell) is `None`.
- `file` and `line` say where the line was read (set by the reader, never taken from the line).
  `extra` holds the fields of a line that its type does not name, decoded (numbers as Decimal),
  or None; such lines are rare and take the reader's slow path.
- What `FAST_DECODER` (or `ARRAY_DECODER`) accepts is only a first pass: the reader still
  normalises `at` to UTC and checks number ranges (`sladsl.events.decode`'s `_SETTLE`), and
  sends every line either step refuses to the slow, exhaustive validation of
  `sladsl.events.model`, which gives the reasons.
- Events are mutable structs for speed (building one is a C call), but nothing changes an event
  once the reader has handed it on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal
from operator import itemgetter
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Union

import msgspec

__all__ = [
    "ARRAY_DECODER",
    "EVENT_CLASSES",
    "FAST_DECODER",
    "ClaimSubmitted",
    "Event",
    "MaintenanceAnnounced",
    "Measurement",
    "OutageEnd",
    "OutageEvent",
    "OutageStart",
    "OutageUpdate",
    "TicketAcknowledged",
    "TicketEvent",
    "TicketOnHold",
    "TicketOpened",
    "TicketProgress",
    "TicketResolved",
    "TicketRestored",
    "TicketResumed",
    "TicketRfo",
    "TicketSeverityChanged",
]

Text = Annotated[str, msgspec.Meta(min_length=1)]
# A number as JSON gives it: decoded untyped (an int, or a Decimal for a literal with a fraction
# or exponent), then checked and made a Decimal by `check_numbers`. For type checkers a Decimal.
if TYPE_CHECKING:
    Number = Decimal
else:
    Number = Any


class Event(msgspec.Struct, kw_only=True, tag_field="type", forbid_unknown_fields=True, gc=False):
    """One accepted line of an event stream. `type` is the class's tag (`ticket.opened`...)."""

    type: ClassVar[str] = ""
    at: datetime
    id: Text | None = None
    customer: Text | None = None
    service: Text | None = None
    file: str = msgspec.field(default="", name="@file")
    line: int = msgspec.field(default=0, name="@line")
    extra: dict[str, Any] | None = msgspec.field(default=None, name="@extra")

    @property
    def fields(self) -> dict[str, object]:
        """Every field of the line but `at` and `type`, as decoded (absent ones left out)."""
        out: dict[str, object] = {}
        for name in self.__struct_fields__:
            if name in _NOT_CONTENT:
                continue
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.extra:
            out.update(self.extra)
        return out

    def same_content(self, other: Event) -> bool:
        """True when `other` says exactly the same thing (wherever it was read from): the same
        `at`, `type` and `fields`. Compared field by field, without building `fields`: of the
        same class, two events have the same named fields, and `extra` names no other field."""
        cls = type(self)
        if cls is not type(other) or self.at != other.at:
            return False
        if (self.extra or None) != (other.extra or None):
            return False
        content = _CONTENT.get(cls)
        if content is None:  # not one of the event types
            return self.fields == other.fields
        return content(msgspec.structs.astuple(self)) == content(msgspec.structs.astuple(other))


_NOT_CONTENT = frozenset({"at", "file", "line", "extra"})


class OutageEvent(Event, kw_only=True):
    outage: Text


class OutageStart(OutageEvent, tag="outage.start"):
    type: ClassVar[str] = "outage.start"
    affected: Number | None = None
    cause: Text | None = None


class OutageUpdate(OutageEvent, tag="outage.update"):
    type: ClassVar[str] = "outage.update"
    affected: Number | None = None
    cause: Text | None = None


class OutageEnd(OutageEvent, tag="outage.end"):
    type: ClassVar[str] = "outage.end"


class MaintenanceAnnounced(Event, tag="maintenance.announced", kw_only=True):
    type: ClassVar[str] = "maintenance.announced"
    maintenance: Text
    start: datetime
    end: datetime


class TicketEvent(Event, kw_only=True):
    ticket: Text


class TicketOpened(TicketEvent, tag="ticket.opened"):
    type: ClassVar[str] = "ticket.opened"
    severity: Text | None = None
    outage: Text | None = None
    category: Text | None = None


class TicketAcknowledged(TicketEvent, tag="ticket.acknowledged"):
    type: ClassVar[str] = "ticket.acknowledged"


class TicketProgress(TicketEvent, tag="ticket.progress"):
    type: ClassVar[str] = "ticket.progress"


class TicketSeverityChanged(TicketEvent, tag="ticket.severity_changed", kw_only=True):
    type: ClassVar[str] = "ticket.severity_changed"
    severity: Text


class TicketRestored(TicketEvent, tag="ticket.restored"):
    type: ClassVar[str] = "ticket.restored"


class TicketResolved(TicketEvent, tag="ticket.resolved"):
    type: ClassVar[str] = "ticket.resolved"
    cause: Text | None = None


class TicketRfo(TicketEvent, tag="ticket.rfo"):
    type: ClassVar[str] = "ticket.rfo"


class TicketOnHold(TicketEvent, tag="ticket.on_hold"):
    type: ClassVar[str] = "ticket.on_hold"


class TicketResumed(TicketEvent, tag="ticket.resumed"):
    type: ClassVar[str] = "ticket.resumed"


class Measurement(Event, tag="measurement", kw_only=True):
    type: ClassVar[str] = "measurement"
    metric: Text
    value: Number
    count: Number | None = None


class ClaimSubmitted(Event, tag="claim.submitted", kw_only=True):
    type: ClassVar[str] = "claim.submitted"
    period: Text


_ALL: tuple[type[Event], ...] = (
    OutageStart,
    OutageUpdate,
    OutageEnd,
    MaintenanceAnnounced,
    TicketOpened,
    TicketAcknowledged,
    TicketProgress,
    TicketSeverityChanged,
    TicketRestored,
    TicketResolved,
    TicketRfo,
    TicketOnHold,
    TicketResumed,
    Measurement,
    ClaimSubmitted,
)
EVENT_CLASSES: Mapping[str, type[Event]] = {cls.type: cls for cls in _ALL}
# Of each class's fields as a tuple (`msgspec.structs.astuple`), those of its content.
_CONTENT: Mapping[type[Event], Callable[[tuple[Any, ...]], tuple[Any, ...]]] = {
    cls: itemgetter(
        *(i for i, name in enumerate(cls.__struct_fields__) if name not in _NOT_CONTENT)
    )
    for cls in _ALL
}
# Field names of each class that a line may carry (not the reader's own `file`, `line`, `extra`).
LINE_FIELDS: Mapping[type[Event], frozenset[str]] = {
    cls: frozenset(cls.__struct_fields__) - {"file", "line", "extra"} for cls in _ALL
}

# One decoder for every type: the `type` field picks the class (a tagged union).
_ANY_EVENT: Any = Union[_ALL]  # noqa: UP007 - a union built from a tuple of classes
FAST_DECODER: msgspec.json.Decoder[Event] = msgspec.json.Decoder(_ANY_EVENT, float_hook=Decimal)
ARRAY_DECODER: msgspec.json.Decoder[list[Event]] = msgspec.json.Decoder(
    list[_ANY_EVENT], float_hook=Decimal
)
