"""Benchmark: events per second and peak memory of `sladsl eval`, against a bare decoding loop.

Input: `--events` sizes (default 1,000,000 and 3,000,000), a seed, a customer count. For each
size a realistic stream is generated into a temporary directory: many customers, each with
support tickets and their lifecycles (opened, acknowledged, progress, on hold and resumed,
restored, resolved, RFO), outages with updates, announced maintenance, call-quality
measurements and the odd claim; every line has an `id`, about 0.5% of lines are exact repeats
(at-least-once delivery) and about 0.5% arrive up to two hours late (within the reorder window).
Output, printed: for the first size, events/s of a bare loop that only decodes each line with
orjson and parses its `at`; events/s of `sladsl eval contracts/support-hotline.sla --format json`
(run as its own process, start-up included); their ratio; to show where the time goes, the time
`sladsl eval` takes on no events (its start-up: imports, parsing and checking the contract, an
empty report) and the time of sladsl's event reader alone on the same file; and for every size
the peak resident memory of that process (from `wait4`) with the report's event tallies, so that
nothing lost shows. Exit status 1 if the tallies do not balance.

Run from the repository root, with the package installed:

    python benchmarks/eval_throughput.py [--events 1000000,3000000] [--seed S] [--customers C]

Targets (issue 3): ratio >= 0.5; peak RSS under 200 MB and no higher at 3M events than at 1M.
"""

from __future__ import annotations

import argparse
import heapq
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "contracts" / "support-hotline.sla"
START = datetime(2026, 1, 1, tzinfo=UTC)
EVENTS_PER_CUSTOMER_DAY = 14  # 200 customers -> about a million events a year

# What a customer's day brings, by share of stories (a story is one event or a lifecycle).
STORIES = (("measurement", 0.62), ("ticket", 0.27), ("outage", 0.085), ("maintenance", 0.02))
SEVERITIES = (("P1", 0.05), ("P2", 0.2), ("P3", 0.5), ("P4", 0.25))
SERVICES = ("core", "supporting")


def pick(draw: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    roll = draw.random()
    for name, share in table:
        roll -= share
        if roll < 0:
            return name
    return table[-1][0]


def stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


class Generator:
    """Stories per customer on a shared clock, each story's events pushed onto one heap."""

    def __init__(self, seed: int, customers: int) -> None:
        self.draw = random.Random(seed)
        self.customers = [f"c{number:04d}" for number in range(customers)]
        self.heap: list[tuple[datetime, int, dict[str, object] | str]] = []
        self.sequence = 0
        self.serial = 0  # ids of tickets, outages, maintenance windows
        # Mean time between stories of one customer.
        mean_story_events = 0.62 * 1 + 0.27 * 6.5 + 0.085 * 2.4 + 0.02 * 1
        self.gap = 86_400 / (EVENTS_PER_CUSTOMER_DAY / mean_story_events)

    def push(self, when: datetime, item: dict[str, object] | str) -> None:
        self.sequence += 1
        heapq.heappush(self.heap, (when, self.sequence, item))

    def next_id(self, prefix: str) -> str:
        self.serial += 1
        return f"{prefix}{self.serial}"

    def lines(self, count: int) -> Iterator[bytes]:
        draw = self.draw
        for customer in self.customers:
            self.push(START + timedelta(seconds=draw.expovariate(1 / self.gap)), customer)
        late: list[tuple[datetime, int, bytes]] = []  # lines held back, released when due
        made = 0
        event_id = 0
        while made < count:
            when, _, item = heapq.heappop(self.heap)
            while late and late[0][0] <= when and made < count:
                yield heapq.heappop(late)[2]
                made += 1
            if isinstance(item, str):
                self.story(item, when)
                self.push(when + timedelta(seconds=draw.expovariate(1 / self.gap)), item)
                continue
            event_id += 1
            line = orjson.dumps({"at": stamp(when), **item, "id": f"e{event_id}"}) + b"\n"
            roll = draw.random()
            if roll < 0.005:  # delivered twice
                yield line
                made += 1
            elif roll < 0.01:  # delivered up to two hours late
                held = when + timedelta(seconds=draw.randrange(60, 7200))
                heapq.heappush(late, (held, event_id, line))
                continue
            if made < count:
                yield line
                made += 1

    def story(self, customer: str, when: datetime) -> None:
        draw = self.draw
        kind = pick(draw, STORIES)
        service = SERVICES[draw.random() < 0.6]
        base: dict[str, object] = {"customer": customer, "service": service}
        if kind == "measurement":
            value = f"{draw.uniform(3.2, 4.5):.2f}"
            self.push(
                when,
                {"type": "measurement", **base, "metric": "mos",
                 "value": orjson.Fragment(value.encode()), "count": draw.randint(1, 50)},
            )  # fmt: skip
        elif kind == "maintenance":
            start = when + timedelta(days=7, hours=draw.randint(0, 23))
            self.push(
                when,
                {"type": "maintenance.announced", **base, "maintenance": self.next_id("m"),
                 "start": stamp(start), "end": stamp(start + timedelta(hours=2))},
            )  # fmt: skip
        elif kind == "outage":
            outage = self.next_id("o")
            affected = orjson.Fragment(f"{draw.randint(5, 100) / 100:.2f}".encode())
            cause = pick(draw, (("provider", 0.8), ("customer", 0.1), ("third_party", 0.1)))
            length = timedelta(minutes=draw.randint(1, 180))
            self.push(
                when,
                {"type": "outage.start", **base, "outage": outage, "affected": affected,
                 "cause": cause},
            )  # fmt: skip
            if draw.random() < 0.4:
                self.push(when + length / 2, {"type": "outage.update", **base, "outage": outage,
                                              "affected": orjson.Fragment(b"1")})  # fmt: skip
            self.push(when + length, {"type": "outage.end", **base, "outage": outage})
        else:
            self.ticket(customer, service, when)

    def ticket(self, customer: str, service: str, when: datetime) -> None:
        draw = self.draw
        ticket = self.next_id("t")
        severity = pick(draw, SEVERITIES)
        base: dict[str, object] = {"customer": customer, "ticket": ticket}
        self.push(when, {"type": "ticket.opened", **base, "service": service,
                         "severity": severity, "category": "fault"})  # fmt: skip
        clock = when + timedelta(minutes=draw.lognormvariate(3.5, 1.0))
        self.push(clock, {"type": "ticket.acknowledged", **base})
        for _ in range(draw.randint(0, 2)):
            clock += timedelta(minutes=draw.randint(10, 600))
            self.push(clock, {"type": "ticket.progress", **base})
        if draw.random() < 0.1:
            clock += timedelta(minutes=draw.randint(10, 120))
            self.push(clock, {"type": "ticket.on_hold", **base})
            clock += timedelta(minutes=draw.randint(30, 1440))
            self.push(clock, {"type": "ticket.resumed", **base})
        clock += timedelta(minutes=draw.lognormvariate(5.5, 1.2))
        self.push(clock, {"type": "ticket.restored", **base})
        clock += timedelta(minutes=draw.randint(5, 600))
        cause = "customer" if draw.random() < 0.1 else "provider"
        self.push(clock, {"type": "ticket.resolved", **base, "cause": cause})
        if severity != "P4":
            clock += timedelta(hours=draw.lognormvariate(2.5, 1.0))
            self.push(clock, {"type": "ticket.rfo", **base})


def generate(path: Path, count: int, seed: int, customers: int) -> None:
    started = time.perf_counter()
    with path.open("wb") as out:
        buffer: list[bytes] = []
        for line in Generator(seed, customers).lines(count):
            buffer.append(line)
            if len(buffer) >= 10_000:
                out.write(b"".join(buffer))
                buffer.clear()
        out.write(b"".join(buffer))
    size = path.stat().st_size
    print(
        f"generated {count:,} events ({size / 1e6:.0f} MB) in {time.perf_counter() - started:.1f} s"
    )


def bare_loop(path: Path) -> float:
    """Seconds to decode every line with orjson and parse its timestamp, nothing else."""
    loads, parse = orjson.loads, datetime.fromisoformat
    started = time.perf_counter()
    with path.open("rb") as lines:
        for line in lines:
            parse(loads(line)["at"])
    return time.perf_counter() - started


def read_only(path: Path) -> float:
    """Seconds for sladsl's event reader alone (decoding, checks, ids, order) in this process."""
    from sladsl.events import EventStream

    started = time.perf_counter()
    for _batch in EventStream([str(path)]).batches():
        pass
    return time.perf_counter() - started


def run_eval(path: Path, report: Path) -> tuple[float, int]:
    """Seconds and peak RSS (bytes) of `sladsl eval` on the support-hotline contract."""
    command = [sys.executable, "-m", "sladsl", "eval", str(CONTRACT), str(path), "--format", "json"]
    started = time.perf_counter()
    with report.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"sladsl eval failed ({process.returncode}): {errors}")
    return seconds, usage.ru_maxrss * 1024


