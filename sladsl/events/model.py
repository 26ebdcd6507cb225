"""Event values and the per-line validation of their fields (docs: interface.md section 1).

Input: one line of an event stream already split into a dict of field name to value (by
`sladsl.events.decode`: from JSON, numbers are `int` or exact `Decimal`; from CSV, every value
is the text of its cell), with the file name and line number it came from.
Output: an `Event` (`sladsl.events.records`, the class of its type) with its values decoded
(`at`, `start`, `end` as aware UTC datetimes; `affected`, `value`, `count` and every other number
as `Decimal`; ids as `str`; fields its type does not name in `extra`), or `Invalid` raised with
the reason the line is rejected.

Invariants: a reason names the field and the problem in words a person reading a report
understands (it is shown as is in `rejected[].reason`), quoting at most 40 characters of a value
(`quoted`); no float ever reaches an `Event`; a value of `None` (JSON `null`, an empty CSV cell)
means the field is absent; a time (or a claim's period) outside the years evaluated
(`FIRST_YEAR` to `LAST_YEAR`) is refused; validation raises nothing but `Invalid` (and
`Inexact`, the decoder's signal to read a line again exactly).

This is the reader's slow path: JSON lines that the typed msgspec decoder of the fast path
(`sladsl.events.decode`) refuses, and every CSV row. It must accept exactly what the fast path
accepts, with the same values, and give the reason for everything else; times are read by the
same parser (msgspec's RFC 3339) before Python's more lenient one is tried.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import Decimal

import attrs
import msgspec

from sladsl.events.records import EVENT_CLASSES, LINE_FIELDS, Event

__all__ = [
    "CSV_TEXT",
    "EXACT_JSON",
    "FAST_JSON",
    "FIRST_YEAR",
    "LAST_YEAR",
    "OUTSIDE_YEARS",
    "TYPES",
    "Event",
    "Inexact",
    "Invalid",
    "Rejection",
    "describe_span",
    "format_time",
    "make_event",
    "parse_time",
    "quoted",
]

# The years evaluated (periods and calendars work in them): an instant, or a claim's period,
# outside them is rejected.
FIRST_YEAR, LAST_YEAR = 2, 9998
OUTSIDE_YEARS = f"outside the years evaluated ({FIRST_YEAR:04}-{LAST_YEAR:04})"


@attrs.frozen
class Rejection:
    """A line that was read but not accepted, and why (shown in `rejected[]` of the report)."""

    file: str
    line: int
    reason: str

    def to_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "reason": self.reason}


class Invalid(Exception):  # noqa: N818 - it is a verdict on a line, not an internal error
    """Raised by `make_event` (and `parse_time`) with the reason a line is rejected."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- the types ------------------------------------------------------------------------------


@attrs.frozen
class TypeSpec:
    """What a type needs beyond `at`: required fields, and a check of the whole line."""

    name: str
    required: tuple[str, ...]
    check: Callable[[dict[str, object]], str | None] | None = None


_PERIOD = re.compile(r"[0-9]{4}(?:-(?:0[1-9]|1[0-2])|-Q[1-4])?")


def _check_window(fields: dict[str, object]) -> str | None:
    start, end = fields["start"], fields["end"]
    assert isinstance(start, datetime) and isinstance(end, datetime)
    if start < end:
        return None
    return (
        f"a maintenance window must end after it starts: `start` {format_time(start)}, "
        f"`end` {format_time(end)}"
    )


def _check_period(fields: dict[str, object]) -> str | None:
    period = fields["period"]
    assert isinstance(period, str)
    if not _PERIOD.fullmatch(period):
        return (
            f"`period` {quoted(period)} is not a month (2026-03), a quarter (2026-Q1) or a year "
            "(2026)"
        )
    if not FIRST_YEAR <= int(period[:4]) <= LAST_YEAR:
        return f"`period` {quoted(period)} lies {OUTSIDE_YEARS}"
    return None


def _check_update(fields: dict[str, object]) -> str | None:
    if "affected" in fields or "cause" in fields:
        return None
    return "outage.update changes nothing: give `affected` or `cause`"


