"""A plain-text dump of an AST, for golden files and for reading what the parser built.

Input: any node of `sladsl.nodes` (usually a `Contract`), or a value that may appear inside one
(a tuple, a string, a `Decimal`, an int, a bool).
Output: indented text, one field per line, ending in a newline:

    Contract
      header: ContractHeader
        name: "voip"
      declarations:
        - Param
            name: "monthly_fee"
            type: ParamType
              kind: "money"

A node prints as its class name, then each field as `name: value` in declaration order, indented
two spaces; a nested node starts on the field's line and its own fields follow, two spaces deeper;
a tuple lists its items as `- item` lines. Strings are quoted (JSON escapes, non-ASCII kept as is),
`Decimal`s are written in plain notation (`99.9`, never `9.99E+1`), booleans as `true`/`false`.

Invariants:
- deterministic: the same tree always gives the same text, whatever process or platform;
- `dump(a) == dump(b)` exactly when `a == b`: every attrs field declared with `eq=False` (spans,
  the `text` of values, `Contract.header_spans`) is left out, and so is nothing else that equality
  sees, except a field holding None, an empty tuple or the field's declared default (such as
  `Doc()` or `False`). Each field has only one such "absent" value, so leaving it out loses
  nothing. Equal `Decimal`s written differently (`99.90` and `99.9`) print the same;
- never raises on a tree built by the parser; a value of any other type raises `TypeError`.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, cast

import attrs

__all__ = ["dump"]

_INDENT = "  "


def dump(node: object) -> str:
    """The indented text of `node` and everything under it, ending in a newline."""
    lines: list[str] = []
    _node_lines(node, "", "", lines)
    return "\n".join(lines) + "\n"


def _scalar(value: object) -> str | None:
    """The one-line text of a plain value, or None if `value` is a node or a tuple."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Decimal):
        return _decimal(value)
    if isinstance(value, int):
        return str(value)
    if value is None:
        return "none"
    return None


def _decimal(value: Decimal) -> str:
    if not value.is_finite():
        return str(value)
    if value.is_zero():
        return "0"  # 0, 0.0 and -0 are all equal
    return f"{value.normalize():f}"


def _shown_fields(node: object) -> list[tuple[str, object]]:
    """The (name, value) pairs of the fields that take part in equality and are not absent."""
    shown: list[tuple[str, object]] = []
    for field in attrs.fields(cast(Any, type(node))):
        if not field.eq:
            continue
        value = getattr(node, field.name)
        if value is None or (isinstance(value, tuple) and not value):
            continue
        if field.default is not attrs.NOTHING and _same(value, field.default):
            continue
        shown.append((field.name, value))
    return shown


def _same(value: object, default: object) -> bool:
    """`value == default`, without taking `True` for `1` or `0` for `False`."""
    return type(value) is type(default) and value == default


def _node_lines(value: object, first: str, indent: str, lines: list[str]) -> None:
    """Append the lines of `value`; the first line starts with `first` (a field name or `- `),
    the following ones with `indent`."""
    scalar = _scalar(value)
    if scalar is not None:
        lines.append(first + scalar)
        return
    if isinstance(value, tuple):
        header = first.rstrip()
        if header:  # a field or an item; a tuple given to `dump` itself has no header line
            lines.append(header)
        inner = indent + _INDENT if header else indent
        for item in value:
            _node_lines(item, inner + "- ", inner + _INDENT, lines)
        return
    if not attrs.has(type(value)):
        raise TypeError(f"cannot dump a {type(value).__name__}: {value!r}")
    lines.append(first + type(value).__name__)
    for name, field_value in _shown_fields(value):
        _node_lines(field_value, f"{indent}{_INDENT}{name}: ", indent + _INDENT, lines)
