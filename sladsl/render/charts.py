"""The compliance report's charts: an availability objective's periods, drawn as inline SVG.

Input: a `report_view.AvailabilityChart` (a customer's availability objective: each period's
availability and error budget used, the target). Output: SVG text, ready to sit inside an HTML
page: `availability_svg` (availability per period, a dashed line at the target) and `budget_svg`
(downtime as a share of what the target allows, a dashed line at 100%).

Invariants:
- the SVG is built as an element tree (`xml.etree.ElementTree`), so every text and attribute is
  escaped; it is a few kilobytes, drawn in well under a millisecond, so a report of hundreds of
  customers draws its charts in a second or so;
- self-contained: text stays text, in a generic family (`DejaVu Sans`, then `sans-serif`); no
  image, font, script or link; no XML prolog or DOCTYPE (the SVG is inlined in HTML);
- deterministic: the same chart gives the same bytes (coordinates are printed to 0.1);
- ids unique in a page with many charts: the root is `<chart id>-availability` or
  `<chart id>-budget`, every other id starts with it (the target line's group is `...-target`,
  the budget line's `...-budget-line`);
- the numbers printed on a chart are the report's own strings (`98.9583%`, `1041.7%`), and the
  axis ticks are worked out in `Decimal`: floats only place marks on the drawing.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

import attrs

from sladsl.render.report_view import AvailabilityChart
from sladsl.render.words import plain_number

INK, MUTED, LINE = "#1d2430", "#5b6575", "#d5dbe3"
MET, NOT_MET, ACCENT = "#2e7d32", "#b3261e", "#24508f"
WIDTH, HEIGHT = 540, 300  # the drawing's units; the page scales it to the column's width
FONT = 11  # tick labels; the title is larger, the figures by the marks smaller
_LABELLED = 6  # with more periods than this, only the points that matter get their figure
_TICKS = 5  # about this many ticks on the value axis
_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
_CHAR = 0.6  # a character's width, as a share of the font size (digits of DejaVu Sans: 0.64)


@attrs.frozen
class _Frame:
    """Where the plot sits in the drawing, and how values and periods map onto it."""

    left: float
    right: float
    top: float
    bottom: float
    low: Decimal
    high: Decimal
    count: int

    def x(self, index: int) -> float:
        band = (self.right - self.left) / max(self.count, 4)  # one period is not a page wide
        start = self.left + (self.right - self.left - band * self.count) / 2
        return start + band * (index + 0.5)

    def y(self, value: Decimal) -> float:
        share = float((self.high - value) / (self.high - self.low))
        return self.top + share * (self.bottom - self.top)


def _n(value: float) -> str:
    """A coordinate, to 0.1 of a unit, without a trailing `.0`."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _ticks(low: Decimal, high: Decimal) -> tuple[list[Decimal], int]:
    """Round values between `low` and `high` (1, 2, 2.5 or 5 times a power of ten apart), and
    the decimals they need."""
    raw = (high - low) / _TICKS
    power = Decimal(1).scaleb(int(raw.log10().to_integral_value(ROUND_FLOOR)))
    step = next(power * s for s in _STEPS if power * s >= raw)
    first = (low / step).to_integral_value(ROUND_CEILING) * step
    ticks = []
    value = first
    while value <= high:
        ticks.append(value)
        value += step
    exponent = step.normalize().as_tuple().exponent
    return ticks, max(0, -exponent) if isinstance(exponent, int) else 0


def _percent(value: Decimal, decimals: int) -> str:
    return f"{value.quantize(Decimal(1).scaleb(-decimals)):f}%"


def _frame(
    labels: list[str], low: Decimal, high: Decimal
) -> tuple[_Frame, list[tuple[Decimal, str]]]:
    """The plot's frame, and the value axis's ticks with their figures."""
    values, decimals = _ticks(low, high)
    ticks = [(value, _percent(value, decimals)) for value in values]
    left = 22 + _CHAR * FONT * max((len(text) for _, text in ticks), default=3) + 8
    rotated = len(labels) > _LABELLED
    longest = max((len(label) for label in labels), default=0)
    below = 12 + (_CHAR * FONT * longest * 0.71 if rotated else FONT) + 6
    return _Frame(left, WIDTH - 12, 30, HEIGHT - below, low, high, len(labels)), ticks


def _svg(svg_id: str, title: str) -> ET.Element:
    root = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "id": svg_id,
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "width": str(WIDTH),
            "height": str(HEIGHT),
            "role": "img",
            "aria-labelledby": f"{svg_id}-title",
            "font-family": "DejaVu Sans, sans-serif",
            "font-size": str(FONT),
            "fill": INK,
        },
    )
    ET.SubElement(root, "title", {"id": f"{svg_id}-title"}).text = title
    return root


