"""The `sladsl` command line (click).

Input: arguments as in ../shared/spec/interface.md section 2. Output: text or JSON on standard
output (`check` also prints the CI formats of `sladsl.check_output`), and the exit status: 0 clean
(warnings allowed), 1 any error, 2 bad usage (`check --warnings-as-errors` and `--exit-zero` move
the line between 0 and 1). `diff` exits as diff(1) does: 0 same meaning, 1 changed, 2 trouble
(bad usage, or a contract with errors).

Invariants: a broken contract or a missing file is reported as a diagnostic or a one-line error,
never as a traceback.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from sladsl.files import files_for_command

# The names `check --format` takes: `sladsl.check_output.FORMATS`'s keys, in its order (a test
# holds them equal). Spelt out here so that other commands start without importing the
# formatters; each command imports what it runs when it runs.
CHECK_FORMATS = ("text", "concise", "json", "github", "sarif", "junit")


def run() -> None:
    """The `sladsl` command as a program (the installed script, `python -m sladsl`): a reader
    that closes the pipe early (`sladsl eval ... | head`) ends it quietly, as it ends `cat`, by
    SIGPIPE (shell status 141), rather than with click's status 1, which means "errors" here."""
    if hasattr(signal, "SIGPIPE"):  # not on Windows
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    main()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sladsl")
def main() -> None:
    """sladsl: service-level agreements as code."""


@main.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(CHECK_FORMATS),
    default="text",
    show_default=True,
    help="How to print the diagnostics (docs/ci.md shows each).",
)
@click.option(
    "--warnings-as-errors",
    is_flag=True,
    help="Count warnings as errors: exit status 1, and `error` in the machine formats.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are errors.")
def check_command(
    paths: tuple[Path, ...], output_format: str, warnings_as_errors: bool, exit_zero: bool
) -> None:
    """Parse and check contract files (directories are searched for *.sla)."""
    from sladsl.check_output import CheckedFile, CheckResults, format_results
    from sladsl.checker import check_file
    from sladsl.parser import UnreadableContract, read_contract

    files = files_for_command(paths)
    checked: list[CheckedFile] = []
    for path in files:
        try:
            source = read_contract(path)
        except UnreadableContract as error:
            raise click.UsageError(str(error)) from None
        checked.append(CheckedFile(str(path), source, tuple(check_file(source, str(path)))))
    results = CheckResults(tuple(checked), warnings_as_errors=warnings_as_errors)
    output = format_results(output_format, results)
    sys.stdout.buffer.write(output.encode("utf-8"))
    sys.stdout.buffer.flush()
    sys.exit(results.exit_status(exit_zero))


@main.command("eval")
@click.argument("contract", type=click.Path(path_type=Path))
@click.argument("events", nargs=-1, required=True)
@click.option(
    "--param", "params", multiple=True, metavar="NAME=VALUE", help="A contract parameter."
)
@click.option("--period", default=None, metavar="P", help="Report only this period (2026-04).")
@click.option("--from", "start", default=None, metavar="T", help="Report from this instant.")
@click.option("--to", "end", default=None, metavar="T", help="The evaluation horizon.")
@click.option("--tz", default=None, metavar="ZONE", help="Zone of timestamps without an offset.")
@click.option("--customer", default=None, metavar="ID", help="Evaluate this customer alone.")
@click.option(
    "--reorder-window", default="7d", show_default=True, metavar="D", help="e.g. 7d, 12h, 0s."
)
@click.option("--strict", is_flag=True, help="Exit 1 when any event line is rejected.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "md", "html"]),
    default="text",
    show_default=True,
    help="Text tables, the JSON report, or a compliance report in Markdown or one HTML page.",
)
def eval_command(
    contract: Path,
    events: tuple[str, ...],
    params: tuple[str, ...],
    period: str | None,
    start: str | None,
    end: str | None,
    tz: str | None,
    customer: str | None,
    reorder_window: str,
    strict: bool,
    output_format: str,
) -> None:
    """Run EVENTS (JSON Lines or CSV files, `-` for standard input) through CONTRACT."""
    from sladsl.evaluate.run import run_eval

    sys.exit(
        run_eval(
            contract,
            events,
            params,
            period=period,
            start=start,
            end=end,
            tz=tz,
            customer=customer,
            reorder_window=reorder_window,
            strict=strict,
            output_format=output_format,
        )
    )


@main.command("docs")
@click.argument("contracts", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    default=None,
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="Write each contract to DIR/<file name>.md|.html (needed for several contracts).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["md", "html"]),
    default="md",
    show_default=True,
    help="Markdown (GitHub-flavoured) or one self-contained HTML page.",
)
@click.option(
    "--year",
    type=click.IntRange(2, 9997),
    default=None,
    metavar="YEAR",
    help="List holidays (and date worked examples) in YEAR and the next.  [default: this year]",
)
def docs_command(
    contracts: tuple[Path, ...], out_dir: Path | None, output_format: str, year: int | None
) -> None:
    """Render each CONTRACT as a document for people (directories are searched for *.sla)."""
    from sladsl.render.documents import run_docs

    sys.exit(run_docs(contracts, out_dir, output_format, year))


@main.command("test")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def test_command(paths: tuple[Path, ...]) -> None:
    """Run contract test files (directories are searched for *.test.toml; docs/testing.md)."""
    from sladsl.testing.run import run_tests

    sys.exit(run_tests(paths))


@main.command("fmt")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Write nothing; list the files that would change.")
@click.option("--diff", is_flag=True, help="Write nothing; print what would change as a diff.")
def fmt_command(paths: tuple[Path, ...], check: bool, diff: bool) -> None:
    """Rewrite contract files in the canonical layout (directories are searched for *.sla)."""
    from sladsl.formatter.run import run_fmt

    sys.exit(run_fmt(paths, check=check, diff=diff))


@main.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "md", "json"]),
    default="text",
    show_default=True,
    help="One line per change, Markdown for a pull-request comment, or JSON (docs/diff.md).",
)
def diff_command(old: Path, new: Path, output_format: str) -> None:
    """What NEW changes in OLD, clause by clause: exit 0 same meaning, 1 changed, 2 trouble."""
    from sladsl.diffing.run import run_diff

    sys.exit(run_diff(old, new, output_format))
