"""Reporting periods: calendar months, quarters and years in a zone, and rolling windows.

Input: a period unit (`month`, `quarter`, `year`, or a rolling length), instants, a zone.
Output: `Period` values with their label (`2026-04`, `2026-Q2`, `2026`, `2026-03-01/P28D`) and
their UTC start and end (end exclusive).

Invariants: periods of one unit tile time without gaps or overlaps; boundaries fall on local
midnight of the zone, so a month in America/Los_Angeles starts at 07:00Z or 08:00Z.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo

import attrs

_LABEL = re.compile(r"([0-9]{4})(?:-(?:([0-9]{2})|Q([1-4])))?")


@attrs.frozen(order=True)
class Period:
    start: datetime
    end: datetime
    label: str = attrs.field(order=False)
    unit: str = attrs.field(default="", order=False)  # month | quarter | year | rolling

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


def rolling_periods(
    length: timedelta, origin: datetime, end: datetime, zone: tzinfo
) -> Iterator[Period]:
    """Windows of `length` from local midnight of the origin's day, until `end` is covered."""
    day = origin.astimezone(zone).date()
    start = _local_midnight(day, zone)
    while True:
        stop = start + length
        yield Period(start, stop, f"{day.isoformat()}/P{length.days}D", "rolling")
        if stop > end:
            return
        start, day = stop, stop.astimezone(zone).date()


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
