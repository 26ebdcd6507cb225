"""Which way a difference goes: magnitudes of values, and who gains when one grows.

Input: AST values and parts of the new contract (`sladsl.nodes`). Output: directions (the sign
of new minus old, or None where the two cannot be put in order) and `Favours`: who a remedy,
a cap or a count's flag is good for.

Invariants: a direction is given only where the order is certain: values of one kind (money in
one currency); durations of fixed length by their seconds, calendar months and years by months;
on a calendar (open time), hours with hours and days with days only, since an open day is not a
fixed number of open hours. A `by` table, a parameter or a text has no magnitude. Nothing here
guesses: where a side cannot be named, the answer is `Favours.UNCLEAR`.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from sladsl import nodes as n
from sladsl.diffing.changes import Favours

# A remedy's beneficiary by its kind: what it gives is good for the customer, but a charge is
# money the customer owes.
REMEDY_FAVOURS = {
    "credit": Favours.CUSTOMER,
    "refund": Favours.CUSTOMER,
    "extension": Favours.CUSTOMER,
    "termination": Favours.CUSTOMER,
    "charge": Favours.PROVIDER,
}
# `applies to all credits` and the like, by the remedy kind they name.
_ALL_KINDS = {
    "credits": "credit",
    "refunds": "refund",
    "extensions": "extension",
    "charges": "charge",
    "terminations": "termination",
}
# How much a per-unit formula gives, by its rounding: a started unit counts whole, a unit pro
# rata counts exactly, and only full units count with `full`.
ROUNDING_RANK: dict[tuple[str, ...], int] = {("started",): 3, ("pro rata",): 2, ("full",): 1}
_HOUR_LIKE = {"ms": Decimal("0.001"), "s": Decimal(1), "min": Decimal(60), "h": Decimal(3600)}
_DAY_LIKE = {"day": Decimal(1), "week": Decimal(7)}
_MONTH_LIKE = {"month": Decimal(1), "year": Decimal(12)}


def _sign(old: Decimal, new: Decimal) -> int:
    return (new > old) - (new < old)


def _measure(part: n.Duration, on_calendar: bool) -> tuple[str, Decimal] | None:
    for family, units in (("hours", _HOUR_LIKE), ("days", _DAY_LIKE), ("months", _MONTH_LIKE)):
        if part.unit in units:
            if family == "days" and not on_calendar:
                return ("hours", part.amount * units[part.unit] * 86400)
            return (family, part.amount * units[part.unit])
    return None


def duration_direction(old: n.Duration, new: n.Duration, on_calendar: bool = False) -> int | None:
    """The sign of `new - old`, or None when they cannot be compared (`1 month` and `30 days`)."""
    first, second = _measure(old, on_calendar), _measure(new, on_calendar)
    if first is None or second is None or first[0] != second[0]:
        return None
    return _sign(first[1], second[1])


def direction(old: n.Value | None, new: n.Value | None, on_calendar: bool = False) -> int | None:
    """The sign of `new - old` for two values of one kind; None when there is no order."""
    if isinstance(old, n.Percent) and isinstance(new, n.Percent):
        return _sign(old.value, new.value)
    if isinstance(old, n.Number) and isinstance(new, n.Number):
        return _sign(old.value, new.value)
    if isinstance(old, n.Money) and isinstance(new, n.Money):
        return _sign(old.amount, new.amount) if old.currency == new.currency else None
    if isinstance(old, n.Duration) and isinstance(new, n.Duration):
        return duration_direction(old, new, on_calendar)
    return None


def amount_direction(old: n.AmountOf | None, new: n.AmountOf | None) -> int | None:
    """How a limit (`50% of monthly_fee`, `100 USD`) moved: only with the same base."""
    if old is None or new is None or old.base != new.base:
        return None
    return direction(old.value, new.value)


def rounding_direction(old: tuple[str, ...], new: tuple[str, ...]) -> int | None:
    first, second = ROUNDING_RANK.get(old), ROUNDING_RANK.get(new)
    if first is None or second is None:
        return None
    return (second > first) - (second < first)


def unanimous(sides: list[Favours]) -> Favours:
    """The one side every item favours; UNCLEAR when they differ or there is none."""
    found = set(sides)
    return found.pop() if len(found) == 1 else Favours.UNCLEAR


# --------------------------------------------------------------------------- the new contract


def remedies(contract: n.Contract) -> dict[str, n.Remedy]:
    return {d.name: d for d in contract.declarations if isinstance(d, n.Remedy)}


def remedy_favours(contract: n.Contract, name: str) -> Favours:
    remedy = remedies(contract).get(name)
    return Favours.UNCLEAR if remedy is None else REMEDY_FAVOURS.get(remedy.kind, Favours.UNCLEAR)


def cap_favours(contract: n.Contract, cap: n.Cap) -> Favours:
    """Who gains when the cap's limit grows: the side the remedies it limits are good for."""
    found = remedies(contract)
    if cap.applies_to_all is not None:
        kind = _ALL_KINDS.get(cap.applies_to_all)
        kinds = [r.kind for r in found.values() if kind is None or r.kind == kind]
        if kind is not None:
            kinds.append(kind)
    else:
        kinds = [found[r.name].kind for r in cap.applies_to if r.name in found]
        if len(kinds) != len(cap.applies_to):
            return Favours.UNCLEAR
    return unanimous([REMEDY_FAVOURS.get(k, Favours.UNCLEAR) for k in kinds])


