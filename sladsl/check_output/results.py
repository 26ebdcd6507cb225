"""What `sladsl check` found, as every output format receives it.

Input: the files checked (their name as the user gave it, their text, their diagnostics), whether
warnings count as errors, and the directory paths are made relative to (the current one).
Output: `CheckResults`, with the severity each diagnostic is reported at, the error and warning
counts, the exit status, and each file's path relative to the root for the CI formats.

Invariants: files keep the order they were checked in and diagnostics the order the checker gave;
with `warnings_as_errors` every diagnostic is reported as an error (its code is unchanged); the
exit status is 1 when anything is reported as an error, else 0, and 0 whatever was found with
`exit_zero`.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath
from urllib.parse import quote

import attrs

from sladsl.diagnostics import Diagnostic, Severity


@attrs.frozen
class CheckedFile:
    """One contract file: its name as given on the command line, its text, what was found."""

    name: str
    source: str
    diagnostics: tuple[Diagnostic, ...]


@attrs.frozen
class CheckResults:
    """Every file of one `sladsl check` run."""

    files: tuple[CheckedFile, ...]
    warnings_as_errors: bool = False
    root: Path = attrs.field(factory=Path.cwd)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for f in self.files for d in f.diagnostics]

    def severity(self, diagnostic: Diagnostic) -> Severity:
        """The severity reported: the code's own, or error for all with `warnings_as_errors`."""
        return Severity.ERROR if self.warnings_as_errors else diagnostic.severity

    def is_error(self, diagnostic: Diagnostic) -> bool:
        return self.severity(diagnostic) is Severity.ERROR

    @property
    def errors(self) -> int:
        return sum(self.is_error(d) for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors

    def exit_status(self, exit_zero: bool = False) -> int:
        return 1 if self.errors and not exit_zero else 0

    def relative_path(self, name: str) -> str:
        """`name` relative to the root with `/` separators; as given when outside the root."""
        relative = self._relative(name)
        return relative.as_posix() if relative is not None else PurePath(name).as_posix()

    def uri(self, name: str) -> tuple[str, bool]:
        """A URI for the file and whether it is relative to the root (`%SRCROOT%` in SARIF)."""
        relative = self._relative(name)
        if relative is None:
            return self._absolute(name).as_uri(), False
        return quote(relative.as_posix(), safe="/"), True

    def _absolute(self, name: str) -> Path:
        return Path(os.path.normpath(self.root.absolute() / name))

    def _relative(self, name: str) -> PurePath | None:
        try:
            return self._absolute(name).relative_to(os.path.normpath(self.root.absolute()))
        except ValueError:
            return None
