"""`sladsl diff`: what an amendment changes, clause by clause, in the contract's terms.

Input: two contracts' ASTs. Output: `Change`s (`compare.diff_contracts`) and their text, Markdown
or JSON (`text_output`, `markdown_output`, `json_output`); `run.run_diff` is the command.

Modules: `matching` pairs the parts of the two contracts, `fields` and `clauses` compare them,
`verdicts` says which way a difference goes and who it favours, `wording` spells the parts,
`changes` holds the result. docs/diff.md describes the command.
"""

from __future__ import annotations

from sladsl.diffing.changes import Change, Favours
from sladsl.diffing.compare import diff_contracts

__all__ = ["Change", "Favours", "diff_contracts"]
