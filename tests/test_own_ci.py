"""The repository's own contracts pass the workflow docs/ci.md gives users, step by step.

Input: the `run:` steps of the GitHub Actions workflow in docs/ci.md that name `contracts/`.
Output: nothing; each step, run here from the repository root, exits 0 and reports no error
(the one warning is maaiiconnect's: its seed leaves exactly 50% affected without a level), so
what the docs tell users to run is what this repository passes.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEP = re.compile(r"^\s*- run: (sladsl .*contracts/.*)$", re.MULTILINE)


def workflow_steps() -> list[str]:
    return STEP.findall((ROOT / "docs" / "ci.md").read_text(encoding="utf-8"))


def test_the_workflow_checks_formats_and_tests_the_contracts() -> None:
    steps = workflow_steps()
    verbs = [shlex.split(step)[1] for step in steps]
    assert verbs.count("check") >= 2 and "fmt" in verbs and "test" in verbs, steps
    for step in steps:
        command, _, redirect = step.partition(" > ")
        args = shlex.split(command)[1:]
        done = subprocess.run(
            [sys.executable, "-m", "sladsl", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, f"{step}\n{done.stdout}\n{done.stderr}"
        if redirect:  # the SARIF log: valid JSON, warnings only
            (run,) = json.loads(done.stdout)["runs"]
            assert {result["level"] for result in run["results"]} <= {"warning"}
        elif args[0] == "check":
            assert "::error" not in done.stdout
