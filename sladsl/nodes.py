"""The sladsl abstract syntax tree: frozen attrs nodes, one class per construct of the language.

Input: built only by `sladsl.builder` from a Lark parse tree. Output: immutable values that every
later stage (checker, evaluator, renderer, formatter) reads; change them with `attrs.evolve`.

Invariants:
- nodes are frozen and hashable; `span` (and any `*_span`, and `text` of values) never takes part
  in equality, so two contracts that differ only in layout or spelling of a number compare equal;
- numbers are `decimal.Decimal`, never floats;
- names are plain strings; a `Ref` marks a use of a name, with the span of that use;
- a clause keeps what its statements said, with `None` (or an empty tuple) for what they did not:
  missing statements are the checker's business, not the parser's.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TypeAlias

import attrs

from sladsl.diagnostics import Span


def _span() -> Span | None:
    """A source span: never part of equality or repr, always given by keyword."""
    field: Span | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)
    return field


# --------------------------------------------------------------------------- values


@attrs.frozen
class Ref:
    """A use of a name: a parameter, service, calendar, objective, count, exclusion..."""

    name: str
    span: Span | None = _span()


@attrs.frozen
class Percent:
    """`99.95%`: `value` is the number of percent (99.95), not a fraction."""

    value: Decimal
    text: str = attrs.field(default="", eq=False)
    span: Span | None = _span()


DURATION_UNITS = ("ms", "s", "min", "h", "day", "week", "month", "year")
UNIT_SECONDS = {
    "ms": Decimal("0.001"),
    "s": Decimal(1),
    "min": Decimal(60),
    "h": Decimal(3600),
    "day": Decimal(86400),
    "week": Decimal(604800),
}


@attrs.frozen
class Duration:
    """`4h`, `30min`, `250ms`, `2 days`, `2 months`. `unit` is one of `DURATION_UNITS`.

    Months and years have no fixed length, so only `seconds` of fixed units is defined. Days and
    weeks measured on a calendar count open days (see docs/semantics.md).
    """

    amount: Decimal
    unit: str
    text: str = attrs.field(default="", eq=False)
    span: Span | None = _span()

    @property
    def seconds(self) -> Decimal | None:
        factor = UNIT_SECONDS.get(self.unit)
        return None if factor is None else self.amount * factor


@attrs.frozen
class Money:
    """`100 USD`: an amount with its ISO 4217 currency code."""

    amount: Decimal
    currency: str
    text: str = attrs.field(default="", eq=False)
    span: Span | None = _span()


@attrs.frozen
class Number:
    """A bare number: a MOS score, a count, a step such as `0.1`."""

    value: Decimal
    text: str = attrs.field(default="", eq=False)
    span: Span | None = _span()


@attrs.frozen
class Text:
    """A quoted string used as a value."""

    value: str
    span: Span | None = _span()


@attrs.frozen
class ByCase:
    choices: tuple[Ref, ...]
    value: Value
    span: Span | None = _span()


@attrs.frozen
class ByTable:
    """`by connection { redundant: 99.99%  single: 99.8% }`: a value chosen by a parameter."""

    param: Ref
    cases: tuple[ByCase, ...]
    otherwise: Value | None = None
    span: Span | None = _span()


Value: TypeAlias = Percent | Duration | Money | Number | Text | Ref | ByTable


@attrs.frozen
class AmountOf:
    """`100% of monthly_fee`, or a plain amount when `base` is None."""

    value: Value
    base: Ref | None = None
    span: Span | None = _span()


# --------------------------------------------------------------------------- conditions


@attrs.frozen
class Fact:
    """What a condition tests: `affected`, `cause`, `severity`, `outage.affected`, a parameter..."""

    path: tuple[str, ...]
    span: Span | None = _span()

    @property
    def dotted(self) -> str:
        return ".".join(self.path)


@attrs.frozen
class Compare:
    fact: Fact
    op: str
    value: Value
    span: Span | None = _span()


@attrs.frozen
class Member:
    """`cause in [customer, customer_network]`."""

    fact: Fact
    values: tuple[Value, ...]
    span: Span | None = _span()


@attrs.frozen
class OpenedOutside:
    """`opened outside support_hours` (or `opened inside` when `inside`)."""

    calendar: Ref | None  # None means 24x7
    inside: bool = False
    span: Span | None = _span()


@attrs.frozen
class IsMet:
    """`uptime met` / `uptime not met`: the state of an objective in the period."""

    objective: Ref
    met: bool
    span: Span | None = _span()


@attrs.frozen
class Flag:
    """A bare name: true when that count's threshold is crossed (or objective breached)."""

    name: Ref
    span: Span | None = _span()


