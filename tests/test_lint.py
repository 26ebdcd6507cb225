"""The code base stays `ruff check`, `ruff format --check` and `mypy --strict` clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-m", "ruff", "check", "sladsl", "tests", "benchmarks"],
        [sys.executable, "-m", "ruff", "format", "--check", "sladsl", "tests", "benchmarks"],
        [sys.executable, "-m", "mypy", "--strict", "sladsl", "tests", "benchmarks"],
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_clean(command: list[str]) -> None:
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
