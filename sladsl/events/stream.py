"""Event streams: several sources read together, put in time order, de-duplicated by id.

Input: the event sources named on the command line (paths, or `-` for standard input), the
default zone for local timestamps, the reorder window.
Output: the accepted `Event`s in time order, from `iter(stream)` (a stream is read once), and
the tallies and `Rejection`s of everything read.

Invariants:
- After iteration, and after any `reject()` that follows it, `read == accepted + duplicates +
  rejected`. While iterating the tallies are partial: lines in the reorder buffers are counted
  in none of the last three yet, and `read` is brought up to date as each batch is released.
  `reject()` itself keeps the balance: it moves one event from accepted to rejected.
- Order: by `at`; equal times keep file order (line order), then the order of the arguments.
- Lateness is judged per source: a line whose `at` is earlier than the latest `at` read so far
  from the same source minus the window is rejected as later than the reorder window allows.
  (Per source, not across sources, so that one source that runs ahead never makes another's
  in-order lines late.) Within the window, lines are reordered; each source holds only the
  lines of its last window, the merge one line per source, so memory grows with the window, not
  with the length of the stream.
- Duplicates: an event with an `id` is compared with the earlier event of that id, if that one
  is at most one window older (ids are forgotten once the stream has moved a window past them).
  Same content (time, type, every field, in any order) is a duplicate: counted, not yielded;
  different content is rejected naming where the id was first used ("first" in time order).
  An exact repeat has the same `at`, so one that arrives more than a window after its first copy
  was read is rejected as too late rather than counted as a duplicate; and an id reused with
  different content more than a window later is not compared (it is taken as a new event).
- Rejections are listed by (position of the file in the arguments, line).
- Progress: with `progress=True` and standard error a terminal, a bar by bytes read is drawn on
  standard error (standard output is never touched, nor redirected).
"""

from __future__ import annotations

import heapq
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, tzinfo
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from sladsl.events.decode import decode
from sladsl.events.model import Event, Rejection, describe_span, format_time

if TYPE_CHECKING:
    from rich.progress import Progress

__all__ = ["STDIN", "EventStream"]

