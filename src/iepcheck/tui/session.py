"""What the app holds between screens: the store, the library, loaded children, and saves.

Every change is applied at once to the copy on screen, then queued; one saver thread applies
the same change to the file through :meth:`Store.update` (lock, fresh read, apply, atomic
write), in order. Pending saves are flushed on quit, SIGHUP and SIGTERM.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..library import Library, scan
from ..progress import Child
from ..store import ProgressError, Stamp, Store

Change = Callable[[Child], Any]


@dataclass
class SaveResult:
    child_id: str
    child: Child | None  # the file as saved, when nothing else is pending for the child
    error: str | None


class Session:
    def __init__(
        self,
        data_dir: Path,
        extra_dirs: list[Path],
        today: date,
        on_saved: Callable[[SaveResult], None] | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.extra_dirs = extra_dirs
        self.today = today
        self.store = Store(data_dir)
        self.library: Library | None = None
        self.children: dict[str, Child] = {}
        self.stamps: dict[str, Stamp | None] = {}
        self.on_saved = on_saved
        self._pending: dict[str, int] = {}
        self._lock = threading.Lock()
        self._queue: queue.Queue[tuple[str, Change] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._saver, name="iepcheck-saver", daemon=True)
        self._thread.start()

    # -- reading --------------------------------------------------------------------------
    def now(self) -> datetime:
        return datetime.combine(self.today, datetime.now().time()).astimezone()

    def load_library(self) -> Library:
        self.library = scan(self.data_dir, self.extra_dirs)
        return self.library

    def child(self, child_id: str, *, reload: bool = False) -> Child:
        """The child, read once and kept; raises ProgressError for a bad file."""
        if reload or child_id not in self.children:
            stamp = self.store.stamp(child_id)
            self.children[child_id] = self.store.load(child_id)
            self.stamps[child_id] = stamp
        return self.children[child_id]

    def changed_on_disk(self) -> list[str]:
        """Loaded children whose file another session changed (and we have nothing pending)."""
        changed = []
        for child_id, stamp in list(self.stamps.items()):
            if self.pending(child_id):
                continue
            if self.store.stamp(child_id) != stamp:
                changed.append(child_id)
        return changed

    # -- writing --------------------------------------------------------------------------
    def pending(self, child_id: str | None = None) -> int:
        with self._lock:
            if child_id is None:
                return sum(self._pending.values())
            return self._pending.get(child_id, 0)

    def apply(self, child_id: str, change: Change) -> Any:
        """Apply ``change`` to the copy on screen now, and queue it for the file."""
        result = change(self.children[child_id])
        with self._lock:
            self._pending[child_id] = self._pending.get(child_id, 0) + 1
        self._queue.put((child_id, change))
        return result

    def _saver(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                self._queue.task_done()
                return
            child_id, change = job
            saved: Child | None = None
            error = None
            try:
                saved, _ = self.store.update(child_id, change)
            except ProgressError as exc:
                error = f"Not saved: {exc}"
            except Exception as exc:  # a change that no longer fits the file
                error = f"Not saved: {exc}"
            stamp = self.store.stamp(child_id)
            with self._lock:
                self._pending[child_id] -= 1
                last = self._pending[child_id] == 0
                if last and saved is not None:
                    self.stamps[child_id] = stamp
            self._queue.task_done()
            if self.on_saved is not None:
                self.on_saved(SaveResult(child_id, saved if last else None, error))

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait until every queued change is in its file. True when all were written."""
        done = threading.Event()

        def wait() -> None:
            self._queue.join()
            done.set()

        threading.Thread(target=wait, daemon=True).start()
        return done.wait(timeout)
