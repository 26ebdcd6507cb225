"""Hostile input to `sladsl eval` and `sladsl check`: each case here once gave a traceback, a
wrong exit status, a lost line or a misleading message, and is pinned as it is answered now.

Input: event lines, CSV files, sources and options made up by the tests (in tmp_path), the
contracts `examples/voip.sla` and `contracts/voip.sla`. Output: nothing; the tests assert the
rejections (file line and reason), the tallies, the exit status and the one-line messages.
The rule they check (../shared/spec/interface.md sections 1 and 2): bad input gives a rejection
naming the line and why, or a one-line usage error (exit 2), never a traceback; and
`read == accepted + duplicates + rejected` always holds (`read_all` checks it everywhere).
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_eval_cli import usage_error

from sladsl.cli import main
from sladsl.events import Event, EventStream, SourceError
from sladsl.testing.evaluation import evaluate_case
from sladsl.testing.load import load

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "voip.sla"
APRIL = ROOT / "examples" / "april.jsonl"
VOIP = ROOT / "contracts" / "voip.sla"
FEE = ("--param", "monthly_fee=400")

OPENED = b'{"at": "2026-04-06T09:12:00Z", "type": "ticket.opened", "ticket": "t1"}'
TOO_DEEP = "arrays or objects nested too deeply to read (an event needs no nesting)"
KNOWN = "known types are outage.*, maintenance.announced, ticket.*, measurement, claim.submitted"


def read_all(path: Path, **options: object) -> tuple[EventStream, list[Event]]:
    """Every accepted event of one source; the tallies must balance."""
    stream = EventStream([str(path)], **options)  # type: ignore[arg-type]
    events = list(stream)
    assert stream.read == stream.accepted + stream.duplicates + stream.rejected
    assert len(events) == stream.accepted
    return stream, events


def read_bytes(
    tmp_path: Path, data: bytes, name: str = "e.jsonl"
) -> tuple[EventStream, list[Event]]:
    path = tmp_path / name
    path.write_bytes(data)
    return read_all(path)


def rejections(stream: EventStream) -> list[tuple[int, str]]:
    return [(r.line, r.reason) for r in stream.rejections]


def line_with(at: str = "2026-04-06T09:12:00Z", **fields: str) -> bytes:
    """A ticket.opened line at `at`, with `fields` (raw JSON texts) after its own."""
    more = "".join(f', "{name}": {value}' for name, value in fields.items())
    return f'{{"at": "{at}", "type": "ticket.opened", "ticket": "t1"{more}}}'.encode()


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


# --------------------------------------------------------------------------- JSON lines

DEEP = 10_000
ARABIC_2026 = "\u0662\u0660\u0662\u0666"  # 2026 in Arabic-Indic digits, which `\d` matches
# Each: the line, the reason it is rejected with. Line 2 of every case is a good line, which
# must keep its number and be accepted.
JSON_LINES: list[tuple[str, bytes, str]] = [
    ("arrays nested 10,000 deep", line_with(x="[" * DEEP + "]" * DEEP), TOO_DEEP),
    ("objects nested 10,000 deep", line_with(x='{"a":' * DEEP + "1" + "}" * DEEP), TOO_DEEP),
    # With a `.` the line is read by the stdlib's scanner first, which recurses in C.
    ("nested 10,000 deep with a fraction", line_with(x="[" * DEEP + "1.5" + "]" * DEEP), TOO_DEEP),
    ("10,000 brackets never closed", b"[" * DEEP, TOO_DEEP),
    # orjson reads 1,020 levels, but a fraction in them sends the line to the stdlib, which
    # cannot.
    ("nested 1,020 deep with a fraction", line_with(x="[" * 1020 + "0.5" + "]" * 1020), TOO_DEEP),
    (
        "a type of a million characters",
        b'{"at": "2026-04-06T09:12:00Z", "type": "' + b"x" * 1_000_000 + b'"}',
        f"unknown type '{'x' * 37}...'; {KNOWN}",
    ),
    (
        "a timestamp that is only digits",
        line_with(at="2" * 1_000_000),
        f"`at` is not an RFC 3339 timestamp (YYYY-MM-DDTHH:MM:SSZ): '{'2' * 37}...'",
    ),
    (
        "an offset of 24 hours",
        line_with(at="2026-04-06T09:12:00+24:00"),
        "`at` is not a valid time (a UTC offset must be less than 24 hours): "
        "'2026-04-06T09:12:00+24:00'",
    ),
    (
        "junk after the seconds",
        line_with(at="2026-04-06T09:12:00junk"),
        "`at` is not a valid time (what follows the seconds is not a fraction, Z or an offset): "
        "'2026-04-06T09:12:00junk'",
    ),
    (
        "second 60 that is not a leap second",
        line_with(at="2026-04-06T12:59:60Z"),
        "`at` is not a valid time (second 60 is a leap second, at 23:59:60 UTC only): "
        "'2026-04-06T12:59:60Z'",
    ),
    (
        "an offset that moves the time past the years evaluated",
        line_with(at="9999-12-31T23:59:59-01:00"),
        "`at` '9999-12-31T23:59:59-01:00' lies outside the years evaluated (0002-9998)",
    ),
    (
        "a claim for year 0",
        b'{"at": "2026-04-06T09:12:00Z", "type": "claim.submitted", "period": "0000"}',
        "`period` '0000' lies outside the years evaluated (0002-9998)",
    ),
    (
        "a claim for a month past the years evaluated",
        b'{"at": "2026-04-06T09:12:00Z", "type": "claim.submitted", "period": "9999-12"}',
        "`period` '9999-12' lies outside the years evaluated (0002-9998)",
    ),
    (
        "a claim period in Arabic-Indic digits",
        b'{"at": "2026-04-06T09:12:00Z", "type": "claim.submitted", "period": "'
        + ARABIC_2026.encode()
        + b'-03"}',
        f"`period` '{ARABIC_2026}-03' is not a month (2026-03), a quarter (2026-Q1) or a year "
        "(2026)",
    ),
]


@pytest.mark.parametrize(
    ("line", "reason"), [case[1:] for case in JSON_LINES], ids=[case[0] for case in JSON_LINES]
)
def test_a_hostile_line_is_rejected_with_its_reason(
    tmp_path: Path, line: bytes, reason: str
) -> None:
    """Was: a RecursionError traceback (nesting); a reason quoting a whole megabyte; Python's
    words for a bad offset; a claim for year 0 accepted ("year 0 is out of range" as the
    verdict)."""
    stream, events = read_bytes(tmp_path, line + b"\n" + OPENED + b"\n")
    assert rejections(stream) == [(1, reason)]
    assert [event.line for event in events] == [2]


def test_lines_ended_by_a_carriage_return_alone_are_named(tmp_path: Path) -> None:
    """Was: "unexpected content after document", with nothing about the line ends."""
    stream, _ = read_bytes(tmp_path, APRIL.read_bytes().replace(b"\n", b"\r"))
    ((line, reason),) = rejections(stream)
    assert line == 1 and reason.startswith("not valid JSON: ")
    assert reason.endswith(
        "; the line holds a carriage return (CR): if the lines end with CR alone, end them with "
        "LF or CRLF"
    )


def test_an_integer_of_any_length_is_read_exactly(tmp_path: Path) -> None:
    """Was: rejected as "number is infinity when parsed as double" (Python reads at most 4,300
    digits into an int)."""
    huge = "1" + "0" * 5000
    line = b'{"at": "2026-04-06T09:12:00Z", "type": "measurement", "metric": "mos", "value": '
    stream, events = read_bytes(tmp_path, line + huge.encode() + b"}\n")
    assert stream.rejected == 0
    assert events[0].fields["value"] == Decimal(huge)


@pytest.mark.parametrize(
    ("written", "utc"),
    [
        ("2026-06-30T23:59:60Z", "2026-06-30T23:59:59.999999+00:00"),
        ("2016-12-31T23:59:60.5Z", "2016-12-31T23:59:59.999999+00:00"),
        ("2017-01-01T00:59:60+01:00", "2016-12-31T23:59:59.999999+00:00"),
        ("2026-04-06T09:12:00+14:00", "2026-04-05T19:12:00+00:00"),
        ("2026-04-06T09:12:00-12:00", "2026-04-06T21:12:00+00:00"),
        ("2026-04-06T09:12:00.123456789Z", "2026-04-06T09:12:00.123457+00:00"),
    ],
)
def test_odd_but_valid_rfc_3339_times_are_read(tmp_path: Path, written: str, utc: str) -> None:
    """A leap second (was: rejected, "second must be in 0..59") is the last microsecond before
    midnight UTC; the widest offsets and nanoseconds (pinned) are read too."""
    stream, events = read_bytes(tmp_path, line_with(at=written) + b"\n")
    assert stream.rejected == 0
    assert events[0].at.isoformat() == utc


def test_a_time_outside_the_years_does_not_make_later_lines_late(tmp_path: Path) -> None:
    """Was: the reader took 9999-12-31 as the latest time read, so every later line was "later
    than the reorder window allows" after a line that was itself rejected."""
    lines = [
        line_with(at="9999-12-31T23:59:59Z"),
        OPENED,
        line_with(at="0001-01-01T00:00:00Z"),
        line_with(at="2026-04-07T09:12:00Z"),
    ]
    stream, events = read_bytes(tmp_path, b"\n".join(lines) + b"\n")
    outside = "`at` is outside the years evaluated (0002-9998)"
    assert rejections(stream) == [(1, outside), (3, outside)]
    assert [event.line for event in events] == [2, 4]


