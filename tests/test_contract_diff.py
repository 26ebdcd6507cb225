"""`sladsl diff OLD NEW`: what an amendment changes, in the contract's terms.

Golden outputs: each `tests/diff/<case>.sla` is a copy of a contract of `contracts/` with an
amendment (`CASES` names the contract); `sladsl diff contracts/<contract>.sla tests/diff/<case>.sla`
in each format must print exactly `tests/diff/<case>.txt`, `.md` and `.json` (run from the
repository root; `pytest --update-goldens` rewrites them). `voip-reordered.sla` means the same as
`contracts/voip.sla`: exit status 0 and a line saying so.

Properties (hypothesis): a contract against itself, or against its clauses in another order, has
no change; every single-field mutation of the five contracts and of the examples of
docs/language.md is reported, both ways, and every field of every AST node is mutated somewhere.
Verdicts: small amendments whose side is certain, and some where no side can be named. The
examples of docs/diff.md are the goldens.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner
from golden import assert_golden
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_cli import NOT_UTF_8, encoded

from sladsl import nodes as n
from sladsl.checker import check_file
from sladsl.cli import main
from sladsl.diffing import Change, diff_contracts
from sladsl.diffing.json_output import format_json
from sladsl.diffing.text_output import line
from sladsl.parser import parse

ROOT = Path(__file__).resolve().parent.parent
DIFF = ROOT / "tests" / "diff"
CONTRACTS = sorted((ROOT / "contracts").glob("*.sla"))
# Each amended copy in tests/diff/ and the contract it amends.
CASES = {
    "akuvox-target": "akuvox",
    "akuvox-exclusion": "akuvox",
    "cpaas-target": "cpaas",
    "maaiiconnect-restoration": "maaiiconnect",
    "support-hotline-level": "support-hotline",
    "support-hotline-amendment": "support-hotline",
    "voip-rounding": "voip",
    "voip-reordered": "voip",
}
SAME_MEANING = {"voip-reordered"}
FORMATS = {"text": "txt", "md": "md", "json": "json"}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["diff", *args])
    return result.exit_code, result.stdout, result.stderr


def contract(source: str) -> n.Contract:
    result = parse(source)
    assert result.contract is not None, result.diagnostics
    return result.contract


@cache
def contract_of(path: Path) -> n.Contract:
    return contract(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- golden outputs


def test_every_amended_copy_is_a_case_and_every_contract_is_amended() -> None:
    assert sorted(p.stem for p in DIFF.glob("*.sla")) == sorted(CASES)
    assert sorted(set(CASES.values())) == sorted(p.stem for p in CONTRACTS)


@pytest.mark.parametrize("case", sorted(CASES))
def test_amended_copies_check_without_errors(case: str) -> None:
    source = (DIFF / f"{case}.sla").read_text(encoding="utf-8")
    assert [d for d in check_file(source) if d.is_error] == []


@pytest.mark.parametrize("output_format", sorted(FORMATS))
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(
    case: str, output_format: str, update_goldens: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    old = f"contracts/{CASES[case]}.sla"
    new = f"tests/diff/{case}.sla"
    status, output, errors = run(old, new, "--format", output_format)
    assert errors == ""
    assert status == (0 if case in SAME_MEANING else 1), output
    assert_golden(DIFF / f"{case}.{FORMATS[output_format]}", output, update_goldens)


def changes_of(case: str) -> list[dict[str, Any]]:
    old = contract_of(ROOT / "contracts" / f"{CASES[case]}.sla")
    new = contract_of(DIFF / f"{case}.sla")
    report = json.loads(_json(old, new))
    changes: list[dict[str, Any]] = report["changes"]
    return changes


def _json(old: n.Contract, new: n.Contract) -> str:
    return format_json("old.sla", "new.sla", diff_contracts(old, new))


def test_a_changed_target() -> None:
    (change,) = changes_of("akuvox-target")
    assert (change["kind"], change["name"], change["field"]) == ("availability", "uptime", "target")
    assert (change["old"], change["new"], change["better_for"]) == ("99.99%", "99.9%", "provider")
    assert change["description"] == "availability target: 99.99% -> 99.9% (worse for the customer)"


def test_a_changed_target_in_a_table_by_parameter() -> None:
    (change,) = changes_of("cpaas-target")
    assert change["field"] == "target[single]"
    assert (change["old"], change["new"], change["better_for"]) == ("99.8%", "99.5%", "provider")


def test_a_removed_exclusion() -> None:
    changes = changes_of("akuvox-exclusion")
    assert [(c["kind"], c["name"], c["field"], c["change"]) for c in changes] == [
        ("availability", "uptime", "excluding", "removed"),
        ("exclusion", "force_majeure", None, "removed"),
    ]
    assert changes[0]["old"] == "force_majeure"
    assert changes[0]["better_for"] == "customer"
    assert changes[1]["better_for"] is None  # what it excluded is told by `excluding`


def test_a_new_severity_level() -> None:
    (change,) = changes_of("support-hotline-level")
    assert (change["kind"], change["field"], change["change"]) == (
        "severities",
        "levels[P5]",
        "added",
    )
    assert change["new"].startswith('P5 "Priority 5"')
    assert change["better_for"] is None


def test_a_changed_credit_rounding() -> None:
    (change,) = changes_of("voip-rounding")
    assert (change["kind"], change["name"], change["field"]) == (
        "credit",
        "uptime_credit",
        "formula.rounding",
    )
    assert (change["old"], change["new"]) == ("per started 1%", "per full 1%")
    assert change["better_for"] == "provider"


def test_a_longer_restoration_limit() -> None:
    (change,) = changes_of("maaiiconnect-restoration")
    assert change["field"] == "rows[critical]"
    assert change["description"] == (
        "limit for Critical: within 4h in 24x7 -> within 6h in 24x7 (worse for the customer)"
    )


def test_the_json_report_has_stable_keys() -> None:
    for change in changes_of("support-hotline-amendment"):
        assert list(change) == [
            "clause",
            "kind",
            "name",
            "field",
            "change",
            "old",
            "new",
            "better_for",
            "description",
        ]
        assert change["better_for"] in ("customer", "provider", None)
        assert change["change"] in ("added", "removed", "changed")


def test_the_same_meaning_is_one_line_and_exit_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    status, output, _ = run("contracts/voip.sla", "tests/diff/voip-reordered.sla")
    assert status == 0
    assert output == "contracts/voip.sla and tests/diff/voip-reordered.sla have the same meaning\n"
    assert contract_of(ROOT / "contracts/voip.sla") != contract_of(DIFF / "voip-reordered.sla")


@pytest.mark.parametrize("path", CONTRACTS, ids=lambda p: p.stem)
def test_a_contract_against_itself(path: Path) -> None:
    status, output, _ = run(str(path), str(path), "--format", "json")
    assert status == 0
    assert json.loads(output)["changes"] == []


_EXAMPLE = re.compile(
    r"<!-- diff-example: (?P<name>\S+) -->\n(?P<fence>`{3,})\w*\n(?P<body>.*?)\n(?P=fence)\n",
    re.DOTALL,
)


def test_the_examples_of_docs_diff_md_are_the_goldens() -> None:
    doc = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
    examples = {m["name"]: m["body"] + "\n" for m in _EXAMPLE.finditer(doc)}
    assert sorted(examples) == [
        "support-hotline-amendment.md",
        "support-hotline-amendment.txt",
        "voip-rounding.json",
    ]
    for name, body in examples.items():
        assert body == (DIFF / name).read_text(encoding="utf-8"), name


# --------------------------------------------------------------------------- exit status 2

BROKEN = 'contract demo "Demo" { currency USD zone UTC }\nservice voip "VoIP"\n' + (
    "availability uptime { service vopi target 99.9% per calendar month }\n"
)


def test_a_contract_with_errors_is_not_compared(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sla"
    broken.write_text(BROKEN, encoding="utf-8")
    status, output, errors = run(str(CONTRACTS[0]), str(broken), "--format", "json")
    assert status == 2
    assert output == ""
    assert f"{broken}:3:31: error: no service named `vopi` is defined [SLA-E201]" in errors
    assert "1 file checked: 1 error, 0 warnings" in errors
    assert errors.endswith(f"sladsl diff: {broken}: fix the errors to compare the contracts\n")


def test_a_syntax_error_is_not_compared(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sla"
    broken.write_text("contract demo {\n", encoding="utf-8")
    status, output, errors = run(str(broken), str(broken))
    assert status == 2
    assert output == ""
    assert "error: " in errors and "[SLA-E1" in errors


def test_a_missing_file_is_bad_usage(tmp_path: Path) -> None:
    status, _, errors = run(str(CONTRACTS[0]), str(tmp_path / "missing.sla"))
    assert status == 2
    assert f"no such file: {tmp_path / 'missing.sla'}" in errors
    assert "Traceback" not in errors


def test_a_directory_is_bad_usage(tmp_path: Path) -> None:
    status, _, errors = run(str(tmp_path), str(CONTRACTS[0]))
    assert status == 2
    assert "is a directory" in errors


def test_an_unknown_format_is_bad_usage() -> None:
    status, _, _ = run(str(CONTRACTS[0]), str(CONTRACTS[0]), "--format", "html")
    assert status == 2


def test_warnings_do_not_stop_a_diff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # maaiiconnect.sla has warning SLA-W501
    status, output, errors = run(
        "contracts/maaiiconnect.sla", "tests/diff/maaiiconnect-restoration.sla"
    )
    assert (status, errors) == (1, "")
    assert "limit for Critical" in output


# --------------------------------------------------------------------------- verdicts

HEAD = 'contract demo "Demo" { currency USD zone UTC }\nparam monthly_fee: money\n'
HEAD += 'service voip "VoIP"\nseverities levels { service voip level P1 "Priority 1" level P2 }\n'
HEAD += "calendar office { zone UTC open mon-fri 09:00-17:00 }\n"


def verdicts(old_body: str, new_body: str) -> list[tuple[str | None, str | None]]:
    changes = diff_contracts(contract(HEAD + old_body), contract(HEAD + new_body))
    return [(c.field, c.better_for) for c in changes]


UPTIME = "availability uptime {{ service voip target {} per calendar month }}\n"
MOS = "metric mos {{ service voip measure mos target {} per calendar month }}\n"
DELAY = "metric delay {{ service voip measure delay target {} per calendar month }}\n"
TIMER = "timer response {{ service voip from ticket.opened to ticket.acknowledged {} }}\n"
CLAIMS = "claims c {{ {} }}\n"
CREDIT = UPTIME.replace("{}", "99.9%") + "credit uptime_credit {{ {} }}\n"
CHARGE = "charge support {{ {} when severity = P1 }}\n"
COUNT = (
    "count often {{ outages {} }}\n"
    "refund back {{ 100% of monthly_fee when often assessed per calendar month }}\n"
)
NOT_COUNT = (
    "count often {{ outages {} }}\n"
    "credit back {{ amount 1 USD when not often assessed per calendar month }}\n"
)
OBLIGATION = "obligation heads_up {{ notice at least {} before maintenance }}\n"


VERDICTS = [
    (UPTIME.format("99.9%"), UPTIME.format("99.95%"), [("target", "customer")]),
    (MOS.format("mean >= 4.0"), MOS.format("mean >= 3.5"), [("target", "provider")]),
    (DELAY.format("max <= 3s"), DELAY.format("max <= 2s"), [("target", "customer")]),
    (DELAY.format("max <= 3s"), DELAY.format("max < 3s"), [("target", "customer")]),
    (MOS.format("mean >= 4.0"), MOS.format("median >= 4.5"), [("target", None)]),
    (TIMER.format("P1 within 4h"), TIMER.format("P1 within 6h"), [("rows[P1]", "provider")]),
    (
        TIMER.format("P1 within 4h"),
        TIMER.format("P1 within 4h in office"),
        [("rows[P1]", "provider")],
    ),
    (
        TIMER.format("P1 within 8h in office"),
        TIMER.format("P1 within 1 day in office"),
        [("rows[P1]", None)],  # an open day is not a number of open hours
    ),
    (TIMER.format("P1 within 1 month"), TIMER.format("P1 within 30 days"), [("rows[P1]", None)]),
    (TIMER.format("P1 within 4h"), TIMER.format("P1 within 240min"), [("rows[P1]", None)]),
    (TIMER.format("P1 within 4h"), TIMER.format("P1 within 4 hours"), []),
    (TIMER.format("P1 within 4h"), TIMER.format("P1 no limit"), [("rows[P1]", "provider")]),
    (
        TIMER.format("P1 within 4h P2 within 8h"),
        TIMER.format("P2 within 8h"),
        [("rows[P1]", "provider")],
    ),
    (
        TIMER.format("P1 within 4h"),
        TIMER.format("paused while on hold P1 within 4h"),
        [("paused", "provider")],
    ),
    (
        CLAIMS.format("closes 30 days after period end"),
        CLAIMS.format("closes 60 days after period end"),
        [("closes", "customer")],
    ),
    (
        CLAIMS.format("closes 30 days after period end"),
        CLAIMS.format("opens 5 days after period end closes 30 days after period end"),
        [("opens", "provider")],
    ),
    (
        CREDIT.format("10% of monthly_fee per started 1% below target of uptime"),
        CREDIT.format("5% of monthly_fee per started 1% below target of uptime"),
        [("formula.rate", "provider")],
    ),
    (
        CREDIT.format("10% of monthly_fee per full 1% below target of uptime"),
        CREDIT.format("10% of monthly_fee per 1% pro rata below target of uptime"),
        [("formula.rounding", "customer")],
    ),
    (
        CREDIT.format("10% of monthly_fee per started 1% below target of uptime"),
        CREDIT.format("10% of monthly_fee per started 0.5% below target of uptime"),
        [("formula.step", "customer")],
    ),
    (
        CREDIT.format("amount 50 USD when uptime not met"),
        CREDIT.format("amount 50 USD when uptime not met cap 100 USD per period"),
        [("cap", "provider")],
    ),
    (
        CREDIT.format("amount 50 USD when uptime not met cap 100 USD per period"),
        CREDIT.format("amount 50 USD when uptime not met cap 100 USD per term"),
        [("cap", "provider")],
    ),
    (
        CREDIT.format("amount 50 USD when uptime not met"),
        CREDIT.format("amount 50 USD when uptime met"),
        [("trigger", None)],
    ),
    (
        CHARGE.format("100 USD per 1h pro rata from ticket.acknowledged to ticket.resolved"),
        CHARGE.format("90 USD per 1h pro rata from ticket.acknowledged to ticket.resolved"),
        [("formula.rate", "customer")],
    ),
    (
        CHARGE.format("100 USD per started 1h from ticket.acknowledged to ticket.resolved"),
        CHARGE.format(
            "100 USD per started 1h from ticket.acknowledged to ticket.resolved minimum 2h"
        ),
        [("minimum", "provider")],
    ),
    (
        COUNT.format("more than 3 within 28 days"),
        COUNT.format("more than 2 within 28 days"),
        [("threshold", "customer")],
    ),
    (
        COUNT.format("more than 3 within 28 days"),
        COUNT.format("at least 3 within 30 days"),
        [("threshold", "customer")],
    ),
    (
        NOT_COUNT.format("more than 3 within 28 days"),
        NOT_COUNT.format("more than 2 within 28 days"),
        [("threshold", "provider")],
    ),
    (OBLIGATION.format("24h"), OBLIGATION.format("48h"), [("notice", "customer")]),
    ("", UPTIME.format("99.9%"), [(None, "customer")]),
    ("", CHARGE.format("amount 10 USD"), [(None, "provider")]),
    ("", "exclusion planned { during announced maintenance }\n", [(None, None)]),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"), VERDICTS, ids=[f"case-{i:02d}" for i in range(len(VERDICTS))]
)
def test_verdicts(old: str, new: str, expected: list[tuple[str | None, str | None]]) -> None:
    for source in (old, new):
        assert [d for d in check_file(HEAD + source) if d.is_error] == [], source
    assert verdicts(old, new) == expected
    # the way back is the same change the other way round
    back = [
        (field, {"customer": "provider", "provider": "customer"}.get(side or ""))
        for field, side in expected
    ]
    assert verdicts(new, old) == back


def test_the_order_of_caps_is_a_change() -> None:
    body = (
        "availability uptime { service voip target 99.9% per calendar month }\n"
        "credit c { 10% of monthly_fee per started 1% below target of uptime }\n"
    )
    first = "cap a { at most 100% of monthly_fee per period applies to all credits }\n"
    second = "cap b { at most 500 USD per term applies to c }\n"
    changes = diff_contracts(
        contract(HEAD + body + first + second), contract(HEAD + second + body + first)
    )
    assert [(c.field, c.old, c.new) for c in changes] == [("caps.order", "a, b", "b, a")]


def test_the_order_of_levels_with_rules_is_a_change() -> None:
    levels = "level P1 when affected = 100%\nlevel P2 when affected > 50%"
    reordered = "level P2 when affected > 50%\nlevel P1 when affected = 100%"
    scheme = "severities s {{ service voip {} }}\n"
    head = HEAD.replace('severities levels { service voip level P1 "Priority 1" level P2 }\n', "")
    old = contract(head + scheme.format(levels))
    new = contract(head + scheme.format(reordered))
    assert [c.field for c in diff_contracts(old, new)] == ["levels.order"]


def test_long_texts_are_cut_to_what_differs_in_text_but_kept_whole_in_json() -> None:
    words = " ".join(f"word{i}" for i in range(40))
    old = contract(HEAD + f'clause c {{ text "{words} 30 days" }}\n')
    new = contract(HEAD + f'clause c {{ text "{words} 60 days" }}\n')
    (change,) = diff_contracts(old, new)
    context = "…word36 word37 word38 word39"
    assert line(change) == f'quoted text: {context} 30 days" -> {context} 60 days"'
    assert change.old == f'"{words} 30 days"'


# --------------------------------------------------------------------------- properties

Path_ = tuple[str | int, ...]


def mutation_sites(node: object, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every single-field mutation of an AST: `change` a scalar (a number, a name, a flag),
    `drop` the last item of a tuple, `remove` an optional value. Spans and spellings, which take
    no part in equality, are left alone."""
    if isinstance(node, tuple):
        if node:
            yield path, "drop"
        for index, item in enumerate(node):
            yield from mutation_sites(item, (*path, index))
        return
    cls = type(node)
    if not attrs.has(cls):
        if isinstance(node, bool | int | Decimal | str):
            yield path, "change"
        return
    for field in attrs.fields(cls):
        value = getattr(node, field.name)
        if not field.eq or value is None:
            continue
        if field.default is None:
            yield (*path, field.name), "remove"
        yield from mutation_sites(value, (*path, field.name))


