"""Finding contract (and contract test) files on disk.

Input: paths given on the command line. Output: the files they name, in a stable order.
Invariants: a directory contributes its files with the suffix recursively, sorted; a file is taken
as given whatever its suffix; a path that does not exist raises FileNotFoundError naming it (or,
from `files_for_command`, a usage error, as the commands report it).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click


def find_files(paths: Iterable[Path], suffix: str = ".sla") -> list[Path]:
    """The files `paths` name, each once; folders are searched for `*suffix`."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob(f"*{suffix}") if p.is_file()))
        elif path.exists():
            found.append(path)
        else:
            raise FileNotFoundError(str(path))
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def files_for_command(
    paths: Iterable[Path], suffix: str = ".sla", what: str = "contract"
) -> list[Path]:
    """As `find_files`, for a command: a missing path, or none found, is a usage error (exit 2)."""
    paths = list(paths)
    try:
        files = find_files(paths, suffix)
    except FileNotFoundError as missing:
        raise click.UsageError(f"no such file or directory: {missing.args[0]}") from None
    if not files:
        raise click.UsageError(f"no *{suffix} {what} files found in " + ", ".join(map(str, paths)))
    return files
