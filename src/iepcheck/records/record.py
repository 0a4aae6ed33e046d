"""The child's record beyond checklists: every contact with the school, every document.

Plain dataclasses, kept in the child's file (``[[communications]]``, ``[[documents]]``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .letters import SentLetter


@dataclass(frozen=True)
class Communication:
    """One contact with the school: who, how, what, and a follow-up date until answered."""

    id: str
    day: date
    text: str
    added: datetime
    with_whom: str = ""
    via: str = ""  # one of kinds.VIA, or ""
    follow_up: date | None = None
    answered: date | None = None
    said: str = ""  # what the answer said, when the parent wrote it down


@dataclass(frozen=True)
class Document:
    """A document the parent received, with the dates that decide whether it came on time."""

    id: str
    kind: str  # one of kinds.DOC_KINDS
    received: date
    added: datetime
    dated: date | None = None  # the date printed on it
    requested: date | None = None  # when the parent asked for it in writing
    meeting: str = ""  # the meeting it belongs to
    note: str = ""
    file: str = ""  # where the parent keeps it (a path, or a word)


def letter_entry(letter: SentLetter) -> Communication:
    """A letter sent, as the log shows it: a contact via letter, with the letter's id, its
    follow-up date and its answer (kept on the letter)."""
    return Communication(
        letter.id,
        letter.sent,
        f"Letter sent: {letter.title}",
        letter.at,
        via="letter",
        follow_up=letter.follow_up,
        answered=letter.answered,
        said=letter.said,
    )
