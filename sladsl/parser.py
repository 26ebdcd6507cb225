"""Parsing contract text into the AST.

Input: the text of one contract file and the name to report it under (`read_contract` reads a
file's text: UTF-8, line endings made `\\n`, or `UnreadableContract` with a one-line reason that
names the line and column of a byte that is not UTF-8).
Output: a `ParseResult`: the `nodes.Contract` (None when the text has syntax errors) and the
diagnostics found on the way, sorted by position; with `layout=True`, also the text's
`layout.Layout` (its comments, and where each clause and statement is), for the formatter.

Invariants: `parse` never raises on any input text; every problem becomes a diagnostic with a code
from `sladsl.codes`. A byte-order mark that starts the text is read as a space (`read_contract`
drops it, so that columns are as an editor shows them). Control characters (but tab and line
endings) and bidirectional overrides are errors wherever they are, SLA-E107: they are invisible
in an editor, or make the text read differently from what it means ("Trojan Source"), and would
reach the documents; each is read as a space, so the rest is still checked. After a syntax error
the parser resynchronises at the next top-level clause, so one broken clause yields one error and
the others are still read: a clause starts at a clause keyword outside any braces, or, after an
error in a clause whose braces do not balance, at the next line that starts in column 1 with a
clause keyword and a name (`availability up2 {`), as a clause does in any laid-out contract.
Nesting deeper than `MAX_DEPTH` is refused before Lark sees it (no `RecursionError` on
pathological input).
"""

from __future__ import annotations

import contextlib
import difflib
import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import attrs
from lark import Token
from lark.exceptions import (
    LarkError,
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
)

from sladsl.builder import build
from sladsl.diagnostics import Diagnostic, Span, sort_diagnostics
from sladsl.grammar import collecting_comments, keywords, lark_parser
from sladsl.layout import Layout, outline
from sladsl.nodes import Contract
from sladsl.shown_text import BIDI, controls_but
from sladsl.syntax_examples import hint_for
from sladsl.syntax_hints import lexical_hint
from sladsl.syntax_words import describe_expected, expected_hint

MAX_DEPTH = 64
TOP_LEVEL = frozenset(
    {
        "contract", "param", "service", "calendar", "severities", "exclusion", "availability",
        "metric", "timer", "count", "credit", "refund", "extension", "charge", "termination",
        "cap", "claims", "obligation", "clause", "section", "text", "assume", "note",
    }
)  # fmt: skip
# Clause keywords that also begin statements inside clauses (`service voip`, `cap 50% of fee`,
# `text "..."`): a line starting with one is no sure sign of a new clause after an error.
_AMBIGUOUS = frozenset({"service", "cap", "section", "text", "assume", "note"})
# An unmistakable clause start, in column 1: `availability up2 {`, `param fee: money`,
# `service voip "VoIP"`, `cap c "Cap" {`.
_CLAUSE_START = re.compile(r"[a-z]+[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]*(?P<next>[\"{:]|#|\n|$)")
_SCAN = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*|[(){}\[\]]|\n|\w+')


@attrs.frozen
class ParseResult:
    contract: Contract | None
    diagnostics: tuple[Diagnostic, ...]
    layout: Layout | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def ok(self) -> bool:
        return self.contract is not None


def parse(source: str, file: str = "<input>", *, layout: bool = False) -> ParseResult:
    """Parse one contract; syntax errors come back as diagnostics, never as exceptions.

    With `layout`, a text that parses also gets its `Layout` (comments and positions).
    """
    if source.startswith("\ufeff"):  # a byte-order mark, as some editors write: not content
        source = " " + source[1:]
    controls = _control_characters(source, file)
    if controls:
        source = _CONTROL.sub(" ", source)
    too_deep = _check_depth(source, file)
    if too_deep is not None:
        return ParseResult(None, tuple(sort_diagnostics([*controls, too_deep])))
    try:
        sink: contextlib.AbstractContextManager[list[Token]] = (
            collecting_comments() if layout else contextlib.nullcontext([])
        )
        with sink as comments:
            tree = lark_parser().parse(source)
    except UnexpectedInput:
        errors = [*controls, *_syntax_errors(source, file)]
        return ParseResult(None, tuple(sort_diagnostics(errors)))
    except LarkError as error:  # pragma: no cover - defensive: Lark's other errors
        return ParseResult(None, (Diagnostic("SLA-E102", str(error), None, file),))
    where = outline(tree, comments, source) if layout else None
    contract, diagnostics = build(tree, file)
    return ParseResult(contract, tuple(sort_diagnostics([*controls, *diagnostics])), where)


