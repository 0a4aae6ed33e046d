"""Where checklist and calendar files are looked for, and a cheap fingerprint of them all.

Kept apart from the library (which reads and checks the files) so that a cache lookup can
tell whether anything changed without importing the checklist model or reading a file.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from .. import locations
from ..i18n import _

Origin = Literal["bundled", "site", "user", "extra"]


def folders(
    data_dir: Path, extra: Iterable[Path] = (), *, bundled: Path | None = None
) -> list[tuple[Origin, Path]]:
    """Every folder searched, nearest origin last (so later ones win)."""
    found: list[tuple[Origin, Path]] = [("bundled", bundled or locations.bundled_checklists_dir())]
    found += [("site", p) for p in locations.site_checklist_dirs()]
    found.append(("user", locations.user_checklists_dir(data_dir)))
    found += [("extra", p) for p in locations.env_checklist_dirs()]
    found += [("extra", Path(p)) for p in extra]
    return found


def open_to_others(data_dir: Path, extra: Iterable[Path] = ()) -> list[str]:
    """A warning for each extra checklist folder (``--checklists``, ``IEPCHECK_CHECKLISTS``)
    that another user could change: they could change what a family's checklists say. (A data
    folder like that is refused; these are read, with a warning.)"""
    warnings = []
    seen: set[Path] = set()
    for origin, folder in folders(data_dir, extra):
        if origin != "extra" or folder in seen:
            continue
        seen.add(folder)
        try:
            info = os.stat(folder)
        except OSError:
            continue  # not there: nothing is read from it
        mine = not hasattr(os, "geteuid") or info.st_uid in (os.geteuid(), 0)
        if info.st_mode & 0o022 or not mine:
            if mine:
                said = _(
                    "warning: {folder} can be changed by other users who could change what its "
                    "checklists say; keep checklists in a folder only you can write (chmod go-w "
                    "{folder}), or import them: iepcheck import FILE"
                )
            else:
                said = _(
                    "warning: {folder} can be changed by another user, its owner, who could "
                    "change what its checklists say; keep checklists in a folder only you can "
                    "write (chmod go-w {folder}), or import them: iepcheck import FILE"
                )
            warnings.append(said.format(folder=folder))
    return warnings


CALENDAR_SUFFIX = ".calendar.toml"  # school calendars share the folders (calendar/files.py)


def toml_files(folder: Path, *, calendars: bool = False) -> list[Path]:
    """The checklist files of a folder (with ``calendars``, the calendar files too)."""
    try:
        return sorted(
            p
            for p in folder.iterdir()
            if p.suffix.lower() == ".toml"
            and (calendars or not p.name.lower().endswith(CALENDAR_SUFFIX))
        )
    except OSError:
        return []


_LANG_DIR_RE = re.compile(r"[a-z]{2,3}")  # translations: checklists/es/ID.toml


def translation_dirs(folder: Path) -> list[Path]:
    """A checklist folder's translation folders (``es/``): named by a language code."""
    try:
        return sorted(p for p in folder.iterdir() if _LANG_DIR_RE.fullmatch(p.name) and p.is_dir())
    except OSError:
        return []


def fingerprint(data_dir: Path, extra: Iterable[Path] = ()) -> str:
    """Changes whenever a checklist or calendar file is added, removed or changed (without
    reading any).

    What a cache of anything computed from the library is keyed on.
    """
    parts = []
    for origin, folder in folders(data_dir, extra):
        files = toml_files(folder, calendars=True)
        for sub in translation_dirs(folder):
            files += toml_files(sub)
        for path in files:
            try:
                info = path.stat()
                parts.append(f"{origin}|{path}|{info.st_size}|{info.st_mtime_ns}|{info.st_ino}")
            except (OSError, RuntimeError):
                parts.append(f"{origin}|{path}|?")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]
