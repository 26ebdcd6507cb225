"""docs/semantics.md, claim by claim: tiny contracts and event streams through the evaluator.

Each test is named after the section of docs/semantics.md it pins (`test_s4_...` is section 4,
`test_s4_3_...` its item 3) and the claim, so a failure points at the paragraph to read. Only
claims that no other test pins are here: the scenarios (`test_scenarios.py`), the calendar engine
(`test_business_time.py`), the event reader (`test_events.py`) and the other `test_eval_*.py`
files pin the rest. The streams run through `engine.evaluate`, the code path of `sladsl eval`,
and the report is read as JSON (a float anywhere in it fails the test).
"""

from __future__ import annotations

import json
import re
import tempfile
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sladsl.checker import parse_and_check
from sladsl.evaluate.engine import evaluate
from sladsl.evaluate.params import resolve_params
from sladsl.events import EventStream

ROOT = Path(__file__).resolve().parent.parent
SEMANTICS = ROOT / "docs" / "semantics.md"
UTC_HEADER = 'contract demo "Demo" { currency USD zone UTC }\n'
LA_HEADER = 'contract demo "Demo" { currency USD zone America/Los_Angeles }\n'

Report = dict[str, Any]
Event = dict[str, Any]


def _no_float(text: str) -> Decimal:
    raise AssertionError(f"the report holds a float: {text}")


def run(
    contract: str,
    events: list[Event],
    params: dict[str, str] | None = None,
    *,
    start: str | None = None,
    end: str | None = None,
) -> Report:
    """The JSON report of `sladsl eval` for a contract (which must check clean) and events."""
    checked, diagnostics = parse_and_check(contract)
    errors = [d for d in diagnostics if d.is_error]
    assert checked is not None and not errors, errors
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.jsonl"
        path.write_text("".join(json_line(e) + "\n" for e in events), encoding="utf-8")
        report = evaluate(
            checked,
            resolve_params(checked, params or {}),
            EventStream([str(path)]),
            start=None if start is None else instant(start),
            end=None if end is None else instant(end),
        )
    loaded: Report = json.loads(json.dumps(report), parse_float=_no_float)
    return loaded


def run_clean(contract: str, events: list[Event], params: dict[str, str] | None = None,
              **span: str) -> Report:  # fmt: skip
    """As `run`, for a stream every line of which must be accepted."""
    report = run(contract, events, params, **span)
    assert report["rejected"] == [], report["rejected"]
    return report


def demo(body: str, header: str = UTC_HEADER) -> str:
    """A contract: the `demo` header (USD, in UTC unless another header is given), then `body`."""
    return header + body


def json_line(event: Event) -> str:
    """An event as a line of JSON, its Decimal values written as the exact numbers they are."""
    marked = {k: f"<<{v}>>" if isinstance(v, Decimal) else v for k, v in event.items()}
    return re.sub(r'"<<([^>]*)>>"', r"\1", json.dumps(marked))


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def period(report: Report, label: str) -> Report:
    (found,) = [p for p in report["periods"] if p["period"] == label]
    assert isinstance(found, dict)
    return found


def labels(report: Report) -> list[str]:
    return [p["period"] for p in report["periods"]]


def objective(period_report: Report, name: str, service: str | None = None) -> Report:
    (found,) = [
        o
        for o in period_report["objectives"]
        if o["name"] == name and (service is None or o["service"] == service)
    ]
    assert isinstance(found, dict)
    return found


def breaches(period_report: Report, name: str) -> list[tuple[str, str, str, str, bool]]:
    """(ref, limit, excess, deadline, open) of each breach of a timer in a period."""
    return [
        (b["ref"], b["limit"], b["excess"], b["deadline"], b["open"])
        for b in objective(period_report, name)["breaches"]
    ]


def remedies(period_report: Report) -> list[tuple[str, str | None, str | None, str | None]]:
    """(name, percent, amount, duration) of each remedy of a period."""
    return [
        (r["name"], r["percent"], r["amount"], r["duration"]) for r in period_report["remedies"]
    ]


def outage(name: str, start: str, stop: str | None = None, **fields: Any) -> list[Event]:
    lines: list[Event] = [{"at": start, "type": "outage.start", "outage": name, **fields}]
    if stop is not None:
        lines.append({"at": stop, "type": "outage.end", "outage": name})
    return lines


def ticket(kind: str, at: str, name: str = "t1", **fields: Any) -> Event:
    return {"at": at, "type": f"ticket.{kind}", "ticket": name, **fields}


def sample(at: str, value: str, metric: str = "q", **fields: Any) -> Event:
    return {"at": at, "type": "measurement", "metric": metric, "value": Decimal(value), **fields}


def claim(at: str, label: str) -> Event:
    return {"at": at, "type": "claim.submitted", "period": label}


# =========================================================================== 1. Time


def test_s1_periods_begin_at_local_midnight_and_a_dst_month_is_743_hours() -> None:
    """Local time only decides where periods begin; durations are real time: March 2026 in
    Los Angeles starts 08:00Z, ends 07:00Z and holds 743 hours, so 1 hour down is 99.8654%."""
    contract = demo(
        """service s "S"
availability up { service s target 99% per calendar month }
""",
        LA_HEADER,
    )
    report = run_clean(contract, outage("o", "2026-03-10T00:00:00Z", "2026-03-10T01:00:00Z",
                                        service="s"))  # fmt: skip
    march = period(report, "2026-03")
    assert (march["start"], march["end"]) == ("2026-03-01T08:00:00Z", "2026-04-01T07:00:00Z")
    assert objective(march, "up")["actual"] == "99.8654"  # (743 - 1) / 743


def test_s1_a_local_day_with_the_clock_change_is_23_real_hours() -> None:
    contract = demo(
        """service s "S"
timer resp { from ticket.opened to ticket.acknowledged within 1h }
""",
        LA_HEADER,
    )
    # From local midnight of Sunday 8 March (PST) to local midnight of Monday 9 March (PDT).
    report = run_clean(contract, [ticket("opened", "2026-03-08T08:00:00Z"),
                                  ticket("acknowledged", "2026-03-09T07:00:00Z")])  # fmt: skip
    (breach,) = objective(period(report, "2026-03"), "resp")["breaches"]
    assert breach["actual"] == "PT23H"


OFFICE = """service s "S"
calendar office { zone UTC open mon-fri 09:00-18:00 }
"""


def test_s1_hours_on_a_calendar_count_open_time_and_closed_time_waits() -> None:
    """`within 3h in office` from Friday 16:30 ends Monday 10:30; from Saturday 10:00 it starts
    counting at Monday's opening and ends Monday 12:00."""
    contract = demo(
        OFFICE
        + """
timer resp { from ticket.opened to ticket.acknowledged within 3h in office }
"""
    )
    report = run_clean(contract, [
        ticket("opened", "2026-04-10T16:30:00Z"),  # Friday
        ticket("opened", "2026-04-11T10:00:00Z", "t2"),  # Saturday
        ticket("acknowledged", "2026-04-13T10:45:00Z"),  # Monday: 1 h 30 + 1 h 45 of open time
        ticket("acknowledged", "2026-04-13T12:15:00Z", "t2"),  # Monday: 3 h 15 of open time
    ])  # fmt: skip
    assert breaches(period(report, "2026-04"), "resp") == [
        ("t1", "PT3H", "PT15M", "2026-04-13T10:30:00Z", False),
        ("t2", "PT3H", "PT15M", "2026-04-13T12:00:00Z", False),
    ]


