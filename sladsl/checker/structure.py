"""Pass 1, structure: every clause has the statements it needs, and only those that fit it.

Codes: SLA-E207 (contract header missing or repeated), SLA-E901 (a needed statement is missing:
a remedy whose formula is not tied to an objective's shortfall needs a `when`), SLA-E903 (a
formula that does not belong in this kind of remedy), SLA-E904 (two timer rows for the same
tickets), SLA-E905 (a timer that stops at its start event), SLA-W906 (a timer that stops at the
event that opens the ticket or outage, but starts later), SLA-W907 (a cap on all remedies of a
kind the contract has none of), SLA-E908 (a fact of a ticket or outage in the `when` of a remedy
judged per period, where it is never true), SLA-E705 (a calendar never open).
"""

from __future__ import annotations

from collections.abc import Iterator

from sladsl import nodes as n
from sladsl.checker.names import FACT_WORDS
from sladsl.checker.scope import Scope, condition_atoms, kind_word
from sladsl.diagnostics import Diagnostic, Span

# What each remedy kind may compute.
_FORMULAS: dict[str, tuple[type, ...]] = {
    "credit": (n.PerUnitShare, n.Share),
    "refund": (n.Share,),
    "extension": (n.UnavailableTime, n.Share),
    "charge": (n.PerUnitRate, n.Share),
    "termination": (),
}
# The formulas that say by themselves when they are due (docs/language.md, Remedies): a share
# per unit of shortfall when its objective falls short, the unavailable time of an availability
# objective when it is not met, a charge per unit of time from one ticket event to another for
# each ticket that has them (time and materials). A tier table too (`based on`). Any other
# needs a `when`.
_SELF_TRIGGERED = (n.PerUnitShare, n.UnavailableTime, n.PerUnitRate)
# The events that open a ticket or an outage: nothing of it comes before them.
_OPENING = {"ticket": "ticket.opened", "outage": "outage.start"}
# `applies to all WORD`: the remedy kind WORD names (`remedies`: any).
_PLURALS = {"credits": "credit", "refunds": "refund", "extensions": "extension",
            "charges": "charge"}  # fmt: skip
_FORMULA_WORDS = {
    n.PerUnitShare: "a share per unit of shortfall",
    n.PerUnitRate: "a rate per unit of time",
    n.Share: "a share or an amount",
    n.UnavailableTime: "a service-time extension",
}


def run(scope: Scope) -> Iterator[Diagnostic]:
    contract = scope.contract
    if contract.header is None and not contract.declarations:
        yield scope.diagnostic(
            "SLA-E207",
            "the file is empty: it holds no contract",
            None,
            hint='start with `contract name "Title" { currency USD }`',
        )
    elif contract.header is None:
        yield scope.diagnostic(
            "SLA-E207",
            "the file has no `contract` header",
            None,
            hint='start the file with `contract name "Title" { currency USD }`',
        )
    elif len(contract.header_spans) > 1:
        count = len(contract.header_spans)
        for extra in contract.header_spans[1:]:
            yield scope.diagnostic(
                "SLA-E207",
                f"the file has {count} `contract` headers; a file holds one contract",
                extra,
                hint="put each contract in a file of its own",
            )
    for declaration in contract.declarations:
        yield from _needs(scope, declaration)


def _missing(scope: Scope, declaration: n.Declaration, what: str, example: str) -> Diagnostic:
    return scope.diagnostic(
        "SLA-E901",
        f"{kind_word(declaration)} `{declaration.name}` has no {what}",
        declaration.name_span,
        hint=f"add a statement such as `{example}`",
    )


