"""Reporting periods in a zone: labels, boundaries, tiling, labels back to periods."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sladsl.business_time import load_zone
from sladsl.evaluate.periods import (
    add_months,
    calendar_period,
    calendar_periods,
    period_from_label,
    rolling_periods,
)

UTC_ZONE = load_zone("UTC")
LA = load_zone("America/Los_Angeles")


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_month_quarter_year_in_utc() -> None:
    at = utc("2026-04-10T02:00:00")
    month = calendar_period("month", at, UTC_ZONE)
    assert (month.label, month.start, month.end) == (
        "2026-04",
        utc("2026-04-01T00:00:00"),
        utc("2026-05-01T00:00:00"),
    )
    assert calendar_period("quarter", at, UTC_ZONE).label == "2026-Q2"
    year = calendar_period("year", at, UTC_ZONE)
    assert (year.label, year.end - year.start) == ("2026", timedelta(days=365))


def test_boundaries_fall_on_local_midnight() -> None:
    march = calendar_period("month", utc("2026-03-15T12:00:00"), LA)
    assert march.start == utc("2026-03-01T08:00:00")  # PST
    assert march.end == utc("2026-04-01T07:00:00")  # PDT
    assert march.end - march.start == timedelta(days=31) - timedelta(hours=1)


def test_labels_back_to_periods() -> None:
    assert period_from_label("2026-03", UTC_ZONE).start == utc("2026-03-01T00:00:00")
    assert period_from_label("2026-Q1", UTC_ZONE).end == utc("2026-04-01T00:00:00")
    assert period_from_label("2026", UTC_ZONE).label == "2026"
    for bad in ("2026-13", "2026-Q5", "March", "26-03"):
        with pytest.raises(ValueError, match="is not a period"):
            period_from_label(bad, UTC_ZONE)


def test_claim_deadline_two_months_after_march() -> None:
    assert add_months(utc("2026-04-01T00:00:00"), 2, UTC_ZONE) == utc("2026-06-01T00:00:00")
    assert add_months(utc("2026-01-31T10:00:00"), 1, UTC_ZONE) == utc("2026-02-28T10:00:00")


def test_rolling_windows() -> None:
    windows = list(
        rolling_periods(
            timedelta(days=28), utc("2026-03-03T10:00:00"), utc("2026-04-20T00:00:00"), UTC_ZONE
        )
    )
    assert [w.label for w in windows] == ["2026-03-03/P28D", "2026-03-31/P28D"]
    assert windows[1].start == windows[0].end


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["month", "quarter", "year"]),
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)),
    st.integers(min_value=0, max_value=900),
    st.sampled_from(["UTC", "America/Los_Angeles", "Asia/Hong_Kong", "Australia/Lord_Howe"]),
)
def test_periods_tile_time(unit: str, start: datetime, days: int, zone_name: str) -> None:
    zone = load_zone(zone_name)
    begin = start.replace(tzinfo=UTC)
    end = begin + timedelta(days=days)
    periods = list(calendar_periods(unit, begin, end, zone))
    assert periods[0].contains(begin)
    assert periods[-1].end > end
    for earlier, later in itertools.pairwise(periods):
        assert earlier.end == later.start
        assert earlier.label < later.label
    for period in periods:
        assert period.start.astimezone(zone).time().isoformat() == "00:00:00"
