"""`sladsl test PATH...`: from command-line paths to printed results and an exit status.

Input: files and folders (folders are searched for `*.test.toml`, recursively, in sorted order;
a file named on the command line is taken whatever its suffix). Output: the results on standard
output (`output`), the problems of broken test files on standard error, and the exit status:
0 every case passed, 1 any case failed (or could not run because its contract has errors),
2 bad usage or a broken test file (then no case is run: every file is loaded first).

Invariants: bad input is a one-line message naming the file and line, never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click

from sladsl.files import files_for_command
from sladsl.testing.cases import ContractTests
from sladsl.testing.compare import compare
from sladsl.testing.evaluation import evaluate_case
from sladsl.testing.load import SUFFIX, load
from sladsl.testing.output import CaseResult, console, print_case, print_file, print_summary
from sladsl.testing.problems import BrokenTestFileError, Problem


def run_tests(paths: tuple[Path, ...]) -> int:
    files = files_for_command(paths, SUFFIX, "test")
    for path in files:
        if path.suffix == ".sla":
            raise click.UsageError(
                f"{path} is a contract; `sladsl test` runs test files (*{SUFFIX}, docs/testing.md)"
            )
    loaded: list[ContractTests] = []
    problems: list[Problem] = []
    for path in files:
        try:
            loaded.append(load(path, str(path)))
        except BrokenTestFileError as broken:
            problems.extend(broken.problems)
    if problems:
        for problem in problems:
            click.echo(problem.render(), err=True)
        broken_files = len(dict.fromkeys(p.file for p in problems))
        noun = "file is" if broken_files == 1 else "files are"
        click.echo(f"{broken_files} test {noun} broken; no case was run", err=True)
        return 2
    out = console()
    results: list[CaseResult] = []
    for tests in loaded:
        print_file(out, tests.path, tests.contract_errors)
        for result in _results(tests):
            print_case(out, result)
            results.append(result)
    print_summary(out, results)
    return 0 if all(r.passed for r in results) else 1


def _results(tests: ContractTests) -> Iterable[CaseResult]:
    if tests.contract is None:
        for name in tests.case_names:
            yield CaseResult(name, not_run="the contract has errors (above)")
        return
    for case in tests.cases:
        report = evaluate_case(tests.contract, case)
        yield CaseResult(case.name, tuple(compare(case.expect, report)))