def _specs() -> dict[str, TypeSpec]:
    specs = [
        TypeSpec("outage.start", ("outage",)),
        TypeSpec("outage.update", ("outage",), _check_update),
        TypeSpec("outage.end", ("outage",)),
        TypeSpec("maintenance.announced", ("maintenance", "start", "end"), _check_window),
        TypeSpec("measurement", ("metric", "value")),
        TypeSpec("claim.submitted", ("period",), _check_period),
        TypeSpec("ticket.severity_changed", ("ticket", "severity")),
    ]
    for name in ("opened", "acknowledged", "progress", "restored", "resolved", "rfo"):
        specs.append(TypeSpec(f"ticket.{name}", ("ticket",)))
    specs += [TypeSpec("ticket.on_hold", ("ticket",)), TypeSpec("ticket.resumed", ("ticket",))]
    return {spec.name: spec for spec in specs}


TYPES: Mapping[str, TypeSpec] = _specs()
_KNOWN_SHORT = "outage.*, maintenance.announced, ticket.*, measurement, claim.submitted"


def _unknown_type(name: object) -> str:
    if not isinstance(name, str):
        return f"`type` must be a string, got {_describe(name)}"
    family = name.partition(".")[0]
    kin = [known for known in TYPES if known.partition(".")[0] == family]
    if 0 < len(kin) <= 3:
        listed = kin[0] if len(kin) == 1 else ", ".join(kin[:-1]) + " and " + kin[-1]
        verb = "is" if len(kin) == 1 else "are"
        return (
            f"unknown type {quoted(name)}; the {family} type{'s' * (len(kin) > 1)} {verb} {listed}"
        )
    close = difflib.get_close_matches(name, list(TYPES), n=1, cutoff=0.6)
    if close:
        return f"unknown type {quoted(name)}; did you mean {close[0]!r}?"
    return f"unknown type {quoted(name)}; known types are {_KNOWN_SHORT}"


# --- fields -----------------------------------------------------------------------------------

# What each known field holds; a field not named here is kept as decoded (numbers as Decimal).
_TEXT, _FRACTION, _FINITE, _POSITIVE, _TIME = range(5)
_KINDS: dict[str, int] = {
    **dict.fromkeys(
        (
            "id", "customer", "service", "outage", "maintenance", "ticket", "severity", "cause",
            "category", "metric", "period",
        ),
        _TEXT,
    ),
    "affected": _FRACTION,
    "value": _FINITE,
    "count": _POSITIVE,
    "start": _TIME,
    "end": _TIME,
}  # fmt: skip
_RULES: dict[str, tuple[str, tuple[str, ...], Callable[[dict[str, object]], str | None] | None]] = {
    name: (spec.name, spec.required, spec.check) for name, spec in TYPES.items()
}
_NUMBER_TEXT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_ZERO, _ONE = Decimal(0), Decimal(1)

# How the values of a line were decoded (the `source` argument of `make_event`).
EXACT_JSON = 0  # JSON with every non-integer number already a Decimal (stdlib json)
FAST_JSON = 1  # JSON from orjson: a float or a nested value raises `Inexact`
CSV_TEXT = 2  # CSV: every value is the text of its cell


class Inexact(Exception):  # noqa: N818 - a signal to the decoder, not an error
    """A line decoded by orjson holds a float (or a nested value, which might hold floats): the
    decoder reads the line again with the stdlib and `EXACT_JSON`."""


def _cut(text: str) -> str:
    """At most 40 characters of a value's text, as a reason shows it (a longer one cut, `...`)."""
    return text if len(text) <= 40 else text[:37] + "..."


def quoted(text: str) -> str:
    """A text from a line, as a reason quotes it: `repr` (control characters escaped) of at most
    40 characters of it."""
    return repr(_cut(text))


