"""The communication log and documents received: building the changes both front ends make."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from typing import Protocol, TypeVar

from ..i18n import N_, _
from ..records.ids import short_id
from ..records.kinds import DOC_KINDS, DOC_NAMES, VIA
from ..records.model import Child
from ..records.operations import (
    Change,
    DropCommunication,
    DropDocument,
    Edit,
    ForgetLetter,
    Operation,
    PutCommunication,
    PutDocument,
    between,
)
from ..records.record import Communication, Document
from ..reports.words import via_text
from ..textsafe import clean_line
from .children import check_text
from .dates import parse_day
from .errors import InputError, ServiceError, did_you_mean
from .finding import find_meeting
from .workspace import Workspace

MAX_TEXT = 5000


def via_of(text: str) -> str:
    """A way of contact as the record keeps it ("email"), typed as the file says it or as
    the app says it in the user's language ("correo electrónico")."""
    via = " ".join(text.strip().lower().split())
    said = {via_name(v).casefold(): v for v in VIA}
    if via and via not in VIA and via not in said:
        raise InputError(
            _("'{text}' is not a way of contact: use one of {value}").format(
                text=clean_line(text), value=", ".join(via_name(v) for v in VIA)
            )
        )
    return said.get(via, via)


def via_name(via: str) -> str:
    """A way of contact in the user's language ("email" → "correo electrónico")."""
    return via_text(via).strip()[1:-1]


def kind_of(text: str) -> str:
    """A kind of document as typed: its id (504-plan), or its name ("504 plan", "Prior
    Written Notice"), whatever the case, spaces, hyphens or underscores."""
    said = " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())
    for kind in DOC_KINDS:
        if said in (kind.replace("-", " "), DOC_NAMES.get(kind, "").lower()):
            return kind
    hint = did_you_mean(said.replace(" ", "-"), DOC_KINDS)
    raise InputError(
        _("'{text}' is not a kind of document.{hint} Kinds: {value}").format(
            text=clean_line(text), hint=hint, value=", ".join(DOC_KINDS)
        )
    )


def _text(value: str, what: str, required: bool = False) -> str:
    text = " ".join(line.strip() for line in value.splitlines() if line.strip())
    text = check_text(text, what)
    if required and not text:
        raise InputError(_("{what} is empty: say what was said or asked").format(what=what))
    if len(text) > MAX_TEXT:
        raise InputError(
            _("{what} is longer than {MAX_TEXT} characters").format(what=what, MAX_TEXT=MAX_TEXT)
        )
    return text


def _day(text: str | None, workspace: Workspace, what: str, past: bool = False) -> date | None:
    if text is None or not text.strip():
        return None
    return parse_day(text, today=workspace.clock.today(), what=what, past_only=past)


def communication(
    workspace: Workspace,
    child: Child,
    text: str,
    *,
    with_whom: str = "",
    via: str = "",
    on: str | None = None,
    follow_up: str | None = None,
) -> PutCommunication:
    """A new entry of the communication log."""
    day = _day(on, workspace, "--on", past=True) or workspace.clock.today()
    follow = _day(follow_up, workspace, "--follow-up")
    if follow is not None and follow < day:
        raise InputError(
            _("--follow-up {follow} is before the day of the contact ({day})").format(
                follow=follow, day=day
            )
        )
    entry = Communication(
        short_id({c.id for c in child.communications}, prefix="c"),
        day,
        _text(text, "the entry", required=True),
        workspace.clock.now(),
        _text(with_whom, "--with"),
        via_of(via),
        follow,
    )
    return PutCommunication(entry)


class _Entry(Protocol):
    @property
    def id(self) -> str: ...


E = TypeVar("E", bound=_Entry)


def _find(entries: Sequence[E], wanted: str, child: Child, missing: str) -> E:
    """The entry whose id the user gave, or ``missing`` (marked, untranslated) listing the ids
    there are."""
    found = next((e for e in entries if e.id == wanted.strip()), None)
    if found is None:
        ids = ", ".join(e.id for e in entries) or _("none")
        raise ServiceError(_(missing).format(wanted=clean_line(wanted), child_id=child.id, ids=ids))
    return found


def find_communication(child: Child, entry_id: str) -> Communication:
    """An entry of the log, a letter sent among them (see :meth:`Child.contact_log`)."""
    return _find(
        child.contact_log(),
        entry_id,
        child,
        N_("no log entry '{wanted}' for {child_id}; entries: {ids}"),
    )


def _target(child: Child, entry: Communication) -> str:
    """What an :class:`Edit` of this log entry changes: the entry, or the letter it shows."""
    return "letter" if child.sent_letter(entry.id) is not None else "communication"


