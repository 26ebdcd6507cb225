"""An evaluation's report as a compliance document's view model: words and rows, no dicts.

Input: the report dict of interface.md section 3 (`Evaluation.report()`, either shape), the
checked contract it was made with (for titles: "Service Availability" rather than `uptime`, a
metric's statistic, a count's threshold, whether total time leaves out excluded time) and a
`ReportSource` (the contract's file name, the event sources, the parameters, `--customer`).
Output: a `ReportView`: the facts, a summary row per customer and period (none: the document
says why, naming the `--period` asked for when no period evaluated matches it), each period's
objectives, breaches and remedies with their reasons, the credit totals, the claims, the events
tally with the rejected lines, and one `AvailabilityChart` per customer and availability
objective (availability and error budget used per period, and the same figures as a table).

Invariants:
- every figure of the report is shown as the report spells it (`98.9583%`, `450.00 USD`, the
  reasons verbatim, their RFC 3339 UTC times included); durations are put in words from their
  ISO 8601 spelling (`PT2H30M` -> "2 hours 30 minutes"); a metric's target and actual, which
  the report gives in the samples' unit (docs/semantics.md section 5), carry the unit of the
  target as the contract writes it (`words.describe_value`): "at most 3 seconds" and "2.5
  seconds" for `<= 3s`, "at least 99.5%" and "99.4%" for `>= 99.5%`, "at most 20 milliseconds
  (0.020 seconds)" and "0.018 seconds" for `<= 20ms`;
- instants (period spans, breach deadlines, claim times) are shown in the contract's zone
  (`zone`, default UTC; loaded by `business_time.load_zone`, as the evaluator does) with the
  zone's abbreviation at that instant as zoneinfo gives it: `2026-04-03 04:00 PDT`, `2026-11-10
  05:00 PST`, `2026-04-03 14:00 +03` for a zone without letters; a contract in UTC shows
  `2026-04-03 11:00 UTC`; the facts say which zone (`calendar_words.zone_name`);
- no string of the view holds a raw control character: every string of the report and of the
  `ReportSource` (customer names, ticket and outage ids, file names, reasons) goes through
  `visible` on the way in, which escapes C0 controls other than tab and line feed, DEL, C1
  controls and the bidirectional overrides as Python writes them (`\\x1b`, `\\x00`,
  `\\u202e`), as the text report does; tab and line feed are left to the templates (HTML shows
  them as white space, `md_data` turns them into single spaces);
- the only figures computed here are the error budget's: allowed downtime = total time x (100 -
  target) / 100, total time being the period's length (less its excluded time where the contract
  says `total time less excluded time`), and budget used = downtime / allowed downtime x 100,
  in `Decimal`, shown to one decimal place; where the target allows no downtime, there is none;
- nothing here is markup: the templates escape every string (names, reasons and file names come
  from the events and may hold anything); ids are unique in the document and use only
  `[a-z0-9-]`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import attrs

from sladsl import nodes as n
from sladsl.business_time import load_zone
from sladsl.evaluate.conditions import Literal, Resolver
from sladsl.evaluate.params import Params
from sladsl.render.calendar_words import zone_name
from sladsl.render.objective_items import COMPARE_WORDS
from sladsl.render.quotes import slug
from sladsl.render.words import (
    STATISTICS,
    Names,
    describe_value,
    iso_words,
    period_words,
    plain_number,
    timedelta_words,
)
from sladsl.shown_text import escape_controls

NONE = "—"
_ISO = re.compile(r"P(?:([0-9]+)D)?(?:T(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9.]+)S)?)?")
_TENTH = Decimal("0.1")


@attrs.frozen
class ReportSource:
    """What the report itself does not say: where it came from."""

    contract_file: str
    event_sources: tuple[str, ...] = ()
    params: Params | None = None
    customer: str | None = None  # `--customer`
    period: str | None = None  # `--period`


@attrs.frozen
class ObjectiveRow:
    title: str
    name: str
    kind: str
    service: str
    target: str
    actual: str
    met: bool | None
    details: str


@attrs.frozen
class BreachRow:
    objective: str  # the objective's title
    name: str
    subject: str  # "ticket" or "outage"
    ref: str
    level: str
    limit: str
    actual: str
    excess: str
    deadline: str
    open: bool


@attrs.frozen
class RemedyRow:
    title: str
    name: str
    kind: str
    due: str  # "10% = 100.00 USD", "service time extended by 12 minutes"...
    reason: str


@attrs.frozen
class PeriodView:
    id: str
    label: str
    heading: str  # "April 2026 (2026-04)"
    span: str  # "2026-04-01 00:00 PDT to 2026-05-01 00:00 PDT": in the contract's zone
    objectives: tuple[ObjectiveRow, ...]
    breaches: tuple[BreachRow, ...]
    remedies: tuple[RemedyRow, ...]
    credit_total: str  # "45% = 450.00 USD"


@attrs.frozen
class ClaimRow:
    period: str
    at: str
    valid: bool
    reason: str


@attrs.frozen
class CustomerView:
    id: str
    name: str | None  # None: the single-customer shape, or events that name no customer
    heading: str | None  # "Customer acme"; None in the single-customer shape
    periods: tuple[PeriodView, ...]
    claims: tuple[ClaimRow, ...]
    claims_id: str


@attrs.frozen
class SummaryRow:
    customer: str
    period: str
    period_id: str
    met: str  # "1 of 4"
    breaches: int
    remedies: int
    credit_total: str


@attrs.frozen
class ChartPoint:
    label: str  # the period's label, "2026-04"
    availability: Decimal | None
    budget_used: Decimal | None  # percent of the allowed downtime


@attrs.frozen
class AvailabilityChart:
    """One availability objective of one customer, period by period."""

    id: str
    title: str  # "Service Availability (uptime)"
    customer: str | None
    target: Decimal
    points: tuple[ChartPoint, ...]
    rows: tuple[tuple[str, ...], ...]  # the figures, for Markdown and for readers without SVG

    HEADERS = (
        "Period",
        "Availability",
        "Target",
        "Downtime",
        "Allowed downtime",
        "Error budget used",
    )


@attrs.frozen
class TocEntry:
    id: str
    title: str
    children: tuple[TocEntry, ...] = ()


@attrs.frozen
class ReportView:
    title: str
    facts: tuple[tuple[str, str], ...]
    per_customer: bool
    summary: tuple[SummaryRow, ...]
    charts: tuple[AvailabilityChart, ...]
    customers: tuple[CustomerView, ...]
    events: tuple[tuple[str, int], ...]  # ("Read", 13), ("Accepted", 13)...
    rejected: tuple[tuple[str, str, str], ...]  # file, line, reason
    toc: tuple[TocEntry, ...]
    requested_period: str | None = None  # `--period`, for a report with no period to show
    nothing_accepted: bool = False  # no event was accepted: nothing was evaluated


class _Ids:
    """Unique ids of `[a-z0-9-]`: a repeated one gets `-2`, `-3`..."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def make(self, *parts: str) -> str:
        base = "-".join(slug(part) for part in parts)
        made, count = base, 1
        while made in self.taken:
            count += 1
            made = f"{base}-{count}"
        self.taken.add(made)
        return made


