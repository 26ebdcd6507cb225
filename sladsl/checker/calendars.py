"""Pass 5, calendars: zones that exist, hours that make sense, holidays that can be computed.

Codes: SLA-E701 (unknown IANA zone), SLA-E702 (hours that close before they open without
`overnight`), SLA-E703 (holidays defined in terms of each other in a circle), SLA-E704 (a time of
day that does not exist), SLA-W706 (opening hours that overlap: the calendar is open in their
union, as the evaluator takes it, so the overlap only hints at a typo).

Opening hours are compared as minutes of the week (Monday 00:00 is 0), an overnight rule's hours
running into the next day and Sunday night's into Monday morning. The morning an overnight rule
runs into a day that a rule opens whole (`open fri 22:00-07:00 overnight` and `open sat, sun`) is
no overlap: that is how a desk that never closes is written.
"""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Iterator

from sladsl import nodes as n
from sladsl.builder import WEEKDAYS
from sladsl.business_time import load_zone
from sladsl.checker.scope import Scope
from sladsl.diagnostics import Diagnostic, Span


@functools.cache
def known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@functools.cache
def zone_exists(name: str) -> bool:
    """True when the evaluator can load the zone: the same tzdata source it uses."""
    try:
        load_zone(name)
    except zoneinfo.ZoneInfoNotFoundError:
        return False
    return True


def run(scope: Scope) -> Iterator[Diagnostic]:
    header = scope.contract.header
    if header is not None and header.zone is not None:
        yield from _zone(scope, header.zone, header.zone_span)
    for d in scope.contract.declarations:
        if isinstance(d, n.Calendar):
            if d.zone is not None:
                yield from _zone(scope, d.zone, d.zone_span)
            for rule in d.opens:
                if rule.hours is not None:
                    yield from _hours(scope, rule.hours)
            yield from _overlaps(scope, d)
            yield from _cycles(scope, d)


def _zone(scope: Scope, zone: str, span: Span | None) -> Iterator[Diagnostic]:
    if not zone_exists(zone):
        yield scope.diagnostic(
            "SLA-E701",
            f"`{zone}` is not a time zone of the IANA database",
            span,
            hint=scope.suggest(zone, known_zones())
            or "zones are written like `America/Los_Angeles` or `UTC`",
        )


def _hours(scope: Scope, hours: n.Hours) -> Iterator[Diagnostic]:
    for written in hours.text.split()[0].split("-"):
        hour, minute = (int(part) for part in written.split(":"))
        if minute > 59 or hour > 24 or (hour == 24 and minute > 0):
            yield scope.diagnostic(
                "SLA-E704",
                f"`{written}` is not a time of day",
                hours.span,
                hint="times run from 00:00 to 24:00",
            )
            return
    if hours.end <= hours.start and not hours.overnight:
        yield scope.diagnostic(
            "SLA-E702",
            f"`{hours.text}` closes before it opens",
            hours.span,
            hint=f"if the hours run past midnight, write `{hours.text} overnight`",
        )
    elif hours.overnight and hours.end > hours.start:
        yield scope.diagnostic(
            "SLA-E702",
            f"`{hours.text}` is marked overnight but closes the same day",
            hours.span,
            hint="remove `overnight`",
        )


def _cycles(scope: Scope, calendar: n.Calendar) -> Iterator[Diagnostic]:
    depends = {
        h.name: h.rule.holiday.name for h in calendar.holidays if isinstance(h.rule, n.RelativeDate)
    }
    reported: set[str] = set()
    for holiday in calendar.holidays:
        path = [holiday.name]
        while path[-1] in depends and depends[path[-1]] not in path:
            path.append(depends[path[-1]])
        closes = path[-1] in depends and depends[path[-1]] == holiday.name
        if closes and not reported & set(path):
            reported.update(path)
            circle = " -> ".join(f"`{p}`" for p in [*path, holiday.name])
            yield scope.diagnostic(
                "SLA-E703",
                f"holidays are defined in a circle: {circle}",
                holiday.span,
                hint="define one of them by a date rule",
            )


_DAY = 24 * 60
_WEEK = 7 * _DAY
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
Stretch = tuple[int, int]  # [start, end) in minutes of the week
Tagged = tuple[int, int, str]  # a stretch and what it is: "hours", "day" (whole), "morning"


def _overlaps(scope: Scope, calendar: n.Calendar) -> Iterator[Diagnostic]:
    """SLA-W706 for each `open` rule (or day of one) that opens when an earlier one already has."""
    if not all(rule.hours is None or _sound(rule.hours) for rule in calendar.opens):
        return  # SLA-E702 or SLA-E704 says what is wrong with the hours first
    seen: list[tuple[n.OpenRule, list[Tagged]]] = []
    for rule in calendar.opens:
        ranges = rule.days or (n.DayRange(0, 6),)
        reported = False
        for day_range in ranges:
            mine = _stretches(day_range, rule.hours)
            for earlier, theirs in seen:
                common = _common(mine, theirs)
                if common and not reported:
                    reported = True
                    yield _overlap(scope, rule, earlier, common[0])
            seen.append((rule, mine))


def _sound(hours: n.Hours) -> bool:
    if max(hours.start, hours.end) > _DAY:
        return False
    return hours.end > hours.start if not hours.overnight else hours.end <= hours.start


def _stretches(days: n.DayRange, hours: n.Hours | None) -> list[Tagged]:
    """The open stretches of `open DAYS HOURS`, within one week."""
    found: list[Tagged] = []
    for k in range((days.last - days.first) % 7 + 1):
        day = (days.first + k) % 7 * _DAY
        if hours is None:
            found.append((day, day + _DAY, "day"))
        elif hours.overnight:
            found.append((day + hours.start, day + _DAY, "hours"))
            if hours.end > 0:
                morning = (day + _DAY) % _WEEK
                found.append((morning, morning + hours.end, "morning"))
        else:
            found.append((day + hours.start, day + hours.end, "hours"))
    return found


def _common(mine: list[Tagged], theirs: list[Tagged]) -> list[Stretch]:
    """The stretches open in both, in the order of the week (an overnight rule's morning in a
    day opened whole excepted)."""
    both = [
        (max(a, c), min(b, d))
        for a, b, x in mine
        for c, d, y in theirs
        if max(a, c) < min(b, d) and {x, y} != {"day", "morning"}
    ]
    return sorted(both)


def _overlap(scope: Scope, rule: n.OpenRule, earlier: n.OpenRule, common: Stretch) -> Diagnostic:
    line = earlier.span.line if earlier.span else "?"
    start, end = common
    day = _DAY_NAMES[start // _DAY]
    when = f"{day} {_clock(start % _DAY)}-{_clock(end - start // _DAY * _DAY)}"
    return scope.diagnostic(
        "SLA-W706",
        f"`{_open_text(rule)}` overlaps `{_open_text(earlier)}` (line {line}) on {when}",
        rule.span,
        hint="the calendar is open in the union of its rules (the overlap counts once): "
        "if one rule is mistyped, correct its hours; if not, merge the rules",
    )


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _open_text(rule: n.OpenRule) -> str:
    days = ", ".join(
        WEEKDAYS[r.first] if r.first == r.last else f"{WEEKDAYS[r.first]}-{WEEKDAYS[r.last]}"
        for r in rule.days
    )
    hours = f" {rule.hours.text}" if rule.hours is not None else ""
    return f"open {days or 'every day'}{hours}"
