"""How a difference shows a part of a contract: values, conditions, periods, rows and formulas
spelled on one line as the contract language writes them.

Input: AST parts (`sladsl.nodes`). Output: one-line strings such as `99.95%`, `4h`, `100 USD`,
`within 8h in support_hours`, `affected = 100% and duration > 1min`,
`10% of monthly_fee per started 1% below target of uptime`.

Invariants: two parts that are equal (in the AST's sense) are spelled the same, and the spelling
keeps the digits the author wrote (`99.90%`); a long text or a `by` table stays on one line (the
output modules shorten what is long); `None` is spelled as the absence the language implies
(`24x7` for a calendar, `none` elsewhere, chosen by the caller).
"""

from __future__ import annotations

import json
from decimal import Decimal

from sladsl import nodes as n
from sladsl.builder import MONTHS, WEEKDAYS

_GLUED_UNITS = ("ms", "s", "min", "h")
_ORDINALS = {1: "st", 2: "nd", 3: "rd"}


def decimal(value: Decimal) -> str:
    """Plain notation with the digits as written: `99.90`, never `9.990E+1`."""
    return format(value, "f")


def quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def duration(value: n.Duration) -> str:
    amount = decimal(value.amount)
    if value.unit in _GLUED_UNITS:
        return f"{amount}{value.unit}"
    plural = "" if value.amount == 1 else "s"
    return f"{amount} {value.unit}{plural}"


def value(part: n.Value | None) -> str:
    """A value as written in a statement; `none` for a value that is not there."""
    if part is None:
        return "none"
    if isinstance(part, n.Percent):
        return f"{decimal(part.value)}%"
    if isinstance(part, n.Duration):
        return duration(part)
    if isinstance(part, n.Money):
        return f"{decimal(part.amount)} {part.currency}"
    if isinstance(part, n.Number):
        return decimal(part.value)
    if isinstance(part, n.Text):
        return quoted(part.value)
    if isinstance(part, n.Ref):
        return part.name
    return by_table(part)


def by_table(table: n.ByTable) -> str:
    rows = [
        f"{', '.join(c.name for c in case.choices)}: {value(case.value)}" for case in table.cases
    ]
    if table.otherwise is not None:
        rows.append(f"else: {value(table.otherwise)}")
    return f"by {table.param.name} {{ {'  '.join(rows)} }}"


def amount_of(part: n.AmountOf | None) -> str:
    if part is None:
        return "none"
    if part.base is None:
        return value(part.value)
    return f"{value(part.value)} of {part.base.name}"


def names(refs: tuple[n.Ref, ...]) -> str:
    return ", ".join(ref.name for ref in refs) if refs else "none"


# --------------------------------------------------------------------------- conditions

_PRECEDENCE: dict[type, int] = {n.AnyOf: 1, n.AllOf: 2}


def condition(part: n.Condition | None) -> str:
    """A condition with the parentheses its grouping needs; `none` when there is none."""
    if part is None:
        return "none"
    if isinstance(part, n.AnyOf):
        return " or ".join(_operand(o, 1) for o in part.operands)
    if isinstance(part, n.AllOf):
        return " and ".join(_operand(o, 2) for o in part.operands)
    if isinstance(part, n.Not):
        inner = condition(part.operand)
        simple = isinstance(part.operand, (n.Compare, n.Member, n.IsMet, n.Flag))
        return f"not {inner}" if simple else f"not ({inner})"
    if isinstance(part, n.Compare):
        return f"{part.fact.dotted} {part.op} {value(part.value)}"
    if isinstance(part, n.Member):
        return f"{part.fact.dotted} in [{', '.join(value(v) for v in part.values)}]"
    if isinstance(part, n.OpenedOutside):
        where = "inside" if part.inside else "outside"
        return f"opened {where} {calendar(part.calendar)}"
    if isinstance(part, n.IsMet):
        return f"{part.objective.name} {'met' if part.met else 'not met'}"
    return part.name.name


def _operand(part: n.Condition, level: int) -> str:
    text = condition(part)
    inner = _PRECEDENCE.get(type(part))
    return f"({text})" if inner is not None and inner <= level else text


def calendar(ref: n.Ref | None) -> str:
    return "24x7" if ref is None else ref.name


# --------------------------------------------------------------------------- periods and times


def period(part: n.Period | None) -> str:
    if part is None:
        return "none"
    if isinstance(part, n.CalendarPeriod):
        return f"per calendar {part.unit}"
    return f"per rolling {value(part.length)}"


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def open_rule(rule: n.OpenRule) -> str:
    if rule.days:
        days = ", ".join(
            WEEKDAYS[d.first] if d.first == d.last else f"{WEEKDAYS[d.first]}-{WEEKDAYS[d.last]}"
            for d in rule.days
        )
    else:
        days = "every day"
    if rule.hours is None:
        return days
    hours = f"{clock(rule.hours.start)}-{clock(rule.hours.end)}"
    return f"{days} {hours}{' overnight' if rule.hours.overnight else ''}"


