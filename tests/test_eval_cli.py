"""`sladsl eval` as a user and a CI pipeline meet it: options, output shapes, exit statuses.

Runs the command through click's CliRunner (and, for the progress bar, as a subprocess whose
standard error is a pseudo-terminal) over the contracts in contracts/ and small event files
written to tmp_path. Exit statuses follow ../shared/spec/interface.md section 2: 0 evaluated,
1 a contract error or (with --strict) a rejected line, 2 bad usage (a bad option value, a missing
or ill-typed --param, a missing file, an unknown --customer). Text output is read at a pinned
width (COLUMNS=120, rich's colour switches cleared) so that every line is whole.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from sladsl.cli import main

ROOT = Path(__file__).resolve().parent.parent
VOIP = ROOT / "contracts" / "voip.sla"
CPAAS = ROOT / "contracts" / "cpaas.sla"
VOIP_EVENTS = ROOT / "tests" / "scenarios" / "voip" / "events.jsonl"
FEE = "--param", "monthly_fee=1000"
# Settings that would make rich draw colours, or at another width than the pinned one.
_RICH = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "NO_COLOR")
ENV: dict[str, str | None] = {"COLUMNS": "120", **dict.fromkeys(_RICH)}

# Customer zeta has a two-hour outage (restoration 1 h late); acme a ticket answered 6 h 30 min
# after it was opened (response 2 h 30 min late). Zeta comes first in the file.
TWO_CUSTOMERS: list[dict[str, Any]] = [
    {"at": "2026-04-03T10:00:00Z", "type": "outage.start", "outage": "o1", "service": "voip",
     "customer": "zeta"},
    {"at": "2026-04-03T12:00:00Z", "type": "outage.end", "outage": "o1", "customer": "zeta"},
    {"at": "2026-04-05T09:00:00Z", "type": "ticket.opened", "ticket": "t1", "service": "voip",
     "customer": "acme"},
    {"at": "2026-04-05T15:30:00Z", "type": "ticket.acknowledged", "ticket": "t1",
     "customer": "acme"},
]  # fmt: skip

# A ticket never answered, between measurements in March and May: its response timer is open.
OPEN_TICKET: list[dict[str, Any]] = [
    {"at": "2026-03-30T09:00:00Z", "type": "measurement", "metric": "mos", "value": 4.5,
     "service": "voip"},
    {"at": "2026-04-05T09:00:00Z", "type": "ticket.opened", "ticket": "t1", "service": "voip"},
    {"at": "2026-05-02T12:00:00Z", "type": "measurement", "metric": "mos", "value": 4.5,
     "service": "voip"},
]  # fmt: skip

ANSWERED = {"at": "2026-04-05T15:30:00Z", "type": "ticket.acknowledged", "ticket": "t1"}
OPENED = {"at": "2026-04-05T09:00:00Z", "type": "ticket.opened", "ticket": "t1", "service": "voip"}


def write(path: Path, events: list[dict[str, Any]], *extra: str) -> Path:
    """JSON Lines of `events`, then the raw `extra` lines."""
    lines = [json.dumps(event) for event in events] + list(extra)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def invoke(*args: str | Path) -> Result:
    return CliRunner(env=ENV).invoke(main, ["eval", *map(str, args)])


def report(*args: str | Path) -> dict[str, Any]:
    """The JSON report of a run that must succeed; nothing may be written to standard error."""
    result = invoke(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def usage_error(result: Result) -> str:
    """The one-line message of a usage error (exit 2), after checking there is no report."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.output
    (message,) = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    return message.removeprefix("Error: ")