def test_s1_days_on_a_calendar_end_at_the_same_local_time_on_the_nth_open_day() -> None:
    """`within 2 days in support_hours` (08:00-18:00) from Friday 17:00 ends Tuesday 17:00; its
    limit, as open time, is 1 h (Friday) + 10 h (Monday) + 9 h (Tuesday) = 20 h. From Monday
    20:00 (closed), 1 day ends Tuesday 20:00 (closed too): a stop at 21:00 is no breach."""
    contract = demo("""service s "S"
calendar support_hours { zone UTC open mon-fri 08:00-18:00 }
timer fix { from ticket.opened to ticket.resolved within 2 days in support_hours }
timer next_day { from ticket.opened to ticket.resolved within 1 day in support_hours }
""")
    report = run_clean(contract, [
        ticket("opened", "2026-04-10T17:00:00Z"),
        ticket("resolved", "2026-04-14T17:30:00Z"),
        ticket("opened", "2026-04-20T20:00:00Z", "t2"),
        ticket("resolved", "2026-04-21T21:00:00Z", "t2"),
    ])  # fmt: skip
    april = period(report, "2026-04")
    assert breaches(april, "fix") == [("t1", "PT20H", "PT30M", "2026-04-14T17:00:00Z", False)]
    assert [b[0] for b in breaches(april, "next_day")] == ["t1"]


# =========================================================================== 2. Events


def test_s2_an_event_that_names_a_component_is_about_its_service() -> None:
    contract = demo("""service numbers "Numbers" { component sms "SMS" }
availability up { service numbers target 99% per calendar month }
metric quality { service numbers measure q target mean >= 4.0 per calendar month }
timer resp { service numbers from ticket.opened to ticket.acknowledged within 1h }
""")
    report = run_clean(contract, [
        *outage("o", "2026-04-10T02:00:00Z", "2026-04-10T04:00:00Z", service="sms"),
        sample("2026-04-11T00:00:00Z", "3.5", service="sms"),
        ticket("opened", "2026-04-12T00:00:00Z", service="sms"),
        ticket("acknowledged", "2026-04-12T03:00:00Z"),
    ])  # fmt: skip
    april = period(report, "2026-04")
    assert objective(april, "up")["downtime"] == "PT2H"
    assert objective(april, "quality")["actual"] == "3.5"
    assert objective(april, "quality")["service"] == "numbers"
    assert breaches(april, "resp") == [("t1", "PT1H", "PT2H", "2026-04-12T01:00:00Z", False)]


def test_s2_events_without_a_service_and_events_of_an_unknown_service() -> None:
    """An outage or a measurement that names no service is one of every service; a ticket that
    names none is timed only by timers that name no service; an unknown service is accepted and
    measured by nothing."""
    contract = demo("""service sa "A"
service sb "B"
availability up { service sa, sb target 99% per calendar month }
metric quality { service sa measure q target mean >= 4.0 per calendar month }
timer restore { service sa from outage.start to outage.end within 1h }
timer resp_a { service sa from ticket.opened to ticket.acknowledged within 1h }
timer resp_any { from ticket.opened to ticket.acknowledged within 1h }
""")
    report = run_clean(contract, [
        *outage("o", "2026-04-01T00:00:00Z", "2026-04-01T02:00:00Z"),
        *outage("x", "2026-04-02T00:00:00Z", "2026-04-02T05:00:00Z", service="elsewhere"),
        sample("2026-04-03T00:00:00Z", "3.0"),
        ticket("opened", "2026-04-04T00:00:00Z"),
        ticket("acknowledged", "2026-04-04T03:00:00Z"),
    ])  # fmt: skip
    april = period(report, "2026-04")
    assert objective(april, "up", "sa")["downtime"] == "PT2H"
    assert objective(april, "up", "sb")["downtime"] == "PT2H"
    assert objective(april, "quality")["actual"] == "3"
    assert [b[0] for b in breaches(april, "restore")] == ["o"]
    assert breaches(april, "resp_a") == []
    assert [b[0] for b in breaches(april, "resp_any")] == ["t1"]


def test_s2_a_ticket_a_timer_waits_on_is_known_past_30_days() -> None:
    """A ticket is finished only once nothing waits on it: an RFO 40 days after the resolution
    is accepted, and late."""
    contract = demo("""service s "S"
timer rfo { from ticket.resolved to ticket.rfo within 48h }
""")
    report = run_clean(contract, [ticket("opened", "2026-04-01T00:00:00Z"),
                                  ticket("resolved", "2026-04-01T01:00:00Z"),
                                  ticket("rfo", "2026-05-11T01:00:00Z")])  # fmt: skip
    assert breaches(period(report, "2026-04"), "rfo") == [
        ("t1", "P2D", "P38D", "2026-04-03T01:00:00Z", False)
    ]


def test_s2_customers_share_one_horizon() -> None:
    """Customer a's open ticket runs to the latest event of the stream, customer b's."""
    contract = demo("""service s "S"
timer resp { from ticket.opened to ticket.acknowledged within 1h }
""")
    report = run_clean(contract, [
        ticket("opened", "2026-04-01T00:00:00Z", customer="a"),
        ticket("opened", "2026-04-01T10:00:00Z", customer="b"),
    ])  # fmt: skip
    (first, second) = report["customers"]
    assert breaches(first["periods"][0], "resp") == [
        ("t1", "PT1H", "PT9H", "2026-04-01T01:00:00Z", True)
    ]
    assert breaches(second["periods"][0], "resp") == []


# =========================================================================== 3. Periods

ROLLING = """service s "S"
availability up { service s target 99% per rolling 28 days }
"""
ROLLING_EVENTS = [
    *outage("o1", "2026-03-03T10:00:00Z", "2026-03-03T12:00:00Z", service="s"),
    *outage("o2", "2026-04-20T12:00:00Z", "2026-04-20T13:00:00Z", service="s"),
]


def test_s3_rolling_windows_start_at_local_midnight_of_the_first_event() -> None:
    report = run_clean(UTC_HEADER + ROLLING, ROLLING_EVENTS)
    assert labels(report) == ["2026-03-03/P28D", "2026-03-31/P28D"]
    first, second = report["periods"]
    assert (first["start"], first["end"]) == ("2026-03-03T00:00:00Z", "2026-03-31T00:00:00Z")
    assert objective(first, "up")["actual"] == "99.7024"  # (672 h - 2 h) / 672 h
    assert objective(second, "up")["actual"] == "99.8512"


def test_s3_rolling_windows_start_at_from_and_are_local_days() -> None:
    """With --from, the windows start at its local day; in Los Angeles a window of 28 days
    spanning the spring change is 671 real hours."""
    report = run_clean(LA_HEADER + ROLLING, ROLLING_EVENTS, start="2026-02-20T12:00:00Z")
    assert labels(report) == ["2026-02-20/P28D", "2026-03-20/P28D", "2026-04-17/P28D"]
    first = report["periods"][0]
    assert (first["start"], first["end"]) == ("2026-02-20T08:00:00Z", "2026-03-20T07:00:00Z")
    assert objective(first, "up")["actual"] == "99.7019"  # (671 h - 2 h) / 671 h


def test_s3_a_rolling_metric_and_its_credit_use_the_same_windows() -> None:
    contract = demo("""param fee: money
service s "S"
metric quality { service s measure q target mean >= 4.0 per rolling 1 week }
credit low { 10% of fee per started 0.5 below target of quality }
""")
    report = run_clean(contract, [sample("2026-04-01T10:00:00Z", "3.9", service="s"),
                                  sample("2026-04-09T10:00:00Z", "2.9", service="s")],
                       {"fee": "100"})  # fmt: skip
    assert labels(report) == ["2026-04-01/P7D", "2026-04-08/P7D"]
    assert [remedies(p) for p in report["periods"]] == [
        [("low", "10", "10.00", None)],
        [("low", "30", "30.00", None)],
    ]


def test_s3_rolling_months_clamp_the_day_and_hours_are_real_time() -> None:
    contract = demo("""service s "S"
availability monthly { service s target 99% per rolling 1 month }
availability halfday { service s target 99% per rolling 12h }
""")
    report = run_clean(contract, outage("o", "2026-01-31T13:00:00Z", "2026-01-31T14:00:00Z",
                                        service="s"), end="2026-04-01T00:00:00Z")  # fmt: skip
    assert [p for p in labels(report) if p.endswith("P1M")] == [
        "2026-01-31/P1M",
        "2026-02-28/P1M",
        "2026-03-31/P1M",
    ]
    # 12-hour windows from local midnight of the first event's day; listed from the first event.
    assert labels(report)[:3] == ["2026-01-31/P1M", "2026-01-31T12:00/PT12H",
                                  "2026-02-01T00:00/PT12H"]  # fmt: skip
    afternoon = period(report, "2026-01-31T12:00/PT12H")
    assert objective(afternoon, "halfday")["actual"] == "91.6667"  # 11 h of 12


