"""Pass 2, names: every name is defined once, used where it fits, and used at all.

Codes: SLA-E201 (undefined), SLA-E202 (duplicate), SLA-W203 (unused parameter, calendar,
exclusion or count), SLA-E204 (a name of the wrong kind), SLA-E205 (unknown event type),
SLA-E206 (unknown severity level).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sladsl import nodes as n
from sladsl.checker.scope import (
    OBJECTIVES,
    Scope,
    condition_atoms,
    conditions_of,
    kind_word,
    value_refs,
)
from sladsl.diagnostics import Diagnostic, Span

# The event types of ../shared/spec/interface.md section 1.
EVENT_TYPES = frozenset(
    {
        "outage.start",
        "outage.update",
        "outage.end",
        "maintenance.announced",
        "ticket.opened",
        "ticket.acknowledged",
        "ticket.progress",
        "ticket.severity_changed",
        "ticket.restored",
        "ticket.resolved",
        "ticket.rfo",
        "ticket.on_hold",
        "ticket.resumed",
        "claim.submitted",
    }
)
# Words people use for events, and the event type they mean.
_SYNONYMS = {
    "answered": "ticket.acknowledged",
    "responded": "ticket.acknowledged",
    "replied": "ticket.acknowledged",
    "response": "ticket.acknowledged",
    "ack": "ticket.acknowledged",
    "created": "ticket.opened",
    "reported": "ticket.opened",
    "open": "ticket.opened",
    "closed": "ticket.resolved",
    "fixed": "ticket.resolved",
    "solved": "ticket.resolved",
    "workaround": "ticket.restored",
    "begin": "outage.start",
    "started": "outage.start",
    "finish": "outage.end",
    "ended": "outage.end",
    "report": "ticket.progress",
    "update": "ticket.progress",
}
# Names that stand for things of these kinds, and the words for them in messages.
Expect = tuple[tuple[type, ...], str]
PARAM: Expect = ((n.Param,), "parameter")
SERVICE: Expect = ((n.Service,), "service")
CALENDAR: Expect = ((n.Calendar,), "calendar")
EXCLUSION: Expect = ((n.Exclusion,), "exclusion")
OBJECTIVE: Expect = (OBJECTIVES, "objective")
AVAILABILITY: Expect = ((n.Availability,), "availability objective")
REMEDY: Expect = ((n.Remedy,), "remedy")
FLAG: Expect = ((n.Count, *OBJECTIVES), "count or objective")
CLAIMABLE: Expect = ((n.Remedy, n.Service, *OBJECTIVES), "remedy, service or objective")
# A one-word fact that is not a built-in fact must be a parameter; an unknown one is reported by
# the units pass (SLA-E303), so resolution stays silent about it.
FACT_PARAM: Expect = ((n.Param,), "fact")
UNUSED_KINDS = (n.Param, n.Calendar, n.Exclusion, n.Count)


def run(scope: Scope) -> Iterator[Diagnostic]:
    yield from _duplicates(scope)
    used: set[str] = set()
    for declaration in scope.contract.declarations:
        for ref, expect in _references(declaration):
            used.add(ref.name)
            if expect is not FACT_PARAM:
                yield from _resolve(scope, ref, expect)
        yield from _events(scope, declaration)
        yield from _levels(scope, declaration)
        if isinstance(declaration, n.Calendar):
            yield from _holidays(scope, declaration)
    for declaration in scope.contract.declarations:
        if isinstance(declaration, UNUSED_KINDS) and declaration.name not in used:
            yield scope.diagnostic(
                "SLA-W203",
                f"{kind_word(declaration)} `{declaration.name}` is never used",
                declaration.name_span,
                hint="remove it, or refer to it where it applies",
            )


def _duplicates(scope: Scope) -> Iterator[Diagnostic]:
    first: dict[str, n.Declaration] = {}
    for declaration in scope.contract.declarations:
        earlier = first.setdefault(declaration.name, declaration)
        if earlier is not declaration:
            yield _duplicate(scope, declaration.name, declaration.name_span, earlier.name_span)
        if isinstance(declaration, n.Severities):
            yield from _unique(scope, ((lv.name, lv.name_span) for lv in declaration.levels))
        if isinstance(declaration, n.Service):
            yield from _unique(scope, ((c.name, c.span) for c in declaration.components))


def _unique(scope: Scope, named: Iterable[tuple[str, Span | None]]) -> Iterator[Diagnostic]:
    seen: dict[str, Span | None] = {}
    for name, span in named:
        if name in seen:
            yield _duplicate(scope, name, span, seen[name])
        else:
            seen[name] = span


def _duplicate(scope: Scope, name: str, span: Span | None, first: Span | None) -> Diagnostic:
    where = f" (first defined on line {first.line})" if first else ""
    return scope.diagnostic(
        "SLA-E202", f"`{name}` is defined twice{where}", span, hint="give each its own name"
    )


def _resolve(scope: Scope, ref: n.Ref, expect: Expect) -> Iterator[Diagnostic]:
    kinds, word = expect
    found = scope.lookup(ref.name)
    if found is None:
        candidates = [d.name for d in scope.of_kind(*kinds)]
        yield scope.diagnostic(
            "SLA-E201",
            f"no {word} named `{ref.name}` is defined",
            ref.span,
            hint=scope.suggest(ref.name, candidates),
        )
    elif not isinstance(found, kinds):
        yield scope.diagnostic(
            "SLA-E204",
            f"`{ref.name}` is a {kind_word(found)}, but a {word} is expected here",
            ref.span,
            hint=scope.suggest(ref.name, [d.name for d in scope.of_kind(*kinds)]),
        )


def _values(*values: n.Value | None) -> Iterator[tuple[n.Ref, Expect]]:
    for value in values:
        for ref in value_refs(value):
            yield ref, PARAM


def _amount(amount: n.AmountOf | None) -> Iterator[tuple[n.Ref, Expect]]:
    if amount is not None:
        yield from _values(amount.value)
        if amount.base is not None:
            yield amount.base, PARAM


def _period(period: n.Period | None) -> Iterator[tuple[n.Ref, Expect]]:
    if isinstance(period, n.RollingPeriod):
        yield from _values(period.length)


def _formula(formula: n.Formula | None) -> Iterator[tuple[n.Ref, Expect]]:
    if isinstance(formula, n.PerUnitShare):
        yield from _values(formula.rate, formula.step)
        yield formula.base, PARAM
        yield formula.shortfall.objective, OBJECTIVE
    elif isinstance(formula, n.PerUnitRate):
        yield from _values(formula.rate, formula.step)
    elif isinstance(formula, n.Share):
        yield from _values(formula.rate)
        if formula.base is not None:
            yield formula.base, PARAM
    elif isinstance(formula, n.UnavailableTime):
        yield formula.objective, AVAILABILITY


def _condition(condition: n.Condition | None) -> Iterator[tuple[n.Ref, Expect]]:
    for atom in condition_atoms(condition):
        if isinstance(atom, n.Flag):
            yield atom.name, FLAG
        elif isinstance(atom, n.IsMet):
            yield atom.objective, OBJECTIVE
        elif isinstance(atom, n.OpenedOutside) and atom.calendar is not None:
            yield atom.calendar, CALENDAR
        elif isinstance(atom, n.Compare | n.Member):
            head = atom.fact.path[0]
            values = (atom.value,) if isinstance(atom, n.Compare) else atom.values
            if head == "service":
                yield from ((v, SERVICE) for v in values if isinstance(v, n.Ref))
            if len(atom.fact.path) == 1 and head not in FACT_WORDS:
                yield n.Ref(head, span=atom.fact.span), FACT_PARAM


def _references(d: n.Declaration) -> Iterator[tuple[n.Ref, Expect]]:
    """Every name a declaration uses, with the kind of thing it must name."""
    for condition in conditions_of(d):
        yield from _condition(condition)
    if isinstance(d, n.Param) and d.type.kind != "choice":
        yield from _values(d.default)
    elif isinstance(d, n.Severities):
        yield from ((s, SERVICE) for s in d.services)
    elif isinstance(d, n.Exclusion):
        yield from _values(d.notice)
    elif isinstance(d, n.Availability):
        yield from ((s, SERVICE) for s in d.services)
        yield from ((e, EXCLUSION) for e in d.excluding)
        yield from _values(d.target, d.granularity)
        yield from _period(d.period)
    elif isinstance(d, n.Metric):
        yield from ((s, SERVICE) for s in d.services)
        yield from _values(d.target.value if d.target else None)
        yield from _period(d.period)
    elif isinstance(d, n.Timer):
        yield from ((s, SERVICE) for s in d.services)
        yield from ((e, EXCLUSION) for e in d.excluding)
        for row in d.rows:
            yield from _values(row.limit)
            if row.calendar is not None:
                yield row.calendar, CALENDAR
    elif isinstance(d, n.Count):
        yield from ((o, OBJECTIVE) for o in d.objectives)
        yield from _period(d.period)
        if d.threshold is not None:
            yield from _values(d.threshold.number, d.threshold.window)
    elif isinstance(d, n.Remedy):
        yield from _formula(d.formula)
        for tier in d.tiers:
            yield from _values(*(b.value for b in tier.bounds))
            yield from _formula(tier.formula)
        yield from _amount(d.minimum)
        yield from _amount(d.cap)
        if d.based_on is not None:
            yield d.based_on, OBJECTIVE
    elif isinstance(d, n.Cap):
        yield from _amount(d.limit)
        yield from ((r, REMEDY) for r in d.applies_to)
    elif isinstance(d, n.Claims):
        yield from _values(d.opens_after, d.closes_after)
        if d.opens_after_day is not None and d.opens_after_day.calendar is not None:
            yield d.opens_after_day.calendar, CALENDAR
        yield from ((r, CLAIMABLE) for r in d.applies_to)
    elif isinstance(d, n.Obligation):
        yield from _values(d.notice)
        yield from _period(d.every)
    if isinstance(d, n.Remedy):
        yield from _period(d.period)


# Facts a condition may test without declaring them (see docs/language.md, Conditions).
FACT_WORDS = frozenset({"affected", "cause", "category", "severity", "service", "duration"})


def _events(scope: Scope, d: n.Declaration) -> Iterator[Diagnostic]:
    events: list[tuple[str, Span | None]] = []
    if isinstance(d, n.Timer):
        if d.start is not None:
            named = [d.start, *d.stops]
            spans = list(d.event_spans) + [None] * (len(named) - len(d.event_spans))
            events += list(zip(named, spans, strict=True))
        if d.recurring is not None:
            r = d.recurring
            events += [(r.event, r.span), (r.start, r.span), (r.stop, r.span)]
    formulas = [d.formula] if isinstance(d, n.Remedy) else []
    for formula in formulas:
        if isinstance(formula, n.PerUnitRate):
            events += [(formula.start, formula.span), (formula.stop, formula.span)]
    for event, span in events:
        if event not in EVENT_TYPES:
            synonym = _SYNONYMS.get(event.partition(".")[2])
            yield scope.diagnostic(
                "SLA-E205",
                f"`{event}` is not an event type",
                span,
                hint=(f"did you mean `{synonym}`?" if synonym else None)
                or scope.suggest(event, EVENT_TYPES)
                or "the event types are listed in docs/language.md",
            )
    kinds = {e.split(".")[0] for e, _ in events if e in EVENT_TYPES}
    if len(kinds) > 1:
        yield scope.diagnostic(
            "SLA-E205",
            "a timer runs between events of one thing: all ticket events or all outage events",
            events[0][1],
        )


def _levels(scope: Scope, d: n.Declaration) -> Iterator[Diagnostic]:
    services: tuple[n.Ref, ...] = ()
    refs: list[n.Ref] = []
    if isinstance(d, n.Timer):
        services = d.services
        refs += [row.level for row in d.rows if row.level is not None]
    for condition in conditions_of(d):
        for atom in condition_atoms(condition):
            if isinstance(atom, n.Compare | n.Member) and atom.fact.path[-1] == "severity":
                values = (atom.value,) if isinstance(atom, n.Compare) else atom.values
                refs += [v for v in values if isinstance(v, n.Ref)]
    if not refs:
        return
    if isinstance(d, n.Severities):
        return
    known = scope.levels_for(services)
    if not scope.of_kind(n.Severities):
        yield scope.diagnostic(
            "SLA-E206",
            f"`{refs[0].name}` is a severity level, but the contract defines none",
            refs[0].span,
            hint='add `severities levels "Severity levels" { level P1 "Priority 1" ... }`',
        )
        return
    for ref in refs:
        if ref.name not in known:
            where = " for " + ", ".join(f"`{s.name}`" for s in services) if services else ""
            yield scope.diagnostic(
                "SLA-E206",
                f"no severity level `{ref.name}` is defined{where}",
                ref.span,
                hint=scope.suggest(ref.name, known)
                or ("known levels: " + ", ".join(sorted(known)) if known else None),
            )


def _holidays(scope: Scope, calendar: n.Calendar) -> Iterator[Diagnostic]:
    yield from _unique(scope, ((h.name, h.name_span) for h in calendar.holidays))
    names = {h.name for h in calendar.holidays}
    for holiday in calendar.holidays:
        if isinstance(holiday.rule, n.RelativeDate) and holiday.rule.holiday.name not in names:
            ref = holiday.rule.holiday
            yield scope.diagnostic(
                "SLA-E201",
                f"calendar `{calendar.name}` has no holiday named `{ref.name}`",
                ref.span,
                hint=scope.suggest(ref.name, names),
            )
