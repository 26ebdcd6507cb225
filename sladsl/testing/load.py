"""A contract test file (TOML, docs/testing.md) -> `cases.ContractTests`, or `BrokenTestFileError`.

Input: the path of a `*.test.toml` file and the name to show for it in messages.
Output: `ContractTests`: the contract parsed and checked, and each case with its parameters
resolved against the contract, its events (a file, or inline JSON Lines text), its options and
its expectations (`expectations.ExpectReader`).

The test file and its contract are read as `sladsl check` reads a contract
(`parser.read_contract`): a byte-order mark or CRLF line ends change nothing, and bytes
that are not UTF-8 are named by line and column.

Invariants: anything wrong with the file itself (not UTF-8, not TOML, an unknown key, a missing or
ill-typed value, a contract or event file that does not exist, an unknown parameter, objective,
remedy or service) raises `BrokenTestFileError` listing every problem found, each with its line.
A contract with errors is not the test file's fault: it comes back with `contract_errors` and
its cases fail when run. Relative paths in the file are relative to the file's folder. Nothing
is evaluated here.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec

from sladsl import nodes as n
from sladsl.business_time import load_zone
from sladsl.checker import usable_contract
from sladsl.diagnostics import render
from sladsl.evaluate.params import ParamError, Params, resolve_params
from sladsl.evaluate.periods import label_key
from sladsl.parser import UnreadableContract, read_contract
from sladsl.testing.cases import Case, ContractTests, Events, Expectations
from sladsl.testing.expectations import ContractNames, ExpectReader
from sladsl.testing.problems import BrokenTestFileError, Problem, Problems
from sladsl.testing.toml_lines import KeyLines, KeyPath

SUFFIX = ".test.toml"
FILE_KEYS = ("contract", "params", "case")
CASE_KEYS = ("name", "params", "events", "period", "from", "to", "tz", "customer", "expect")
_TOML_ERROR = re.compile(r"(?P<message>.*) \(at line (?P<line>[0-9]+), column (?P<column>[0-9]+)\)")
_PARAM_HINT = re.compile(r"--param (\w+)=([^\s,;)]+)")
_EVENT_LINE = msgspec.json.Encoder(decimal_format="number")
# The years business time supports (sladsl.business_time): `from` and `to` stay inside them.
_FIRST_YEAR, _LAST_YEAR = 2, 9998


def _listed(words: tuple[str, ...]) -> str:
    return ", ".join(words)


def load(path: Path, shown: str) -> ContractTests:
    try:
        text = read_contract(path)  # without the byte-order mark TOML refuses
    except UnreadableContract as error:
        raise BrokenTestFileError(
            [Problem(shown, None, f"cannot read the test file: {error.reason}")]
        ) from None
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_ERROR.fullmatch(str(error))
        if found is None:
            raise BrokenTestFileError([Problem(shown, None, f"not valid TOML: {error}")]) from None
        line, column = int(found["line"]), int(found["column"])
        problem = Problem(shown, line, f"not valid TOML: {found['message']}", column)
        raise BrokenTestFileError([problem]) from None
    return _FileReader(path, shown, data, Problems(shown, KeyLines(text))).read()


class _FileReader:
    def __init__(self, path: Path, shown: str, data: dict[str, Any], problems: Problems) -> None:
        self.folder = path.parent
        self.shown = shown
        self.data = data
        self.problems = problems

    def read(self) -> ContractTests:
        data, problems = self.data, self.problems
        for key in data:
            if key not in FILE_KEYS:
                problems.add((key,), f"unknown key `{key}` (expected {_listed(FILE_KEYS)})")
        cases = self._case_tables()
        contract_text = data.get("contract")
        if not isinstance(contract_text, str) or not contract_text:
            problems.add(
                ("contract",),
                "`contract` names the contract file, relative to this "
                'file: contract = "../voip.sla"',
            )
            problems.stop()
        contract_path = self.folder / contract_text
        contract_shown = self._beside(contract_text)
        try:
            source = read_contract(contract_path)
        except UnreadableContract as error:
            reason = error.reason
            if isinstance(error.os_error, FileNotFoundError):
                reason = "no such file (paths in a test file are relative to the test file)"
            problems.add(("contract",), f"cannot read the contract {contract_shown}: {reason}")
            problems.stop()
        parsed, stopping = usable_contract(source, contract_shown)
        errors = [render(d, source) for d in stopping]
        names = [self._name(i, case) for i, case in enumerate(cases)]
        self._check_names(names)
        if parsed is None:
            problems.raise_any()
            return ContractTests(
                self.shown, contract_path, None, (), tuple(errors), tuple(n or "" for n in names)
            )
        contract = parsed
        reader_names = ContractNames.of(contract)
        shared = self._params(("params",), data.get("params", {}))
        loaded: list[Case] = []
        for index, (case, name) in enumerate(zip(cases, names, strict=True)):
            built = self._case(index, case, name or "", shared, contract, reader_names)
            if built is not None:
                loaded.append(built)
        problems.raise_any()
        return ContractTests(self.shown, contract_path, contract, tuple(loaded))

    def _beside(self, relative: str) -> str:
        """A path written in the test file, as shown in messages (like the file's own name)."""
        return os.path.normpath(Path(self.shown).parent / relative)

    # --- the file -------------------------------------------------------------------------------

    def _case_tables(self) -> list[Mapping[str, Any]]:
        cases = self.data.get("case")
        if isinstance(cases, list) and cases and all(isinstance(c, dict) for c in cases):
            return cases
        if isinstance(cases, dict):
            self.problems.add(("case",), "write each case as [[case]] (an array of tables)")
        else:
            self.problems.add(("case",), "no case: add at least one [[case]] table")
        return []

    def _name(self, index: int, case: Mapping[str, Any]) -> str | None:
        name = case.get("name")
        if isinstance(name, str) and name.strip():
            return name
        self.problems.add(("case", index), f"case #{index + 1}: `name` is missing (a string)")
        return None

    def _check_names(self, names: list[str | None]) -> None:
        seen: set[str] = set()
        for index, name in enumerate(names):
            if name is not None and name in seen:
                self.problems.add(
                    ("case", index, "name"),
                    f'case "{name}": a second case has this name; names must differ',
                )
            if name is not None:
                seen.add(name)

    def _params(self, path: KeyPath, value: object, where: str = "") -> dict[str, str] | None:
        """The parameters as `--param` texts; None if any is wrong."""
        if not isinstance(value, dict):
            message = 'params: expected a table: params = { monthly_fee = "1000" }'
            self.problems.add(path, where + message)
            return None
        texts: dict[str, str] = {}
        for name, given in value.items():
            if isinstance(given, str):
                texts[name] = given
            elif isinstance(given, int | Decimal) and not isinstance(given, bool):
                texts[name] = str(given)
            else:
                message = f'params / {name}: write the value as text: {name} = "..."'
                self.problems.add((*path, name), where + message)
        return texts if len(texts) == len(value) else None

    # --- a case ---------------------------------------------------------------------------------

    def _case(
        self,
        index: int,
        case: Mapping[str, Any],
        name: str,
        shared: dict[str, str] | None,
        contract: n.Contract,
        names: ContractNames,
    ) -> Case | None:
        path: KeyPath = ("case", index)
        where = f'case "{name}": ' if name else f"case #{index + 1}: "
        problems = self.problems
        before = len(problems.found)
        for key in case:
            if key not in CASE_KEYS:
                problems.add(
                    (*path, key), f"{where}unknown key `{key}` (expected {_listed(CASE_KEYS)})"
                )
        own = self._params((*path, "params"), case["params"], where) if "params" in case else {}
        params = Params({})
        try:
            if shared is not None and own is not None:
                params = resolve_params(contract, {**shared, **own})
        except ParamError as error:
            message = _PARAM_HINT.sub(r'\1 = "\2" in params', str(error))
            at = (*path, "params") if "params" in case else path
            if "params" not in case and "params" in self.data:
                at = ("params",)
            problems.add(at, f"{where}{message}")
        events = self._events((*path, "events"), where, case.get("events"))
        period = self._text(case, path, where, "period")
        if period is not None and label_key(period) is None:
            problems.add(
                (*path, "period"),
                f"{where}period: write 2026-04, 2026-Q2, 2026 or a rolling window's label "
                "(2026-01-05/P28D)",
            )
        start = self._instant(case, path, where, "from")
        end = self._instant(case, path, where, "to")
        if start is not None and end is not None and end <= start:
            problems.add((*path, "to"), f"{where}`to` must be later than `from`")
        zone = None
        tz = self._text(case, path, where, "tz")
        if tz is not None:
            try:
                zone = load_zone(tz)
            except Exception:
                problems.add(
                    (*path, "tz"), f"{where}tz: {tz!r} is not a time zone such as Europe/Paris"
                )
        customer = self._text(case, path, where, "customer")
        expect = Expectations()
        table = case.get("expect")
        if isinstance(table, dict):
            reader = ExpectReader(names, problems, where)
            expect = reader.expectations((*path, "expect"), table)
        else:
            problems.add(
                (*path, "expect") if "expect" in case else path,
                f"{where}no [case.expect] table: a case must expect something",
            )
        if len(problems.found) > before or events is None:
            return None
        return Case(name, params, events, expect, period, start, end, zone, customer)

    def _text(self, case: Mapping[str, Any], path: KeyPath, where: str, key: str) -> str | None:
        value = case.get(key)
        if value is None or isinstance(value, str):
            return value
        self.problems.add((*path, key), f"{where}{key}: expected a string")
        return None

    def _instant(
        self, case: Mapping[str, Any], path: KeyPath, where: str, key: str
    ) -> datetime | None:
        value = case.get(key)
        if value is None:
            return None
        at: datetime | None = value if isinstance(value, datetime) else None
        if isinstance(value, str):
            try:
                at = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                at = None
        if at is None:
            self.problems.add(
                (*path, key),
                f"{where}{key}: write an RFC 3339 instant such as 2026-05-01T00:00:00Z",
            )
            return None
        if at.tzinfo is None:
            self.problems.add((*path, key), f"{where}{key}: the instant needs an offset or Z")
            return None
        if not _FIRST_YEAR <= at.year <= _LAST_YEAR:
            self.problems.add(
                (*path, key),
                f"{where}{key}: outside the years evaluated ({_FIRST_YEAR}-{_LAST_YEAR})",
            )
            return None
        return at

    def _events(self, path: KeyPath, where: str, value: object) -> Events | None:
        problems = self.problems
        if value is None:
            problems.add(
                path[:-1],
                f"{where}no `events`: give a file, JSON Lines text or [[case.events]] tables",
            )
            return None
        if isinstance(value, str):
            if not value.strip() or value.lstrip().startswith("{"):
                return Events(text=value)
            file = self.folder / value
            if not file.is_file():
                shown = self._beside(value)
                reason = "is a directory" if file.is_dir() else "does not exist"
                problems.add(path, f"{where}events: the event file {shown} {reason}")
                return None
            return Events(path=file)
        if isinstance(value, list) and all(isinstance(v, dict) for v in value):
            lines = [_EVENT_LINE.encode(event).decode("utf-8") for event in value]
            return Events(text="".join(line + "\n" for line in lines))
        problems.add(
            path,
            f"{where}events: expected a file name, JSON Lines text (one event per "
            "line) or [[case.events]] tables",
        )
        return None
