"""Tier tables: the row whose bounds hold the objective's result gives the remedy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from sladsl.cli import main

CONTRACT = """
contract demo "Demo" { currency USD zone UTC }
param monthly_fee: money
service core "Core services"
availability core_uptime { service core target 99.99% per calendar month }
credit core_credit "Service credit" {
  based on core_uptime
  tier < 99.99% and >= 99.9%: 10% of monthly_fee
  tier < 99.9% and >= 99%: 25% of monthly_fee
  tier < 99%: 100% of monthly_fee
}
"""
# Downtime per month: April 1 h, May 1 day, June 1 min, July 11 days, August 44 min 39 s.
OUTAGES = [
    ("2026-04-03T10:00:00Z", "2026-04-03T11:00:00Z"),
    ("2026-05-03T10:00:00Z", "2026-05-04T10:00:00Z"),
    ("2026-06-03T10:00:00Z", "2026-06-03T10:01:00Z"),
    ("2026-07-03T10:00:00Z", "2026-07-14T10:00:00Z"),
    ("2026-08-03T10:00:00Z", "2026-08-03T10:44:39Z"),
]


def evaluate(tmp_path: Path) -> dict[str, Any]:
    (tmp_path / "c.sla").write_text(CONTRACT, encoding="utf-8")
    lines = []
    for number, (start, end) in enumerate(OUTAGES):
        lines.append({"at": start, "type": "outage.start", "outage": f"o{number}",
                      "service": "core"})  # fmt: skip
        lines.append({"at": end, "type": "outage.end", "outage": f"o{number}"})
    (tmp_path / "e.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    args = ["eval", str(tmp_path / "c.sla"), str(tmp_path / "e.jsonl")]
    result = CliRunner().invoke(main, [*args, "--param", "monthly_fee=1000", "--format", "json"])
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.output)
    return report


def test_each_month_takes_the_row_its_availability_falls_in(tmp_path: Path) -> None:
    report = evaluate(tmp_path)
    periods: list[dict[str, Any]] = report["periods"]
    rows = [
        (p["period"], p["objectives"][0]["actual"], [(r["percent"], r["amount"]) for r in rs])
        for p in periods
        for rs in [p["remedies"]]
    ]
    assert rows == [
        ("2026-04", "99.8611", [("25", "250.00")]),  # < 99.9% and >= 99%
        ("2026-05", "96.7742", [("100", "1000.00")]),  # < 99%
        ("2026-06", "99.9977", []),  # the target is met: no row applies
        ("2026-07", "64.5161", [("100", "1000.00")]),
        ("2026-08", "99.9000", [("10", "100.00")]),  # 99.899977...: shown 99.9000, so >= 99.9%
    ]


def test_the_reason_names_the_result_and_the_row(tmp_path: Path) -> None:
    report = evaluate(tmp_path)
    april = report["periods"][0]
    assert april["remedies"][0]["reason"] == (
        "core availability 99.8611% is in the tier < 99.9% and >= 99%:"
        " Service credit in 2026-04: 25% of 1000.00 USD"
    )