def _needs(scope: Scope, d: n.Declaration) -> Iterator[Diagnostic]:
    if isinstance(d, n.Availability):
        if not d.services:
            yield _missing(scope, d, "service", "service voip")
        if d.target is None:
            yield _missing(scope, d, "target", "target 99.9%")
        if d.period is None:
            yield _missing(scope, d, "period", "per calendar month")
    elif isinstance(d, n.Metric):
        if d.measure is None:
            yield _missing(scope, d, "measured metric", "measure mos")
        if d.target is None:
            yield _missing(scope, d, "target", "target mean >= 4.0")
        if d.period is None:
            yield _missing(scope, d, "period", "per calendar month")
    elif isinstance(d, n.Timer):
        if d.start is None and d.recurring is None:
            yield _missing(
                scope, d, "start and stop events", "from ticket.opened to ticket.acknowledged"
            )
        if not d.rows:
            yield _missing(scope, d, "limit", "within 4h")
        yield from _row_overlaps(scope, d)
        yield from _stops(scope, d)
        if d.recurring is not None and any(r.kind == "within" for r in d.rows):
            yield scope.diagnostic(
                "SLA-E903",
                f"timer `{d.name}` repeats an event: its rows take `every`, not `within`",
                next(r.span for r in d.rows if r.kind == "within"),
            )
        if d.recurring is None and any(r.kind == "every" for r in d.rows):
            yield scope.diagnostic(
                "SLA-E901",
                f"timer `{d.name}` has `every` rows but no `repeat EVENT from EVENT until EVENT`",
                next(r.span for r in d.rows if r.kind == "every"),
                hint="add `repeat ticket.progress from ticket.acknowledged until ticket.restored`",
            )
    elif isinstance(d, n.Count):
        if d.subject is None:
            yield _missing(scope, d, "subject", "tickets where severity = I")
        if d.threshold is None:
            yield _missing(scope, d, "threshold", "more than 3 within 28 days")
        if d.subject == "periods" and d.period is None:
            yield _missing(scope, d, "period", "per calendar month")
        if (
            d.threshold is not None
            and d.subject in ("tickets", "outages")
            and d.threshold.kind == "in_a_row"
        ):
            yield scope.diagnostic(
                "SLA-E903",
                "`in a row` counts failed periods; tickets and outages count `within` a window",
                d.threshold.span,
                hint="write `more than 3 within 28 days`",
            )
    elif isinstance(d, n.Remedy):
        yield from _remedy(scope, d)
    elif isinstance(d, n.Cap):
        if d.limit is None:
            yield _missing(scope, d, "limit", "at most 100% of monthly_fee per period")
        if not d.applies_to and d.applies_to_all is None:
            yield _missing(scope, d, "list of remedies it caps", "applies to all credits")
        yield from _cap_of_nothing(scope, d)
    elif isinstance(d, n.Claims):
        if d.closes_after is None:
            yield _missing(scope, d, "deadline", "closes 2 months after period end")
    elif isinstance(d, n.Severities):
        if not d.levels:
            yield _missing(scope, d, "levels", 'level critical "Critical"')
    elif isinstance(d, n.Calendar) and not d.opens:
        yield scope.diagnostic(
            "SLA-E705",
            f"calendar `{d.name}` is never open: deadlines on it would never come",
            d.name_span,
            hint="add opening hours such as `open mon-fri 09:00-17:00`",
        )


def _row_overlaps(scope: Scope, timer: n.Timer) -> Iterator[Diagnostic]:
    """Two rows for the same level under the same `when` block would give two limits."""
    seen: dict[tuple[object, str | None], n.TimerRow] = {}
    for row in timer.rows:
        key = (row.guard, row.level.name if row.level else None)
        first = seen.setdefault(key, row)
        if first is not row:
            who = f"level `{row.level.name}`" if row.level else "every ticket"
            line = first.span.line if first.span else "?"
            yield scope.diagnostic(
                "SLA-E904",
                f"timer `{timer.name}` already has a row for {who} (line {line})",
                row.span,
                hint="keep one limit per level; use `when PARAM = ... { }` blocks for variants",
            )


def _remedy(scope: Scope, d: n.Remedy) -> Iterator[Diagnostic]:
    allowed = _FORMULAS[d.kind]
    if d.kind == "termination":
        if d.formula is not None or d.tiers:
            yield scope.diagnostic(
                "SLA-E903",
                "a termination is a right, not an amount: it takes only `when CONDITION`",
                d.formula.span if d.formula else d.tiers[0].span,
            )
        if d.trigger is None:
            yield _missing(scope, d, "condition", "when consistent_failure")
        return
    formulas = [d.formula] if d.formula else []
    formulas += [t.formula for t in d.tiers]
    if not formulas:
        yield _missing(
            scope, d, "formula", "10% of monthly_fee per started 1% below target of uptime"
        )
    if d.formula is not None and d.tiers:
        yield scope.diagnostic(
            "SLA-E903",
            f"{d.kind} `{d.name}` has both a formula and tier rows; use one or the other",
            d.formula.span,
        )
    if d.tiers and d.based_on is None:
        yield _missing(scope, d, "objective for its tiers", "based on uptime")
    if d.trigger is None and d.formula is not None and not d.tiers:
        yield from _untriggered(scope, d, d.formula)
    if d.trigger is not None and d.kind != "charge":
        yield from _ticket_facts(scope, d, d.trigger)
    for formula in formulas:
        if not isinstance(formula, allowed):
            yield scope.diagnostic(
                "SLA-E903",
                f"{_FORMULA_WORDS[type(formula)]} does not fit a {d.kind}",
                formula.span,
                hint=_formula_hint(d.kind),
            )
    if d.minimum is not None and not isinstance(d.formula, n.PerUnitRate):
        yield scope.diagnostic(
            "SLA-E903",
            "`minimum` applies to a rate per unit of time (`100 USD per 1h pro rata from ...`)",
            d.minimum.span,
        )


def _formula_hint(kind: str) -> str:
    return {
        "credit": "a credit is `10% of monthly_fee per started 1% below target of uptime`, "
        "`25% of monthly_fee` or `amount 50 USD`",
        "refund": "a refund is `100% of monthly_fee` or `amount 500 USD`",
        "extension": "an extension is `unavailable time of uptime` or `amount 1 day`",
        "charge": "a charge is `100 USD per 1h pro rata from ticket.acknowledged to "
        "ticket.resolved` or `amount 50 USD`",
    }[kind]


