"""Children, meetings, runs and item states: the model of a family's progress. No I/O.

Changes are plain methods on one clear owner (a :class:`Child` and what it holds). The store
applies them to a freshly read file under a lock, so two sessions' changes merge per item.
"""

from __future__ import annotations

import contextlib
import copy
import random
import re
import secrets
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from .checklist import OWN_PREFIX, Checklist, Due, Repeat, parse_due, parse_repeat

PLANS = ("iep", "504", "none")
MEETING_KINDS = ("ppt", "504", "other")
DEFAULT_PPT_CHECKLIST = "ct-ppt-prep"  # attached to a new PPT when none is chosen
DEFAULT_MEETING_TITLES = {"ppt": "PPT meeting", "504": "504 meeting", "other": "Meeting"}


def default_meeting_kind(plan: str) -> str:
    """A child with a 504 plan usually meets as a 504 team; everyone else at a PPT."""
    return "504" if plan == "504" else "ppt"


State = Literal["open", "done", "skipped"]
_ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no l/o/0/1: easy to read aloud


_ID_RANDOM: random.Random = secrets.SystemRandom()


@contextlib.contextmanager
def seeded_ids(seed: int) -> Iterator[None]:
    """Reproducible ids inside the block (sample data, screenshots)."""
    global _ID_RANDOM
    saved, _ID_RANDOM = _ID_RANDOM, random.Random(seed)
    try:
        yield
    finally:
        _ID_RANDOM = saved


def short_id(taken: set[str], length: int = 4) -> str:
    while True:
        candidate = "".join(_ID_RANDOM.choice(_ID_ALPHABET) for _ in range(length))
        if candidate not in taken:
            return candidate


def slugify(name: str) -> str:
    """A file-safe id from a name: 'Zoë O'Neil' → 'zoe-o-neil'."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:40].strip("-")
    return slug or "child"


@dataclass
class Contact:
    role: str
    name: str = ""
    email: str = ""
    phone: str = ""


@dataclass
class ClosedRange:
    """Days the school is closed (a break, a PD day), both ends included."""

    start: date
    end: date
    label: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass
class LogEntry:
    day: date  # the day it happened (the user may log something from last week)
    text: str
    added: datetime


@dataclass
class ItemState:
    state: State = "open"
    at: datetime | None = None  # when it was ticked or skipped
    reason: str = ""  # why it was skipped
    note: str = ""
    log: list[LogEntry] = field(default_factory=list)
    completions: list[datetime] = field(default_factory=list)  # every tick of a repeat item

    def is_empty(self) -> bool:
        return self.state == "open" and not (self.note or self.log or self.completions)


@dataclass
class ItemCopy:
    """The part of a checklist item a run keeps, so it stays readable without the file."""

    id: str
    text: str
    due: str = ""
    repeat: str = ""
    leans: str = ""
    own: bool = False  # added by the user
    added: datetime | None = None

    @property
    def due_rule(self) -> Due | None:
        return parse_due(self.due) if self.due else None

    @property
    def repeat_rule(self) -> Repeat | None:
        return parse_repeat(self.repeat) if self.repeat else None


@dataclass
class SectionCopy:
    title: str
    items: list[ItemCopy] = field(default_factory=list)
    user_items: bool = False
    repeat: str = ""


@dataclass
class Run:
    """One use of a checklist for one child: for a meeting, or standing on its own."""

    id: str
    checklist: str
    title: str
    version: int
    kind: str
    origin: str
    sections: list[SectionCopy]
    started: date
    meeting: str | None = None
    archived: bool = False
    detached: bool = False  # its meeting was removed; kept so nothing is lost
    items: dict[str, ItemState] = field(default_factory=dict)

    def item_ids(self) -> list[str]:
        return [item.id for section in self.sections for item in section.items]

    def find(self, item_id: str) -> ItemCopy | None:
        for section in self.sections:
            for item in section.items:
                if item.id == item_id:
                    return item
        return None

    def state(self, item_id: str) -> ItemState:
        return self.items.get(item_id) or ItemState()

    def _edit(self, item_id: str) -> ItemState:
        return self.items.setdefault(item_id, ItemState())

    def orphans(self) -> list[str]:
        """Ids with saved progress that the current checklist no longer has."""
        known = set(self.item_ids())
        return [i for i, s in self.items.items() if i not in known and not s.is_empty()]

    # -- changes ----------------------------------------------------------------------------
    def tick(self, item_id: str, now: datetime) -> None:
        state = self._edit(item_id)
        state.state, state.at, state.reason = "done", now, ""
        item = self.find(item_id)
        if item is not None and item.repeat:
            state.completions.append(now)

    def untick(self, item_id: str) -> None:
        state = self._edit(item_id)
        if state.completions:
            state.completions.pop()
        if state.completions:
            state.at = state.completions[-1]
            state.state = "done"
        else:
            state.state, state.at, state.reason = "open", None, ""

    def skip(self, item_id: str, now: datetime, reason: str = "") -> None:
        state = self._edit(item_id)
        state.state, state.at, state.reason = "skipped", now, reason

    def set_note(self, item_id: str, note: str) -> None:
        self._edit(item_id).note = note

    def add_log(self, item_id: str, day: date, text: str, now: datetime) -> None:
        self._edit(item_id).log.append(LogEntry(day, text, now))

    def restore(self, item_id: str, state: ItemState | None) -> None:
        """Put back an item's saved state (an undo); None: as if never touched."""
        if state is None:
            self.items.pop(item_id, None)
        else:
            self.items[item_id] = copy.deepcopy(state)

    def remove_own_item(self, item_id: str) -> None:
        """Take back an own item (an undo of adding it); its progress goes with it."""
        for section in self.sections:
            section.items = [i for i in section.items if not (i.own and i.id == item_id)]
        self.items.pop(item_id, None)

    def add_own_item(
        self, section_index: int, text: str, now: datetime, item_id: str | None = None
    ) -> ItemCopy:
        section = self.sections[section_index]
        taken = set(self.item_ids()) | set(self.items)
        item = ItemCopy(
            id=item_id or f"{OWN_PREFIX}{short_id(taken)}",
            text=text,
            repeat=section.repeat,
            own=True,
            added=now,
        )
        section.items.append(item)
        return item

    def refresh(self, checklist: Checklist, origin: str) -> bool:
        """Take a newer version of the checklist; progress carries over by item id.

        Returns True when the copy changed. Own items stay in their section (by title, else
        the first section that takes user items); progress of removed items stays in
        ``items`` and shows as "no longer in the checklist".
        """
        if checklist.version == self.version and checklist.id == self.checklist:
            return False
        own_by_section = {s.title: [i for i in s.items if i.own] for s in self.sections}
        sections = copy_sections(checklist)
        leftovers: list[ItemCopy] = []
        for title, own in own_by_section.items():
            target = next((s for s in sections if s.title == title and s.user_items), None)
            if target is None:
                leftovers += own
            else:
                target.items += own
        if leftovers:
            target = next((s for s in sections if s.user_items), None)
            if target is None:
                target = SectionCopy("Your own items", [], True)
                sections.append(target)
            target.items += leftovers
        self.sections = sections
        self.title, self.version, self.kind, self.origin = (
            checklist.title,
            checklist.version,
            checklist.kind,
            origin,
        )
        return True


