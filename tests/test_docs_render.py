"""`sladsl docs`: contracts rendered for people, in Markdown and HTML.

- The Markdown of the five contracts is golden: `docs/contracts/<name>.md`, rendered with the
  fixed year `YEAR` (regenerate with `pytest tests/test_docs_render.py --update-goldens` and read
  the diff). A stale document fails.
- Every figure of each seed appears in the rendered document *in the document's own words*: the
  test removes the seed's quoted wording (Markdown block quotes) and the source appendix before
  looking, so a figure the rendering dropped is not rescued by the quotation.
- HTML: it parses, every table-of-contents link points at an id of the page, nothing outside the
  page is referenced, and contract text holding `<script>` or `&` comes out as text.
- Worked examples come from the evaluator: every remedy of the five contracts has one, and its
  numbers are the evaluator's.
- The command: files or stdout, `--year`, exit statuses; the wheel ships the templates and the
  Pygments entry point.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from golden import assert_golden
from html_page import Page, read_page
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from test_cli import NOT_UTF_8, encoded

from sladsl import nodes as n
from sladsl.checker import check
from sladsl.cli import main
from sladsl.parser import parse
from sladsl.render.calendar_words import describe_calendar, describe_holiday_rule, zone_name
from sladsl.render.environment import inline_html, md_text, render
from sladsl.render.view import build_view

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = sorted((ROOT / "contracts").glob("*.sla"))
GOLDENS = ROOT / "docs" / "contracts"
YEAR = 2026  # the fixed "current year" of the golden documents (docs/contracts/README.md)


def contract_of(source: str) -> n.Contract:
    result = parse(source)
    assert result.contract is not None, result.diagnostics
    return result.contract


def document(path: Path, output_format: str, year: int = YEAR) -> str:
    source = path.read_text(encoding="utf-8")
    return render(build_view(contract_of(source), source, path.name, year), output_format)


@pytest.fixture(scope="module")
def markdown() -> dict[str, str]:
    return {path.stem: document(path, "md") for path in CONTRACTS}


@pytest.fixture(scope="module")
def html() -> dict[str, str]:
    return {path.stem: document(path, "html") for path in CONTRACTS}


# --------------------------------------------------------------------------- goldens


@pytest.mark.parametrize("stem", [p.stem for p in CONTRACTS])
def test_markdown_golden(stem: str, markdown: dict[str, str], update_goldens: bool) -> None:
    assert_golden(GOLDENS / f"{stem}.md", markdown[stem], update_goldens)


def test_no_stale_documents(update_goldens: bool) -> None:
    stems = {p.stem for p in CONTRACTS}
    orphans = [g for g in sorted(GOLDENS.glob("*.md")) if g.stem not in stems | {"README"}]
    if update_goldens:
        for orphan in orphans:
            orphan.unlink()
        return
    assert not orphans, f"documents without a contract (rerun with --update-goldens): {orphans}"


def test_readme_names_the_year() -> None:
    readme = (GOLDENS / "README.md").read_text(encoding="utf-8")
    assert f"--year {YEAR}" in readme


def test_the_command_writes_the_golden(tmp_path: Path) -> None:
    done = CliRunner().invoke(
        main, ["docs", str(ROOT / "contracts"), "-o", str(tmp_path), "--year", str(YEAR)]
    )
    assert done.exit_code == 0, done.output
    for path in CONTRACTS:
        written = (tmp_path / f"{path.stem}.md").read_text(encoding="utf-8")
        assert written == (GOLDENS / f"{path.stem}.md").read_text(encoding="utf-8")
        assert f"wrote {tmp_path / (path.stem + '.md')}" in done.output


# --------------------------------------------------------------------------- seed figures

# Each seed's figures as the rendered document states them in its own words (not in the quoted
# seed text): targets, limits per level and plan, calendars, holidays, remedies and their
# worked examples.
FIGURES: dict[str, list[str]] = {
    "maaiiconnect": [
        "availability of at least 99.95% in each calendar year (UTC)",
        "“maaiiconnect contact-centre plans” and “Toll-free, Local Numbers, IDD, SMS”, each on "
        "its own",
        "counting only outages where the share of service affected is 100%",
        "When the plan is PRO, BUSINESS or ENTERPRISE",
        "When the plan is ESSENTIALS",
        "| Critical | A complete loss of service or a significant feature rendered completely "
        "unavailable. | within 1 hour (24x7) |",
        "| Degraded Service | An intermittent issue or reduced quality of service. | within 2 "
        "hours (24x7) |",
        "within 3 business hours",
        "within 1 business day",
        "| Critical | 100% of service affected | the share of service affected by the linked "
        "outage is 100% | within 1 hour (24x7) | within 4 hours (24x7) |",
        "| Major | Over 50% of service affected | the share of service affected by the linked "
        "outage is more than 50% | within 1 hour (24x7) | within 8 hours (24x7) |",
        "| Minor | Less than 50% of service affected | the share of service affected by the "
        "linked outage is less than 50% | within 2 hours (24x7) | within 12 hours (24x7) |",
        "from when the ticket is opened until the ticket is acknowledged",
        "from when the ticket is acknowledged until service is restored",
        "Toll-free numbers (`toll_free`), Local numbers (`local_numbers`), IDD (international "
        "direct dialling) (`idd`) and SMS (`sms`)",
        "Open Monday to Friday, 09:00-18:00 Hong Kong Time (Asia/Hong_Kong).",
    ],
    "voip": [
        "availability of at least 99.9% in each calendar month (UTC)",
        "Not counted as unavailable time: “Scheduled maintenance windows”",
        "Measured for each outage of “VoIP services”, from when the outage starts until the "
        "outage ends.",
        "Limit: within 1 hour (24x7).",
        "the mean of the `mos` measurements in each calendar month (UTC) is at least 4.0",
        "Limit: within 4 hours (24x7).",
        "10% of the monthly fee for every started 1% below the target of “Service Availability”",
        "10% of the monthly fee for every started 0.1 below the target of “Mean Opinion Score”",
        "5% of the monthly fee for every started hour by which a ticket goes past its limit",
        "Rounding: up. A started step of 1% counts as a whole one.",
        "At most 100% of the monthly fee in each period",
        "is not met in at least 3 calendar months in a row",
        "The customer may terminate the contract without penalty.",
        "Once in each calendar quarter.",
        "in April 2026 is 98.4000%",
        "a credit of 20% of the monthly fee: 200.00 USD for April 2026",
        "if the mean of the `mos` measurements in April 2026 is 3.85",
        "1 hour 30 minutes past its limit of 4 hours",
        "a credit of 10% of the monthly fee: 100.00 USD",
    ],
    "cpaas": [
        "availability of at least 99.99% when `connection` is redundant, or 99.8% when "
        "`connection` is single, in each calendar year (UTC)",
        "counting only outages where the share of service affected is 100%",
        "| Severity I | Client is completely unable to connect to the Platform and/or use the "
        "Services; | within 30 minutes (24x7) | within 4 hours (24x7) | every 60 minutes (24x7) |",
        "| within 1 hour (24x7) | within 8 hours (24x7) | every 4 hours (24x7) |",
        "| within 4 hours (24x7) | within 1 day (24x7) | no limit: “At resolution or as agreed "
        "for specific Failure” |",
        "Holds when more than 3 tickets where the severity is Severity I and the cause is "
        "provider are opened within 28 consecutive days.",
        "Holds when more than 5 tickets where the severity is Severity II and the cause is "
        "provider and the share of service affected by the linked outage is at least 25% are "
        "opened within 28 consecutive days.",
        "The customer is refunded 100% of the monthly fee.",
        "Assessed per calendar month.",
        "a refund of 100% of the monthly fee: 1000.00 EUR for April 2026",
    ],
    "akuvox": [
        "availability of at least 99.99% in each calendar month (UTC)",
        "Formula: availability = (1 - unavailable time / total time) × 100%.",  # noqa: RUF001
        "counting only outages where the share of service affected is 100% and the outage's "
        "duration is more than 1 minute; counted in whole minute units",
        "Total time: the whole calendar month, excluded time included.",
        "“System maintenance with prior notice”",
        "“Force majeure, including third-party service providers”",
        "Outages whose cause is `force_majeure` or `third_party`.",
        "The service time is extended by the unavailable time of “Service Availability” in the "
        "period.",
        "A claim for a period may be made after the fifth working day after the period ends, "
        "and until 2 months after the period ends.",
        "At most 100% of the fees paid over the whole contract term",
        "Notice of at least 30 days before changes.",
        "the service time is extended by 7 minutes for April 2026",
    ],
    "support-hotline": [
        "Open Monday to Friday, 08:00-18:00 Pacific Time (America/Los_Angeles)",
        "| New Year’s Day | 1 January, every year | Thu 1 January 2026 | Fri 1 January 2027 |",  # noqa: RUF001
        "| Presidents Day | the third Monday of February | Mon 16 February 2026 |",
        "| Good Friday | 2 days before Easter Sunday | Fri 3 April 2026 | Fri 26 March 2027 |",
        "| Memorial Day | the last Monday of May | Mon 25 May 2026 |",
        "| Independence Day | 4 July, every year |",
        "| Labor Day | the first Monday of September | Mon 7 September 2026 |",
        "| Day before Thanksgiving | 1 day before Thanksgiving Day | Wed 25 November 2026 |",
        "| Thanksgiving Day | the fourth Thursday of November | Thu 26 November 2026 |",
        "| Christmas Eve | 24 December, every year |",
        "| Christmas Day | 25 December, every year |",
        "| within 4 hours (24x7) | within 48 hours (24x7) | within 2 days (24x7) |",
        "| within 8 standard support hours | within 96 hours (24x7) | within 5 standard support "
        "days |",
        "| within 24 standard support hours | within 96 hours (24x7) | within 15 standard "
        "support days |",
        "no limit: “when commercially feasible",
        "100 USD per hour, pro rata",
        "with a 2-hour minimum",
        "Due when the severity is Priority 1 and the ticket was opened outside “Standard Support "
        "Hours” and the cause is customer.",
        "the customer pays 350.00 USD",
        "availability of at least 99.99% in each calendar month (UTC), for “Core Services”",
        "Not counted as unavailable time: “Carrier connectivity outages”",
        "availability of at least 98% in each calendar month (UTC), for “Supporting Services”",
        "Notice of at least 24 hours before planned maintenance.",
    ],
}


def own_words(markdown: str) -> str:
    """The document without the seed's quoted wording and without the source appendix."""
    body = markdown.partition('<a id="appendix-source"></a>')[0]
    return "\n".join(line for line in body.splitlines() if not line.startswith(">"))


