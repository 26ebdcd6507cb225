"""Decoding event lines, JSON Lines or CSV, into Events and Rejections in the order read.

Input: one source as blocks of whole lines (bytes, line endings kept), the name to report it
under, and the default zone for timestamps without an offset.
Output: per block, its events and its rejections, each in line order. Blank lines are skipped
and yield neither (they are not "read"); line numbers still count them, from 1.

Format: `decode_chunks` takes a source as CSV when told so (the caller does for names ending in
`.csv`) or when its first non-blank line is not JSON (does not start with `{` or `[`) and, read
as a CSV row, has an `at` column (cells separated by `,`, or by `;` or tabs, which the CSV reader
then refuses with a reason that says so). Otherwise it is JSON Lines. Where the first line does
not look like the format chosen, the reasons say which format was assumed and why: a source told
to be CSV whose first line is JSON has every line rejected so (`_NAMED_CSV`); a JSON Lines source
whose first line is a CSV row without an `at` column has that line rejected so (`_csv_hint`),
and its other lines that are not JSON point to it. `foreign_encoding` names the encoding of a
source that starts with a UTF-16 or UTF-32 byte-order mark (the caller refuses it whole).

JSON Lines, fastest first:
1. A block whose lines are each one JSON object is decoded at once by the typed decoder, in C:
   the block made one JSON array, a comma after each line ending (`_as_array`, `ARRAY_DECODER`;
   `_whole` says why an event per line proves each line is one object). Its events' last checks
   (`_SETTLE`) are made in bulk where that is cheaper (`_unsettled`: times in UTC, measurements),
   one by one for the rest.
2. Otherwise its lines are decoded one by one by the typed decoder (`_one_by_one`).
3. A line either refuses (wrong names or types, a naive or out-of-range time, a number out of
   range: `_SETTLE`) goes to `_slow_line`: orjson or the stdlib, then `model.make_event`, the
   exhaustive validation that accepts it (a naive time with `--tz`) or gives the reason.
   So does any line of a block in which a key may begin with `@` (`"@` or `"\\u0040`): the
   typed decoder would take `@file`, `@line` and `@extra` for the reader's own fields, where
   the slow path keeps them as the line's other fields.

Numbers: a JSON number must become the Decimal of exactly its written text (`0.60` stays `0.60`):
the typed decoder makes fractions Decimals from their text (`float_hook`); on the slow path, a
line with a `.` and no `\\u` escape is read by the stdlib scanner (`parse_float=Decimal`), every
other line by orjson, whose integers are exact; the rare float orjson still returns (`1e5`) sends
the line back to the stdlib (`Inexact`). orjson validates strictly (RFC 8259, UTF-8) and its
errors give the reasons. What the stdlib reads but orjson refuses is read leniently: `NaN` and
`Infinity` (so the reason names the field: "`value` must be a finite number") and numbers
beyond a double's range (integers too, as Decimals, whatever their length). A line nested too
deeply for either reader (about a thousand levels) is rejected as such (`_TOO_DEEP`).
"""

from __future__ import annotations

import csv
import itertools
import json
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, tzinfo
from decimal import Decimal
from itertools import repeat
from typing import Any

import msgspec
import orjson

from sladsl.events.model import (
    CSV_TEXT,
    EXACT_JSON,
    FAST_JSON,
    FIRST_YEAR,
    LAST_YEAR,
    Inexact,
    Invalid,
    Rejection,
    make_event,
)
from sladsl.events.records import (
    ARRAY_DECODER,
    FAST_DECODER,
    ClaimSubmitted,
    Event,
    MaintenanceAnnounced,
    Measurement,
    OutageStart,
    OutageUpdate,
)

__all__ = [
    "CSV_CELL_LIMIT",
    "decode_chunks",
    "decode_csv",
    "decode_jsonl",
    "decode_jsonl_lines",
    "foreign_encoding",
    "looks_like_csv",
]

