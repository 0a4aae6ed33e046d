"""Messages every screen may receive: posted by the app, handled by whichever screen cares."""

from __future__ import annotations

from textual.message import Message


class ChildChanged(Message):
    """A child's data changed (a save finished, or another session wrote the file)."""

    def __init__(self, child_id: str) -> None:
        super().__init__()
        self.child_id = child_id


class LibraryLoaded(Message):
    """The checklists were (re)read."""


class DayChanged(Message):
    """The date moved on (the app was left open past midnight): due and overdue change."""