MIXED = """param fee: money
service s "S"
availability up { service s target 99% per calendar year }
metric quality { service s measure q target mean >= 3 per calendar quarter }
timer resp { service s from ticket.opened to ticket.acknowledged within 1h }
credit late { 10% of fee per started 1h over limit of resp }
"""


def test_s3_every_period_of_every_objective_by_label_timers_in_each() -> None:
    report = run_clean(UTC_HEADER + MIXED, [
        sample("2026-03-30T00:00:00Z", "2", service="s"),
        ticket("opened", "2026-04-30T00:00:00Z", service="s"),
        ticket("acknowledged", "2026-04-30T03:00:00Z"),
    ], {"fee": "100"})  # fmt: skip
    assert labels(report) == ["2026", "2026-Q1", "2026-Q2"]
    year, q1, q2 = report["periods"]
    assert [o["name"] for o in year["objectives"]] == ["up", "resp"]
    assert [o["name"] for o in q2["objectives"]] == ["quality", "resp"]
    assert objective(q1, "quality")["met"] is False
    # The breach is listed in each period that holds its deadline, the credit once: in the
    # periods of the first objective written (the year).
    assert len(objective(year, "resp")["breaches"]) == len(objective(q2, "resp")["breaches"]) == 1
    assert remedies(year) == [("late", "20", "20.00", None)]
    assert remedies(q2) == []


def test_s3_a_period_that_begins_at_the_horizon_is_listed() -> None:
    contract = demo("""service s "S"
availability up { service s target 99% per calendar month }
""")
    events = outage("o", "2026-04-10T00:00:00Z", "2026-04-10T01:00:00Z", service="s")
    assert labels(run_clean(contract, events, end="2026-05-01T00:00:00Z")) == [
        "2026-04",
        "2026-05",
    ]
    assert labels(run_clean(contract, events, end="2026-04-30T23:59:59Z")) == ["2026-04"]


def test_s3_outages_and_timers_open_at_the_horizon_are_cut_there() -> None:
    contract = demo("""service s "S"
availability up { service s target 99.9% per calendar month }
timer restore { service s from outage.start to outage.end within 1h }
""")
    report = run_clean(contract, outage("o", "2026-04-01T00:00:00Z", service="s"),
                       end="2026-04-01T03:00:00Z")  # fmt: skip
    april = period(report, "2026-04")
    assert objective(april, "up")["downtime"] == "PT3H"
    assert breaches(april, "restore") == [("o", "PT1H", "PT2H", "2026-04-01T01:00:00Z", True)]


# =========================================================================== 4. Availability

FULL_ONLY = """service s "S"
exclusion customer_side { cause customer }
availability up {
  service s target 99% per calendar month down when affected = 100%
  excluding customer_side total time less excluded time
}
"""


def test_s4_1_an_update_changes_the_share_affected_from_its_instant() -> None:
    report = run_clean(UTC_HEADER + FULL_ONLY, [
        {"at": "2026-04-01T00:00:00Z", "type": "outage.start", "outage": "o", "service": "s",
         "affected": Decimal("0.5")},
        {"at": "2026-04-01T01:00:00Z", "type": "outage.update", "outage": "o", "affected": 1},
        {"at": "2026-04-01T01:30:00Z", "type": "outage.update", "outage": "o", "affected": 1},
        {"at": "2026-04-01T01:30:00Z", "type": "outage.update", "outage": "o",
         "affected": Decimal("0.2")},  # the last of two at one instant counts
        {"at": "2026-04-01T03:00:00Z", "type": "outage.end", "outage": "o"},
    ])  # fmt: skip
    assert objective(period(report, "2026-04"), "up")["downtime"] == "PT30M"


def test_s4_3_only_downtime_is_excluded_downtime() -> None:
    """A partial outage caused by the customer is not downtime, so not excluded time either:
    it takes nothing out of the total."""
    report = run_clean(UTC_HEADER + FULL_ONLY, [
        *outage("o", "2026-04-01T00:00:00Z", "2026-04-01T10:00:00Z", service="s",
                affected=Decimal("0.5"), cause="customer"),
        *outage("p", "2026-04-02T00:00:00Z", "2026-04-02T01:00:00Z", service="s"),
    ])  # fmt: skip
    up = objective(period(report, "2026-04"), "up")
    assert (up["downtime"], up["excluded"], up["actual"]) == ("PT1H", "PT0S", "99.8611")


MAINTENANCE = """service s "S"
service other "Other"
exclusion planned { during announced maintenance notice at least 24h }
availability up { service s, other target 99% per calendar month excluding planned }
timer restore { service s from outage.start to outage.end excluding planned within 1h }
"""


def announce(at: str, name: str, start: str, stop: str, **fields: Any) -> Event:
    return {"at": at, "type": "maintenance.announced", "maintenance": name, "start": start,
            "end": stop, **fields}  # fmt: skip


def test_s4_3_maintenance_is_excluded_with_its_notice_and_announced_before_the_outage() -> None:
    report = run_clean(UTC_HEADER + MAINTENANCE, [
        # Announced two days ahead, for every service: excluded, and no restoration timer.
        announce("2026-04-01T02:00:00Z", "m1", "2026-04-03T02:00:00Z", "2026-04-03T04:00:00Z"),
        *outage("o1", "2026-04-03T02:00:00Z", "2026-04-03T04:00:00Z", service="s"),
        # Announced an hour ahead: too late for the 24 h notice: downtime, and timed.
        announce("2026-04-10T01:00:00Z", "m2", "2026-04-10T02:00:00Z", "2026-04-10T05:00:00Z",
                 service="s"),
        *outage("o2", "2026-04-10T02:00:00Z", "2026-04-10T04:00:00Z", service="s"),
        # Announced with notice, but after the outage had begun: downtime, and timed.
        *outage("o3", "2026-04-20T00:00:00Z", service="s"),
        announce("2026-04-20T01:00:00Z", "m3", "2026-04-22T00:00:00Z", "2026-04-23T00:00:00Z",
                 service="s"),
        {"at": "2026-04-22T06:00:00Z", "type": "outage.end", "outage": "o3"},
    ])  # fmt: skip
    april = period(report, "2026-04")
    up = objective(april, "up", "s")
    assert (up["downtime"], up["excluded"]) == ("P2DT8H", "PT2H")
    assert objective(april, "up", "other")["downtime"] == "PT0S"
    assert [b[0] for b in breaches(april, "restore")] == ["o2", "o3"]


def test_s4_4_granularity_counts_whole_units_from_the_period_start() -> None:
    """Two short outages touch the minutes 00:00 and 00:01: 2 minutes. Hours are counted from
    local midnight: in Kolkata (+05:30) 10:20Z-10:40Z touches the local hours 15 and 16."""
    contract = """service s "S"
availability up { service s target 99% per calendar month granularity 1min }
availability hourly { service s target 99% per calendar month granularity 1h }
"""
    minutes = run_clean(UTC_HEADER + contract, [
        *outage("o", "2026-04-01T00:00:30Z", "2026-04-01T00:01:10Z", service="s"),
        *outage("p", "2026-04-01T00:01:50Z", "2026-04-01T00:02:00Z", service="s"),
    ])  # fmt: skip
    assert objective(period(minutes, "2026-04"), "up")["downtime"] == "PT2M"
    kolkata = 'contract demo "Demo" { currency USD zone Asia/Kolkata }\n' + contract
    hours = run_clean(kolkata, outage("o", "2026-04-10T10:20:00Z", "2026-04-10T10:40:00Z",
                                      service="s"))  # fmt: skip
    assert objective(period(hours, "2026-04"), "hourly")["downtime"] == "PT2H"