def breaches(period: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {o["name"]: o["breaches"] for o in period["objectives"] if o["breaches"]}


def summary(period: dict[str, Any]) -> list[tuple[str, str | None, bool | None]]:
    return [(o["name"], o["actual"], o["met"]) for o in period["objectives"]]


def cells(text: str, name: str) -> list[str]:
    """The cells of the table row of objective `name` (or of the heading row) in a text report."""
    (row,) = [line for line in text.splitlines() if re.match(rf"[│┃] {name} ", line)]
    return [cell.strip() for cell in re.split("[│┃]", row.rstrip())[1:-1]]


# --------------------------------------------------------------------------- customers

ACME_APRIL = {
    "period": "2026-04",
    "start": "2026-04-01T00:00:00Z",
    "end": "2026-05-01T00:00:00Z",
    "summary": [
        ("uptime", "100.0000", True),
        ("mos", None, None),
        ("restoration", None, True),
        ("support_response", None, False),
    ],
    "breaches": {
        "support_response": [
            {"ref": "t1", "level": None, "limit": "PT4H", "actual": "PT6H30M",
             "excess": "PT2H30M", "deadline": "2026-04-05T13:00:00Z", "open": False}
        ]
    },
    "remedies": [
        {"name": "response_credit", "kind": "credit", "percent": "15", "amount": "150.00",
         "currency": "USD", "duration": None,
         "reason": "t1 PT2H30M late: 3 started x PT1H x 5% = 15% of 1000.00 USD"}
    ],
    "credit_total": {"percent": "15", "amount": "150.00", "currency": "USD"},
}  # fmt: skip
ZETA_APRIL = {
    "period": "2026-04",
    "start": "2026-04-01T00:00:00Z",
    "end": "2026-05-01T00:00:00Z",
    "summary": [
        ("uptime", "99.7222", False),
        ("mos", None, None),
        ("restoration", None, False),
        ("support_response", None, True),
    ],
    "breaches": {
        "restoration": [
            {"ref": "o1", "level": None, "limit": "PT1H", "actual": "PT2H", "excess": "PT1H",
             "deadline": "2026-04-03T11:00:00Z", "open": False}
        ]
    },
    "remedies": [
        {"name": "uptime_credit", "kind": "credit", "percent": "10", "amount": "100.00",
         "currency": "USD", "duration": None,
         "reason": "uptime 99.7222% is 0.1778 points below 99.9%: "
                   "1 started x 1% x 10% = 10% of 1000.00 USD"}
    ],
    "credit_total": {"percent": "10", "amount": "100.00", "currency": "USD"},
}  # fmt: skip


def digest(period: dict[str, Any]) -> dict[str, Any]:
    keys = ("period", "start", "end", "remedies", "credit_total")
    return {
        **{key: period[key] for key in keys},
        "summary": summary(period),
        "breaches": breaches(period),
    }


def test_two_customers_are_reported_apart_sorted_by_name(tmp_path: Path) -> None:
    events = write(tmp_path / "events.jsonl", TWO_CUSTOMERS)
    out = report(VOIP, events, *FEE)
    assert list(out) == ["contract", "events", "rejected", "customers"]
    assert out["events"] == {"read": 4, "accepted": 4, "duplicates": 0, "rejected": 0}
    assert [c["customer"] for c in out["customers"]] == ["acme", "zeta"]
    acme, zeta = out["customers"]
    assert list(acme) == ["customer", "periods", "claims"]
    assert [digest(p) for p in acme["periods"]] == [ACME_APRIL]
    assert [digest(p) for p in zeta["periods"]] == [ZETA_APRIL]
    assert acme["claims"] == zeta["claims"] == []


def test_customer_option_gives_the_single_customer_shape(tmp_path: Path) -> None:
    events = write(tmp_path / "events.jsonl", TWO_CUSTOMERS)
    out = report(VOIP, events, *FEE, "--customer", "zeta")
    assert list(out) == ["contract", "events", "rejected", "periods", "claims"]
    # Every line is still read; only zeta's events are evaluated.
    assert out["events"] == {"read": 4, "accepted": 4, "duplicates": 0, "rejected": 0}
    assert [digest(p) for p in out["periods"]] == [ZETA_APRIL]
    assert out["claims"] == []
    both = report(VOIP, events, *FEE)
    assert out["periods"] == both["customers"][1]["periods"]


def test_one_named_customer_alone_has_the_single_customer_shape(tmp_path: Path) -> None:
    events = write(tmp_path / "events.jsonl", TWO_CUSTOMERS[:2])
    out = report(VOIP, events, *FEE)
    assert list(out) == ["contract", "events", "rejected", "periods", "claims"]
    assert [digest(p) for p in out["periods"]] == [ZETA_APRIL]


def test_an_unknown_customer_is_a_usage_error(tmp_path: Path) -> None:
    events = write(tmp_path / "events.jsonl", TWO_CUSTOMERS)
    message = usage_error(invoke(VOIP, events, *FEE, "--customer", "nobody"))
    assert message == (
        "--customer 'nobody': no event names this customer (the events name acme, zeta)"
    )
    unnamed = write(tmp_path / "unnamed.jsonl", OPEN_TICKET)
    message = usage_error(invoke(VOIP, unnamed, *FEE, "--customer", "acme", "--format", "json"))
    assert message == "--customer 'acme': no event names this customer (no event names a customer)"


def test_customer_option_evaluates_as_in_the_multi_customer_report(tmp_path: Path) -> None:
    events = write(
        tmp_path / "events.jsonl",
        [
            {**OPENED, "customer": "acme"},
            {"at": "2026-04-08T09:00:00Z", "type": "measurement", "metric": "mos", "value": 4.5,
             "service": "voip", "customer": "zeta"},
        ],
    )  # fmt: skip
    alone = report(VOIP, events, *FEE, "--customer", "acme")
    both = report(VOIP, events, *FEE)
    assert alone["periods"] == both["customers"][0]["periods"]


# --------------------------------------------------------------------------- periods, horizon


def test_period_reports_only_that_period(tmp_path: Path) -> None:
    events = write(tmp_path / "events.jsonl", OPEN_TICKET)
    every = report(VOIP, events, *FEE)
    assert [p["period"] for p in every["periods"]] == ["2026-03", "2026-04", "2026-05"]
    (april,) = report(VOIP, events, *FEE, "--period", "2026-04")["periods"]
    assert april == every["periods"][1]


def test_a_period_not_evaluated_gives_an_empty_report_and_says_so(tmp_path: Path) -> None:
    events = write(tmp_path / "events.jsonl", OPEN_TICKET)
    result = invoke(VOIP, events, *FEE, "--period", "2026-06", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["periods"] == []
    assert result.stderr == (
        "sladsl eval: --period 2026-06: no such period was evaluated; the report is empty. "
        "The periods evaluated: 2026-03, 2026-04, 2026-05\n"
    )


# Availability over rolling windows of 28 days; the first event (3 March) starts the windows.
ROLLING = """contract windows "Rolling windows" { zone UTC }
service s "S"
availability up { service s target 99% per rolling 28 days }
"""
ROLLING_EVENTS = [
    {"at": "2026-03-03T10:00:00Z", "type": "outage.start", "outage": "o1", "service": "s"},
    {"at": "2026-03-03T12:00:00Z", "type": "outage.end", "outage": "o1"},
    {"at": "2026-04-20T10:00:00Z", "type": "outage.start", "outage": "o2", "service": "s"},
    {"at": "2026-04-20T11:00:00Z", "type": "outage.end", "outage": "o2"},
]


def test_period_takes_a_rolling_window_label_as_the_report_gives_it(tmp_path: Path) -> None:
    contract = tmp_path / "rolling.sla"
    contract.write_text(ROLLING, encoding="utf-8")
    events = write(tmp_path / "events.jsonl", ROLLING_EVENTS)
    every = report(contract, events)["periods"]
    assert [p["period"] for p in every] == ["2026-03-03/P28D", "2026-03-31/P28D"]
    (second,) = report(contract, events, "--period", "2026-03-31/P28D")["periods"]
    assert second == every[1]
    assert second["objectives"][0]["actual"] == "99.8512"  # 1 h of 672
    # A window of the right length that does not start where the windows do: said, not hidden.
    result = invoke(contract, events, "--period", "2026-04-01/P28D", "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)["periods"]) == (0, [])
    assert result.stderr == (
        "sladsl eval: --period 2026-04-01/P28D: no such period was evaluated; the report is "
        "empty. The periods evaluated: 2026-03-03/P28D, 2026-03-31/P28D (windows start at "
        "--from, else at a customer's first event)\n"
    )
    message = usage_error(invoke(contract, events, "--period", "2026-04"))
    assert message == (
        "--period '2026-04': the contract reports rolling windows of P28D (such as 2026-01-05/P28D)"
    )


def test_open_breach_runs_to_the_latest_event_without_to(tmp_path: Path) -> None:
    events = write(tmp_path / "events.jsonl", OPEN_TICKET)
    (april,) = report(VOIP, events, *FEE, "--period", "2026-04")["periods"]
    assert breaches(april) == {
        "support_response": [
            {"ref": "t1", "level": None, "limit": "PT4H", "actual": "P27DT3H",
             "excess": "P26DT23H", "deadline": "2026-04-05T13:00:00Z", "open": True}
        ]
    }  # fmt: skip


def test_from_and_to_limit_the_periods_and_set_the_horizon(tmp_path: Path) -> None:
    events = write(tmp_path / "events.jsonl", OPEN_TICKET)
    span = "--from", "2026-04-01T00:00:00Z", "--to", "2026-04-05T20:00:00Z"
    (april,) = report(VOIP, events, *FEE, *span)["periods"]
    assert (april["period"], april["start"], april["end"]) == (
        "2026-04",
        "2026-04-01T00:00:00Z",
        "2026-05-01T00:00:00Z",
    )
    # Deadline 13:00, horizon 20:00: 7 h over, still open.
    assert breaches(april) == {
        "support_response": [
            {"ref": "t1", "level": None, "limit": "PT4H", "actual": "PT11H", "excess": "PT7H",
             "deadline": "2026-04-05T13:00:00Z", "open": True}
        ]
    }  # fmt: skip
    assert april["remedies"] == [
        {"name": "response_credit", "kind": "credit", "percent": "35", "amount": "350.00",
         "currency": "USD", "duration": None,
         "reason": "t1 PT7H late: 7 started x PT1H x 5% = 35% of 1000.00 USD"}
    ]  # fmt: skip
    only_to = report(VOIP, events, *FEE, "--to", "2026-04-05T20:00:00Z")
    assert [p["period"] for p in only_to["periods"]] == ["2026-03", "2026-04"]
    assert only_to["periods"][1] == april
    only_from = report(VOIP, events, *FEE, "--from", "2026-04-10T00:00:00Z")
    assert [p["period"] for p in only_from["periods"]] == ["2026-04", "2026-05"]


def test_events_after_to_do_not_stop_an_open_timer(tmp_path: Path) -> None:
    late = {**ANSWERED, "at": "2026-04-06T09:00:00Z"}
    events = write(tmp_path / "events.jsonl", [OPENED, late])
    (april,) = report(VOIP, events, *FEE, "--to", "2026-04-05T20:00:00Z")["periods"]
    (breach,) = breaches(april)["support_response"]
    assert (breach["excess"], breach["open"]) == ("PT7H", True)


WRITE_A_PERIOD = (
    "write a month (2026-04), a quarter (2026-Q2), a year (2026) or a rolling window as the "
    "report labels it (2026-01-05/P28D)"
)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--period", "April"), f"--period 'April': {WRITE_A_PERIOD}"),
        (("--period", "2026-13"), f"--period '2026-13': {WRITE_A_PERIOD}"),
        (("--period", "2026-Q5"), f"--period '2026-Q5': {WRITE_A_PERIOD}"),
        (("--period", "2026-02-30/P28D"), f"--period '2026-02-30/P28D': {WRITE_A_PERIOD}"),
        (("--period", "2026-04-01/28D"), f"--period '2026-04-01/28D': {WRITE_A_PERIOD}"),
        (
            ("--period", "2026-Q2"),
            "--period '2026-Q2': the contract reports calendar months (such as 2026-04)",
        ),
        (
            ("--period", "2026-04-01/P28D"),
            "--period '2026-04-01/P28D': the contract reports calendar months (such as 2026-04)",
        ),
        (("--period", "9999"), "--period '9999' lies outside the years evaluated (2-9998)"),
        (("--from", "yesterday"), "--from 'yesterday' is not an RFC 3339 instant"),
        (("--to", "2026-04-05T10:00:00"), "--to '2026-04-05T10:00:00' needs an offset or Z"),
        (
            ("--from", "2026-04-10T00:00:00Z", "--to", "2026-04-01T00:00:00Z"),
            "--to '2026-04-01T00:00:00Z' must be later than --from '2026-04-10T00:00:00Z'",
        ),
        (
            ("--from", "2026-04-10T00:00:00Z", "--to", "2026-04-10T00:00:00Z"),
            "--to '2026-04-10T00:00:00Z' must be later than --from '2026-04-10T00:00:00Z'",
        ),
        (
            ("--to", "9999-12-31T23:59:59Z"),
            "--to '9999-12-31T23:59:59Z' lies outside the years evaluated (2-9998)",
        ),
        (
            ("--from", "0001-01-01T00:00:00+01:00"),
            "--from '0001-01-01T00:00:00+01:00' lies outside the years evaluated (2-9998)",
        ),
        (("--reorder-window", "7x"), "--reorder-window '7x': write 7d, 12h or 0s"),
    ],
)
def test_bad_period_and_span_values_are_usage_errors(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    events = write(tmp_path / "events.jsonl", OPEN_TICKET)
    assert usage_error(invoke(VOIP, events, *FEE, *args)) == message


# --------------------------------------------------------------------------- --strict

BAD_LINE = "{not json"


def test_strict_exits_one_when_a_line_is_rejected(tmp_path: Path) -> None:
    events = write(tmp_path / "events.jsonl", [OPENED, ANSWERED], BAD_LINE)
    for extra in ((), ("--format", "json")):
        lenient = invoke(VOIP, events, *FEE, *extra)
        strict = invoke(VOIP, events, *FEE, *extra, "--strict")
        assert (lenient.exit_code, strict.exit_code) == (0, 1), lenient.output + strict.output
        assert strict.stdout == lenient.stdout  # the report is printed all the same
    out = json.loads(strict.stdout)
    assert out["events"] == {"read": 3, "accepted": 2, "duplicates": 0, "rejected": 1}
    (rejection,) = out["rejected"]
    assert (rejection["file"], rejection["line"]) == (str(events), 3)
    assert rejection["reason"].startswith("not valid JSON")


def test_strict_counts_lines_the_evaluator_rejects(tmp_path: Path) -> None:
    events = write(tmp_path / "events.jsonl", [ANSWERED])  # a ticket never opened
    assert invoke(VOIP, events, *FEE).exit_code == 0
    strict = invoke(VOIP, events, *FEE, "--strict", "--format", "json")
    assert strict.exit_code == 1
    assert json.loads(strict.stdout)["rejected"] == [
        {
            "file": str(events),
            "line": 1,
            "reason": "ticket 't1' is unknown: no `ticket.opened` came before, "
            "or it was resolved over 30 days earlier",
        }
    ]


def test_strict_exits_zero_when_nothing_is_rejected(tmp_path: Path) -> None:
    events = write(tmp_path / "events.jsonl", [OPENED, ANSWERED])
    assert invoke(VOIP, events, *FEE, "--strict").exit_code == 0
    assert invoke(VOIP, events, *FEE, "--strict", "--format", "json").exit_code == 0


def test_without_strict_rejections_are_listed_in_the_text_report(tmp_path: Path) -> None:
    events = write(tmp_path / "events.jsonl", [OPENED, ANSWERED], BAD_LINE)
    result = invoke(VOIP, events, *FEE)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "voip: 3 events read, 2 accepted, 0 duplicates, 1 rejected"
    assert lines[1].startswith(f"  rejected {events}:3: not valid JSON")


# --------------------------------------------------------------------------- --tz

NAIVE = {**OPENED, "at": "2026-04-05T09:00:00"}


def test_a_timestamp_without_offset_is_rejected_without_tz(tmp_path: Path) -> None:
    events = write(tmp_path / "events.jsonl", [NAIVE, ANSWERED])
    result = invoke(VOIP, events, *FEE, "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "sladsl eval: no event was accepted, so nothing was evaluated: the report has no periods\n"
    )
    out = json.loads(result.stdout)
    assert out["events"] == {"read": 2, "accepted": 0, "duplicates": 0, "rejected": 2}
    assert out["periods"] == []
    assert out["rejected"][0] == {
        "file": str(events),
        "line": 1,
        "reason": "`at` '2026-04-05T09:00:00' has no UTC offset: add 'Z' or an offset such as "
        "'+02:00', or name the zone of local times with --tz",
    }
    assert out["rejected"][1]["reason"].startswith("ticket 't1' is unknown")


def test_tz_names_the_zone_of_timestamps_without_offset(tmp_path: Path) -> None:
    events = write(tmp_path / "events.jsonl", [NAIVE, ANSWERED])
    out = report(VOIP, events, *FEE, "--tz", "Europe/Paris")
    assert out["events"] == {"read": 2, "accepted": 2, "duplicates": 0, "rejected": 0}
    (april,) = out["periods"]
    # 09:00 in Paris in April is 07:00Z: answered 8 h 30 min later, 4 h 30 min late.
    assert breaches(april) == {
        "support_response": [
            {"ref": "t1", "level": None, "limit": "PT4H", "actual": "PT8H30M",
             "excess": "PT4H30M", "deadline": "2026-04-05T11:00:00Z", "open": False}
        ]
    }  # fmt: skip


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "../../etc/passwd", "+02:00"])
def test_a_bad_zone_is_a_usage_error(tmp_path: Path, zone: str) -> None:
    events = write(tmp_path / "events.jsonl", [NAIVE, ANSWERED])
    message = usage_error(invoke(VOIP, events, *FEE, "--tz", zone))
    assert message == f"--tz {zone!r} is not a time zone such as Europe/Paris"


