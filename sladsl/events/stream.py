"""Event streams: several sources read together, put in time order, de-duplicated by id.

Input: the event sources named on the command line (paths, or `-` for standard input), the
default zone for local timestamps, the reorder window.
Output: the accepted `Event`s in time order, from `iter(stream)` (a stream is read once), and
the tallies and `Rejection`s of everything read.

Invariants:
- After iteration, and after any `reject()` that follows it, `read == accepted + duplicates +
  rejected`. While iterating the tallies are partial: lines in the reorder buffers are counted
  in none of the last three yet, `read` is brought up to date as each batch is released, and
  `accepted` counts a batch as it is handed out (`batches()`, or its first event from `iter`).
  `reject()` itself keeps the balance: it moves one event from accepted to rejected.
- Order: by `at`; equal times keep file order (line order), then the order of the arguments.
- Lateness is judged per source: a line whose `at` is earlier than the latest `at` read so far
  from the same source minus the window is rejected as later than the reorder window allows.
  (Per source, not across sources, so that one source that runs ahead never makes another's
  in-order lines late.) Within the window, lines are reordered; each source holds only the
  lines of its last window, the merge one line per source, so memory grows with the window, not
  with the length of the stream.
- Duplicates: an event with an `id` is compared with the earlier event of that id for the same
  `customer` (ids are chosen by each sender: the same id under two customers is two events;
  the events that name no customer are one more scope), if that one is at most one window
  older (ids are forgotten between one and two windows after they come: `_Ids`, keyed by
  `_id_key`). A batch's ids are recorded with dict operations in C (`setdefault` over the batch);
  only the events whose id was seen before are looked at one by one.
  Same content (time, type, every field, in any order) is a duplicate: counted, not yielded;
  different content is rejected naming where the id was first used ("first" in time order).
  An exact repeat has the same `at`, so one that arrives more than a window after its first copy
  was read is rejected as too late rather than counted as a duplicate; and an id reused with
  different content more than a window later is not compared (it is taken as a new event).
- A line whose `at` lies outside the years evaluated (`model.FIRST_YEAR` to `LAST_YEAR`) is
  rejected as it is read, before it counts as the latest `at` of its source (one far-off time
  must not make every later line too late).
- Rejections are listed by (position of the file in the arguments, line).
- Sources: each file once (the same file under two names is refused, as it would count every
  line twice), standard input (`-`) once. A source that cannot be opened or read, or that starts
  with a UTF-16 or UTF-32 byte-order mark (events are UTF-8), raises `SourceError`, naming it
  and why, when it is reached.
- Progress: with `progress=True` and standard error a terminal, a bar by bytes read is drawn on
  standard error (standard output is never touched, nor redirected).
"""

from __future__ import annotations

import heapq
import operator
import sys
from bisect import bisect_left, bisect_right, insort_right
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, tzinfo
from functools import partial
from itertools import accumulate, chain, compress, islice
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from sladsl.events.decode import decode_chunks, foreign_encoding
from sladsl.events.model import (
    FIRST_YEAR,
    LAST_YEAR,
    OUTSIDE_YEARS,
    Rejection,
    describe_span,
    format_time,
)
from sladsl.events.records import Event

if TYPE_CHECKING:
    from rich.progress import Progress

__all__ = ["STDIN", "EventStream", "SourceError"]

STDIN = "<stdin>"  # how standard input (`-`) is named in events and rejections
_EARLIEST = datetime.min.replace(tzinfo=UTC)
_LATEST = datetime.max.replace(tzinfo=UTC)
_FIRST_AT = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)  # the years evaluated: from this instant
_PAST_LAST_AT = datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC)  # to before this one
_OUTSIDE_YEARS = f"`at` is {OUTSIDE_YEARS}"
_CHUNK_BYTES = 1 << 16  # a source is read (and the progress bar moved) this many bytes at once
_MERGED_BATCH = 1024  # events per batch when several sources are merged
_FEW_EARLY = 16  # lines of a block before the end of what is held, put in place one by one


def _minus(when: datetime, span: timedelta) -> datetime:
    try:
        return when - span
    except OverflowError:
        return _EARLIEST


def _plus(when: datetime, span: timedelta) -> datetime:
    try:
        return when + span
    except OverflowError:
        return _LATEST