def test_s4_6_with_less_excluded_time_an_overlap_counts_as_excluded_only() -> None:
    report = run_clean(UTC_HEADER + FULL_ONLY, [
        *outage("o", "2026-04-01T00:00:00Z", service="s", cause="customer"),
        *outage("p", "2026-04-01T01:00:00Z", service="s"),
        {"at": "2026-04-01T02:00:00Z", "type": "outage.end", "outage": "o"},
        {"at": "2026-04-01T03:00:00Z", "type": "outage.end", "outage": "p"},
    ])  # fmt: skip
    up = objective(period(report, "2026-04"), "up")
    # (720 h - 2 h excluded - 1 h down) / (720 h - 2 h)
    assert (up["downtime"], up["excluded"], up["actual"]) == ("PT1H", "PT2H", "99.8607")


def test_s4_7_met_compares_the_exact_value_not_the_one_shown() -> None:
    """99.9% of April allows 43 min 12 s; 0.1 s more shows 99.9000% and is not met."""
    contract = demo("""service s "S"
availability up { service s target 99.9% per calendar month }
""")
    report = run_clean(contract, outage("o", "2026-04-01T00:00:00Z", "2026-04-01T00:43:12.1Z",
                                        service="s"))  # fmt: skip
    up = objective(period(report, "2026-04"), "up")
    assert (up["actual"], up["met"]) == ("99.9000", False)


def test_s4_7_an_objective_of_several_services_is_met_when_each_is() -> None:
    contract = demo("""param fee: money
service sa "A"
service sb "B"
availability up { service sa, sb target 99.9% per calendar month }
refund back { 100% of fee when up not met }
""")
    report = run_clean(contract, outage("o", "2026-04-01T00:00:00Z", "2026-04-01T01:00:00Z",
                                        service="sb"), {"fee": "100"})  # fmt: skip
    april = period(report, "2026-04")
    assert [objective(april, "up", s)["met"] for s in ("sa", "sb")] == [True, False]
    assert remedies(april) == [("back", "100", "100.00", None)]


# =========================================================================== 5. Quality metrics


def metric_contract(target: str, credit: str = "") -> str:
    return demo(f"""param fee: money
service s "S"
service elsewhere "Elsewhere"
metric quality {{ service s measure q target {target} per calendar month }}
{credit}""")


def quality(report: Report, label: str = "2026-04") -> Any:
    return objective(period(report, label), "quality")["actual"]


def test_s5_median_is_the_lower_middle_sample_by_nearest_rank() -> None:
    days = [sample(f"2026-04-0{day}T00:00:00Z", str(day), service="s") for day in (1, 2, 3, 4)]
    assert quality(run_clean(metric_contract("median >= 3"), days, {"fee": "1"})) == "2"
    weighted = [*days, {**sample("2026-04-05T00:00:00Z", "4", service="s"), "count": 2}]
    assert quality(run_clean(metric_contract("median >= 3"), weighted, {"fee": "1"})) == "3"


def test_s5_percentile_is_the_nearest_rank_weighted_by_count() -> None:
    def p95(low: int, high: int) -> Any:
        events = [
            {**sample("2026-04-01T00:00:00Z", "1", service="s"), "count": low},
            {**sample("2026-04-02T00:00:00Z", "10", service="s"), "count": high},
        ]
        return quality(run_clean(metric_contract("percentile 95 <= 5"), events, {"fee": "1"}))

    assert p95(95, 5) == "1"  # 95 of 100 samples are 1
    assert p95(94, 6) == "10"


def test_s5_samples_of_other_services_are_ignored() -> None:
    events = [sample("2026-04-01T00:00:00Z", "4.5", service="s"),
              sample("2026-04-02T00:00:00Z", "1", service="elsewhere")]  # fmt: skip
    assert quality(run_clean(metric_contract("mean >= 4"), events, {"fee": "1"})) == "4.5"


def test_s5_a_period_without_samples_has_no_value_and_is_not_missed() -> None:
    contract = metric_contract(
        "mean >= 4.0",
        """
credit low { 10% of fee per started 0.1 below target of quality }
refund poor { 50% of fee when quality not met }
refund good { 1% of fee when quality met }
count failing { periods where any of quality not met per calendar month at least 2 in a row }
termination leave { when failing }
""",
    )
    report = run_clean(contract, [sample("2026-04-10T00:00:00Z", "3.95", service="s"),
                                  sample("2026-06-10T00:00:00Z", "3.95", service="s"),
                                  sample("2026-07-10T00:00:00Z", "4.5", service="s")],
                       {"fee": "100"})  # fmt: skip
    may = period(report, "2026-05")
    assert (objective(may, "quality")["actual"], objective(may, "quality")["met"]) == (None, None)
    assert remedies(may) == []  # no credit; neither `not met` nor `met`; no run of two
    owed = {p["period"]: [name for name, *_ in remedies(p)] for p in report["periods"]}
    assert owed == {"2026-04": ["low", "poor"], "2026-05": [], "2026-06": ["low", "poor"],
                    "2026-07": ["good"]}  # fmt: skip


def test_s5_targets_in_seconds_and_percentage_points_and_a_shortfall_above() -> None:
    """`<= 3s` compares samples as seconds; the shortfall of a lower-is-better target is how
    far the value is above it."""
    contract = metric_contract(
        "mean <= 3s", "credit slow { 10% of fee per started 1s below target of quality }\n"
    )
    report = run_clean(contract, [sample("2026-04-01T00:00:00Z", "4.5", service="s")],
                       {"fee": "100"})  # fmt: skip
    april = period(report, "2026-04")
    assert objective(april, "quality")["target"] == "3"
    assert april["remedies"][0]["reason"] == (
        "quality 4.5s is 1.5s above 3s: 2 started x 1s x 10% = 20% of 100.00 USD"
    )
    share = metric_contract("mean >= 99.5%")
    report = run_clean(share, [sample("2026-04-01T00:00:00Z", "99.4", service="s")],
                       {"fee": "1"})  # fmt: skip
    assert objective(period(report, "2026-04"), "quality")["met"] is False


# =========================================================================== 6. Timers

LEVELS = """service s "S"
calendar office { zone UTC open mon-fri 09:00-17:00 }
severities lv { service s level P1 level P3 level P4 }
"""


def test_s6_start_and_stop_one_instance_per_ticket() -> None:
    """The first stop event stops it; a ticket restored before it was acknowledged has no
    instance; a second start event starts nothing."""
    contract = demo(
        LEVELS
        + """
timer fix { service s from ticket.acknowledged to ticket.restored or ticket.resolved within 1h }
"""
    )
    report = run_clean(contract, [
        ticket("opened", "2026-04-01T00:00:00Z", service="s", severity="P1"),
        ticket("acknowledged", "2026-04-01T00:10:00Z"),
        ticket("acknowledged", "2026-04-01T01:00:00Z"),
        ticket("restored", "2026-04-01T01:20:00Z"),
        ticket("resolved", "2026-04-01T09:00:00Z"),
        ticket("acknowledged", "2026-04-01T10:00:00Z"),  # after the stop: nothing
        ticket("opened", "2026-04-02T00:00:00Z", "t2", service="s", severity="P1"),
        ticket("restored", "2026-04-02T00:10:00Z", "t2"),
        ticket("acknowledged", "2026-04-02T00:20:00Z", "t2"),
    ], end="2026-04-05T00:00:00Z")  # fmt: skip
    assert breaches(period(report, "2026-04"), "fix") == [
        ("t1", "PT1H", "PT10M", "2026-04-01T01:10:00Z", False)
    ]


RESPONSE = """
timer resp {
  service s from ticket.opened to ticket.acknowledged
  P1 within 4h
  P3 within 24h in office
  P4 no limit "when feasible"
}
"""


