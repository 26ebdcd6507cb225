"""Values, periods, events and conditions of a contract, in plain English words.

Input: AST values and conditions (`sladsl.nodes`), and a `Names` index of the contract's
declarations (to say titles instead of names). Output: strings a reader understands:
`4h` -> "4 hours", `per calendar month` -> "each calendar month", `severity = P1 and opened
outside support_hours` -> "the severity is P1 and the ticket was opened outside Standard Support
Hours".

Invariants: pure functions of the AST, no evaluation; numbers are shown as written in the
contract (a Decimal's own digits, never a float); every value kind and condition kind of the
language has words (an unknown one would be a programming error, not bad input). Names that stay
names (parameters, words of the event format) are put between backticks, which the templates
show as code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import timedelta
from decimal import Decimal

import attrs

from sladsl import nodes as n

ORDINALS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
            "eighth", "ninth", "tenth")  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
UNIT_WORDS = {"ms": "millisecond", "s": "second", "min": "minute", "h": "hour", "day": "day",
              "week": "week", "month": "month", "year": "year"}  # fmt: skip
EVENT_WORDS = {
    "ticket.opened": "the ticket is opened",
    "ticket.acknowledged": "the ticket is acknowledged",
    "ticket.progress": "a progress report is sent",
    "ticket.severity_changed": "the ticket's severity changes",
    "ticket.restored": "service is restored (or a work-around is in place)",
    "ticket.resolved": "the ticket is resolved",
    "ticket.rfo": "the reason-for-outage report (RFO) is delivered",
    "ticket.on_hold": "the ticket is put on hold",
    "ticket.resumed": "the ticket is resumed",
    "outage.start": "the outage starts",
    "outage.update": "the outage changes",
    "outage.end": "the outage ends",
    "maintenance.announced": "maintenance is announced",
    "claim.submitted": "a claim is submitted",
}
FACT_WORDS = {
    "affected": "the share of service affected",
    "outage.affected": "the share of service affected by the linked outage",
    "cause": "the cause",
    "outage.cause": "the cause of the linked outage",
    "category": "the category",
    "severity": "the severity",
    "service": "the service",
    "duration": "the outage's duration",
}
OP_WORDS = {"=": "is", "!=": "is not", "<": "is less than", "<=": "is at most",
            ">": "is more than", ">=": "is at least"}  # fmt: skip
STATISTICS = {"mean": "mean", "median": "median", "min": "lowest", "max": "highest"}
# Where a metric's result falls short of its target, by the target's operator (semantics.md
# section 8: the shortfall is the distance to the target, on the side that fails it).
SHORTFALL_SIDES = {">=": "below", ">": "below", "<=": "above", "<": "above", "=": "away from",
                   "!=": "away from"}  # fmt: skip
PERIOD_UNITS = {"month": "calendar month", "quarter": "calendar quarter", "year": "calendar year"}


@attrs.frozen
class Names:
    """Titles of the contract's declarations and severity levels, by name."""

    titles: dict[str, str]
    params: frozenset[str]
    levels: dict[str, str]
    subjects: dict[str, str]  # timer name -> "ticket" or "outage"
    # objective name -> the side of its target a shortfall lies on: "below" a floor (an
    # availability, a metric `>=`), "above" a ceiling (a metric `<=`), "away from" an `=` target
    sides: dict[str, str]

    @classmethod
    def of(cls, contract: n.Contract) -> Names:
        titles: dict[str, str] = {}
        levels: dict[str, str] = {}
        params: set[str] = set()
        subjects: dict[str, str] = {}
        sides: dict[str, str] = {}
        for d in contract.declarations:
            if isinstance(d, n.Param):
                params.add(d.name)
                continue
            titles[d.name] = d.title or d.name
            if isinstance(d, n.Timer):
                start = d.recurring.start if d.recurring is not None else d.start
                subjects[d.name] = "outage" if (start or "").startswith("outage.") else "ticket"
            if isinstance(d, n.Metric) and d.target is not None:
                sides[d.name] = SHORTFALL_SIDES.get(d.target.op, "below")
            if isinstance(d, n.Severities):
                for level in d.levels:
                    levels.setdefault(level.name, level.title or level.name)
        return cls(titles, frozenset(params), levels, subjects, sides)

    def title(self, name: str) -> str:
        """A declaration's title in quotes (“Service Availability”), or the name as code."""
        title = self.titles.get(name)
        return f"“{title}”" if title is not None and title != name else f"`{name}`"

    def level(self, name: str) -> str:
        return self.levels.get(name, name)

    def side(self, objective: str) -> str:
        """Where the objective's result falls short: "below" its target (an availability, a
        metric that must reach it), "above" it (a metric that must not exceed it), or "away
        from" it (a metric that must equal it)."""
        return self.sides.get(objective, "below")