_BOM = b"\xef\xbb\xbf"
# Byte-order marks of the encodings a source may not be in (UTF-32's before UTF-16's: the
# little-endian one begins with UTF-16's).
_FOREIGN_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
# The longest CSV cell read, in characters (16 MiB); a longer one rejects its row. (A JSON line
# has no limit of its own.) The csv module's limit is one for the process: `decode_csv` sets it.
CSV_CELL_LIMIT = 16 * 1024 * 1024
# Integers as Decimals too: exact, and with no limit on their digits (`int` refuses 4,300).
_STDLIB = json.JSONDecoder(parse_float=Decimal, parse_constant=Decimal, parse_int=Decimal)
_TOO_DEEP = "arrays or objects nested too deeply to read (an event needs no nesting)"
# A key beginning with `@` (as the reader's own fields are named for msgspec: `@file`...).
_AT_KEY, _AT_KEY_ESCAPED = b'"@', b'"\\u0040'

# The decoder's scanner without `decode`'s checks around it (a third faster on a short line).
_SCAN: Callable[[str, int], tuple[object, int]] = _STDLIB.scan_once  # type: ignore[attr-defined]


def decode_chunks(
    blocks: Iterable[bytes], file: str, zone: tzinfo | None = None, *, as_csv: bool | None
) -> Iterator[tuple[list[Event], list[Rejection]]]:
    """Decode one source given as blocks of whole lines: its events and rejections, block by
    block. (A block ends with a line ending, but the source's last block may not.)

    `as_csv=None` decides the format from the first non-blank line. `as_csv=True` (the name
    ends in `.csv`) with a first line that is JSON rejects every line, saying why."""
    rest = iter(blocks)
    head: list[bytes] = []
    first: bytes | None = None  # the first non-blank line
    first_number = 0  # and its number
    for block in rest:
        head.append(block)
        split = split_lines(block)
        index = next((i for i, line in enumerate(split) if line.strip()), None)
        if index is not None:
            first, first_number = split[index], first_number + index + 1
            break
        first_number += len(split)
    everything = itertools.chain(head, rest)
    if as_csv is None:
        as_csv = first is not None and looks_like_csv(first)
    elif as_csv and first is not None and _looks_like_json(first):
        yield from _every_line_rejected(everything, file, _NAMED_CSV.format(line=first_number))
        return
    if as_csv:
        lines = itertools.chain.from_iterable(map(split_lines, everything))
        items = decode_csv(lines, file, zone)
        while batch := list(itertools.islice(items, _CHUNK_LINES)):
            events = [item for item in batch if isinstance(item, Event)]
            yield events, [item for item in batch if isinstance(item, Rejection)]
        return
    hint = None if first is None else _csv_hint(first)
    number = 1
    for block in everything:
        array, count = _as_array(block)
        events, rejections = _decode_block(block, count, file, zone, number, array=array)
        if hint is not None and rejections:
            rejections = [_hinted(rejection, first_number, hint) for rejection in rejections]
        yield events, rejections
        number += count


def foreign_encoding(data: bytes) -> str | None:
    """The encoding a source is in when its first bytes are a UTF-16 or UTF-32 byte-order mark
    (`UTF-16`, `UTF-32`), else None: events are read as UTF-8 only."""
    return next((name for bom, name in _FOREIGN_BOMS if data.startswith(bom)), None)


def _looks_like_json(first: bytes) -> bool:
    """True when a first non-blank line starts as JSON does (`{` or `[`): not a CSV header."""
    return first.removeprefix(_BOM).lstrip()[:1] in (b"{", b"[")


_NAMED_CSV = (
    "read as CSV (the name ends in .csv), but line {line} is JSON, not a CSV header: give a "
    "JSON Lines file a name that does not end in .csv (events.jsonl)"
)


def _every_line_rejected(
    blocks: Iterable[bytes], file: str, reason: str
) -> Iterator[tuple[list[Event], list[Rejection]]]:
    """Every non-blank line of the blocks rejected for the same reason."""
    number = 0
    for block in blocks:
        rejections: list[Rejection] = []
        for line in split_lines(block):
            number += 1
            if line.strip():
                rejections.append(Rejection(file, number, reason))
        yield [], rejections


