"""Benchmark: deadlines and elapsed open time on the support-hotline calendar.

Input: `contracts/support-hotline.sla` (its `support_hours` calendar: Mon-Fri 08:00-18:00
America/Los_Angeles, ten holidays) and a seeded random draw of `--count` cases (default 100,000):
starts spread over 2026 to the second, limits from 1 h to 15 days (360 h) of open time to the
minute, and spans of up to 30 days for `elapsed`.
Output: for each operation, the total seconds and operations per second, printed; parsing and the
first call (which builds the per-year tables) are timed on their own. Exit status 1 if a sample of
results breaks the engine's invariants `elapsed(start, deadline(start, d)) == d` and
`deadline(start, elapsed(start, end)) <= end`.

Run from the repository root:

    PYTHONPATH=. python benchmarks/calendar_deadlines.py [--count N] [--seed S]

Target: 100,000 deadlines in under one second.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sladsl import nodes
from sladsl.business_time import BusinessCalendar
from sladsl.parser import parse

ROOT = Path(__file__).resolve().parent.parent
YEAR_START = datetime(2026, 1, 1, tzinfo=UTC)
YEAR_SECONDS = 365 * 86_400


def support_hours() -> BusinessCalendar:
    result = parse((ROOT / "contracts" / "support-hotline.sla").read_text(encoding="utf-8"))
    if result.contract is None:
        raise SystemExit("contracts/support-hotline.sla does not parse")
    for declaration in result.contract.declarations:
        if isinstance(declaration, nodes.Calendar) and declaration.name == "support_hours":
            return BusinessCalendar.from_node(declaration)
    raise SystemExit("contracts/support-hotline.sla has no calendar `support_hours`")


def seconds(nanoseconds: int) -> str:
    """`1.234 s`, from integer nanoseconds."""
    milliseconds = nanoseconds // 1_000_000
    return f"{milliseconds // 1000}.{milliseconds % 1000:03d} s"


def report(label: str, count: int, nanoseconds: int) -> None:
    per_second = count * 1_000_000_000 // max(nanoseconds, 1)
    print(f"{label:<9} {count:>9,} ops  {seconds(nanoseconds):>9}  {per_second:>10,} ops/s")


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    options.add_argument("--count", type=int, default=100_000)
    options.add_argument("--seed", type=int, default=2026)
    args = options.parse_args(argv)
    draw = random.Random(args.seed)

    started = time.perf_counter_ns()
    calendar = support_hours()
    print(f"parse the contract and build the calendar: {seconds(time.perf_counter_ns() - started)}")

    starts = [
        YEAR_START + timedelta(seconds=draw.randrange(YEAR_SECONDS)) for _ in range(args.count)
    ]
    limits = [timedelta(minutes=draw.randint(60, 15 * 24 * 60)) for _ in range(args.count)]
    ends = [start + timedelta(seconds=draw.randrange(30 * 86_400)) for start in starts]

    started = time.perf_counter_ns()
    calendar.deadline(starts[0], limits[0])
    print(f"first deadline (builds the year's tables): {seconds(time.perf_counter_ns() - started)}")

    deadline = calendar.deadline
    started = time.perf_counter_ns()
    reached = [deadline(start, limit) for start, limit in zip(starts, limits, strict=True)]
    report("deadline", args.count, time.perf_counter_ns() - started)

    elapsed = calendar.elapsed
    started = time.perf_counter_ns()
    spans = [elapsed(start, end) for start, end in zip(starts, ends, strict=True)]
    report("elapsed", args.count, time.perf_counter_ns() - started)

    failures = sum(
        elapsed(starts[i], reached[i]) != limits[i] for i in range(0, args.count, 97)
    ) + sum(deadline(starts[i], spans[i]) > ends[i] for i in range(0, args.count, 97))
    if failures:
        print(f"{failures} sampled results break the invariants", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
