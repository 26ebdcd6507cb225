"""Text from the events as a person should see it: control characters escaped.

Input: a string that came from an event (a customer name, an id, a file name, a reason quoting
a line). Output: the same string with each character that would drive a terminal, be refused by
an HTML or XML reader, or reorder what is shown, written as Python writes it (`\\x1b`, `\\x00`,
`\\u202e`). Used by the text report of `sladsl eval` and by the compliance reports. `pictured`
shows a source line under a diagnostic instead: each such character one column wide (`␛`), so
that the caret below stays under it.

Invariants: printable text, accents and other scripts included, is unchanged; the result holds
no C0 control (tab and line feed too, unless kept), no DEL, no C1 control, and no bidirectional
override or isolate.
"""

from __future__ import annotations

import re

__all__ = ["BIDI", "controls_but", "escape_controls", "pictured"]

# The bidirectional overrides and isolates: they reorder what is shown.
BIDI = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
# With the C0 and C1 controls and DEL: every character this module deals with.
_ALL = sorted({*map(chr, [*range(0x20), *range(0x7F, 0xA0)]), *BIDI})


def controls_but(kept: str) -> re.Pattern[str]:
    """A pattern matching one control character or bidirectional override, but those in
    `kept` (`"\t\n"`: tab and line feed left alone)."""
    return re.compile("[" + "".join(re.escape(char) for char in _ALL if char not in kept) + "]")


_CONTROLS = controls_but("")
# Tab and line feed left alone, for documents, whose templates lay them out.
_CONTROLS_BUT_WHITESPACE = controls_but("\t\n")


def _escaped(match: re.Match[str]) -> str:
    return ascii(match.group())[1:-1]


def escape_controls(text: str, *, keep_whitespace: bool = False) -> str:
    """`text` with its control characters escaped (`\\x1b`); with `keep_whitespace`, tab and
    line feed are kept as they are."""
    pattern = _CONTROLS_BUT_WHITESPACE if keep_whitespace else _CONTROLS
    return pattern.sub(_escaped, text)


# C0 controls and DEL have pictures of their own (U+2400-U+241F, U+2421); the others show as the
# replacement character.
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}


def _picture(match: re.Match[str]) -> str:
    return _PICTURES.get(ord(match.group()), "\ufffd")


def pictured(line: str) -> str:
    """A source line with each control character (tab and line feed too) and bidirectional
    override shown as one visible character: ESC as `␛`, NUL as `␀`, U+202E as `\ufffd`."""
    return _CONTROLS.sub(_picture, line)
