"""Children, meetings, runs and item states: the model of a family's record. No I/O.

Plain methods on one clear owner (a :class:`Child` and what it holds) make each change; the
operations in :mod:`iepcheck.records.operations` are the only callers outside this package.
Ids are always given by the caller (see :mod:`iepcheck.records.ids`), so a change applied twice
gives the same result.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from ..calendar.schooldays import ClosedRange
from ..checklists.model import OWN_PREFIX, Checklist, Due, Repeat, Source, parse_due, parse_repeat
from ..i18n import N_
from .fields import PLANS, STATES
from .ids import derived_id
from .letters import ParentDetails, SentLetter
from .plans import PLAN_PREFIX, Plan, accommodation_text, plan_item_id, roots, service_text
from .record import Communication, Document, letter_entry

if TYPE_CHECKING:  # only a type here: the file format's reader is not needed to hold one
    from ..calendar.files import CalendarFile

DEFAULT_MEETING_TITLES = {"ppt": "PPT meeting", "504": "504 meeting", "other": "Meeting"}
# Attached to a new meeting of each kind when the user names no checklist.
DEFAULT_CHECKLISTS: dict[str, tuple[str, ...]] = {
    "ppt": ("ct-ppt-prep",),
    "504": ("ct-504-meeting-prep",),
    "other": (),
}

State = Literal["open", "done", "skipped"]

__all__ = [
    "OWN_PREFIX",
    "PLANS",
    "STATES",
    "ClosedRange",
    "Communication",
    "Document",
    "ParentDetails",
    "Plan",
    "SentLetter",
]  # re-exported for the model's users

# Where an own item goes when its section is gone (kept in English; said with _() where shown).
OWN_SECTION = N_("Your own items")


def default_meeting_kind(plan: str) -> str:
    """A child with a 504 plan usually meets as a 504 team; everyone else at a PPT."""
    return "504" if plan == "504" else "ppt"


@dataclass(frozen=True)
class Contact:
    """Someone at the school, by role; a child may have several of one role (three teachers)."""

    role: str
    name: str = ""
    email: str = ""
    phone: str = ""
    id: str = ""  # drawn when it is added (an older file's: worked out from what it holds)
    subject: str = ""  # what a teacher teaches ("Science"): a missed class's letter goes there
    note: str = ""


@dataclass(frozen=True)
class Completion:
    """One tick of a repeat item: when it was recorded, and the day it happened if given."""

    at: datetime
    on: date | None = None

    @property
    def day(self) -> date:
        return self.on or self.at.date()


@dataclass(frozen=True)
class LogEntry:
    """A dated entry on an item (e.g. an accommodation not provided)."""

    id: str
    day: date  # the day it happened (the user may log something from last week)
    text: str
    added: datetime  # when it was written down
    where: str = ""  # the class or service
    told: str = ""  # whom the parent told
    told_on: date | None = None
    until: date | None = None  # the last day, for something that lasted (a removal)


@dataclass
class ItemState:
    state: State = "open"
    at: datetime | None = None  # when it was ticked or skipped (the real clock)
    on: date | None = None  # the day it really happened, when the user said ("done on")
    reason: str = ""  # why it was skipped
    note: str = ""
    log: list[LogEntry] = field(default_factory=list)
    completions: list[Completion] = field(default_factory=list)  # every tick of a repeat item
    # The item's words as the family knew them, when the checklist has since reworded it
    # (shown as "changed since you ticked") or removed it ("no longer in the checklist").
    was: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # keys this iepcheck does not know

    @property
    def day(self) -> date | None:
        """The day it was done or skipped: the date given, else the day it was recorded."""
        if self.on is not None:
            return self.on
        return self.at.date() if self.at is not None else None

    def first_day(self) -> date | None:
        """The first day it was done (a repeat item's first tick), for 'due … after ITEM'."""
        if self.completions:
            return self.completions[0].day
        return self.day if self.state == "done" else None

    def is_empty(self) -> bool:
        return self.state == "open" and not (
            self.note or self.log or self.completions or self.extra
        )


@dataclass(frozen=True)
class ItemCopy:
    """A checklist item as a run keeps it, so it stays readable without the file."""

    id: str
    text: str
    details: str = ""
    due: str = ""
    repeat: str = ""
    leans: str = ""
    sources: tuple[Source, ...] = ()
    own: bool = False  # added by the user
    added: datetime | None = None
    letter: str = ""  # CHECKLIST-ID/LETTER-ID
    tally: str = ""
    tally_alert: int = 0
    document: str = ""  # ticking it records this kind of document as received
    # Made from the child's current plan (a service or an accommodation: the entry's id),
    # never saved with the run: a section with ``from_plan`` lists them.
    plan: str = ""

    @property
    def checked_from_start(self) -> bool:
        """An own or plan item that repeats is checked from when it was added."""
        return (self.own or bool(self.plan)) and bool(self.repeat) and self.added is not None

    @property
    def due_rule(self) -> Due | None:
        return parse_due(self.due) if self.due else None

    @property
    def repeat_rule(self) -> Repeat | None:
        return parse_repeat(self.repeat) if self.repeat else None


@dataclass(frozen=True)
class SectionCopy:
    title: str
    items: tuple[ItemCopy, ...] = ()
    user_items: bool = False
    repeat: str = ""
    from_plan: str = ""  # services | accommodations: the items made from the child's plan


@dataclass(frozen=True)
class Template:
    """A checklist as a run keeps it: what a new run starts from, and what a refresh takes."""

    checklist: str
    title: str
    version: int
    kind: str
    origin: str
    sections: tuple[SectionCopy, ...]

    @classmethod
    def of(cls, checklist: Checklist, origin: str) -> Template:
        return cls(
            checklist.id,
            checklist.title,
            checklist.version,
            checklist.kind,
            origin,
            tuple(
                SectionCopy(
                    title=section.title,
                    items=tuple(
                        ItemCopy(
                            id=item.id,
                            text=item.text,
                            details=item.details,
                            due=item.due.describe() if item.due else "",
                            repeat=item.repeat.describe() if item.repeat else "",
                            leans=item.leans or "",
                            sources=item.sources,
                            letter=item.letter or "",
                            tally=item.tally or "",
                            tally_alert=item.tally_alert or 0,
                            document=item.document or "",
                        )
                        for item in section.items
                    ),
                    user_items=section.user_items,
                    repeat=section.repeat.describe() if section.repeat else "",
                    from_plan=section.from_plan,
                )
                for section in checklist.sections
            ),
        )


@dataclass
class Run:
    """One use of a checklist for one child: for a meeting, or standing on its own."""

    id: str
    checklist: str
    title: str
    version: int
    kind: str
    origin: str
    sections: tuple[SectionCopy, ...]
    started: date
    meeting: str | None = None
    archived: bool = False
    detached: bool = False  # its meeting was removed or the checklist detached; kept
    items: dict[str, ItemState] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    # The name of its checklist's words in the data folder's text store, as read; when the
    # store lacks them (``text_missing``), the run keeps that name and shows only its progress.
    text: str = field(default="", compare=False)
    text_missing: bool = field(default=False, compare=False)

    @classmethod
    def start(cls, template: Template, run_id: str, started: date, meeting: str | None) -> Run:
        return cls(
            id=run_id,
            checklist=template.checklist,
            title=template.title,
            version=template.version,
            kind=template.kind,
            origin=template.origin,
            sections=template.sections,
            started=started,
            meeting=meeting,
        )

    @property
    def template(self) -> Template:
        """The run's copy of its checklist (the items made from the plan left out: they are
        the plan's)."""
        sections = self.sections
        if any(i.plan for s in sections for i in s.items):
            sections = tuple(
                dataclasses.replace(s, items=tuple(i for i in s.items if not i.plan))
                for s in sections
            )
        return Template(self.checklist, self.title, self.version, self.kind, self.origin, sections)

    def item_ids(self) -> list[str]:
        return [item.id for section in self.sections for item in section.items]

    def find(self, item_id: str) -> ItemCopy | None:
        for section in self.sections:
            for item in section.items:
                if item.id == item_id:
                    return item
        return None

    def section_index(self, item_id: str) -> int | None:
        for n, section in enumerate(self.sections):
            if any(item.id == item_id for item in section.items):
                return n
        return None

    def state(self, item_id: str) -> ItemState:
        return self.items.get(item_id) or ItemState()

    def _edit(self, item_id: str) -> ItemState:
        return self.items.setdefault(item_id, ItemState())

    def orphans(self) -> list[str]:
        """Ids with saved progress that the current checklist no longer has."""
        known = set(self.item_ids())
        return [i for i, s in self.items.items() if i not in known and not s.is_empty()]

    def orphan_text(self, item_id: str) -> str:
        """What a removed item said (kept when the checklist dropped it), else its id."""
        state = self.items.get(item_id)
        return (state.was if state is not None else "") or item_id

    # -- changes ----------------------------------------------------------------------------
    def tick(self, item_id: str, at: datetime, on: date | None = None) -> None:
        state = self._edit(item_id)
        state.state, state.at, state.on, state.reason = "done", at, on, ""
        item = self.find(item_id)
        if item is not None and item.repeat:
            state.completions.append(Completion(at, on))

    def untick(self, item_id: str) -> None:
        state = self._edit(item_id)
        if state.completions:
            state.completions.pop()
        if state.completions:
            last = state.completions[-1]
            state.state, state.at, state.on = "done", last.at, last.on
        else:
            state.state, state.at, state.on, state.reason = "open", None, None, ""
        state.was = ""

    def skip(self, item_id: str, at: datetime, reason: str = "") -> None:
        state = self._edit(item_id)
        state.state, state.at, state.on, state.reason = "skipped", at, None, reason

    def set_note(self, item_id: str, note: str) -> None:
        self._edit(item_id).note = note

    def add_log(self, item_id: str, entry: LogEntry) -> None:
        self._edit(item_id).log.append(entry)

    def seen(self, item_id: str) -> None:
        """The family has looked at an item reworded since they ticked it."""
        if item_id in self.items:
            self.items[item_id].was = ""

    def restore(self, item_id: str, state: ItemState | None) -> None:
        """Put back an item's saved state (an undo); None: as if never touched."""
        if state is None:
            self.items.pop(item_id, None)
        else:
            self.items[item_id] = copy.deepcopy(state)

    def add_own_item(self, section_index: int, item: ItemCopy) -> None:
        sections = list(self.sections)
        section = sections[section_index]
        sections[section_index] = dataclasses.replace(section, items=(*section.items, item))
        self.sections = tuple(sections)

    def replace_own_item(self, item: ItemCopy) -> None:
        self.sections = tuple(
            dataclasses.replace(
                s, items=tuple(item if (i.own and i.id == item.id) else i for i in s.items)
            )
            for s in self.sections
        )

    def remove_own_item(self, item_id: str) -> None:
        """Take back an own item; its progress goes with it."""
        self.sections = tuple(
            dataclasses.replace(
                s, items=tuple(i for i in s.items if not (i.own and i.id == item_id))
            )
            for s in self.sections
        )
        self.items.pop(item_id, None)

    def refresh(self, template: Template) -> bool:
        """Take a newer version of the checklist; progress carries over by item id.

        Returns True when the copy changed. Own items stay in their section (by title, else
        the first section that takes user items); progress of removed items stays in
        ``items`` and shows as "no longer in the checklist". An item reworded after the
        family ticked or skipped it keeps the old wording in ``was`` until they look at it.
        """
        if template == self.template:
            return False
        old_texts = {
            i.id: i.text for s in self.sections for i in s.items if not i.own and not i.plan
        }
        own_by_section = {s.title: [i for i in s.items if i.own] for s in self.sections}
        made = {s.title: [i for i in s.items if i.plan] for s in self.sections}
        # The items made from the plan stay in their section while it still takes them (the
        # child brings them up to date: see Child.sync_plan_items).
        sections = [
            dataclasses.replace(
                s, items=(*s.items, *(made.get(s.title, []) if s.from_plan else []))
            )
            for s in template.sections
        ]
        leftovers: list[ItemCopy] = []
        for title, own in own_by_section.items():
            if not own:
                continue
            index = next(
                (n for n, s in enumerate(sections) if s.title == title and s.user_items), None
            )
            if index is None:
                # An own item stays in the section it was added to, when that section remains
                # (user_items or not); otherwise it moves to a section that takes own items.
                index = next((n for n, s in enumerate(sections) if s.title == title), None)
            if index is None:
                leftovers += own
            else:
                sections[index] = dataclasses.replace(
                    sections[index], items=(*sections[index].items, *own)
                )
        if leftovers:
            index = next((n for n, s in enumerate(sections) if s.user_items), None)
            if index is None:
                sections.append(SectionCopy(OWN_SECTION, (), True))
                index = len(sections) - 1
            sections[index] = dataclasses.replace(
                sections[index], items=(*sections[index].items, *leftovers)
            )
        new_ids = {i.id for s in sections for i in s.items}
        for item_id, text in old_texts.items():
            state = self.items.get(item_id)
            # A removed item keeps its text with its progress: shown as "no longer in the
            # checklist" under its words, never only its id.
            if item_id not in new_ids and state is not None and not state.was:
                state.was = text
        for section in sections:
            for item in section.items:
                before = old_texts.get(item.id)
                state = self.items.get(item.id)
                if (
                    before is not None
                    and before != item.text
                    and state is not None
                    and state.state != "open"
                    and not state.was
                ):
                    state.was = before
        self.sections = tuple(sections)
        self.text, self.text_missing = "", False
        self.title, self.version, self.kind, self.origin = (
            template.title,
            template.version,
            template.kind,
            template.origin,
        )
        self.checklist = template.checklist
        return True


@dataclass(frozen=True)
class NoteLine:
    """A line of notes typed during a meeting, stamped with the moment Enter was pressed."""

    id: str
    at: datetime
    text: str


@dataclass
class Meeting:
    id: str
    date: date
    title: str
    kind: str = "ppt"
    time: str = ""
    notes: str = ""
    # The notes pad's lines, in the order they were typed (each one added, never rewritten).
    lines: list[NoteLine] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def agreed(self) -> str:
        """What was agreed: the notes, then the pad's lines without their times."""
        parts = [self.notes.strip(), *(line.text.strip() for line in self.lines)]
        return "\n".join(p for p in parts if p)

    def add_line(self, line: NoteLine) -> None:
        self.lines.append(line)
        self.lines.sort(key=lambda x: (x.at, x.id))


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
    born: date | None = None
    grade: str = ""
    # Overrides the profile's details, field by field.
    parent: ParentDetails = field(default_factory=ParentDetails)
    letters: list[SentLetter] = field(default_factory=list)
    communications: list[Communication] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    calendar: str = ""  # the id of the school calendar file the child's school follows
    # The language the child's letters are filled in by default ("" : English), when the
    # checklist has a translation into it: a family may write to the school in Spanish.
    letter_language: str = ""
    open: list[date] = field(default_factory=list)  # holidays this child's school is open
    # The same child on every copy of its file (shared, restored, synced): set when the file
    # is first written in format 3, never changed.
    uid: str = ""
    # The plans: at most one current, earlier ones (read only), a draft before a PPT.
    plans: list[Plan] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    # When each field last changed, and what was removed (path → stamp: see records.stamps),
    # and values both copies changed at once (kept beside the one shown): the store keeps
    # them; a merge reads them. Not part of what the child is (never compared).
    stamps: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    removed: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    conflicts: list[dict[str, str]] = field(default_factory=list, compare=False, repr=False)
    # The calendar file ``calendar`` names, found by the workspace (never saved).
    school_calendar: CalendarFile | None = field(default=None, compare=False, repr=False)

    def contact_log(self) -> list[Communication]:
        """Every contact with the school, oldest first: the log's entries and each letter sent
        (as an entry "via letter" made from the copy kept: one entry, not two)."""
        found = [*self.communications, *(letter_entry(x) for x in self.letters)]
        return sorted(found, key=lambda c: (c.day, c.added, c.id))

    def sent_letter(self, letter_id: str) -> SentLetter | None:
        return next((x for x in self.letters if x.id == letter_id), None)

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
        """Meeting and run ids in use (ids are drawn from one pool per child)."""
        return {m.id for m in self.meetings} | {r.id for r in self.runs}

    # -- the plan -------------------------------------------------------------------------------
    def current_plan(self) -> Plan | None:
        return next((p for p in self.plans if p.state == "current"), None)

    def draft_plan(self) -> Plan | None:
        drafts = [p for p in self.plans if p.state == "draft"]
        return max(drafts, key=lambda p: (p.added, p.id)) if drafts else None

    def previous_plan(self) -> Plan | None:
        """The plan before the current one: the one it was copied from, else the latest."""
        current = self.current_plan()
        earlier = [p for p in self.plans if p.state == "previous"]
        if current is not None and current.link:
            linked = next((p for p in earlier if p.id == current.link), None)
            if linked is not None:
                return linked
        return max(earlier, key=_plan_order) if earlier else None

    def plan_of(self, plan_id: str) -> Plan | None:
        return next((p for p in self.plans if p.id == plan_id), None)

    def put_plan(self, plan: Plan) -> None:
        """Add a plan, or replace the one with its id (plans are frozen)."""
        for n, p in enumerate(self.plans):
            if p.id == plan.id:
                self.plans[n] = plan
                break
        else:
            self.plans.append(plan)
            self.plans.sort(key=_plan_order)
        self.sync_plan_items()

    def sync_plan_items(self) -> None:
        """Each run's sections that list the plan's services or accommodations (``from_plan``)
        hold the current plan's entries as items ``plan-<id>``, the id of the entry's first
        original: the same item, with its ticks and log, from plan to plan."""
        plan = self.current_plan()
        first = roots(self.plans) if plan is not None else {}
        for run in self.runs:
            if not any(s.from_plan or any(i.plan for i in s.items) for s in run.sections):
                continue
            before = {i.id: i.text for s in run.sections for i in s.items if i.plan}
            sections = []
            for s in run.sections:
                kept = [i for i in s.items if not i.plan]
                if s.from_plan and plan is not None:
                    listed: list[tuple[str, str, datetime]] = []
                    if s.from_plan == "services":
                        listed = [(x.id, service_text(x), x.added) for x in plan.services]
                    elif s.from_plan == "accommodations":
                        listed = [
                            (x.id, accommodation_text(x), x.added) for x in plan.accommodations
                        ]
                    made = [
                        ItemCopy(
                            plan_item_id(first.get(entry_id, entry_id)),
                            text,
                            repeat=s.repeat or "weekly",
                            added=added,
                            plan=entry_id,
                        )
                        for entry_id, text, added in listed
                    ]
                    templates = [i for i in kept if not i.own]
                    kept = [*templates, *made, *(i for i in kept if i.own)]
                sections.append(dataclasses.replace(s, items=tuple(kept)))
            run.sections = tuple(sections)
            made_now = {i.id for s in run.sections for i in s.items if i.plan}
            # An entry gone from the plan keeps its progress with its words ("no longer in
            # the checklist"); back in the plan, it is an item again.
            for item_id, state in run.items.items():
                if item_id in made_now and state.was and item_id.startswith(PLAN_PREFIX):
                    state.was = ""
                elif item_id in before and item_id not in made_now and not state.is_empty():
                    state.was = state.was or before[item_id]

    # -- changes ----------------------------------------------------------------------------
    def add_meeting(self, meeting: Meeting) -> Meeting:
        self.meetings.append(meeting)
        self.sort_meetings()
        return meeting

    def sort_entries(self) -> None:
        """Every list in the order the app keeps it (after two copies were merged)."""
        self.plans.sort(key=_plan_order)
        self.sort_meetings()
        self.communications.sort(key=lambda c: (c.day, c.added, c.id))
        self.documents.sort(key=lambda d: (d.received, d.added, d.id))
        self.letters.sort(key=lambda x: (x.sent, x.at, x.id))
        self.runs.sort(key=lambda r: (r.started, r.id))
        self.closed.sort(key=lambda c: (c.start, c.end))
        self.open.sort()

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
        self, template: Template, run_id: str, started: date, meeting: str | None = None
    ) -> Run:
        run = Run.start(template, run_id, started, meeting)
        self.runs.append(run)
        self.sync_plan_items()
        return run

    def add_closed(self, start: date, end: date, label: str = "") -> None:
        if (start, end) not in {(c.start, c.end) for c in self.closed}:
            self.closed.append(ClosedRange(start, end, label, closed_id(start, end)))
            self.closed.sort(key=lambda c: c.start)


def _plan_order(plan: Plan) -> tuple[datetime, str]:
    return (plan.added, plan.id)


def closed_id(start: date, end: date) -> str:
    """A closed range's id: its dates, so two copies of a record name it alike."""
    return derived_id("k", start.isoformat(), end.isoformat())


def open_id(day: date) -> str:
    return derived_id("o", day.isoformat())