def test_keys_named_as_the_readers_own_fields_are_the_lines_own(tmp_path: Path) -> None:
    """`@file`, `@line`, `@extra` (msgspec's names for the reader's fields), written plainly or
    escaped, are kept as the line's other fields. Was: the typed decoder took `@extra` for the
    reader's own, so two lines of one id that differ (`@extra` here, `x` there) counted as
    duplicates."""
    lines = [
        line_with(id='"a"', **{"@extra": '{"x": 1.5}'}),
        line_with(id='"a"', x="1.5"),
        line_with(id='"b"', **{"@line": "99", "@file": '"elsewhere"'}),
        line_with(id='"c"', **{"\\u0040extra": '{"y": 2}'}),
    ]
    stream, events = read_bytes(tmp_path, b"\n".join(lines) + b"\n")
    assert [(e.line, e.file, e.extra) for e in events] == [
        (1, str(tmp_path / "e.jsonl"), {"@extra": {"x": Decimal("1.5")}}),
        (3, str(tmp_path / "e.jsonl"), {"@line": Decimal(99), "@file": "elsewhere"}),
        (4, str(tmp_path / "e.jsonl"), {"@extra": {"y": Decimal(2)}}),
    ]
    assert stream.duplicates == 0
    assert rejections(stream) == [
        (2, "id 'a' was already used on line 1 with different content (`@extra`, `x`)")
    ]


@pytest.mark.parametrize(
    "first",
    [
        pytest.param(b"\x82\xcb\r\x91,at\x00\n", id="binary with a carriage return"),
        pytest.param(b"x" * 10_000_000 + b"\n", id="a 10 MB line of junk"),
    ],
)
def test_a_first_line_the_csv_sniffer_cannot_read_is_json(tmp_path: Path, first: bytes) -> None:
    """Was: a csv.Error traceback while deciding whether the source is CSV."""
    stream, events = read_bytes(tmp_path, first + OPENED + b"\n", name="e.txt")
    assert [line for line, _ in rejections(stream)] == [1]
    assert [event.line for event in events] == [2]


# --------------------------------------------------------------------------- CSV

