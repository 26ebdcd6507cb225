"""The evaluator: a checked contract and its parameters, compiled once, run over event streams.

Stages (one module each): `params` (command-line parameters checked against the contract), and,
as issue 3 lands, compiling the contract into operators and running events through them. The
meaning of every computation is specified in docs/semantics.md.
"""
