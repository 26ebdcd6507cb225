"""Run one case: its events through its contract, as `sladsl eval --format json` would.

Input: a checked contract and a loaded `cases.Case`. Output: the report of interface.md
section 3 as a dict (`sladsl.evaluate.engine.run_stream(...).report()`).

Invariants: the evaluator and the event reader are used through their public API only, read-only;
inline events are written to a temporary file, removed afterwards, so that lines count from 1 in
the case's own text (event tables: one line per table, in order). The report's `rejected[].file`
then names that temporary file; the comparison looks at lines and reasons only.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from sladsl import nodes as n
from sladsl.evaluate.engine import run_stream
from sladsl.events import EventStream
from sladsl.testing.cases import Case


def evaluate_case(contract: n.Contract, case: Case) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="sladsl-test-") as folder:
        source = case.events.path
        if source is None:
            source = Path(folder) / "events.jsonl"
            source.write_text(case.events.text or "", encoding="utf-8")
        stream = EventStream([str(source)], tz=case.tz)
        evaluation = run_stream(
            contract,
            case.params,
            stream,
            period=case.period,
            start=case.start,
            end=case.end,
            customer=case.customer,
        )
        return evaluation.report()