def _changed(value: object) -> object:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):  # stays a valid weekday, month, day, ordinal or minute
        return value - 1 if value > 1 else value + 1
    if isinstance(value, Decimal):
        return value + 1
    assert isinstance(value, str)
    return value + "_x"


def mutate(node: Any, path: Path_, how: str) -> Any:
    if not path:
        if how == "drop":
            return node[:-1]
        return None if how == "remove" else _changed(node)
    step, rest = path[0], path[1:]
    if isinstance(step, int):
        items = list(node)
        items[step] = mutate(items[step], rest, how)
        return tuple(items)
    return attrs.evolve(node, **{step: mutate(getattr(node, step), rest, how)})


def fields_on(node: object, path: Path_) -> list[tuple[str, str]]:
    """The (class, field) of every attribute the path goes through."""
    found = []
    for step in path:
        if isinstance(step, str):
            found.append((type(node).__name__, step))
            node = getattr(node, step)
        else:
            assert isinstance(node, tuple)
            node = node[step]
    return found


@cache
def corpus() -> dict[str, n.Contract]:
    """The five contracts and every example of docs/language.md."""
    found = {path.stem: contract_of(path) for path in CONTRACTS}
    doc = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    for number, block in enumerate(re.findall(r"```sla\n(.*?)```", doc, re.DOTALL), 1):
        found[f"language.md example {number}"] = contract(block)
    return found