HEADER = "at,type,ticket,category\n"
ROW = "2026-04-06T09:12:00Z,ticket.opened,t1,"
CSV_CASES: list[tuple[str, bytes, list[tuple[int, str]], list[int]]] = [
    (
        "a quote never closed",  # was: accepted, the next row swallowed into its category
        (HEADER + ROW + '"never closed\n2026-04-06T10:12:00Z,ticket.progress,t1,\n').encode(),
        [(2, "not valid CSV: a quoted cell is not closed before the end of the file (lines 2-3 "
             "read as one row)")],
        [],
    ),
    (
        "text after a closing quote",  # was: accepted as `abcdef`
        (HEADER + ROW + '"abc"def\n' + ROW + "x\n").encode(),
        [(2, 'not valid CSV: text after the closing quote of a cell: quote the whole cell, and '
             'write a quote inside it as two ("")')],
        [3],
    ),
    (
        "bytes that are not UTF-8",  # was: accepted with U+FFFD in the ticket id
        HEADER.encode() + b"2026-04-06T09:12:00Z,ticket.opened,t\xff1,\n" + ROW.encode() + b'"a\n'
        + b'b\xfe"\n',
        [(2, "not valid UTF-8: byte 0xff at column 37"),
         (3, "not valid UTF-8: byte 0xfe at column 2 of line 4")],
        [],
    ),
    (
        "a header naming a field twice",  # was: the last `ticket` column won
        b"at,type,ticket,ticket\n2026-04-06T09:12:00Z,ticket.opened,t1,t9\n",
        [(2, "the header row (line 1) names `ticket` more than once")],
        [],
    ),
    (
        "semicolons",  # was: "missing `at` and `type`" on every row
        b"at;type;ticket\n2026-04-06T09:12:00Z;ticket.opened;t1\n",
        [(2, "the header row (line 1) separates its names with semicolons: separate the cells "
             "of every row with commas")],
        [],
    ),
    (
        "tabs",
        b"at\ttype\tticket\n2026-04-06T09:12:00Z\tticket.opened\tt1\n",
        [(2, "the header row (line 1) separates its names with tabs: separate the cells of "
             "every row with commas")],
        [],
    ),
    (
        "no `at` column",  # was: "missing `at`", with nothing about the header
        b"when,type,ticket\n2026-04-06T09:12:00Z,ticket.opened,t1\n",
        [(2, "missing `at`: the header row (line 1) names no `at` column")],
        [],
    ),
    (
        "lines ended by a carriage return alone",  # was: "... open the file in universal-newline
        b"at,type,ticket\r2026-04-06T09:12:00Z,ticket.opened,t1\r",  # mode?", not for a user
        [(1, "not valid CSV: a carriage return (CR) in a cell without quotes: if the lines end "
             "with CR alone, end them with LF or CRLF")],
        [],
    ),
    (
        "a cell over 16 MiB",  # was: "field larger than field limit (131072)"
        (HEADER + ROW + "x" * (16 * 1024 * 1024 + 1) + "\n" + ROW + "\n").encode(),
        [(2, "not valid CSV: a cell is longer than 16,777,216 characters")],
        [3],
    ),
    (
        "a number in Arabic-Indic digits",  # was: read as 3.5
        "at,type,metric,value\n2026-04-06T09:12:00Z,measurement,mos,\u0663.\u0665\n".encode(),
        [(2, "`value` must be a number, got '\u0663.\u0665'")],
        [],
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "rejected", "accepted"),
    [case[1:] for case in CSV_CASES],
    ids=[case[0] for case in CSV_CASES],
)
def test_a_broken_csv_row_is_rejected_with_its_reason(
    tmp_path: Path, data: bytes, rejected: list[tuple[int, str]], accepted: list[int]
) -> None:
    stream, events = read_bytes(tmp_path, data, name="e.csv")
    assert rejections(stream) == rejected
    assert [event.line for event in events] == accepted


def test_a_semicolon_csv_without_the_suffix_is_taken_for_csv(tmp_path: Path) -> None:
    """Was: read as JSON Lines, every line "not valid JSON"."""
    stream, _ = read_bytes(tmp_path, b"at;type;ticket\n2026-04-06T09:12:00Z;ticket.opened;t1\n")
    assert [reason[:50] for _, reason in rejections(stream)] == [
        "the header row (line 1) separates its names with s"
    ]


# --------------------------------------------------------------------------- sources


def test_a_file_given_twice_is_a_usage_error(tmp_path: Path) -> None:
    """Was: a ValueError traceback (the evaluator rejected the same line of both copies)."""
    message = usage_error(invoke("eval", EXAMPLE, APRIL, APRIL, *FEE))
    assert (
        message == f"cannot read events: the event file {APRIL} is given twice: give each file once"
    )
    alias = ROOT / "examples" / ".." / "examples" / "april.jsonl"
    message = usage_error(invoke("eval", EXAMPLE, APRIL, alias, *FEE))
    assert message == (
        f"cannot read events: the event file {APRIL} is given twice, as {APRIL} and {alias}: "
        "give each file once"
    )


def test_standard_input_given_twice_is_a_usage_error() -> None:
    """Was: the two `-` sources read the same pipe in turns, their lines numbered apart."""
    result = CliRunner().invoke(
        main, ["eval", str(EXAMPLE), "-", "-", *FEE], input=APRIL.read_text(encoding="utf-8")
    )
    message = usage_error(result)
    assert (
        message
        == "cannot read events: standard input (-) is given more than once: it can be read once"
    )


