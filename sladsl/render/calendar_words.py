"""Calendars as people write them, and their holidays with dates.

Input: a `nodes.Calendar` (and the contract's zone, which a calendar without `zone` uses), a
year. Output: `describe_calendar(cal)`, e.g. "Monday to Friday, 08:00-18:00 Pacific Time
(America/Los_Angeles)"; `describe_holiday_rule`, e.g. "2 days before Easter Sunday"; and
`holiday_rows(cal, years)`, one row per holiday: its title, its rule in words, and its date in
each of the years asked for, computed by `sladsl.holidays` (the evaluator's own rules).

Invariants: zone names come from the CLDR data of Babel (shipped with the package, nothing is
downloaded), with the IANA name beside them; a zone CLDR does not name (UTC, Etc/GMT+8) is shown
by its IANA name alone. Dates are English ("Fri 3 April 2026") whatever the machine's locale.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from babel.dates import format_date, get_timezone_name

from sladsl import nodes as n
from sladsl.holidays import resolve, rule_date
from sladsl.render.words import MONTHS, WEEKDAYS, and_list, ordinal, plural


def zone_name(zone: str) -> str:
    """`America/Los_Angeles` -> "Pacific Time (America/Los_Angeles)"; `UTC` -> "UTC"."""
    try:
        generic = get_timezone_name(zone, locale="en", zone_variant="generic")
    except LookupError:
        return zone
    if not generic or "Unknown" in generic or generic == zone:
        return zone
    return f"{generic} ({zone})"


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _days(days: Sequence[n.DayRange]) -> str:
    if not days:
        return "every day"
    parts = [
        WEEKDAYS[r.first] if r.first == r.last else f"{WEEKDAYS[r.first]} to {WEEKDAYS[r.last]}"
        for r in days
    ]
    return and_list(parts)


def describe_open_rule(rule: n.OpenRule) -> str:
    """`open mon-fri 08:00-18:00` -> "Monday to Friday, 08:00-18:00"."""
    days = _days(rule.days)
    if rule.hours is None:
        return f"{days}, all day"
    hours = f"{_clock(rule.hours.start)}-{_clock(rule.hours.end)}"
    if rule.hours.overnight or rule.hours.end <= rule.hours.start:
        hours += " (overnight: closing the next morning)"
    return f"{days}, {hours}"


def describe_calendar(calendar: n.Calendar, default_zone: str = "UTC") -> str:
    """When the calendar is open, in its zone's everyday name."""
    zone = zone_name(calendar.zone or default_zone)
    if not calendar.opens:
        return "Never open."
    rules = "; ".join(describe_open_rule(rule) for rule in calendar.opens)
    closed = ", except on the holidays listed" if calendar.holidays else ""
    if all(rule.hours is not None for rule in calendar.opens):
        return f"Open {rules} {zone}{closed}."
    if all(rule.hours is None for rule in calendar.opens):
        return f"Open {rules}, in {zone}{closed}."
    return f"Open {rules}{closed}. Days and times are those of {zone}."


def describe_holiday_rule(rule: n.DateRule, titles: dict[str, str]) -> str:
    """A holiday's date rule in words; `titles` names the calendar's other holidays."""
    if isinstance(rule, n.FixedDate):
        month = MONTHS[rule.month - 1] if 1 <= rule.month <= 12 else str(rule.month)
        return f"{rule.day} {month}, every year"
    if isinstance(rule, n.NthWeekday):
        which = "last" if rule.n == -1 else ordinal(rule.n)
        return f"the {which} {WEEKDAYS[rule.weekday]} of {MONTHS[rule.month - 1]}"
    if isinstance(rule, n.Easter):
        return _offset(rule.offset_days, "Easter Sunday")
    if isinstance(rule, n.RelativeDate):
        return _offset(rule.offset_days, titles.get(rule.holiday.name, rule.holiday.name))
    return "only on " + and_list(_explicit(text) for text in rule.dates)


def _offset(days: int, anchor: str) -> str:
    if days == 0:
        return anchor
    side = "before" if days < 0 else "after"
    return f"{abs(days)} {plural(abs(days), 'day')} {side} {anchor}"


def _explicit(text: str) -> str:
    try:
        return day_text(date.fromisoformat(text))
    except ValueError:
        return text


def day_text(day: date) -> str:
    return str(format_date(day, "EEE d MMMM y", locale="en"))


def holiday_dates(holiday: n.Holiday, calendar: n.Calendar, year: int) -> list[date]:
    """The dates the holiday closes in `year` (none, one, or for explicit dates several)."""
    by_name = {h.name: h for h in calendar.holidays}
    resolved = resolve(holiday, by_name)
    if resolved is None:
        return []
    rule, offset = resolved
    found: list[date] = []
    if isinstance(rule, n.ExplicitDates):
        for text in rule.dates:
            try:
                day = date.fromisoformat(text) + timedelta(days=offset)
            except (ValueError, OverflowError):
                continue
            if day.year == year:
                found.append(day)
        return found
    reach = abs(offset) // 365 + 1
    for rule_year in range(year - reach, year + reach + 1):
        base = rule_date(rule, rule_year)
        if base is None:
            continue
        try:
            day = base + timedelta(days=offset)
        except OverflowError:
            continue
        if day.year == year:
            found.append(day)
    return sorted(found)


def holiday_rows(calendar: n.Calendar, years: Sequence[int]) -> list[tuple[str, ...]]:
    """One row per holiday: title, rule in words, then its date(s) in each year."""
    titles = {h.name: h.title or h.name for h in calendar.holidays}
    rows = []
    for holiday in calendar.holidays:
        dates = [
            ", ".join(day_text(d) for d in holiday_dates(holiday, calendar, year)) or "none"
            for year in years
        ]
        rows.append((titles[holiday.name], describe_holiday_rule(holiday.rule, titles), *dates))
    return rows