def copy_sections(checklist: Checklist) -> list[SectionCopy]:
    return [
        SectionCopy(
            title=section.title,
            items=[
                ItemCopy(
                    id=item.id,
                    text=item.text,
                    due=item.due.describe() if item.due else "",
                    repeat=item.repeat.describe() if item.repeat else "",
                    leans=item.leans or "",
                )
                for item in section.items
            ],
            user_items=section.user_items,
            repeat=section.repeat.describe() if section.repeat else "",
        )
        for section in checklist.sections
    ]


def new_run(
    checklist: Checklist, origin: str, today: date, taken: set[str], meeting: str | None = None
) -> Run:
    return Run(
        id=short_id(taken),
        checklist=checklist.id,
        title=checklist.title,
        version=checklist.version,
        kind=checklist.kind,
        origin=origin,
        sections=copy_sections(checklist),
        started=today,
        meeting=meeting,
    )


@dataclass
class Meeting:
    id: str
    date: date
    title: str
    kind: str = "ppt"
    time: str = ""
    notes: str = ""


@dataclass
class Child:
    id: str
    name: str
    plan: str = "none"
    school: str = ""
    district: str = ""
    contacts: list[Contact] = field(default_factory=list)
    closed: list[ClosedRange] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)

    def meeting(self, meeting_id: str) -> Meeting | None:
        return next((m for m in self.meetings if m.id == meeting_id), None)

    def runs_for(self, meeting_id: str) -> list[Run]:
        return [r for r in self.runs if r.meeting == meeting_id and not r.detached]

    def standing_runs(self) -> list[Run]:
        return [r for r in self.runs if r.meeting is None and not r.archived and not r.detached]

    def standing_run(self, checklist_id: str) -> Run | None:
        return next((r for r in self.standing_runs() if r.checklist == checklist_id), None)

    def run(self, run_id: str) -> Run | None:
        return next((r for r in self.runs if r.id == run_id), None)

    def taken_ids(self) -> set[str]:
        return {m.id for m in self.meetings} | {r.id for r in self.runs}

    # -- changes ----------------------------------------------------------------------------
    def add_meeting(
        self,
        day: date,
        title: str,
        kind: str = "ppt",
        time: str = "",
        notes: str = "",
        meeting_id: str | None = None,
    ) -> Meeting:
        """Add a meeting. Pass ``meeting_id`` when the same change is applied twice."""
        meeting = Meeting(meeting_id or short_id(self.taken_ids()), day, title, kind, time, notes)
        self.meetings.append(meeting)
        self.sort_meetings()
        return meeting

    def sort_meetings(self) -> None:
        """Keep meetings in date order (after one is added or moved)."""
        self.meetings.sort(key=lambda m: (m.date, m.time))

    def remove_meeting(self, meeting_id: str) -> None:
        """Remove a meeting; its runs stay in the file, detached, with all their ticks."""
        self.meetings = [m for m in self.meetings if m.id != meeting_id]
        for run in self.runs:
            if run.meeting == meeting_id:
                run.detached = True

    def attach(
        self,
        checklist: Checklist,
        origin: str,
        today: date,
        meeting: str | None = None,
        run_id: str | None = None,
    ) -> Run:
        run = new_run(checklist, origin, today, self.taken_ids(), meeting)
        if run_id:
            run.id = run_id
        self.runs.append(run)
        return run

    def add_closed(self, start: date, end: date, label: str = "") -> None:
        if (start, end) not in {(c.start, c.end) for c in self.closed}:
            self.closed.append(ClosedRange(start, end, label))
            self.closed.sort(key=lambda c: c.start)
