"""The `sladsl` command line (click).

Input: arguments as in ../shared/spec/interface.md section 2. Output: text or JSON on standard
output, and the exit status: 0 clean (warnings allowed), 1 any error, 2 bad usage.

Invariants: a broken contract or a missing file is reported as a diagnostic or a one-line error,
never as a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import orjson

from sladsl.checker import check_file
from sladsl.diagnostics import Diagnostic, render
from sladsl.files import find_contracts


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sladsl")
def main() -> None:
    """sladsl: service-level agreements as code."""


@main.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print the diagnostics.",
)
def check_command(paths: tuple[Path, ...], output_format: str) -> None:
    """Parse and check contract files (directories are searched for *.sla)."""
    try:
        files = find_contracts(paths)
    except FileNotFoundError as missing:
        raise click.UsageError(f"no such file or directory: {missing.args[0]}") from None
    if not files:
        raise click.UsageError("no *.sla contract files found in " + ", ".join(map(str, paths)))
    results: list[tuple[str, str, list[Diagnostic]]] = []
    for path in files:
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise click.UsageError(f"cannot read {path}: {error}") from None
        results.append((str(path), source, check_file(source, str(path))))
    diagnostics = [d for _, _, ds in results for d in ds]
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    if output_format == "json":
        payload = {
            "files": [
                {"file": name, "diagnostics": [d.to_dict() for d in ds]} for name, _, ds in results
            ],
            "summary": {"files": len(results), "errors": errors, "warnings": warnings},
        }
        sys.stdout.buffer.write(orjson.dumps(payload, option=orjson.OPT_INDENT_2) + b"\n")
    else:
        for _, source, ds in results:
            for d in ds:
                click.echo(render(d, source))
                click.echo()
        click.echo(
            f"{len(results)} file{'s' if len(results) != 1 else ''} checked: "
            f"{errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}"
        )
    sys.exit(1 if errors else 0)


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
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
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
