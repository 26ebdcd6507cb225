"""`sladsl eval`: from command-line arguments to a printed report and an exit status.

Input: the contract path, event sources and options of interface.md section 2.
Output: the report on standard output (JSON, text tables, or a compliance report in Markdown or
HTML made by `sladsl.render.report_document`), problems on standard error, and
the exit status: 0 evaluated, 1 a contract error or (with `--strict`) a rejected line, 2 bad usage.

Invariants: bad input of any kind is a one-line message naming what and where, never a traceback:
options (a `--param` given twice, a `--period` or instant outside the years evaluated, a reorder
window beyond them), a contract that cannot be read or is not UTF-8 (its line and column), event
sources (missing, a directory, given twice, unreadable, or the file standard output writes to).
The text report shows what comes from the events with control characters escaped (`\\x1b`), so
that an event cannot drive the terminal. When no event was accepted, standard error and the text
report say so (and that nothing was evaluated, or only the periods of --from/--to).
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from sladsl.business_time import load_zone
from sladsl.checker import usable_contract
from sladsl.diagnostics import render
from sladsl.evaluate.engine import Evaluation, report_cycles, run_stream
from sladsl.evaluate.params import ParamError, resolve_params
from sladsl.evaluate.periods import describe_key, label_key
from sladsl.evaluate.report_json import write_json
from sladsl.events import Event, EventStream, SourceError
from sladsl.events.model import FIRST_YEAR, LAST_YEAR
from sladsl.parser import UnreadableContract, read_contract
from sladsl.shown_text import escape_controls

_WINDOW = re.compile(r"([0-9]+)\s*(s|m|min|h|d|w)")
_SECONDS = {"s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, "w": 604800}
# The years evaluated (those business time supports): --period, --from and --to stay inside them.
_YEARS = f"{FIRST_YEAR}-{LAST_YEAR}"
# A reorder window longer than the years evaluated holds everything alike; longer is refused.
_LONGEST_WINDOW = timedelta(days=366 * (LAST_YEAR - FIRST_YEAR + 1))


def _instant(text: str | None, option: str) -> datetime | None:
    if text is None:
        return None
    try:  # upper case: RFC 3339 allows `t` and `z`, Python only `T` and `Z`
        at = datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
    except ValueError:
        raise click.UsageError(f"{option} {text!r} is not an RFC 3339 instant") from None
    if at.tzinfo is None:
        raise click.UsageError(f"{option} {text!r} needs an offset or Z")
    try:
        year = at.astimezone(UTC).year
    except OverflowError:
        year = 0
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise click.UsageError(f"{option} {text!r} lies outside the years evaluated ({_YEARS})")
    return at


def _window(text: str) -> timedelta:
    """The `--reorder-window` value: a whole number and a unit."""
    match = _WINDOW.fullmatch(text.strip())
    if match is None:
        why = "a window cannot be negative; " if text.strip().startswith("-") else ""
        raise click.UsageError(f"--reorder-window {text!r}: {why}write 7d, 12h or 0s")
    digits = match.group(1).lstrip("0") or "0"
    seconds = int(digits[:16]) * _SECONDS[match.group(2)]  # 16 digits: already too long
    if len(digits) > 16 or seconds > _LONGEST_WINDOW.total_seconds():
        raise click.UsageError(
            f"--reorder-window {text!r} is longer than the years evaluated: "
            f"at most {_LONGEST_WINDOW.days}d"
        )
    return timedelta(seconds=seconds)


def _params(texts: tuple[str, ...]) -> dict[str, str]:
    """The `--param NAME=VALUE` texts by name; each name once."""
    given: dict[str, str] = {}
    for text in texts:
        name, sep, value = text.partition("=")
        if not sep or not name.strip():
            raise click.UsageError(f"--param {text!r}: write --param NAME=VALUE")
        name = name.strip()
        if name in given:
            raise click.UsageError(
                f"--param {name} is given twice ({given[name]!r} and {value!r}): give it once"
            )
        given[name] = value
    return given


def _check_output(sources: tuple[str, ...]) -> None:
    """Refuse to run when standard output is one of the event files: the report would be
    written into the events (a shell's `>` has emptied the file already, `>>` would append)."""
    try:
        out = os.fstat(sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # not a file (a test's capture): no risk
        return
    if not stat.S_ISREG(out.st_mode):  # a terminal, a pipe, /dev/null: nothing to overwrite
        return
    for source in sources:
        if source == "-":
            continue
        try:
            status = Path(source).stat()
        except OSError:
            continue
        if (status.st_dev, status.st_ino) == (out.st_dev, out.st_ino):
            emptied = " (the shell has emptied it already)" if out.st_size == 0 else ""
            raise click.UsageError(
                f"standard output is the event file {source}{emptied}: the report would be "
                "written into the events; write it to another file"
            )


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
        source = read_contract(contract_path)
    except UnreadableContract as error:
        raise click.UsageError(str(error)) from None
    contract, errors = usable_contract(source, str(contract_path))
    if contract is None:
        for diagnostic in errors:
            click.echo(render(diagnostic, source), err=True)
        click.echo(f"{contract_path}: the contract has errors; nothing was evaluated", err=True)
        return 1
    given = _params(param_texts)
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
    window = _window(reorder_window)
    if period is not None:
        _check_period(period, report_cycles(contract, params))
    begin, horizon = _instant(start, "--from"), _instant(end, "--to")
    if begin is not None and horizon is not None and horizon <= begin:
        raise click.UsageError(f"--to {end!r} must be later than --from {start!r}")
    # The bar is drawn on a terminal's standard error, never with the JSON report (interface.md).
    progress = output_format != "json" and sys.stderr.isatty()
    kind = EventStream if customer is None else _NotingCustomers
    try:
        stream = kind(list(sources), tz=zone, reorder_window=window, progress=progress)
    except (OSError, ValueError) as error:
        raise click.UsageError(f"cannot read events: {error}") from None
    _check_output(sources)
    try:
        evaluation = run_stream(
            contract, params, stream, period=period, start=begin, end=horizon, customer=customer
        )
    except SourceError as error:
        raise click.UsageError(str(error)) from None
    seen = stream.customers if isinstance(stream, _NotingCustomers) else None
    if seen is not None and customer not in seen:
        named = sorted(name for name in seen if name is not None)
        listed = ", ".join(named[:5]) + (f" and {len(named) - 5} more" if len(named) > 5 else "")
        raise click.UsageError(
            f"--customer {customer!r}: no event names this customer"
            + (f" (the events name {listed})" if named else " (no event names a customer)")
        )
    nothing = _nothing_accepted(customer, begin, horizon) if evaluation.nothing_accepted else ""
    if output_format == "json":
        write_json(evaluation, sys.stdout.buffer)
    elif output_format in ("md", "html"):
        from sladsl.render.report_document import render_report
        from sladsl.render.report_view import ReportSource

        where = ReportSource(contract_path.name, sources, params, customer, period)
        text = render_report(evaluation.report(), contract, where, output_format)
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        _print_text(evaluation, nothing)
    if nothing:
        click.echo(f"sladsl eval: {nothing}", err=True)
    elif period is not None and period not in evaluation.labels:
        click.echo(f"sladsl eval: {_unmatched(period, evaluation.labels)}", err=True)
    return 1 if strict and stream.rejected else 0


def _nothing_accepted(customer: str | None, begin: datetime | None, end: datetime | None) -> str:
    """What a run without any accepted event evaluated: the span of --from/--to, or nothing."""
    of = "" if customer is None else f" of customer {customer!r}"
    if begin is None and end is None:
        return f"no event{of} was accepted, so nothing was evaluated: the report has no periods"
    return f"no event{of} was accepted: the periods of --from/--to are evaluated without events"


def _check_period(period: str, cycles: list[str]) -> None:
    """Refuse a `--period` that is not a period's label, lies outside the years evaluated, or
    is of a kind of period the contract does not report (a quarter when it reports months)."""
    key = label_key(period)
    if key is None:
        raise click.UsageError(
            f"--period {period!r}: write a month (2026-04), a quarter (2026-Q2), a year (2026) "
            "or a rolling window as the report labels it (2026-01-05/P28D)"
        )
    if not FIRST_YEAR <= int(period[:4]) <= LAST_YEAR:
        raise click.UsageError(f"--period {period!r} lies outside the years evaluated ({_YEARS})")
    if key not in cycles:
        kinds = " and ".join(describe_key(cycle) for cycle in cycles)
        raise click.UsageError(f"--period {period!r}: the contract reports {kinds}")


def _unmatched(period: str, labels: set[str]) -> str:
    """Why a `--period` of the right kind left the report empty: the periods worked out."""
    key = label_key(period)
    same = sorted(label for label in labels if label_key(label) == key)
    if not same:
        return f"--period {period}: the events reach no period of this kind; the report is empty"
    if key is not None and key.startswith("rolling/"):
        hint = " (windows start at --from, else at a customer's first event)"
    else:
        hint = ""
    shown = ", ".join(same) if len(same) <= 6 else f"{', '.join(same[:3])} ... {same[-1]}"
    return (
        f"--period {period}: no such period was evaluated; the report is empty. "
        f"The periods evaluated: {shown}{hint}"
    )


def _print_text(evaluation: Evaluation, nothing: str) -> None:
    """The report as text: a table per period, one customer at a time; what comes from the
    events (names, ids, reasons) with control characters escaped; `nothing`: why there is no
    event to evaluate, said after the rejections."""
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
            escape_controls(
                f"  rejected {rejection['file']}:{rejection['line']}: {rejection['reason']}"
            ),
            markup=False,
        )
    if nothing:
        console.print(escape_controls(nothing[0].upper() + nothing[1:]), markup=False)
    for group in evaluation.sections():
        if evaluation.per_customer and group["customer"] is not None:
            # Names come from the events: Text, so that `[...]` in them is not rich markup.
            console.rule(Text(escape_controls(f"customer {group['customer']}")))
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
                table.add_row(*(Text(escape_controls(cell)) for cell in cells))
            console.print(table)
            for remedy in period["remedies"]:
                console.print(
                    escape_controls(f"  {remedy['kind']} {remedy['name']}: {remedy['reason']}"),
                    markup=False,
                )
            total = period["credit_total"]
            credits = [r for r in period["remedies"] if r["kind"] == "credit"]
            if total["amount"] is not None and credits:  # not for a charge or refund alone
                console.print(
                    f"  credits: {total['percent']}% = {total['amount']} {total['currency']}"
                )
        for claim in group["claims"]:
            state = "valid" if claim["valid"] else "not valid"
            console.print(
                escape_controls(
                    f"  claim for {claim['period']} at {claim['at']}: {state} ({claim['reason']})"
                ),
                markup=False,
            )