# --------------------------------------------------------------------------- --param


@pytest.mark.parametrize(
    ("contract", "params", "message"),
    [
        (
            VOIP,
            (),
            "parameter `monthly_fee` (an amount of money) is required: "
            "give it as --param monthly_fee=1000",
        ),
        (
            VOIP,
            ("--param", "monthly_fee=lots"),
            "parameter `monthly_fee` must be an amount of money, not `lots` "
            "(for example --param monthly_fee=1000)",
        ),
        (
            VOIP,
            ("--param", "monthly_fee=1000 EUR"),
            "parameter `monthly_fee` is in USD, the contract's currency, not `1000 EUR` "
            "(for example --param monthly_fee=1000)",
        ),
        (
            VOIP,
            ("--param", "monthly_fee=1000", "--param", "colour=red"),
            "the contract has no parameter `colour` (its parameters: `monthly_fee`)",
        ),
        (VOIP, ("--param", "monthly_fee"), "--param 'monthly_fee': write --param NAME=VALUE"),
        (
            VOIP,
            ("--param", "monthly_fee=1000000000000000"),
            "parameter `monthly_fee` is too large: `1000000000000000` (at most 15 digits before"
            " the point)",
        ),
        (
            VOIP,
            ("--param", "monthly_fee=1e400000000"),
            "parameter `monthly_fee` must be an amount of money, not `1e400000000` "
            "(for example --param monthly_fee=1000)",
        ),
        (
            CPAAS,
            ("--param", "monthly_fee=1000"),
            "parameter `connection` (one of redundant, single) is required: "
            "give it as --param connection=redundant",
        ),
        (
            CPAAS,
            ("--param", "monthly_fee=1000", "--param", "connection=triple"),
            "parameter `connection` must be one of redundant, single, not `triple` "
            "(for example --param connection=redundant)",
        ),
    ],
)
def test_a_missing_or_ill_typed_param_is_a_usage_error_naming_it(
    tmp_path: Path, contract: Path, params: tuple[str, ...], message: str
) -> None:
    events = write(tmp_path / "events.jsonl", [OPENED, ANSWERED])
    assert usage_error(invoke(contract, events, *params)) == message


