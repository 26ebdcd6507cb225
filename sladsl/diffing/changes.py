"""One difference between two contracts, in the contract's terms, and who it favours.

Input: built by `sladsl.diffing.clauses` while it compares two matched declarations (or a
declaration that only one side has). Output: `Change` values that the output modules print.

Invariants: a change names its clause (`kind`, `name`, and `clause`, the title people read), the
`field` it touched as a stable path (`target`, `rows[critical]`, `formula.rounding`; None for a
whole clause added or removed), `old` and `new` spelled as a contract spells them (None on the
side that lacks it), and `better_for` only where the direction is well defined, other things
being equal (`Favours`); `change` is `added` when only `new` is set, `removed` when only `old` is.
"""

from __future__ import annotations

import enum

import attrs


class Favours(enum.Enum):
    """Who a difference is better for; `UNCLEAR` where it cannot be said, `NEITHER` when equal."""

    CUSTOMER = "customer"
    PROVIDER = "provider"
    NEITHER = "neither"
    UNCLEAR = "unclear"

    @property
    def other(self) -> Favours:
        if self is Favours.CUSTOMER:
            return Favours.PROVIDER
        if self is Favours.PROVIDER:
            return Favours.CUSTOMER
        return self

    def when(self, direction: int | None) -> Favours:
        """`self` when `direction` > 0, the other side when < 0, NEITHER at 0, else UNCLEAR."""
        if direction is None:
            return Favours.UNCLEAR
        if direction == 0:
            return Favours.NEITHER
        return self if direction > 0 else self.other


def combine(*parts: Favours) -> Favours:
    """The verdict of several differences made at once: the side they all favour, if any."""
    sides = {p for p in parts if p is not Favours.NEITHER}
    if not sides:
        return Favours.NEITHER
    if len(sides) == 1:
        return sides.pop()
    return Favours.UNCLEAR


_SIDES = {Favours.CUSTOMER: "customer", Favours.PROVIDER: "provider"}


@attrs.frozen
class Change:
    """A difference between the old and the new contract; see the module's invariants."""

    kind: str
    name: str
    clause: str
    field: str | None
    subject: str
    old: str | None
    new: str | None
    favours: Favours = Favours.UNCLEAR

    @property
    def change(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed"

    @property
    def better_for(self) -> str | None:
        """`customer`, `provider`, or None where no side can be named."""
        return _SIDES.get(self.favours)

    @property
    def verdict(self) -> str | None:
        """In the customer's words, as amendments are read: `better for the customer`."""
        if self.favours is Favours.CUSTOMER:
            return "better for the customer"
        if self.favours is Favours.PROVIDER:
            return "worse for the customer"
        return None

    def words(self, old: str | None = None, new: str | None = None) -> str:
        """The change as one phrase: `target: 99.9% -> 99.95%`, `new holiday: ...`.

        `old` and `new` replace the change's own values (a shortened excerpt, a quoted form).
        """
        before = self.old if old is None else old
        after = self.new if new is None else new
        if before is None:
            return f"new {self.subject}: {after}"
        if after is None:
            return f"removed {self.subject}: {before}"
        return f"{self.subject}: {before} -> {after}"

    @property
    def description(self) -> str:
        verdict = self.verdict
        return self.words() + (f" ({verdict})" if verdict else "")