def tallies(report: Path) -> dict[str, int]:
    events = orjson.loads(report.read_bytes())["events"]
    assert isinstance(events, dict)
    return {key: int(value) for key, value in events.items()}


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    options.add_argument("--events", default="1000000,3000000", help="sizes, comma-separated")
    options.add_argument("--seed", type=int, default=2026)
    options.add_argument("--customers", type=int, default=200)
    args = options.parse_args(argv)
    sizes = [int(size.replace("_", "")) for size in args.events.split(",")]
    balanced = True
    with tempfile.TemporaryDirectory(prefix="sladsl-bench-") as folder:
        for index, size in enumerate(sizes):
            path = Path(folder) / f"events-{size}.jsonl"
            generate(path, size, args.seed, args.customers)
            if index == 0:
                bare = bare_loop(path)
                print(f"bare loop (orjson + timestamp): {size / bare:>10,.0f} events/s")
            seconds, rss = run_eval(path, Path(folder) / "report.json")
            counts = tallies(Path(folder) / "report.json")
            if index == 0:
                print(f"sladsl eval (support-hotline):  {size / seconds:>10,.0f} events/s")
                print(f"ratio eval / bare loop:         {bare / seconds:>10.2f}")
                empty = Path(folder) / "empty.jsonl"
                empty.write_bytes(b"")
                start_up, _ = run_eval(empty, Path(folder) / "empty-report.json")
                reading = read_only(path)
                rest = seconds - start_up - reading
                print(
                    f"  where the eval's {seconds:.2f} s went: start-up {start_up:.2f} s"
                    f" (imports, contract, an empty report),\n  reading the events"
                    f" {reading:.2f} s (the reader alone), evaluating and reporting"
                    f" {rest:.2f} s; the bare loop took {bare:.2f} s"
                )
            print(
                f"{size:>10,} events: peak RSS {rss / 2**20:.0f} MB, {seconds:.1f} s; "
                f"read {counts['read']:,} = accepted {counts['accepted']:,} + duplicates "
                f"{counts['duplicates']:,} + rejected {counts['rejected']:,}"
            )
            if counts["read"] != counts["accepted"] + counts["duplicates"] + counts["rejected"]:
                balanced = False
            path.unlink()
    return 0 if balanced else 1


if __name__ == "__main__":
    sys.exit(main())