STDIN = "<stdin>"  # how standard input (`-`) is named in events and rejections
_EARLIEST = datetime.min.replace(tzinfo=UTC)
_LATEST = datetime.max.replace(tzinfo=UTC)
_CHUNK = 1 << 16  # bytes between two updates of the progress bar


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
        """Raises FileNotFoundError / IsADirectoryError for a source that is not a file."""
        if reorder_window < timedelta(0):
            raise ValueError(f"the reorder window must not be negative, got {reorder_window}")
        for source in sources:
            if source == "-":
                continue
            path = Path(source)
            if path.is_dir():
                raise IsADirectoryError(f"event source is a directory: {source}")
            if not path.exists():
                raise FileNotFoundError(f"no such event file: {source}")
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
        if self._started:
            raise RuntimeError("an EventStream can be iterated only once")
        self._started = True
        return self._run()

    def _run(self) -> Iterator[Event]:
        """Merge the sources, drop exact repeats of an id, reject conflicting ones; count."""
        bar = self._start_progress()
        advance = None if bar is None else self._advance(bar)
        sources = [
            self._ordered(index, source, advance) for index, source in enumerate(self.sources)
        ]
        events: Iterator[Event] = chain.from_iterable(sources[0]) if sources else iter(())
        if len(sources) > 1:
            events = heapq.merge(*map(chain.from_iterable, sources), key=attrgetter("at"))
        window = self.window
        first_of: dict[str, Event] = {}
        remembered: deque[Event] = deque()  # ids in time order, as events come
        forget_after = _LATEST  # when the oldest remembered id is more than a window old
        try:
            for event in events:
                key = event.id
                if key is not None:
                    at = event.at
                    if at > forget_after:
                        cutoff = _minus(at, window)
                        while remembered and remembered[0].at < cutoff:
                            del first_of[remembered.popleft().id]  # type: ignore[arg-type]
                        forget_after = _plus(remembered[0].at, window) if remembered else _LATEST
                    first = first_of.get(key)
                    if first is None:
                        first_of[key] = event
                        if not remembered:
                            forget_after = _plus(at, window)
                        remembered.append(event)
                    elif first.same_content(event):
                        self.duplicates += 1
                        continue
                    else:
                        self._add(self._index[event.file], _conflict(first, event))
                        continue
                self.accepted += 1
                yield event
        finally:
            for source in sources:
                source.close()
            if bar is not None:
                bar.stop()

    def _ordered(
        self, index: int, source: str, advance: Callable[[int], None] | None
    ) -> Generator[list[Event], None, None]:
        """One source's events in time order, in batches, holding back only the last window.

        Lines that come in time order go to `run` (a deque: sorted as it stands), earlier ones to
        the heap `late`. Once the source has moved a window (plus a sixteenth, so that releasing
        is done in batches) past the oldest line held, every line a window older than the latest
        is final and is released.
        """
        name = self.names[index]
        window = self.window
        span = window + window / 16
        add = self._add
        run: deque[Event] = deque()
        late: list[tuple[datetime, int, Event]] = []
        tail = _EARLIEST  # the latest `at` read from this source (the last of `run`)
        tail_line = 0
        release_at = _LATEST  # when the oldest line held is a span old (_LATEST: none held)
        read = 0  # lines read and not yet added to self.read
        with _lines(source) as lines:
            if advance is not None:
                lines = _counting(lines, advance)
            as_csv = True if source.lower().endswith(".csv") else None
            append, none_held = run.append, _LATEST
            for item in decode(lines, name, self.zone, as_csv=as_csv):
                read += 1
                if isinstance(item, Rejection):
                    add(index, item)
                    continue
                at = item.at
                if at >= tail:
                    append(item)
                    if at > tail:
                        tail, tail_line = at, item.line
                        if at > release_at:
                            self.read += read
                            read = 0
                            yield _drain(run, late, _minus(at, window))
                            release_at = _release_at(run, late, span)
                    if release_at is none_held:
                        release_at = _release_at(run, late, span)
                elif at < _minus(tail, window):
                    add(index, _too_late(item, tail, tail_line, window))
                else:
                    heapq.heappush(late, (at, item.line, item))
                    release_at = min(release_at, _plus(at, span))
            self.read += read
            yield _drain(run, late, _LATEST)

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
def _lines(source: str) -> Iterator[Iterable[bytes]]:
    """The raw lines of a source; standard input is left open."""
    if source == "-":
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is not None:
            yield buffer
        else:  # a text stream without bytes underneath (as tests substitute)
            yield (line.encode() for line in sys.stdin)
        return
    with Path(source).open("rb") as handle:
        yield handle


def _drain(
    run: deque[Event], late: list[tuple[datetime, int, Event]], horizon: datetime
) -> list[Event]:
    """Take out of both buffers, in (at, line) order, every event at or before `horizon`."""
    out: list[Event] = []
    put, popleft = out.append, run.popleft
    while late:
        when, line, event = late[0]
        if run and (run[0].at < when or (run[0].at == when and run[0].line < line)):
            if run[0].at > horizon:
                return out
            put(popleft())
        elif when > horizon:
            return out
        else:
            heapq.heappop(late)
            put(event)
    while run and run[0].at <= horizon:
        put(popleft())
    return out


def _release_at(
    run: deque[Event], late: list[tuple[datetime, int, Event]], span: timedelta
) -> datetime:
    """When the oldest event held will be `span` older than the latest line read."""
    if run and late:
        return _plus(min(run[0].at, late[0][0]), span)
    if run or late:
        return _plus(run[0].at if run else late[0][0], span)
    return _LATEST


def _counting(lines: Iterable[bytes], advance: Callable[[int], None]) -> Iterator[bytes]:
    pending = 0
    for raw in lines:
        pending += len(raw)
        if pending >= _CHUNK:
            advance(pending)
            pending = 0
        yield raw
    advance(pending)


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
    reason = f"id {event.id!r} was already used on {where} with different content ({what})"
    return Rejection(event.file, event.line, reason)
