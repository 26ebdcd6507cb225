"""`sladsl check` for CI: every `--format`, `--warnings-as-errors` and `--exit-zero`.

Input: a small corpus (`CORPUS`: broken contracts of tests/check/ and the clean
examples/voip.sla), checked from the repository root so every path shown is relative.
Output: golden files `tests/check_formats/corpus.*` (each format) and
`tests/check_formats/corpus-warnings-as-errors.*`, rewritten with `pytest --update-goldens`; the
SARIF log validated against the OASIS SARIF 2.1.0 schema (tests/data/); the escaping of GitHub
workflow commands, the counts and escaping of JUnit XML, exit statuses, and the CI documentation
(docs/ci.md, .pre-commit-hooks.yaml) checked directly.

Invariants: the sladsl version in the SARIF golden is pinned to `<sladsl version>` after checking
it is the installed one, so a release does not change the golden.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from golden import assert_excerpt, assert_golden
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft4Validator, ValidationError

from sladsl.check_output import FORMATS, CheckResults
from sladsl.check_output.github import annotation, escape_data, escape_property, workflow_command
from sladsl.check_output.junit import format_junit
from sladsl.check_output.results import CheckedFile
from sladsl.cli import main
from sladsl.codes import CODES
from sladsl.diagnostics import Diagnostic, Span

ROOT = Path(__file__).resolve().parent.parent
GOLDENS = ROOT / "tests" / "check_formats"
SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"
CORPUS = [
    "tests/check/01-empty-file.sla",  # no position: about the whole file
    "tests/check/08-misspelled-service.sla",  # an error with a hint
    "tests/check/33-non-ascii-text-and-names.sla",  # non-ASCII text in messages
    "tests/check/41-two-contract-headers.sla",  # a span over several lines
    "tests/check/44-zero-limits.sla",  # errors and a warning in one file
    "tests/check/52-unused-declarations.sla",  # warnings only
    "examples/voip.sla",  # clean
]
WARNINGS_ONLY = "tests/check/52-unused-declarations.sla"
ONE_ERROR = "tests/check/08-misspelled-service.sla"
CLEAN = "examples/voip.sla"
SUFFIXES = {
    "text": "txt",
    "concise": "concise.txt",
    "json": "json",
    "github": "github.txt",
    "sarif": "sarif",
    "junit": "junit.xml",
}


@pytest.fixture(autouse=True)
def _from_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *args])
    return result.exit_code, result.stdout_bytes.decode("utf-8")


def pin_sladsl_version(sarif: str) -> str:
    """The driver's version replaced by a placeholder, once it is known to be the installed one."""
    versions: list[str] = []

    def placeholder(match: re.Match[str]) -> str:
        versions.append(match.group(2))
        return f'{match.group(1)}"<sladsl version>"'

    pinned = re.sub(r'("name": "sladsl",\n\s+"version": )"([^"]*)"', placeholder, sarif)
    assert versions == [version("sladsl")]
    return pinned


# ---------------------------------------------------------------------------------- goldens


def test_every_format_has_a_golden_suffix() -> None:
    assert list(FORMATS) == list(SUFFIXES)


def test_the_command_line_offers_every_format_in_order() -> None:
    """`sladsl.cli` spells the names out (so that `eval` starts without the formatters)."""
    from sladsl.cli import CHECK_FORMATS

    assert tuple(FORMATS) == CHECK_FORMATS


@pytest.mark.parametrize("output_format", list(SUFFIXES))
def test_golden(output_format: str, update_goldens: bool) -> None:
    status, output = check("--format", output_format, *CORPUS)
    assert status == 1
    if output_format == "sarif":
        output = pin_sladsl_version(output)
    assert_golden(GOLDENS / f"corpus.{SUFFIXES[output_format]}", output, update_goldens)


@pytest.mark.parametrize("output_format", [f for f in SUFFIXES if f != "concise"])
def test_golden_warnings_as_errors(output_format: str, update_goldens: bool) -> None:
    status, output = check("--format", output_format, "--warnings-as-errors", *CORPUS)
    assert status == 1
    if output_format == "sarif":
        output = pin_sladsl_version(output)
    path = GOLDENS / f"corpus-warnings-as-errors.{SUFFIXES[output_format]}"
    assert_golden(path, output, update_goldens)