def build_report_view(
    report: Mapping[str, Any], contract: n.Contract, source: ReportSource
) -> ReportView:
    """The view of one report (either shape) of `contract`, a checked contract (its zone loads)."""
    report = _visible_strings(report)
    source = attrs.evolve(
        source,
        contract_file=visible(source.contract_file),
        event_sources=tuple(visible(name) for name in source.event_sources),
        customer=visible(source.customer) if source.customer is not None else None,
        period=visible(source.period) if source.period is not None else None,
    )
    header = contract.header
    zone_key = (header.zone if header is not None else None) or "UTC"
    zone = load_zone(zone_key)
    names = Names.of(contract)
    units = _metric_units(contract, source.params)
    ids = _Ids()
    for fixed in ("top", "contents", "summary", "charts", "events", "rejected"):
        ids.make(fixed)
    per_customer = "customers" in report
    sections: list[Mapping[str, Any]] = (
        list(report["customers"])
        if per_customer
        else [
            {"customer": source.customer, "periods": report["periods"], "claims": report["claims"]}
        ]
    )
    customers = tuple(
        _customer(section, contract, names, units, ids, per_customer, zone) for section in sections
    )
    charts = tuple(
        chart
        for section, customer in zip(sections, customers, strict=True)
        for chart in _charts(section, customer.name, contract, names, ids, per_customer)
    )
    title = (
        (header.title or header.name if header is not None else None)
        or report.get("contract")
        or source.contract_file
    )
    events = report["events"]
    return ReportView(
        title=f"Compliance report: {title}",
        facts=_facts(report, contract, source, customers, per_customer, zone_key),
        per_customer=per_customer,
        summary=tuple(
            _summary_row(customer, period) for customer in customers for period in customer.periods
        ),
        charts=charts,
        customers=customers,
        events=tuple(
            (label, int(events[key]))
            for label, key in (
                ("Read", "read"),
                ("Accepted", "accepted"),
                ("Duplicates", "duplicates"),
                ("Rejected", "rejected"),
            )
        ),
        rejected=tuple(
            (str(r["file"]), str(r["line"]), str(r["reason"])) for r in report["rejected"]
        ),
        toc=_toc(customers, charts, per_customer),
        requested_period=source.period,
        nothing_accepted=report["events"]["accepted"] == 0,
    )


