"""School calendars in the app: import a district's ``.ics`` (a preview to edit before
saving), and export meetings and dates to a ``.ics`` file for a phone."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Checkbox, Header, Label, Static, TextArea
from textual.worker import get_current_worker

from ...i18n import N_, _, ngettext
from ...records.store import ProgressError
from ...reports.words import day_text, short_day, shown_path
from ...service import calendar_export, calendar_import, calendars, children, files
from ...service.errors import ServiceError
from ...service.exports import FileExists, write_file
from ..text import fill, join, safe, safe_line
from ..widgets.dialogs import Confirm, Pick, Prompt, Working
from ..widgets.fields import after_typing
from ..widgets.footer import KeysFooter
from ..widgets.forms import FormScreen

if TYPE_CHECKING:
    from ..app import IepApp


def ask_import(
    app: IepApp,
    child_id: str,
    typed: list[str] | None = None,
    error: str = "",
    then: Callable[[str | None], None] | None = None,
) -> None:
    """Ask for the district's .ics file and the calendar's id, then show the preview;
    ``then`` gets the calendar's id once it is saved (the child's form shows it)."""
    # The home folder, not the current one (it may be gone); ~ is expanded when read.
    values = typed or ["~/", "", ""]

    def answered(answer: list[str] | None) -> None:
        if answer is not None:
            read_plan(app, child_id, answer, then)

    app.push_screen(
        Prompt(
            Content(_("Import the school's calendar (.ics)")),
            [
                (_("The .ics file your district publishes"), values[0], "~/Downloads/district.ics"),
                (_("An id for it (letters, digits, -)"), values[1], _("e.g. hartford-2026-27")),
                (_("A title (optional)"), values[2], _("e.g. Hartford Public Schools 2026-27")),
            ],
            _("Nothing is saved before you look at what was found. Enter: next · ctrl+s: read"),
            error,
            compact=True,
        ),
        answered,
    )


def read_plan(
    app: IepApp,
    child_id: str,
    answer: list[str],
    then: Callable[[str | None], None] | None = None,
) -> None:
    path = Path(answer[0].strip()).expanduser()
    if not path.is_absolute():  # a name typed without a folder: in the home folder
        path = Path.home() / path
    workspace = app.session.workspace

    def work_it() -> None:
        worker = get_current_worker()
        try:
            plan = calendar_import.read(
                workspace,
                path,
                answer[1].strip(),
                answer[2].strip(),
                stopped=lambda: worker.is_cancelled,
            )
        except ServiceError as exc:
            error = str(exc)
            app.call_from_thread(finish, lambda: ask_import(app, child_id, answer, error, then))
            return
        # The screen is made in the app's thread, as every widget is.
        app.call_from_thread(
            finish, lambda: app.push_screen(CalendarImportScreen(child_id, plan), then)
        )

    def finish(show: Callable[[], object]) -> None:
        if app.screen is working:
            working.dismiss(None)
            app.call_after_refresh(show)  # once the dialog is gone
        else:
            show()

    # A file from the internet may take long to read: the reading runs in a process of its
    # own, which Esc stops (and quitting ends).
    worker = app.run_worker(work_it, thread=True, exclusive=True, group="calendar-import")
    working = Working(fill(_("Reading {file}…"), file=safe_line(path.name, "bold")), worker.cancel)
    app.push_screen(working)


class CalendarImportScreen(FormScreen):
    """What the district's file closes, as lines to edit, before the calendar is saved."""

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="calimport.back"),
        Binding("ctrl+s", "save", N_("Save the calendar"), id="calimport.save", priority=True),
    ]
    DEFAULT_CSS = """
    CalendarImportScreen VerticalScroll { padding: 0 1; }
    CalendarImportScreen TextArea { height: 12; }
    CalendarImportScreen Label { width: 1fr; }  /* wrapped, not cut, when narrow */
    CalendarImportScreen .note { color: $text-muted; }
    """

    def __init__(self, child_id: str, plan: calendar_import.ImportPlan) -> None:
        super().__init__()
        self.child_id = child_id
        self.plan = plan

    def compose(self) -> ComposeResult:
        plan = self.plan
        yield Header()
        with VerticalScroll():
            first = day_text(plan.first_day) if plan.first_day else _("not found")
            last = day_text(plan.last_day) if plan.last_day else _("not found")
            said = _("first day {first} · last day {last}").format(first=first, last=last)
            yield Static(join(safe_line(plan.title, "bold"), f" ({plan.id}) · {said}"))
            yield Label(
                Content(
                    _(
                        "Closed days found ({n}), one a line: edit, add or remove any before saving"
                    ).format(n=len(plan.closures))
                )
            )
            yield TextArea(
                children.closed_lines([calendar_import.as_range(c) for c in plan.closures]),
                id="closures",
            )
            if plan.ignored:
                # Every event left out, a line each, with why (each line already cleaned).
                lines = [_("Ignored ({n}):").format(n=len(plan.ignored))]
                lines += [calendar_import.ignored_line(i) for i in plan.ignored]
                yield Static(safe("\n".join(lines)), classes="note")
            if plan.unlisted:
                names = ", ".join(
                    f"{short_day(d)} ({plan.holiday_names.get(d) or _('holiday')})"
                    for d in plan.unlisted
                )
                said = _("Connecticut holidays the file does not mention: {days}")
                yield Static(safe_line(said.format(days=names)), classes="note")
                yield Checkbox(
                    Content(_("The schools are open on these days (otherwise they stay closed)")),
                    id="open-unlisted",
                )
            for warning in plan.warnings:
                yield Static(safe_line(_("Note: {warning}").format(warning=warning), "$warning"))
            yield Static(
                Content(_("ctrl+s saves the calendar and makes this child follow it · Esc: back")),
                classes="note",
            )
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = _("Import a school calendar")
        self.remember()
        self.set_focus(self.query_one("#closures", TextArea), scroll_visible=False)

    def action_back(self) -> None:
        self.leave(None)

    @after_typing
    def action_save(self, replace: bool = False) -> None:
        ranges, errors = children.parse_closed_lines(self.query_one("#closures", TextArea).text)
        if errors:
            said = _("Closed days: {errors}").format(errors="; ".join(errors))
            self.notify(said, severity="error", markup=False)
            return
        opened: tuple[date, ...] = ()
        if self.plan.unlisted and self.query_one("#open-unlisted", Checkbox).value:
            opened = self.plan.unlisted
        workspace = self.session.workspace
        try:
            target = calendar_import.write(
                workspace, self.plan, closures=tuple(ranges), opened=opened, replace=replace
            )
            child = self.session.child(self.child_id)
            op = calendars.set_calendar(workspace, child, self.plan.id)
        except ServiceError as exc:
            # A calendar of that id is there (the service's sentence says so, in any language).
            there = os.path.lexists(calendars.user_path(workspace, self.plan.id))
            if there and not replace:
                self.ask_replace()
                return
            self.notify(str(exc), severity="error", markup=False)
            return
        except ProgressError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.iep.library_loaded()  # the new calendar file is read: screens count with it
        if self.iep.apply(self.child_id, op) is None:
            return
        said = _("Saved {file}; this child follows it now.").format(file=shown_path(target))
        self.notify(said, markup=False)
        self.dismiss(self.plan.id)

    def ask_replace(self) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.action_save(replace=True)

        question = fill(
            _("A calendar with the id {id} exists. Replace it?"),
            id=safe_line(self.plan.id, "bold"),
        )
        self.app.push_screen(Confirm(question, _("Replace"), _("Keep it")), answered)


