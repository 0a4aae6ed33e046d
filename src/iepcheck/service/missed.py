"""Missed accommodations and services from the command line: which item a missed day goes on,
the entry, its edits and removal, and the list (the same log entries the app's ``l`` writes).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..i18n import _
from ..records.ids import short_id
from ..records.model import Child, LogEntry, Run
from ..records.operations import AddLog, Edit, RemoveLog, between
from ..records.operations.edits import log_id
from ..records.plans import plan_item_id, roots
from ..reports.words import missed_words
from ..textsafe import clean_line
from .children import check_text
from .dates import parse_day
from .errors import InputError, ServiceError
from .runs import check_item, pick_run
from .workspace import Workspace

LOG_ITEM = "log-missed-weekly"  # the bundled monitoring checklists' item for missed days
MAX_TEXT = 5000


@dataclass(frozen=True)
class Missed:
    """One missed accommodation or service: the entry, and the run and item it is on."""

    run: Run
    item: str
    entry: LogEntry

    @property
    def ref(self) -> str:
        return log_id(self.run.id, self.item, self.entry)


def monitoring_runs(child: Child) -> list[Run]:
    """The child's running monitoring checklists (kind ``ongoing``)."""
    return [r for r in child.runs if r.kind == "ongoing" and not r.detached and not r.archived]


def _name(run: Run, item_id: str) -> str:
    return f"{run.checklist}/{item_id}"


def find_item(workspace: Workspace, child: Child, wanted: str | None) -> tuple[Run, str]:
    """The run and item a missed day goes on: ``CHECKLIST/ITEM``; a plan's service or
    accommodation (``plan-ID``, the plan entry's id, or its words); else the running
    monitoring checklist's log item. Several candidates: refused, naming them."""
    running = monitoring_runs(child)
    if wanted is None:
        found = [(r, LOG_ITEM) for r in running if r.find(LOG_ITEM) is not None]
        if not found:
            raise ServiceError(
                _(
                    "{child_id} has no running monitoring checklist with a log of missed "
                    "days; start one (iepcheck start {child_id} ct-504-monitoring, or "
                    "ct-iep-monitoring) or name the item with --item CHECKLIST/ITEM"
                ).format(child_id=child.id)
            )
        return _one(found, wanted or "")
    text = wanted.strip()
    if "/" in text:
        checklist, _sep, item_id = text.partition("/")
        run = pick_run(child, checklist.strip(), None, workspace.clock.today())
        check_item(workspace, run, item_id.strip())
        return run, item_id.strip()
    plan = child.current_plan()
    first = roots(child.plans) if plan is not None else {}
    item_ids = {text, plan_item_id(first.get(text, text))}
    found = [(r, i) for r in running for i in item_ids if r.find(i) is not None]
    if not found:  # the words of a service or accommodation ("speech")
        said = text.casefold()
        found = [
            (r, i.id)
            for r in running
            for s in r.sections
            for i in s.items
            if (i.plan or i.own) and said in i.text.casefold()
        ]
    if not found:
        listed = sorted(
            {
                f"{i.id} ({clean_line(i.text)})"
                for r in running
                for s in r.sections
                for i in s.items
                if i.plan
            }
        )
        known = f" The plan's items: {', '.join(listed)}." if listed else ""
        raise ServiceError(
            _(
                "no item '{text}' in {child_id}'s running monitoring checklists; name it "
                "as CHECKLIST/ITEM.{known}"
            ).format(text=clean_line(text), child_id=child.id, known=known)
        )
    return _one(found, text)


def _one(found: list[tuple[Run, str]], wanted: str) -> tuple[Run, str]:
    unique = list(dict.fromkeys((r.id, i) for r, i in found))
    if len(unique) == 1:
        return found[0]
    names = []
    for run, item_id in found:
        item = run.find(item_id)
        words = f" ({clean_line(item.text)})" if item is not None and item.plan else ""
        names.append(f"{_name(run, item_id)}{words}")
    if wanted:
        said = _("'{wanted}' fits {count} items: {value}; say which with --item CHECKLIST/ITEM")
    else:
        said = _(
            "there are {count} running monitoring checklists with a log of missed days: "
            "{value}; say which with --item CHECKLIST/ITEM"
        )
    raise ServiceError(
        said.format(wanted=clean_line(wanted), count=len(unique), value=", ".join(names))
    )


def _text(value: str, what: str) -> str:
    text = " ".join(line.strip() for line in value.splitlines() if line.strip())
    text = check_text(text, what)
    if len(text) > MAX_TEXT:
        raise InputError(
            _("{what} is longer than {MAX_TEXT} characters").format(what=what, MAX_TEXT=MAX_TEXT)
        )
    return text


def _optional_day(text: str | None, today: date, what: str, past: bool) -> date | None:
    if text is None or text.strip().casefold() in ("", "none"):
        return None
    return parse_day(text, today=today, what=what, past_only=past)


