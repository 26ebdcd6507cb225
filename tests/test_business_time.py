"""The calendar engine (`sladsl.business_time`, `sladsl.holidays`): open time, deadlines, days.

Input: the support-hours calendar of `contracts/support-hotline.sla` (the scenario's worked
examples in `/work/shared/scenarios/support-hotline/README.md`), small hand-made calendars, and
random calendars drawn by hypothesis (weekday sets, hours with overnight ones, holidays of every
rule, four zones including Australia/Lord_Howe and its 30-minute DST).
Output: nothing; the assertions compare the engine with the scenario, with hand-computed figures,
and with a reference written here independently and naively: a UTC minute is open when its local
wall-clock time falls inside a window of an open day, and holidays are found by testing each date
against its rule.

Invariants: every boundary in the random calendars is a whole minute and every zone offset is a
whole number of minutes, so counting open minutes is exact; budgets keep the file to seconds.
"""

from __future__ import annotations

import time as clock
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest
from dateutil.easter import easter
from hypothesis import given, settings
from hypothesis import strategies as st

from sladsl import nodes
from sladsl.business_time import BusinessCalendar, load_zone
from sladsl.parser import parse

ROOT = Path(__file__).resolve().parent.parent
H = timedelta(hours=1)
MINUTE = timedelta(minutes=1)
US = timedelta(microseconds=1)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def support_hours() -> BusinessCalendar:
    result = parse((ROOT / "contracts" / "support-hotline.sla").read_text(encoding="utf-8"))
    assert result.contract is not None
    found = [d for d in result.contract.declarations if isinstance(d, nodes.Calendar)]
    assert [c.name for c in found] == ["support_hours"]
    return BusinessCalendar.from_node(found[0])


SUPPORT = support_hours()


def calendar(
    *opens: nodes.OpenRule,
    zone: str | None = "UTC",
    holidays: tuple[nodes.Holiday, ...] = (),
) -> BusinessCalendar:
    return BusinessCalendar.from_node(nodes.Calendar("c", "C", zone, opens, holidays))


def rule(days: str | None, hours: str | None = None) -> nodes.OpenRule:
    """`rule("0-4", "08:00-18:00")`; days None: every day; hours ending `+`: overnight."""
    ranges: tuple[nodes.DayRange, ...] = ()
    if days is not None:
        first, _, last = days.partition("-")
        ranges = (nodes.DayRange(int(first), int(last or first)),)
    if hours is None:
        return nodes.OpenRule(ranges)
    overnight = hours.endswith("+")
    start, end = (int(t[:2]) * 60 + int(t[3:5]) for t in hours.rstrip("+").split("-"))
    return nodes.OpenRule(ranges, nodes.Hours(start, end, overnight))


def holiday(name: str, date_rule: nodes.DateRule) -> nodes.Holiday:
    return nodes.Holiday(name, None, date_rule)


# --------------------------------------------------------------------------- the scenario


def test_scenario_t2_deadline_runs_over_the_weekend_and_the_dst_change() -> None:
    opened = utc("2026-03-07T01:00")  # Friday 6 March 17:00 PST
    assert SUPPORT.deadline(opened, 8 * H) == utc("2026-03-09T22:00")  # Monday 15:00 PDT
    assert SUPPORT.elapsed(opened, utc("2026-03-09T22:30")) == 8 * H + 30 * MINUTE


def test_scenario_t1_deadline_skips_thanksgiving() -> None:
    opened = utc("2026-11-24T23:00")  # Tuesday 24 November 15:00 PST
    assert SUPPORT.deadline(opened, 8 * H) == utc("2026-11-27T21:00")  # Friday 13:00 PST
    assert SUPPORT.elapsed(opened, utc("2026-11-27T20:30")) == 7 * H + 30 * MINUTE


def test_scenario_t1_five_support_days() -> None:
    assert SUPPORT.add_open_days(utc("2026-11-24T23:00"), 5) == utc("2026-12-03T23:00")


