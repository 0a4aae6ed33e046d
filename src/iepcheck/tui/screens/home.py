"""Home: the children, and for one or all of them what remains before each meeting."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.css.query import NoMatches
from textual.events import Resize
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist
from textual.worker import get_current_worker

from ...i18n import N_, _, ngettext
from ...reports.words import PLAN_NAMES, alarms, day_text
from ..messages import ChildChanged, DayChanged
from ..rendering.agenda import (
    agenda_options,
    follow_up_prompt,
    later_prompt,
    meeting_prompt,
    overdue_count,
    plan_prompt,
    run_prompt,
    standing_prompt,
    trimmed,
)
from ..text import join, one_line, safe_line
from ..widgets.footer import KeysFooter
from ..widgets.panes import SectionedList
from .base import IepScreen

ALL = "*all*"
CHILDREN_WIDTH = 24  # the children list's width for its rows before it is laid out (app.tcss)
LOOK_AHEAD = 60  # days of meetings Home shows
HOME_SNAPSHOT = "home-4"  # the name changes whenever what trimmed() keeps changes
NAMES_SNAPSHOT = "home-names"  # the children's names: no day changes them
SHAPE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError)  # a bad snapshot
DETAILED_LIMIT = 5  # more children than this: "All children" is the agenda, by date
NOTHING_COMING = N_("Nothing coming up: press m to add a meeting, t to start a checklist.")

WELCOME = N_(
    "Welcome to iepcheck.\n\n"
    "It keeps your child's checklists for PPT and 504 meetings, counts the school days left, "
    "and shows what remains before each meeting.\n\n"
    "Press  c  to add a child, then  m  to add a meeting.\n"
    "Press  l  to see the checklists, or  ?  for help.\n\n"
    "To look around first, quit with  q  and start iepcheck again with  --demo  (sample "
    "data; nothing of yours is touched).\n\n"
    "Practical guidance, not legal advice."
)


class HomeScreen(IepScreen[None]):
    """What do I have to do before the next meeting?"""

    BINDINGS = [
        # Quit and Help first: the footer keeps them at every width.
        Binding("q", "app.quit", N_("Quit"), id="home.quit"),
        Binding("question_mark,f1", "app.help", N_("Help"), id="home.help"),
        Binding("enter", "open", N_("Open"), id="home.open", show=False),
        Binding("left", "to_children", N_("Back to the children"), id="home.left", show=False),
        Binding("right", "to_agenda", N_("To what remains"), id="home.right", show=False),
        Binding("c", "add_child", N_("Child"), id="home.add_child", tooltip=N_("Add a child")),
        Binding(
            "e",
            "edit_child",
            N_("Edit"),
            id="home.edit_child",
            tooltip=N_("Edit the child (on a meeting: the meeting)"),
        ),
        Binding(
            "m", "add_meeting", N_("Meeting"), id="home.add_meeting", tooltip=N_("Add a meeting")
        ),
        Binding(
            "t", "start", N_("Start"), id="home.start", tooltip=N_("Start a standing checklist")
        ),
        # Not in the footer (at 80 columns it would push the plan out); in help and ctrl+p.
        Binding(
            "l",
            "library",
            N_("Lists"),
            id="home.library",
            tooltip=N_("The checklists found"),
            show=False,
        ),
        Binding(
            "r",
            "record",
            N_("Record"),
            id="home.record",
            tooltip=N_("The child's record and timeline"),
        ),
        Binding("u", "app.undo", N_("Undo the last change"), id="home.undo", show=False),
        Binding(
            "i",
            "plan",
            N_("Plan"),
            id="home.plan",
            tooltip=N_("The IEP or 504 plan: dates, services, accommodations, goals"),
        ),
        Binding("x", "export", N_("Export a printable record"), id="home.export", show=False),
        Binding("p", "details", N_("Your details (for letters)"), id="home.details", show=False),
        # Said in both languages: whoever cannot read the one on screen still finds it.
        Binding("L", "language", N_("Language · Idioma"), id="home.language", show=False),
        Binding(
            "k",
            "calendar",
            N_("Export dates to a calendar (.ics)"),
            id="home.calendar",
            show=False,
        ),
        Binding(
            "g", "receive", N_("Receive a shared record (a file)"), id="home.receive", show=False
        ),
        Binding("b", "backup", N_("Make a backup now"), id="home.backup", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.overview: dict[str, Any] = {"children": [], "problems": []}
        self.selected = ALL
        self.agenda_width = 0  # the width the agenda's rows were cut for
        self.children_width = 0  # and the children list's
        self.dated = True  # False while only the children's names are known
        self.stale = False  # a child changed while another screen was on top
        self.from_snapshot = False  # what is shown was kept from last time, not read now

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home-body"):
            children = SectionedList(
                Option(Content(_("Loading…")), disabled=True), id="children", classes="pane"
            )
            children.border_title = _("Children")
            yield children
            agenda = SectionedList(id="agenda", classes="pane")
            agenda.border_title = _("What remains")
            yield agenda
        yield Static(Content(_(WELCOME)), id="welcome", classes="pane")
        yield KeysFooter()

    async def relanguage(self) -> None:
        """The language changed: every word drawn again in it, the children as they were."""
        await self.recompose()
        self.children_width = self.agenda_width = 0
        self.show(self.overview, dated=self.dated)
        self.reload()  # the checklists' words, read again in the language now chosen

    def on_mount(self) -> None:
        painted = self.first_view()
        self.call_after_refresh(self.iep.painted)
        if painted:
            # What the files say now replaces the snapshot once it is on screen.
            self.call_after_refresh(self.reload)
        else:
            self.reload()

    def first_view(self) -> bool:
        """Paint what was kept, if the files have not changed since: today's view, or else
        (the first start of a day) the children's names, while what is due today is worked
        out. Whether anything was painted."""
        for name, days in ((HOME_SNAPSHOT, LOOK_AHEAD), (NAMES_SNAPSHOT, None)):
            kept = self.iep.snapshot(name, days)
            if not isinstance(kept, dict):
                continue
            try:
                self.from_snapshot = True
                self.show(kept, dated=days is not None)
                if not self.caseload():
                    # The agenda is drawn once laid out: try it now. (A caseload's, thousands
                    # of rows, is not built twice: show_agenda takes a bad one as a miss.)
                    self.agenda_rows(60)
                return True
            except SHAPE_ERRORS:
                # A snapshot of another shape (edited by hand?): computed as usual.
                self.overview, self.dated = {"children": [], "problems": []}, True
                loading = Option(Content(_("Loading…")), disabled=True)
                self.query_one("#children", SectionedList).show_rows([loading])
                continue
        return False

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < 70, "narrow")
        self.fit_agenda()  # the first layout: the agenda's width is known now
        self.call_after_refresh(self.fit_agenda)  # a terminal resized: once laid out again

    def name_cut(self, name: str, badge: str) -> Content:
        """A child's name cut so that it and its badge fit on one line of the list (a badge
        that wrapped would read as another child)."""
        width = self.query_one("#children", SectionedList).size.width or CHILDREN_WIDTH
        room = max(width - 1 - len(badge), 6)  # 1: room for the scrollbar
        return safe_line(name).truncate(room, ellipsis=True)

    def fit_agenda(self) -> None:
        """Show the lists again if their width changed (their rows are cut to fit)."""
        width = self.query_one("#children", SectionedList).size.width
        if width and width != self.children_width and self.overview["children"]:
            self.children_width = width
            self.show(self.overview, dated=self.dated)
            return
        width = self.query_one("#agenda", OptionList).size.width
        if width and width != self.agenda_width:
            self.show_agenda()

    # -- data -----------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="overview")
    def reload(self) -> None:
        worker = get_current_worker()
        # Keys taken before reading: a file changed meanwhile makes the snapshot a miss.
        made_for = self.iep.snapshot_key(LOOK_AHEAD)
        names_for = self.iep.snapshot_key(None)
        self.iep.files_read(names_for)  # a change from now on is seen by the disk watcher
        data = self.session.overview(LOOK_AHEAD, lambda: worker.is_cancelled)
        if worker.is_cancelled:
            return
        self.app.call_from_thread(self.show_read, data)
        self.iep.keep_snapshot(HOME_SNAPSHOT, made_for, trimmed(data))
        names = [{"id": c["id"], "name": c["name"]} for c in data["children"]]
        self.iep.keep_snapshot(
            NAMES_SNAPSHOT, names_for, {"children": names, "problems": data["problems"]}
        )

    def show_read(self, data: dict[str, Any]) -> None:
        """Show what was just read from the files (it replaces a snapshot)."""
        self.from_snapshot = False
        self.show(data)

    def show(self, data: dict[str, Any], *, dated: bool = True) -> None:
        """Show the children and what remains; ``dated`` False: the children's names only,
        what is due not worked out yet."""
        try:
            listing = self.query_one("#children", SectionedList)
        except NoMatches:  # the app closed while the children were read: nothing to show
            return
        self.overview = data
        self.dated = dated
        children = data["children"]
        self.set_class(not children and not data["problems"], "empty")
        keep = self.selected
        options = [Option(Content(_("All children ({n})").format(n=len(children))), id=ALL)]
        for child in sorted(children, key=lambda c: c["name"].casefold()):
            if not dated:
                options.append(Option(one_line(self.name_cut(child["name"], "")), id=child["id"]))
                continue
            overdue = sum(overdue_count(m) for m in child["meetings"]) + sum(
                overdue_count(s) for s in child["standing"] if s["kind"] != "guide"
            )
            # A contact past its follow-up date with no answer counts too (as --brief does),
            # and the plan's alarms (a review near with no meeting, a report not recorded).
            overdue += sum(1 for f in child.get("follow_ups", []) if f["overdue"])
            overdue += alarms(child.get("current_plan"))
            badge = (
                "  " + ngettext("{n} overdue", "{n} overdue", overdue).format(n=overdue)
                if overdue
                else ""
            )
            name = self.name_cut(child["name"], badge)
            row = one_line(join(name, (badge, "$error bold")))
            options.append(Option(row, id=child["id"]))
        for problem in data["problems"]:
            name = problem["file"].rsplit("/", 1)[-1]
            options.append(Option(join(("⚠ ", "$warning"), safe_line(name)), disabled=True))
        ids = [o.id for o in options]
        if keep not in ids:
            keep = ALL if len(children) != 1 else children[0]["id"]
        if listing.show_rows(list(options)) or keep != self.selected:
            listing.highlighted = ids.index(keep)
        if listing.moves_waiting:  # ↓ pressed while the names were loading
            listing.replay_moves()
            option = listing.highlighted_option
            keep = option.id if option is not None and option.id else keep
        self.selected = keep
        self.show_agenda()

    def show_agenda(self) -> None:
        agenda = self.query_one("#agenda", SectionedList)
        if not agenda.size.width:
            # Not laid out yet (or hidden until now: the first child was just added, and
            # the screen's size did not change): shown once it is.
            if self.overview["children"]:
                self.call_after_refresh(self.fit_agenda)
            return
        self.agenda_width = agenda.size.width
        index = agenda.highlighted
        current = agenda.highlighted_option.id if agenda.highlighted_option else None
        # Always leave room for the scrollbar, whether or not it shows yet: the same text
        # must not be cut at two widths depending on timing.
        try:
            options = self.agenda_rows(agenda.size.width - 3)
        except SHAPE_ERRORS:
            if not self.from_snapshot:
                raise
            # A snapshot of another shape (edited by hand?): the files' view replaces it.
            options = [Option(Content(_("Loading…")), disabled=True)]
        if agenda.show_rows(options) and options:
            self.keep_place(agenda, index, current)

    def caseload(self) -> bool:
        """Whether the agenda is one list across the families, by date (many children)."""
        return self.selected == ALL and len(self.overview["children"]) > DETAILED_LIMIT

    def agenda_rows(self, width: int) -> list[Option | None]:
        """The agenda's rows for the child chosen (or all), cut to ``width``."""
        if not self.dated:
            day = day_text(self.iep.clock.today())
            note = Content(_("Working out what is due on {day}…").format(day=day)).stylize(
                "$text-muted"
            )
            return [Option(note, disabled=True)]
        children = [c for c in self.overview["children"] if self.selected in (ALL, c["id"])]
        today = self.iep.clock.today()
        options: list[Option | None] = []
        if self.caseload():
            # A caseload: one agenda across the families, by date (``iepcheck agenda``).
            doc = self.overview.get("agenda")
            if doc is None:  # an overview made without it (a test's): made here, from it
                from ...reports.agenda import agenda

                doc = agenda(self.overview, LOOK_AHEAD)
            options = [*agenda_options(doc, width), None]
            children = []
        for child in children:
            plan = _(PLAN_NAMES[child["plan"]]) if child["plan"] in PLAN_NAMES else child["plan"]
            heading = join(safe_line(child["name"], "bold $accent"), f" · {plan}")
            if child["calendar"] == "estimated":
                heading += Content(" · " + _("school days estimated")).stylize("$text-muted")
            # One line, cut with an ellipsis: longer words (another language) never spill.
            options.append(Option(heading.truncate(width, ellipsis=True), id=f"c:{child['id']}"))

            for m in child["meetings"]:
                options.append(
                    Option(meeting_prompt(m, width, today), id=f"m:{child['id']}:{m['id']}")
                )
                guides = {g["checklist"]: g for g in m["guides"]}
                for run in m["runs"]:
                    tally = guides.get(run["checklist"]) if run["kind"] == "guide" else None
                    options.append(
                        Option(run_prompt(run, tally, width), id=f"r:{child['id']}:{run['id']}")
                    )
            for entry in child["standing"]:
                options.append(
                    Option(
                        standing_prompt(entry, width, today), id=f"r:{child['id']}:{entry['run']}"
                    )
                )
            plan_row = plan_prompt(child.get("current_plan"), width, today)
            if plan_row is not None:
                options.append(Option(plan_row, id=f"plan:{child['id']}"))
            waiting = follow_up_prompt(child.get("follow_ups", []), width, today)
            if waiting is not None:
                options.append(Option(waiting, id=f"log:{child['id']}"))
            later = child.get("later", [])
            if later and not child["meetings"]:
                m = later[0]
                options.append(Option(later_prompt(m, width), id=f"m:{child['id']}:{m['id']}"))
            elif not child["meetings"] and not child["standing"] and plan_row is None:
                options.append(
                    Option(
                        Content("  " + _(NOTHING_COMING)),
                        disabled=True,
                    )
                )
            options.append(None)
        for problem in self.overview["problems"]:
            if self.selected == ALL:
                options.append(
                    Option(
                        join(
                            (_("Not opened:") + " ", "$warning bold"),
                            safe_line(f"{problem['file']}: {problem['reason']}"),
                        ),
                        disabled=True,
                    )
                )
        while options and options[-1] is None:
            options.pop()
        return options

    @staticmethod
    def keep_place(agenda: SectionedList, index: int | None, current: str | None) -> None:
        """After the agenda was built anew: the highlight on the row it was on if that row
        is still there (rows may have come above it), else at the same place (or the last
        row); and in view, even when keys moved it before this redraw (set_options scrolls
        to the top; the same index set again would not scroll back)."""
        try:
            agenda.highlighted = agenda.get_option_index(current) if current else None
        except OptionDoesNotExist:
            agenda.highlighted = None
        if agenda.highlighted is None:
            agenda.highlighted = min(index or 0, agenda.option_count - 1)
        agenda.scroll_to_highlight()

    @on(OptionList.OptionHighlighted, "#children")
    def child_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != self.selected:
            self.selected = event.option.id
            self.show_agenda()

    @on(OptionList.OptionSelected, "#children")
    def child_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#agenda", OptionList).focus()

    @on(OptionList.OptionSelected, "#agenda")
    def agenda_selected(self, event: OptionList.OptionSelected) -> None:
        self.open_option(event.option.id or "")

    def on_child_changed(self, message: ChildChanged) -> None:
        self.reload_when_shown()

    def on_day_changed(self, message: DayChanged) -> None:
        self.reload_when_shown()

    def reload_when_shown(self) -> None:
        """Read the children again now if Home is on screen, else once it is shown again: a
        tick on a checklist screen must not wait for every child's status behind it.
        (Not ``is_current``: that is true under an opaque screen too, Home being drawn
        behind it.)"""
        if self.app.screen is self:
            self.reload()
        else:
            self.stale = True

    def on_screen_resume(self) -> None:
        if self.stale:
            self.stale = False
            self.reload()

    # -- actions --------------------------------------------------------------------------
    def current_child(self) -> str | None:
        if self.selected != ALL:
            return self.selected
        option = self.query_one("#agenda", OptionList).highlighted_option
        if option is not None and option.id:
            return option.id.partition("#")[0].split(":")[1]
        children = self.overview["children"]
        return children[0]["id"] if len(children) == 1 else None

    def open_option(self, option_id: str) -> None:
        # An agenda row's id ends in "#N" (rows that open the same thing): not part of it.
        kind, _sep, rest = option_id.partition("#")[0].partition(":")
        child_id, _sep, target = rest.partition(":")
        if kind == "c":
            listing = self.query_one("#children", OptionList)
            listing.highlighted = listing.get_option_index(child_id)
        elif kind == "m":
            self.open_meeting(child_id, target)
        elif kind == "r":
            from .run import RunScreen

            self.app.push_screen(RunScreen(child_id, target))
        elif kind == "log":
            from .record import RecordScreen

            self.app.push_screen(RecordScreen(child_id))
        elif kind == "plan":
            from .plan import PlanScreen

            self.app.push_screen(PlanScreen(child_id))

    def open_meeting(self, child_id: str, meeting_id: str) -> None:
        """Enter on a meeting: its checklist (the guide only when it is the one there); a
        meeting with none opens its form, to attach one. ``e`` edits the meeting."""
        from .meeting import MeetingScreen
        from .run import RunScreen

        try:
            runs = self.session.child(child_id).runs_for(meeting_id)
        except Exception:  # a file that no longer reads: the form says why
            runs = []
        runs.sort(key=lambda r: r.kind == "guide")
        if runs:
            self.app.push_screen(RunScreen(child_id, runs[0].id))
        else:
            self.app.push_screen(MeetingScreen(child_id, meeting_id))

    def action_to_children(self) -> None:
        self.query_one("#children", OptionList).focus()

    def action_to_agenda(self) -> None:
        self.query_one("#agenda", OptionList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # ← and → move between the lists only: nowhere else do they mean anything here.
        if action == "to_children":
            return self.query_one("#agenda", OptionList).has_focus
        if action == "to_agenda":
            return self.query_one("#children", OptionList).has_focus
        return True

    def action_open(self) -> None:
        agenda = self.query_one("#agenda", OptionList)
        if agenda.has_focus and agenda.highlighted_option is not None:
            self.open_option(agenda.highlighted_option.id or "")

    def action_add_child(self) -> None:
        from .child import ChildScreen

        self.app.push_screen(ChildScreen(None), self._child_added)

    def _child_added(self, child_id: str | None) -> None:
        if child_id:
            self.selected = child_id
        self.reload()

    def _need_child(self) -> str | None:
        child_id = self.current_child()
        if child_id is None:
            self.notify(
                _("Choose a child first (in the list on the left), or press c to add one."),
                markup=False,
            )
        return child_id

    def action_edit_child(self) -> None:
        """Edit the child; on a meeting's row, the meeting (Enter opens its checklist)."""
        from .child import ChildScreen
        from .meeting import MeetingScreen

        agenda = self.query_one("#agenda", OptionList)
        option = agenda.highlighted_option
        row = (option.id or "").partition("#")[0] if option is not None else ""
        if agenda.has_focus and row.startswith("m:"):
            _kind, owner, meeting_id = row.split(":", 2)
            self.app.push_screen(MeetingScreen(owner, meeting_id))
            return
        if child_id := self._need_child():
            self.app.push_screen(ChildScreen(child_id), self._child_added)

    def action_add_meeting(self) -> None:
        from .meeting import MeetingScreen

        if child_id := self._need_child():
            self.app.push_screen(MeetingScreen(child_id, None))

    def action_start(self) -> None:
        from .child import StartChecklist

        if child_id := self._need_child():
            self.app.push_screen(StartChecklist(child_id))

    def action_export(self) -> None:
        """A printable record of the child (Home's way to what a checklist's e does)."""
        if child_id := self._need_child():
            self.iep.export_record(child_id, None)

    def action_record(self) -> None:
        from .record import RecordScreen

        child_id = self._need_child()
        if child_id is not None:
            self.app.push_screen(RecordScreen(child_id))

    def action_plan(self) -> None:
        from .plan import PlanScreen

        child_id = self._need_child()
        if child_id is not None:
            self.app.push_screen(PlanScreen(child_id))

    def action_calendar(self) -> None:
        """Meetings and dated items as a .ics file: the child shown, or every child."""
        from .calendars import export_calendar

        export_calendar(self.iep, self.selected if self.selected != ALL else None)

    def action_details(self) -> None:
        from .details import edit_profile

        edit_profile(self.iep)

    def action_language(self) -> None:
        from .details import choose_language

        choose_language(self.iep)

    def action_library(self) -> None:
        from .library import LibraryScreen

        self.app.push_screen(LibraryScreen())

    def action_receive(self) -> None:
        """A child's record someone shared: added, or merged into the same child."""
        from .sharing import receive

        receive(self.iep)

    def action_backup(self) -> None:
        from .sharing import make_backup

        make_backup(self.iep)
