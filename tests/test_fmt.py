"""`sladsl fmt`: the canonical layout keeps meaning and comments, is stable, and the command works.

Input: the five `contracts/*.sla` and `examples/voip.sla`; the same contracts laid out at random
(indentation, blank lines, trailing spaces, comments added); sentences generated from the grammar
with comments between their tokens and mutated contracts (the generators of
tests/test_properties.py); every example of docs/language.md; the golden cases of `tests/fmt/`
(`NAME.sla` and its canonical form `NAME.expected`); small statements written every way the
language allows.
Output: nothing; the tests assert that formatting is idempotent, that the formatted text reads
back as an equal AST with the same comments, that texts with errors are refused with the
diagnostics `sladsl check` gives, and what `sladsl fmt`, `--check` and `--diff` print, write and
return.

Invariants: the contracts and examples are kept in the canonical layout (`fmt --check` on them is
clean); hypothesis budgets stay small so the file runs in well under a minute.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from golden import assert_golden, read_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_language_doc import Block, sla_blocks

from sladsl.cli import main
from sladsl.formatter import Formatted, format_source
from sladsl.formatter.clauses import items
from sladsl.formatter.comments import Attached
from sladsl.formatter.render import render
from sladsl.layout import Comment
from sladsl.parser import parse

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "fmt"
CANONICAL = [*sorted((ROOT / "contracts").glob("*.sla")), ROOT / "examples" / "voip.sla"]
CONTRACTS = {p.name: read_text(p) for p in sorted((ROOT / "contracts").glob("*.sla"))}
GOLDEN_INPUTS = sorted(CASES.glob("*.sla"))
PROPERTIES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def comments(source: str) -> Counter[str]:
    """The multiset of the comments of a text that parses (trailing white space dropped)."""
    layout = parse(source, layout=True).layout
    assert layout is not None
    return Counter(c.text for c in layout.comments)


def assert_formats_faithfully(source: str) -> str:
    """Format `source`, which must parse cleanly; check meaning, comments and idempotence."""
    result = format_source(source, "case.sla")
    assert result.text is not None, result.diagnostics
    assert parse(result.text).contract == parse(source).contract
    assert comments(result.text) == comments(source)
    assert format_source(result.text, "case.sla").text == result.text
    assert not any(line != line.rstrip() for line in result.text.split("\n"))
    return result.text


def assert_refused_or_faithful(source: str) -> Formatted:
    """A text with errors of reading is refused with check's diagnostics; any other is formatted
    faithfully."""
    result = format_source(source, "case.sla")
    parsed = parse(source, "case.sla")
    broken = (
        parsed.contract is None
        or any(d.is_error for d in parsed.diagnostics)
        or len(parsed.contract.header_spans) > 1
    )
    if broken:
        assert result.text is None
        assert any(d.is_error for d in result.diagnostics)
    else:
        assert_formats_faithfully(source)
    return result


# --------------------------------------------------------------------------- the real contracts


@pytest.mark.parametrize("path", CANONICAL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_contracts_and_examples_are_in_the_canonical_layout(path: Path) -> None:
    source = read_text(path)
    assert format_source(source, str(path)).text == source
    assert_formats_faithfully(source)


# The noise a person might leave in a contract: it changes nothing of the canonical form.
_LONG_STRING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""')
# Any text a comment may hold: not line ends, nor the control characters and bidirectional
# overrides that are errors anywhere in a contract (SLA-E107); tab is allowed.
COMMENT_TEXT = st.text(
    st.characters(
        codec="utf-8",
        exclude_categories=["Cc"],
        exclude_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
        include_characters="\t",
    ),
    max_size=15,
)


def _protected(source: str) -> tuple[set[int], set[int]]:
    """Lines (from 0) that start inside a long text, and lines that end inside one."""
    starts: set[int] = set()
    ends: set[int] = set()
    for match in _LONG_STRING.finditer(source):
        first = source.count("\n", 0, match.start())
        last = first + match.group().count("\n")
        starts.update(range(first + 1, last + 1))
        ends.update(range(first, last))
    return starts, ends


@st.composite
def relaid(draw: st.DrawFn, with_comments: bool) -> tuple[str, str]:
    """(original, the same contract laid out at random)."""
    original = CONTRACTS[draw(st.sampled_from(sorted(CONTRACTS)))]
    starts_inside, ends_inside = _protected(original)
    out: list[str] = []
    for index, line in enumerate(original.split("\n")):
        if index not in starts_inside:
            if with_comments and draw(st.integers(0, 9)) == 0:
                out.append(draw(st.sampled_from(["", "  ", "\t"])) + "#" + draw(COMMENT_TEXT))
            line = draw(st.sampled_from(["", " ", "    ", "\t", "\t  "])) + line.lstrip(" \t")
        if index not in ends_inside:
            line += draw(st.sampled_from(["", "", " ", "\t "]))
            if with_comments and draw(st.integers(0, 9)) == 0:
                line += " #" + draw(COMMENT_TEXT)
            keeps_blank_lines = not line.lstrip().startswith("#")
            if (with_comments or keeps_blank_lines) and draw(st.integers(0, 14)) == 0:
                line += "\n"
        out.append(line)
    return original, "\n".join(out)


@PROPERTIES
@given(relaid(with_comments=False))
def test_layout_does_not_change_the_canonical_form(case: tuple[str, str]) -> None:
    original, noisy = case
    assert format_source(noisy).text == format_source(original).text


@PROPERTIES
@given(relaid(with_comments=True))
def test_comments_anywhere_are_kept(case: tuple[str, str]) -> None:
    original, noisy = case
    formatted = assert_formats_faithfully(noisy)
    assert parse(formatted).contract == parse(original).contract


# --------------------------------------------------------------------------- generated texts


def _commented_sentences() -> st.SearchStrategy[str]:
    """Sentences of the grammar (tests/test_properties.py), a comment after some tokens."""
    from hypothesis.extra.lark import from_lark
    from test_properties import PLAIN_NAMES, _terminal_strategies

    from sladsl.grammar import lark_parser

    after = st.one_of(st.just(""), st.just(""), COMMENT_TEXT.map(lambda t: "#" + t + "\n"))
    terminals, _, ignored = lark_parser().grammar.compile(["start"], ())
    used = {t.name for t in terminals} | set(ignored)
    explicit = {
        name: strategy if name in ("WS", "COMMENT") else st.tuples(strategy, after).map("".join)
        for name, strategy in _terminal_strategies(PLAIN_NAMES).items()
        if name in used
    }
    return from_lark(lark_parser(), start="start", explicit=explicit)


def _mutated_contracts() -> st.SearchStrategy[str]:
    from test_properties import mutated_contract

    return mutated_contract()


@settings(PROPERTIES, max_examples=100)
@given(st.deferred(_commented_sentences))
def test_generated_contracts_format_faithfully(source: str) -> None:
    assert_refused_or_faithful(source)


@settings(PROPERTIES, max_examples=100)
@given(st.deferred(_mutated_contracts))
def test_mutated_contracts_are_refused_or_formatted(source: str) -> None:
    assert_refused_or_faithful(source)


# --------------------------------------------------------------------------- docs/language.md


@pytest.mark.parametrize("block", sla_blocks(), ids=lambda b: b.id)
def test_language_examples_survive_formatting(block: Block) -> None:
    assert_formats_faithfully(block.source)


# --------------------------------------------------------------------------- golden cases


def test_there_are_golden_cases() -> None:
    assert GOLDEN_INPUTS
    orphans = {p.stem for p in CASES.glob("*.expected")} - {p.stem for p in GOLDEN_INPUTS}
    assert not orphans, f"expected outputs without an input: {sorted(orphans)}"


@pytest.mark.parametrize("path", GOLDEN_INPUTS, ids=lambda p: p.stem)
def test_golden_case(path: Path, update_goldens: bool) -> None:
    source = read_text(path)
    formatted = assert_formats_faithfully(source)
    assert_golden(path.with_suffix(".expected"), formatted, update_goldens)


# --------------------------------------------------------------------------- spellings

HEAD = 'contract c "C" {\n  currency USD\n  zone UTC\n}\n\n'
SPELLINGS = {
    "units": (
        "availability up { target 99.90 % granularity 60 s per rolling 4 weeks }",
        "availability up {\n  target 99.90%\n  per rolling 4 weeks\n  granularity 60s\n}\n",
    ),
    "durations": (
        "timer t { from ticket.opened to ticket.resolved P1 within 1 weeks in 24x7"
        " P2 within 90 minutes P3 within 2 d }",
        "timer t {\n  from ticket.opened to ticket.resolved\n  P1 within 1 week in 24x7\n"
        "  P2 within 90min\n  P3 within 2 days\n}\n",
    ),
    "consecutive": (
        "count c { outages more than 3 within 28   consecutive days }",
        "count c {\n  outages\n  more than 3 within 28 consecutive days\n}\n",
    ),
    "money-and-numbers": (
        "param p: number = 007\ncredit c { amount 100\tUSD when x }",
        "param p: number = 007\n\ncredit c {\n  when x\n  amount 100 USD\n}\n",
    ),
    "days-and-hours": (
        "calendar k { open mon-mon, tue-fri 8:00-18:00 open every day }",
        "calendar k {\n  open mon, tue-fri 08:00-18:00\n  open every day\n}\n",
    ),
    "holidays": (
        'calendar k { closed e "E" easter + 0 days closed f "F" e - 1 week'
        ' closed g "G" 21th mon of jan closed h "H" 12nd tue of feb }',
        'calendar k {\n  closed e "E" easter\n  closed f "F" e - 7 days\n'
        '  closed g "G" 21st mon of jan\n  closed h "H" 12th tue of feb\n}\n',
    ),
    "zones": (
        'calendar k { zone "Europe/Berlin" }\ncalendar m { zone "Etc/GMT+8" }',
        'calendar k {\n  zone Europe/Berlin\n}\n\ncalendar m {\n  zone "Etc/GMT+8"\n}\n',
    ),
    "strings": (
        'clause c { text "a \\"q\\" \\\\ b\ttab" note """  one line  """ }',
        'clause c {\n  text "a \\"q\\" \\\\ b\\ttab"\n  note "one line"\n}\n',
    ),
    "long-text": (
        'clause c { text """\nfirst\n\n    indented "quoted"\n""" }',
        'clause c {\n  text """\n    first\n\n        indented "quoted"\n  """\n}\n',
    ),
    "conditions": (
        "credit c { when (f1 or f2) and not (f3 and f4) or ((f5)) amount 1 USD }",
        "credit c {\n  when (f1 or f2) and not (f3 and f4) or f5\n  amount 1 USD\n}\n",
    ),
    "nested-groups": (
        "severities s { level P1 when x = 1 and (y = 2 and z = 3) level P2 when not not w }",
        "severities s {\n  level P1 when x = 1 and (y = 2 and z = 3)\n"
        "  level P2 when not not w\n}\n",
    ),
    "by-table": (
        "timer t { from ticket.opened to ticket.acknowledged within by plan { PRO, TOP: 1h"
        " else: 1 day } }",
        "timer t {\n  from ticket.opened to ticket.acknowledged\n  within by plan {\n"
        "    PRO, TOP: 1h\n    else: 1 day\n  }\n}\n",
    ),
    "as-written": (
        "availability up { total time whole period } availability up2 { target 1% }"
        " timer t { from outage.start to outage.end within 1h }",
        "availability up {\n  total time whole period\n}\n\navailability up2 {\n  target 1%\n}\n\n"
        "timer t {\n  from outage.start to outage.end\n  within 1h\n}\n",
    ),
    "order-and-merging": (
        'timer t { assume "A" within 4h service s1 note "N" service s2 text "T" section "1"'
        " from ticket.opened to ticket.acknowledged }",
        'timer t {\n  section "1"\n  text "T"\n  service s1, s2\n'
        '  from ticket.opened to ticket.acknowledged\n  within 4h\n  assume "A"\n  note "N"\n}\n',
    ),
    "when-blocks": (
        "timer t { from ticket.opened to ticket.acknowledged when p = A { x within 1h }"
        " when p = A { y within 2h } when p = B { } z within 3h }",
        "timer t {\n  from ticket.opened to ticket.acknowledged\n  when p = A {\n"
        "    x within 1h\n    y within 2h\n  }\n  z within 3h\n}\n",
    ),
    "empty-bodies": (
        'service s "S" { } clause c { }',
        'service s "S"\n\nclause c {}\n',
    ),
}


@pytest.mark.parametrize("case", list(SPELLINGS.values()), ids=list(SPELLINGS))
def test_canonical_spelling(case: tuple[str, str]) -> None:
    written, canonical = case
    assert assert_formats_faithfully(HEAD + written) == HEAD + canonical


# --------------------------------------------------------------------------- refusals


REFUSED = {
    "syntax-error": ("clause c {\n  text 'x'\n}\n", "SLA-E101"),
    "unclosed": ('clause c {\n  text "x"\n', "SLA-E103"),
    "statement-twice": ("availability a {\n  target 1%\n  target 2%\n}\n", "SLA-E902"),
    "reserved-word": ("service min\n", "SLA-E105"),
    "two-headers": ('contract a "A" {}\ncontract b "B" {}\n', "SLA-E207"),
}


@pytest.mark.parametrize("case", list(REFUSED.values()), ids=list(REFUSED))
def test_texts_with_errors_are_refused(case: tuple[str, str]) -> None:
    source, code = case
    result = format_source(source, "bad.sla")
    assert result.text is None
    assert code in {d.code for d in result.diagnostics}


# --------------------------------------------------------------------------- comment collection


def test_comments_are_collected_per_parse() -> None:
    first = parse("# one\nservice a  # two\n", layout=True)
    second = parse("service b\n# three\n", layout=True)
    assert first.layout is not None and second.layout is not None
    assert [c.text for c in first.layout.comments] == ["# one", "# two"]
    assert [(c.line, c.column) for c in first.layout.comments] == [(1, 1), (2, 12)]
    assert [c.text for c in second.layout.comments] == ["# three"]
    assert parse("# one\nservice a\n").layout is None
    assert parse("service a {", layout=True).layout is None
    assert parse("# x\nservice a # y\n", layout=True).contract == parse("service a\n").contract


# --------------------------------------------------------------------------- the command

MESSY = '  service   s   "S"   # kept\nparam fee:money\n'
TIDY = 'service s "S"  # kept\n\nparam fee: money\n'


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["fmt", *args])
    return result.exit_code, result.stdout, result.stderr


def test_fmt_rewrites_files_in_place(tmp_path: Path) -> None:
    messy, tidy = tmp_path / "messy.sla", tmp_path / "tidy.sla"
    messy.write_text(MESSY, encoding="utf-8")
    tidy.write_text(TIDY, encoding="utf-8")
    assert _run(str(messy), str(tidy)) == (0, "1 file reformatted, 1 unchanged\n", "")
    assert messy.read_text(encoding="utf-8") == TIDY
    assert _run(str(messy)) == (0, "0 files reformatted, 1 unchanged\n", "")


def test_fmt_searches_directories_for_contracts(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.sla").write_text(MESSY, encoding="utf-8")
    (tmp_path / "notes.txt").write_text(MESSY, encoding="utf-8")
    assert _run(str(tmp_path)) == (0, "1 file reformatted, 0 unchanged\n", "")
    assert (tmp_path / "sub" / "a.sla").read_text(encoding="utf-8") == TIDY
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == MESSY


def test_fmt_check_lists_what_would_change_and_writes_nothing(tmp_path: Path) -> None:
    messy, tidy = tmp_path / "messy.sla", tmp_path / "tidy.sla"
    messy.write_text(MESSY, encoding="utf-8")
    tidy.write_text(TIDY, encoding="utf-8")
    status, out, err = _run("--check", str(messy), str(tidy))
    assert (status, err) == (1, "")
    assert out == f"would reformat {messy}\n1 file would be reformatted, 1 unchanged\n"
    assert messy.read_text(encoding="utf-8") == MESSY
    assert _run("--check", str(tidy)) == (0, "0 files would be reformatted, 1 unchanged\n", "")


def test_fmt_diff_prints_a_unified_diff_and_writes_nothing(tmp_path: Path) -> None:
    messy = tmp_path / "messy.sla"
    messy.write_text(MESSY, encoding="utf-8")
    status, out, err = _run("--diff", str(messy))
    assert (status, err) == (1, "")
    assert out == (
        f"--- {messy}\t(original)\n+++ {messy}\t(formatted)\n@@ -1,2 +1,3 @@\n"
        '-  service   s   "S"   # kept\n-param fee:money\n'
        '+service s "S"  # kept\n+\n+param fee: money\n'
        "1 file would be reformatted, 0 unchanged\n"
    )
    assert messy.read_text(encoding="utf-8") == MESSY
    messy.write_text(TIDY, encoding="utf-8")
    assert _run("--diff", str(messy)) == (0, "0 files would be reformatted, 1 unchanged\n", "")


def test_fmt_diff_marks_a_missing_last_newline(tmp_path: Path) -> None:
    path = tmp_path / "a.sla"
    path.write_text("service s", encoding="utf-8")
    status, out, _ = _run("--diff", str(path))
    assert status == 1
    assert "-service s\n\\ No newline at end of file\n+service s\n" in out


def test_fmt_writes_lf_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "crlf.sla"
    path.write_bytes(TIDY.replace("\n", "\r\n").encode("utf-8"))
    assert _run("--check", str(path))[0] == 1
    assert _run(str(path)) == (0, "1 file reformatted, 0 unchanged\n", "")
    assert path.read_bytes() == TIDY.encode("utf-8")


def test_fmt_refuses_a_broken_contract_and_formats_the_others(tmp_path: Path) -> None:
    broken, messy = tmp_path / "broken.sla", tmp_path / "messy.sla"
    broken.write_text('clause c {\n  text "x"\n', encoding="utf-8")
    messy.write_text(MESSY, encoding="utf-8")
    status, out, err = _run(str(broken), str(messy))
    assert status == 1
    assert out == "1 file reformatted, 0 unchanged, 1 file not formatted (errors)\n"
    assert err.startswith(
        f"{broken}:2:11: error: the file ends inside a clause: its closing `}}` is missing"
        " [SLA-E103]\n"
    )
    assert err.endswith(f"{broken}: not formatted: the contract has errors\n")
    assert broken.read_text(encoding="utf-8") == 'clause c {\n  text "x"\n'
    assert messy.read_text(encoding="utf-8") == TIDY
    assert _run("--check", str(broken))[0] == 1


@pytest.mark.parametrize("text", ["", "# only a comment\n\n# and another\n"])
def test_files_without_clauses_are_already_formatted(tmp_path: Path, text: str) -> None:
    path = tmp_path / "a.sla"
    path.write_text(text, encoding="utf-8")
    assert _run("--check", str(path)) == (0, "0 files would be reformatted, 1 unchanged\n", "")


def test_fmt_bad_usage(tmp_path: Path) -> None:
    status, _, err = _run(str(tmp_path / "missing.sla"))
    assert status == 2
    assert "no such file or directory" in err
    status, _, err = _run(str(tmp_path))
    assert status == 2
    assert "no *.sla contract files found" in err
    assert _run()[0] == 2


def test_the_example_of_the_language_reference_is_real_output() -> None:
    section = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    section = section.split("\n## 22. Formatting contracts\n", 1)[1]
    example = section.split("**Example.** This file:", 1)[1]
    before, after = re.findall(r"```text\n(.*?)```", example, flags=re.DOTALL)[:2]
    assert assert_formats_faithfully(before) == after


def test_a_comment_whose_place_is_not_printed_goes_before_the_clause_end() -> None:
    """The renderer's safety net: no comment is lost even if its place were not printed."""
    result = parse('clause c {\n  text "t"\n}\n', layout=True)
    assert result.contract is not None and result.layout is not None
    stray = Attached(leading=[Comment("# stray", 1, 1)])
    text = render(items(result.contract, result.layout), {(0, ("nowhere", 0)): stray})
    assert text == 'clause c {\n  text "t"\n  # stray\n}\n'
    assert render([], {(3, ("nowhere", 0)): stray}) == "# stray\n"
