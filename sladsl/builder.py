"""From Lark's parse tree to the sladsl AST.

Input: a Lark `Tree` produced by `grammar/sladsl.lark`. Output: a `nodes.Contract` plus the
diagnostics found while building it (reserved words used as names, statements given twice).

Invariants: no Lark object survives in the output; every node carries the span of the text it came
from; numbers become `Decimal` straight from their source text (never through float).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
from lark import Token, Transformer, Tree, v_args
from lark.tree import Meta

from sladsl import nodes as n
from sladsl.diagnostics import Diagnostic, Span
from sladsl.grammar import keywords

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_UNIT_WORDS = {
    "ms": "ms", "millisecond": "ms", "milliseconds": "ms",
    "s": "s", "sec": "s", "second": "s", "seconds": "s",
    "min": "min", "minute": "min", "minutes": "min",
    "h": "h", "hour": "h", "hours": "h",
    "d": "day", "day": "day", "days": "day",
    "w": "week", "week": "week", "weeks": "week",
    "month": "month", "months": "month",
    "year": "year", "years": "year",
}  # fmt: skip
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(?:consecutive\s+)?([a-z]+)")
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def token_span(token: Token) -> Span:
    return Span(
        token.line or 0,
        token.column or 0,
        token.end_line or token.line or 0,
        token.end_column or (token.column or 0) + len(token),
    )


def meta_span(meta: Meta) -> Span | None:
    if getattr(meta, "empty", True):
        return None
    return Span(meta.line, meta.column, meta.end_line, meta.end_column)


# Days and ordinals past this are nonsense; keeping them this size lets the range checks refuse
# them without printing (or converting) thousands of digits.
_HUGE = 10**9


def whole_number(text: str) -> int:
    """A run of digits as an int, capped at 10**9 (`int(str)` refuses more than 4300 digits)."""
    digits = text.lstrip("0") or "0"
    return int(digits) if len(digits) < 10 else _HUGE


def unquote(token: Token) -> str:
    raw = str(token)
    if raw.startswith('"""'):
        body = raw[3:-3]
        body = re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)
        return textwrap.dedent(body.removeprefix("\n")).strip()
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), raw[1:-1])


@attrs.frozen
class Stmt:
    """One statement of a clause body, before the clause is assembled."""

    key: str
    value: Any
    span: Span | None


# Statements that may appear any number of times; every other one at most once per clause.
_REPEATABLE = {"text", "assume", "note", "open", "holiday", "level", "row", "guarded", "tier",
               "component", "excluding", "services", "causes", "applies_to"}  # fmt: skip


def _stmt(key: str, convert: Callable[[Any], Any] = lambda v: v) -> Any:
    """A transformer method for a one-value statement: `target 99.9%` -> Stmt("target", ...)."""

    def method(self: Builder, meta: Meta, children: list[Any]) -> Stmt:
        value = children[0] if len(children) == 1 else children
        return Stmt(key, convert(value), meta_span(meta))

    return method


