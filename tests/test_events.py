"""Reading event streams (`sladsl.events`): the scenarios, a corpus of bad streams, properties.

Input: the acceptance scenarios' `events.jsonl` (`tests/scenarios`, the project's copies of
`../shared/scenarios`), the bad streams in
`tests/events/NN-short-name.*` (each case's sources are the files named `NN-short-name.*` other
than its expected `NN-short-name.json`, in name order), and streams made up by the tests.
Output: nothing; the tests assert counts, order, reasons and decoded values. The expected files
of the corpus are goldens: `pytest --update-goldens` rewrites them (review with git diff).

Invariants checked everywhere: `read == accepted + duplicates + rejected` once a stream is read,
accepted events come out sorted by `at`, and no float ever reaches an event.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

import msgspec
import orjson
import pytest
from click.testing import CliRunner
from golden import assert_golden
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sladsl.cli import main
from sladsl.events import (
    STDIN,
    Event,
    EventStream,
    Rejection,
    SourceError,
    decode_csv,
    decode_jsonl,
    looks_like_csv,
    parse_time,
)
from sladsl.events import stream as stream_module
from sladsl.events.decode import CSV_CELL_LIMIT
from sladsl.events.records import ARRAY_DECODER, Measurement
from sladsl.events.stream import _CHUNK_BYTES, _FEW_EARLY, _merge

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = ROOT / "tests" / "events"
CASES = sorted(path.stem for path in CASES_DIR.glob("*.json"))
SCENARIOS_DIR = ROOT / "tests" / "scenarios"  # the project's copies of ../shared/scenarios
SCENARIOS = sorted(
    path.name for path in SCENARIOS_DIR.glob("*/") if (path / "expect.json").exists()
)
# Options a case is read with (what `sladsl eval` takes as --tz and --reorder-window).
CASE_OPTIONS: dict[str, dict[str, str | float]] = {
    "05-naive-timestamps-with-tz": {"tz": "Europe/Paris"},
}


def counts(stream: EventStream) -> dict[str, int]:
    return {
        "read": stream.read,
        "accepted": stream.accepted,
        "duplicates": stream.duplicates,
        "rejected": stream.rejected,
    }


def read_all(sources: Sequence[str], **options: object) -> tuple[EventStream, list[Event]]:
    stream = EventStream(sources, **options)  # type: ignore[arg-type]
    events = list(stream)
    assert stream.read == stream.accepted + stream.duplicates + stream.rejected
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert len(events) == stream.accepted
    return stream, events


def write(path: Path, lines: Sequence[object]) -> str:
    """A JSON Lines file of `lines` (dicts are dumped, strings written as they are)."""
    text = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    path.write_text(text, encoding="utf-8")
    return str(path)


def ev(at: str, kind: str, **fields: object) -> dict[str, object]:
    return {"at": at, "type": kind, **fields}


# --- the scenarios ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_streams_read_completely(name: str) -> None:
    expect = json.loads((SCENARIOS_DIR / name / "expect.json").read_text())["expect"]["events"]
    stream, events = read_all([str(SCENARIOS_DIR / name / "events.jsonl")])
    assert counts(stream) == {"duplicates": 0, **expect}
    assert stream.rejections == []
    for event in events:
        assert event.at.tzinfo is UTC
        assert all(not isinstance(value, float) for value in event.fields.values())


def test_scenario_values_are_decoded() -> None:
    _, events = read_all([str(SCENARIOS_DIR / "voip" / "events.jsonl")])
    first = events[0]
    assert first.type == "maintenance.announced"
    assert first.fields["start"] == datetime(2026, 4, 10, 2, tzinfo=UTC)
    assert first.service == "voip" and first.fields["maintenance"] == "m1"
    values = [e.fields["value"] for e in events if e.type == "measurement"]
    assert values == [Decimal("4.1"), Decimal("3.9"), Decimal("3.7"), Decimal("3.7")]
    assert (first.file, first.line) == (str(SCENARIOS_DIR / "voip" / "events.jsonl"), 1)


# --- the corpus of bad streams --------------------------------------------------------------


def case_sources(name: str) -> list[str]:
    files = sorted(CASES_DIR.glob(f"{name}.*"))
    return [f"tests/events/{path.name}" for path in files if path.suffix != ".json"]


def case_report(name: str) -> str:
    options = CASE_OPTIONS.get(name, {})
    kwargs: dict[str, object] = {}
    if "tz" in options:
        kwargs["tz"] = ZoneInfo(str(options["tz"]))
    if "reorder_window_hours" in options:
        kwargs["reorder_window"] = timedelta(hours=float(options["reorder_window_hours"]))
    sources = case_sources(name)
    stream, _ = read_all(sources, **kwargs)
    lines = [
        "{",
        f'  "sources": {json.dumps(sources)},',
        f'  "options": {json.dumps(options)},',
        f'  "counts": {json.dumps(counts(stream))},',
        '  "rejected": [',
        ",\n".join(f"    {json.dumps(r.to_dict(), ensure_ascii=False)}" for r in stream.rejections),
        "  ]",
        "}",
    ]
    return "\n".join(line for line in lines if line) + "\n"


@pytest.mark.parametrize("name", CASES)
def test_bad_stream(name: str, update_goldens: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert case_sources(name), f"{name}.json has no event file beside it"
    assert_golden(CASES_DIR / f"{name}.json", case_report(name), update_goldens)


def test_corpus_is_complete() -> None:
    """Every event file has an expected file, and the corpus shows each kind of reason."""
    stems = {path.name.split(".")[0] for path in CASES_DIR.iterdir() if path.name[:2].isdigit()}
    assert stems == set(CASES)
    reasons = " ".join(
        r["reason"]
        for name in CASES
        for r in json.loads((CASES_DIR / f"{name}.json").read_text())["rejected"]
    )
    for words in [
        "not valid JSON",
        "not a JSON object",
        "missing `at`",
        "missing `type`",
        "has no UTC offset",
        "unknown type",
        "did you mean",
        "must be a fraction from 0 to 1",
        "must be a positive number",
        "must be a finite number",
        "already used on line",
        "later than the reorder window allows",
        "is not a month",
        "must end after it starts",
        "the outage types are",
        "not valid UTF-8",
        "not an RFC 3339 timestamp",
        "must be a string",
        "of customer 'globex' was already used",
        "read as CSV (the name ends in .csv), but line 1 is JSON",
        "read as JSON Lines (the name does not end in .csv",
        "looks like a CSV header",
        "looks like a CSV row with no header row",
    ]:
        assert words in reasons, words


# --- order, reordering, merging ----------------------------------------------------------


def test_ties_keep_file_order_then_argument_order(tmp_path: Path) -> None:
    t = "2026-04-01T10:00:00Z"
    a = write(
        tmp_path / "a.jsonl",
        [ev(t, "ticket.opened", ticket="a1"), ev(t, "ticket.opened", ticket="a2")],
    )
    b = write(
        tmp_path / "b.jsonl",
        [
            ev("2026-04-01T09:00:00Z", "ticket.opened", ticket="b0"),
            ev(t, "ticket.opened", ticket="b1"),
            ev(t, "ticket.opened", ticket="b2"),
        ],
    )
    _, events = read_all([b, a])
    assert [e.fields["ticket"] for e in events] == ["b0", "b1", "b2", "a1", "a2"]
    _, events = read_all([a, b])
    assert [e.fields["ticket"] for e in events] == ["b0", "a1", "a2", "b1", "b2"]


def test_offsets_are_compared_in_utc(tmp_path: Path) -> None:
    path = write(
        tmp_path / "e.jsonl",
        [
            ev("2026-04-01T11:30:00+02:00", "ticket.opened", ticket="second"),
            ev("2026-04-01T09:00:00Z", "ticket.opened", ticket="first"),
            ev("2026-04-01T05:00:00-05:00", "ticket.opened", ticket="third"),
        ],
    )
    _, events = read_all([path])
    assert [e.fields["ticket"] for e in events] == ["first", "second", "third"]
    assert events[1].at == datetime(2026, 4, 1, 9, 30, tzinfo=UTC)


def test_reordering_within_the_window(tmp_path: Path) -> None:
    lines = [
        ev("2026-04-05T00:00:00Z", "ticket.opened", ticket="t5"),
        ev("2026-04-01T00:00:00Z", "ticket.opened", ticket="t1"),
        ev("2026-04-03T00:00:00Z", "ticket.opened", ticket="t3"),
        ev("2026-04-08T00:00:00Z", "ticket.opened", ticket="t8"),
        ev("2026-04-02T00:00:00Z", "ticket.opened", ticket="t2"),  # 6 days late: in the window
        ev("2026-03-31T23:59:59Z", "ticket.opened", ticket="t0"),  # 8 days late: rejected
        ev("2026-04-09T00:00:00Z", "ticket.opened", ticket="t9"),
    ]
    path = write(tmp_path / "e.jsonl", lines)
    stream, events = read_all([path])
    assert [e.fields["ticket"] for e in events] == ["t1", "t2", "t3", "t5", "t8", "t9"]
    assert [(r.line, r.reason[:36]) for r in stream.rejections] == [
        (6, "later than the reorder window allows")
    ]
    assert "already read on line 4" in stream.rejections[0].reason
    # A window of one day keeps only what is at most a day late.
    stream, events = read_all([path], reorder_window=timedelta(days=1))
    assert [e.fields["ticket"] for e in events] == ["t5", "t8", "t9"]
    assert [r.line for r in stream.rejections] == [2, 3, 5, 6]
    assert "more than 1 day before" in stream.rejections[0].reason
    # A window of zero accepts only lines in order (equal times are in order).
    stream, events = read_all([path], reorder_window=timedelta(0))
    assert [e.fields["ticket"] for e in events] == ["t5", "t8", "t9"]


def test_lateness_is_per_source(tmp_path: Path) -> None:
    """A source that runs ahead never makes another source's in-order lines late."""
    ahead = write(tmp_path / "a.jsonl", [ev("2026-06-01T00:00:00Z", "ticket.opened", ticket="x")])
    behind = write(
        tmp_path / "b.jsonl",
        [ev(f"2026-04-{day:02d}T00:00:00Z", "ticket.opened", ticket=f"d{day}") for day in (1, 15)],
    )
    stream, events = read_all([ahead, behind])
    assert stream.rejected == 0
    assert [e.fields["ticket"] for e in events] == ["d1", "d15", "x"]


