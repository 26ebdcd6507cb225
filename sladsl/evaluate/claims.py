"""Claims: whether each `claim.submitted` falls in the claim window of the period it names.

Input: the contract's `claims` clauses made concrete, the contract's zone, claim events.
Output: one verdict per claim: `{period, at, valid, reason}` (docs/semantics.md section 9).

Invariants: the window is decided from the period label alone, so claims need no other state.
With several clauses (each `applies to` its own remedies), a claim event names a period, not a
remedy: it is judged against every clause, valid when it falls in any of their windows, and its
reason gives each clause's verdict, naming the remedies the clause applies to.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo

import attrs

from sladsl import nodes as n
from sladsl.evaluate.conditions import Resolver
from sladsl.evaluate.periods import add_months, period_from_label
from sladsl.evaluate.report_format import instant


@attrs.frozen
class ClaimVerdict:
    period: str
    at: datetime
    valid: bool
    reason: str


class ClaimWindows:
    """The contract's claims clauses (none: claims open at the period's end, never close)."""

    def __init__(self, nodes: Sequence[n.Claims], resolver: Resolver, zone: tzinfo) -> None:
        self.windows = [ClaimWindow(node, resolver, zone) for node in nodes] or [
            ClaimWindow(None, resolver, zone)
        ]

    def judge(self, label: str, at: datetime) -> ClaimVerdict:
        if len(self.windows) == 1:
            return self.windows[0].judge(label, at)
        verdicts = [(window, window.judge(label, at)) for window in self.windows]
        reason = "; ".join(
            f"{window.described()}: {verdict.reason}" for window, verdict in verdicts
        )
        return ClaimVerdict(label, at, any(verdict.valid for _, verdict in verdicts), reason)


class ClaimWindow:
    def __init__(self, node: n.Claims | None, resolver: Resolver, zone: tzinfo) -> None:
        self.node = node
        self.resolver = resolver
        self.zone = zone

    def described(self) -> str:
        """`compensation` (for uptime_extension): the clause and what it applies to."""
        if self.node is None:
            return "claims"
        covered = ", ".join(ref.name for ref in self.node.applies_to) or "every remedy"
        return f"`{self.node.name}` (for {covered})"

    def window(self, label: str) -> tuple[datetime, datetime | None]:
        period = period_from_label(label, self.zone)
        node = self.node
        opens = period.end
        if node is None:
            return opens, None
        if node.opens_after_day is not None:
            calendar = self.resolver.calendar(node.opens_after_day.calendar)
            first_day = period.end.astimezone(calendar.zone).date()
            opens = calendar.end_of_nth_open_day(first_day, node.opens_after_day.n)
        elif node.opens_after is not None:
            opens = _after(period.end, self.resolver.resolve(node.opens_after), self.zone)
        closes = None
        if node.closes_after is not None:
            closes = _after(period.end, self.resolver.resolve(node.closes_after), self.zone)
        return opens, closes

    def judge(self, label: str, at: datetime) -> ClaimVerdict:
        try:
            opens, closes = self.window(label)
        except ValueError as error:
            return ClaimVerdict(label, at, False, str(error))
        if at < opens:
            return ClaimVerdict(
                label, at, False, f"too early: claims for {label} open at {instant(opens)}"
            )
        if closes is not None and at >= closes:
            return ClaimVerdict(
                label, at, False, f"too late: claims for {label} closed at {instant(closes)}"
            )
        until = f" until {instant(closes)}" if closes else ""
        return ClaimVerdict(
            label, at, True, f"within the claim window from {instant(opens)}{until}"
        )


def _after(start: datetime, value: object, zone: tzinfo) -> datetime:
    if isinstance(value, n.Duration):
        if value.unit == "month":
            return add_months(start, int(value.amount), zone)
        if value.unit == "year":
            return add_months(start, 12 * int(value.amount), zone)
        seconds = value.seconds
        if seconds is not None:
            return start + timedelta(microseconds=int(seconds * 1_000_000))
    return start
