"""Holiday date rules: the local dates a calendar's `closed` statements close, year by year.

Input: the `Holiday` nodes of one `nodes.Calendar` (any order; relative rules may name holidays
defined later). Output: `HolidayRules.in_year(year)`, the `(date, title)` pairs of the holidays
falling in that year sorted by date then title, and `closed(year)`, the set of those dates.

Semantics, one rule at a time (a holiday closes its whole local day):
- `FixedDate` (`jan 1`): that day every year; a day the year lacks (`feb 29` in a common year,
  `feb 30`) closes nothing that year;
- `NthWeekday` (`3rd mon of feb`, `last mon of may` with n = -1): that weekday of the month; an
  nth the month lacks (a 5th Monday, a 0th) closes nothing that year;
- `Easter` (`easter - 2 days`): Western (Gregorian) Easter Sunday, `dateutil.easter`, plus
  `offset_days`;
- `RelativeDate` (`thanksgiving - 1 day`): each date of another holiday of the same calendar,
  plus `offset_days`, resolved recursively (offsets add up along the chain);
- `ExplicitDates` (`2026-12-31, 2027-12-31`): those ISO dates only; a text that is not a real
  date (`2026-02-30`) closes nothing.

Invariants:
- a date is computed from its rule's own year and then moved, so `christmas + 7 days` closes
  1 January of the *next* year, and `in_year(2027)` lists it;
- a relative rule naming an unknown holiday, or a chain that goes round in a circle (the
  checker's SLA-E703), closes nothing: resolution never loops;
- dates outside `datetime.MINYEAR..MAXYEAR` are dropped, never raised;
- results are cached per year; the object is not modified after construction otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import MAXYEAR, MINYEAR, date, timedelta

from dateutil.easter import EASTER_WESTERN, easter

from sladsl import nodes

BaseRule = nodes.FixedDate | nodes.NthWeekday | nodes.Easter | nodes.ExplicitDates


def resolve(
    holiday: nodes.Holiday, by_name: dict[str, nodes.Holiday]
) -> tuple[BaseRule, int] | None:
    """The date rule a holiday rests on and the total offset in days; None if it has none.

    Follows `RelativeDate` links through `by_name`; an unknown name or a circle gives None.
    """
    offset = 0
    seen: set[str] = set()
    current = holiday
    while isinstance(current.rule, nodes.RelativeDate):
        seen.add(current.name)
        offset += current.rule.offset_days
        target = by_name.get(current.rule.holiday.name)
        if target is None or target.name in seen:
            return None
        current = target
    rule = current.rule
    if isinstance(rule, nodes.Easter):
        return nodes.Easter(0), offset + rule.offset_days
    return rule, offset


def rule_date(rule: nodes.FixedDate | nodes.NthWeekday | nodes.Easter, year: int) -> date | None:
    """The date a yearly rule gives in `year` (Easter without its offset); None if none."""
    if isinstance(rule, nodes.FixedDate):
        try:
            return date(year, rule.month, rule.day)
        except ValueError:
            return None
    if isinstance(rule, nodes.Easter):
        return easter(year, EASTER_WESTERN)
    return nth_weekday(year, rule.month, rule.weekday, rule.n)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date | None:
    """The nth `weekday` (0 = Monday) of a month; n = -1 is the last; None if there is none."""
    if not 1 <= month <= 12 or not 0 <= weekday <= 6:
        return None
    if n == -1:
        following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        last = following - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    if n < 1:
        return None
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    return day if day.month == month else None


def _parse_iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _shift(day: date, days: int) -> date | None:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


class HolidayRules:
    """The holidays of one calendar, resolved once, with their dates computed per year."""

    def __init__(self, holidays: Sequence[nodes.Holiday]) -> None:
        by_name: dict[str, nodes.Holiday] = {}
        for holiday in holidays:
            by_name.setdefault(holiday.name, holiday)
        self._yearly: list[tuple[str, nodes.FixedDate | nodes.NthWeekday | nodes.Easter, int]] = []
        self._explicit: list[tuple[str, date]] = []
        self._in_year: dict[int, tuple[tuple[date, str], ...]] = {}
        self._closed: dict[int, frozenset[date]] = {}
        for holiday in holidays:
            resolved = resolve(holiday, by_name)
            if resolved is None:
                continue
            rule, offset = resolved
            title = holiday.title or holiday.name
            if isinstance(rule, nodes.ExplicitDates):
                for text in rule.dates:
                    base = _parse_iso(text)
                    shifted = None if base is None else _shift(base, offset)
                    if shifted is not None:
                        self._explicit.append((title, shifted))
            else:
                self._yearly.append((title, rule, offset))

    def __bool__(self) -> bool:
        return bool(self._yearly or self._explicit)

    def in_year(self, year: int) -> tuple[tuple[date, str], ...]:
        """The `(date, title)` pairs of the holidays in `year`, sorted by date then title."""
        cached = self._in_year.get(year)
        if cached is not None:
            return cached
        found: set[tuple[date, str]] = set()
        for title, rule, offset in self._yearly:
            # Easter falls in March/April, other rules inside their year: a rule year r can only
            # land in `year` when |offset| reaches across; one spare year on each side is enough.
            reach = abs(offset) // 365 + 1
            for rule_year in range(max(MINYEAR, year - reach), min(MAXYEAR, year + reach) + 1):
                base = rule_date(rule, rule_year)
                day = None if base is None else _shift(base, offset)
                if day is not None and day.year == year:
                    found.add((day, title))
        found.update((day, title) for title, day in self._explicit if day.year == year)
        result = tuple(sorted(found))
        self._in_year[year] = result
        return result

    def closed(self, year: int) -> frozenset[date]:
        """The dates of `year` some holiday closes."""
        cached = self._closed.get(year)
        if cached is None:
            cached = self._closed[year] = frozenset(day for day, _ in self.in_year(year))
        return cached
