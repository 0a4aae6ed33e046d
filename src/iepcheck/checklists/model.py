"""The checklist model: frozen objects read from a checklist file (format 1).

Loading and validating files lives in :mod:`iepcheck.loader`; this module is the shape of a
checklist once it is known to be good, plus the small grammars for ``due`` and ``repeat``.
"""

from __future__ import annotations

import functools
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
PLAN_PREFIX = "plan-"  # items made from the child's plan (a service, an accommodation)
FROM_PLAN = ("services", "accommodations")  # what a section's items may come from

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
    0 for "at the meeting"), "item" (``amount`` of ``unit`` after ``item`` was ticked) or
    "age" (``amount`` of ``unit`` before (negative) or after the child's ``age``-th birthday).
    """

    anchor: Literal["meeting", "item", "age"]
    amount: int
    unit: Unit
    item: str | None = None
    age: int | None = None

    def describe(self) -> str:
        if self.anchor == "meeting" and self.amount == 0:
            return "at the meeting"
        if self.anchor == "age" and self.amount == 0:
            return f"at age {self.age}"
        n = abs(self.amount)
        unit = self.unit[:-1] if n == 1 else self.unit
        if self.anchor == "item":
            return f"{n} {unit} after {self.item}"
        where = "before" if self.amount < 0 else "after"
        if self.anchor == "age":
            return f"{n} {unit} {where} age {self.age}"
        return f"{n} {unit} {where}"


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
MAX_AGE = 30  # special education ends in the school year a student turns 22
_AGE = r"age\s+(?P<age>\d{1,2})"
_AT_AGE_RE = re.compile(rf"at\s+{_AGE}", re.IGNORECASE)
_AGE_DUE_RE = re.compile(
    rf"{_NUM}\s+(?P<unit>days?|weeks?)\s+(?P<dir>before|after)\s+{_AGE}", re.IGNORECASE
)
_REPEAT_RE = re.compile(
    r"(?P<word>weekly|monthly)|every\s+(?P<n>\d{1,2})\s+(?P<unit>weeks?|months?)",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=1024)  # each screen draw asks again for every item (Due is frozen)
def parse_due(text: str) -> Due | None:
    """Parse a ``due`` value; None when it does not follow the grammar."""
    text = text.strip()
    if _AT_RE.fullmatch(text):
        return Due("meeting", 0, "days")
    m = _AT_AGE_RE.fullmatch(text) or _AGE_DUE_RE.fullmatch(text)
    if m:
        age = int(m["age"])
        if not 1 <= age <= MAX_AGE:
            return None
        if "n" not in m.groupdict():
            return Due("age", 0, "days", age=age)
        n = int(m["n"])
        unit: Unit = "weeks" if m["unit"].lower().startswith("week") else "days"
        return Due("age", -n if m["dir"].lower() == "before" else n, unit, age=age)
    m = _DUE_RE.fullmatch(text)
    if not m:
        return None
    n = int(m["n"])
    raw_unit = " ".join(m["unit"].lower().split())
    unit = (
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


@functools.lru_cache(maxsize=1024)
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


# What a ``tally`` counts over an item's dated log: the school days its entries cover, or the
# entries themselves (one an incident), in the current school year (July to June).
TALLIES = ("school-days-this-year", "incidents-this-year")


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    details: str = ""
    due: Due | None = None
    repeat: Repeat | None = None
    leans: str | None = None
    sources: tuple[Source, ...] = ()
    letter: str | None = None  # "CHECKLIST-ID/LETTER-ID", made whole by the validator
    # Count over the item's dated log entries (each a day or a first and last day), e.g. the
    # school days a child was removed, or the restraint incidents, this school year (TALLIES);
    # ``tally_alert`` flags the count.
    tally: str | None = None
    tally_alert: int | None = None
    document: str | None = None  # the kind of document the item is about (DOC_KINDS)
    # In a translation: the hash of the English words it was made from (translations.py).
    translated_from: str = ""


# The most a letter filled in from a record may be (its subject and body, UTF-8): checked while
# it is filled, and the most a letter kept in a child's record as sent may be.
MAX_LETTER_BYTES = 256 * 1024


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a letter that is used only when its condition holds for the child."""

    when: str  # "plan:iep", "plan:504", "plan:none", "meeting" or "contact:ROLE"
    after: int  # the index of the body's paragraph it follows (0: the first)
    text: str
    anchor: str = ""  # the first words of that paragraph, as the file gives them


@dataclass(frozen=True)
class Letter:
    """A letter a parent sends, with placeholders filled in from the child's record."""

    id: str
    title: str
    subject: str
    body: str
    sources: tuple[Source, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()  # in the file's order
    # The hash of its words as the file writes them (what a translation records it was made
    # from), and in a translation, the hash of the English words it was made from.
    words_hash: str = ""
    translated_from: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[Item, ...]
    user_items: bool = False
    repeat: Repeat | None = None
    from_plan: str = ""  # services | accommodations: one item per entry of the child's plan


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
    letters: tuple[Letter, ...] = ()
    path: Path | None = field(default=None, compare=False)
    # A translation (checklists/es/ID.toml): its language, and the version of the original it
    # was made from. Empty and 0 for an original.
    lang: str = ""
    translation_of: int = 0

    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    def item(self, item_id: str) -> Item | None:
        for item in self.items():
            if item.id == item_id:
                return item
        return None

    def letter(self, letter_id: str) -> Letter | None:
        return next((letter for letter in self.letters if letter.id == letter_id), None)
