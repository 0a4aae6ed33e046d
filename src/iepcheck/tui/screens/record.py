"""The child's record: one timeline of everything dated, a filter, and keys to add a contact
with the school or a document received (with on time or late by the rule that sets it)."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.events import Resize
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from ...i18n import N_, _, ngettext
from ...records.kinds import DOC_KINDS, DOC_NAMES, VIA
from ...records.store import ProgressError
from ...reports.content import localized_child
from ...reports.timeline import LABELS, ONLY, entries, select
from ...reports.words import short_day, shown_path
from ...service import files, record
from ...service.errors import ServiceError
from ...service.exports import FileExists, format_for, timeline_text, write_file
from ..messages import ChildChanged, LibraryLoaded
from ..text import fill, hanging, join, safe_line
from ..widgets.dialogs import Confirm, Pick, Prompt
from ..widgets.footer import KeysFooter
from .base import IepScreen

FILTERS: tuple[str | None, ...] = (None, *ONLY)
FILTER_NAMES = {
    None: N_("everything"),
    "log": N_("contacts and letters"),
    "docs": N_("documents"),
    "missed": N_("missed accommodations and services"),
    "meetings": N_("meetings"),
}
STYLES = {"meeting": "bold $accent", "doc": "$warning", "missed": "$error", "letter": "$success"}


class RecordScreen(IepScreen[None]):
    BINDINGS = [
        Binding("q,backspace,escape", "back", N_("Back"), id="record.back"),
        Binding("question_mark,f1", "app.help", N_("Help"), id="record.help"),
        Binding(
            "a",
            "add_contact",
            N_("Contact"),
            id="record.contact",
            tooltip=N_("Log a contact with the school"),
        ),
        Binding(
            "d",
            "add_document",
            N_("Document"),
            id="record.document",
            tooltip=N_("A document you received"),
        ),
        Binding(
            "f", "filter", N_("Filter"), id="record.filter", tooltip=N_("What the timeline shows")
        ),
        Binding(
            "e", "export", N_("Export"), id="record.export", tooltip=N_("The timeline as a file")
        ),
        Binding("u", "app.undo", N_("Undo"), id="record.undo", show=False),
    ]

    DEFAULT_CSS = """
    RecordScreen #record-info { height: auto; padding: 0 1; }
    RecordScreen #timeline { height: 1fr; }
    """

    def __init__(self, child_id: str) -> None:
        super().__init__()
        self.child_id = child_id
        self.only: str | None = None
        self.timeline_width = 0  # the width the entries were wrapped for

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="record-info")
        yield OptionList(id="timeline")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = _("Record and timeline")
        self.show()
        self.set_focus(self.query_one("#timeline", OptionList), scroll_visible=False)

    def on_child_changed(self, message: ChildChanged) -> None:
        if message.shown:
            self.show()

    def on_resize(self, event: Resize) -> None:
        """Entries are wrapped for the list's width: again once laid out at a new one."""
        self.call_after_refresh(self.refit)

    def refit(self) -> None:
        if self.query_one("#timeline", OptionList).size.width != self.timeline_width:
            self.show()

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        self.show()  # the checklists' words in the app's language, now they are read

    def show(self) -> None:
        try:
            child = self.session.workspace.with_calendar(self.session.child(self.child_id))
        except ProgressError as exc:
            self.query_one("#record-info", Static).update(safe_line(str(exc), "$error"))
            return
        # The checklists' words in the app's language (English until the library is read).
        found = entries(localized_child(child, self.session.library)[0])
        shown = select(found, None, None, self.only)
        late = sum(1 for e in found if e.late)  # from the documents' dates, not their words
        log = child.contact_log()
        waiting = sum(1 for c in log if c.follow_up and not c.answered)
        contacts = ngettext("{n} contact", "{n} contacts", len(log)).format(n=len(log))
        docs = len(child.documents)
        documents = ngettext("{n} document", "{n} documents", docs).format(n=docs)
        late_said = ngettext("{n} late", "{n} late", late).format(n=late)
        waiting_said = ngettext(
            "{n} waiting for an answer", "{n} waiting for an answer", waiting
        ).format(n=waiting)
        showing = _("Showing {what} ({n}) · f changes").format(
            what=_(FILTER_NAMES[self.only]), n=len(shown)
        )
        info = join(
            safe_line(child.name, "bold"),
            f" · {contacts} · {documents}",
            (f" · {late_said}" if late else "", "$error bold"),
            (f" · {waiting_said}" if waiting else "", "$warning"),
            (f"\n{showing}", "$text-muted"),
        )
        self.query_one("#record-info", Static).update(info)
        timeline = self.query_one("#timeline", OptionList)
        keep = timeline.highlighted
        today = self.session.today()
        # The kind's column: as wide as its longest word in the language shown, and a space.
        room = max(9, *(len(_(label)) + 1 for label in LABELS.values()))
        # Room for the scrollbar, whether or not it shows yet, and the rows' padding; none
        # before the list is laid out. (A line wider than the row is wrapped again by the
        # list, which drops the indent.)
        padding = timeline.get_component_styles("option-list--option").padding.width
        width = timeline.content_region.width - timeline.styles.scrollbar_size_vertical - padding
        self.timeline_width = timeline.size.width
        options = [
            Option(
                hanging(
                    join(
                        (f"{short_day(e.day, today):<11}", "$accent"),
                        (f"{_(LABELS[e.kind]):<{room}}", STYLES.get(e.kind, "$text-muted")),
                    ),
                    safe_line(e.text),
                    width,
                ),
                id=f"{n}:{e.ref}",
            )
            for n, e in enumerate(shown)
        ]
        if not options:
            options = [
                Option(Content(_("Nothing yet: a logs a contact, d a document.")), disabled=True)
            ]
        timeline.set_options(options)
        if keep is not None and timeline.option_count:
            timeline.highlighted = min(keep, timeline.option_count - 1)
        elif options and not options[0].disabled:
            timeline.highlighted = len(options) - 1  # the newest

    # -- actions ------------------------------------------------------------------------------
    def action_back(self) -> None:
        self.app.pop_screen()

    def action_filter(self) -> None:
        self.only = FILTERS[(FILTERS.index(self.only) + 1) % len(FILTERS)]
        self.query_one("#timeline", OptionList).highlighted = None
        self.show()

    def action_add_contact(self, typed: list[str] | None = None, error: str = "") -> None:
        values = typed or ["", "", "", self.session.today().isoformat(), ""]

        def done(answer: list[str] | None) -> None:
            if answer is None:
                return
            try:
                op = record.communication(
                    self.session.workspace,
                    self.session.child(self.child_id),
                    answer[0],
                    with_whom=answer[1],
                    via=answer[2],
                    on=answer[3],
                    follow_up=answer[4],
                )
            except ServiceError as exc:
                self.action_add_contact(answer, str(exc))
                return
            if self.iep.apply(self.child_id, op) is not None:
                self.show()

        self.app.push_screen(
            Prompt(
                Content(_("A contact with the school")),
                [
                    (_("What was said or asked"), values[0], _("e.g. asked for the draft IEP")),
                    (_("With whom (optional)"), values[1], _("e.g. Ms. Park, case manager")),
                    (
                        _("How (optional): {ways}").format(
                            ways=", ".join(record.via_name(v) for v in VIA)
                        ),
                        values[2],
                        _("e.g. email"),
                    ),
                    (_("The day"), values[3], _("YYYY-MM-DD")),
                    (
                        _("Follow up by (optional)"),
                        values[4],
                        _("YYYY-MM-DD: shows until answered"),
                    ),
                ],
                error=error,
                compact=True,
            ),
            done,
        )

    def action_add_document(
        self, typed: list[str] | None = None, error: str = "", kind: str = ""
    ) -> None:
        """A document received: which kind first (every kind, by its name), then its dates."""
        if not kind:
            choices = [
                (k, join(_(DOC_NAMES[k]) if k in DOC_NAMES else k, (f"  {k}", "$text-muted")))
                for k in DOC_KINDS
            ]

            def picked(answer: tuple[str, str] | None) -> None:
                if answer is not None and answer[1]:
                    self.action_add_document(typed, error, answer[1])

            self.app.push_screen(
                Pick(Content(_("Which document did you receive?")), choices, {}), picked
            )
            return
        values = typed or [self.session.today().isoformat(), "", "", "", ""]

        def done(answer: list[str] | None) -> None:
            if answer is None:
                return
            try:
                op = record.document(
                    self.session.workspace,
                    self.session.child(self.child_id),
                    kind,
                    received=answer[0],
                    dated=answer[1],
                    requested=answer[2],
                    meeting=answer[3] or None,
                    note=answer[4],
                )
            except ServiceError as exc:
                self.action_add_document(answer, str(exc), kind)
                return
            if self.iep.apply(self.child_id, op) is not None:
                self.show()

        self.app.push_screen(
            Prompt(
                join(
                    _("A document you received:") + " ",
                    (_(DOC_NAMES[kind]) if kind in DOC_NAMES else kind, "bold"),
                ),
                [
                    (_("The day it arrived"), values[0], _("YYYY-MM-DD")),
                    (_("The date printed on it (optional)"), values[1], _("YYYY-MM-DD")),
                    (
                        _("When you asked for it in writing (optional)"),
                        values[2],
                        _("YYYY-MM-DD"),
                    ),
                    (_("Its meeting: the meeting's date or id (optional)"), values[3], ""),
                    (_("A note (optional)"), values[4], ""),
                ],
                _("On time or late is worked out from the rule that sets its date."),
                error,
                compact=True,
            ),
            done,
        )

    @on(OptionList.OptionSelected, "#timeline")
    def selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a contact (a letter sent among them): record the school's answer."""
        ref = (event.option.id or "").partition(":")[2]
        if ref.startswith(("c:", "l:")):
            self.answer(ref[2:])

    def answer(self, entry_id: str, typed: list[str] | None = None, error: str = "") -> None:
        """Ask for the day the school answered and what it said, both optional."""
        try:
            child = self.session.child(self.child_id)
            entry = record.find_communication(child, entry_id)
        except (ServiceError, ProgressError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        today = self.session.today().isoformat()
        values = typed or [entry.answered.isoformat() if entry.answered else today, entry.said]

        def done(answer: list[str] | None) -> None:
            if answer is None:
                return
            try:
                op = record.answered(
                    self.session.workspace,
                    self.session.child(self.child_id),
                    entry.id,
                    answer[0],
                    answer[1],
                )
            except (ServiceError, ProgressError) as exc:
                self.answer(entry.id, answer, str(exc))
                return
            if self.iep.apply(self.child_id, op) is not None:
                self.show()

        title = join(
            (_("The school's answer to:") + " ", "bold"),
            safe_line(entry.text),
            (f" ({short_day(entry.day, self.session.today())})", "$text-muted"),
        )
        self.app.push_screen(
            Prompt(
                title,
                [
                    (_("The day they answered (empty: today)"), values[0], _("YYYY-MM-DD")),
                    (_("What they said (optional)"), values[1], _("e.g. the draft comes Friday")),
                ],
                _("Enter: next field, then save · Esc: cancel"),
                error,
            ),
            done,
        )

    def action_export(self) -> None:
        workspace = self.session.workspace
        name = f"{self.child_id}-timeline-{self.session.today()}.html"
        try:
            default = files.folder(workspace, "exports") / name
        except ServiceError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return

        def chosen(values: list[str] | None) -> None:
            if values and values[0].strip():
                try:
                    self.write(files.target(workspace, "exports", values[0]))
                except ServiceError as exc:
                    self.notify(str(exc), severity="error", markup=False)

        self.app.push_screen(
            Prompt(
                Content(_("Export the timeline ({what})").format(what=_(FILTER_NAMES[self.only]))),
                [(_("File (.html to print, .md or .txt)"), str(default), "")],
                _("Enter: write · Esc: cancel"),
            ),
            chosen,
        )

    def write(self, target: Path, replace: bool = False) -> None:
        try:
            fmt = format_for(str(target), None, default="html")
            child = self.session.child(self.child_id)
            text = timeline_text(self.session.workspace, child, fmt, only=self.only)
            written = write_file(target, text, replace=replace)
        except FileExists:

            def answered(yes: bool | None) -> None:
                if yes:
                    self.write(target, True)

            question = fill(
                _("{file} is there already. Replace it?"), file=safe_line(str(target), "bold")
            )
            self.app.push_screen(Confirm(question, _("Replace"), _("Keep it")), answered)
            return
        except (ServiceError, ProgressError) as exc:
            self.notify(_("Not written: {error}").format(error=exc), severity="error", markup=False)
            return
        self.notify(_("Wrote {path}").format(path=shown_path(written)), markup=False)
