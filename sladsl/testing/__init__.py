"""Contract tests (`sladsl test`): files of cases that pin what a contract makes of some events.

Input: `*.test.toml` files (the format is docs/testing.md): a contract, parameters, and cases,
each with its events and the parts of the JSON report it expects. Output: PASS or FAIL per case,
with the differing values side by side, and an exit status.

Stages, one module each: `toml_lines` (where a key is written), `problems` (a broken file's
messages), `report_fields` (what may be expected, and its JSON type), `cases` (the loaded values),
`expectations` and `load` (TOML -> cases, checked against the contract), `evaluation` (a case ->
its report, through the evaluator's public API), `compare` (expectations and report ->
differences), `output` (printing), `run` (the command).
Invariant: expectations are partial: only what a case states is compared.
"""
