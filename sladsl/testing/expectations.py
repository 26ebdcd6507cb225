"""A case's `expect` table (TOML data) -> `cases.Expectations`, checked against the contract.

Input: the `expect` table as `tomllib` returns it (floats as `Decimal`), its data path in the
file, the contract's objective, remedy and service names, and the `Problems` of the file.
Output: `Expectations`; every mistake goes to `Problems` with the path of the key concerned.

Invariants: an expected value has the JSON type of its report field (`report_fields`): numbers,
durations and instants are strings spelt as the report spells them, so a number or a TOML date
where the report has a string is refused with the spelling to use. Period labels look like the
report's (`2026`, `2026-04`, `2026-Q2`, `2026-03-01/P28D`). A name under a period is an objective
or a remedy of the contract; a service under an objective is a service of the contract.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

import attrs

from sladsl import nodes as n
from sladsl.evaluate.periods import label_key
from sladsl.testing import report_fields as rf
from sladsl.testing.cases import (
    Expectations,
    Fields,
    Items,
    ObjectiveCheck,
    PeriodCheck,
    Scalar,
    SectionCheck,
)
from sladsl.testing.problems import Problems
from sladsl.testing.toml_lines import KeyPath

_INSTANT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9]{2}:[0-9]{2})")
_OBJECTIVES = (n.Availability, n.Metric, n.Timer, n.Count)


@attrs.frozen
class ContractNames:
    """The names a test may use under a period, from the contract."""

    objectives: tuple[str, ...]
    remedies: tuple[str, ...]
    services: tuple[str, ...]

    @classmethod
    def of(cls, contract: n.Contract) -> ContractNames:
        declarations = contract.declarations
        return cls(
            tuple(d.name for d in declarations if isinstance(d, _OBJECTIVES)),
            tuple(d.name for d in declarations if isinstance(d, n.Remedy)),
            tuple(d.name for d in declarations if isinstance(d, n.Service)),
        )


def _listed(words: tuple[str, ...] | list[str]) -> str:
    return ", ".join(words) if words else "none"


def _report_spelling(value: object) -> str:
    """How the report would write a TOML number or date: as a string."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