def test_a_source_that_cannot_be_opened_is_a_usage_error(tmp_path: Path) -> None:
    """Was: an OSError traceback once the evaluation reached the source. (Run as root, a file
    with mode 000 can still be read; a socket cannot be opened by anyone.)"""
    path = tmp_path / "events.jsonl"
    server = socket.socket(socket.AF_UNIX)
    try:
        try:
            server.bind(str(path))
        except OSError as error:  # e.g. a temporary folder too deep for a socket's name
            pytest.skip(f"cannot make a socket here: {error}")
        message = usage_error(invoke("eval", EXAMPLE, path, *FEE))
    finally:
        server.close()
    assert message == f"cannot read events from {path}: No such device or address"


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux's /proc")
def test_a_source_that_fails_while_read_is_a_usage_error() -> None:
    """/proc/self/mem opens, but reading it at its start fails (EIO)."""
    message = usage_error(invoke("eval", EXAMPLE, "/proc/self/mem", *FEE))
    assert message == "cannot read events from /proc/self/mem: Input/output error"


def test_closed_standard_input_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """Was: a TypeError traceback (`sladsl eval c.sla - <&-`: Python sets sys.stdin to None)."""
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(
        SourceError, match=r"^cannot read events from <stdin>: standard input is closed$"
    ):
        list(EventStream(["-"]))


@pytest.mark.parametrize("redirect", ["ab", "wb"], ids=[">>", ">"])
def test_the_report_is_not_written_into_its_own_events(tmp_path: Path, redirect: str) -> None:
    """`sladsl eval c.sla events.jsonl >> events.jsonl`. Was: the report appended to the events
    (with `>`, written over the events the shell had emptied, exit 0)."""
    events = tmp_path / "events.jsonl"
    events.write_bytes(APRIL.read_bytes())
    with events.open(redirect) as out:
        done = subprocess.run(
            [sys.executable, "-m", "sladsl", "eval", str(EXAMPLE), str(events), *FEE],
            stdout=out,
            stderr=subprocess.PIPE,
            check=False,
        )
    assert done.returncode == 2
    emptied = " (the shell has emptied it already)" if redirect == "wb" else ""
    assert done.stderr.decode().splitlines()[-1] == (
        f"Error: standard output is the event file {events}{emptied}: the report would be "
        "written into the events; write it to another file"
    )
    assert events.read_bytes() == (APRIL.read_bytes() if redirect == "ab" else b"")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_is_read_as_a_file(tmp_path: Path) -> None:
    """Pinned: a named pipe (as `<(cat events)` gives) is read whole."""
    fifo = tmp_path / "events.fifo"
    os.mkfifo(fifo)

    def feed() -> None:
        with fifo.open("wb") as pipe:
            pipe.write(APRIL.read_bytes())

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        result = invoke("eval", EXAMPLE, fifo, *FEE, "--format", "json")
    finally:
        writer.join(timeout=10)
    assert result.exit_code == 0, result.output
    assert '"read": 15' in result.stdout and '"rejected": 1' in result.stdout


# --------------------------------------------------------------------------- options

OPTION_CASES: list[tuple[str, tuple[str, ...], str]] = [
    (  # was: an OverflowError traceback
        "a reorder window too long for a timedelta",
        ("--reorder-window", "99999999999999999999d"),
        "--reorder-window '99999999999999999999d' is longer than the years evaluated: "
        "at most 3658902d",
    ),
    (  # was: a ValueError traceback (Python reads at most 4,300 digits into an int)
        "a reorder window of 5,000 digits",
        ("--reorder-window", "9" * 5000 + "s"),
        f"--reorder-window '{'9' * 5000}s' is longer than the years evaluated: at most 3658902d",
    ),
    (  # was: "write 7d, 12h or 0s", not saying what is wrong
        "a negative reorder window",
        ("--reorder-window", "-1h"),
        "--reorder-window '-1h': a window cannot be negative; write 7d, 12h or 0s",
    ),
    (  # was: exit 0 with an empty report
        "a period in year 0",
        ("--period", "0000"),
        "--period '0000' lies outside the years evaluated (2-9998)",
    ),
    (
        "a period past the years evaluated",
        ("--period", "9999-01"),
        "--period '9999-01' lies outside the years evaluated (2-9998)",
    ),
    (  # was: the last value taken silently
        "a parameter given twice",
        ("--param", "monthly_fee=500"),
        "--param monthly_fee is given twice ('400' and '500'): give it once",
    ),
]


@pytest.mark.parametrize(
    ("args", "message"),
    [case[1:] for case in OPTION_CASES],
    ids=[case[0] for case in OPTION_CASES],
)
def test_a_malformed_option_is_a_usage_error(args: tuple[str, ...], message: str) -> None:
    assert usage_error(invoke("eval", EXAMPLE, APRIL, *FEE, *args)) == message


def test_lower_case_t_and_z_are_rfc_3339_in_options_too() -> None:
    """Was: "--from '2026-04-10t00:00:00z' is not an RFC 3339 instant", though events may be
    written so."""
    upper = invoke(
        "eval", EXAMPLE, APRIL, *FEE, "--from", "2026-04-10T00:00:00Z", "--format", "json"
    )
    lower = invoke(
        "eval", EXAMPLE, APRIL, *FEE, "--from", "2026-04-10t00:00:00z", "--format", "json"
    )
    assert lower.exit_code == upper.exit_code == 0, lower.output
    assert lower.stdout == upper.stdout


def test_the_text_report_escapes_control_characters_from_the_events(tmp_path: Path) -> None:
    """Was: an ESC in a customer name or ticket id reached the terminal as is (it could clear
    the screen, or set the window title)."""
    events = tmp_path / "events.jsonl"
    events.write_text(
        '{"at": "2026-04-05T09:00:00Z", "type": "ticket.opened", "service": "voip",'
        ' "ticket": "t\\u001b]0;owned\\u0007", "customer": "c\\u001b[2J"}\n'
        '{"at": "2026-04-05T09:00:00Z", "type": "ticket.opened", "ticket": "t2", "service": "voip",'
        ' "customer": "d\\u202e"}\n',
        encoding="utf-8",
    )
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        main,
        [
            "eval",
            str(VOIP),
            str(events),
            "--param",
            "monthly_fee=1000",
            "--to",
            "2026-04-06T09:00:00Z",
        ],
    )
    assert result.exit_code == 0, result.output
    assert not any(char in result.stdout for char in "\x1b\x07\u202e")
    assert "customer c\\x1b[2J" in result.stdout and "customer d\\u202e" in result.stdout
    assert "t\\x1b]0;owned\\x07" in result.stdout  # the open breach names the ticket


