"""One checklist for one child: what shows, ticking, the guide's next steps, filter, export.

The dialogs that change one item (skip, note, log entries, done on, own items) are in
``run_editing.py``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.events import Resize
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from ...i18n import N_, _, ngettext
from ...records.model import Child, ItemState, Run
from ...records.operations import (
    MarkSeen,
    Untick,
)
from ...records.schedule import ItemView, RunSummary, calendar_for, summarize, summarize_meeting
from ...reports.content import Shown, item_copy, run_words, section_title, stale_mark
from ...reports.guide import conclude
from ...reports.words import (
    KIND_NAMES,
    countdown_text,
    day_text,
    missing_words,
    shown_path,
    tally_json,
    tally_text,
)
from ...service import runs
from ...service.errors import ServiceError
from ..messages import ChildChanged, DayChanged, LibraryLoaded
from ..rendering.items import MARKS, details, item_prompt, orphan_details, prompt_key
from ..text import OneLine, fill, join, one_line, safe_line, whole_dates
from ..widgets.dialogs import Confirm
from ..widgets.footer import KeysFooter
from ..widgets.panes import ListAndDetails, SectionedList, same
from .details import open_letter
from .run_editing import ItemEditing

if TYPE_CHECKING:
    from textual.css.styles import RulesMap


class RunScreen(ItemEditing):
    BINDINGS = [
        # Back and Help first: the footer keeps them at every width.
        Binding("q,backspace,escape", "back", N_("Back"), id="run.back"),
        Binding("question_mark,f1", "app.help", N_("Help"), id="run.help"),
        Binding("space", "tick", N_("Tick"), id="run.tick", tooltip=N_("Tick or untick the item")),
        Binding("o", "done_on", N_("Done on…"), id="run.done_on", show=False),
        Binding("s", "skip", N_("Skip"), id="run.skip", tooltip=N_("Skip as not applicable")),
        Binding("n", "note", N_("Note"), id="run.note", tooltip=N_("A note on the item")),
        Binding("l", "log", N_("Log"), id="run.log", tooltip=N_("A dated log entry")),
        Binding(
            "w",
            "letter",
            N_("Letter"),
            id="run.letter",
            tooltip=N_("The letter this item asks for"),
        ),
        Binding("L", "log_entries", N_("Edit or remove log entries"), id="run.logs", show=False),
        Binding("a", "add_own", N_("Add"), id="run.add", tooltip=N_("Add your own item")),
        Binding("r", "edit_own", N_("Edit your item"), id="run.edit_own", show=False),
        Binding("d", "remove_own", N_("Remove your item"), id="run.remove_own", show=False),
        Binding("slash", "filter", N_("Filter items"), id="run.filter", show=False),
        Binding("h", "hide_done", N_("Hide or show done items"), id="run.hide", show=False),
        Binding("u", "app.undo", N_("Undo"), id="run.undo", tooltip=N_("Undo the last change")),
        Binding("e", "export", N_("Export"), id="run.export", tooltip=N_("A printable record")),
        Binding("S", "use_other_file", N_("Use the other file"), id="run.shadow", show=False),
        Binding(
            "N",
            "pad",
            N_("Meeting notes pad"),
            id="run.pad",
            show=False,
            tooltip=N_("Notes during the meeting, each line timed"),
        ),
        Binding(
            "x",
            "stop",
            N_("Stop this checklist"),
            id="run.stop",
            show=False,
            tooltip=N_("Stop this checklist (its ticks stay in the record)"),
        ),
        # A guide's next steps, offered when its conclusion suggests them.
        Binding(
            "t",
            "next_step('start-switch')",
            N_("Switch"),
            id="run.guide.switch",
            tooltip=N_("Start moving from a 504 to an IEP"),
        ),
        Binding(
            "t",
            "next_step('start-referral')",
            N_("Referral"),
            id="run.guide.referral",
            tooltip=N_("Start a first referral for special education"),
        ),
        Binding(
            "m",
            "next_step('add-meeting')",
            N_("Meet"),
            id="run.guide.meeting",
            tooltip=N_("Add the meeting the guide suggests"),
        ),
        Binding(
            "w",
            "next_step('read-warnings')",
            N_("Weigh"),
            id="run.guide.weigh",
            tooltip=N_("The points to weigh before deciding"),
        ),
    ]
    GUIDE_ACTIONS = ("start-switch", "start-referral", "add-meeting", "read-warnings")
    STARTS = {"start-switch": "ct-504-to-iep", "start-referral": "ct-first-referral"}

    def __init__(self, child_id: str, run_id: str) -> None:
        super().__init__()
        self.child_id = child_id
        self.run_id = run_id
        self.hide_done = False
        self.filter_text = ""
        self.views: dict[str, ItemView] = {}
        self.summary: RunSummary | None = None
        self.looked_at: str | None = None  # the item whose details were shown last
        self.footer_state: tuple[object, ...] | None = None  # what check_action said last
        self.shown: dict[str, Content] = {}  # what put() showed where
        self.rows_width: int | None = None  # the width the rows were broken for
        self.words = Shown("", (), {})  # the checklist's words in the app's language
        self.rows: dict[str, tuple[tuple[object, ...], OneLine]] = {}  # item → (key, row)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="run-info")
        yield Input(placeholder=_("Filter items (Enter: done, Esc: clear)"), id="run-filter")
        yield ListAndDetails(_("Items"), "items", "details-text")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.render_run()
        self.set_focus(self.query_one("#items", OptionList), scroll_visible=False)

    # -- data -----------------------------------------------------------------------------
    def on_library_loaded(self, message: LibraryLoaded) -> None:
        self.render_run()

    def on_child_changed(self, message: ChildChanged) -> None:
        if message.child_id == self.child_id and message.shown:
            self.render_run()

    def on_day_changed(self, message: DayChanged) -> None:
        self.render_run()

    # -- display --------------------------------------------------------------------------
    def render_run(self, *, details_later: bool = False) -> None:
        """Show the run. ``details_later``: the details pane after the next frame (a tick
        shows its row first; the pane's height may change, and a layout costs a frame)."""
        child = self.child()
        run = child.run(self.run_id) if child else None
        if child is None or run is None:
            self.put("#run-info", Content(_("This checklist is no longer here.")))
            return
        cal = calendar_for(child)
        today = self.session.today()
        summary = summarize(run, child, cal, today)
        self.summary = summary
        # The checklist's words in the app's language; progress stays under the same ids.
        shown = self.words = run_words(run, self.session.library, plan=child.current_plan())
        self.views = {v.id: self.in_words(v, shown) for v in summary.items}
        self.title = shown.title
        info_width = self.query_one("#run-info", Static).content_region.width
        self.put("#run-info", whole_dates(self.info(child, run, summary), info_width))
        items = self.query_one("#items", SectionedList)
        current = items.highlighted_option.id if items.highlighted_option else None
        guide = run.kind == "guide"
        width = self.rows_width = self.row_width()
        options: list[Option | None] = []
        needle = self.filter_text.casefold()
        by_section: dict[str, list[ItemView]] = {}
        for view in self.views.values():
            by_section.setdefault(view.section, []).append(view)
        for section in run.sections:
            rows = [
                v
                for v in by_section.get(section.title, [])
                if not (self.hide_done and v.state != "open")
                and not (needle and needle not in v.item.text.casefold())
            ]
            if not rows and not (section.user_items and not needle):
                continue
            title = safe_line(section_title(run, section.title, shown).upper(), "bold $accent")
            options.append(Option(title, disabled=True))
            options += [Option(self.row(view, guide, today, width), id=view.id) for view in rows]
            if section.user_items and not needle:
                n = run.sections.index(section)
                hint = "  + " + _("add your own item here (Enter or a)")
                options.append(Option(Content(hint).stylize("$accent"), id=f"add:{n}"))
        orphans = run.orphans()
        if orphans:
            options.append(
                Option(
                    Content(_("NO LONGER IN THE CHECKLIST")).stylize("bold $warning"),
                    disabled=True,
                )
            )
            for item_id in orphans:
                state = run.items[item_id]
                mark, style = MARKS.get(state.state, MARKS["open"])
                text = safe_line(run.orphan_text(item_id))
                options.append(Option(join((mark, style), text), id=f"orphan:{item_id}"))
        if not any(o is not None and not o.disabled for o in options):
            message = _("No items match the filter.") if needle else _("Nothing left to do here.")
            options.append(Option(Content(message).stylize("$text-muted"), disabled=True))
        if items.show_rows(options):
            ids = [o.id if o else None for o in options]
            if current is not None and current in ids:
                items.highlighted = ids.index(current)
            else:
                first = next((n for n, o in enumerate(options) if o and not o.disabled), None)
                items.highlighted = first
        self.refresh_footer()
        if details_later:
            self.call_after_refresh(self.show_details)
        else:
            self.show_details()

    @staticmethod
    def in_words(view: ItemView, shown: Shown) -> ItemView:
        """An item's view with the checklist's words in the app's language."""
        item = item_copy(view.item, shown)
        return view if item is view.item else replace(view, item=item)

    def marked(self, view: ItemView) -> ItemView:
        """An item's view for its row: one shown in English because it changed since the
        translation says so."""
        if not self.words.words(view.id, view.item.text).stale:
            return view
        mark = _("in English")
        text = f"{view.item.text} ({mark})"
        return replace(view, item=replace(view.item, text=text))

    def row(self, view: ItemView, guide: bool, today: date, width: int | None) -> OneLine:
        """An item's row, made again only when what it shows changed (a tick changes one)."""
        view = self.marked(view)
        key = (prompt_key(view), guide, today, width)
        kept = self.rows.get(view.id)
        if kept is None or kept[0] != key:
            kept = self.rows[view.id] = (key, one_line(item_prompt(view, guide, today, width)))
        return kept[1]

    def row_width(self) -> int | None:
        """The width an item's row wraps at (room kept for the scrollbar, whether or not it
        shows yet); None before the list is laid out."""
        items = self.query_one("#items", SectionedList)
        padding = items.get_component_styles("option-list--option").padding.width
        width = items.content_region.width - items.styles.scrollbar_size_vertical - padding
        return width if width > 10 else None

    def details_width(self) -> int | None:
        """The width the details wrap at (room kept for their scrollbar)."""
        width = self.query_one("#details-text", Static).size.width - 1
        return width if width > 10 else None

    def on_resize(self, event: Resize) -> None:
        """Rows are broken for their width: drawn again once laid out at a new width."""
        self.call_after_refresh(self.refit)

    def on_sectioned_list_resized(self, message: SectionedList.Resized) -> None:
        """The list alone can change width (the panes stacked or side by side): the same."""
        self.call_after_refresh(self.refit)

    def refit(self) -> None:
        width = self.row_width()
        if width != self.rows_width:
            self.rows_width = width
            self.render_run()
        else:
            self.show_details()  # the details pane's width may have changed alone

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
            parts.append(Content(" · " + _("since {day}").format(day=day_text(run.started))))
        if run.kind == "guide":
            parts.append(Content("\n" + tally_text(tally_json(summary.tally()))).stylize("bold"))
            found = conclude(summary, child.plan)
            parts.append(join("\n", (found.headline, "bold $accent")))
            keys = {"start-switch": "t", "start-referral": "t", "add-ppt": "m", "add-504": "m"}
            keys["read-warnings"] = "w"
            steps = [
                f"{keys[s.action]}: {s.text}"
                for s in found.steps
                if s.action in keys and not self.started(child, s.action)
            ]
            if steps:
                parts.append(Content("\n" + " · ".join(steps)).stylize("$text-muted"))
        else:
            n = summary.skipped
            skipped = ", " + ngettext("{n} skipped", "{n} skipped", n).format(n=n) if n else ""
            overdue = len(summary.overdue)
            done = _("{done} of {total} done").format(done=summary.done, total=summary.total)
            late = ngettext("{n} overdue", "{n} overdue", overdue).format(n=overdue)
            parts.append(
                join(
                    f"\n{done}{skipped}",
                    (f" · {late}", "$error bold") if overdue else "",
                )
            )
        flags = []
        if self.hide_done:
            flags.append(_("done hidden (h)"))
        if self.filter_text:
            flags.append(_("filter: {text}").format(text=self.filter_text))
        if flags:
            parts.append(safe_line(" · " + " · ".join(flags), "$text-muted"))
        notes = self.words.notes()  # once a screen: not reviewed, partly in English
        if notes:
            parts.append(join("\n", safe_line(" · ".join(notes), "$warning")))
        library = self.session.library
        entry = library.get(run.checklist) if library else None
        other = self.session.workspace.other_file(run) if library else None
        if other is not None:
            said = _(
                "Another file now stands for this checklist: {file} ({origin}). This run keeps "
                "its {kept} copy; S switches."
            ).format(file="{file}", origin=other.origin, kept=run.origin)
            before, _hole, after = said.partition("{file}")
            parts.append(
                join(
                    ("\n" + before, "$warning"),
                    safe_line(shown_path(other.path)),
                    (after, "$warning"),
                )
            )
        elif run.text_missing:
            parts.append(
                Content("\n" + missing_words(run.checklist, run.version)).stylize("$warning")
            )
        elif library is not None and entry is None:
            parts.append(
                Content(
                    "\n"
                    + _("The checklist file is gone; the copy kept with your progress is shown.")
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
            if self.started(child, step.action):
                continue  # that checklist is running already: Home opens it
            if step.action in ("add-ppt", "add-504"):
                offered["add-meeting"] = step.action
            else:
                offered[step.action] = step.action
        return offered

    def started(self, child: Child, action: str) -> bool:
        """A step that starts a checklist the child already has running."""
        checklist = self.STARTS.get(action)
        return checklist is not None and child.standing_run(checklist) is not None

    def refresh_footer(self) -> None:
        """Show the keys that work now, when that changed (the footer is rebuilt each time:
        not for every tick)."""
        view = self.views.get(self.current_id() or "")
        run = self.run()
        state = (
            tuple(sorted(self.steps().items())),
            view is not None and bool(view.item.letter),
            run is None or run.kind == "guide",
        )
        if state != self.footer_state:
            self.footer_state = state
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # What this answers depends on must be in refresh_footer's state.
        if action == "next_step":
            return parameters[0] in self.steps()
        if action == "letter":
            view = self.views.get(self.current_id() or "")
            return view is not None and bool(view.item.letter)
        if action == "use_other_file":  # only where another file now stands for it
            run = self.run()
            library = self.session.library
            return (
                run is not None
                and library is not None
                and bool(self.session.workspace.other_file(run))
            )
        if action == "pad":  # a meeting's checklist: notes during that meeting
            run = self.run()
            return run is not None and run.meeting is not None and not run.detached
        if action == "stop":  # a standing checklist (a meeting's is detached from the meeting)
            run = self.run()
            return run is not None and run.meeting is None and not run.archived
        if action in ("add_own", "log", "skip", "note", "done_on"):  # a guide has signs
            run = self.run()
            return run is not None and run.kind != "guide"
        return True

    def action_pad(self) -> None:
        run = self.run()
        if run is None or run.meeting is None:
            return
        from .notes_pad import NotesPad

        self.app.push_screen(NotesPad(self.child_id, run.meeting))

    def action_next_step(self, which: str) -> None:
        step = self.steps().get(which)
        if step is None:
            return
        if step in self.STARTS:
            self.iep.start_standing(self.child_id, self.STARTS[step])
            self.render_run()  # its step is no longer offered once it runs
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
        self.refresh_footer()  # "w Letter" on an item that has one

    def action_letter(self) -> None:
        item_id = self._item_or_warn()
        run = self.run()
        if item_id is not None and run is not None:
            open_letter(self.iep, self.child_id, run, item_id)

    def show_details(self) -> None:
        item_id = self.current_id()
        self.seen(item_id)
        run = self.run()
        if item_id is None or run is None or item_id.startswith("add:"):
            self.put("#details-text", Content(""))
            return
        if item_id.startswith("orphan:"):
            real = item_id.removeprefix("orphan:")
            kept = run.items.get(real, ItemState())
            self.put("#details-text", orphan_details(run.orphan_text(real), kept))
            return
        view = self.views.get(item_id)
        if view is None:
            return
        child = self.child()
        sent = [
            x.sent for x in (child.letters if child else []) if (x.run, x.item) == (run.id, item_id)
        ]
        shown = details(view, sent[-1] if sent else None)
        if self.words.words(item_id, view.item.text).stale:
            shown = Content("\n").join([Content(stale_mark()).stylize("$warning bold"), shown])
        self.put("#details-text", whole_dates(shown, self.details_width()))

    def put(self, selector: str, content: Content) -> None:
        """Show ``content`` in a Static, unless it shows just that already (an update lays
        the screen out again)."""
        before = self.shown.get(selector)
        if before is None or not same(before, content):
            self.shown[selector] = content
            static = self.query_one(selector, Static)
            # The screen is laid out again only when the text's height changed: a tick
            # changes a count or a date, and a layout repaints every pane.
            width, rules = static.content_region.width, cast("RulesMap", static.styles)
            layout = (
                before is None
                or not width
                or before.get_height(rules, width) != content.get_height(rules, width)
            )
            static.update(content, layout=layout)

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
    def action_tick(self) -> None:
        item_id = self._item_or_warn()
        if item_id is None:
            return
        view = self.views[item_id]
        if view.state == "open":
            shown = self.run()  # at the checklist's newest version: what the item says now
            child = self.session.child(self.child_id)
            if shown is None:
                return
            op = runs.tick(child, shown, item_id, self.session.now())
            plan = child.current_plan()
            if view.item.document == "progress-report" and plan is not None and plan.goals:
                # A progress report arrived: each goal's status in the same step (one undo).
                from .plan import ask_reports

                saved = child.run(self.run_id) or shown
                ticked = runs.with_newer_version(self.session.workspace, saved, op)
                ask_reports(self, self.child_id, ticked, self.render_run)
                return
            self.change(op)
        else:
            self.change(Untick(self.run_id, item_id))

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
            self.notify(_("This checklist comes from the file it started from."), markup=False)
            return
        mine = self.session.workspace.newer_template(run) or run.template
        question = fill(
            _(
                "Use {file} ({origin}, version {version}) for this checklist, in place of the "
                "{kept} copy (version {kept_version}) it started from?\n\n"
                "Ticks, notes and logs carry over by item; items the other file lacks are kept "
                "as 'no longer in the checklist'."
            ),
            file=safe_line(shown_path(other.path), "bold"),
            origin=other.origin,
            version=str(other.result.version),
            kept=run.origin,
            kept_version=str(mine.version),
        )

        def answered(yes: bool | None) -> None:
            now = self.session.child(self.child_id).run(self.run_id)
            move = runs.to_other_file(self.session.workspace, now) if yes and now else None
            if move is not None:
                self.iep.apply(self.child_id, move)
                self.render_run()

        self.app.push_screen(Confirm(question, _("Use it"), _("Keep mine")), answered)

    def action_export(self) -> None:
        self.iep.export_record(self.child_id, self.run_id)

    def action_stop(self) -> None:
        """Stop a standing checklist, after asking: it leaves Home; its ticks stay."""
        run = self.run()
        child = self.child()
        if run is None or child is None or run.meeting is not None or run.archived:
            return
        question = fill(
            _(
                "Stop {checklist} for {child}?\n\nIt leaves Home and status. Its ticks, notes "
                "and logs stay in the record (the timeline and exports keep them). u undoes it; "
                "starting the checklist again begins a fresh copy."
            ),
            checklist=safe_line(run.title, "bold"),
            child=safe_line(child.name, "bold"),
        )

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            now = self.session.child(self.child_id)
            try:
                op = runs.stop_standing(now, run.checklist)
            except ServiceError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            if self.iep.apply(self.child_id, op) is not None:
                self.notify(
                    _("Stopped: {checklist}. u brings it back.").format(checklist=run.title),
                    markup=False,
                )
                self.app.pop_screen()

        self.app.push_screen(Confirm(question, _("Stop it"), _("Keep it")), answered)

    def action_back(self) -> None:
        if self.has_class("filtering") and self.focused is self.query_one("#run-filter", Input):
            self.filter_text = ""
            self.remove_class("filtering")
            self.render_run()
            self.query_one("#items", OptionList).focus()
            return
        self.app.pop_screen()
