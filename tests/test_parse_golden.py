"""Parse goldens: the AST of every contract in `contracts/`, dumped as text, is kept for review.

Input: every `contracts/<name>.sla` (globbed at collection time, so a new contract gets a test).
Output: `tests/parse/<name>.ast` holds `sladsl.dump.dump(parse(source).contract)`; a change in the
grammar, the builder or a contract shows up as a diff of that file. Run with `--update-goldens` to
rewrite them (see tests/README.md).

Invariants: every contract parses with no errors; every golden belongs to a contract (a golden
left behind by a removed or renamed contract fails `test_no_orphan_goldens`); and the dump shows
exactly what equality sees: over every pair of nodes of the contracts, `dump(a) == dump(b)` if and
only if `a == b`, and layout or the spelling of numbers never changes it.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from golden import assert_golden, read_text

from sladsl.checker.scope import walk
from sladsl.diagnostics import render
from sladsl.dump import dump
from sladsl.parser import parse

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = sorted((ROOT / "contracts").glob("*.sla"))
GOLDENS = Path(__file__).resolve().parent / "parse"


def test_there_are_contracts() -> None:
    assert CONTRACTS, "no contracts found in contracts/"


@pytest.mark.parametrize("path", CONTRACTS, ids=[p.stem for p in CONTRACTS])
def test_contract_parses_cleanly(path: Path) -> None:
    source = read_text(path)
    result = parse(source, f"contracts/{path.name}")
    shown = "\n\n".join(render(d, source) for d in result.diagnostics)
    assert result.contract is not None, shown
    assert not [d for d in result.diagnostics if d.is_error], shown


@pytest.mark.parametrize("path", CONTRACTS, ids=[p.stem for p in CONTRACTS])
def test_parse_golden(path: Path, update_goldens: bool) -> None:
    contract = parse(read_text(path), f"contracts/{path.name}").contract
    assert contract is not None, f"contracts/{path.name} does not parse"
    assert_golden(GOLDENS / f"{path.stem}.ast", dump(contract), update_goldens)


def test_no_orphan_goldens(update_goldens: bool) -> None:
    names = {p.stem for p in CONTRACTS}
    orphans = [g for g in sorted(GOLDENS.glob("*.ast")) if g.stem not in names]
    if update_goldens:
        for orphan in orphans:
            orphan.unlink()
        return
    assert not orphans, f"goldens without a contract (rerun with --update-goldens): {orphans}"


def _parts(contract: object) -> list[object]:
    """The contract's nodes and values, each once (`walk` yields them depth first)."""
    unique: dict[int, object] = {}
    for item in walk(contract):
        unique.setdefault(id(item), item)
    return list(unique.values())


def test_dump_equal_exactly_when_nodes_equal() -> None:
    """`dump(a) == dump(b)` if and only if `a == b`, over every pair of nodes of one kind."""
    nodes: dict[type, list[object]] = {}
    for path in CONTRACTS:
        contract = parse(read_text(path), path.name).contract
        assert contract is not None
        for item in _parts(contract):
            if attrs.has(type(item)):
                nodes.setdefault(type(item), []).append(item)
    for kind, items in nodes.items():
        shown = [dump(item) for item in items]
        for i, a in enumerate(items):
            for j, b in enumerate(items):
                assert (shown[i] == shown[j]) == (a == b), f"{kind.__name__}: {a!r} vs {b!r}"


def test_dump_ignores_layout_and_spelling() -> None:
    """Spans and the spelling of numbers are not part of equality, so not part of the dump."""
    one = parse('contract c "C" { currency USD }\nparam p: percent = 99.9%\n').contract
    two = parse('# a comment\ncontract c "C" {\n  currency USD\n}\n\nparam p: percent = 99.90 %\n')
    assert one is not None and two.contract is not None
    assert one == two.contract
    assert dump(one) == dump(two.contract)
