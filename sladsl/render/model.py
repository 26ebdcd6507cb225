"""The document's view model: plain words and tables, ready for a template.

Input: nothing (declarations); built by `sladsl.render.view`. Output: `ContractView`, its
`Section`s, each with `Item`s (one per clause), `Table`s and the clause's `nodes.Doc` as it is
(the seed's own words, assumptions and notes, kept apart so a template shows each for what it
is: plain strings, the one part of the AST a view holds).

Invariants: every field is a string, an int, a tuple of them or a frozen value made of them
(hashable); nothing holds markup: templates escape everything (HTML autoescaping, Markdown
escaping filters), and a text in backticks is shown as code by both. Ids are unique within a
document and made of `[a-z0-9-]` only, so they are valid HTML ids and Markdown anchors alike.
"""

from __future__ import annotations

import attrs

from sladsl.nodes import Doc

NO_QUOTES = Doc()  # a clause with no section, seed text, assumption or note


@attrs.frozen
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str | None = None


@attrs.frozen
class Example:
    """A remedy's worked example, as computed by the evaluator."""

    scenario: str  # "if Service Availability of VoIP services in April 2026 is 98.4%"
    result: str  # "a credit of 20% of the monthly fee: 200.00 USD"
    reason: str  # the evaluator's own reason text
    params: str  # "monthly_fee = 1000 USD"


@attrs.frozen
class Item:
    """One clause of the contract, in words."""

    id: str
    kind: str  # "Availability", "Credit", "Calendar"...
    name: str
    title: str
    rules: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    example: Example | None = None
    no_example: str | None = None  # why a remedy has no worked example
    quotes: Doc = NO_QUOTES


@attrs.frozen
class Section:
    id: str
    title: str
    intro: str | None = None
    tables: tuple[Table, ...] = ()
    items: tuple[Item, ...] = ()
    quotes: Doc = NO_QUOTES


@attrs.frozen
class ContractView:
    name: str
    title: str
    facts: tuple[tuple[str, str], ...]  # ("Provider", "Akuvox"), ("Date", "5 May 2022")...
    quotes: Doc
    sections: tuple[Section, ...]
    source: str
    source_name: str
    year: int