# --------------------------------------------------------------------------- contracts


def test_a_contract_with_a_byte_order_mark_checks_clean(tmp_path: Path) -> None:
    """Was: error SLA-E101 "`\\ufeff` cannot appear here", pointing at an invisible character."""
    contract = tmp_path / "voip.sla"
    contract.write_bytes(b"\xef\xbb\xbf" + EXAMPLE.read_bytes())
    result = invoke("check", contract)
    assert result.exit_code == 0, result.output
    assert result.stdout == "1 file checked: 0 errors, 0 warnings\n"


@pytest.mark.parametrize("command", ["check", "eval"])
@pytest.mark.parametrize(
    ("data", "why"),
    [
        (
            EXAMPLE.read_bytes().replace(b"VoIP", b"Vo\xffIP", 1),
            "not UTF-8 text: byte 0xff at line 1, column 13",
        ),
        (
            b'contract x "\xc3\xa9t\xc3\xa9" {\n  currency USD\n}\n# caf\xe9\n',
            "not UTF-8 text: byte 0xe9 at line 4, column 6",
        ),
        (
            EXAMPLE.read_text(encoding="utf-8").encode("utf-16"),
            "the file is UTF-16 text (it starts with a UTF-16 byte-order mark): save it as UTF-8",
        ),
    ],
    ids=["in line 1", "after non-ASCII text", "UTF-16"],
)
def test_a_contract_that_is_not_utf_8_names_line_and_column(
    tmp_path: Path, command: str, data: bytes, why: str
) -> None:
    """Was: Python's "'utf-8' codec can't decode byte 0xff in position 12", a byte offset."""
    contract = tmp_path / "bad.sla"
    contract.write_bytes(data)
    args: tuple[str | Path, ...] = (contract,) if command == "check" else (contract, APRIL, *FEE)
    assert usage_error(invoke(command, *args)) == f"cannot read {contract}: {why}"


# --------------------------------------------------------------------------- lifecycles
# Tickets and outages as an audit found them answered: each case was accepted with a wrong
# effect, or rejected with a false reason (/tmp/audit_events, copied here line for line).

CPAAS = ROOT / "contracts" / "cpaas.sla"
MAAIICONNECT = ROOT / "contracts" / "maaiiconnect.sla"
HOTLINE = ROOT / "contracts" / "support-hotline.sla"
CPAAS_PARAMS = ("--param", "monthly_fee=100", "--param", "connection=single")
VOIP_FEE = ("--param", "monthly_fee=100")
RETAINED = "(or which ended over 30 days earlier)"
NOTHING = "no event was accepted, so nothing was evaluated: the report has no periods"

Line = dict[str, object]
Report = dict[str, Any]


def at(text: str, kind: str, **fields: object) -> Line:
    return {"at": text, "type": kind, **fields}


