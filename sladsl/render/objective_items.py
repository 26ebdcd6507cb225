"""Objectives in words: availability with its formula, quality metrics, timers, counts, and the
severity tables that put each level's limits side by side as the seeds print them.

Input: the contract's `Availability`, `Metric`, `Timer`, `Count` and `Severities` clauses, a
`words.Names` index, the calendars by name and the contract's zone. Output: `model.Item`s.

Invariants: the availability formula is always written the same, corrected way,
"(1 - unavailable time / total time) x 100%" with a multiplication sign (the Akuvox seed's
brackets are misplaced; its own wording is still quoted beside the rule); a severity table has
one column per timer with rows for the scheme's levels, and one table per plan (timer `when`
block) where the rows differ; a count says in which periods it holds as docs/semantics.md
section 7 has it (every period with an instant at which it holds; the Nth period of a run and
each following one), never only "the period in which the threshold is first crossed".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sladsl import nodes as n
from sladsl.render.model import Item, Table
from sladsl.render.quotes import anchor
from sladsl.render.words import (
    STATISTICS,
    UNIT_WORDS,
    Names,
    and_list,
    describe_condition,
    describe_value,
    each_period,
    event,
    ordinal,
    period,
    plain_number,
    plural,
    span,
)

FORMULA = "availability = (1 - unavailable time / total time) \u00d7 100%"  # x: multiplication
NONE = "—"


def _services(refs: Sequence[n.Ref], names: Names) -> str:
    return and_list(names.title(r.name) for r in refs)


def availability_item(a: n.Availability, names: Names, zone: str) -> Item:
    count = len(a.services)
    services = _services(a.services, names) + (", each on its own" if count > 1 else "")
    target = describe_value(a.target, names)
    if isinstance(a.target, n.ByTable):
        target += ","
    rules = [
        f"Target: availability of at least {target} in {each_period(a.period)} ({zone}), "
        f"for {services}.",
        f"Formula: {FORMULA}.",
    ]
    down = "Unavailable time: the time during which an outage of the service is open"
    if a.down_when is not None:
        down += f", counting only outages where {describe_condition(a.down_when, names)}"
    if isinstance(a.granularity, n.Duration):
        unit = UNIT_WORDS.get(a.granularity.unit, a.granularity.unit)
        size = "" if a.granularity.amount == 1 else f"{plain_number(a.granularity.amount)}-"
        down += (
            f"; counted in whole {size}{unit} units: a {size}{unit} in which the service was "
            "down at all counts whole"
        )
    rules.append(down + ".")
    if a.excluding:
        rules.append(f"Not counted as unavailable time: {_services(a.excluding, names)}.")
    whole = period(a.period)
    rules.append(
        f"Total time: the {whole} less the excluded time."
        if a.total_less_excluded
        else f"Total time: the whole {whole}, excluded time included."
    )
    return _item("Availability", a, names, rules)


def _ordinal_suffix(value: str) -> str:
    last = value[-1:]
    teen = value[-2:-1] == "1"
    suffix = "th" if teen else {"1": "st", "2": "nd", "3": "rd"}.get(last, "th")
    return f"{value}{suffix}"


COMPARE_WORDS = {">=": "at least", ">": "more than", "<=": "at most", "<": "less than",
                 "=": "exactly", "!=": "anything but"}  # fmt: skip


def metric_item(m: n.Metric, names: Names, zone: str) -> Item:
    rules = []
    if m.target is not None:
        target = m.target
        if target.statistic == "percentile" and target.percentile is not None:
            statistic = f"{_ordinal_suffix(plain_number(target.percentile))} percentile"
        else:
            statistic = STATISTICS.get(target.statistic, target.statistic)
        rules.append(
            f"Target: the {statistic} of the `{m.measure}` measurements in "
            f"{each_period(m.period)} ({zone}) is {COMPARE_WORDS[target.op]} "
            f"{describe_value(target.value, names)}."
        )
    if m.services:
        rules.append(f"Measurements of: {_services(m.services, names)}.")
    if m.target is not None and m.target.statistic == "mean":
        rules.append("Each measurement is weighted by its `count`.")
    return _item("Quality metric", m, names, rules)


def calendar_limit(
    row: n.TimerRow, names: Names, calendars: Mapping[str, n.Calendar], as_interval: bool = False
) -> str:
    """A timer row's limit: "within 3 business hours", "every 60 minutes (24x7)"."""
    if row.kind == "none":
        return f"no limit: “{row.note}”" if row.note else "no limit"
    word = "every" if row.kind == "every" or as_interval else "within"
    limit = row.limit
    calendar = calendars.get(row.calendar.name) if row.calendar is not None else None
    if calendar is None or not isinstance(limit, n.Duration):
        return f"{word} {describe_value(limit, names)} (24x7)"
    title = calendar.title or calendar.name
    unit = UNIT_WORDS.get(limit.unit, limit.unit)
    amount = plain_number(limit.amount)
    if title.lower().endswith(" hours"):
        kind = title[: -len(" hours")].lower()
        return f"{word} {amount} {kind} {plural(limit.amount, unit)}"
    if unit == "day":
        return f"{word} {amount} open {plural(limit.amount, 'day')} of {title}"
    return f"{word} {describe_value(limit, names)} of open time in {title}"