def test_money_may_name_the_contract_currency(tmp_path: Path) -> None:
    events = write(tmp_path / "events.jsonl", [OPENED, ANSWERED])
    (april,) = report(VOIP, events, "--param", "monthly_fee=1000 USD")["periods"]
    assert april["credit_total"] == {"percent": "15", "amount": "150.00", "currency": "USD"}


# --------------------------------------------------------------------------- files

BROKEN = 'contract demo "Demo" { currency USD }\nservice voip "VoIP"\n' + (
    "availability uptime { service vopi target 99.9% per calendar month }\n"
)


def test_a_contract_with_errors_exits_one_with_its_diagnostics(tmp_path: Path) -> None:
    contract = tmp_path / "broken.sla"
    contract.write_text(BROKEN, encoding="utf-8")
    events = write(tmp_path / "events.jsonl", [OPENED])
    result = invoke(contract, events, "--format", "json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{contract}:3:31: error: no service named `vopi` is defined [SLA-E201]",
        "  |",
        "3 | availability uptime { service vopi target 99.9% per calendar month }",
        "  |                               ^~~~",
        "  = hint: did you mean `voip`?",
        f"{contract}: the contract has errors; nothing was evaluated",
    ]


def test_missing_files_are_clear_usage_errors(tmp_path: Path) -> None:
    events = write(tmp_path / "events.jsonl", [OPENED])
    missing = tmp_path / "missing.jsonl"
    message = usage_error(invoke(VOIP, events, missing, *FEE))
    assert message == f"cannot read events: no such event file: {missing}"
    message = usage_error(invoke(VOIP, tmp_path, *FEE))
    assert message == f"cannot read events: event source is a directory: {tmp_path}"
    message = usage_error(invoke(tmp_path / "missing.sla", events, *FEE))
    assert message.startswith(f"cannot read {tmp_path / 'missing.sla'}: ")


