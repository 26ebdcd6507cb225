"""Conditions compiled to closures: facts, parameters, calendars, objectives and flags."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import attrs

from sladsl import nodes as n
from sladsl.business_time import BusinessCalendar
from sladsl.evaluate.conditions import Resolver, duration_of
from sladsl.evaluate.params import Params
from sladsl.parser import parse

HEADER = 'contract d "D" { currency USD }\nservice s "S"\nparam plan: one of GOLD | SILVER\n'


@attrs.define
class FakeFacts:
    values: dict[tuple[str, ...], object] = attrs.Factory(dict)
    opened: datetime | None = None
    met: dict[str, bool] = attrs.Factory(dict)
    flags: set[str] = attrs.Factory(set)

    def fact(self, path: tuple[str, ...]) -> object | None:
        return self.values.get(path)

    def opened_at(self) -> datetime | None:
        return self.opened

    def is_met(self, objective: str) -> bool | None:
        return self.met.get(objective)

    def flag(self, name: str) -> bool:
        return name in self.flags


def condition(text: str, extra: str = "") -> tuple[n.Condition, n.Contract]:
    source = HEADER + extra + f"count c {{ tickets where {text} more than 1 within 1 day }}\n"
    result = parse(source)
    assert result.contract is not None, result.diagnostics
    count = result.contract.declarations[-1]
    assert isinstance(count, n.Count) and count.where is not None
    return count.where, result.contract


def resolver(plan: str = "GOLD", **calendars: BusinessCalendar) -> Resolver:
    return Resolver(Params({"plan": n.Ref(plan)}), calendars)


def test_percent_facts_and_words() -> None:
    where, _ = condition(
        "outage.affected >= 25% and severity = II and cause in [provider, carrier]"
    )
    test = resolver().compile_condition(where)
    facts = FakeFacts(
        {("outage", "affected"): Decimal(25), ("severity",): "II", ("cause",): "provider"}
    )
    assert test(facts)
    assert not test(attrs.evolve(facts, values={**facts.values, ("severity",): "I"}))
    assert not test(FakeFacts())  # facts the thing does not have make comparisons false


def test_parameters_are_decided_once_per_run() -> None:
    where, _ = condition("plan = SILVER or not severity = I")
    assert resolver("SILVER").compile_condition(where)(FakeFacts({("severity",): "I"}))
    assert not resolver("GOLD").compile_condition(where)(FakeFacts({("severity",): "I"}))


def test_durations_compare_exactly() -> None:
    where, _ = condition("duration > 1min")
    test = resolver().compile_condition(where)
    assert not test(FakeFacts({("duration",): timedelta(seconds=60)}))
    assert test(FakeFacts({("duration",): timedelta(seconds=60, microseconds=1)}))
    assert duration_of(n.Duration(Decimal("1.5"), "ms")) == timedelta(microseconds=1500)


def test_opened_outside_a_calendar_and_flags() -> None:
    where, _ = condition("opened outside office and c")
    office = BusinessCalendar.always()
    test = resolver(office=office).compile_condition(where)
    opened = datetime(2026, 4, 3, 17, tzinfo=UTC)
    assert not test(FakeFacts(opened=opened, flags={"c"}))  # always open: never outside
    where, _ = condition("not opened inside office")
    assert not resolver(office=office).compile_condition(where)(FakeFacts(opened=opened))