def timer_item(t: n.Timer, names: Names, calendars: Mapping[str, n.Calendar]) -> Item:
    subject = "outage" if (t.start or "").startswith("outage.") else "ticket"
    of = f" of {_services(t.services, names)}" if t.services else ""
    rules = []
    if t.recurring is not None:
        r = t.recurring
        rules.append(
            f"Recurring, for each {subject}{of}: {event(r.event)} at least as often as the "
            f"interval below, from when {event(r.start)} until {event(r.stop)}: the time to the "
            "first, between two, and from the last to the end must each stay within it."
        )
    elif t.start is not None:
        rules.append(f"Measured for each {subject}{of}, {span(t.start, t.stops)}.")
    groups: list[tuple[n.Condition | None, list[str]]] = []  # rows of one `when` block together
    for row in t.rows:
        limit = calendar_limit(row, names, calendars)
        who = f"{names.level(row.level.name)}: " if row.level is not None else "Limit: "
        if groups and row.guard is not None and groups[-1][0] == row.guard:
            groups[-1][1].append(who + limit)
        else:
            groups.append((row.guard, [who + limit]))
    for guard, limits in groups:
        if guard is None:
            rules += [f"{limit}." for limit in limits]
        else:
            rules.append(f"When {describe_condition(guard, names)}: {'; '.join(limits)}.")
    if t.paused_on_hold:
        rules.append("Paused while the ticket is on hold.")
    if t.only_when is not None:
        rules.append(f"Only for {subject}s where {describe_condition(t.only_when, names)}.")
    if t.excluding:
        rules.append(f"Not timed: {subject}s matching {_services(t.excluding, names)}.")
    if t.best_effort:
        rules.append(
            f"Best effort: the provider promises only to try; late {subject}s are still "
            "reported as breaches."
        )
    return _item("Timer", t, names, rules)


def count_item(c: n.Count, names: Names) -> Item:
    rules = []
    threshold = c.threshold
    if threshold is not None:
        many = describe_value(threshold.number, names)
        how = {"more_than": f"more than {many}", "at_least": f"at least {many}"}.get(
            threshold.kind, f"at least {many}"
        )
        where = f" where {describe_condition(c.where, names)}" if c.where is not None else ""
        window = describe_value(threshold.window, names)
        if c.subject == "periods":
            objectives = and_list((names.title(o.name) for o in c.objectives), "or")
            each = period(c.period)
            rules.append(f"Holds when {objectives} is not met in at least {many} {each}s in a row.")
            rules.append(_in_a_row(threshold.number, many, each, len(c.objectives)))
        else:
            subject = "outages" if c.subject == "outages" else "tickets"
            verb = "start" if c.subject == "outages" else "are opened"
            rules.append(f"Holds when {how} {subject}{where} {verb} within {window}.")
            rules.append("The window slides: any such stretch of time counts, not only months.")
            rules.append(_sliding(c.subject == "outages", c.where is not None))
    return _item("Count", c, names, rules)


