"""How `sladsl check` prints what it found: one module per `--format`, and their registry.

Input: `CheckResults` (the files checked and their diagnostics, from `sladsl.cli`). Output: the
text of the chosen format (`registry.FORMATS`): `text` and `concise` for people, `json`, `github`
(workflow commands), `sarif` (code scanning) and `junit` (test reports) for machines.

Invariants: formatters only format: they never read files or decide the exit status
(`CheckResults.exit_status` does); `text` and `json` are byte for byte what `sladsl check` printed
before the other formats existed.
"""

from sladsl.check_output.registry import FORMATS, format_results
from sladsl.check_output.results import CheckedFile, CheckResults

__all__ = ["FORMATS", "CheckResults", "CheckedFile", "format_results"]
