"""A case's expectations against the report it produced -> the differences, one per value.

Input: `cases.Expectations` and the report dict of interface.md section 3 (either shape).
Output: `Difference`s, each with its path in the report (`2026-04 / uptime / actual`), the
expected and the actual value as the JSON report spells them (`"98.9583"`, `false`, `null`), and
sometimes a note on how to fix the test.

Invariants: only what the case states is compared (and, unless the case states something about
rejected lines, that no line was rejected); values are compared exactly, by their JSON spelling
and type, so `"PT60M"` is not `"PT1H"` (the note then says the value is the same, spelt
differently); the differences come in the order of the expectations. An empty list: the case
passes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from sladsl.testing.cases import Expectations, Fields, Items, ObjectiveCheck, Scalar, SectionCheck

Path = tuple[str, ...]
_DURATION = re.compile(
    r"P(?:([0-9]+)W)?(?:([0-9]+)D)?(?:T(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+(?:\.[0-9]+)?)S)?)?"
)
_DURATION_SECONDS = (604800, 86400, 3600, 60, 1)
_SHOWN_NAMES = 6  # how many periods or names a difference lists before "..."
_PLURAL = {"breach": "breaches", "remedy": "remedies", "claim": "claims"}


@attrs.frozen
class Difference:
    path: Path
    expected: str
    actual: str
    note: str = ""


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _some(names: Sequence[str]) -> str:
    shown = ", ".join(names[:_SHOWN_NAMES])
    return (shown + ", ...") if len(names) > _SHOWN_NAMES else shown or "none"


def _seconds(text: str) -> Decimal | None:
    match = _DURATION.fullmatch(text)
    if match is None or text in ("P", "PT") or text.endswith("T"):
        return None
    parts = [Decimal(part or 0) for part in match.groups()]
    return sum((p * s for p, s in zip(parts, _DURATION_SECONDS, strict=True)), Decimal(0))


def _same_value(want: str, got: str) -> bool:
    """Two spellings of one number, duration or instant."""
    try:
        if Decimal(want) == Decimal(got):
            return True
    except InvalidOperation:
        pass
    wanted, found = _seconds(want), _seconds(got)
    if wanted is not None and wanted == found:
        return True
    try:
        one = datetime.fromisoformat(want.replace("Z", "+00:00"))
        other = datetime.fromisoformat(got.replace("Z", "+00:00"))
    except ValueError:
        return False
    return one.tzinfo is not None and other.tzinfo is not None and one == other


def _equal(want: Scalar, got: object) -> bool:
    return type(got) is type(want) and got == want


class _Comparison:
    def __init__(self) -> None:
        self.found: list[Difference] = []

    def differ(self, path: Path, expected: str, actual: str, note: str = "") -> None:
        self.found.append(Difference(path, expected, actual, note))

    def fields(self, path: Path, fields: Fields, item: Mapping[str, Any]) -> None:
        for key, want in fields:
            if key not in item:
                self.differ((*path, key), _json(want), "(not in the report)")
                continue
            got = item[key]
            if _equal(want, got):
                continue
            note = ""
            if isinstance(want, str) and isinstance(got, str) and _same_value(want, got):
                note = "the same value, spelt differently: write it as the report does"
            self.differ((*path, key), _json(want), _json(got), note)

    def items(self, path: Path, noun: str, items: Items, found: list[Mapping[str, Any]]) -> None:
        if items.single:
            if len(found) == 1:
                self.fields(path, items.each[0], found[0])
            elif not found:
                self.differ(path, f"a {noun}", "none")
            else:
                self.differ(
                    path,
                    f"one {noun}",
                    f"{len(found)} {_PLURAL[noun]}",
                    "state each as an array of tables ([[...]]), in report order",
                )
            return
        if len(found) != len(items.each):
            self.differ((*path, "count"), str(len(items.each)), str(len(found)))
        *head, last = path
        for number, (want, got) in enumerate(zip(items.each, found, strict=False), start=1):
            self.fields((*head, f"{last} #{number}"), want, got)

    # --- the report -----------------------------------------------------------------------------

    def report(self, expect: Expectations, report: Mapping[str, Any]) -> None:
        self.fields((), expect.contract, report)
        self.fields(("events",), expect.events, report.get("events") or {})
        self.rejected(expect, report.get("rejected") or [])
        if "customers" in report:
            sections = {c.get("customer"): c for c in report["customers"]}
            shape = "none: the events name several customers"
            hint = "state it under [case.expect.customers.<id>] or set `customer`"
            for period in expect.section.periods:
                self.differ((period.label,), "a period", shape, hint)
            for claim in expect.section.claims:
                self.differ(("claims", claim.key), "a claim", shape, hint)
            for customer, section in expect.customers:
                where = (f"customer {customer}",)
                if customer not in sections:
                    named = [str(c) for c in sections if c is not None]
                    self.differ(where, "a customer", f"none (customers: {_some(named)})")
                    continue
                got = sections[customer]
                self.section(where, section, got.get("periods") or [], got.get("claims") or [])
            return
        self.section((), expect.section, report.get("periods") or [], report.get("claims") or [])
        for customer, _ in expect.customers:
            self.differ(
                (f"customer {customer}",),
                "a customer",
                "none: the report is for one customer",
                "state expectations without [case.expect.customers]",
            )

    def rejected(self, expect: Expectations, rejected: list[Mapping[str, Any]]) -> None:
        got = {r.get("line"): r.get("reason") for r in rejected}
        for line, reason in expect.rejected:
            if line not in got:
                self.differ(("rejected", f"line {line}"), _json(reason), "(accepted)")
            elif got[line] != reason:
                self.differ(("rejected", f"line {line}"), _json(reason), _json(got[line]))
        if expect.states_rejections:
            return
        for number, entry in enumerate(rejected):
            note = "" if number else "expect `events.rejected` if lines are meant to be refused"
            where = ("rejected", f"line {entry.get('line')}")
            self.differ(where, "(accepted)", _json(entry.get("reason")), note)

    def section(
        self,
        path: Path,
        check: SectionCheck,
        periods: list[Mapping[str, Any]],
        claims: list[Mapping[str, Any]],
    ) -> None:
        by_label = {p.get("period"): p for p in periods}
        for period in check.periods:
            where = (*path, period.label)
            got = by_label.get(period.label)
            if got is None:
                labels = [str(p.get("period")) for p in periods]
                self.differ(where, "a period", f"none (periods: {_some(labels)})")
                continue
            self.fields(where, period.fields, got)
            total = got.get("credit_total") or {}
            self.fields((*where, "credit_total"), period.credit_total, total)
            for objective in period.objectives:
                self.objective(where, objective, got.get("objectives") or [])
            remedies = got.get("remedies") or []
            for remedy in period.remedies:
                named = [r for r in remedies if r.get("name") == remedy.key]
                self.items((*where, remedy.key), "remedy", remedy, named)
        for claim in check.claims:
            made = [c for c in claims if c.get("at") == claim.key]
            self.items((*path, "claims", claim.key), "claim", claim, made)

    def objective(
        self, path: Path, check: ObjectiveCheck, objectives: list[Mapping[str, Any]]
    ) -> None:
        named = [o for o in objectives if o.get("name") == check.name]
        chosen = named
        if check.service is not None:
            chosen = [o for o in named if o.get("service") == check.service]
        if not chosen:
            where = (*path, check.name)
            if named:
                services = [str(o.get("service")) for o in named]
                where = (*where, str(check.service))
                self.differ(where, "an objective", f"none (services: {_some(services)})")
            else:
                names = list(dict.fromkeys(str(o.get("name")) for o in objectives))
                self.differ(where, "an objective", f"none (objectives: {_some(names)})")
            return
        for objective in chosen:
            where = (*path, check.name)
            if check.service is not None or (len(named) > 1 and objective.get("service")):
                where = (*where, str(objective.get("service")))
            self.fields(where, check.fields, objective)
            breaches = objective.get("breaches") or []
            if check.refs is not None:
                refs = [str(b.get("ref")) for b in breaches]
                if sorted(refs) != sorted(check.refs):
                    self.differ((*where, "breaches"), _json(list(check.refs)), _json(refs))
            for breach in check.breaches:
                of_ref = [b for b in breaches if b.get("ref") == breach.key]
                self.items((*where, f"breach {breach.key}"), "breach", breach, of_ref)


def compare(expect: Expectations, report: Mapping[str, Any]) -> list[Difference]:
    comparison = _Comparison()
    comparison.report(expect, report)
    return comparison.found