def test_s6_a_severity_change_applies_the_new_row_from_the_start() -> None:
    """Opened 09:00 as P3, made P1 at 15:00, answered 16:00: 7 h on P1's 24x7 clock, 3 h over
    P1's 4 h, with the deadline 13:00 (before the change)."""
    report = run_clean(UTC_HEADER + LEVELS + RESPONSE, [
        ticket("opened", "2026-04-06T09:00:00Z", service="s", severity="P3"),
        {**ticket("severity_changed", "2026-04-06T15:00:00Z"), "severity": "P1"},
        ticket("acknowledged", "2026-04-06T16:00:00Z"),
    ])  # fmt: skip
    assert breaches(period(report, "2026-04"), "resp") == [
        ("t1", "PT4H", "PT3H", "2026-04-06T13:00:00Z", False)
    ]


def test_s6_no_limit_rows_and_levels_without_a_row_have_no_deadline() -> None:
    contract = demo(
        LEVELS
        + """
timer resp { service s from ticket.opened to ticket.acknowledged P1 within 4h }
timer resp_all { service s from ticket.opened to ticket.acknowledged P1 within 4h P4 no limit }
"""
    )
    report = run_clean(contract, [
        ticket("opened", "2026-04-06T09:00:00Z", service="s", severity="P1"),
        {**ticket("severity_changed", "2026-04-06T10:00:00Z"), "severity": "P3"},
        ticket("opened", "2026-04-06T09:00:00Z", "t2", service="s", severity="P1"),
        {**ticket("severity_changed", "2026-04-06T10:00:00Z", "t2"), "severity": "P4"},
    ], end="2026-04-30T00:00:00Z")  # fmt: skip
    april = period(report, "2026-04")
    assert breaches(april, "resp") == []  # P3 has no row: t1's instance ended, t2's too
    assert breaches(april, "resp_all") == []  # t1: no row; t2: no limit


def test_s6_the_target_is_the_limit_only_when_every_row_has_the_same_hours() -> None:
    """Rows of 4 h for each level: the target is PT4H. A `no limit` row, a row of open days or
    rows of different hours: no one duration is every level's limit, so the target is null."""
    contract = demo(
        LEVELS
        + """
timer same { service s from ticket.opened to ticket.acknowledged P1 within 4h P3 within 4h }
timer loose { service s from ticket.opened to ticket.acknowledged P1 within 4h P4 no limit }
timer days {
  service s from ticket.opened to ticket.acknowledged P1 within 2 days P3 within 5 days in office
}
timer open_days { service s from ticket.opened to ticket.acknowledged within 2 days in office }
timer mixed { service s from ticket.opened to ticket.acknowledged P1 within 4h P3 within 8h }
"""
    )
    report = run_clean(contract, [ticket("opened", "2026-04-06T09:00:00Z", service="s",
                                         severity="P1")], end="2026-04-07T00:00:00Z")  # fmt: skip
    april = period(report, "2026-04")
    targets = {name: objective(april, name)["target"]
               for name in ("same", "loose", "days", "open_days", "mixed")}  # fmt: skip
    assert targets == {"same": "PT4H", "loose": None, "days": None, "open_days": None,
                       "mixed": None}  # fmt: skip


def test_s6_excluded_tickets_by_their_cause_or_their_outages_are_not_timed() -> None:
    """t1 is linked to a customer outage: never timed. t2 is answered late, then resolved with
    cause customer: its breach is dropped. t3, answered as late, resolved by the provider, is
    the one breach."""
    contract = demo("""service s "S"
exclusion theirs { cause customer }
timer resp { service s from ticket.opened to ticket.acknowledged within 1h excluding theirs }
""")
    report = run_clean(contract, [
        *outage("o1", "2026-04-06T08:00:00Z", "2026-04-06T12:00:00Z", service="s",
                cause="customer"),
        ticket("opened", "2026-04-06T09:00:00Z", "t1", service="s", outage="o1"),
        ticket("acknowledged", "2026-04-06T13:00:00Z", "t1"),
        ticket("opened", "2026-04-07T09:00:00Z", "t2", service="s"),
        ticket("acknowledged", "2026-04-07T13:00:00Z", "t2"),
        {**ticket("resolved", "2026-04-07T14:00:00Z", "t2"), "cause": "customer"},
        ticket("opened", "2026-04-08T09:00:00Z", "t3", service="s"),
        ticket("acknowledged", "2026-04-08T13:00:00Z", "t3"),
        ticket("resolved", "2026-04-08T14:00:00Z", "t3"),
    ])  # fmt: skip
    assert [b[0] for b in breaches(period(report, "2026-04"), "resp")] == ["t3"]


PAUSED = demo("""service s "S"
calendar support_hours { zone UTC open mon-fri 08:00-18:00 }
timer resp { service s from ticket.opened to ticket.acknowledged paused while on hold within 4h }
timer fix {
  service s from ticket.opened to ticket.resolved paused while on hold
  within 5 days in support_hours
}
timer progress {
  service s repeat ticket.progress from ticket.acknowledged until ticket.restored
  paused while on hold every 1h
}
""")


def test_s6_time_on_hold_pushes_the_deadline_on() -> None:
    report = run_clean(PAUSED, [
        ticket("opened", "2026-04-01T00:00:00Z", service="s"),
        ticket("on_hold", "2026-04-01T01:00:00Z"),
        ticket("resumed", "2026-04-01T03:00:00Z"),
        ticket("acknowledged", "2026-04-01T07:00:00Z"),
    ])  # fmt: skip
    assert breaches(period(report, "2026-04"), "resp") == [
        ("t1", "PT4H", "PT1H", "2026-04-01T06:00:00Z", False)
    ]


def test_s6_time_on_hold_pushes_a_deadline_of_open_days_on() -> None:
    """5 support days from Monday 10:00 are 50 open hours (to Monday 10:00); 30 open hours on
    hold push the deadline to Thursday 10:00; resolved Thursday 12:00: 2 h late."""
    report = run_clean(PAUSED, [
        ticket("opened", "2026-04-06T10:00:00Z", service="s"),
        ticket("on_hold", "2026-04-07T10:00:00Z"),
        ticket("resumed", "2026-04-10T10:00:00Z"),
        ticket("resolved", "2026-04-16T12:00:00Z"),
    ])  # fmt: skip
    assert breaches(period(report, "2026-04"), "fix") == [
        ("t1", "P2DT2H", "PT2H", "2026-04-16T10:00:00Z", False)
    ]
    on_time = run_clean(PAUSED, [
        ticket("opened", "2026-04-06T10:00:00Z", service="s"),
        ticket("on_hold", "2026-04-07T10:00:00Z"),
        ticket("resumed", "2026-04-10T10:00:00Z"),
        ticket("resolved", "2026-04-14T12:00:00Z"),  # after the unpaused deadline
    ])  # fmt: skip
    assert breaches(period(on_time, "2026-04"), "fix") == []


def test_s6_recurring_gaps_less_time_on_hold_the_last_runs_to_the_horizon() -> None:
    report = run_clean(PAUSED, [
        ticket("opened", "2026-04-01T00:00:00Z", service="s"),
        ticket("progress", "2026-04-01T00:05:00Z"),  # before the start: counts for nothing
        ticket("acknowledged", "2026-04-01T00:10:00Z"),
        ticket("on_hold", "2026-04-01T00:40:00Z"),
        ticket("resumed", "2026-04-01T02:40:00Z"),
        ticket("progress", "2026-04-01T02:50:00Z"),  # 2 h 40, of which 2 h on hold: 40 min
        ticket("progress", "2026-04-01T05:00:00Z"),  # 2 h 10
    ], end="2026-04-01T07:30:00Z")  # fmt: skip
    assert breaches(period(report, "2026-04"), "progress") == [
        ("t1", "PT1H", "PT1H10M", "2026-04-01T03:50:00Z", False),
        ("t1", "PT1H", "PT1H30M", "2026-04-01T06:00:00Z", True),
    ]


def test_s6_a_breach_belongs_to_the_period_of_its_deadline() -> None:
    contract = demo("""service s "S"
availability up { service s target 99% per calendar month }
timer resp { from ticket.opened to ticket.acknowledged within 4h }
""")
    report = run_clean(contract, [ticket("opened", "2026-04-30T22:00:00Z"),
                                  ticket("acknowledged", "2026-05-01T05:00:00Z")])  # fmt: skip
    assert objective(period(report, "2026-04"), "resp")["breaches"] == []
    assert [b[3] for b in breaches(period(report, "2026-05"), "resp")] == ["2026-05-01T02:00:00Z"]