def _csv_hint(first: bytes) -> str | None:
    """For the first non-blank line of a source read as JSON Lines: if it is a CSV row (two or
    more cells, none empty, separated by `,`, `;` or tabs; not JSON) that is a header (every
    cell a name) or a row of data (a cell holds a date), why the source was not read as CSV
    and what to do, else None."""
    if _looks_like_json(first):
        return None
    text = first[: 1 << 16].removeprefix(_BOM).strip().split(b"\r")[0]
    row = text.decode("utf-8", "replace")
    for separator in _SEPARATORS:
        cells = _cells(row, separator)
        if len(cells) >= 2 and all(cells):
            break
    else:
        return None
    assumed = (
        "read as JSON Lines (the name does not end in .csv, and this first line names no `at` "
        "column), but this line looks like "
    )
    if any(_DATE.match(cell) for cell in cells):
        return (
            f"{assumed}a CSV row with no header row above it: make the first line a header "
            "that names the fields (at,type,...)"
        )
    if all(_NAME.fullmatch(cell) for cell in cells):
        return f"{assumed}a CSV header: name its time column `at`"
    return None


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NAME = re.compile(r"@?[^\W\d][\w .@-]*")  # a name: a letter or `_` first (`@timestamp` too)


def _hinted(rejection: Rejection, first: int, hint: str) -> Rejection:
    """A rejection of a source read as JSON Lines whose first line (number `first`) looked like
    CSV: that line's reason is the hint; the other lines that are not JSON point to it."""
    if not rejection.reason.startswith("not valid JSON"):
        return rejection
    if rejection.line == first:
        return Rejection(rejection.file, rejection.line, hint)
    reason = f"{rejection.reason}; the file is read as JSON Lines: see line {first}"
    return Rejection(rejection.file, rejection.line, reason)


def split_lines(block: bytes) -> list[bytes]:
    """A block's lines, each with its line ending, split only at `\\n` (as a file iterates)."""
    lines = [line + b"\n" for line in block.split(b"\n")]
    lines[-1] = lines[-1][:-1]
    if not lines[-1]:
        lines.pop()
    return lines


def looks_like_csv(first: bytes) -> bool:
    """True when a first non-blank line is a CSV header naming an `at` column, not JSON: cells
    separated by `,` (or `;` or tabs, which `decode_csv` refuses with the reason). Only the line's
    first 64 KiB, up to a carriage return (where a file whose lines end with CR alone would end
    its first line), are looked at; what the CSV reader cannot read is not a header."""
    text = first[: 1 << 16].removeprefix(_BOM).strip().split(b"\r")[0]
    if not text or text[:1] in (b"{", b"["):
        return False
    header = text.decode("utf-8", "replace")
    return any("at" in _cells(header, separator) for separator in _SEPARATORS)


_SEPARATORS = (",", ";", "\t")


def _cells(row: str, separator: str) -> list[str]:
    """The stripped cells of one CSV row separated by `separator` (none if it cannot be read)."""
    try:
        cells = next(csv.reader([row], delimiter=separator), [])
    except csv.Error:
        return []
    return [cell.strip() for cell in cells]


def decode_jsonl(
    lines: Iterable[bytes], file: str, zone: tzinfo | None = None
) -> Iterator[Event | Rejection]:
    """JSON Lines: one object per line, events and rejections in line order."""
    number = 1
    rest = iter(lines)
    while chunk := list(itertools.islice(rest, _CHUNK_LINES)):
        events, rejections = decode_jsonl_lines(chunk, file, zone, number)
        number += len(chunk)
        merged: list[Event | Rejection] = [*events, *rejections]
        if rejections:
            merged.sort(key=_line_of)
        yield from merged


_CHUNK_LINES = 1024


def _line_of(item: Event | Rejection) -> int:
    return item.line


def decode_jsonl_lines(
    lines: Sequence[bytes], file: str, zone: tzinfo | None, first: int
) -> tuple[list[Event], list[Rejection]]:
    """Some consecutive lines of a JSON Lines source, the first of them numbered `first`.

    Returns the events and the rejections, each in line order (blank lines give neither).
    This is the reader's hot loop: the typed decoder (`FAST_DECODER`) and the last checks of
    `_SETTLE`; whatever they refuse goes to `_slow_line`. Lines that are each one JSON object
    (the usual case) are decoded all at once (`_whole`); otherwise, or if any line is refused,
    one by one.
    """
    if not lines:
        return [], []
    return _decode_block(b"".join(lines), len(lines), file, zone, first, lines)


