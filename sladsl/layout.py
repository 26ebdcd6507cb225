"""Where things are in a contract's text: the outline of its clauses and statements, its comments.

Input: the Lark tree of a text that parsed, the `COMMENT` tokens met while parsing it (see
`grammar.collecting_comments`), and the text itself. Output: a `Layout` of plain values: every
top-level item and every statement of a clause as a `Node` (its grammar rule, where it starts and
ends, where its `{` is), and every comment with its position. The formatter (`sladsl.formatter`)
reads it to put comments back next to what they were written beside, and to keep the few choices
the AST does not record (`in 24x7` on a timer row, `total time whole period`).

Invariants: no Lark object survives in the output; positions are (line, column) pairs counted
from 1, an end is the position just after the last character; nodes and comments are listed in
source order; a comment's text is its token with trailing white space removed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

import attrs
from lark import Token, Tree

Position = tuple[int, int]

# Top-level items whose statements sit between braces (a service's braces are optional).
BLOCK_KINDS = frozenset(
    {
        "contract", "service", "calendar", "severities", "exclusion", "availability", "metric",
        "timer", "count", "remedy", "cap", "claims", "obligation", "clause",
    }
)  # fmt: skip
_GAP = re.compile(r"(?:\s|#[^\n]*)*")


@attrs.frozen
class Comment:
    """`# ...` at (line, column); `blank_after`: an empty line follows it in the text."""

    text: str
    line: int
    column: int
    blank_after: bool = False

    @property
    def start(self) -> Position:
        return (self.line, self.column)


@attrs.frozen
class Node:
    """A top-level item, a statement, or a row of a `when ... { }` block (its `children`).

    `key` is the grammar's name for it (`availability`, `services`, `text`, `timer_row`...);
    `brace` is where its `{` is, for clauses and `when` blocks; `always` marks a timer row that
    writes `in 24x7`.
    """

    key: str
    start: Position
    end: Position
    brace: Position | None = None
    children: tuple[Node, ...] = ()
    always: bool = False

    def contains(self, at: Position) -> bool:
        return self.start <= at < self.end

    def timer_rows(self) -> tuple[Node, ...]:
        """A timer's rows, those inside `when` blocks included, in source order."""
        rows = [c for c in self.children if c.key == "timer_row"]
        rows.extend(r for c in self.children if c.key == "guarded" for r in c.children)
        return tuple(sorted(rows, key=lambda r: r.start))


@attrs.frozen
class Layout:
    items: tuple[Node, ...]
    comments: tuple[Comment, ...]


def outline(tree: Tree[Token], comments: Sequence[Token], source: str) -> Layout:
    lines = source.split("\n")
    finder = _BraceFinder(source)
    items = tuple(_item(child, finder) for child in tree.children if isinstance(child, Tree))
    return Layout(items, tuple(_comment(token, lines) for token in comments))


def _comment(token: Token, lines: list[str]) -> Comment:
    line = token.line or 1
    following = lines[line] if line < len(lines) else None
    blank = following is not None and not following.strip()
    return Comment(str(token).rstrip(), line, token.column or 1, blank)


def _start(tree: Tree[Token]) -> Position:
    return (tree.meta.line, tree.meta.column)


def _end(tree: Tree[Token]) -> Position:
    return (tree.meta.end_line, tree.meta.end_column)


def _item(tree: Tree[Token], finder: _BraceFinder) -> Node:
    key = str(tree.data)
    if key not in BLOCK_KINDS:  # param, or a top-level section/text/assume/note
        return Node(key, _start(tree), _end(tree))
    title_at = next(i for i, c in enumerate(tree.children) if _is(c, "title"))
    title = tree.children[title_at]
    assert isinstance(title, Tree)
    if getattr(title.meta, "empty", True):
        name = tree.children[title_at - 1]
        assert isinstance(name, Token)
        brace = finder.after(name.end_pos or 0)
    else:
        brace = finder.after(title.meta.end_pos)
    statements = tuple(
        _statement(c, finder) for c in tree.children[title_at + 1 :] if isinstance(c, Tree)
    )
    return Node(key, _start(tree), _end(tree), brace, statements)


def _statement(tree: Tree[Token], finder: _BraceFinder) -> Node:
    key = str(tree.data)
    if key == "timer_row":
        return Node(key, _start(tree), _end(tree), always=_writes_always(tree))
    if key == "guarded":
        condition = tree.children[0]
        assert isinstance(condition, Tree)
        brace = finder.after(condition.meta.end_pos)
        rows = tuple(
            _statement(c, finder)
            for c in tree.children[1:]
            if isinstance(c, Tree) and str(c.data) == "timer_row"
        )
        return Node(key, _start(tree), _end(tree), brace, rows)
    return Node(key, _start(tree), _end(tree))


def _writes_always(row: Tree[Token]) -> bool:
    limit = row.children[-1]
    return isinstance(limit, Tree) and any(_is(c, "always") for c in limit.children)


def _is(child: object, data: str) -> bool:
    return isinstance(child, Tree) and str(child.data) == data


class _BraceFinder:
    """The `{` that follows an offset, past white space and comments, as (line, column)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", source))]

    def after(self, offset: int) -> Position | None:
        at = _GAP.match(self.source, offset)
        brace = at.end() if at else offset
        if not self.source.startswith("{", brace):
            return None
        line = bisect.bisect_right(self.line_starts, brace)
        return (line, brace - self.line_starts[line - 1] + 1)