# --------------------------------------------------------------------------- text and JSON


def test_text_is_the_default_format_and_summarises_each_period() -> None:
    result = invoke(VOIP, VOIP_EVENTS, *FEE, "--period", "2026-04")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert invoke(VOIP, VOIP_EVENTS, *FEE, "--period", "2026-04", "--format", "text").stdout == (
        result.stdout
    )
    text = result.stdout
    lines = [line.rstrip() for line in text.splitlines()]
    assert lines[:2] == ["voip: 13 events read, 13 accepted, 0 duplicates, 0 rejected", "2026-04"]
    assert cells(text, "objective") == [
        "objective", "kind", "service", "target", "actual", "met", "breaches"
    ]  # fmt: skip
    assert cells(text, "uptime") == ["uptime", "availability", "voip", "99.9", "98.9583", "NO", ""]
    assert cells(text, "mos") == ["mos", "metric", "voip", "4.0", "3.85", "NO", ""]
    assert cells(text, "restoration") == [
        "restoration", "timer", "", "PT1H", "", "NO", "o1 +PT1H, o3 +PT4H30M"
    ]  # fmt: skip
    assert cells(text, "support_response") == [
        "support_response", "timer", "", "PT4H", "", "NO", "t1 +PT2H30M"
    ]  # fmt: skip
    assert lines[-4:] == [
        "  credit uptime_credit: uptime 98.9583% is 0.9417 points below 99.9%: "
        "1 started x 1% x 10% = 10% of 1000.00 USD",
        "  credit mos_credit: mos 3.85 is 0.15 below 4.0: "
        "2 started x 0.1 x 10% = 20% of 1000.00 USD",
        "  credit response_credit: t1 PT2H30M late: 3 started x PT1H x 5% = 15% of 1000.00 USD",
        "  credits: 45% = 450.00 USD",
    ]
    assert "\x1b[" not in text  # no colours when standard output is not a terminal