def _decode_block(
    block: bytes,
    count: int,
    file: str,
    zone: tzinfo | None,
    first: int,
    lines: Sequence[bytes] | None = None,
    array: bytearray | None = None,
) -> tuple[list[Event], list[Rejection]]:
    """`count` lines joined in one block (the lines themselves too, if the caller has them, and
    the block as `_as_array` makes it, if the caller made it)."""
    if _maybe_at_key(block):  # rare
        lines = split_lines(block) if lines is None else lines
        return _one_by_one(lines, file, zone, first, at_keys=True)
    whole = _whole(block, count, file, zone, first, lines, array)
    if whole is not None:
        return whole
    return _one_by_one(split_lines(block) if lines is None else lines, file, zone, first)


def _maybe_at_key(data: bytes) -> bool:
    """True if a key in `data` may begin with `@` (`"@`, or `"\\u0040` escaped). The rare
    bytes `@` and `\\` are looked for first: one byte is found at memchr speed, where a
    search for `"@` stops at every `"`."""
    return (data.find(b"@") >= 0 and data.find(_AT_KEY) >= 0) or (
        data.find(b"\\") >= 0 and data.find(_AT_KEY_ESCAPED) >= 0
    )


def _as_array(block: bytes) -> tuple[bytearray, int]:
    """The block as one JSON array, a `,` put after each line ending but the last; and how many
    lines the block has (from the lengths: `replace` runs at memchr speed, `count` does not).
    Two copies of the block: `replace`, then into the array, whose last `,` becomes the `]`."""
    array = bytearray(b"[")
    array += block.replace(b"\n", b"\n,")
    if block.endswith(b"\n"):
        array[-1] = 0x5D  # `]`
    else:
        array.append(0x5D)
    return array, len(array) - len(block) - 1


def _one_by_one(
    lines: Sequence[bytes], file: str, zone: tzinfo | None, first: int, *, at_keys: bool = False
) -> tuple[list[Event], list[Rejection]]:
    """Line by line; with `at_keys`, a line in which a key may begin with `@` goes straight to
    the slow path."""
    events: list[Event] = []
    rejections: list[Rejection] = []
    put = events.append
    fast = FAST_DECODER.decode
    refused = (msgspec.MsgspecError, UnicodeDecodeError)
    utc = UTC
    settle = _SETTLE.get
    number = first - 1
    for raw in lines:
        number += 1
        try:
            if at_keys and _maybe_at_key(raw):
                raise msgspec.DecodeError  # to the slow path
            event = fast(raw)
        except refused:
            pass
        else:
            if event.at.tzinfo is utc or _to_utc(event):
                check = settle(type(event))
                if check is None or check(event):
                    event.file = file
                    event.line = number
                    put(event)
                    continue
        item = _slow_line(raw, file, number, zone)
        if item is None:
            continue
        if type(item) is Rejection:
            rejections.append(item)
        else:
            put(item)  # type: ignore[arg-type]
    return events, rejections


def _whole(
    block: bytes,
    count: int,
    file: str,
    zone: tzinfo | None,
    first: int,
    lines: Sequence[bytes] | None,
    array: bytearray | None,
) -> tuple[list[Event], list[Rejection]] | None:
    """Every line of the block at once, in C, when each line is one JSON object; else None.

    The block is decoded as one JSON array (`_as_array`: a comma after each line ending). If
    that gives an event per line, each line is exactly one object: a comma put in anywhere
    inside a value would be an error (after `{`, `[`, `:`, `,` or a key, or before `}` or `]`),
    and a line ending cannot be inside a string (a raw control character is an error), so each
    comma put in is one between two values of the array, and as there are as many values as
    lines, no line holds two (`{..},{..}`) nor none. Events the last checks refuse (and their
    lines only) go to `_slow_line`.
    """
    if array is None:
        array, lines_in_array = _as_array(block)
        if lines_in_array != count:
            return None
    try:
        events: list[Event | None] = ARRAY_DECODER.decode(array)  # type: ignore[assignment]
    except _REFUSED:
        return None
    if len(events) != count:
        return None
    decoded: list[Event] = events  # type: ignore[assignment]  # no None in it yet
    _consume(map(_SET, decoded, repeat("line"), range(first, first + count)))
    _consume(map(_SET, decoded, repeat("file"), repeat(file, count)))
    odd = _unsettled(decoded)
    if not odd:
        return decoded, []
    rejections: list[Rejection] = []
    i = 0
    for event in odd:
        if event.at.tzinfo is UTC or _to_utc(event):
            check = _SETTLE.get(type(event))
            if check is None or check(event):
                continue
        i = next(j for j in range(i, count) if events[j] is event)
        if lines is None:
            lines = split_lines(block)
        item = _slow_line(lines[i], file, first + i, zone)
        if isinstance(item, Rejection):
            rejections.append(item)
            events[i] = None
        elif item is not None:
            events[i] = item
    if rejections:
        return [event for event in events if event is not None], rejections
    return decoded, rejections