def _ticket_facts(scope: Scope, d: n.Remedy, trigger: n.Condition) -> Iterator[Diagnostic]:
    """A credit, refund, extension or termination is judged once per period, where no ticket
    or outage is at hand: `when severity = urgent` there is never true (and `not` of it always).
    Only a charge, owed per ticket, asks its `when` of a ticket."""
    for atom in condition_atoms(trigger):
        if isinstance(atom, n.Compare | n.Member):
            path = atom.fact.path
            if path[0] not in FACT_WORDS and path[0] != "outage":  # a period has none of them
                continue
            what, span = f"`{'.'.join(path)}`", atom.fact.span
        elif isinstance(atom, n.OpenedOutside):
            what, span = "`opened outside`", atom.span
        else:
            continue
        yield scope.diagnostic(
            "SLA-E908",
            f"{what} is a fact of a ticket or an outage, but {d.kind} `{d.name}` is judged once "
            "per period, where there is none: this condition can never hold",
            span,
            hint="to count only some tickets, say so in the objective: a timer's `only when "
            "severity = urgent`, or a timer with rows for those levels only",
        )


def _untriggered(scope: Scope, d: n.Remedy, formula: n.Formula) -> Iterator[Diagnostic]:
    """A remedy whose formula does not say when it is due, and no `when` that does."""
    if isinstance(formula, _SELF_TRIGGERED):
        return
    objective = next(iter(scope.of_kind(n.Availability, n.Metric, n.Timer)), None)
    example = f"when {objective.name if objective else 'uptime'} not met"
    yield scope.diagnostic(
        "SLA-E901",
        f"{d.kind} `{d.name}` has no condition: without `when`, it is due in every period",
        d.name_span,
        hint=f"add a `when` that says when it is due, such as `{example}`",
    )


def _stops(scope: Scope, timer: n.Timer) -> Iterator[Diagnostic]:
    """A stop that is the start stops the timer as it starts; a stop at the event that opens
    the ticket (or outage) comes before any later start, so the timer never runs."""
    if timer.start is not None:
        spans = list(timer.event_spans[1:]) + [None] * len(timer.stops)
        for stop, span in zip(timer.stops, spans, strict=False):
            yield from _stop(scope, timer, timer.start, stop, span or timer.span, "from")
    if timer.recurring is not None:
        r = timer.recurring
        yield from _stop(scope, timer, r.start, r.stop, r.span, f"repeat {r.event} from")


def _stop(
    scope: Scope, timer: n.Timer, start: str, stop: str, span: Span | None, written: str
) -> Iterator[Diagnostic]:
    """`written` is how the statement begins, up to its start event (`from`, `repeat X from`)."""
    word = "to" if written == "from" else "until"
    opening = _OPENING.get(stop.partition(".")[0])
    if stop == start:
        yield scope.diagnostic(
            "SLA-E905",
            f"timer `{timer.name}` stops at `{stop}`, the event it starts at: "
            "it stops as it starts, and is always met",
            span,
            hint=f"name the event that ends the measured time, such as "
            f"`{written} {start} {word} {_LATER.get(start, 'ticket.resolved')}`",
        )
    elif stop == opening:
        yield scope.diagnostic(
            "SLA-W906",
            f"timer `{timer.name}` stops at `{stop}`, which comes before its start "
            f"`{start}`: it never runs, and is always met",
            span,
            hint=f"remove `{stop}` from the stop events"
            if len(timer.stops) > 1 and written == "from"
            else f"if the time runs from the {stop.partition('.')[0]}'s opening, write "
            f"`{written} {stop} {word} {start}`",
        )


# A later event to suggest after a start, for the hint of SLA-E905.
_LATER = {
    "ticket.opened": "ticket.acknowledged",
    "ticket.acknowledged": "ticket.restored",
    "ticket.restored": "ticket.resolved",
    "ticket.resolved": "ticket.rfo",
    "outage.start": "outage.end",
}


def _cap_of_nothing(scope: Scope, cap: n.Cap) -> Iterator[Diagnostic]:
    if cap.applies_to_all is None:
        return
    remedies = [d for d in scope.of_kind(n.Remedy) if isinstance(d, n.Remedy)]
    wanted = _PLURALS.get(cap.applies_to_all)
    if any(wanted is None or r.kind == wanted for r in remedies):
        return
    kinds = sorted({r.kind for r in remedies} - {"termination"})
    what = f"no {wanted}" if wanted else "no remedy"
    if kinds:
        listed = " or ".join(f"`applies to all {k}s`" for k in kinds)
        hint = f"did you mean {listed}?"
    else:
        hint = "remove the cap, or add the remedies it limits"
    yield scope.diagnostic(
        "SLA-W907",
        f"cap `{cap.name}` applies to all {cap.applies_to_all}, but the contract has {what}: "
        "it limits nothing",
        cap.name_span,
        hint=hint,
    )
