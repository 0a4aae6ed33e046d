"""The document a printable report is written in, before it becomes text, Markdown or HTML.

A report is a list of blocks, each a heading and its lines. Text and Markdown print the lines.
The HTML page (``reports.page``) shows the same things laid out by what else they say:

- a block with ``columns`` is a table. Each line with ``cells`` is a row, and its cells say all
  that the line and the deeper lines under it say (those are the row in text, not shown
  again); a line with the tone "group" heads the rows that follow (a checklist's section);
  other lines at depth 0 are said above the table (or under it, after the last row).
- ``kind`` "header": the page's head (lines with two cells are facts, lines with four the
  school's people); "letter": a letter, line by line as it was sent; "html": a block only the
  HTML page shows, because text and Markdown say the same elsewhere; "text": one the page
  leaves out, because it says the same elsewhere.
- a ``tone`` says what a cell or a row means (late, on time, done…); the page shows it with
  a symbol and words, and colour only on top of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from ..i18n import N_

# What a tone means on the page: its symbol (the meaning without colour) and a word for the key
# (marked here, said in the user's language by the page).
TONES = {
    "done": ("☑", N_("done")),
    "open": ("☐", N_("open")),
    "overdue": ("!", N_("overdue")),
    "skipped": ("–", N_("not applicable")),
    "on-time": ("✓", N_("on time")),
    "answered": ("✓", N_("answered")),
    "late": ("✗", N_("late")),
    "missed": ("✗", N_("not provided")),
    "decide": ("→", N_("a date to decide by")),
}
MARK_TONES = {"x": "done", "-": "skipped", " ": "open"}  # a checklist line's mark, as a tone


class Part(NamedTuple):
    """A line of a cell: its words, their tone ("" plain, "quiet" small print, "dim" greyed,
    or one of TONES) and the address it links to (a link only when it is http or https)."""

    text: str
    tone: str = ""
    href: str = ""


@dataclass(frozen=True)
class Cell:
    """A table cell: its lines."""

    parts: tuple[Part, ...] = ()

    @classmethod
    def of(cls, text: str, tone: str = "") -> Cell:
        return cls((Part(text, tone),))


@dataclass(frozen=True)
class Column:
    title: str
    # "state", "date" (kept on one line), "main" (what the row is about), "notes" and "wide"
    # (given room), or "" (wraps)
    kind: str = ""


@dataclass
class Line:
    text: str
    depth: int = 0
    mark: str = ""  # "x" done, "-" skipped, " " open, "" a plain line
    cells: tuple[str | Cell, ...] = ()  # the same, as a row of its block's table (HTML)
    tone: str = ""  # the row's meaning, for the page's styling ("subject": a letter's subject)
    svg: str = ""  # a chart made by reports.charts (escaped there); the page shows it here


@dataclass
class Block:
    level: int
    title: str
    lines: list[Line] = field(default_factory=list)
    columns: tuple[Column, ...] = ()
    kind: str = ""  # "" | "header" | "letter" | "html" (see the module's docstring)
    name: str = ""  # a header's big heading on the page (the child's name); else the title
    kicker: str = ""  # a header's small line above it (what the page is)
