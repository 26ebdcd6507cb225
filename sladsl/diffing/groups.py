"""The changes of a diff grouped by clause, and the counts a summary gives.

Input: the `Change`s of `compare.diff_contracts`, in their order. Output: `groups` (one per clause,
in first-seen order, each with its heading) and the words of a summary, `count` (`3 changes`) and
`tally` (`1 better for the customer, 2 worse for the customer`), shared by the text and Markdown
outputs.

Invariants: every change is in exactly one group, in its original order; the counts add up to the
number of changes.
"""

from __future__ import annotations

import attrs

from sladsl.diffing import wording
from sladsl.diffing.changes import Change


@attrs.frozen
class Group:
    kind: str
    name: str
    clause: str
    changes: tuple[Change, ...]

    @property
    def heading(self) -> str:
        """`availability uptime "Service Availability"`, or `contract voip "..."`."""
        title = None if self.clause == self.name else self.clause
        return f"{self.kind} {wording.titled(self.name, title)}".rstrip()


def groups(changes: list[Change]) -> list[Group]:
    found: dict[tuple[str, str], list[Change]] = {}
    for change in changes:
        found.setdefault((change.kind, change.name), []).append(change)
    return [
        Group(kind, name, items[0].clause, tuple(items)) for (kind, name), items in found.items()
    ]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def count(changes: list[Change]) -> str:
    """`3 changes`."""
    return _count(len(changes), "change")


def tally(changes: list[Change]) -> str:
    """`1 better for the customer, 1 worse for the customer, 1 without a verdict`."""
    better = sum(c.better_for == "customer" for c in changes)
    worse = sum(c.better_for == "provider" for c in changes)
    neutral = len(changes) - better - worse
    parts = [
        f"{better} better for the customer" if better else "",
        f"{worse} worse for the customer" if worse else "",
        f"{neutral} without a verdict" if neutral else "",
    ]
    return ", ".join(p for p in parts if p)