_CONTROL = controls_but("\t\n\r")  # tab and line ends are layout
_MAX_CONTROLS = 20  # reported one by one; a file full of them (a binary) gets this many


def _control_characters(source: str, file: str) -> list[Diagnostic]:
    """SLA-E107 for each control character or bidirectional override in the text."""
    found: list[Diagnostic] = []
    for match in itertools.islice(_CONTROL.finditer(source), _MAX_CONTROLS):
        char = match.group()
        line = source.count("\n", 0, match.start()) + 1
        column = match.start() - source.rfind("\n", 0, match.start())
        code_point = f"U+{ord(char):04X}"
        if char in BIDI:
            message = (
                f"a bidirectional override ({code_point}) in the contract: it makes the text "
                "show in another order than it is read"
            )
        else:
            message = (
                f"a control character ({code_point}) in the contract: invisible in an editor, it "
                "would reach the documents"
            )
        found.append(Diagnostic("SLA-E107", message, Span.point(line, column), file, "delete it"))
    return found


class UnreadableContract(Exception):  # noqa: N818 - a verdict on a file, not an internal error
    """A file that cannot be read or is not UTF-8: the message says which and why.

    The message is `cannot read PATH: REASON`; `reason` alone lets a caller name the file its own
    way, and `os_error` is the error of a file that could not be read at all (None for one that
    is not UTF-8), for a caller that words a missing file or a folder its own way.
    """

    def __init__(self, path: Path, reason: str, os_error: OSError | None = None) -> None:
        super().__init__(f"cannot read {path}: {reason}")
        self.path = path
        self.reason = reason
        self.os_error = os_error


def read_contract(path: Path) -> str:
    """The text of a contract file as an editor shows it: line endings made `\n` (as
    `Path.read_text` makes them), a leading byte-order mark dropped, so that columns on line 1
    count as in the plain file. Any UTF-8 text file can be read this way: `sladsl test` reads
    its TOML files with it too."""
    text = read_utf8(path)
    return text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")


def read_utf8(path: Path) -> str:
    """A file's text exactly as it is (for `sladsl fmt`, which writes it back); a file that
    cannot be read, or is not UTF-8, raises `UnreadableContract` naming the line and column."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableContract(path, error.strerror or str(error), error) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UnreadableContract(path, _not_utf8(data, error)) from None


def _not_utf8(data: bytes, error: UnicodeDecodeError) -> str:
    """Where and why `data` is not UTF-8: the line and column (in characters) of its first bad
    byte; a UTF-16 file said to be one."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "the file is UTF-16 text (it starts with a UTF-16 byte-order mark): save it as UTF-8"
    line_start = data.rfind(b"\n", 0, error.start) + 1
    line = data.count(b"\n", 0, error.start) + 1
    column = len(data[line_start : error.start].decode("utf-8")) + 1
    return f"not UTF-8 text: byte 0x{data[error.start]:02x} at line {line}, column {column}"


# --------------------------------------------------------------------------- nesting


def _check_depth(source: str, file: str) -> Diagnostic | None:
    """Refuse nesting deeper than MAX_DEPTH: brackets, and runs of `not` (which nest too)."""
    line, line_start = 1, 0
    outer_nots: list[int] = []  # `not`s in force around each open bracket
    nots = 0  # the current run of `not`s at this bracket level
    for match in _SCAN.finditer(source):
        text = match.group()
        if text == "\n":
            line, line_start = line + 1, match.end()
            continue
        if text.startswith('"'):
            line += text.count("\n")
            if "\n" in text:
                line_start = match.start() + text.rfind("\n") + 1
            nots = 0
            continue
        if text.startswith("#"):
            continue
        if text in "([{":
            outer_nots.append(nots)
            nots = 0
        elif text in ")]}":
            nots = 0
            if outer_nots:
                outer_nots.pop()
            continue
        elif text == "not":
            nots += 1
        else:
            nots = 0
            continue
        if len(outer_nots) + sum(outer_nots) + nots > MAX_DEPTH:
            return Diagnostic(
                "SLA-E106",
                f"conditions or blocks are nested more than {MAX_DEPTH} levels deep",
                Span.point(line, match.start() - line_start + 1),
                file,
                hint="split the condition or table into simpler parts",
            )
    return None