def test_concise_has_no_severity_to_change() -> None:
    assert check("--format", "concise", *CORPUS) == (
        1,
        check("--format", "concise", "--warnings-as-errors", *CORPUS)[1],
    )


def test_no_orphan_goldens() -> None:
    expected = {f"corpus.{s}" for s in SUFFIXES.values()} | {
        f"corpus-warnings-as-errors.{s}" for f, s in SUFFIXES.items() if f != "concise"
    }
    assert {p.name for p in GOLDENS.iterdir()} == expected


def json_diagnostics(*args: str) -> list[dict[str, Any]]:
    """The diagnostics as `--format json` gives them, in order."""
    _, output = check("--format", "json", *args)
    return [d for f in json.loads(output)["files"] for d in f["diagnostics"]]


def test_concise_is_one_line_per_diagnostic() -> None:
    _, output = check("--format", "concise", *CORPUS)
    expected = [
        f"{d['file']}:{d['line']}:{d['column']}: {d['code']} {d['message']}"
        if d["line"] is not None
        else f"{d['file']}: {d['code']} {d['message']}"
        for d in json_diagnostics(*CORPUS)
    ]
    assert output.splitlines() == expected
    assert check("--format", "concise", CLEAN) == (0, "")


def test_json_with_warnings_as_errors_reports_them_as_errors() -> None:
    _, plain = check("--format", "json", WARNINGS_ONLY)
    status, strict = check("--format", "json", "--warnings-as-errors", WARNINGS_ONLY)
    assert status == 1
    assert json.loads(plain)["summary"] == {"files": 1, "errors": 0, "warnings": 3}
    assert json.loads(strict)["summary"] == {"files": 1, "errors": 3, "warnings": 0}
    (entry,) = json.loads(strict)["files"]
    assert [(d["code"], d["severity"]) for d in entry["diagnostics"]] == [("SLA-W203", "error")] * 3


def test_text_with_warnings_as_errors_says_so_in_the_summary() -> None:
    status, output = check("--warnings-as-errors", WARNINGS_ONLY)
    assert status == 1
    assert output.endswith("1 file checked: 0 errors, 3 warnings (warnings count as errors)\n")
    assert ": warning: parameter `setup_fee` is never used [SLA-W203]" in output
    # Without warnings, the summary has nothing to add.
    assert check("--warnings-as-errors", CLEAN) == (0, "1 file checked: 0 errors, 0 warnings\n")


# ---------------------------------------------------------------------------------- exit statuses


@pytest.mark.parametrize("output_format", list(FORMATS))
@pytest.mark.parametrize(
    ("path", "flags", "expected"),
    [
        (WARNINGS_ONLY, (), 0),
        (WARNINGS_ONLY, ("--warnings-as-errors",), 1),
        (WARNINGS_ONLY, ("--warnings-as-errors", "--exit-zero"), 0),
        (ONE_ERROR, (), 1),
        (ONE_ERROR, ("--exit-zero",), 0),
        (CLEAN, ("--warnings-as-errors",), 0),
    ],
)
def test_exit_status(output_format: str, path: str, flags: tuple[str, ...], expected: int) -> None:
    assert check("--format", output_format, *flags, path)[0] == expected


def test_bad_usage_exits_two_even_with_exit_zero(tmp_path: Path) -> None:
    status, _ = check("--exit-zero", str(tmp_path / "missing.sla"))
    assert status == 2
    assert check("--exit-zero", "--format", "checkstyle", CLEAN)[0] == 2


def test_help_lists_every_format() -> None:
    result = CliRunner().invoke(main, ["check", "--help"])
    assert result.exit_code == 0
    for name in FORMATS:
        assert name in result.output
    assert "--warnings-as-errors" in result.output and "--exit-zero" in result.output


# ---------------------------------------------------------------------------------- github


def test_github_escapes_data_as_the_actions_toolkit_does() -> None:
    assert escape_data("50% a:b, c\r\nd") == "50%25 a:b, c%0D%0Ad"
    assert escape_data("%0A") == "%250A"


