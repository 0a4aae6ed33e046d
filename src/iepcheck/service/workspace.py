"""A workspace: one data folder, the checklist folders and a clock, as both front ends use them.

The CLI makes one per command; the TUI's session holds one for the whole run.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from pathlib import Path

from ..calendar.files import CalendarLibrary, scan_calendars
from ..checklists.library import Entry, Library, scan
from ..checklists.model import Checklist
from ..clock import Clock, zone_of
from ..i18n import _, ngettext
from ..records.model import Child, Run, Template
from ..records.operations import Applied, Operation, RecordError
from ..records.store import ProgressError, Store
from ..textsafe import clean_line
from .errors import ServiceError, did_you_mean
from .finding import find_child


class Workspace:
    def __init__(
        self,
        data_dir: Path,
        extra_dirs: Sequence[Path] = (),
        clock: Clock | None = None,
        on_notice: Callable[[str], None] | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.extra_dirs = list(extra_dirs)
        self.clock = clock or Clock(zone=zone_of(data_dir))
        self.store = Store(data_dir)
        self._library: Library | None = None
        self._calendars: CalendarLibrary | None = None
        self._templates: dict[tuple[int, str], tuple[Checklist, Template]] = {}
        self.notices: list[str] = []
        self.on_notice = on_notice or self.notices.append

    def replay_kept_changes(self) -> None:
        """Apply changes an earlier session could not save (kept in recovery files), and merge
        conflict copies a sync tool made of a child's file; say so. A child whose lock is
        still held keeps them for the next time."""
        from ..records import recovery
        from ..records.conflicts import settle_conflict_copies

        settle_conflict_copies(self.store, self.on_notice)

        for note in recovery.claim_old(self.store):
            self.on_notice(note)
        for child_id in recovery.children_waiting(self.store):
            if not self.store.path(child_id).exists():
                continue  # another data folder's (or a removed child's): kept for it
            try:
                report = self.store.replay(child_id)
            except ProgressError as exc:
                self.on_notice(
                    _("changes kept for {child_id} are not applied yet: {exc}").format(
                        child_id=child_id, exc=exc
                    )
                )
                continue
            for note in report.notes:
                self.on_notice(note)
            if report.applied:
                count = report.applied
                self.on_notice(
                    ngettext(
                        "applied {n} change to {child_id} that an earlier session could not save",
                        "applied {n} changes to {child_id} that an earlier session could not save",
                        count,
                    ).format(n=count, child_id=child_id)
                )

    # -- checklists ---------------------------------------------------------------------------
    @property
    def library(self) -> Library:
        """Every checklist file, read once (``reload_library`` reads the folders again)."""
        if self._library is None:
            self._library = scan(self.data_dir, self.extra_dirs)
        return self._library

    @property
    def library_loaded(self) -> bool:
        return self._library is not None

    def reload_library(self) -> Library:
        self._library = scan(self.data_dir, self.extra_dirs)
        self._calendars = None
        self._templates.clear()
        return self._library

    # -- school calendars ---------------------------------------------------------------------
    @property
    def calendars(self) -> CalendarLibrary:
        """Every school calendar file, read once (again after ``reload_library``)."""
        if self._calendars is None:
            self._calendars = scan_calendars(self.data_dir, self.extra_dirs)
        return self._calendars

    def with_calendar(self, child: Child) -> Child:
        """The child with its school calendar file found (kept on it, never saved)."""
        child.school_calendar = self.calendars.get(child.calendar) if child.calendar else None
        return child

    def find(self, text: str) -> Child:
        """The child the user named (id or name), with its school calendar."""
        return self.with_calendar(find_child(self.store, text))

    def entry(self, checklist_id: str) -> Entry:
        """The active checklist of this id, or a sentence naming the close matches."""
        entry = self.library.get(checklist_id)
        if entry is None or entry.checklist is None:
            known = [e.result.id or "" for e in self.library.active()]
            hint = did_you_mean(checklist_id, known)
            raise ServiceError(
                _("no checklist '{checklist_id}'.{hint} Found: {value}").format(
                    checklist_id=clean_line(checklist_id), hint=hint, value=", ".join(known)
                )
            )
        return entry

    def template(self, checklist_id: str) -> Template:
        entry = self.entry(checklist_id)
        assert entry.checklist is not None
        return Template.of(entry.checklist, entry.origin)

    def newer_template(self, run: Run) -> Template | None:
        """A higher version of the run's own checklist (same id, same origin), if one is found.

        Never a lower version, and never a file of another origin that shadows it: a run
        moves to another file only when the user says so.
        """
        return newer_template(self.library, run, self.template_of)

    def template_of(self, checklist: Checklist, origin: str) -> Template:
        """The template a run takes from ``checklist``: made once per checklist read (a tick
        asks whether its run's checklist is newer, every time)."""
        key = (id(checklist), origin)
        kept = self._templates.get(key)
        if kept is None or kept[0] is not checklist:
            kept = (checklist, Template.of(checklist, origin))
            self._templates[key] = kept
        return kept[1]

    def other_file(self, run: Run) -> Entry | None:
        """The file now in force for the run's checklist when it comes from another place
        (a shared file that shadows the bundled one, say): offered, never taken silently."""
        entry = self.library.get(run.checklist)
        if entry is None or entry.checklist is None or not run.origin:
            return None
        return entry if entry.origin != run.origin else None

    def for_display(self, child: Child) -> Child:
        """The child with each run shown at the newest version of its checklist.

        Nothing is written: the file takes the new version with the family's next change.
        """
        self.with_calendar(child)
        shown = None
        for n, run in enumerate(child.runs):
            template = self.newer_template(run)
            if template is None:
                continue
            if shown is None:
                shown = copy.deepcopy(child)
            shown.runs[n].refresh(template)
        return shown or child

    # -- changes ------------------------------------------------------------------------------
    def update(self, child_id: str, op: Operation | None) -> tuple[Child, Applied]:
        """Apply ``op`` to the child's file under its lock (the CLI's way to change a record).

        Returns the child as saved and what the operation gave; what the user should be
        told (a field another session had changed meanwhile) goes to ``on_notice``. None:
        nothing to change, and nothing is written.
        """
        try:
            if op is None:
                return self.store.load(child_id), Applied()
            child, applied = self.store.update(child_id, op.apply)
        except (ProgressError, RecordError) as exc:
            raise ServiceError(str(exc)) from None
        for note in applied.notes:
            self.on_notice(note)
        return child, applied


def newer_template(
    library: Library,
    run: Run,
    template_of: Callable[[Checklist, str], Template] = Template.of,
) -> Template | None:
    same = [
        e
        for e in library.entries
        if e.checklist is not None
        and e.result.id == run.checklist
        and (e.origin == run.origin or not run.origin)
    ]
    best = max(same, key=lambda e: e.result.version or 0, default=None)
    if best is None or best.checklist is None or best.checklist.version < run.version:
        return None
    template = template_of(best.checklist, best.origin)
    if best.checklist.version == run.version and not (
        run.text_missing or _lacks_explanations(run, template)
    ):
        return None
    return template


def _lacks_explanations(run: Run, template: Template) -> bool:
    """A run saved by an older iepcheck kept only item texts: the same version's file
    gives back the details and sources, so the copy becomes whole again."""
    kept = any(i.details or i.sources for s in run.sections for i in s.items)
    offered = any(i.details or i.sources for s in template.sections for i in s.items)
    return offered and not kept
