"""Golden files: compare a test's output with the text kept in the repository.

Input: the path of an expected-output file, the text a test produced, and whether goldens are being
updated (`pytest --update-goldens`, see tests/conftest.py).
Output: nothing when they match; otherwise the test fails with a unified diff (expected -> actual).
With `update`, the file is written instead (only when its content changes) and the test passes.
`assert_excerpt` checks output quoted in documentation with lines left out (`...`).

Invariants: files are read and written as UTF-8 bytes with no newline translation, so a golden is
compared byte for byte on every platform; a missing golden is a failure, never silently created,
unless goldens are being updated.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

UPDATE_HINT = "run `pytest --update-goldens` to accept the new output, then review it with git diff"


def read_text(path: Path) -> str:
    """A file's text exactly as stored: UTF-8, `\\r\\n` kept as is."""
    return path.read_bytes().decode("utf-8")


def assert_golden(path: Path, actual: str, update: bool) -> None:
    """Fail with a unified diff unless `path` holds exactly `actual`; rewrite it if `update`."""
    expected = read_text(path) if path.exists() else None
    if update:
        if expected != actual:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(actual.encode("utf-8"))
        return
    if expected is None:
        pytest.fail(f"{path} does not exist; {UPDATE_HINT}", pytrace=False)
    if expected != actual:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=f"{path} (expected)",
            tofile=f"{path} (actual)",
        )
        pytest.fail(
            f"{path} differs from the output:\n{''.join(diff)}\n{UPDATE_HINT}", pytrace=False
        )


def assert_excerpt(shown: list[str], actual: list[str]) -> list[list[str]]:
    """Documentation that quotes output with lines left out: each run of `shown` lines between
    `...` lines (alone on their line) is a run of `actual` lines, the runs in order. Returns
    the runs."""
    pieces: list[list[str]] = [[]]
    for line in shown:
        if line.strip() == "...":
            pieces.append([])
        else:
            pieces[-1].append(line)
    at = 0
    for piece in pieces:
        found = next(
            (i for i in range(at, len(actual)) if actual[i : i + len(piece)] == piece), None
        )
        assert found is not None, "\n".join(piece)
        at = found + len(piece)
    return pieces
