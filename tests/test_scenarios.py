"""The five acceptance scenarios (copied from ../shared/scenarios), run as a user runs them.

Each folder holds `events.jsonl`, `expect.json` and a README with the readings it pins;
`scenarios/scenario_check.py` is the shared checker that compares `sladsl eval --format json`
with the expectations.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent / "scenarios"
SCENARIOS = sorted(p.parent.name for p in HERE.glob("*/expect.json"))


def _checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("scenario_check", HERE / "scenario_check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CHECKER = _checker()


def test_all_five_are_here() -> None:
    assert SCENARIOS == ["akuvox", "cpaas", "maaiiconnect", "support-hotline", "voip"]


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario(name: str) -> None:
    problems = CHECKER.run(HERE / name, ROOT, [sys.executable, "-m", "sladsl"])
    assert problems == []


@pytest.mark.parametrize("name", SCENARIOS)
def test_report_is_byte_identical_across_runs(name: str) -> None:
    spec = json.loads((HERE / name / "expect.json").read_text(encoding="utf-8"))
    command = [
        sys.executable,
        "-m",
        "sladsl",
        "eval",
        spec["contract"],
        str(HERE / name / "events.jsonl"),
    ]
    command += [f"--param={k}={v}" for k, v in spec["params"].items()]
    command += ["--format", "json"]
    outputs = {
        subprocess.run(command, cwd=ROOT, capture_output=True, check=True).stdout for _ in range(2)
    }
    assert len(outputs) == 1
    report = json.loads(outputs.pop())
    events = report["events"]
    assert events["read"] == events["accepted"] + events["duplicates"] + events["rejected"]
