"""Availability over the five scenarios' outage streams: the figures their READMEs work out."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from sladsl import nodes as n
from sladsl.business_time import BusinessCalendar, load_zone
from sladsl.evaluate.availability import AvailabilityOperator
from sladsl.evaluate.conditions import Resolver
from sladsl.evaluate.outages import OutageTracker
from sladsl.evaluate.params import resolve_params
from sladsl.evaluate.periods import period_from_label
from sladsl.events import EventStream
from sladsl.parser import parse

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT.parent / "shared" / "scenarios"
CASES = [
    # scenario, period, service, actual (4 places), met
    ("voip", "2026-04", "voip", "98.9583", False),
    ("akuvox", "2026-03", "cloud", "99.9731", False),
    ("maaiiconnect", "2026", "numbers", "99.9715", True),
    ("maaiiconnect", "2026", "platform", "100.0000", True),
    ("cpaas", "2026", "platform", "99.9030", False),
    ("support-hotline", "2026-06", "core", "99.9931", True),
    ("support-hotline", "2026-06", "supporting", "96.3889", False),
]


def run(scenario: str) -> dict[str, AvailabilityOperator]:
    spec = json.loads((SCENARIOS / scenario / "expect.json").read_text(encoding="utf-8"))
    result = parse((ROOT / spec["contract"]).read_text(encoding="utf-8"))
    contract = result.contract
    assert contract is not None
    params = resolve_params(contract, spec["params"])
    zone = (contract.header.zone if contract.header else None) or "UTC"
    calendars = {
        d.name: BusinessCalendar.from_node(d, zone)
        for d in contract.declarations
        if isinstance(d, n.Calendar)
    }
    resolver = Resolver(params, calendars)
    exclusions = {d.name: d for d in contract.declarations if isinstance(d, n.Exclusion)}
    tracker = OutageTracker()
    operators = {
        d.name: AvailabilityOperator(d, resolver, exclusions, tracker)
        for d in contract.declarations
        if isinstance(d, n.Availability)
    }
    horizon = datetime(1970, 1, 1, tzinfo=UTC)
    for event in EventStream([str(SCENARIOS / scenario / "events.jsonl")]):
        horizon = max(horizon, event.at)
        if event.type.startswith(("outage.", "maintenance.")):
            assert tracker.feed(event) is None
    tracker.finish(horizon)
    return operators


@pytest.mark.skipif(not SCENARIOS.is_dir(), reason="../shared/scenarios is not beside the project")
@pytest.mark.parametrize(("scenario", "label", "service", "actual", "met"), CASES)
def test_scenario_availability(
    scenario: str, label: str, service: str, actual: str, met: bool
) -> None:
    operators = run(scenario)
    (operator,) = [op for op in operators.values() if service in op.services]
    outcome = operator.result(service, period_from_label(label, load_zone("UTC")))
    assert outcome.shown == Decimal(actual)
    assert outcome.met is met


def test_akuvox_counts_started_minutes_and_skips_short_failures() -> None:
    (operator,) = run("akuvox").values()
    outcome = operator.result("cloud", period_from_label("2026-03", load_zone("UTC")))
    assert outcome.downtime == timedelta(minutes=12)  # o1 (50 s) is no failure event
    assert outcome.excluded == timedelta(minutes=90)  # o4 customer network, o5 maintenance