@attrs.frozen
class Not:
    operand: Condition
    span: Span | None = _span()


@attrs.frozen
class AllOf:
    operands: tuple[Condition, ...]
    span: Span | None = _span()


@attrs.frozen
class AnyOf:
    operands: tuple[Condition, ...]
    span: Span | None = _span()


Condition: TypeAlias = Compare | Member | OpenedOutside | IsMet | Flag | Not | AllOf | AnyOf


# --------------------------------------------------------------------------- literate parts


@attrs.frozen
class Doc:
    """The seed's own words kept with a clause: section number, legal text, readings, notes."""

    section: str | None = None
    text: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.section or self.text or self.assumptions or self.notes)


# --------------------------------------------------------------------------- periods


@attrs.frozen
class CalendarPeriod:
    """`per calendar month|quarter|year`, in the contract's zone."""

    unit: str
    span: Span | None = _span()


@attrs.frozen
class RollingPeriod:
    """`per rolling 28 days`."""

    length: Value
    span: Span | None = _span()


Period: TypeAlias = CalendarPeriod | RollingPeriod


# --------------------------------------------------------------------------- clauses


@attrs.frozen
class ContractHeader:
    name: str
    title: str | None
    provider: str | None = None
    version: str | None = None
    date: str | None = None
    currency: str | None = None
    zone: str | None = None
    source: str | None = None
    doc: Doc = Doc()
    span: Span | None = _span()
    name_span: Span | None = _span()
    zone_span: Span | None = _span()
    currency_span: Span | None = _span()


@attrs.frozen
class ParamType:
    """`money`, `percent`, `duration`, `number`, or `choice` with its `choices`."""

    kind: str
    choices: tuple[Ref, ...] = ()


@attrs.frozen
class Param:
    name: str
    type: ParamType
    default: Value | None = None
    optional: bool = False
    description: str | None = None
    span: Span | None = _span()
    name_span: Span | None = _span()


@attrs.frozen
class Component:
    name: str
    title: str | None
    span: Span | None = _span()


@attrs.frozen
class Service:
    name: str
    title: str | None
    components: tuple[Component, ...] = ()
    doc: Doc = Doc()
    span: Span | None = _span()
    name_span: Span | None = _span()


@attrs.frozen
class DayRange:
    """`mon-fri` or `sat`; weekdays as 0 (Monday) .. 6 (Sunday)."""

    first: int
    last: int
    span: Span | None = _span()


@attrs.frozen
class Hours:
    """`08:00-18:00`, in minutes after midnight; `overnight` when it closes the next day."""

    start: int
    end: int
    overnight: bool = False
    text: str = attrs.field(default="", eq=False)
    span: Span | None = _span()


@attrs.frozen
class OpenRule:
    """`open mon-fri 08:00-18:00`; `hours` None: the whole day; `days` empty: every day."""

    days: tuple[DayRange, ...]
    hours: Hours | None = None
    span: Span | None = _span()


@attrs.frozen
class FixedDate:
    """`jan 1`: every year on that day."""

    month: int
    day: int
    span: Span | None = _span()


@attrs.frozen
class NthWeekday:
    """`3rd mon of feb`; `n` = -1 for `last mon of may`."""

    n: int
    weekday: int
    month: int
    span: Span | None = _span()


@attrs.frozen
class Easter:
    """`easter - 2 days`: Western Easter Sunday plus `offset_days`."""

    offset_days: int = 0
    span: Span | None = _span()


@attrs.frozen
class RelativeDate:
    """`thanksgiving - 1 day`: another holiday of the same calendar plus `offset_days`."""

    holiday: Ref
    offset_days: int
    span: Span | None = _span()


@attrs.frozen
class ExplicitDates:
    """`2026-12-31, 2027-12-31`: those days only."""

    dates: tuple[str, ...]
    span: Span | None = _span()


DateRule: TypeAlias = FixedDate | NthWeekday | Easter | RelativeDate | ExplicitDates


@attrs.frozen
class Holiday:
    name: str
    title: str | None
    rule: DateRule
    span: Span | None = _span()
    name_span: Span | None = _span()


