"""Claims: whether each `claim.submitted` falls in the claim window of the period it names.

Input: the contract's `claims` clause made concrete, the contract's zone, claim events.
Output: one verdict per claim: `{period, at, valid, reason}` (docs/semantics.md section 9).

Invariants: the window is decided from the period label alone, so claims need no other state.
"""

from __future__ import annotations

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


class ClaimWindow:
    def __init__(self, node: n.Claims | None, resolver: Resolver, zone: tzinfo) -> None:
        self.node = node
        self.resolver = resolver
        self.zone = zone

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
