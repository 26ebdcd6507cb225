"""Property tests: the front end never raises and only ever reports the project's own diagnostics.

Input: text from four sources: arbitrary Unicode, words and symbols of the language in random
order, sentences generated from the grammar itself (`hypothesis.extra.lark`), and random
mutations of the real contracts in `contracts/`; plus pathological nesting and a 2 MB contract.
Output: nothing; each test asserts that `parse` and `check_file` return (never raise), that every
diagnostic has a registered code and a span inside the source, and that every one renders. With
names that are not reserved words, every sentence of the grammar must parse.

Invariants: budgets are kept small (`max_examples` per test) so the whole file runs in well under
a minute; the `contracts/` folder is globbed at collection time, so new contracts are mutated as
they land. What the properties found is kept as plain tests (`FOUND_*`), tried on every run;
crashes of the parser and builder also get a regression test in tests/test_parser_regressions.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark

from sladsl.builder import MONTHS, WEEKDAYS
from sladsl.checker import check, check_file
from sladsl.codes import CODES
from sladsl.diagnostics import Diagnostic, Severity, render
from sladsl.grammar import keywords, lark_parser
from sladsl.parser import MAX_DEPTH, ParseResult, parse

FILE = "prop.sla"
CONTRACTS_DIR = Path(__file__).resolve().parent.parent / "contracts"
CONTRACTS = {p.name: p.read_text(encoding="utf-8") for p in sorted(CONTRACTS_DIR.glob("*.sla"))}
SYNTAX_CODES = {"SLA-E101", "SLA-E102", "SLA-E103", "SLA-E104", "SLA-E106"}

# Unit words: a name right after a number would lex together with it as a duration.
UNIT_WORDS = frozenset(
    {
        "ms", "millisecond", "milliseconds", "s", "sec", "second", "seconds", "min", "minute",
        "minutes", "h", "hour", "hours", "d", "day", "days", "w", "week", "weeks", "month",
        "months", "year", "years", "consecutive",
    }
)  # fmt: skip
# Words that only lex together with their neighbour (`pro rata`) or as part of an event type.
GLUE_WORDS = frozenset({"pro", "rata", "ticket", "outage", "claim"})
# The terminals that swallow a word after a number: `4 h` is a duration, `100 EUR` money.
NUMBER_WITH_WORD = [
    re.compile(t.pattern.to_regexp())
    for t in lark_parser().terminals
    if t.name in ("MONEY", "DURATION")
]

FAST = settings(max_examples=150, deadline=None)
SLOW = settings(
    max_examples=100,
    deadline=None,
    # Grammar-generated texts and mutated contracts are large by design: drawing them is slow.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --------------------------------------------------------------------------- the assertions


def _line_count(source: str) -> int:
    """Lines as Lark counts them (`\\n` only) or as `str.splitlines` does, whichever is more."""
    return max(source.count("\n") + 1, len(source.splitlines()))


def assert_well_behaved(source: str) -> tuple[ParseResult, list[Diagnostic]]:
    """Parse and check `source`; assert every diagnostic is one of ours, placed and renderable."""
    result = parse(source, FILE)
    diagnostics = check_file(source, FILE)
    assert isinstance(result, ParseResult)
    assert isinstance(diagnostics, list)
    if result.ok:
        assert not {d.code for d in result.diagnostics} & SYNTAX_CODES
    else:
        assert result.diagnostics, "a failed parse must say why"
        # A control character is reported where it stands, whether or not the rest parses.
        assert {d.code for d in result.diagnostics} <= SYNTAX_CODES | {"SLA-E107"}
    last_line = _line_count(source) + 1
    for diagnostic in [*result.diagnostics, *diagnostics]:
        assert isinstance(diagnostic, Diagnostic)
        assert diagnostic.code in CODES, diagnostic
        assert isinstance(diagnostic.severity, Severity)
        assert diagnostic.file == FILE
        assert diagnostic.message
        span = diagnostic.span
        if span is not None:
            assert 1 <= span.line <= last_line, (diagnostic, last_line)
            assert span.column >= 1, diagnostic
            assert span.line <= span.end_line <= last_line, (diagnostic, last_line)
            assert span.end_column >= 1, diagnostic
            if span.end_line == span.line:
                assert span.end_column >= span.column, diagnostic
        shown = render(diagnostic, source)
        assert f"[{diagnostic.code}]" in shown
        assert diagnostic.message in shown
        assert render(diagnostic, None).startswith(FILE)
    return result, diagnostics


# --------------------------------------------------------------------------- 1. random text

KEYWORDS = sorted(keywords())
PUNCTUATION = [*'{}()[]:,.=<>!|+-/%"#', '"""', ">=", "<=", "!=", "\\", "'", ";", "~"]
SEPARATORS = ["", " ", " ", "\n", "\t", "\r\n"]


