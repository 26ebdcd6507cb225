"""What an amendment changes: two contracts in, their differences in meaning out.

Input: the old and the new `nodes.Contract` (as `sladsl.parser.parse` builds them). Output: the
list of `Change`s, grouped by clause: the contract header first, then the new contract's clauses
in its order, then the clauses only the old one has, in its order.

Invariants: `diff(x, x)` is empty, and so is the diff of two contracts that differ only in
layout, comments, number spellings (`99.90%`, `4 hours`), the order of their clauses or the order
within lists that carry no order (services, exclusions applied, timer rows, tiers...). The order of
caps does carry meaning (they apply in the order written), and so does the order of severity
levels that have rules: both are reported. Declarations are matched by kind and name: a renamed
clause is one removed and one new.
"""

from __future__ import annotations

from sladsl import nodes as n
from sladsl.diffing import clauses, wording
from sladsl.diffing.changes import Change, Favours
from sladsl.diffing.fields import Fields
from sladsl.diffing.matching import declaration_kind, declarations, order_changed


def diff_contracts(old: n.Contract, new: n.Contract) -> list[Change]:
    changes = _header(old, new)
    for before, after in declarations(old, new):
        changes.extend(_declaration(before, after, old, new))
    return changes


def _header(old: n.Contract, new: n.Contract) -> list[Change]:
    head = new.header if new.header is not None else old.header
    name = head.name if head is not None else ""
    out = Fields("contract", name, _title(name, head.title if head else None))
    if old.header is not None and new.header is not None:
        clauses.header(out, old.header, new.header)
    elif old.header != new.header:
        out.add(
            None,
            "contract header",
            None if old.header is None else wording.titled(old.header.name, old.header.title),
            None if new.header is None else wording.titled(new.header.name, new.header.title),
        )
    out.doc(old.doc, new.doc, prefix="file")
    old_caps = [d.name for d in old.declarations if isinstance(d, n.Cap)]
    new_caps = [d.name for d in new.declarations if isinstance(d, n.Cap)]
    if order_changed(old_caps, new_caps):
        out.add("caps.order", "order in which caps apply", ", ".join(old_caps), ", ".join(new_caps))
    return out.changes


def _declaration(
    before: n.Declaration | None,
    after: n.Declaration | None,
    old: n.Contract,
    new: n.Contract,
) -> list[Change]:
    either = after if after is not None else before
    assert either is not None
    kind = declaration_kind(either)
    title = None if isinstance(either, n.Param) else either.title
    out = Fields(kind, either.name, _title(either.name, title))
    if before is not None and after is not None:
        clauses.declaration(out, before, after, new)
    elif before is None:
        favours = clauses.added_favours(either, new)
        out.add(None, kind, None, _spelled(either), favours)
    else:
        favours = clauses.added_favours(either, old).other
        out.add(None, kind, _spelled(either), None, favours)
    return out.changes


def _spelled(declaration: n.Declaration) -> str:
    if isinstance(declaration, n.Param):
        return declaration.name
    return wording.titled(declaration.name, declaration.title)


def _title(name: str, title: str | None) -> str:
    return title if title else name


__all__ = ["Change", "Favours", "diff_contracts"]
