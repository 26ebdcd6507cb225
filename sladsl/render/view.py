"""A contract's AST turned into the document's view model: sections of clauses in words.

Input: a parsed and checked `nodes.Contract`, its source text and file name, and the year whose
holidays (with the next year's) the document lists; `examples=False` leaves out the worked
examples. Output: a `model.ContractView`, which the templates of `sladsl.render.environment`
turn into Markdown or HTML.

Invariants: the sections come in a fixed order (parameters, services, objectives, calendars,
severities, timers, exclusions, counts, remedies, caps, claims, obligations, other clauses,
notes) and a section with nothing in it is left out; every clause of the contract appears in
exactly one section; ids are unique in the document. Worked examples come from the evaluator
(`sladsl.render.examples`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TypeVar

import attrs
from babel.dates import format_date

from sladsl import nodes as n
from sladsl.render.calendar_words import describe_calendar, holiday_rows, zone_name
from sladsl.render.examples import worked_example
from sladsl.render.model import ContractView, Item, Section, Table
from sladsl.render.objective_items import (
    availability_item,
    count_item,
    metric_item,
    severity_item,
    timer_item,
)
from sladsl.render.quotes import anchor
from sladsl.render.remedy_items import (
    cap_item,
    claims_item,
    obligation_item,
    remedy_item,
)
from sladsl.render.words import Names, and_list, describe_value, or_list

KIND_WORDS = {n.Availability: "availability", n.Metric: "quality metric", n.Timer: "timer",
              n.Count: "count", n.Remedy: "remedy", n.Cap: "cap", n.Claims: "claims",
              n.Obligation: "obligation", n.Severities: "severity levels",
              n.Exclusion: "exclusion", n.Service: "service", n.Calendar: "calendar"}  # fmt: skip


def build_view(
    contract: n.Contract, source: str, source_name: str, year: int, examples: bool = True
) -> ContractView:
    header = contract.header or n.ContractHeader("contract", None)
    zone = header.zone or "UTC"
    names = Names.of(contract)
    decls = contract.declarations
    calendars = {d.name: d for d in decls if isinstance(d, n.Calendar)}
    timers = [d for d in decls if isinstance(d, n.Timer)]
    shown_zone = zone_name(zone)

    claims = tuple(_typed(decls, n.Claims))
    several = len(claims) > 1
    remedies = []
    for r in _typed(decls, n.Remedy):
        item = remedy_item(r, names, header.currency)
        if examples:
            try:
                found = worked_example(contract, r, year)
            except Exception as error:  # a bug, shown in the document rather than a traceback
                found = f"no example: the evaluator failed on it ({type(error).__name__}: {error})"
            item = (
                attrs.evolve(item, example=found)
                if not isinstance(found, str)
                else attrs.evolve(item, no_example=found)
            )
        remedies.append(item)
    clauses = tuple(
        Item(anchor("Clause", c.name), "Clause", c.name, c.title or c.name, quotes=c.doc)
        for c in _typed(decls, n.Clause)
    )
    holidays = f"Holiday dates are given for {year} and {year + 1}."
    parts: list[tuple[str, str, str | None, tuple[Item, ...]]] = [
        ("services", "Services", None, tuple(map(_service_item, _typed(decls, n.Service)))),
        ("availability", "Availability", None,
         tuple(availability_item(a, names, shown_zone) for a in _typed(decls, n.Availability))),
        ("metrics", "Quality metrics", None,
         tuple(metric_item(m, names, shown_zone) for m in _typed(decls, n.Metric))),
        ("calendars", "Calendars", holidays,
         tuple(_calendar_item(c, zone, year) for c in calendars.values())),
        ("severities", "Severity levels and their limits", None,
         tuple(severity_item(s, timers, names, calendars) for s in _typed(decls, n.Severities))),
        ("timers", "Timers", None, tuple(timer_item(t, names, calendars) for t in timers)),
        ("exclusions", "Exclusions", None,
         tuple(_exclusion_item(e, contract, names) for e in _typed(decls, n.Exclusion))),
        ("counts", "Counts", None, tuple(count_item(c, names) for c in _typed(decls, n.Count))),
        ("remedies", "Remedies", _REMEDIES_INTRO, tuple(remedies)),
        ("caps", "Caps", None, tuple(cap_item(c, names) for c in _typed(decls, n.Cap))),
        ("claims", "Claims", None,
         tuple(claims_item(c, names, calendars, several) for c in claims)),
        ("obligations", "Obligations without remedy", None,
         tuple(obligation_item(o, names) for o in _typed(decls, n.Obligation))),
        ("clauses", "Other clauses", None, clauses),
    ]  # fmt: skip
    sections = [
        Section("parameters", "Parameters", _PARAMS_INTRO, _param_tables(contract, names)),
        *(Section(ident, title, intro, items=items) for ident, title, intro, items in parts),
        Section("notes", "Notes", quotes=contract.doc),
    ]
    kept = [s for s in sections if s.items or s.tables or s.quotes]
    return ContractView(
        header.name,
        header.title or header.name,
        tuple(_facts(header, shown_zone)),
        header.doc,
        tuple(_unique_ids(kept)),
        source,
        source_name,
        year,
    )


_PARAMS_INTRO = (
    "Values that differ per customer: they are given when the contract is evaluated "
    "(`sladsl eval ... --param NAME=VALUE`)."
)
_REMEDIES_INTRO = (
    "Each worked example is computed by the evaluator (`sladsl eval`) from a few example events; "
    "parameters without a default take an example value, named with the example."
)


T = TypeVar("T")


def _typed(decls: tuple[n.Declaration, ...], kind: type[T]) -> Iterator[T]:
    return (d for d in decls if isinstance(d, kind))


def _facts(header: n.ContractHeader, shown_zone: str) -> Iterator[tuple[str, str]]:
    if header.provider:
        yield "Provider", header.provider
    if header.version:
        yield "Version", header.version
    if header.date:
        try:
            yield "Date", str(format_date(date.fromisoformat(header.date), "d MMMM y", "en"))
        except ValueError:
            yield "Date", header.date
    if header.source:
        yield "Source document", header.source
    yield "Currency", header.currency or "none named"
    yield "Time zone", shown_zone
    yield "Contract name", f"`{header.name}`"


def _unique_ids(sections: list[Section]) -> Iterator[Section]:
    seen: set[str] = {"contents", "appendix-source", "top"}
    for section in sections:
        items = []
        for item in section.items:
            ident, extra = item.id, 2
            while ident in seen:
                ident, extra = f"{item.id}-{extra}", extra + 1
            seen.add(ident)
            items.append(attrs.evolve(item, id=ident))
        seen.add(section.id)
        yield attrs.evolve(section, items=tuple(items))


def _mentions(node: object, name: str) -> bool:
    """Whether a node uses the name (a Ref to it, a fact of it, a table by it)."""
    if isinstance(node, n.Ref):
        return node.name == name
    if isinstance(node, n.Fact):
        return node.path[0] == name
    if isinstance(node, tuple):
        return any(_mentions(part, name) for part in node)
    kind = type(node)
    if attrs.has(kind):
        fields: tuple[attrs.Attribute[object], ...] = attrs.fields(kind)
        return any(_mentions(getattr(node, f.name), name) for f in fields if f.eq)
    return False


def _param_tables(contract: n.Contract, names: Names) -> tuple[Table, ...]:
    currency = contract.header.currency if contract.header else None
    rows = []
    for p in _typed(contract.declarations, n.Param):
        kind = {
            "money": f"money ({currency})" if currency else "money",
            "percent": "percentage",
            "duration": "duration",
            "number": "number",
        }.get(p.type.kind) or "one of " + or_list(c.name for c in p.type.choices)
        default = (
            describe_value(p.default) if p.default is not None
            else "optional: may be left out" if p.optional else "required"
        )  # fmt: skip
        users = [
            f"{KIND_WORDS.get(type(d), 'clause')} {names.title(d.name)}"
            for d in contract.declarations
            if not isinstance(d, n.Param) and _mentions(d, p.name)
        ]
        rows.append((f"`{p.name}`", kind, default, p.description or "", "; ".join(users) or "—"))
    if not rows:
        return ()
    headers = ("Parameter", "Kind", "Default", "Description", "What it changes")
    return (Table(headers, tuple(rows)),)


def _service_item(s: n.Service) -> Item:
    rules = []
    if s.components:
        parts = and_list(f"{c.title or c.name} (`{c.name}`)" for c in s.components)
        rules.append(
            f"Components: {parts}. An event that names a component counts for the service."
        )
    return Item(anchor("Service", s.name), "Service", s.name, s.title or s.name, tuple(rules),
                quotes=s.doc)  # fmt: skip


def _calendar_item(c: n.Calendar, zone: str, year: int) -> Item:
    rules = [describe_calendar(c, zone)]
    tables: tuple[Table, ...] = ()
    if c.holidays:
        rules.append(
            "A holiday closes the whole local day; one that falls on a day the calendar is "
            "closed anyway is not moved to another day."
        )
        rows = tuple(holiday_rows(c, (year, year + 1)))
        tables = (Table(("Holiday", "Date rule", str(year), str(year + 1)), rows),)
    return Item(anchor("Calendar", c.name), "Calendar", c.name, c.title or c.name, tuple(rules),
                tables, quotes=c.doc)  # fmt: skip


def _exclusion_item(e: n.Exclusion, contract: n.Contract, names: Names) -> Item:
    rules = []
    if e.causes:
        rules.append(f"Outages whose cause is {or_list(f'`{c.name}`' for c in e.causes)}.")
    if e.maintenance:
        notice = (
            f", announced at least {describe_value(e.notice, names)} before it starts "
            "(maintenance announced later counts as downtime)"
            if e.notice is not None
            else ""
        )
        rules.append(
            f"Downtime inside a maintenance window announced for the same service{notice}."
        )
    users = [
        names.title(d.name)
        for d in contract.declarations
        if isinstance(d, n.Availability | n.Timer) and any(r.name == e.name for r in d.excluding)
    ]
    rules.append(
        f"Used by {and_list(users)}." if users else "No objective uses it, so it has no effect."
    )
    return Item(anchor("Exclusion", e.name), "Exclusion", e.name, e.title or e.name, tuple(rules),
                quotes=e.doc)  # fmt: skip
