"""A Pygments lexer for sladsl contracts, registered as the `sladsl` (and `sla`) language.

Input: contract text. Output: Pygments tokens: the grammar's reserved words as `Keyword`, other
names as `Name`, event types (`ticket.opened`) as `Name.Builtin`, literals with their unit
(`99.9%`, `4h`, `28 consecutive days`, `100 USD`, `08:00`, `2026-12-24`, `5th`) as numbers,
strings and `#` comments.

The package registers it under the `pygments.lexers` entry point (pyproject.toml), so
`pygmentize -l sladsl contract.sla`, Sphinx and MkDocs highlight contracts once sladsl is
installed.

Invariants: the keywords are the grammar's own, `sladsl.grammar.keywords()`, looked up when a
word is met (importing this module does not build the parser); every text the grammar accepts
lexes without `Error` tokens (tests/test_pygments_lexer.py checks the five contracts and every
keyword).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import Match

from pygments.lexer import RegexLexer
from pygments.token import (
    Comment,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Whitespace,
    _TokenType,
)

_HEADER = re.compile(r"^\s*contract\s+[A-Za-z_][A-Za-z0-9_]*", re.MULTILINE)
_CLAUSE = re.compile(
    r"^\s*(?:service|calendar|severities|availability|metric|timer|credit|refund|obligation"
    r"|clause)\s+[A-Za-z_][A-Za-z0-9_]*\s*(?:\"[^\"\n]*\"\s*)?\{?\s*$",
    re.MULTILINE,
)
_NUMBER = r"[0-9]+(?:\.[0-9]+)?"
_UNITS = (
    r"(?:ms|milliseconds|millisecond|seconds|second|sec|s|minutes|minute|min|hours|hour|h|days"
    r"|day|d|weeks|week|w|months|month|years|year)"
)


def _word(lexer: RegexLexer, match: Match[str]) -> Iterator[tuple[int, _TokenType, str]]:
    """A name, or a reserved word of the grammar."""
    from sladsl.grammar import keywords

    text = match.group()
    yield match.start(), Keyword if text in keywords() else Name, text


class SladslLexer(RegexLexer):
    """Contracts written in sladsl (`*.sla`)."""

    name = "sladsl"
    aliases = ["sladsl", "sla"]  # noqa: RUF012 - Pygments reads these class attributes
    filenames = ["*.sla"]  # noqa: RUF012
    mimetypes = ["text/x-sladsl"]  # noqa: RUF012
    # Pygments' Slash lexer claims `*.sla` too: by name alone sladsl wins on priority, with the
    # text on `analyse_text` (a file with a `contract` header is sladsl).
    priority = 0.3

    @staticmethod
    def analyse_text(text: str) -> float:
        return 0.9 if _HEADER.search(text) and _CLAUSE.search(text) else 0.0

    tokens = {  # noqa: RUF012
        "root": [
            (r"[ \t\r\n]+", Whitespace),
            (r"#[^\n]*", Comment.Single),
            (r'"""(?:[^"\\]|\\.|"(?!""))*"""', String.Doc),
            (r'"(?:[^"\\\n]|\\.)*"', String.Double),
            (r"(?:ticket|outage|maintenance|claim)\.[a-z_]+", Name.Builtin),
            (r"[0-9]{4}-[0-9]{2}-[0-9]{2}", Number.Other),  # a date
            (r"[0-9]{1,2}:[0-9]{2}", Number.Other),  # a time of day
            (r"24x7\b", Keyword.Constant),
            (_NUMBER + r"[ \t]+[A-Z]{3}\b", Number),  # money
            (_NUMBER + r"[ \t]*%", Number),
            (_NUMBER + r"[ \t]*(?:consecutive[ \t]+)?" + _UNITS + r"\b", Number),
            (r"[0-9]+(?:st|nd|rd|th)\b", Number),  # an ordinal
            (_NUMBER, Number),
            (r"pro[ \t]+rata\b", Keyword),
            (r"[A-Za-z_][A-Za-z0-9_]*", _word),
            (r">=|<=|!=|=|>|<|\+|-", Operator),
            (r"[{}()\[\],:|./]", Punctuation),
        ]
    }
