"""Worked examples: for each remedy, a small stream of events that makes it due, run through the
evaluator itself, and what the evaluator gives.

Input: a checked `nodes.Contract`, one of its `Remedy` clauses, and the example year (the
documents' "current year", injectable so that documents are reproducible). Output: a
`model.Example` (the situation in words, the result, the evaluator's own reason, the parameters
used), or a one-line reason why no example could be made.

How: `example_needs.satisfy` says what the remedy's condition needs; `ExampleEvents` turns that
(and the formula: a shortfall of 1.5 steps, a ticket 1.5 steps late, a charge of the minimum plus
1.5 steps) into events in April of the example year (or its quarter or year); the events are
fed to the engine's `CustomerRun` (the compiled contract `run_stream` uses for each customer);
the example quotes the remedy's outcome from the engine's report.

Invariants: nothing is computed here that the evaluator reports: amounts, percentages,
availabilities, breaches come from its report; parameters without a default take an example
value (money 1000 in the contract's currency, a choice its first option) and the document says
which. A remedy the events do not make due gets no example, with the reason, never a made-up one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sladsl import nodes as n
from sladsl.business_time import load_zone
from sladsl.evaluate.engine import CustomerRun, contract_calendars
from sladsl.evaluate.params import Params, ParamValue
from sladsl.render.example_events import ExampleEvents
from sladsl.render.example_needs import satisfy
from sladsl.render.model import Example
from sladsl.render.words import describe_value, iso_words, period_words

EXAMPLE_FEE = Decimal(1000)
SHORTFALL = Decimal("1.5")  # a shortfall or delay of one and a half steps shows the rounding
Report = Mapping[str, dict[str, Any]]  # period label -> the period's report


def example_params(contract: n.Contract) -> tuple[Params, str]:
    """Every parameter's example value (its default, else a sample), and the words for them."""
    currency = (contract.header.currency if contract.header else None) or ""
    values: dict[str, ParamValue] = {}
    shown: list[str] = []
    for p in contract.declarations:
        if not isinstance(p, n.Param):
            continue
        value: ParamValue | None
        if p.default is not None and isinstance(p.default, ParamValue):
            value = p.default
        elif p.optional:
            shown.append(f"`{p.name}` not given")
            continue
        elif p.type.kind == "choice" and p.type.choices:
            value = n.Ref(p.type.choices[0].name)
        elif p.type.kind == "money":
            value = n.Money(EXAMPLE_FEE, currency)
        elif p.type.kind == "percent":
            value = n.Percent(Decimal("99.9"))
        elif p.type.kind == "duration":
            value = n.Duration(Decimal(1), "h")
        else:
            value = n.Number(Decimal(1))
        values[p.name] = value
        shown.append(f"`{p.name}` = {describe_value(value)}")
    return Params(values), ", ".join(shown)


def worked_example(contract: n.Contract, remedy: n.Remedy, year: int) -> Example | str:
    """The remedy's worked example, or why there is none."""
    params, param_words = example_params(contract)
    calendars = contract_calendars(contract)
    header = contract.header
    zone = load_zone((header.zone if header else None) or "UTC")
    build = ExampleEvents(contract, params, calendars, zone, year)
    scope = build.scope
    formula = remedy.formula
    trigger = remedy.trigger
    if isinstance(formula, n.PerUnitRate):
        needs = satisfy(trigger, scope)
        if needs is None or not build.charged_ticket(formula, remedy.minimum, needs):
            return "no example: its condition cannot hold with the example's parameters"
        trigger = None
    elif isinstance(formula, n.PerUnitShare):
        step = build.resolver.resolve(formula.step)
        if formula.shortfall.kind == "over_limit":
            build.late(formula.shortfall.objective.name, step, SHORTFALL)
        else:
            build.fall_short(formula.shortfall.objective.name, step, SHORTFALL)
    elif isinstance(formula, n.UnavailableTime):
        build.fail(formula.objective.name)
    elif remedy.tiers and remedy.based_on is not None:
        build.result_in(remedy.based_on.name, remedy.tiers[0].bounds)
    if trigger is not None:
        needs = satisfy(trigger, scope)
        if needs is None:
            return "no example: its condition cannot hold with the example's parameters"
        build.meet(needs)
    return _run(contract, params, build, remedy, param_words)


def _run(
    contract: n.Contract, params: Params, build: ExampleEvents, remedy: n.Remedy, words: str
) -> Example | str:
    if not build.events:
        return "no example: nothing in the contract's events makes it due"
    run = CustomerRun(contract, params, build.calendars)
    for event in sorted(build.events, key=lambda e: e.at):
        refused = run.feed(event)
        if refused is not None:
            return f"no example: the evaluator refused the example's events ({refused})"
    start, end = build.span()
    horizon = end - timedelta(microseconds=1)
    run.finish(horizon)
    periods, _ = run.report(start, horizon, None)
    report = {p["period"]: p for p in periods}
    for label, period in report.items():
        for outcome in period["remedies"]:
            if outcome["name"] == remedy.name:
                scenario = "; and ".join(describe(report) for describe in build.describe)
                return Example(scenario, _result(remedy, outcome, label), outcome["reason"], words)
    return "no example: the evaluator found it not due in the example (see its condition)"


def _result(remedy: n.Remedy, outcome: Mapping[str, Any], label: str) -> str:
    when = period_words(label)
    amount = f"{outcome['amount']} {outcome['currency']}" if outcome["amount"] else None
    share = None
    base = _base(remedy)
    if outcome["percent"] is not None and base is not None:
        share = f"{outcome['percent']}% of the {base.replace('_', ' ')}"
    given = ": ".join(p for p in (share, amount) if p)
    if remedy.kind == "credit":
        return f"a credit of {given} for {when}"
    if remedy.kind == "refund":
        return f"a refund of {given} for {when}"
    if remedy.kind == "charge":
        return f"the customer pays {given} (in {when})"
    if remedy.kind == "extension":
        length = iso_words(outcome["duration"]) if outcome["duration"] else "nothing"
        return f"the service time is extended by {length} for {when}"
    return f"the customer may terminate the contract without penalty (from {when})"


def _base(remedy: n.Remedy) -> str | None:
    formula = remedy.formula
    if isinstance(formula, n.PerUnitShare | n.Share) and formula.base is not None:
        return formula.base.name
    for tier in remedy.tiers:
        if isinstance(tier.formula, n.Share) and tier.formula.base is not None:
            return tier.formula.base.name
    return None
