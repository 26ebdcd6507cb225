"""A compliance report as a document: Markdown, or one self-contained HTML page with its charts.

Input: the report dict of an evaluation (interface.md section 3), the checked contract and a
`report_view.ReportSource`; or an already built `ReportView`. Output: the document's text, from
`templates/report.md` or `templates/report.html`.

Invariants:
- the templates run in an overlay of the documents' Jinja2 environment (`environment.py`):
  autoescaped HTML, `StrictUndefined`, the same loader; the overlay adds only the `md_data` and
  `md_reason` filters and the chart functions;
- text that comes from the events (customer names, ticket and outage ids, file names, reasons)
  is data, never markup: HTML escapes it; in Markdown `md_data` escapes every character that
  could start markup (`` ` ``, `*`, `_` at a word's edge, `[`, `]`, `|`, `~`, `\\`, `<`, and `&`
  before an entity's name), so it cannot open HTML, a link, code or emphasis, nor break a table;
  the evaluator's reasons keep their `code` spans as code (`md_reason`; in HTML the `inline`
  filter), which show their text literally; control characters in it are already escaped by
  the view (`report_view.visible`: `\\x1b`), so neither document holds one raw;
- Markdown holds no SVG: it shows each chart's figures as a table and points to the HTML report;
  HTML inlines each chart (`charts.py`, SVG) and references nothing outside the page.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from sladsl import nodes as n
from sladsl.render.environment import FORMATS, environment, tidy_markdown
from sladsl.render.report_view import (
    AvailabilityChart,
    ReportSource,
    ReportView,
    build_report_view,
)

_MD_DATA = re.compile(r"[\\`*\[\]|~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_CODE = re.compile(r"(`[^`]+`)")


def md_data(text: object) -> str:
    """Text from the events for Markdown: on one line, nothing in it read as markup."""
    return _escape(" ".join(str(text).split()))


def _escape(text: str) -> str:
    escaped = _MD_DATA.sub(lambda m: "\\" + m.group(0), text)
    return _ENTITY.sub("&amp;", escaped).replace("<", "&lt;")


def md_reason(text: object) -> str:
    """An evaluator's reason for Markdown: as `md_data`, but its `code` spans kept as code."""
    parts = _CODE.split(" ".join(str(text).split()))
    return "".join(
        part.replace("|", "\\|") if index % 2 else _escape(part) for index, part in enumerate(parts)
    )


def _availability_svg(chart: AvailabilityChart) -> Markup:
    from sladsl.render.charts import availability_svg

    return Markup(availability_svg(chart))  # ElementTree escapes the text it writes


def _budget_svg(chart: AvailabilityChart) -> Markup:
    from sladsl.render.charts import budget_svg

    return Markup(budget_svg(chart))


@functools.cache
def report_environment() -> Environment:
    base = environment()
    env = base.overlay(cache_size=50)
    env.filters = {**base.filters, "md_data": md_data, "md_reason": md_reason}
    env.globals = {
        **base.globals,
        "availability_svg": _availability_svg,
        "budget_svg": _budget_svg,
    }
    return env


def render_report_view(view: ReportView, output_format: str) -> str:
    """The document of a report's view, as Markdown (`md`) or one HTML page (`html`)."""
    if output_format not in FORMATS:
        raise ValueError(f"unknown report format {output_format!r}: use md or html")
    text = report_environment().get_template(f"report.{output_format}").render(view=view)
    if output_format == "md":
        text = tidy_markdown(text)
    return text


def render_report(
    report: Mapping[str, Any], contract: n.Contract, source: ReportSource, output_format: str
) -> str:
    """The document of an evaluation's report (`Evaluation.report()`, either shape)."""
    return render_report_view(build_report_view(report, contract, source), output_format)