def edit_communication(
    workspace: Workspace, child: Child, entry_id: str, **changes: str | None
) -> Edit | None:
    """The fields the user changed (only those: another session's change to any other field
    stays); None when nothing changes."""
    old = find_communication(child, entry_id)
    if _target(child, old) == "letter":
        given = [k for k, v in changes.items() if v is not None and k != "follow_up"]
        if given:
            raise InputError(
                _(
                    "log entry {old_id} is a letter sent, kept as it went out: only its "
                    "--follow-up date changes (its answer: iepcheck log answered)"
                ).format(old_id=old.id)
            )
    new = old
    if changes.get("text") is not None:
        new = dataclasses.replace(new, text=_text(changes["text"] or "", "the entry", True))
    if changes.get("with_whom") is not None:
        new = dataclasses.replace(new, with_whom=_text(changes["with_whom"] or "", "--with"))
    if changes.get("via") is not None:
        new = dataclasses.replace(new, via=via_of(changes["via"] or ""))
    if changes.get("on") is not None:
        new = dataclasses.replace(new, day=_day(changes["on"], workspace, "--on", True) or old.day)
    if changes.get("follow_up") is not None:
        new = dataclasses.replace(
            new, follow_up=_day(changes["follow_up"], workspace, "--follow-up")
        )
    if new.follow_up is not None and new.follow_up < new.day:
        raise InputError(
            _("--follow-up {follow_up} is before the day of the contact ({day})").format(
                follow_up=new.follow_up, day=new.day
            )
        )
    return between(_target(child, old), old.id, old, new)


def answered(
    workspace: Workspace, child: Child, entry_id: str, on: str | None, said: str | None = None
) -> Edit:
    """The school answered, on ``on`` (default: today), saying ``said`` when the user wrote
    it down (None: what was written before stays). A letter's answer is kept on the letter."""
    old = find_communication(child, entry_id)
    day = _day(on, workspace, "--on", past=True) or workspace.clock.today()
    if day < old.day:
        raise InputError(
            _("--on {day} is before the day of the contact ({day2})").format(day=day, day2=old.day)
        )
    changes = [Change("answered", day, old.answered)]
    if said is not None:
        changes.append(Change("said", _text(said, "--said"), old.said))
    return Edit(_target(child, old), old.id, tuple(changes))


def remove_communication(child: Child, entry_id: str) -> Operation:
    """An entry out of the log; a letter sent, out of the record (its copy with it)."""
    entry = find_communication(child, entry_id)
    if _target(child, entry) == "letter":
        return ForgetLetter(entry.id)
    return DropCommunication(entry.id)


def document(
    workspace: Workspace,
    child: Child,
    kind: str,
    *,
    received: str,
    dated: str | None = None,
    requested: str | None = None,
    meeting: str | None = None,
    note: str = "",
    file: str = "",
) -> PutDocument:
    """A document the parent received."""
    day = _day(received, workspace, "--received", past=True)
    if day is None:
        raise InputError(_("--received: give the date it arrived, like 2026-11-20"))
    meeting_id = find_meeting(child, meeting).id if meeting else ""
    return PutDocument(
        Document(
            short_id({d.id for d in child.documents}, prefix="d"),
            kind_of(kind),
            day,
            workspace.clock.now(),
            _day(dated, workspace, "--dated"),
            _day(requested, workspace, "--requested", past=True),
            meeting_id,
            _text(note, "--note"),
            _text(file, "--file"),
        )
    )


def find_document(child: Child, doc_id: str) -> Document:
    return _find(
        child.documents,
        doc_id,
        child,
        N_("no document '{wanted}' for {child_id}; documents: {ids}"),
    )


def edit_document(
    workspace: Workspace, child: Child, doc_id: str, **changes: str | None
) -> Edit | None:
    """The fields the user changed, only those (None when nothing changes)."""
    old = find_document(child, doc_id)
    new = old
    if changes.get("kind") is not None:
        new = dataclasses.replace(new, kind=kind_of(changes["kind"] or ""))
    if changes.get("received") is not None:
        day = _day(changes["received"], workspace, "--received", True)
        if day is None:
            raise InputError(_("--received cannot be cleared: a document arrived on a day"))
        new = dataclasses.replace(new, received=day)
    if changes.get("dated") is not None:
        new = dataclasses.replace(new, dated=_day(changes["dated"], workspace, "--dated"))
    if changes.get("requested") is not None:
        new = dataclasses.replace(
            new, requested=_day(changes["requested"], workspace, "--requested", True)
        )
    if changes.get("meeting") is not None:
        m = changes["meeting"] or ""
        new = dataclasses.replace(new, meeting=find_meeting(child, m).id if m else "")
    if changes.get("note") is not None:
        new = dataclasses.replace(new, note=_text(changes["note"] or "", "--note"))
    if changes.get("file") is not None:
        new = dataclasses.replace(new, file=_text(changes["file"] or "", "--file"))
    return between("document", old.id, old, new)


def remove_document(child: Child, doc_id: str) -> DropDocument:
    return DropDocument(find_document(child, doc_id).id)