# --------------------------------------------------------------------------- header and summary


def _facts(
    report: Mapping[str, Any],
    contract: n.Contract,
    source: ReportSource,
    customers: Sequence[CustomerView],
    per_customer: bool,
    zone_key: str,
) -> tuple[tuple[str, str], ...]:
    header = contract.header
    facts: list[tuple[str, str]] = []
    name = header.name if header is not None else str(report.get("contract") or "")
    facts.append(("Contract", f"{name} (file {source.contract_file})"))
    if header is not None and header.provider:
        facts.append(("Provider", header.provider))
    if header is not None and header.version:
        facts.append(("Version", header.version))
    if per_customer:
        named = [c.name if c.name is not None else "(events naming no customer)" for c in customers]
        more = f" and {len(named) - 10} more" if len(named) > 10 else ""
        facts.append(("Customers", ", ".join(named[:10]) + more))
    elif source.customer is not None:
        facts.append(("Customer", source.customer))
    if source.params is not None and source.params.values:
        facts.append(
            (
                "Parameters",
                ", ".join(
                    f"{key} = {describe_value(value)}"
                    for key, value in source.params.values.items()
                ),
            )
        )
    if source.event_sources:
        facts.append(("Events", ", ".join(source.event_sources)))
    labels = sorted({p.label for c in customers for p in c.periods})
    if labels:
        shown = ", ".join(labels) if len(labels) <= 4 else f"{labels[0]} to {labels[-1]}"
        facts.append(("Periods", shown + (f" ({len(labels)} in all)" if len(labels) > 1 else "")))
    facts.append(("Times", _times(zone_key)))
    return tuple(facts)


def _times(zone_key: str) -> str:
    """The facts' "Times": the zone the document shows instants in, in words."""
    if zone_key == "UTC":
        return "UTC, the contract's zone, as in the JSON report"
    return f"{zone_name(zone_key)}, the contract's zone; the JSON report gives them in UTC"


def _summary_row(customer: CustomerView, period: PeriodView) -> SummaryRow:
    rated = [o for o in period.objectives if o.met is not None]
    met = sum(1 for o in rated if o.met)
    return SummaryRow(
        customer=customer.name if customer.name is not None else "(none)",
        period=period.heading,
        period_id=period.id,
        met=f"{met} of {len(rated)}",
        breaches=len(period.breaches),
        remedies=len(period.remedies),
        credit_total=period.credit_total,
    )


def _toc(
    customers: Sequence[CustomerView], charts: Sequence[AvailabilityChart], per_customer: bool
) -> tuple[TocEntry, ...]:
    entries = [TocEntry("summary", "Summary")]
    if charts:
        entries.append(
            TocEntry(
                "charts",
                "Availability charts",
                tuple(TocEntry(c.id, _chart_heading(c)) for c in charts),
            )
        )
    for customer in customers:
        periods = [TocEntry(p.id, p.heading) for p in customer.periods]
        if customer.claims:
            periods.append(TocEntry(customer.claims_id, "Claims"))
        if per_customer:
            entries.append(TocEntry(customer.id, customer.heading or "", tuple(periods)))
        else:
            entries.extend(periods)
    entries.append(TocEntry("events", "Events read", (TocEntry("rejected", "Rejected lines"),)))
    return tuple(entries)


def _chart_heading(chart: AvailabilityChart) -> str:
    return chart.title if chart.customer is None else f"{chart.title}, customer {chart.customer}"