@cache
def sites() -> list[tuple[str, Path_, str]]:
    return [(name, path, how) for name, c in corpus().items() for path, how in mutation_sites(c)]


def assert_reported(name: str, path: Path_, how: str) -> None:
    original = corpus()[name]
    mutated = mutate(original, path, how)
    assert mutated != original
    for old, new in ((original, mutated), (mutated, original)):
        changes = diff_contracts(old, new)
        assert changes, f"{name}: {how} at {path} is not reported"
        for change in changes:
            assert isinstance(change, Change)
            assert change.old != change.new or change.old is None


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(CONTRACTS))
def test_diff_of_a_contract_with_itself_is_empty(path: Path) -> None:
    again = contract(path.read_text(encoding="utf-8"))  # parsed anew: other nodes, equal
    assert again is not contract_of(path)
    assert diff_contracts(contract_of(path), again) == []
    assert diff_contracts(again, again) == []


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(CONTRACTS), st.randoms(use_true_random=False))
def test_clauses_in_another_order_are_no_change(path: Path, random: Any) -> None:
    original = contract_of(path)
    order = list(original.declarations)
    random.shuffle(order)
    caps = iter(d for d in original.declarations if isinstance(d, n.Cap))
    order = [next(caps) if isinstance(d, n.Cap) else d for d in order]  # caps apply in order
    assert diff_contracts(original, attrs.evolve(original, declarations=tuple(order))) == []


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_every_single_field_mutation_is_reported(data: st.DataObject) -> None:
    name, path, how = data.draw(st.sampled_from(sites()))
    assert_reported(name, path, how)


