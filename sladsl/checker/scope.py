"""What a contract declares, by name: built once, read by every pass."""

from __future__ import annotations

import attrs

from sladsl import nodes as n


@attrs.frozen
class Scope:
    contract: n.Contract
    file: str
    declared: dict[str, n.Declaration]

    @classmethod
    def of(cls, contract: n.Contract, file: str) -> Scope:
        declared: dict[str, n.Declaration] = {}
        for declaration in contract.declarations:
            declared.setdefault(declaration.name, declaration)
        return cls(contract, file, declared)