def test_scenario_good_friday_is_closed() -> None:
    assert not SUPPORT.is_open_day(date(2026, 4, 3))
    assert not SUPPORT.is_open(utc("2026-04-03T17:00"))  # 10:00 PDT, t3 opened outside hours
    assert SUPPORT.is_open(utc("2026-04-02T17:00"))
    assert SUPPORT.elapsed(utc("2026-04-03T07:00"), utc("2026-04-04T07:00")) == timedelta(0)


def test_scenario_t4_used_twelve_support_hours() -> None:
    assert SUPPORT.elapsed(utc("2026-06-01T16:00"), utc("2026-06-02T18:00")) == 12 * H


def test_support_hours_holidays_2026() -> None:
    assert SUPPORT.holidays(2026) == [
        (date(2026, 1, 1), "New Year\u2019s Day"),
        (date(2026, 2, 16), "Presidents Day"),
        (date(2026, 4, 3), "Good Friday"),
        (date(2026, 5, 25), "Memorial Day"),
        (date(2026, 7, 4), "Independence Day"),
        (date(2026, 9, 7), "Labor Day"),
        (date(2026, 11, 25), "Day before Thanksgiving"),
        (date(2026, 11, 26), "Thanksgiving Day"),
        (date(2026, 12, 24), "Christmas Eve"),
        (date(2026, 12, 25), "Christmas Day"),
    ]
    assert str(SUPPORT.zone) == "America/Los_Angeles" and SUPPORT.name == "support_hours"


# --------------------------------------------------------------------------- daylight saving

LA = "America/Los_Angeles"


def test_spring_forward_day_window_after_the_gap_is_ten_real_hours() -> None:
    cal = calendar(rule(None, "08:00-18:00"), zone=LA)
    assert cal.elapsed(utc("2026-03-08T08:00"), utc("2026-03-09T08:00")) == 10 * H
    assert cal.deadline(utc("2026-03-08T08:00"), 10 * H) == utc("2026-03-09T01:00")


def test_spring_forward_window_across_the_gap_is_one_real_hour() -> None:
    cal = calendar(rule(None, "01:00-03:00"), zone=LA)
    assert cal.elapsed(utc("2026-03-08T08:00"), utc("2026-03-09T08:00")) == H
    assert cal.is_open(utc("2026-03-08T09:59")) and not cal.is_open(utc("2026-03-08T10:00"))


def test_fall_back_window_across_the_repeated_hour_is_four_real_hours() -> None:
    cal = calendar(rule(None, "00:00-03:00"), zone=LA)
    assert cal.elapsed(utc("2026-11-01T07:00"), utc("2026-11-02T08:00")) == 4 * H
    assert cal.deadline(utc("2026-11-01T07:00"), 4 * H) == utc("2026-11-01T11:00")


def test_lord_howe_half_hour_change() -> None:
    # Lord Howe goes from +11 to +10:30 at 02:00 on 5 April 2026: 01:30-02:00 is lived twice.
    cal = calendar(rule(None, "00:00-03:00"), zone="Australia/Lord_Howe")
    assert cal.elapsed(utc("2026-04-04T12:00"), utc("2026-04-05T12:00")) == 3 * H + 30 * MINUTE


def test_add_open_days_into_a_gap_or_a_repeated_hour() -> None:
    cal = calendar(rule(None), zone=LA)
    # 02:30 does not exist on 8 March 2026: fold=0 reads it with PST, which is 03:30 PDT.
    assert cal.add_open_days(utc("2026-03-07T10:30"), 1) == utc("2026-03-08T10:30")
    # 01:30 happens twice on 1 November 2026: the first time (PDT).
    assert cal.add_open_days(utc("2026-10-31T08:30"), 1) == utc("2026-11-01T08:30")
    # And across the change the local time stays: 09:00 PST then 09:00 PDT.
    assert cal.add_open_days(utc("2026-03-07T17:00"), 2) == utc("2026-03-09T16:00")
    # From the second 01:30 of 2 November 2025 (PST) to 1 November 2026: the first (PDT) again.
    second = datetime(2025, 11, 2, 1, 30, fold=1, tzinfo=ZoneInfo(LA))
    assert second.astimezone(UTC) == utc("2025-11-02T09:30")
    assert cal.add_open_days(second, 364) == utc("2026-11-01T08:30")


