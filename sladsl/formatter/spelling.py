"""The canonical spelling of the parts of a statement: strings, numbers with units, values,
periods and conditions.

Input: AST values (`sladsl.nodes`). Output: `Lines`, the text of the part: its first line goes on
from whatever is before it on the same line, the following ones (a `by` table's rows, a long
text's lines) are indented relative to the statement that holds it. Empty lines stay empty.

Invariants: reading a part back gives an equal AST value (strings are checked by reading them
back with the builder's own `unquote`); numbers keep the digits the author wrote (`99.90%` stays
`99.90%`), units take one spelling (`4h`, `30min`, `250ms`, `90s`, `2 days`, `1 week`,
`3 months`, `1 year`, `100 USD`, `99.9%`); a `by` table puts each row on a line of its own.
"""

from __future__ import annotations

import re
from decimal import Decimal

from lark import Token

from sladsl import nodes as n
from sladsl.builder import MONTHS, WEEKDAYS, unquote
from sladsl.grammar import keywords

Lines = list[str]
INDENT = "  "
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_ZONE_PART = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_GLUED_UNITS = {"ms": "ms", "s": "s", "min": "min", "h": "h"}
_WORD_UNITS = {"day": "day", "week": "week", "month": "month", "year": "year"}
_PRECEDENCE = {n.AnyOf: 1, n.AllOf: 2}
_SUFFIXES = {1: "st", 2: "nd", 3: "rd"}


# --------------------------------------------------------------------------- joining lines


def join(*parts: str | Lines) -> Lines:
    """The parts one after the other: each part's first line goes on the current last line."""
    out = [""]
    for part in parts:
        lines = [part] if isinstance(part, str) else part
        out[-1] += lines[0]
        out.extend(lines[1:])
    return out


def spaced(*parts: str | Lines | None) -> Lines:
    """The parts separated by single spaces; None and empty parts are left out."""
    kept = [p for p in parts if p is not None and p != "" and p != [""]]
    out: list[str | Lines] = []
    for index, part in enumerate(kept):
        out.extend([" ", part] if index else [part])
    return join(*out) if out else [""]


def indented(lines: Lines, prefix: str = INDENT) -> Lines:
    """All lines but the first moved right by `prefix` (empty lines stay empty)."""
    return lines[:1] + [prefix + line if line else line for line in lines[1:]]


def listed(items: list[Lines], separator: str = ", ") -> Lines:
    out: list[str | Lines] = []
    for index, item in enumerate(items):
        out.extend([separator, item] if index else [item])
    return join(*out) if out else [""]


# --------------------------------------------------------------------------- strings


def string(value: str) -> Lines:
    """`"..."` with escapes; a text of several lines as `\"\"\"...\"\"\"` over as many lines,
    unless that would not read back the same or would leave white space at the end of a line."""
    lines = value.split("\n")
    if len(lines) > 1 and value == value.strip() and all(x == x.rstrip() for x in lines):
        long = _long_string(value)
        if unquote(Token("LONG_STRING", "\n".join(long))) == value:
            return long
    return [_short_string(value)]


def _short_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + escaped.replace("\t", "\\t") + '"'


def _long_string(value: str) -> Lines:
    body = re.sub(r'"(?="")', '\\\\"', value.replace("\\", "\\\\"))
    return ['"""', *(INDENT + line if line.strip() else "" for line in body.split("\n")), '"""']


def title(value: str | None) -> Lines | None:
    return None if value is None else string(value)


def zone(value: str) -> str:
    """`Europe/Berlin` as a path of names when it reads back as one, else quoted."""
    parts = value.split("/")
    if all(_ZONE_PART.fullmatch(p) and p not in keywords() for p in parts):
        return value
    return _short_string(value)


# --------------------------------------------------------------------------- numbers and units


def decimal(value: Decimal) -> str:
    """A number in plain notation: `99.9`, `1000`, never `1E+3`."""
    text = f"{value:f}"
    return text if _NUMBER.fullmatch(text) else f"{value.normalize():f}"


def _digits(spelled: str, value: Decimal) -> str:
    """The digits as the author wrote them (`99.90`), or the canonical decimal if unknown."""
    match = _NUMBER.match(spelled)
    if match and Decimal(match.group()) == value:
        return match.group()
    return decimal(value)