def eval_lines(
    tmp_path: Path, contract: Path, lines: list[Line], *args: str, name: str = "e.jsonl"
) -> tuple[Result, Report]:
    """`sladsl eval --format json` on the lines (as JSON Lines); the tallies must balance."""
    path = tmp_path / name
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = invoke("eval", contract, path, *args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    report: Report = json.loads(result.stdout)
    events = report["events"]
    assert events["read"] == events["accepted"] + events["duplicates"] + events["rejected"]
    return result, report


def reasons(report: Report) -> list[tuple[int, str]]:
    return [(r["line"], r["reason"]) for r in report["rejected"]]


def figures(report: Report) -> object:
    """Everything the report works out from the events: periods and claims, per customer."""
    if "customers" in report:
        return report["customers"]
    return report["periods"], report["claims"]


def assert_no_effect(
    tmp_path: Path, contract: Path, lines: list[Line], refused: list[int], *args: str
) -> Report:
    """The report of `lines`, whose lines numbered `refused` must be rejected and change no
    figure: the report is the one of the stream without them (which must be rejected nowhere)."""
    _, report = eval_lines(tmp_path, contract, lines, *args)
    assert [line for line, _ in reasons(report)] == refused, reasons(report)
    kept = [line for number, line in enumerate(lines, 1) if number not in refused]
    _, control = eval_lines(tmp_path, contract, kept, *args, name="control.jsonl")
    assert control["rejected"] == []
    assert figures(report) == figures(control)
    return report


def breach_refs(report: Report, objective: str) -> list[tuple[str, str | None]]:
    return [
        (b["ref"], b["level"])
        for p in report["periods"]
        for o in p["objectives"]
        if o["name"] == objective
        for b in o["breaches"]
    ]


# 1. A severity that is no level of the contract, given by `ticket.severity_changed` (or by a
# `ticket.opened` naming no service), was accepted and erased or made the ticket's breaches.
SEVERITY_CASES: list[tuple[str, Path, tuple[str, ...], list[Line], int, str]] = [
    (
        "changed to a level in the wrong case (cpaas)",
        CPAAS,
        CPAAS_PARAMS,
        [
            at(
                "2026-04-06T09:00:00Z",
                "ticket.opened",
                ticket="t1",
                severity="I",
                service="platform",
            ),
            at("2026-04-06T09:10:00Z", "ticket.severity_changed", ticket="t1", severity="i"),
            at("2026-04-06T10:15:00Z", "ticket.acknowledged", ticket="t1"),
            at("2026-04-06T16:00:00Z", "ticket.restored", ticket="t1"),
        ],
        2,
        "severity 'i' is not a level of the contract (I, II, III)",
    ),
    (
        "changed to a level in the wrong case (support-hotline)",
        HOTLINE,
        (),
        [
            at("2026-04-06T16:00:00Z", "ticket.opened", ticket="t3", service="core", severity="P2"),
            at("2026-04-06T17:00:00Z", "ticket.severity_changed", ticket="t3", severity="p1"),
            at("2026-04-09T16:00:00Z", "ticket.acknowledged", ticket="t3"),
        ],
        2,
        "severity 'p1' is not a level of the contract (P1, P2, P3, P4)",
    ),
    (
        "opened with no service and no level of any scheme",
        HOTLINE,
        (),
        [
            at("2026-04-06T16:00:00Z", "ticket.opened", ticket="t1", severity="P9"),
            at("2026-04-06T16:00:00Z", "ticket.opened", ticket="t2", severity="P1"),
            at("2026-04-07T16:00:00Z", "ticket.acknowledged", ticket="t2"),
        ],
        1,
        "severity 'P9' is not a level of the contract (P1, P2, P3, P4)",
    ),
    (
        "changed to a level of another service's scheme",
        MAAIICONNECT,
        (),
        [
            at(
                "2026-04-06T09:00:00Z",
                "ticket.opened",
                ticket="t1",
                service="platform",
                severity="critical",
            ),
            at("2026-04-06T09:05:00Z", "ticket.severity_changed", ticket="t1", severity="major"),
            at("2026-04-06T12:00:00Z", "ticket.acknowledged", ticket="t1"),
        ],
        2,
        "severity 'major' is not a level of the contract for service 'platform' "
        "(critical, degraded, general)",
    ),
]


@pytest.mark.parametrize(
    ("contract", "args", "lines", "line", "reason"),
    [case[1:] for case in SEVERITY_CASES],
    ids=[case[0] for case in SEVERITY_CASES],
)
def test_a_severity_that_is_no_level_is_rejected_and_changes_nothing(
    tmp_path: Path,
    contract: Path,
    args: tuple[str, ...],
    lines: list[Line],
    line: int,
    reason: str,
) -> None:
    """Was: accepted; on cpaas the change to 'i' ended the ticket's three timers, erasing their
    breaches (`ticket.opened` with 'i' was rejected); 'P9' with no service was accepted."""
    report = assert_no_effect(tmp_path, contract, lines, [line], *args)
    assert reasons(report) == [(line, reason)]


def test_a_rejected_severity_change_fails_a_strict_run(tmp_path: Path) -> None:
    _, _, args, lines, _, _ = SEVERITY_CASES[0]
    result, report = eval_lines(tmp_path, CPAAS, lines, *args, "--strict", "--period", "2026-04")
    assert result.exit_code == 1
    assert breach_refs(report, "response") == [("t1", "I")]  # as if the line were not there


# 2. A ticket linked to an outage that had ended lost the link (no service, no severity).
LINK_ENDED = [
    at("2026-04-07T10:00:00Z", "outage.start", outage="o1", service="sms", affected=1),
    at("2026-04-07T10:20:00Z", "outage.end", outage="o1"),
    at("2026-04-07T10:30:00Z", "ticket.opened", ticket="t1", outage="o1"),
    at("2026-04-07T10:31:00Z", "ticket.opened", ticket="t2", outage="o1", service="sms"),
    at("2026-04-07T12:00:00Z", "ticket.acknowledged", ticket="t1"),
    at("2026-04-07T12:00:00Z", "ticket.acknowledged", ticket="t2"),
]


def test_a_ticket_links_to_an_outage_that_has_ended(tmp_path: Path) -> None:
    """Was: t1 (no service of its own) took none and was timed by nothing; t2 was rejected,
    "its linked outage matches no severity rule", and its acknowledgement as unknown."""
    _, report = eval_lines(tmp_path, MAAIICONNECT, LINK_ENDED)
    assert report["rejected"] == []
    # sms is a component of numbers; the outage was 100% affected: critical, 1 hour to respond.
    assert breach_refs(report, "numbers_response") == [("t1", "critical"), ("t2", "critical")]


@pytest.mark.parametrize(
    ("opened", "rejected"),
    [("2026-05-07T10:20:00Z", False), ("2026-05-07T10:20:01Z", True)],
    ids=["exactly 30 days after its end", "a second later"],
)
def test_an_ended_outage_is_linkable_for_the_retention(
    tmp_path: Path, opened: str, rejected: bool
) -> None:
    lines = [*LINK_ENDED[:2], at(opened, "ticket.opened", ticket="t1", outage="o1")]
    _, report = eval_lines(tmp_path, MAAIICONNECT, lines)
    reason = f"ticket 't1' links to outage 'o1', which no `outage.start` opened {RETAINED}"
    assert reasons(report) == ([(3, reason)] if rejected else [])


# 3. A link to an outage that never existed was accepted, or rejected with a false reason.
def test_a_link_to_an_outage_never_started_is_rejected(tmp_path: Path) -> None:
    """Was: accepted, and `--strict` exited 0."""
    lines = [
        at("2026-04-07T10:00:00Z", "outage.start", outage="OUT-1001", service="platform"),
        at("2026-04-07T10:05:00Z", "ticket.opened", ticket="t1", severity="II", outage="OUT-1010"),
        at("2026-04-07T12:00:00Z", "outage.end", outage="OUT-1001"),
    ]
    result, report = eval_lines(tmp_path, CPAAS, lines, *CPAAS_PARAMS, "--strict")
    assert result.exit_code == 1
    assert reasons(report) == [
        (2, f"ticket 't1' links to outage 'OUT-1010', which no `outage.start` opened {RETAINED}")
    ]


def test_a_link_to_an_unknown_outage_is_not_blamed_on_severity_rules(tmp_path: Path) -> None:
    """Was: "ticket 't2' has no `severity` and its linked outage matches no severity rule",
    when no outage 'O1' existed (the outage is 'o1')."""
    lines = [
        at("2026-04-01T00:00:00Z", "outage.start", outage="o1", service="sms", affected=1),
        at("2026-04-01T00:10:00Z", "ticket.opened", ticket="t2", service="sms", outage="O1"),
        at("2026-04-01T05:00:00Z", "outage.end", outage="o1"),
    ]
    _, report = eval_lines(tmp_path, MAAIICONNECT, lines)
    assert reasons(report) == [
        (2, f"ticket 't2' links to outage 'O1', which no `outage.start` opened {RETAINED}")
    ]


# 4. Rejected lines moved the horizon (`latest`) and the first period (`run.first`).
def test_a_rejected_last_line_does_not_move_the_horizon(tmp_path: Path) -> None:
    """Was: an open outage ran to the rejected acknowledgement ten days later (uptime 66.3889%,
    a 100% credit), where a line rejected by the reader ('ticket.acknowledge') left 99.7222%."""
    lines = [
        at("2026-04-10T10:00:00Z", "outage.start", outage="o1", service="voip"),
        at("2026-04-10T12:00:00Z", "measurement", metric="mos", value=4.5),
        at("2026-04-20T12:00:00Z", "ticket.acknowledged", ticket="nope"),
    ]
    report = assert_no_effect(tmp_path, VOIP, lines, [3], *VOIP_FEE)
    (april,) = report["periods"]
    assert april["objectives"][0]["actual"] == "99.7222"


def test_rejected_first_lines_do_not_open_a_period(tmp_path: Path) -> None:
    """Was: a 2026-02 period, from a rejected acknowledgement of 27 February."""
    lines = [
        at("2026-02-27T10:00:00Z", "ticket.acknowledged", ticket="t0"),
        at("2026-03-05T10:00:00Z", "outage.end", outage="o0"),
        at("2026-03-10T10:00:00Z", "outage.start", outage="o1", service="voip"),
        at("2026-03-10T10:20:00Z", "outage.end", outage="o1"),
    ]
    report = assert_no_effect(tmp_path, VOIP, lines, [1, 2], *VOIP_FEE)
    assert [p["period"] for p in report["periods"]] == ["2026-03"]


def test_a_customer_whose_every_line_is_rejected_has_no_section(tmp_path: Path) -> None:
    """Was: a section of its own for customer b (from its rejected line to the horizon), which
    also gave the report the several-customers shape."""
    lines = [
        at("2026-04-10T10:00:00Z", "outage.start", outage="o1", service="voip", customer="a"),
        at("2026-04-10T11:00:00Z", "outage.end", outage="o1", customer="a"),
        at("2026-04-11T10:00:00Z", "ticket.acknowledged", ticket="t9", customer="b"),
    ]
    report = assert_no_effect(tmp_path, VOIP, lines, [3], *VOIP_FEE)
    assert "customers" not in report


# An open outage at the end of April: a horizon moved by a rejected line would lengthen it.
_BASE = [
    *[json.loads(line) for line in APRIL.read_text(encoding="utf-8").splitlines()][:14],
    at("2026-04-28T10:00:00Z", "outage.start", outage="o9", service="voip"),
    at("2026-04-28T11:00:00Z", "ticket.opened", ticket="t9", service="voip", outage="o9"),
]
_MOMENTS = st.integers(0, 181 * 24 * 60).map(
    lambda minutes: (
        (datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes))
        .isoformat()
        .replace("+00:00", "Z")
    )
)
# Lines the evaluator rejects (ids the stream never opens) and lines the reader rejects.
_REJECTED = st.sampled_from(
    [
        {"type": "ticket.acknowledged", "ticket": "zz-1"},
        {"type": "ticket.resolved", "ticket": "zz-2", "cause": "customer"},
        {"type": "outage.end", "outage": "zz-3"},
        {"type": "outage.update", "outage": "zz-4", "affected": 0.5},
        {"type": "ticket.opened", "ticket": "zz-5", "service": "voip", "outage": "zz-6"},
        {"type": "ticket.severity_changed", "ticket": "zz-7", "severity": "P1"},
        {"type": "ticket.acknowledge", "ticket": "t2"},
        {"type": "outage.start", "service": "voip"},
    ]
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_MOMENTS, _REJECTED, st.sampled_from([None, "zz-customer"])), max_size=6))
def test_rejected_lines_change_no_figure(rejected: list[tuple[str, Line, str | None]]) -> None:
    """Whatever they say and whenever they come (before, among or after the accepted events,
    for this customer or another), rejected lines leave every figure as it is without them.
    They come in a second file, in time order, so that none makes another line late."""
    with tempfile.TemporaryDirectory() as folder:
        base, extra = Path(folder) / "base.jsonl", Path(folder) / "extra.jsonl"
        base.write_text("".join(json.dumps(line) + "\n" for line in _BASE), encoding="utf-8")
        lines = [
            {"at": moment, **fields, **({"customer": who} if who else {})}
            for moment, fields, who in sorted(rejected, key=lambda r: r[0])
        ]
        extra.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
        both = json.loads(invoke("eval", VOIP, base, extra, *VOIP_FEE, "--format", "json").stdout)
        alone = json.loads(invoke("eval", VOIP, base, *VOIP_FEE, "--format", "json").stdout)
    assert both["events"]["rejected"] == len(rejected)
    assert figures(both) == figures(alone)


