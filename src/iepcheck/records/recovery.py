"""Changes a session could not save, kept in a recovery file until they are applied.

When the app must close while changes still wait (another session holds the child's lock
for too long, or the disk refuses), the waiting operations are written to a recovery file:
beside the child's file (``children/.<id>.recovery-<host>-<pid>-<time>.toml``), or, when the
data folder refuses writes, in the state folder (``recovery/<data folder tag>/``, which is
not a cache). The next command or start of the app applies them in order under the child's
lock. A file is this machine's own (its name holds the host): a data folder synced to another
machine never replays it there. A file that cannot be read or applied goes to ``trash/`` with
a sentence naming it, and the others still run. Files iepcheck 0.2 left in the cache folder's
``recovery/`` are read once, so nothing already rescued is lost.
"""

from __future__ import annotations

import contextlib
import copy
import glob
import os
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import locations
from ..fileio import atomic_write, describe_os_error, fsync_dir, read_regular
from ..i18n import _
from ..textsafe import clean_line
from . import tomlwrite
from .codec import FORMAT as RECORD_FORMAT
from .operations import Operation, RecordError, from_doc
from .reading import TooLarge

if TYPE_CHECKING:
    from .store import Store

FORMAT = 2  # 1: iepcheck 0.2 (no host, no data folder)
MAX_BYTES = 16 * 1024 * 1024
UNCLAIMED = "unclaimed"  # old files for a child no data folder here has (yet)


@dataclass
class Replayed:
    """What applying a child's recovery files did, for the user."""

    applied: int = 0
    # A sentence per file set aside and per change that no longer fits.
    notes: list[str] = field(default_factory=list)


def keep(store: Store, child_id: str, ops: list[Operation]) -> Path:
    """Write ``ops`` to a new recovery file (0600) and return its path. The data folder
    first; when it refuses, the state folder. OSError when neither takes it.

    A recovery file is this process's own (its name holds host, pid and time), so it is
    written without the child's lock, which may be exactly what could not be had."""
    host = locations.host_tag()
    name = f".{child_id}.recovery-{host}-{os.getpid()}-{time.time_ns()}.toml"
    doc: dict[str, Any] = {
        "format": FORMAT,
        "child": child_id,
        "host": host,
        "data_dir": str(store.data_dir),
        "ops": [op.to_doc() for op in ops],
    }
    data = tomlwrite.dumps(doc).encode("utf-8")
    path = store.folder / name
    try:
        atomic_write(path, data)
    except OSError:
        path = locations.recovery_dir(store.data_dir) / name.lstrip(".")
        atomic_write(path, data)
    return path


def children_waiting(store: Store) -> list[str]:
    """The children of this data folder with changes waiting for this machine to apply."""
    found = {
        child_id
        for folder in _places(store)
        for path in _listed(folder)
        if (child_id := _child_of(path)) and _ours(path)
    }
    return sorted(found)


def files_of(store: Store, child_id: str) -> list[Path]:
    """The child's recovery files this machine applies, oldest first."""
    pattern = f"{glob.escape(child_id)}.recovery-*.toml"
    files = []
    for folder in _places(store):
        prefix = "." if folder == store.folder else ""
        with contextlib.suppress(OSError):
            files += [p for p in folder.glob(prefix + pattern) if _ours(p)]
    return sorted(files, key=_written_at)


def claim_old(store: Store) -> list[str]:
    """Files iepcheck 0.2 kept in the cache folder: those for a child of this data folder
    move to its state-folder place (and are applied with the others); the rest wait in the
    state folder's ``unclaimed`` place, never in the cache, for the data folder that has
    their child. Returns a sentence per file that could not be moved."""
    notes = []
    for path in _listed(locations.old_recovery_dir()):
        child_id = _child_of(path)
        if not child_id:
            continue
        here = store.path(child_id).exists()
        target = (
            locations.recovery_dir(store.data_dir)
            if here
            else locations.state_dir() / "recovery" / UNCLAIMED
        )
        try:
            locations.ensure_private_dir(target)
            os.replace(path, target / path.name)
        except OSError as exc:
            notes.append(
                _("changes kept in {path} could not be moved ({exc})").format(
                    path=path, exc=describe_os_error(exc)
                )
            )
    return notes


