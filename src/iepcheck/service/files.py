"""Where the files a user writes go when no file is named (letters, exports, calendars,
backups): the data folder's ``letters/``, ``exports/`` and ``backups/`` (0700), or those of
the folder the profile's ``files`` setting names; never the current folder, which a shared
server's user may not own, a synced desktop folder may upload, or may have been deleted."""

from __future__ import annotations

from pathlib import Path

from ..i18n import _
from ..locations import not_private
from ..records.profile import FILES_KEY, load_setting, update_setting
from ..records.store import ProgressError
from ..textsafe import clean_line
from .errors import InputError, ServiceError
from .workspace import Workspace

KINDS = ("letters", "exports", "backups")


def base(workspace: Workspace) -> Path:
    """The folder that holds ``letters/``, ``exports/`` and ``backups/``."""
    try:
        chosen = load_setting(workspace.data_dir, FILES_KEY)
    except ProgressError as exc:
        workspace.on_notice(_("{exc}; files go to the data folder").format(exc=exc))
        chosen = ""
    return Path(chosen).expanduser() if chosen else workspace.data_dir


def folder(workspace: Workspace, kind: str) -> Path:
    """Where files of ``kind`` go when no file is named (made 0700 when written)."""
    assert kind in KINDS, kind
    found = base(workspace) / kind
    for each in (found.parent, found):
        if problem := not_private(each):
            raise ServiceError(_("not written: {problem}").format(problem=problem))
    return found


def target(workspace: Workspace, kind: str, typed: str) -> Path:
    """A file name typed in the app: ``~`` expanded; a name without a folder goes in the
    ``kind`` folder (the one the default pointed to), never in the current folder."""
    path = Path(typed.strip()).expanduser()
    return path if path.is_absolute() else folder(workspace, kind) / path


def set_base(workspace: Workspace, value: str) -> Path | None:
    """Set the profile's ``files`` folder (empty: back to the data folder); it must be a
    full path (``~/…`` or ``/…``) and private to the user."""
    value = value.strip()
    if not value:
        update_setting(workspace.store, FILES_KEY, "")
        return None
    path = Path(value).expanduser()
    if not path.is_absolute():
        raise InputError(
            _(
                "files={value}: give the folder's full path, like ~/Documents/iepcheck "
                "(a relative one would depend on the folder you are in)"
            ).format(value=clean_line(value))
        )
    if path.exists() and not path.is_dir():
        raise InputError(_("files={value} is not a folder").format(value=clean_line(value)))
    if problem := not_private(path):
        raise InputError(_("files: {problem}").format(problem=problem))
    try:
        update_setting(workspace.store, FILES_KEY, str(path))
    except ProgressError as exc:
        raise ServiceError(str(exc)) from None
    return path