# 5. With no accepted event, the report invented the current month, met.
@pytest.mark.parametrize(
    "lines",
    [[], [at("2026-02-27T10:00:00Z", "ticket.acknowledged", ticket="t0")]],
    ids=["no event", "every line rejected"],
)
def test_no_accepted_event_evaluates_nothing(tmp_path: Path, lines: list[Line]) -> None:
    """Was: the month the command ran in (`datetime.now()`), every objective met."""
    result, report = eval_lines(tmp_path, VOIP, lines, *VOIP_FEE)
    assert result.exit_code == 0
    assert (report["periods"], report["claims"]) == ([], [])
    assert result.stderr == f"sladsl eval: {NOTHING}\n"
    strict = invoke("eval", VOIP, tmp_path / "e.jsonl", *VOIP_FEE, "--strict")
    assert strict.exit_code == (1 if lines else 0)  # interface.md: rejected lines fail --strict
    assert f"\n{NOTHING[0].upper()}{NOTHING[1:]}\n" in strict.stdout
    assert not re.search(r"\d{4}-\d\d\b", strict.stdout.replace("2026-02-27", ""))


@pytest.mark.parametrize(
    ("span", "labels"),
    [
        (("--from", "2026-03-10T00:00:00Z", "--to", "2026-05-01T00:00:00Z"),
         ["2026-03", "2026-04", "2026-05"]),
        (("--from", "2026-03-10T00:00:00Z"), ["2026-03"]),
        (("--to", "2026-05-01T00:00:00Z"), ["2026-05"]),
    ],
    ids=["--from and --to", "--from alone", "--to alone"],
)  # fmt: skip
def test_from_and_to_bound_a_run_without_events(
    tmp_path: Path, span: tuple[str, ...], labels: list[str]
) -> None:
    result, report = eval_lines(tmp_path, VOIP, [], *VOIP_FEE, *span)
    assert [p["period"] for p in report["periods"]] == labels
    assert result.stderr == (
        "sladsl eval: no event was accepted: the periods of --from/--to are evaluated without "
        "events\n"
    )