class SourceError(Exception):
    """An event source that cannot be opened or read: the message names it and says why."""


class EventStream:
    """The events of one evaluation. Iterate once; read the tallies and rejections after."""

    read: int
    accepted: int
    duplicates: int
    rejected: int

    def __init__(
        self,
        sources: Sequence[str],
        *,
        tz: tzinfo | None = None,
        reorder_window: timedelta = timedelta(days=7),
        progress: bool = False,
    ) -> None:
        """Raises FileNotFoundError / IsADirectoryError for a source that is not a file, and
        ValueError for a source given twice."""
        if reorder_window < timedelta(0):
            raise ValueError(f"the reorder window must not be negative, got {reorder_window}")
        seen: dict[tuple[int, int], int] = {}  # (device, inode) -> where it is first given
        for index, source in enumerate(sources):
            if source == "-":
                continue
            path = Path(source)
            if path.is_dir():
                raise IsADirectoryError(f"event source is a directory: {source}")
            if not path.exists():
                raise FileNotFoundError(f"no such event file: {source}")
            status = path.stat()
            key = (status.st_dev, status.st_ino)
            if key in seen:
                first = sources[seen[key]]
                same = "twice" if first == source else f"twice, as {first} and {source}"
                raise ValueError(f"the event file {first} is given {same}: give each file once")
            seen[key] = index
        if list(sources).count("-") > 1:
            raise ValueError("standard input (-) is given more than once: it can be read once")
        self.sources = tuple(sources)
        self.names = tuple(STDIN if source == "-" else source for source in sources)
        self.zone = tz
        self.window = reorder_window
        self.progress = progress
        self.read = self.accepted = self.duplicates = self.rejected = 0
        self._rejections: list[tuple[int, int, Rejection]] = []
        self._unsorted = False
        self._rejected_at: set[tuple[str, int]] = set()
        self._index: dict[str, int] = {}
        for index, name in enumerate(self.names):
            self._index.setdefault(name, index)
        self._started = False

    # --- results ------------------------------------------------------------------------

    @property
    def rejections(self) -> list[Rejection]:
        """Every rejected line so far, by (position of its file in the arguments, line)."""
        if self._unsorted:
            self._rejections.sort(key=lambda entry: entry[:2])
            self._unsorted = False
        return [entry[2] for entry in self._rejections]

    def reject(self, event: Event, reason: str) -> None:
        """Turn an accepted event into a rejected one (the evaluator found it wrong)."""
        where = (event.file, event.line)
        if where in self._rejected_at:
            raise ValueError(f"{event.file} line {event.line} is already rejected")
        if self.accepted <= 0 or event.file not in self._index:
            raise ValueError(f"{event.file} line {event.line} is not an accepted event")
        self.accepted -= 1
        self._add(self._index[event.file], Rejection(event.file, event.line, reason))

    def _add(self, index: int, rejection: Rejection) -> None:
        self.rejected += 1
        self._rejected_at.add((rejection.file, rejection.line))
        entries = self._rejections
        if entries and entries[-1][:2] > (index, rejection.line):
            self._unsorted = True
        entries.append((index, rejection.line, rejection))

    # --- reading ----------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Event]:
        return chain.from_iterable(self.batches())

    def batches(self) -> Iterator[list[Event]]:
        """The accepted events in time order, a batch (a list) at a time: the fast way to read."""
        if self._started:
            raise RuntimeError("an EventStream can be iterated only once")
        self._started = True
        return self._run()

    def _run(self) -> Iterator[list[Event]]:
        """Merge the sources, drop exact repeats of an id, reject conflicting ones; count."""
        bar = self._start_progress()
        advance = None if bar is None else self._advance(bar)
        sources = [
            self._ordered(index, source, advance) for index, source in enumerate(self.sources)
        ]
        merged: Iterator[list[Event]] = sources[0] if len(sources) == 1 else iter(())
        if len(sources) > 1:
            events = heapq.merge(*map(chain.from_iterable, sources), key=_at)
            merged = iter(lambda: list(islice(events, _MERGED_BATCH)), [])
        ids = _Ids(self.window)
        try:
            for batch in merged:
                if not batch:
                    continue
                suspects = ids.sift(batch)
                if suspects:
                    batch = self._sift(batch, suspects, ids)
                self.accepted += len(batch)
                yield batch
        finally:
            for source in sources:
                source.close()
            if bar is not None:
                bar.stop()

    def _sift(self, batch: list[Event], suspects: list[int], ids: _Ids) -> list[Event]:
        """Drop the duplicates among the events at `suspects` (positions in the batch, in
        order) and reject conflicting reuses of an id."""
        kept = [True] * len(batch)
        dropped = False
        for position in suspects:
            event = batch[position]
            first = ids.first(event)
            if first is None:
                continue
            kept[position] = False
            dropped = True
            if first.same_content(event):
                self.duplicates += 1
            else:
                self._add(self._index[event.file], _conflict(first, event))
        return list(compress(batch, kept)) if dropped else batch

    def _ordered(
        self, index: int, source: str, advance: Callable[[int], None] | None
    ) -> Generator[list[Event], None, None]:
        """One source's events in time order, in batches, holding back only the last window.

        `run` holds the lines read and not yet released, sorted by (`at`, line). Each block is
        sorted (stably, so equal times keep line order) and tested at once: if its earliest
        time is not a window before the latest read (the block's or the source's), no line of
        it can be, and it is merged whole (`_merge`); otherwise its lines are judged one by one
        first (`_judge`). The line of the latest time is looked up only for a rejection. Once
        the source has moved a window (plus a sixteenth, so that releasing is done in batches)
        past the oldest line held, every line a window older than the latest is final and is
        released.
        """
        name = self.names[index]
        window = self.window
        span = window + window / 16
        run: list[Event] = []
        tail = _EARLIEST  # the latest `at` read from this source
        tail_block: list[Event] = []  # the block that first read `tail` (for its line)
        read = 0  # lines read and not yet added to self.read
        with _lines(source, name) as lines:
            as_csv = True if name.lower().endswith(".csv") else None
            blocks = _utf8_only(_blocks(lines, advance, name), name)
            for events, rejections in decode_chunks(blocks, name, self.zone, as_csv=as_csv):
                read += len(events) + len(rejections)
                for rejection in rejections:
                    self._add(index, rejection)
                if not events:
                    continue
                block = sorted(events, key=_at)  # stable: equal times stay in line order
                if block[0].at < _FIRST_AT or block[-1].at >= _PAST_LAST_AT:  # rare
                    events = self._within_years(index, events)
                    if not events:
                        continue
                    block = sorted(events, key=_at)
                high = block[-1].at
                if block[0].at < _minus(high if high > tail else tail, window):  # rare
                    block = sorted(self._judge(index, events, tail, tail_block), key=_at)
                if high > tail:
                    tail, tail_block = high, events
                if not block:  # every line too late
                    continue
                _merge(run, block)
                if tail > _plus(run[0].at, span):
                    self.read += read
                    read = 0
                    yield _drain(run, _minus(tail, window))
            self.read += read
            yield run

    def _within_years(self, index: int, events: list[Event]) -> list[Event]:
        """The events whose `at` lies in the years evaluated; the others rejected."""
        kept: list[Event] = []
        for event in events:
            if _FIRST_AT <= event.at < _PAST_LAST_AT:
                kept.append(event)
            else:
                self._add(index, Rejection(event.file, event.line, _OUTSIDE_YEARS))
        return kept

    def _judge(
        self, index: int, events: list[Event], tail: datetime, tail_block: list[Event]
    ) -> list[Event]:
        """A block's lines that are not later than the window allows, line by line: a line is
        rejected if its `at` is more than a window before the latest `at` read before it."""
        window = self.window
        times = [event.at for event in events]
        peaks = accumulate(times, max, initial=tail)  # the latest before each line (and after all)
        kept: list[Event] = []
        for event, when, peak in zip(events, times, peaks, strict=False):
            if when >= _minus(peak, window):
                kept.append(event)
                continue
            where = _first_line_at(tail_block if peak == tail else events, peak)
            self._add(index, _too_late(event, peak, where, window))
        return kept

    # --- progress ---------------------------------------------------------------------------

    def _start_progress(self) -> Progress | None:
        if not self.progress or not sys.stderr.isatty():
            return None
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        total = None if "-" in self.sources else sum(Path(s).stat().st_size for s in self.sources)
        bar = Progress(
            TextColumn("reading events"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=Console(file=sys.stderr),
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        bar.add_task("events", total=total)
        bar.start()
        return bar

    @staticmethod
    def _advance(bar: Progress) -> Callable[[int], None]:
        task = bar.task_ids[0]

        def advance(size: int) -> None:
            bar.advance(task, size)

        return advance


@contextmanager
def _lines(source: str, name: str) -> Iterator[Iterable[bytes]]:
    """The raw lines of a source; standard input is left open. SourceError if it cannot be
    opened."""
    if source == "-":
        if sys.stdin is None:
            raise SourceError(f"cannot read events from {name}: standard input is closed")
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is not None:
            yield buffer
        else:  # a text stream without bytes underneath (as tests substitute)
            yield (line.encode() for line in sys.stdin)
        return
    try:
        handle = Path(source).open("rb")  # noqa: SIM115 - closed by the `with` below
    except OSError as error:
        raise SourceError(_cannot_read(name, error)) from None
    with handle:
        yield handle


def _cannot_read(name: str, error: OSError) -> str:
    return f"cannot read events from {name}: {error.strerror or error}"


def _blocks(
    lines: Iterable[bytes], advance: Callable[[int], None] | None, name: str
) -> Iterator[bytes]:
    """The source in blocks of whole lines, of about `_CHUNK_BYTES` (the last block of a source
    may end without a line ending). A file is read by `read1` (what a pipe has, up to a block),
    anything else (a text stream under test) by lines. SourceError if reading fails."""
    read = getattr(lines, "read1", None) or getattr(lines, "read", None)
    if read is not None:
        blocks = _whole_lines(iter(partial(read, _CHUNK_BYTES), b""))
    else:
        rest = iter(lines)
        blocks = iter(lambda: b"".join(islice(rest, 1024)), b"")
    try:
        for block in blocks:
            if advance is not None:
                advance(len(block))
            yield block
    except OSError as error:
        raise SourceError(_cannot_read(name, error)) from None


def _utf8_only(blocks: Iterator[bytes], name: str) -> Iterator[bytes]:
    """The blocks, once the first is known not to begin with a UTF-16 or UTF-32 byte-order
    mark (SourceError if it does: every line of such a file would be rejected as not UTF-8)."""
    first = next(blocks, None)
    if first is None:
        return
    encoding = foreign_encoding(first)
    if encoding is not None:
        raise SourceError(
            f"cannot read events from {name}: the file is {encoding} text (it starts with a "
            f'{encoding} byte-order mark): save it as UTF-8 (Excel: "CSV UTF-8")'
        )
    yield first
    yield from blocks


def _whole_lines(reads: Iterator[bytes]) -> Iterator[bytes]:
    """Reads cut after their last line ending; the rest goes in front of the next read. (One
    copy of a read at most: the cut part is joined through a memoryview, not sliced first.)"""
    pending: list[bytes | memoryview] = []  # the start of a line longer than the reads so far
    for data in reads:
        cut = data.rfind(b"\n") + 1
        if not cut:
            pending.append(data)
            continue
        if pending:
            pending.append(memoryview(data)[:cut])
            yield b"".join(pending)
            pending.clear()
        else:
            yield data if cut == len(data) else data[:cut]
        if cut < len(data):
            pending.append(data[cut:])
    if pending:
        yield b"".join(pending)


_at: Callable[[Event], datetime] = attrgetter("at")


def _first_line_at(events: list[Event], at: datetime) -> int:
    """The line of the first of the events whose time is `at`."""
    return next(event.line for event in events if event.at == at)


def _merge(run: list[Event], block: list[Event]) -> None:
    """Add a block's events, sorted by (`at`, line), to `run`, keeping it so sorted. The few
    that come before the end of `run` (lines that came late) are each put in their place
    after the events of the same time (read before them); many are merged by a (stable) sort
    of the end of `run` from the block's first time on."""
    if run and block[0].at < run[-1].at:
        early = bisect_left(block, run[-1].at, key=_at)
        if early <= _FEW_EARLY:
            for event in block[:early]:
                insort_right(run, event, key=_at)
            block = block[early:]
        else:
            start = bisect_right(run, block[0].at, key=_at)
            block = sorted(run[start:] + block, key=_at)
            del run[start:]
    run += block


def _drain(run: list[Event], horizon: datetime) -> list[Event]:
    """Take out of `run`, in order, every event at or before `horizon`."""
    end = bisect_right(run, horizon, key=_at)
    out = run[:end]
    del run[:end]
    return out


# An id as `_Ids` keys it: (customer, id), the customer None for an event that names none, so
# the scopes cannot meet. An event without an id has none to key (its pair is never kept).
_Key = tuple[str | None, str | None]
_id: Callable[[Event], str | None] = attrgetter("id")
_customer: Callable[[Event], str | None] = attrgetter("customer")


def _id_key(event: Event) -> _Key:
    return (event.customer, event.id)


class _Ids:
    """The ids of the last window's events, to tell duplicates (two generations of dicts).
    Ids are scoped by customer (`_id_key`).

    An id is looked up in `current`, then `previous`; an event found there that is more than a
    window older than the new one is forgotten, as if absent. Every window the generations
    move on (`previous` is dropped): by then each id in it is more than a window old.
    """

    def __init__(self, window: timedelta) -> None:
        self.window = window
        self.current: dict[_Key, Event] = {}
        self.previous: dict[_Key, Event] = {}
        self.move_on_at = _LATEST

    def _age(self, now: datetime) -> None:
        """Move on a generation if a window has passed since the last move. Called at the
        start of each batch only: every id recorded so far is then from `now` or before."""
        if now > self.move_on_at:
            self.previous, self.current = self.current, {}
            self.move_on_at = _plus(now, self.window)
        elif self.move_on_at is _LATEST:
            self.move_on_at = _plus(now, self.window)

    def sift(self, batch: list[Event]) -> list[int]:
        """Record a batch's ids. The positions (in order) of the events whose ids must be looked
        at one by one with `first`: those of an id seen in the last window (in `current` or
        `previous`) or earlier in the batch. The new ids are recorded already.

        In C: `setdefault` records each new id and gives back the event recorded before for
        the others, so the suspects are where it does not give back the event itself."""
        self._age(batch[0].at)
        plain = list(map(_id, batch))
        ids: list[_Key] = list(zip(map(_customer, batch), plain, strict=True))  # `_id_key`, in C
        current = self.current
        size = len(current)
        got = list(map(current.setdefault, ids, batch))
        suspects: list[int] = []
        if len(current) - size < len(batch):  # some id known before, or twice in the batch
            suspects = list(compress(range(len(batch)), map(operator.is_not, got, batch)))
        if None in plain:  # events without an id are never compared
            for key in {key for key in ids if key[1] is None}:
                del current[key]
            suspects = [i for i in suspects if plain[i] is not None]
        previous = self.previous
        if previous and not previous.keys().isdisjoint(ids):  # rare: a repeat a window apart
            clash = previous.keys() & set(ids)
            for key in clash:
                first = ids.index(key)
                if got[first] is batch[first]:  # recorded now: the earlier one is in `previous`
                    del current[key]
            clashing = compress(range(len(batch)), map(clash.__contains__, ids))
            suspects = sorted(set(suspects).union(clashing))
        return suspects

    def first(self, event: Event) -> Event | None:
        """The earlier event of this id within a window, or None (and the id is recorded)."""
        key = _id_key(event)
        assert key[1] is not None
        first = self.current.get(key)
        if first is None:
            first = self.previous.get(key)
        if first is not None and first.at >= _minus(event.at, self.window):
            return first
        self.current[key] = event
        return None


def _too_late(event: Event, tail: datetime, tail_line: int, window: timedelta) -> Rejection:
    reason = (
        f"later than the reorder window allows: `at` {format_time(event.at)} is more than "
        f"{describe_span(window)} before {format_time(tail)}, already read on line {tail_line}"
    )
    return Rejection(event.file, event.line, reason)


def _conflict(first: Event, event: Event) -> Rejection:
    where = f"line {first.line}" if first.file == event.file else f"{first.file} line {first.line}"
    if first.at != event.at:
        what = "`at`"
    elif first.type != event.type:
        what = "`type`"
    else:
        names = sorted(
            name
            for name in first.fields.keys() | event.fields.keys()
            if first.fields.get(name, None) != event.fields.get(name, None)
        )
        what = ", ".join(f"`{name}`" for name in names)
    whose = "" if event.customer is None else f" of customer {event.customer!r}"
    reason = f"id {event.id!r}{whose} was already used on {where} with different content ({what})"
    return Rejection(event.file, event.line, reason)
