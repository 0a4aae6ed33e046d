"""Importing a shared checklist file into the user's folder (``import`` and the TUI)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..fileio import atomic_write
from .library import Library
from .loader import Problem, load_bytes, read_file_bytes


@dataclass
class ImportOutcome:
    ok: bool
    message: str  # one sentence: what was done, or why not
    problems: list[Problem] = field(default_factory=list)
    target: Path | None = None
    needs_replace: bool = False  # refused only because --replace (or a yes) was not given


def import_file(source: Path, library: Library, target_dir: Path, replace: bool) -> ImportOutcome:
    """Validate ``source`` and copy it (the same bytes) into ``target_dir`` as 0600.

    Refuses a broken file, hiding a bundled checklist, or replacing the user's file of an
    equal or newer version, unless ``replace``; the message names what would be replaced.
    """
    try:
        data = read_file_bytes(source)
    except ValueError as exc:
        return ImportOutcome(False, f"not imported: {exc}")
    result = load_bytes(data, source)
    problems = list(result.problems)
    checklist = result.checklist
    if checklist is None:
        return ImportOutcome(False, "not imported: it has errors", problems)
    same_id = [e for e in library.entries if e.result.id == checklist.id and e.result.ok]
    bundled = [e for e in same_id if e.origin == "bundled"]
    users = [e for e in same_id if e.origin == "user"]
    if bundled and not replace:
        return ImportOutcome(
            False,
            f"not imported: '{checklist.id}' is a bundled checklist ({bundled[0].path}, "
            f"version {bundled[0].result.version}); importing would hide it. "
            "Use --replace to do so.",
            problems,
            needs_replace=True,
        )
    newest = max(users, key=lambda e: e.result.version or 0, default=None)
    if newest is not None and (newest.result.version or 0) >= checklist.version and not replace:
        return ImportOutcome(
            False,
            f"not imported: it would replace {newest.path} (version {newest.result.version}) "
            f"with version {checklist.version}. Use --replace to do so.",
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
            False, f"not imported: could not write {target} ({exc.strerror or exc})"
        )
    replaced = f" (replacing version {newest.result.version})" if newest is not None else ""
    return ImportOutcome(
        True,
        f"imported {checklist.id} version {checklist.version}{replaced} → {target}",
        problems,
        target,
    )


def _free_name(folder: Path, stem: str) -> Path:
    n = 2
    while (folder / f"{stem}-{n}.toml").exists():
        n += 1
    return folder / f"{stem}-{n}.toml"
