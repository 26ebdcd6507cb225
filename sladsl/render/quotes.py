"""The ids that anchor clauses in a document.

Input: a clause's kind and name, or any text. Output: `anchor(kind, name)`, an id such as
`availability-uptime`; `slug(text)`.

Invariants: ids use only `[a-z0-9-]`, so they are valid in HTML and match the anchors Markdown
renderers make from them.
"""

from __future__ import annotations

import re

_NOT_ID = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """`Severity levels`, `monthly_fee` -> `severity-levels`, `monthly-fee`."""
    return _NOT_ID.sub("-", text.lower()).strip("-") or "x"


def anchor(kind: str, name: str) -> str:
    return f"{slug(kind)}-{slug(name)}"