def test_text_gives_no_credit_total_for_a_period_with_a_charge_alone() -> None:
    """support-hotline, April 2026: an emergency call-out is charged, no credit is due; the
    period shows the charge, not "credits: 0% = 0.00 USD"."""
    hotline = ROOT / "contracts" / "support-hotline.sla"
    events = ROOT / "tests" / "scenarios" / "support-hotline" / "events.jsonl"
    result = invoke(hotline, events, "--period", "2026-04")
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    last = lines.index(next(line for line in lines if line.startswith("  charge")))
    assert " ".join(lines[last:]) == (  # the reason wraps at the pinned 120 columns
        "  charge off_hour_emergency: ticket t3: PT1H15M from ticket.acknowledged to "
        "ticket.resolved, at least PT2H: 2 x PT1H x 100 USD = 200.00 USD"
    )
    assert not any(line.startswith("  credits:") for line in lines)


def test_text_report_heads_each_customer(tmp_path: Path) -> None:
    events = write(tmp_path / "events.jsonl", TWO_CUSTOMERS)
    result = invoke(VOIP, events, *FEE)
    assert result.exit_code == 0, result.output
    text = result.stdout
    headings = [line.strip("─ ") for line in text.splitlines() if line.startswith("─")]
    assert headings == ["customer acme", "customer zeta"]
    acme, zeta = text.split("customer zeta")
    assert cells(acme, "support_response")[-1] == "t1 +PT2H30M"
    assert "  credits: 15% = 150.00 USD" in acme.splitlines()
    assert cells(zeta, "restoration")[-1] == "o1 +PT1H"
    assert "  credits: 10% = 100.00 USD" in zeta.splitlines()


