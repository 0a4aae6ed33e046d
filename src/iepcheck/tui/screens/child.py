"""Add or edit a child: profile, contacts, the school's closed days; start a standing checklist."""

from __future__ import annotations

import copy

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import (
    Button,
    Header,
    Label,
    OptionList,
    Select,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from ...i18n import N_, _
from ...records.model import PLANS, Child, Contact
from ...records.operations import Operation, batch
from ...records.schedule import meeting_summaries
from ...records.store import ProgressError
from ...reports.words import PLAN_NAMES
from ...service import calendars, children, details
from ...service.errors import ServiceError
from ...textsafe import clean_line
from ..messages import ChildChanged
from ..text import join, safe_line
from ..widgets.dialogs import Confirm, Prompt
from ..widgets.fields import after_typing
from ..widgets.footer import KeysFooter
from ..widgets.forms import Field, FormScreen
from .base import IepModal
from .details import LANGUAGE_NAMES

PARENT_FIELDS = (
    ("name", N_("their name")),
    ("email", N_("their email")),
    ("phone", N_("their phone")),
)


class ChildScreen(FormScreen):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="child.back"),
        Binding("f1", "app.help", N_("Help"), id="child.help"),
        Binding("ctrl+s", "save", N_("Save"), id="child.save", priority=True),
        Binding("ctrl+t", "start", N_("Start a checklist"), id="child.start", priority=True),
        Binding("ctrl+o", "record", N_("Record and timeline"), id="child.record", priority=True),
        Binding(
            "ctrl+g",
            "open_plan",
            N_("The plan: dates, services, goals"),
            id="child.plan",
            priority=True,
        ),
        Binding(
            "ctrl+l",
            "import_calendar",
            N_("Import the school calendar (.ics)"),
            id="child.calendar",
            priority=True,
        ),
        Binding(
            "ctrl+f",
            "share",
            N_("Share the record as a file"),
            id="child.share",
            priority=True,
        ),
    ]

    DEFAULT_CSS = "ChildScreen #letter-language { width: 24; }"

    def __init__(self, child_id: str | None) -> None:
        super().__init__()
        self.child_id = child_id

    def compose(self) -> ComposeResult:
        yield Header()
        child: Child | None = None
        if self.child_id:
            try:
                child = self.session.child(self.child_id)
            except ProgressError as exc:
                yield Static(safe_line(str(exc)), classes="form")
                yield KeysFooter()
                return
        # What the form shows: Save changes only what the user changed from it, so a
        # change another session made meanwhile to any other field stays.
        self.seen = copy.deepcopy(child) if child is not None else None
        with VerticalScroll(classes="form"):
            yield Static(Content(_("Edit child") if child else _("New child")).stylize("bold"))
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label(Content(_("Name")))
                    yield Field(
                        child.name if child else "", placeholder=_("First and last name"), id="name"
                    )
                with Vertical():
                    yield Label(Content(_("Plan now")))
                    yield Select(
                        [(Content(_(PLAN_NAMES[p])), p) for p in PLANS],
                        value=child.plan if child else "none",
                        allow_blank=False,
                        id="plan",
                    )
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label(Content(_("School")))
                    yield Field(child.school if child else "", id="school")
                with Vertical():
                    yield Label(Content(_("District")))
                    yield Field(child.district if child else "", id="district")
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label(Content(_("Born (for dates counted from an age)")))
                    born = child.born.isoformat() if child and child.born else ""
                    yield Field(born, placeholder=_("YYYY-MM-DD"), id="born")
                with Vertical():
                    yield Label(Content(_("Grade")))
                    yield Field(child.grade if child else "", placeholder=_("e.g. 4"), id="grade")
            if child is not None:
                yield Label(Content(_("Contacts at the school (a: add · Enter: edit · d: remove)")))
                yield ContactList(*self.contact_options(child), id="contacts")
            else:
                yield Label(
                    Content(_("Contacts at the school: save the child, then add them here"))
                )
            parent = child.parent if child else None
            yield Label(
                Content(_("Who signs this child's letters, if not you (empty: your details, p)"))
            )
            with Horizontal(classes="row"):
                for key, hint in PARENT_FIELDS:
                    value = getattr(parent, key) if parent else ""
                    yield Field(value, placeholder=_(hint), id=f"parent-{key}")
            yield Field(
                parent.address if parent else "",
                placeholder=_("postal address"),
                id="parent-address",
            )
            yield Label(Content(_("Letters written in")))
            # Each language named in itself (as Home's L does); English when unset.
            yield Select(
                [(Content(name), code) for code, name in LANGUAGE_NAMES.items()],
                value=(child.letter_language if child else "") or "en",
                allow_blank=False,
                id="letter-language",
            )
            with Horizontal(classes="row"), Vertical():
                yield Label(Content(_("School calendar file (its id; ctrl+l imports a .ics)")))
                yield Field(
                    child.calendar if child else "",
                    placeholder=_("e.g. hartford-2026-27"),
                    id="calendar",
                )
            yield Label(Content(_("Days the school is closed, one a line (breaks, PD days)")))
            yield TextArea(children.closed_lines(child.closed) if child else "", id="closed")
            yield Static(
                Content(
                    _(
                        "Like: 2026-12-24..2027-01-01 Winter break. Until a school year has "
                        "closed days, dates counted in school days are shown as 'about'."
                    )
                ),
                classes="note",
            )
            if child is not None:
                yield Label(Content(_("Meetings, past ones too (Enter opens one)")))
                yield OptionList(*self.meeting_options(child), id="meetings")
            with Horizontal(classes="buttons"):
                yield Button(Content(_("Save (ctrl+s)")), id="save", variant="primary")
                yield Button(Content(_("Back (esc)")), id="back")
                if child is not None:
                    yield Button(Content(_("Start a checklist (ctrl+t)")), id="start")
                    yield Button(Content(_("The plan (ctrl+g)")), id="open_plan")
        yield KeysFooter()

    @staticmethod
    def contact_options(child: Child) -> list[Option]:
        options = [Option(contact_row(c), id=c.id) for c in child.contacts]
        if not options:
            options.append(
                Option(
                    Content(_("None yet: press a to add a teacher, a case manager…")), disabled=True
                )
            )
        return options

    def show_contacts(self, keep: str | None = None) -> None:
        try:
            child = self.session.child(self.child_id or "")
            listing = self.query_one("#contacts", ContactList)
        except (ProgressError, NoMatches):
            return
        listing.set_options(self.contact_options(child))
        ids = [c.id for c in child.contacts]
        if ids:
            listing.highlighted = ids.index(keep) if keep in ids else 0
            listing.scroll_visible()

    def edit_contact(
        self, contact_id: str | None, typed: list[str] | None = None, error: str = ""
    ) -> None:
        """Add a contact (``contact_id`` None) or change one: only the fields changed."""
        if self.child_id is None:
            return
        child_id = self.child_id
        try:
            child = self.session.child(child_id)
            seen = details.find_contact(child, contact_id) if contact_id else Contact("")
        except (ServiceError, ProgressError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        shown = [seen.role.lower(), seen.name, seen.subject, seen.email, seen.phone, seen.note]
        values = typed or shown

        def done(answer: list[str] | None) -> None:
            if answer is None:
                return
            try:
                now = self.session.child(child_id)
                if contact_id is None:
                    role, name, subject, email, phone, note = answer
                    op: Operation | None = details.add_contact(
                        now, role, name, subject=subject, email=email, phone=phone, note=note
                    )
                else:
                    changed = {
                        key: new
                        for key, old, new in zip(details.CONTACT_FIELDS, shown, answer, strict=True)
                        if new.strip() != old.strip()
                    }
                    op = details.edit_contact(now, contact_id, **changed)
            except (ServiceError, ProgressError) as exc:
                self.edit_contact(contact_id, answer, str(exc))
                return
            if op is None or self.iep.apply(child_id, op) is not None:
                self.show_contacts(getattr(op, "contact", seen).id or contact_id)

        roles = ", ".join(_(r).lower() for r in details.ROLE_KEYS.values())
        self.app.push_screen(
            Prompt(
                Content(
                    _("A new contact at the school") if contact_id is None else _("The contact")
                ),
                [
                    (_("Role"), values[0], _("e.g. teacher")),
                    (_("Name"), values[1], _("e.g. Ms. Reed")),
                    (_("Subject (what a teacher teaches)"), values[2], _("e.g. Science")),
                    (_("Email (optional)"), values[3], ""),
                    (_("Phone (optional)"), values[4], ""),
                    (_("Note (optional)"), values[5], _("e.g. best reached after 3pm")),
                ],
                _("Roles: {roles}. Enter: next field · ctrl+s: save · Esc: cancel").format(
                    roles=roles
                ),
                error,
                compact=True,
            ),
            done,
        )

    def remove_contact(self, contact_id: str) -> None:
        if self.child_id is None:
            return
        child_id = self.child_id
        try:
            contact = details.find_contact(self.session.child(child_id), contact_id)
        except (ServiceError, ProgressError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return

        def answered(yes: bool | None) -> None:
            if (
                yes
                and self.iep.apply(
                    child_id, details.remove_contact(self.session.child(child_id), contact_id)
                )
                is not None
            ):
                self.show_contacts()

        question = join(_("Remove this contact?") + "\n\n", contact_row(contact))
        self.app.push_screen(Confirm(question, _("Remove"), _("Keep")), answered)

    def meeting_options(self, child: Child) -> list[Option]:
        options = []
        for summary in meeting_summaries(child, self.session.today()):
            m = summary.meeting
            done, _skipped, total = summary.counts()
            when = _("past") if summary.days_left < 0 else _("coming")
            counts = (
                _("{done}/{total} done").format(done=done, total=total)
                if total
                else _("no checklist")
            )

            options.append(
                Option(
                    join(
                        (f"{m.date.isoformat()}  ", "$accent"),
                        safe_line(m.title),
                        (f"  {counts} · {when}", "$text-muted"),
                    ),
                    id=m.id,
                )
            )
        if not options:
            options.append(
                Option(Content(_("No meetings yet: press m on the home screen.")), disabled=True)
            )
        return options

    def on_child_changed(self, message: ChildChanged) -> None:
        """The meetings' counts follow a tick made on another screen (the fields the user
        may be editing stay as they are)."""
        if message.child_id != self.child_id or not message.shown:
            return
        contacts = self.query(ContactList)
        self.show_contacts(contacts.first().highlighted_id if contacts else None)
        try:
            child = self.session.child(self.child_id)
            listing = self.query_one("#meetings", OptionList)
        except (ProgressError, NoMatches):
            return
        keep = listing.highlighted
        listing.set_options(self.meeting_options(child))
        if keep is not None and listing.option_count:
            listing.highlighted = min(keep, listing.option_count - 1)

    @on(OptionList.OptionSelected, "#contacts")
    def open_contact(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.edit_contact(event.option.id)

    @on(OptionList.OptionSelected, "#meetings")
    def open_meeting(self, event: OptionList.OptionSelected) -> None:
        from .meeting import MeetingScreen

        if self.child_id and event.option.id:
            self.app.push_screen(MeetingScreen(self.child_id, event.option.id))

    def on_mount(self) -> None:
        self.remember()
        self.set_focus(self.query_one("#name", Field), scroll_visible=False)
        for listing in self.query(ContactList):
            if listing.option_count and not listing.get_option_at_index(0).disabled:
                listing.highlighted = 0

    @on(Button.Pressed)
    async def button_pressed(self, event: Button.Pressed) -> None:
        await self.run_action(event.button.id or "")  # buttons are named after their actions

    def action_back(self) -> None:
        self.leave(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("start", "record", "open_plan", "share"):
            return self.child_id is not None
        return True

    def action_open_plan(self) -> None:
        from .plan import PlanScreen

        if self.child_id is not None:
            self.app.push_screen(PlanScreen(self.child_id))

    def action_record(self) -> None:
        from .record import RecordScreen

        if self.child_id is not None:
            self.app.push_screen(RecordScreen(self.child_id))

    def action_import_calendar(self) -> None:
        """A district's .ics: its closures, first and last day, previewed before saving."""
        from .calendars import ask_import

        if self.child_id is None:
            self.notify(_("Save the child first, then import the calendar."), markup=False)
            return

        def imported(calendar_id: str | None) -> None:
            if calendar_id:
                self.query_one("#calendar", Field).value = calendar_id
                self.remember("calendar")  # saved already: not an edit to ask about

        ask_import(self.iep, self.child_id, then=imported)

    def action_share(self) -> None:
        """The child's record as one file for a co-parent or an advocate (as saved)."""
        from .sharing import share_child

        if self.child_id is None:
            return
        if self.changed():
            self.notify(
                _("Save your changes first (ctrl+s): the file holds the record as saved."),
                markup=False,
            )
            return
        share_child(self.iep, self.child_id)

    def action_start(self) -> None:
        """A standing checklist for this child: 504 monitoring, a plan switch, the guide."""
        if self.child_id is not None:
            self.app.push_screen(StartChecklist(self.child_id))

    def letter_language(self) -> str:
        """The letters' language chosen; English is left unset (as the CLI leaves it) unless
        the record said "en" already, so saving a form changes nothing the user did not."""
        chosen = str(self.query_one("#letter-language", Select).value)
        said = self.seen.letter_language if self.seen is not None else ""
        return "" if chosen == "en" and said != "en" else chosen

    @after_typing
    def action_save(self) -> None:
        session = self.session
        name = self.query_one("#name", Field).value.strip()
        if not name:
            self.notify(_("The child needs a name."), severity="error", markup=False)
            return
        closed, errors = children.parse_closed_lines(self.query_one("#closed", TextArea).text)
        if errors:
            self.notify(
                _("Closed days: {problems}").format(problems="; ".join(errors)),
                severity="error",
                markup=False,
                timeout=8,
            )
            return
        plan = str(self.query_one("#plan", Select).value)
        typed = {k: self.query_one(f"#{k}", Field).value for k in ("born", "grade")}
        for key in ("name", "address", "email", "phone"):
            typed[f"parent_{key}"] = self.query_one(f"#parent-{key}", Field).value
        typed["letter_language"] = self.letter_language()
        try:
            # Checked before a new child is created, so a typo never leaves half a child.
            child_details = details.checked(typed)
            details.parse_born(child_details["born"], session.today())
            wanted = self.query_one("#calendar", Field).value.strip()
            if wanted not in ("", "none"):
                calendars.find(session.workspace, wanted)
            school = self.query_one("#school", Field).value
            district = self.query_one("#district", Field).value

            def changes(seen: Child) -> Operation | None:
                return children.profile(
                    seen,
                    name=name,
                    plan=plan,
                    school=school,
                    district=district,
                    closed=closed,
                )

            changes(Child("", "new"))  # every field checked before a new child is created
            if self.child_id is None:
                child_id = session.create_child(name, plan)
            else:
                child_id = self.child_id
                children.check_new_name(session.workspace.store, session.child(child_id), name)
        except ServiceError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        try:
            seen = self.seen or session.child(child_id)
            edit = changes(seen)
            extra = details.child_details_op(seen, child_details, session.today())
            if wanted != seen.calendar:
                extra = batch(extra, calendars.set_calendar(session.workspace, seen, wanted))
        except (ServiceError, ProgressError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        change = batch(edit, extra) if edit or extra else None
        if change is not None and self.iep.apply(child_id, change) is None:
            return
        self.notify(_("Saved."), markup=False)
        self.dismiss(child_id)


def contact_row(c: Contact) -> Content:
    """A contact as the form lists it: role (and subject), name, how to reach them."""
    subject = f" ({clean_line(c.subject)})" if c.subject else ""
    reach = ", ".join(clean_line(x) for x in (c.email, c.phone) if x)
    return join(
        (f"{clean_line(c.role)}{subject}: ", "$accent"),
        safe_line(c.name),
        (f" · {reach}" if reach else "", "$text-muted"),
        (f" · {clean_line(c.note)}" if c.note else "", "$text-muted"),
    )


class ContactList(OptionList):
    """The child's contacts: a adds one, Enter edits the highlighted one, d removes it."""

    BINDINGS = [
        Binding("a", "add", N_("Add a contact"), id="child.contact-add"),
        Binding("d,delete", "remove", N_("Remove the contact"), id="child.contact-remove"),
    ]

    def on_focus(self) -> None:
        self.scroll_visible()  # below the fold on a small terminal: bring it into view

    @property
    def highlighted_id(self) -> str | None:
        if self.highlighted is None or not self.option_count:
            return None
        option = self.get_option_at_index(self.highlighted)
        return None if option.disabled else option.id

    def action_add(self) -> None:
        screen = self.screen
        if isinstance(screen, ChildScreen):
            screen.edit_contact(None)

    def action_remove(self) -> None:
        screen = self.screen
        if isinstance(screen, ChildScreen) and self.highlighted_id:
            screen.remove_contact(self.highlighted_id)


class StartChecklist(IepModal[None]):
    """Pick a standing checklist (504 monitoring, a plan switch, the guide) to start."""

    DEFAULT_CSS = """
    StartChecklist { align: center middle; }
    StartChecklist > Vertical {
        width: 70; max-width: 98%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    StartChecklist OptionList { height: auto; max-height: 14; }
    """
    BINDINGS = [Binding("escape,q", "cancel", N_("Cancel"), id="start.cancel")]

    def __init__(self, child_id: str) -> None:
        super().__init__()
        self.child_id = child_id

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Content(_("Start a checklist of its own (not tied to a meeting)")).stylize("bold")
            )
            yield OptionList(id="choices")
            yield Static(Content(_("Enter: start · Esc or q: cancel")).stylize("$text-muted"))

    def on_mount(self) -> None:
        library = self.session.library
        listing = self.query_one("#choices", OptionList)
        if library is None:
            listing.add_option(Option(Content(_("Still reading the checklists…")), disabled=True))
            return
        try:
            child = self.session.child(self.child_id)
        except ProgressError as exc:
            listing.add_option(Option(safe_line(str(exc)), disabled=True))
            return
        running = {r.checklist for r in child.standing_runs()}
        for entry in library.active():
            checklist = entry.checklist
            if checklist is None or checklist.kind == "meeting":
                continue
            mark = ("  " + _("(running)"), "$text-muted") if checklist.id in running else ""

            listing.add_option(Option(join(safe_line(checklist.title), mark), id=checklist.id))
        if listing.option_count:
            listing.highlighted = 0  # Enter starts the first choice at once
        self.set_focus(listing, scroll_visible=False)

    @on(OptionList.OptionSelected, "#choices")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(None)
        self.iep.start_standing(self.child_id, event.option.id or "")

    def action_cancel(self) -> None:
        self.dismiss(None)
