"""Pass 5, calendars: zones that exist, hours that make sense, holidays that can be computed.

Codes: SLA-E701 (unknown IANA zone), SLA-E702 (hours that close before they open without
`overnight`), SLA-E703 (holidays defined in terms of each other in a circle), SLA-E704 (a time of
day that does not exist).
"""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Iterator

from sladsl import nodes as n
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
