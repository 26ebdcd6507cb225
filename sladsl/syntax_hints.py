"""Hints for syntax errors that the characters around the offending token show, where the
parser's state cannot tell them apart (a comma after a number and after a name look alike to it).

Input: the token Lark stopped at and the source text. Output: `lexical_hint`, a one-line hint or
None: a decimal comma (`99,9%` -> `99.9%`), a thousands separator (`1,000 USD`), an amount whose
currency code is in small letters or unknown (`50 usd`, `50 XYZ`), a zone name with `-` or `+`
left unquoted (`zone America/Port-au-Prince`).

Invariants: reads only the token's own line before it and the text after it; never raises.
"""

from __future__ import annotations

import re

from lark import Token

from sladsl.grammar import money_pattern

# After the comma: the digits, and the unit the number carries (a percent sign, a currency code,
# a duration unit), not the next keyword (`target mean >= 3,85 per calendar month`).
_NUMBER_WITH_COMMA = re.compile(
    r",([0-9]+)([ \t]*%|[ \t]+[A-Z]{3}\b|[ \t]*(?:ms|s|sec|seconds?|min|minutes?|h|hours?|d|"
    r"days?|w|weeks?|months?|years?)\b)?"
)
# An amount whose code the MONEY terminal did not read (`50 usd`, `50 XYZ`), just before the token.
_AMOUNT_BEFORE = re.compile(r"([0-9]+(?:\.[0-9]+)?)[ \t]+([A-Za-z]{3})[ \t]*$")
_ZONE_BEFORE = re.compile(r"\bzone[ \t]+[A-Za-z_][A-Za-z0-9_]*(?:/[A-Za-z_][A-Za-z0-9_]*)*$")


def lexical_hint(token: Token, source: str) -> str | None:
    """A hint for a mistake that the characters around the token show and the parser state
    cannot tell apart: a decimal comma (`99,9%`), an amount whose currency code is in small
    letters or unknown (`50 usd`, `50 XYZ`, read as a number and a name), a zone name with `-` or
    `+` left unquoted (`zone America/Port-au-Prince`)."""
    position = token.start_pos or 0
    before = source[source.rfind("\n", 0, position) + 1 : position]
    digits = re.search(r"[0-9]+$", before)
    after = _NUMBER_WITH_COMMA.match(source, position) if str(token) == "," else None
    if digits is not None and after is not None:
        written = digits.group() + after.group()
        unit = after.group(2) or ""
        if len(after.group(1)) == 3 and (not unit or re.fullmatch(r"[ \t]+[A-Z]{3}", unit)):
            plain = digits.group() + after.group(1) + unit
            return f"write `{plain}`: numbers have no thousands separator"
        return f"write `{written.replace(',', '.')}`: the decimal mark is a point"
    amount = _AMOUNT_BEFORE.search(before)
    if amount is not None:
        number, code = amount.groups()
        if code != code.upper() and _is_money(f"{number} {code.upper()}"):
            return f"write `{number} {code.upper()}`: a currency code is written in capitals"
        if code == code.upper() and not _is_money(f"{number} {code}"):
            return (
                f"`{code}` is not an ISO 4217 currency code: write the amount in the "
                f"contract's currency, such as `{number} USD`"
            )
    if str(token) in ("-", "+") and _ZONE_BEFORE.search(before):
        zone = re.match(r"[^\s{}#\"]*", source[position:])
        name = before.split()[-1] + (zone.group() if zone else "")
        return f'a zone name with `-` or `+` in it is quoted: `zone "{name}"`'
    return None


def _is_money(text: str) -> bool:
    """Whether the grammar reads `text` as an amount of money (`50 USD`)."""
    return money_pattern().fullmatch(text) is not None
