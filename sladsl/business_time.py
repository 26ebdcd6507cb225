"""Business time: when a calendar is open, how much open time a span holds, when a limit runs out.

Input: a checked `nodes.Calendar` (`BusinessCalendar.from_node`) or the built-in 24x7 calendar
(`BusinessCalendar.always()`), then timezone-aware datetimes (any zone; naive ones are refused
with ValueError). Output: `datetime`s in UTC, `timedelta`s of open time, booleans, dates.

Semantics:
- Local time of the calendar's `zone` (the contract's zone when it has none) only draws the open
  windows; every measure is real time between UTC instants, in whole microseconds (ints, never
  floats).
- An *open day* is a local date whose weekday has an `open` rule and that no holiday closes.
  `open mon-fri` without hours is the whole day (00:00-24:00); `every day` is all seven days; a
  range such as `fri-mon` wraps round the week. Several rules add up and overlaps merge.
- A window belongs to the day it opens on. An overnight window (`22:00-06:00 overnight`) runs from
  22:00 of that day to 06:00 of the next; hours that close at or before they open are read as
  overnight whether marked or not (without the mark the checker reports SLA-E702). A holiday
  closes the windows that open on it, not one that opened the evening before and runs into it.
- An instant is open when its local wall-clock time lies inside a window of an open day. Across
  daylight-saving changes this is what a clock on the wall shows: on the day Los Angeles springs
  forward (02:00 -> 03:00) a window 01:00-03:00 holds 1 h of real time and 08:00-18:00 holds
  10 h; on the day it falls back (02:00 -> 01:00), 00:00-03:00 holds 4 h, since 01:00-02:00 is
  lived twice.
- Holidays follow `sladsl.holidays` (fixed dates, nth/last weekday, Easter, relative, explicit).
- "N support days" (`add_open_days`) is the same local wall-clock time on the Nth open day after
  the start's local date. If that time does not exist that day (a DST gap) it is read with the
  offset before the gap (PEP 495 `fold=0`), which lands after the gap (02:30 -> 03:30 in a 1-hour
  gap); if it exists twice, the first occurrence.
- Years 2 to 9998 are supported; beyond them, and for calendars that are never open (or, after
  their explicit holidays, stay closed for 50 years running), `deadline` and the open-day
  functions raise ValueError instead of looping.

Method and invariants:
- per UTC year, the open time is a sorted list of disjoint half-open UTC intervals `[start, end)`
  (µs since 1970-01-01T00:00Z) with prefix sums of their lengths, built on first use and cached;
  offsets come from the zone's transitions in that year (found by probing every 6 hours and
  bisecting to the microsecond), so each stretch of constant offset maps local windows to UTC by
  a plain subtraction;
- `elapsed` and `deadline` cost a bisection in one or two years plus one step per whole year in
  between; open days are kept per local year as sorted ordinals, so `add_open_days` and
  `end_of_nth_open_day` bisect too;
- `deadline(start, elapsed(start, end)) <= end`, and `elapsed(start, deadline(start, d)) == d`
  for every d > 0: the deadline is the *first* instant by which d of open time has passed;
- zones come from the `tzdata` package (a dependency, so results do not depend on the machine's
  zone files), loaded once per name by `load_zone`; an unknown name raises
  `zoneinfo.ZoneInfoNotFoundError` from `from_node`. Such zones (`ZoneInfo.from_file`) cannot be
  pickled, nor can datetimes that carry them.

For callers: `+` and `-` on two datetimes of the same `ZoneInfo` zone are wall-clock arithmetic in
Python (a day across a DST change is 23 or 25 real hours); convert to UTC before adding durations.
"""

from __future__ import annotations

import calendar as _gregorian
import functools
import importlib.resources
import zoneinfo
from bisect import bisect_left, bisect_right
from datetime import MAXYEAR, MINYEAR, UTC, date, datetime, time, timedelta
from decimal import Decimal
from itertools import accumulate
from zoneinfo import ZoneInfo

from sladsl import nodes
from sladsl.holidays import HolidayRules

