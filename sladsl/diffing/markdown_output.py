"""The `md` format of `sladsl diff`: Markdown for a pull-request comment.

Input: the two file names as given and the `Change`s. Output: a `##` heading naming the files,
a summary line, then per clause a `###` heading and a table with the columns Change, Before,
After and Verdict (`better for the customer`, `worse for the customer`, or empty); with no change,
the heading and the line `No change in meaning.`.

Invariants: GitHub-flavoured Markdown that renders as written: values are code spans, `|` in a
cell is escaped, no cell holds a line break; long values are cut as in the text output.
"""

from __future__ import annotations

from sladsl.diffing import wording
from sladsl.diffing.changes import Change
from sladsl.diffing.groups import count, groups, tally


def _code(text: str | None) -> str:
    if text is None:
        return ""
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _row(change: Change) -> str:
    old, new = wording.excerpts(change.old, change.new)
    what = change.subject
    if change.change != "changed":
        what = f"{'new' if change.change == 'added' else 'removed'} {what}"
    cells = [what, _code(old), _code(new), change.verdict or ""]
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def format_markdown(old_file: str, new_file: str, changes: list[Change]) -> str:
    lines = [f"## Contract changes: {_code(old_file)} → {_code(new_file)}", ""]
    if not changes:
        lines.append("No change in meaning.")
        return "\n".join(lines) + "\n"
    lines.extend([f"**{count(changes)}**: {tally(changes)}.", ""])
    for group in groups(changes):
        title = "" if group.clause == group.name else f": {_cell(group.clause)}"
        lines.append(f"### {group.kind} {_code(group.name)}{title}")
        lines.append("")
        lines.append("| Change | Before | After | Verdict |")
        lines.append("| --- | --- | --- | --- |")
        lines.extend(_row(change) for change in group.changes)
        lines.append("")
    return "\n".join(lines)
