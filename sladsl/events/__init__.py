"""Reading event streams for the evaluator (interface.md section 1).

Input: event sources (JSON Lines or CSV files, `-` for standard input).
Output: `EventStream`, which yields accepted `Event`s in time order and keeps the tallies
(`read`, `accepted`, `duplicates`, `rejected`) and the `Rejection`s of the lines it refused;
`SourceError` for a source that cannot be read.

Layout: `model` (the values and the validation of one line's fields), `decode` (JSON Lines and
CSV to events, per source), `stream` (merging sources, reordering within the window, ids).
Invariant: `read == accepted + duplicates + rejected` once a stream has been read.
"""

from __future__ import annotations

from sladsl.events.decode import decode_chunks, decode_csv, decode_jsonl, looks_like_csv
from sladsl.events.model import TYPES, Event, Invalid, Rejection, make_event, parse_time
from sladsl.events.stream import STDIN, EventStream, SourceError

__all__ = [
    "STDIN",
    "TYPES",
    "Event",
    "EventStream",
    "Invalid",
    "Rejection",
    "SourceError",
    "decode_chunks",
    "decode_csv",
    "decode_jsonl",
    "looks_like_csv",
    "make_event",
    "parse_time",
]