def _describe(value: object) -> str:
    """How a JSON value is named in a reason: its kind, and the value when it is short."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal | float):
        return f"the number {_cut(str(value))}"
    if isinstance(value, str):
        return f"the string {quoted(value)}"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _number(name: str, value: object, source: int) -> Decimal:
    """A finite Decimal from a JSON number (int or Decimal) or, for CSV, from a cell's text."""
    kind = type(value)
    if kind is Decimal:
        number = value
    elif kind is int:
        number = Decimal(value)  # type: ignore[arg-type]
    elif kind is float and source != CSV_TEXT:
        raise Inexact
    elif kind is str and source == CSV_TEXT:
        cell = value.strip()  # type: ignore[attr-defined]
        if _NUMBER_TEXT.fullmatch(cell):
            number = Decimal(cell)
        elif cell.lower().lstrip("+-") in ("nan", "inf", "infinity"):
            raise Invalid(f"`{name}` must be a finite number, got {cell}")
        else:
            raise Invalid(f"`{name}` must be a number, got {quoted(cell)}")
    else:
        raise Invalid(f"`{name}` must be a number, got {_describe(value)}")
    assert isinstance(number, Decimal)
    if not number.is_finite():
        raise Invalid(f"`{name}` must be a finite number, got {_cut(str(number))}")
    return number


_from_iso = datetime.fromisoformat
_convert = msgspec.convert


def parse_time(value: object, zone: tzinfo | None, name: str = "at") -> datetime:
    """An RFC 3339 timestamp as an aware UTC datetime; `zone` is the default for naive ones.

    Accepted: `YYYY-MM-DDTHH:MM:SS[.fraction]` (`T`, `t` or a space between date and time)
    followed by `Z` (or `z`) or an offset. Without an offset the time is local time in `zone`
    (an ambiguous local time is taken at its first occurrence, fold=0; a local time skipped by a
    clock change with the offset before the change); without `zone` it is rejected. A leap
    second (`23:59:60` UTC, whatever the offset it is written with) is read as the last
    microsecond before midnight, as times here have no leap seconds.
    """
    if type(value) is not str:
        raise Invalid(f"`{name}` must be an RFC 3339 timestamp string, got {_describe(value)}")
    try:  # the parser of the reader's fast path first, so that both read a time alike
        when = _convert(value, datetime)
    except msgspec.ValidationError:
        when, leap = _lenient_time(value, name)
        if leap:
            return _leap_second(_to_utc(when, value, zone, name), value, name)
    return _to_utc(when, value, zone, name)


# The start every timestamp shares: a date and a time to the second (`T`, `t` or a space).
_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}")


def _lenient_time(value: str, name: str) -> tuple[datetime, bool]:
    """What msgspec's RFC 3339 parser refuses but Python reads (and a leap second, read as
    second 59: True with it); or `Invalid` with the reason."""
    if _SHAPE.match(value) is None:
        raise Invalid(
            f"`{name}` is not an RFC 3339 timestamp (YYYY-MM-DDTHH:MM:SSZ): {quoted(value)}"
        )
    leap = value[17:19] == "60"
    text = value[:17] + "59" + value[19:] if leap else value
    try:
        when = _from_iso(text)
    except ValueError:
        try:
            when = _from_iso(text.upper())
        except ValueError as exc:
            why = str(exc)
            if why.startswith("Invalid isoformat"):
                why = "what follows the seconds is not a fraction, Z or an offset"
            elif why.startswith("offset must be"):
                why = "a UTC offset must be less than 24 hours"
            raise Invalid(f"`{name}` is not a valid time ({why}): {quoted(value)}") from None
    return when, leap


def _leap_second(when: datetime, value: str, name: str) -> datetime:
    """A time written with second 60, read with second 59 and moved to UTC, as the last
    microsecond of 23:59:59 UTC; `Invalid` if it is not then (no leap second is)."""
    if (when.hour, when.minute, when.second) != (23, 59, 59):
        raise Invalid(
            f"`{name}` is not a valid time (second 60 is a leap second, at 23:59:60 UTC "
            f"only): {quoted(value)}"
        )
    return when.replace(microsecond=999999)


def _to_utc(when: datetime, value: str, zone: tzinfo | None, name: str) -> datetime:
    offset = when.tzinfo
    if offset is UTC:
        return when
    try:
        if offset is None:
            if zone is None:
                raise Invalid(
                    f"`{name}` {quoted(value)} has no UTC offset: add 'Z' or an offset such as "
                    "'+02:00', or name the zone of local times with --tz"
                )
            return when.replace(tzinfo=zone).astimezone(UTC)
        return when.astimezone(UTC)
    except OverflowError:
        raise Invalid(f"`{name}` {quoted(value)} lies {OUTSIDE_YEARS}") from None


