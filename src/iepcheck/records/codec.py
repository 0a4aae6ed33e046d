"""The progress file's layout (format 2; format 1 is read too): model ⇄ TOML document.

Reading is strict about what the app needs and lenient about the rest: a value of the wrong
type raises :class:`ProgressError` naming the key (and its line), while keys this iepcheck does
not know are kept and written back unchanged, so nothing a person or a newer iepcheck put in
the file is lost. ``docs/data-format.md`` describes the layout.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

from ..calendar.schooldays import ClosedRange
from ..checklists.model import Source
from ..checklists.positions import KeyPath, Positions
from ..clock import FIRST_YEAR, LAST_YEAR, in_range
from .kinds import MEETING_KINDS
from .letters import PARENT_KEYS, ParentDetails, SentLetter
from .model import (
    PLANS,
    STATES,
    Child,
    Completion,
    Contact,
    ItemCopy,
    ItemState,
    LogEntry,
    Meeting,
    Run,
    SectionCopy,
    State,
)
from .record import Communication, Document

FORMAT = 2
READS = (1, 2)

CHILD_KEYS = {"format", "id", "name", "plan", "school", "district", "contacts", "closed"}
CHILD_KEYS |= {"meetings", "runs", "born", "grade", "parent", "letters", "calendar", "open"}
CHILD_KEYS |= {"communications", "documents"}
MEETING_KEYS = {"id", "date", "title", "kind", "time", "notes"}
RUN_KEYS = {"id", "checklist", "title", "version", "kind", "origin", "started", "meeting"}
RUN_KEYS |= {"archived", "detached", "sections", "items"}
STATE_KEYS = {"state", "at", "on", "reason", "note", "log", "completions", "was"}


class ProgressError(Exception):
    """A progress file that cannot be used: says which file and why (and where)."""

    def __init__(self, path: Path, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {reason}")


# -- writing --------------------------------------------------------------------------------------


def _drop_empty(table: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in table.items() if v not in ("", None, [], {}, (), False)}


def _with_extra(table: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    for key, value in extra.items():
        table.setdefault(key, value)
    return table


def child_to_doc(child: Child) -> dict[str, Any]:
    doc: dict[str, Any] = {"format": FORMAT, "id": child.id, "name": child.name, "plan": child.plan}
    doc.update(_drop_empty({"school": child.school, "district": child.district}))
    if child.contacts:
        doc["contacts"] = [_drop_empty(vars(c).copy()) for c in child.contacts]
    if child.closed:
        doc["closed"] = [_drop_empty(vars(c).copy()) for c in child.closed]
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
                    }
                ),
                m.extra,
            )
            for m in child.meetings
        ]
    doc.update(_drop_empty({"born": child.born, "grade": child.grade}))
    doc.update(_drop_empty({"calendar": child.calendar, "open": sorted(child.open)}))
    if not child.parent.is_empty():
        doc["parent"] = _drop_empty(vars(child.parent).copy())
    if child.runs:
        doc["runs"] = [_run_to_doc(r) for r in child.runs]
    if child.letters:
        doc["letters"] = [_drop_empty(vars(x).copy()) for x in child.letters]
    if child.communications:
        doc["communications"] = [_drop_empty(vars(x).copy()) for x in child.communications]
    if child.documents:
        doc["documents"] = [_drop_empty(vars(x).copy()) for x in child.documents]
    return _with_extra(doc, child.extra)


def _item_copy_to_doc(item: ItemCopy) -> dict[str, Any]:
    return _drop_empty(
        {
            "id": item.id,
            "text": item.text,
            "details": item.details,
            "due": item.due,
            "repeat": item.repeat,
            "leans": item.leans,
            "sources": [{"title": s.title, "url": s.url} for s in item.sources],
            "own": item.own,
            "added": item.added,
            "letter": item.letter,
            "tally": item.tally,
            "tally_alert": item.tally_alert,
            "document": item.document,
        }
    )


def _state_to_doc(state: ItemState) -> dict[str, Any]:
    entry = _drop_empty(
        {
            "state": state.state,
            "at": state.at,
            "on": state.on,
            "reason": state.reason,
            "note": state.note,
            "was": state.was,
            "completions": [
                c.at if c.on is None else {"at": c.at, "on": c.on} for c in state.completions
            ],
        }
    )
    if state.log:
        entry["log"] = [
            _drop_empty(
                {
                    "id": e.id,
                    "day": e.day,
                    "text": e.text,
                    "added": e.added,
                    "where": e.where,
                    "told": e.told,
                    "told_on": e.told_on,
                    "until": e.until,
                }
            )
            for e in state.log
        ]
    return _with_extra(entry, state.extra)


def state_to_doc(state: ItemState | None) -> dict[str, Any] | None:
    """An item's state as a table (for operations that keep one to restore it)."""
    return None if state is None else _state_to_doc(state)


