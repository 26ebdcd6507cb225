"""The canonical text of each top-level item: the AST printed back as clauses and statements.

Input: a `nodes.Contract` and the `layout.Layout` of the text it was read from. Output: one `Out`
per top-level item, in the order of the text: its first line(s), and for a clause its statements,
each an `Out` with the `Slot` that names it (`("target", 0)`, `("text", 2)`, `("row", 1)`), so
that comments (`formatter.comments`) find their place.

Invariants: within a clause, statements come in one order whatever order they were written in:
`section` and `text` first, then the clause's own statements in the order that docs/language.md
("Formatting contracts") lists, then `assume` and `note`; in the contract header, all four come
after its own statements. Statements the AST gathers into one list (`service a` and
`service b`) print as one (`service a, b`). The layout is read only for what the AST does not
keep: the order of top-level items (declarations, the header and top-level notes), `in 24x7` on
timer rows and `total time whole period`, each printed only where the author wrote it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import attrs

from sladsl import nodes as n
from sladsl.formatter import spelling as sp
from sladsl.formatter.spelling import Lines, join, spaced
from sladsl.layout import Layout, Node

Slot = tuple[str, int]
DOC_KEYS = ("section", "text", "assume", "note")
_HOURS = re.compile(r"(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})")


@attrs.frozen
class Out:
    """An item or statement: `head` its lines (a clause's up to its `{`), `body` its statements.

    `body` is None for a statement or an item without braces; a service's braces may be left out
    (`braces_optional`) when it has no statements. Neighbouring top-level items of the same
    `group` (parameters; top-level notes) follow each other without a blank line.
    """

    slot: Slot
    head: tuple[str, ...]
    body: tuple[Out, ...] | None = None
    braces_optional: bool = False
    group: str | None = None


def items(contract: n.Contract, layout: Layout) -> list[Out]:
    """The top-level items in the order of the text (the layout's)."""
    declarations = iter(contract.declarations)
    seen: Counter[str] = Counter()
    out: list[Out] = []
    for node in layout.items:
        if node.key == "contract":
            assert contract.header is not None
            out.append(_header(contract.header))
        elif node.key in DOC_KEYS:
            index = seen[node.key]
            seen[node.key] += 1
            statement = _doc_statements(contract.doc, node.key)[index]
            out.append(attrs.evolve(statement, group="doc"))
        else:
            out.append(_declaration(next(declarations), node))
    return out


# --------------------------------------------------------------------------- pieces


def _stmt(name: str, lines: Lines, index: int = 0) -> Out:
    return Out((name, index), tuple(lines))


def _clause(kind: str, name: str, title: str | None, body: list[Out], **kw: Any) -> Out:
    return Out(("item", 0), tuple(spaced(kind, name, sp.title(title))), tuple(body), **kw)


def _doc_statements(doc: n.Doc, key: str) -> list[Out]:
    if key == "section":
        texts = [] if doc.section is None else [doc.section]
    else:
        texts = list({"text": doc.text, "assume": doc.assumptions, "note": doc.notes}[key])
    return [_stmt(key, join(f"{key} ", sp.string(t)), i) for i, t in enumerate(texts)]


def _before(doc: n.Doc) -> list[Out]:
    return _doc_statements(doc, "section") + _doc_statements(doc, "text")


def _after(doc: n.Doc) -> list[Out]:
    return _doc_statements(doc, "assume") + _doc_statements(doc, "note")


def _opt(name: str, lines: Lines | None) -> list[Out]:
    return [] if lines is None else [_stmt(name, lines)]


def _refs(name: str, words: str, refs: tuple[n.Ref, ...]) -> list[Out]:
    return [_stmt(name, [f"{words} {sp.names(refs)}"])] if refs else []


def _flag(name: str, words: str, on: bool) -> list[Out]:
    return [_stmt(name, [words])] if on else []


def _then(prefix: str, part: Any, convert: Callable[[Any], Lines]) -> Lines | None:
    return None if part is None else join(prefix, convert(part))


# --------------------------------------------------------------------------- the header


def _header(h: n.ContractHeader) -> Out:
    body = [
        *_opt("provider", _then("provider ", h.provider, sp.string)),
        *_opt("version", _then("version ", h.version, sp.string)),
        *_opt("date", None if h.date is None else [f"date {h.date}"]),
        *_opt("currency", None if h.currency is None else [f"currency {h.currency}"]),
        *_opt("zone_stmt", None if h.zone is None else [f"zone {sp.zone(h.zone)}"]),
        *_opt("source", _then("source ", h.source, sp.string)),
        *_before(h.doc),
        *_after(h.doc),
    ]
    return _clause("contract", h.name, h.title, body)


# --------------------------------------------------------------------------- declarations


def _declaration(d: n.Declaration, node: Node) -> Out:
    if isinstance(d, n.Param):
        return _param(d)
    if isinstance(d, n.Service):
        return _service(d)
    if isinstance(d, n.Calendar):
        return _calendar(d)
    if isinstance(d, n.Severities):
        return _severities(d)
    if isinstance(d, n.Exclusion):
        return _exclusion(d)
    if isinstance(d, n.Availability):
        return _availability(d, node)
    if isinstance(d, n.Metric):
        return _metric(d)
    if isinstance(d, n.Timer):
        return _timer(d, node)
    if isinstance(d, n.Count):
        return _count(d)
    if isinstance(d, n.Remedy):
        return _remedy(d)
    if isinstance(d, n.Cap):
        return _cap(d)
    if isinstance(d, n.Claims):
        return _claims(d)
    if isinstance(d, n.Obligation):
        return _obligation(d)
    return _clause("clause", d.name, d.title, [*_before(d.doc), *_after(d.doc)])


def _param(p: n.Param) -> Out:
    if p.type.kind == "choice":
        kind = "one of " + " | ".join(c.name for c in p.type.choices)
    else:
        kind = p.type.kind
    default = "optional" if p.optional else _then("= ", p.default, sp.value)
    head = spaced(f"param {p.name}: {kind}", default, sp.title(p.description))
    return Out(("item", 0), tuple(head), group="param")


def _service(s: n.Service) -> Out:
    components = [
        _stmt("component", spaced("component", c.name, sp.title(c.title)), i)
        for i, c in enumerate(s.components)
    ]
    body = [*_before(s.doc), *components, *_after(s.doc)]
    return _clause("service", s.name, s.title, body, braces_optional=True)


def _calendar(c: n.Calendar) -> Out:
    opens = [
        _stmt("open", spaced("open", _days(o), _hours(o.hours)), i) for i, o in enumerate(c.opens)
    ]
    holidays = [
        _stmt("holiday", spaced("closed", h.name, sp.title(h.title), _date_rule(h.rule)), i)
        for i, h in enumerate(c.holidays)
    ]
    zone = None if c.zone is None else [f"zone {sp.zone(c.zone)}"]
    body = [*_before(c.doc), *_opt("zone_stmt", zone), *opens, *holidays, *_after(c.doc)]
    return _clause("calendar", c.name, c.title, body)


def _days(rule: n.OpenRule) -> str:
    if not rule.days:
        return "every day"
    return ", ".join(
        sp.weekday(d.first) if d.first == d.last else f"{sp.weekday(d.first)}-{sp.weekday(d.last)}"
        for d in rule.days
    )


def _hours(hours: n.Hours | None) -> str | None:
    """`08:00-18:00 [overnight]`: hours on two digits, the minutes as written."""
    if hours is None:
        return None
    spelled = _HOURS.match(hours.text)
    written = spelled.groups() if spelled else (None, None, None, None)
    start = _time(hours.start, written[0], written[1])
    end = _time(hours.end, written[2], written[3])
    return f"{start}-{end}" + (" overnight" if hours.overnight else "")


def _time(minutes: int, hour: str | None, minute: str | None) -> str:
    """`08:00`: the hour on two digits, the minutes as written (or worked out if not known)."""
    if hour is not None and minute is not None and int(hour) * 60 + int(minute) == minutes:
        return f"{int(hour):02d}:{minute}"
    hours, rest = divmod(minutes, 60)
    return f"{hours:02d}:{rest:02d}"


def _date_rule(rule: n.DateRule) -> str:
    if isinstance(rule, n.FixedDate):
        return f"{sp.month(rule.month)} {rule.day}"
    if isinstance(rule, n.NthWeekday):
        nth = "last" if rule.n == -1 else sp.ordinal(rule.n)
        return f"{nth} {sp.weekday(rule.weekday)} of {sp.month(rule.month)}"
    if isinstance(rule, n.Easter):
        return "easter" + _offset(rule.offset_days) if rule.offset_days else "easter"
    if isinstance(rule, n.RelativeDate):
        return rule.holiday.name + _offset(rule.offset_days)
    return ", ".join(rule.dates)


def _offset(days: int) -> str:
    return f" {'-' if days < 0 else '+'} {sp.days(abs(days))}"


def _severities(s: n.Severities) -> Out:
    levels = [
        _stmt(
            "level",
            spaced(
                "level",
                lv.name,
                sp.title(lv.title),
                _then("means ", lv.means, sp.string),
                _then("when ", lv.rule, sp.condition),
            ),
            i,
        )
        for i, lv in enumerate(s.levels)
    ]
    body = [*_before(s.doc), *_refs("services", "service", s.services), *levels, *_after(s.doc)]
    return _clause("severities", s.name, s.title, body)


def _exclusion(e: n.Exclusion) -> Out:
    body = [
        *_before(e.doc),
        *_refs("causes", "cause", e.causes),
        *_flag("maintenance", "during announced maintenance", e.maintenance),
        *_opt("notice", _then("notice at least ", e.notice, sp.value)),
        *_after(e.doc),
    ]
    return _clause("exclusion", e.name, e.title, body)


def _availability(a: n.Availability, node: Node) -> Out:
    if a.total_less_excluded:
        total: Lines | None = ["total time less excluded time"]
    elif any(c.key == "total_time" for c in node.children):
        total = ["total time whole period"]
    else:
        total = None
    body = [
        *_before(a.doc),
        *_refs("services", "service", a.services),
        *_opt("target", _then("target ", a.target, sp.value)),
        *_opt("per", _then("per ", a.period, sp.period)),
        *_opt("down_when", _then("down when ", a.down_when, sp.condition)),
        *_refs("excluding", "excluding", a.excluding),
        *_opt("granularity", _then("granularity ", a.granularity, sp.value)),
        *_opt("total_time", total),
        *_after(a.doc),
    ]
    return _clause("availability", a.name, a.title, body)


def _metric(m: n.Metric) -> Out:
    target = None
    if m.target is not None:
        t = m.target
        statistic = t.statistic
        if t.percentile is not None:
            statistic = f"percentile {sp.decimal(t.percentile)}"
        target = spaced("target", statistic, t.op, sp.value(t.value))
    body = [
        *_before(m.doc),
        *_refs("services", "service", m.services),
        *_opt("measure", None if m.measure is None else [f"measure {m.measure}"]),
        *_opt("metric_target", target),
        *_opt("per", _then("per ", m.period, sp.period)),
        *_after(m.doc),
    ]
    return _clause("metric", m.name, m.title, body)


def _timer(t: n.Timer, node: Node) -> Out:
    span = None
    if t.start is not None:
        span = [f"from {t.start} to {' or '.join(t.stops)}"]
    recurring = None
    if t.recurring is not None:
        r = t.recurring
        recurring = [f"repeat {r.event} from {r.start} until {r.stop}"]
    body = [
        *_before(t.doc),
        *_refs("services", "service", t.services),
        *_opt("span", span),
        *_opt("recurring", recurring),
        *_flag("paused", "paused while on hold", t.paused_on_hold),
        *_refs("excluding", "excluding", t.excluding),
        *_opt("only_when", _then("only when ", t.only_when, sp.condition)),
        *_flag("best_effort", "best effort", t.best_effort),
        *_rows(t.rows, node.timer_rows()),
        *_after(t.doc),
    ]
    return _clause("timer", t.name, t.title, body)


def _rows(rows: tuple[n.TimerRow, ...], written: tuple[Node, ...]) -> Iterator[Out]:
    """Rows in order; a run of rows under the same condition goes in one `when ... { }` block."""
    always = [w.always for w in written] if len(written) == len(rows) else [False] * len(rows)
    index = 0
    while index < len(rows):
        guard = rows[index].guard
        if guard is None:
            yield _row(rows[index], index, always[index])
            index += 1
            continue
        first = index
        block: list[Out] = []
        while index < len(rows) and rows[index].guard == guard:
            block.append(_row(rows[index], index, always[index]))
            index += 1
        yield Out(("guard", first), tuple(join("when ", sp.condition(guard))), tuple(block))


def _row(row: n.TimerRow, index: int, always: bool) -> Out:
    level = None if row.level is None else row.level.name
    if row.kind == "none":
        return _stmt("row", spaced(level, "no limit", sp.title(row.note)), index)
    if row.calendar is not None:
        where: str | None = f"in {row.calendar.name}"
    else:
        where = "in 24x7" if always else None
    limit = None if row.limit is None else sp.value(row.limit)
    return _stmt("row", spaced(level, row.kind, limit, where), index)


def _count(c: n.Count) -> Out:
    subject = None
    if c.subject == "periods":
        subject = [f"periods where any of {sp.names(c.objectives)} not met"]
    elif c.subject is not None:
        subject = spaced(c.subject, _then("where ", c.where, sp.condition))
    threshold = None
    if c.threshold is not None:
        th = c.threshold
        words = {"more_than": "more than", "at_least": "at least", "in_a_row": "at least"}
        tail = ["in a row"] if th.kind == "in_a_row" else _then("within ", th.window, sp.value)
        threshold = spaced(words[th.kind], sp.value(th.number), tail)
    body = [
        *_before(c.doc),
        *_opt("subject", subject),
        *_opt("per", _then("per ", c.period, sp.period)),
        *_opt("threshold", threshold),
        *_after(c.doc),
    ]
    return _clause("count", c.name, c.title, body)


def _remedy(r: n.Remedy) -> Out:
    cap = None
    if r.cap is not None:
        cap = spaced(
            "cap", sp.amount_of(r.cap), None if r.cap_scope is None else f"per {r.cap_scope}"
        )
    tiers = [
        _stmt(
            "tier",
            join(
                "tier ",
                sp.listed([_bound(b) for b in tier.bounds], " and "),
                ": ",
                _formula(tier.formula),
            ),
            i,
        )
        for i, tier in enumerate(r.tiers)
    ]
    body = [
        *_before(r.doc),
        *_opt("trigger", _then("when ", r.trigger, sp.condition)),
        *_opt("formula", None if r.formula is None else _formula(r.formula)),
        *_opt("based_on", None if r.based_on is None else [f"based on {r.based_on.name}"]),
        *tiers,
        *_opt("minimum", _then("minimum ", r.minimum, sp.amount_of)),
        *_opt("assessed", _then("assessed per ", r.period, sp.period)),
        *_opt("remedy_cap", cap),
        *_after(r.doc),
    ]
    return _clause(r.kind, r.name, r.title, body)


def _bound(bound: n.Bound) -> Lines:
    return join(bound.op, " ", sp.value(bound.value))


def _formula(f: n.Formula) -> Lines:
    if isinstance(f, n.PerUnitShare | n.PerUnitRate):
        rounding = " ".join(w for w in f.rounding if w != "pro rata") or None
        pro_rata = "pro rata" if "pro rata" in f.rounding else None
        step = spaced("per", rounding, sp.value(f.step), pro_rata)
        if isinstance(f, n.PerUnitRate):
            return spaced(sp.value(f.rate), step, f"from {f.start} to {f.stop}")
        words = "below target of" if f.shortfall.kind == "below_target" else "over limit of"
        shortfall = f"{words} {f.shortfall.objective.name}"
        return spaced(sp.value(f.rate), f"of {f.base.name}", step, shortfall)
    if isinstance(f, n.Share):
        if f.base is None:
            return join("amount ", sp.value(f.rate))
        return spaced(sp.value(f.rate), f"of {f.base.name}")
    return [f"unavailable time of {f.objective.name}"]


def _cap(c: n.Cap) -> Out:
    limit = None
    if c.limit is not None:
        limit = spaced(
            "at most", sp.amount_of(c.limit), None if c.scope is None else f"per {c.scope}"
        )
    body = [
        *_before(c.doc),
        *_opt("cap_limit", limit),
        *_refs("applies_to", "applies to", c.applies_to),
        *_opt(
            "applies_to_all",
            None if c.applies_to_all is None else [f"applies to all {c.applies_to_all}"],
        ),
        *_after(c.doc),
    ]
    return _clause("cap", c.name, c.title, body)


def _claims(c: n.Claims) -> Out:
    day = None
    if c.opens_after_day is not None:
        o = c.opens_after_day
        day = [
            f"opens after {sp.ordinal(o.n)} open day of {sp.calendar(o.calendar)} after period end"
        ]
    body = [
        *_before(c.doc),
        *_opt("opens_after_day", day),
        *_opt("opens_after", _then("opens ", c.opens_after, _after_period_end)),
        *_opt("closes_after", _then("closes ", c.closes_after, _after_period_end)),
        *_refs("applies_to", "applies to", c.applies_to),
        *_after(c.doc),
    ]
    return _clause("claims", c.name, c.title, body)


def _after_period_end(value: n.Value) -> Lines:
    return join(sp.value(value), " after period end")


def _obligation(o: n.Obligation) -> Out:
    notice = None
    if o.notice is not None:
        notice = join("notice at least ", sp.value(o.notice), f" before {o.notice_subject}")
    body = [
        *_before(o.doc),
        *_opt("obligation_every", _then("every ", o.every, sp.period)),
        *_opt("notice_before", notice),
        *_flag("best_effort", "best effort", o.best_effort),
        *_after(o.doc),
    ]
    return _clause("obligation", o.name, o.title, body)