def test_memory_holds_only_the_window(tmp_path: Path) -> None:
    """The first event comes out once a window of later ones is read, not at the end."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    lines = [
        ev((start + timedelta(hours=h)).isoformat(), "ticket.progress", ticket="t1")
        for h in range(20_000)
    ]
    path = write(tmp_path / "e.jsonl", lines)
    stream = EventStream([path], reorder_window=timedelta(days=1))
    events = iter(stream)
    first = next(events)
    assert first.at == start
    # Lines are read a chunk at a time; the first is released once a day (and a sixteenth:
    # release goes in batches) of later lines is read: at most 28 lines and one chunk.
    per_chunk = _CHUNK_BYTES // min(len(line) for line in Path(path).read_bytes().splitlines())
    assert stream.read <= 28 + per_chunk + 1 < 20_000 // 10
    assert sum(1 for _ in events) == 19_999
    assert (stream.read, stream.accepted) == (20_000, 20_000)


# --- duplicates -----------------------------------------------------------------------------


def test_duplicates_across_sources(tmp_path: Path) -> None:
    line = ev("2026-04-01T10:00:00Z", "outage.start", outage="o1", id="e1", affected=0.5)
    a = write(tmp_path / "a.jsonl", [line])
    b = write(tmp_path / "b.jsonl", [{**line, "affected": 0.25}])
    same = json.dumps(line).replace("0.5", "0.50")  # the same number, written otherwise
    c = write(tmp_path / "c.jsonl", [same, line])
    stream, events = read_all([a, b, c])
    assert [(e.file, e.line) for e in events] == [(a, 1)]
    assert stream.duplicates == 2
    assert [r.to_dict() for r in stream.rejections] == [
        {
            "file": b,
            "line": 1,
            "reason": f"id 'e1' was already used on {a} line 1 with different content (`affected`)",
        },
    ]
    with pytest.raises(ValueError, match="given twice"):  # its lines would count twice
        EventStream([a, a])


def test_ids_are_scoped_by_customer(tmp_path: Path) -> None:
    """Ids are chosen by each sender: the same id under two customers (or under a customer and
    under none) is two events; within one customer, or among the events that name none, it is
    still a duplicate or a conflict. (Was: a second customer's export, numbered from 1 too, was
    rejected whole, "id '1' was already used on custA.jsonl line 1".)"""
    start = ev("2026-04-10T10:00:00Z", "outage.start", outage="o1", id="1")
    end = ev("2026-04-10T12:00:00Z", "outage.end", outage="o1", id="2")
    a = write(
        tmp_path / "custA.jsonl", [{**start, "customer": "acme"}, {**end, "customer": "acme"}]
    )
    b = write(
        tmp_path / "custB.jsonl",
        [
            {**start, "customer": "globex"},  # the same id and time as acme's: another event
            {**end, "customer": "globex"},
            start,  # no customer: a scope of its own
            {**end, "customer": "acme"},  # an exact repeat of acme's: a duplicate
            {**end, "customer": "globex", "at": "2026-04-10T12:30:00Z"},  # a conflict
            {**start, "at": "2026-04-10T10:30:00Z"},  # a conflict among those without customer
        ],
    )
    stream, events = read_all([a, b])
    assert [(e.file, e.line) for e in events] == [(a, 1), (b, 1), (b, 3), (a, 2), (b, 2)]
    assert stream.duplicates == 1
    assert [(r.file, r.line, r.reason) for r in stream.rejections] == [
        (b, 5, "id '2' of customer 'globex' was already used on line 2 with different content "
               "(`at`)"),
        (b, 6, "id '1' was already used on line 3 with different content (`at`)"),
    ]  # fmt: skip


def test_ids_are_forgotten_a_window_later(tmp_path: Path) -> None:
    """An id used again, differently, more than a window after its first use is a new event."""
    lines = [
        ev("2026-04-01T10:00:00Z", "ticket.opened", ticket="t1", id="e1"),
        ev("2026-04-05T10:00:00Z", "ticket.progress", ticket="t1", id="e1"),
        ev("2026-04-09T10:00:01Z", "ticket.progress", ticket="t1", id="e1"),
    ]
    stream, events = read_all([write(tmp_path / "e.jsonl", lines)])
    assert [e.line for e in events] == [1, 3]
    assert [r.line for r in stream.rejections] == [2]


# --- reject() -------------------------------------------------------------------------------


def test_reject_moves_an_accepted_event(tmp_path: Path) -> None:
    lines = [
        ev("2026-04-01T10:00:00Z", "ticket.acknowledged", ticket="t9"),
        "not json",
        ev("2026-04-01T11:00:00Z", "ticket.opened", ticket="t1"),
    ]
    a = write(tmp_path / "a.jsonl", lines)
    b = write(tmp_path / "b.jsonl", ["[]"])
    stream = EventStream([a, b])
    seen = []
    for event in stream:
        seen.append(event)
        if event.fields["ticket"] == "t9":
            stream.reject(event, "unknown ticket 't9'")
            # a:2 and b:1 were read ahead; `accepted` already counts the batch being handed out
            assert (stream.accepted, stream.rejected) == (1, 3)
    assert counts(stream) == {"read": 4, "accepted": 1, "duplicates": 0, "rejected": 3}
    assert [(r.file, r.line) for r in stream.rejections] == [(a, 1), (a, 2), (b, 1)]
    assert stream.rejections[0].reason == "unknown ticket 't9'"
    with pytest.raises(ValueError, match="already rejected"):
        stream.reject(seen[0], "again")
    stream.reject(seen[1], "wrong too")
    assert counts(stream) == {"read": 4, "accepted": 0, "duplicates": 0, "rejected": 4}
    with pytest.raises(ValueError, match="not an accepted event"):
        stream.reject(msgspec.structs.replace(seen[1], line=99), "nothing left")


# --- sources --------------------------------------------------------------------------------


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (SCENARIOS_DIR / "voip" / "events.jsonl").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    stream, events = read_all(["-"])
    assert stream.accepted == 13 and events[0].file == STDIN
    monkeypatch.setattr(sys, "stdin", io.StringIO(text.decode()))  # no byte buffer under it
    stream, again = read_all(["-"])
    assert again == events


def test_stdin_csv(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "at,type,ticket\n2026-04-01T10:00:00Z,ticket.opened,t1\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    _, events = read_all(["-"])
    assert [(e.type, e.fields, e.line) for e in events] == [("ticket.opened", {"ticket": "t1"}, 2)]


def to_csv(jsonl: Path, target: Path) -> None:
    rows = [json.loads(line) for line in jsonl.read_text().splitlines() if line.strip()]
    names = list(dict.fromkeys(name for row in rows for name in row))
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, names)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: v if isinstance(v, str) else json.dumps(v) for k, v in row.items()})


@pytest.mark.parametrize("name", SCENARIOS)
def test_csv_gives_the_same_events(name: str, tmp_path: Path) -> None:
    jsonl = SCENARIOS_DIR / name / "events.jsonl"
    to_csv(jsonl, tmp_path / "events.csv")
    _, from_json = read_all([str(jsonl)])
    _, from_csv = read_all([str(tmp_path / "events.csv")])
    assert [msgspec.structs.replace(e, file="x", line=e.line + 1) for e in from_json] == [
        msgspec.structs.replace(e, file="x") for e in from_csv
    ]


def test_missing_sources_and_misuse(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such event file"):
        EventStream([str(tmp_path / "nope.jsonl")])
    with pytest.raises(IsADirectoryError):
        EventStream([str(tmp_path)])
    with pytest.raises(ValueError, match="negative"):
        EventStream(["-"], reorder_window=timedelta(hours=-1))
    stream = EventStream([write(tmp_path / "e.jsonl", [])])
    assert list(stream) == []
    with pytest.raises(RuntimeError, match="once"):
        iter(stream)


def test_progress_only_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(SCENARIOS_DIR / "cpaas" / "events.jsonl")

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out, err = io.StringIO(), Terminal()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    stream, _ = read_all([path], progress=True)
    assert stream.accepted == 55
    assert out.getvalue() == ""
    assert err.getvalue() != ""  # the bar was drawn on standard error
    quiet = io.StringIO()  # not a terminal: nothing is drawn
    monkeypatch.setattr(sys, "stderr", quiet)
    read_all([path], progress=True)
    assert quiet.getvalue() == "" and out.getvalue() == ""


# --- blocks: lines decoded many at once -----------------------------------------------------
# A source is read in blocks of whole lines, decoded at once when every line is one JSON object.


def test_a_line_with_two_objects_is_rejected_not_split(tmp_path: Path) -> None:
    """`decode_lines` would read two objects from one line; the reader must not."""
    one = json.dumps(ev("2026-04-01T10:00:00Z", "ticket.opened", ticket="t1", severity="P1"))
    two = json.dumps(ev("2026-04-01T10:05:00Z", "ticket.progress", ticket="t1"))
    path = write(tmp_path / "e.jsonl", [one, f"{two} {one[:-1]}", "}"])
    stream, events = read_all([path])
    assert [(e.type, e.line) for e in events] == [("ticket.opened", 1)]
    assert [(r.line, r.reason[:14]) for r in stream.rejections] == [
        (2, "not valid JSON"),
        (3, "not valid JSON"),
    ]


def test_an_object_across_two_lines_is_two_bad_lines(tmp_path: Path) -> None:
    text = '{"at": "2026-04-01T10:00:00Z",\n"type": "ticket.progress", "ticket": "t1"}\n'
    path = tmp_path / "e.jsonl"
    path.write_text(text)
    stream, events = read_all([str(path)])
    assert events == []
    assert [r.line for r in stream.rejections] == [1, 2]


def test_lines_longer_than_a_read_and_crlf_endings(tmp_path: Path) -> None:
    """A line longer than a block is read whole; CRLF lines and a last line without a line
    ending are read as lines."""
    long_id = "t" + "x" * (3 * _CHUNK_BYTES)
    lines = [
        json.dumps(ev("2026-04-01T10:00:00Z", "ticket.opened", ticket=long_id, severity="P1")),
        json.dumps(ev("2026-04-01T10:01:00Z", "ticket.progress", ticket=long_id)),
    ]
    path = tmp_path / "e.jsonl"
    path.write_bytes(b"\r\n".join(line.encode() for line in lines))
    stream, events = read_all([str(path)])
    assert [(e.type, e.line, len(e.ticket)) for e in events] == [  # type: ignore[attr-defined]
        ("ticket.opened", 1, len(long_id)),
        ("ticket.progress", 2, len(long_id)),
    ]
    assert stream.rejections == []


def test_a_bad_line_in_a_block_costs_only_that_line(tmp_path: Path) -> None:
    """A block decoded at once whose one event fails the last checks (a measurement count of
    0) sends that line alone to the slow path; the others keep their line numbers."""
    lines = [
        ev(f"2026-04-01T10:{m:02d}:00Z", "measurement", metric="mos", value=4.1, count=m % 5)
        for m in range(1, 60)
    ]
    stream, events = read_all([write(tmp_path / "e.jsonl", lines)])
    assert [e.line for e in events] == [m for m in range(1, 60) if m % 5]
    assert [r.line for r in stream.rejections] == [m for m in range(1, 60) if m % 5 == 0]
    assert {r.reason for r in stream.rejections} == {"`count` must be a positive number, got 0"}


# --- fast paths and their fallbacks -----------------------------------------------------------
# A block is decoded as one JSON array and its events settled in bulk; a source is ordered and
# its ids checked a block or a batch at a time. Each fast path falls back to the line-by-line
# rules where it cannot show that they agree; both sides are tested here, with small blocks
# (`_CHUNK_BYTES` patched) where a test needs many of them.


def test_a_line_of_two_objects_with_a_comma_is_rejected(tmp_path: Path) -> None:
    """Read as one JSON array, a block would take `{..},{..}` for two values; a line of two
    objects is one bad line, and the lines around it keep their numbers."""
    one = json.dumps(ev("2026-04-01T10:00:00Z", "ticket.opened", ticket="t1"))
    two = json.dumps(ev("2026-04-01T10:05:00Z", "ticket.progress", ticket="t1"))
    stream, events = read_all([write(tmp_path / "e.jsonl", [one, f"{two},{two}", two])])
    assert [(e.type, e.line) for e in events] == [("ticket.opened", 1), ("ticket.progress", 3)]
    assert [(r.line, r.reason[:14]) for r in stream.rejections] == [(2, "not valid JSON")]


def test_lines_that_balance_only_as_an_array_are_each_rejected(tmp_path: Path) -> None:
    """A string and an object broken over two lines each, and two lines of two objects: the
    block holds as many values as lines, yet each of those six lines is rejected."""
    good = json.dumps(ev("2026-04-01T10:00:00Z", "ticket.progress", ticket="t1"))
    lines = [
        good,
        '{"at": "2026-04-01T10:01:00Z", "type": "ticket.progress", "ticket": "a',
        'b"}',
        f"{good},{good}",
        '{"at": "2026-04-01T10:02:00Z",',
        '"type": "ticket.progress", "ticket": "t2"}',
        f"{good},{good}",
        good,
    ]
    stream, events = read_all([write(tmp_path / "e.jsonl", lines)])
    assert [e.line for e in events] == [1, 8]
    assert [r.line for r in stream.rejections] == [2, 3, 4, 5, 6, 7]
    assert all(r.reason.startswith("not valid JSON") for r in stream.rejections)


def measurement(minute: int, value: object, **more: object) -> dict[str, object]:
    return ev(f"2026-04-01T10:{minute:02d}:00Z", "measurement", metric="mos", value=value, **more)


@pytest.mark.parametrize(
    ("lines", "accepted", "rejected"),
    [
        # settled in bulk: ints become Decimals, fractions keep their digits, no count is None
        (
            [measurement(1, 4, count=3), measurement(2, 5)],
            [(1, "4", "3"), (2, "5", None)],
            [],
        ),
        (
            [measurement(1, 4.41, count=12), measurement(2, 3.90)],
            [(1, "4.41", "12"), (2, "3.9", None)],
            [],
        ),
        # refused in bulk, then line by line: the same values, and the reason for the bad line
        (
            [measurement(1, 4), measurement(2, 4.5, count=2.5)],
            [(1, "4", None), (2, "4.5", "2.5")],
            [],
        ),
        (
            [measurement(1, 4), measurement(2, "4.41")],
            [(1, "4", None)],
            [(2, "`value` must be a number, got the string '4.41'")],
        ),
        (
            [measurement(1, 4.1), measurement(2, True)],
            [(1, "4.1", None)],
            [(2, "`value` must be a number, got true")],
        ),
        (
            [measurement(1, 4.1, count=2), measurement(2, 4.2, count=-1)],
            [(1, "4.1", "2")],
            [(2, "`count` must be a positive number, got -1")],
        ),
        (
            [measurement(1, 4.1, count="2")],
            [],
            [(1, "`count` must be a number, got the string '2'")],
        ),
    ],
)
def test_measurements_settled_in_bulk_or_line_by_line(
    tmp_path: Path,
    lines: list[dict[str, object]],
    accepted: list[tuple[int, str, str | None]],
    rejected: list[tuple[int, str]],
) -> None:
    stream, events = read_all([write(tmp_path / "e.jsonl", lines)])
    got = []
    for event in events:
        assert isinstance(event, Measurement)
        assert type(event.value) is Decimal
        assert event.count is None or type(event.count) is Decimal
        got.append(
            (event.line, str(event.value), None if event.count is None else str(event.count))
        )
    assert got == accepted
    assert [(r.line, r.reason) for r in stream.rejections] == rejected


def test_times_in_any_spelling_end_in_utc(tmp_path: Path) -> None:
    """`Z`, `+00:00` and `-00:00` are UTC as decoded (the bulk check relies on msgspec giving
    the `UTC` object itself); an offset or a local time (with `--tz`) is moved to UTC."""
    spellings = [
        "2026-04-01T10:00:00Z",
        "2026-04-01T10:00:01+00:00",
        "2026-04-01T10:00:02-00:00",
        "2026-04-01T12:00:03+02:00",
        "2026-04-01T12:00:04",
        "2026-04-01T10:00:05.5z",
    ]
    path = write(tmp_path / "e.jsonl", [ev(at, "ticket.progress", ticket="t") for at in spellings])
    decoded = ARRAY_DECODER.decode(b"[" + Path(path).read_bytes().replace(b"\n", b",")[:-1] + b"]")
    assert [event.at.tzinfo is UTC for event in decoded] == [True, True, True, False, False, True]
    _, events = read_all([path], tz=ZoneInfo("Europe/Paris"))
    assert [event.at for event in events] == [
        datetime(2026, 4, 1, 10, 0, second, 500000 if second == 5 else 0, tzinfo=UTC)
        for second in range(6)
    ]
    assert all(event.at.tzinfo is UTC for event in events)
    stream, events = read_all([path])  # no zone for the local time: that line alone is rejected
    assert [e.line for e in events] == [1, 2, 3, 4, 6]
    assert [(r.line, r.reason[:37]) for r in stream.rejections] == [
        (5, "`at` '2026-04-01T12:00:04' has no UTC")
    ]


def held(*minutes: int) -> list[Event]:
    """Events at these minutes after 10:00, numbered as lines in that order from 1."""
    return [
        Event(at=datetime(2026, 4, 1, 10, minute, tzinfo=UTC), line=line)
        for line, minute in enumerate(minutes, 1)
    ]


@pytest.mark.parametrize("early", [1, 3, _FEW_EARLY, _FEW_EARLY + 1, 29])
def test_merge_puts_early_lines_in_place(early: int) -> None:
    """A block whose first lines come before the end of what is held: a few go in one by one,
    many by sorting the end again; either way the order is (at, line), ties in line order."""
    run = held(*range(0, 60, 2))  # lines 1-30 at even minutes up to 58
    # `early` lines before 58 (one at 50, a time held already), then 58 twice and 59
    block = held(*range(59 - 2 * (early - 1), 59, 2), 50, 58, 58, 59)
    for number, event in enumerate(block, len(run) + 1):
        event.line = number
    block.sort(key=lambda event: event.at)  # as the reader hands it: sorted, ties in line order
    assert sum(1 for event in block if event.at < run[-1].at) == early
    everything = run + block
    _merge(run, block)
    assert [(e.at, e.line) for e in run] == sorted((e.at, e.line) for e in everything)


def minutes_after(start: datetime, minutes: Sequence[int], **fields: object) -> list[object]:
    """ticket.progress lines at these minutes after `start`, ticket `t<minute>`."""
    return [
        ev((start + timedelta(minutes=m)).isoformat(), "ticket.progress", ticket=f"t{m}", **fields)
        for m in minutes
    ]


@pytest.mark.parametrize("chunk", [128, 1024, 8192])
def test_small_blocks_keep_the_order_of_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """Many blocks: in order, a few lines a little late, 300 lines read backwards (with large
    blocks, many lines of a block before the end of what is held), and ties; the events come
    out in (at, line) order and the batches are released as the source moves on."""
    monkeypatch.setattr(stream_module, "_CHUNK_BYTES", chunk)
    start = datetime(2026, 4, 1, tzinfo=UTC)
    order = [*range(0, 300, 3), 150, 151, 299, *range(600, 300, -1), *range(600, 1500, 7)]
    order += [1400, 1400, 1499, 1450, *range(1500, 4000, 11)]
    window = timedelta(hours=6)
    path = write(tmp_path / "e.jsonl", minutes_after(start, order))
    stream, events = read_all([path], reorder_window=window)
    assert [(e.file, e.line) for e in events] == oracle([path], window)
    assert [e.line for e in events] == sorted(
        range(1, len(order) + 1), key=lambda line: (order[line - 1], line)
    )
    assert stream.rejected == 0
    batches = list(EventStream([path], reorder_window=window).batches())
    assert len(batches) > 5 and [e for batch in batches for e in batch] == events


def test_too_late_names_a_line_of_an_earlier_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The line a too-late line is measured against may be in a block read before; it is the
    first line of the latest time."""
    monkeypatch.setattr(stream_module, "_CHUNK_BYTES", 128)
    start = datetime(2026, 4, 1, tzinfo=UTC)
    lines = minutes_after(start, [0, 60, 120, 120, 100, 110, 55, 59, 121])
    path = write(tmp_path / "e.jsonl", lines)
    stream, events = read_all([path], reorder_window=timedelta(hours=1))
    assert [e.line for e in events] == [1, 2, 5, 6, 3, 4, 9]
    assert [(r.line, r.reason.split("read on ")[1]) for r in stream.rejections] == [
        (7, "line 3"),
        (8, "line 3"),
    ]


