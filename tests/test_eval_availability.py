"""Availability over the five scenarios' outage streams: the figures their READMEs work out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from scenario_run import run_scenario

from sladsl.business_time import load_zone
from sladsl.evaluate.availability import AvailabilityOperator
from sladsl.evaluate.engine import CustomerRun
from sladsl.evaluate.params import resolve_params
from sladsl.evaluate.periods import period_from_label
from sladsl.events import EventStream
from sladsl.parser import parse

ROOT = Path(__file__).resolve().parent.parent

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


# --- what is held: periods an outage can still reach, then only their totals -----------------


def _outage_lines(spans: list[tuple[str, str, str]]) -> str:
    lines = []
    for name, start, end in spans:
        lines.append(f'{{"at": "{start}", "type": "outage.start", "outage": "{name}", '
                     f'"service": "voip"}}')  # fmt: skip
        lines.append(f'{{"at": "{end}", "type": "outage.end", "outage": "{name}"}}')
    return "\n".join(sorted(lines, key=lambda line: line[8:28])) + "\n"


def _voip_run(tmp_path: Path, text: str) -> tuple[CustomerRun, AvailabilityOperator]:
    contract = parse((ROOT / "contracts" / "voip.sla").read_text(encoding="utf-8")).contract
    assert contract is not None
    run = CustomerRun(contract, resolve_params(contract, {"monthly_fee": "1000"}))
    (tmp_path / "e.jsonl").write_text(text, encoding="utf-8")
    for event in EventStream([str(tmp_path / "e.jsonl")]):
        assert run.feed(event) is None
    (operator,) = run.availability.values()
    return run, operator


def test_finished_months_are_folded_into_totals(tmp_path: Path) -> None:
    """Two years of monthly outages: only the months an outage can still reach keep intervals;
    the others keep their downtime alone, and the results are the same either way."""
    spans = []
    for month in range(24):
        year, m = 2025 + month // 12, month % 12 + 1
        spans.append((f"o{month}a", f"{year}-{m:02d}-10T10:00:00Z", f"{year}-{m:02d}-10T11:00:00Z"))
        spans.append((f"o{month}b", f"{year}-{m:02d}-10T10:30:00Z", f"{year}-{m:02d}-10T12:00:00Z"))
    # An outage from the last day of 2026-12 into 2027-01 and one still open at the end.
    spans.append(("long", "2026-12-31T23:00:00Z", "2027-01-01T01:00:00Z"))
    text = _outage_lines(spans)
    text += '{"at": "2027-01-05T00:00:00Z", "type": "outage.start", "outage": "open", "service": "voip"}\n'  # noqa: E501
    run, operator = _voip_run(tmp_path, text)
    assert len(operator.settled["voip"]) == 24  # 2025-01 .. 2026-12: nothing open reaches them
    assert [p.label for p in operator.pending["voip"]] == ["2027-01"]
    zone = load_zone("UTC")
    for label in ("2025-01", "2026-06"):
        result = operator.result("voip", period_from_label(label, zone))
        assert result.downtime == timedelta(hours=2)  # 10:00-12:00: the overlap counts once
    december = operator.result("voip", period_from_label("2026-12", zone))
    assert december.downtime == timedelta(hours=3)  # 2 h, and the hour of `long` in December
    run.finish(datetime(2027, 1, 5, 6, tzinfo=UTC))
    january = operator.result("voip", period_from_label("2027-01", zone))
    assert january.downtime == timedelta(hours=7)  # 1 h of `long`, 6 h of `open` at the horizon
    assert operator.result("voip", period_from_label("2024-05", zone)).downtime == timedelta(0)


def test_a_month_stays_open_while_an_outage_from_it_runs(tmp_path: Path) -> None:
    """An outage that starts in March and is still open in May keeps March, April and May
    held; each gets its share once it ends."""
    text = _outage_lines(
        [
            ("short", "2026-04-02T00:00:00Z", "2026-04-02T01:00:00Z"),
            ("long", "2026-03-31T22:00:00Z", "2026-05-01T02:00:00Z"),
        ]
    )
    text += (
        '{"at": "2026-05-03T00:00:00Z", "type": "outage.start", "outage": "x", "service": "voip"}\n'
    )
    text += '{"at": "2026-05-03T00:10:00Z", "type": "outage.end", "outage": "x"}\n'
    _, operator = _voip_run(tmp_path, text)
    assert sorted(p.label for p in operator.settled["voip"]) == ["2026-03", "2026-04"]
    zone = load_zone("UTC")
    assert operator.result("voip", period_from_label("2026-03", zone)).downtime == timedelta(
        hours=2
    )
    april = operator.result("voip", period_from_label("2026-04", zone))
    assert april.downtime == timedelta(days=30)
    assert april.actual == Decimal(0)


def test_only_the_objectives_own_periods_are_asked() -> None:
    (operator,) = run("voip").values()
    with pytest.raises(ValueError, match="per month, not per year"):
        operator.result("voip", period_from_label("2026", load_zone("UTC")))


def test_maintenance_announced_during_an_outage_excuses_none_of_it(tmp_path: Path) -> None:
    """A window announced once the outage had begun does not excuse it (semantics.md 4.3), and
    an `outage.update` after the notice, even one that changes nothing, does not change that."""
    lines = [
        '{"at": "2026-04-10T00:00:00Z", "type": "outage.start", "outage": "o", "service": "voip"}',
        '{"at": "2026-04-10T01:00:00Z", "type": "maintenance.announced", "maintenance": "m", '
        '"service": "voip", "start": "2026-04-12T06:00:00Z", "end": "2026-04-12T08:00:00Z"}',
        '{"at": "2026-04-12T05:00:00Z", "type": "outage.update", "outage": "o", '
        '"cause": "provider"}',
        '{"at": "2026-04-12T09:00:00Z", "type": "outage.end", "outage": "o"}',
    ]
    april = period_from_label("2026-04", load_zone("UTC"))
    for name, chosen in (("without", [0, 1, 3]), ("with", [0, 1, 2, 3])):
        folder = tmp_path / name
        folder.mkdir()
        _, operator = _voip_run(folder, "".join(lines[i] + "\n" for i in chosen))
        result = operator.result("voip", april)
        assert (name, result.downtime, result.excluded) == (name, timedelta(hours=57), timedelta(0))
