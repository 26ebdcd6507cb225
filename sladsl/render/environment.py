"""The Jinja2 environment of the documents, its filters, and rendering a view to text.

Input: a `model.ContractView` and a format, `md` or `html`. Output: the document's text.

Invariants:
- the environment is built once per process (`environment()` is cached); templates are read
  from the package (`sladsl/render/templates/`, shipped in the wheel), never from the disk
  around it; `StrictUndefined` makes a misspelt field an error, not an empty string;
- HTML templates are autoescaped (`select_autoescape`): contract text holding `<script>` or `&`
  comes out as text. The only markup that is not escaped is made here from escaped text
  (`inline`: backtick spans as `<code>`) or by Pygments, which escapes the source itself;
- Markdown is escaped by the `md` filters (`<`, `*`, `[`, `]`, `|`, `\\` outside code spans), so
  contract text cannot open HTML or a link, nor break a table;
- the HTML page references nothing outside itself: CSS is inline, there are no scripts, fonts
  or images.
"""

from __future__ import annotations

import functools
import re

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape
from pygments import highlight
from pygments.formatters import HtmlFormatter

from sladsl.render.lexer import SladslLexer
from sladsl.render.model import ContractView

FORMATS = ("md", "html")
_APPENDIX = '<a id="appendix-source"></a>'
_BLANK_LINES = re.compile(r"\n{3,}")
_CODE = re.compile(r"`([^`\n]+)`")
_MD_SPECIAL = re.compile(r"([\\*\[\]|<])")


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("sladsl.render", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["inline"] = inline_html
    env.filters["md"] = md_text
    env.filters["md_cell"] = md_cell
    env.filters["md_quote"] = md_quote
    env.filters["fence"] = fence
    env.filters["highlight"] = highlight_html
    env.globals["highlight_css"] = highlight_css
    return env


def render(view: ContractView, output_format: str) -> str:
    """The document of one contract, as Markdown (`md`) or one self-contained HTML page."""
    if output_format not in FORMATS:
        raise ValueError(f"unknown document format {output_format!r}: use md or html")
    text = environment().get_template(f"contract.{output_format}").render(view=view)
    if output_format == "md":
        # Blank lines between blocks come from the template's conditionals: one is enough. The
        # appendix (the contract's source) is left exactly as written.
        body, marker, appendix = text.partition(_APPENDIX)
        text = tidy_markdown(body) + marker + appendix
    return text


def tidy_markdown(text: str) -> str:
    """Markdown from a template: one blank line between blocks, none before the first."""
    return _BLANK_LINES.sub("\n\n", text).lstrip("\n")


def inline_html(text: str) -> Markup:
    """Escaped text with `code` spans shown as code."""
    escaped = str(escape(text))
    return Markup(_CODE.sub(r"<code>\1</code>", escaped))


def md_text(text: str) -> str:
    """Text for Markdown: special characters escaped outside `code` spans."""
    parts = re.split(r"(`[^`\n]+`)", text)
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(part)
        else:
            out.append(_MD_SPECIAL.sub(r"\\\1", part).replace("\\<", "&lt;"))
    return "".join(out)


def md_cell(text: str) -> str:
    """Text for a Markdown table cell: on one line."""
    return md_text(" ".join(text.split()))


def md_quote(text: str) -> str:
    """Text as the lines of a Markdown block quote (`> ...`), line breaks kept."""
    out = []
    for line in text.strip("\n").split("\n"):
        body = md_text(line)
        if body.lstrip().startswith("#"):
            body = body.replace("#", "\\#", 1)
        out.append(f"> {body}".rstrip() if line.strip() else ">")
    return "\n".join(out)


def fence(source: str) -> str:
    """A code fence longer than any run of backticks in the source."""
    runs = [len(m) for m in re.findall(r"`+", source)]
    return "`" * max(3, max(runs, default=0) + 1)


@functools.cache
def _formatter() -> HtmlFormatter[str]:
    return HtmlFormatter(cssclass="source", linenos="inline", wrapcode=True)


def highlight_html(source: str) -> Markup:
    """The contract source highlighted by the sladsl lexer (Pygments escapes it)."""
    return Markup(highlight(source, SladslLexer(), _formatter()))


def highlight_css() -> Markup:
    css: str = _formatter().get_style_defs(".source")  # type: ignore[no-untyped-call]
    return Markup(css)
