"""The literate parts of a clause, and the ids that anchor clauses in a document.

Input: a `nodes.Doc` (section, text, assume, note); a clause's kind and name.
Output: `quotes(doc)`, a `model.Quotes`; `anchor(kind, name)`, an id such as `availability-uptime`.

Invariants: texts are kept verbatim (the seed's words are never reworded); ids use only
`[a-z0-9-]`, so they are valid in HTML and match the anchors Markdown renderers make from them.
"""

from __future__ import annotations

import re

from sladsl import nodes as n
from sladsl.render.model import Quotes

_NOT_ID = re.compile(r"[^a-z0-9]+")


def quotes(doc: n.Doc) -> Quotes:
    return Quotes(doc.section, doc.text, doc.assumptions, doc.notes)


def slug(text: str) -> str:
    """`Severity levels`, `monthly_fee` -> `severity-levels`, `monthly-fee`."""
    return _NOT_ID.sub("-", text.lower()).strip("-") or "x"


def anchor(kind: str, name: str) -> str:
    return f"{slug(kind)}-{slug(name)}"
