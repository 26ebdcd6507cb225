"""Availability over the five scenarios' outage streams: the figures their READMEs work out."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from scenario_run import run_scenario

from sladsl.business_time import load_zone
from sladsl.evaluate.availability import AvailabilityOperator
from sladsl.evaluate.periods import period_from_label

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
    return run_scenario(scenario).availability


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
