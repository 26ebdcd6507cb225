"""The document's view model: plain words and tables, no AST nodes, ready for a template.

Input: nothing (declarations); built by `sladsl.render.view`. Output: `ContractView`, its
`Section`s, each with `Item`s (one per clause), `Table`s and `Quotes` (the seed's own words,
assumptions and notes, kept apart so a template shows each for what it is).

Invariants: every field is a string, an int or a tuple of them (frozen, hashable); nothing holds
markup: templates escape everything (HTML autoescaping, Markdown escaping filters), and a text in
backticks is shown as code by both. Ids are unique within a document and made of
`[a-z0-9-]` only, so they are valid HTML ids and Markdown anchors alike.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class Quotes:
    """A clause's literate statements: the seed's section and words, readings, notes."""

    section: str | None = None
    text: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.section or self.text or self.assumptions or self.notes)


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
    quotes: Quotes = Quotes()


@attrs.frozen
class Section:
    id: str
    title: str
    intro: str | None = None
    tables: tuple[Table, ...] = ()
    items: tuple[Item, ...] = ()
    quotes: Quotes = Quotes()


@attrs.frozen
class ContractView:
    name: str
    title: str
    facts: tuple[tuple[str, str], ...]  # ("Provider", "Akuvox"), ("Date", "5 May 2022")...
    quotes: Quotes
    sections: tuple[Section, ...]
    source: str
    source_name: str
    year: int