def test_github_escapes_properties_as_the_actions_toolkit_does() -> None:
    assert escape_property("50% a:b, c\r\nd") == "50%25 a%3Ab%2C c%0D%0Ad"


def test_github_annotation_escapes_message_and_file_name(tmp_path: Path) -> None:
    diagnostic = Diagnostic(
        "SLA-E201",
        "100% of `a:b`, then\r\nmore",
        Span(3, 5, 3, 9),
        str(tmp_path / "odd,na:me.sla"),
        "try `x`, or 50%",
    )
    results = CheckResults((), root=tmp_path)
    assert annotation(results, diagnostic) == (
        "::error file=odd%2Cna%3Ame.sla,line=3,col=5,endLine=3,endColumn=9,title=SLA-E201"
        "::100%25 of `a:b`, then%0D%0Amore%0Ahint: try `x`, or 50%25"
    )


def test_github_file_name_with_comma_and_colon_end_to_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a,b:c.sla").write_text(
        'contract demo "Demo" { currency USD }\nparam fee: money\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    status, output = check("--format", "github", "a,b:c.sla")
    assert status == 0
    assert output == (
        "::warning file=a%2Cb%3Ac.sla,line=2,col=7,endLine=2,endColumn=10,title=SLA-W203"
        "::parameter `fee` is never used%0Ahint: remove it, or refer to it where it applies\n"
    )


def test_github_columns_only_for_a_span_on_one_line() -> None:
    results = CheckResults((), root=ROOT)
    many = Diagnostic("SLA-E207", "m", Span(21, 1, 23, 2), "x.sla")
    assert annotation(results, many) == "::error file=x.sla,line=21,endLine=23,title=SLA-E207::m"
    whole = Diagnostic("SLA-E207", "m", None, "x.sla")
    assert annotation(results, whole) == "::error file=x.sla,title=SLA-E207::m"


