"""Quality objectives over measurements: a statistic of a metric per period, against a target.

Input: a `Metric` clause made concrete for a run, and `measurement` events in time order.
Output: `MetricResult` per period: the statistic (exact Decimal, None without measurements), the
target and whether it is met (docs/semantics.md section 5).

Invariants: `mean` keeps only running sums (weight and weighted total) per period; `min`/`max`
keep one value per period; `median` and `percentile` keep the period's samples. Targets are
numbers: a percentage is its number of points (`99.5%` is 99.5), a duration its seconds (`3s` is
3), as samples give them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal

import attrs

from sladsl import nodes as n
from sladsl.evaluate.conditions import COMPARISONS, Literal, Resolver, plain
from sladsl.evaluate.periods import Period
from sladsl.events.records import Measurement


@attrs.frozen
class MetricResult:
    objective: str
    period: Period
    statistic: str
    op: str
    target: Decimal
    actual: Decimal | None
    samples: Decimal  # total weight

    @property
    def met(self) -> bool | None:
        if self.actual is None:
            return None
        return bool(COMPARISONS[self.op](self.actual, self.target))


@attrs.define
class _Tally:
    weight: Decimal = Decimal(0)
    total: Decimal = Decimal(0)
    low: Decimal | None = None
    high: Decimal | None = None
    samples: list[tuple[Decimal, Decimal]] = attrs.Factory(list)


class MetricOperator:
    def __init__(
        self,
        node: n.Metric,
        resolver: Resolver,
        period_of: Callable[[Measurement], Period],
        aliases: Mapping[str, str] | None = None,
    ):
        """`aliases`: each component's service (a sample of a component is one of its service)."""
        assert node.target is not None and node.measure is not None
        self.name = node.name
        self.measure = node.measure
        self.services = {s.name for s in node.services}
        components = {c for c, service in (aliases or {}).items() if service in self.services}
        self._named = self.services | components  # what a sample's `service` may name
        self.statistic = node.target.statistic
        self.percentile = node.target.percentile
        self.op = node.target.op
        target = magnitude(resolver.resolve(node.target.value))
        assert isinstance(target, Decimal), "the checker guarantees a number, percent or duration"
        self.target = target
        self.period_of = period_of
        self.keep_samples = self.statistic in ("median", "percentile")
        self.tallies: dict[Period, _Tally] = {}

    def feed(self, event: Measurement) -> None:
        if event.metric != self.measure:
            return
        if self.services and event.service is not None and event.service not in self._named:
            return
        value = event.value
        weight = _ONE if event.count is None else event.count
        tally = self.tallies.setdefault(self.period_of(event), _Tally())
        tally.weight += weight
        tally.total += value * weight
        tally.low = value if tally.low is None else min(tally.low, value)
        tally.high = value if tally.high is None else max(tally.high, value)
        if self.keep_samples:
            tally.samples.append((value, weight))

    def result(self, period: Period) -> MetricResult:
        tally = self.tallies.get(period)
        actual = None if tally is None or tally.weight == 0 else self._statistic(tally)
        weight = tally.weight if tally else Decimal(0)
        return MetricResult(self.name, period, self.statistic, self.op, self.target, actual, weight)

    def _statistic(self, tally: _Tally) -> Decimal | None:
        if self.statistic == "mean":
            return tally.total / tally.weight
        if self.statistic == "min":
            return tally.low
        if self.statistic == "max":
            return tally.high
        rank = Decimal(50) if self.statistic == "median" else self.percentile or Decimal(50)
        return _nearest_rank(tally.samples, rank)


def magnitude(value: Literal | None) -> Decimal | None:
    """A metric's target or step as a number of the samples' unit: a number as it is, a
    percentage as its points, a duration as its seconds."""
    if isinstance(value, n.Duration):
        return value.seconds
    number = plain(value)
    return number if isinstance(number, Decimal) else None


def _nearest_rank(samples: list[tuple[Decimal, Decimal]], percent: Decimal) -> Decimal:
    """The smallest value whose cumulative weight reaches `percent` of the total weight."""
    ordered = sorted(samples)
    total = sum((w for _, w in ordered), Decimal(0))
    needed = total * percent / 100
    running = Decimal(0)
    for value, weight in ordered:
        running += weight
        if running >= needed:
            return value
    return ordered[-1][0]


_ONE = Decimal(1)
