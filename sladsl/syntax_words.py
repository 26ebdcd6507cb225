"""Lark terminal names in the user's words, for syntax error messages.

Input: the set of terminal names Lark says it expected (`NAME`, `PERCENT`, `RBRACE`, `TARGET`...).
Output: a short English phrase ("a percentage such as `99.9%`, or `}`") and, where it helps,
a hint.

Invariants: never shows a raw terminal name such as `__ANON_3` or `RBRACE` to the user.
"""

from __future__ import annotations

from collections.abc import Iterable

from sladsl.grammar import lark_parser

_WORDS = {
    "NAME": "a name",
    "STRING": "a quoted text",
    "LONG_STRING": "a quoted text",
    "PERCENT": "a percentage such as `99.9%`",
    "DURATION": "a duration such as `4h` or `2 days`",
    "MONEY": "an amount such as `100 USD`",
    "NUMBER": "a number",
    "INT": "a whole number",
    "DATE": "a date such as `2026-12-24`",
    "TIME": "a time of day such as `08:00`",
    "EVENT": "an event type such as `ticket.opened`",
    "ORDINAL": "an ordinal such as `3rd`",
    "WEEKDAY": "a weekday such as `mon`",
    "MONTH": "a month such as `jan`",
    "COMPARE": "a comparison such as `>=`",
    "SIGN": "`+` or `-`",
    "REMEDY_KIND": "a remedy kind (`credit`, `refund`, `extension`, `charge`, `termination`)",
    "REMEDY_KIND_PLURAL": "`credits`, `refunds`, `extensions`, `charges` or `remedies`",
    "PERIOD_UNIT": "`month`, `quarter` or `year`",
    "STATISTIC": "`mean`, `median`, `min` or `max`",
    "ROUNDING": "`started` or `full`",
    "PRO_RATA": "`pro rata`",
    "OVERNIGHT": "`overnight`",
    "ALWAYS": "`24x7`",
    "$END": "the end of the file",
}

# The order in which phrases are listed: clause keywords and values before punctuation.
_MAX_LISTED = 8


def word_for(terminal: str) -> str:
    if terminal in _WORDS:
        return _WORDS[terminal]
    try:
        pattern = lark_parser().get_terminal(terminal).pattern
    except KeyError:
        return terminal.lower()
    if pattern.type == "str":
        return f"`{pattern.value}`"
    return terminal.lower()


def describe_expected(expected: Iterable[str]) -> str:
    phrases = sorted({word_for(t) for t in expected}, key=_rank)
    if not phrases:
        return "something else"
    if len(phrases) > _MAX_LISTED:
        shown = phrases[:_MAX_LISTED]
        return ", ".join(shown) + f", or one of {len(phrases) - _MAX_LISTED} more"
    if len(phrases) == 1:
        return phrases[0]
    return ", ".join(phrases[:-1]) + " or " + phrases[-1]


def _rank(phrase: str) -> tuple[int, str]:
    if phrase.startswith("`") and phrase[1:2].isalpha():
        return (0, phrase)  # keywords first
    if phrase.startswith("a") or phrase.startswith("an "):
        return (1, phrase)  # kinds of value
    return (2, phrase)  # punctuation and the end of the file


def expected_hint(expected: set[str]) -> str | None:
    """A hint for common situations, keyed on what the parser was waiting for."""
    if expected <= {"DURATION", "NAME", "PERCENT", "MONEY", "NUMBER", "INT", "STRING",
                    "LONG_STRING", "BY"} and "DURATION" in expected:  # fmt: skip
        return "a value such as `99.9%`, `4h`, `100 USD`, or a parameter's name"
    if expected == {"LBRACE"}:
        return "a clause's statements go between `{` and `}`"
    if expected == {"NAME"}:
        return 'every clause is named: `availability uptime "Uptime" { ... }`'
    return None
