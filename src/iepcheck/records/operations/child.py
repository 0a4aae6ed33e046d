"""Operations on the child: the profile, contacts, the school's closed days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from ...calendar.schooldays import ClosedRange
from ...i18n import N_, _
from .. import fields as F
from ..model import PLANS, Child, Contact, ParentDetails
from .base import Applied, Operation, RecordError, check_entry, checked


@dataclass(frozen=True)
class EditChild(Operation):
    """Change the child's profile (None: leave a field as it is). Only replayed from
    recovery files an earlier iepcheck wrote: edits are field by field now
    (:class:`~.edits.Edit`), and contacts are added and removed by id."""

    NAME: ClassVar[str] = "edit-child"
    LABEL: ClassVar[str] = N_("child edit")
    name: str | None = None
    plan: str | None = None
    school: str | None = None
    district: str | None = None
    # Replaces the contacts of these roles; one with no name, email or phone clears its role.
    contacts: tuple[Contact, ...] | None = None
    closed: tuple[ClosedRange, ...] | None = None  # replaces every closed range

    def apply(self, child: Child) -> Applied:
        if self.plan is not None and self.plan not in PLANS:
            raise RecordError(
                _("a plan is one of {value}, not {plan}").format(
                    value=", ".join(PLANS), plan=self.plan
                )
            )
        if self.name is not None and not self.name.strip():
            raise RecordError(_("a child needs a name"))
        for name in ("name", "school", "district"):
            if getattr(self, name) is not None:
                checked(F.CHILD[name], getattr(self, name))
        for contact in self.contacts or ():
            check_entry(F.CONTACT, contact)
        for r in self.closed or ():
            check_entry(F.CLOSED, r)
        undo = EditChild(
            child.name,
            child.plan,
            child.school,
            child.district,
            tuple(child.contacts) if self.contacts is not None else None,
            tuple(child.closed) if self.closed is not None else None,
        )
        for name in ("name", "plan", "school", "district"):
            value = getattr(self, name)
            if value is not None:
                setattr(child, name, value)
        if self.contacts is not None:
            roles = {c.role for c in self.contacts}
            child.contacts = [c for c in child.contacts if c.role not in roles]
            child.contacts += [c for c in self.contacts if c.name or c.email or c.phone]
        if self.closed is not None:
            child.closed = sorted(self.closed, key=lambda c: (c.start, c.end))
        return Applied(None, undo)


@dataclass(frozen=True)
class AddClosed(Operation):
    NAME: ClassVar[str] = "add-closed"
    LABEL: ClassVar[str] = N_("closed days")
    ranges: tuple[ClosedRange, ...]

    def apply(self, child: Child) -> Applied:
        for r in self.ranges:
            check_entry(F.CLOSED, r)
            if r.end < r.start:
                raise RecordError(_("closed days cannot end before they start"))
        have = {(c.start, c.end) for c in child.closed}
        added = tuple(r for r in self.ranges if (r.start, r.end) not in have)
        for r in added:
            child.add_closed(r.start, r.end, r.label)
        return Applied(len(added), RemoveClosed(added))


@dataclass(frozen=True)
class RemoveClosed(Operation):
    NAME: ClassVar[str] = "remove-closed"
    LABEL: ClassVar[str] = N_("closed days removal")
    ranges: tuple[ClosedRange, ...]

    def apply(self, child: Child) -> Applied:
        wanted = {(r.start, r.end) for r in self.ranges}
        removed = tuple(c for c in child.closed if (c.start, c.end) in wanted)
        child.closed = [c for c in child.closed if (c.start, c.end) not in wanted]
        return Applied(len(removed), AddClosed(removed))


@dataclass(frozen=True)
class SetDetails(Operation):
    """The child's birth date, grade and own parent details, all three as given. Only
    replayed from recovery files an earlier iepcheck wrote (see :class:`EditChild`)."""

    NAME: ClassVar[str] = "set-details"
    LABEL: ClassVar[str] = N_("child details")
    born: date | None
    grade: str
    parent: ParentDetails

    def apply(self, child: Child) -> Applied:
        checked(F.CHILD["born"], self.born)
        checked(F.CHILD["grade"], self.grade)
        check_entry(
            {k[len("parent_") :]: f for k, f in F.CHILD.items() if k.startswith("parent_")},
            self.parent,
        )
        undo = SetDetails(child.born, child.grade, child.parent)
        child.born, child.grade, child.parent = self.born, self.grade.strip(), self.parent
        return Applied(None, undo)


@dataclass(frozen=True)
class SetCalendar(Operation):
    """The school calendar file the child's school follows ('' for none)."""

    NAME: ClassVar[str] = "set-calendar"
    LABEL: ClassVar[str] = N_("school calendar")
    calendar: str

    def apply(self, child: Child) -> Applied:
        checked(F.CHILD["calendar"], self.calendar)
        before = child.calendar
        child.calendar = self.calendar
        return Applied(before, SetCalendar(before))


@dataclass(frozen=True)
class SetOpen(Operation):
    """Holidays the child's school is open: ``add`` them, or take them back."""

    NAME: ClassVar[str] = "set-open"
    LABEL: ClassVar[str] = N_("open days")
    days: tuple[date, ...]
    add: bool = True

    def apply(self, child: Child) -> Applied:
        for day in self.days:
            checked(F.CLOSED["start"], day)
        have = set(child.open)
        changed = tuple(d for d in self.days if (d not in have) == self.add)
        child.open = sorted(have | set(changed) if self.add else have - set(changed))
        return Applied(len(changed), SetOpen(changed, not self.add))


@dataclass(frozen=True)
class AddContact(Operation):
    """Add a contact at the school (its id drawn by the caller)."""

    NAME: ClassVar[str] = "add-contact"
    LABEL: ClassVar[str] = N_("new contact")
    contact: Contact

    def apply(self, child: Child) -> Applied:
        check_entry(F.CONTACT, self.contact)
        if not self.contact.id:
            raise RecordError(_("a contact needs an id"))
        if any(c.id == self.contact.id for c in child.contacts):
            raise RecordError(
                _("contact {contact_id} is already there").format(contact_id=self.contact.id)
            )
        child.contacts.append(self.contact)
        return Applied(self.contact.id, RemoveContact(self.contact.id))


@dataclass(frozen=True)
class RemoveContact(Operation):
    NAME: ClassVar[str] = "remove-contact"
    LABEL: ClassVar[str] = N_("contact removal")
    id: str

    def apply(self, child: Child) -> Applied:
        found = next((c for c in child.contacts if c.id == self.id), None)
        if found is None:
            raise RecordError(
                _("contact {id} is no longer in the child's record").format(id=self.id)
            )
        child.contacts.remove(found)
        return Applied(found, AddContact(found))
