"""The JSON report, written one customer at a time.

Input: an `Evaluation` (`engine.run_stream`) and a binary output. Output: the bytes of
`orjson.dumps(evaluation.report(), option=OPT_INDENT_2)` and a newline, exactly, but written
section by section: the head first, then each customer's periods and claims as they are made,
so that memory holds one customer's report at a time, not the whole report of a long stream.

Invariant: byte-identical to dumping the whole report (tests/test_report_json.py checks both
shapes); orjson writes a nested value as it writes it alone, indented by its depth.
"""

from __future__ import annotations

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
        for key in ("periods", "claims"):
            out.write(b',\n  "' + key.encode() + b'": ' + _nested(section[key], 2))
    else:
        out.write(b',\n  "customers": [')
        for index, section in enumerate(sections):
            out.write((b",\n    " if index else b"\n    ") + _nested(section, 4))
        out.write(b"\n  ]")
    out.write(b"\n}\n")


def _nested(value: Any, depth: int) -> bytes:
    """A value as orjson writes it `depth` spaces in: every line after the first indented."""
    return orjson.dumps(value, option=_INDENT).replace(b"\n", b"\n" + b" " * depth)