# --------------------------------------------------------------------------- a customer


def _customer(
    section: Mapping[str, Any],
    contract: n.Contract,
    names: Names,
    units: Mapping[str, Literal],
    ids: _Ids,
    per_customer: bool,
    zone: tzinfo,
) -> CustomerView:
    name = section.get("customer")
    shown = str(name) if name is not None else None
    prefix: tuple[str, ...] = ()
    heading = None
    if per_customer:
        heading = f"Customer {shown}" if shown is not None else "Events naming no customer"
        prefix = ("customer", shown if shown is not None else "none")
    customer_id = ids.make(*prefix) if per_customer else ""
    periods = tuple(
        _period(period, contract, names, units, ids, prefix, zone) for period in section["periods"]
    )
    claims = tuple(
        ClaimRow(
            period=str(claim["period"]),
            at=instant_words(str(claim["at"]), zone),
            valid=bool(claim["valid"]),
            reason=str(claim["reason"]),
        )
        for claim in section["claims"]
    )
    claims_id = ids.make(*prefix, "claims") if claims else ""
    return CustomerView(customer_id, shown, heading, periods, claims, claims_id)


def _period(
    period: Mapping[str, Any],
    contract: n.Contract,
    names: Names,
    units: Mapping[str, Literal],
    ids: _Ids,
    prefix: tuple[str, ...],
    zone: tzinfo,
) -> PeriodView:
    label = str(period["period"])
    words = period_words(label)
    heading = label if words == label else f"{words[:1].upper()}{words[1:]} ({label})"
    objectives = tuple(_objective(o, contract, names, units) for o in period["objectives"])
    breaches = tuple(
        BreachRow(
            objective=names.titles.get(o["name"], o["name"]),
            name=o["name"],
            subject=names.subjects.get(o["name"], "ticket"),
            ref=str(b["ref"]),
            level=names.level(b["level"]) if b.get("level") else NONE,
            limit=iso_words(b["limit"]) if b.get("limit") else NONE,
            actual=iso_words(b["actual"]) if b.get("actual") else NONE,
            excess=iso_words(b["excess"]) if b.get("excess") else NONE,
            deadline=instant_words(b["deadline"], zone) if b.get("deadline") else NONE,
            open=bool(b.get("open")),
        )
        for o in period["objectives"]
        for b in o["breaches"]
    )
    remedies = tuple(
        RemedyRow(
            title=names.titles.get(r["name"], r["name"]),
            name=r["name"],
            kind=r["kind"],
            due=_due(r),
            reason=str(r["reason"]),
        )
        for r in period["remedies"]
    )
    return PeriodView(
        id=ids.make(*prefix, "period", label),
        label=label,
        heading=heading,
        span=f"{instant_words(period['start'], zone)} to {instant_words(period['end'], zone)}",
        objectives=objectives,
        breaches=breaches,
        remedies=remedies,
        credit_total=_shares(period["credit_total"]),
    )


def _objective(
    o: Mapping[str, Any], contract: n.Contract, names: Names, units: Mapping[str, Literal]
) -> ObjectiveRow:
    kind = o["kind"]
    declared = next(
        (d for d in contract.declarations if getattr(d, "name", None) == o["name"]), None
    )
    service = o.get("service")
    target, actual, details = NONE, NONE, ""
    if kind == "availability":
        target = _percent(o["target"])
        actual = _percent(o["actual"])
        if o.get("downtime") is not None:
            details = f"{iso_words(o['downtime'])} down"
            if o.get("excluded") is not None:
                details += f", {iso_words(o['excluded'])} excluded"
    elif kind == "metric":
        unit = units.get(o["name"])
        target = _metric_target(o["target"], declared, unit)
        actual = _in_unit(str(o["actual"]), unit) if o["actual"] is not None else "no measurement"
    elif kind == "timer":
        if o["target"] is not None:
            target = f"within {iso_words(o['target'])}"
        elif isinstance(declared, n.Timer) and any(row.level for row in declared.rows):
            target = "the limit of each severity level"
        count = len(o["breaches"])
        details = f"{count} {'breach' if count == 1 else 'breaches'}" if count else "no breach"
    elif kind == "count":
        target = _count_target(declared, names)
        if o["met"] is False:
            details = "threshold reached"
    return ObjectiveRow(
        title=names.titles.get(o["name"], o["name"]),
        name=o["name"],
        kind=kind,
        service=names.titles.get(service, service) if service else "",
        target=target,
        actual=actual,
        met=o["met"],
        details=details,
    )


