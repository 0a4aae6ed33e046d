"""Importing a shared checklist file into the user's folder (``import`` and the TUI)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..fileio import atomic_write
from ..i18n import _
from .library import Library
from .loader import Problem, load_bytes, read_file_bytes


@dataclass
class ImportOutcome:
    ok: bool
    message: str  # one sentence: what was done, or why not
    problems: list[Problem] = field(default_factory=list)
    target: Path | None = None
    needs_replace: bool = False  # refused only because --replace (or a yes) was not given

    def said(self) -> str:
        """The message as the command line says it: with how to go ahead when it can."""
        if self.needs_replace:
            return f"{self.message} " + _("Use --replace to do so.")
        return self.message


def import_file(source: Path, library: Library, target_dir: Path, replace: bool) -> ImportOutcome:
    """Validate ``source`` and copy it (the same bytes) into ``target_dir`` as 0600.

    Refuses a broken file, hiding a bundled checklist, or replacing the user's file of an
    equal or newer version, unless ``replace``; the message names what would be replaced.
    """
    try:
        data = read_file_bytes(source)
    except ValueError as exc:
        return ImportOutcome(False, _("not imported: {error}").format(error=exc))
    result = load_bytes(data, source)
    problems = list(result.problems)
    checklist = result.checklist
    if checklist is None:
        return ImportOutcome(False, _("not imported: it has errors"), problems)
    same_id = [e for e in library.entries if e.result.id == checklist.id and e.result.ok]
    bundled = [e for e in same_id if e.origin == "bundled"]
    users = [e for e in same_id if e.origin == "user"]
    if bundled and not replace:
        return ImportOutcome(
            False,
            _(
                "not imported: '{id}' is a bundled checklist ({path}, version {version}); "
                "importing would hide it."
            ).format(id=checklist.id, path=bundled[0].path, version=bundled[0].result.version),
            problems,
            needs_replace=True,
        )
    newest = max(users, key=lambda e: e.result.version or 0, default=None)
    if newest is not None and (newest.result.version or 0) >= checklist.version and not replace:
        return ImportOutcome(
            False,
            _("not imported: it would replace {path} (version {old}) with version {new}.").format(
                path=newest.path, old=newest.result.version, new=checklist.version
            ),
            problems,
            needs_replace=True,
        )
    target = newest.path if newest is not None else target_dir / f"{checklist.id}.toml"
    if newest is None and target.exists():
        target = _free_name(target_dir, checklist.id)
    try:
        atomic_write(target, data)
    except OSError as exc:
        return ImportOutcome(
            False,
            _("not imported: could not write {target} ({error})").format(
                target=target, error=exc.strerror or exc
            ),
        )
    if newest is not None:
        said = _("imported {id} version {version} (replacing version {old}) → {target}").format(
            id=checklist.id, version=checklist.version, old=newest.result.version, target=target
        )
    else:
        said = _("imported {id} version {version} → {target}").format(
            id=checklist.id, version=checklist.version, target=target
        )
    return ImportOutcome(True, said, problems, target)


def _free_name(folder: Path, stem: str) -> Path:
    n = 2
    while (folder / f"{stem}-{n}.toml").exists():
        n += 1
    return folder / f"{stem}-{n}.toml"