# --------------------------------------------------------------------------- windows


def test_overnight_window_belongs_to_the_day_it_opens_on() -> None:
    cal = calendar(rule("0-4", "22:00-06:00+"))  # Mon-Fri nights, UTC
    assert cal.is_open(utc("2026-03-07T05:59"))  # Friday's night, into Saturday
    assert not cal.is_open(utc("2026-03-07T06:00"))
    assert not cal.is_open(utc("2026-03-09T05:00"))  # no Sunday night
    # Monday 00:00-06:00 would be Sunday's night: the week holds the five nights of Mon-Fri.
    assert cal.elapsed(utc("2026-03-02T00:00"), utc("2026-03-09T00:00")) == 5 * 8 * H
    assert cal.is_open_day(date(2026, 3, 6)) and not cal.is_open_day(date(2026, 3, 7))


def test_holiday_closes_the_windows_that_open_on_it() -> None:
    # Tuesday 3 March 2026 is a holiday: Monday's night still runs into it, Tuesday's does not.
    cal = calendar(
        rule("0-4", "22:00-06:00+"),
        holidays=(holiday("h", nodes.ExplicitDates(("2026-03-03",))),),
    )
    assert cal.is_open(utc("2026-03-03T05:00"))
    assert not cal.is_open(utc("2026-03-03T23:00"))
    assert not cal.is_open(utc("2026-03-04T05:00"))
    assert cal.is_open(utc("2026-03-04T23:00"))


def test_every_day_and_merged_rules() -> None:
    cal = calendar(rule(None, "10:00-16:00"), rule("0", "08:00-12:00"), rule("0", "11:00-13:00"))
    week = cal.elapsed(utc("2026-03-02T00:00"), utc("2026-03-09T00:00"))
    assert week == 6 * 6 * H + 8 * H  # Monday: 08:00-16:00
    assert all(cal.is_open_day(date(2026, 3, d)) for d in range(2, 9))


def test_whole_day_rule_and_wrapping_day_range() -> None:
    whole = calendar(rule("0-4"))
    assert whole.elapsed(utc("2026-03-02T00:00"), utc("2026-03-09T00:00")) == 5 * 24 * H
    assert whole.is_open(utc("2026-03-06T23:59:59")) and not whole.is_open(utc("2026-03-07T00:00"))
    wrap = calendar(rule("4-0"))  # fri-mon
    assert [wrap.is_open_day(date(2026, 3, d)) for d in range(2, 9)] == [
        True, False, False, False, True, True, True,
    ]  # fmt: skip


def test_default_zone_and_unknown_zone() -> None:
    cal = BusinessCalendar.from_node(
        nodes.Calendar("c", None, None, (rule("0-4", "09:00-17:00"),)), "Asia/Hong_Kong"
    )
    assert str(cal.zone) == "Asia/Hong_Kong"
    assert cal.deadline(utc("2026-03-02T01:00"), H) == utc("2026-03-02T02:00")
    with pytest.raises(ZoneInfoNotFoundError):
        load_zone("Nowhere/Atlantis")
    with pytest.raises(ZoneInfoNotFoundError):
        load_zone("../zoneinfo/UTC")


