"""Known syntax mistakes, recognised by the parser state they fail in (Lark's `match_examples`).

Input: a Lark `UnexpectedInput`. Output: a hint written for that mistake, or None.

Each entry maps a hint to short broken texts (`_MISTAKES`); Lark parses them and compares the
parser state each fails in, so any contract failing in the same state gets the same hint. Add an
example here when users keep making a mistake the generic message explains badly.
"""

from __future__ import annotations

from lark.exceptions import UnexpectedInput

from sladsl.grammar import lark_parser

_HEADER = 'contract demo "Demo" { currency USD }\n'
_MISTAKES: dict[str, list[str]] = {
    "a limit is a duration with its unit: `within 4h`, `within 30min`, `within 2 days`": [
        "timer t { from ticket.opened to ticket.acknowledged within }",
        "timer t { from ticket.opened to ticket.acknowledged critical within }",
    ],
    "a timer row reads `LEVEL within DURATION`, such as `critical within 1h`": [
        "timer t { from ticket.opened to ticket.acknowledged critical 1h }",
        "timer t { from ticket.opened to ticket.acknowledged critical }",
    ],
    "statements belong inside a clause, such as `availability uptime { target 99.9% }`": [
        "target 99.9%",
        "per calendar month",
        "within 4h",
        'service x "X"\ntarget 99.9%',
        'service x "X"\nper calendar month',
        'service x "X"\nwithin 4h',
    ],
    "a clause's statements go between `{` and `}` after its name and title": [
        'availability uptime "Uptime" target 99.9%',
        "timer response from ticket.opened to ticket.acknowledged",
    ],
    "a per-unit formula names its unit and how part units count: "
    "`per started 1% below target of uptime`": [
        "credit c { 10% of fee per below target of uptime }",
        "credit c { 10% of fee per started below target of uptime }",
    ],
    "a comparison needs a value after it: `affected > 50%`, `cause = customer`": [
        "severities s { level a1 when affected > }",
        "count c { tickets where severity = }",
    ],
    "a period is `per calendar month`, `per calendar quarter`, `per calendar year` "
    "or `per rolling 28 days`": [
        "availability a { per month }",
        "availability a { per calendar }",
        "obligation o { every month }",
        "count c { per month }",
    ],
}


# Lark matches parser states including the depth of the stack, which differs between the first
# clause of a text and a later one: every example is tried both alone and after a header.
EXAMPLES = {hint: [*texts, *(_HEADER + t for t in texts)] for hint, texts in _MISTAKES.items()}


def hint_for(error: UnexpectedInput) -> str | None:
    try:
        label = error.match_examples(
            lark_parser().parse, EXAMPLES, token_type_match_fallback=True, use_accepts=True
        )
    except Exception:  # pragma: no cover - a hint is a nicety; never fail the diagnostic
        return None
    return label if isinstance(label, str) else None