def test_s6_an_outage_timer_judges_the_whole_outage_when_it_ends() -> None:
    """`only when` and `excluding` see the share and cause the outage's last update left."""
    contract = demo("""service s "S"
exclusion customer_side { cause customer }
timer restore {
  service s from outage.start to outage.end excluding customer_side
  only when affected = 100% within 1h
}
""")
    report = run_clean(contract, [
        *outage("partial", "2026-04-01T00:00:00Z", "2026-04-01T03:00:00Z", service="s",
                affected=Decimal("0.5")),
        *outage("grew", "2026-04-02T00:00:00Z", service="s", affected=Decimal("0.5")),
        {"at": "2026-04-02T00:30:00Z", "type": "outage.update", "outage": "grew", "affected": 1},
        {"at": "2026-04-02T03:00:00Z", "type": "outage.end", "outage": "grew"},
        *outage("theirs", "2026-04-03T00:00:00Z", service="s"),
        {"at": "2026-04-03T00:30:00Z", "type": "outage.update", "outage": "theirs",
         "cause": "customer"},
        {"at": "2026-04-03T03:00:00Z", "type": "outage.end", "outage": "theirs"},
    ])  # fmt: skip
    assert [b[0] for b in breaches(period(report, "2026-04"), "restore")] == ["grew"]


# =========================================================================== 7. Counts

SEV1 = demo("""param fee: money
service s "S"
severities lv { service s level I level II }
count sev1 { tickets where severity = I and cause = provider more than 3 within 28 days }
refund back { 100% of fee when sev1 assessed per calendar month }
""")


def sev1_tickets(days: list[str], causes: dict[int, str] | None = None) -> list[Event]:
    lines = []
    for number, day in enumerate(days):
        name = f"t{number}"
        lines.append(ticket("opened", f"{day}T00:00:00Z", name, service="s", severity="I"))
        cause = (causes or {}).get(number)
        lines.append(ticket("resolved", f"{day}T01:00:00Z", name,
                            **({"cause": cause} if cause else {})))  # fmt: skip
    return sorted(lines, key=lambda e: str(e["at"]))


def test_s7_a_ticket_is_judged_with_the_cause_its_resolution_gives() -> None:
    days = ["2026-03-01", "2026-03-08", "2026-03-15", "2026-03-22"]
    counted = run_clean(SEV1, sev1_tickets(days), {"fee": "100"})
    assert remedies(period(counted, "2026-03")) == [("back", "100", "100.00", None)]
    theirs = run_clean(SEV1, sev1_tickets(days, {2: "customer"}), {"fee": "100"})
    assert remedies(period(theirs, "2026-03")) == []


def test_s7_the_window_ends_at_each_counted_ticket_and_is_open_at_its_start() -> None:
    """Four tickets exactly 28 days from first to last are not within 28 days; a fifth makes
    the window ending at it hold four."""
    days = ["2026-03-01", "2026-03-10", "2026-03-20", "2026-03-29"]
    report = run_clean(SEV1, sev1_tickets(days), {"fee": "100"})
    assert all(remedies(p) == [] for p in report["periods"])
    report = run_clean(SEV1, sev1_tickets([*days, "2026-04-02"]), {"fee": "100"})
    assert [(p["period"], remedies(p)) for p in report["periods"]] == [
        ("2026-03", []),
        ("2026-04", [("back", "100", "100.00", None)]),
    ]


def test_s7_the_flag_is_raised_in_each_period_a_counted_ticket_makes_it_hold() -> None:
    days = ["2026-03-20", "2026-03-24", "2026-03-28", "2026-03-30", "2026-04-03"]
    report = run_clean(SEV1, sev1_tickets(days), {"fee": "100"})
    assert [remedies(p) for p in report["periods"]] == [
        [("back", "100", "100.00", None)],
        [("back", "100", "100.00", None)],
    ]


def test_s7_outages_are_counted_at_their_start_once_they_end() -> None:
    """A starts 1 April and ends last; B and C start 10 April and 5 May: three starts over 34
    days are not 3 within 28 days. With C on 27 April they are, and the flag is April's."""
    contract = demo("""service s "S"
count frequent { outages at least 3 within 28 days }
termination leave { when frequent assessed per calendar month }
""")

    def stream(c_start: str, c_end: str) -> list[Event]:
        lines = [*outage("A", "2026-04-01T00:00:00Z", "2026-05-10T00:00:00Z", service="s"),
                 *outage("B", "2026-04-10T00:00:00Z", "2026-04-11T00:00:00Z", service="s"),
                 *outage("C", c_start, c_end, service="s")]  # fmt: skip
        return sorted(lines, key=lambda e: str(e["at"]))

    apart = run_clean(contract, stream("2026-05-05T00:00:00Z", "2026-05-06T00:00:00Z"))
    assert all(remedies(p) == [] for p in apart["periods"])
    close = run_clean(contract, stream("2026-04-27T00:00:00Z", "2026-04-28T00:00:00Z"))
    assert [(p["period"], [r[0] for r in remedies(p)]) for p in close["periods"]] == [
        ("2026-04", ["leave"]),
        ("2026-05", []),
    ]


def test_s7_periods_in_a_row_hold_from_the_nth_failed_period_on() -> None:
    contract = demo("""service s "S"
availability up { service s target 99.9% per calendar month }
count failing { periods where any of up not met per calendar month at least 3 in a row }
termination leave { when failing }
""")
    months = ["2026-04", "2026-05", "2026-06", "2026-07"]
    lines = [
        line
        for m in months
        for line in outage(f"o{m}", f"{m}-10T00:00:00Z", f"{m}-10T05:00:00Z", service="s")
    ]
    report = run_clean(contract, lines)  # fmt: skip
    assert [(p["period"], [r[0] for r in remedies(p)]) for p in report["periods"]] == [
        ("2026-04", []),
        ("2026-05", []),
        ("2026-06", ["leave"]),
        ("2026-07", ["leave"]),
    ]


# =========================================================================== 8. Remedies

SHORTFALL = demo("""param fee: money
service s "S"
availability up { service s target 99.9% per calendar month }
credit started_credit { 10% of fee per started 1% below target of up }
credit full_credit { 10% of fee per full 1% below target of up }
credit pro_rata_credit { 10% of fee per 1% pro rata below target of up }
""")


def test_s8_started_full_and_pro_rata_units() -> None:
    """30 h 36 min down in April: 95.75%, 4.15 points below: 5 started, 4 full, 4.15 units."""
    report = run_clean(SHORTFALL, outage("o", "2026-04-01T00:00:00Z", "2026-04-02T06:36:00Z",
                                         service="s"), {"fee": "1000"})  # fmt: skip
    assert remedies(period(report, "2026-04")) == [
        ("started_credit", "50", "500.00", None),
        ("full_credit", "40", "400.00", None),
        ("pro_rata_credit", "41.5000", "415.00", None),
    ]


def test_s8_money_is_rounded_half_up_once_at_the_end() -> None:
    """10% of 100.05 USD is 10.01 USD; 10% of 1005 JPY is 101 JPY. 0.0389 points below the
    target are no full point: nothing is due of the `full` credit."""
    report = run_clean(SHORTFALL, outage("o", "2026-04-01T00:00:00Z", "2026-04-01T01:00:00Z",
                                         service="s"), {"fee": "100.05"})  # fmt: skip
    assert [r[:3] for r in remedies(period(report, "2026-04"))] == [
        ("started_credit", "10", "10.01"),
        ("pro_rata_credit", "0.3889", "0.39"),
    ]
    yen = SHORTFALL.replace("currency USD", "currency JPY")
    report = run_clean(yen, outage("o", "2026-04-01T00:00:00Z", "2026-04-01T01:00:00Z",
                                   service="s"), {"fee": "1005"})  # fmt: skip
    assert remedies(period(report, "2026-04"))[0] == ("started_credit", "10", "101", None)


