"""One checklist for one child: tick, skip, note, log, add own items, filter, undo, export."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from ...progress import OWN_PREFIX, Child, ItemState, Run, short_id
from ...report import KIND_NAMES, countdown, day_text
from ...schedule import ItemView, RunSummary, calendar_for, summarize, summarize_meeting
from ...store import ProgressError
from ..app import ChildChanged, LibraryLoaded
from ..text import join, safe_line
from ..widgets.dialogs import Prompt
from ..widgets.items import MARKS, details, item_prompt, orphan_details
from ..widgets.panes import ListAndDetails


class RunScreen(Screen[None]):
    BINDINGS = [
        Binding("space", "toggle", "Tick", id="run.toggle", tooltip="Tick or untick the item"),
        Binding("s", "skip", "Skip", id="run.skip", tooltip="Skip as not applicable"),
        Binding("n", "note", "Note", id="run.note", tooltip="A note on the item"),
        Binding("l", "log", "Log", id="run.log", tooltip="A dated log entry"),
        Binding("a", "add_own", "Add", id="run.add", tooltip="Add your own item"),
        Binding("slash", "filter", "Filter items", id="run.filter", show=False),
        Binding("h", "hide_done", "Hide or show done items", id="run.hide", show=False),
        Binding("u", "undo", "Undo", id="run.undo", tooltip="Undo the last change"),
        Binding("e", "export", "Export", id="run.export", tooltip="A printable record"),
        Binding("q,backspace,escape", "back", "Back", id="run.back"),
    ]

    def __init__(self, child_id: str, run_id: str) -> None:
        super().__init__()
        self.child_id = child_id
        self.run_id = run_id
        self.hide_done = False
        self.filter_text = ""
        self.undo_stack: list[tuple[str, Callable[[Child], object]]] = []
        self.views: dict[str, ItemView] = {}
        self.summary: RunSummary | None = None

    @property
    def session(self):
        return self.app.session

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="run-info")
        yield Input(placeholder="Filter items (Enter: done, Esc: clear)", id="run-filter")
        yield ListAndDetails("Items", "items", "details-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.update_from_library()
        self.render_run()
        self.query_one("#items", OptionList).focus()

    # -- data -----------------------------------------------------------------------------
    def child(self) -> Child | None:
        try:
            return self.session.child(self.child_id)
        except ProgressError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return None

    def run(self) -> Run | None:
        child = self.child()
        return child.run(self.run_id) if child else None

    def update_from_library(self) -> None:
        """A newer version of the checklist: take it; progress carries over by item id."""
        library = self.session.library
        run = self.run()
        if library is None or run is None:
            return
        entry = library.get(run.checklist)
        if entry is None or entry.checklist is None or entry.checklist.version <= run.version:
            return
        checklist, origin = entry.checklist, entry.origin
        self.app.apply(self.child_id, lambda c: c.run(self.run_id).refresh(checklist, origin))
        self.notify(
            f"Updated to version {checklist.version} of this checklist; your ticks, notes and "
            "logs carried over.",
            markup=False,
        )

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        self.update_from_library()
        self.render_run()

    def on_child_changed(self, message: ChildChanged) -> None:
        if message.child_id == self.child_id:
            self.render_run()

    # -- display --------------------------------------------------------------------------
    def render_run(self) -> None:
        child = self.child()
        run = child.run(self.run_id) if child else None
        if child is None or run is None:
            self.query_one("#run-info", Static).update(Content("This checklist is no longer here."))
            return
        cal = calendar_for(child)
        today = self.session.today
        summary = summarize(run, child, cal, today)
        self.summary = summary
        self.views = {v.id: v for v in summary.items}
        self.title = run.title
        self.query_one("#run-info", Static).update(self.info(child, run, summary))
        items = self.query_one("#items", OptionList)
        current = items.highlighted_option.id if items.highlighted_option else None
        guide = run.kind == "guide"
        options: list[Option | None] = []
        section = None
        needle = self.filter_text.casefold()
        for view in summary.items:
            if self.hide_done and view.state != "open":
                continue
            if needle and needle not in view.item.text.casefold():
                continue
            if view.section != section:
                section = view.section
                options.append(Option(safe_line(section.upper(), "bold $accent"), disabled=True))
            options.append(Option(item_prompt(view, guide), id=view.id))
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
                options.append(
                    Option(join((mark, style), safe_line(item_id)), id=f"orphan:{item_id}")
                )
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
            ms = summarize_meeting(child, summary.meeting, calendar_for(child), self.session.today)
            kind = KIND_NAMES.get(summary.meeting.kind, summary.meeting.kind)
            parts.append(
                join(
                    " · ",
                    safe_line(summary.meeting.title or kind),
                    f" {day_text(summary.meeting.date)}, ",
                    (countdown(ms), "$accent"),
                )
            )
        elif run.meeting is None:
            parts.append(Content(f" · since {day_text(run.started)}"))
        if run.kind == "guide":
            tally = summary.tally()
            parts.append(
                Content(
                    f"\nIEP signs {tally['IEP'][0]} of {tally['IEP'][1]}, "
                    f"504 signs {tally['504'][0]} of {tally['504'][1]}"
                ).stylize("bold")
            )
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
        if entry is not None and entry.shadows_bundled is not None:
            parts.append(
                join(
                    ("\nThis checklist replaces the bundled one: ", "$warning"),
                    safe_line(str(entry.path)),
                )
            )
        elif library is not None and entry is None:
            parts.append(
                Content(
                    "\nThe checklist file is gone; the copy kept with your progress is shown."
                ).stylize("$text-muted")
            )
        return Content("").join(parts)

    @on(OptionList.OptionHighlighted, "#items")
    def highlighted(self) -> None:
        self.show_details()

    def current_id(self) -> str | None:
        option = self.query_one("#items", OptionList).highlighted_option
        return option.id if option is not None else None

    def show_details(self) -> None:
        target = self.query_one("#details-text", Static)
        item_id = self.current_id()
        run = self.run()
        if item_id is None or run is None:
            target.update(Content(""))
            return
        if item_id.startswith("orphan:"):
            real = item_id.removeprefix("orphan:")
            target.update(orphan_details(real, run.items.get(real, ItemState())))
            return
        view = self.views.get(item_id)
        if view is None:
            return
        library = self.session.library
        checklist = library.checklist(run.checklist) if library else None
        target.update(details(view, checklist.item(item_id) if checklist else None))

    # -- changes --------------------------------------------------------------------------
    def change(self, description: str, item_id: str, fn: Callable[[Run], object]) -> None:
        """Apply a change to one item now, save it in the background, and make it undoable."""
        run = self.run()
        if run is None:
            return
        before = copy.deepcopy(run.items.get(item_id))
        run_id = self.run_id
        if self.app.apply(self.child_id, lambda c: fn(c.run(run_id))):
            self.undo_stack.append((description, lambda c: c.run(run_id).restore(item_id, before)))
        self.render_run()

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
        return item_id

    def action_toggle(self) -> None:
        item_id = self._item_or_warn()
        if item_id is None:
            return
        view = self.views[item_id]
        now = self.session.now()
        if view.state == "open":
            self.change("tick", item_id, lambda r: r.tick(item_id, now))
        else:
            self.change("untick", item_id, lambda r: r.untick(item_id))

    def action_skip(self) -> None:
        item_id = self._item_or_warn()
        if item_id is None:
            return
        if self.views[item_id].state == "skipped":
            self.change("unskip", item_id, lambda r: r.untick(item_id))
            return

        def done(values: list[str] | None) -> None:
            if values is not None:
                now = self.session.now()
                reason = values[0].strip()
                self.change("skip", item_id, lambda r: r.skip(item_id, now, reason))

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
                note = values[0]
                self.change("note", item_id, lambda r: r.set_note(item_id, note))

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
        if item_id is None:
            return
        today = self.session.today

        def done(values: list[str] | None) -> None:
            if values is None:
                return
            day_text_, text = values[0].strip(), values[1].strip()
            try:
                day = date.fromisoformat(day_text_) if day_text_ else today
            except ValueError:
                self.notify(
                    f"'{day_text_}' is not a date like {today.isoformat()}; nothing logged.",
                    severity="error",
                    markup=False,
                )
                return
            if not text:
                self.notify("An empty log entry was not added.", markup=False)
                return
            now = self.session.now()
            self.change("log entry", item_id, lambda r: r.add_log(item_id, day, text, now))

        self.app.push_screen(
            Prompt(
                join("Log entry for: ", safe_line(self.views[item_id].item.text, "bold")),
                [
                    ("The day it happened", today.isoformat(), "YYYY-MM-DD"),
                    ("What happened", "", "e.g. no extended time on the math quiz"),
                ],
            ),
            done,
        )

    def action_add_own(self) -> None:
        run = self.run()
        if run is None:
            return
        current = self.views.get(self.current_id() or "")
        indices = [n for n, s in enumerate(run.sections) if s.user_items]
        if not indices:
            self.notify("This checklist has no section for your own items.", markup=False)
            return
        index = indices[0]
        if current is not None:
            for n in indices:
                if run.sections[n].title == current.section:
                    index = n
        section_title = run.sections[index].title

        def done(values: list[str] | None) -> None:
            if not values or not values[0].strip():
                return
            text = values[0].strip()
            taken = set(run.item_ids()) | set(run.items)
            new_id = f"{OWN_PREFIX}{short_id(taken)}"
            now = self.session.now()
            run_id = self.run_id
            if not self.app.apply(
                self.child_id, lambda c: c.run(run_id).add_own_item(index, text, now, new_id)
            ):
                return
            self.undo_stack.append(("add item", lambda c: c.run(run_id).remove_own_item(new_id)))
            self.render_run()
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

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo.", markup=False)
            return
        description, undo = self.undo_stack.pop()
        self.app.apply(self.child_id, undo)
        self.render_run()
        self.notify(f"Undone: {description}.", markup=False)

    def action_export(self) -> None:
        run = self.run()
        if run is None:
            return
        default = Path.cwd() / f"{self.child_id}-{run.checklist}-{self.session.today}.html"

        def done(values: list[str] | None) -> None:
            if values and values[0].strip():
                self.write_export(Path(values[0].strip()).expanduser())

        self.app.push_screen(
            Prompt(
                Content("Export a printable record"),
                [("File (.html, .md or .txt)", str(default), "")],
                "The whole record of this meeting (or this child). Enter: write · Esc: cancel",
            ),
            done,
        )

    @work(thread=True)
    def write_export(self, target: Path) -> None:
        from ...export import render
        from ...fileio import atomic_write

        child = self.session.children[self.child_id]
        run = child.run(self.run_id)
        meeting = child.meeting(run.meeting) if run and run.meeting else None
        fmt = {".md": "md", ".txt": "txt"}.get(target.suffix.lower(), "html")
        try:
            library = self.session.library
            shadows = library.shadowing() if library else {}
            text = render(child, self.session.today, fmt, meeting, shadows)
            atomic_write(target, text.encode())
        except OSError as exc:
            self.app.call_from_thread(
                self.notify,
                f"Could not write {target}: {exc.strerror or exc}",
                severity="error",
                markup=False,
            )
            return
        self.app.call_from_thread(self.notify, f"Wrote {target}", markup=False)

    def action_back(self) -> None:
        if self.has_class("filtering") and self.focused is self.query_one("#run-filter", Input):
            self.filter_text = ""
            self.remove_class("filtering")
            self.render_run()
            self.query_one("#items", OptionList).focus()
            return
        self.app.pop_screen()
