"""Finding what the user named: a child by id or name, a meeting by id or date."""

from __future__ import annotations

from datetime import date

from ..i18n import _
from ..records.model import Child, Meeting
from ..records.store import ProgressError, Store
from ..textsafe import clean_line
from .errors import ServiceError, did_you_mean


def find_child(store: Store, text: str) -> Child:
    """The child whose id or name (in any case) is ``text``."""
    wanted = text.strip()
    try:
        ids = store.ids()
        for child_id in ids:
            if child_id == wanted or child_id.casefold() == wanted.casefold():
                return store.load(child_id)
        children, problems = store.load_all()
    except ProgressError as exc:
        raise ServiceError(str(exc)) from None
    matches = [c for c in children if c.name.casefold() == wanted.casefold()]
    if len(matches) == 1:
        return matches[0]
    for problem in problems:
        if problem.path.stem.casefold() == wanted.casefold():
            raise ServiceError(str(problem))
    known = ", ".join(f"{c.id} ({clean_line(c.name)})" for c in children) or _("none yet")
    hint = did_you_mean(wanted, [c.id for c in children] + [c.name for c in children])
    raise ServiceError(
        _("no child '{wanted}'.{hint} Children: {known}").format(
            wanted=clean_line(wanted), hint=hint, known=known
        )
    )


def find_meeting(child: Child, text: str) -> Meeting:
    """The meeting with id ``text``, or the only one on the date ``text``."""
    meeting = child.meeting(text.strip())
    if meeting is not None:
        return meeting
    try:
        day: date | None = date.fromisoformat(text.strip())
    except ValueError:
        day = None
    same_day = [m for m in child.meetings if m.date == day]
    if len(same_day) == 1:
        return same_day[0]
    listing = ", ".join(f"{m.id} ({m.date}, {clean_line(m.title)})" for m in child.meetings)
    if len(same_day) > 1:
        raise ServiceError(
            _("{count} meetings on {day}; name one by id: {listing}").format(
                count=len(same_day), day=day, listing=listing
            )
        )
    raise ServiceError(
        _("no meeting '{text}' for {child_id}; meetings: {value}").format(
            text=clean_line(text), child_id=child.id, value=listing or _("none")
        )
    )
