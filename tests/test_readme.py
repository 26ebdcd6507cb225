"""The README tells the truth: CI runs its test command, and its examples are real output.

The example section shows `examples/voip.sla`, lines of `examples/april.jsonl`, the `sladsl eval`
command, its text output and an excerpt of its JSON output. The commands are run for real (as
`python -m sladsl`, the same entry point as the `sladsl` script) from the repository root. The
text report is drawn by rich, whose width follows the terminal: it is pinned to 100 columns
(`COLUMNS=100`, as the README says), and trailing spaces, which rich pads lines with, are ignored.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

from golden import assert_excerpt

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLES = ROOT / "examples"
WIDTH = "100"
# Settings that would make rich print colours or another width than the pinned one.
_RICH_ENVIRONMENT = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS")


def _section(title: str) -> str:
    """The README's text under `## title`, up to the next `## ` heading."""
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def _example() -> str:
    (title,) = re.findall(r"^## (An example: .*)$", README, flags=re.MULTILINE)
    return _section(title)


def _eval_command() -> list[str]:
    (command,) = _blocks(_example(), "sh")
    argv = shlex.split(command)
    assert argv[:2] == ["sladsl", "eval"], argv
    return argv


@cache
def _sladsl(*args: str, cwd: Path = ROOT) -> tuple[int, str, str]:
    """Runs `sladsl ARGS...` as a user would, at a fixed terminal width; status, stdout, stderr."""
    environment = {k: v for k, v in os.environ.items() if k not in _RICH_ENVIRONMENT}
    environment["COLUMNS"] = WIDTH
    done = subprocess.run(
        [sys.executable, "-m", "sladsl", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def _without_trailing_spaces(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip("\n").splitlines()]


def test_ci_runs_the_quick_start_test_command() -> None:
    quick_start = _section("Quick start")
    commands = [c.strip() for c in _blocks(quick_start, "sh")]
    assert len(commands) == 2, commands
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()


def test_the_quick_start_installs_then_runs_the_example() -> None:
    first = _blocks(_section("Quick start"), "sh")[0].strip()
    install = "python3 -m venv .venv && . .venv/bin/activate && pip install -q . && "
    assert first.startswith(install + shlex.join(_eval_command()) + " && "), first


def test_the_example_comes_right_after_the_introduction() -> None:
    headings = re.findall(r"^## (.*)$", README, flags=re.MULTILINE)
    assert headings[0].startswith("An example: "), headings


def test_the_contract_shown_is_the_bundled_one() -> None:
    (shown,) = _blocks(_example(), "sla")
    contract = (EXAMPLES / "voip.sla").read_text(encoding="utf-8")
    assert shown.startswith("contract ")
    assert shown in contract


def test_the_example_contract_checks_clean() -> None:
    status, out, err = _sladsl("check", "examples/voip.sla")
    assert (status, out.strip(), err) == (0, "1 file checked: 0 errors, 0 warnings", "")


def test_the_events_shown_are_lines_of_the_bundled_file() -> None:
    (shown,) = _blocks(_example(), "jsonl")
    lines = (EXAMPLES / "april.jsonl").read_text(encoding="utf-8").splitlines()
    for line in shown.splitlines():
        assert line in lines, line
        json.loads(line)


def test_the_eval_output_shown_is_what_sladsl_prints() -> None:
    status, out, err = _sladsl(*_eval_command()[1:])
    assert status == 0, err
    assert err == ""
    (shown,) = _blocks(_example(), "text")
    assert _without_trailing_spaces(shown) == _without_trailing_spaces(out)
    assert max(len(line) for line in _without_trailing_spaces(out)) <= int(WIDTH)


def _json_report() -> tuple[str, dict[str, Any]]:
    status, out, err = _sladsl(*_eval_command()[1:], "--format", "json")
    assert status == 0, err
    report = json.loads(out)
    assert isinstance(report, dict)
    return out, report


def test_the_json_excerpt_is_cut_from_the_real_report() -> None:
    """Each run of lines between `...` lines is a run of lines of the report, in order."""
    out, _ = _json_report()
    actual = out.splitlines()
    (shown,) = _blocks(_example(), "json")
    pieces = assert_excerpt(shown.splitlines(), actual)
    assert len(pieces) > 1 and all(pieces), pieces


def test_the_explanation_gives_the_reports_figures() -> None:
    """The prose after the output quotes the report: downtime, uptime, credits and their total."""
    _, report = _json_report()
    prose = " ".join(_example().split("```text", 1)[1].split("```", 2)[1].split())
    (period,) = report["periods"]
    uptime = period["objectives"][0]
    downtime = re.fullmatch(r"PT(\d+)H(\d+)M", uptime["downtime"])
    assert downtime is not None, uptime
    minutes = int(downtime.group(1)) * 60 + int(downtime.group(2))
    assert f"took {minutes} of April's 43,200 minutes" in prose
    assert f"(43,200 - {minutes}) / 43,200 = {uptime['actual'].rstrip('0')}%" in prose
    for remedy in period["remedies"]:
        assert f"{remedy['percent']}%" in prose
        assert f"= {remedy['amount']} USD" in prose
    total = period["credit_total"]
    assert f"{total['percent']}% of the fee, {total['amount']} USD" in prose


def test_the_check_example_is_what_sladsl_prints(tmp_path: Path) -> None:
    contract = (EXAMPLES / "voip.sla").read_text(encoding="utf-8")
    broken = contract.replace("per started 1% below", "per 1% below")
    assert broken != contract
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "voip.sla").write_text(broken, encoding="utf-8")
    status, out, _ = _sladsl("check", "examples/voip.sla", cwd=tmp_path)
    assert status == 1
    (shown,) = _blocks(_section("Checking a contract"), "text")
    assert _without_trailing_spaces(shown) == _without_trailing_spaces(out)


def test_the_examples_readme_commands_run() -> None:
    text = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    (block,) = _blocks(text, "sh")
    commands = [shlex.split(line) for line in block.splitlines() if line.strip()]
    assert shlex.join(_eval_command()) in block
    for argv in commands:
        assert argv[0] == "sladsl", argv
        status, _, err = _sladsl(*argv[1:])
        assert status == 0, (argv, err)


def test_the_examples_readme_lists_every_event_line() -> None:
    text = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \| [^|]+ \| `([a-z._]+)` `(\w+)` \|", text, flags=re.MULTILINE)
    events = [
        json.loads(line)
        for line in (EXAMPLES / "april.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    listed = [
        (
            str(number),
            event["type"],
            event.get("ticket") or event.get("outage") or event["maintenance"],
        )
        for number, event in enumerate(events, 1)
    ]
    assert rows == listed
