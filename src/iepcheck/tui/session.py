"""The TUI's one door to the domain: the workspace, the children on screen, saves and undo.

Every change is an operation (:mod:`iepcheck.records.operations`): applied at once to the copy
on screen, then queued; one saver thread applies the same operation to the file through
:meth:`Store.update` (lock, fresh read, apply, atomic write), in order, each once the screen
showing it has been drawn (at most ``DRAWN_WAIT`` later). Pending saves are
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
from ..i18n import _, ngettext
from ..locations import user_checklists_dir
from ..records.model import Child, Run
from ..records.operations import Applied, Batch, Operation, RecordError
from ..records.store import ProgressError, Stamp, TooLarge
from ..service import children as child_service
from ..service import exports, runs
from ..service.errors import ServiceError
from ..service.workspace import Workspace

UNDO_STEPS = 50
LOCK_RETRY = 2.0  # seconds one save waits for the child's lock before trying again
RETRY_PAUSE = 1.0
DRAWN_WAIT = 0.25  # seconds a save waits at most for the screen showing its change


@dataclass
class SaveResult:
    child_id: str
    child: Child | None  # the file as saved, when nothing else is pending for the child
    error: str | None
    stamp: Stamp | None = None  # that file's stamp, taken under the lock
    # What the user should be told: a field another session had changed meanwhile.
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class UndoStep:
    child_id: str
    label: str
    inverse: Operation


@dataclass
class UndoGroup:
    """Changes to one child made as one step (a notes pad's lines): one undo takes them all."""

    child_id: str
    label: str
    inverses: list[Operation]


class Session:
    def __init__(
        self,
        workspace: Workspace,
        on_saved: Callable[[SaveResult], None] | None = None,
        after_drawn: Callable[[Callable[[], None]], object] | None = None,
    ) -> None:
        self.workspace = workspace
        self.children: dict[str, Child] = {}
        self.stamps: dict[str, Stamp | None] = {}
        self.on_saved = on_saved
        # A change is written once the screen showing it is drawn (``after_drawn`` calls
        # back after the next repaint; DRAWN_WAIT at most): the saver shares the
        # interpreter with the repaint, and what was pressed shows first. Order is kept.
        self.after_drawn = after_drawn
        self.drawn = threading.Event()
        self.drawn.set()
        self.undo_steps: list[UndoStep] = []
        self.group: UndoGroup | None = None
        # Changes shown on screen and not yet in their file, in order: what a save that
        # cannot finish in time writes to a recovery file, so nothing shown is ever lost.
        self._unsaved: dict[str, list[Operation]] = {}
        self.stopping = threading.Event()
        self._saving = threading.Lock()  # held while a change is being written
        self._pending: dict[str, int] = {}
        self._written: dict[str, Stamp] = {}  # the file as this session's last save left it
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
            now = self.workspace.store.stamp(child_id)
            with self._lock:
                ours = self._written.get(child_id)
            # Our own save, its result not yet taken on screen, is no change by another.
            if now != stamp and now != ours:
                changed.append(child_id)
        return changed

    def overview(self, days: int, cancelled: Callable[[], bool]) -> dict[str, Any]:
        """What the home screen shows: every child's status (from the cache when it can),
        and the agenda across them (``agenda``), the checklists' words in the app's language."""
        from ..reports.agenda import agenda
        from ..service.content import localized_status

        store = self.workspace.store
        data = exports.status(self.workspace, store.ids(), days, cancelled)
        data = localized_status(self.workspace, data)  # the same document in English
        return {**data, "agenda": agenda(data, days)}

    def name_taken(self, name: str, except_id: str | None = None) -> bool:
        return self.workspace.store.name_taken(name, except_id)

    def export(
        self, child_id: str, run_id: str | None, target: Path, replace: bool = False
    ) -> Path:
        """Write a printable record of the child (or of the run's meeting); in a worker."""
        child = self.child(child_id)
        run = child.run(run_id) if run_id else None
        meeting = child.meeting(run.meeting) if run is not None and run.meeting else None
        fmt = exports.format_for(str(target), None, default="html")
        text = exports.export_text(self.workspace, child, fmt, meeting)
        return exports.write_file(target, text, replace=replace)

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
            if self.group is not None and self.group.child_id == child_id:
                self.group.inverses.append(applied.inverse)
            else:
                self.undo_steps.append(UndoStep(child_id, op.label(), applied.inverse))
                del self.undo_steps[:-UNDO_STEPS]
        with self._lock:
            self._pending[child_id] = self._pending.get(child_id, 0) + 1
            self._unsaved.setdefault(child_id, []).append(op)
        if self.after_drawn is not None:
            self.drawn.clear()
            self.after_drawn(self.drawn.set)
        self._queue.put((child_id, op))
        return applied

    def begin_group(self, child_id: str, label: str) -> None:
        """The child's changes from now on are one undo step, until :meth:`end_group`."""
        self.end_group()
        self.group = UndoGroup(child_id, label, [])

    def end_group(self) -> int:
        """Close the group as one undo step (latest change undone first); how many changes
        it holds."""
        group, self.group = self.group, None
        if group is None or not group.inverses:
            return 0
        inverse = Batch(tuple(reversed(group.inverses)))
        self.undo_steps.append(UndoStep(group.child_id, group.label, inverse))
        del self.undo_steps[:-UNDO_STEPS]
        return len(group.inverses)

    def change_run(self, child_id: str, run: Run, op: Operation) -> Applied:
        """A change to a run, taking a newer version of its checklist first if one is found."""
        return self.submit(child_id, runs.with_newer_version(self.workspace, run, op))

    def undo(self) -> UndoStep | None:
        """Undo the last change made in this session (on any screen); None when none is left."""
        self.end_group()
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
            self.drawn.wait(DRAWN_WAIT)
            saved, stamp, error, notes = self._save(child_id, op)
            with self._lock:
                if stamp is not None:
                    self._written[child_id] = stamp
                self._pending[child_id] -= 1
                last = self._pending[child_id] == 0
            self._queue.task_done()
            if self.on_saved is not None:
                result = SaveResult(child_id, saved if last else None, error, stamp, notes)
                self.on_saved(result)

    def _save(
        self, child_id: str, op: Operation
    ) -> tuple[Child | None, Stamp | None, str | None, tuple[str, ...]]:
        """Save one change, retrying while the child's file is busy or the disk refuses;
        a change that no longer fits the file is dropped with a sentence."""
        warned = False
        while True:
            with self._saving:
                if self.stopping.is_set():
                    return None, None, None, ()  # left for rescue(): to a recovery file
                try:
                    saved, applied, stamp = self.workspace.store.update_stamped(
                        child_id, op.apply, timeout=LOCK_RETRY
                    )
                except (RecordError, TooLarge) as exc:
                    self._forget(child_id, op)
                    return None, None, _("Not saved: {error}").format(error=exc), ()
                except ProgressError as exc:
                    problem: ProgressError | None = exc
                except Exception as exc:  # never let the saver die: the change is reported
                    self._forget(child_id, op)
                    said = f"{type(exc).__name__}: {exc}"
                    return None, None, _("Not saved: {error}").format(error=said), ()
                else:
                    self._forget(child_id, op)
                    return saved, stamp, None, applied.notes
            if not warned and self.on_saved is not None:
                warned = True
                self.on_saved(
                    SaveResult(
                        child_id,
                        None,
                        _("Not saved yet, still trying: {problem}").format(problem=problem),
                    )
                )
            self.stopping.wait(RETRY_PAUSE)

    def _forget(self, child_id: str, op: Operation) -> None:
        with self._lock:
            waiting = self._unsaved.get(child_id, [])
            for n, other in enumerate(waiting):
                if other is op:
                    del waiting[n]
                    break

    def unsaved(self) -> dict[str, list[Operation]]:
        with self._lock:
            return {c: list(ops) for c, ops in self._unsaved.items() if ops}

    def rescue(self) -> list[str]:
        """Keep every change not yet saved in a recovery file (0600, beside the child's file):
        the next start of the app, or the next command on that child, applies them. Returns a
        sentence per file, for the user."""
        self.stopping.set()
        # Wait for a write in progress to finish (or give up its lock wait), so a change is
        # either in its file or in the recovery file, never in both.
        got = self._saving.acquire(timeout=LOCK_RETRY + 1)
        try:
            waiting = self.unsaved()
        finally:
            if got:
                self._saving.release()
        told = []
        for child_id, ops in waiting.items():
            try:
                path = self.workspace.store.keep(child_id, ops)
            except OSError as exc:
                told.append(
                    ngettext(
                        "{n} change to {child} could not be kept anywhere: {error}",
                        "{n} changes to {child} could not be kept anywhere: {error}",
                        len(ops),
                    ).format(n=len(ops), child=child_id, error=exc)
                )
                continue
            with self._lock:
                self._unsaved[child_id] = []
            told.append(
                ngettext(
                    "{n} change to {child} could not be saved in time; kept in {path} and "
                    "applied the next time iepcheck opens this child",
                    "{n} changes to {child} could not be saved in time; kept in {path} and "
                    "applied the next time iepcheck opens this child",
                    len(ops),
                ).format(n=len(ops), child=child_id, path=path)
            )

        return told

    def saved(self, result: SaveResult) -> bool:
        """Take the file as saved as the copy on screen (called on the UI thread), with the
        stamp of that very file: if another session wrote since, the watcher sees it differ
        and reads the newer file (a stamp taken later would hide that write for good).

        Whether the copy on screen changed: not when the file holds just what it showed."""
        if result.child is None or self.pending(result.child_id):
            return False
        self.stamps[result.child_id] = result.stamp
        if self.children.get(result.child_id) == result.child:
            return False
        self.children[result.child_id] = result.child
        return True

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait until every queued change is in its file. True when all were written."""
        self.drawn.set()  # now: the screen may never be drawn again
        done = threading.Event()

        def wait() -> None:
            self._queue.join()
            done.set()

        threading.Thread(target=wait, daemon=True).start()
        return done.wait(timeout)
