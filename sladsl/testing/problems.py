"""Problems of a broken contract test file: what is wrong and on which line.

Input: the test file's name, its key lines (`toml_lines.KeyLines`), and, while loading, the data
path of each key found wrong with a message. Output: `Problem`s rendered as
`file:line: message` (`file:line:column:` for TOML syntax errors, `file:` alone when no line is
known), and `BrokenTestFileError`, which carries them all.

Invariants: a message is one line and names the case and the key it is about; loading goes on
after a problem where it can, so one run lists every problem of a file.
"""

from __future__ import annotations

from typing import NoReturn

import attrs

from sladsl.testing.toml_lines import KeyLines, KeyPath


@attrs.frozen
class Problem:
    file: str
    line: int | None
    message: str
    column: int | None = None

    def render(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}" + ("" if self.column is None else f":{self.column}")
        return f"{where}: {self.message}"


class BrokenTestFileError(Exception):
    """A test file that cannot be run: the problems found in it, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.render() for p in problems))
        self.problems = problems


class Problems:
    """The problems found so far in one file."""

    def __init__(self, file: str, lines: KeyLines | None) -> None:
        self.file = file
        self.lines = lines
        self.found: list[Problem] = []

    def add(self, path: KeyPath, message: str) -> None:
        line = None if self.lines is None else self.lines.line(path)
        self.found.append(Problem(self.file, line, message))

    def raise_any(self) -> None:
        """Raise `BrokenTestFileError` if any problem was found."""
        if self.found:
            self.stop()

    def stop(self) -> NoReturn:
        """Raise `BrokenTestFileError` now: the rest of the file cannot be read without it."""
        raise BrokenTestFileError(
            sorted(self.found, key=lambda p: (p.line is not None, p.line or 0))
        )
