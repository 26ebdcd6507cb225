"""The output formats of `sladsl check`, by the name `--format` takes (ruff's names).

Input: a format name and `CheckResults`. Output: the whole text to print, ending in a newline
(or empty: a clean run in the `concise` and `github` formats prints nothing).

Invariants: `FORMATS` lists every format once, `text` first (the default); each formatter is a
pure function of the results (and of the sladsl version, for SARIF's tool description).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import version

from sladsl.check_output.concise import format_concise
from sladsl.check_output.github import format_github
from sladsl.check_output.json_report import format_json
from sladsl.check_output.junit import format_junit
from sladsl.check_output.results import CheckResults
from sladsl.check_output.sarif import format_sarif
from sladsl.check_output.text import format_text

Formatter = Callable[[CheckResults], str]


def _sarif(results: CheckResults) -> str:
    return format_sarif(results, version("sladsl"))


FORMATS: dict[str, Formatter] = {
    "text": format_text,
    "concise": format_concise,
    "json": format_json,
    "github": format_github,
    "sarif": _sarif,
    "junit": format_junit,
}


def format_results(name: str, results: CheckResults) -> str:
    """The output of format `name` (a key of `FORMATS`)."""
    return FORMATS[name](results)