_REFUSED = (msgspec.MsgspecError, UnicodeDecodeError)


def _slow_line(raw: bytes, file: str, number: int, zone: tzinfo | None) -> Event | Rejection | None:
    """One line the fast path refused: its event, the reason it is rejected, or None if blank."""
    obj: object = None
    source = FAST_JSON
    # A decimal number, probably: read it exactly. (`find`, as `in` on bytes first tries its
    # operand as an integer and formats a TypeError: ten times slower.)
    if raw.find(b".") >= 0 and raw.find(b"\\u") < 0:
        try:
            text = raw.decode()
            obj, end = _SCAN(text, 0)
            if end == len(text) or text[end:].isspace():
                source = EXACT_JSON
        except (ValueError, StopIteration, RecursionError):  # orjson will say why, or read it
            pass
    if source == FAST_JSON:
        try:
            obj = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            stripped = raw.strip().removeprefix(_BOM).strip()
            if not stripped:
                return None
            obj, source = _lenient(stripped)
            if source < 0:
                return Rejection(file, number, _json_error(raw, exc))
            raw = stripped
    if type(obj) is not dict:
        return Rejection(file, number, f"not a JSON object: {_json_kind(obj)}")
    try:
        return make_event(obj, file, number, zone, source)
    except Invalid as exc:
        return Rejection(file, number, exc.reason)
    except Inexact:
        try:
            obj = _STDLIB.decode(raw.decode())
        except RecursionError:  # orjson reads deeper than the stdlib's scanner
            return Rejection(file, number, _TOO_DEEP)
        assert isinstance(obj, dict)
        try:
            return make_event(obj, file, number, zone, EXACT_JSON)
        except Invalid as exc:
            return Rejection(file, number, exc.reason)


# --- the fast path's last checks ------------------------------------------------------------
# The typed decoder has checked names, required fields and types; what is left is Python's:
# times in UTC, number ranges, and the rules that span fields. A check returning False sends
# the line to the slow path, which accepts it (a naive time with --tz) or says why not.

_PERIOD = re.compile(r"[0-9]{4}(?:-(?:0[1-9]|1[0-2])|-Q[1-4])?")
_YEARS = f"{FIRST_YEAR:04}", f"{LAST_YEAR:04}"  # a period's year, compared as text
_ZERO, _ONE = Decimal(0), Decimal(1)
_INT_DECIMAL = Decimal.from_float  # exact for an int, and three times faster than Decimal(int)


def _to_utc(event: Event) -> bool:
    """`at` with an offset, moved to UTC; False for a naive time (or one out of range)."""
    if event.at.tzinfo is None:
        return False
    try:
        event.at = event.at.astimezone(UTC)
    except OverflowError:
        return False
    return True


def _fraction(value: object) -> Decimal | None:
    kind = type(value)
    if kind is int:
        value = _INT_DECIMAL(value)  # type: ignore[arg-type]
    elif kind is not Decimal:
        return None
    assert isinstance(value, Decimal)
    return value if value.is_finite() and _ZERO <= value <= _ONE else None


def _outage(event: Event) -> bool:
    assert isinstance(event, OutageStart | OutageUpdate)
    if event.affected is not None:
        affected = _fraction(event.affected)
        if affected is None:
            return False
        event.affected = affected
    elif event.cause is None and isinstance(event, OutageUpdate):
        return False
    return True


