"""One checklist for one child: tick, skip, note, log, add own items, filter, undo, export."""

from __future__ import annotations

import dataclasses

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from ...records.ids import short_id
from ...records.model import OWN_PREFIX, Child, ItemCopy, ItemState, LogEntry, Run
from ...records.operations import (
    AddLog,
    AddOwnItem,
    EditLog,
    EditOwnItem,
    MarkSeen,
    Operation,
    RemoveLog,
    RemoveOwnItem,
    SetNote,
    Skip,
    Tick,
    Untick,
)
from ...records.schedule import ItemView, RunSummary, calendar_for, summarize, summarize_meeting
from ...records.store import ProgressError
from ...reports.guide import conclude
from ...reports.words import (
    KIND_NAMES,
    countdown_text,
    day_text,
    shown_path,
    tally_json,
    tally_text,
)
from ...service import runs
from ...service.dates import parse_day
from ...service.errors import InputError
from ..messages import ChildChanged, DayChanged, LibraryLoaded
from ..rendering.items import MARKS, details, item_prompt, orphan_details
from ..text import join, safe, safe_line
from ..widgets.dialogs import Confirm, Pick, Prompt
from ..widgets.panes import ListAndDetails
from .base import IepScreen


class RunScreen(IepScreen[None]):
    BINDINGS = [
        # Back and Help first: the footer keeps them at every width.
        Binding("q,backspace,escape", "back", "Back", id="run.back"),
        Binding("question_mark,f1", "app.help", "Help", id="run.help"),
        Binding("space", "tick", "Tick", id="run.tick", tooltip="Tick or untick the item"),
        Binding("o", "done_on", "Done on…", id="run.done_on", show=False),
        Binding("s", "skip", "Skip", id="run.skip", tooltip="Skip as not applicable"),
        Binding("n", "note", "Note", id="run.note", tooltip="A note on the item"),
        Binding("l", "log", "Log", id="run.log", tooltip="A dated log entry"),
        Binding("L", "log_entries", "Edit or remove log entries", id="run.logs", show=False),
        Binding("a", "add_own", "Add", id="run.add", tooltip="Add your own item"),
        Binding("r", "edit_own", "Edit your item", id="run.edit_own", show=False),
        Binding("d", "remove_own", "Remove your item", id="run.remove_own", show=False),
        Binding("slash", "filter", "Filter items", id="run.filter", show=False),
        Binding("h", "hide_done", "Hide or show done items", id="run.hide", show=False),
        Binding("u", "app.undo", "Undo", id="run.undo", tooltip="Undo the last change"),
        Binding("e", "export", "Export", id="run.export", tooltip="A printable record"),
        Binding("S", "use_other_file", "Use the other file", id="run.shadow", show=False),
        # A guide's next steps, offered when its conclusion suggests them.
        Binding(
            "t",
            "next_step('start-switch')",
            "Switch",
            id="run.guide.switch",
            tooltip="Start moving from a 504 to an IEP",
        ),
        Binding(
            "m",
            "next_step('add-meeting')",
            "Meet",
            id="run.guide.meeting",
            tooltip="Add the meeting the guide suggests",
        ),
        Binding(
            "w",
            "next_step('read-warnings')",
            "Weigh",
            id="run.guide.weigh",
            tooltip="The points to weigh before deciding",
        ),
    ]
    GUIDE_ACTIONS = ("start-switch", "add-meeting", "read-warnings")

    def __init__(self, child_id: str, run_id: str) -> None:
        super().__init__()
        self.child_id = child_id
        self.run_id = run_id
        self.hide_done = False
        self.filter_text = ""
        self.views: dict[str, ItemView] = {}
        self.summary: RunSummary | None = None
        self.looked_at: str | None = None  # the item whose details were shown last

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="run-info")
        yield Input(placeholder="Filter items (Enter: done, Esc: clear)", id="run-filter")
        yield ListAndDetails("Items", "items", "details-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.render_run()
        self.query_one("#items", OptionList).focus()

    # -- data -----------------------------------------------------------------------------
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

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        self.render_run()

    def on_child_changed(self, message: ChildChanged) -> None:
        if message.child_id == self.child_id:
            self.render_run()

    def on_day_changed(self, message: DayChanged) -> None:
        self.render_run()

    # -- display --------------------------------------------------------------------------
    def render_run(self) -> None:
        child = self.child()
        run = child.run(self.run_id) if child else None
        if child is None or run is None:
            self.query_one("#run-info", Static).update(Content("This checklist is no longer here."))
            return
        cal = calendar_for(child)
        today = self.session.today()
        summary = summarize(run, child, cal, today)
        self.summary = summary
        self.views = {v.id: v for v in summary.items}
        self.title = run.title
        self.query_one("#run-info", Static).update(self.info(child, run, summary))
        items = self.query_one("#items", OptionList)
        current = items.highlighted_option.id if items.highlighted_option else None
        guide = run.kind == "guide"
        options: list[Option | None] = []
        needle = self.filter_text.casefold()
        by_section: dict[str, list[ItemView]] = {}
        for view in summary.items:
            by_section.setdefault(view.section, []).append(view)
        for section in run.sections:
            shown = [
                v
                for v in by_section.get(section.title, [])
                if not (self.hide_done and v.state != "open")
                and not (needle and needle not in v.item.text.casefold())
            ]
            if not shown and not (section.user_items and not needle):
                continue
            title = safe_line(section.title.upper(), "bold $accent")
            options.append(Option(title, disabled=True))
            options += [Option(item_prompt(view, guide), id=view.id) for view in shown]
            if section.user_items and not needle:
                n = run.sections.index(section)
                hint = "  + add your own item here (Enter or a)"
                options.append(Option(Content(hint).stylize("$accent"), id=f"add:{n}"))
        orphans = run.orphans()
        if orphans:
            options.append(
                Option(
                    Content("NO LONGER IN THE CHECKLIST").stylize("bold $warning"), disabled=True
                )
            )
            for item_id in orphans:
                state = run.items[item_id]
                mark, style = MARKS.get(state.state, MARKS["open"])
                text = safe_line(run.orphan_text(item_id))
                options.append(Option(join((mark, style), text), id=f"orphan:{item_id}"))
        if not any(o is not None and not o.disabled for o in options):
            message = "No items match the filter." if needle else "Nothing left to do here."
            options.append(Option(Content(message).stylize("$text-muted"), disabled=True))
        items.set_options(options)
        self.refresh_bindings()  # "a Add" only where the checklist takes own items
        ids = [o.id if o else None for o in options]
        if current is not None and current in ids:
            items.highlighted = ids.index(current)
        else:
            first = next((n for n, o in enumerate(options) if o and not o.disabled), None)
            items.highlighted = first
        self.show_details()

    def info(self, child: Child, run: Run, summary: RunSummary) -> Content:
        parts: list[Content] = [safe_line(child.name, "bold")]
        if summary.meeting is not None:
            ms = summarize_meeting(
                child, summary.meeting, calendar_for(child), self.session.today()
            )
            kind = KIND_NAMES.get(summary.meeting.kind, summary.meeting.kind)
            parts.append(
                join(
                    " · ",
                    safe_line(summary.meeting.title or kind),
                    f" {day_text(summary.meeting.date)}, ",
                    (countdown_text(ms.days_left, ms.school_days_left, ms.estimated), "$accent"),
                )
            )
        elif run.meeting is None:
            parts.append(Content(f" · since {day_text(run.started)}"))
        if run.kind == "guide":
            parts.append(Content("\n" + tally_text(tally_json(summary.tally()))).stylize("bold"))
            found = conclude(summary, child.plan)
            parts.append(join("\n", (found.headline, "bold $accent")))
            keys = {"start-switch": "t", "add-ppt": "m", "add-504": "m", "read-warnings": "w"}
            steps = [f"{keys[s.action]}: {s.text}" for s in found.steps if s.action in keys]
            if steps:
                parts.append(Content("\n" + " · ".join(steps)).stylize("$text-muted"))
        else:
            skipped = f", {summary.skipped} skipped" if summary.skipped else ""
            overdue = len(summary.overdue)
            parts.append(
                join(
                    f"\n{summary.done} of {summary.total} done{skipped}",
                    (f" · {overdue} overdue", "$error bold") if overdue else "",
                )
            )
        flags = []
        if self.hide_done:
            flags.append("done hidden (h)")
        if self.filter_text:
            flags.append(f"filter: {self.filter_text}")
        if flags:
            parts.append(safe_line(" · " + " · ".join(flags), "$text-muted"))
        library = self.session.library
        entry = library.get(run.checklist) if library else None
        other = self.session.workspace.other_file(run) if library else None
        if other is not None:
            parts.append(
                join(
                    ("\nAnother file now stands for this checklist: ", "$warning"),
                    safe_line(shown_path(other.path)),
                    (f" ({other.origin}). This run keeps its {run.origin} copy; ", "$warning"),
                    ("S switches.", "$warning bold"),
                )
            )
        elif library is not None and entry is None:
            parts.append(
                Content(
                    "\nThe checklist file is gone; the copy kept with your progress is shown."
                ).stylize("$text-muted")
            )
        return Content("").join(parts)

    # -- a guide's conclusion and next steps --------------------------------------------------
    def steps(self) -> dict[str, str]:
        """The next steps the guide's conclusion offers now: action → step action."""
        child = self.child()
        if self.summary is None or child is None or self.summary.run.kind != "guide":
            return {}
        offered = {}
        for step in conclude(self.summary, child.plan).steps:
            if step.action in ("add-ppt", "add-504"):
                offered["add-meeting"] = step.action
            else:
                offered[step.action] = step.action
        return offered

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_step":
            return parameters[0] in self.steps()
        if action in ("add_own", "log", "skip", "note", "done_on"):  # a guide has signs
            run = self.run()
            return run is not None and run.kind != "guide"
        return True

    def action_next_step(self, which: str) -> None:
        step = self.steps().get(which)
        if step is None:
            return
        if step == "start-switch":
            self.iep.start_standing(self.child_id, "ct-504-to-iep")
        elif step in ("add-ppt", "add-504"):
            from .meeting import MeetingScreen

            kind = "ppt" if step == "add-ppt" else "504"
            self.app.push_screen(MeetingScreen(self.child_id, None, kind=kind))
        elif step == "read-warnings":
            weigh = [v.id for v in self.views.values() if not v.item.leans]
            if weigh:
                items = self.query_one("#items", OptionList)
                items.highlighted = items.get_option_index(weigh[0])
                items.focus()

    @on(OptionList.OptionSelected, "#items")
    def selected(self, event: OptionList.OptionSelected) -> None:
        if (event.option.id or "").startswith("add:"):
            self.action_add_own()

    @on(OptionList.OptionHighlighted, "#items")
    def highlighted(self) -> None:
        self.show_details()

    def current_id(self) -> str | None:
        option = self.query_one("#items", OptionList).highlighted_option
        return option.id if option is not None else None

    def show_details(self) -> None:
        target = self.query_one("#details-text", Static)
        item_id = self.current_id()
        self.seen(item_id)
        run = self.run()
        if item_id is None or run is None or item_id.startswith("add:"):
            target.update(Content(""))
            return
        if item_id.startswith("orphan:"):
            real = item_id.removeprefix("orphan:")
            target.update(orphan_details(run.orphan_text(real), run.items.get(real, ItemState())))
            return
        view = self.views.get(item_id)
        if view is None:
            return
        target.update(details(view))

    def seen(self, now_shown: str | None) -> None:
        """The family has looked at an item reworded since they ticked it: once the highlight
        moves on, it is no longer marked "changed since you ticked"."""
        before, self.looked_at = self.looked_at, now_shown
        if before is None or before == now_shown:
            return
        view = self.views.get(before)
        if view is not None and view.saved.was:
            self.iep.apply(self.child_id, MarkSeen(self.run_id, before), undoable=False)
            self.call_after_refresh(self.render_run)

    # -- changes ----------------------------------------------------------------------------
    def change(self, op: Operation) -> bool:
        """Apply a change to this run now (at its checklist's newest version), save it in
        the background; ``u`` undoes it, here or on any screen."""
        run = self.session.child(self.child_id).run(self.run_id)
        if run is None:
            return False
        done = self.iep.apply(
            self.child_id, runs.with_newer_version(self.session.workspace, run, op)
        )
        self.render_run()
        return done is not None

    def _item_or_warn(self) -> str | None:
        item_id = self.current_id()
        if item_id is None:
            return None
        if item_id.startswith("orphan:"):
            self.notify(
                "This item is no longer in the checklist; its record is kept as it is.",
                markup=False,
            )
            return None
        if item_id.startswith("add:"):
            self.action_add_own()  # the "add your own item here" row
            return None
        return item_id

    def action_tick(self) -> None:
        item_id = self._item_or_warn()
        if item_id is None:
            return
        view = self.views[item_id]
        if view.state == "open":
            self.change(Tick(self.run_id, item_id, self.session.now()))
        else:
            self.change(Untick(self.run_id, item_id))

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
                join("Not applicable: ", safe_line(self.views[item_id].item.text, "bold")),
                [("Why (optional)", "", "e.g. annual review, not an initial evaluation")],
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
                self.change(SetNote(self.run_id, item_id, values[0]))

        self.app.push_screen(
            Prompt(
                join("Note for: ", safe_line(self.views[item_id].item.text, "bold")),
                [("", current, "What you want to remember about this item")],
                "Enter: save (an empty note removes it) · Esc: cancel",
            ),
            done,
        )

    def action_log(self) -> None:
        item_id = self._item_or_warn()
        if item_id is not None:
            self.ask_log(item_id)

    def ask_log(
        self, item_id: str, typed: list[str] | None = None, error: str = "", entry_id: str = ""
    ) -> None:
        """The log dialog (a new entry, or ``entry_id`` to edit); a wrong date keeps what was
        typed and says what is wrong."""
        today = self.session.today()
        run = self.run()
        old = next((e for e in run.state(item_id).log if e.id == entry_id), None) if run else None
        values = typed or ([old.day.isoformat(), old.text] if old else [today.isoformat(), ""])

        def done(answer: list[str] | None) -> None:
            if answer is None:
                return
            try:
                day = parse_day(answer[0], today=today, what="The day it happened", past_only=True)
            except InputError as exc:
                self.ask_log(item_id, answer, str(exc), entry_id)
                return
            text = answer[1].strip()
            if not text:
                self.ask_log(item_id, answer, "Say what happened: the entry is empty.", entry_id)
                return
            if old is not None:
                changed = dataclasses.replace(old, day=day, text=text)
                self.change(EditLog(self.run_id, item_id, changed))
                return
            taken = [e.id for e in run.state(item_id).log] if run else []
            entry = LogEntry(short_id(taken, prefix="l"), day, text, self.session.now())
            self.change(AddLog(self.run_id, item_id, entry))

        verb = "Edit the log entry for: " if old else "Log entry for: "
        self.app.push_screen(
            Prompt(
                join(verb, safe_line(self.views[item_id].item.text, "bold")),
                [
                    ("The day it happened", values[0], "YYYY-MM-DD"),
                    ("What happened", values[1], "e.g. no extended time on the math quiz"),
                ],
                error=error,
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
            self.notify("This item has no log entries yet: press l to add one.", markup=False)
            return
        choices = [
            (e.id, join((f"{day_text(e.day)}  ", "$accent"), safe_line(e.text))) for e in entries
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
            question = join("Remove this log entry?\n\n", safe(entry.text), "\n\n(u undoes it)")
            self.app.push_screen(Confirm(question, "Remove", "Keep"), answered)

        self.app.push_screen(
            Pick(
                Content("Log entries: Enter edits · d removes · Esc closes"),
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

        def done(answer: list[str] | None) -> None:
            if answer is None:
                return
            try:
                day = parse_day(answer[0], today=today, what="The day", past_only=True)
            except InputError as exc:
                self.ask_done_on(item_id, answer[0], str(exc))
                return
            self.change(Tick(self.run_id, item_id, self.session.now(), day))

        self.app.push_screen(
            Prompt(
                join("Done on which day: ", safe_line(self.views[item_id].item.text, "bold")),
                [("The day it really happened", typed or today.isoformat(), "YYYY-MM-DD")],
                "Dates counted from this item count from this day. Enter: tick · Esc: cancel",
                error=error,
            ),
            done,
        )

    def own_item(self) -> ItemCopy | None:
        run = self.run()
        item_id = self.current_id()
        item = run.find(item_id) if run and item_id else None
        if item is None or not item.own:
            self.notify("Only items you added can be edited or removed.", markup=False)
            return None
        return item

    def action_edit_own(self) -> None:
        item = self.own_item()
        if item is None:
            return

        def done(answer: list[str] | None) -> None:
            if answer and answer[0].strip():
                new = dataclasses.replace(item, text=answer[0].strip())
                self.change(EditOwnItem(self.run_id, new))

        self.app.push_screen(
            Prompt(Content("Edit your item"), [("", item.text, "")]),
            done,
        )

    def action_remove_own(self) -> None:
        item = self.own_item()
        if item is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.change(RemoveOwnItem(self.run_id, item.id))

        question = join(
            "Remove your item \u201c",
            safe_line(item.text, "bold"),
            "\u201d?\n\nIts ticks, note and log go with it (u undoes it).",
        )
        self.app.push_screen(Confirm(question, "Remove", "Keep"), answered)

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
                join("Add your own item to: ", safe_line(section_title, "bold")),
                [("", "", "e.g. Extended time (1.5x) on tests")],
            ),
            done,
        )

    def action_filter(self) -> None:
        self.add_class("filtering")
        box = self.query_one("#run-filter", Input)
        box.value = self.filter_text
        box.focus()

    @on(Input.Changed, "#run-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()
        self.render_run()

    @on(Input.Submitted, "#run-filter")
    def filter_done(self) -> None:
        self.query_one("#items", OptionList).focus()
        if not self.filter_text:
            self.remove_class("filtering")

    def action_hide_done(self) -> None:
        self.hide_done = not self.hide_done
        self.render_run()

    def action_use_other_file(self) -> None:
        """Move the run to the file that now stands for its checklist, after saying which."""
        run = self.session.child(self.child_id).run(self.run_id)
        other = self.session.workspace.other_file(run) if run else None
        if run is None or other is None:
            self.notify("This checklist comes from the file it started from.", markup=False)
            return
        mine = self.session.workspace.newer_template(run) or run.template
        question = join(
            "Use ",
            safe_line(shown_path(other.path), "bold"),
            f" ({other.origin}, version {other.result.version}) for this checklist, in place of ",
            f"the {run.origin} copy (version {mine.version}) it started from?\n\n",
            "Ticks, notes and logs carry over by item; items the other file lacks are kept as "
            "'no longer in the checklist'.",
        )

        def answered(yes: bool | None) -> None:
            now = self.session.child(self.child_id).run(self.run_id)
            move = runs.to_other_file(self.session.workspace, now) if yes and now else None
            if move is not None:
                self.iep.apply(self.child_id, move)
                self.render_run()

        self.app.push_screen(Confirm(question, "Use it", "Keep mine"), answered)

    def action_export(self) -> None:
        self.iep.export_record(self.child_id, self.run_id)

    def action_back(self) -> None:
        if self.has_class("filtering") and self.focused is self.query_one("#run-filter", Input):
            self.filter_text = ""
            self.remove_class("filtering")
            self.render_run()
            self.query_one("#items", OptionList).focus()
            return
        self.app.pop_screen()