def _odd_field(name: str, role: int | None, value: object, source: int) -> object:
    """The slow path of `make_event` for one field: decoded value, None if absent, or raise."""
    if value is None:
        return None
    kind = type(value)
    if kind is float:  # from orjson (which reads `1e5` and huge integers as floats)
        raise Inexact
    if role is None:
        if source == FAST_JSON and (kind is dict or kind is list):
            raise Inexact  # a nested float would escape: decode the line exactly
        return Decimal(value) if kind is int else value  # type: ignore[arg-type]
    if role == _TEXT:
        if kind is str:
            raise Invalid(f"`{name}` is empty")
        raise Invalid(f"`{name}` must be a string, got {_describe(value)}")
    if role == _TIME:
        return parse_time(value, None, name)  # not a string: raises
    if kind is bool:
        raise Invalid(f"`{name}` must be a number, got {_describe(value)}")
    number = _number(name, value, source)
    if role == _FRACTION:
        if number < _ZERO or number > _ONE:
            raise Invalid(f"`{name}` must be a fraction from 0 to 1, got {_cut(str(number))}")
    elif role == _POSITIVE and number <= _ZERO:
        raise Invalid(f"`{name}` must be a positive number, got {_cut(str(number))}")
    return number


def make_event(
    fields: dict[str, object], file: str, line: int, zone: tzinfo | None, source: int
) -> Event:
    """Validate one decoded line and build its Event; raises `Invalid` with the reason.

    `fields` is consumed: `at` and `type` are taken out, and values are replaced in place by
    their decoded form. `source` is how the values were decoded: `EXACT_JSON`, `CSV_TEXT`, or
    `FAST_JSON` (orjson), where a float (or a nested value, which might hold one) raises
    `Inexact` so that the caller decodes the line again exactly.
    """
    at = fields.pop("at", None)
    kind = fields.pop("type", None)
    try:
        name, required, check = _RULES[kind]  # type: ignore[index]
    except (KeyError, TypeError):
        if at is None:
            raise Invalid(
                "missing `at`" if kind is not None else "missing `at` and `type`"
            ) from None
        raise Invalid("missing `type`" if kind is None else _unknown_type(kind)) from None
    when = parse_time(at, zone) if at is not None else _missing_at()
    odd: dict[str, object] | None = None
    role_of = _ROLE
    for field, value in fields.items():
        role = role_of(field)
        if role == _TEXT:
            if type(value) is str and value:
                continue
        elif role is None:  # a field of no known meaning
            kind = type(value)
            if kind is str or kind is bool:
                continue
        elif role == _TIME:
            if type(value) is str:
                fields[field] = parse_time(value, zone, field)
                continue
        elif type(value) is Decimal and value.is_finite():  # a number, already exact
            if role == _FINITE:
                continue
            if role == _FRACTION:
                if _ZERO <= value <= _ONE:
                    continue
            elif value > _ZERO:
                continue
        if odd is None:
            odd = {}
        odd[field] = _odd_field(field, role, value, source)
    if odd is not None:
        for field, value in odd.items():
            if value is None:
                del fields[field]
            else:
                fields[field] = value
    for field in required:
        if field not in fields:
            raise Invalid(f"missing `{field}`, which {name} requires")
    if check is not None:
        problem = check(fields)
        if problem is not None:
            raise Invalid(problem)
    cls = EVENT_CLASSES[name]
    own = LINE_FIELDS[cls]
    known = {field: value for field, value in fields.items() if field in own}
    extra = (
        None
        if len(known) == len(fields)
        else {field: value for field, value in fields.items() if field not in own}
    )
    return cls(at=when, file=file, line=line, extra=extra, **known)  # type: ignore[arg-type]


_ROLE = _KINDS.get


def _missing_at() -> datetime:
    raise Invalid("missing `at`")


def format_time(when: datetime) -> str:
    """A UTC datetime as RFC 3339 with `Z`, as reasons and reports show it."""
    text = when.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def describe_span(span: timedelta) -> str:
    """A window length in words: `7 days`, `36 hours`, `90 minutes`, `30 seconds`."""
    seconds = int(span.total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{span.total_seconds():g} seconds"
