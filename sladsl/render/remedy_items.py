"""Remedies, caps and claims in words, each remedy with its rounding stated.

Input: `Remedy`, `Cap` and `Claims` clauses, a `words.Names` index, the calendars by name, the
contract's currency. Output: `model.Item`s (the worked example of a remedy is added by
`sladsl.render.view`, from `sladsl.render.examples`).

Invariants: every remedy says what it gives, when it is due, and how it rounds: the rounding of
units the formula states (started: up, full: down, pro rata: none) and the rounding of money
(half up, once, to the currency's minor unit, as `sladsl.evaluate.report_format.money` does).
A shortfall is worded on the side the evaluator's reason names (`Names.side`: "below" a floor,
"above" a metric's `<=` ceiling, "away from" an `=` target), whatever the grammar's `below
target` says. A claims clause says what the evaluator does with a claim outside its window
(reported as not valid, with the reason; remedies reported whether claimed or not,
docs/semantics.md section 9), not that a remedy is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from sladsl import nodes as n
from sladsl.evaluate.report_format import money as round_money
from sladsl.render.model import Item, Table
from sladsl.render.quotes import anchor
from sladsl.render.words import (
    UNIT_WORDS,
    Names,
    amount_of,
    and_list,
    base_words,
    describe_condition,
    describe_value,
    duration_adjective,
    each_period,
    event,
    ordinal,
    per_step,
    period,
)

LEADS = {
    "credit": "The customer is credited {formula}.",
    "refund": "The customer is refunded {formula}.",
    "extension": "The service time is extended by {formula}.",
    "charge": "The customer pays the provider {formula}.",
    "termination": "The customer may terminate the contract without penalty.",
}
BOUND_WORDS = {"<": "below", "<=": "at most", ">": "above", ">=": "at least", "=": "exactly",
               "!=": "other than"}  # fmt: skip


def _step(value: n.Value, names: Names) -> str:
    """`1h` -> "hour", `30min` -> "30 minutes", `1%` -> "1%"."""
    return per_step(value) if isinstance(value, n.Duration) else describe_value(value, names)


def _rounding_word(rounding: tuple[str, ...]) -> str:
    return "started " if "started" in rounding else "full " if "full" in rounding else ""


def formula_words(formula: n.Formula, names: Names) -> str:
    """What a formula gives, as the object of the remedy's sentence."""
    if isinstance(formula, n.PerUnitShare):
        rate = describe_value(formula.rate, names)
        step = _step(formula.step, names)
        pro_rata = ", pro rata" if "pro rata" in formula.rounding else ""
        every = f"for every {_rounding_word(formula.rounding)}{step}{pro_rata}"
        objective = names.title(formula.shortfall.objective.name)
        if formula.shortfall.kind == "over_limit":
            subject = names.subjects.get(formula.shortfall.objective.name, "ticket")
            return (
                f"{rate} of {base_words(formula.base)} {every} by which a {subject} goes past "
                f"its limit in {objective}, for each late {subject}"
            )
        side = names.side(formula.shortfall.objective.name)
        return f"{rate} of {base_words(formula.base)} {every} {side} the target of {objective}"
    if isinstance(formula, n.PerUnitRate):
        rate = describe_value(formula.rate, names)
        rounding = {"started ": ", every started one counting in full",
                    "full ": ", only whole ones counting"}.get(
            _rounding_word(formula.rounding), ", pro rata"
        )  # fmt: skip
        return (
            f"{rate} per {per_step(formula.step)}{rounding}, for the time from when "
            f"{event(formula.start)} until {event(formula.stop)}, for each ticket"
        )
    if isinstance(formula, n.Share):
        if formula.base is not None:
            return f"{describe_value(formula.rate, names)} of {base_words(formula.base)}"
        return describe_value(formula.rate, names)
    return f"the unavailable time of {names.title(formula.objective.name)} in the period"


