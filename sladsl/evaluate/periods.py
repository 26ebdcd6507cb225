"""Reporting periods: calendar months, quarters and years in a zone, and rolling windows.

Input: a period unit (`month`, `quarter`, `year`) or a rolling window's length (`28 days`,
`2 months`, `12h`), instants, a zone. Output: `Period` values with their label (`2026-04`,
`2026-Q2`, `2026`, `2026-03-01/P28D`), their UTC start and end (end exclusive) and their `unit`
(the key of the cycle they belong to: `month`, or `rolling/P28D`); a `Cycle` gives the period of
an instant and the periods of a span, for one `per ...` statement.

Invariants: periods of one cycle tile time without gaps or overlaps; boundaries fall on local
midnight of the zone, so a month in America/Los_Angeles starts at 07:00Z or 08:00Z. Rolling
windows of days, weeks, months or years start at local midnight of the origin's day and every N
local days (or months) after it; windows of hours or less are N of real time from that midnight.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Protocol

import attrs
from dateutil.relativedelta import relativedelta

from sladsl.evaluate.report_format import iso_duration

_LABEL = re.compile(r"([0-9]{4})(?:-(?:([0-9]{2})|Q([1-4])))?")
# Any period's label: a calendar month, quarter or year, or a rolling window's (its first day,
# or first minute for windows of real time, then its length as in `RollingCycle.suffix`).
PERIOD_LABEL = re.compile(
    r"[0-9]{4}(?:-(?:0[1-9]|1[0-2])|-Q[1-4]"
    r"|-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}:[0-9]{2})?/P(?:[0-9]+[DM]|(?:[0-9]+D)?T[0-9HMS.]+))?"
)
_WINDOW_LABEL = re.compile(r"([0-9-]{10}(?:T[0-9:]{5})?)/(P.+)")


@attrs.frozen(order=True)
class Period:
    start: datetime
    end: datetime
    label: str = attrs.field(order=False)
    unit: str = attrs.field(default="", order=False)  # its cycle's key: month | rolling/P28D...

    def contains(self, at: datetime) -> bool:
        return self.start <= at < self.end


def _local_midnight(day: date, zone: tzinfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)


def _first_day(unit: str, day: date) -> date:
    if unit == "month":
        return day.replace(day=1)
    if unit == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if unit == "year":
        return date(day.year, 1, 1)
    raise ValueError(f"unknown period unit {unit!r}")


def _next_first_day(unit: str, first: date) -> date:
    months = {"month": 1, "quarter": 3, "year": 12}[unit]
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _label(unit: str, first: date) -> str:
    if unit == "month":
        return f"{first.year:04d}-{first.month:02d}"
    if unit == "quarter":
        return f"{first.year:04d}-Q{(first.month - 1) // 3 + 1}"
    return f"{first.year:04d}"


def calendar_period(unit: str, at: datetime, zone: tzinfo) -> Period:
    """The calendar month, quarter or year (in `zone`) that holds the instant `at`."""
    first = _first_day(unit, at.astimezone(zone).date())
    following = _next_first_day(unit, first)
    start, end = _local_midnight(first, zone), _local_midnight(following, zone)
    return Period(start, end, _label(unit, first), unit)


def calendar_periods(unit: str, start: datetime, end: datetime, zone: tzinfo) -> Iterator[Period]:
    """Every calendar period that overlaps [start, end] (at least the one holding `start`)."""
    period = calendar_period(unit, start, zone)
    while True:
        yield period
        if period.end > end:
            return
        period = calendar_period(unit, period.end, zone)


class Cycle(Protocol):
    """The periods of one `per ...` statement."""

    @property
    def key(self) -> str:
        """`month`, `quarter`, `year`, or `rolling/P28D`: the `unit` of its periods."""
        ...

    def period(self, at: datetime) -> Period: ...

    def periods(self, start: datetime, end: datetime) -> Iterator[Period]: ...


@attrs.frozen
class CalendarCycle:
    """`per calendar month|quarter|year` in a zone."""

    key: str
    zone: tzinfo

    def period(self, at: datetime) -> Period:
        return calendar_period(self.key, at, self.zone)

    def periods(self, start: datetime, end: datetime) -> Iterator[Period]:
        return calendar_periods(self.key, start, end, self.zone)


class RollingCycle:
    """`per rolling LENGTH`: consecutive windows from local midnight of the origin's day.

    `step` is a number of local days (`("day", 28)`), of months (`("month", 2)`), or a fixed
    length of real time (a timedelta shorter than a day, or not whole days). The origin is asked
    of `origin` when a window is first needed (the run's `--from`, else its first event), and
    kept; windows before it are counted back from it, so that any instant has its window."""

    def __init__(
        self,
        step: tuple[str, int] | timedelta,
        zone: tzinfo,
        origin: Callable[[], datetime | None],
    ) -> None:
        self.step = step
        self.zone = zone
        self._origin_of = origin
        self._origin: date | None = None
        self._midnight = datetime.min.replace(tzinfo=UTC)
        if isinstance(step, timedelta):
            self.suffix = iso_duration(step)
        else:
            self.suffix = f"P{step[1]}{'D' if step[0] == 'day' else 'M'}"
        self.key = f"rolling/{self.suffix}"

    def _day(self, at: datetime) -> date:
        if self._origin is None:
            origin = self._origin_of() or at
            self._origin = origin.astimezone(self.zone).date()
            self._midnight = _local_midnight(self._origin, self.zone)
        return self._origin

    def _start(self, index: int) -> datetime:
        """The start of window `index` (0 is the one that starts at the origin)."""
        origin = self._origin
        assert origin is not None, "a window's start is asked after its index"
        step = self.step
        if isinstance(step, timedelta):
            return self._midnight + step * index
        if step[0] == "day":
            return _local_midnight(origin + timedelta(days=step[1] * index), self.zone)
        # The same day so many months on, or the month's last day (31 Jan + 1 month: 28 Feb).
        return _local_midnight(origin + relativedelta(months=step[1] * index), self.zone)

    def _index(self, at: datetime) -> int:
        origin = self._day(at)
        step = self.step
        if isinstance(step, timedelta):
            return (at - self._midnight) // step
        local = at.astimezone(self.zone).date()
        if step[0] == "day":
            return (local - origin).days // step[1]
        months = (local.year - origin.year) * 12 + local.month - origin.month
        index = months // step[1]
        return index - 1 if at < self._start(index) else index

    def _window(self, index: int) -> Period:
        start = self._start(index)
        local = start.astimezone(self.zone)
        shown = local.date().isoformat()
        if isinstance(self.step, timedelta):
            shown = local.strftime("%Y-%m-%dT%H:%M")
        return Period(start, self._start(index + 1), f"{shown}/{self.suffix}", self.key)

    def period(self, at: datetime) -> Period:
        return self._window(self._index(at))

    def periods(self, start: datetime, end: datetime) -> Iterator[Period]:
        """Every window that overlaps [start, end] (at least the one holding `start`)."""
        index = self._index(start)
        while True:
            window = self._window(index)
            yield window
            if window.end > end:
                return
            index += 1


def rolling_step(amount: int, unit: str) -> tuple[str, int] | None:
    """The step of a rolling window of `amount` `unit`s, when it is counted in local days or
    months (days, weeks, months, years); None for units of fixed length below a day."""
    if unit in ("day", "week"):
        return "day", amount * (7 if unit == "week" else 1)
    if unit in ("month", "year"):
        return "month", amount * (12 if unit == "year" else 1)
    return None


def rolling_periods(
    length: timedelta, origin: datetime, end: datetime, zone: tzinfo
) -> Iterator[Period]:
    """Windows of `length` from local midnight of the origin's day, until `end` is covered."""
    days, rest = divmod(length, timedelta(days=1))
    step: tuple[str, int] | timedelta = ("day", days) if days and not rest else length
    return RollingCycle(step, zone, lambda: origin).periods(origin, end)


def label_key(label: str) -> str | None:
    """The key of the cycle a period label belongs to (`2026-04` -> `month`, `2026-Q2` ->
    `quarter`, `2026` -> `year`, `2026-01-05/P28D` -> `rolling/P28D`); None if `label` is not
    a period's label, or names a day that does not exist."""
    if PERIOD_LABEL.fullmatch(label) is None:
        return None
    calendar = _LABEL.fullmatch(label)
    if calendar is not None:
        return "month" if calendar.group(2) else "quarter" if calendar.group(3) else "year"
    window = _WINDOW_LABEL.fullmatch(label)
    assert window is not None, "PERIOD_LABEL matched it"
    first, suffix = window.groups()
    try:
        datetime.fromisoformat(first)
    except ValueError:
        return None
    return f"rolling/{suffix}"


def describe_key(key: str) -> str:
    """A cycle's key in words, with a label of its periods: `month` -> "calendar months
    (2026-04)", `rolling/P28D` -> "rolling windows of P28D (2026-01-05/P28D)"."""
    if key.startswith("rolling/"):
        suffix = key.removeprefix("rolling/")
        first = "2026-01-05T00:00" if suffix.startswith("PT") else "2026-01-05"
        return f"rolling windows of {suffix} (such as {first}/{suffix})"
    example = {"month": "2026-04", "quarter": "2026-Q2", "year": "2026"}[key]
    return f"calendar {key}s (such as {example})"


def period_from_label(label: str, zone: tzinfo) -> Period:
    """`2026-03`, `2026-Q1` or `2026` as a Period in `zone`; ValueError for anything else."""
    match = _LABEL.fullmatch(label)
    if match is None:
        raise ValueError(f"`{label}` is not a period: write 2026-03, 2026-Q1 or 2026")
    year = int(match.group(1))
    if match.group(2):
        month = int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"`{label}` is not a period: months run from 01 to 12")
        return calendar_period("month", _local_midnight(date(year, month, 1), zone), zone)
    if match.group(3):
        month = 3 * (int(match.group(3)) - 1) + 1
        return calendar_period("quarter", _local_midnight(date(year, month, 1), zone), zone)
    return calendar_period("year", _local_midnight(date(year, 1, 1), zone), zone)


def add_months(at: datetime, months: int, zone: tzinfo) -> datetime:
    """The same local time `months` later (clamped to the month's last day), as UTC."""
    local = at.astimezone(zone)
    index = local.year * 12 + local.month - 1 + months
    year, month = index // 12, index % 12 + 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    day = min(local.day, (following - timedelta(days=1)).day)
    moved = datetime(year, month, day, local.hour, local.minute, local.second, local.microsecond)
    return moved.replace(tzinfo=zone).astimezone(UTC)