def test_s8_over_limit_units_are_counted_per_breach_then_summed() -> None:
    contract = demo("""param fee: money
service s "S"
timer resp { from ticket.opened to ticket.acknowledged within 4h }
credit late { 5% of fee per started 1h over limit of resp }
""")
    report = run_clean(contract, [
        ticket("opened", "2026-04-01T00:00:00Z"), ticket("acknowledged", "2026-04-01T04:30:00Z"),
        ticket("opened", "2026-04-02T00:00:00Z", "t2"),
        ticket("acknowledged", "2026-04-02T04:30:00Z", "t2"),
    ], {"fee": "1000"})  # fmt: skip
    (late,) = period(report, "2026-04")["remedies"]
    assert (late["percent"], late["reason"]) == (
        "10",
        "t1 PT30M late, t2 PT30M late: 2 started x PT1H x 5% = 10% of 1000.00 USD",
    )


CHARGE = demo("""service s "S"
availability up { service s target 99% per calendar quarter }
calendar office { zone UTC open mon-fri 09:00-17:00 }
charge by_time { 100 USD per 1h pro rata from ticket.acknowledged to ticket.resolved minimum 2h
                 when cause = customer and opened outside office }
charge by_money { 100 USD per started 1h from ticket.acknowledged to ticket.resolved
                  minimum 250 USD when cause = customer }
""")


def test_s8_charges_per_ticket_with_their_minimum_in_the_period_of_the_stop() -> None:
    """Owed at `ticket.resolved`, whose cause the `when` sees, in the periods of the first
    objective (quarters); once per ticket; a ticket never resolved owes nothing."""
    report = run_clean(CHARGE, [
        ticket("opened", "2026-03-31T23:00:00Z"),  # Tuesday night: outside office hours
        ticket("acknowledged", "2026-03-31T23:30:00Z"),
        ticket("resolved", "2026-04-01T00:10:00Z", cause="customer"),
        ticket("acknowledged", "2026-04-01T01:00:00Z"),  # after the stop: starts nothing
        ticket("resolved", "2026-04-01T09:00:00Z", cause="customer"),
        ticket("opened", "2026-04-02T10:00:00Z", "t2"),
        ticket("acknowledged", "2026-04-02T10:00:00Z", "t2"),
        ticket("resolved", "2026-04-02T13:00:00Z", "t2", cause="provider"),
        ticket("opened", "2026-04-03T10:00:00Z", "t3"),
        ticket("acknowledged", "2026-04-03T10:00:00Z", "t3"),
    ], end="2026-04-30T00:00:00Z")  # fmt: skip
    assert labels(report) == ["2026-Q1", "2026-Q2"]
    assert period(report, "2026-Q1")["remedies"] == []
    owed = period(report, "2026-Q2")["remedies"]
    assert [(r["name"], r["amount"], r["reason"]) for r in owed] == [
        ("by_time", "200.00", "ticket t1: PT40M from ticket.acknowledged to ticket.resolved, at"
         " least PT2H: 2 x PT1H x 100 USD = 200.00 USD"),
        ("by_money", "250.00", "ticket t1: PT40M from ticket.acknowledged to ticket.resolved:"
         " 1 x PT1H x 100 USD, at least 250.00 USD = 250.00 USD"),
    ]  # fmt: skip


CAPPED = demo("""param fee: money
service s "S"
availability up { service s target 99.9% per calendar month }
extension more_time { unavailable time of up cap 2h per term }
credit c1 { 10% of fee per started 1% below target of up cap 5% of fee per period }
credit c2 { amount 7 USD when up not met }
credit c3 { 20% of fee when up not met }
cap monthly { at most 15% of fee per period applies to all credits }
cap overall { at most 25 USD per term applies to c1, c2, c3 }
""")


def test_s8_caps_own_first_then_in_order_per_period_and_per_term() -> None:
    """Each month c1's 10% is cut to its own 5%, then `monthly` keeps c1 5 USD, c2 7 USD and
    3 USD of c3's 20; `overall` lets 25 USD through over the term: 15 in April, 10 in May (c1 5,
    c2 5, c3 0). The extension's own cap lets 2 h through over the term."""
    lines = [
        *outage("o4", "2026-04-01T00:00:00Z", "2026-04-01T01:30:00Z", service="s"),
        *outage("o5", "2026-05-01T00:00:00Z", "2026-05-01T01:30:00Z", service="s"),
    ]
    report = run_clean(CAPPED, lines, {"fee": "100"})
    april, may = report["periods"]
    assert remedies(april) == [
        ("more_time", None, None, "PT1H30M"),
        ("c1", "5", "5.00", None),
        ("c2", None, "7.00", None),
        ("c3", "3", "3.00", None),
    ]
    assert april["credit_total"] == {"percent": "8", "amount": "15.00", "currency": "USD"}
    assert remedies(may) == [
        ("more_time", None, None, "PT30M"),
        ("c1", "5", "5.00", None),
        ("c2", None, "5.00", None),
        ("c3", "0", "0.00", None),
    ]
    reasons = [r["reason"] for r in may["remedies"]]
    assert reasons[0].endswith("; capped to PT30M by its own cap")
    assert reasons[1].endswith("; capped to 5.00 USD by its own cap")
    assert reasons[2].endswith("; capped to 5.00 USD by overall")
    assert reasons[3].endswith("; capped to 3.00 USD by monthly; capped to 0.00 USD by overall")


def test_s8_a_cap_per_term_counts_the_amounts_shown_in_earlier_periods() -> None:
    """10% of 100.05 USD is 10.005, shown 10.01: two months show 20.02 USD, so a 30 USD cap per
    term leaves 9.98 USD for the third (not 9.99, which would make the amounts shown 30.01)."""
    contract = demo("""param fee: money
service s "S"
timer response { service s from ticket.opened to ticket.acknowledged within 4h }
credit late { 10% of fee per started 1h over limit of response }
cap term_cap { at most 30 USD per term applies to late }
""")
    lines = []
    for month in ("01", "02", "03", "04"):
        name = f"t{month}"
        lines.append(ticket("opened", f"2026-{month}-11T00:00:00Z", name, service="s"))
        lines.append(ticket("acknowledged", f"2026-{month}-11T04:30:00Z", name))
    report = run_clean(contract, lines, {"fee": "100.05"})
    amounts = [r["amount"] for p in report["periods"] for r in p["remedies"]]
    assert amounts == ["10.01", "10.01", "9.98", "0.00"]
    assert sum(Decimal(a) for a in amounts) == Decimal("30.00")


def test_s8_reasons_show_pro_rata_shares_to_four_places_and_units_of_time() -> None:
    """20 minutes late, pro rata per hour, is a third of an hour: shown 0.3333, not with 28
    digits. A duration metric's figures are seconds and its reason says so; an extension's
    reason names the unavailable time it adds."""
    contract = demo("""param fee: money
service s "S"
availability up { service s target 99.9% per calendar month }
timer response { service s from ticket.opened to ticket.acknowledged within 4h }
metric pdd { service s measure pdd target percentile 95 <= 3s per calendar month }
credit late { 5% of fee per 1h pro rata over limit of response }
credit slow { 10% of fee per started 1s below target of pdd }
extension extra { unavailable time of up }
""")
    lines = [
        ticket("opened", "2026-04-11T00:00:00Z", service="s"),
        ticket("acknowledged", "2026-04-11T04:20:00Z"),
        sample("2026-04-12T00:00:00Z", "5.5", "pdd", service="s"),
        *outage("o", "2026-04-13T00:00:00Z", "2026-04-13T01:00:00Z", service="s"),
    ]
    reasons = {r["name"]: r["reason"] for r in period(run_clean(contract, lines, {"fee": "100"}),
                                                      "2026-04")["remedies"]}  # fmt: skip
    assert reasons["late"] == "t1 PT20M late: 0.3333 pro rata x PT1H x 5% = 1.6667% of 100.00 USD"
    assert reasons["slow"] == "pdd 5.5s is 2.5s above 3s: 3 started x 1s x 10% = 30% of 100.00 USD"
    assert reasons["extra"] == (
        "s availability 99.8611% is below 99.9%: service time extended by PT1H,"
        " the time it was unavailable"
    )