def _run_to_doc(run: Run) -> dict[str, Any]:
    doc = _drop_empty(
        {
            "id": run.id,
            "checklist": run.checklist,
            "title": run.title,
            "version": run.version,
            "kind": run.kind,
            "origin": run.origin,
            "started": run.started,
            "meeting": run.meeting,
            "archived": run.archived,
            "detached": run.detached,
        }
    )
    doc["sections"] = [section_to_doc(s) for s in run.sections]
    items = {i: _state_to_doc(s) for i, s in run.items.items() if not s.is_empty()}
    if items:
        doc["items"] = items
    return _with_extra(doc, run.extra)


def section_to_doc(section: SectionCopy) -> dict[str, Any]:
    return _drop_empty(
        {
            "title": section.title,
            "user_items": section.user_items,
            "repeat": section.repeat,
            "items": [_item_copy_to_doc(i) for i in section.items],
        }
    )


# -- reading --------------------------------------------------------------------------------------

_TYPE_WORDS = {
    bool: "true or false",
    int: "a whole number",
    str: "text",
    list: "a list",
    dict: "a table",
    date: "a date",
    datetime: "a date and time",
}


def _kind_word(value: Any) -> str:
    if isinstance(value, datetime):
        return "a date and time"
    for kind, word in _TYPE_WORDS.items():
        if isinstance(value, kind):
            return word
    return type(value).__name__


class Reader:
    """Reads a parsed progress document, raising ProgressError at the first bad value."""

    def __init__(self, path: Path, text: str | None = None) -> None:
        self.path = path
        self.text = text
        self._positions: Positions | None = None

    def _line(self, where: KeyPath) -> int | None:
        if self.text is None:
            return None
        if self._positions is None:
            self._positions = Positions(self.text)
        line, _ = self._positions.find(where)
        return line

    def fail(self, where: KeyPath, what: str) -> ProgressError:
        name = _dotted(where)
        return ProgressError(
            self.path, f"not a valid progress file: {name} {what}", self._line(where)
        )

    def get(self, table: Any, key: str, kind: type, where: KeyPath, default: Any = ...) -> Any:
        if not isinstance(table, dict):
            raise self.fail(where, "is not a table")
        if key not in table:
            if default is ...:
                raise self.fail((*where, key), "is missing")
            return default
        value = table[key]
        wrong = (
            (isinstance(value, bool) and kind is not bool)
            or not isinstance(value, kind)
            or (kind is date and isinstance(value, datetime))
        )
        if wrong:
            raise self.fail(
                (*where, key),
                f"should be {_TYPE_WORDS.get(kind, kind.__name__)}, not {_kind_word(value)}",
            )
        if isinstance(value, date) and not in_range(value):
            raise self.fail(
                (*where, key),
                f"holds {value.isoformat()}, outside the years {FIRST_YEAR}-{LAST_YEAR}",
            )
        return value

    def text_of(self, table: Any, key: str, where: KeyPath, required: bool = False) -> str:
        value: str = self.get(table, key, str, where, ... if required else "")
        return value

    def tables(self, table: Any, key: str, where: KeyPath) -> list[dict[str, Any]]:
        value: list[dict[str, Any]] = self.get(table, key, list, where, [])
        for i, entry in enumerate(value):
            if not isinstance(entry, dict):
                raise self.fail((*where, key, i), "is not a table")
        return value


def _dotted(where: KeyPath) -> str:
    out = ""
    for part in where:
        if isinstance(part, int):
            out += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z0-9_-]+", part):
            out += f".{part}" if out else part
        else:
            out += f'."{part}"' if out else f'"{part}"'
    return out or "the file"


def _extra(table: dict[str, Any], known: set[str]) -> dict[str, Any]:
    return {k: v for k, v in table.items() if k not in known}


def file_format(doc: dict[str, Any], path: Path) -> int:
    fmt = doc.get("format")
    if isinstance(fmt, bool) or not isinstance(fmt, int):
        raise ProgressError(path, "not an iepcheck progress file (no 'format' number)")
    if fmt > FORMAT:
        raise ProgressError(
            path,
            f"written by a newer iepcheck (progress format {fmt}; this one reads up to "
            f"{FORMAT}); update iepcheck to open it. The file was not changed.",
        )
    if fmt not in READS:
        raise ProgressError(path, f"not a valid progress file: format is {fmt}")
    return fmt


def child_from_doc(
    doc: dict[str, Any], path: Path, child_id: str, text: str | None = None
) -> Child:
    """The child a document describes. ``text``, when given, lets errors name their line."""
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
        extra=_extra(doc, CHILD_KEYS),
    )
    for i, c in enumerate(r.tables(doc, "contacts", top)):
        w: KeyPath = ("contacts", i)
        child.contacts.append(
            Contact(
                r.text_of(c, "role", w),
                r.text_of(c, "name", w),
                r.text_of(c, "email", w),
                r.text_of(c, "phone", w),
            )
        )
    for i, c in enumerate(r.tables(doc, "closed", top)):
        w = ("closed", i)
        start = r.get(c, "start", date, w)
        end = r.get(c, "end", date, w, start)
        if end < start:
            raise r.fail(w, "ends before it starts")
        child.closed.append(ClosedRange(start, end, r.text_of(c, "label", w)))
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
                extra=_extra(m, MEETING_KEYS),
            )
        )
    for i, run in enumerate(r.tables(doc, "runs", top)):
        child.runs.append(_run_from_doc(r, run, ("runs", i)))
    child.born = r.get(doc, "born", date, top, None)
    child.calendar = r.text_of(doc, "calendar", top)
    for k, day in enumerate(r.get(doc, "open", list, top, [])):
        if isinstance(day, datetime) or not isinstance(day, date):
            raise r.fail(("open", k), "should be a date")
        child.open.append(day)
    child.grade = r.text_of(doc, "grade", top)
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
    return child


