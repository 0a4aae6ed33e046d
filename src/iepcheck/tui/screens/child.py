"""Add or edit a child: profile, contacts, the school's closed days; start a standing checklist."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
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

from ...progress import PLANS, Child, ClosedRange, Contact, short_id
from ...report import PLAN_NAMES
from ...store import NameTaken, ProgressError
from ..text import join, safe_line

ROLES = ("504 coordinator", "Case manager")


def closed_text(closed: list[ClosedRange]) -> str:
    lines = []
    for c in closed:
        span = c.start.isoformat() + (f"..{c.end.isoformat()}" if c.end != c.start else "")
        lines.append(f"{span} {c.label}".rstrip())
    return "\n".join(lines)


def parse_closed(text: str) -> tuple[list[ClosedRange], list[str]]:
    """One range a line: '2026-12-24..2027-01-01 Winter break' or '2027-01-19 PD day'."""
    ranges, errors = [], []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        span, _, label = line.partition(" ")
        first, _, last = span.partition("..")
        try:
            start = date.fromisoformat(first)
            end = date.fromisoformat(last) if last else start
        except ValueError:
            errors.append(
                f"line {n}: '{span}' is not a date or a range like 2026-12-24..2027-01-01"
            )
            continue
        if end < start or (end - start).days > 366:
            errors.append(f"line {n}: '{span}' ends before it starts or is longer than a year")
            continue
        ranges.append(ClosedRange(start, end, label.strip()))
    return sorted(ranges, key=lambda c: c.start), errors


class ChildScreen(Screen[str | None]):
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
                child = self.app.session.child(self.child_id)
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
            yield TextArea(closed_text(child.closed) if child else "", id="closed")
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
        session = self.app.session
        name = self.query_one("#name", Input).value.strip()
        if not name:
            self.notify("The child needs a name.", severity="error", markup=False)
            return
        closed, errors = parse_closed(self.query_one("#closed", TextArea).text)
        if errors:
            self.notify(
                "Closed days: " + "; ".join(errors), severity="error", markup=False, timeout=8
            )
            return
        plan = str(self.query_one("#plan", Select).value)
        school = self.query_one("#school", Input).value.strip()
        district = self.query_one("#district", Input).value.strip()
        contacts = []
        for n, role in enumerate(ROLES):
            values = [
                self.query_one(f"#c{n}-{f}", Input).value.strip()
                for f in ("name", "email", "phone")
            ]
            if any(values):
                contacts.append(Contact(role, *values))
        child_id = self.child_id
        if child_id is None:
            try:
                child_id = session.store.create(name, plan).id
                session.child(child_id)
            except NameTaken:
                self.notify(f"A child named {name} already exists.", severity="error", markup=False)
                return
            except (OSError, ProgressError) as exc:
                self.notify(f"Could not add the child: {exc}", severity="error", markup=False)
                return
        else:
            if session.store.name_taken(name, except_id=child_id):
                self.notify(f"A child named {name} already exists.", severity="error", markup=False)
                return

        def change(c: Child) -> None:
            c.name, c.plan, c.school, c.district = name, plan, school, district
            others = [x for x in c.contacts if x.role not in ROLES]
            c.contacts = others + contacts
            c.closed = list(closed)

        if not self.app.apply(child_id, change):
            return
        self.notify("Saved.", markup=False)
        self.dismiss(child_id)


class StartChecklist(ModalScreen[None]):
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
        library = self.app.session.library
        listing = self.query_one("#choices", OptionList)
        if library is None:
            listing.add_option(Option(Content("Still reading the checklists…"), disabled=True))
            return
        try:
            child = self.app.session.child(self.child_id)
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
        session = self.app.session
        entry = session.library.get(event.option.id) if session.library else None
        if entry is None or entry.checklist is None:
            return
        checklist, origin = entry.checklist, entry.origin
        child = session.child(self.child_id)
        if child.standing_run(checklist.id) is not None:
            self.notify("Already running: open it from the home screen.", markup=False)
            return
        run_id = short_id(child.taken_ids())
        today = session.today
        self.app.apply(self.child_id, lambda c: c.attach(checklist, origin, today, None, run_id))
        self.dismiss(None)
        from .run import RunScreen

        self.app.push_screen(RunScreen(self.child_id, run_id))

    def action_cancel(self) -> None:
        self.dismiss(None)
