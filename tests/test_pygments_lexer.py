"""The Pygments lexer for sladsl (`sladsl.render.lexer`), and its registration.

- Every reserved word of the grammar (`sladsl.grammar.keywords()`) is tokenised as a keyword,
  and names that are not reserved are not.
- The five contracts and every example of docs/language.md lex with no `Error` token, and the
  tokens give back the text exactly.
- The installed package registers the lexer (entry point `pygments.lexers`): Pygments finds it by
  name, alias and file name, and `pygmentize -l sladsl` runs.
"""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
from pygments.token import Error, Keyword, Name, Number, String, Token, _TokenType, is_token_subtype

from sladsl.grammar import keywords
from sladsl.render.lexer import SladslLexer

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = sorted((ROOT / "contracts").glob("*.sla"))
EXAMPLES = re.findall(
    r"```sla\n(.*?)```", (ROOT / "docs" / "language.md").read_text(encoding="utf-8"), re.S
)


def tokens(text: str) -> list[tuple[_TokenType, str]]:
    return [(kind, value) for kind, value in SladslLexer().get_tokens(text) if value.strip()]


@pytest.mark.parametrize("word", sorted(keywords()))
def test_every_keyword_of_the_grammar_is_a_keyword(word: str) -> None:
    assert tokens(word) == [(Keyword, word)]


@pytest.mark.parametrize("word", ["uptime", "monthly_fee", "P1", "PRO", "good_friday", "minx"])
def test_other_names_are_names(word: str) -> None:
    assert word not in keywords()
    assert tokens(word) == [(Name, word)]


def test_literals_keep_their_unit() -> None:
    found = tokens('target 99.95% within 28 consecutive days 100 USD 08:00-18:00 "x" 5th 24x7')
    kinds = {value: kind for kind, value in found}
    for literal in ("99.95%", "28 consecutive days", "100 USD", "5th"):
        assert is_token_subtype(kinds[literal], Number), literal
    assert is_token_subtype(kinds["08:00"], Number)
    assert is_token_subtype(kinds['"x"'], String)
    assert is_token_subtype(kinds["24x7"], Keyword)


@pytest.mark.parametrize(
    "text",
    [p.read_text(encoding="utf-8") for p in CONTRACTS] + EXAMPLES,
    ids=[p.stem for p in CONTRACTS] + [f"language-{i + 1}" for i in range(len(EXAMPLES))],
)
def test_contracts_lex_without_errors(text: str) -> None:
    found = list(SladslLexer().get_tokens(text))
    errors = [value for kind, value in found if is_token_subtype(kind, Error)]
    assert not errors
    assert "".join(value for _, value in found) == text.rstrip("\n") + "\n"
    builtin = any(is_token_subtype(kind, Token.Name.Builtin) for kind, _ in found)
    assert builtin or "ticket." not in text


def test_the_package_registers_the_lexer() -> None:
    points = [p for p in entry_points(group="pygments.lexers") if p.name == "sladsl"]
    assert [p.value for p in points] == ["sladsl.render.lexer:SladslLexer"]
    assert isinstance(get_lexer_by_name("sladsl"), SladslLexer)
    assert isinstance(get_lexer_by_name("sla"), SladslLexer)
    voip = (ROOT / "contracts" / "voip.sla").read_text(encoding="utf-8")
    assert isinstance(get_lexer_for_filename("voip.sla", voip), SladslLexer)


def test_pygmentize_highlights_a_contract() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pygments", "-l", "sladsl", "-f", "html",
         str(ROOT / "contracts" / "voip.sla")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert '<span class="k">availability</span>' in done.stdout
    assert '<span class="nb">ticket.opened</span>' in done.stdout
