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
