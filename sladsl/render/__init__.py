"""Contracts rendered for people: `sladsl docs` (docs/documents.md).

Input: a checked contract. Output: a Markdown or self-contained HTML document. The stages, one
module each: `words`, `calendar_words`, `objective_items`, `remedy_items` (the AST in words),
`example_needs`, `example_events`, `examples` (worked examples computed by the evaluator),
`model` and `view` (the view model), `environment` (Jinja2 and the templates in `templates/`),
`lexer` (the Pygments lexer, registered as `sladsl`), `documents` (the command).
"""
