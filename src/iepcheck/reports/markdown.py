"""Markdown escaping for exports and letters: what Markdown would turn into structure, and
nothing else (a checklist id or "(PPT)" reads as typed)."""

from __future__ import annotations

import re

# Anywhere in a line: code, emphasis, links and images, raw HTML and autolinks, entities,
# strikethrough, and the backslash itself.
_INLINE = re.compile(
    r"""[\\`*\[\]<~]"""  # always
    r"""|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])"""  # emphasis (an underscore inside a word is not)
    r"""|&(?=#?[0-9A-Za-z]+;)"""  # an entity: &amp; &#169;
)
# At the start of a line: headings, quotes, list items, thematic breaks and setext underlines.
_LINE_START = re.compile(
    r"""^(?P<mark>[#>]"""  # a heading, a quote
    r"""|[-+](?=[ \t]|$)"""  # a bullet
    r"""|=+[ \t]*$|-+[ \t]*$)"""  # a setext underline or a thematic break
)
_ORDERED = re.compile(r"^(?P<num>\d{1,9})(?P<dot>[.)])(?=[ \t]|$)")


def escape(text: str) -> str:
    """``text`` shown literally in Markdown, line by line: leading indentation kept as
    no-break spaces (four spaces would start a code block)."""
    return "\n".join(_line(line) for line in text.split("\n"))


def _line(line: str) -> str:
    body = line.lstrip(" \t")
    indent = line[: len(line) - len(body)].replace("\t", "    ").replace(" ", "\u00a0")
    body = _INLINE.sub(lambda m: "\\" + m.group(), body)
    body = _ORDERED.sub(r"\g<num>\\\g<dot>", body)
    body = _LINE_START.sub(lambda m: "\\" + m.group("mark"), body, count=1)
    return indent + body