def _axes(
    root: ET.Element,
    svg_id: str,
    frame: _Frame,
    labels: list[str],
    ticks: list[tuple[Decimal, str]],
    name: str,
) -> None:
    """Grid lines and figures of the value axis, the periods under the plot, the axis names."""
    grid = ET.SubElement(root, "g", {"id": f"{svg_id}-grid", "stroke": LINE, "stroke-width": "1"})
    values = ET.SubElement(
        root, "g", {"id": f"{svg_id}-values", "fill": MUTED, "text-anchor": "end"}
    )
    for tick, text in ticks:
        y = _n(frame.y(tick))
        grid_line = {"x1": _n(frame.left), "x2": _n(frame.right), "y1": y, "y2": y}
        ET.SubElement(grid, "line", grid_line)
        where = {"x": _n(frame.left - 6), "y": y, "dy": "0.35em"}
        ET.SubElement(values, "text", where).text = text
    axes = ET.SubElement(root, "g", {"id": f"{svg_id}-axes", "stroke": MUTED, "fill": "none"})
    corner = f"{_n(frame.left)},{_n(frame.bottom)}"
    points = f"{_n(frame.left)},{_n(frame.top - 4)} {corner} {_n(frame.right)},{_n(frame.bottom)}"
    ET.SubElement(axes, "polyline", {"points": points})
    periods = ET.SubElement(root, "g", {"id": f"{svg_id}-periods", "fill": MUTED})
    rotated = len(labels) > _LABELLED
    for index, period in enumerate(labels):
        x, y = _n(frame.x(index)), _n(frame.bottom + 14)
        attributes = {"x": x, "y": y, "text-anchor": "middle"}
        if rotated:
            attributes = {"x": x, "y": y, "text-anchor": "end", "transform": f"rotate(-45 {x} {y})"}
        ET.SubElement(periods, "text", attributes).text = period
    middle = _n((frame.top + frame.bottom) / 2)
    ET.SubElement(
        root,
        "text",
        {
            "id": f"{svg_id}-axis-name",
            "x": "0",
            "y": "0",
            "dy": "1em",
            "text-anchor": "middle",
            "transform": f"translate(2 {middle}) rotate(-90)",
        },
    ).text = name


def _heading(root: ET.Element, svg_id: str, frame: _Frame, text: str) -> None:
    attributes = {"id": f"{svg_id}-heading", "x": _n(frame.left), "y": "16", "font-size": "12.5"}
    ET.SubElement(root, "text", attributes).text = text


def _line_at(root: ET.Element, group_id: str, frame: _Frame, value: Decimal, caption: str) -> None:
    """A dashed line across the plot at `value`, its caption above its right end."""
    group = ET.SubElement(root, "g", {"id": group_id})
    y = frame.y(value)
    ET.SubElement(
        group,
        "line",
        {
            "x1": _n(frame.left),
            "x2": _n(frame.right),
            "y1": _n(y),
            "y2": _n(y),
            "stroke": INK,
            "stroke-dasharray": "5 3",
        },
    )
    where = {"x": _n(frame.right), "y": _n(y - 4), "text-anchor": "end"}
    ET.SubElement(group, "text", where).text = caption


def _text(root: ET.Element) -> str:
    ET.indent(root, space="")
    return ET.tostring(root, encoding="unicode")


def availability_svg(chart: AvailabilityChart) -> str:
    """Availability per period (a point each, green when met), the target as a dashed line."""
    svg_id = f"{chart.id}-availability"
    labels = [p.label for p in chart.points]
    known = [(i, p.availability) for i, p in enumerate(chart.points) if p.availability is not None]
    lowest = min([chart.target, *(value for _, value in known)])
    pad = max((Decimal(100) - lowest) * Decimal("0.2"), Decimal("0.001"))
    frame, ticks = _frame(labels, lowest - pad, Decimal(100) + pad / 2)
    root = _svg(svg_id, f"Availability per period, target {plain_number(chart.target)}%")
    _axes(root, svg_id, frame, labels, ticks, "availability")
    _heading(root, svg_id, frame, "Availability per period")
    _line_at(root, f"{svg_id}-target", frame, chart.target, f"target {plain_number(chart.target)}%")
    if known:
        points = " ".join(f"{_n(frame.x(i))},{_n(frame.y(v))}" for i, v in known)
        line = {"id": f"{svg_id}-line", "points": points, "fill": "none", "stroke": LINE}
        ET.SubElement(root, "polyline", line)
        marks = ET.SubElement(root, "g", {"id": f"{svg_id}-points", "font-size": "9.5"})
        for i, value in known:
            colour = MET if value >= chart.target else NOT_MET
            x, y = frame.x(i), frame.y(value)
            ET.SubElement(marks, "circle", {"cx": _n(x), "cy": _n(y), "r": "4", "fill": colour})
            if len(known) > _LABELLED and value >= chart.target:
                continue
            below = value < chart.target
            where = {"x": _n(x), "y": _n(y + 15 if below else y - 8), "text-anchor": "middle"}
            ET.SubElement(marks, "text", {**where, "fill": colour}).text = f"{value}%"
    return _text(root)


def budget_svg(chart: AvailabilityChart) -> str:
    """Error budget used per period (a bar each, red past 100%), a dashed line at 100%."""
    svg_id = f"{chart.id}-budget"
    labels = [p.label for p in chart.points]
    known = [(i, p.budget_used) for i, p in enumerate(chart.points) if p.budget_used is not None]
    highest = max([Decimal(100), *(value for _, value in known)])
    frame, ticks = _frame(labels, Decimal(0), highest * Decimal("1.18"))
    root = _svg(svg_id, "Error budget used per period: downtime as a share of the allowed")
    _axes(root, svg_id, frame, labels, ticks, "downtime / allowed downtime")
    _heading(root, svg_id, frame, "Error budget used per period")
    _line_at(root, f"{svg_id}-budget-line", frame, Decimal(100), "whole budget (100%)")
    bars = ET.SubElement(root, "g", {"id": f"{svg_id}-bars", "font-size": "9.5"})
    half = (frame.x(1) - frame.x(0)) * 0.3
    for i, value in known:
        colour = NOT_MET if value > 100 else ACCENT
        x, top = frame.x(i), frame.y(value)
        bar = {
            "x": _n(x - half),
            "y": _n(top),
            "width": _n(2 * half),
            "height": _n(frame.bottom - top),
            "fill": colour,
        }
        ET.SubElement(bars, "rect", bar)
        if len(known) > _LABELLED and value == 0:
            continue
        where = {"x": _n(x), "y": _n(top - 4), "text-anchor": "middle", "fill": colour}
        ET.SubElement(bars, "text", where).text = f"{value}%"
    return _text(root)