def test_every_field_of_every_node_is_mutated_and_reported() -> None:
    """One mutation through each (class, field) of the AST, so a new field cannot go unseen."""
    first: dict[tuple[str, str], tuple[str, Path_, str]] = {}
    for name, path, how in sites():
        for pair in fields_on(corpus()[name], path):
            first.setdefault(pair, (name, path, how))
    classes = [c for c in vars(n).values() if isinstance(c, type) and c.__module__ == n.__name__]
    every = {
        (cls.__name__, field.name)
        for cls in classes
        if attrs.has(cls)
        for field in attrs.fields(cls)
        if field.eq
    }
    # No example writes a quoted text as a value (`Text`).
    assert every - set(first) == {("Text", "value")}
    for name, path, how in sorted(set(first.values()), key=str):
        assert_reported(name, path, how)


# --------------------------------------------------------------------------- how files are read


@pytest.mark.parametrize("output_format", sorted(FORMATS))
@pytest.mark.parametrize("how", ["bom", "crlf"])
def test_bom_or_crlf_contracts_give_the_plain_diff(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str, output_format: str
) -> None:
    """Both files as `how` says, each in a folder of its own under the same names: the same
    output as the plain files, byte for byte (the diff names the files as given)."""
    old, new = ROOT / "contracts" / "voip.sla", DIFF / "voip-rounding.sla"
    outputs = []
    for folder in ("plain", how):
        (tmp_path / folder).mkdir()
        for name, path in (("old.sla", old), ("new.sla", new)):
            data = path.read_bytes()
            (tmp_path / folder / name).write_bytes(
                data if folder == "plain" else encoded(data, how)
            )
        monkeypatch.chdir(tmp_path / folder)
        outputs.append(run("old.sla", "new.sla", "--format", output_format))
    assert outputs[0] == outputs[1]
    status, output, errors = outputs[1]
    assert (status, errors) == (1, "") and "credit" in output


@pytest.mark.parametrize("which", ["old", "new"])
def test_a_byte_not_utf_8_is_named_by_line_and_column(tmp_path: Path, which: str) -> None:
    """Was: Python's "can't decode byte 0xff in position 177", a byte offset."""
    bad = tmp_path / "bad.sla"
    bad.write_bytes(encoded((ROOT / "contracts" / "voip.sla").read_bytes(), "bad"))
    args = (str(bad), str(CONTRACTS[0])) if which == "old" else (str(CONTRACTS[0]), str(bad))
    status, output, errors = run(*args)
    assert (status, output) == (2, "")
    assert "Traceback" not in errors
    (message,) = [line for line in errors.splitlines() if line.startswith("Error: ")]
    assert message == f"Error: cannot read {bad}: {NOT_UTF_8}"
