"""Pass 1, structure: every clause has the statements it needs, and only those that fit it.

Codes: SLA-E207 (contract header missing or repeated), SLA-E901 (a needed statement is missing),
SLA-E903 (a formula that does not belong in this kind of remedy), SLA-E904 (two timer rows for the
same tickets), SLA-E705 (a calendar never open).
"""

from __future__ import annotations

from collections.abc import Iterator

from sladsl import nodes as n
from sladsl.checker.scope import Scope, kind_word
from sladsl.diagnostics import Diagnostic

# What each remedy kind may compute.
_FORMULAS: dict[str, tuple[type, ...]] = {
    "credit": (n.PerUnitShare, n.Share),
    "refund": (n.Share,),
    "extension": (n.UnavailableTime, n.Share),
    "charge": (n.PerUnitRate, n.Share),
    "termination": (),
}
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
