"""Comparing the fields of one clause: the building blocks every clause's comparison uses.

Input: the old and new values of a field (a value, a name list, a condition, a text, the
literate statements...), the words for it, and who gains when it grows or appears. Output: the
`Change`s, collected in a `Fields` made for one clause.

Invariants: a field whose old and new AST values are equal adds nothing, and one that differs in
meaning adds at least one change; lists whose order carries no meaning (services, exclusions
applied, causes) are compared as multisets, item by item, so a new order alone adds nothing; a
`by` table is compared row by row when both sides are tables of one parameter.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import attrs

from sladsl import nodes as n
from sladsl.diffing import wording
from sladsl.diffing.changes import Change, Favours
from sladsl.diffing.matching import case_key, multiset_difference, pair
from sladsl.diffing.verdicts import direction

T = TypeVar("T")


@attrs.define
class Fields:
    """The changes found so far in one clause (`kind`, `name`; `clause` is its title)."""

    kind: str
    name: str
    clause: str
    changes: list[Change] = attrs.field(factory=list)

    def add(
        self,
        field: str | None,
        subject: str,
        old: str | None,
        new: str | None,
        favours: Favours = Favours.UNCLEAR,
    ) -> None:
        self.changes.append(
            Change(self.kind, self.name, self.clause, field, subject, old, new, favours)
        )

    def scalar(
        self,
        field: str,
        subject: str,
        old: T | None,
        new: T | None,
        spell: Callable[[Any], str],
        favours: Favours = Favours.UNCLEAR,
    ) -> None:
        """A field compared whole: reported when the AST values differ."""
        if old != new:
            before = None if old is None else spell(old)
            after = None if new is None else spell(new)
            self.add(field, subject, before, after, favours)

    def text(self, field: str, subject: str, old: str | None, new: str | None) -> None:
        self.scalar(field, subject, old, new, wording.quoted)

    def flag(self, field: str, subject: str, old: bool, new: bool, on: Favours) -> None:
        """A yes/no statement (`best effort`); `on` is who gains when it is turned on."""
        self.scalar(field, subject, old, new, wording.yes_no, on if new else on.other)

    def condition(
        self, field: str, subject: str, old: n.Condition | None, new: n.Condition | None
    ) -> None:
        self.scalar(field, subject, old, new, wording.condition)

    def value(
        self,
        field: str,
        subject: str,
        old: n.Value | None,
        new: n.Value | None,
        higher: Favours = Favours.UNCLEAR,
        appears: Favours = Favours.UNCLEAR,
        on_calendar: bool = False,
    ) -> None:
        """A value: `higher` gains when it grows, `appears` when it is added (and loses when it
        is removed); tables of one parameter are compared case by case."""
        if old == new:
            return
        if isinstance(old, n.ByTable) and isinstance(new, n.ByTable) and old.param == new.param:
            self._table(field, subject, old, new, higher, on_calendar)
            return
        if old is None or new is None:
            favours = appears if old is None else appears.other
        else:
            favours = higher.when(direction(old, new, on_calendar))
        before = None if old is None else wording.value(old)
        after = None if new is None else wording.value(new)
        self.add(field, subject, before, after, favours)

    def _table(
        self,
        field: str,
        subject: str,
        old: n.ByTable,
        new: n.ByTable,
        higher: Favours,
        on_calendar: bool,
    ) -> None:
        param = new.param.name
        for before, after in pair(old.cases, new.cases, case_key):
            case = after if after is not None else before
            assert case is not None
            choices = ", ".join(c.name for c in case.choices)
            self.value(
                f"{field}[{choices}]",
                f"{subject} ({param}: {choices})",
                None if before is None else before.value,
                None if after is None else after.value,
                higher,
                on_calendar=on_calendar,
            )
        self.value(
            f"{field}[else]",
            f"{subject} ({param}: else)",
            old.otherwise,
            new.otherwise,
            higher,
            on_calendar=on_calendar,
        )

    def items(
        self,
        field: str,
        noun: str,
        old: Sequence[T],
        new: Sequence[T],
        spell: Callable[[T], str],
        added: Favours = Favours.UNCLEAR,
    ) -> None:
        """A list whose order means nothing: each item only one side has, as added or removed."""
        removed, gained = multiset_difference(old, new)
        for item in removed:
            self.add(field, noun, spell(item), None, added.other)
        for item in gained:
            self.add(field, noun, None, spell(item), added)

    def names(
        self,
        field: str,
        noun: str,
        old: Sequence[n.Ref],
        new: Sequence[n.Ref],
        added: Favours = Favours.UNCLEAR,
    ) -> None:
        self.items(field, noun, [r.name for r in old], [r.name for r in new], str, added)

    def paragraphs(self, field: str, noun: str, old: Sequence[str], new: Sequence[str]) -> None:
        """Texts in order (`text`, `assume`, `note`): each replaced, removed or new one."""
        matcher = difflib.SequenceMatcher(None, list(old), list(new), autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            befores, afters = list(old[i1:i2]), list(new[j1:j2])
            for index in range(max(len(befores), len(afters))):
                before = befores[index] if index < len(befores) else None
                after = afters[index] if index < len(afters) else None
                self.add(
                    field,
                    noun,
                    None if before is None else wording.quoted(before),
                    None if after is None else wording.quoted(after),
                )

    def doc(self, old: n.Doc, new: n.Doc, prefix: str = "doc") -> None:
        """The literate statements: section, quoted text, assumptions, notes."""
        self.text(f"{prefix}.section", "section", old.section, new.section)
        self.paragraphs(f"{prefix}.text", "quoted text", old.text, new.text)
        self.paragraphs(f"{prefix}.assumptions", "assumption", old.assumptions, new.assumptions)
        self.paragraphs(f"{prefix}.notes", "note", old.notes, new.notes)
