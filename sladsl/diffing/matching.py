"""Which part of the old contract is which part of the new one.

Input: two sequences of parts (declarations, severity levels, timer rows, holidays, tiers...) and
a key for them (kind and name; level name; guard and level). Output: pairs `(old, new)`, with None
on the side that lacks the part: the new sequence's order first, then what only the old one has,
in its order.

Invariants: every item of both sequences is in exactly one pair; items pair only with an equal
key; when a key repeats on a side (a broken contract), its k-th old item pairs with its k-th new
one. Order within a sequence never makes a difference by itself: callers say where it matters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

from sladsl import nodes as n

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


def pair(
    old: Sequence[T], new: Sequence[T], key: Callable[[T], K]
) -> list[tuple[T | None, T | None]]:
    waiting: dict[K, list[int]] = {}
    for index, item in enumerate(old):
        waiting.setdefault(key(item), []).append(index)
    pairs: list[tuple[T | None, T | None]] = []
    taken: set[int] = set()
    for item in new:
        queue = waiting.get(key(item))
        if queue:
            index = queue.pop(0)
            taken.add(index)
            pairs.append((old[index], item))
        else:
            pairs.append((None, item))
    pairs.extend((item, None) for index, item in enumerate(old) if index not in taken)
    return pairs


def multiset_difference(old: Sequence[T], new: Sequence[T]) -> tuple[list[T], list[T]]:
    """What only the old side has and what only the new side has, counting repeats, in order."""
    surplus_old = Counter(old) - Counter(new)
    surplus_new = Counter(new) - Counter(old)
    removed: list[T] = []
    for item in old:
        if surplus_old[item] > 0:
            surplus_old[item] -= 1
            removed.append(item)
    added: list[T] = []
    for item in new:
        if surplus_new[item] > 0:
            surplus_new[item] -= 1
            added.append(item)
    return removed, added


def declaration_kind(declaration: n.Declaration) -> str:
    """The keyword a declaration is written with: `availability`, `credit`, `claims`..."""
    if isinstance(declaration, n.Remedy):
        return declaration.kind
    return {
        n.Param: "param",
        n.Service: "service",
        n.Calendar: "calendar",
        n.Severities: "severities",
        n.Exclusion: "exclusion",
        n.Availability: "availability",
        n.Metric: "metric",
        n.Timer: "timer",
        n.Count: "count",
        n.Cap: "cap",
        n.Claims: "claims",
        n.Obligation: "obligation",
        n.Clause: "clause",
    }[type(declaration)]


def declaration_key(declaration: n.Declaration) -> tuple[str, str]:
    return declaration_kind(declaration), declaration.name


def declarations(
    old: n.Contract, new: n.Contract
) -> list[tuple[n.Declaration | None, n.Declaration | None]]:
    return pair(old.declarations, new.declarations, declaration_key)


def row_key(row: n.TimerRow) -> tuple[n.Condition | None, str | None]:
    return row.guard, None if row.level is None else row.level.name


def case_key(case: n.ByCase) -> frozenset[str]:
    return frozenset(choice.name for choice in case.choices)


def order_changed(old: Sequence[T], new: Sequence[T]) -> bool:
    """Whether the items both sides have come in a different order."""
    common_old = [item for item in old if item in new]
    common_new = [item for item in new if item in old]
    return common_old != common_new
