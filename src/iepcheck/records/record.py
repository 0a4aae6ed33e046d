"""The child's record beyond checklists: every contact with the school, every document.

Plain dataclasses, kept in the child's file (``[[communications]]``, ``[[documents]]``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ..checklists.model import DOC_KINDS

VIA = ("email", "phone", "meeting", "letter", "in person", "other")
__all__ = ["DOC_KINDS"]
DOC_NAMES = {
    "notice": "PPT meeting notice",
    "evaluation": "evaluation report",
    "draft-iep": "draft IEP",
    "iep": "IEP",
    "pwn": "Prior Written Notice",
    "progress-report": "progress report",
    "504-plan": "504 plan",
    "records": "education records",
    "consent-request": "consent request",
    "other": "document",
}


@dataclass(frozen=True)
class Communication:
    """One contact with the school: who, how, what, and a follow-up date until answered."""

    id: str
    day: date
    text: str
    added: datetime
    with_whom: str = ""
    via: str = ""  # one of VIA, or ""
    follow_up: date | None = None
    answered: date | None = None


@dataclass(frozen=True)
class Document:
    """A document the parent received, with the dates that decide whether it came on time."""

    id: str
    kind: str  # one of DOC_KINDS
    received: date
    added: datetime
    dated: date | None = None  # the date printed on it
    requested: date | None = None  # when the parent asked for it in writing
    meeting: str = ""  # the meeting it belongs to
    note: str = ""
    file: str = ""  # where the parent keeps it (a path, or a word)
