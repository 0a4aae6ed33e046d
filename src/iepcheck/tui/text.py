"""The one way file text reaches a widget: cleaned of control characters, never markup.

Plain strings given to Static, Label, OptionList, notify() and friends are parsed as markup,
and ``escape()`` misses ``[ @click=…]``; a :class:`Content` built from text is never parsed.
"""

from __future__ import annotations

from textual.content import Content

from ..textsafe import clean, clean_line


def safe(text: str, style: str = "") -> Content:
    """Untrusted text as literal Content (newlines kept)."""
    content = Content(clean(text))
    return content.stylize(style) if style else content


def safe_line(text: str, style: str = "") -> Content:
    """Untrusted text as one literal line."""
    content = Content(clean_line(text))
    return content.stylize(style) if style else content


def join(*parts: Content | str | tuple[str, str]) -> Content:
    """Concatenate pieces; a plain str here is OUR text (still never parsed as markup)."""
    out = Content("")
    for part in parts:
        if isinstance(part, tuple):
            out += Content(part[0]).stylize(part[1])
        else:
            out += part if isinstance(part, Content) else Content(part)
    return out