def test_always() -> None:
    always = BusinessCalendar.always()
    start = datetime(2026, 3, 8, 1, 30, tzinfo=ZoneInfo("America/Los_Angeles"))
    at = start.astimezone(UTC)  # aware arithmetic in one zone is wall-clock arithmetic: use UTC
    assert always.name == "24x7" and always.is_open(start)
    assert always.elapsed(start, at + 1000 * H) == 1000 * H
    assert always.elapsed(start, start + 1000 * H) == 999 * H  # the wall clock skipped an hour
    assert always.deadline(start, 36 * H + US) == at + 36 * H + US
    assert always.add_open_days(start, 3) == at + 3 * 24 * H
    assert always.holidays(2026) == []


def test_end_of_nth_open_day() -> None:
    weekdays = calendar(rule("0-4"))
    assert weekdays.end_of_nth_open_day(date(2026, 4, 1), 5) == utc("2026-04-08T00:00")
    assert weekdays.end_of_nth_open_day(date(2026, 4, 4), 1) == utc("2026-04-07T00:00")
    # Support hours: Good Friday 3 April does not count, so the 3rd is Monday 6 April, which
    # ends at local midnight, 07:00Z (PDT).
    assert SUPPORT.end_of_nth_open_day(date(2026, 4, 1), 3) == utc("2026-04-07T07:00")
    with pytest.raises(ValueError):
        weekdays.end_of_nth_open_day(date(2026, 4, 1), 0)


def test_never_open_calendar_raises() -> None:
    never = calendar()
    start = utc("2026-01-01T00:00")
    assert never.elapsed(start, start + 100 * H) == timedelta(0)
    assert not never.is_open(start)
    assert never.deadline(start, timedelta(0)) == start
    with pytest.raises(ValueError, match="never open"):
        never.deadline(start, H)
    with pytest.raises(ValueError, match="never open"):
        never.add_open_days(start, 1)
    with pytest.raises(ValueError, match="never open"):
        never.end_of_nth_open_day(start.date(), 1)


def test_calendar_closed_by_its_holidays_forever_raises() -> None:
    every_monday = tuple(
        holiday(f"m{n}_{month}", nodes.NthWeekday(n, 0, month))
        for n in range(1, 6)
        for month in range(1, 13)
    )
    closed = calendar(rule("0"), holidays=every_monday)
    with pytest.raises(ValueError, match="50 years"):
        closed.deadline(utc("2026-01-01T00:00"), H)
    with pytest.raises(ValueError, match="50 years"):
        closed.add_open_days(utc("2026-01-01T00:00"), 1)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        SUPPORT.is_open(datetime(2026, 1, 2, 12))
    with pytest.raises(ValueError, match="no time zone"):
        SUPPORT.elapsed(utc("2026-01-02T12:00"), datetime(2026, 1, 3, 12))
    with pytest.raises(ValueError, match="negative"):
        SUPPORT.add_open_days(utc("2026-01-02T12:00"), -1)


def test_long_limits_are_fast_and_exact() -> None:
    start = utc("2026-02-10T17:45:00.000001")
    began = clock.perf_counter()
    for days in (400, 1500, 3000):  # 3000 business days of 10 h: about 12 years
        limit = days * 10 * H + 7 * US
        end = SUPPORT.deadline(start, limit)
        assert SUPPORT.elapsed(start, end) == limit
        assert SUPPORT.elapsed(start, end - US) < limit
    assert clock.perf_counter() - began < 2


# --------------------------------------------------------------------------- holidays


