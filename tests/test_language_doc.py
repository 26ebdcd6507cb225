"""docs/language.md: its examples are valid contracts, its reserved words are the grammar's.

Every ```sla block of the language reference is a complete contract. Each one must check with no
diagnostic at all, except the warnings it is there to demonstrate: those are announced by an HTML
comment right before the fence, `<!-- expect: SLA-W501 -->` (several codes separated by commas),
and must then be exactly what the checker reports.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import attrs
import pytest

from sladsl import nodes as n
from sladsl.checker import check_file
from sladsl.codes import CODES, Severity
from sladsl.diagnostics import Diagnostic, render
from sladsl.grammar import keywords
from sladsl.parser import parse

DOC = Path(__file__).resolve().parent.parent / "docs" / "language.md"
DOC_NAME = "docs/language.md"
_EXPECT = re.compile(r"<!--\s*expect:\s*(?P<codes>[A-Z0-9, -]+?)\s*-->")
_RESERVED_MARKER = "<!-- reserved-words -->"
# Clause kinds the reference must show in at least one example.
_KINDS = (
    *("param", "service", "calendar", "severities", "exclusion", "availability", "metric"),
    *("timer", "count", "credit", "refund", "extension", "charge", "termination", "cap"),
    *("claims", "obligation", "clause"),
)


@attrs.frozen
class Block:
    """One ```sla block: its number (from 1), the doc line of its opening fence, its text."""

    number: int
    line: int
    source: str
    expect: frozenset[str]

    @property
    def id(self) -> str:
        return f"block-{self.number:02d}-line-{self.line}"


def _previous_nonblank(lines: list[str], index: int) -> str:
    for line in reversed(lines[:index]):
        if line.strip():
            return line.strip()
    return ""


def _fenced(lines: list[str], start: int) -> tuple[str, int]:
    """The text of the fence opened on `lines[start]`, and the index of its closing line."""
    for end in range(start + 1, len(lines)):
        if lines[end].strip() == "```":
            return "\n".join(lines[start + 1 : end]) + "\n", end
    raise AssertionError(f"{DOC_NAME}:{start + 1}: this fence is never closed")


@cache
def doc_lines() -> list[str]:
    return DOC.read_text(encoding="utf-8").splitlines()


@cache
def sla_blocks() -> tuple[Block, ...]:
    lines = doc_lines()
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        if lines[index].strip() == "```sla":
            source, end = _fenced(lines, index)
            marker = _EXPECT.fullmatch(_previous_nonblank(lines, index))
            expect = frozenset(
                code.strip() for code in (marker["codes"] if marker else "").split(",")
            ) - {""}
            blocks.append(Block(len(blocks) + 1, index + 1, source, expect))
            index = end
        index += 1
    return tuple(blocks)


@cache
def implemented(code: str) -> bool:
    """Whether the checker reports `code` yet: true once it flags the code's own example."""
    return any(d.code == code for d in check_file(CODES[code].example, "<example>"))


def _shown(diagnostics: list[Diagnostic], block: Block) -> str:
    rendered = "\n".join(render(d, block.source) for d in diagnostics)
    return f"the example at {DOC_NAME}:{block.line} (lines count from its first line):\n{rendered}"


@pytest.mark.parametrize("block", sla_blocks(), ids=lambda b: b.id)
def test_example_is_a_valid_contract(block: Block) -> None:
    result = parse(block.source, DOC_NAME)
    assert result.contract is not None, _shown(list(result.diagnostics), block)
    assert result.contract.header is not None, (
        f"the example at {DOC_NAME}:{block.line} needs a `contract` header"
    )
    diagnostics = check_file(block.source, DOC_NAME)
    errors = [d for d in diagnostics if d.is_error]
    assert not errors, _shown(errors, block)
    unknown = sorted(block.expect - CODES.keys())
    assert not unknown, f"{DOC_NAME}:{block.line}: unknown codes in `expect`: {unknown}"
    assert all(CODES[code].severity is Severity.WARNING for code in block.expect), (
        f"{DOC_NAME}:{block.line}: only warnings may be expected of an example"
    )
    found = {d.code for d in diagnostics}
    unexpected = [d for d in diagnostics if d.code not in block.expect]
    assert not unexpected, _shown(unexpected, block)
    missing = sorted(c for c in block.expect - found if implemented(c))
    assert not missing, f"{DOC_NAME}:{block.line}: expected {missing}, but the checker is silent"


def test_reserved_words_match_the_grammar() -> None:
    lines = doc_lines()
    assert _RESERVED_MARKER in (line.strip() for line in lines), (
        f"{DOC_NAME} has no {_RESERVED_MARKER} marker before its list of reserved words"
    )
    marker = next(i for i, line in enumerate(lines) if line.strip() == _RESERVED_MARKER)
    fence = marker + 1
    assert lines[fence].strip().startswith("```"), (
        f"{DOC_NAME}:{fence + 1}: the reserved words go in a fenced block after the marker"
    )
    listed, _ = _fenced(lines, fence)
    words = listed.split()
    assert words == sorted(keywords()), (
        "the reserved words of docs/language.md differ from the grammar's: "
        f"missing {sorted(keywords() - set(words))}, extra {sorted(set(words) - keywords())}"
    )


def test_every_clause_kind_has_an_example() -> None:
    shown: set[str] = set()
    for block in sla_blocks():
        contract = parse(block.source, DOC_NAME).contract
        for declaration in contract.declarations if contract else ():
            if isinstance(declaration, n.Remedy):
                shown.add(declaration.kind)
            else:
                shown.add(type(declaration).__name__.lower())
    missing = [kind for kind in _KINDS if kind not in shown]
    assert not missing, f"{DOC_NAME} has no example of: {', '.join(missing)}"


def test_warning_examples_are_announced() -> None:
    """A marker that names a code applies to the next block only: none is left dangling."""
    lines = doc_lines()
    for index, line in enumerate(lines):
        if _EXPECT.fullmatch(line.strip()):
            following = next((x.strip() for x in lines[index + 1 :] if x.strip()), "")
            assert following == "```sla", (
                f"{DOC_NAME}:{index + 1}: an `expect` marker must come right before a ```sla block"
            )