# What an export holds, as the app offers it (the CLI's --only).
EXPORT_CHOICES = {
    "all": (N_("Everything: meetings, dated items and follow-ups"), calendar_export.KINDS),
    "meetings": (N_("Meetings only"), ("meetings",)),
}


def export_calendar(app: IepApp, child_id: str | None) -> None:
    """Ask what and where, then write one child's (or every child's) dates as .ics."""
    name = f"{child_id}.ics" if child_id else "iepcheck.ics"
    workspace = app.session.workspace
    try:
        default = files.folder(workspace, "exports") / name
    except ServiceError as exc:
        app.notify(str(exc), severity="error", markup=False)
        return

    def picked(answer: tuple[str, str] | None) -> None:
        if answer is None:
            return
        kinds = EXPORT_CHOICES[answer[1]][1]

        def chosen(values: list[str] | None) -> None:
            if values and values[0].strip():
                try:
                    target = files.target(workspace, "exports", values[0])
                except ServiceError as exc:
                    app.notify(str(exc), severity="error", markup=False)
                    return
                write_calendar(app, child_id, target, kinds=kinds)

        app.push_screen(
            Prompt(
                Content(_("Export to your phone's calendar")),
                [(_("File (.ics)"), str(default), "")],
                _("Then open or import the file in your calendar app. Enter: write · Esc: cancel"),
            ),
            chosen,
        )

    app.push_screen(
        Pick(
            Content(
                _(
                    "What goes to your phone's calendar? (what an earlier export sent and is "
                    "left out now goes as cancelled)"
                )
            ),
            [(key, Content(_(label))) for key, (label, _kinds) in EXPORT_CHOICES.items()],
            {},
        ),
        picked,
    )


def write_calendar(
    app: IepApp,
    child_id: str | None,
    target: Path,
    replace: bool = False,
    *,
    kinds: tuple[str, ...] = calendar_export.KINDS,
) -> None:
    workspace = app.session.workspace

    def work_it() -> None:
        try:
            if child_id is not None:
                chosen = [workspace.with_calendar(app.session.child(child_id))]
                name = f"iepcheck: {chosen[0].name}"
            else:
                found, _problems = workspace.store.load_all()
                chosen = [workspace.with_calendar(c) for c in found]
                name = "iepcheck"
            done = calendar_export.export(workspace, chosen, None, name, kinds)
            again = replace or calendar_export.is_earlier_export(target)
            written = write_file(target, done.data.decode("utf-8"), replace=again)
            warning = calendar_export.remember(done)
        except FileExists:
            app.call_from_thread(_ask_replace, app, child_id, target, kinds)
            return
        except (ServiceError, ProgressError) as exc:
            said = _("Not written: {error}").format(error=exc)
            app.call_from_thread(app.notify, said, severity="error", markup=False)
            return
        events = ngettext("{n} event", "{n} events", done.events).format(n=done.events)
        if done.cancelled:
            said = ngettext("{n} cancelled", "{n} cancelled", done.cancelled)
            events += ", " + said.format(n=done.cancelled)
        message = _("Wrote {file}: {events}.").format(file=shown_path(written), events=events)
        for note in (*done.notes, warning):
            if note:
                message += f" {note}."
        app.call_from_thread(app.notify, message, timeout=10)

    app.run_worker(work_it, thread=True, exclusive=True, group="calendar-export")


def _ask_replace(app: IepApp, child_id: str | None, target: Path, kinds: tuple[str, ...]) -> None:
    def answered(yes: bool | None) -> None:
        if yes:
            write_calendar(app, child_id, target, True, kinds=kinds)

    question = fill(_("{file} is there already. Replace it?"), file=safe_line(str(target), "bold"))
    app.push_screen(Confirm(question, _("Replace"), _("Keep it")), answered)
