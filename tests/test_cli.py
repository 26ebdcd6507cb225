"""`sladsl check` as a user and a CI pipeline meet it: output, formats and exit statuses; and how
every command reads contract files (a byte-order mark, CRLF, bytes that are not UTF-8)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sladsl.cli import main

ROOT = Path(__file__).resolve().parent.parent
BROKEN = 'contract demo "Demo" { currency USD }\nservice voip "VoIP"\n' + (
    "availability uptime { service vopi target 99.9% per calendar month }\n"
)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_bundled_contracts_are_clean_but_for_the_seed_000_gap() -> None:
    status, output = run("check", "--format", "json", str(ROOT / "contracts"))
    assert status == 0, output
    report = json.loads(output)
    names = sorted(Path(f["file"]).name for f in report["files"])
    assert names == [
        "akuvox.sla",
        "cpaas.sla",
        "maaiiconnect.sla",
        "support-hotline.sla",
        "voip.sla",
    ]
    found = [(Path(f["file"]).name, d["code"]) for f in report["files"] for d in f["diagnostics"]]
    assert found == [("maaiiconnect.sla", "SLA-W501")]
    assert report["summary"] == {"files": 5, "errors": 0, "warnings": 1}


def test_an_error_is_shown_with_position_caret_and_hint(tmp_path: Path) -> None:
    contract = tmp_path / "broken.sla"
    contract.write_text(BROKEN, encoding="utf-8")
    status, output = run("check", str(contract))
    assert status == 1
    assert f"{contract}:3:31: error: no service named `vopi` is defined [SLA-E201]" in output
    assert "3 | availability uptime { service vopi target" in output
    assert "  | " + " " * 30 + "^~~~\n" in output
    assert "hint: did you mean `voip`?" in output
    assert output.rstrip().endswith("1 file checked: 1 error, 0 warnings")


def test_json_format(tmp_path: Path) -> None:
    contract = tmp_path / "broken.sla"
    contract.write_text(BROKEN, encoding="utf-8")
    status, output = run("check", "--format", "json", str(contract))
    assert status == 1
    (entry,) = json.loads(output)["files"]
    (diagnostic,) = entry["diagnostics"]
    assert diagnostic == {
        "file": str(contract),
        "line": 3,
        "column": 31,
        "end_line": 3,
        "end_column": 35,
        "severity": "error",
        "code": "SLA-E201",
        "message": "no service named `vopi` is defined",
        "hint": "did you mean `voip`?",
    }


def test_warnings_alone_exit_zero(tmp_path: Path) -> None:
    contract = tmp_path / "warn.sla"
    contract.write_text(
        'contract demo "Demo" { currency USD }\nparam fee: money\n', encoding="utf-8"
    )
    status, output = run("check", str(contract))
    assert status == 0
    assert "warning: parameter `fee` is never used [SLA-W203]" in output


def test_directories_are_searched_for_sla_files(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.sla").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "a" / "notes.txt").write_text("not a contract", encoding="utf-8")
    status, output = run("check", str(tmp_path))
    assert status == 1
    assert "one.sla" in output and "notes.txt" not in output


def test_bad_usage_exits_two(tmp_path: Path) -> None:
    assert run("check")[0] == 2
    status, output = run("check", str(tmp_path / "missing.sla"))
    assert status == 2 and "no such file or directory" in output
    status, output = run("check", str(tmp_path))
    assert status == 2 and "no *.sla contract files" in output
    assert run("check", "--format", "xml", str(ROOT / "contracts"))[0] == 2


def test_undecodable_file_is_a_usage_error_not_a_traceback(tmp_path: Path) -> None:
    contract = tmp_path / "binary.sla"
    contract.write_bytes(b"\xff\xfe\x00garbage")
    status, output = run("check", str(contract))
    assert status == 2
    assert "cannot read" in output and "Traceback" not in output


def test_python_dash_m_runs_the_same_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sladsl", "check", str(ROOT / "contracts" / "voip.sla")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "1 file checked: 0 errors, 0 warnings" in done.stdout


# ------------------------------------------------------------------- every command reads alike
# `check`, `eval`, `docs`, `diff` and `test` all read contracts with `parser.read_contract`: a
# byte-order mark or CRLF line ends change nothing, and a byte that is not UTF-8 is named by its
# line and column (in characters, not a byte offset). The files below are used by the tests of
# docs, diff and test too (tests/test_docs_render.py, test_contract_diff.py,
# test_contract_tests.py).

BOM = b"\xef\xbb\xbf"
BAD_LINE_3 = b"# caf\xc3\xa9 \xff"  # the 0xff is the 8th character of line 3 (its 9th byte)
NOT_UTF_8 = "not UTF-8 text: byte 0xff at line 3, column 8"


def encoded(data: bytes, how: str) -> bytes:
    """`data` (a text file with LF line ends) as `how` says: `bom`, `crlf`, or `bad` (its line
    3 replaced by `BAD_LINE_3`)."""
    assert b"\r" not in data and not data.startswith(BOM) and data.count(b"\n") >= 3
    if how == "bom":
        return BOM + data
    if how == "crlf":
        return data.replace(b"\n", b"\r\n")
    assert how == "bad"
    lines = data.split(b"\n")
    return b"\n".join([*lines[:2], BAD_LINE_3, *lines[3:]])


def test_encoded_files_are_what_they_say() -> None:
    data = (ROOT / "examples" / "voip.sla").read_bytes()
    assert encoded(data, "bom").decode("utf-8-sig") == data.decode("utf-8")
    crlf = encoded(data, "crlf")
    assert crlf.count(b"\r\n") == data.count(b"\n") == crlf.count(b"\n")
    bad = encoded(data, "bad")
    with pytest.raises(UnicodeDecodeError) as error:
        bad.decode("utf-8")
    assert bad.count(b"\n", 0, error.value.start) == 2  # on line 3
    assert error.value.start - (bad.rfind(b"\n", 0, error.value.start) + 1) == 8  # 9th byte


@pytest.mark.parametrize("command", ["check", "eval", "docs", "diff"])
def test_every_command_names_a_bad_byte_by_line_and_column(tmp_path: Path, command: str) -> None:
    example = ROOT / "examples" / "voip.sla"
    contract = tmp_path / "bad.sla"
    contract.write_bytes(encoded(example.read_bytes(), "bad"))
    args = {
        "check": [str(contract)],
        "eval": [str(contract), str(ROOT / "examples" / "april.jsonl"), "--param", "monthly_fee=1"],
        "docs": [str(contract)],
        "diff": [str(example), str(contract)],
    }[command]
    result = CliRunner().invoke(main, [command, *args])
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and "Traceback" not in result.output
    assert result.stderr.splitlines()[-1] == f"Error: cannot read {contract}: {NOT_UTF_8}"


@pytest.mark.parametrize("how", ["bom", "crlf"])
def test_check_and_eval_read_a_bom_or_crlf_contract_as_the_plain_one(
    tmp_path: Path, how: str
) -> None:
    example = ROOT / "examples" / "voip.sla"
    plain, other = tmp_path / "plain", tmp_path / how
    for folder, data in (
        (plain, example.read_bytes()),
        (other, encoded(example.read_bytes(), how)),
    ):
        folder.mkdir()
        (folder / "voip.sla").write_bytes(data)
    outputs = []
    for folder in (plain, other):
        checked = CliRunner().invoke(main, ["check", "--format", "json", str(folder / "voip.sla")])
        evaluated = CliRunner().invoke(
            main,
            ["eval", str(folder / "voip.sla"), str(ROOT / "examples" / "april.jsonl"),
             "--param", "monthly_fee=400", "--format", "json"],
        )  # fmt: skip
        assert (checked.exit_code, evaluated.exit_code) == (0, 0), evaluated.output
        outputs.append((checked.stdout.replace(str(folder), "<dir>"), evaluated.stdout))
    assert outputs[0] == outputs[1]


def test_a_byte_order_mark_does_not_shift_the_columns_of_line_1(tmp_path: Path) -> None:
    """Editors hide the mark: an error on line 1 is at the same column as in the plain file."""
    broken = b'contract demo "Demo" { currency USD zone Mars/Olympus }\n'
    outputs = []
    for name, data in (("plain.sla", broken), ("bom.sla", BOM + broken)):
        (tmp_path / name).write_bytes(data)
        result = CliRunner().invoke(main, ["check", "--format", "concise", str(tmp_path / name)])
        assert result.exit_code == 1, result.output
        outputs.append(result.stdout.replace(name, "<file>"))
    assert outputs[0] == outputs[1]
    assert ":1:42: SLA-E701 " in outputs[0]


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGPIPE"), reason="needs SIGPIPE")
def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path: Path) -> None:
    """`sladsl eval ... | head -1`: the command ends by SIGPIPE, as `cat` does (shell status 141),
    not with status 1 (which means errors) nor a message on standard error. The report (of 2,000
    customers, a few MB) is far larger than a pipe holds, so it is still writing when the pipe
    closes."""
    import signal

    events = tmp_path / "events.jsonl"
    events.write_text(
        "".join(
            f'{{"at": "2026-04-01T10:00:00Z", "type": "ticket.opened", "ticket": "t{n}", '
            f'"service": "voip", "customer": "c{n:04d}"}}\n'
            for n in range(2000)
        ),
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "sladsl", "eval", str(ROOT / "contracts" / "voip.sla"),
               str(events), "--param", "monthly_fee=1000", "--format", "json"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # as `head -1` does once it has its line
    stderr = process.stderr.read()
    status = process.wait(timeout=60)
    assert first == b"{\n"
    assert status == -signal.SIGPIPE
    assert stderr == b""
