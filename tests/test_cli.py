"""`sladsl check` as a user and a CI pipeline meet it: output, formats and exit statuses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
    assert f"{contract}:3:31: error[SLA-E201]: no service named `vopi` is defined" in output
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
    assert "warning[SLA-W203]: parameter `fee` is never used" in output


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
