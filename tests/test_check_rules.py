"""The checks an audit of contract authors asked for, at their edges: what the golden corpus
(tests/check/64-73) shows once, tried here on the cases around it.

Input: small contracts written inline. Output: nothing; each test asserts which codes (and, where
the wording is the point, which hints) `check_file` reports.

Invariants: every test has a control that must stay clean, so a check that fires everywhere fails
as surely as one that never fires; the five contracts and the example stay clean of every new
check.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sladsl.checker import check_file
from sladsl.checker.currency import writable_codes
from sladsl.diagnostics import Diagnostic

ROOT = Path(__file__).resolve().parent.parent
REAL = sorted((ROOT / "contracts").glob("*.sla")) + sorted((ROOT / "examples").glob("*.sla"))
NEW_CODES = {"SLA-E305", "SLA-W506", "SLA-W706", "SLA-E905", "SLA-W906", "SLA-W907"}
HEADER = 'contract demo "Demo" { currency USD zone UTC }\n'


def found(source: str) -> list[Diagnostic]:
    return check_file(source, "case.sla")


def codes(source: str) -> list[str]:
    return [d.code for d in found(source)]


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
def test_real_contracts_stay_clean(path: Path) -> None:
    diagnostics = check_file(path.read_text(encoding="utf-8"), path.name)
    assert not [d for d in diagnostics if d.is_error or d.code in NEW_CODES], diagnostics


# --------------------------------------------------------------------------- remedies' `when`

UPTIME = (
    "param fee: money\nservice s\n"
    "availability uptime { service s target 99.9% per calendar month }\n"
)


@pytest.mark.parametrize(
    ("remedy", "due"),
    [
        ("credit c { amount 50 USD }", False),
        ("refund r { 100% of fee }", False),
        ("extension e { amount 7 days }", False),
        ("charge k { amount 50 USD }", False),
        # time and materials: owed by each ticket that goes from one event to the other
        ("charge k { 100 USD per 1h pro rata from ticket.acknowledged to ticket.resolved }", True),
        ("termination t { }", False),
        ("credit c { amount 50 USD when uptime not met }", True),
        ("refund r { 100% of fee when not uptime met }", True),
        ("credit c { 10% of fee per started 1% below target of uptime }", True),
        ("extension e { unavailable time of uptime }", True),
        ("credit c { based on uptime tier < 99.9%: 10% of fee }", True),
    ],
)
def test_a_remedy_says_when_it_is_due(remedy: str, due: bool) -> None:
    assert ("SLA-E901" not in codes(HEADER + UPTIME + remedy)) is due


# --------------------------------------------------------------------------- the header's currency


def test_every_code_amounts_can_be_written_in_is_a_currency() -> None:
    known = writable_codes()
    assert {"USD", "EUR", "GBP", "JPY", "KWD", "CHF"} <= known
    assert not {"HRK", "DEM", "CNH", "usd", "XYZ"} & known
    assert len(known) > 150
    for code in sorted(known):
        source = f'contract c {{ currency {code} }}\nparam fee: money = 100 {code} "Fee."\n'
        assert codes(source) == ["SLA-W203"], code  # the fee is not used: nothing else


@pytest.mark.parametrize(
    ("written", "message", "hint"),
    [
        ("usd", "three capital letters", "write `currency USD`"),
        ("Eur", "three capital letters", "write `currency EUR`"),
        ("dollar", "three capital letters", "write a code such as `currency USD`"),
        ("GPB", "not an ISO 4217 currency code", "did you mean `currency GBP`?"),
        ("UDS", "not an ISO 4217 currency code", "did you mean `currency USD`?"),
        ("EUO", "not an ISO 4217 currency code", "did you mean `currency EUR`?"),
        ("XYZ", "not an ISO 4217 currency code", "such as `currency USD`"),
        ("HRK", "(Croatian Kuna) is not a current ISO 4217 code", "write `currency EUR`"),
    ],
)
def test_a_wrong_currency_is_named_at_the_header(written: str, message: str, hint: str) -> None:
    source = f'contract c {{\n  currency {written}\n}}\nparam fee: money = 1 USD "F"\n'
    (diagnostic,) = [d for d in found(source) if d.code != "SLA-W203"]
    assert diagnostic.code == "SLA-E305"
    assert diagnostic.span is not None and (diagnostic.span.line, diagnostic.span.column) == (2, 12)
    assert message in diagnostic.message
    assert diagnostic.hint is not None and hint in diagnostic.hint


def test_amounts_are_compared_with_a_right_currency_only() -> None:
    amount = '\nparam fee: money = 100 EUR "F"\nparam rate: percent = 10% "R"\n'
    assert codes("contract c { currency USD }" + amount) == ["SLA-W203", "SLA-E302", "SLA-W203"]
    assert codes("contract c { currency usd }" + amount) == ["SLA-E305", "SLA-W203", "SLA-W203"]


# --------------------------------------------------------------------------- shadowed timer rows

PLANS = "param plan: one of gold | silver | bronze = gold\n"
LEVELS = "severities p { level P1 level P2 }\n"


@pytest.mark.parametrize(
    ("rows", "shadowed"),
    [
        ("within 5h when plan = gold { within 4h }", ["within 4h"]),
        ("when plan = gold { within 4h } within 5h", []),
        ("within 5h P1 within 1h", ["P1 within 1h"]),
        ("P1 within 1h within 5h", []),
        ("when plan in [gold, silver, bronze] { within 8h } within 4h", ["within 4h"]),
        ("when plan != gold { within 8h } when plan = gold { within 4h }", []),
        ("when plan != gold { within 8h } when plan = silver { within 4h }", ["within 4h"]),
        ("when not (plan = gold or plan = silver) { within 8h } when plan = bronze { within 4h }",
         ["within 4h"]),
        ("when plan = gold { within 8h } when plan = gold { P1 within 1h }", ["P1 within 1h"]),
        ("when plan = gold { P2 within 8h } when plan = gold { P1 within 1h }", []),
        ("P1 within 1h P2 within 2h within 4h when plan = gold { P1 within 30min }",
         ["P1 within 30min"]),
        ("within 4h when plan = gold { P1 within 1h P2 within 2h }",
         ["P1 within 1h", "P2 within 2h"]),
    ],
)  # fmt: skip
def test_a_row_an_earlier_row_always_pre_empts(rows: str, shadowed: list[str]) -> None:
    timer = f"timer t {{ from ticket.opened to ticket.acknowledged {rows} }}\n"
    source = HEADER + PLANS + LEVELS + timer
    line = source.splitlines()[-1]
    warned = [d.span for d in found(source) if d.code == "SLA-W506"]
    assert [line[s.column - 1 : s.end_column - 1] for s in warned if s] == shadowed


def test_a_guard_on_something_else_never_pre_empts() -> None:
    timer = (
        "param fee: money = 100 USD\n"
        "timer t { from ticket.opened to ticket.acknowledged "
        "when fee > 50 USD { within 8h } within 4h }\n"
    )
    assert "SLA-W506" not in codes(HEADER + timer)


# --------------------------------------------------------------------------- stops and starts


@pytest.mark.parametrize(
    ("span", "code"),
    [
        ("from ticket.opened to ticket.opened", "SLA-E905"),
        ("from ticket.acknowledged to ticket.resolved or ticket.acknowledged", "SLA-E905"),
        ("from ticket.resolved to ticket.opened", "SLA-W906"),
        ("from outage.end to outage.start", "SLA-W906"),
        ("from ticket.opened to ticket.acknowledged", None),
        ("from outage.start to outage.end", None),
        ("from ticket.resolved to ticket.rfo", None),
    ],
)
def test_a_stop_that_cannot_come_after_the_start(span: str, code: str | None) -> None:
    found_codes = codes(HEADER + f"timer t {{ {span} within 4h }}\n")
    assert found_codes == ([code] if code else [])


# --------------------------------------------------------------------------- caps and calendars


@pytest.mark.parametrize(
    ("kind", "warned"),
    [("credits", False), ("remedies", False), ("refunds", True), ("charges", True)],
)
def test_a_cap_on_a_kind_the_contract_has_none_of(kind: str, warned: bool) -> None:
    source = (
        HEADER
        + UPTIME
        + "credit c { 10% of fee per started 1% below target of uptime }\n"
        + f"cap most {{ at most 100% of fee per period applies to all {kind} }}\n"
    )
    assert ("SLA-W907" in codes(source)) is warned


@pytest.mark.parametrize(
    ("opens", "overlap"),
    [
        ("open mon-fri 09:00-17:00 open mon 12:00-20:00", "Monday 12:00-17:00"),
        ("open mon-fri 09:00-17:00 open sat 09:00-17:00", None),
        ("open mon-fri 09:00-12:00 open mon-fri 12:00-17:00", None),
        ("open mon-fri 08:00-18:00 open mon-fri 18:00-08:00 overnight", None),
        ("open mon-fri 08:00-18:00 open fri 17:00-09:00 overnight", "Friday 17:00-18:00"),
        ("open sun 20:00-09:00 overnight open mon 08:00-17:00", "Monday 08:00-09:00"),
        ("open every day open wed 10:00-11:00", "Wednesday 10:00-11:00"),
        ("open sat, sun open fri 22:00-06:00 overnight", None),
        ("open mon, mon-fri 09:00-17:00", "Monday 09:00-17:00"),
        ("open fri-mon 10:00-12:00 open sun 11:00-13:00", "Sunday 11:00-12:00"),
    ],
)
def test_opening_hours_that_overlap(opens: str, overlap: str | None) -> None:
    source = (
        HEADER + f"calendar office {{ {opens} }}\n"
        "timer t { from ticket.opened to ticket.acknowledged within 4h in office }\n"
    )
    warned = [d for d in found(source) if d.code == "SLA-W706"]
    if overlap is None:
        assert warned == []
    else:
        (warning,) = warned
        assert warning.message.endswith(f"on {overlap}")


# --------------------------------------------------------------------------- syntax errors


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        ("availability a { service s target 99,9% per calendar month }", "write `99.9%`"),
        ("metric m { service s measure mos target mean >= 3,85 per calendar month }",
         "write `3.85`"),
        ('param fee: money = 1,000 USD "F"', "write `1000 USD`: numbers have no thousands"),
        ('param fee: money = 1000,50 USD "F"', "write `1000.50 USD`"),
        ('calendar c { zone Etc/GMT+8 open mon-fri }', 'quoted: `zone "Etc/GMT+8"`'),
        ("credit c { amount 50 usd when s not met }", "write `50 USD`: a currency code is written"),
        ("credit c { amount 50 XYZ when s not met }", "`XYZ` is not an ISO 4217 currency code"),
        ("timer t { from ticket.opened to ticket.acknowledged within 1,5h }", "write `1.5h`"),
        ("timer t { from ticket.opened to ticket.acknowledged within 1,500h }", "write `1.500h`"),
        ("timer t { from ticket.opened to ticket.acknowledged within 1,5 hours }",
         "write `1.5 hours`"),
        ('calendar c { zone America/Port-au-Prince open mon }',
         'quoted: `zone "America/Port-au-Prince"`'),
    ],
)  # fmt: skip
def test_syntax_hints_from_the_characters_around(line: str, hint: str) -> None:
    (error,) = found(HEADER + 'service s "S"\n' + line + "\n")
    assert error.code == "SLA-E102"
    assert error.hint is not None and hint in error.hint, error.hint


def test_a_comma_between_dates_or_names_gets_no_decimal_hint() -> None:
    (error,) = found(HEADER + 'calendar c { open mon-fri closed x "X" jan 1, jan 2 }\n')
    assert error.hint is None or "decimal" not in error.hint


def test_an_unclosed_by_table_is_named_and_reading_goes_on() -> None:
    source = (
        HEADER
        + "param plan: one of gold | silver = gold\nservice s\n"
        + "availability a {\n  service s\n  target by plan { gold: 99.9% silver: 99.5%\n"
        + "  per calendar month\n}\n\n"
        + "availability b {\n  service s\n  target 99%\n  per calender month\n}\n"
    )
    first, second = found(source)
    assert first.message == (
        "the `by` table opened on line 6 is not closed: a `}` is missing before `per`"
    )
    assert second.span is not None and second.span.line == 13
    assert "`calender`" in second.message


def test_reading_resumes_after_each_unclosed_clause() -> None:
    """Three timers, each one `}` short: a `timer` keyword in a timer is read as a level's name,
    and the error falls on the word after it; each is named, and the last clause is read."""
    broken = "timer t{n} {{\n  from ticket.opened to ticket.resolved\n  when plan = gold {{\n"
    broken += "    within 4h\n  within 8h\n}}\n\n"
    source = HEADER + "param plan: one of gold | silver = gold\n"
    source += "".join(broken.format(n=n) for n in range(3))
    source += "availability up { service s target 99% per calender month }\n"
    diagnostics = found(source)
    assert [(d.span.line, d.span.column) for d in diagnostics if d.span] == [
        (10, 1), (17, 1), (24, 1), (24, 44),
    ]  # fmt: skip
    assert [d.message for d in diagnostics[:3]] == [
        f"the clause opened on line {line} is not closed: a `}}` is missing before `{word}`"
        for line, word in ((3, "timer"), (10, "timer"), (17, "availability"))
    ]
    assert "`calender`" in diagnostics[3].message


def test_a_statement_in_column_1_is_not_taken_for_a_clause() -> None:
    """`service s` inside a clause, unindented, after an error: no resumption there (it would
    report the clause's `}` as a second error)."""
    source = HEADER + 'service s "S"\navailability a {\nservice s\ntaget 99%\nper calendar month\n'
    source += 'note "x"\nservice s\n}\n'
    assert codes(source) == ["SLA-E102"]


# ----------------------------------------------------------- facts in a remedy's `when`

RESPONSE = (
    "param fee: money\nparam plan: one of basic | gold = basic\nservice s\n"
    "severities sev { service s level urgent level normal }\n"
    "timer response { service s from ticket.opened to ticket.acknowledged within 4h }\n"
)


@pytest.mark.parametrize(
    ("when", "kind", "never"),
    [
        ("severity = urgent", "credit", True),
        ("not (cause in [customer])", "credit", True),
        ("outage.affected > 50%", "refund", True),
        ("response not met and opened outside 24x7", "credit", True),
        ("response not met", "credit", False),
        ("plan = gold", "credit", False),
        ("severity = urgent", "charge", False),
    ],
)
def test_a_remedy_judged_per_period_cannot_ask_a_tickets_facts(
    when: str, kind: str, never: bool
) -> None:
    formula = (
        "100 USD per 1h pro rata from ticket.acknowledged to ticket.resolved"
        if kind == "charge"
        else "100% of fee"
    )
    text = HEADER + RESPONSE + f"{kind} r {{ {formula} when {when} }}\n"
    assert ("SLA-E908" in codes(text)) is never
