"""The one way file text reaches a widget: cleaned of control characters, never markup.

Plain strings given to Static, Label, OptionList, notify() and friends are parsed as markup,
and ``escape()`` misses ``[ @click=…]``; a :class:`Content` built from text is never parsed.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from textual.content import Content, Span

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
    """Concatenate pieces; a plain str here is OUR text (still never parsed as markup).

    Built in one step (Home joins a few pieces for each of hundreds of rows)."""
    texts: list[str] = []
    spans: list[Span] = []
    at = 0
    for part in parts:
        if isinstance(part, tuple):
            text, style = Content(part[0]).plain, part[1]  # Content drops control codes
            if text and style:
                spans.append(Span(at, at + len(text), style))
        elif isinstance(part, Content):
            text = part.plain
            spans += [Span(at + s.start, at + s.end, s.style) for s in part.spans]
        else:
            text = Content(part).plain
        texts.append(text)
        at += len(text)
    return Content("".join(texts), spans, strip_control_codes=False)


_HOLE = re.compile(r"\{(\w+)\}")


def fill(template: str, **parts: Content | str | tuple[str, str]) -> Content:
    """A translated sentence with its ``{name}`` holes filled by pieces that keep their own
    style (a file name in bold, untrusted text as literal Content): the sentence is one
    msgid, whatever order a language puts its pieces in."""
    pieces: list[Content | str | tuple[str, str]] = []
    at = 0
    for match in _HOLE.finditer(template):
        pieces.append(template[at : match.start()])
        pieces.append(parts[match.group(1)])
        at = match.end()
    pieces.append(template[at:])
    return join(*pieces)


def hanging(head: Content, text: Content, width: int | None) -> Content:
    """``head`` then ``text`` wrapped at ``width``, each line after the first indented to
    where the text began (a timeline's entry reads as one, under its date). Unwrapped
    without a width."""
    room = (width or 0) - head.cell_length
    if room < 12 or text.cell_length <= room:
        return head + text
    lines = text.wrap(room)
    indent = Content("\n" + " " * head.cell_length)
    return head + indent.join(line.rstrip() for line in lines)


class OneLine(Content):
    """A row that is one line: its height is known without wrapping it, so a list of
    hundreds of rows lays out at once. A row wider than its list still wraps."""

    def get_height(self, rules: Any, width: int) -> int:
        if "\n" not in self.plain and self.cell_length + 2 * rules.get("line_pad", 0) <= width:
            return 1
        return super().get_height(rules, width)


def one_line(content: Content) -> OneLine:
    return OneLine(content.plain, list(content.spans), content.cell_length)


# A date as the screens write one: "Tue 22 Dec" or "Tue 22 Dec 2026" ("mar 22 dic 2026" in
# Spanish), with the "!" of an overdue one and the "~" of an estimated one.
_DATE = re.compile(
    r"[!~]*\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|lun|mar|mié|jue|vie|sáb|dom) \d{1,2} "
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
    r"|ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic)\b(?: \d{4}\b)?"
)


def whole_dates(content: Content, width: int | None) -> Content:
    """``content`` with a line break before each date that wrapping at ``width`` would cut
    in two ("Tue 22" / "Dec"): a date always reads whole. Unchanged without a width."""
    if not width or width < 16:
        return content
    for cut in _cuts(content.plain, width):  # where, in the text as it grows
        content = content[:cut] + Content("\n") + content[cut:]
    return content


@functools.lru_cache(maxsize=4096)
def _cuts(text: str, width: int) -> tuple[int, ...]:
    """Where line breaks go so that no date is cut (a list redraws the same rows for each
    tick: worked out once per row and width)."""
    found: list[int] = []
    for _ in range(50):  # each round moves one date; a long details pane has a few
        cut = _cut_date(text, width)
        if cut is None:
            break
        found.append(cut)
        text = text[:cut] + "\n" + text[cut:]
    return tuple(found)


def _cut_date(text: str, width: int) -> int | None:
    """Where the first date that wrapping would cut in two starts; None when none is."""
    dates = list(_DATE.finditer(text))
    if not dates:
        return None
    starts: list[int] = []  # where each wrapped line begins
    at = 0
    for line in Content(text).wrap(width):
        piece = line.plain.strip()
        if not piece:
            continue
        found = text.find(piece, at)
        if found < 0:
            return None  # not the text we think (should not happen): leave it as it is
        starts.append(found)
        at = found + len(piece)
    for match in dates:
        if any(match.start() < start < match.end() for start in starts):
            return match.start()
    return None