@st.composite
def word_soup(draw: st.DrawFn) -> str:
    """Keywords, punctuation, numbers with and without units, names: in random order."""
    atoms = st.one_of(
        st.sampled_from(KEYWORDS),
        st.sampled_from(PUNCTUATION),
        st.integers(0, 10**6).map(str),
        st.sampled_from(["99.9%", "4h", "30 min", "2 days", "100 USD", "3rd", "24x7", "08:00"]),
        st.sampled_from(["2024-02-30", "ticket.opened", "outage.start", "pro rata", "x", "P1"]),
        st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True),
        st.text(alphabet="0123456789.:-%", max_size=6),
    )
    parts = draw(st.lists(st.tuples(atoms, st.sampled_from(SEPARATORS)), max_size=60))
    return "".join(atom + separator for atom, separator in parts)


@FAST
@given(st.text(max_size=300))
def test_random_text(source: str) -> None:
    assert_well_behaved(source)


@FAST
@given(st.text(alphabet='{}()[]:,.=<>!|+-/%"#\\ \n\t0123456789abcdefghijklmnopqrstuvwxyz_'))
def test_random_text_from_the_language_alphabet(source: str) -> None:
    assert_well_behaved(source)


@settings(FAST, max_examples=200)
@given(word_soup())
def test_random_words_of_the_language(source: str) -> None:
    assert_well_behaved(source)


# --------------------------------------------------------------------------- 2. the grammar