def rounding_words(remedy: n.Remedy, currency: str | None, names: Names) -> str:
    """How the remedy rounds: its units, then its money."""
    formula = remedy.formula
    if remedy.kind == "termination" and formula is None:
        return "Rounding: none (a right, not an amount)."
    cents = ""
    if currency and remedy.kind in ("credit", "refund", "charge"):
        exponent = round_money(Decimal(0), currency).as_tuple().exponent
        smallest = Decimal(1).scaleb(exponent if isinstance(exponent, int) else -2)
        cents = f" Money is rounded half up to {smallest:f} {currency}, once, at the end."
    if isinstance(formula, n.PerUnitShare | n.PerUnitRate):
        step = formula.step
        if isinstance(step, n.Duration) and step.amount == 1:
            one = UNIT_WORDS.get(step.unit, step.unit)
            many = f"{one}s"
        else:
            one = f"step of {describe_value(step, names)}"
            many = f"steps of {describe_value(step, names)}"
        if "started" in formula.rounding:
            units = f"Rounding: up. A started {one} counts as a whole one."
        elif "full" in formula.rounding:
            units = f"Rounding: down. Only whole {many} count."
        else:
            units = f"Rounding: none. {many[0].upper()}{many[1:]} count exactly (pro rata)."
        return units + cents
    if isinstance(formula, n.UnavailableTime):
        return "Rounding: none. The unavailable time exactly as the objective counts it."
    if remedy.tiers:
        return "Rounding: none. Each row of the table gives a flat amount." + cents
    return "Rounding: none. A flat amount." + cents


def _bounds(bounds: tuple[n.Bound, ...], names: Names) -> str:
    return " and ".join(f"{BOUND_WORDS[b.op]} {describe_value(b.value, names)}" for b in bounds)


def remedy_item(remedy: n.Remedy, names: Names, currency: str | None) -> Item:
    rules: list[str] = []
    tables: list[Table] = []
    lead = LEADS.get(remedy.kind, "{formula}.")
    if remedy.formula is not None:
        formula = formula_words(remedy.formula, names)
        if isinstance(remedy.formula, n.PerUnitRate) and remedy.minimum is not None:
            minimum = remedy.minimum.value
            formula += (
                f", with a {duration_adjective(minimum)} minimum"
                if isinstance(minimum, n.Duration) and remedy.minimum.base is None
                else f", with a minimum of {amount_of(remedy.minimum, names)}"
            )
        rules.append(lead.format(formula=formula))
    elif remedy.tiers and remedy.based_on is not None:
        rules.append(lead.format(formula="by the table below"))
    else:
        rules.append(lead.format(formula="(no formula given)"))
    if remedy.minimum is not None and not isinstance(remedy.formula, n.PerUnitRate):
        rules.append(f"At least {amount_of(remedy.minimum, names)}.")
    if remedy.trigger is not None:
        rules.append(f"Due when {describe_condition(remedy.trigger, names)}.")
    elif isinstance(remedy.formula, n.PerUnitShare):
        objective = names.title(remedy.formula.shortfall.objective.name)
        rules.append(f"Due whenever {objective} falls short.")
    if remedy.tiers and remedy.based_on is not None:
        objective = names.title(remedy.based_on.name)
        rows = tuple(
            (_bounds(t.bounds, names), formula_words(t.formula, names)) for t in remedy.tiers
        )
        tables.append(Table((f"Result of {objective}", "Remedy"), rows))
        rules.append(f"Due when the result of {objective} in the period falls in a row.")
    if remedy.period is not None:
        rules.append(f"Assessed per {period(remedy.period)}.")
    if remedy.cap is not None:
        scope = "over the whole contract term" if remedy.cap_scope == "term" else "in each period"
        rules.append(f"At most {amount_of(remedy.cap, names)} {scope}.")
    rules.append(rounding_words(remedy, currency, names))
    kind = remedy.kind.capitalize()
    return Item(
        anchor(kind, remedy.name),
        kind,
        remedy.name,
        remedy.title or remedy.name,
        tuple(rules),
        tuple(tables),
        quotes=remedy.doc,
    )