def test_text_shows_names_from_events_as_written_not_as_markup(tmp_path: Path) -> None:
    events = write(
        tmp_path / "events.jsonl",
        [{**OPENED, "ticket": "[/x]", "customer": "[/a]"},
         {**ANSWERED, "ticket": "[/x]", "customer": "[/a]"},
         {**OPENED, "ticket": "[red]y", "customer": "[bold]b"},
         {**ANSWERED, "ticket": "[red]y", "customer": "[bold]b"}],
    )  # fmt: skip
    result = invoke(VOIP, events, *FEE)
    assert result.exit_code == 0, result.output
    headings = [line.strip("─ ") for line in result.stdout.splitlines() if line.startswith("─")]
    assert headings == ["customer [/a]", "customer [bold]b"]
    first, second = result.stdout.split("customer [bold]b")
    assert cells(first, "support_response")[-1] == "[/x] +PT2H30M"
    assert cells(second, "support_response")[-1] == "[red]y +PT2H30M"
    assert "  credit response_credit: [red]y PT2H30M late: " in second


def shuffled_within_a_day() -> list[dict[str, Any]]:
    """TWO_CUSTOMERS and a few more, spanning under a day (well inside the 7-day window)."""
    events = [
        {**event, "at": event["at"].replace("2026-04-03", "2026-04-05")} for event in TWO_CUSTOMERS
    ] + [
        {"at": "2026-04-05T11:00:00Z", "type": "measurement", "metric": "mos", "value": 3.7,
         "service": "voip", "customer": "zeta"},
        {"at": "2026-04-05T11:30:00Z", "type": "measurement", "metric": "mos", "value": 4.25,
         "service": "voip", "customer": "acme", "count": 3},
    ]  # fmt: skip
    return [events[i] for i in (5, 3, 0, 2, 4, 1)]


def test_json_is_byte_identical_across_runs_and_input_orders(tmp_path: Path) -> None:
    events = sorted(shuffled_within_a_day(), key=lambda event: str(event["at"]))
    ordered = write(tmp_path / "a" / "events.jsonl", events)
    shuffled = write(tmp_path / "b" / "events.jsonl", shuffled_within_a_day())
    assert ordered.read_text(encoding="utf-8") != shuffled.read_text(encoding="utf-8")
    runs = [invoke(VOIP, path, *FEE, "--format", "json") for path in (ordered, ordered, shuffled)]
    assert [run.exit_code for run in runs] == [0, 0, 0]
    first = runs[0].stdout_bytes
    assert runs[1].stdout_bytes == first
    assert runs[2].stdout_bytes == first
    out = json.loads(first)
    assert out["events"] == {"read": 6, "accepted": 6, "duplicates": 0, "rejected": 0}
    assert [c["customer"] for c in out["customers"]] == ["acme", "zeta"]
    assert [summary(c["periods"][0])[1] for c in out["customers"]] == [
        ("mos", "4.25", True),
        ("mos", "3.7", False),
    ]