def _separated(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Every token is followed by white space, so neighbours never lex as one token."""
    return st.tuples(strategy, st.sampled_from([" ", "\n", "\t", "  \n  "])).map("".join)


def _weighted(
    common: st.SearchStrategy[str], rare: st.SearchStrategy[str]
) -> st.SearchStrategy[str]:
    """`rare` about one draw in twelve."""
    return st.integers(0, 11).flatmap(lambda i: rare if i == 0 else common)


def _is_plain_name(word: str) -> bool:
    """Not reserved, and never read together with a neighbouring number or word."""
    return (
        word not in keywords()
        and word not in UNIT_WORDS
        and word not in GLUE_WORDS
        and not any(p.fullmatch("1 " + word) for p in NUMBER_WITH_WORD)
    )


PLAIN_NAMES = st.one_of(
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True),
    st.from_regex(r"[A-Z]{3}", fullmatch=True),  # choices such as `PRO`, but not `EUR`
).filter(_is_plain_name)
ANY_NAMES = _weighted(
    PLAIN_NAMES, st.sampled_from(sorted(keywords() | UNIT_WORDS | GLUE_WORDS | {"EUR", "USD"}))
)
_DIGITS = st.integers(0, 10**6).map(str)
# Decimal and huge numbers: past Python's 4300-digit limit for int(str).
_BIG = st.sampled_from(["0", "00", "1" * 20, "9" * 4400])
INTS = _weighted(_DIGITS, _BIG)
DECIMALS = st.tuples(INTS, _DIGITS).map(".".join)
NUMBERS = st.one_of(INTS, DECIMALS)
_TEXT_CHARS = st.characters(codec="utf-8", exclude_characters='"\\\n')
STRINGS = st.lists(
    st.one_of(_TEXT_CHARS, st.sampled_from(['\\"', "\\\\", "\\n", "\\t"])), max_size=12
).map(lambda parts: '"' + "".join(parts) + '"')
LONG_STRINGS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters='"\\'), max_size=40
).map(lambda body: '"""' + body + '"""')
UNITS = sorted(UNIT_WORDS - {"consecutive"})

REGEX_TERMINALS: dict[str, st.SearchStrategy[str]] = {
    "WS": st.sampled_from([" ", "\n", "\t", "\r\n", "\f"]),
    "COMMENT": st.text(
        alphabet=st.characters(codec="utf-8", exclude_characters="\n"), max_size=20
    ).map(lambda body: "#" + body + "\n"),
    "SIGN": st.sampled_from(["+", "-"]),
    "REMEDY_KIND": st.sampled_from(["credit", "refund", "extension", "charge", "termination"]),
    "REMEDY_KIND_PLURAL": st.sampled_from(
        ["credits", "refunds", "extensions", "charges", "remedies"]
    ),
    "PERIOD_UNIT": st.sampled_from(["month", "quarter", "year"]),
    "STATISTIC": st.sampled_from(["mean", "median", "min", "max"]),
    "ROUNDING": st.sampled_from(["started", "full"]),
    "PRO_RATA": st.sampled_from(["pro rata", "pro \t rata"]),
    "OVERNIGHT": st.just("overnight"),
    "WEEKDAY": st.sampled_from(WEEKDAYS),
    "MONTH": st.sampled_from(MONTHS),
    "ALWAYS": st.just("24x7"),
    "COMPARE": st.sampled_from([">=", "<=", "!=", "=", ">", "<"]),
    "EVENT": st.tuples(
        st.sampled_from(["ticket", "outage", "maintenance", "claim"]),
        st.sampled_from(["opened", "acknowledged", "resolved", "start", "end", "x_y"]),
    ).map(".".join),
    "DATE": st.tuples(st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99)).map(
        lambda ymd: f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"
    ),
    "TIME": st.tuples(st.integers(0, 99), st.integers(0, 99)).map(
        lambda hm: f"{hm[0]}:{hm[1]:02d}"
    ),
    "MONEY": st.tuples(NUMBERS, st.sampled_from([" ", "\t"]), st.sampled_from(["USD", "EUR"])).map(
        "".join
    ),
    "PERCENT": st.tuples(NUMBERS, st.sampled_from(["", " "])).map(lambda p: p[0] + p[1] + "%"),
    "DURATION": st.tuples(
        NUMBERS,
        st.sampled_from(["", " "]),
        st.sampled_from(["", "consecutive "]),
        st.sampled_from(UNITS),
    ).map("".join),
    "ORDINAL": st.tuples(INTS, st.sampled_from(["st", "nd", "rd", "th"])).map("".join),
    "NUMBER": DECIMALS,
    "INT": INTS,
    "STRING": STRINGS,
    "LONG_STRING": LONG_STRINGS,
}


def _terminal_strategies(names: st.SearchStrategy[str]) -> dict[str, st.SearchStrategy[str]]:
    """A strategy for every terminal of the grammar, each token followed by white space."""
    explicit: dict[str, st.SearchStrategy[str]] = {}
    for terminal in lark_parser().terminals:
        if terminal.name in ("WS", "COMMENT"):
            explicit[terminal.name] = REGEX_TERMINALS[terminal.name]
        elif terminal.name == "NAME":
            explicit[terminal.name] = _separated(names)
        elif terminal.pattern.type == "str":
            explicit[terminal.name] = _separated(st.just(terminal.pattern.value))
        elif terminal.name in REGEX_TERMINALS:
            explicit[terminal.name] = _separated(REGEX_TERMINALS[terminal.name])
        else:  # a terminal added since these strategies were written: Hypothesis's own regex
            pattern = re.compile(terminal.pattern.to_regexp())
            explicit[terminal.name] = _separated(
                st.from_regex(pattern, fullmatch=True, alphabet=st.characters(codec="ascii"))
            )
    return explicit


def grammar_text(start: str, names: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Sentences of the grammar's rule `start`, with names drawn from `names`."""
    terminals, _, ignored = lark_parser().grammar.compile([start], ())
    used = {t.name for t in terminals} | set(ignored)
    explicit = {name: s for name, s in _terminal_strategies(names).items() if name in used}
    return from_lark(lark_parser(), start=start, explicit=explicit)


def clauses(names: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """One to four top-level items; Hypothesis picks each item's kind evenly among the grammar's."""
    return st.lists(grammar_text("item", names), min_size=1, max_size=4).map("\n".join)


@SLOW
@given(grammar_text("start", PLAIN_NAMES))
def test_grammar_generated_files_parse(source: str) -> None:
    """With names that are not reserved words, every sentence of the grammar parses."""
    result, _ = assert_well_behaved(source)
    assert result.ok, [render(d, source) for d in result.diagnostics]
    assert "SLA-E105" not in {d.code for d in result.diagnostics}


@settings(SLOW, max_examples=300)
@given(clauses(PLAIN_NAMES))
def test_grammar_generated_clauses_parse(source: str) -> None:
    result, _ = assert_well_behaved(source)
    assert result.ok, [render(d, source) for d in result.diagnostics]
    assert "SLA-E105" not in {d.code for d in result.diagnostics}


@settings(SLOW, max_examples=150)
@given(clauses(ANY_NAMES))
def test_grammar_generated_clauses_with_reserved_names(source: str) -> None:
    assert_well_behaved(source)


# What the properties above found, kept so that every run tries it.
HUGE = "9" * 4400  # past Python's 4300-digit limit for int(str) and str(int)
_OFFICE = 'calendar c { zone UTC open mon-fri closed h "H" '
FOUND_CRASHES = {
    "day-of-month-past-int-digit-limit": _OFFICE + f"jan {HUGE} }}",
    "ordinal-past-int-digit-limit": _OFFICE + f"{HUGE}th mon of jan }}",
    "claims-ordinal-past-int-digit-limit": (
        f"claims c {{ opens after {HUGE}th open day of 24x7 after period end }}"
    ),
}
FOUND_UNPARSED = {
    "money-bound-in-tier": "credit c { tier >= 5 USD: amount 1 USD }",
    "money-bound-in-tier-spaced": "credit c { tier < 99.9% and >= 5 USD : amount 1 USD }",
    "choice-list-after-number-in-by-table": (
        "param plan: one of BASIC | PRO | TOP = PRO\n"
        "availability up { target by plan { BASIC: 5 PRO, TOP: 7 } }"
    ),
}


@pytest.mark.parametrize("source", list(FOUND_CRASHES.values()), ids=list(FOUND_CRASHES))
def test_found_crashes(source: str) -> None:
    assert_well_behaved(source)


@pytest.mark.parametrize("source", list(FOUND_UNPARSED.values()), ids=list(FOUND_UNPARSED))
def test_found_sentences_of_the_grammar_parse(source: str) -> None:
    result, _ = assert_well_behaved(source)
    assert result.ok, [render(d, source) for d in result.diagnostics]


# --------------------------------------------------------------------------- 3. mutated contracts

MUTATIONS = (
    "delete line", "duplicate line", "swap lines", "delete span", "insert", "truncate", "unit"
)  # fmt: skip
INSERTS = ["{", "}", "(", ")", '"', '"""', "%", "#", ":", ",", "\n", "0", "99.9%", "4 h", "7 EUR"]
_UNIT = re.compile(r"(?<=\d)(\s*)(%|[A-Z]{3}\b|[a-z]+\b)")
NEW_UNITS = ["%", " %", "h", " days", " USD", " EUR", "", "st", " xyz", " consecutive days", ".5"]


@st.composite
def _mutation(draw: st.DrawFn, source: str) -> str:
    lines = source.split("\n")
    kind = draw(st.sampled_from(MUTATIONS))
    if kind in ("delete line", "duplicate line", "swap lines"):
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        if kind == "delete line":
            del lines[i]
        elif kind == "duplicate line":
            lines.insert(i, lines[i])
        else:
            lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines)
    at = draw(st.integers(0, len(source)))
    if kind == "delete span":
        return source[:at] + source[at + draw(st.integers(1, 40)) :]
    if kind == "insert":
        token = draw(st.one_of(st.sampled_from(INSERTS + KEYWORDS), st.integers(0, 10**4).map(str)))
        return source[:at] + token + source[at:]
    if kind == "truncate":
        return source[:at]
    units = list(_UNIT.finditer(source))
    if not units:
        return source
    match = draw(st.sampled_from(units))
    return source[: match.start()] + draw(st.sampled_from(NEW_UNITS)) + source[match.end() :]


@st.composite
def mutated_contract(draw: st.DrawFn) -> str:
    source = CONTRACTS[draw(st.sampled_from(sorted(CONTRACTS)))]
    for _ in range(draw(st.integers(1, 3))):
        source = draw(_mutation(source))
    return source


def test_contracts_exist_and_are_clean() -> None:
    assert CONTRACTS, f"no contracts in {CONTRACTS_DIR}"
    for name, source in CONTRACTS.items():
        result, _ = assert_well_behaved(source)
        assert result.ok, (name, result.diagnostics)


@settings(SLOW, max_examples=150)
@given(mutated_contract())
def test_mutated_contracts(source: str) -> None:
    assert_well_behaved(source)


# --------------------------------------------------------------------------- 4. pathological size

HEADER = 'contract deep "Deep" { currency USD }\n'


def _deep(condition: str) -> str:
    return (
        HEADER + f"service s\nseverities levels {{\n  service s\n  level P1 when {condition}\n}}\n"
    )


def _assert_too_deep(source: str) -> None:
    result, diagnostics = assert_well_behaved(source)
    assert not result.ok
    assert [d.code for d in diagnostics] == ["SLA-E106"]


TOO_DEEP = {
    "parens": _deep("(" * 10_000 + "x" + ")" * 10_000),
    "unclosed-parens": _deep("(" * 10_000),
    "braces": HEADER + "clause c {" + "{" * 10_000 + "}" * 10_001,
    "unclosed-braces": HEADER + "{" * 10_000,
    "nots": _deep("not " * 10_000 + "x"),
    "parens-and-nots": _deep("(not not " * 1_000 + "x" + ")" * 1_000),
    "brackets": _deep("[" * 10_000),
}


@pytest.mark.parametrize("source", list(TOO_DEEP.values()), ids=list(TOO_DEEP))
def test_deep_nesting_is_refused(source: str) -> None:
    _assert_too_deep(source)


@pytest.mark.parametrize("depth", [MAX_DEPTH - 2, MAX_DEPTH // 2])
def test_nesting_within_the_limit_parses(depth: int) -> None:
    for condition in ("(" * depth + "x" + ")" * depth, "not " * depth + "x"):
        result, _ = assert_well_behaved(_deep(condition))
        assert result.ok, result.diagnostics


def test_brackets_inside_texts_and_comments_do_not_count() -> None:
    source = HEADER + f'clause c "{"(" * 1000}" {{ note """{"{" * 1000}""" }}\n# {"[" * 1000}\n'
    result, _ = assert_well_behaved(source)
    assert result.ok, result.diagnostics


BIG_HEADER = """\
contract big "Big" {
  provider "a provider"
  currency USD
  zone UTC
}

param monthly_fee: money "The monthly fee."

exclusion scheduled_maintenance "Scheduled maintenance windows" {
  during announced maintenance
}
"""
# Modelled on contracts/voip.sla: real contracts are half prose, quoted from their seed.
CLAUSES = """\
service voip{i} "VoIP services {i}" {{
  note "Voice and video calls; one service for uptime, call quality and support."
}}

availability uptime{i} "Service Availability" {{
  section "1.{i}"
  text "We guarantee a minimum of 99.9% uptime for our VoIP services, excluding maintenance."
  service voip{i}
  target 99.9%
  per calendar month
  excluding scheduled_maintenance
  total time whole period
  assume "Uptime is measured per calendar month (UTC): the seed gives no period."
}}

timer support_response{i} "Initial response to support requests" {{
  section "3.{i}"
  text "Initial response times to support requests will be within 4 hours or less."
  service voip{i}
  from ticket.opened to ticket.acknowledged
  within 4h in 24x7
}}

credit uptime_credit{i} "Credit for uptime below target" {{
  section "6.{i}"
  text "For uptime below 99.9%: 10% of the monthly service fee for every 1% below the target."
  10% of monthly_fee per started 1% below target of uptime{i}
  assume "Every started 1% counts: an ambiguous clause is read against the party that wrote it."
}}

clause security{i} "Security and Privacy" {{
  section "4.{i}"
  text "We will employ robust security measures to protect your data and communications."
}}
"""


def _big_contract(size: int) -> str:
    parts, length, i = [BIG_HEADER], len(BIG_HEADER), 0
    while length < size:
        part = CLAUSES.format(i=i)
        parts.append(part)
        length, i = length + len(part), i + 1
    return "".join(parts)


def test_two_megabyte_contract_parses() -> None:
    source = _big_contract(2_000_000)
    assert len(source) >= 2_000_000
    result = parse(source, FILE)
    assert result.ok, result.diagnostics[:3]
    assert result.contract is not None
    assert not result.diagnostics
    diagnostics = check(result.contract, FILE)
    assert all(d.code in CODES for d in diagnostics)


def test_large_contract_with_a_late_syntax_error() -> None:
    source = _big_contract(50_000) + "service broken {\n"
    result = parse(source, FILE)
    assert not result.ok
    assert [d.code for d in result.diagnostics] == ["SLA-E103"]


# --------------------------------------------------------------------------- the strategies


def test_plain_names_avoid_reserved_and_gluing_words() -> None:
    assert not [w for w in keywords() | UNIT_WORDS | GLUE_WORDS if _is_plain_name(w)]
    assert not _is_plain_name("EUR")
    assert not _is_plain_name("ms")
    assert _is_plain_name("uptime")
    assert _is_plain_name("PRO")