def cap_item(cap: n.Cap, names: Names) -> Item:
    rules = []
    if cap.limit is not None:
        scope = "over the whole contract term" if cap.scope == "term" else "in each period"
        rules.append(f"At most {amount_of(cap.limit, names)} {scope}, for all of them together.")
    if cap.applies_to_all is not None:
        which = "every remedy" if cap.applies_to_all == "remedies" else f"all {cap.applies_to_all}"
        rules.append(f"Applies to {which}.")
    elif cap.applies_to:
        rules.append(f"Applies to {and_list(names.title(r.name) for r in cap.applies_to)}.")
    rules.append(
        "When they add up to more, their total is cut down to the limit, in the order the "
        "remedies are written; each remedy's own cap applies first."
    )
    return Item(anchor("Cap", cap.name), "Cap", cap.name, cap.title or cap.name, tuple(rules),
                quotes=cap.doc)  # fmt: skip


def _open_day(calendar: n.Calendar | None, name: str) -> str:
    title = (calendar.title if calendar is not None else None) or name
    if title.lower().endswith(" days"):
        return title[: -len(" days")].lower() + " day"
    return f"open day of {title}"


def claims_item(
    claims: n.Claims, names: Names, calendars: Mapping[str, n.Calendar], several: bool = False
) -> Item:
    """A claims clause; `several`: the contract has more than one (a claim is then judged
    against each, docs/semantics.md section 9)."""
    if claims.opens_after_day is not None:
        day = claims.opens_after_day
        calendar = calendars.get(day.calendar.name) if day.calendar is not None else None
        which = _open_day(calendar, day.calendar.name if day.calendar else "24x7")
        opens = f"after the {ordinal(day.n)} {which} after the period ends"
    elif claims.opens_after is not None:
        opens = f"from {describe_value(claims.opens_after, names)} after the period ends"
    else:
        opens = "from the end of the period"
    closes = (
        f"until {describe_value(claims.closes_after, names)} after the period ends"
        if claims.closes_after is not None
        else "with no closing date"
    )
    rules = [f"A claim for a period may be made {opens}, and {closes}."]
    if claims.applies_to:
        rules.append(
            f"Needed for: {and_list(names.title(r.name) for r in claims.applies_to)}: "
            "the contract grants those remedies only on a valid claim."
        )
    else:
        rules.append("Needed for every remedy of the contract.")
    outside = (
        "A claim names a period, not a remedy, so it is judged against every claims clause: it "
        "is valid when it falls in this window or in another clause's. A claim outside all of "
        "them is reported as not valid, with each clause's verdict"
        if several
        else "A claim outside this window is reported as not valid, with the reason"
    )
    rules.append(
        f"{outside} (too early or too late, and the bound). Claims are judged, not enforced: "
        "the evaluator reports each period's remedies whether they were claimed or not, and "
        "lists each claim with its verdict."
    )
    return Item(anchor("Claims", claims.name), "Claims", claims.name, claims.title or claims.name,
                tuple(rules), quotes=claims.doc)  # fmt: skip


def obligation_item(o: n.Obligation, names: Names) -> Item:
    rules = []
    if o.every is not None:
        rules.append(f"Once in {each_period(o.every)}.")
    if o.notice is not None:
        what = {"maintenance": "planned maintenance", "changes": "changes"}.get(
            o.notice_subject or "", o.notice_subject or "it"
        )
        rules.append(f"Notice of at least {describe_value(o.notice, names)} before {what}.")
    if o.best_effort:
        rules.append("Best effort: the provider promises only to try.")
    rules.append("No remedy is attached; the evaluator does not measure it.")
    return Item(anchor("Obligation", o.name), "Obligation", o.name, o.title or o.name,
                tuple(rules), quotes=o.doc)  # fmt: skip