# --------------------------------------------------------------------------- syntax errors


def _chunks(source: str) -> Iterator[tuple[int, int]]:
    """(start, end) offsets of top-level clauses: a top-level keyword at bracket depth 0."""
    depth, starts = 0, [0]
    for match in _SCAN.finditer(source):
        text = match.group()
        if text in "([{":
            depth += 1
        elif text in ")]}":
            depth = max(depth - 1, 0)
        elif depth == 0 and text in TOP_LEVEL and match.start() > starts[-1]:
            starts.append(match.start())
    starts.append(len(source))
    for start, end in itertools.pairwise(starts):
        if source[start:end].strip():
            yield start, end


def _resume_at(source: str, position: int, end: int) -> int | None:
    """After an error at `position`, where the rest of a clause whose braces do not balance can
    be read as a new clause: the first line at or after it, before `end`, that starts in
    column 1 with a clause keyword and a name (strings and comments are skipped)."""
    for match in _SCAN.finditer(source, position, end):
        word = match.group()
        if word not in TOP_LEVEL or (match.start() > 0 and source[match.start() - 1] != "\n"):
            continue
        start = _CLAUSE_START.match(source, match.start())
        if start is None:
            continue
        if word not in _AMBIGUOUS or start.group("next") in ('"', "{"):
            return match.start()
    return None


def _error_offset(error: UnexpectedInput) -> int | None:
    """Where in the parsed text the error is (None at the end of the text)."""
    if isinstance(error, UnexpectedToken) and error.token.type != "$END":
        return error.token.start_pos or 0
    if isinstance(error, UnexpectedCharacters):
        return error.pos_in_stream or 0
    return None


def _syntax_errors(source: str, file: str) -> list[Diagnostic]:
    """One diagnostic per broken top-level clause (parsing each clause on its own).

    A clause missing its `{` leaves its statements and its `}` at the top level, where they
    would each look broken: those chunks, up to the stray `}`, are not reported again. A clause
    missing a `}` (of its own or of a block inside it) runs on to the end of the file: the rest
    is read again from the next line that starts a clause (`_resume_at`).
    """
    found: list[Diagnostic] = []
    swallowing = False  # inside the body of a clause whose `{` is missing
    lines_before, counted_to = 0, 0
    pending = list(_chunks(source))
    while pending:
        start, end = pending.pop(0)
        chunk = source[start:end]
        lines_before += source.count("\n", counted_to, start)
        counted_to = start
        if swallowing:
            swallowing = _balance(chunk) >= 0
            continue
        # Parse the chunk alone, indented to its column; line numbers are shifted afterwards.
        indent = start - (source.rfind("\n", 0, start) + 1)
        text = " " * indent + chunk
        try:
            lark_parser().parse(text)
        except UnexpectedInput as error:
            local = _describe(error, text, file, end == len(source), lines_before)
            found.append(attrs.evolve(local, span=_shift(local.span, lines_before)))
            expects_brace = isinstance(error, UnexpectedToken) and set(
                error.accepts or error.expected
            ) == {"LBRACE"}
            swallowing = expects_brace and _balance(chunk) >= 0
            offset = _error_offset(error)
            if not swallowing and offset is not None and _balance(chunk) > 0:
                # From the start of the error's line: the clause keyword that begins it may
                # have been read as a name (`timer` as a level), the error on the word after.
                at = start + offset - indent
                resume = _resume_at(source, max(source.rfind("\n", 0, at) + 1, start + 1), end)
                if resume is not None:
                    pending.insert(0, (resume, end))
    if not found:  # the clauses parse alone but not together: report the first error as is
        try:
            lark_parser().parse(source)
        except UnexpectedInput as error:
            found.append(_describe(error, source, file, at_end=True))
    return found


