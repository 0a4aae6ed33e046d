"""A run in the progress file: which checklist text it uses, the family's own items, and the
progress of each item (state, times, note, ticks, dated log).

From format 3 a run refers to its checklist's words in the text store
(:mod:`iepcheck.records.texts`) and keeps only what the family added; a format-2 run kept a
full copy of the words in ``sections`` and is still read.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any, cast

from ..checklists.positions import KeyPath
from .copies import item_doc, item_from_doc, section_doc, section_from_doc
from .model import (
    OWN_SECTION,
    STATES,
    Completion,
    ItemCopy,
    ItemState,
    LogEntry,
    Run,
    SectionCopy,
    State,
)
from .reading import Reader, extra_keys
from .texts import TextStore

RUN_KEYS = {"id", "checklist", "title", "version", "kind", "origin", "started", "meeting"}
RUN_KEYS |= {"archived", "detached", "sections", "items", "text", "own"}
STATE_KEYS = {"state", "at", "on", "reason", "note", "log", "completions", "was"}


def _drop_empty(table: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in table.items() if v not in ("", None, [], {}, (), False)}


def _with_extra(table: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    for key, value in extra.items():
        table.setdefault(key, value)
    return table


# -- writing --------------------------------------------------------------------------------------


def run_to_doc(run: Run, texts: TextStore | None) -> dict[str, Any]:
    """A run as format 3 writes it (``texts`` None: format 2, the words copied in)."""
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
    if texts is None:
        doc["sections"] = [section_doc(s) for s in run.sections]
    else:
        doc["text"] = run.text if run.text_missing else texts.put(run.template)
        own = [{"section": s.title, **item_doc(i)} for s in run.sections for i in s.items if i.own]
        if own:
            doc["own"] = own
    items = {i: state_to_doc(s) for i, s in run.items.items() if not s.is_empty()}
    if items:
        doc["items"] = items
    return _with_extra(doc, run.extra)


def state_to_doc(state: ItemState) -> dict[str, Any]:
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


# -- reading --------------------------------------------------------------------------------------


def run_from_doc(r: Reader, doc: dict[str, Any], w: KeyPath, texts: TextStore | None) -> Run:
    text = r.text_of(doc, "text", w)
    missing = False
    if text and texts is not None:
        template = texts.get(text)
        missing = template is None
        sections = template.sections if template is not None else ()
    else:
        sections = tuple(
            section_from_doc(r, s, (*w, "sections", n))
            for n, s in enumerate(r.tables(doc, "sections", w))
        )
    if text:
        sections = _with_own(r, sections, doc, w)
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
        extra=extra_keys(doc, RUN_KEYS),
        text=text,
        text_missing=missing,
    )
    items = r.get(doc, "items", dict, w, {})
    for item_id, entry in items.items():
        run.items[item_id] = state_from_doc(r, entry, (*w, "items", item_id))
    return run


def _with_own(
    r: Reader, sections: tuple[SectionCopy, ...], doc: dict[str, Any], w: KeyPath
) -> tuple[SectionCopy, ...]:
    """The checklist's sections with the family's own items put back in theirs (a section
    the text no longer has comes back at the end, so no own item is ever dropped)."""
    own = r.tables(doc, "own", w)
    if not own:
        return sections
    out = list(sections)
    for n, entry in enumerate(own):
        ow = (*w, "own", n)
        title = r.text_of(entry, "section", ow) or OWN_SECTION
        item = item_from_doc(r, entry, ow)
        if not item.own:
            item = ItemCopy(**{**vars(item), "own": True})
        index = next((k for k, s in enumerate(out) if s.title == title), None)
        if index is None:
            out.append(SectionCopy(title, (), True))
            index = len(out) - 1
        section = out[index]
        out[index] = dataclasses.replace(section, items=(*section.items, item))
    return tuple(out)


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
            at = c if c.utcoffset() is not None else c.astimezone()
            completions.append(Completion(at))
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
        extra=extra_keys(entry, STATE_KEYS),
    )
