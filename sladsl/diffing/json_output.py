"""The `json` format of `sladsl diff`: the changes for programs.

Input: the two file names as given and the `Change`s. Output: one JSON object,
`{"old": FILE, "new": FILE, "changes": [...]}`, each change with the keys, in this order:
`clause` (the clause's title, or its name), `kind` (`availability`, `credit`, `contract`...),
`name`, `field` (a path such as `target`, `rows[critical]`, `formula.rounding`; null for a whole
clause), `change` (`added`, `removed`, `changed`), `old` and `new` (spelled as the contract
language writes them, null on the side that lacks it), `better_for` (`customer`, `provider` or
null) and `description` (the text output's line, whole).

Invariants: byte-stable for the same input (keys in a fixed order, two-space indent, UTF-8
unescaped, a final newline); values are never cut; no floats anywhere.
"""

from __future__ import annotations

import json

from sladsl.diffing.changes import Change


def change_object(change: Change) -> dict[str, str | None]:
    return {
        "clause": change.clause,
        "kind": change.kind,
        "name": change.name,
        "field": change.field,
        "change": change.change,
        "old": change.old,
        "new": change.new,
        "better_for": change.better_for,
        "description": change.description,
    }


def format_json(old_file: str, new_file: str, changes: list[Change]) -> str:
    report = {
        "old": old_file,
        "new": new_file,
        "changes": [change_object(change) for change in changes],
    }
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
