"""Add or edit a child: profile, contacts, the school's closed days; start a standing checklist."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import (
    Button,
    Footer,
    Header,
    Input,
    Label,
    OptionList,
    Select,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from ...records.model import PLANS, Child, Contact
from ...records.operations import EditChild
from ...records.store import ProgressError
from ...reports.words import PLAN_NAMES
from ...service import children
from ...service.errors import ServiceError
from ..text import join, safe_line
from .base import IepModal, IepScreen

ROLES = ("504 coordinator", "Case manager")


class ChildScreen(IepScreen[str | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="child.save", priority=True),
        Binding("ctrl+t", "start", "Start a checklist", id="child.start", priority=True),
        Binding("escape", "back", "Back", id="child.back"),
    ]

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
                yield Footer(compact=True)
                return
        contacts = {c.role: c for c in (child.contacts if child else [])}
        with VerticalScroll(classes="form"):
            yield Static(Content("Edit child" if child else "New child").stylize("bold"))
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label(Content("Name"))
                    yield Input(
                        child.name if child else "", placeholder="First and last name", id="name"
                    )
                with Vertical():
                    yield Label(Content("Plan now"))
                    yield Select(
                        [(Content(PLAN_NAMES[p]), p) for p in PLANS],
                        value=child.plan if child else "none",
                        allow_blank=False,
                        id="plan",
                    )
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label(Content("School"))
                    yield Input(child.school if child else "", id="school")
                with Vertical():
                    yield Label(Content("District"))
                    yield Input(child.district if child else "", id="district")
            for n, role in enumerate(ROLES):
                contact = contacts.get(role, Contact(role))
                yield Label(Content(f"{role}: name, email, phone"))
                with Horizontal(classes="row"):
                    yield Input(contact.name, placeholder="name", id=f"c{n}-name")
                    yield Input(contact.email, placeholder="email", id=f"c{n}-email")
                    yield Input(contact.phone, placeholder="phone", id=f"c{n}-phone")
            yield Label(Content("Days the school is closed, one a line (breaks, PD days)"))
            yield TextArea(children.closed_lines(child.closed) if child else "", id="closed")
            yield Static(
                Content(
                    "Like: 2026-12-24..2027-01-01 Winter break. Until a school year has closed "
                    "days, dates counted in school days are shown as 'about'."
                ),
                classes="note",
            )
            with Horizontal(classes="buttons"):
                yield Button(Content("Save (ctrl+s)"), id="save", variant="primary")
                yield Button(Content("Back (esc)"), id="back")
                if child is not None:
                    yield Button(Content("Start a checklist (ctrl+t)"), id="start")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Button.Pressed)
    async def button_pressed(self, event: Button.Pressed) -> None:
        await self.run_action(event.button.id or "")  # buttons are named after their actions

    def action_back(self) -> None:
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start":
            return self.child_id is not None
        return True

    def action_start(self) -> None:
        """A standing checklist for this child: 504 monitoring, a plan switch, the guide."""
        if self.child_id is not None:
            self.app.push_screen(StartChecklist(self.child_id))

    def action_save(self) -> None:
        session = self.session
        name = self.query_one("#name", Input).value.strip()
        if not name:
            self.notify("The child needs a name.", severity="error", markup=False)
            return
        closed, errors = children.parse_closed_lines(self.query_one("#closed", TextArea).text)
        if errors:
            self.notify(
                "Closed days: " + "; ".join(errors), severity="error", markup=False, timeout=8
            )
            return
        plan = str(self.query_one("#plan", Select).value)
        contacts = []
        for n, role in enumerate(ROLES):
            values = [
                self.query_one(f"#c{n}-{f}", Input).value.strip()
                for f in ("name", "email", "phone")
            ]
            contacts.append(Contact(role, *values))
        try:
            if self.child_id is None:
                child_id = session.create_child(name, plan)
            else:
                child_id = self.child_id
                children.check_new_name(session.workspace.store, session.child(child_id), name)
        except ServiceError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        op = EditChild(
            name=name,
            plan=plan,
            school=self.query_one("#school", Input).value.strip(),
            district=self.query_one("#district", Input).value.strip(),
            contacts=tuple(contacts),
            closed=tuple(closed),
        )
        if self.iep.apply(child_id, op) is None:
            return
        self.notify("Saved.", markup=False)
        self.dismiss(child_id)


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
    BINDINGS = [Binding("escape,q", "cancel", "Cancel", id="start.cancel")]

    def __init__(self, child_id: str) -> None:
        super().__init__()
        self.child_id = child_id

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Content("Start a checklist of its own (not tied to a meeting)").stylize("bold")
            )
            yield OptionList(id="choices")
            yield Static(Content("Enter: start · Esc or q: cancel").stylize("$text-muted"))

    def on_mount(self) -> None:
        library = self.session.library
        listing = self.query_one("#choices", OptionList)
        if library is None:
            listing.add_option(Option(Content("Still reading the checklists…"), disabled=True))
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
            mark = ("  (running)", "$text-muted") if checklist.id in running else ""
            listing.add_option(Option(join(safe_line(checklist.title), mark), id=checklist.id))
        listing.focus()

    @on(OptionList.OptionSelected, "#choices")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(None)
        self.iep.start_standing(self.child_id, event.option.id or "")

    def action_cancel(self) -> None:
        self.dismiss(None)