def _measurement(event: Event) -> bool:
    assert isinstance(event, Measurement)
    value: object = event.value
    kind = type(value)
    if kind is int:
        event.value = _INT_DECIMAL(value)  # type: ignore[arg-type]
    elif kind is not Decimal or not value.is_finite():  # type: ignore[attr-defined]
        return False
    count: object = event.count
    if count is not None:
        kind = type(count)
        if kind is int:
            count = event.count = _INT_DECIMAL(count)  # type: ignore[arg-type]
        elif kind is not Decimal or not count.is_finite():  # type: ignore[attr-defined]
            return False
        if count <= _ZERO:  # type: ignore[operator]
            return False
    return True


def _window(event: Event) -> bool:
    assert isinstance(event, MaintenanceAnnounced)
    start, end = event.start, event.end
    if start.tzinfo is None or end.tzinfo is None:
        return False
    try:
        event.start, event.end = start.astimezone(UTC), end.astimezone(UTC)
    except OverflowError:
        return False
    return event.start < event.end


def _claim(event: Event) -> bool:
    assert isinstance(event, ClaimSubmitted)
    period = event.period
    return _PERIOD.fullmatch(period) is not None and _YEARS[0] <= period[:4] <= _YEARS[1]


_SETTLE: dict[type[Event], Callable[[Event], bool]] = {
    OutageStart: _outage,
    OutageUpdate: _outage,
    Measurement: _measurement,
    MaintenanceAnnounced: _window,
    ClaimSubmitted: _claim,
}


# The same checks for a whole block, in a few passes over it rather than a Python call per
# event: times in UTC, and measurements (a quarter of a usual stream) in bulk. The bulk check
# settles every measurement of the block, or changes nothing and leaves them all to the
# per-event checks above, as it does the rarer kinds (which give the same verdicts, and take a
# value already settled as it is).

_consume = deque[object](maxlen=0).extend  # runs an iterator of side effects in C
# `setattr` without the frozen check (events are not frozen): the reader's own fields, set on
# every event of a block.
_SET = msgspec.structs.force_setattr


def _unsettled(events: list[Event]) -> list[Event]:
    """Settle a decoded block's events in bulk; those left to the per-event checks, in block
    order: times not in UTC, the kinds but measurements (a few in a usual block), and the
    measurements too if their bulk check failed.

    A time whose zone is not the `UTC` object itself is left to `_to_utc` (msgspec gives `Z`,
    `+00:00` and `-00:00` that object, as the tests check, so that is only a real offset or a
    naive time). Comprehensions, as in Python 3.11 they read attributes faster than `map` with
    `attrgetter`."""
    odd = [event for event in events if type(event) in _SETTLE or event.at.tzinfo is not UTC]
    if not odd:
        return odd
    measurements = [event for event in odd if type(event) is Measurement]
    if measurements and _measurements(measurements):
        return [
            event for event in odd if type(event) is not Measurement or event.at.tzinfo is not UTC
        ]
    return odd


def _measurements(events: list[Measurement]) -> bool:
    """`_measurement` for many measurements at once: True if it settled them all, False if it
    changed nothing (some value is not an int or a finite Decimal, or some count not positive).
    """
    values: list[Any] = [event.value for event in events]  # as decoded: not checked yet
    kinds = set(map(type, values))
    if kinds == {Decimal}:
        if not all(map(Decimal.is_finite, values)):
            return False
    elif kinds != {int}:
        return False  # rare: a mix of ints and fractions, or a value of another type
    counted = events
    counts: list[Any] = [event.count for event in events]
    kinds = set(map(type, counts))
    if type(None) in kinds:
        kinds.discard(type(None))
        counted = [event for event in events if event.count is not None]
        counts = [event.count for event in counted]
    if kinds == {int}:
        if min(counts) <= 0:
            return False
        _consume(map(setattr, counted, repeat("count"), map(_INT_DECIMAL, counts)))
    elif kinds and (
        kinds != {Decimal} or not all(map(Decimal.is_finite, counts)) or min(counts) <= 0
    ):
        return False
    if type(values[0]) is int:
        _consume(map(setattr, events, repeat("value"), map(_INT_DECIMAL, values)))
    return True