def _shift(span: Span | None, lines: int) -> Span | None:
    if span is None or lines == 0:
        return span
    return Span(span.line + lines, span.column, span.end_line + lines, span.end_column)


def _balance(text: str) -> int:
    """Opened minus closed braces in `text`, ignoring strings and comments."""
    tokens = [m.group() for m in _SCAN.finditer(text)]
    return tokens.count("{") - tokens.count("}")


def _describe(
    error: UnexpectedInput, source: str, file: str, at_end: bool, lines_before: int = 0
) -> Diagnostic:
    """The diagnostic for a Lark error in `source`; `lines_before` only shifts the line numbers
    quoted in messages (the caller shifts the span)."""
    if isinstance(error, UnexpectedCharacters):
        position = error.pos_in_stream or 0
        char = source[position] if position < len(source) else ""
        span = Span.point(error.line, error.column)
        if not char.isascii() and char.isalpha():
            return Diagnostic(
                "SLA-E101",
                f"`{char}` cannot appear here: names use ASCII letters, digits and `_`",
                span,
                file,
                hint='text in other scripts goes in quotes: a title, `text "..."` or a `note`',
            )
        if char == '"':
            return Diagnostic(
                "SLA-E104",
                'this text is never closed: a `"` is missing',
                span,
                file,
                hint='a text runs to the next `"` on the same line; use """...""" for long text',
            )
        return Diagnostic(
            "SLA-E101",
            f"`{char}` cannot appear here: it is not part of any word, number or symbol",
            span,
            file,
            hint=_char_hint(char),
        )
    if isinstance(error, UnexpectedToken) and error.token.type != "$END":
        token: Token = error.token
        accepts = set(error.accepts or error.expected)
        expected = describe_expected(accepts)
        span = Span(
            token.line or 0,
            token.column or 0,
            token.end_line or token.line or 0,
            token.end_column or (token.column or 0) + max(len(token), 1),
        )
        keyword = _clause_keyword_before(source, token)
        if keyword is not None:
            return _unclosed(source, file, keyword, lines_before)
        opened = _unclosed_brace_line(source, token.start_pos or 0, lines_before)
        block = _open_block(source, token.start_pos or 0)
        unclosed = "RBRACE" in accepts and _balance(source) > 0 and str(token) in keywords()
        if unclosed and block is not None:
            return Diagnostic(
                "SLA-E102",
                f"the {block} opened on line {opened} is not closed: "
                f"a `}}` is missing before `{token}`",
                span,
                file,
                hint="add `}` at the end of that block",
            )
        if "RBRACE" in accepts and str(token) in TOP_LEVEL and opened is not None:
            return Diagnostic(
                "SLA-E102",
                f"the clause opened on line {opened} is not closed: "
                f"a `}}` is missing before `{token}`",
                span,
                file,
                hint="add `}` at the end of that clause",
            )
        if accepts == {"LBRACE"}:
            return Diagnostic(
                "SLA-E102",
                f"a `{{` is missing before {_shown(token)}",
                span,
                file,
                hint=hint_for(error) or "a clause's statements go between `{` and `}`",
            )
        return Diagnostic(
            "SLA-E102",
            f"unexpected {_shown(token)}; expected {expected}",
            span,
            file,
            hint=lexical_hint(token, source) or hint_for(error) or _token_hint(token, accepts),
        )
    # End of input: UnexpectedToken($END) under LALR, or UnexpectedEOF.
    expected_set: set[str] = set()
    if isinstance(error, UnexpectedToken):
        expected_set = set(error.accepts or error.expected)
    elif isinstance(error, UnexpectedEOF):
        expected_set = {str(t) for t in error.expected}
    lines = source.rstrip().split("\n")
    span = Span.point(len(lines), len(lines[-1]) + 1)
    where = "file" if at_end else "clause"
    opened = _unclosed_brace_line(source, len(source), lines_before)
    if "RBRACE" in expected_set:
        return Diagnostic(
            "SLA-E103",
            f"the {where} ends inside a clause: its closing `}}` is missing",
            span,
            file,
            hint=f"add `}}` to close the clause opened on line {opened}"
            if opened
            else "every `{` needs a `}`",
        )
    if expected_set == {"LBRACE"}:
        return Diagnostic(
            "SLA-E103",
            f"the {where} ends where a `{{` should open the clause's statements",
            span,
            file,
            hint="a clause's statements go between `{` and `}`",
        )
    return Diagnostic(
        "SLA-E103",
        f"the {where} ends too early; expected {describe_expected(expected_set)}",
        span,
        file,
    )