def add(
    workspace: Workspace,
    child: Child,
    text: str,
    *,
    on: str,
    item: str | None = None,
    where: str = "",
    told: str = "",
    told_on: str | None = None,
    until: str | None = None,
) -> tuple[AddLog, Run]:
    """A missed day (or days, ``until``) logged on its item: the change and the run."""
    today = workspace.clock.today()
    day = parse_day(on, today=today, what="--on", past_only=True)
    said = _text(text, "what happened")
    if not said:
        raise InputError(_("say what happened: the text is empty"))
    last = _optional_day(until, today, "--until", past=False)
    if last is not None and last < day:
        raise InputError(
            _("--until {last} is before --on {day}").format(
                last=last.isoformat(), day=day.isoformat()
            )
        )
    told_day = _optional_day(told_on, today, "--told-on", past=True)
    run, item_id = find_item(workspace, child, item)
    taken = {e.id for r in child.runs for s in r.items.values() for e in s.log}
    entry = LogEntry(
        short_id(taken, prefix="l"),
        day,
        said,
        workspace.clock.now(),
        _text(where, "--where"),
        _text(told, "--told"),
        told_day,
        last,
    )
    return AddLog(run.id, item_id, entry), run


def entries(child: Child) -> list[Missed]:
    """Every missed day logged on a monitoring checklist (stopped ones too), oldest first."""
    found = [
        Missed(run, item_id, entry)
        for run in child.runs
        if run.kind == "ongoing"
        for item_id, state in run.items.items()
        for entry in state.log
    ]
    found.sort(key=lambda m: (m.entry.day, m.entry.added, m.entry.id))
    return found


def find(child: Child, wanted: str) -> Missed:
    """The entry ``wanted`` names: its id, or RUN/ITEM/ID when two share an id."""
    text = wanted.strip()
    every = entries(child)
    found = [m for m in every if text in (m.entry.id, m.ref)]
    if len(found) == 1:
        return found[0]
    if found:
        raise ServiceError(
            _("{count} entries have the id {text}: name one as {refs}").format(
                count=len(found), text=clean_line(text), refs=_(" or ").join(m.ref for m in found)
            )
        )
    ids = ", ".join(m.entry.id for m in every) or _("none yet")
    raise ServiceError(
        _("no missed entry '{text}' for {child_id}; entries: {ids}").format(
            text=clean_line(text), child_id=child.id, ids=ids
        )
    )


def edit(
    workspace: Workspace,
    child: Child,
    missed: Missed,
    *,
    text: str | None = None,
    on: str | None = None,
    where: str | None = None,
    told: str | None = None,
    told_on: str | None = None,
    until: str | None = None,
) -> Edit | None:
    """Only the fields given (``--until none`` clears it); None when nothing changes."""
    today = workspace.clock.today()
    old = missed.entry
    wanted = dataclasses.replace(old)
    if text is not None:
        said = _text(text, "what happened")
        if not said:
            raise InputError(_("say what happened: the text is empty"))
        wanted = dataclasses.replace(wanted, text=said)
    if on is not None:
        wanted = dataclasses.replace(
            wanted, day=parse_day(on, today=today, what="--on", past_only=True)
        )
    if where is not None:
        wanted = dataclasses.replace(wanted, where=_text(where, "--where"))
    if told is not None:
        wanted = dataclasses.replace(wanted, told=_text(told, "--told"))
    if told_on is not None:
        wanted = dataclasses.replace(
            wanted, told_on=_optional_day(told_on, today, "--told-on", past=True)
        )
    if until is not None:
        wanted = dataclasses.replace(wanted, until=_optional_day(until, today, "--until", False))
    if wanted.until is not None and wanted.until < wanted.day:
        raise InputError(
            _("the last day ({until}) would be before the first ({day})").format(
                until=wanted.until.isoformat(), day=wanted.day.isoformat()
            )
        )
    return between("log", missed.ref, old, wanted)


def remove(missed: Missed) -> RemoveLog:
    return RemoveLog(missed.run.id, missed.item, missed.entry.id)


def as_json(child: Child) -> dict[str, Any]:
    """``missed list --json``: keys may be added, never removed."""
    rows = []
    for m in entries(child):
        e = m.entry
        item = m.run.find(m.item)
        rows.append(
            {
                "id": e.id,
                "ref": m.ref,
                "day": e.day.isoformat(),
                "until": e.until.isoformat() if e.until else None,
                "text": e.text,
                "where": e.where or None,
                "told": e.told or None,
                "told_on": e.told_on.isoformat() if e.told_on else None,
                "added": e.added.isoformat(),
                "checklist": m.run.checklist,
                "run": m.run.id,
                "item": m.item,
                "item_text": item.text if item is not None else m.run.orphan_text(m.item),
                "running": m.run in monitoring_runs(child),
                "words": missed_words(m.run, m.item, e),
            }
        )
    return {"child": child.id, "child_name": child.name, "missed": rows}