def test_holiday_rules() -> None:
    cal = calendar(
        rule(None),
        holidays=(
            holiday("new_year_week", nodes.RelativeDate(nodes.Ref("christmas"), 7)),
            holiday("christmas", nodes.FixedDate(12, 25)),
            holiday("leap", nodes.FixedDate(2, 29)),
            holiday("fifth_monday_of_feb", nodes.NthWeekday(5, 0, 2)),
            holiday("easter_monday", nodes.Easter(1)),
            holiday("bad", nodes.ExplicitDates(("2026-02-30", "2027-06-01"))),
            holiday("a", nodes.RelativeDate(nodes.Ref("b"), 1)),  # a circle: closes nothing
            holiday("b", nodes.RelativeDate(nodes.Ref("a"), -1)),
            holiday("lost", nodes.RelativeDate(nodes.Ref("missing"), 1)),
        ),
    )
    assert [d for d, _ in cal.holidays(2026)] == [
        date(2026, 1, 1), date(2026, 4, 6), date(2026, 12, 25),
    ]  # fmt: skip
    assert [d for d, _ in cal.holidays(2027)] == [
        date(2027, 1, 1), date(2027, 3, 29), date(2027, 6, 1), date(2027, 12, 25),
    ]  # fmt: skip
    assert date(2028, 2, 29) in [d for d, _ in cal.holidays(2028)]
    assert not cal.is_open_day(date(2027, 1, 1)) and cal.is_open_day(date(2027, 1, 2))


# --------------------------------------------------------------------------- random calendars

ZONES = ("UTC", "America/Los_Angeles", "Asia/Hong_Kong", "Australia/Lord_Howe")
BASE = datetime(2025, 1, 1, tzinfo=UTC)
SPAN_MINUTES = 3 * 366 * 24 * 60  # 2025-2027
# Daylight-saving changes of 2026 (and one of 2025) in the zones above, as UTC instants.
CHANGES = tuple(
    utc(t)
    for t in (
        "2025-11-02T09:00",
        "2026-03-08T10:00",
        "2026-11-01T09:00",
        "2026-04-04T15:00",
        "2026-10-03T15:30",
    )
)

minutes_of_day = st.one_of(
    st.integers(0, 48).map(lambda k: 30 * k), st.integers(0, 1440), st.sampled_from([60, 120, 180])
)


@st.composite
def open_rules(draw: st.DrawFn) -> nodes.OpenRule:
    ranges: tuple[nodes.DayRange, ...] = ()
    if draw(st.integers(0, 3)):
        pairs = draw(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=2))
        ranges = tuple(nodes.DayRange(a, b) for a, b in pairs) or (nodes.DayRange(0, 4),)
    if not draw(st.integers(0, 4)):
        return nodes.OpenRule(ranges)
    start, end = draw(minutes_of_day), draw(minutes_of_day)
    return nodes.OpenRule(ranges, nodes.Hours(start, end, end <= start))


@st.composite
def holiday_lists(draw: st.DrawFn) -> tuple[nodes.Holiday, ...]:
    found: list[nodes.Holiday] = []
    for i in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 4 if found else 3))
        date_rule: nodes.DateRule
        if kind == 0:
            date_rule = nodes.FixedDate(draw(st.integers(1, 12)), draw(st.integers(1, 31)))
        elif kind == 1:
            n = draw(st.sampled_from([-1, 1, 2, 3, 4, 5]))
            date_rule = nodes.NthWeekday(n, draw(st.integers(0, 6)), draw(st.integers(1, 12)))
        elif kind == 2:
            date_rule = nodes.Easter(draw(st.integers(-50, 50)))
        elif kind == 3:
            days = draw(st.lists(st.integers(0, 3 * 366), min_size=1, max_size=4))
            date_rule = nodes.ExplicitDates(
                tuple((date(2025, 1, 1) + timedelta(days=d)).isoformat() for d in days)
            )
        else:
            target = draw(st.sampled_from(found)).name
            date_rule = nodes.RelativeDate(nodes.Ref(target), draw(st.integers(-40, 40)))
        found.append(holiday(f"h{i}", date_rule))
    return tuple(found)


@st.composite
def calendars(draw: st.DrawFn) -> nodes.Calendar:
    opens = tuple(draw(st.lists(open_rules(), min_size=1, max_size=3)))
    return nodes.Calendar(
        "random", None, draw(st.sampled_from(ZONES)), opens, draw(holiday_lists())
    )


