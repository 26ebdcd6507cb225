"""`sladsl eval`: from command-line arguments to a printed report and an exit status.

Input: the contract path, event sources and options of interface.md section 2.
Output: the report on standard output (JSON, text tables, or a compliance report in Markdown or
HTML made by `sladsl.render.report_document`), problems on standard error, and
the exit status: 0 evaluated, 1 a contract error or (with `--strict`) a rejected line, 2 bad usage.

Invariants: bad input of any kind is a one-line message naming what and where, never a traceback.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from datetime import MAXYEAR, MINYEAR, UTC, datetime, timedelta
from pathlib import Path

import click

from sladsl.business_time import load_zone
from sladsl.checker import parse_and_check
from sladsl.diagnostics import render
from sladsl.evaluate.engine import Evaluation, run_stream
from sladsl.evaluate.params import ParamError, resolve_params
from sladsl.evaluate.report_json import write_json
from sladsl.events import Event, EventStream

_WINDOW = re.compile(r"([0-9]+)\s*(s|m|min|h|d|w)")
_SECONDS = {"s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, "w": 604800}
_PERIOD = re.compile(r"[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?")
# The years business time supports (sladsl.business_time): --from and --to stay inside them.
_FIRST_YEAR, _LAST_YEAR = MINYEAR + 1, MAXYEAR - 1


def _instant(text: str | None, option: str) -> datetime | None:
    if text is None:
        return None
    try:
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise click.UsageError(f"{option} {text!r} is not an RFC 3339 instant") from None
    if at.tzinfo is None:
        raise click.UsageError(f"{option} {text!r} needs an offset or Z")
    try:
        year = at.astimezone(UTC).year
    except OverflowError:
        year = 0
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        years = f"{_FIRST_YEAR}-{_LAST_YEAR}"
        raise click.UsageError(f"{option} {text!r} lies outside the years evaluated ({years})")
    return at


class _NotingCustomers(EventStream):
    """The stream of a `--customer` run, noting the customers its events name.

    `customers` stays None if the evaluator read the stream some other way than `batches()`;
    then nothing is known, and an unknown `--customer` goes unnoticed rather than refused.
    """

    customers: set[str | None] | None = None

    def batches(self) -> Iterator[list[Event]]:
        seen: set[str | None] = set()
        self.customers = seen
        for batch in super().batches():
            seen.update(event.customer for event in batch)
            yield batch


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
    contract, diagnostics = parse_and_check(source, str(contract_path))
    errors = [d for d in diagnostics if d.is_error]
    if contract is None or errors:
        for diagnostic in errors:
            click.echo(render(diagnostic, source), err=True)
        click.echo(f"{contract_path}: the contract has errors; nothing was evaluated", err=True)
        return 1
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
    if period is not None and not _PERIOD.fullmatch(period):
        raise click.UsageError(f"--period {period!r}: write 2026-04, 2026-Q2 or 2026")
    begin, horizon = _instant(start, "--from"), _instant(end, "--to")
    if begin is not None and horizon is not None and horizon <= begin:
        raise click.UsageError(f"--to {end!r} must be later than --from {start!r}")
    progress = output_format == "text" and sys.stderr.isatty()
    kind = EventStream if customer is None else _NotingCustomers
    try:
        stream = kind(list(sources), tz=zone, reorder_window=window, progress=progress)
    except (FileNotFoundError, IsADirectoryError, PermissionError) as error:
        raise click.UsageError(f"cannot read events: {error}") from None
    evaluation = run_stream(
        contract, params, stream, period=period, start=begin, end=horizon, customer=customer
    )
    seen = stream.customers if isinstance(stream, _NotingCustomers) else None
    if seen is not None and customer not in seen:
        named = sorted(name for name in seen if name is not None)
        listed = ", ".join(named[:5]) + (f" and {len(named) - 5} more" if len(named) > 5 else "")
        raise click.UsageError(
            f"--customer {customer!r}: no event names this customer"
            + (f" (the events name {listed})" if named else " (no event names a customer)")
        )
    if output_format == "json":
        write_json(evaluation, sys.stdout.buffer)
    elif output_format in ("md", "html"):
        from sladsl.render.report_document import render_report
        from sladsl.render.report_view import ReportSource

        where = ReportSource(contract_path.name, sources, params, customer)
        text = render_report(evaluation.report(), contract, where, output_format)
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        _print_text(evaluation)
    return 1 if strict and stream.rejected else 0


def _print_text(evaluation: Evaluation) -> None:
    """The report as text: a table per period, one customer at a time."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    console = Console()
    report = evaluation.head
    events = report["events"]
    console.print(
        f"[bold]{escape(str(report['contract']))}[/bold]: {events['read']} events read, "
        f"{events['accepted']} accepted, {events['duplicates']} duplicates, "
        f"{events['rejected']} rejected"
    )
    for rejection in report["rejected"]:
        console.print(
            f"  rejected {rejection['file']}:{rejection['line']}: {rejection['reason']}",
            markup=False,
        )
    for group in evaluation.sections():
        if evaluation.per_customer and group["customer"] is not None:
            # Names come from the events: Text, so that `[...]` in them is not rich markup.
            console.rule(Text(f"customer {group['customer']}"))
        for period in group["periods"]:
            table = Table(title=f"{period['period']}", title_justify="left")
            # Short fixed words stay whole; names and breaches wrap when the terminal is narrow,
            # never cut.
            for column in ("objective", "kind", "service", "target", "actual", "met", "breaches"):
                whole = column in ("kind", "target", "actual", "met")
                table.add_column(column, overflow="fold", no_wrap=whole)
            for objective in period["objectives"]:
                breaches = ", ".join(
                    f"{b['ref']} +{b['excess']}" + (" (open)" if b.get("open") else "")
                    for b in objective["breaches"]
                )
                met = {True: "yes", False: "NO", None: "-"}[objective["met"]]
                cells = (
                    objective["name"],
                    objective["kind"],
                    objective["service"] or "",
                    objective["target"] or "",
                    objective["actual"] or "",
                    met,
                    breaches,
                )
                table.add_row(*map(Text, cells))
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
