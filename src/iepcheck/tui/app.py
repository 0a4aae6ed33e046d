"""The iepcheck app: a thin shell that owns the session and pushes one screen per job."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from pathlib import Path

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.message import Message

from ..report import day_text
from .commands import ScreenActions
from .session import Change, SaveResult, Session


class ChildChanged(Message):
    """A child's data changed (a save finished, or another session wrote the file)."""

    def __init__(self, child_id: str) -> None:
        super().__init__()
        self.child_id = child_id


class LibraryLoaded(Message):
    """The checklists were (re)read."""


class IepApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "iepcheck"
    COMMANDS = App.COMMANDS | {ScreenActions}
    BINDINGS = [
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", show=False, priority=True),
    ]

    def __init__(
        self,
        data_dir: Path,
        extra_dirs: list[Path],
        today,
        *,
        demo: bool = False,
        watch: float = 2.0,
    ) -> None:
        super().__init__()
        self.session = Session(data_dir, extra_dirs, today, on_saved=self._saved_in_thread)
        self.demo = demo
        self.watch_seconds = watch
        self.sub_title = f"{'DEMO · ' if demo else ''}{day_text(today)}"

    def on_mount(self) -> None:
        from .screens.home import HomeScreen

        self.load_library()
        self.push_screen(HomeScreen())
        if self.watch_seconds:
            self.set_interval(self.watch_seconds, self.check_disk)
        self._install_signals()

    # -- signals: a dropped SSH connection or a kill still saves ------------------------------
    def _install_signals(self) -> None:
        try:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(sig, self._on_signal, sig)
        except (NotImplementedError, RuntimeError, AttributeError, ValueError):
            pass  # no signals here (Windows, or not the main thread in a test)

    def _on_signal(self, sig: signal.Signals) -> None:
        code = 128 + int(sig)
        self.session.flush()
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
        self.session.load_library()
        self.call_from_thread(self.library_loaded)

    def library_loaded(self) -> None:
        for screen in self.screen_stack:
            screen.post_message(LibraryLoaded())

    def _saved_in_thread(self, result: SaveResult) -> None:
        # Once the app has stopped the file is still written; there is just nothing to show.
        with contextlib.suppress(RuntimeError):
            self.call_from_thread(self._saved, result)

    def apply(self, child_id: str, change: Change) -> bool:
        """Apply a change on screen and queue its save. A change that no longer fits the
        child (another session removed the meeting, say) is reported, not a crash: False."""
        try:
            self.session.apply(child_id, change)
        except Exception as exc:
            self.notify(f"Not changed: {exc}", severity="error", markup=False, timeout=10)
            self.resync(child_id)
            return False
        return True

    def resync(self, child_id: str) -> None:
        """Show the child as the file has it (after a change could not be made or saved)."""
        if self.session.pending(child_id):
            return
        with contextlib.suppress(Exception):
            self.session.child(child_id, reload=True)
        self.child_changed(child_id)

    def _saved(self, result: SaveResult) -> None:
        if result.error:
            self.notify(result.error, severity="error", markup=False, timeout=10)
            self.resync(result.child_id)
        if result.child is not None and not self.session.pending(result.child_id):
            self.session.children[result.child_id] = result.child
            self.child_changed(result.child_id)

    def child_changed(self, child_id: str) -> None:
        for screen in self.screen_stack:
            screen.post_message(ChildChanged(child_id))

    @work(thread=True, exclusive=True, group="watch")
    def check_disk(self) -> None:
        """Pick up another session's changes to a child on screen, without a restart."""
        for child_id in self.session.changed_on_disk():
            try:
                self.session.child(child_id, reload=True)
            except Exception:
                continue
            self.call_from_thread(self.child_changed, child_id)

    # -- actions -------------------------------------------------------------------------------
    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        if self.session.pending():
            self.notify("Saving…", markup=False)
            await asyncio.to_thread(self.session.flush)
        self.exit(0)
