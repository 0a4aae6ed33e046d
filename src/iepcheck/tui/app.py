"""The iepcheck app: a thin shell that owns the session and pushes one screen per job."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
import sys
import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.message import Message

from ..clock import Clock, zone_of
from ..i18n import N_, _
from ..reports.words import day_text, shown_path
from .commands import ScreenActions
from .keys import KeyQueue
from .messages import ChildChanged, DayChanged, LibraryLoaded

if TYPE_CHECKING:
    from textual.screen import Screen

    from ..records.operations import Applied, Operation
    from .session import SaveResult, Session

DAY_CHECK_SECONDS = 30.0
RECOVERY_WAITING = "changes wait in a recovery file"  # the files' state, when it has no key
QUIT_WAIT = 10.0  # seconds quit waits for pending saves before keeping them in a recovery file
SIGNAL_WAIT = 5.0


class IepApp(App[int]):
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "iepcheck"
    COMMANDS = {ScreenActions}
    BINDINGS = [
        Binding("question_mark,f1", "help", N_("Help"), id="app.help", show=False),
        # ctrl+n: text boxes keep ctrl+x (cut); ctrl+x still works where no text box has focus.
        Binding(
            "ctrl+n,ctrl+x",
            "clear_notifications",
            N_("Dismiss messages"),
            id="app.dismiss",
            show=False,
        ),
        Binding("ctrl+q", "quit", N_("Quit"), id="app.quit", show=False, priority=True),
    ]

    def __init__(
        self,
        data_dir: Path,
        extra_dirs: list[Path],
        today: date | None = None,
        *,
        demo: bool = False,
        watch: float = 2.0,
        clock: Clock | None = None,
    ) -> None:
        super().__init__()
        self.asked_details = False  # the first letter asks for the parent's details once
        self.data_dir = data_dir
        self.extra_dirs = list(extra_dirs)
        self.clock = clock or Clock(today, zone=zone_of(data_dir))
        self._session: Session | None = None
        self._session_lock = threading.Lock()
        self.demo = demo
        self.watch_seconds = watch
        self.shown_day = self.clock.today()
        self.exit_messages: list[str] = []  # said on the terminal after the app has closed
        self._ui_loop: asyncio.AbstractEventLoop | None = None
        self.error_screens: set[int] = set()  # screens that showed an error still on show
        self.known_files: str | None = None  # the files' stamps, last time we looked
        self.keys = KeyQueue(self)
        self.show_day()

    @property
    def session(self) -> Session:
        """The workspace and the children on screen, made on first use: Home paints from its
        snapshot before the record and checklist modules are even imported."""
        if self._session is None:
            with self._session_lock:
                if self._session is None:
                    from ..service.workspace import Workspace
                    from .session import Session

                    workspace = Workspace(self.data_dir, self.extra_dirs, self.clock)
                    self._session = Session(
                        workspace, self._saved_in_thread, after_drawn=self.call_after_refresh
                    )
        return self._session

    @property
    def _background_screens(self) -> list[Screen[Any]]:
        """The screens drawn under the top one: none under an opaque screen. (Textual counts
        the screen below as seen through the top one whatever the top's background, so every
        time Home, under a run, marked itself changed, the run's screen was drawn again whole:
        a tick cost a full repaint. Textual is pinned, constraints.txt; tests/ui/test_repaint.py
        checks both ways.)"""
        stack = self._screen_stack
        if stack and stack[-1].styles.background.a == 1:
            return []
        return cast("list[Screen[Any]]", App._background_screens.fget(self))  # type: ignore[attr-defined]

    async def on_event(self, event: events.Event) -> None:
        """Keys one at a time, each after the one before is handled (:mod:`.keys`)."""
        if isinstance(event, events.Key) and not event.is_forwarded and self.is_running:
            if self.keys.hold(event):
                return
            target = self.focused or self.screen
            screen = self.screen
            await super().on_event(event)
            self.keys.sent(target, screen)
            return
        await super().on_event(event)

    def painted(self) -> None:
        """Home is on screen: garbage collection resumes (``__main__`` paused it for the
        start), with everything made so far frozen, never walked again."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    # -- snapshots: the last view, to paint the next start at once -------------------------
    def snapshot_key(self, days: int | None) -> str | None:
        """What a view of every child over ``days`` depends on (None: a view no day changes;
        a key of None: no snapshot may be used). Cheap: it stats the files, reading none."""
        from ..reports import snapshot

        today = self.clock.today() if days is not None else None
        return snapshot.key(self.data_dir, self.extra_dirs, today, days or 0)

    def snapshot(self, name: str, days: int | None) -> Any:
        """The view kept under ``name`` if nothing it came from has changed; else None."""
        if self.demo:
            return None
        from ..reports import snapshot

        return snapshot.load(name, self.data_dir, self.snapshot_key(days))

    def keep_snapshot(self, name: str, made_for: str | None, value: Any) -> None:
        if self.demo:
            return
        from ..reports import snapshot

        snapshot.save(name, self.data_dir, made_for, value)

    def show_day(self) -> None:
        clock = self.clock
        day = day_text(clock.today())
        # The day first: a narrow window cuts the end of the title, never the date.
        if self.demo:
            self.sub_title = _("DEMO · {day}").format(day=day)
        elif clock.planning:
            self.sub_title = _("{day} (planning: as if today)").format(day=day)
        else:
            self.sub_title = day

    def action_command_palette(self) -> None:
        """Textual's palette, its search field in the user's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(
                CommandPalette(placeholder=_("Search for commands…"), id="--command-palette")
            )

    def relanguage(self) -> None:
        """The language was just changed (:func:`i18n.set_language`): every screen says its
        words again, in it."""
        self.show_day()
        for screen in self.screen_stack:
            redo = getattr(screen, "relanguage", None)
            if callable(redo):
                screen.call_later(redo)
            else:
                screen.refresh(recompose=True)
            screen.refresh_bindings()  # the footer's words

    def on_mount(self) -> None:
        from .screens.home import HomeScreen

        self._ui_loop = asyncio.get_running_loop()
        self.push_screen(HomeScreen())
        # Once Home is on screen: reading every checklist is not needed to paint it.
        self.call_after_refresh(self.load_library)
        if self.watch_seconds:
            self.set_interval(self.watch_seconds, self.check_disk)
        self.set_interval(DAY_CHECK_SECONDS, self.check_day)
        self._install_signals()

    # -- signals: a dropped SSH connection or a kill still saves ------------------------------
    def _install_signals(self) -> None:
        try:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(sig, self._on_signal, sig)
        except (NotImplementedError, RuntimeError, AttributeError, ValueError):
            pass  # no signals here (Windows, or not the main thread in a test)

    def finish_saves(self, wait: float) -> bool:
        """Wait up to ``wait`` seconds for pending saves; keep the rest in recovery files."""
        if self._session is None or self._session.flush(wait):
            return True
        self.exit_messages += self.session.rescue()
        return False

    def _on_signal(self, sig: signal.Signals) -> None:
        code = 128 + int(sig)
        # A screen holding text typed but not yet entered (the notes pad) keeps it first.
        with contextlib.suppress(Exception):
            keep = getattr(self.screen, "keep_typing", None)
            if callable(keep):
                keep()
        self.finish_saves(SIGNAL_WAIT)
        if sig == signal.SIGHUP:
            # The terminal is gone: there is nothing to restore, and Textual's shutdown would
            # block writing to it. Every change is saved, so leave now.
            os._exit(code)
        # SIGTERM: restore the terminal as usual, but never hang on the way out.
        watchdog = threading.Timer(5.0, os._exit, args=(code,))
        watchdog.daemon = True
        watchdog.start()
        self.exit(code)

    # -- data ----------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="library")
    def load_library(self) -> None:
        workspace = self.session.workspace
        workspace.replay_kept_changes()  # changes an earlier session could not save
        for message in workspace.notices:
            self.call_from_thread(self.notify, message)
        workspace.notices.clear()
        from .screens.sharing import remind

        remind(self)  # a backup more than a month old
        self.session.load_library()
        from ..checklists.folders import open_to_others

        for warning in open_to_others(self.data_dir, self.extra_dirs):
            said = warning[:1].upper() + warning[1:]
            self.call_from_thread(self.notify, said, severity="warning", timeout=20)
        self.call_from_thread(self.library_loaded)

    def broadcast(self, message_type: type[Message], *args: object) -> None:
        for screen in self.screen_stack:
            screen.post_message(message_type(*args))

    def library_loaded(self) -> None:
        self.broadcast(LibraryLoaded)

    def child_changed(self, child_id: str) -> None:
        self.broadcast(ChildChanged, child_id)

    def check_day(self) -> None:
        """A TUI left open past midnight moves on: due and overdue follow the new day."""
        today = self.clock.today()
        if today != self.shown_day:
            self.shown_day = today
            self.show_day()
            self.broadcast(DayChanged)

    def _saved_in_thread(self, result: SaveResult) -> None:
        # Handed to the app's loop without waiting for it: the saver goes on to the next
        # change even while the screen is busy. Once the app has stopped the file is still
        # written; there is just nothing to show.
        loop = self._ui_loop
        if loop is None or not self.is_running:
            return
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(self._saved, result)

    def apply(self, child_id: str, op: Operation, *, undoable: bool = True) -> Applied | None:
        """Apply a change on screen and queue its save. A change that no longer fits the
        child (another session removed the meeting, say) is reported, not a crash: None."""
        from ..records.operations import RecordError
        from ..service.errors import ServiceError

        try:
            applied = self.session.submit(child_id, op, undoable=undoable)
        except (RecordError, ServiceError) as exc:
            self.notify(
                _("Not changed: {error}").format(error=exc),
                severity="error",
                markup=False,
                timeout=10,
            )
            self.resync(child_id)
            return None
        self.changed_here(child_id)
        return applied

    def changed_here(self, child_id: str) -> None:
        """A change made on screen: every other screen showing the child draws it now (a
        checklist under the letter that ticked it). The screen on top made it and draws it
        itself; the save that follows writes only what the screens already show."""
        top = self.screen
        for screen in self.screen_stack:
            if screen is not top:
                screen.post_message(ChildChanged(child_id))

    def resync(self, child_id: str) -> None:
        """Show the child as the file has it (after a change could not be made or saved)."""
        if self.session.pending(child_id):
            return
        with contextlib.suppress(Exception):
            self.session.child(child_id, reload=True)
        self.child_changed(child_id)

    def _saved(self, result: SaveResult) -> None:
        for note in result.notes:
            self.notify(note[:1].upper() + note[1:] + ".", severity="warning", markup=False)
        if result.error:
            self.notify(result.error, severity="error", markup=False, timeout=10)
            self.resync(result.child_id)
        if result.child is not None and not self.session.pending(result.child_id):
            shown = self.session.saved(result)
            self.broadcast(ChildChanged, result.child_id, shown)

    @work(thread=True, exclusive=True, group="watch")
    def check_disk(self) -> None:
        """Pick up another session's changes (a child changed, added or removed elsewhere),
        without a restart."""
        # Every child file (and checklist and calendar file), by stats: a child this session
        # never opened, changed by a command or another session, shows on Home too.
        files = self.snapshot_key(None) or RECOVERY_WAITING
        if self.known_files is not None and files != self.known_files:
            self.call_from_thread(self.child_changed, "")
        self.known_files = files
        for child_id in self.session.changed_on_disk():
            try:
                self.session.child(child_id, reload=True)
            except Exception:
                continue
            self.call_from_thread(self.child_changed, child_id)

    def files_read(self, key: str | None) -> None:
        """The files as a screen is about to read them (their snapshot key): the disk watcher
        reports any change made after this."""
        self.known_files = key or RECOVERY_WAITING

    def start_standing(self, child_id: str, checklist_id: str) -> None:
        """Start a checklist of its own for the child and open it (or open the running one)."""
        from ..records.store import ProgressError
        from ..service import runs
        from ..service.errors import ServiceError
        from .screens.run import RunScreen

        try:
            child = self.session.child(child_id)
            op = runs.start_standing(self.session.workspace, child, checklist_id)
        except runs.AlreadyRunning:
            running = child.standing_run(checklist_id)
            if running is not None:
                self.notify(_("Already running: here it is."), markup=False)
                self.push_screen(RunScreen(child_id, running.id))
            return
        except (ServiceError, ProgressError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if self.apply(child_id, op) is not None:
            self.push_screen(RunScreen(child_id, op.seed.id))

    def export_record(self, child_id: str, run_id: str | None) -> None:
        """Ask where, then write a printable record of the child (or of the run's meeting)."""
        from ..service import files
        from ..service.errors import ServiceError
        from .widgets.dialogs import Prompt

        workspace = self.session.workspace
        run = self.session.child(child_id).run(run_id) if run_id else None
        part = f"-{run.checklist}" if run else ""
        try:
            default = (
                files.folder(workspace, "exports") / f"{child_id}{part}-{self.session.today()}.html"
            )
        except ServiceError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        hint = (
            _("The whole record of this meeting (or this child). Enter: write · Esc: cancel")
            if run
            else _(
                "The whole record of the child: meetings, checklists, logs. "
                "Enter: write · Esc: cancel"
            )
        )

        def done(values: list[str] | None) -> None:
            if values and values[0].strip():
                try:
                    target = files.target(workspace, "exports", values[0])
                except ServiceError as exc:
                    self.notify(str(exc), severity="error", markup=False)
                    return
                self.write_export(child_id, run_id, target)

        self.push_screen(
            Prompt(
                Content(_("Export a printable record")),
                [(_("File (.html, .md or .txt)"), str(default), "")],
                hint,
            ),
            done,
        )

    @work(thread=True)
    def write_export(
        self, child_id: str, run_id: str | None, target: Path, replace: bool = False
    ) -> None:
        from ..records.store import ProgressError
        from ..service.errors import ServiceError
        from ..service.exports import FileExists

        try:
            written = self.session.export(child_id, run_id, target, replace)
        except FileExists:
            self.call_from_thread(self.ask_replace, child_id, run_id, target)
            return
        except (ServiceError, ProgressError) as exc:
            self.call_from_thread(
                self.notify, _("Not written: {error}").format(error=exc), severity="error"
            )
            return
        self.call_from_thread(self.notify, _("Wrote {path}").format(path=shown_path(written)))

    def ask_replace(self, child_id: str, run_id: str | None, target: Path) -> None:
        from .text import fill, safe_line
        from .widgets.dialogs import Confirm

        def answered(yes: bool | None) -> None:
            if yes:
                self.write_export(child_id, run_id, target, True)

        question = fill(
            _("{file} is there already. Replace it?"), file=safe_line(str(target), "bold")
        )
        self.push_screen(Confirm(question, _("Replace"), _("Keep it")), answered)

    # -- actions -------------------------------------------------------------------------------
    def action_undo(self) -> None:
        step = self.session.undo()
        if step is None:
            self.notify(_("Nothing to undo."), markup=False)
            return
        self.child_changed(step.child_id)
        self.notify(_("Undone: {change}.").format(change=step.label), markup=False)

    def _fatal_error(self) -> None:
        """An unexpected error closes the app with a sentence (after the app has closed), never
        Textual's traceback, which shows every local: the child's record. The exit code is 1
        (Textual's ``_handle_exception`` sets it before calling this)."""
        from .crash import report

        self.exit_messages.append(report(sys.exc_info()[1] or self._exception))
        self.bell()
        self._close_messages_no_wait()

    def notify(self, message: str, *args: Any, **kw: Any) -> None:
        """Messages are never markup; an error stays until dismissed (ctrl+n, or a click)."""
        kw.pop("markup", None)
        if kw.get("severity") == "error":
            kw["timeout"] = 24 * 3600.0
            with contextlib.suppress(Exception):  # no screen yet at start-up
                self.error_screens.add(id(self.screen))
        super().notify(message, *args, markup=False, **kw)

    def action_clear_notifications(self) -> None:
        self.clear_notifications()
        self.error_screens.clear()

    def screen_closed(self, screen: object) -> None:
        """An error belongs to the screen it was about: it goes when that screen closes."""
        if id(screen) in self.error_screens:
            self.action_clear_notifications()

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        if self._session is not None and self._session.pending():
            self.notify(_("Saving…"), markup=False)

            await asyncio.to_thread(self.finish_saves, QUIT_WAIT)
        self.exit(0)
