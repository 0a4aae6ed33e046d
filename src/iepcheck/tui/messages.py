"""Messages every screen may receive: posted by the app, handled by whichever screen cares."""

from __future__ import annotations

from textual.message import Message


class ChildChanged(Message):
    """A child's data changed: a change made on another screen (a letter marked sent ticks its
    item), a save finished, or another session wrote the file.

    ``shown``: the copy on screen changed too (False when a save only wrote what the screens
    already show: they need not draw again, though the status read from files does)."""

    def __init__(self, child_id: str, shown: bool = True) -> None:
        super().__init__()
        self.child_id = child_id
        self.shown = shown


class LibraryLoaded(Message):
    """The checklists were (re)read."""


class DayChanged(Message):
    """The date moved on (the app was left open past midnight): due and overdue change."""