def _in_a_row(number: n.Value, many: str, each: str, objectives: int) -> str:
    """When a count of periods in a row holds (docs/semantics.md section 7)."""
    nth = (
        f"{ordinal(int(number.value))} {each} in a row"
        if isinstance(number, n.Number) and number.value == number.value.to_integral_value()
        else f"last of {many} {each}s in a row"
    )
    none_missed = (
        "the objective is met, or has no value,"
        if objectives == 1
        else "each of them is met, or has no value,"
    )
    return (
        f"It holds at the end of the {nth}, and again at the end of each following {each} "
        f"while the run lasts, not only once. A {each} in which {none_missed} ends the run."
    )


def _sliding(outages: bool, where: bool) -> str:
    """When a sliding-window count holds (docs/semantics.md section 7)."""
    item, counted = ("an outage", "starts") if outages else ("a ticket", "is opened")
    words = (
        f"It is checked each time {item} it counts {counted}, over the window ending then, and "
        "holds in every period in which such a check finds the threshold crossed: not only in "
        "the period in which it is first crossed (a burst that goes on into the next month "
        "makes it hold in both)."
    )
    if outages:
        words += " An outage counts in the period of its start" + (
            "; whether it matches is decided when it ends." if where else "."
        )
    elif where:
        words += (
            " A ticket counts when it is opened; whether it matches is decided when it is "
            "resolved, with its facts then."
        )
    return words


def severity_item(
    scheme: n.Severities,
    timers: Sequence[n.Timer],
    names: Names,
    calendars: Mapping[str, n.Calendar],
) -> Item:
    """The scheme's levels with each timer's limit per level: one table per plan."""
    levels = scheme.levels
    wanted = {level.name for level in levels}
    scope = {s.name for s in scheme.services}
    mine = [
        t
        for t in timers
        if names.subjects.get(t.name) == "ticket"
        and (not scope or not t.services or scope & {s.name for s in t.services})
        and any(r.level is None or r.level.name in wanted for r in t.rows)
    ]
    guards: list[n.Condition | None] = []
    for t in mine:
        for row in t.rows:
            if row.guard is not None and row.guard not in guards:
                guards.append(row.guard)
    tables = [_severity_table(levels, mine, g, names, calendars) for g in guards or [None]]
    rules = [
        f"Applies to tickets of {_services(scheme.services, names)}."
        if scheme.services
        else "Applies to tickets of every service."
    ]
    if any(level.rule is not None for level in levels):
        rules.append(
            "A ticket that does not state its severity takes the first level whose rule matches."
        )
    return _item("Severity levels", scheme, names, rules, tuple(tables))


def _severity_table(
    levels: Sequence[n.Level],
    timers: Sequence[n.Timer],
    guard: n.Condition | None,
    names: Names,
    calendars: Mapping[str, n.Calendar],
) -> Table:
    columns: list[tuple[str, dict[str | None, str]]] = []
    for t in timers:
        cells: dict[str | None, str] = {}
        for row in t.rows:
            if row.guard is None or row.guard == guard:
                key = row.level.name if row.level is not None else None
                cells.setdefault(key, calendar_limit(row, names, calendars))
        if cells:
            columns.append((t.title or t.name, cells))
    headers = ["Level"]
    means = any(level.means for level in levels)
    rules = any(level.rule is not None for level in levels)
    if means:
        headers.append("Definition")
    if rules:
        headers.append("Assigned when")
    headers += [title for title, _ in columns]
    rows = []
    for level in levels:
        cells_of_row = [level.title or level.name]
        if means:
            cells_of_row.append(level.means or NONE)
        if rules:
            cells_of_row.append(describe_condition(level.rule, names) if level.rule else NONE)
        cells_of_row += [cells.get(level.name, cells.get(None, NONE)) for _, cells in columns]
        rows.append(tuple(cells_of_row))
    caption = None if guard is None else f"When {describe_condition(guard, names)}"
    return Table(tuple(headers), tuple(rows), caption)


def _item(
    kind: str,
    clause: n.Availability | n.Metric | n.Timer | n.Count | n.Severities,
    names: Names,
    rules: list[str],
    tables: tuple[Table, ...] = (),
) -> Item:
    return Item(
        anchor(kind, clause.name),
        kind,
        clause.name,
        clause.title or clause.name,
        tuple(rules),
        tables,
        quotes=clause.doc,
    )
