"""Every path iepcheck uses, as functions: nothing is created at import time."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from .i18n import _

APP = "iepcheck"
DIR_MODE = 0o700
FILE_MODE = 0o600


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The user data folder: ``--data-dir``, else IEPCHECK_DATA_DIR, else platformdirs'."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("IEPCHECK_DATA_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP, appauthor=False))


def children_dir(base: Path) -> Path:
    return base / "children"


def trash_dir(base: Path) -> Path:
    return base / "trash"


def user_checklists_dir(base: Path) -> Path:
    return base / "checklists"


def cache_dir() -> Path:
    """The cache folder; IEPCHECK_CACHE_DIR moves it (the demo keeps its cache to itself)."""
    env = os.environ.get("IEPCHECK_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP, appauthor=False))


def trusted_cache_dir() -> Path | None:
    """The cache folder when only this user can change what is in it; else None (a file
    there could have been written by anyone: never read it, never write to it)."""
    folder = cache_dir()
    return None if not_private(folder) else folder


def state_dir() -> Path:
    """The state folder (per machine, not a cache: never safe to delete while it holds
    rescued changes); IEPCHECK_STATE_DIR moves it."""
    env = os.environ.get("IEPCHECK_STATE_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_state_dir

    return Path(user_state_dir(APP, appauthor=False))


def recovery_dir(data_dir: Path) -> Path:
    """Where changes go that a data folder refused to take (full, read-only): in the state
    folder, one subfolder per data folder, so each one's changes go back to it."""
    return state_dir() / "recovery" / data_tag(data_dir)


def data_tag(data_dir: Path) -> str:
    """A data folder's name in the state folder (its resolved path, hashed)."""
    import hashlib

    return hashlib.sha256(str(data_dir.expanduser().resolve()).encode()).hexdigest()[:16]


def old_recovery_dir() -> Path:
    """Where iepcheck 0.2 kept such changes (the cache folder): read once, then emptied."""
    return cache_dir() / "recovery"


def host_tag() -> str:
    """This machine's name as a recovery file carries it: a data folder synced to another
    machine never replays this machine's rescued changes there."""
    import re
    import socket

    try:
        name = socket.gethostname()
    except OSError:
        name = ""
    return re.sub(r"[^A-Za-z0-9]", "_", name)[:40] or "host"


def recovery_is_ours(name: str) -> bool:
    """Whether a recovery file (by its name) is this machine's to replay: one naming this
    host, or one written before files named their host (``…recovery-PID-TIME.toml``)."""
    rest = name.rpartition(".recovery-")[2].removesuffix(".toml")
    parts = rest.split("-")
    if len(parts) == 2:
        return all(p.isdigit() for p in parts)
    return len(parts) == 3 and parts[0] == host_tag()


def site_checklist_dirs() -> list[Path]:
    """``checklists/`` under each folder of the site data path (XDG_DATA_DIRS on Linux)."""
    from platformdirs import site_data_dir

    joined = site_data_dir(APP, appauthor=False, multipath=True)
    return [Path(p) / "checklists" for p in joined.split(os.pathsep) if p]


def env_checklist_dirs() -> list[Path]:
    """Folders named in IEPCHECK_CHECKLISTS (``:``-separated)."""
    value = os.environ.get("IEPCHECK_CHECKLISTS", "")
    return [Path(p).expanduser() for p in value.split(os.pathsep) if p]


def bundled_checklists_dir() -> Path:
    """The checklists shipped with iepcheck.

    A wheel carries them inside the package (``iepcheck/data/checklists``); an editable
    install does not see force-included files, so fall back to the repository's top folder.
    """
    here = Path(__file__).resolve().parent
    inside = here / "data" / "checklists"
    if inside.is_dir():
        return inside
    return here.parent.parent / "checklists"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` and its missing parents as 0700, whatever the umask.

    Folders that already exist are left as they are: the user (or an admin) chose them.
    """
    missing: list[Path] = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=DIR_MODE)
        os.chmod(folder, DIR_MODE)
    return path


def not_private(folder: Path) -> str | None:
    """Why ``folder`` is not safe to keep a family's data in, or None when it is: it must be
    the user's own, and other users must not be able to change what is in it."""
    try:
        info = os.stat(folder)
    except OSError:
        return None  # not there yet: it will be created 0700
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        return _("{folder} belongs to another user; keep your data in a folder of your own").format(
            folder=folder
        )
    if info.st_mode & 0o022:
        return _(
            "{folder} can be changed by other users; make it private with: chmod 700 {folder}"
        ).format(folder=folder)
    return _open_above(folder)


def _open_above(folder: Path) -> str | None:
    """A folder above ``folder`` that every user can change without the sticky bit (which
    keeps each user's entries their own): anyone could swap ``folder`` for one of theirs."""
    try:
        parents = Path(os.path.abspath(folder)).parents
    except (OSError, ValueError):
        return None
    for parent in parents:
        try:
            mode = os.stat(parent).st_mode
        except OSError:
            continue
        if mode & 0o002 and not mode & 0o1000:
            return _(
                "{folder} is inside {parent}, which every user can change; keep your data in a "
                "folder of your own"
            ).format(folder=folder, parent=parent)
    return None
