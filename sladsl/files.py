"""Finding contract files on disk.

Input: paths given on the command line. Output: the contract files they name, in a stable order.
Invariants: a directory contributes its `*.sla` files recursively, sorted; a file is taken as given
whatever its suffix; a path that does not exist raises FileNotFoundError naming it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def find_contracts(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.sla") if p.is_file()))
        elif path.exists():
            found.append(path)
        else:
            raise FileNotFoundError(str(path))
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())