@attrs.frozen
class Calendar:
    name: str
    title: str | None
    zone: str | None = None
    opens: tuple[OpenRule, ...] = ()
    holidays: tuple[Holiday, ...] = ()
    doc: Doc = Doc()
    span: Span | None = _span()
    name_span: Span | None = _span()
    zone_span: Span | None = _span()


@attrs.frozen
class Level:
    """One severity level, with its definition and the rule that derives it from event facts."""

    name: str
    title: str | None
    means: str | None = None
    rule: Condition | None = None
    span: Span | None = _span()
    name_span: Span | None = _span()


@attrs.frozen
class Severities:
    name: str
    title: str | None
    services: tuple[Ref, ...] = ()
    levels: tuple[Level, ...] = ()
    doc: Doc = Doc()
    span: Span | None = _span()
    name_span: Span | None = _span()


@attrs.frozen
class Exclusion:
    """Downtime that does not count: by cause words and/or inside announced maintenance."""

    name: str
    title: str | None
    causes: tuple[Ref, ...] = ()
    maintenance: bool = False
    notice: Value | None = None
    doc: Doc = Doc()
    span: Span | None = _span()
    name_span: Span | None = _span()


@attrs.frozen
class Availability:
    name: str
    title: str | None
    services: tuple[Ref, ...] = ()
    target: Value | None = None
    period: Period | None = None
    down_when: Condition | None = None
    excluding: tuple[Ref, ...] = ()
    granularity: Value | None = None
    total_less_excluded: bool = False
    doc: Doc = Doc()
    span: Span | None = _span()
    name_span: Span | None = _span()


@attrs.frozen
class MetricTarget:
    """`target mean >= 4.0`; `statistic` is mean|median|min|max|percentile."""

    statistic: str
    op: str
    value: Value
    percentile: Decimal | None = None
    span: Span | None = _span()


@attrs.frozen
class Metric:
    name: str
    title: str | None
    services: tuple[Ref, ...] = ()
    measure: str | None = None
    target: MetricTarget | None = None
    period: Period | None = None
    doc: Doc = Doc()
    span: Span | None = _span()
    name_span: Span | None = _span()


@attrs.frozen
class TimerRow:
    """`critical within 1h in 24x7`, `I every 60min`, `P4 no limit "when feasible"`.

    `kind` is `within`, `every` or `none`; `level` None means every ticket (or outage);
    `calendar` None means 24x7; `guard` is the condition of an enclosing `when ... { }` block.
    """

    level: Ref | None
    kind: str
    limit: Value | None = None
    calendar: Ref | None = None
    note: str | None = None
    guard: Condition | None = None
    span: Span | None = _span()


@attrs.frozen
class Recurring:
    """`repeat ticket.progress from ticket.acknowledged until ticket.restored`."""

    event: str
    start: str
    stop: str
    span: Span | None = _span()


@attrs.frozen
class Timer:
    name: str
    title: str | None
    services: tuple[Ref, ...] = ()
    start: str | None = None
    stops: tuple[str, ...] = ()  # the first of these to happen stops the timer
    recurring: Recurring | None = None
    paused_on_hold: bool = False
    excluding: tuple[Ref, ...] = ()
    only_when: Condition | None = None
    best_effort: bool = False
    rows: tuple[TimerRow, ...] = ()
    doc: Doc = Doc()
    span: Span | None = _span()
    name_span: Span | None = _span()
    event_spans: tuple[Span | None, ...] = attrs.field(default=(), eq=False, repr=False)


@attrs.frozen
class Threshold:
    """`more than 3 within 28 days` / `at least 3 within 28 days` / `at least 3 in a row`."""

    kind: str  # more_than | at_least | in_a_row
    number: Value
    window: Value | None = None
    span: Span | None = _span()


@attrs.frozen
class Count:
    """How many tickets, outages or failed periods fall in a window."""

    name: str
    title: str | None
    subject: str | None = None  # tickets | outages | periods
    where: Condition | None = None
    objectives: tuple[Ref, ...] = ()
    period: Period | None = None
    threshold: Threshold | None = None
    doc: Doc = Doc()
    span: Span | None = _span()
    name_span: Span | None = _span()


@attrs.frozen
class Shortfall:
    """`below target of uptime` (kind `below_target`) or `over limit of response` (`over_limit`)."""

    kind: str
    objective: Ref
    span: Span | None = _span()


