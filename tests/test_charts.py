"""The compliance report's SVG charts (`sladsl.render.charts`), drawn from a chart's figures.

- Each chart is well-formed SVG whose ids all start with the chart's own id, shows the report's
  own strings, and is the same text when drawn twice.
- Geometry a reader relies on: a point below the target is drawn below the target line, in red;
  a bar past the whole budget reaches above the 100% line, in red; one period sits mid-plot.
- The value axis: round ticks (1, 2, 2.5 or 5 times a power of ten apart) inside the range, as
  Decimal, for any range (hypothesis).
- Text from the view is escaped, never markup.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from sladsl.render import charts
from sladsl.render.report_view import AvailabilityChart, ChartPoint

SVG = "{http://www.w3.org/2000/svg}"


def chart(*points: tuple[str, str | None, str | None], target: str = "99.9") -> AvailabilityChart:
    made = tuple(
        ChartPoint(label, None if a is None else Decimal(a), None if b is None else Decimal(b))
        for label, a, b in points
    )
    return AvailabilityChart("chart-acme-uptime", "Uptime", "acme", Decimal(target), made, ())


def tree(text: str) -> ET.Element:
    return ET.fromstring(text)


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def by_id(root: ET.Element, wanted: str) -> ET.Element:
    (found,) = [e for e in root.iter() if e.get("id") == wanted]
    return found


APRIL = chart(("2026-03", "100", "0"), ("2026-04", "98.9583", "1041.7"), ("2026-05", None, None))


def test_availability_chart_is_svg_with_its_own_ids_and_the_reports_figures() -> None:
    text = charts.availability_svg(APRIL)
    root = tree(text)
    assert root.tag == f"{SVG}svg" and root.get("id") == "chart-acme-uptime-availability"
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids)) > 5
    assert all(i.startswith("chart-acme-uptime-availability") for i in ids if i), ids
    shown = texts(root)
    assert {"2026-03", "2026-04", "2026-05", "target 99.9%", "98.9583%", "100%"} <= set(shown)
    assert root.get("font-family") == "DejaVu Sans, sans-serif"
    assert not text.startswith("<?xml") and "<image" not in text and "href" not in text
    assert charts.availability_svg(APRIL) == text


def test_budget_chart_is_svg_with_its_own_ids_and_the_reports_figures() -> None:
    root = tree(charts.budget_svg(APRIL))
    assert root.get("id") == "chart-acme-uptime-budget"
    by_id(root, "chart-acme-uptime-budget-budget-line")
    assert {"1041.7%", "0%", "whole budget (100%)", "2026-05"} <= set(texts(root))
    bars = list(by_id(root, "chart-acme-uptime-budget-bars").iter(f"{SVG}rect"))
    assert len(bars) == 2  # May's budget is unknown: no bar


def line_y(root: ET.Element, group: str) -> float:
    (line,) = by_id(root, group).iter(f"{SVG}line")
    assert line.get("y1") == line.get("y2") and line.get("stroke-dasharray")
    return float(line.get("y1") or "nan")


def test_a_missed_period_is_below_the_target_line_in_red() -> None:
    root = tree(charts.availability_svg(APRIL))
    target = line_y(root, "chart-acme-uptime-availability-target")
    march, april = by_id(root, "chart-acme-uptime-availability-points").iter(f"{SVG}circle")
    assert float(march.get("cy") or "nan") < target < float(april.get("cy") or "nan")
    assert march.get("fill") == charts.MET and april.get("fill") == charts.NOT_MET
    assert float(march.get("cx") or "nan") < float(april.get("cx") or "nan")


def test_a_bar_past_the_budget_reaches_above_the_whole_budget_line_in_red() -> None:
    root = tree(charts.budget_svg(APRIL))
    whole = line_y(root, "chart-acme-uptime-budget-budget-line")
    empty, over = by_id(root, "chart-acme-uptime-budget-bars").iter(f"{SVG}rect")
    assert float(over.get("y") or "nan") < whole and over.get("fill") == charts.NOT_MET
    assert float(empty.get("height") or "nan") == 0 and empty.get("fill") == charts.ACCENT


def test_one_period_sits_in_the_middle_of_the_plot() -> None:
    root = tree(charts.availability_svg(chart(("2026-04", "99.95", "50"))))
    (point,) = root.iter(f"{SVG}circle")
    axes = by_id(root, "chart-acme-uptime-availability-axes")
    (corner,) = axes.iter(f"{SVG}polyline")
    xs = [float(p.split(",")[0]) for p in (corner.get("points") or "").split()]
    middle = (min(xs) + max(xs)) / 2
    assert abs(float(point.get("cx") or "nan") - middle) < 1


def test_many_periods_label_only_the_points_that_matter() -> None:
    months = [(f"2026-{m:02d}", "100", "0") for m in range(1, 12)]
    root = tree(charts.availability_svg(chart(*months, ("2026-12", "97.5", "2500"))))
    assert "97.5%" in texts(root) and "100%" not in texts(
        by_id(root, f"{APRIL.id}-availability-points")
    )
    periods = list(by_id(root, f"{APRIL.id}-availability-periods").iter(f"{SVG}text"))
    assert len(periods) == 12 and all("rotate(-45" in (p.get("transform") or "") for p in periods)


def test_text_is_escaped() -> None:
    nasty = chart(("<b>&amp;</b>", "99", "10"))
    text = charts.availability_svg(nasty)
    assert "<b>" not in text and "&lt;b&gt;&amp;amp;&lt;/b&gt;" in text
    assert "<b>&amp;</b>" in texts(tree(text))


@given(
    st.decimals(min_value=-1000, max_value=1000, places=4),
    st.decimals(min_value=Decimal("0.001"), max_value=2000, places=4),
)
def test_ticks_are_round_and_inside_the_range(low: Decimal, span: Decimal) -> None:
    high = low + span
    ticks, decimals = charts._ticks(low, high)
    assert 2 <= len(ticks) <= 11
    assert all(low <= t <= high for t in ticks)
    steps = {b - a for a, b in pairwise(ticks)}
    (step,) = steps
    mantissa = step.scaleb(-step.adjusted())
    assert mantissa in {1, 2, Decimal("2.5"), 5}, step
    assert all(t == t.quantize(Decimal(1).scaleb(-decimals)) for t in ticks)