def _lenient(text: bytes) -> tuple[object, int]:
    """A line orjson refused, read anyway where that helps; source -1 if it is not JSON.

    Two cases: a byte-order mark (removed by the caller); and what the stdlib reads but orjson
    refuses: `NaN` and `Infinity` (Python writes them; they become Decimal NaN/Infinity, so the
    field check names them) and numbers too large for a double (exact Decimals). Lines with
    `\\u` escapes are not retried, as the stdlib accepts lone surrogates.
    """
    try:
        return orjson.loads(text), FAST_JSON
    except orjson.JSONDecodeError:
        pass
    if b"\\u" not in text:
        try:
            return _STDLIB.decode(text.decode()), EXACT_JSON
        except (ValueError, RecursionError):
            pass
    return None, -1


def _json_error(raw: bytes, error: orjson.JSONDecodeError) -> str:
    """The reason for a line that is not JSON: what is wrong, and where (byte column)."""
    try:
        raw.decode()
    except UnicodeDecodeError as exc:
        return f"not valid UTF-8: byte 0x{raw[exc.start]:02x} at column {exc.start + 1}"
    if error.msg == "depth limit exceeded":
        return _TOO_DEEP
    if error.msg == "unexpected end of data":
        reason = "not valid JSON: the line ends before the JSON value is complete"
    else:
        reason = f"not valid JSON: {error.msg} (column {error.pos + 1})"
    if b"\r" in raw.rstrip(b"\r\n"):
        reason += (
            "; the line holds a carriage return (CR): if the lines end with CR alone, end them "
            "with LF or CRLF"
        )
    return reason


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"


def decode_csv(
    lines: Iterable[bytes], file: str, zone: tzinfo | None = None
) -> Iterator[Event | Rejection]:
    """CSV with a header row naming the fields; an empty cell is an absent field.

    The header is the first non-blank row (its line counts, so data starts on line 2 at the
    earliest); rows whose cells are all empty are blank. A row with more cells than the header
    has names is rejected; a shorter row leaves the missing fields absent. Numbers, `start` and
    `end` are read from the cell text, every other value stays text. Whitespace around a cell is
    not part of it, in the header and in every row (`, outage.start` is `outage.start`); a
    quoted cell keeps the spaces inside its quotes (`_trimmed`).

    Rejected whole, with the reason: a row the CSV reader refuses (strict: text after a closing
    quote, a quote never closed before the end of the file, a carriage return in an unquoted
    cell, a cell over `CSV_CELL_LIMIT`), a row with bytes that are not UTF-8, and every row
    under a header that is not UTF-8, names a field twice, or names no `at` (saying so when its
    cells are separated by `;` or tabs rather than commas).
    """
    not_utf8: dict[int, tuple[int, int]] = {}  # line number -> its first bad byte, column
    text = _csv_text(lines, not_utf8)
    first = next(text, None)
    if first is None:
        return
    row_text: list[str] = []  # the lines of the row being read, as the reader was given them
    fed = _noting(itertools.chain([first.removeprefix("\ufeff")], text), row_text.append)
    csv.field_size_limit(CSV_CELL_LIMIT)
    reader = csv.reader(fed, strict=True, skipinitialspace=True)
    names: list[str] | None = None
    header_problem: str | None = None
    width = 0
    done = 0  # lines consumed by the reader so far
    while True:
        try:
            row = next(reader, None)
        except csv.Error as exc:
            start, done = done + 1, reader.line_num
            row_text.clear()
            yield Rejection(file, start, _csv_error(str(exc), start, done))
            continue
        if row is None:
            return
        start, done = done + 1, reader.line_num
        row = _trimmed(row, "".join(row_text))
        row_text.clear()
        if not any(row):
            continue
        if names is None:
            names = [cell.strip() for cell in row]
            width = len(names)
            bad = not_utf8.get(start)
            problem = None if bad is None else _not_utf8(bad, start, start)
            header_problem = _header_problem(names, start, problem)
            continue
        if not_utf8:
            broken = next((n for n in range(start, done + 1) if n in not_utf8), None)
            if broken is not None:
                yield Rejection(file, start, _not_utf8(not_utf8[broken], broken, start))
                continue
        if header_problem is not None:
            yield Rejection(file, start, header_problem)
            continue
        if len(row) > width:
            reason = f"the row has {len(row)} cells but the header names {width} fields"
            yield Rejection(file, start, reason)
            continue
        fields: dict[str, object] = {
            name: cell for name, cell in zip(names, row, strict=False) if cell
        }
        try:
            yield make_event(fields, file, start, zone, CSV_TEXT)
        except Invalid as exc:
            yield Rejection(file, start, exc.reason)


