"""The checklist screen's changes to one item: skip, note, log entries, done on a date, the
parent's own items. The screen itself (what shows, the guide's steps) is in ``run.py``."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from textual.content import Content
from textual.widgets import OptionList

from ...i18n import _
from ...records.ids import short_id
from ...records.model import OWN_PREFIX, Child, ItemCopy, LogEntry, Run
from ...records.operations import (
    AddLog,
    AddOwnItem,
    Operation,
    RemoveLog,
    RemoveOwnItem,
    SetNote,
    Skip,
    Untick,
    between,
)
from ...records.operations.edits import log_id, own_item_id
from ...records.schedule import ItemView
from ...records.store import ProgressError
from ...reports.words import day_text
from ...service import runs
from ...service.dates import parse_day
from ...service.errors import InputError
from ..text import fill, join, safe, safe_line
from ..widgets.dialogs import Confirm, Pick, Prompt
from .base import IepScreen

LOG_FIELDS = ("day", "until", "text", "where", "told", "told_on")


def log_values(entry: LogEntry | None, today: date) -> list[str]:
    """The log dialog's fields for an entry (a new one: today, the rest empty)."""
    if entry is None:
        return [today.isoformat(), "", "", "", "", ""]
    return [
        entry.day.isoformat(),
        entry.until.isoformat() if entry.until else "",
        entry.text,
        entry.where,
        entry.told,
        entry.told_on.isoformat() if entry.told_on else "",
    ]


def log_entry(values: dict[str, str], today: date, old: LogEntry | None) -> LogEntry:
    """A log entry from the dialog's fields, checked; InputError says what is wrong."""
    day = parse_day(values["day"], today=today, what=_("The day it happened"), past_only=True)
    until = None
    if values["until"].strip():
        until = parse_day(values["until"], today=today, what=_("The last day"))
        if until < day:
            raise InputError(_("The last day is before the first day."))
    text = values["text"].strip()
    if not text:
        raise InputError(_("Say what happened: the entry is empty."))
    told_on = None
    if values["told_on"].strip():
        told_on = parse_day(values["told_on"], today=today, what=_("When you told"), past_only=True)
    where, told = values["where"].strip(), values["told"].strip()
    if old is not None:
        return dataclasses.replace(
            old, day=day, until=until, text=text, where=where, told=told, told_on=told_on
        )
    return LogEntry("", day, text, datetime.min, where, told, told_on, until)


def accommodations(run: Run) -> dict[str, str]:
    """The items the parent added for each accommodation or service (id → text)."""
    return {
        item.id: item.text
        for section in run.sections
        if section.user_items
        for item in section.items
        if item.own
    }


