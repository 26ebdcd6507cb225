"""`sladsl eval`: from command-line arguments to a printed report and an exit status.

Input: the contract path, event sources and options of interface.md section 2.
Output: the report on standard output (JSON, or text tables), problems on standard error, and
the exit status: 0 evaluated, 1 a contract error or (with `--strict`) a rejected line, 2 bad usage.

Invariants: bad input of any kind is a one-line message naming what and where, never a traceback.
"""

from __future__ import annotations

import re
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import click
import orjson

from sladsl.business_time import load_zone
from sladsl.checker import check
from sladsl.diagnostics import render
from sladsl.evaluate.engine import evaluate
from sladsl.evaluate.params import ParamError, resolve_params
from sladsl.events import EventStream
from sladsl.parser import parse

_WINDOW = re.compile(r"([0-9]+)\s*(s|m|min|h|d|w)")
_SECONDS = {"s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, "w": 604800}


def _instant(text: str | None, option: str) -> datetime | None:
    if text is None:
        return None
    try:
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise click.UsageError(f"{option} {text!r} is not an RFC 3339 instant") from None
    if at.tzinfo is None:
        raise click.UsageError(f"{option} {text!r} needs an offset or Z")
    return at


def run_eval(
    contract_path: Path,
    sources: tuple[str, ...],
    param_texts: tuple[str, ...],
    *,
    period: str | None,
    start: str | None,
    end: str | None,
    tz: str | None,
    customer: str | None,
    reorder_window: str,
    strict: bool,
    output_format: str,
) -> int:
    try:
        source = contract_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise click.UsageError(f"cannot read {contract_path}: {error}") from None
    result = parse(source, str(contract_path))
    diagnostics = list(result.diagnostics)
    if result.contract is not None:
        diagnostics += check(result.contract, str(contract_path))
    errors = [d for d in diagnostics if d.is_error]
    if result.contract is None or errors:
        for diagnostic in errors:
            click.echo(render(diagnostic, source), err=True)
        click.echo(f"{contract_path}: the contract has errors; nothing was evaluated", err=True)
        return 1
    contract = result.contract
    given: dict[str, str] = {}
    for text in param_texts:
        name, sep, value = text.partition("=")
        if not sep or not name:
            raise click.UsageError(f"--param {text!r}: write --param NAME=VALUE")
        given[name.strip()] = value
    try:
        params = resolve_params(contract, given)
    except ParamError as error:
        raise click.UsageError(str(error)) from None
    zone = None
    if tz is not None:
        try:
            zone = load_zone(tz)
        except Exception:
            raise click.UsageError(f"--tz {tz!r} is not a time zone such as Europe/Paris") from None
    match = _WINDOW.fullmatch(reorder_window.strip())
    if match is None:
        raise click.UsageError(f"--reorder-window {reorder_window!r}: write 7d, 12h or 0s")
    window = timedelta(seconds=int(match.group(1)) * _SECONDS[match.group(2)])
    if period is not None and not re.fullmatch(r"[0-9]{4}(-[0-9]{2}|-Q[1-4])?", period):
        raise click.UsageError(f"--period {period!r}: write 2026-04, 2026-Q2 or 2026")
    begin, horizon = _instant(start, "--from"), _instant(end, "--to")
    progress = output_format == "text" and sys.stderr.isatty()
    try:
        stream = EventStream(list(sources), tz=zone, reorder_window=window, progress=progress)
    except (FileNotFoundError, IsADirectoryError, PermissionError) as error:
        raise click.UsageError(f"cannot read events: {error}") from None
    report = evaluate(
        contract, params, stream, period=period, start=begin, end=horizon, customer=customer
    )
    if output_format == "json":
        sys.stdout.buffer.write(orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n")
    else:
        _print_text(report)
    return 1 if strict and stream.rejected else 0


def _print_text(report: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    events = report["events"]
    console.print(
        f"[bold]{report['contract']}[/bold]: {events['read']} events read, "
        f"{events['accepted']} accepted, {events['duplicates']} duplicates, "
        f"{events['rejected']} rejected"
    )
    for rejection in report["rejected"]:
        console.print(
            f"  rejected {rejection['file']}:{rejection['line']}: {rejection['reason']}",
            markup=False,
        )
    groups = report.get("customers") or [
        {"customer": None, "periods": report["periods"], "claims": report["claims"]}
    ]
    for group in groups:
        if group["customer"] is not None:
            console.rule(f"customer {group['customer']}")
        for period in group["periods"]:
            table = Table(title=f"{period['period']}", title_justify="left")
            for column in ("objective", "kind", "service", "target", "actual", "met", "breaches"):
                table.add_column(column)
            for objective in period["objectives"]:
                breaches = ", ".join(
                    f"{b['ref']} +{b['excess']}" + (" (open)" if b.get("open") else "")
                    for b in objective["breaches"]
                )
                met = {True: "yes", False: "NO", None: "-"}[objective["met"]]
                table.add_row(
                    objective["name"],
                    objective["kind"],
                    objective["service"] or "",
                    objective["target"] or "",
                    objective["actual"] or "",
                    met,
                    breaches,
                )
            console.print(table)
            for remedy in period["remedies"]:
                console.print(
                    f"  {remedy['kind']} {remedy['name']}: {remedy['reason']}", markup=False
                )
            total = period["credit_total"]
            if total["amount"] is not None and period["remedies"]:
                console.print(
                    f"  credits: {total['percent']}% = {total['amount']} {total['currency']}"
                )
        for claim in group["claims"]:
            state = "valid" if claim["valid"] else "not valid"
            console.print(
                f"  claim for {claim['period']} at {claim['at']}: {state} ({claim['reason']})",
                markup=False,
            )