class ExpectReader:
    """Reads one case's `expect` table; `where` starts every message (`case "April": `)."""

    def __init__(self, names: ContractNames, problems: Problems, where: str) -> None:
        self.names = names
        self.problems = problems
        self.where = where

    def _problem(self, path: KeyPath, shown: str, message: str) -> None:
        self.problems.add(path, f"{self.where}{shown}: {message}")

    # --- values -------------------------------------------------------------------------------

    def _scalar(self, path: KeyPath, shown: str, value: object, want: type) -> Scalar | None:
        key = str(path[-1])
        if want is bool:
            if isinstance(value, bool):
                return value
            self._problem(path, shown, "write true or false, as the report does")
            return None
        if want is int:
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            self._problem(path, shown, "write a whole number, as the report does (`13`)")
            return None
        if isinstance(value, str):
            return value
        if isinstance(value, Decimal | int | datetime | date | time) and not isinstance(
            value, bool
        ):
            spelt = _report_spelling(value)
            self._problem(
                path, shown, f'the report writes this value as a string: {key} = "{spelt}"'
            )
            return None
        self._problem(path, shown, f"expected a string, as the report writes {key}")
        return None

    def _table(self, path: KeyPath, shown: str, value: object) -> Mapping[str, Any] | None:
        if isinstance(value, dict):
            return value
        self._problem(path, shown, "expected a table")
        return None

    def fields(
        self,
        path: KeyPath,
        shown: str,
        table: Mapping[str, Any],
        types: rf.FieldTypes,
        others: tuple[str, ...] = (),
        services: tuple[str, ...] = (),
    ) -> Fields:
        """The keys of `table` that are report fields; any other key not in `others` (or in
        `services`, which the message lists apart) is a problem."""
        found: list[tuple[str, Scalar]] = []
        for key, value in table.items():
            if key in others or key in services:
                continue
            here = f"{shown} / {key}" if shown else key
            if key not in types:
                allowed = _listed([*types, *others])
                if services:
                    allowed += f", or a service: {_listed(services)}"
                self._problem((*path, key), here, f"unknown key (expected {allowed})")
                continue
            scalar = self._scalar((*path, key), here, value, types[key])
            if scalar is not None:
                found.append((key, scalar))
        return tuple(found)

    def items(self, path: KeyPath, shown: str, value: object, types: rf.FieldTypes) -> Items | None:
        """A table (exactly one item) or an array of tables (every item, in order)."""
        key = str(path[-1])
        if isinstance(value, dict):
            return Items(key, (self.fields(path, shown, value, types),), single=True)
        if isinstance(value, list) and all(isinstance(v, dict) for v in value):
            each = tuple(
                self.fields((*path, i), f"{shown} #{i + 1}", v, types) for i, v in enumerate(value)
            )
            return Items(key, each, single=False)
        self._problem(path, shown, "expected a table (one item) or an array of tables (each item)")
        return None

    # --- the parts of the report ----------------------------------------------------------------

    def expectations(self, path: KeyPath, table: Mapping[str, Any]) -> Expectations:
        if not table:
            self._problem(path, "expect", "states nothing: a case must expect something")
        named = {k: v for k, v in table.items() if k == "contract"}
        contract = self.fields(path, "", named, rf.REPORT)
        events: Fields = ()
        if "events" in table:
            counts = self._table((*path, "events"), "events", table["events"])
            if counts is not None:
                events = self.fields((*path, "events"), "events", counts, rf.EVENT_COUNTS)
        rejected: list[tuple[int, str]] = []
        if "rejected" in table:
            rejected = self._rejected((*path, "rejected"), table["rejected"])
        customers: list[tuple[str, SectionCheck]] = []
        if "customers" in table:
            per = self._table((*path, "customers"), "customers", table["customers"])
            for customer, value in (per or {}).items():
                here = (*path, "customers", customer)
                section = self._table(here, f"customer {customer}", value)
                if section is not None:
                    checks = self.section(here, f"customer {customer} / ", section, ("claims",))
                    customers.append((customer, checks))
        top = ("contract", "events", "rejected", "customers", "claims")
        return Expectations(
            contract=contract,
            events=events,
            rejected=tuple(rejected),
            states_rejections="rejected" in table or any(k == "rejected" for k, _ in events),
            section=self.section(path, "", table, top),
            customers=tuple(customers),
        )

    def _rejected(self, path: KeyPath, value: object) -> list[tuple[int, str]]:
        table = self._table(path, "rejected", value)
        found: list[tuple[int, str]] = []
        for key, reason in (table or {}).items():
            here = (*path, key)
            if not key.isdigit() or int(key) < 1:
                self._problem(here, f"rejected / {key}", "the key is a line number (`3 = ...`)")
                continue
            text = self._scalar(here, f"rejected / line {key}", reason, str)
            if isinstance(text, str):
                found.append((int(key), text))
        return found

    def section(
        self, path: KeyPath, shown: str, table: Mapping[str, Any], others: tuple[str, ...]
    ) -> SectionCheck:
        """Periods (any key that is not in `others`) and `claims`."""
        periods: list[PeriodCheck] = []
        for key, value in table.items():
            if key in others:
                continue
            here = (*path, key)
            if label_key(key) is None:
                allowed = _listed(list(others))
                self._problem(
                    here,
                    f"{shown}{key}",
                    f"unknown key (expected {allowed} or a period label such as 2026-04, "
                    "2026-Q2, 2026, 2026-01-05/P28D)",
                )
                continue
            period = self._table(here, f"{shown}{key}", value)
            if period is not None:
                periods.append(self.period(here, f"{shown}{key}", key, period))
        claims: list[Items] = []
        if "claims" in table and "claims" in others:
            per = self._table((*path, "claims"), f"{shown}claims", table["claims"])
            for at, value in (per or {}).items():
                here = (*path, "claims", at)
                if not _INSTANT.fullmatch(at):
                    self._problem(
                        here,
                        f"{shown}claims / {at}",
                        "the key is the claim's `at` as the report writes it "
                        '("2026-04-03T10:00:00Z")',
                    )
                    continue
                found = self.items(here, f"{shown}claims / {at}", value, rf.CLAIM)
                if found is not None:
                    claims.append(found)
        return SectionCheck(tuple(periods), tuple(claims))

    def period(
        self, path: KeyPath, shown: str, label: str, table: Mapping[str, Any]
    ) -> PeriodCheck:
        names = self.names
        fields: list[tuple[str, Scalar]] = []
        objectives: list[ObjectiveCheck] = []
        remedies: list[Items] = []
        credit_total: Fields = ()
        for key, value in table.items():
            here = (*path, key)
            where = f"{shown} / {key}"
            if key in rf.PERIOD:
                fields.extend(self.fields(path, shown, {key: value}, rf.PERIOD))
            elif key == "credit_total":
                total = self._table(here, where, value)
                if total is not None:
                    credit_total = self.fields(here, where, total, rf.CREDIT_TOTAL)
            elif key in names.objectives:
                objective = self._table(here, where, value)
                if objective is not None:
                    objectives.extend(self.objective(here, where, key, objective))
            elif key in names.remedies:
                found = self.items(here, where, value, rf.REMEDY)
                if found is not None:
                    remedies.append(found)
            elif key in ("objectives", "remedies"):
                one = {"objectives": "objective", "remedies": "remedy"}[key]
                self._problem(here, where, f"name the {one} itself: [case.expect.{label}.<name>]")
            else:
                self._problem(
                    here,
                    where,
                    "the contract has no objective or remedy of this name (objectives: "
                    f"{_listed(names.objectives)}; remedies: {_listed(names.remedies)}; "
                    "or start, end, credit_total)",
                )
        return PeriodCheck(
            label,
            tuple(fields),
            credit_total,
            tuple(objectives),
            tuple(remedies),
        )

    def objective(
        self,
        path: KeyPath,
        shown: str,
        name: str,
        table: Mapping[str, Any],
        service: str | None = None,
    ) -> list[ObjectiveCheck]:
        named = self.names.services if service is None else ()
        services = tuple(s for s in named if s not in rf.OBJECTIVE)  # a field wins over a service
        fields = self.fields(path, shown, table, rf.OBJECTIVE, ("breaches", "breach"), services)
        refs: tuple[str, ...] | None = None
        if "breaches" in table:
            value = table["breaches"]
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                refs = tuple(value)
            else:
                self._problem(
                    (*path, "breaches"),
                    f"{shown} / breaches",
                    'expected the refs of the breaches as a list of strings (["t1", "o3"])',
                )
        breaches: list[Items] = []
        if "breach" in table:
            per = self._table((*path, "breach"), f"{shown} / breach", table["breach"])
            for ref, value in (per or {}).items():
                here = (*path, "breach", ref)
                found = self.items(here, f"{shown} / breach {ref}", value, rf.BREACH)
                if found is not None:
                    breaches.append(found)
        checks: list[ObjectiveCheck] = []
        nested = [key for key in table if key in services]
        if fields or refs is not None or breaches or not nested:
            checks.append(ObjectiveCheck(name, service, fields, refs, tuple(breaches)))
        for key in nested:
            here = (*path, key)
            one = self._table(here, f"{shown} / {key}", table[key])
            if one is not None:
                checks.extend(self.objective(here, f"{shown} / {key}", name, one, service=key))
        return checks
