"""Timers over the scenarios' ticket and outage streams: every breach their READMEs work out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from scenario_run import run_scenario

from sladsl import nodes as n
from sladsl.evaluate.conditions import Resolver
from sladsl.evaluate.outages import OutageTracker
from sladsl.evaluate.params import resolve_params
from sladsl.evaluate.tickets import TicketTracker
from sladsl.evaluate.timers import Breach, TimerOperator
from sladsl.events import EventStream
from sladsl.events.records import (
    TicketEvent,
    TicketOpened,
    TicketProgress,
    TicketResolved,
)
from sladsl.parser import parse

ROOT = Path(__file__).resolve().parent.parent


def breaches(scenario: str) -> list[Breach]:
    run = run_scenario(scenario)
    return [b for timer in run.timers.values() for b in timer.breaches]


def table(found: list[Breach]) -> set[tuple[str, str, timedelta]]:
    return {(b.timer, b.ref, b.excess) for b in found}


def test_voip() -> None:
    assert table(breaches("voip")) == {
        ("support_response", "t1", timedelta(hours=2, minutes=30)),
        ("restoration", "o1", timedelta(hours=1)),
        ("restoration", "o3", timedelta(hours=4, minutes=30)),
    }  # o2 lies in announced maintenance: scheduled, so no restoration timer


def test_cpaas() -> None:
    assert table(breaches("cpaas")) == {
        ("response", "t2", timedelta(minutes=15)),
        ("fix", "t2", timedelta(hours=1)),
        ("progress", "t2", timedelta(minutes=15)),
    }


def test_maaiiconnect_derived_severities_and_business_hours() -> None:
    assert table(breaches("maaiiconnect")) == {
        ("numbers_response", "t2", timedelta(minutes=15)),
    }


def test_support_hotline_support_hours_holidays_and_rfo() -> None:
    found = breaches("support-hotline")
    assert table(found) == {
        ("response", "t2", timedelta(minutes=30)),
        ("rfo", "t3", timedelta(hours=14, minutes=15)),
    }
    (rfo,) = [b for b in found if b.timer == "rfo"]
    assert rfo.deadline == datetime(2026, 4, 5, 21, 45, tzinfo=UTC)
    assert not rfo.open


def test_an_unanswered_ticket_is_an_open_breach_at_the_horizon(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    events.write_text(
        '{"at": "2026-04-05T09:00:00Z", "type": "ticket.opened", "ticket": "t9",'
        ' "service": "voip"}\n'
        '{"at": "2026-04-05T16:00:00Z", "type": "measurement", "metric": "mos", "value": 4.2}\n',
        encoding="utf-8",
    )
    contract = parse((ROOT / "contracts" / "voip.sla").read_text(encoding="utf-8")).contract
    assert contract is not None
    resolver = Resolver(resolve_params(contract, {"monthly_fee": "1000"}), {})
    outages = OutageTracker()
    tickets = TicketTracker(contract, resolver, outages)
    (node,) = [
        d for d in contract.declarations if isinstance(d, n.Timer) and d.start == "ticket.opened"
    ]
    timer = TimerOperator(node, resolver, tickets, outages, {})
    for event in EventStream([str(events)]):
        if isinstance(event, TicketOpened):
            tickets.opened(event)
        elif isinstance(event, TicketEvent):
            tickets.changed(event)
    timer.finish(datetime(2026, 4, 5, 16, tzinfo=UTC))
    (breach,) = timer.breaches
    assert breach.open and breach.excess == timedelta(hours=3)


def _hotline_tickets() -> TicketTracker:
    contract = parse((ROOT / "contracts" / "support-hotline.sla").read_text("utf-8")).contract
    assert contract is not None
    resolver = Resolver(resolve_params(contract, {}), {})
    return TicketTracker(contract, resolver, OutageTracker())


def test_a_ticket_is_unknown_30_days_after_it_finished_whatever_came_between() -> None:
    """Retention is exact (docs/semantics.md section 2): it does not wait for the tracker to let
    go of the ticket, which it does only now and then, when another ticket opens."""
    tickets = _hotline_tickets()
    day = datetime(2026, 1, 5, 9, tzinfo=UTC)
    opened = TicketOpened(at=day, ticket="t1", service="core", severity="P3")
    assert tickets.opened(opened) is None
    resolved = TicketResolved(at=day + timedelta(hours=2), ticket="t1")
    assert tickets.changed(resolved) is None  # nothing waits: finished now
    within = TicketProgress(at=resolved.at + timedelta(days=30), ticket="t1")
    assert tickets.changed(within) is None
    after = TicketProgress(at=resolved.at + timedelta(days=30, seconds=1), ticket="t1")
    assert tickets.changed(after) == (
        "ticket 't1' is unknown: no `ticket.opened` came before, or it was resolved over 30"
        " days earlier"
    )
    # The id may be used again then: a new ticket, not "already open".
    again = TicketOpened(at=after.at, ticket="t1", service="core", severity="P2")
    assert tickets.opened(again) is None
    assert tickets.tickets["t1"].severity == "P2"
    assert tickets.opened(again) is not None  # but not twice


def test_finished_tickets_are_let_go_of_in_bulk() -> None:
    tickets = _hotline_tickets()
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    for number in range(100):  # one a day, each finished an hour after it opened
        at = start + timedelta(days=number)
        assert tickets.opened(TicketOpened(at=at, ticket=f"t{number}", severity="P4")) is None
        resolved = TicketResolved(at=at + timedelta(hours=1), ticket=f"t{number}")
        assert tickets.changed(resolved) is None
    # Held: the last 37 days' tickets at most (30 days, and a week before letting go).
    assert 30 <= len(tickets.tickets) <= 38