def _metric_units(contract: n.Contract, params: Params | None) -> dict[str, Literal]:
    """Each metric's target as the contract writes it (`3s`, `99.5%`, `20ms`), a parameter's
    or a `by` table's resolved as the evaluation resolved it: the unit its figures are shown in."""
    resolver = Resolver(params if params is not None else Params({}), {})
    units: dict[str, Literal] = {}
    for d in contract.declarations:
        if isinstance(d, n.Metric) and d.target is not None:
            value = resolver.resolve(d.target.value)
            if isinstance(value, n.Percent | n.Duration):
                units[d.name] = value
    return units


def _in_unit(figure: str, unit: Literal | None) -> str:
    """A metric's figure of the report (in the samples' unit, docs/semantics.md section 5) with
    that unit: `99.4` -> "99.4%" for a percentage, `2.5` -> "2.5 seconds" for a duration."""
    if isinstance(unit, n.Percent):
        return f"{figure}%"
    if isinstance(unit, n.Duration):
        try:
            one = Decimal(figure) == 1
        except InvalidOperation:
            return figure
        return f"{figure} {'second' if one else 'seconds'}"
    return figure


def _metric_target(target: str | None, declared: object, unit: Literal | None) -> str:
    """`percentile 95 at most 3 seconds`, `mean at least 99.5%`, `mean at most 20 milliseconds
    (0.020 seconds)`: the target as the contract writes it, with the report's figure."""
    if target is None:
        return NONE
    shown = _in_unit(target, unit)
    if isinstance(unit, n.Duration) and unit.unit != "s":
        shown = f"{describe_value(unit)} ({shown})"
    if isinstance(declared, n.Metric) and declared.target is not None:
        statistic = STATISTICS.get(declared.target.statistic, declared.target.statistic)
        if declared.target.percentile is not None:
            statistic = f"percentile {plain_number(declared.target.percentile)}"
        op = COMPARE_WORDS.get(declared.target.op, declared.target.op)
        return f"{statistic} {op} {shown}"
    return shown


def _count_target(declared: object, names: Names) -> str:
    if not isinstance(declared, n.Count) or declared.threshold is None:
        return NONE
    threshold = declared.threshold
    many = describe_value(threshold.number, names)
    if threshold.kind == "in_a_row":
        return f"fewer than {many} failed periods in a row"
    within = describe_value(threshold.window, names)
    if threshold.kind == "more_than":
        return f"no more than {many} within {within}"
    return f"fewer than {many} within {within}"


def _due(remedy: Mapping[str, Any]) -> str:
    kind = remedy["kind"]
    money = _money(remedy.get("amount"), remedy.get("currency"))
    if kind in ("credit", "refund"):
        return _shares(remedy)
    if kind == "extension" and remedy.get("duration"):
        return f"service time extended by {iso_words(remedy['duration'])}"
    if kind == "charge" and money:
        return f"{money} owed by the customer"
    if kind == "termination":
        return "the right to end the contract without penalty"
    parts = [_percent(remedy["percent"]) if remedy.get("percent") else "", money]
    if remedy.get("duration"):
        parts.append(iso_words(remedy["duration"]))
    return " = ".join(part for part in parts if part) or NONE


def _shares(value: Mapping[str, Any]) -> str:
    """`{"percent": "45", "amount": "450.00", "currency": "USD"}` -> "45% = 450.00 USD"."""
    percent = _percent(value["percent"]) if value.get("percent") is not None else ""
    money = _money(value.get("amount"), value.get("currency"))
    return " = ".join(part for part in (percent, money) if part) or NONE


def _money(amount: str | None, currency: str | None) -> str:
    if amount is None:
        return ""
    return f"{amount} {currency}" if currency else str(amount)


def _percent(text: str | None) -> str:
    return f"{text}%" if text is not None else NONE


