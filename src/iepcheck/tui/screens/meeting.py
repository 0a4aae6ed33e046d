"""Add or edit a meeting: date, kind, title, its checklists, and the notes of what was agreed."""

from __future__ import annotations

import contextlib
import copy
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import Button, Header, Label, Select, Static, TextArea

from ...i18n import N_, _
from ...records.kinds import MEETING_KINDS
from ...records.model import Child, default_meeting_kind
from ...records.operations import RemoveMeeting
from ...records.store import ProgressError
from ...reports.words import line_stamp
from ...service import meetings
from ...service.errors import ServiceError
from ..messages import ChildChanged, LibraryLoaded
from ..text import fill, join, safe_line
from ..widgets.dialogs import Confirm
from ..widgets.fields import after_typing
from ..widgets.footer import KeysFooter
from ..widgets.forms import ChecklistPicker, Field, FormScreen

SHORT_KINDS = {"ppt": "PPT", "504": "504", "other": N_("Other")}  # fits the field at 60 columns


class MeetingScreen(FormScreen):
    BINDINGS = [
        # Priority: the fields' own ctrl+d (delete right) must not swallow them.
        Binding("escape", "back", N_("Back"), id="meeting.back"),
        Binding("f1", "app.help", N_("Help"), id="meeting.help"),
        Binding("ctrl+s", "save", N_("Save"), id="meeting.save", priority=True),
        Binding("ctrl+d", "remove", N_("Remove meeting"), id="meeting.remove", priority=True),
        Binding("ctrl+l", "pad", N_("Notes pad"), id="meeting.pad", priority=True),
    ]

    def __init__(self, child_id: str, meeting_id: str | None, kind: str | None = None) -> None:
        super().__init__()
        self.new_kind = kind  # a new meeting's kind, when the caller knows it
        self.child_id = child_id
        self.meeting_id = meeting_id

    def child(self) -> Child:
        return self.session.child(self.child_id)

    def compose(self) -> ComposeResult:
        yield Header()
        try:
            child = self.child()
        except ProgressError as exc:
            yield Static(safe_line(str(exc)), classes="form")
            yield KeysFooter()
            return
        meeting = child.meeting(self.meeting_id) if self.meeting_id else None
        self.seen = copy.deepcopy(meeting)  # Save writes only what the user changed from it
        kind = meeting.kind if meeting else self.new_kind or default_meeting_kind(child.plan)
        with VerticalScroll(classes="form"):
            heading = _("Edit meeting for {child}") if meeting else _("New meeting for {child}")
            yield Static(fill(heading, child=safe_line(child.name, "bold")).stylize("bold"))
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label(Content(_("Date (YYYY-MM-DD)")))
                    yield Field(
                        meeting.date.isoformat() if meeting else "",
                        placeholder=_("YYYY-MM-DD"),
                        id="date",
                    )
                with Vertical():
                    yield Label(Content(_("Time (optional)")))
                    yield Field(
                        meeting.time if meeting else "", placeholder=_("e.g. 3:30pm"), id="time"
                    )
                with Vertical():
                    yield Label(Content(_("Kind")))
                    yield Select(
                        [(Content(_(SHORT_KINDS[k])), k) for k in MEETING_KINDS],
                        value=kind,
                        allow_blank=False,
                        id="kind",
                    )
            yield Label(Content(_("Title")))
            yield Field(
                meeting.title if meeting else "", placeholder=_("e.g. Annual review"), id="title"
            )
            yield Label(Content(_("Checklists for this meeting (Space: attach or detach)")))
            yield ChecklistPicker(id="checklists")
            yield Static(Content(""), id="checklist-note", classes="note")
            yield Label(Content(_("What was agreed (your notes)")))
            yield TextArea(meeting.notes if meeting else "", id="notes")
            yield Static(Content(""), id="pad-lines", classes="note")
            with Horizontal(classes="buttons"):
                yield Button(Content(_("Save (ctrl+s)")), id="save", variant="primary")
                yield Button(Content(_("Back (esc)")), id="back")
                if meeting:
                    yield Button(
                        Content(_("Remove meeting (ctrl+d)")), id="remove", variant="error"
                    )
        yield KeysFooter()

    def on_mount(self) -> None:
        self.fill_checklists()
        self.show_pad_lines()
        self.remember()
        self.set_focus(self.query_one("#date", Field), scroll_visible=False)

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        self.fill_checklists()
        self.remember("checklists")

    def show_pad_lines(self) -> None:
        """The lines typed in the notes pad, with their times (the pad adds them, one by one)."""
        try:
            child = self.child()
        except ProgressError:
            return  # the form says why it cannot show the meeting
        meeting = child.meeting(self.meeting_id) if self.meeting_id else None
        if meeting is None:
            said = Content(_("Once the meeting is saved, ctrl+l opens a notes pad for it."))
        elif not meeting.lines:
            said = Content(_("ctrl+l: a notes pad for during the meeting (each line timed)."))
        else:
            rows = [
                join(f"{line_stamp(x, meeting.date)}  ", safe_line(x.text)) for x in meeting.lines
            ]
            said = Content("\n").join(
                [Content(_("During the meeting (ctrl+l adds lines):")), *rows]
            )
        with contextlib.suppress(NoMatches):
            self.query_one("#pad-lines", Static).update(said)

    def on_child_changed(self, message: ChildChanged) -> None:
        if message.child_id == self.child_id:
            self.show_pad_lines()

    def action_pad(self) -> None:
        if not self.meeting_id or self.child().meeting(self.meeting_id) is None:
            self.notify(_("Save the meeting first; then ctrl+l opens its notes pad."), markup=False)

            return
        from .notes_pad import NotesPad

        self.app.push_screen(
            NotesPad(self.child_id, self.meeting_id), lambda _: self.show_pad_lines()
        )

    def attached(self) -> list[str]:
        if not self.meeting_id:
            return []
        return [r.checklist for r in self.child().runs_for(self.meeting_id)]

    def fill_checklists(self) -> None:
        library = self.session.library
        listing = self.query_one("#checklists", ChecklistPicker)
        if library is None:
            return
        attached = self.attached()
        if not self.meeting_id:
            kind = str(self.query_one("#kind", Select).value)
            attached = meetings.default_checklists(self.session.workspace, kind)
        choices = [
            (entry.checklist.id, entry.checklist.title)
            for entry in library.active()
            if entry.checklist is not None and entry.checklist.kind in ("meeting", "guide")
        ]
        listing.set_choices(choices, attached)
        self.query_one("#checklist-note", Static).update(
            Content(
                _("Detaching keeps its ticks in the record; attaching again starts a fresh copy.")
            )
            if self.meeting_id
            else Content("")
        )

    @on(Select.Changed, "#kind")
    def kind_changed(self) -> None:
        if not self.meeting_id:  # a new meeting gets the checklists of its kind
            self.fill_checklists()

    @on(Button.Pressed)
    async def button_pressed(self, event: Button.Pressed) -> None:
        await self.run_action(event.button.id or "")  # buttons are named after their actions

    def action_back(self) -> None:
        self.leave()

    @after_typing
    def action_save(self, confirmed: bool = False) -> None:
        text = self.query_one("#date", Field).value.strip()
        try:
            day = date.fromisoformat(text)
        except ValueError:
            self.notify(
                _("'{text}' is not a date like 2026-12-10.").format(text=text),
                severity="error",
                markup=False,
            )
            self.query_one("#date", Field).focus()
            return
        child = self.child()
        meeting = child.meeting(self.meeting_id) if self.meeting_id else None
        if self.meeting_id and meeting is None:
            self.notify(
                _("Not changed: the meeting was removed in another session."),
                severity="error",
                markup=False,
            )
            return
        old_day = meeting.date if meeting else None
        today = self.session.today()
        warnings = [] if day == old_day else meetings.date_warnings(child, day, today)
        if warnings and not confirmed:

            def answered(yes: bool | None) -> None:
                if yes:
                    self.action_save(confirmed=True)

            question = Content(
                _("Check the date: {warnings}.\n\nSave anyway?").format(
                    warnings="; ".join(warnings)
                )
            )
            self.app.push_screen(Confirm(question, _("Save"), _("Change it")), answered)
            return
        picker = self.query_one("#checklists", ChecklistPicker)
        try:
            op = meetings.save_form(
                self.session.workspace,
                child,
                meeting,
                day=day,
                title=self.query_one("#title", Field).value,
                kind=str(self.query_one("#kind", Select).value),
                time=self.query_one("#time", Field).value,
                notes=self.query_one("#notes", TextArea).text,
                checklists=[c for c, _title in picker.choices if c in picker.selected],
                seen=self.seen,
            )
        except ServiceError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        # Two meetings on one day can be right (a PPT and a 504 meeting): said, not refused.
        same = [] if day == old_day else meetings.same_day(child, day, self.meeting_id)
        if op is not None and self.iep.apply(self.child_id, op) is None:
            return
        said = "".join(f" {s[:1].upper()}{s[1:]}." for s in same)
        self.notify(_("Meeting saved.") + said, markup=False)
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove":
            return self.meeting_id is not None
        return True

    def action_remove(self) -> None:
        if not self.meeting_id:
            return
        meeting = self.child().meeting(self.meeting_id)
        if meeting is None:
            return

        def answered(yes: bool | None) -> None:
            if yes and self.meeting_id:
                self.iep.apply(self.child_id, RemoveMeeting(self.meeting_id))
                self.notify(
                    _("Meeting removed; its checklists' ticks are kept in the file."), markup=False
                )
                self.dismiss(None)

        question = fill(
            _(
                "Remove the meeting {title} on {day}?\n\n"
                "Its checklists' ticks, notes and logs stay in the child's file (and in exports)."
            ),
            title=safe_line(meeting.title, "bold"),
            day=str(meeting.date),
        )
        self.app.push_screen(Confirm(question, _("Remove"), _("Keep")), answered)