def _clause_keyword_before(source: str, token: Token) -> Token | None:
    """The clause keyword in column 1 that the parser took for a name inside a clause whose `}`
    is missing (`timer t1 {` read as a row for level `timer`), when `token` is the word after
    it: the keyword, as a token."""
    position = token.start_pos or 0
    line_start = source.rfind("\n", 0, position) + 1
    head = re.match(r"([a-z]+)[ \t]+$", source[line_start:position])
    if head is None or head.group(1) not in TOP_LEVEL or _balance(source[:line_start]) <= 0:
        return None
    start = _CLAUSE_START.match(source, line_start)
    if start is None or (head.group(1) in _AMBIGUOUS and start.group("next") not in ('"', "{")):
        return None
    word = head.group(1)
    line = token.line or 1
    return Token("NAME", word, line_start, line, 1, line, len(word) + 1, line_start + len(word))


def _unclosed(source: str, file: str, keyword: Token, lines_before: int) -> Diagnostic:
    """A clause keyword met inside a clause (or a block of one) that a missing `}` left open."""
    position = keyword.start_pos or 0
    opened = _unclosed_brace_line(source, position, lines_before)
    block = _open_block(source, position)
    line = keyword.line or 1
    return Diagnostic(
        "SLA-E102",
        f"the {block or 'clause'} opened on line {opened} is not closed: "
        f"a `}}` is missing before `{keyword}`",
        Span(line, 1, line, 1 + len(keyword)),
        file,
        hint=f"add `}}` at the end of that {'block' if block else 'clause'}",
    )


def _open_block(source: str, position: int) -> str | None:
    """What the innermost `{` still open at `position` opens, when it is a block inside a clause
    ("`when` block", "`by` table"); None when it is a clause's own."""
    opened: list[int] = []
    for match in _SCAN.finditer(source, 0, position):
        if match.group() == "{":
            opened.append(match.start())
        elif match.group() == "}" and opened:
            opened.pop()
    if len(opened) < 2:
        return None
    before = source[source.rfind("\n", 0, opened[-1]) + 1 : opened[-1]]
    if re.search(r"\bby[ \t]+\w+[ \t]*$", before):
        return "`by` table"
    if re.match(r"[ \t]*when\b", before):
        return "`when` block"
    return "block"


def _unclosed_brace_line(source: str, position: int, lines_before: int = 0) -> int | None:
    """The line of the last `{` still open at `position`, if any."""
    open_lines: list[int] = []
    for match in _SCAN.finditer(source, 0, position):
        text = match.group()
        if text == "{":
            open_lines.append(source.count("\n", 0, match.start()) + 1)
        elif text == "}" and open_lines:
            open_lines.pop()
    return open_lines[-1] + lines_before if open_lines else None


def _shown(token: Token) -> str:
    if token.type == "NAME":
        if str(token) in keywords():
            return f"word `{token}`"
        return f"name `{token}`"
    if token.type in ("STRING", "LONG_STRING"):
        return "text " + (str(token) if len(token) < 40 else str(token)[:37] + '..."')
    return f"`{token}`"


def _token_hint(token: Token, expected: set[str]) -> str | None:
    hint = expected_hint(expected)
    if token.type == "NAME" and hint is None:
        words = [w for w in keywords() if w.upper() in expected or w in expected]
        close = difflib.get_close_matches(str(token), words, n=1)
        if close:
            return f"did you mean `{close[0]}`?"
    if token.type in ("NUMBER", "INT") and hint is None:
        return "numbers carry their unit: `99.9%`, `4h`, `30min`, `2 days`, `100 USD`"
    return hint


def _char_hint(char: str) -> str | None:
    if char in "'`":
        return 'texts are written in double quotes: "like this"'
    if char == ";":
        return "statements need no separator: put each on its own line"
    return None
