"""Where a key of a TOML document is written: the line numbers that `tomllib` does not keep.

Input: the text of a TOML document. Output: `KeyLines`, which maps the path of a key in the data
`tomllib` returns (`("case", 0, "expect", "2026-04", "uptime", "met")`, an array of tables
indexed from 0) to the line (from 1) that writes it, or the nearest enclosing key that is written
on a line of its own.

Invariants: a reading by lines, good enough for error messages and never an error itself: a
table header or a `key =` at the start of a line is recorded; text inside multi-line strings is
skipped; keys inside inline tables and arrays are not recorded, so their lookups fall back to
the key that holds them. Only call it on text that `tomllib` accepted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

PathPart = str | int
KeyPath = tuple[PathPart, ...]

_PART = re.compile(r"""\s*(?:([A-Za-z0-9_-]+)|"((?:[^"\\]|\\.)*)"|'([^']*)')\s*""")
_HEADER = re.compile(r"\s*(\[\[?)")


def _key(text: str, start: int) -> tuple[list[str], int] | None:
    """The dotted key that starts at `start` and the index just after it."""
    parts: list[str] = []
    at = start
    while True:
        match = _PART.match(text, at)
        if match is None:
            return None
        bare, basic, literal = match.groups()
        if bare is not None:
            parts.append(bare)
        elif basic is not None:
            try:
                parts.append(json.loads(f'"{basic}"'))
            except ValueError:
                parts.append(basic)
        else:
            parts.append(literal)
        at = match.end()
        if not text.startswith(".", at):
            return parts, at
        at += 1


def _opens_multiline(value: str) -> str | None:
    """The delimiter of a multi-line string that `value` opens and does not close."""
    value = value.lstrip()
    for quote in ('"""', "'''"):
        if value.startswith(quote) and value.count(quote) % 2 == 1:
            return quote
    return None


class KeyLines:
    """The line of every key written at the start of a line (see the module docstring)."""

    def __init__(self, text: str) -> None:
        self._lines: dict[KeyPath, int] = {}
        arrays: dict[KeyPath, int] = {}  # an array of tables -> the index of its last element
        table: KeyPath = ()
        closing: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if closing is not None:
                if line.count(closing) % 2 == 1:
                    closing = None
                continue
            header = _HEADER.match(line)
            if header is not None:
                found = _key(line, header.end())
                if found is None:
                    continue
                parts, _ = found
                table = self._resolve(parts, arrays, new_element=header.group(1) == "[[")
                self._record(table, number)
                continue
            found = _key(line, 0)
            if found is None or not line.startswith("=", found[1]):
                continue
            parts, end = found
            self._record((*table, *parts), number)
            closing = _opens_multiline(line[end + 1 :])

    @staticmethod
    def _resolve(parts: Sequence[str], arrays: dict[KeyPath, int], new_element: bool) -> KeyPath:
        path: KeyPath = ()
        for position, part in enumerate(parts):
            path = (*path, part)
            last = position == len(parts) - 1
            if last and new_element:
                index = arrays.get(path, -1) + 1
                arrays[path] = index
                path = (*path, index)
            elif path in arrays:
                path = (*path, arrays[path])
        return path

    def _record(self, path: KeyPath, number: int) -> None:
        for end in range(1, len(path) + 1):
            self._lines.setdefault(path[:end], number)

    def line(self, path: KeyPath) -> int | None:
        """The line of `path`, else of its nearest recorded ancestor; None if none is."""
        for end in range(len(path), 0, -1):
            found = self._lines.get(path[:end])
            if found is not None:
                return found
        return None
