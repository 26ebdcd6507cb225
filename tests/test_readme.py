"""The README tells the truth: CI runs its test command, and its examples are real output."""

from __future__ import annotations

import re
from pathlib import Path

from sladsl.checker import check_file
from sladsl.diagnostics import render

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def test_ci_runs_the_quick_start_test_command() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [c.strip() for c in re.findall(r"```sh\n(.*?)```", quick_start, flags=re.DOTALL)]
    assert len(commands) == 2, commands
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()


def test_the_example_contract_checks_clean() -> None:
    (contract,) = _blocks("sla")
    assert check_file(contract, "voip.sla") == []


def test_the_example_errors_are_what_sladsl_prints() -> None:
    (contract,) = _blocks("sla")
    broken = contract.replace("  service voip\n", "  service vopi\n").replace(
        "per started 1%", "per 1%"
    )
    assert broken != contract
    diagnostics = check_file(broken, "voip.sla")
    shown = "\n\n".join(render(d, broken) for d in diagnostics)
    (output,) = _blocks("text")
    assert output.strip() == shown + "\n\n1 file checked: 2 errors, 0 warnings"
