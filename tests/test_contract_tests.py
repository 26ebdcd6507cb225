"""`sladsl test`, contract test files (docs/testing.md): the runner, its files and its messages.

- `contracts/tests/` passes, holds one file per contract, and states the public scenarios: the
  same events, parameters, period and counts as `tests/scenarios/*/` (so the two cannot drift).
- Every value a case states is compared: changing any one of them makes the case fail (for the
  contracts' tests and the docs' example), and, as a hypothesis property, expectations drawn at
  random from a real report hold against it while changing any drawn value fails.
- A deliberately wrong file fails with readable differences: `tests/contract_tests/wrong.out`.
- Broken files (`tests/contract_tests/broken/NN-*.test.toml`, each says its mistake on its first
  line) exit 2 with the messages of `NN-*.err`, and no case runs.
- docs/testing.md: its example files run and print exactly the output it shows.
- `report_fields` lists every key of the reports; the TOML key locator finds the lines.

Goldens are updated with `pytest tests/test_contract_tests.py --update-goldens`. Output is read
as through a pipe (rich's colour switches cleared), from the repository root.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner, Result
from golden import assert_golden
from hypothesis import given, settings
from hypothesis import strategies as st
from test_cli import NOT_UTF_8, encoded

from sladsl.cli import main
from sladsl.evaluate.params import resolve_params
from sladsl.testing import report_fields as rf
from sladsl.testing.cases import (
    ContractTests,
    Expectations,
    Fields,
    Items,
    ObjectiveCheck,
    PeriodCheck,
    Scalar,
    SectionCheck,
)
from sladsl.testing.compare import compare
from sladsl.testing.evaluation import evaluate_case
from sladsl.testing.load import load
from sladsl.testing.toml_lines import KeyLines

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "tests" / "contract_tests"
BROKEN = sorted((HERE / "broken").glob("*.test.toml"))
SCENARIOS = ROOT / "tests" / "scenarios"
DOC = ROOT / "docs" / "testing.md"
SEEDS = ("akuvox", "cpaas", "maaiiconnect", "support-hotline", "voip")
_RICH = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "NO_COLOR")
ENV: dict[str, str | None] = {"COLUMNS": "120", **dict.fromkeys(_RICH)}


def invoke(*args: str, env: dict[str, str | None] | None = None) -> Result:
    return CliRunner(env=ENV if env is None else env).invoke(main, ["test", *args])


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@cache
def loaded(name: str) -> ContractTests:
    path = ROOT / "contracts" / "tests" / f"{name}.test.toml"
    return load(path, str(path.relative_to(ROOT)))


@cache
def report_of(name: str) -> dict[str, Any]:
    """The report of the (only) case of contracts/tests/<name>.test.toml."""
    tests = loaded(name)
    assert tests.contract is not None
    (case,) = tests.cases
    return evaluate_case(tests.contract, case)


# --- the contracts' own tests ---------------------------------------------------------------------


def test_the_contracts_tests_pass(at_root: None) -> None:
    result = invoke("contracts/")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert [line for line in lines if line.startswith("contracts/")] == [
        f"contracts/tests/{name}.test.toml" for name in SEEDS
    ]
    assert sum(line.startswith("  PASS ") for line in lines) == len(SEEDS)
    assert lines[-1] == f"{len(SEEDS)} passed, 0 failed"
    assert "\x1b" not in result.stdout  # piped: no colour


def test_one_test_file_per_contract() -> None:
    contracts = sorted(p.stem for p in (ROOT / "contracts").glob("*.sla"))
    tests = sorted(
        p.name.removesuffix(".test.toml") for p in (ROOT / "contracts" / "tests").iterdir()
    )
    assert contracts == tests == sorted(SEEDS)


@pytest.mark.parametrize("name", SEEDS)
def test_the_contracts_tests_state_the_scenarios(name: str) -> None:
    """Same events, parameters, period and event counts as tests/scenarios/<name>/."""
    scenario = json.loads((SCENARIOS / name / "expect.json").read_text(encoding="utf-8"))
    tests = loaded(name)
    assert tests.contract is not None
    assert tests.contract_path.resolve() == (ROOT / scenario["contract"]).resolve()
    (case,) = tests.cases
    assert case.events.text == (SCENARIOS / name / "events.jsonl").read_text(encoding="utf-8")
    assert case.params == resolve_params(tests.contract, scenario["params"])
    args = scenario["args"]
    assert case.period == (args[args.index("--period") + 1] if "--period" in args else None)
    assert set(scenario["expect"]["events"].items()) <= set(case.expect.events)


# --- every stated value is compared ---------------------------------------------------------------


def _other(value: Scalar) -> Scalar:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    return value + "0"


def _changed_fields(fields: Fields) -> Iterator[Fields]:
    for index, (key, value) in enumerate(fields):
        yield (*fields[:index], (key, _other(value)), *fields[index + 1 :])


def _changed_items(items: Items) -> Iterator[Items]:
    if not items.each:
        yield attrs.evolve(items, each=((),))  # "none" becomes "one"
    for index, fields in enumerate(items.each):
        for changed in _changed_fields(fields):
            each = (*items.each[:index], changed, *items.each[index + 1 :])
            yield attrs.evolve(items, each=each)


def _changed_tuple(values: tuple[Any, ...], change: Any) -> Iterator[tuple[Any, ...]]:
    for index, value in enumerate(values):
        for changed in change(value):
            yield (*values[:index], changed, *values[index + 1 :])


def _changed_objective(check: ObjectiveCheck) -> Iterator[ObjectiveCheck]:
    for fields in _changed_fields(check.fields):
        yield attrs.evolve(check, fields=fields)
    if check.refs is not None:
        yield attrs.evolve(check, refs=(*check.refs, "nobody"))
        for refs in _changed_tuple(check.refs, lambda ref: iter([ref + "0"])):
            yield attrs.evolve(check, refs=refs)
    for breaches in _changed_tuple(check.breaches, _changed_items):
        yield attrs.evolve(check, breaches=breaches)


def _changed_period(check: PeriodCheck) -> Iterator[PeriodCheck]:
    for fields in _changed_fields(check.fields):
        yield attrs.evolve(check, fields=fields)
    for total in _changed_fields(check.credit_total):
        yield attrs.evolve(check, credit_total=total)
    for objectives in _changed_tuple(check.objectives, _changed_objective):
        yield attrs.evolve(check, objectives=objectives)
    for remedies in _changed_tuple(check.remedies, _changed_items):
        yield attrs.evolve(check, remedies=remedies)


def _changed_section(check: SectionCheck) -> Iterator[SectionCheck]:
    for periods in _changed_tuple(check.periods, _changed_period):
        yield attrs.evolve(check, periods=periods)
    for claims in _changed_tuple(check.claims, _changed_items):
        yield attrs.evolve(check, claims=claims)


def changed(expect: Expectations) -> Iterator[Expectations]:
    """`expect` with one stated value changed, for each value it states."""
    for fields in _changed_fields(expect.contract):
        yield attrs.evolve(expect, contract=fields)
    for fields in _changed_fields(expect.events):
        yield attrs.evolve(expect, events=fields)
    for rejected in _changed_tuple(expect.rejected, lambda r: iter([(r[0], r[1] + "0")])):
        yield attrs.evolve(expect, rejected=rejected)
    for section in _changed_section(expect.section):
        yield attrs.evolve(expect, section=section)
    for customers in _changed_tuple(
        expect.customers, lambda c: ((c[0], s) for s in _changed_section(c[1]))
    ):
        yield attrs.evolve(expect, customers=customers)


@pytest.mark.parametrize("name", SEEDS)
def test_every_value_a_contract_test_states_is_compared(name: str) -> None:
    (case,) = loaded(name).cases
    report = report_of(name)
    assert compare(case.expect, report) == []
    mutants = list(changed(case.expect))
    assert len(mutants) >= 5
    for mutant in mutants:
        assert compare(mutant, report), mutant


# --- a property: expectations drawn from a report -------------------------------------------------


def _draw_fields(
    data: st.DataObject, item: dict[str, Any], types: rf.FieldTypes, every: bool = False
) -> Fields:
    return tuple(
        (key, item[key])
        for key in types
        if item.get(key) is not None and (every or data.draw(st.booleans()))
    )


def _draw_items(
    data: st.DataObject, key: str, found: list[dict[str, Any]], types: rf.FieldTypes
) -> Items:
    each = tuple(_draw_fields(data, item, types) for item in found)
    single = len(found) == 1 and data.draw(st.booleans())
    return Items(key, each, single)


def _draw_period(data: st.DataObject, period: dict[str, Any]) -> PeriodCheck:
    objectives: list[ObjectiveCheck] = []
    for objective in period["objectives"]:
        if not data.draw(st.booleans()):
            continue
        named = [o for o in period["objectives"] if o["name"] == objective["name"]]
        service = objective["service"]
        if len(named) == 1 and not data.draw(st.booleans()):
            service = None
        breaches = objective["breaches"]
        refs = tuple(b["ref"] for b in breaches) if data.draw(st.booleans()) else None
        by_ref = {b["ref"]: [c for c in breaches if c["ref"] == b["ref"]] for b in breaches}
        drawn = tuple(_draw_items(data, ref, found, rf.BREACH) for ref, found in by_ref.items())
        fields = _draw_fields(data, objective, rf.OBJECTIVE)
        objectives.append(ObjectiveCheck(objective["name"], service, fields, refs, drawn))
    remedies = period["remedies"]
    names = dict.fromkeys(r["name"] for r in remedies)
    drawn_remedies = tuple(
        _draw_items(data, name, [r for r in remedies if r["name"] == name], rf.REMEDY)
        for name in names
        if data.draw(st.booleans())
    )
    return PeriodCheck(
        period["period"],
        _draw_fields(data, period, rf.PERIOD),
        _draw_fields(data, period["credit_total"], rf.CREDIT_TOTAL),
        tuple(objectives),
        drawn_remedies,
    )


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_expectations_drawn_from_a_report_hold_and_any_change_fails(data: st.DataObject) -> None:
    report = report_of(data.draw(st.sampled_from(SEEDS)))
    periods = tuple(_draw_period(data, p) for p in report["periods"] if data.draw(st.booleans()))
    claims = report["claims"]
    drawn_claims = tuple(
        _draw_items(data, at, [c for c in claims if c["at"] == at], rf.CLAIM)
        for at in dict.fromkeys(c["at"] for c in claims)
        if data.draw(st.booleans())
    )
    expect = Expectations(
        contract=_draw_fields(data, report, rf.REPORT),
        events=_draw_fields(data, report["events"], rf.EVENT_COUNTS),
        rejected=tuple((r["line"], r["reason"]) for r in report["rejected"]),
        states_rejections=bool(report["rejected"]),
        section=SectionCheck(periods, drawn_claims),
    )
    assert compare(expect, report) == []
    for mutant in changed(expect):
        assert compare(mutant, report), mutant


# --- failures and broken files --------------------------------------------------------------------


def test_wrong_expectations_fail_with_readable_differences(
    at_root: None, update_goldens: bool
) -> None:
    result = invoke("tests/contract_tests/wrong.test.toml")
    assert result.exit_code == 1, result.output
    assert result.stderr == ""
    assert_golden(HERE / "wrong.out", result.stdout, update_goldens)
    assert result.stdout.endswith("\n1 passed, 4 failed\n")


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name.removesuffix(".test.toml"))
def test_a_broken_test_file_exits_2_naming_lines(
    path: Path, at_root: None, update_goldens: bool
) -> None:
    result = invoke(str(path.relative_to(ROOT)))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    golden = path.with_name(path.name.removesuffix(".test.toml") + ".err")
    assert_golden(golden, result.stderr, update_goldens)
    shown = str(path.relative_to(ROOT))
    problems = result.stderr.splitlines()[:-1]
    assert problems and all(
        re.match(rf"{re.escape(shown)}:[0-9]+(:[0-9]+)?: ", p) for p in problems
    )
    assert "Traceback" not in result.output


def test_broken_test_files_in_the_set_mean_no_case_runs(at_root: None) -> None:
    result = invoke("contracts/", str(BROKEN[0].relative_to(ROOT)))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.endswith("1 test file is broken; no case was run\n")


def test_a_contract_with_errors_fails_its_cases(tmp_path: Path) -> None:
    (tmp_path / "bad.sla").write_text('contract bad "Bad" {\n  zone Mars/Base\n}\n')
    (tmp_path / "bad.test.toml").write_text(
        'contract = "bad.sla"\n[[case]]\nname = "one"\nevents = ""\nexpect.events.read = 0\n'
    )
    result = invoke(str(tmp_path))
    assert result.exit_code == 1, result.output
    assert "the contract has errors, so no case can run:" in result.stdout
    assert ": error: " in result.stdout
    assert "  FAIL one\n      not run: the contract has errors (above)\n" in result.stdout
    assert result.stdout.endswith("0 passed, 1 failed\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere"], "no such file or directory: nowhere"),
        (["docs"], "no *.test.toml test files found in docs"),
        (["contracts/voip.sla"], "contracts/voip.sla is a contract; `sladsl test` runs test"),
    ],
)
def test_bad_usage_exits_2(args: list[str], message: str, at_root: None) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_no_path_is_bad_usage() -> None:
    assert invoke().exit_code == 2


def test_colour_on_a_terminal_only(at_root: None) -> None:
    forced = invoke("contracts/tests/voip.test.toml", env={**ENV, "FORCE_COLOR": "1"})
    assert forced.exit_code == 0
    assert "\x1b[" in forced.stdout and "PASS" in forced.stdout
    plain = invoke("contracts/tests/voip.test.toml")
    assert "\x1b" not in plain.stdout


def test_event_tables_and_inline_lines_number_rejections(tmp_path: Path) -> None:
    """A rejected line is named by the line of the inline text or the number of the table."""
    shutil.copy(ROOT / "examples" / "voip.sla", tmp_path)
    bad = '{"at": "2026-04-05T10:00:00Z", "type": "ticket.acknowledged", "ticket": "t9"}'
    (tmp_path / "lines.test.toml").write_text(
        'contract = "voip.sla"\nparams = { monthly_fee = "400" }\n'
        f"[[case]]\nname = \"inline\"\nevents = '''\n{{}}\n{bad}\n'''\n"
        "expect.events = { read = 2, rejected = 2 }\n"
        '[[case]]\nname = "tables"\n'
        '[[case.events]]\nat = 2026-04-05T09:00:00Z\ntype = "ticket.opened"\nticket = "t1"\n'
        '[[case.events]]\nat = 2026-04-05T10:00:00Z\ntype = "ticket.acknowledged"\n'
        'ticket = "t9"\n'
        "[case.expect]\nevents = { read = 2, rejected = 1 }\n"
        'rejected.2 = "wrong on purpose"\n'
    )
    tests = load(tmp_path / "lines.test.toml", "lines.test.toml")
    assert tests.contract is not None
    inline, tables = (evaluate_case(tests.contract, case) for case in tests.cases)
    assert [r["line"] for r in inline["rejected"]] == [1, 2]
    assert [r["line"] for r in tables["rejected"]] == [2]
    (difference,) = compare(tests.cases[1].expect, tables)
    assert difference.path == ("rejected", "line 2")
    assert difference.expected == '"wrong on purpose"'


# --- docs/testing.md ------------------------------------------------------------------------------

_BLOCK = re.compile(
    r"<!-- (?P<kind>test-file|output|errors): (?P<what>[^\n]*?) -->\n```\w*\n(?P<text>.*?)```", re.S
)
_EDIT = re.compile(r'"([^"]*)" -> "([^"]*)"')


def test_the_docs_examples_are_real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    examples = tmp_path / "examples"
    examples.mkdir()
    for name in ("voip.sla", "april.jsonl"):
        shutil.copy(ROOT / "examples" / name, examples)
    monkeypatch.chdir(tmp_path)
    blocks = list(_BLOCK.finditer(DOC.read_text(encoding="utf-8")))
    assert [b["kind"] for b in blocks] == ["test-file", "output", "output", "test-file", "errors"]
    files: dict[str, str] = {}
    for block in blocks:
        what, text = block["what"], block["text"]
        if block["kind"] == "test-file":
            files[what] = text
            continue
        command, _, edits = what.partition(", after ")
        words = command.split()
        assert words[:2] == ["sladsl", "test"]
        for path, content in files.items():
            for old, new in _EDIT.findall(edits):
                assert old in content
                content = content.replace(old, new)
            (tmp_path / path).write_text(content, encoding="utf-8")
        result = invoke(*words[2:])
        if block["kind"] == "errors":
            assert result.exit_code == 2
            assert result.stderr == text
        else:
            assert result.exit_code == (1 if edits else 0), result.output
            assert result.stdout == text


def test_the_docs_example_states_nothing_in_vain(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    example = next(b for b in _BLOCK.finditer(text) if b["what"] == "examples/voip.test.toml")
    for name in ("voip.sla", "april.jsonl"):
        shutil.copy(ROOT / "examples" / name, tmp_path)
    (tmp_path / "voip.test.toml").write_text(example["text"], encoding="utf-8")
    tests = load(tmp_path / "voip.test.toml", "voip.test.toml")
    assert tests.contract is not None and len(tests.cases) == 3
    for case in tests.cases:
        report = evaluate_case(tests.contract, case)
        assert compare(case.expect, report) == []
        for mutant in changed(case.expect):
            assert compare(mutant, report), (case.name, mutant)


# --- the pieces -----------------------------------------------------------------------------------


def _keys(report: dict[str, Any]) -> Iterator[tuple[str, str]]:
    yield from (("report", k) for k in report)
    yield from (("events", k) for k in report["events"])
    for rejected in report["rejected"]:
        yield from (("rejected", k) for k in rejected)
    for period in report["periods"]:
        yield from (("period", k) for k in period)
        yield from (("credit_total", k) for k in period["credit_total"])
        for objective in period["objectives"]:
            yield from (("objective", k) for k in objective)
            for breach in objective["breaches"]:
                yield from (("breach", k) for k in breach)
        for remedy in period["remedies"]:
            yield from (("remedy", k) for k in remedy)
    for claim in report["claims"]:
        yield from (("claim", k) for k in claim)


def test_report_fields_list_every_key_of_the_reports() -> None:
    known = {
        "report": {*rf.REPORT, *rf.ADDRESSING["report"]},
        "events": set(rf.EVENT_COUNTS),
        "rejected": set(rf.ADDRESSING["rejected"]),
        "period": {*rf.PERIOD, *rf.ADDRESSING["period"]},
        "credit_total": set(rf.CREDIT_TOTAL),
        "objective": {*rf.OBJECTIVE, *rf.ADDRESSING["objective"]},
        "breach": {*rf.BREACH, *rf.ADDRESSING["breach"]},
        "remedy": {*rf.REMEDY, *rf.ADDRESSING["remedy"]},
        "claim": {*rf.CLAIM, *rf.ADDRESSING["claim"]},
    }
    seen: set[tuple[str, str]] = set()
    for name in SEEDS:
        seen.update(_keys(report_of(name)))
    unknown = sorted((part, key) for part, key in seen if key not in known[part])
    assert unknown == []
    # Every part of the report was seen, so the check above is not vacuous.
    assert {part for part, _ in seen} >= set(known) - {"rejected"}


def test_differences_of_items_that_are_several_or_missing() -> None:
    """A table where the report has several items; a field the report lacks; the report of
    one customer when customers were expected (a synthetic report: no contract yields these)."""
    at = "2026-04-08T10:00:00Z"
    claim = {"period": "2026-03", "at": at, "valid": True, "reason": "ok"}
    report: dict[str, Any] = {
        "contract": "x",
        "events": {"read": 2, "accepted": 2, "duplicates": 0, "rejected": 0},
        "rejected": [],
        "periods": [],
        "claims": [claim, claim],
    }
    expect = Expectations(
        events=(("late", 0),),
        section=SectionCheck(claims=(Items(at, (), single=False), Items(at, ((),), single=True))),
        customers=(("acme", SectionCheck()),),
    )
    found = [(" / ".join(d.path), d.expected, d.actual) for d in compare(expect, report)]
    assert found == [
        ("events / late", "0", "(not in the report)"),
        (f"claims / {at} / count", "0", "2"),
        (f"claims / {at}", "one claim", "2 claims"),
        ("customer acme", "a customer", "none: the report is for one customer"),
    ]


def test_key_lines_find_headers_dotted_keys_and_arrays_of_tables() -> None:
    text = "\n".join(
        [
            'contract = "x.sla"',  # 1
            "[[case]]",  # 2
            'name = "a"',  # 3
            "events = '''",  # 4
            'name = "not a key: inside a string"',  # 5
            "'''",  # 6
            "[case.expect.2026-04.uptime]",  # 7
            'actual = "1"',  # 8
            "[[case]]",  # 9
            'name = "b"',  # 10
            "[[case.events]]",  # 11
            'type = "outage.start"',  # 12
            "[[case.events]]",  # 13
            'type = "outage.end"',  # 14
            "[case.expect]",  # 15
            'breach.o1 = { excess = "PT1H" }',  # 16
            '"2026-03-01/P28D".uptime.met = true',  # 17
        ]
    )
    lines = KeyLines(text)
    assert lines.line(("contract",)) == 1
    assert lines.line(("case", 0)) == 2
    assert lines.line(("case", 0, "name")) == 3
    assert lines.line(("case", 0, "events")) == 4
    assert lines.line(("case", 0, "expect", "2026-04", "uptime", "actual")) == 8
    assert lines.line(("case", 0, "expect", "2026-04", "uptime", "met")) == 7  # its table
    assert lines.line(("case", 1, "name")) == 10
    assert lines.line(("case", 1, "events", 1, "type")) == 14
    assert lines.line(("case", 1, "expect", "breach", "o1", "excess")) == 16  # inline table
    assert lines.line(("case", 1, "expect", "2026-03-01/P28D", "uptime", "met")) == 17
    assert lines.line(("nothing",)) is None


# --- how files are read ---------------------------------------------------------------------------


def _voip_tests(folder: Path, how: str = "", which: str = "") -> Path:
    """contracts/voip.sla and its test file copied into `folder` (as `voip.sla` and
    `tests/voip.test.toml`), the `which` of them (`contract` or `test file`, none by default)
    encoded as `how` says (`test_cli.encoded`)."""
    (folder / "tests").mkdir(parents=True)
    copies = {"contract": "voip.sla", "test file": "tests/voip.test.toml"}
    for name, relative in copies.items():
        data = (ROOT / "contracts" / relative).read_bytes()
        (folder / relative).write_bytes(encoded(data, how) if name == which else data)
    return folder


@pytest.mark.parametrize("which", ["contract", "test file"])
@pytest.mark.parametrize("how", ["bom", "crlf"])
def test_a_bom_or_crlf_file_runs_as_the_plain_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str, which: str
) -> None:
    """Was, for a test file with a byte-order mark: "not valid TOML: Invalid statement" at 1:1."""
    outputs = []
    for folder in (_voip_tests(tmp_path / "plain"), _voip_tests(tmp_path / how, how, which)):
        monkeypatch.chdir(folder)
        result = invoke("tests/voip.test.toml")
        assert result.exit_code == 0, result.output
        outputs.append((result.stdout, result.stderr))
    assert outputs[0] == outputs[1]
    assert outputs[1][0].endswith("1 passed, 0 failed\n")


@pytest.mark.parametrize(
    ("which", "message"),
    [
        ("test file", f"tests/voip.test.toml: cannot read the test file: {NOT_UTF_8}"),
        ("contract", f"tests/voip.test.toml:3: cannot read the contract voip.sla: {NOT_UTF_8}"),
    ],
    ids=["test file", "contract"],
)
def test_a_byte_not_utf_8_is_named_by_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, which: str, message: str
) -> None:
    """Was: Python's "can't decode byte 0xff in position 177", a byte offset. (The test file's
    line 3 names the contract: the message about the contract points there.)"""
    monkeypatch.chdir(_voip_tests(tmp_path, "bad", which))
    result = invoke("tests/voip.test.toml")
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and "Traceback" not in result.output
    assert result.stderr == f"{message}\n1 test file is broken; no case was run\n"
