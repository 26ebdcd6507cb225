"""The registry of diagnostic codes: one stable code per kind of problem.

Input: nothing; this module is data. Output: `CODES`, mapping a code such as `SLA-E201` to its
severity, a one-line summary and a minimal failing example.

Invariants: a code, once published, keeps its meaning forever (tools and CI configurations match
on it). `E` codes are errors (exit status 1); `W` codes are warnings. Every code's example, checked
on its own, reports that code (tests/test_codes.py), and docs/errors.md is generated from this table
(`python -m sladsl.docs_errors`), so the documentation cannot drift from the checker.

Ranges: 1xx syntax, 2xx names, 3xx types and units, 4xx ranges, 5xx coverage of rules and tables,
6xx formulas, 7xx calendars, 8xx parameters, 9xx clause structure.
"""

from __future__ import annotations

import enum

import attrs


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@attrs.frozen
class Code:
    code: str
    summary: str
    example: str

    @property
    def severity(self) -> Severity:
        return Severity.WARNING if self.code.startswith("SLA-W") else Severity.ERROR


_HEADER = 'contract demo "Demo" { currency USD }\n'


def _code(code: str, summary: str, example: str, header: bool = True) -> Code:
    return Code(code, summary, (_HEADER if header else "") + example.strip() + "\n")