class ItemEditing(IepScreen[None]):
    """One run of one child: the item it points at, and the dialogs that change it."""

    child_id: str
    run_id: str
    views: dict[str, ItemView]

    def render_run(self, *, details_later: bool = False) -> None:
        raise NotImplementedError  # the screen draws itself

    def child(self) -> Child | None:
        """The child as shown: each run at the newest version of its checklist."""
        try:
            return self.session.shown(self.child_id)
        except ProgressError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return None

    def run(self) -> Run | None:
        child = self.child()
        return child.run(self.run_id) if child else None

    def current_id(self) -> str | None:
        option = self.query_one("#items", OptionList).highlighted_option
        return option.id if option is not None else None

    def change(self, op: Operation) -> bool:
        """Apply a change to this run now (at its checklist's newest version), save it in
        the background; ``u`` undoes it, here or on any screen."""
        run = self.session.child(self.child_id).run(self.run_id)
        if run is None:
            return False
        done = self.iep.apply(
            self.child_id, runs.with_newer_version(self.session.workspace, run, op)
        )
        self.render_run(details_later=True)
        return done is not None

    def _item_or_warn(self) -> str | None:
        item_id = self.current_id()
        if item_id is None:
            return None
        if item_id.startswith("orphan:"):
            self.notify(
                _("This item is no longer in the checklist; its record is kept as it is."),
                markup=False,
            )
            return None
        if item_id.startswith("add:"):
            self.action_add_own()  # the "add your own item here" row
            return None
        return item_id

    def action_skip(self) -> None:
        item_id = self._item_or_warn()
        if item_id is None:
            return
        if self.views[item_id].state == "skipped":
            self.change(Untick(self.run_id, item_id))
            return

        def done(values: list[str] | None) -> None:
            if values is not None:
                self.change(Skip(self.run_id, item_id, self.session.now(), values[0].strip()))

        self.app.push_screen(
            Prompt(
                join(_("Not applicable:") + " ", safe_line(self.views[item_id].item.text, "bold")),
                [(_("Why (optional)"), "", _("e.g. annual review, not an initial evaluation"))],
            ),
            done,
        )

    def action_note(self) -> None:
        item_id = self._item_or_warn()
        if item_id is None:
            return
        current = self.views[item_id].saved.note

        def done(values: list[str] | None) -> None:
            if values is not None:
                self.change(SetNote(self.run_id, item_id, values[0], seen=current))

        self.app.push_screen(
            Prompt(
                join(_("Note for:") + " ", safe_line(self.views[item_id].item.text, "bold")),
                [("", current, _("What you want to remember about this item"))],
                _("Enter: save (an empty note removes it) · Esc: cancel"),
            ),
            done,
        )

    def action_log(self) -> None:
        """A log entry; on a monitoring checklist's general item ("write down each
        accommodation not provided"), which accommodation first, so the entry names it."""
        item_id = self._item_or_warn()
        run = self.run()
        if item_id is None or run is None:
            return
        named = accommodations(run)
        if run.kind != "ongoing" or not named or item_id in named:
            self.ask_log(item_id)
            return
        here = _("Not one of these: log it on this item")
        choices = [(i, safe_line(text)) for i, text in named.items()]
        choices.append(("", Content(here).stylize("$text-muted")))

        def chosen(picked: tuple[str, str] | None) -> None:
            if picked is not None:
                self.ask_log(picked[1] or item_id)

        self.app.push_screen(
            Pick(Content(_("Which accommodation or service was missed?")), choices, {}), chosen
        )

    def ask_log(
        self, item_id: str, typed: list[str] | None = None, error: str = "", entry_id: str = ""
    ) -> None:
        """The log dialog (a new entry, or ``entry_id`` to edit): the day (and the last day,
        on an item that counts days), what happened, where, whom the parent told and when. A
        wrong date keeps what was typed and says what is wrong."""
        today = self.session.today()
        run = self.run()
        view = self.views[item_id]
        spans = view.item.tally == "school-days-this-year"  # an incident is one day
        old = next((e for e in run.state(item_id).log if e.id == entry_id), None) if run else None
        if typed is None:
            typed = log_values(old, today)

        def done(answer: list[str] | None) -> None:
            if answer is None:
                return
            full = answer if spans else [answer[0], "", *answer[1:]]
            try:
                entry = log_entry(dict(zip(LOG_FIELDS, full, strict=True)), today, old)
            except InputError as exc:
                self.ask_log(item_id, full, str(exc), entry_id)
                return
            if old is not None:
                # Only the fields the user changed: another session's change to the others stays.
                edit = between("log", log_id(self.run_id, item_id, old), old, entry)
                if edit is not None:
                    self.change(edit)
                return
            taken = [e.id for e in run.state(item_id).log] if run else []
            entry = dataclasses.replace(entry, id=short_id(taken, prefix="l"))
            entry = dataclasses.replace(entry, added=self.session.now())
            self.change(AddLog(self.run_id, item_id, entry))

        example = (
            _("e.g. suspended, out of school")
            if spans
            else _("e.g. no extended time on the math quiz")
        )
        fields = [
            (_("The day it happened"), typed[0], _("YYYY-MM-DD")),
            (_("The last day (empty: that day only)"), typed[1], _("YYYY-MM-DD")),
            (_("What happened"), typed[2], example),
            (
                _("Where: the class or service (optional)"),
                typed[3],
                _("e.g. Math, speech therapy"),
            ),
            (_("Whom you told (optional)"), typed[4], _("e.g. Mr. Ortiz, by email")),
            (_("When you told them (optional)"), typed[5], _("YYYY-MM-DD")),
        ]
        if not spans:
            fields.pop(1)
        verb = (_("Edit the log entry for:") if old else _("Log entry for:")) + " "
        self.app.push_screen(
            Prompt(
                join(verb, safe_line(view.item.text, "bold")),
                fields,
                error=error,
                compact=True,
            ),
            done,
        )

    def action_log_entries(self) -> None:
        """The item's log entries: Enter edits one, d removes it (after asking)."""
        item_id = self._item_or_warn()
        run = self.run()
        if item_id is None or run is None:
            return
        entries = sorted(run.state(item_id).log, key=lambda e: (e.day, e.added))
        if not entries:
            self.notify(_("This item has no log entries yet: press l to add one."), markup=False)
            return
        choices = [
            (
                e.id,
                join(
                    (f"{day_text(e.day)}", "$accent"),
                    (
                        " " + _("to {day}").format(day=day_text(e.until))
                        if e.until and e.until != e.day
                        else "",
                        "$accent",
                    ),
                    "  ",
                    safe_line(e.text),
                ),
            )
            for e in entries
        ]

        def chosen(picked: tuple[str, str] | None) -> None:
            if picked is None:
                return
            action, entry_id = picked
            if action == "enter":
                self.ask_log(item_id, entry_id=entry_id)
                return

            def answered(yes: bool | None) -> None:
                if yes:
                    self.change(RemoveLog(self.run_id, item_id, entry_id))

            entry = next(e for e in entries if e.id == entry_id)
            question = join(
                _("Remove this log entry?") + "\n\n", safe(entry.text), "\n\n" + _("(u undoes it)")
            )
            self.app.push_screen(Confirm(question, _("Remove"), _("Keep")), answered)

        self.app.push_screen(
            Pick(
                Content(_("Log entries: Enter edits · d removes · Esc closes")),
                choices,
                {"d": "delete"},
            ),
            chosen,
        )

    def action_done_on(self) -> None:
        """Tick with the day it really happened (dates counted from this item count from it)."""
        item_id = self._item_or_warn()
        if item_id is not None:
            self.ask_done_on(item_id)

    def ask_done_on(self, item_id: str, typed: str = "", error: str = "") -> None:
        today = self.session.today()
        run = self.run()
        miss = runs.first_miss(run, item_id, today) if run is not None else None
        hint = _("Dates counted from this item count from this day. Enter: tick · Esc: cancel")
        if miss is not None:  # the complaint clock starts the day the first miss happened
            typed = typed or miss[0].isoformat()
            hint = _(
                "The first miss you logged: {day}, {what}. The dates counted from this item "
                "count from the day above. Enter: tick · Esc: cancel"
            ).format(day=day_text(miss[0]), what=miss[1])

        def done(answer: list[str] | None) -> None:
            if answer is None:
                return
            try:
                day = parse_day(answer[0], today=today, what=_("The day"), past_only=True)
            except InputError as exc:
                self.ask_done_on(item_id, answer[0], str(exc))
                return
            shown = self.run()  # at the checklist's newest version: what the item says now
            if shown is not None:
                child = self.session.child(self.child_id)
                self.change(runs.tick(child, shown, item_id, self.session.now(), day))

        self.app.push_screen(
            Prompt(
                join(
                    _("Done on which day:") + " ", safe_line(self.views[item_id].item.text, "bold")
                ),
                [(_("The day it really happened"), typed or today.isoformat(), _("YYYY-MM-DD"))],
                hint,
                error=error,
            ),
            done,
        )

    def own_item(self) -> ItemCopy | None:
        run = self.run()
        item_id = self.current_id()
        item = run.find(item_id) if run and item_id else None
        if item is None or not item.own:
            self.notify(_("Only items you added can be edited or removed."), markup=False)
            return None
        return item

    def action_edit_own(self) -> None:
        item = self.own_item()
        if item is None:
            return

        def done(answer: list[str] | None) -> None:
            if answer and answer[0].strip():
                new = dataclasses.replace(item, text=answer[0].strip())
                edit = between("own-item", own_item_id(self.run_id, item.id), item, new)
                if edit is not None:
                    self.change(edit)

        self.app.push_screen(
            Prompt(Content(_("Edit your item")), [("", item.text, "")]),
            done,
        )

    def action_remove_own(self) -> None:
        item = self.own_item()
        if item is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.change(RemoveOwnItem(self.run_id, item.id))

        question = fill(
            _(
                "Remove your item \u201c{item}\u201d?\n\n"
                "Its ticks, note and log go with it (u undoes it)."
            ),
            item=safe_line(item.text, "bold"),
        )
        self.app.push_screen(Confirm(question, _("Remove"), _("Keep")), answered)

    def action_add_own(self) -> None:
        run = self.run()
        if run is None:
            return
        # Into the section of the highlighted item (or "add here" row); else the first
        # section that invites own items.
        current = self.current_id() or ""
        here = int(current[4:]) if current.startswith("add:") else run.section_index(current)
        invited = [n for n, s in enumerate(run.sections) if s.user_items]
        index = here if here is not None else (invited[0] if invited else 0)
        section_title = run.sections[index].title

        def done(values: list[str] | None) -> None:
            if not values or not values[0].strip():
                return
            text = values[0].strip()
            taken = set(run.item_ids()) | set(run.items)
            item = ItemCopy(
                id=short_id(taken, prefix=OWN_PREFIX),
                text=text,
                repeat=run.sections[index].repeat,
                own=True,
                added=self.session.now(),
            )
            if not self.change(AddOwnItem(self.run_id, index, item)):
                return
            new_id = item.id
            items = self.query_one("#items", OptionList)
            items.highlighted = items.get_option_index(new_id)

        self.app.push_screen(
            Prompt(
                join(_("Add your own item to:") + " ", safe_line(section_title, "bold")),
                [("", "", _("e.g. Extended time (1.5x) on tests"))],
            ),
            done,
        )