def replay(store: Store, child_id: str, timeout: float | None) -> Replayed:
    """Apply the child's recovery files in order, under its lock, each file as a whole."""
    report = Replayed()
    if not files_of(store, child_id):
        return report
    with store.lock(child_id, timeout):
        files = files_of(store, child_id)
        if not files:
            return report
        child, fmt, original = store.read(child_id)
        for path in files:
            where = clean_line(str(path))
            try:
                ops = read(path)
            except Exception as exc:  # a damaged file, whatever the way: set aside, said
                _set_aside(store, path)
                report.notes.append(
                    _(
                        "changes kept in {where} could not be read ({exc}); the file was moved "
                        "to the trash folder"
                    ).format(where=where, exc=_why(exc))
                )
                continue
            trial = copy.deepcopy(child)
            applied = 0
            skipped = []
            try:
                for op in ops:
                    try:
                        op.apply(trial)
                        applied += 1
                    except RecordError as exc:
                        skipped.append(str(exc))
                if fmt < RECORD_FORMAT:
                    store.keep_original(child_id, original, fmt)
                store.write(trial)
            except TooLarge as exc:
                _set_aside(store, path)
                report.notes.append(
                    _("changes kept in {where} were not applied: {reason}").format(
                        where=where, reason=exc.reason
                    )
                )
                continue
            except Exception as exc:
                _set_aside(store, path)
                report.notes.append(
                    _(
                        "changes kept in {where} could not be applied ({exc}); the file was "
                        "moved to the trash folder"
                    ).format(where=where, exc=_why(exc))
                )
                continue
            child = trial
            report.applied += applied
            for reason in skipped:
                report.notes.append(
                    _("a change kept in {where} no longer fits: {reason}").format(
                        where=where, reason=reason
                    )
                )
            with contextlib.suppress(OSError):
                path.unlink()
                fsync_dir(path.parent)
    return report


def read(path: Path) -> list[Operation]:
    data = read_regular(path, MAX_BYTES, follow_symlinks=False)
    doc = tomllib.loads(data.decode("utf-8"))
    fmt = doc.get("format", 1)
    if isinstance(fmt, bool) or not isinstance(fmt, int) or fmt > FORMAT:
        raise ValueError("written by a newer iepcheck")
    raw = doc.get("ops")
    if not isinstance(raw, list):
        raise ValueError("no operations")
    return [from_doc(entry) for entry in raw]


def _places(store: Store) -> list[Path]:
    return [
        store.folder,
        locations.recovery_dir(store.data_dir),
        locations.state_dir() / "recovery" / UNCLAIMED,
    ]


def _listed(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.iterdir() if ".recovery-" in p.name and p.suffix == ".toml"]
    except OSError:
        return []


def _child_of(path: Path) -> str:
    return path.name.lstrip(".").partition(".recovery-")[0]


def _ours(path: Path) -> bool:
    return locations.recovery_is_ours(path.name)


def _written_at(path: Path) -> tuple[int, str]:
    """Oldest first: by the time in the name (the last part), then the name."""
    stamp = path.name.removesuffix(".toml").rpartition("-")[2]
    return (int(stamp) if stamp.isdigit() else 0, path.name)


def _set_aside(store: Store, path: Path) -> None:
    trash = locations.ensure_private_dir(locations.trash_dir(store.data_dir))
    with contextlib.suppress(OSError):
        os.replace(path, trash / path.name.lstrip("."))
        fsync_dir(trash)


def _why(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return _("nested too deeply")
    if isinstance(exc, UnicodeDecodeError):
        return _("not UTF-8 text")
    if isinstance(exc, OSError):
        return describe_os_error(exc)
    text = clean_line(str(exc))[:200]
    return text or type(exc).__name__