@attrs.frozen
class PerUnitShare:
    """`10% of monthly_fee per started 1% below target of uptime`."""

    rate: Value
    base: Ref
    rounding: tuple[str, ...]  # as written: (), ("started",), ("full",), ("pro rata",) ...
    step: Value
    shortfall: Shortfall
    span: Span | None = _span()


@attrs.frozen
class PerUnitRate:
    """`100 USD per 1h pro rata from ticket.acknowledged to ticket.resolved`."""

    rate: Value
    rounding: tuple[str, ...]
    step: Value
    start: str
    stop: str
    span: Span | None = _span()


@attrs.frozen
class Share:
    """`100% of monthly_fee`, or `amount 50 USD` when `base` is None."""

    rate: Value
    base: Ref | None
    span: Span | None = _span()


@attrs.frozen
class UnavailableTime:
    """`unavailable time of uptime`: an extension as long as the objective's downtime."""

    objective: Ref
    span: Span | None = _span()


Formula: TypeAlias = PerUnitShare | PerUnitRate | Share | UnavailableTime


@attrs.frozen
class Bound:
    op: str
    value: Value
    span: Span | None = _span()


@attrs.frozen
class Tier:
    """`tier < 99.95% and >= 99%: 10% of monthly_fee`."""

    bounds: tuple[Bound, ...]
    formula: Formula
    span: Span | None = _span()


REMEDY_KINDS = ("credit", "refund", "extension", "charge", "termination")


@attrs.frozen
class Remedy:
    kind: str  # one of REMEDY_KINDS
    name: str
    title: str | None
    formula: Formula | None = None
    trigger: Condition | None = None
    minimum: AmountOf | None = None
    cap: AmountOf | None = None
    cap_scope: str | None = None  # period | term
    based_on: Ref | None = None
    tiers: tuple[Tier, ...] = ()
    period: Period | None = None  # `assessed per calendar month`; else its objective's period
    doc: Doc = Doc()
    span: Span | None = _span()
    name_span: Span | None = _span()


@attrs.frozen
class Cap:
    """A limit on the sum of several remedies, applied in the order caps are written."""

    name: str
    title: str | None
    limit: AmountOf | None = None
    scope: str | None = None  # period | term
    applies_to: tuple[Ref, ...] = ()
    applies_to_all: str | None = None  # credits | refunds | ... | remedies
    doc: Doc = Doc()
    span: Span | None = _span()
    name_span: Span | None = _span()


@attrs.frozen
class OpensAfterDay:
    """`opens after 5th open day of working_days after period end`."""

    n: int
    calendar: Ref | None
    span: Span | None = _span()


@attrs.frozen
class Claims:
    name: str
    title: str | None
    opens_after_day: OpensAfterDay | None = None
    opens_after: Value | None = None
    closes_after: Value | None = None
    applies_to: tuple[Ref, ...] = ()
    doc: Doc = Doc()
    span: Span | None = _span()
    name_span: Span | None = _span()


@attrs.frozen
class Obligation:
    """A promise that carries no remedy: notice of maintenance, reports, best-effort RFOs."""

    name: str
    title: str | None
    every: Period | None = None
    notice: Value | None = None
    notice_subject: str | None = None  # maintenance | changes
    best_effort: bool = False
    doc: Doc = Doc()
    span: Span | None = _span()
    name_span: Span | None = _span()


@attrs.frozen
class Clause:
    """A section kept as prose only, so documents show it."""

    name: str
    title: str | None
    doc: Doc = Doc()
    span: Span | None = _span()
    name_span: Span | None = _span()


Declaration: TypeAlias = (
    Param
    | Service
    | Calendar
    | Severities
    | Exclusion
    | Availability
    | Metric
    | Timer
    | Count
    | Remedy
    | Cap
    | Claims
    | Obligation
    | Clause
)
Objective: TypeAlias = Availability | Metric | Timer


@attrs.frozen
class Contract:
    """A whole contract file: its header, its declarations in file order, top-level notes."""

    header: ContractHeader | None
    declarations: tuple[Declaration, ...]
    doc: Doc = Doc()
    header_spans: tuple[Span | None, ...] = attrs.field(default=(), eq=False, repr=False)
    span: Span | None = _span()

    def of_type(self, kind: type[Declaration]) -> list[Declaration]:
        return [d for d in self.declarations if isinstance(d, kind)]