def test_a_block_of_lines_all_too_late_after_all_was_released(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no window every line in order is final at once, so nothing is held when a block
    of lines all too late comes."""
    monkeypatch.setattr(stream_module, "_CHUNK_BYTES", 256)
    start = datetime(2026, 4, 10, tzinfo=UTC)
    lines = minutes_after(start, range(20)) + minutes_after(start, [-60] * 20)
    stream, events = read_all([write(tmp_path / "e.jsonl", lines)], reorder_window=timedelta(0))
    assert [e.line for e in events] == list(range(1, 21))
    assert [r.line for r in stream.rejections] == list(range(21, 41))
    assert "already read on line 20" in stream.rejections[-1].reason


def test_ids_in_part_of_a_batch(tmp_path: Path) -> None:
    """Lines without an id are never duplicates, even when the same; those with ids are."""
    same = ev("2026-04-01T10:00:00Z", "ticket.progress", ticket="t1")
    lines = [same, {**same, "id": "e1"}, same, {**same, "id": "e1"}, same, {**same, "id": "e2"}]
    lines += [{**same, "id": "e2", "ticket": "t2"}, {**same, "id": "e1"}]
    stream, events = read_all([write(tmp_path / "e.jsonl", lines)])
    assert [e.line for e in events] == [1, 2, 3, 5, 6]
    assert stream.duplicates == 2
    assert [(r.line, r.reason) for r in stream.rejections] == [
        (7, "id 'e2' was already used on line 6 with different content (`ticket`)")
    ]


def test_ids_across_generations(tmp_path: Path) -> None:
    """Ids are remembered in two generations of a window each: repeats less than a window
    apart are caught whichever generation the first one is in; further apart they are new."""
    start = datetime(2026, 4, 1, tzinfo=UTC)
    lines: list[object] = minutes_after(start, range(0, 6 * 24 * 60, 30))
    for hour in range(0, 96, 5):  # pairs 23 hours apart (repeats) and 25 hours apart (new)
        first = start + timedelta(hours=hour, minutes=1)
        for gap, name in ((23, "r"), (25, "n")):
            line = ev(first.isoformat(), "ticket.progress", ticket="x", id=f"{name}{hour}")
            again = ev((first + timedelta(hours=gap)).isoformat(), "ticket.progress", ticket="x")
            lines += [line, {**again, "id": f"{name}{hour}"}]
    lines.sort(key=lambda line: str(line["at"]))  # type: ignore[index]
    path = write(tmp_path / "e.jsonl", lines)
    stream, events = read_all([path], reorder_window=timedelta(days=1))
    assert (stream.duplicates, stream.rejected) == (0, 20)  # `at` differs: different content
    assert {r.reason.split(" with ")[0].split()[1] for r in stream.rejections} == {
        f"'r{hour}'" for hour in range(0, 96, 5)
    }
    assert [(e.file, e.line) for e in events] == oracle([path], timedelta(days=1))


# --- values ---------------------------------------------------------------------------------


MEASUREMENT = '{"at": "2026-04-01T10:00:00Z", "type": "measurement", "metric": "m", "value": '


def decode_one(line: str, **options: object) -> Event | Rejection:
    items = list(decode_jsonl([line.encode()], "f", **options))  # type: ignore[arg-type]
    assert len(items) == 1
    return items[0]


@pytest.mark.parametrize(
    "written",
    [
        "0.6",
        "0.60",
        "1",
        "1.0",
        "6e-1",
        "1E+2",
        "0.1000000000000000055511151231257827",
        "0.59999999999999997779553950749686919152736663818359375",
        "123456789012345678901234567890",
        "-0.0",
    ],
)
def test_numbers_are_exact(written: str) -> None:
    line = MEASUREMENT + written + "}"
    event = decode_one(line)
    assert isinstance(event, Event)
    value = event.fields["value"]
    assert isinstance(value, Decimal)
    assert str(value) == str(Decimal(written))


def test_affected_stays_exact() -> None:
    event = decode_one(
        '{"at": "2026-04-01T10:00:00Z", "type": "outage.start", "outage": "o", "affected": 0.6,'
        ' "extra": 0.30, "n": 2, "nested": {"x": 0.1}, "flag": true}'
    )
    assert isinstance(event, Event)
    assert event.fields["affected"] == Decimal("0.6") and str(event.fields["affected"]) == "0.6"
    assert str(event.fields["extra"]) == "0.30"
    assert event.fields["n"] == Decimal(2) and isinstance(event.fields["n"], Decimal)
    assert event.fields["nested"] == {"x": Decimal("0.1")}
    assert event.fields["flag"] is True


def test_local_times_with_a_zone() -> None:
    paris = ZoneInfo("Europe/Paris")
    assert parse_time("2026-04-01T10:00:00", paris) == datetime(2026, 4, 1, 8, tzinfo=UTC)
    assert parse_time("2026-01-01 10:00:00", paris) == datetime(2026, 1, 1, 9, tzinfo=UTC)
    # An offset in the text wins over the zone; `t` and `z` may be lower case.
    assert parse_time("2026-04-01T10:00:00+05:00", paris) == datetime(2026, 4, 1, 5, tzinfo=UTC)
    assert parse_time("2026-04-01t10:00:00z", None) == datetime(2026, 4, 1, 10, tzinfo=UTC)
    # 02:30 on the night clocks go back happens twice: the first one is meant.
    assert parse_time("2026-10-25T02:30:00", paris) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    # Fractions of a second are kept.
    assert parse_time("2026-04-01T10:00:00.25Z", None).microsecond == 250000


# --- properties -----------------------------------------------------------------------------

BASE = datetime(2026, 4, 1, tzinfo=UTC)
GOOD = st.builds(
    lambda minute, kind, key, affected, with_id, customer: {
        "at": (BASE + timedelta(minutes=minute)).isoformat().replace("+00:00", "Z"),
        "type": kind,
        "outage" if kind.startswith("outage") else "ticket": key,
        **({"affected": affected} if kind == "outage.start" else {}),
        **({"id": f"e{minute}-{key}"} if with_id else {}),
        **({"customer": customer} if customer else {}),
    },
    st.integers(0, 60 * 24 * 20),
    st.sampled_from(["outage.start", "outage.end", "ticket.opened", "ticket.progress"]),
    st.sampled_from(["x1", "x2", "x3"]),
    st.decimals(0, 1, places=3).map(float),
    st.booleans(),
    st.sampled_from([None, None, "c1", "c2"]),  # ids are compared within a customer
)
BAD = st.sampled_from(
    [
        "{",
        "[]",
        '{"type": "outage.end", "outage": "o"}',
        '{"at": "2026-04-02T00:00:00", "type": "outage.end", "outage": "o"}',
        '{"at": "2026-04-02T00:00:00Z", "type": "outage.ended", "outage": "o"}',
        '{"at": "2026-04-02T00:00:00Z", "type": "outage.start", "outage": "o", "affected": 2}',
        "",
        "   ",
    ]
)


@st.composite
def streams(draw: st.DrawFn) -> list[list[str]]:
    """One to three sources of good lines (some repeated, some altered) and bad lines."""
    sources = []
    for _ in range(draw(st.integers(1, 3))):
        good = sorted(draw(st.lists(GOOD, max_size=30)), key=lambda line: str(line["at"]))
        lines: list[str] = []
        for line in good:
            lines.append(json.dumps(line))
            if draw(st.integers(0, 9)) == 0:  # an exact repeat, maybe reordered
                lines.append(json.dumps(dict(reversed(line.items()))))
            if "id" in line and draw(st.integers(0, 9)) == 0:  # same id, other content
                lines.append(json.dumps({**line, "type": "ticket.resolved", "ticket": "z"}))
            if "id" in line and draw(st.integers(0, 9)) == 0:  # same id, another customer
                other = "c2" if line.get("customer") == "c1" else "c1"
                lines.append(json.dumps({**line, "customer": other}))
            if draw(st.integers(0, 9)) == 0:
                lines.append(draw(BAD))
        # Perturb the order: swap some neighbours, move a few lines far back.
        for _ in range(draw(st.integers(0, len(lines)))):
            i = draw(st.integers(0, max(len(lines) - 1, 0)))
            j = max(0, i - draw(st.sampled_from([1, 1, 2, 5, 20])))
            if lines:
                lines[i], lines[j] = lines[j], lines[i]
        sources.append(lines)
    return sources


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(streams(), st.sampled_from([0, 1, 24, 24 * 7]))
def test_tallies_balance_and_order_holds(sources: list[list[str]], window_hours: int) -> None:
    window = timedelta(hours=window_hours)
    with _files(sources) as paths:
        stream, events = read_all(paths, reorder_window=window)
        expected = oracle(paths, window)
    blank = sum(1 for lines in sources for line in lines if not line.strip())
    assert stream.read == sum(len(lines) for lines in sources) - blank
    keys = [(e.at, paths.index(e.file), e.line) for e in events]
    assert keys == sorted(keys)
    assert len(
        {(e.file, e.line) for e in events} | {(r.file, r.line) for r in stream.rejections}
    ) == (stream.accepted + stream.rejected)
    ids = [(e.customer, e.id) for e in events if e.id is not None]
    assert len(ids) == len(set(ids))
    assert [(e.file, e.line) for e in events] == expected


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(streams(), st.sampled_from([0, 1, 24, 24 * 7]), st.sampled_from([64, 300, 2048]))
def test_small_blocks_read_as_lines_do(
    sources: list[list[str]], window_hours: int, chunk: int
) -> None:
    """The same streams read in blocks of a line or a few: the block-wide fast paths (decoding,
    ordering, ids) give what the definition gives line by line."""
    window = timedelta(hours=window_hours)
    with mock.patch.object(stream_module, "_CHUNK_BYTES", chunk), _files(sources) as paths:
        _, events = read_all(paths, reorder_window=window)
        expected = oracle(paths, window)
    assert [(e.file, e.line) for e in events] == expected


def oracle(paths: list[str], window: timedelta) -> list[tuple[str, int]]:
    """What the stream should accept, from its definition, holding everything in memory."""
    kept: list[tuple[datetime, int, int, Event]] = []
    for index, path in enumerate(paths):
        latest: datetime | None = None
        with Path(path).open("rb") as handle:
            for item in decode_jsonl(handle, path):
                if isinstance(item, Rejection) or (latest and item.at < latest - window):
                    continue  # not valid, or later than the window allows
                latest = max(latest or item.at, item.at)
                kept.append((item.at, index, item.line, item))
    kept.sort(key=lambda entry: entry[:3])
    accepted: list[tuple[str, int]] = []
    first_of: dict[tuple[str | None, str], Event] = {}  # ids are scoped by customer
    for at, _, _, event in kept:
        if event.id is not None:
            key = (event.customer, event.id)
            first = first_of.get(key)
            if first is not None and first.at >= at - window:
                continue  # a duplicate, or a conflict
            first_of[key] = event
        accepted.append((event.file, event.line))
    return accepted


@contextmanager
def _files(sources: list[list[str]]) -> Iterator[list[str]]:
    """Sources written to a temporary directory for one hypothesis example."""
    with tempfile.TemporaryDirectory() as folder:
        yield [write(Path(folder) / f"s{i}.jsonl", lines) for i, lines in enumerate(sources)]


@settings(max_examples=200, deadline=None)
@given(
    st.decimals(allow_nan=False, allow_infinity=False).map(str)
    | st.from_regex(
        re.compile(r"-?(0|[1-9]\d{0,20})(\.\d{1,25})?([eE][+-]?\d{1,3})?"), fullmatch=True
    )
    | st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["value", "affected", "count", "other"]),
)
def test_numbers_are_read_from_their_text(text: str, field: str) -> None:
    if not re.fullmatch(r"-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?", text):
        return  # Decimal's spelling of some numbers (1E+2, sNaN) is not JSON
    line = (
        f'{{"at": "2026-04-01T10:00:00Z", "type": "measurement", "metric": "m", "value": 1,'
        f' "{field}": {text}}}'
    )
    try:
        orjson.loads(line)
    except orjson.JSONDecodeError:
        return  # too large for a double: orjson refuses it as JSON
    item = decode_one(line)
    number = Decimal(text)
    if isinstance(item, Rejection):
        assert field in ("affected", "count"), item.reason
        return
    value = item.fields[field]
    assert isinstance(value, Decimal) and value == number
    if not re.fullmatch(r"-?\d+", text):  # an integer is read as int: -0 is 0
        assert str(value) == str(number)


SAME_OR_NOT = st.fixed_dictionaries(
    {
        "at": st.sampled_from(
            ["2026-04-01T10:00:00Z", "2026-04-01T12:00:00+02:00", "2026-04-01T10:30:00Z"]
        ),
        "type": st.sampled_from(["outage.start", "outage.update", "measurement"]),
        "outage": st.just("o1"),
        "metric": st.just("mos"),
    },
    optional={
        "id": st.sampled_from(["e1", "e2"]),
        "customer": st.sampled_from(["c1", "c2"]),
        "affected": st.sampled_from([0.5, 0.50, 1, 0.25]),
        "cause": st.sampled_from(["provider", "customer"]),
        "value": st.sampled_from([4, 4.0, 4.5]),
        "count": st.sampled_from([1, 2.0]),
        "note": st.sampled_from(["x", 1, None]),
    },
)


@settings(max_examples=300, deadline=None)
@given(SAME_OR_NOT, SAME_OR_NOT)
def test_same_content_is_same_at_type_and_fields(
    one: dict[str, object], two: dict[str, object]
) -> None:
    """`same_content` (compared field by field) says what its definition says."""
    if one["type"] == "measurement":
        one.setdefault("value", 4)
    if two["type"] == "measurement":
        two.setdefault("value", 4)
    first, second = decode_one(json.dumps(one)), decode_one(json.dumps(two))
    if isinstance(first, Rejection) or isinstance(second, Rejection):
        return
    for a, b in ((first, second), (first, first), (second, first)):
        assert a.same_content(b) == (a.at == b.at and a.type == b.type and a.fields == b.fields)
    again = decode_one(json.dumps(dict(reversed(one.items()))))
    assert isinstance(again, Event) and first.same_content(again)


def test_lines_are_counted_not_blank(tmp_path: Path) -> None:
    lines = ["", "  ", "{", "", json.dumps(ev("2026-04-01T00:00:00Z", "x"))]
    stream, _ = read_all([write(tmp_path / "e.jsonl", lines)])
    assert [(r.line, r.reason[:14]) for r in stream.rejections] == [
        (3, "not valid JSON"),
        (5, "unknown type '"),
    ]
    assert stream.read == 2


def test_csv_rows_and_detection(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text(
        '\ufeffat,type,ticket,note\n2026-04-01T10:00:00Z,ticket.opened,t1,"two\nlines"\n'
        "2026-04-01T11:00:00Z,ticket.progress,t1,\n",
        encoding="utf-8",
    )
    stream, events = read_all([str(path)])
    assert [(e.line, e.fields) for e in events] == [
        (2, {"ticket": "t1", "note": "two\nlines"}),
        (4, {"ticket": "t1"}),
    ]
    assert looks_like_csv(b"at,type,outage\n") and looks_like_csv(b" type , at \r\n")
    assert not looks_like_csv(b'{"at": "2026-04-01T10:00:00Z"}\n')
    assert not looks_like_csv(b"time,type,outage\n")  # no `at` column: read as JSON Lines
    other = tmp_path / "e.txt"
    other.write_text("time,type\n2026-04-01T10:00:00Z,ticket.opened\n", encoding="utf-8")
    stream, _ = read_all([str(other)])
    assert [r.reason for r in stream.rejections] == [
        "read as JSON Lines (the name does not end in .csv, and this first line names no `at` "
        "column), but this line looks like a CSV header: name its time column `at`",
        "not valid JSON: unexpected content after document (column 5); the file is read as JSON "
        "Lines: see line 1",
    ]


# --- format detection: reasons that say which format was assumed ---------------------------


@pytest.mark.parametrize(
    ("first", "said"),
    [
        ("time,type,ticket", "looks like a CSV header: name its time column `at`"),
        ("time;type;ticket", "looks like a CSV header: name its time column `at`"),
        ("@timestamp\ttype\tticket", "looks like a CSV header: name its time column `at`"),
        ("2026-04-01T09:00:00Z,ticket.opened,t0", "looks like a CSV row with no header row"),
        ("not json at all", None),  # one cell: no CSV in sight
        ("a,,b", None),  # an empty cell: not a header
        ("1,2", None),
    ],
)
def test_a_first_line_that_is_csv_read_as_json_lines_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first: str, said: str | None
) -> None:
    """A first line that is neither JSON nor a CSV header with `at`: the file is read as JSON
    Lines, and the reasons say why and what the line looks like instead; blank lines before it
    keep the numbers right, and only the lines that are not JSON point to it."""
    good = json.dumps(ev("2026-04-01T10:00:00Z", "ticket.opened", ticket="t1"))
    text = f"\n{first}\n{good}\nx,y\n[]\n"
    path = tmp_path / "events.log"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    for source in (str(path), "-"):
        stream, events = read_all([source])
        assert [e.line for e in events] == [3]
        reasons = [(r.line, r.reason) for r in stream.rejections]
        assert [line for line, _ in reasons] == [2, 4, 5]
        assert reasons[2][1] == "not a JSON object: an array"
        if said is None:
            assert reasons[0][1].startswith("not valid JSON: ")
            assert "see line" not in reasons[1][1]
        else:
            assert reasons[0][1].startswith(
                "read as JSON Lines (the name does not end in .csv, and this first line names no "
                "`at` column), but this line "
            )
            assert said in reasons[0][1]
            assert reasons[1][1].startswith("not valid JSON: ")
            assert reasons[1][1].endswith("; the file is read as JSON Lines: see line 2")


def test_json_lines_named_csv_is_rejected_saying_so(tmp_path: Path) -> None:
    """A file named .csv is read as CSV; if its first line is JSON, every line is rejected with
    that reason (was: "not valid CSV: text after the closing quote" on every line). The same
    lines under another name are read as JSON Lines."""
    lines = [ev("2026-04-01T10:00:00Z", "ticket.opened", ticket="t1"), "", "[1]", "{"]
    path = write(tmp_path / "events.CSV", lines)
    stream, _ = read_all([path])
    reason = (
        "read as CSV (the name ends in .csv), but line 1 is JSON, not a CSV header: give a JSON "
        "Lines file a name that does not end in .csv (events.jsonl)"
    )
    assert [(r.line, r.reason) for r in stream.rejections] == [
        (1, reason),
        (3, reason),
        (4, reason),
    ]
    assert counts(stream) == {"read": 3, "accepted": 0, "duplicates": 0, "rejected": 3}
    stream, events = read_all([write(tmp_path / "events.jsonl", lines)])
    assert [e.line for e in events] == [1] and stream.rejected == 2


# --- encodings ------------------------------------------------------------------------------

UNICODE_TEXT = "at\ttype\toutage\r\n2026-04-10T10:00:00Z\toutage.start\to1\r\n"  # Excel's


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (UNICODE_TEXT.encode("utf-16"), "UTF-16"),  # Excel's "Unicode text": little-endian
        (b"\xfe\xff" + UNICODE_TEXT.encode("utf-16-be"), "UTF-16"),
        (UNICODE_TEXT.encode("utf-32"), "UTF-32"),
        (b"\x00\x00\xfe\xff" + UNICODE_TEXT.encode("utf-32-be"), "UTF-32"),
        (b"\xff\xfe" + json.dumps(ev("2026-04-10T10:00:00Z", "x")).encode("utf-16-le"), "UTF-16"),
    ],
    ids=["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "json-lines-utf-16"],
)
def test_a_source_in_utf16_or_utf32_is_refused_naming_its_encoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes, encoding: str
) -> None:
    """Was: every line rejected for a byte 0xff or a carriage return, and one line more than the
    file has. Now the source cannot be read, as one that cannot be opened (exit status 2)."""
    path = tmp_path / "export.txt"
    path.write_bytes(data)
    why = (
        f"the file is {encoding} text (it starts with a {encoding} byte-order mark): save it as "
        'UTF-8 (Excel: "CSV UTF-8")'
    )
    good = write(tmp_path / "good.jsonl", [ev("2026-04-10T09:00:00Z", "ticket.opened", ticket="a")])
    for sources in ([str(path)], [good, str(path)]):
        with pytest.raises(SourceError) as raised:
            list(EventStream(sources))
        assert str(raised.value) == f"cannot read events from {path}: {why}"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    with pytest.raises(SourceError, match=f"cannot read events from {STDIN}: the file is"):
        list(EventStream(["-"]))
    contract = ROOT / "contracts" / "voip.sla"
    result = CliRunner().invoke(
        main, ["eval", str(contract), str(path), "--param", "monthly_fee=1"]
    )
    assert result.exit_code == 2
    assert f"Error: cannot read events from {path}: {why}" in result.output
    assert result.stdout == ""


def test_a_utf8_byte_order_mark_is_still_read(tmp_path: Path) -> None:
    """Only UTF-16 and UTF-32 marks refuse a source: UTF-8's is skipped, in either format."""
    line = json.dumps(ev("2026-04-10T10:00:00Z", "ticket.opened", ticket="t1"))
    jsonl, csv_file = tmp_path / "e.jsonl", tmp_path / "e.csv"
    jsonl.write_bytes(b"\xef\xbb\xbf" + line.encode() + b"\n")
    csv_file.write_bytes(b"\xef\xbb\xbfat,type,ticket\n2026-04-10T10:00:00Z,ticket.opened,t1\n")
    for path in (jsonl, csv_file):
        stream, events = read_all([str(path)])
        assert stream.rejected == 0 and [e.fields for e in events] == [{"ticket": "t1"}]


# --- CSV cells ------------------------------------------------------------------------------


def test_csv_cells_are_trimmed_and_quoted_cells_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Spaces around a cell are dropped in every row as in the header (was: "unknown type
    ' outage.start'", "`at` is not an RFC 3339 timestamp: ' 2026-...'"); a quoted cell keeps
    the spaces inside its quotes; a cell of spaces is empty, so absent."""
    monkeypatch.chdir(ROOT)
    stream, events = read_all(["tests/events/20-csv-spaces.csv"])
    assert [(e.line, e.type, e.fields) for e in events] == [
        (2, "outage.start", {"service": "voip", "outage": "o1", "affected": Decimal("0.5"),
                             "note": "  spaced, kept  "}),
        (3, "outage.update", {"service": "voip", "outage": "o1", "affected": Decimal(1)}),
        (4, "outage.end", {"service": "voip", "outage": "o1", "note": " "}),
    ]  # fmt: skip
    assert [r.line for r in stream.rejections] == [5]  # a space after a closing quote


NOTE = st.text(alphabet=' ,"ab\t\n\r', max_size=8)


@settings(max_examples=300, deadline=None)
@given(NOTE, st.booleans(), st.integers(0, 2), st.integers(0, 2))
def test_a_csv_cell_reads_as_written(note: str, quote: bool, before: int, after: int) -> None:
    """Any text, quoted (as csv writes it, spaces before the quote) or not (where it can be:
    no separator, quote, or line ending, spaces both sides), reads back as written, without the
    spaces around it unless quoted; the cells around it too."""
    if quote:
        cell = " " * before + '"' + note.replace('"', '""') + '"'
        expected = note
    elif any(c in note for c in ',"\r\n'):
        return
    else:
        cell = " " * before + note + " " * after
        expected = note.strip()
    pad = " " * before
    text = f"at,{pad}type ,note,{pad}ticket\n2026-04-01T10:00:00Z ,{pad}ticket.opened,{cell},t1\n"
    items = list(decode_csv(io.BytesIO(text.encode()), "f"))  # split at LF only, as files
    assert len(items) == 1 and isinstance(items[0], Event), items
    fields = items[0].fields
    assert fields.pop("ticket") == "t1"
    assert fields == ({"note": expected} if expected else {})


def test_csv_cells_as_long_as_json_lines(tmp_path: Path) -> None:
    """A CSV cell may be as long as CSV_CELL_LIMIT (16 MiB) characters (was: 131,072, though the
    same line in JSON Lines was read); a longer one rejects its row. A JSON line has no limit of
    its own."""
    assert CSV_CELL_LIMIT == 16 * 1024 * 1024
    header = "at,type,ticket,description\n"
    row = "2026-04-06T09:00:00Z,ticket.opened,t{n},{text}\n"
    path = tmp_path / "e.csv"
    texts = ["lorem, ipsum" * 20_000, "x" * CSV_CELL_LIMIT, "y" * (CSV_CELL_LIMIT + 1)]
    rows = [
        row.format(n=n, text=f'"{text}"' if "," in text else text) for n, text in enumerate(texts)
    ]
    path.write_text(header + "".join(rows), encoding="utf-8")
    stream, events = read_all([str(path)])
    assert [(e.line, len(str(e.fields["description"]))) for e in events] == [
        (2, 240_000),
        (3, CSV_CELL_LIMIT),
    ]
    assert [(r.line, r.reason) for r in stream.rejections] == [
        (4, "not valid CSV: a cell is longer than 16,777,216 characters")
    ]
    jsonl = write(
        tmp_path / "e.jsonl",
        [ev("2026-04-06T09:00:00Z", "ticket.opened", ticket="t2", description=texts[2])],
    )
    stream, events = read_all([jsonl])
    assert stream.rejected == 0 and len(str(events[0].fields["description"])) == CSV_CELL_LIMIT + 1