# --------------------------------------------------------------------------- progress bar


def test_no_progress_bar_when_standard_error_is_not_a_terminal() -> None:
    for output_format in ("text", "json", "md"):
        result = invoke(VOIP, VOIP_EVENTS, *FEE, "--format", output_format)
        assert result.exit_code == 0, result.output
        assert result.stderr == ""
        assert "reading events" not in result.stdout


def _run_with_terminal_stderr(*args: str | Path) -> tuple[int, bytes, bytes]:
    """`python -m sladsl eval ARGS` with standard error a pseudo-terminal and standard output a
    pipe: status, standard output, and what reached the terminal."""
    import pty
    import select

    environment = {k: v for k, v in os.environ.items() if k not in _RICH}
    environment.update(TERM="xterm-256color", COLUMNS="120")
    primary, secondary = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "sladsl", "eval", *map(str, args)],
            stdout=subprocess.PIPE,
            stderr=secondary,
            env=environment,
        )
        os.close(secondary)
        terminal = bytearray()
        while True:
            ready, _, _ = select.select([primary], [], [], 30)
            if not ready:
                break
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # EIO: the child closed its end
                break
            if not chunk:
                break
            terminal += chunk
        stdout, _ = process.communicate(timeout=60)
    finally:
        os.close(primary)
    return process.returncode, stdout, bytes(terminal)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_progress_bar_goes_to_a_terminal_stderr_and_never_to_stdout() -> None:
    args = (VOIP, VOIP_EVENTS, *FEE)
    piped = [invoke(*args, "--format", f).stdout_bytes for f in ("text", "json")]
    status, stdout, terminal = _run_with_terminal_stderr(*args)
    assert status == 0
    assert b"reading events" in terminal
    assert stdout == piped[0]
    status, stdout, terminal = _run_with_terminal_stderr(*args, "--format", "json")
    assert status == 0
    assert terminal == b""
    assert stdout == piped[1]
    # A compliance report takes as long to read its events: the bar shows, the report is whole.
    status, stdout, terminal = _run_with_terminal_stderr(*args, "--format", "md")
    assert status == 0
    assert b"reading events" in terminal
    assert stdout == invoke(*args, "--format", "md").stdout_bytes


def test_events_outside_the_years_evaluated_are_rejected(tmp_path: Path) -> None:
    far = {**OPENED, "at": "9999-12-31T23:00:00Z", "ticket": "t9"}
    events = write(tmp_path / "e.jsonl", [OPENED, ANSWERED, far])
    got = report(VOIP, events, "--param", "monthly_fee=1000")
    assert got["events"] == {"read": 3, "accepted": 2, "duplicates": 0, "rejected": 1}
    assert got["rejected"][0]["line"] == 3
    assert got["rejected"][0]["reason"] == "`at` is outside the years evaluated (0002-9998)"


def test_events_without_a_customer_come_first(tmp_path: Path) -> None:
    named = [{**OPENED, "customer": name, "ticket": name} for name in ("zeta", "Acme")]
    events = write(tmp_path / "e.jsonl", [*named, OPENED])
    got = report(VOIP, events, "--param", "monthly_fee=1000")
    assert [c["customer"] for c in got["customers"]] == [None, "Acme", "zeta"]


def test_a_second_start_or_opening_names_the_first_in_rfc_3339(tmp_path: Path) -> None:
    events = [
        {"at": "2026-04-06T09:12:00Z", "type": "outage.start", "outage": "o1", "service": "voip"},
        {"at": "2026-04-06T09:13:00Z", "type": "outage.start", "outage": "o1", "service": "voip"},
        {"at": "2026-04-06T09:14:00Z", "type": "ticket.opened", "ticket": "t1", "severity": "S1"},
        {"at": "2026-04-06T09:15:00Z", "type": "ticket.opened", "ticket": "t1", "severity": "S1"},
    ]
    result = report(VOIP, write(tmp_path / "e.jsonl", events), "--param", "monthly_fee=400")
    assert [r["reason"] for r in result["rejected"]] == [
        "outage 'o1' is already open (since 2026-04-06T09:12:00Z)",
        "ticket 't1' is already open (since 2026-04-06T09:14:00Z)",
    ]
