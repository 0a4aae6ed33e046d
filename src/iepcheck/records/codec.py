"""The progress file's layout (format 3; formats 1 and 2 are read too): model ⇄ TOML document.

Reading is strict about what the app needs and lenient about the rest: a value of the wrong
type raises :class:`ProgressError` naming the key (and its line), while keys this iepcheck does
not know are kept and written back unchanged, so nothing a person or a newer iepcheck put in
the file is lost. Runs are in :mod:`iepcheck.records.runs_codec`; the checklists' words in the
text store (:mod:`iepcheck.records.texts`). ``docs/data-format.md`` describes the layout.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..calendar.schooldays import ClosedRange
from ..checklists.positions import KeyPath
from ..i18n import _
from .ids import derived_id
from .kinds import MEETING_KINDS
from .letters import PARENT_KEYS, ParentDetails, SentLetter
from .model import PLANS, Child, Contact, Meeting, NoteLine, closed_id, open_id
from .plans_codec import plan_from_doc, plan_to_doc
from .reading import ProgressError, Reader, extra_keys
from .record import Communication, Document
from .runs_codec import run_from_doc, run_to_doc, state_to_doc
from .stamps import is_stamp
from .texts import TextStore

FORMAT = 3
READS = (1, 2, 3)

CHILD_KEYS = {"format", "id", "name", "plan", "school", "district", "contacts", "closed"}
CHILD_KEYS |= {"meetings", "runs", "born", "grade", "parent", "letters", "calendar", "open"}
CHILD_KEYS |= {"communications", "documents", "uid", "stamps", "removed", "conflicts", "plans"}
CHILD_KEYS |= {"letter_language"}
MEETING_KEYS = {"id", "date", "title", "kind", "time", "notes", "lines"}

__all__ = ["FORMAT", "ProgressError", "child_from_doc", "child_to_doc", "state_to_doc"]


def _drop_empty(table: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in table.items() if v not in ("", None, [], {}, (), False)}


def _with_extra(table: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    for key, value in extra.items():
        table.setdefault(key, value)
    return table


def child_to_doc(child: Child, texts: TextStore) -> dict[str, Any]:
    """The child as format 3 writes it; the checklists' words its runs use go to ``texts``."""
    doc: dict[str, Any] = {"format": FORMAT, "id": child.id, "name": child.name, "plan": child.plan}
    doc.update(_drop_empty({"uid": child.uid, "school": child.school, "district": child.district}))
    if child.contacts:
        doc["contacts"] = [
            _drop_empty(
                {"id": c.id or contact_id(n, c), **{k: v for k, v in vars(c).items() if k != "id"}}
            )
            for n, c in enumerate(child.contacts)
        ]
    if child.closed:
        doc["closed"] = [
            _drop_empty(
                {
                    "id": c.id or closed_id(c.start, c.end),
                    "start": c.start,
                    "end": c.end,
                    "label": c.label,
                }
            )
            for c in child.closed
        ]
    if child.meetings:
        doc["meetings"] = [
            _with_extra(
                _drop_empty(
                    {
                        "id": m.id,
                        "date": m.date,
                        "title": m.title,
                        "kind": m.kind,
                        "time": m.time,
                        "notes": m.notes,
                        "lines": [{"id": x.id, "at": x.at, "text": x.text} for x in m.lines],
                    }
                ),
                m.extra,
            )
            for m in child.meetings
        ]
    if child.plans:
        doc["plans"] = [plan_to_doc(p) for p in child.plans]
    doc.update(_drop_empty({"born": child.born, "grade": child.grade, "calendar": child.calendar}))
    doc.update(_drop_empty({"letter_language": child.letter_language}))
    if child.open:
        doc["open"] = [{"id": open_id(day), "day": day} for day in sorted(child.open)]
    if not child.parent.is_empty():
        doc["parent"] = _drop_empty(vars(child.parent).copy())
    if child.runs:
        doc["runs"] = [run_to_doc(r, texts) for r in child.runs]
    if child.letters:
        # A letter sent in English says nothing of its language (as before there were others).
        doc["letters"] = [
            {k: v for k, v in _drop_empty(vars(x).copy()).items() if (k, v) != ("lang", "en")}
            for x in child.letters
        ]
    if child.communications:
        doc["communications"] = [_drop_empty(vars(x).copy()) for x in child.communications]
    if child.documents:
        doc["documents"] = [_drop_empty(vars(x).copy()) for x in child.documents]
    _with_extra(doc, child.extra)
    if child.stamps:
        doc["stamps"] = dict(sorted(child.stamps.items()))
    if child.removed:
        doc["removed"] = dict(sorted(child.removed.items()))
    if child.conflicts:
        doc["conflicts"] = list(child.conflicts)
    return doc