_ALL = [
    # ------------------------------------------------------------------ 1xx syntax
    _code(
        "SLA-E101",
        "A character that cannot start any word, number or symbol of the language.",
        'service voip "VoIP" ~',
    ),
    _code(
        "SLA-E102",
        "A word or symbol where the language expects something else.",
        'availability uptime "Uptime" { target 99.9% per }',
    ),
    _code(
        "SLA-E103",
        "The file ends in the middle of a clause (a `{` without its `}`, say).",
        'availability uptime "Uptime" { target 99.9%',
    ),
    _code(
        "SLA-E104",
        'A string that is never closed by a `"`.',
        'service voip "VoIP',
    ),
    _code(
        "SLA-E105",
        "A reserved word used as a name.",
        'service target "Target"',
    ),
    _code(
        "SLA-E106",
        "Conditions or tables nested deeper than the language allows (64 levels).",
        "count c { tickets where "
        + "(" * 70
        + "severity = I"
        + ")" * 70
        + " more than 3 within 28 days }",
    ),
    _code(
        "SLA-E107",
        "A control character or a bidirectional override in the text: invisible in an editor, or "
        "showing the text in another order than it is read.",
        'service voip "VoIP\x1b[31m"',
    ),
    # ------------------------------------------------------------------ 2xx names
    _code(
        "SLA-E201",
        "A name that nothing in the contract defines.",
        'service voip "VoIP"\navailability uptime { service vopi target 99.9% per calendar month }',
    ),
    _code(
        "SLA-E202",
        "Two clauses, parameters, levels or holidays with the same name.",
        'service voip "VoIP"\nservice voip "VoIP again"',
    ),
    _code(
        "SLA-W203",
        "A parameter, calendar, exclusion or count that nothing uses.",
        'service voip "VoIP"\ncalendar office "Office hours" { zone UTC open mon-fri 09:00-17:00 }',
    ),
    _code(
        "SLA-E204",
        "A name that refers to the wrong kind of thing (a calendar where a service is due, say).",
        "calendar office { zone UTC open mon-fri }\navailability uptime { service office target 99.9% per calendar month }",
    ),
    _code(
        "SLA-E205",
        "An event type that the event format does not have.",
        "timer response { from ticket.opened to ticket.answered within 4h }",
    ),
    _code(
        "SLA-E206",
        "A severity level that no `severities` clause defines for the timer's services.",
        'severities levels { level P1 "Priority 1" }\ntimer response { from ticket.opened to ticket.acknowledged P5 within 4h }',
    ),
    _code(
        "SLA-E207",
        "The contract has no `contract` header, or more than one.",
        'service voip "VoIP"',
        header=False,
    ),
    # ------------------------------------------------------------------ 3xx types and units
    _code(
        "SLA-E301",
        "A value of the wrong kind: a percentage where a duration is due, say.",
        'service voip "VoIP"\navailability uptime { service voip target 4h per calendar month }',
    ),
    _code(
        "SLA-E302",
        "An amount of money in a currency other than the contract's.",
        "param fee: money = 100 EUR",
    ),
    _code(
        "SLA-E303",
        "A fact that conditions cannot test, or a test it does not support.",
        'service voip "VoIP"\navailability uptime { service voip target 99.9% per calendar month down when colour = red }',
    ),
    _code(
        "SLA-E304",
        "A value that is not one of a parameter's choices.",
        'param plan: one of PRO | BASIC = PRO\nservice voip "VoIP"\ntimer t { service voip from ticket.opened to ticket.acknowledged when plan = GOLD { within 1h } }',
    ),
    _code(
        "SLA-E305",
        "A contract currency that is not an ISO 4217 code in capitals (`usd`, `XYZ`), or one no "
        "longer in use, in which no amount can be written.",
        'contract demo "Demo" { currency usd }',
        header=False,
    ),
    # ------------------------------------------------------------------ 4xx ranges
    _code(
        "SLA-E401",
        "A percentage above 100% where only a share of something makes sense.",
        'service voip "VoIP"\navailability uptime { service voip target 100.5% per calendar month }',
    ),
    _code(
        "SLA-E402",
        "A zero or negative amount where a positive one is due (a window, a step, a limit), or a day count past a year.",
        "timer response { from ticket.opened to ticket.acknowledged within 0h }",
    ),
    _code(
        "SLA-E403",
        "A date that does not exist, such as 30 February.",
        'calendar office { zone UTC open mon-fri closed leap "Leap day" feb 30 }',
    ),
    # ------------------------------------------------------------------ 5xx coverage
    _code(
        "SLA-W501",
        "Classification rules leave some values unclassified (a gap).",
        'service numbers "Numbers"\nseverities levels {\n  service numbers\n'
        '  level major "Major" when affected > 50%\n  level minor "Minor" when affected < 50%\n}',
    ),
    _code(
        "SLA-W502",
        "A classification rule that can never match because earlier rules take all its values.",
        'service numbers "Numbers"\nseverities levels {\n  service numbers\n'
        '  level anything "Anything" when affected >= 0%\n  level major "Major" when affected > 50%\n}',
    ),
    _code(
        "SLA-E503",
        "Two rows of a tier table that both cover some value.",
        'param fee: money\nservice voip "VoIP"\navailability uptime { service voip target 99.9% per calendar month }\n'
        "credit tiers {\n  based on uptime\n  tier < 99.9% and >= 99%: 10% of fee\n  tier < 99.5%: 25% of fee\n}",
    ),
    _code(
        "SLA-W504",
        "A tier table that leaves some shortfall without a row (a gap).",
        'param fee: money\nservice voip "VoIP"\navailability uptime { service voip target 99.9% per calendar month }\n'
        "credit tiers {\n  based on uptime\n  tier < 99.9% and >= 99%: 10% of fee\n  tier < 98%: 25% of fee\n}",
    ),
    _code(
        "SLA-E505",
        "A tier that pays for values at or above the target, where the target is met.",
        'param fee: money\nservice voip "VoIP"\navailability uptime { service voip target 99.9% per calendar month }\n'
        "credit tiers {\n  based on uptime\n  tier < 99.95% and >= 99%: 10% of fee\n  tier < 99%: 25% of fee\n}",
    ),
    _code(
        "SLA-W506",
        "A timer row that can never apply because an earlier row for the same tickets always "
        "applies first (the first row that applies wins).",
        "param plan: one of gold | silver = gold\n"
        "timer fix {\n  from ticket.opened to ticket.restored\n  within 5h\n"
        "  when plan = gold { within 4h }\n}",
    ),
    # ------------------------------------------------------------------ 6xx formulas
    _code(
        "SLA-E601",
        "A per-unit formula that does not say how a part unit counts (`started`, `full` or `pro rata`).",
        'param fee: money\nservice voip "VoIP"\navailability uptime { service voip target 99.9% per calendar month }\n'
        "credit c { 10% of fee per 1% below target of uptime }",
    ),
    _code(
        "SLA-E602",
        "A per-unit formula that states more than one rounding.",
        'param fee: money\nservice voip "VoIP"\navailability uptime { service voip target 99.9% per calendar month }\n'
        "credit c { 10% of fee per started 1% pro rata below target of uptime }",
    ),
    _code(
        "SLA-E603",
        "A remedy whose formula does not fit its objective or kind (a shortfall of a timer below target, say).",
        "param fee: money\ntimer response { from ticket.opened to ticket.acknowledged within 4h }\n"
        "credit c { 10% of fee per started 1h below target of response }",
    ),
    # ------------------------------------------------------------------ 7xx calendars
    _code(
        "SLA-E701",
        "A time zone that the IANA time zone database does not know.",
        "calendar office { zone Europe/Atlantis open mon-fri 09:00-17:00 }",
    ),
    _code(
        "SLA-E702",
        "Opening hours that close before they open, without the `overnight` marker.",
        "calendar office { zone UTC open mon-fri 18:00-08:00 }",
    ),
    _code(
        "SLA-E703",
        "Holidays defined in terms of each other in a circle.",
        'calendar office {\n  zone UTC open mon-fri\n  closed x_day "X" y_day + 1 day\n  closed y_day "Y" x_day - 1 day\n}',
    ),
    _code(
        "SLA-E704",
        "A time of day that does not exist (25:00, 08:75).",
        "calendar office { zone UTC open mon-fri 08:00-25:00 }",
    ),
    _code(
        "SLA-E705",
        "A calendar with no opening hours: deadlines on it would never come.",
        "calendar office { zone UTC }",
    ),
    _code(
        "SLA-W706",
        "Opening hours of a calendar that overlap: it is open in their union, so one of them is "
        "probably mistyped.",
        "calendar office {\n  zone UTC\n  open mon-fri 09:00-17:00\n  open mon 12:00-20:00\n}\n"
        "timer response { from ticket.opened to ticket.acknowledged within 4h in office }",
    ),
    # ------------------------------------------------------------------ 8xx parameters
    _code(
        "SLA-E801",
        "A parameter default that does not fit the parameter's type or choices.",
        "param plan: one of PRO | BASIC = GOLD",
    ),
    _code(
        "SLA-W802",
        "A table by parameter that has no row for some choice and no `else` row.",
        'param plan: one of PRO | BASIC = PRO\nservice voip "VoIP"\n'
        "availability uptime { service voip target by plan { PRO: 99.9% } per calendar month }",
    ),
    _code(
        "SLA-E803",
        "A table by a parameter that is not a choice parameter, or that names a choice twice.",
        'param fee: money\nservice voip "VoIP"\n'
        "availability uptime { service voip target by fee { PRO: 99.9% } per calendar month }",
    ),
    # ------------------------------------------------------------------ 9xx structure
    _code(
        "SLA-E901",
        "A clause that lacks a statement it needs (an availability clause without a target, say).",
        'service voip "VoIP"\navailability uptime { service voip per calendar month }',
    ),
    _code(
        "SLA-E902",
        "A statement given twice in one clause where only one is allowed.",
        'service voip "VoIP"\navailability uptime { service voip target 99.9% target 99.5% per calendar month }',
    ),
    _code(
        "SLA-E904",
        "Two rows of a timer that apply to the same tickets (the same level, or no level twice).",
        "timer response {\n  from ticket.opened to ticket.acknowledged\n  within 4h\n  within 2h\n}",
    ),
    _code(
        "SLA-E903",
        "A statement that does not belong in this kind of remedy (a duration formula in a credit, say).",
        'service voip "VoIP"\navailability uptime { service voip target 99.9% per calendar month }\n'
        "credit c { unavailable time of uptime }",
    ),
    _code(
        "SLA-E905",
        "A timer whose stop event is its start event: it stops as it starts, and is always met.",
        "timer fix { from ticket.opened to ticket.opened within 4h }",
    ),
    _code(
        "SLA-W906",
        "A timer that stops at the event opening the ticket or outage (`ticket.opened`, "
        "`outage.start`) but starts at a later one: that stop never comes after the start.",
        "timer fix { from ticket.resolved to ticket.opened within 4h }",
    ),
    _code(
        "SLA-W907",
        "A cap on all remedies of a kind (`applies to all refunds`) where the contract has none of "
        "that kind: it limits nothing.",
        'param fee: money\nservice voip "VoIP"\n'
        "availability uptime { service voip target 99.9% per calendar month }\n"
        "credit c { 10% of fee per started 1% below target of uptime }\n"
        "cap most { at most 100% of fee per period applies to all refunds }",
    ),
    _code(
        "SLA-E908",
        "A fact of a ticket or an outage (`severity`, `cause`, `opened outside`...) in the `when` "
        "of a credit, refund, extension or termination: those are judged once per period, where "
        "there is no ticket, so the condition never holds.",
        'param fee: money\nservice voip "VoIP"\n'
        "timer response { from ticket.opened to ticket.acknowledged within 4h }\n"
        "credit c { 2% of fee per started 1h over limit of response when severity = P1 }",
    ),
]

CODES: dict[str, Code] = {c.code: c for c in _ALL}