def _sources(r: Reader, table: dict[str, Any], w: KeyPath) -> tuple[Source, ...]:
    found = []
    for k, s in enumerate(r.tables(table, "sources", w)):
        sw = (*w, "sources", k)
        found.append(Source(r.text_of(s, "title", sw), r.text_of(s, "url", sw)))
    return tuple(found)


def section_from_doc(r: Reader, s: dict[str, Any], sw: KeyPath) -> SectionCopy:
    items = []
    for i_i, it in enumerate(r.tables(s, "items", sw)):
        iw = (*sw, "items", i_i)
        items.append(
            ItemCopy(
                id=r.text_of(it, "id", iw, required=True),
                text=r.text_of(it, "text", iw),
                details=r.text_of(it, "details", iw),
                due=r.text_of(it, "due", iw),
                repeat=r.text_of(it, "repeat", iw),
                leans=r.text_of(it, "leans", iw),
                sources=_sources(r, it, iw),
                own=r.get(it, "own", bool, iw, False),
                added=r.get(it, "added", datetime, iw, None),
                letter=r.text_of(it, "letter", iw),
                tally=r.text_of(it, "tally", iw),
                tally_alert=r.get(it, "tally_alert", int, iw, 0),
                document=r.text_of(it, "document", iw),
            )
        )
    return SectionCopy(
        title=r.text_of(s, "title", sw),
        items=tuple(items),
        user_items=r.get(s, "user_items", bool, sw, False),
        repeat=r.text_of(s, "repeat", sw),
    )


def _run_from_doc(r: Reader, doc: dict[str, Any], w: KeyPath) -> Run:
    sections = tuple(
        section_from_doc(r, s, (*w, "sections", n))
        for n, s in enumerate(r.tables(doc, "sections", w))
    )
    run = Run(
        id=r.text_of(doc, "id", w, required=True),
        checklist=r.text_of(doc, "checklist", w, required=True),
        title=r.text_of(doc, "title", w),
        version=r.get(doc, "version", int, w, 0),
        kind=r.text_of(doc, "kind", w) or "meeting",
        origin=r.text_of(doc, "origin", w),
        sections=sections,
        started=r.get(doc, "started", date, w),
        meeting=r.text_of(doc, "meeting", w) or None,
        archived=r.get(doc, "archived", bool, w, False),
        detached=r.get(doc, "detached", bool, w, False),
        extra=_extra(doc, RUN_KEYS),
    )
    items = r.get(doc, "items", dict, w, {})
    for item_id, entry in items.items():
        run.items[item_id] = state_from_doc(r, entry, (*w, "items", item_id))
    return run


def state_from_doc(r: Reader, entry: Any, iw: KeyPath) -> ItemState:
    state = r.text_of(entry, "state", iw) or "open"
    if state not in STATES:
        raise r.fail((*iw, "state"), f"is '{state}'")
    log = []
    for k, e in enumerate(r.tables(entry, "log", iw)):
        lw = (*iw, "log", k)
        log.append(
            LogEntry(
                id=r.text_of(e, "id", lw) or f"l{k + 1}",
                day=r.get(e, "day", date, lw),
                text=r.text_of(e, "text", lw),
                added=r.get(e, "added", datetime, lw),
                where=r.text_of(e, "where", lw),
                told=r.text_of(e, "told", lw),
                told_on=r.get(e, "told_on", date, lw, None),
                until=r.get(e, "until", date, lw, None),
            )
        )
    completions = []
    for k, c in enumerate(r.get(entry, "completions", list, iw, [])):
        cw = (*iw, "completions", k)
        if isinstance(c, datetime):
            completions.append(Completion(c))
        elif isinstance(c, dict):
            completions.append(
                Completion(r.get(c, "at", datetime, cw), r.get(c, "on", date, cw, None))
            )
        else:
            raise r.fail(cw, "should be a date and time")
    return ItemState(
        state=cast(State, state),
        at=r.get(entry, "at", datetime, iw, None),
        on=r.get(entry, "on", date, iw, None),
        reason=r.text_of(entry, "reason", iw),
        note=r.text_of(entry, "note", iw),
        log=log,
        completions=completions,
        was=r.text_of(entry, "was", iw),
        extra=_extra(entry, STATE_KEYS),
    )
