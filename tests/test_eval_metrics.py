"""Quality objectives: weighted statistics per period."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sladsl import nodes as n
from sladsl.business_time import load_zone
from sladsl.evaluate.conditions import Resolver
from sladsl.evaluate.metrics import MetricOperator
from sladsl.evaluate.params import Params
from sladsl.evaluate.periods import Period, calendar_period
from sladsl.events.records import Measurement
from sladsl.parser import parse

ZONE = load_zone("UTC")


def operator(target: str) -> MetricOperator:
    source = (
        'contract d "D" { currency USD }\nservice voip "VoIP"\n'
        f"metric mos {{ service voip measure mos target {target} per calendar month }}\n"
    )
    contract = parse(source).contract
    assert contract is not None
    (metric,) = [d for d in contract.declarations if isinstance(d, n.Metric)]

    def month(event: Measurement) -> Period:
        return calendar_period("month", event.at, ZONE)

    return MetricOperator(metric, Resolver(Params({}), {}), month)


def sample(day: int, value: str, count: str = "1", metric: str = "mos") -> Measurement:
    at = datetime(2026, 4, day, 12, tzinfo=UTC)
    return Measurement(
        at=at, service="voip", metric=metric, value=Decimal(value), count=Decimal(count),
        file="events.jsonl", line=day,
    )  # fmt: skip


def april() -> Period:
    return calendar_period("month", datetime(2026, 4, 1, tzinfo=UTC), ZONE)


def test_voip_mean_mos_is_3_85_and_misses_4_0() -> None:
    op = operator("mean >= 4.0")
    for day, value in [(2, "4.1"), (9, "3.9"), (16, "3.7"), (23, "3.7")]:
        op.feed(sample(day, value))
    op.feed(sample(24, "1.0", metric="jitter"))  # another metric: ignored
    result = op.result(april())
    assert result.actual == Decimal("3.85")
    assert result.met is False


def test_mean_is_weighted_by_count_and_exact() -> None:
    op = operator("mean >= 4.0")
    op.feed(sample(1, "4.5", count="3"))
    op.feed(sample(2, "3.0", count="1"))
    assert op.result(april()).actual == Decimal("4.125")


def test_percentile_min_and_no_samples() -> None:
    op = operator("percentile 95 <= 4.0")
    for day in range(1, 21):
        op.feed(sample(day, str(day)))
    assert op.result(april()).actual == Decimal(19)
    low = operator("min >= 3.0")
    low.feed(sample(3, "3.2"))
    low.feed(sample(4, "2.9"))
    assert low.result(april()).actual == Decimal("2.9")
    empty = operator("mean >= 4.0").result(april())
    assert empty.actual is None and empty.met is None