def _noting(lines: Iterable[str], note: Callable[[str], object]) -> Iterator[str]:
    """The lines, each noted as the CSV reader takes it (it takes a row's lines and no more)."""
    for line in lines:
        note(line)
        yield line


def _trimmed(row: list[str], text: str) -> list[str]:
    """A row's cells without the whitespace around them, but for the quoted cells, which keep
    what their quotes hold. `text` is the row as written (its lines joined). The reader has
    skipped the spaces before each cell (`skipinitialspace`), so a cell is quoted when its text
    then starts with a quote."""
    if '"' not in text:
        return [cell.strip() for cell in row]
    quoted = _quoted_cells(text.rstrip("\r\n"))
    return [cell if i in quoted else cell.strip() for i, cell in enumerate(row)]


_QUOTED_CELL = re.compile(r' *"(?:[^"]|"")*"')


def _quoted_cells(text: str) -> set[int]:
    """The positions of the quoted cells of one row the strict reader read (so a quoted cell
    runs to its closing quote, and a separator or the end of the row follows it)."""
    quoted: set[int] = set()
    position = index = 0
    while True:
        match = _QUOTED_CELL.match(text, position)
        if match is not None:
            quoted.add(index)
            position = match.end()
        else:
            comma = text.find(",", position)
            position = len(text) if comma < 0 else comma
        if position >= len(text):
            return quoted
        position += 1  # the separator
        index += 1


def _csv_text(lines: Iterable[bytes], not_utf8: dict[int, tuple[int, int]]) -> Iterator[str]:
    """The lines as text for the CSV reader; a line that is not UTF-8 is decoded with
    replacement characters, and its first bad byte and that byte's column noted under its
    number."""
    for number, raw in enumerate(lines, 1):
        try:
            yield raw.decode()
        except UnicodeDecodeError as exc:
            not_utf8[number] = raw[exc.start], exc.start + 1
            yield raw.decode("utf-8", "replace")


def _not_utf8(bad: tuple[int, int], line: int, start: int) -> str:
    """The reason for a row (from line `start`) whose line `line` is not UTF-8."""
    where = "" if line == start else f" of line {line}"
    return f"not valid UTF-8: byte 0x{bad[0]:02x} at column {bad[1]}{where}"


def _header_problem(names: list[str], line: int, not_utf8: str | None) -> str | None:
    """Why no row under this header can be read, or None."""
    where = f"the header row (line {line})"
    if not_utf8 is not None:
        return f"{where} is {not_utf8}"
    twice = sorted({name for name in names if name and names.count(name) > 1})
    if twice:
        listed = ", ".join(f"`{name}`" for name in twice)
        return f"{where} names {listed} more than once"
    if "at" not in names:
        for separator, word in ((";", "semicolons"), ("\t", "tabs")):
            if "at" in _cells(",".join(names), separator):
                return (
                    f"{where} separates its names with {word}: separate the cells of every row "
                    "with commas"
                )
        return f"missing `at`: {where} names no `at` column"
    return None


_CSV_ERRORS = {  # the csv module's messages, in words a person reading a report understands
    "field larger than field limit": "a cell is longer than {limit:,} characters",
    "new-line character seen in unquoted field": (
        "a carriage return (CR) in a cell without quotes: if the lines end with CR alone, end "
        "them with LF or CRLF"
    ),
    "',' expected after '\"'": (
        "text after the closing quote of a cell: quote the whole cell, and write a quote "
        'inside it as two ("")'
    ),
    "unexpected end of data": "a quoted cell is not closed before the end of the file",
}


def _csv_error(message: str, start: int, end: int) -> str:
    """The reason for a row the CSV reader refused (lines `start` to `end`)."""
    for prefix, words in _CSV_ERRORS.items():
        if message.startswith(prefix):
            reason = words.format(limit=csv.field_size_limit())
            break
    else:
        reason = message
    if end > start:
        reason += f" (lines {start}-{end} read as one row)"
    return f"not valid CSV: {reason}"
