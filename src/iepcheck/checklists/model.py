"""The checklist model: frozen objects read from a checklist file (format 1).

Loading and validating files lives in :mod:`iepcheck.loader`; this module is the shape of a
checklist once it is known to be good, plus the small grammars for ``due`` and ``repeat``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

FORMAT = 1
KINDS = ("meeting", "ongoing", "process", "guide")
LEANS = ("IEP", "504")
ID_RE = re.compile(r"[a-z0-9-]{1,64}")
OWN_PREFIX = "own-"

Kind = Literal["meeting", "ongoing", "process", "guide"]
Unit = Literal["school days", "days", "weeks"]


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Due:
    """When an item is due.

    ``anchor`` is "meeting" (``amount`` of ``unit`` before (negative) or after the meeting;
    0 for "at the meeting") or "item" (``amount`` of ``unit`` after ``item`` was ticked).
    """

    anchor: Literal["meeting", "item"]
    amount: int
    unit: Unit
    item: str | None = None

    def describe(self) -> str:
        if self.anchor == "meeting" and self.amount == 0:
            return "at the meeting"
        n = abs(self.amount)
        unit = self.unit[:-1] if n == 1 else self.unit
        if self.anchor == "item":
            return f"{n} {unit} after {self.item}"
        return f"{n} {unit} {'before' if self.amount < 0 else 'after'}"


@dataclass(frozen=True)
class Repeat:
    """A period after which a ticked item is due again."""

    unit: Literal["weeks", "months"]
    every: int

    def describe(self) -> str:
        if self.every == 1:
            return "weekly" if self.unit == "weeks" else "monthly"
        return f"every {self.every} {self.unit}"


_NUM = r"(?P<n>\d{1,4})"
_UNIT = r"(?P<unit>school\s+days?|days?|weeks?)"
_DUE_RE = re.compile(
    rf"{_NUM}\s+{_UNIT}\s+(?P<dir>before|after)(?:\s+(?P<item>[a-z0-9-]{{1,64}}))?",
    re.IGNORECASE,
)
_AT_RE = re.compile(r"at\s+the\s+meeting", re.IGNORECASE)
_REPEAT_RE = re.compile(
    r"(?P<word>weekly|monthly)|every\s+(?P<n>\d{1,2})\s+(?P<unit>weeks?|months?)",
    re.IGNORECASE,
)


def parse_due(text: str) -> Due | None:
    """Parse a ``due`` value; None when it does not follow the grammar."""
    text = text.strip()
    if _AT_RE.fullmatch(text):
        return Due("meeting", 0, "days")
    m = _DUE_RE.fullmatch(text)
    if not m:
        return None
    n = int(m["n"])
    raw_unit = " ".join(m["unit"].lower().split())
    unit: Unit = (
        "school days"
        if raw_unit.startswith("school")
        else "weeks"
        if raw_unit.startswith("week")
        else "days"
    )
    direction = m["dir"].lower()
    if m["item"]:
        if direction != "after":
            return None
        return Due("item", n, unit, m["item"])
    return Due("meeting", -n if direction == "before" else n, unit)


def parse_repeat(text: str) -> Repeat | None:
    """Parse a ``repeat`` value: weekly, monthly, every N weeks, every N months."""
    m = _REPEAT_RE.fullmatch(text.strip())
    if not m:
        return None
    if m["word"]:
        return Repeat("weeks" if m["word"].lower() == "weekly" else "months", 1)
    n = int(m["n"])
    if n < 1:
        return None
    return Repeat("weeks" if m["unit"].lower().startswith("week") else "months", n)


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    details: str = ""
    due: Due | None = None
    repeat: Repeat | None = None
    leans: str | None = None
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[Item, ...]
    user_items: bool = False
    repeat: Repeat | None = None


@dataclass(frozen=True)
class Checklist:
    id: str
    version: int
    title: str
    kind: Kind
    sections: tuple[Section, ...]
    summary: str = ""
    reviewed: date | None = None
    authors: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    path: Path | None = field(default=None, compare=False)

    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    def item(self, item_id: str) -> Item | None:
        for item in self.items():
            if item.id == item_id:
                return item
        return None