def _days(offset: int) -> str:
    if offset == 0:
        return ""
    sign = "+" if offset > 0 else "-"
    size = abs(offset)
    return f" {sign} {size} day{'s' if size != 1 else ''}"


def date_rule(rule: n.DateRule) -> str:
    if isinstance(rule, n.FixedDate):
        return f"{MONTHS[rule.month - 1]} {rule.day}"
    if isinstance(rule, n.NthWeekday):
        nth = "last" if rule.n == -1 else f"{rule.n}{_ORDINALS.get(rule.n, 'th')}"
        return f"{nth} {WEEKDAYS[rule.weekday]} of {MONTHS[rule.month - 1]}"
    if isinstance(rule, n.Easter):
        return "easter" + _days(rule.offset_days)
    if isinstance(rule, n.RelativeDate):
        return rule.holiday.name + _days(rule.offset_days)
    return ", ".join(rule.dates)


def ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else _ORDINALS.get(number % 10, "th")
    return f"{number}{suffix}"


# --------------------------------------------------------------------------- clause parts


def titled(name: str, title: str | None) -> str:
    """`P1 "Priority 1"`, or the bare name."""
    return name if title is None else f"{name} {quoted(title)}"


def row(part: n.TimerRow) -> str:
    """A timer row without its level: `within 4h in 24x7`, `every 60min in support_hours`.

    The calendar is always named, `24x7` included, so that a change of calendar reads plainly.
    """
    if part.kind == "none":
        return "no limit" + (f" {quoted(part.note)}" if part.note is not None else "")
    return f"{part.kind} {value(part.limit)} in {calendar(part.calendar)}"


def _words(kind: str) -> str:
    """A keyword the builder stored with underscores, as written: `more_than` -> `more than`."""
    return kind.replace("_", " ")


def threshold(part: n.Threshold | None) -> str:
    if part is None:
        return "none"
    if part.kind == "in_a_row":
        return f"at least {value(part.number)} in a row"
    return f"{_words(part.kind)} {value(part.number)} within {value(part.window)}"


def rounding(words: tuple[str, ...]) -> str:
    return " ".join(words) if words else "unstated"


def per_step(words: tuple[str, ...], step: n.Value) -> str:
    """`per started 1%`, `per full 0.1`, `per 1h pro rata`."""
    before = [w for w in words if w != "pro rata"]
    after = [w for w in words if w == "pro rata"]
    return " ".join(["per", *before, value(step), *after])


def shortfall(part: n.Shortfall) -> str:
    """`below target of uptime`, `over limit of response`."""
    return f"{_words(part.kind)} of {part.objective.name}"


def formula(part: n.Formula | None) -> str:
    if part is None:
        return "none"
    if isinstance(part, n.PerUnitShare):
        return (
            f"{value(part.rate)} of {part.base.name} {per_step(part.rounding, part.step)} "
            f"{shortfall(part.shortfall)}"
        )
    if isinstance(part, n.PerUnitRate):
        return (
            f"{value(part.rate)} {per_step(part.rounding, part.step)} "
            f"from {part.start} to {part.stop}"
        )
    if isinstance(part, n.Share):
        if part.base is None:
            return f"amount {value(part.rate)}"
        return f"{value(part.rate)} of {part.base.name}"
    return f"unavailable time of {part.objective.name}"


def bounds(parts: tuple[n.Bound, ...]) -> str:
    return " and ".join(f"{b.op} {value(b.value)}" for b in parts)


def metric_target(part: n.MetricTarget | None) -> str:
    if part is None:
        return "none"
    statistic = part.statistic
    if part.percentile is not None:
        statistic += f" {decimal(part.percentile)}"
    return f"{statistic} {part.op} {value(part.value)}"


def recurring(part: n.Recurring | None) -> str:
    if part is None:
        return "none"
    return f"repeat {part.event} from {part.start} until {part.stop}"


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


# --------------------------------------------------------------------------- long values

_CONTEXT_WORDS = 4


def excerpts(old: str | None, new: str | None, width: int = 72) -> tuple[str | None, str | None]:
    """Two long spellings cut to what differs, with a few words around it and `…` for the rest.

    Short ones (at most `width` characters each) are kept whole; a lone one is cut at `width`.
    """
    if (old is None or len(old) <= width) and (new is None or len(new) <= width):
        return old, new
    if old is None or new is None:
        alone = old if new is None else new
        assert alone is not None
        return (None, _cut(alone, width)) if old is None else (_cut(alone, width), None)
    before, after = old.split(" "), new.split(" ")
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    limit = min(len(before), len(after)) - start
    while end < limit and before[-1 - end] == after[-1 - end]:
        end += 1
    return _middle(before, start, end, width), _middle(after, start, end, width)


def _middle(words: list[str], start: int, end: int, width: int) -> str:
    first = max(start - _CONTEXT_WORDS, 0)
    last = min(len(words) - end + _CONTEXT_WORDS, len(words))
    text = " ".join(words[first:last])
    cut = len(text) > 2 * width
    if cut:
        text = text[: 2 * width].rstrip()
    return ("…" if first > 0 else "") + text + ("…" if cut or last < len(words) else "")


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width].rstrip() + "…"