US = timedelta(microseconds=1)
MINUTE_US = 60_000_000
DAY_US = 86_400_000_000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
ALWAYS = "24x7"

# Probing every 6 h finds every change unless two return to the same offset within 6 h, which no
# zone of tzdata 2026 does (checked over the transition tables of all 598 zones).
_PROBE_US = 6 * 3600 * 1_000_000
_MAX_EMPTY_YEARS = 50
_FIRST_YEAR = MINYEAR + 1
_LAST_YEAR = MAXYEAR - 1

Window = tuple[int, int]  # minutes after the local midnight of the day it opens on; end <= 2880


@functools.cache
def load_zone(name: str) -> ZoneInfo:
    """The IANA zone `name` from the `tzdata` package (never the machine's zone files).

    Raises `zoneinfo.ZoneInfoNotFoundError` when tzdata has no such zone.
    """
    parts = name.split("/")
    if any(part in ("", ".", "..") or "\\" in part for part in parts):
        raise zoneinfo.ZoneInfoNotFoundError(f"`{name}` is not a time zone name")
    resource = importlib.resources.files("tzdata").joinpath("zoneinfo", *parts)
    try:
        with resource.open("rb") as data:
            return ZoneInfo.from_file(data, key=name)
    except (OSError, ValueError) as error:
        raise zoneinfo.ZoneInfoNotFoundError(f"`{name}` is not a time zone of tzdata") from error


def to_micros(at: datetime) -> int:
    """Microseconds from 1970-01-01T00:00Z to an aware datetime."""
    _require_aware(at)
    return (at - EPOCH) // US


_BEYOND = "the result lies beyond the years datetime can represent"


def from_micros(micros: int) -> datetime:
    """The UTC datetime `micros` microseconds after 1970-01-01T00:00Z."""
    try:
        return EPOCH + timedelta(microseconds=micros)
    except OverflowError as error:
        raise ValueError(_BEYOND) from error


def _require_aware(at: datetime) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"{at.isoformat()} has no time zone: business time needs aware datetimes")


def _instant(at: datetime) -> tuple[int, int]:
    """(µs since the epoch, UTC year) of an aware datetime."""
    _require_aware(at)
    utc = at.astimezone(UTC)
    return (utc - EPOCH) // US, utc.year


def _year_bounds(year: int) -> tuple[int, int]:
    """[start, end) of a UTC year, in µs since the epoch."""
    start = (date(year, 1, 1).toordinal() - EPOCH_ORDINAL) * DAY_US
    return start, start + (366 if _gregorian.isleap(year) else 365) * DAY_US


def _offset_at(zone: ZoneInfo, micros: int) -> int:
    offset = from_micros(micros).astimezone(zone).utcoffset()
    assert offset is not None
    return offset // US


@functools.lru_cache(maxsize=1024)
def _offset_pieces(zone: ZoneInfo, year: int) -> tuple[tuple[int, int, int], ...]:
    """The UTC year cut where the zone's offset changes: (start, end, offset), all in µs."""
    lo, hi = _year_bounds(year)
    pieces: list[tuple[int, int, int]] = []
    start, offset, known = lo, _offset_at(zone, lo), lo
    while True:
        probe = min(known + _PROBE_US, hi - 1)
        if _offset_at(zone, probe) != offset:
            before, after = known, probe  # offset(before) == offset != offset(after)
            while after - before > 1:
                middle = (before + after) // 2
                if _offset_at(zone, middle) == offset:
                    before = middle
                else:
                    after = middle
            pieces.append((start, after, offset))
            start, offset, known = after, _offset_at(zone, after), after
        elif probe >= hi - 1:
            break
        else:
            known = probe
    pieces.append((start, hi, offset))
    return tuple(pieces)


