"""The parent's details a letter signs with, and the copies of letters a parent sent."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, datetime

PARENT_KEYS = ("name", "address", "email", "phone")


@dataclass(frozen=True)
class ParentDetails:
    """Who signs a letter: the profile's, or a child's own when an advocate's families differ.

    A child's details with a name stand alone; without one, each field given replaces the
    profile's (the same parent, say, with another email for this school).
    """

    name: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""

    def over(self, base: ParentDetails) -> ParentDetails:
        """These details over ``base``: as a whole when they name someone (another family's
        parent never signs with the profile's phone), else field by field."""
        if self.name:
            return self
        return replace(
            base, **{f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}
        )

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


@dataclass(frozen=True)
class SentLetter:
    """A letter as the parent sent it, kept word for word in the child's record."""

    id: str
    letter: str  # CHECKLIST-ID/LETTER-ID
    title: str
    subject: str
    body: str
    sent: date  # the day it went out
    at: datetime  # when it was recorded
    run: str = ""  # the run and item it ticked, when it did
    item: str = ""
    meeting: str = ""
    # A sent letter is a contact with the school: the log shows it, and tracks its answer.
    follow_up: date | None = None  # a reminder to chase an answer (not a legal deadline)
    answered: date | None = None
    said: str = ""  # what the answer said
    lang: str = "en"  # the language it was sent in (a translated checklist's letter: "es")