def test_a_contract_test_without_events_evaluates_nothing(tmp_path: Path) -> None:
    """`sladsl test` runs the same engine: no period of the month it runs in either."""
    test_file = tmp_path / "voip.test.toml"
    test_file.write_text(
        f'contract = "{VOIP}"\nparams = {{ monthly_fee = "100" }}\n\n'
        '[[case]]\nname = "nothing happened"\nevents = ""\n\n'
        "[case.expect]\nevents = { read = 0 }\n",
        encoding="utf-8",
    )
    tests = load(test_file, "voip.test.toml")
    assert tests.contract is not None
    (case,) = tests.cases
    report = evaluate_case(tests.contract, case)
    assert (report["periods"], report["claims"]) == ([], [])


# 6. A resolved ticket opened again was "already open (since ...)".
def test_a_resolved_ticket_cannot_be_opened_again(tmp_path: Path) -> None:
    """Was: "ticket 't1' is already open (since 2026-04-06T09:00:00Z)", resolved two days
    before. The later events about t1 are accepted while it is known, and change nothing: its
    instances stopped at the first acknowledgement and resolution (docs/semantics.md, 2)."""
    lines = [
        at("2026-04-06T09:00:00Z", "ticket.opened", ticket="t1", service="voip"),
        at("2026-04-06T10:00:00Z", "ticket.acknowledged", ticket="t1"),
        at("2026-04-06T12:00:00Z", "ticket.resolved", ticket="t1"),
        at("2026-04-08T09:00:00Z", "ticket.opened", ticket="t1", service="voip"),
        at("2026-04-08T19:00:00Z", "ticket.acknowledged", ticket="t1"),
        at("2026-04-08T20:00:00Z", "ticket.resolved", ticket="t1"),
    ]
    report = assert_no_effect(tmp_path, VOIP, lines, [4], *VOIP_FEE)
    assert reasons(report) == [
        (
            4,
            "ticket 't1' was resolved at 2026-04-06T12:00:00Z; a resolved ticket cannot be "
            "opened again: give the new ticket its own id",
        )
    ]
    _, without = eval_lines(tmp_path, VOIP, lines[:3], *VOIP_FEE, name="first.jsonl")
    assert figures(report) == figures(without)  # lines 5 and 6 change nothing


# 7. An event about an outage that had ended said no `outage.start` came before.
def test_an_ended_outage_cannot_end_or_change_again(tmp_path: Path) -> None:
    lines = [
        at("2026-04-09T20:00:00Z", "outage.start", outage="o1", service="voip"),
        at("2026-04-09T20:30:00Z", "outage.end", outage="o1"),
        at("2026-04-09T20:40:00Z", "outage.end", outage="o1"),
        at("2026-04-09T20:45:00Z", "outage.update", outage="o1", cause="customer"),
    ]
    report = assert_no_effect(tmp_path, VOIP, lines, [3, 4], *VOIP_FEE)
    ended = "outage 'o1' is not open: it ended at 2026-04-09T20:30:00Z"
    assert reasons(report) == [(3, ended), (4, ended)]


# 8. A local time at the DST fall-back, read as its first occurrence, put an outage's end before
# its start: "no `outage.start` came before", with nothing about the clock change.
def test_a_rejection_names_an_ambiguous_local_time(tmp_path: Path) -> None:
    events = tmp_path / "dst.csv"
    events.write_text(
        "at,type,outage,service\n"
        "2026-11-01 01:50:00,outage.start,o1,core\n"
        "2026-11-01 01:10:00,outage.end,o1,core\n"  # meant: the second 01:10, after the start
        "2026-11-01 09:00:00,outage.end,o2,core\n",  # not ambiguous: no note
        encoding="utf-8",
    )
    result = invoke("eval", HOTLINE, events, "--tz", "America/Los_Angeles", "--format", "json")
    report = json.loads(result.stdout)
    unknown = "is not open: no `outage.start` came before, or it ended over 30 days earlier"
    assert reasons(report) == [
        (
            3,
            f"outage 'o1' {unknown}; note: 2026-11-01 01:10:00 happens twice in "
            "America/Los_Angeles (the clocks go back), and a local time without an offset is "
            "read as the first, 2026-11-01T01:10:00-07:00 (2026-11-01T08:10:00Z); write "
            "2026-11-01T01:10:00-08:00 for the second",
        ),
        (4, f"outage 'o2' {unknown}"),
    ]