class _Year:
    """The open intervals of one UTC year, with the open time accumulated through each."""

    __slots__ = ("ends", "starts", "through", "total")

    def __init__(self, starts: list[int], ends: list[int]) -> None:
        self.starts = starts
        self.ends = ends
        lengths = (end - start for start, end in zip(starts, ends, strict=True))
        self.through = list(accumulate(lengths))
        self.total = self.through[-1] if self.through else 0

    def open_before(self, micros: int) -> int:
        """Open time from the start of the year to `micros` (inside the year)."""
        i = bisect_right(self.starts, micros) - 1
        if i < 0:
            return 0
        end = self.ends[i]
        return self.through[i] - (end - micros if micros < end else 0)

    def reached(self, amount: int) -> int:
        """The first instant by which `amount` (0 < amount <= total) of open time has passed."""
        i = bisect_left(self.through, amount)
        return self.ends[i] - (self.through[i] - amount)

    def is_open(self, micros: int) -> bool:
        i = bisect_right(self.starts, micros) - 1
        return i >= 0 and micros < self.ends[i]


def _weekdays(days: tuple[nodes.DayRange, ...]) -> list[int]:
    """The weekdays of an `open` rule: all seven for `every day`; `fri-mon` wraps round."""
    if not days:
        return list(range(7))
    found: set[int] = set()
    for day_range in days:
        count = (day_range.last - day_range.first) % 7 + 1
        found.update((day_range.first + k) % 7 for k in range(count))
    return sorted(found)


def _window(hours: nodes.Hours | None) -> Window:
    """A rule's window; times past 24:00 (the checker's SLA-E704) are read as 24:00."""
    if hours is None:
        return 0, 1440
    start, end = (min(max(minutes, 0), 1440) for minutes in (hours.start, hours.end))
    return start, end if end > start else end + 1440


