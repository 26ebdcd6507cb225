"""A scenario's events run through the evaluator's own compiled state (`CustomerRun`), for tests
that look at one stage's results (availability, timers) rather than the whole report."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sladsl.evaluate.engine import CustomerRun
from sladsl.evaluate.params import resolve_params
from sladsl.events import EventStream
from sladsl.parser import parse

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = Path(__file__).resolve().parent / "scenarios"


def run_scenario(name: str, params: dict[str, str] | None = None) -> CustomerRun:
    """Every event of the scenario accepted and applied, finished at the latest `at`."""
    spec = json.loads((SCENARIOS / name / "expect.json").read_text(encoding="utf-8"))
    contract = parse((ROOT / spec["contract"]).read_text(encoding="utf-8")).contract
    assert contract is not None
    run = CustomerRun(contract, resolve_params(contract, params or spec["params"]))
    horizon = datetime(1970, 1, 1, tzinfo=UTC)
    for event in EventStream([str(SCENARIOS / name / "events.jsonl")]):
        horizon = max(horizon, event.at)
        assert run.feed(event) is None, event
    run.finish(horizon)
    return run