@st.composite
def instants(draw: st.DrawFn) -> datetime:
    """A whole UTC minute of 2025-2027, often within two days of a DST change."""
    if draw(st.booleans()):
        return draw(st.sampled_from(CHANGES)) + draw(st.integers(-2880, 2880)) * MINUTE
    return BASE + draw(st.integers(0, SPAN_MINUTES)) * MINUTE


class Reference:
    """Open minutes and open days computed naively from the nodes, without the engine."""

    def __init__(self, node: nodes.Calendar) -> None:
        assert node.zone is not None
        self.zone = ZoneInfo(node.zone)
        self.windows: dict[int, list[tuple[int, int]]] = {w: [] for w in range(7)}
        for open_rule in node.opens:
            days = {
                (r.first + k) % 7 for r in open_rule.days for k in range((r.last - r.first) % 7 + 1)
            } or set(range(7))
            hours = open_rule.hours
            if hours is None:
                window = (0, 1440)
            elif hours.end > hours.start:
                window = (hours.start, hours.end)
            else:
                window = (hours.start, hours.end + 1440)
            for day in days:
                self.windows[day].append(window)
        tests = {h.name: h.rule for h in node.holidays}

        def matches(date_rule: nodes.DateRule, day: date, depth: int = 0) -> bool:
            if isinstance(date_rule, nodes.FixedDate):
                return (day.month, day.day) == (date_rule.month, date_rule.day)
            if isinstance(date_rule, nodes.NthWeekday):
                if day.month != date_rule.month or day.weekday() != date_rule.weekday:
                    return False
                if date_rule.n == -1:
                    return (day + timedelta(days=7)).month != day.month
                return (day.day - 1) // 7 + 1 == date_rule.n
            if isinstance(date_rule, nodes.Easter):
                base = day - timedelta(days=date_rule.offset_days)
                return base == easter(base.year)
            if isinstance(date_rule, nodes.ExplicitDates):
                return day.isoformat() in date_rule.dates
            target = tests.get(date_rule.holiday.name)
            back = day - timedelta(days=date_rule.offset_days)
            return target is not None and depth < 10 and matches(target, back, depth + 1)

        first = date(2024, 1, 1)
        self.closed = {
            first + timedelta(days=k)
            for k in range(5 * 366)
            for h in node.holidays
            if matches(h.rule, first + timedelta(days=k))
        }

    def open_day(self, day: date) -> bool:
        return bool(self.windows[day.weekday()]) and day not in self.closed

    def open_minute(self, at: datetime) -> bool:
        wall = at.astimezone(self.zone).replace(tzinfo=None)
        for back in range(3):
            day = wall.date() - timedelta(days=back)
            since = (wall - datetime.combine(day, time())) // MINUTE
            if self.open_day(day) and any(s <= since < e for s, e in self.windows[day.weekday()]):
                return True
        return False

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        minutes = (end - start) // MINUTE
        return sum((self.open_minute(start + k * MINUTE) for k in range(minutes)), 0) * MINUTE


PROPERTY = settings(max_examples=150, deadline=None)


@PROPERTY
@given(calendars(), instants(), st.integers(0, 3 * 24 * 60))
def test_elapsed_equals_minute_by_minute_reference(
    node: nodes.Calendar, start: datetime, minutes: int
) -> None:
    cal, ref = BusinessCalendar.from_node(node), Reference(node)
    end = start + minutes * MINUTE
    assert cal.elapsed(start, end) == ref.elapsed(start, end)
    assert cal.is_open(start) == ref.open_minute(start)
    assert cal.is_open(end - MINUTE) == ref.open_minute(end - MINUTE)
    local = start.astimezone(cal.zone).date()
    assert cal.is_open_day(local) == ref.open_day(local)


