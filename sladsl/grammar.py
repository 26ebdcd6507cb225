"""Loading the Lark grammar, once per process.

Input: `grammar/sladsl.lark`, shipped inside the wheel as `sladsl/grammar/sladsl.lark` (and read
from the repository's top-level `grammar/` when running from a source checkout).
Output: `lark_parser()`, the LALR(1) parser with the contextual lexer and propagated positions,
and `KEYWORDS`, the reserved words that cannot be names.

Invariants: the grammar is read and the parser built at most once per process. The built
parser is also kept on disk, in the user's own cache folder (`$XDG_CACHE_HOME/sladsl`, else
`~/.cache/sladsl`; `SLADSL_NO_CACHE=1` turns it off), which saves each run about 0.2 s. Lark
stores the grammar's digest in the file and rebuilds when it differs (another grammar, options,
Lark or Python version); a folder that cannot be written, or a damaged file, only means no cache.
Never Lark's `cache=True`, which writes a pickle to the shared temporary folder. The grammar
ignores comments; `collecting_comments()` gathers the comment tokens of the parses made inside it
(per thread and context, so one shared parser serves every caller).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from importlib import resources
from pathlib import Path

from lark import Lark, Token
from lark import __version__ as lark_version

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
    cache = _cache_file()
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=True,
        cache=cache or False,
        cache_grammar=cache is not None,  # the grammar too: tests generate sentences from it
        lexer_callbacks={"COMMENT": _keep_comment},
    )


# Where the comments of the parse under way go, if anyone asked for them.
_COMMENT_SINK: ContextVar[list[Token] | None] = ContextVar("sladsl_comment_sink", default=None)


def _keep_comment(token: Token) -> Token:
    sink = _COMMENT_SINK.get()
    if sink is not None:
        sink.append(token)
    return token


@contextlib.contextmanager
def collecting_comments() -> Iterator[list[Token]]:
    """The `COMMENT` tokens Lark meets while parsing inside this block, in source order."""
    sink: list[Token] = []
    reset = _COMMENT_SINK.set(sink)
    try:
        yield sink
    finally:
        _COMMENT_SINK.reset(reset)


def _cache_file() -> str | None:
    """Where the built parser is kept, or None (no cache: turned off, or nowhere to write)."""
    if os.environ.get("SLADSL_NO_CACHE"):
        return None
    try:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = Path(base) / "sladsl"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found
        return None
    if not os.access(folder, os.W_OK | os.X_OK):
        return None
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    return str(folder / f"parser-lark{lark_version}-py{python}.pickle")


@functools.cache
def money_pattern() -> re.Pattern[str]:
    """The `MONEY` terminal's pattern: whether the grammar reads a text as an amount (`50 USD`)."""
    return re.compile(lark_parser().get_terminal("MONEY").pattern.to_regexp())


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