def unescape(text: str) -> str:
    codes = {"%25": "%", "%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ","}
    return re.sub("%25|%0D|%0A|%3A|%2C", lambda m: codes[m.group()], text)


@given(
    file=st.text(min_size=1),
    title=st.text(min_size=1),
    message=st.text(),
)
def test_github_command_reads_back_whatever_the_values(file: str, title: str, message: str) -> None:
    """One line whatever the values; a runner splitting on `::`, `,` and `=` gets them back."""
    line = workflow_command("error", {"file": file, "line": 7, "title": title}, message)
    assert "\n" not in line and "\r" not in line
    head, data = line[len("::") :].split("::", 1)
    command, properties = head.split(" ", 1)
    pairs = dict(pair.split("=", 1) for pair in properties.split(","))
    assert command == "error"
    assert {k: unescape(v) for k, v in pairs.items()} == {"file": file, "line": "7", "title": title}
    assert unescape(data) == message


# ---------------------------------------------------------------------------------- sarif


@cache
def sarif_validator() -> Draft4Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


def sarif(*args: str) -> dict[str, Any]:
    _, output = check("--format", "sarif", *args)
    log = json.loads(output)
    assert isinstance(log, dict)
    return log


@pytest.mark.parametrize("flags", [(), ("--warnings-as-errors",)])
def test_sarif_validates_against_the_schema(flags: tuple[str, ...]) -> None:
    sarif_validator().validate(sarif(*flags, *CORPUS))


def test_sarif_of_a_clean_run_validates_and_has_no_results() -> None:
    log = sarif(CLEAN)
    sarif_validator().validate(log)
    (run,) = log["runs"]
    assert run["results"] == [] and run["tool"]["driver"]["rules"] == []


def test_the_schema_refuses_a_broken_log() -> None:
    """The check above could fail: the schema knows SARIF's levels and required fields."""
    log = sarif(ONE_ERROR)
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(ValidationError):
        sarif_validator().validate(log)
    del log["runs"][0]["tool"]
    with pytest.raises(ValidationError):
        sarif_validator().validate(log)


def test_sarif_rules_results_and_regions_match_the_diagnostics() -> None:
    (run,) = sarif(*CORPUS)["runs"]
    rules = run["tool"]["driver"]["rules"]
    diagnostics = json_diagnostics(*CORPUS)
    assert [r["id"] for r in rules] == sorted({d["code"] for d in diagnostics})
    for rule in rules:
        assert rule["shortDescription"]["text"] == CODES[rule["id"]].summary
        assert rule["defaultConfiguration"]["level"] == CODES[rule["id"]].severity.value
    assert len(run["results"]) == len(diagnostics)
    for result, diagnostic in zip(run["results"], diagnostics, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == diagnostic["code"]
        assert result["level"] == diagnostic["severity"]
        assert result["message"]["text"].split("\nhint: ")[0] == diagnostic["message"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        artifact = physical["artifactLocation"]
        assert artifact == {"uri": diagnostic["file"], "uriBaseId": "%SRCROOT%"}
        region = physical["region"]
        if diagnostic["line"] is None:
            assert region == {"startLine": 1}
        else:
            assert region == {
                "startLine": diagnostic["line"],
                "startColumn": diagnostic["column"],
                "endLine": diagnostic["end_line"],
                "endColumn": diagnostic["end_column"],
            }


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def test_sarif_help_points_at_a_section_of_docs_errors() -> None:
    doc = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    anchors = {github_anchor(h) for h in re.findall(r"^### (.*)$", doc, flags=re.MULTILINE)}
    (run,) = sarif(*CORPUS)["runs"]
    for rule in run["tool"]["driver"]["rules"]:
        (anchor,) = re.findall(r"docs/errors\.md#([\w-]+)", rule["help"]["text"])
        assert anchor in anchors, anchor


def test_sarif_file_uris(tmp_path: Path) -> None:
    (tmp_path / "sub dir").mkdir()
    contract = tmp_path / "sub dir" / "é,x.sla"
    contract.write_text('contract demo "Demo" { currency USD }\nparam fee: money\n', "utf-8")
    # Outside the current directory: an absolute file URI, with no base.
    log = sarif(str(contract))
    sarif_validator().validate(log)
    (result,) = log["runs"][0]["results"]
    artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": contract.as_uri()}
    # Inside it, given as an absolute path: relative to %SRCROOT%, percent-encoded.
    results = CheckResults((), root=tmp_path)
    assert results.uri(str(contract)) == ("sub%20dir/%C3%A9%2Cx.sla", True)
    assert results.relative_path(str(contract)) == "sub dir/é,x.sla"


def test_sarif_is_deterministic() -> None:
    assert check("--format", "sarif", *CORPUS) == check("--format", "sarif", *CORPUS)


# ---------------------------------------------------------------------------------- junit


def junit(*args: str) -> ET.Element:
    _, output = check("--format", "junit", *args)
    assert output.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(output)


@pytest.mark.parametrize(("flags", "failures"), [((), 5), (("--warnings-as-errors",), 6)])
def test_junit_counts(flags: tuple[str, ...], failures: int) -> None:
    root = junit(*flags, *CORPUS)
    assert root.tag == "testsuites"
    (suite,) = root
    assert suite.tag == "testsuite"
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == CORPUS
    for element in (root, suite):
        assert element.get("tests") == str(len(CORPUS))
        assert element.get("failures") == str(failures)
        assert element.get("errors") == "0"
    assert sum(c.find("failure") is not None for c in cases) == failures


@pytest.mark.parametrize("flags", [(), ("--warnings-as-errors",)])
def test_junit_lists_each_files_errors_and_warnings(flags: tuple[str, ...]) -> None:
    cases = {str(c.get("name")): c for c in junit(*flags, *CORPUS).iter("testcase")}
    for diagnostic in json_diagnostics(*flags, *CORPUS):
        case = cases[diagnostic["file"]]
        where = "failure" if diagnostic["severity"] == "error" else "system-out"
        element = case.find(where)
        assert element is not None and element.text is not None
        assert f"{diagnostic['code']} {diagnostic['message']}" in element.text
    for name, case in cases.items():
        errors = [d for d in json_diagnostics(*flags, name) if d["severity"] == "error"]
        failure = case.find("failure")
        if not errors:
            assert failure is None
            continue
        assert failure is not None and failure.text is not None
        lines = [line for line in failure.text.splitlines() if not line.startswith("  = hint")]
        assert len(lines) == len(errors)
        assert failure.get("message", "").startswith(f"{len(errors)} error")
    # With warnings as errors nothing is left for system-out.
    assert bool(flags) == all(c.find("system-out") is None for c in cases.values())


def test_junit_escapes_names_and_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = 'a&b<c>"d.sla'
    (tmp_path / name).write_text(
        'contract demo "Demo" { currency USD }\nservice voip "VoIP" &\nservice sms "SMS" \x01\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    status, output = check("--format", "junit", name)
    assert status == 1
    assert "\x01" not in output
    (case,) = ET.fromstring(output).iter("testcase")
    assert case.get("name") == name
    failure = case.find("failure")
    assert failure is not None
    assert failure.text == (
        f"{name}:2:21: SLA-E101 `&` cannot appear here: it is not part of any word, number or "
        f"symbol\n{name}:3:19: SLA-E107 a control character (U+0001) in the contract: invisible "
        "in an editor, it would reach the documents\n  = hint: delete it"
    )


@given(message=st.text(), file=st.text(min_size=1))
def test_junit_always_parses_and_keeps_the_text(message: str, file: str) -> None:
    diagnostic = Diagnostic("SLA-E201", message, Span(1, 1, 1, 2), file)
    results = CheckResults((CheckedFile(file, "", (diagnostic,)),), root=Path("/nowhere"))
    (case,) = ET.fromstring(format_junit(results)).iter("testcase")
    failure = case.find("failure")
    assert failure is not None and failure.text is not None
    control = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
    if not control.search(message + file):
        assert failure.text == f"{results.relative_path(file)}:1:1: SLA-E201 {message}"


# ---------------------------------------------------------------------------------- CI docs


def test_pre_commit_hooks() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {hook["id"]: hook for hook in hooks}
    assert set(by_id) == {"sladsl-check", "sladsl-fmt"}
    assert by_id["sladsl-check"]["entry"] == "sladsl check"
    assert by_id["sladsl-fmt"]["entry"] == "sladsl fmt"
    for hook in hooks:
        assert hook["language"] == "python"
        assert re.search(hook["files"], "contracts/voip.sla")
        assert not re.search(hook["files"], "contracts/voip.sla.bak")
        assert hook["name"]


def ci_doc_blocks(language: str) -> list[str]:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def test_ci_doc_names_every_format_and_option() -> None:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    for name in FORMATS:
        assert f"`{name}`" in text, name
    for option in ("--warnings-as-errors", "--exit-zero"):
        assert option in text


def test_ci_doc_yaml_is_valid_and_runs_what_it_says() -> None:
    blocks = [yaml.safe_load(block) for block in ci_doc_blocks("yaml")]
    (workflow,) = [b for b in blocks if "jobs" in b]
    (pre_commit,) = [b for b in blocks if "repos" in b]
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "sladsl check --format github" in runs
    assert "sladsl fmt --check" in runs
    assert "sladsl test contracts/" in runs
    uploads = [
        s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif")
    ]
    (upload,) = uploads
    assert f"> {upload['with']['sarif_file']}" in runs
    (repo,) = pre_commit["repos"]
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in repo["hooks"]} == {h["id"] for h in hooks}


def test_ci_doc_check_commands_use_real_options() -> None:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    commands = re.findall(r"sladsl check [^\n`>]*", text)
    assert len(commands) >= 8
    for command in commands:
        for value in re.findall(r"--format[ =]([a-z]+)", command):
            assert value in FORMATS, command
        for option in re.findall(r"(--[a-z-]+)", command):
            assert option in {"--format", "--warnings-as-errors", "--exit-zero"}, command


def test_ci_doc_examples_are_real_output() -> None:
    """A block starting `$ sladsl ...` shows that command's output (`...`: lines left out)."""
    shown = [b for lang in ("text", "json", "xml") for b in ci_doc_blocks(lang)]
    examples = [b for b in shown if b.startswith("$ sladsl ")]
    assert len(examples) == 4
    for block in examples:
        command, *lines = block.splitlines()
        argv = command.split()
        assert argv[:3] == ["$", "sladsl", "check"], command
        status, output = check(*argv[3:])
        assert status == 1
        actual = output.splitlines()
        if "..." not in lines:
            assert lines == actual, command
            continue
        assert_excerpt(lines, actual)