def number(value: Decimal) -> str:
    """A number as written (`4.0` stays `4.0`), without exponent."""
    return f"{value:f}"


def plain_number(value: Decimal) -> str:
    """A number without trailing zeros: 99.90 -> 99.9, 100 -> 100."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent(value: Decimal) -> str:
    return f"{plain_number(value)}%"


def money(value: n.Money) -> str:
    return f"{number(value.amount)} {value.currency}"


def plural(count: Decimal | int, word: str) -> str:
    return word if count == 1 else f"{word}s"


def duration(value: n.Duration) -> str:
    """`4h` -> "4 hours"; `28 consecutive days` keeps its "consecutive"."""
    word = UNIT_WORDS.get(value.unit, value.unit)
    consecutive = "consecutive " if "consecutive" in value.text else ""
    return f"{plain_number(value.amount)} {consecutive}{plural(value.amount, word)}"


def duration_adjective(value: n.Duration) -> str:
    """`2h` -> "2-hour", as in "a 2-hour minimum"."""
    return f"{plain_number(value.amount)}-{UNIT_WORDS.get(value.unit, value.unit)}"


def per_step(value: n.Value) -> str:
    """`1h` -> "hour", `30min` -> "30 minutes": what a rate is charged per."""
    if isinstance(value, n.Duration) and value.amount == 1:
        return UNIT_WORDS.get(value.unit, value.unit)
    return describe_value(value)


def name_words(name: str) -> str:
    """`monthly_fee` -> "monthly fee"."""
    return name.replace("_", " ")


def describe_value(value: n.Value | None, names: Names | None = None) -> str:
    """Any value: a literal, a parameter, a text, a table by parameter."""
    if value is None:
        return "(not given)"
    if isinstance(value, n.Percent):
        return percent(value.value)
    if isinstance(value, n.Duration):
        return duration(value)
    if isinstance(value, n.Money):
        return money(value)
    if isinstance(value, n.Number):
        return number(value.value)
    if isinstance(value, n.Text):
        return f"“{value.value}”"
    if isinstance(value, n.Ref):
        if names is not None and value.name in names.params:
            return f"the {name_words(value.name)} (parameter `{value.name}`)"
        return value.name
    cases = [
        f"{describe_value(case.value, names)} when `{value.param.name}` is "
        f"{or_list(c.name for c in case.choices)}"
        for case in value.cases
    ]
    if value.otherwise is not None:
        cases.append(f"{describe_value(value.otherwise, names)} otherwise")
    return ", or ".join(cases)


def base_words(ref: n.Ref) -> str:
    """The money parameter a share is of: "the monthly fee"."""
    return f"the {name_words(ref.name)}"


def amount_of(value: n.AmountOf, names: Names | None = None) -> str:
    """`50% of monthly_fee` -> "50% of the monthly fee"; `2000 USD` -> "2000 USD"."""
    if value.base is None:
        return describe_value(value.value, names)
    return f"{describe_value(value.value, names)} of {base_words(value.base)}"


def and_list(items: Iterable[str], last: str = "and") -> str:
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def or_list(items: Iterable[str]) -> str:
    return and_list(items, "or")


def ordinal(count: int) -> str:
    return ORDINALS[count] if 0 <= count < len(ORDINALS) else f"{count}th"


def period(value: n.Period | None) -> str:
    """`per calendar month` -> "calendar month"; `per rolling 28 days` -> "window of 28 days"."""
    if value is None:
        return "period"
    if isinstance(value, n.CalendarPeriod):
        return PERIOD_UNITS.get(value.unit, value.unit)
    return f"window of {describe_value(value.length)}"


# How `sladsl eval` cuts a rolling period (docs/semantics.md, section 3).
_WINDOWS = "one after another, from the first day evaluated"


def each_period(value: n.Period | None) -> str:
    if isinstance(value, n.RollingPeriod):
        return f"each window of {describe_value(value.length)} ({_WINDOWS})"
    return f"each {period(value)}"


def event(name: str) -> str:
    return EVENT_WORDS.get(name, f"`{name}` happens")


def span(start: str, stops: Sequence[str]) -> str:
    """From one event to the first of several: "from when A until B (or C, whichever first)"."""
    first, rest = stops[0] if stops else "", stops[1:]
    words = f"from when {event(start)} until {event(first)}"
    if rest:
        words += f", or until {or_list(event(s) for s in rest)}, whichever comes first"
    return words


def fact(value: n.Fact, names: Names) -> str:
    dotted = value.dotted
    if dotted in FACT_WORDS:
        return FACT_WORDS[dotted]
    if dotted in names.params:
        return f"the {name_words(dotted)}"
    return f"`{dotted}`"


def _operand(value: n.Value, of_fact: n.Fact, names: Names) -> str:
    if isinstance(value, n.Ref) and of_fact.dotted == "severity":
        return names.level(value.name)
    return describe_value(value, names)


def describe_condition(cond: n.Condition, names: Names) -> str:
    """A condition as a clause of a sentence."""
    if isinstance(cond, n.Compare):
        return (
            f"{fact(cond.fact, names)} {OP_WORDS[cond.op]} {_operand(cond.value, cond.fact, names)}"
        )
    if isinstance(cond, n.Member):
        values = or_list(_operand(v, cond.fact, names) for v in cond.values)
        return f"{fact(cond.fact, names)} is {values}"
    if isinstance(cond, n.OpenedOutside):
        where = "inside" if cond.inside else "outside"
        calendar = "24x7" if cond.calendar is None else names.title(cond.calendar.name)
        return f"the ticket was opened {where} {calendar}"
    if isinstance(cond, n.IsMet):
        return f"{names.title(cond.objective.name)} is {'met' if cond.met else 'not met'}"
    if isinstance(cond, n.Flag):
        return f"{names.title(cond.name.name)} holds"
    if isinstance(cond, n.Not):
        return _negation(cond.operand, names)
    joined = " and " if isinstance(cond, n.AllOf) else " or "
    return joined.join(_grouped(part, cond, names) for part in cond.operands)


def _grouped(part: n.Condition, outer: n.AllOf | n.AnyOf, names: Names) -> str:
    words = describe_condition(part, names)
    nested = isinstance(part, n.AllOf | n.AnyOf) and type(part) is not type(outer)
    return f"({words})" if nested else words


_NEGATED = {"=": "!=", "!=": "=", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}


def _negation(inner: n.Condition, names: Names) -> str:
    if isinstance(inner, n.Compare):
        return describe_condition(attrs.evolve(inner, op=_NEGATED[inner.op]), names)
    if isinstance(inner, n.OpenedOutside):
        return describe_condition(attrs.evolve(inner, inside=not inner.inside), names)
    if isinstance(inner, n.IsMet):
        return describe_condition(attrs.evolve(inner, met=not inner.met), names)
    if isinstance(inner, n.Member):
        values = and_list(_operand(v, inner.fact, names) for v in inner.values)
        return f"{fact(inner.fact, names)} is none of {values}"
    return f"not ({describe_condition(inner, names)})"


def timedelta_words(delta: timedelta) -> str:
    """`timedelta(hours=5, minutes=30)` -> "5 hours 30 minutes"; zero -> "0 minutes"."""
    seconds = int(delta.total_seconds())
    parts = []
    for size, word in ((86400, "day"), (3600, "hour"), (60, "minute"), (1, "second")):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count} {plural(count, word)}")
    return " ".join(parts) or "0 minutes"


_ISO = re.compile(r"P(?:([0-9]+)D)?(?:T(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9.]+)S)?)?")


def iso_words(text: str) -> str:
    """An ISO 8601 duration of the report (`PT5H30M`) in words ("5 hours 30 minutes")."""
    match = _ISO.fullmatch(text)
    if match is None:
        return text
    days, hours, minutes, seconds = (Decimal(g) if g else Decimal(0) for g in match.groups())
    total = ((days * 24 + hours) * 60 + minutes) * 60 + seconds
    return timedelta_words(timedelta(seconds=int(total)))


def period_words(label: str) -> str:
    """A report's period label: `2026-04` -> "April 2026"; `2026-Q2` -> "the second quarter of
    2026"; a year or a rolling window's label as it is."""
    year, _, rest = label.partition("-")
    if rest[:1] == "Q" and rest[1:] in ("1", "2", "3", "4"):
        which = ("first", "second", "third", "fourth")[int(rest[1:]) - 1]
        return f"the {which} quarter of {year}"
    if rest.isdigit() and 1 <= int(rest) <= 12:
        return f"{MONTHS[int(rest) - 1]} {year}"
    return label