def percent(node: n.Percent) -> str:
    return _digits(node.text, node.value) + "%"


def money(node: n.Money) -> str:
    return f"{_digits(node.text, node.amount)} {node.currency}"


def number(node: n.Number) -> str:
    return _digits(node.text, node.value)


def duration(node: n.Duration) -> str:
    """`4h`, `30min`, `2 days`; `28 consecutive days` keeps the word `consecutive`."""
    digits = _digits(node.text, node.amount)
    consecutive = "consecutive" in node.text
    if node.unit in _GLUED_UNITS and not consecutive:
        return digits + _GLUED_UNITS[node.unit]
    unit = _WORD_UNITS.get(node.unit, node.unit)
    if node.amount != 1 and node.unit in _WORD_UNITS:
        unit += "s"
    return f"{digits} consecutive {unit}" if consecutive else f"{digits} {unit}"


def ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{_SUFFIXES.get(number % 10, 'th')}"


def weekday(index: int) -> str:
    return WEEKDAYS[index]


def month(index: int) -> str:
    return MONTHS[index - 1]


def days(count: int) -> str:
    """A whole number of days, as a holiday offset: `1 day`, `2 days`."""
    return f"{count} day" if count == 1 else f"{count} days"


# --------------------------------------------------------------------------- values


def value(node: n.Value) -> Lines:
    if isinstance(node, n.Percent):
        return [percent(node)]
    if isinstance(node, n.Duration):
        return [duration(node)]
    if isinstance(node, n.Money):
        return [money(node)]
    if isinstance(node, n.Number):
        return [number(node)]
    if isinstance(node, n.Text):
        return string(node.value)
    if isinstance(node, n.Ref):
        return [node.name]
    return by_table(node)


def by_table(node: n.ByTable) -> Lines:
    """`by plan {`, a row per line (`PRO, BUSINESS: 1h`, `else: 1 day`), `}`."""
    rows: list[Lines] = [
        join(", ".join(c.name for c in case.choices), ": ", value(case.value))
        for case in node.cases
    ]
    if node.otherwise is not None:
        rows.append(join("else: ", value(node.otherwise)))
    body = [INDENT + line if line else line for row in rows for line in row]
    return [f"by {node.param.name} {{", *body, "}"]


def amount_of(node: n.AmountOf) -> Lines:
    return spaced(value(node.value), None if node.base is None else f"of {node.base.name}")


def period(node: n.Period) -> Lines:
    if isinstance(node, n.CalendarPeriod):
        return [f"calendar {node.unit}"]
    return join("rolling ", value(node.length))


def names(refs: tuple[n.Ref, ...]) -> str:
    return ", ".join(r.name for r in refs)


def calendar(ref: n.Ref | None) -> str:
    return "24x7" if ref is None else ref.name


# --------------------------------------------------------------------------- conditions


def condition(node: n.Condition) -> Lines:
    """`a or b and not c`: parentheses only where the grouping needs them."""
    if isinstance(node, n.AnyOf | n.AllOf):
        word = " or " if isinstance(node, n.AnyOf) else " and "
        level = _PRECEDENCE[type(node)]
        parts = [_operand(o, level) for o in node.operands]
        return listed(parts, word)
    if isinstance(node, n.Not):
        if isinstance(node.operand, n.Compare | n.Member):  # `not (a = b)`, read as it means
            return join("not (", condition(node.operand), ")")
        return join("not ", _operand(node.operand, 3))
    if isinstance(node, n.Compare):
        return join(node.fact.dotted, f" {node.op} ", value(node.value))
    if isinstance(node, n.Member):
        return join(node.fact.dotted, " in [", listed([value(v) for v in node.values]), "]")
    if isinstance(node, n.OpenedOutside):
        where = "inside" if node.inside else "outside"
        return [f"opened {where} {calendar(node.calendar)}"]
    if isinstance(node, n.IsMet):
        return [f"{node.objective.name} {'met' if node.met else 'not met'}"]
    return [node.name.name]


def _operand(node: n.Condition, level: int) -> Lines:
    """An operand of `or` (level 1), `and` (2) or `not` (3): grouped when it binds less tightly,
    or as tightly (`a and (b and c)` is another tree than `a and b and c`)."""
    inner = _PRECEDENCE.get(type(node))
    if inner is not None and inner <= level:
        return join("(", condition(node), ")")
    return condition(node)
