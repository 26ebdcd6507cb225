"""The JSON report, written one customer at a time.

Input: an `Evaluation` (`engine.run_stream`) and a binary output. Output: the bytes of
`orjson.dumps(evaluation.report(), option=OPT_INDENT_2)` and a newline, exactly, but written
piece by piece: the head first, then each customer's periods, one at a time as they are made,
and claims, so that memory holds one period's report at a time, not the whole report of a long
stream (nor of a far `--to`).

Invariant: byte-identical to dumping the whole report (tests/test_report_json.py checks both
shapes); orjson writes a nested value as it writes it alone, indented by its depth.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, BinaryIO

import orjson

from sladsl.evaluate.engine import Evaluation

__all__ = ["write_json"]

_INDENT = orjson.OPT_INDENT_2


def write_json(evaluation: Evaluation, out: BinaryIO) -> None:
    """Write the report as indented JSON, with a final newline."""
    head = orjson.dumps(evaluation.head, option=_INDENT)
    assert head.endswith(b"\n}")
    out.write(head[:-2])
    sections = evaluation.sections()
    if not evaluation.per_customer:
        (section,) = sections
        out.write(b',\n  "periods": ')
        _write_list(out, section["periods"], 2)
        out.write(b',\n  "claims": ' + _nested(section["claims"], 2))
    else:
        out.write(b',\n  "customers": [')
        for index, section in enumerate(sections):
            out.write(b",\n    {\n" if index else b"\n    {\n")
            out.write(b'      "customer": ' + orjson.dumps(section["customer"]))
            out.write(b',\n      "periods": ')
            _write_list(out, section["periods"], 6)
            out.write(b',\n      "claims": ' + _nested(section["claims"], 6) + b"\n    }")
        out.write(b"\n  ]")
    out.write(b"\n}\n")


def _write_list(out: BinaryIO, items: Iterable[Any], depth: int) -> None:
    """A list, `depth` spaces in, as orjson writes it, an item at a time (`[]` when empty)."""
    inner = b"\n" + b" " * (depth + 2)
    empty = True
    for item in items:
        out.write((b"[" if empty else b",") + inner + _nested(item, depth + 2))
        empty = False
    out.write(b"[]" if empty else b"\n" + b" " * depth + b"]")


def _nested(value: Any, depth: int) -> bytes:
    """A value as orjson writes it `depth` spaces in: every line after the first indented."""
    return orjson.dumps(value, option=_INDENT).replace(b"\n", b"\n" + b" " * depth)