def _flags(part: n.Condition | None, negated: bool = False) -> Iterator[tuple[str, bool]]:
    """Every bare name a condition tests, and whether it is tested under a `not`."""
    if part is None:
        return
    if isinstance(part, n.Flag):
        yield part.name.name, negated
    elif isinstance(part, n.Not):
        yield from _flags(part.operand, not negated)
    elif isinstance(part, (n.AllOf, n.AnyOf)):
        for operand in part.operands:
            yield from _flags(operand, negated)


def _conditions(declaration: n.Declaration) -> Iterator[n.Condition | None]:
    if isinstance(declaration, n.Severities):
        yield from (level.rule for level in declaration.levels)
    elif isinstance(declaration, n.Availability):
        yield declaration.down_when
    elif isinstance(declaration, n.Timer):
        yield declaration.only_when
        yield from (row.guard for row in declaration.rows)
    elif isinstance(declaration, n.Count):
        yield declaration.where


def flag_favours(contract: n.Contract, count: str) -> Favours:
    """Who gains when the count's flag is raised more easily.

    The side its remedies are good for, when every use of the flag is a remedy's `when` that
    tests it without `not`; UNCLEAR when it is used anywhere else, negated, or not at all.
    """
    sides: list[Favours] = []
    for declaration in contract.declarations:
        if isinstance(declaration, n.Remedy):
            for name, negated in _flags(declaration.trigger):
                if name == count:
                    favours = REMEDY_FAVOURS.get(declaration.kind, Favours.UNCLEAR)
                    sides.append(favours.other if negated else favours)
        else:
            for part in _conditions(declaration):
                if any(name == count for name, _ in _flags(part)):
                    return Favours.UNCLEAR
    return unanimous(sides)


def threshold_direction(old: n.Threshold, new: n.Threshold) -> int | None:
    """+1 when the new threshold is crossed at least as easily and more easily somewhere."""
    if old.kind == "in_a_row" or new.kind == "in_a_row":
        if old.kind != new.kind:
            return None
        moved = direction(old.number, new.number)
        return None if moved is None else -moved
    parts: list[int | None] = []
    number = direction(old.number, new.number)
    parts.append(None if number is None else -number)  # a lower number is crossed sooner
    if old.window != new.window:
        parts.append(direction(old.window, new.window))  # a longer window holds more
    if old.kind != new.kind:
        parts.append(1 if new.kind == "at_least" else -1)  # `at least 3` before `more than 3`
    if any(p is None for p in parts):
        return None
    signs = {p for p in parts if p}
    if len(signs) > 1:
        return None
    return signs.pop() if signs else 0