@v_args(meta=True)
class Builder(Transformer[Token, n.Contract]):
    """A Lark transformer; `diagnostics` collects what it finds along the way."""

    def __init__(self, file: str) -> None:
        super().__init__(visit_tokens=False)
        self.file = file
        self.diagnostics: list[Diagnostic] = []
        self._keywords = keywords()

    # ------------------------------------------------------------------ helpers
    def _error(self, code: str, message: str, span: Span | None, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, self.file, hint))

    def _name(self, token: Token) -> str:
        if str(token) in self._keywords:
            self._error(
                "SLA-E105",
                f"`{token}` is a reserved word of the language and cannot be used as a name",
                token_span(token),
                hint=f"choose another name, such as `{token}_1` or `my_{token}`",
            )
        return str(token)

    def _ref(self, token: Token) -> n.Ref:
        return n.Ref(self._name(token), span=token_span(token))

    def _word(self, token: Token) -> n.Ref:
        """A word that is not a declared name (a cause, a fact, a value compared with):
        reserved words are fine here, as in `cause = provider`."""
        return n.Ref(str(token), span=token_span(token))

    def _body(self, kind: str, statements: list[Stmt]) -> dict[str, Any]:
        """Fold statements into fields; report a second copy of a once-only statement."""
        fields: dict[str, Any] = {}
        seen: dict[str, Stmt] = {}
        doc: dict[str, Any] = {"section": None, "text": [], "assumptions": [], "notes": []}
        for stmt in statements:
            if stmt.key in ("section", "text", "assume", "note"):
                if stmt.key == "section":
                    if doc["section"] is not None:
                        self._twice(kind, stmt)
                    doc["section"] = stmt.value
                else:
                    target = {"text": "text", "assume": "assumptions", "note": "notes"}[stmt.key]
                    doc[target].append(stmt.value)
                continue
            if stmt.key in _REPEATABLE:
                fields.setdefault(stmt.key, []).append(stmt.value)
                continue
            if stmt.key in seen:
                self._twice(kind, stmt)
                continue
            seen[stmt.key] = stmt
            fields[stmt.key] = stmt.value
        fields["doc"] = n.Doc(
            doc["section"],
            tuple(doc["text"]),
            tuple(doc["assumptions"]),
            tuple(doc["notes"]),
        )
        return fields

    def _twice(self, kind: str, stmt: Stmt) -> None:
        self._error(
            "SLA-E902",
            f"`{stmt.key.replace('_', ' ')}` is given twice in this {kind} clause",
            stmt.span,
            hint="keep one of them",
        )

    @staticmethod
    def _flat(items: list[Any] | None) -> tuple[Any, ...]:
        out: list[Any] = []
        for item in items or []:
            out.extend(item if isinstance(item, list | tuple) else [item])
        return tuple(out)

    # ------------------------------------------------------------------ top level
    def start(self, meta: Meta, children: list[Any]) -> n.Contract:
        headers = [c for c in children if isinstance(c, n.ContractHeader)]
        docs = [c for c in children if isinstance(c, Stmt)]
        decls = tuple(c for c in children if not isinstance(c, n.ContractHeader | Stmt))
        fields = self._body("top-level", docs)
        return n.Contract(
            headers[0] if headers else None,
            decls,
            fields["doc"],
            header_spans=tuple(h.span for h in headers),
            span=meta_span(meta),
        )

    def contract(self, meta: Meta, children: list[Any]) -> n.ContractHeader:
        name, title, *stmts = children
        f = self._body("contract", stmts)
        zone: tuple[str, Span | None] | None = f.get("zone")
        currency: tuple[str, Span] | None = f.get("currency")
        return n.ContractHeader(
            self._name(name),
            title,
            provider=f.get("provider"),
            version=f.get("version"),
            date=f.get("date"),
            currency=currency[0] if currency else None,
            zone=zone[0] if zone else None,
            source=f.get("source"),
            doc=f["doc"],
            span=meta_span(meta),
            name_span=token_span(name),
            zone_span=zone[1] if zone else None,
            currency_span=currency[1] if currency else None,
        )

    provider = _stmt("provider")
    version = _stmt("version")
    source = _stmt("source")
    section = _stmt("section")
    text = _stmt("text")
    assume = _stmt("assume")
    note = _stmt("note")
    date = _stmt("date", str)

    def currency(self, meta: Meta, children: list[Any]) -> Stmt:
        return Stmt("currency", (str(children[0]), token_span(children[0])), meta_span(meta))

    def zone_stmt(self, meta: Meta, children: list[Any]) -> Stmt:
        return Stmt("zone", children[0], meta_span(meta))

    def zone_path(self, meta: Meta, children: list[Token]) -> tuple[str, Span | None]:
        return "/".join(str(c) for c in children), meta_span(meta)

    def zone_string(self, meta: Meta, children: list[Token]) -> tuple[str, Span | None]:
        return unquote(children[0]), meta_span(meta)

    def title(self, meta: Meta, children: list[Any]) -> str | None:
        return children[0] if children else None

    def string(self, meta: Meta, children: list[Token]) -> str:
        return unquote(children[0])

    def name_list(self, meta: Meta, children: list[Token]) -> tuple[n.Ref, ...]:
        return tuple(self._ref(t) for t in children)

    # ------------------------------------------------------------------ parameters
    def param(self, meta: Meta, children: list[Any]) -> n.Param:
        name, ptype, default, description = children
        value, optional = None, False
        if isinstance(default, Stmt):
            value, optional = default.value, default.key == "optional"
        return n.Param(
            self._name(name),
            ptype,
            value,
            optional,
            description,
            span=meta_span(meta),
            name_span=token_span(name),
        )

    def default(self, meta: Meta, children: list[Any]) -> Stmt:
        return Stmt("default", children[0], meta_span(meta))

    def optional(self, meta: Meta, children: list[Any]) -> Stmt:
        return Stmt("optional", None, meta_span(meta))

    def type_money(self, meta: Meta, children: list[Any]) -> n.ParamType:
        return n.ParamType("money")

    def type_percent(self, meta: Meta, children: list[Any]) -> n.ParamType:
        return n.ParamType("percent")

    def type_duration(self, meta: Meta, children: list[Any]) -> n.ParamType:
        return n.ParamType("duration")

    def type_number(self, meta: Meta, children: list[Any]) -> n.ParamType:
        return n.ParamType("number")

    def type_choice(self, meta: Meta, children: list[Token]) -> n.ParamType:
        return n.ParamType("choice", tuple(self._ref(t) for t in children))

    # ------------------------------------------------------------------ services
    def service(self, meta: Meta, children: list[Any]) -> n.Service:
        name, title, *stmts = children
        f = self._body("service", [s for s in stmts if s is not None])
        return n.Service(
            self._name(name),
            title,
            components=tuple(f.get("component", [])),
            doc=f["doc"],
            span=meta_span(meta),
            name_span=token_span(name),
        )

    def component(self, meta: Meta, children: list[Any]) -> Stmt:
        name, title = children
        value = n.Component(self._name(name), title, span=meta_span(meta))
        return Stmt("component", value, meta_span(meta))

    # ------------------------------------------------------------------ calendars
    def calendar(self, meta: Meta, children: list[Any]) -> n.Calendar:
        name, title, *stmts = children
        f = self._body("calendar", stmts)
        zone = f.get("zone")
        return n.Calendar(
            self._name(name),
            title,
            zone=zone[0] if zone else None,
            opens=tuple(f.get("open", [])),
            holidays=tuple(f.get("holiday", [])),
            doc=f["doc"],
            span=meta_span(meta),
            name_span=token_span(name),
            zone_span=zone[1] if zone else None,
        )

    def open(self, meta: Meta, children: list[Any]) -> Stmt:
        days, hours = children
        return Stmt("open", n.OpenRule(days, hours, span=meta_span(meta)), meta_span(meta))

    def day_set(self, meta: Meta, children: list[n.DayRange]) -> tuple[n.DayRange, ...]:
        return tuple(children)

    def every_day(self, meta: Meta, children: list[Any]) -> tuple[n.DayRange, ...]:
        return ()

    def day_range(self, meta: Meta, children: list[Token | None]) -> n.DayRange:
        first, last = children
        assert first is not None
        a = WEEKDAYS.index(str(first))
        b = WEEKDAYS.index(str(last)) if last is not None else a
        return n.DayRange(a, b, span=meta_span(meta))

    def hours(self, meta: Meta, children: list[Token | None]) -> n.Hours:
        start, end, overnight = children
        assert start is not None and end is not None

        def minutes(t: Token) -> int:
            h, m = str(t).split(":")
            return int(h) * 60 + int(m)

        text = f"{start}-{end}" + (" overnight" if overnight else "")
        return n.Hours(
            minutes(start), minutes(end), overnight is not None, text=text, span=meta_span(meta)
        )

    def holiday(self, meta: Meta, children: list[Any]) -> Stmt:
        name, title, rule = children
        value = n.Holiday(
            self._name(name), title, rule, span=meta_span(meta), name_span=token_span(name)
        )
        return Stmt("holiday", value, meta_span(meta))

    def fixed_date(self, meta: Meta, children: list[Token]) -> n.FixedDate:
        month, day = children
        return n.FixedDate(MONTHS.index(str(month)) + 1, whole_number(day), span=meta_span(meta))

    def nth_weekday(self, meta: Meta, children: list[Token]) -> n.NthWeekday:
        ordinal, weekday, month = children
        return n.NthWeekday(
            whole_number(str(ordinal)[:-2]),
            WEEKDAYS.index(str(weekday)),
            MONTHS.index(str(month)) + 1,
            span=meta_span(meta),
        )

    def last_weekday(self, meta: Meta, children: list[Token]) -> n.NthWeekday:
        weekday, month = children
        return n.NthWeekday(
            -1, WEEKDAYS.index(str(weekday)), MONTHS.index(str(month)) + 1, span=meta_span(meta)
        )

    def easter(self, meta: Meta, children: list[int | None]) -> n.Easter:
        return n.Easter(children[0] or 0, span=meta_span(meta))

    def relative_date(self, meta: Meta, children: list[Any]) -> n.RelativeDate:
        name, offset = children
        return n.RelativeDate(self._ref(name), offset, span=meta_span(meta))

    def explicit_dates(self, meta: Meta, children: list[Token]) -> n.ExplicitDates:
        return n.ExplicitDates(tuple(str(t) for t in children), span=meta_span(meta))

    def offset(self, meta: Meta, children: list[Token]) -> int:
        sign, duration = children
        value = self._duration(duration)
        days = value.amount * (7 if value.unit == "week" else 1)
        if value.unit not in ("day", "week") or days != days.to_integral_value():
            self._error(
                "SLA-E301",
                f"a holiday offset is a whole number of days, not `{duration}`",
                token_span(duration),
                hint="write it as `+ 1 day` or `- 2 days`",
            )
            return 0
        return int(days) * (-1 if str(sign) == "-" else 1)

    def calendar_name(self, meta: Meta, children: list[Token]) -> n.Ref:
        return self._ref(children[0])

    def always(self, meta: Meta, children: list[Token]) -> None:
        return None

    # ------------------------------------------------------------------ severities
    def severities(self, meta: Meta, children: list[Any]) -> n.Severities:
        name, title, *stmts = children
        f = self._body("severities", stmts)
        return n.Severities(
            self._name(name),
            title,
            services=self._flat(f.get("services")),
            levels=tuple(f.get("level", [])),
            doc=f["doc"],
            span=meta_span(meta),
            name_span=token_span(name),
        )

    def services(self, meta: Meta, children: list[Any]) -> Stmt:
        return Stmt("services", children[0], meta_span(meta))

    def level(self, meta: Meta, children: list[Any]) -> Stmt:
        name, title, means, rule = children
        value = n.Level(
            self._name(name), title, means, rule, span=meta_span(meta), name_span=token_span(name)
        )
        return Stmt("level", value, meta_span(meta))

    def means(self, meta: Meta, children: list[str]) -> str:
        return children[0]

    def level_rule(self, meta: Meta, children: list[n.Condition]) -> n.Condition:
        return children[0]

    # ------------------------------------------------------------------ exclusions
    def exclusion(self, meta: Meta, children: list[Any]) -> n.Exclusion:
        name, title, *stmts = children
        f = self._body("exclusion", stmts)
        return n.Exclusion(
            self._name(name),
            title,
            causes=self._flat(f.get("causes")),
            maintenance="maintenance" in f,
            notice=f.get("notice"),
            doc=f["doc"],
            span=meta_span(meta),
            name_span=token_span(name),
        )

    def causes(self, meta: Meta, children: list[Any]) -> Stmt:
        words = tuple(self._word(t) for t in children[0].children)
        return Stmt("causes", words, meta_span(meta))

    notice = _stmt("notice")

    def maintenance(self, meta: Meta, children: list[Any]) -> Stmt:
        return Stmt("maintenance", True, meta_span(meta))

    # ------------------------------------------------------------------ objectives
    def availability(self, meta: Meta, children: list[Any]) -> n.Availability:
        name, title, *stmts = children
        f = self._body("availability", stmts)
        return n.Availability(
            self._name(name),
            title,
            services=self._flat(f.get("services")),
            target=f.get("target"),
            period=f.get("per"),
            down_when=f.get("down_when"),
            excluding=self._flat(f.get("excluding")),
            granularity=f.get("granularity"),
            total_less_excluded=f.get("total_time") == "less_excluded",
            doc=f["doc"],
            span=meta_span(meta),
            name_span=token_span(name),
        )

    target = _stmt("target")
    per = _stmt("per")
    down_when = _stmt("down_when")
    excluding = _stmt("excluding")
    granularity = _stmt("granularity")
    total_time = _stmt("total_time")

    def whole_period(self, meta: Meta, children: list[Any]) -> str:
        return "whole_period"

    def less_excluded(self, meta: Meta, children: list[Any]) -> str:
        return "less_excluded"

    def calendar_period(self, meta: Meta, children: list[Token]) -> n.CalendarPeriod:
        return n.CalendarPeriod(str(children[0]), span=meta_span(meta))

    def rolling_period(self, meta: Meta, children: list[n.Value]) -> n.RollingPeriod:
        return n.RollingPeriod(children[0], span=meta_span(meta))

    def metric(self, meta: Meta, children: list[Any]) -> n.Metric:
        name, title, *stmts = children
        f = self._body("metric", stmts)
        return n.Metric(
            self._name(name),
            title,
            services=self._flat(f.get("services")),
            measure=f.get("measure"),
            target=f.get("metric_target"),
            period=f.get("per"),
            doc=f["doc"],
            span=meta_span(meta),
            name_span=token_span(name),
        )

    measure = _stmt("measure", str)

    def metric_target(self, meta: Meta, children: list[Any]) -> Stmt:
        (statistic, percentile), op, value = children
        target = n.MetricTarget(statistic, str(op), value, percentile, span=meta_span(meta))
        return Stmt("metric_target", target, meta_span(meta))

    def stat(self, meta: Meta, children: list[Token]) -> tuple[str, Decimal | None]:
        return (str(children[0]), None)

    def percentile(self, meta: Meta, children: list[Token]) -> tuple[str, Decimal | None]:
        return ("percentile", Decimal(str(children[0])))

    def timer(self, meta: Meta, children: list[Any]) -> n.Timer:
        name, title, *stmts = children
        f = self._body("timer", stmts)
        rows: list[n.TimerRow] = list(f.get("row", []))
        for guarded in f.get("guarded", []):
            rows.extend(guarded)
        rows.sort(key=lambda r: (r.span.line, r.span.column) if r.span else (0, 0))
        span: tuple[list[Token], Span | None] | None = f.get("span")
        events = span[0] if span else []
        return n.Timer(
            self._name(name),
            title,
            services=self._flat(f.get("services")),
            start=str(events[0]) if events else None,
            stops=tuple(str(e) for e in events[1:]),
            recurring=f.get("recurring"),
            paused_on_hold="paused" in f,
            excluding=self._flat(f.get("excluding")),
            only_when=f.get("only_when"),
            best_effort="best_effort" in f,
            rows=tuple(rows),
            doc=f["doc"],
            span=meta_span(meta),
            name_span=token_span(name),
            event_spans=tuple(token_span(e) for e in events),
        )

    def span(self, meta: Meta, children: list[Token]) -> Stmt:
        return Stmt("span", (children, meta_span(meta)), meta_span(meta))

    def recurring(self, meta: Meta, children: list[Token]) -> Stmt:
        event, start, stop = (str(c) for c in children)
        value = n.Recurring(event, start, stop, span=meta_span(meta))
        return Stmt("recurring", value, meta_span(meta))

    def paused(self, meta: Meta, children: list[Any]) -> Stmt:
        return Stmt("paused", True, meta_span(meta))

    def best_effort(self, meta: Meta, children: list[Any]) -> Stmt:
        return Stmt("best_effort", True, meta_span(meta))

    only_when = _stmt("only_when")

    def guarded(self, meta: Meta, children: list[Any]) -> Stmt:
        guard, *rows = children
        value = [attrs.evolve(r.value, guard=guard) for r in rows]
        return Stmt("guarded", value, meta_span(meta))

    def timer_row(self, meta: Meta, children: list[Any]) -> Stmt:
        level, limit = children
        row = attrs.evolve(
            limit, level=self._ref(level) if level is not None else None, span=meta_span(meta)
        )
        return Stmt("row", row, meta_span(meta))

    def within(self, meta: Meta, children: list[Any]) -> n.TimerRow:
        value, calendar = children
        return n.TimerRow(None, "within", value, calendar, span=meta_span(meta))

    def every(self, meta: Meta, children: list[Any]) -> n.TimerRow:
        value, calendar = children
        return n.TimerRow(None, "every", value, calendar, span=meta_span(meta))

    def no_limit(self, meta: Meta, children: list[Any]) -> n.TimerRow:
        return n.TimerRow(None, "none", note=children[0], span=meta_span(meta))

    # ------------------------------------------------------------------ counts
    def count(self, meta: Meta, children: list[Any]) -> n.Count:
        name, title, *stmts = children
        f = self._body("count", stmts)
        subject = f.get("subject")
        return n.Count(
            self._name(name),
            title,
            subject=subject[0] if subject else None,
            where=subject[1] if subject else None,
            objectives=subject[2] if subject else (),
            period=f.get("per"),
            threshold=f.get("threshold"),
            doc=f["doc"],
            span=meta_span(meta),
            name_span=token_span(name),
        )

    def count_tickets(self, meta: Meta, children: list[Any]) -> Stmt:
        return Stmt("subject", ("tickets", children[0], ()), meta_span(meta))

    def count_outages(self, meta: Meta, children: list[Any]) -> Stmt:
        return Stmt("subject", ("outages", children[0], ()), meta_span(meta))

    def count_periods(self, meta: Meta, children: list[Any]) -> Stmt:
        return Stmt("subject", ("periods", None, children[0]), meta_span(meta))

    def _threshold(self, kind: str, meta: Meta, children: list[Any]) -> Stmt:
        number, window = children if len(children) == 2 else (children[0], None)
        value = n.Threshold(kind, number, window, span=meta_span(meta))
        return Stmt("threshold", value, meta_span(meta))

    def more_than(self, meta: Meta, children: list[Any]) -> Stmt:
        return self._threshold("more_than", meta, children)

    def at_least(self, meta: Meta, children: list[Any]) -> Stmt:
        return self._threshold("at_least", meta, children)

    def in_a_row(self, meta: Meta, children: list[Any]) -> Stmt:
        return self._threshold("in_a_row", meta, children)

    # ------------------------------------------------------------------ remedies
    def remedy(self, meta: Meta, children: list[Any]) -> n.Remedy:
        kind, name, title, *stmts = children
        formulas = [s for s in stmts if not isinstance(s, Stmt)]
        f = self._body(str(kind), [s for s in stmts if isinstance(s, Stmt)])
        for extra in formulas[1:]:
            self._error(
                "SLA-E902",
                f"this {kind} already has a formula; a remedy has one formula",
                extra.span,
                hint="split it into two remedies, or use `tier` rows",
            )
        cap = f.get("remedy_cap")
        return n.Remedy(
            str(kind),
            self._name(name),
            title,
            formula=formulas[0] if formulas else None,
            trigger=f.get("trigger"),
            minimum=f.get("minimum"),
            cap=cap[0] if cap else None,
            cap_scope=cap[1] if cap else None,
            based_on=f.get("based_on"),
            tiers=tuple(f.get("tier", [])),
            period=f.get("assessed"),
            doc=f["doc"],
            span=meta_span(meta),
            name_span=token_span(name),
        )

    trigger = _stmt("trigger")
    assessed = _stmt("assessed")

    def minimum(self, meta: Meta, children: list[Any]) -> Stmt:
        return Stmt("minimum", children[0], meta_span(meta))

    def remedy_cap(self, meta: Meta, children: list[Any]) -> Stmt:
        amount, scope = children
        return Stmt("remedy_cap", (amount, scope), meta_span(meta))

    def based_on(self, meta: Meta, children: list[Token]) -> Stmt:
        return Stmt("based_on", self._ref(children[0]), meta_span(meta))

    def tier(self, meta: Meta, children: list[Any]) -> Stmt:
        *bounds, formula = children
        value = n.Tier(tuple(b for b in bounds if b is not None), formula, span=meta_span(meta))
        return Stmt("tier", value, meta_span(meta))

    def bound(self, meta: Meta, children: list[Any]) -> n.Bound:
        op, value = children
        return n.Bound(str(op), value, span=meta_span(meta))

    def _rounding(self, rounding: Token | None, pro_rata: Token | None) -> tuple[str, ...]:
        words = []
        if rounding is not None:
            words.append(str(rounding))
        if pro_rata is not None:
            words.append("pro rata")
        return tuple(words)

    def per_unit_share(self, meta: Meta, children: list[Any]) -> n.PerUnitShare:
        rate, base, rounding, step, pro_rata, shortfall = children
        return n.PerUnitShare(
            rate,
            self._ref(base),
            self._rounding(rounding, pro_rata),
            step,
            shortfall,
            span=meta_span(meta),
        )

    def per_unit_rate(self, meta: Meta, children: list[Any]) -> n.PerUnitRate:
        rate, rounding, step, pro_rata, start, stop = children
        return n.PerUnitRate(
            rate,
            self._rounding(rounding, pro_rata),
            step,
            str(start),
            str(stop),
            span=meta_span(meta),
        )

    def share(self, meta: Meta, children: list[Any]) -> n.Share:
        rate, base = children
        return n.Share(rate, self._ref(base), span=meta_span(meta))

    def amount(self, meta: Meta, children: list[Any]) -> n.Share:
        return n.Share(children[0], None, span=meta_span(meta))

    def unavailable_time(self, meta: Meta, children: list[Token]) -> n.UnavailableTime:
        return n.UnavailableTime(self._ref(children[0]), span=meta_span(meta))

    def below_target(self, meta: Meta, children: list[Token]) -> n.Shortfall:
        return n.Shortfall("below_target", self._ref(children[0]), span=meta_span(meta))

    def over_limit(self, meta: Meta, children: list[Token]) -> n.Shortfall:
        return n.Shortfall("over_limit", self._ref(children[0]), span=meta_span(meta))

    # ------------------------------------------------------------------ caps and claims
    def cap(self, meta: Meta, children: list[Any]) -> n.Cap:
        name, title, *stmts = children
        f = self._body("cap", stmts)
        limit = f.get("cap_limit")
        return n.Cap(
            self._name(name),
            title,
            limit=limit[0] if limit else None,
            scope=limit[1] if limit else None,
            applies_to=self._flat(f.get("applies_to")),
            applies_to_all=f.get("applies_to_all"),
            doc=f["doc"],
            span=meta_span(meta),
            name_span=token_span(name),
        )

    def cap_limit(self, meta: Meta, children: list[Any]) -> Stmt:
        amount, scope = children
        return Stmt("cap_limit", (amount, scope), meta_span(meta))

    def amount_of(self, meta: Meta, children: list[Any]) -> n.AmountOf:
        value, base = children
        return n.AmountOf(
            value, self._ref(base) if base is not None else None, span=meta_span(meta)
        )

    applies_to = _stmt("applies_to")

    def applies_to_all(self, meta: Meta, children: list[Token]) -> Stmt:
        return Stmt("applies_to_all", str(children[0]), meta_span(meta))

    def scope_period(self, meta: Meta, children: list[Any]) -> str:
        return "period"

    def scope_term(self, meta: Meta, children: list[Any]) -> str:
        return "term"

    def claims(self, meta: Meta, children: list[Any]) -> n.Claims:
        name, title, *stmts = children
        f = self._body("claims", stmts)
        return n.Claims(
            self._name(name),
            title,
            opens_after_day=f.get("opens_after_day"),
            opens_after=f.get("opens_after"),
            closes_after=f.get("closes_after"),
            applies_to=self._flat(f.get("applies_to")),
            doc=f["doc"],
            span=meta_span(meta),
            name_span=token_span(name),
        )

    def opens_after_day(self, meta: Meta, children: list[Any]) -> Stmt:
        ordinal, calendar = children
        value = n.OpensAfterDay(whole_number(str(ordinal)[:-2]), calendar, span=meta_span(meta))
        return Stmt("opens_after_day", value, meta_span(meta))

    opens_after = _stmt("opens_after")
    closes_after = _stmt("closes_after")

    # ------------------------------------------------------------------ obligations, clauses
    def obligation(self, meta: Meta, children: list[Any]) -> n.Obligation:
        name, title, *stmts = children
        f = self._body("obligation", stmts)
        notice = f.get("notice_before")
        return n.Obligation(
            self._name(name),
            title,
            every=f.get("obligation_every"),
            notice=notice[0] if notice else None,
            notice_subject=notice[1] if notice else None,
            best_effort="best_effort" in f,
            doc=f["doc"],
            span=meta_span(meta),
            name_span=token_span(name),
        )

    obligation_every = _stmt("obligation_every")

    def notice_before(self, meta: Meta, children: list[Any]) -> Stmt:
        value, subject = children
        return Stmt("notice_before", (value, str(subject)), meta_span(meta))

    def clause(self, meta: Meta, children: list[Any]) -> n.Clause:
        name, title, *stmts = children
        f = self._body("clause", stmts)
        return n.Clause(
            self._name(name), title, f["doc"], span=meta_span(meta), name_span=token_span(name)
        )

    # ------------------------------------------------------------------ conditions
    def any_of(self, meta: Meta, children: list[n.Condition]) -> n.Condition:
        if len(children) == 1:
            return children[0]
        return n.AnyOf(tuple(children), span=meta_span(meta))

    def all_of(self, meta: Meta, children: list[n.Condition]) -> n.Condition:
        if len(children) == 1:
            return children[0]
        return n.AllOf(tuple(children), span=meta_span(meta))

    def negation(self, meta: Meta, children: list[n.Condition]) -> n.Not:
        return n.Not(children[0], span=meta_span(meta))

    def compare(self, meta: Meta, children: list[Any]) -> n.Compare:
        fact, op, value = children
        return n.Compare(fact, str(op), value, span=meta_span(meta))

    def member(self, meta: Meta, children: list[Any]) -> n.Member:
        fact, *values = children
        return n.Member(fact, tuple(values), span=meta_span(meta))

    def opened_outside(self, meta: Meta, children: list[Any]) -> n.OpenedOutside:
        return n.OpenedOutside(children[0], False, span=meta_span(meta))

    def opened_inside(self, meta: Meta, children: list[Any]) -> n.OpenedOutside:
        return n.OpenedOutside(children[0], True, span=meta_span(meta))

    def is_met(self, meta: Meta, children: list[Token]) -> n.IsMet:
        return n.IsMet(self._ref(children[0]), True, span=meta_span(meta))

    def not_met(self, meta: Meta, children: list[Token]) -> n.IsMet:
        return n.IsMet(self._ref(children[0]), False, span=meta_span(meta))

    def flag(self, meta: Meta, children: list[Token]) -> n.Flag:
        return n.Flag(self._ref(children[0]), span=meta_span(meta))

    def fact(self, meta: Meta, children: list[Token | None]) -> n.Fact:
        path = tuple(str(t) for t in children if t is not None)
        return n.Fact(path, span=meta_span(meta))

    # ------------------------------------------------------------------ values
    def percent(self, meta: Meta, children: list[Token]) -> n.Percent:
        text = str(children[0])
        return n.Percent(Decimal(text.rstrip("% \t")), text=text, span=token_span(children[0]))

    def _duration(self, token: Token) -> n.Duration:
        match = _DURATION.fullmatch(str(token))
        assert match is not None, token
        return n.Duration(
            Decimal(match.group(1)),
            _UNIT_WORDS[match.group(2)],
            text=str(token),
            span=token_span(token),
        )

    def duration(self, meta: Meta, children: list[Token]) -> n.Duration:
        return self._duration(children[0])

    def money(self, meta: Meta, children: list[Token]) -> n.Money:
        amount, currency = str(children[0]).split()
        return n.Money(
            Decimal(amount), currency, text=str(children[0]), span=token_span(children[0])
        )

    def number(self, meta: Meta, children: list[Token]) -> n.Number:
        text = str(children[0])
        return n.Number(Decimal(text), text=text, span=token_span(children[0]))

    def reference(self, meta: Meta, children: list[Token]) -> n.Ref:
        return self._word(children[0])

    def text_value(self, meta: Meta, children: list[str]) -> n.Text:
        return n.Text(children[0], span=meta_span(meta))

    def by_table(self, meta: Meta, children: list[Any]) -> n.ByTable:
        param, *cases = children
        otherwise = None
        if cases and not isinstance(cases[-1], n.ByCase):
            otherwise = cases.pop()
        return n.ByTable(self._ref(param), tuple(cases), otherwise, span=meta_span(meta))

    def by_case(self, meta: Meta, children: list[Any]) -> n.ByCase:
        *choices, value = children
        return n.ByCase(tuple(self._ref(c) for c in choices), value, span=meta_span(meta))

    def by_else(self, meta: Meta, children: list[Any]) -> Any:
        return children[0] if children[0] is not None else n.Text("", span=meta_span(meta))


def build(tree: Tree[Token], file: str) -> tuple[n.Contract, list[Diagnostic]]:
    builder = Builder(file)
    contract = builder.transform(tree)
    return contract, builder.diagnostics
