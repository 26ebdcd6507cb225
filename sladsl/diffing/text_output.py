"""The `text` format of `sladsl diff`: one line per change, grouped by clause.

Input: the two file names as given and the `Change`s. Output: for each clause a heading line
(`availability uptime "Service Availability"`) and its changes indented two spaces
(`availability target: 99.99% -> 99.9% (worse for the customer)`), a blank line between
clauses, then a summary line (`2 changes from OLD to NEW: 1 better for the customer, 1
without a verdict`); with no change, the single line `OLD and NEW have the same meaning`.

Invariants: deterministic; long values are cut to what differs (`wording.excerpts`), the JSON
output keeps them whole; ends with a newline.
"""

from __future__ import annotations

from sladsl.diffing import wording
from sladsl.diffing.changes import Change
from sladsl.diffing.groups import count, groups, tally


def line(change: Change) -> str:
    old, new = wording.excerpts(change.old, change.new)
    verdict = change.verdict
    return change.words(old, new) + (f" ({verdict})" if verdict else "")


def format_text(old_file: str, new_file: str, changes: list[Change]) -> str:
    if not changes:
        return f"{old_file} and {new_file} have the same meaning\n"
    blocks = []
    for group in groups(changes):
        lines = [group.heading] + ["  " + line(change) for change in group.changes]
        blocks.append("\n".join(lines) + "\n")
    return (
        "\n".join(blocks) + f"\n{count(changes)} from {old_file} to {new_file}: {tally(changes)}\n"
    )
