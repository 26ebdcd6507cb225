"""The values of a loaded contract test file: its contract, its cases, what each case expects.

Input: built by `sladsl.testing.load`. Output: frozen values read by `evaluation` (how to run a
case), `compare` (what to compare) and `output`.

Invariants: every value here was validated when loading: names of objectives, remedies and
services exist in the contract, every expected value has the JSON type of the report field it is
compared with (`report_fields`), paths are absolute or relative to the current directory.
Expectations are partial: only what a case states is here, and only that is compared.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path

import attrs

from sladsl import nodes as n
from sladsl.evaluate.params import Params

Scalar = str | bool | int
Fields = tuple[tuple[str, Scalar], ...]  # (report key, expected JSON value), in file order


@attrs.frozen
class Items:
    """What is expected of the report items that share `key` in one list: the breaches of one
    ticket or outage, the remedies of one name, the claims made at one instant.

    `single` (a TOML table): exactly one such item, with `each[0]`'s fields. Otherwise (an array
    of tables) `each` states every such item in report order; an empty array means none.
    """

    key: str
    each: tuple[Fields, ...]
    single: bool


@attrs.frozen
class ObjectiveCheck:
    """An objective of a period, by name and, when it is stated, by service. Without a service
    the checks apply to every objective of that name (one per service, for availability)."""

    name: str
    service: str | None
    fields: Fields
    refs: tuple[str, ...] | None  # `breaches = [...]`: the refs of every breach, in any order
    breaches: tuple[Items, ...]  # `breach.<ref>`


@attrs.frozen
class PeriodCheck:
    label: str
    fields: Fields
    credit_total: Fields
    objectives: tuple[ObjectiveCheck, ...]
    remedies: tuple[Items, ...]


@attrs.frozen
class SectionCheck:
    """One customer's part of the report (the whole report, in the single-customer shape)."""

    periods: tuple[PeriodCheck, ...] = ()
    claims: tuple[Items, ...] = ()


@attrs.frozen
class Expectations:
    contract: Fields = ()
    events: Fields = ()
    rejected: tuple[tuple[int, str], ...] = ()  # (line, reason)
    states_rejections: bool = False  # `events.rejected` or `rejected` stated: lines may be refused
    section: SectionCheck = SectionCheck()
    customers: tuple[tuple[str, SectionCheck], ...] = ()


@attrs.frozen
class Events:
    """A case's events: a file (JSON Lines or CSV), or inline JSON Lines text (event tables are
    turned into such text, one line per table)."""

    path: Path | None = None
    text: str | None = None


@attrs.frozen
class Case:
    name: str
    params: Params
    events: Events
    expect: Expectations
    period: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    tz: tzinfo | None = None
    customer: str | None = None


@attrs.frozen
class ContractTests:
    """One test file. When its contract has errors, `contract` is None, `contract_errors` holds
    them rendered, and `case_names` lists the cases, none of which can run."""

    path: str  # as shown in messages
    contract_path: Path
    contract: n.Contract | None
    cases: tuple[Case, ...]
    contract_errors: tuple[str, ...] = ()
    case_names: tuple[str, ...] = ()