def instant_words(text: str, zone: tzinfo = UTC) -> str:
    """An instant of the report in `zone`, with the zone's abbreviation at that instant (seconds
    shown when not zero): `2026-04-03T11:00:00Z` -> `2026-04-03 11:00 UTC`, or `2026-04-03 04:00
    PDT` in America/Los_Angeles. A text that is no instant is returned as it is."""
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        return text
    if at.tzinfo is None:  # the report writes every instant with `Z`; read any other as UTC
        at = at.replace(tzinfo=UTC)
    try:
        at = at.astimezone(zone)
    except OverflowError:  # beyond year 9999 in the zone: keep the report's own spelling
        return text
    clock = at.strftime("%H:%M:%S" if at.second or at.microsecond else "%H:%M")
    if at.microsecond:
        clock += f".{at.microsecond:06d}".rstrip("0")
    return f"{at.date().isoformat()} {clock} {at.tzname() or at.strftime('%z')}"


def visible(text: str) -> str:
    """Text from the events with each control character escaped as Python writes it: ESC as
    `\\x1b`, NUL as `\\x00`, U+202E as `\\u202e` (tab and line feed kept)."""
    return escape_controls(text, keep_whitespace=True)


def _visible_strings(value: Any) -> Any:
    """The report (or a part of it) with `visible` applied to every string in it."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, Mapping):
        return {key: _visible_strings(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_visible_strings(item) for item in value]
    return value


# --------------------------------------------------------------------------- charts


def seconds(text: str) -> Decimal:
    """An ISO 8601 duration of the report (`PT7H30M`) in seconds."""
    match = _ISO.fullmatch(text)
    if match is None:
        raise ValueError(f"not a duration of the report: {text!r}")
    days, hours, minutes, secs = (Decimal(g) if g else Decimal(0) for g in match.groups())
    return ((days * 24 + hours) * 60 + minutes) * 60 + secs


def _charts(
    section: Mapping[str, Any],
    customer: str | None,
    contract: n.Contract,
    names: Names,
    ids: _Ids,
    per_customer: bool,
) -> Iterable[AvailabilityChart]:
    declared = {d.name: d for d in contract.declarations if isinstance(d, n.Availability)}
    found: dict[str, list[tuple[Mapping[str, Any], Mapping[str, Any]]]] = {}
    for period in section["periods"]:
        for objective in period["objectives"]:
            if objective["kind"] == "availability" and objective.get("target") is not None:
                found.setdefault(objective["name"], []).append((period, objective))
    for name, pairs in found.items():
        title = names.titles.get(name, name)
        shown = f"{title} ({name})" if title != name else name
        availability = declared.get(name)
        less_excluded = availability is not None and availability.total_less_excluded
        # A parameter may set the target; a chart draws the last period's.
        target = Decimal(pairs[-1][1]["target"])
        points, rows = [], []
        for period, objective in pairs:
            point, row = _chart_point(period, objective, less_excluded)
            points.append(point)
            rows.append(row)
        parts = ("chart", *(("customer", customer or "none") if per_customer else ()), name)
        yield AvailabilityChart(
            id=ids.make(*parts),
            title=shown,
            customer=customer if per_customer else None,
            target=target,
            points=tuple(points),
            rows=tuple(rows),
        )


def _chart_point(
    period: Mapping[str, Any], objective: Mapping[str, Any], less_excluded: bool
) -> tuple[ChartPoint, tuple[str, ...]]:
    label = str(period["period"])
    target = Decimal(objective["target"])
    actual = Decimal(objective["actual"]) if objective.get("actual") is not None else None
    length = datetime.fromisoformat(period["end"]) - datetime.fromisoformat(period["start"])
    total = Decimal(length // timedelta(microseconds=1)) / 1_000_000
    excluded = seconds(objective["excluded"]) if objective.get("excluded") else Decimal(0)
    if less_excluded:
        total -= excluded
    downtime = seconds(objective["downtime"]) if objective.get("downtime") else None
    allowed = max(total, Decimal(0)) * (100 - target) / 100
    used = None
    if downtime is not None and allowed > 0:
        used = (downtime / allowed * 100).quantize(_TENTH, rounding=ROUND_HALF_UP)
    allowed_words = timedelta_words(timedelta(seconds=int(allowed))) if allowed > 0 else "none"
    row = (
        label,
        _percent(objective.get("actual")),
        _percent(objective["target"]),
        iso_words(objective["downtime"]) if downtime is not None else NONE,
        allowed_words,
        f"{used}%" if used is not None else NONE,
    )
    return ChartPoint(label, actual, used), row
