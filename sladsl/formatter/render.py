"""Laying out the printed items and their comments as the text of a contract file.

Input: the top-level items as `formatter.clauses.Out` trees, and the comments placed by
`formatter.comments.attach`. Output: the text: two spaces of indentation per level, one statement
per line, a blank line between top-level items (none between parameters in a row, nor between
top-level notes in a row), `{}` for an empty clause, LF line ends, one newline at the end.

Invariants: every comment given is written exactly once: a leading comment on its own line
before its item or statement (an empty line after it where the text had one), a trailing comment
two spaces after the end of its line, an opening one after the `{`, a closing one before the `}`
(or at the end of the file). Should a comment's place not be printed (`comments.attach` already
leaves out empty `when ... { }` blocks, so this is a safety net), it goes before the `}` of its
clause, or at the end of the file. No line ends in white space.
"""

from __future__ import annotations

from sladsl.formatter.clauses import Out
from sladsl.formatter.comments import END, Attached, Path
from sladsl.formatter.spelling import INDENT
from sladsl.layout import Comment


def render(items: list[Out], attached: dict[Path, Attached]) -> str:
    comments = _rehomed(items, attached)
    lines: list[str] = []
    previous: Out | None = None
    for index, item in enumerate(items):
        if previous is not None and (item.group is None or item.group != previous.group):
            lines.append("")
        _emit(item, (index,), "", comments, lines)
        previous = item
    end = comments.get(END)
    if end is not None and end.closing:
        if items:
            lines.append("")
        _own_lines(end.closing, "", lines, blank_after_last=False)
    return "\n".join(lines) + "\n" if lines else ""


def _emit(
    out: Out, path: Path, indent: str, comments: dict[Path, Attached], lines: list[str]
) -> None:
    placed = comments.get(path) or Attached()
    _own_lines(placed.leading, indent, lines)
    trailing = placed.trailing  # one fits at the end of the line; any others go before it
    _own_lines(trailing[:-1], indent, lines, blank=False)
    tail = f"  {trailing[-1].text}" if trailing else ""
    head = list(out.head)
    has_block_comments = bool(placed.opening or placed.closing)
    if out.body is None or (out.braces_optional and not out.body and not has_block_comments):
        _put(head, indent, lines)
        lines[-1] += tail
        return
    if not out.body and not has_block_comments:
        head[-1] += " {}"
        _put(head, indent, lines)
        lines[-1] += tail
        return
    head[-1] += " {" + (f"  {placed.opening[0].text}" if placed.opening else "")
    _put(head, indent, lines)
    inner = indent + INDENT
    _own_lines(placed.opening[1:], inner, lines, blank=False)
    for child in out.body:
        _emit(child, (path[0], child.slot), inner, comments, lines)
    _own_lines(placed.closing, inner, lines, blank_after_last=False)
    lines.append(indent + "}" + tail)


def _put(head: list[str], indent: str, lines: list[str]) -> None:
    lines.extend(indent + line if line else "" for line in head)


def _own_lines(
    comments: list[Comment],
    indent: str,
    lines: list[str],
    blank: bool = True,
    blank_after_last: bool = True,
) -> None:
    """Comments on lines of their own; with `blank`, an empty line where the text had one."""
    for index, comment in enumerate(comments):
        lines.append(indent + comment.text)
        last = index == len(comments) - 1
        if blank and comment.blank_after and (blank_after_last or not last):
            lines.append("")


def _printed(items: list[Out]) -> set[Path]:
    paths: set[Path] = set()
    for index, item in enumerate(items):
        paths.add((index,))
        stack = list(item.body or ())
        while stack:
            out = stack.pop()
            paths.add((index, out.slot))
            stack.extend(out.body or ())
    return paths


def _rehomed(items: list[Out], attached: dict[Path, Attached]) -> dict[Path, Attached]:
    """The comments, those of places that are not printed moved before their clause's `}`."""
    printed = _printed(items)
    comments = {
        path: Attached(list(a.leading), list(a.trailing), list(a.opening), list(a.closing))
        for path, a in attached.items()
        if path in printed or path == END
    }
    for path, placed in attached.items():
        if path in comments:
            continue
        first = path[0]
        home: Path = END
        if isinstance(first, int) and (first,) in printed and items[first].body is not None:
            home = (first,)
        target = comments.setdefault(home, Attached())
        moved = [*placed.leading, *placed.trailing, *placed.opening, *placed.closing]
        target.closing = sorted([*target.closing, *moved], key=lambda c: c.start)
    return comments