def contact_id(index: int, contact: Contact) -> str:
    """An id for a contact an older file kept without one: the same on every read."""
    return derived_id("p", index, contact.role, contact.name, contact.email, contact.phone)


def file_format(doc: dict[str, Any], path: Path) -> int:
    fmt = doc.get("format")
    if isinstance(fmt, bool) or not isinstance(fmt, int):
        raise ProgressError(path, _("not an iepcheck progress file (no 'format' number)"))
    if fmt > FORMAT:
        raise ProgressError(
            path,
            _(
                "written by a newer iepcheck (progress format {fmt}; this one reads up "
                "to {FORMAT}); update iepcheck to open it. The file was not changed."
            ).format(fmt=fmt, FORMAT=FORMAT),
        )
    if fmt not in READS:
        raise ProgressError(path, _("not a valid progress file: format is {fmt}").format(fmt=fmt))
    return fmt


def child_from_doc(
    doc: dict[str, Any],
    path: Path,
    child_id: str,
    text: str | None = None,
    texts: TextStore | None = None,
) -> Child:
    """The child a document describes. ``text``, when given, lets errors name their line;
    ``texts``: where a format-3 run's checklist words are kept."""
    file_format(doc, path)
    r = Reader(path, text)
    top: KeyPath = ()
    plan = r.text_of(doc, "plan", top) or "none"
    if plan not in PLANS:
        raise r.fail(("plan",), f"is '{plan}'")
    child = Child(
        id=child_id,
        name=r.text_of(doc, "name", top, required=True),
        plan=plan,
        school=r.text_of(doc, "school", top),
        district=r.text_of(doc, "district", top),
        uid=r.text_of(doc, "uid", top),
        extra=extra_keys(doc, CHILD_KEYS),
    )
    for i, c in enumerate(r.tables(doc, "contacts", top)):
        w: KeyPath = ("contacts", i)
        contact = Contact(
            r.text_of(c, "role", w),
            r.text_of(c, "name", w),
            r.text_of(c, "email", w),
            r.text_of(c, "phone", w),
            r.text_of(c, "id", w),
            r.text_of(c, "subject", w),
            r.text_of(c, "note", w),
        )
        if not contact.id:
            contact = dataclasses.replace(contact, id=contact_id(i, contact))
        child.contacts.append(contact)
    for i, c in enumerate(r.tables(doc, "closed", top)):
        w = ("closed", i)
        start = r.get(c, "start", date, w)
        end = r.get(c, "end", date, w, start)
        if end < start:
            raise r.fail(w, "ends before it starts")
        kept_id = r.text_of(c, "id", w) or closed_id(start, end)
        child.closed.append(ClosedRange(start, end, r.text_of(c, "label", w), kept_id))
    for i, m in enumerate(r.tables(doc, "meetings", top)):
        w = ("meetings", i)
        kind = r.text_of(m, "kind", w) or "other"
        if kind not in MEETING_KINDS:
            raise r.fail((*w, "kind"), f"is '{kind}'")
        child.meetings.append(
            Meeting(
                id=r.text_of(m, "id", w, required=True),
                date=r.get(m, "date", date, w),
                title=r.text_of(m, "title", w),
                kind=kind,
                time=r.text_of(m, "time", w),
                notes=r.text_of(m, "notes", w),
                lines=sorted(
                    (
                        NoteLine(
                            r.text_of(x, "id", (*w, "lines", k), required=True),
                            r.get(x, "at", datetime, (*w, "lines", k)),
                            r.text_of(x, "text", (*w, "lines", k)),
                        )
                        for k, x in enumerate(r.tables(m, "lines", w))
                    ),
                    key=lambda x: (x.at, x.id),
                ),
                extra=extra_keys(m, MEETING_KEYS),
            )
        )
    for i, run in enumerate(r.tables(doc, "runs", top)):
        child.runs.append(run_from_doc(r, run, ("runs", i), texts))
    child.born = r.get(doc, "born", date, top, None)
    child.calendar = r.text_of(doc, "calendar", top)
    for k, day in enumerate(r.get(doc, "open", list, top, [])):
        if isinstance(day, dict):  # format 3: {id, day}
            day = r.get(day, "day", date, ("open", k))
        if isinstance(day, datetime) or not isinstance(day, date):
            raise r.fail(("open", k), "should be a date")
        child.open.append(day)
    child.grade = r.text_of(doc, "grade", top)
    child.letter_language = r.text_of(doc, "letter_language", top)
    parent = r.get(doc, "parent", dict, top, {})
    child.parent = ParentDetails(*(r.text_of(parent, k, ("parent",)) for k in PARENT_KEYS))
    for i, x in enumerate(r.tables(doc, "letters", top)):
        w = ("letters", i)
        child.letters.append(
            SentLetter(
                id=r.text_of(x, "id", w, required=True),
                letter=r.text_of(x, "letter", w),
                title=r.text_of(x, "title", w),
                subject=r.text_of(x, "subject", w),
                body=r.text_of(x, "body", w),
                sent=r.get(x, "sent", date, w),
                at=r.get(x, "at", datetime, w),
                run=r.text_of(x, "run", w),
                item=r.text_of(x, "item", w),
                meeting=r.text_of(x, "meeting", w),
                follow_up=r.get(x, "follow_up", date, w, None),
                answered=r.get(x, "answered", date, w, None),
                said=r.text_of(x, "said", w),
                lang=r.text_of(x, "lang", w) or "en",
            )
        )
    for i, x in enumerate(r.tables(doc, "communications", top)):
        w = ("communications", i)
        child.communications.append(
            Communication(
                id=r.text_of(x, "id", w, required=True),
                day=r.get(x, "day", date, w),
                text=r.text_of(x, "text", w),
                added=r.get(x, "added", datetime, w),
                with_whom=r.text_of(x, "with_whom", w),
                via=r.text_of(x, "via", w),
                follow_up=r.get(x, "follow_up", date, w, None),
                answered=r.get(x, "answered", date, w, None),
                said=r.text_of(x, "said", w),
            )
        )
    for i, x in enumerate(r.tables(doc, "documents", top)):
        w = ("documents", i)
        child.documents.append(
            Document(
                id=r.text_of(x, "id", w, required=True),
                kind=r.text_of(x, "kind", w) or "other",
                received=r.get(x, "received", date, w),
                added=r.get(x, "added", datetime, w),
                dated=r.get(x, "dated", date, w, None),
                requested=r.get(x, "requested", date, w, None),
                meeting=r.text_of(x, "meeting", w),
                note=r.text_of(x, "note", w),
                file=r.text_of(x, "file", w),
            )
        )
    for i, x in enumerate(r.tables(doc, "plans", top)):
        child.plans.append(plan_from_doc(r, x, ("plans", i)))
    child.plans.sort(key=lambda p: (p.added, p.id))
    child.sync_plan_items()
    child.stamps = _stamp_table(r, doc, "stamps")
    child.removed = _stamp_table(r, doc, "removed")
    for i, x in enumerate(r.tables(doc, "conflicts", top)):
        w = ("conflicts", i)
        child.conflicts.append({k: r.text_of(x, k, w) for k in ("path", "kept", "other")})
    return child


def _stamp_table(r: Reader, doc: dict[str, Any], key: str) -> dict[str, str]:
    table = r.get(doc, key, dict, (), {})
    for path, stamp in table.items():
        if not is_stamp(stamp):
            raise r.fail((key, path), "is not a change stamp")
    return dict(table)
