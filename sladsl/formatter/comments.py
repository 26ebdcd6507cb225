"""Which item or statement each comment belongs to.

Input: a `layout.Layout` (the comments and where every item and statement is). Output: the
comments by `Path`, each as leading (on lines of their own before it), trailing (after it, on the
line where it ends), opening (after a clause's `{`, on that line) or closing (on lines of their own
before a clause's `}`, or at the end of the file).

A comment belongs to the next item or statement after it, in the innermost clause (or `when`
block) that holds it; to the one before it when it is on the line where that one ends; at the end
of a clause, to the clause's end. A comment inside a statement (between the rows of a `by` table,
say) leads that statement.

Invariants: every comment is placed exactly once, in source order within its place. Paths name
what `formatter.clauses` prints: `(i,)` is the i-th top-level item, `(i, slot)` a statement of it
(a timer's rows, in or out of a `when` block, are `("row", k)`; the block is `("guard", k)` after
its first row), and `END` the end of the file.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterator

import attrs

from sladsl.layout import Comment, Layout, Node, Position

Path = tuple[object, ...]
END: Path = ("end",)
# Statements that the AST gathers into one list, printed as one statement.
MERGED = frozenset({"services", "excluding", "causes", "applies_to"})
# Grammar rules printed under one name: the alternatives of one statement.
SLOT_NAMES = {
    "count_tickets": "subject",
    "count_outages": "subject",
    "count_periods": "subject",
    "more_than": "threshold",
    "at_least": "threshold",
    "in_a_row": "threshold",
    "per_unit_share": "formula",
    "per_unit_rate": "formula",
    "share": "formula",
    "amount": "formula",
    "unavailable_time": "formula",
}


@attrs.define
class Attached:
    leading: list[Comment] = attrs.Factory(list)
    trailing: list[Comment] = attrs.Factory(list)
    opening: list[Comment] = attrs.Factory(list)
    closing: list[Comment] = attrs.Factory(list)

    def __bool__(self) -> bool:
        return bool(self.leading or self.trailing or self.opening or self.closing)


@attrs.frozen
class _Placed:
    """A node of the layout with the path the printer gives it, and its own placed children."""

    path: Path
    node: Node
    children: tuple[_Placed, ...] = ()
    starts: tuple[Position, ...] = attrs.field(init=False)

    @starts.default
    def _starts(self) -> tuple[Position, ...]:
        return tuple(c.node.start for c in self.children)


def attach(layout: Layout) -> dict[Path, Attached]:
    root = _Placed(END, Node("file", (0, 0), (0, 0)), tuple(_items(layout)))
    found: dict[Path, Attached] = {}
    for comment in layout.comments:
        path, where = _locate(comment.start, root)
        getattr(found.setdefault(path, Attached()), where).append(comment)
    return found


def _items(layout: Layout) -> Iterator[_Placed]:
    for index, item in enumerate(layout.items):
        yield _Placed((index,), item, tuple(_statements(index, item)))


def _statements(index: int, item: Node) -> Iterator[_Placed]:
    seen: Counter[str] = Counter()
    rows = {id(row): k for k, row in enumerate(item.timer_rows())}
    for statement in item.children:
        if statement.key == "timer_row":
            yield _Placed((index, ("row", rows[id(statement)])), statement)
        elif statement.key == "guarded":
            if not statement.children:  # `when ... { }`: nothing of it is printed
                continue
            block = tuple(
                _Placed((index, ("row", rows[id(row)])), row) for row in statement.children
            )
            first = rows[id(statement.children[0])]
            yield _Placed((index, ("guard", first)), statement, block)
        else:
            name = SLOT_NAMES.get(statement.key, statement.key)
            occurrence = 0 if name in MERGED else seen[name]
            seen[name] += 1
            yield _Placed((index, (name, occurrence)), statement)


def _locate(at: Position, block: _Placed) -> tuple[Path, str]:
    """Where a comment at `at`, inside `block`'s braces (or the file), goes."""
    children = block.children
    brace = block.node.brace
    if brace is not None and at[0] == brace[0] and (not children or at < children[0].node.start):
        return block.path, "opening"
    index = bisect.bisect_right(block.starts, at) - 1  # the last child that starts before it
    if index >= 0:
        before = children[index]
        if before.node.contains(at):
            inner = before.node.brace
            if inner is not None and at > inner:
                return _locate(at, before)
            return before.path, "leading"
        if before.node.end[0] == at[0]:  # it ended earlier on the comment's line
            return before.path, "trailing"
    if index + 1 < len(children):
        return children[index + 1].path, "leading"
    return block.path, "closing"
