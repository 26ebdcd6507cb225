"""The compliance report's charts: an availability objective's periods, drawn as inline SVG.

Input: a `report_view.AvailabilityChart` (a customer's availability objective: each period's
availability and error budget used, the target). Output: SVG text, ready to sit inside an HTML
page: `availability_svg` (availability per period, a dashed line at the target) and `budget_svg`
(downtime as a share of what the target allows, a dashed line at 100%).

Invariants:
- drawn by matplotlib's object API on its SVG canvas (no pyplot, no global backend, no GUI), inside
  an `rc_context`, so nothing of matplotlib's global state changes;
- self-contained: text stays text (`svg.fonttype: none`) in a generic family (`DejaVu Sans`,
  then `sans-serif`), no image, font or link outside the SVG; no XML prolog or DOCTYPE (the SVG is
  inlined in HTML); the labels are never read as mathtext (`text.parse_math: False`);
- deterministic: no date in the metadata, `svg.hashsalt` fixed per chart; the same chart gives the
  same bytes;
- ids unique in a page with many charts: the root is `<chart id>-availability` or
  `<chart id>-budget`, every group's id starts with it (the target line's is `...-target`, the
  budget line's `...-budget-line`), and the hashed ids of markers and clip paths are salted with
  it;
- the numbers printed on a chart are the report's own strings (`98.9583%`, `1041.7%`): floats
  only place marks on the drawing.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, PercentFormatter

from sladsl.render.report_view import AvailabilityChart
from sladsl.render.words import plain_number

INK, MUTED, LINE = "#1d2430", "#5b6575", "#d5dbe3"
MET, NOT_MET, ACCENT = "#2e7d32", "#b3261e", "#24508f"
_SIZE = (5.4, 3.0)  # inches: two side by side on a wide page
_LABELLED = 6  # with more periods than this, only the points that matter get their figure


@contextmanager
def _figure(svg_id: str) -> Iterator[tuple[Figure, Axes]]:
    with matplotlib.rc_context(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": svg_id,
            "svg.id": svg_id,
            "font.family": "sans-serif",
            "font.sans-serif": ["DejaVu Sans"],
            "font.size": 9,
            "text.parse_math": False,
            "text.color": INK,
            "axes.edgecolor": MUTED,
            "axes.labelcolor": INK,
            "xtick.color": MUTED,
            "ytick.color": MUTED,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    ):
        figure = Figure(figsize=_SIZE, layout="constrained")
        FigureCanvasSVG(figure)
        yield figure, figure.add_subplot()


def _svg(figure: Figure, svg_id: str) -> str:
    """The figure as SVG text, without prolog; every group's id prefixed with `svg_id`."""
    figure.draw_without_rendering()  # makes the ticks, so that each gets an id below
    for index, artist in enumerate(figure.findobj()):
        if artist.get_gid() is None:
            artist.set_gid(f"{svg_id}-{index}")
    out = io.StringIO()
    figure.savefig(
        out,
        format="svg",
        metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
    )
    text = out.getvalue()
    return text[text.index("<svg") :]


def _periods(ax: Axes, labels: list[str]) -> None:
    ax.xaxis.set_major_locator(FixedLocator(range(len(labels))))
    ax.set_xticks(range(len(labels)), labels, rotation=45 if len(labels) > 6 else 0)
    pad = max(0.0, (4 - len(labels)) / 2)  # a single period is not drawn a page wide
    ax.set_xlim(-0.6 - pad, len(labels) - 0.4 + pad)
    ax.grid(axis="y", color=LINE, linewidth=0.6)
    ax.set_axisbelow(True)


def availability_svg(chart: AvailabilityChart) -> str:
    """Availability per period (a point each, green when met), the target as a dashed line."""
    svg_id = f"{chart.id}-availability"
    labels = [p.label for p in chart.points]
    known = [(i, p.availability) for i, p in enumerate(chart.points) if p.availability is not None]
    with _figure(svg_id) as (figure, ax):
        _periods(ax, labels)
        lowest = min([chart.target, *(value for _, value in known)])
        pad = max((Decimal(100) - lowest) * Decimal("0.2"), Decimal("0.001"))
        ax.set_ylim(float(lowest - pad), float(Decimal(100) + pad / 2))
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=100, decimals=None))
        ax.axhline(
            float(chart.target), color=INK, linestyle="--", linewidth=1, gid=f"{svg_id}-target"
        )
        ax.annotate(
            f"target {plain_number(chart.target)}%",
            xy=(1, float(chart.target)),
            xycoords=("axes fraction", "data"),
            xytext=(0, 3),
            textcoords="offset points",
            ha="right",
            va="bottom",
            color=INK,
        )
        if known:
            ax.plot(
                [i for i, _ in known],
                [float(v) for _, v in known],
                color=LINE,
                linewidth=1,
                gid=f"{svg_id}-line",
            )
            for i, value in known:
                colour = MET if value >= chart.target else NOT_MET
                ax.plot([i], [float(value)], "o", color=colour, markersize=6)
                if len(known) > _LABELLED and value >= chart.target:
                    continue
                ax.annotate(
                    f"{value}%",
                    xy=(i, float(value)),
                    xytext=(0, -12 if value < chart.target else 7),
                    textcoords="offset points",
                    ha="center",
                    fontsize=7.5,
                    color=colour,
                )
        ax.set_ylabel("availability")
        ax.set_title("Availability per period", loc="left", fontsize=10)
        return _svg(figure, svg_id)


def budget_svg(chart: AvailabilityChart) -> str:
    """Error budget used per period (a bar each, red past 100%), a dashed line at 100%."""
    svg_id = f"{chart.id}-budget"
    labels = [p.label for p in chart.points]
    known = [(i, p.budget_used) for i, p in enumerate(chart.points) if p.budget_used is not None]
    with _figure(svg_id) as (figure, ax):
        _periods(ax, labels)
        highest = max([Decimal(100), *(value for _, value in known)])
        ax.set_ylim(0, float(highest * Decimal("1.18")))
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=100, decimals=0))
        ax.axhline(100, color=INK, linestyle="--", linewidth=1, gid=f"{svg_id}-budget-line")
        ax.annotate(
            "whole budget (100%)",
            xy=(1, 100),
            xycoords=("axes fraction", "data"),
            xytext=(0, 3),
            textcoords="offset points",
            ha="right",
            va="bottom",
            color=INK,
        )
        for i, value in known:
            colour = NOT_MET if value > 100 else ACCENT
            ax.bar([i], [float(value)], width=0.6, color=colour)
            if len(known) > _LABELLED and value == 0:
                continue
            ax.annotate(
                f"{value}%",
                xy=(i, float(value)),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=7.5,
                color=colour,
            )
        ax.set_ylabel("downtime / allowed downtime")
        ax.set_title("Error budget used per period", loc="left", fontsize=10)
        return _svg(figure, svg_id)