@PROPERTY
@given(calendars(), instants(), st.integers(0, 40 * 24 * 60), st.integers(0, 60 * 24 * 60 * 60))
def test_deadline_inverts_elapsed(
    node: nodes.Calendar, start: datetime, minutes: int, seconds: int
) -> None:
    cal = BusinessCalendar.from_node(node)
    end = start + minutes * MINUTE
    assert cal.deadline(start, cal.elapsed(start, end)) <= end
    limit = timedelta(seconds=seconds)
    reached = cal.deadline(start, limit)
    assert cal.elapsed(start, reached) == limit
    if seconds:
        assert cal.elapsed(start, reached - US) < limit
        assert cal.is_open(reached - US)
    else:
        assert reached == start


@PROPERTY
@given(calendars(), instants(), st.integers(0, 30))
def test_add_open_days_lands_on_an_open_day_at_the_same_local_time(
    node: nodes.Calendar, start: datetime, days: int
) -> None:
    cal, ref = BusinessCalendar.from_node(node), Reference(node)
    landed = cal.add_open_days(start, days)
    local = start.astimezone(cal.zone)
    if days == 0:
        assert landed == start
        return
    day, counted = local.date(), 0
    while counted < days:
        day += timedelta(days=1)
        counted += ref.open_day(day)
    wall = datetime.combine(day, local.time().replace(fold=0), tzinfo=cal.zone)
    assert landed == wall.astimezone(UTC)
    assert landed.tzinfo is UTC
    back = landed.astimezone(cal.zone)
    if back.replace(tzinfo=None) == wall.replace(tzinfo=None):  # the time exists that day
        assert back.date() == day and back.time() == local.time()
        assert ref.open_day(back.date())


@PROPERTY
@given(calendars(), instants(), st.integers(1, 20), st.integers(1, 3))
def test_open_day_steps_counts_back_what_add_open_days_added(
    node: nodes.Calendar, start: datetime, steps: int, days: int
) -> None:
    """Whole steps of N open days are counted exactly; a point between two marks is a share
    strictly between them, and the count grows with the end."""
    cal = BusinessCalendar.from_node(node)
    marks = [cal.add_open_days(start, k * days) for k in range(steps + 1)]
    if len(set(marks)) < len(marks):
        return  # a repeated or skipped local time made two marks the same instant
    assert cal.open_day_steps(start, marks[-1], days) == steps
    middle = marks[-2] + (marks[-1] - marks[-2]) / 2
    share = cal.open_day_steps(start, middle, days)
    assert steps - 1 <= share <= steps
    assert cal.open_day_steps(start, start, days) == 0


def test_open_day_steps_on_working_days() -> None:
    """Late from Monday 18:00 to Wednesday 12:00 on Mon-Fri 08:00-18:00 (Pacific): Tuesday's
    10 h, then 4 h of Wednesday's 10: 1.4 steps of one open day; 0.7 of two."""
    monday_close = datetime(2026, 4, 6, 18, tzinfo=SUPPORT.zone)
    wednesday_noon = datetime(2026, 4, 8, 12, tzinfo=SUPPORT.zone)
    assert SUPPORT.open_day_steps(monday_close, wednesday_noon, 1) == Decimal("1.4")
    assert SUPPORT.open_day_steps(monday_close, wednesday_noon, 2) == Decimal("0.7")
    with pytest.raises(ValueError, match="must be 1 or more"):
        SUPPORT.open_day_steps(monday_close, wednesday_noon, 0)


def test_reference_agrees_with_itself_on_a_known_case() -> None:
    """The reference is the yardstick: check it once on the scenario's t4 figure."""
    result = parse((ROOT / "contracts" / "support-hotline.sla").read_text(encoding="utf-8"))
    assert result.contract is not None
    node = next(d for d in result.contract.declarations if isinstance(d, nodes.Calendar))
    ref = Reference(node)
    assert ref.elapsed(utc("2026-06-01T16:00"), utc("2026-06-02T18:00")) == 12 * H
    assert not ref.open_day(date(2026, 11, 25)) and not ref.open_day(date(2026, 4, 3))
