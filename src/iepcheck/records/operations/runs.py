"""Operations on runs: start a standing one, take back new runs, take a newer version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from ...i18n import N_, _
from ..model import Child, Template
from .base import Applied, Batch, Operation, RecordError, _run
from .edits import Change
from .items import SetItem


@dataclass(frozen=True)
class RunSeed:
    """A run to start: its id, the checklist copy it starts from, and its start date."""

    id: str
    template: Template
    started: date


@dataclass(frozen=True)
class StartRun(Operation):
    """Start a standing run (504 monitoring, a plan switch); archive the running one."""

    NAME: ClassVar[str] = "start"
    LABEL: ClassVar[str] = N_("start")
    seed: RunSeed
    archive: str | None = None

    def apply(self, child: Child) -> Applied:
        if child.run(self.seed.id) is not None:
            raise RecordError(_("run {seed_id} is already there").format(seed_id=self.seed.id))
        running = child.standing_run(self.seed.template.checklist)
        if running is not None and running.id != self.archive:
            raise RecordError(
                _("{checklist} is already running for {child_id} since {started}").format(
                    checklist=self.seed.template.checklist,
                    child_id=child.id,
                    started=running.started,
                )
            )
        if self.archive is not None:
            _run(child, self.archive).archived = True
        child.attach(self.seed.template, self.seed.id, self.seed.started)
        return Applied(self.seed.id, DropRuns((self.seed.id,), self.archive))


@dataclass(frozen=True)
class DropRuns(Operation):
    """Take back runs just started: gone if nothing was recorded on them, else detached."""

    NAME: ClassVar[str] = "drop-runs"
    runs: tuple[str, ...]
    unarchive: str | None = None

    def apply(self, child: Child) -> Applied:
        for run_id in self.runs:
            run = _run(child, run_id)
            if any(not s.is_empty() for s in run.items.values()):
                run.detached = True
            else:
                child.runs.remove(run)
        if self.unarchive is not None and (old := child.run(self.unarchive)) is not None:
            old.archived = False
        return Applied(None, None)


@dataclass(frozen=True)
class RefreshRun(Operation):
    """Take a newer version of the run's checklist; progress carries over by item id."""

    NAME: ClassVar[str] = "refresh"
    run: str
    template: Template

    def apply(self, child: Child) -> Applied:
        run = _run(child, self.run)
        old = run.template
        was = {item_id: state.was for item_id, state in run.items.items()}
        changed = run.refresh(self.template)
        # The undo puts back the old copy and the old words it kept, nothing else of the
        # items: what another session ticked or wrote meanwhile stays.
        kept = tuple(
            SetItem(self.run, item_id, (Change("was", before, state.was),))
            for item_id, state in run.items.items()
            if state.was != was.get(item_id, "")
            for before in (was.get(item_id, ""),)
        )
        undo = Batch((RefreshRun(self.run, old), *kept)) if changed else None
        return Applied(changed, undo)


@dataclass(frozen=True)
class StopRun(Operation):
    """Stop a standing run: it leaves Home and status; its ticks and logs stay in the record
    (the timeline and exports keep them), and ``start`` begins a fresh one."""

    NAME: ClassVar[str] = "stop"
    LABEL: ClassVar[str] = N_("stop")
    run: str

    def apply(self, child: Child) -> Applied:
        run = _run(child, self.run)
        if run.meeting is not None and not run.detached:
            raise RecordError(
                _("{checklist} belongs to a meeting: detach it from the meeting").format(
                    checklist=run.checklist
                )
            )
        if run.archived or run.detached:
            raise RecordError(_("{checklist} was stopped already").format(checklist=run.checklist))
        run.archived = True
        return Applied(None, ResumeRun(self.run))


@dataclass(frozen=True)
class ResumeRun(Operation):
    """Take back a stop: the run is running again, unless a fresh one was started since."""

    NAME: ClassVar[str] = "resume"
    LABEL: ClassVar[str] = N_("resume")
    run: str

    def apply(self, child: Child) -> Applied:
        run = _run(child, self.run)
        running = child.standing_run(run.checklist)
        if running is not None and running.id != run.id:
            raise RecordError(
                _("{checklist} was started afresh since it was stopped").format(
                    checklist=run.checklist
                )
            )
        run.archived = False
        return Applied(None, StopRun(self.run))
