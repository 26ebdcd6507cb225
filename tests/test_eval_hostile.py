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

import os
import socket
import subprocess
import sys
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from test_eval_cli import usage_error

from sladsl.cli import main
from sladsl.events import Event, EventStream, SourceError

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
        "a cell of 200,000 characters",  # was: "field larger than field limit (131072)"
        (HEADER + ROW + "x" * 200_000 + "\n" + ROW + "\n").encode(),
        [(2, "not valid CSV: a cell is longer than 131,072 characters")],
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