def test_s8_a_step_of_days_over_a_calendar_timer_counts_open_days() -> None:
    """10 open hours to fix on 08:00-18:00 working days. t1, opened Monday 08:00 (deadline
    Monday 18:00), restored Wednesday 12:00: 14 open hours late, 1.4 open days. t2, opened
    Friday 08:00, restored Monday 12:00: 4 open hours late, 0.4. Started: 2 + 1; full: 1 + 0.
    On 24x7 (deadline 18:00 the same day) they are 42 and 66 hours late: 2 + 3 started days."""
    contract = demo("""param fee: money
service s "S"
calendar work { zone UTC open mon-fri 08:00-18:00 }
timer fix { service s from ticket.opened to ticket.restored within 10h in work }
timer fix_all { service s from ticket.opened to ticket.restored within 10h }
credit c_started { 3% of fee per started 1 day over limit of fix }
credit c_full { 3% of fee per full 1 day over limit of fix }
credit c_wall { 3% of fee per started 1 day over limit of fix_all }
""")
    report = run_clean(contract, [
        ticket("opened", "2026-04-06T08:00:00Z", service="s"),
        ticket("restored", "2026-04-08T12:00:00Z"),
        ticket("opened", "2026-04-10T08:00:00Z", "t2", service="s"),
        ticket("restored", "2026-04-13T12:00:00Z", "t2"),
    ], {"fee": "100"})  # fmt: skip
    owed = {r["name"]: (r["percent"], r["reason"]) for r in period(report, "2026-04")["remedies"]}
    assert owed == {
        "c_started": ("9", "t1 PT14H late, t2 PT4H late: 3 started x 1 open day of work x 3%"
                           " = 9% of 100.00 USD"),
        "c_full": ("3", "t1 PT14H late, t2 PT4H late: 1 full x 1 open day of work x 3%"
                        " = 3% of 100.00 USD"),
        "c_wall": ("15", "t1 P1DT18H late, t2 P2DT18H late: 5 started x P1D x 3%"
                         " = 15% of 100.00 USD"),
    }  # fmt: skip


def test_s8_the_reason_quoted_in_the_doc_is_the_voip_scenarios() -> None:
    text = re.sub(r"\s+", " ", SEMANTICS.read_text(encoding="utf-8"))
    quoted = re.findall(r"`(uptime 98\.9583% is [^`]*)`", text)
    assert quoted, "docs/semantics.md no longer quotes the voip uptime credit's reason"
    scenario = ROOT / "tests" / "scenarios" / "voip" / "events.jsonl"
    events = [json.loads(line) for line in scenario.read_text(encoding="utf-8").splitlines()]
    contract = (ROOT / "contracts" / "voip.sla").read_text(encoding="utf-8")
    report = run_clean(contract, events, {"monthly_fee": "1000"})
    reasons = {r["reason"] for r in period(report, "2026-04")["remedies"]}
    assert set(quoted) <= reasons


# =========================================================================== 9. Claims


def test_s9_the_claim_window_is_half_open() -> None:
    """The akuvox window for March 2026: from 2026-04-08T00:00Z (included) until
    2026-06-01T00:00Z (excluded)."""
    contract = (ROOT / "contracts" / "akuvox.sla").read_text(encoding="utf-8")
    times = ["2026-04-07T23:59:59Z", "2026-04-08T00:00:00Z", "2026-05-31T23:59:59Z",
             "2026-06-01T00:00:00Z"]  # fmt: skip
    report = run_clean(contract, [claim(at, "2026-03") for at in times])
    assert [(c["valid"], c["reason"].split(":")[0]) for c in report["claims"]] == [
        (False, "too early"),
        (True, "within the claim window from 2026-04-08T00"),
        (True, "within the claim window from 2026-04-08T00"),
        (False, "too late"),
    ]


def test_s9_months_are_added_on_the_local_calendar() -> None:
    """February 2026 in Los Angeles ends 2026-03-01T08:00Z; a month later is 1 April, local
    midnight (PDT): 07:00Z."""
    contract = demo(
        """service s "S"
availability up { service s target 99% per calendar month }
claims requests { opens 1 day after period end closes 1 month after period end }
""",
        LA_HEADER,
    )
    report = run_clean(contract, [claim("2026-03-01T12:00:00Z", "2026-02"),
                                  claim("2026-04-01T07:00:00Z", "2026-02")])  # fmt: skip
    assert [c["reason"] for c in report["claims"]] == [
        "too early: claims for 2026-02 open at 2026-03-02T08:00:00Z",
        "too late: claims for 2026-02 closed at 2026-04-01T07:00:00Z",
    ]


def test_s9_several_claims_clauses_each_judge_a_claim_valid_if_any_window_holds() -> None:
    """Credits claimed within 30 days, an extension within 2 months (language.md's example): a
    claim on 15 May for March is late for the credit, in time for the extension."""
    contract = demo("""param fee: money
service s "S"
availability up { service s target 99% per calendar month }
extension more_time { unavailable time of up when up not met }
credit money_back { 10% of fee per started 1% below target of up }
claims extension_claims { closes 2 months after period end applies to more_time }
claims credit_claims { opens 1 day after period end closes 30 days after period end
  applies to money_back }
""")
    times = ["2026-04-01T12:00:00Z", "2026-04-15T00:00:00Z", "2026-05-15T00:00:00Z",
             "2026-06-01T00:00:00Z"]  # fmt: skip
    report = run_clean(contract, [claim(at, "2026-03") for at in times], {"fee": "100"})
    assert [c["valid"] for c in report["claims"]] == [True, True, True, False]
    assert report["claims"][2]["reason"] == (
        "`extension_claims` (for more_time): within the claim window from "
        "2026-04-01T00:00:00Z until 2026-06-01T00:00:00Z; "
        "`credit_claims` (for money_back): too late: claims for 2026-03 closed at "
        "2026-05-01T00:00:00Z"
    )
    assert report["claims"][0]["reason"].endswith(
        "`credit_claims` (for money_back): too early: claims for 2026-03 open at "
        "2026-04-02T00:00:00Z"
    )


def test_s9_without_a_claims_clause_claims_open_at_period_end_and_never_close() -> None:
    contract = demo("""service s "S"
availability up { service s target 99% per calendar month }
""")
    report = run_clean(contract, [claim("2026-03-31T23:00:00Z", "2026-03"),
                                  claim("2036-04-01T00:00:00Z", "2026-03")])  # fmt: skip
    assert [c["valid"] for c in report["claims"]] == [False, True]


def test_s9_claims_are_judged_and_remedies_reported_whether_claimed_or_not() -> None:
    contract = (ROOT / "contracts" / "akuvox.sla").read_text(encoding="utf-8")
    lines = outage("o", "2026-03-10T00:00:00Z", "2026-03-10T01:00:00Z", service="cloud")
    unclaimed = run_clean(contract, lines)
    late = run_clean(contract, [*lines, claim("2026-07-01T00:00:00Z", "2026-03")])
    owed = [("downtime_extension", None, None, "PT1H")]
    assert remedies(period(unclaimed, "2026-03")) == remedies(period(late, "2026-03")) == owed
    assert late["claims"][0]["valid"] is False


def test_s5_a_reason_shows_the_mean_as_the_report_does() -> None:
    """A sample written `2.0500000` gives a mean of 2.0500000: the reason shows it as the
    report's `actual` does, 2.05."""
    contract = metric_contract(
        "mean >= 3", "credit low { 10% of fee per started 1 below target of quality }\n"
    )
    events = [{**sample("2026-04-01T00:00:00Z", "2.0500000", service="s"), "count": 4}]
    april = period(run_clean(contract, events, {"fee": "100"}), "2026-04")
    assert objective(april, "quality")["actual"] == "2.05"
    assert april["remedies"][0]["reason"] == (
        "quality 2.05 is 0.95 below 3: 1 started x 1 x 10% = 10% of 100.00 USD"
    )
