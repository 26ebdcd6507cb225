"""The JSON report written one customer at a time (`sladsl.evaluate.report_json`).

Input: the voip contract and small event streams (one customer, two customers, none).
Output: nothing; the tests assert that the bytes written section by section are exactly
`orjson.dumps(report, option=OPT_INDENT_2)` plus a newline, for both report shapes.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest

from sladsl.evaluate.engine import run_stream
from sladsl.evaluate.params import resolve_params
from sladsl.evaluate.report_json import write_json
from sladsl.events import EventStream
from sladsl.parser import parse

ROOT = Path(__file__).resolve().parent.parent

OUTAGE: list[dict[str, object]] = [
    {"at": "2026-04-03T10:00:00Z", "type": "outage.start", "outage": "o1", "service": "voip"},
    {"at": "2026-04-03T16:30:00Z", "type": "outage.end", "outage": "o1"},
    {"at": "2026-04-05T09:00:00Z", "type": "ticket.opened", "ticket": "t1", "service": "voip"},
    {"at": "2026-05-02T09:00:00Z", "type": "measurement", "metric": "mos", "value": 3.85},
    {"at": "2026-05-03T09:00:00Z", "type": "nonsense"},
]


def written_and_dumped(
    tmp_path: Path, lines: list[dict[str, object]], **options: Any
) -> tuple[bytes, bytes]:
    source = (ROOT / "contracts" / "voip.sla").read_text(encoding="utf-8")
    contract = parse(source).contract
    assert contract is not None
    params = resolve_params(contract, {"monthly_fee": "1000"})
    events = tmp_path / "events.jsonl"
    events.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    out = io.BytesIO()
    write_json(run_stream(contract, params, EventStream([str(events)]), **options), out)
    whole = run_stream(contract, params, EventStream([str(events)]), **options).report()
    return out.getvalue(), orjson.dumps(whole, option=orjson.OPT_INDENT_2) + b"\n"


@pytest.mark.parametrize("customers", [[], ["acme"], ["acme", "zeta"], ["zeta", "acme", "mid"]])
def test_written_in_sections_is_the_whole_report(tmp_path: Path, customers: list[str]) -> None:
    lines: list[dict[str, object]] = [
        {**line, "customer": name} if name else {**line}
        for name in customers or [""]
        for line in OUTAGE
    ]
    lines.sort(key=lambda line: str(line["at"]))
    written, dumped = written_and_dumped(tmp_path, lines)
    assert written == dumped
    report = orjson.loads(written)
    assert ("customers" in report) == (len(customers) > 1)
    assert report["events"]["rejected"] == max(len(customers), 1)


def test_an_empty_stream_has_the_single_shape(tmp_path: Path) -> None:
    written, dumped = written_and_dumped(tmp_path, [])
    assert written == dumped
    assert orjson.loads(written)["events"] == {
        "read": 0, "accepted": 0, "duplicates": 0, "rejected": 0,
    }  # fmt: skip


@pytest.mark.parametrize("customers", [["acme"], ["acme", "zeta"]])
def test_a_far_horizon_is_written_a_period_at_a_time(tmp_path: Path, customers: list[str]) -> None:
    """`--to` decades on: every month is reported, written as the whole report dumps it, and
    only the period asked for with `--period`."""
    lines = sorted(
        ({**line, "customer": name} for name in customers for line in OUTAGE),
        key=lambda line: str(line["at"]),
    )
    end = datetime(2099, 12, 31, tzinfo=UTC)
    written, dumped = written_and_dumped(tmp_path, lines, end=end)
    assert written == dumped
    report = orjson.loads(written)
    sections = report["customers"] if len(customers) > 1 else [report]
    for section in sections:
        labels = [period["period"] for period in section["periods"]]
        assert len(labels) == (2099 - 2026) * 12 + 9  # 2026-04 .. 2099-12
        assert labels[0] == "2026-04" and labels[-1] == "2099-12"
    written, dumped = written_and_dumped(tmp_path, lines, end=end, period="2030-02")
    assert written == dumped
    report = orjson.loads(written)
    sections = report["customers"] if len(customers) > 1 else [report]
    assert [[p["period"] for p in section["periods"]] for section in sections] == [
        ["2030-02"] for _ in customers
    ]
