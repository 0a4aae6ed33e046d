"""The TUI's one door to the domain: the workspace, the children on screen, saves and undo.

Every change is an operation (:mod:`iepcheck.records.operations`): applied at once to the copy
on screen, then queued; one saver thread applies the same operation to the file through
:meth:`Store.update` (lock, fresh read, apply, atomic write), in order. Pending saves are
flushed on quit, SIGHUP and SIGTERM. Screens never touch the store directly.
"""

from __future__ import annotations

import copy
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..checklists.importing import ImportOutcome, import_file
from ..checklists.library import Library
from ..locations import user_checklists_dir
from ..records.model import Child, Run
from ..records.operations import Applied, Batch, Operation, RecordError
from ..records.store import ProgressError, Stamp
from ..service import children as child_service
from ..service import exports, runs
from ..service.errors import ServiceError
from ..service.workspace import Workspace

UNDO_STEPS = 50


@dataclass
class SaveResult:
    child_id: str
    child: Child | None  # the file as saved, when nothing else is pending for the child
    error: str | None


@dataclass(frozen=True)
class UndoStep:
    child_id: str
    label: str
    inverse: Operation


class Session:
    def __init__(
        self, workspace: Workspace, on_saved: Callable[[SaveResult], None] | None = None
    ) -> None:
        self.workspace = workspace
        self.children: dict[str, Child] = {}
        self.stamps: dict[str, Stamp | None] = {}
        self.on_saved = on_saved
        self.undo_steps: list[UndoStep] = []
        self._pending: dict[str, int] = {}
        self._lock = threading.Lock()
        self._queue: queue.Queue[tuple[str, Operation] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._saver, name="iepcheck-saver", daemon=True)
        self._thread.start()

    # -- the workspace ------------------------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        return self.workspace.data_dir

    def today(self) -> date:
        return self.workspace.clock.today()

    def now(self) -> datetime:
        return self.workspace.clock.now()

    @property
    def library(self) -> Library | None:
        """The checklists, once read (None while the first read is still going)."""
        return self.workspace.library if self.workspace.library_loaded else None

    def load_library(self) -> Library:
        return self.workspace.reload_library()

    def import_checklist(self, path: Path, replace: bool) -> ImportOutcome:
        library = self.workspace.reload_library()
        outcome = import_file(path, library, user_checklists_dir(self.data_dir), replace)
        if outcome.ok:
            self.workspace.reload_library()
        return outcome

    # -- reading --------------------------------------------------------------------------
    def child(self, child_id: str, *, reload: bool = False) -> Child:
        """The child as on screen, read once and kept; raises ProgressError for a bad file."""
        if reload or child_id not in self.children:
            stamp = self.workspace.store.stamp(child_id)
            self.children[child_id] = self.workspace.store.load(child_id)
            self.stamps[child_id] = stamp
        return self.children[child_id]

    def shown(self, child_id: str) -> Child:
        """The child with each run at the newest version of its checklist (nothing written)."""
        child = self.child(child_id)
        return self.workspace.for_display(child) if self.library is not None else child

    def changed_on_disk(self) -> list[str]:
        """Loaded children whose file another session changed (and we have nothing pending)."""
        changed = []
        for child_id, stamp in list(self.stamps.items()):
            if self.pending(child_id):
                continue
            if self.workspace.store.stamp(child_id) != stamp:
                changed.append(child_id)
        return changed

    def overview(self, days: int, cancelled: Callable[[], bool]) -> dict[str, Any]:
        """What the home screen shows: every child's status (from the cache when it can)."""
        store = self.workspace.store
        return exports.status(self.workspace, store.ids(), days, cancelled)

    def name_taken(self, name: str, except_id: str | None = None) -> bool:
        return self.workspace.store.name_taken(name, except_id)

    def export(self, child_id: str, run_id: str | None, target: Path) -> Path:
        """Write a printable record of the child (or of the run's meeting); in a worker."""
        child = self.child(child_id)
        run = child.run(run_id) if run_id else None
        meeting = child.meeting(run.meeting) if run is not None and run.meeting else None
        fmt = exports.format_for(str(target), None, default="html")
        text = exports.export_text(self.workspace, child, fmt, meeting)
        return exports.write_file(target, text)

    # -- writing --------------------------------------------------------------------------
    def create_child(self, name: str, plan: str) -> str:
        """Add a child (its file is written at once); raises ServiceError with a sentence."""
        child = child_service.create(self.workspace.store, name, plan)
        self.child(child.id, reload=True)
        return child.id

    def pending(self, child_id: str | None = None) -> int:
        with self._lock:
            if child_id is None:
                return sum(self._pending.values())
            return self._pending.get(child_id, 0)

    def submit(self, child_id: str, op: Operation, *, undoable: bool = True) -> Applied:
        """Apply ``op`` to the child on screen now, queue it for the file, keep its undo.

        Raises RecordError (the change no longer fits the child) without changing anything.
        """
        child = self.children[child_id]
        if isinstance(op, Batch):  # all or nothing on screen, too
            trial = copy.deepcopy(child)
            applied = op.apply(trial)
            self.children[child_id] = trial
        else:
            applied = op.apply(child)
        if undoable and applied.inverse is not None:
            self.undo_steps.append(UndoStep(child_id, op.label(), applied.inverse))
            del self.undo_steps[:-UNDO_STEPS]
        with self._lock:
            self._pending[child_id] = self._pending.get(child_id, 0) + 1
        self._queue.put((child_id, op))
        return applied

    def change_run(self, child_id: str, run: Run, op: Operation) -> Applied:
        """A change to a run, taking a newer version of its checklist first if one is found."""
        return self.submit(child_id, runs.with_newer_version(self.workspace, run, op))

    def undo(self) -> UndoStep | None:
        """Undo the last change made in this session (on any screen); None when none is left."""
        while self.undo_steps:
            step = self.undo_steps.pop()
            try:
                self.child(step.child_id)
                self.submit(step.child_id, step.inverse, undoable=False)
            except (RecordError, ProgressError, ServiceError):
                continue  # that change no longer fits (removed meanwhile): try the one before
            return step
        return None

    def _saver(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                self._queue.task_done()
                return
            child_id, op = job
            saved: Child | None = None
            error = None
            try:
                saved, _ = self.workspace.store.update(child_id, op.apply, timeout=None)
            except (ProgressError, RecordError) as exc:
                error = f"Not saved: {exc}"
            except Exception as exc:  # never let the saver die: the change is reported
                error = f"Not saved: {type(exc).__name__}: {exc}"
            stamp = self.workspace.store.stamp(child_id)
            with self._lock:
                self._pending[child_id] -= 1
                last = self._pending[child_id] == 0
                if last and saved is not None:
                    self.stamps[child_id] = stamp
            self._queue.task_done()
            if self.on_saved is not None:
                self.on_saved(SaveResult(child_id, saved if last else None, error))

    def saved(self, result: SaveResult) -> None:
        """Take the file as saved as the copy on screen (called on the UI thread)."""
        if result.child is not None and not self.pending(result.child_id):
            self.children[result.child_id] = result.child

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait until every queued change is in its file. True when all were written."""
        done = threading.Event()

        def wait() -> None:
            self._queue.join()
            done.set()

        threading.Thread(target=wait, daemon=True).start()
        return done.wait(timeout)
