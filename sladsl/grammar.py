"""Loading the Lark grammar, once per process.

Input: `grammar/sladsl.lark`, shipped inside the wheel as `sladsl/grammar/sladsl.lark` (and read
from the repository's top-level `grammar/` when running from a source checkout).
Output: `lark_parser()`, the LALR(1) parser with the contextual lexer and propagated positions,
and `KEYWORDS`, the reserved words that cannot be names.

Invariants: the grammar is read and the parser built at most once per process (no on-disk cache:
Lark's `cache=True` writes a pickle to a shared temporary folder).
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path

from lark import Lark

GRAMMAR_NAME = "sladsl.lark"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def grammar_text() -> str:
    packaged = resources.files("sladsl").joinpath("grammar").joinpath(GRAMMAR_NAME)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    checkout = Path(__file__).resolve().parent.parent / "grammar" / GRAMMAR_NAME
    return checkout.read_text(encoding="utf-8")


@functools.cache
def lark_parser() -> Lark:
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=True,
    )


@functools.cache
def keywords() -> frozenset[str]:
    """Every word the grammar spells out literally (`service`, `within`, `mon`, `credit`...)."""
    words: set[str] = set()
    for terminal in lark_parser().terminals:
        pattern = terminal.pattern
        if pattern.type == "str" and _NAME.fullmatch(pattern.value):
            words.add(pattern.value)
        elif pattern.type == "re":
            # alternations of plain words such as (mon|tue|...)\b
            plain = pattern.value.removesuffix("\\b")
            if re.fullmatch(r"[a-z|() ]+", plain):
                words.update(w for w in re.split(r"[|() ]+", plain) if _NAME.fullmatch(w))
    return frozenset(words)