def test_every_contract_has_figures() -> None:
    assert sorted(FIGURES) == sorted(p.stem for p in CONTRACTS)


@pytest.mark.parametrize("stem", sorted(FIGURES))
def test_every_seed_figure_appears(stem: str, markdown: dict[str, str]) -> None:
    text = own_words(markdown[stem])
    missing = [figure for figure in FIGURES[stem] if figure not in text]
    assert not missing, f"{stem}: not in the document's own words: {missing}"


def test_quotes_are_removed_before_looking(markdown: dict[str, str]) -> None:
    """The figure test is honest: a figure only the seed's quotation has is not found."""
    assert "365 days a year" in markdown["maaiiconnect"]
    assert "365 days a year" not in own_words(markdown["maaiiconnect"])


# --------------------------------------------------------------------------- content


@pytest.mark.parametrize("path", CONTRACTS, ids=[p.stem for p in CONTRACTS])
def test_every_clause_appears_once(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    contract = contract_of(source)
    view = build_view(contract, source, path.name, YEAR, examples=False)
    shown = [item.name for section in view.sections for item in section.items]
    declared = [d.name for d in contract.declarations if not isinstance(d, n.Param)]
    assert sorted(shown) == sorted(declared)
    ids = [item.id for s in view.sections for item in s.items] + [s.id for s in view.sections]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("path", CONTRACTS, ids=[p.stem for p in CONTRACTS])
def test_every_remedy_has_a_worked_example(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    view = build_view(contract_of(source), source, path.name, YEAR)
    remedies = [i for s in view.sections if s.id == "remedies" for i in s.items]
    assert all(item.example is not None for item in remedies), [i.no_example for i in remedies]


def test_assumptions_are_marked_as_such(markdown: dict[str, str]) -> None:
    akuvox = markdown["akuvox"]
    heading = "**Assumed** (this contract's reading where the source text is vague or silent; "
    assert heading in akuvox
    reading = "- The seed's formula (2.1) has its brackets misplaced."
    assert akuvox.index(heading) < akuvox.index(reading)
    # and the seed's own formula is still quoted, as the seed wrote it
    assert (
        "> 2.1 Service Availability: Service availability = (1 - Service Unavailability" in akuvox
    )


def test_holidays_follow_the_year() -> None:
    path = ROOT / "contracts" / "support-hotline.sla"
    text = document(path, "md", 2030)
    good_friday = (
        "| Good Friday | 2 days before Easter Sunday | Fri 19 April 2030 | Fri 11 April 2031 |"
    )
    assert good_friday in text
    assert "| 2030 | 2031 |" in text
    assert "Fri 3 April 2026" not in text


def test_calendar_words() -> None:
    contract = contract_of(
        """
        contract demo { currency USD zone UTC }
        calendar noc "Network operations desk" {
          zone Europe/Berlin
          open mon-fri 22:00-06:00 overnight
          open sat, sun
          closed easter_monday "Easter Monday" easter + 1 day
          closed inventory "Inventory" 2026-12-31, 2027-12-31
        }
        calendar daytime { open every day 10:00-16:00 }
        """
    )
    noc, daytime = (d for d in contract.declarations if isinstance(d, n.Calendar))
    assert describe_calendar(noc) == (
        "Open Monday to Friday, 22:00-06:00 (overnight: closing the next morning); Saturday and "
        "Sunday, all day, except on the holidays listed. Days and times are those of Central "
        "European Time (Europe/Berlin)."
    )
    assert describe_calendar(daytime) == "Open every day, 10:00-16:00 UTC."
    titles = {"easter_monday": "Easter Monday"}
    assert describe_holiday_rule(noc.holidays[0].rule, titles) == "1 day after Easter Sunday"
    assert describe_holiday_rule(noc.holidays[1].rule, titles) == (
        "only on Thu 31 December 2026 and Fri 31 December 2027"
    )
    assert zone_name("UTC") == "UTC"
    assert zone_name("America/Los_Angeles") == "Pacific Time (America/Los_Angeles)"


LANGUAGE_EXAMPLES = [
    source
    for source in re.findall(
        r"```sla\n(.*?)```", (ROOT / "docs" / "language.md").read_text(encoding="utf-8"), re.S
    )
    if (result := parse(source)).contract is not None
    and not any(d.is_error for d in check(result.contract))
]


@pytest.mark.parametrize("source", LANGUAGE_EXAMPLES)
def test_every_example_of_the_language_renders(source: str) -> None:
    """Every clean example of docs/language.md renders in both formats, its contents links
    resolve, and each remedy's worked example is made or refused for a stated reason."""
    view = build_view(contract_of(source), source, "example.sla", YEAR)
    assert render(view, "md").startswith('<a id="top"></a>')
    page = parsed(render(view, "html"))
    assert not [target for target in page.toc if target not in page.ids]
    for section in view.sections:
        for item in section.items:
            assert item.no_example is None or "failed" not in item.no_example, item.no_example


# --------------------------------------------------------------------------- what the words say


def evaluated(tmp_path: Path, contract: str, events: list[str], *args: str) -> dict[str, Any]:
    """The JSON report of `contract` over `events` (JSON Lines), as `sladsl eval` makes it."""
    (tmp_path / "c.sla").write_text(contract, encoding="utf-8")
    (tmp_path / "e.jsonl").write_text("".join(line + "\n" for line in events), encoding="utf-8")
    done = CliRunner().invoke(
        main,
        ["eval", str(tmp_path / "c.sla"), str(tmp_path / "e.jsonl"), "--format", "json", *args],
    )
    assert done.exit_code == 0, done.output
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def rules_of(source: str, name: str) -> list[str]:
    """The rules in words of one clause of a contract's document."""
    view = build_view(contract_of(source), source, "c.sla", YEAR, examples=False)
    (item,) = [i for s in view.sections for i in s.items if i.name == name]
    return list(item.rules)


def remedies_by_period(report: dict[str, Any]) -> dict[str, list[str]]:
    return {p["period"]: [r["name"] for r in p["remedies"]] for p in report["periods"]}


IN_A_ROW = """
contract db "Database" { currency EUR zone UTC }
param monthly_fee: money
service database "Database"
availability uptime "Monthly Uptime Percentage" {
  service database
  target 99.95%
  per calendar month
}
count repeated_failure "Three bad months in a row" {
  periods where any of uptime not met
  per calendar month
  at least 3 in a row
}
termination exit "Right to terminate" { when repeated_failure }
"""


def test_a_count_of_periods_in_a_row_holds_as_the_evaluator_says(tmp_path: Path) -> None:
    """Uptime missed four months running (the audit's case): the right to terminate holds in
    the third month and in the fourth, and the document says so (semantics.md section 7)."""
    outages = [
        f'{{"at": "2026-{m:02d}-10T00:00:00Z", "type": "outage.{kind}", "outage": "o{m}"'
        + (', "service": "database"}' if kind == "start" else "}")
        for m in (2, 3, 4, 5)
        for kind in ("start", "end")
    ]
    outages = [
        line.replace("T00:00:00Z", "T01:00:00Z") if "outage.end" in line else line
        for line in outages
    ]
    report = evaluated(
        tmp_path, IN_A_ROW, outages, "--param", "monthly_fee=100", "--to", "2026-06-01T00:00:00Z"
    )
    held = [label for label, names in remedies_by_period(report).items() if "exit" in names]
    assert held == ["2026-04", "2026-05"]
    rules = rules_of(IN_A_ROW, "repeated_failure")
    assert "It holds in the period in which the threshold is first crossed." not in rules
    assert (
        "It holds at the end of the third calendar month in a row, and again at the end of each "
        "following calendar month while the run lasts, not only once. A calendar month in which "
        "the objective is met, or has no value, ends the run."
    ) in rules


SLIDING = """
contract p "Platform" { currency EUR zone UTC }
param monthly_fee: money
service platform "Platform"
severities sev { service platform level I level II }
count sev1_failures "Severity I failures" {
  tickets where severity = I
  more than 3 within 28 consecutive days
}
refund monthly_refund "Refund" {
  100% of monthly_fee
  when sev1_failures
  assessed per calendar month
}
"""


def test_a_sliding_count_holds_as_the_evaluator_says(tmp_path: Path) -> None:
    """Tickets on 20, 24, 28 and 30 March and 3 April: more than 3 within 28 days in March and
    again in April, so the refund is due in both (semantics.md section 7), as the words say."""
    days = ("03-20", "03-24", "03-28", "03-30", "04-03")
    tickets = [
        f'{{"at": "2026-{day}T09:00:00Z", "type": "ticket.opened", "ticket": "t{i}", '
        '"service": "platform", "severity": "I"}'
        for i, day in enumerate(days)
    ]
    report = evaluated(
        tmp_path, SLIDING, tickets, "--param", "monthly_fee=100", "--to", "2026-04-30T00:00:00Z"
    )
    assert remedies_by_period(report) == {
        "2026-03": ["monthly_refund"],
        "2026-04": ["monthly_refund"],
    }
    rules = rules_of(SLIDING, "sev1_failures")
    assert "It holds in the period in which the threshold is first crossed." not in rules
    assert (
        "It is checked each time a ticket it counts is opened, over the window ending then, and "
        "holds in every period in which such a check finds the threshold crossed: not only in "
        "the period in which it is first crossed (a burst that goes on into the next month "
        "makes it hold in both). A ticket counts when it is opened; whether it matches is "
        "decided when it is resolved, with its facts then."
    ) in rules


CEILING = """
contract isp "ISP" { currency GBP zone UTC }
param monthly_rental: money
service line "Line"
metric packet_loss "Packet loss" {
  service line
  measure packet_loss
  target mean <= 0.1%
  per calendar month
}
metric jitter { service line measure jitter target mean = 5 per calendar month }
metric mos { service line measure mos target mean >= 4.0 per calendar month }
credit loss_credit { 5% of monthly_rental per full 0.1% below target of packet_loss }
credit jitter_credit { 1% of monthly_rental per started 1 below target of jitter }
credit mos_credit { 10% of monthly_rental per started 0.1 below target of mos }
"""


def test_a_credit_on_a_ceiling_says_above_the_target(tmp_path: Path) -> None:
    """`below target` in the grammar is the shortfall: above a `<=` target, on either side of an
    `=` one; the words follow the side the evaluator's reason names."""
    assert rules_of(CEILING, "loss_credit")[0] == (
        "The customer is credited 5% of the monthly rental for every full 0.1% above the target "
        "of “Packet loss”."
    )
    assert rules_of(CEILING, "jitter_credit")[0] == (
        "The customer is credited 1% of the monthly rental for every started 1 away from the "
        "target of `jitter`."
    )
    assert rules_of(CEILING, "mos_credit")[0] == (
        "The customer is credited 10% of the monthly rental for every started 0.1 below the "
        "target of `mos`."
    )
    samples = [
        f'{{"at": "2026-04-02T00:00:00Z", "type": "measurement", "metric": "{metric}", '
        f'"value": {value}}}'
        for metric, value in (("packet_loss", "0.35"), ("jitter", "3"), ("mos", "3.85"))
    ]
    report = evaluated(
        tmp_path, CEILING, samples, "--param", "monthly_rental=100", "--period", "2026-04"
    )
    reasons = {r["name"]: r["reason"] for r in report["periods"][0]["remedies"]}
    assert "is 0.25 points above 0.1%" in reasons["loss_credit"]
    assert "is 2 below 5" in reasons["jitter_credit"]
    assert "is 0.15 below 4.0" in reasons["mos_credit"]


OWN_CONTRACT = """
contract shop "Web shop hosting" { currency USD zone UTC }
service web "Web shop"
availability uptime "Uptime" {
  section "4"
  text "The shop is up 99.9% of each month."
  assume "A month is a calendar month."
  service web
  target 99.9%
  per calendar month
}
clause privacy "Privacy" { section "7" }
"""


def test_quotes_are_headed_in_words_true_of_any_contract() -> None:
    """A user's contract has no seed: its `text` is the contract's words, its `assume` a reading
    where the source text is vague or silent, its `section` the source document's."""
    view = build_view(contract_of(OWN_CONTRACT), OWN_CONTRACT, "shop.sla", YEAR)
    markdown = own_words(render(view, "md"))
    assert "**In the contract's words (section 4):**" in markdown
    assert (
        "**Assumed** (this contract's reading where the source text is vague or silent; not a "
        "quotation):"
    ) in markdown
    assert "*Source document: section 7.*" in markdown
    html = render(view, "html")
    page = "".join(parsed(html[html.index("</style>") :]).text)  # the page as a reader sees it
    assert "In the contract's words, section 4" in page
    assert "(this contract's reading where the source text is vague or silent" in page
    assert "Source document: section 7" in page
    assert "seed" not in markdown.lower() and "seed" not in page.lower()


CLAIMED = """
contract cloud "Cloud" { currency USD zone UTC }
param monthly_fee: money
service cloud "Cloud"
availability uptime { service cloud target 99.9% per calendar month }
credit uptime_credit { 10% of monthly_fee per started 1% below target of uptime }
claims credit_requests "Credit requests" { closes 30 days after period end }
"""


def test_claims_are_worded_as_judged_not_enforced(tmp_path: Path) -> None:
    """A claim too late is reported as not valid, and the remedy is reported all the same
    (semantics.md section 9): the document says that, not that the remedy is lost."""
    events = [
        '{"at": "2026-03-10T00:00:00Z", "type": "outage.start", "outage": "o", "service": "cloud"}',
        '{"at": "2026-03-10T10:00:00Z", "type": "outage.end", "outage": "o"}',
        '{"at": "2026-05-15T00:00:00Z", "type": "claim.submitted", "period": "2026-03"}',
    ]
    report = evaluated(
        tmp_path, CLAIMED, events, "--param", "monthly_fee=100", "--to", "2026-05-20T00:00:00Z"
    )
    assert remedies_by_period(report)["2026-03"] == ["uptime_credit"]
    (claim,) = report["claims"]
    assert claim["valid"] is False and claim["reason"].startswith("too late: ")
    rules = rules_of(CLAIMED, "credit_requests")
    assert not [rule for rule in rules if "refused" in rule or "lost" in rule]
    assert rules[-1] == (
        "A claim outside this window is reported as not valid, with the reason (too early or "
        "too late, and the bound). Claims are judged, not enforced: the evaluator reports each "
        "period's remedies whether they were claimed or not, and lists each claim with its "
        "verdict."
    )


def test_several_claims_clauses_say_a_claim_is_judged_against_each() -> None:
    source = CLAIMED + 'claims late_ones "Late" { closes 60 days after period end }\n'
    for name in ("credit_requests", "late_ones"):
        assert rules_of(source, name)[-1].startswith(
            "A claim names a period, not a remedy, so it is judged against every claims clause: "
            "it is valid when it falls in this window or in another clause's. A claim outside "
            "all of them is reported as not valid, with each clause's verdict (too early or too "
            "late, and the bound)."
        )


# --------------------------------------------------------------------------- HTML


def parsed(text: str) -> Page:
    return read_page(text)


@pytest.mark.parametrize("stem", [p.stem for p in CONTRACTS])
def test_html_toc_links_resolve(stem: str, html: dict[str, str]) -> None:
    page = parsed(html[stem])
    assert len(page.toc) > 5
    assert len(page.ids) == len(set(page.ids)), "ids must be unique"
    assert not [target for target in page.toc if target not in page.ids]


@pytest.mark.parametrize("stem", [p.stem for p in CONTRACTS])
def test_html_is_self_contained(stem: str, html: dict[str, str]) -> None:
    text = html[stem]
    page = parsed(text)
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(page.tags)
    referencing = [(t, k, v) for t, k, v in page.attributes if k in ("href", "src", "srcset")]
    assert all(v.startswith("#") for _, _, v in referencing), referencing
    style = text[text.index("<style>") : text.index("</style>")]
    assert "@import" not in style and "url(" not in style and "http" not in style
    assert "@media print" in style
    assert text.startswith("<!DOCTYPE html>")


ESCAPING = """
contract nasty "<script>alert(1)</script> & Co" {
  provider "Tom & <b>Jerry</b>"
  currency USD
  zone UTC
  note "<script>alert(1)</script> & friends"
}
param fee: money "<script>alert('fee')</script>"
service web "Web <i>site</i>" { text "<script>alert(1)</script>" }
availability uptime "Up & <script>alert(1)</script>" {
  service web
  target 99.9%
  per calendar month
  assume "a & b <script>alert(1)</script>"
}
credit c "Credit <script>" { 10% of fee per started 1% below target of uptime }
"""


def test_html_escapes_contract_text() -> None:
    view = build_view(contract_of(ESCAPING), ESCAPING, "nasty<x>.sla", YEAR)
    page = render(view, "html")
    assert "<script>" not in page
    assert "<b>" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends" in page
    text = "".join(parsed(page).text)
    assert "<script>alert(1)</script> & Co" in text  # shown to the reader as text


def test_markdown_escapes_contract_text() -> None:
    view = build_view(contract_of(ESCAPING), ESCAPING, "nasty.sla", YEAR)
    own = own_words(render(view, "md"))
    assert "<script>" not in own and "<b>" not in own
    assert "&lt;script>alert(1)&lt;/script> & Co" in own


@given(st.text())
def test_inline_html_never_lets_markup_through(text: str) -> None:
    shown = str(inline_html(text))
    assert "<" not in shown.replace("<code>", "").replace("</code>", "")


@given(st.text())
def test_markdown_text_never_opens_html_or_links(text: str) -> None:
    shown = md_text(text)
    outside_code = re.sub(r"`[^`\n]+`", "", shown)
    assert "<" not in outside_code
    assert not re.search(r"(?<!\\)\[", outside_code)


MARKDOWN_TAGS = {"p", "h1", "h2", "h3", "ul", "li", "a", "code", "em", "strong", "table", "thead",
                 "tbody", "tr", "th", "td", "blockquote", "pre"}  # fmt: skip


@pytest.mark.parametrize("stem", [p.stem for p in CONTRACTS])
def test_markdown_reads_as_markdown(stem: str, markdown: dict[str, str]) -> None:
    """Rendered by a CommonMark parser with tables: the tables are tables, every contents link
    has its anchor, and no markup comes out but Markdown's own and the anchors."""
    page = parsed(MarkdownIt("commonmark").enable("table").render(markdown[stem]))
    assert "table" in page.tags
    assert set(page.tags) <= MARKDOWN_TAGS
    links = [v[1:] for t, k, v in page.attributes if t == "a" and k == "href" and v[:1] == "#"]
    assert len(links) > 5
    assert not [link for link in links if link not in page.ids]


# --------------------------------------------------------------------------- the command


def test_one_contract_to_stdout_in_html() -> None:
    path = ROOT / "contracts" / "voip.sla"
    done = CliRunner().invoke(main, ["docs", str(path), "--format", "html", "--year", "2026"])
    assert done.exit_code == 0, done.output
    assert done.output == document(path, "html")


def test_year_defaults_to_this_year() -> None:
    done = CliRunner().invoke(main, ["docs", str(ROOT / "contracts" / "support-hotline.sla")])
    assert done.exit_code == 0, done.output
    this = date.today().year
    assert f"Holiday dates are given for {this} and {this + 1}." in done.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["contracts"], "5 contracts given: write them to a folder with -o DIR"),
        (["contracts/nope.sla"], "no such file or directory: contracts/nope.sla"),
        (["contracts/voip.sla", "--format", "pdf"], "Invalid value for '--format'"),
        (["contracts/voip.sla", "--year", "99999"], "Invalid value for '--year'"),
    ],
)
def test_bad_usage_exits_2(args: list[str], message: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sladsl", "docs", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_broken_contract_exits_1_and_others_are_written(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sla"
    broken.write_text("contract x { currency USD }\nservice a\nservice a\n", encoding="utf-8")
    good = ROOT / "contracts" / "voip.sla"
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["docs", str(broken), str(good), "-o", str(out)])
    assert done.exit_code == 1
    assert "broken.sla: the contract has errors; no document was made" in done.output
    assert not (out / "broken.md").exists()
    assert (out / "voip.md").is_file()