def _merge(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, with overlapping or touching intervals joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


_ZERO = timedelta(0)
_ALWAYS_CALENDAR: BusinessCalendar | None = None


class BusinessCalendar:
    """One calendar's open time, ready for arithmetic. Build with `from_node` or `always`."""

    name: str
    title: str | None
    zone: ZoneInfo

    def __init__(
        self,
        name: str,
        zone: ZoneInfo,
        weekly: list[list[Window]],
        holidays: HolidayRules,
        title: str | None = None,
    ) -> None:
        """`weekly[w]`: the windows of weekday w (0 = Monday), merged, in local minutes."""
        self.name = name
        self.title = title
        self.zone = zone
        self._weekly = tuple(tuple(_merge(list(windows))) for windows in weekly)
        self._rules = holidays
        self._never_open = not any(self._weekly)
        self._continuous = False  # open all the time: elapsed and deadline need no tables
        self._years: dict[int, _Year] = {}
        self._open_days: dict[int, list[int]] = {}

    @classmethod
    def from_node(cls, calendar: nodes.Calendar, default_zone: str = "UTC") -> BusinessCalendar:
        """The engine for a calendar declaration; `default_zone` is the contract's zone."""
        weekly: list[list[Window]] = [[] for _ in range(7)]
        for rule in calendar.opens:
            window = _window(rule.hours)
            for weekday in _weekdays(rule.days):
                weekly[weekday].append(window)
        zone = load_zone(calendar.zone or default_zone)
        return cls(calendar.name, zone, weekly, HolidayRules(calendar.holidays), calendar.title)

    @classmethod
    def always(cls) -> BusinessCalendar:
        """The built-in `24x7` calendar: open all the time, no holidays, zone UTC (one shared
        instance, whose arithmetic is plain datetime arithmetic)."""
        global _ALWAYS_CALENDAR
        if _ALWAYS_CALENDAR is None:
            weekly: list[list[Window]] = [[(0, 1440)] for _ in range(7)]
            _ALWAYS_CALENDAR = cls(ALWAYS, load_zone("UTC"), weekly, HolidayRules(()), ALWAYS)
            _ALWAYS_CALENDAR._continuous = True
        return _ALWAYS_CALENDAR

    def __repr__(self) -> str:
        return f"BusinessCalendar({self.name!r}, zone={self.zone.key!r})"

    # ------------------------------------------------------------------ instants

    def is_open(self, at: datetime) -> bool:
        """Whether the calendar is open at that instant (windows are closed at their end)."""
        micros, year = _instant(at)
        return self._year(year).is_open(micros)

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """The open time in [start, end); zero when end <= start."""
        if self._continuous:
            _require_aware(start)
            _require_aware(end)
            return max(end.astimezone(UTC) - start.astimezone(UTC), _ZERO)
        s, start_year = _instant(start)
        e, end_year = _instant(end)
        if e <= s:
            return timedelta(0)
        first = self._year(start_year)
        if start_year == end_year:
            return timedelta(microseconds=first.open_before(e) - first.open_before(s))
        amount = first.total - first.open_before(s)
        for year in range(start_year + 1, end_year):
            amount += self._year(year).total
        amount += self._year(end_year).open_before(e)
        return timedelta(microseconds=amount)

    def deadline(self, start: datetime, limit: timedelta) -> datetime:
        """The first instant by which `limit` of open time has passed since `start` (UTC).

        A limit of zero or less gives `start` itself. Raises ValueError when the calendar never
        opens again (see the module docstring).
        """
        if self._continuous and limit > _ZERO:
            _require_aware(start)
            try:
                return start.astimezone(UTC) + limit
            except OverflowError as error:
                raise ValueError(_BEYOND) from error
        s, year = _instant(start)
        need = limit // US
        if need <= 0:
            return from_micros(s)
        if self._never_open:
            raise ValueError(f"calendar `{self.name}` is never open: no deadline can be reached")
        current = self._year(year)
        need += current.open_before(s)
        empty = 0
        while need > current.total:
            need -= current.total
            year += 1
            current = self._year(year)
            empty = 0 if current.total else empty + 1
            if empty > _MAX_EMPTY_YEARS:
                raise ValueError(
                    f"calendar `{self.name}` is closed for {_MAX_EMPTY_YEARS} years running "
                    f"after {start.isoformat()}: no deadline can be reached"
                )
        return from_micros(current.reached(need))

    # ------------------------------------------------------------------ days

    def is_open_day(self, day: date) -> bool:
        """Whether `day`'s weekday has an `open` rule and no holiday closes it."""
        return bool(self._weekly[day.weekday()]) and day not in self._rules.closed(day.year)

    def add_open_days(self, start: datetime, days: int) -> datetime:
        """The same local wall-clock time as `start`, on the `days`th open day after its date.

        `days` = 0 gives `start`; negative counts raise ValueError. See the module docstring for
        times that a DST change skips or repeats.
        """
        _require_aware(start)
        if days < 0:
            raise ValueError(f"cannot add {days} open days: the count must not be negative")
        if days == 0:
            return start.astimezone(UTC)
        local = start.astimezone(self.zone)
        target = self._nth_open_day_after(local.toordinal(), days)
        wall_time = local.time().replace(fold=0)  # a repeated time: its first occurrence
        wall = datetime.combine(date.fromordinal(target), wall_time, tzinfo=self.zone)
        return wall.astimezone(UTC)

    def open_day_steps(self, start: datetime, end: datetime, days: int) -> Decimal:
        """How many steps of `days` open days lie between `start` and `end`, exactly: the whole
        steps (each ends at the same local time, `days` open days on, as `add_open_days`) and
        the share of the next step's open time before `end`. Zero when `end <= start`.

        A remedy `per started 1 day over limit` on a calendar counts late open days this way:
        late from Monday 18:00 to Wednesday 12:00 on 08:00-18:00 working days is 1.4 steps of
        one day (Tuesday's 10 h, then 4 of Wednesday's 10), so 2 started days.
        """
        if days < 1:
            raise ValueError(f"a step of {days} open days cannot be counted: it must be 1 or more")
        whole = 0
        mark = start
        while True:
            following = self.add_open_days(start, (whole + 1) * days)
            if following > end:
                break
            whole += 1
            mark = following
        if end <= mark:
            return Decimal(whole)
        span = self.elapsed(mark, following)
        if span <= _ZERO:
            return Decimal(whole)
        share = Decimal(self.elapsed(mark, end) // US) / Decimal(span // US)
        return whole + share

    def end_of_nth_open_day(self, day: date, n: int) -> datetime:
        """The local midnight (in UTC) that ends the nth open day counting from `day` itself.

        `day` counts as the first when it is open: the 5th working day of April 2026 on a Mon-Fri
        calendar is Tue 7 April, ended by 8 April 00:00. Raises ValueError when n < 1.
        """
        if n < 1:
            raise ValueError(f"there is no open day number {n}: count from 1")
        target = self._nth_open_day_after(day.toordinal() - 1, n)
        midnight = datetime.combine(date.fromordinal(target + 1), time(0), tzinfo=self.zone)
        return midnight.astimezone(UTC)

    def holidays(self, year: int) -> list[tuple[date, str]]:
        """The `(date, title)` of each holiday in `year`, by date (title, or name without one)."""
        return list(self._rules.in_year(year))

    # ------------------------------------------------------------------ internals

    def _closed_on(self, ordinal: int) -> bool:
        day = date.fromordinal(ordinal)
        return day in self._rules.closed(day.year)

    def _local_windows(self, first: int, last: int) -> tuple[list[int], list[int]]:
        """The merged open windows of the days first..last (ordinals), in local naive µs."""
        spans: list[tuple[int, int]] = []
        for ordinal in range(first, last + 1):
            windows = self._weekly[(ordinal - 1) % 7]
            if not windows or self._closed_on(ordinal):
                continue
            midnight = (ordinal - EPOCH_ORDINAL) * DAY_US
            spans.extend(
                (midnight + start * MINUTE_US, midnight + end * MINUTE_US) for start, end in windows
            )
        merged = _merge(spans)
        return [start for start, _ in merged], [end for _, end in merged]

    def _year(self, year: int) -> _Year:
        found = self._years.get(year)
        if found is None:
            found = self._years[year] = self._build_year(year)
        return found

    def _build_year(self, year: int) -> _Year:
        if not _FIRST_YEAR <= year <= _LAST_YEAR:
            raise ValueError(f"year {year} is outside the years business time supports (2-9998)")
        # Offsets stay within ±26 h and a window ends at most two days after its day begins.
        first = date(year, 1, 1).toordinal() - 4
        last = date(year + 1, 1, 1).toordinal() + 2
        local_starts, local_ends = self._local_windows(first, last)
        starts: list[int] = []
        ends: list[int] = []
        for piece_start, piece_end, offset in _offset_pieces(self.zone, year):
            low, high = piece_start + offset, piece_end + offset  # the piece in local time
            i = bisect_right(local_ends, low)
            while i < len(local_starts) and local_starts[i] < high:
                start = max(local_starts[i], low) - offset
                end = min(local_ends[i], high) - offset
                if ends and ends[-1] == start:
                    ends[-1] = end
                else:
                    starts.append(start)
                    ends.append(end)
                i += 1
        return _Year(starts, ends)

    def _open_day_list(self, year: int) -> list[int]:
        found = self._open_days.get(year)
        if found is None:
            if not _FIRST_YEAR <= year <= _LAST_YEAR:
                raise ValueError(
                    f"year {year} is outside the years business time supports (2-9998)"
                )
            closed = self._rules.closed(year)
            first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
            found = self._open_days[year] = [
                ordinal
                for ordinal in range(first, last + 1)
                if self._weekly[(ordinal - 1) % 7] and date.fromordinal(ordinal) not in closed
            ]
        return found

    def _nth_open_day_after(self, ordinal: int, n: int) -> int:
        """The ordinal of the nth (n >= 1) open day after the day `ordinal`."""
        if self._never_open:
            raise ValueError(f"calendar `{self.name}` is never open: it has no open days")
        year = date.fromordinal(max(ordinal, 1)).year
        days = self._open_day_list(year)
        i = bisect_right(days, ordinal) + n - 1
        empty = 0
        while i >= len(days):
            i -= len(days)
            year += 1
            days = self._open_day_list(year)
            empty = 0 if days else empty + 1
            if empty > _MAX_EMPTY_YEARS:
                raise ValueError(
                    f"calendar `{self.name}` has no open day for {_MAX_EMPTY_YEARS} years running"
                )
        return days[i]
