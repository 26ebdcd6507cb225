"""sladsl: service-level agreements as code.

The pipeline, one stage per module, values in and out:

    parse(source) -> Contract            sladsl.parser   (grammar/sladsl.lark, sladsl.builder)
    check(contract) -> [Diagnostic]      sladsl.checker  (an ordered list of passes)

Every problem is a `sladsl.diagnostics.Diagnostic` with a stable code from `sladsl.codes`.
"""

__version__ = "0.1.0"