def test_same_file_name_twice_is_refused(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.sla").write_text("contract x { zone UTC }\n", encoding="utf-8")
    done = CliRunner().invoke(main, ["docs", str(tmp_path), "-o", str(tmp_path / "out")])
    assert done.exit_code == 2
    assert "would both be written to" in done.output


# --------------------------------------------------------------------------- packaging


def test_wheel_ships_templates_and_the_lexer_entry_point(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        check=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("sladsl-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        points = archive.read(next(x for x in names if x.endswith("entry_points.txt"))).decode()
    templates = Path(ROOT / "sladsl" / "render" / "templates").iterdir()
    shipped = {f"sladsl/render/templates/{template.name}" for template in templates}
    assert {"report.md", "report.html", "contract.md", "contract.html", "_page_style.html"} <= {
        name.rsplit("/", 1)[-1] for name in shipped
    }
    assert shipped <= names
    assert "[pygments.lexers]" in points
    assert "sladsl = sladsl.render.lexer:SladslLexer" in points


def test_a_rolling_period_is_worded_as_sladsl_eval_cuts_it(tmp_path: Path) -> None:
    """`per rolling 28 days` is consecutive windows from the first day evaluated (semantics.md
    section 3), not a sliding window: the document says so."""
    contract = tmp_path / "rolling.sla"
    contract.write_text(
        'contract x "X" { currency USD zone UTC }\nservice web "Web"\n'
        'availability up "Up" { service web target 99.9% per rolling 28 days }\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["docs", str(contract), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "rolling.md").read_text(encoding="utf-8")
    assert "in each window of 28 days (one after another, from the first day evaluated)" in text
    assert "the whole window of 28 days" in text
    assert "sliding" not in text


# --------------------------------------------------------------------------- how files are read


@pytest.mark.parametrize("output_format", ["md", "html"])
@pytest.mark.parametrize("how", ["bom", "crlf"])
def test_a_bom_or_crlf_contract_gives_the_plain_document(
    tmp_path: Path, how: str, output_format: str
) -> None:
    """Was: the byte-order mark copied into the source appendix (an invisible first character)."""
    plain = ROOT / "contracts" / "voip.sla"
    other = tmp_path / "voip.sla"  # the same file name: the appendix names it
    other.write_bytes(encoded(plain.read_bytes(), how))
    documents = []
    for path in (plain, other):
        args = ["docs", str(path), "--format", output_format, "--year", str(YEAR)]
        done = CliRunner().invoke(main, args)
        assert done.exit_code == 0, done.output
        documents.append(done.stdout)
    assert documents[0] == documents[1]
    assert "\ufeff" not in documents[1] and "\r" not in documents[1]


def test_a_byte_not_utf_8_is_named_by_line_and_column(tmp_path: Path) -> None:
    """Was: Python's "can't decode byte 0xff in position 177", a byte offset."""
    bad = tmp_path / "bad.sla"
    bad.write_bytes(encoded((ROOT / "contracts" / "voip.sla").read_bytes(), "bad"))
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["docs", str(bad), "-o", str(out)])
    assert done.exit_code == 2
    assert done.stdout == "" and "Traceback" not in done.output
    (message,) = [line for line in done.stderr.splitlines() if line.startswith("Error: ")]
    assert message == f"Error: cannot read {bad}: {NOT_UTF_8}"
    assert not out.exists()
