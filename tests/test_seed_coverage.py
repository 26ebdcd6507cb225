"""docs/seed-coverage.md stays true: every seed has its section, and line references point at the
clauses they name (a contract edit that moves a clause fails here until the doc follows)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sladsl import nodes as n
from sladsl.parser import parse

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "seed-coverage.md").read_text(encoding="utf-8")
CONTRACTS = sorted((ROOT / "contracts").glob("*.sla"))
LITERATE = ("note ", "assume ", "text ", "section ")  # top-level literate statements
RANGE = re.compile(r"contracts/([\w-]+\.sla):(\d+)(?:-(\d+))?")


def _declarations(path: Path) -> dict[str, tuple[int, int]]:
    result = parse(path.read_text(encoding="utf-8"), str(path))
    assert result.contract is not None
    found: dict[str, tuple[int, int]] = {}
    items: list[n.Declaration | n.ContractHeader] = list(result.contract.declarations)
    if result.contract.header is not None:
        items.append(result.contract.header)
    for item in items:
        if item.span is not None:
            found[item.name] = (item.span.line, item.span.end_line)
    return found


def _rows() -> list[str]:
    return [line for line in DOC.splitlines() if line.startswith("| ") and RANGE.search(line)]


def test_every_contract_has_a_section() -> None:
    for path in CONTRACTS:
        assert f"(`contracts/{path.name}`)" in DOC, path.name


@pytest.mark.parametrize("row", _rows(), ids=lambda row: row[2:40])
def test_line_references_point_at_clauses(row: str) -> None:
    """Each range runs from a clause's first line to a clause's last (one clause or several in a
    row), or lies inside one clause; the first clause the row names is in one of its ranges."""
    ranges = [
        (m.group(1), int(m.group(2)), int(m.group(3) or m.group(2))) for m in RANGE.finditer(row)
    ]
    spans = {file: _declarations(ROOT / "contracts" / file) for file, _, _ in ranges}
    for file, first, last in ranges:
        starts = {start for start, _ in spans[file].values()}
        ends = {end for _, end in spans[file].values()}
        inside = any(start <= first <= last <= end for start, end in spans[file].values())
        text = (ROOT / "contracts" / file).read_text(encoding="utf-8").split("\n")
        top_level_note = first == last and text[first - 1].startswith(LITERATE)
        assert (first in starts and last in ends) or inside or top_level_note, (
            f"{file}:{first}-{last} neither runs from a clause's first line to a clause's last "
            "line, nor lies inside a clause"
        )
    encoded_by = row.split("|")[2]
    named = [w for w in re.findall(r"`(\w+)`", encoded_by) if any(w in d for d in spans.values())]
    if named:
        primary = named[0]
        file = next(f for f in spans if primary in spans[f])
        start, end = spans[file][primary]
        assert any(f == file and a <= start and end <= b for f, a, b in ranges), (
            f"`{primary}` is at {file}:{start}-{end}, not in {ranges}"
        )


def test_totals_match_the_rows() -> None:
    sections = re.split(r"^## ", DOC, flags=re.MULTILINE)[1:]
    counted: dict[str, tuple[int, int, int]] = {}
    for section in sections:
        title = section.splitlines()[0]
        if title.startswith("Totals"):
            continue
        how = [
            line.rstrip(" |").split("|")[-1].strip()
            for line in section.splitlines()
            if line.startswith("| ") and RANGE.search(line)
        ]
        rules = sum(h.startswith("rule") for h in how)
        obligations = sum(h.startswith("obligation") for h in how)
        prose = sum(h.startswith("prose only") for h in how)
        counted[title.split(" (")[0]] = (rules + obligations + prose, obligations, prose)
    totals = DOC.split("## Totals", 1)[1]
    for seed, (parts, obligations, prose) in counted.items():
        row = next(line for line in totals.splitlines() if line.startswith(f"| {seed} |"))
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[2:] == [str(parts), f"{parts - prose} ({obligations})", str(prose)], row
    every = next(line for line in totals.splitlines() if line.startswith("| all five |"))
    sums = [sum(v[i] for v in counted.values()) for i in range(3)]
    assert [c.strip() for c in every.strip("|").split("|")][2:] == [
        str(sums[0]),
        f"{sums[0] - sums[2]} ({sums[1]})",
        str(sums[2]),
    ]
