"""Progress files: one TOML file per child, never lost, never half-written.

Every change goes through :meth:`Store.update`: take the child's lock, read the file as it is
now, apply the change, write atomically, release. Two sessions therefore merge per item
instead of the last writer winning. A file that is corrupt, unreadable or of a newer format
raises :class:`ProgressError` and is never written.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import threading
import time
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from .. import diskcache, locations
from ..fileio import (
    NotRegularFile,
    atomic_write,
    describe_os_error,
    fsync_dir,
    read_regular,
    remove_stale_temps,
)
from ..i18n import _
from . import recovery, tomlwrite
from .codec import FORMAT, child_from_doc, child_to_doc, file_format
from .fields import MAX_FILE_BYTES
from .ids import new_uid, slugify
from .model import Child
from .operations import Operation
from .reading import ProgressError, TooLarge
from .stamps import STAMP_TABLES, now_stamp, restamp
from .texts import TextStore

MAX_BYTES = MAX_FILE_BYTES
CACHE_FROM = 16 * 1024  # records smaller than this parse faster than a cache lookup
LOCK_WAIT = 10.0  # seconds a command waits for another session's save before giving up
T = TypeVar("T")

__all__ = ["LockTimeout", "NameTaken", "ProgressError", "Stamp", "Store", "TooLarge"]


_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
_NAME_RE = re.compile(r'^name = ("(?:[^"\\\n]|\\.)*")$', re.MULTILINE)


class NameTaken(Exception):
    pass


class LockTimeout(ProgressError):
    """Another process holds the child's lock for too long."""


@dataclass(frozen=True)
class Stamp:
    """What identifies a file's version on disk, to notice another session's save."""

    size: int
    mtime_ns: int
    inode: int


class Store:
    def __init__(self, data_dir: Path, lock_wait: float | None = None) -> None:
        self.data_dir = data_dir
        self.folder = locations.children_dir(data_dir)
        self.texts = TextStore(data_dir)
        self._unsafe: str | None = None
        # How long a change waits for another session's save before saying so.
        self.lock_wait = LOCK_WAIT if lock_wait is None else lock_wait

    def path(self, child_id: str) -> Path:
        return self.folder / f"{child_id}.toml"

    def lock_path(self, child_id: str) -> Path:
        return self.folder / f".{child_id}.lock"

    def ids(self) -> list[str]:
        """Every child's id: the files named like one (a sync tool's conflict copy, such as
        ``maya (conflicted copy).toml``, is not a child; it is merged, see service.sharing)."""
        try:
            return sorted(
                p.stem
                for p in self.folder.iterdir()
                if p.suffix == ".toml" and _ID.fullmatch(p.stem)
            )
        except OSError:
            return []

    def unsafe(self) -> str | None:
        """Why records in this data folder must not be trusted (another user's folder, or one
        others can change), or None. Asked once per store: ownership does not change under
        a running session."""
        if self._unsafe is None:
            self._unsafe = (
                locations.not_private(self.data_dir) or locations.not_private(self.folder) or ""
            )
        return self._unsafe or None

    def stamp(self, child_id: str) -> Stamp | None:
        try:
            info = os.stat(self.path(child_id), follow_symlinks=False)
        except OSError:
            return None
        return Stamp(info.st_size, info.st_mtime_ns, info.st_ino)

    # -- reading ------------------------------------------------------------------------------
    def load(self, child_id: str) -> Child:
        return self.read(child_id)[0]

    def read(self, child_id: str, max_bytes: int = MAX_BYTES) -> tuple[Child, int, bytes]:
        """The child, the format its file was written in, and the file's bytes."""
        path = self.path(child_id)
        if problem := self.unsafe():
            raise ProgressError(path, _("not opened: {problem}").format(problem=problem))
        try:
            info = os.stat(path, follow_symlinks=False)
            stamp = (info.st_size, info.st_mtime_ns, info.st_ino)
        except OSError:
            stamp = None
        try:
            data = read_regular(path, max_bytes, follow_symlinks=False)
        except FileNotFoundError:
            raise ProgressError(path, _("no such file")) from None
        except NotRegularFile as exc:
            raise ProgressError(
                path,
                _("is {strerror}, not a progress file; it was not opened").format(
                    strerror=exc.strerror
                ),
            ) from None
        except OSError as exc:
            raise ProgressError(
                path, _("cannot be read ({exc})").format(exc=describe_os_error(exc))
            ) from None
        if len(data) > max_bytes:
            raise ProgressError(
                path,
                _(
                    "the file is larger than {max_bytes} MiB; not opened (see 'iepcheck "
                    "child repair {child_id}')"
                ).format(max_bytes=max_bytes // 2**20, child_id=child_id),
            )
        cached = (
            diskcache.get("records", path, stamp, frozenset())
            if stamp and len(data) >= CACHE_FROM
            else None
        )
        if not isinstance(cached, dict):
            cached = None
        try:
            text = data.decode("utf-8")
            doc = cached if cached is not None else tomllib.loads(text)
        except UnicodeDecodeError:
            raise ProgressError(path, _("the file is not UTF-8 text; it was not changed")) from None
        except tomllib.TOMLDecodeError as exc:
            raise ProgressError(
                path, _("the file is damaged ({exc}); it was not changed").format(exc=exc)
            ) from None
        except RecursionError:
            raise ProgressError(path, _("the file is nested too deeply to read")) from None
        fmt = file_format(doc, path)
        child = child_from_doc(doc, path, child_id, text, self.texts)
        if cached is None and stamp and len(data) >= CACHE_FROM and self._unchanged(path, stamp):
            diskcache.put("records", path, stamp, doc)
        return child, fmt, data

    @staticmethod
    def _unchanged(path: Path, stamp: tuple[int, int, int]) -> bool:
        try:
            info = os.stat(path, follow_symlinks=False)
        except OSError:
            return False
        return (info.st_size, info.st_mtime_ns, info.st_ino) == stamp

    def load_all(self) -> tuple[list[Child], list[ProgressError]]:
        children: list[Child] = []
        problems: list[ProgressError] = []
        for child_id in self.ids():
            try:
                children.append(self.load(child_id))
            except ProgressError as exc:
                problems.append(exc)
        return children, problems

    # -- writing ------------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self, child_id: str, timeout: float | None = None) -> Iterator[None]:
        """An exclusive lock on a separate file, so the data file can be replaced freely.

        ``timeout``: seconds to wait for another holder (None waits for ever); then
        :class:`LockTimeout`, naming the holder's pid when it is an iepcheck.
        """
        for place in (self.data_dir, self.folder):
            if problem := locations.not_private(place):
                raise ProgressError(
                    self.path(child_id), _("not saved: {problem}").format(problem=problem)
                )
        folder = locations.ensure_private_dir(self.folder)
        with self.locked(folder / f".{child_id}.lock", self.path(child_id), timeout):
            yield

    @contextlib.contextmanager
    def locked(self, lock_path: Path, subject: Path, timeout: float | None) -> Iterator[None]:
        """The lock of :meth:`lock` on any file (``subject`` is what errors name)."""
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(lock_path, flags, locations.FILE_MODE)
        except OSError as exc:
            raise ProgressError(
                lock_path,
                _("cannot be opened as a lock file ({exc})").format(exc=describe_os_error(exc)),
            ) from None
        try:
            try:
                import fcntl
            except ImportError:  # pragma: no cover - Windows: no advisory locks
                yield
                return
            try:
                got = _acquire(fcntl, fd, timeout)
            except _Alarm:  # the alarm rang just as the lock came: closing the fd frees it
                got = False
            if not got:
                raise LockTimeout(subject, self._held_by(fd))
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    @staticmethod
    def _held_by(fd: int) -> str:
        try:
            pid = int(os.pread(fd, 32, 0).split()[0])
        except (OSError, ValueError, IndexError):
            pid = 0
        holder = f"iepcheck (process {pid})" if pid and _is_iepcheck(pid) else "another program"
        return _(
            "another session is saving this child: {holder} has held its lock for "
            "too long; nothing was changed. Try again, or close the other session"
        ).format(holder=holder)

    def write(self, child: Child, before: dict[str, Any] | None = None) -> None:
        """Write the child (atomically). ``before``: the file's document before this change,
        so what the change did is stamped (for merging two copies, see records.stamps)."""
        path = self.path(child.id)
        if not child.uid:
            child.uid = new_uid()  # first written in format 3: the same child on every copy
        try:
            mode = os.stat(path, follow_symlinks=False).st_mode
        except OSError:
            mode = 0o600
        if not mode & 0o200:
            raise ProgressError(
                path,
                _(
                    "the file is read-only, so iepcheck leaves it as it is; to save changes, "
                    "make it writable again: chmod u+w {path}"
                ).format(path=path),
            )
        doc = child_to_doc(child, self.texts)
        if before is not None:
            restamp(before, doc, child.stamps, child.removed, now_stamp())
            for key, table in (("stamps", child.stamps), ("removed", child.removed)):
                doc.pop(key, None)
                if table:
                    doc[key] = dict(sorted(table.items()))
        data = tomlwrite.dumps(doc, last=STAMP_TABLES).encode("utf-8")
        if len(data) > MAX_BYTES:
            raise TooLarge(
                path,
                _(
                    "not saved: the file would be {count:.1f} MiB, more than the "
                    "{MAX_BYTES:.3g} MiB iepcheck opens; the change was not made (see "
                    "'iepcheck child repair {child_id}')"
                ).format(count=len(data) / 2**20, MAX_BYTES=MAX_BYTES / 2**20, child_id=child.id),
            )
        remove_stale_temps(path)
        try:
            atomic_write(path, data)
        except OSError as exc:
            raise ProgressError(
                path,
                _("could not be saved ({exc}); the file was not changed").format(
                    exc=describe_os_error(exc)
                ),
            ) from None
        if len(data) >= CACHE_FROM and (stamp := self.stamp(child.id)) is not None:
            diskcache.put("records", path, (stamp.size, stamp.mtime_ns, stamp.inode), doc)

    def update(
        self, child_id: str, change: Callable[[Child], T], *, timeout: float | None = -1.0
    ) -> tuple[Child, T]:
        """Apply ``change`` to the child as it is on disk now, and save it. ``timeout``:
        seconds to wait for the lock (None: for ever; the default: ``lock_wait``)."""
        child, result, _stamp = self.update_stamped(child_id, change, timeout=timeout)
        return child, result

    def update_stamped(
        self, child_id: str, change: Callable[[Child], T], *, timeout: float | None = -1.0
    ) -> tuple[Child, T, Stamp | None]:
        """:meth:`update`, and the stamp of the file as this change left it (taken under the
        lock: a later writer's file never passes for this one)."""
        with self.lock(child_id, self.lock_wait if timeout == -1.0 else timeout):
            # A bad file raises here: it is never overwritten.
            child, fmt, original = self.read(child_id)
            before = child_to_doc(child, self.texts)
            result = change(child)
            if fmt < FORMAT:
                self.keep_original(child_id, original, fmt)
            self.keep_day(child_id, original)
            self.write(child, before)
            return child, result, self.stamp(child_id)

    def keep_day(self, child_id: str, data: bytes) -> None:
        """The first change of a day keeps the file as it was in ``history/`` (see
        :mod:`iepcheck.records.history`): a day's record can be brought back whole."""
        from . import history

        history.keep(self, child_id, data)

    def keep_original(self, child_id: str, data: bytes, fmt: int) -> None:
        """Before a file is first rewritten in a newer format, a copy goes to ``trash/``."""
        trash = locations.ensure_private_dir(locations.trash_dir(self.data_dir))
        target = trash / f"{child_id}.format{fmt}.toml"
        if target.exists():
            return
        try:
            atomic_write(target, data)
        except OSError as exc:
            raise ProgressError(
                target,
                _("could not keep a copy before upgrading ({exc})").format(
                    exc=describe_os_error(exc)
                ),
            ) from None

    # -- changes that could not be saved ------------------------------------------------------
    def keep(self, child_id: str, ops: list[Operation]) -> Path:
        """Keep changes that could not be saved in a recovery file; returns where."""
        return recovery.keep(self, child_id, ops)

    def replay(self, child_id: str) -> recovery.Replayed:
        """Apply the child's kept changes (see :mod:`iepcheck.records.recovery`)."""
        return recovery.replay(self, child_id, self.lock_wait)

    def name_of(self, child_id: str) -> str | None:
        """The child's name, read from the head of its file (a caseload of hundreds is
        checked without parsing every record); None for a file that cannot be read."""
        try:
            head = read_regular(self.path(child_id), 4096, follow_symlinks=False)
            top = head.decode("utf-8", "replace").split("\n[", 1)[0]  # before any table
            found = _NAME_RE.search(top)
            if found:
                value = tomllib.loads(f"v = {found.group(1)}")["v"]
                if isinstance(value, str):
                    return value
            return self.load(child_id).name
        except (OSError, ValueError, ProgressError):
            return None

    def name_taken(self, name: str, except_id: str | None = None) -> bool:
        """Whether another child (not ``except_id``) already has this name, in any case."""
        wanted = name.strip().casefold()
        for child_id in self.ids():
            if child_id == except_id:
                continue
            other = self.name_of(child_id)
            if other is not None and other.casefold() == wanted:
                return True
        return False

    def create(self, name: str, plan: str = "none") -> Child:
        name = name.strip()
        if not name:
            raise ValueError("a child needs a name")
        if self.name_taken(name):
            raise NameTaken(name)
        base = slugify(name)
        locations.ensure_private_dir(self.folder)
        n = 1
        while True:
            child_id = base if n == 1 else f"{base}-{n}"
            n += 1
            with self.lock(child_id, self.lock_wait):
                if os.path.lexists(self.path(child_id)):
                    continue
                child = Child(child_id, name, plan)
                self.write(child)
                return child

    def remove(self, child_id: str) -> Path:
        """Move the child's file to ``trash/``: nothing is ever deleted."""
        trash = locations.ensure_private_dir(locations.trash_dir(self.data_dir))
        with self.lock(child_id, self.lock_wait):
            source = self.path(child_id)
            if not source.exists():
                raise ProgressError(source, _("no such file"))
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            target = trash / f"{child_id}-{stamp}.toml"
            n = 2
            while target.exists():
                target = trash / f"{child_id}-{stamp}-{n}.toml"
                n += 1
            try:
                shutil.move(source, target)
            except OSError as exc:
                raise ProgressError(
                    source,
                    _("could not be moved to the trash ({exc})").format(exc=describe_os_error(exc)),
                ) from None
            fsync_dir(trash)
            fsync_dir(self.folder)
        with contextlib.suppress(OSError):
            self.lock_path(child_id).unlink()
        return target


class _Alarm(Exception):
    pass


def _acquire(fcntl: Any, fd: int, timeout: float | None) -> bool:
    """Take the lock, waiting at most ``timeout`` seconds (None: for ever). False on timeout.

    A blocking flock waits in the kernel's queue, so writers take turns fairly; the timeout
    interrupts it with an alarm where signals can be used (the main thread), and polls
    elsewhere.
    """
    if timeout is None:
        fcntl.flock(fd, fcntl.LOCK_EX)
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        pass
    if threading.current_thread() is threading.main_thread():

        def ring(signum: int, frame: object) -> None:
            raise _Alarm

        previous = signal.signal(signal.SIGALRM, ring)
        try:
            signal.setitimer(signal.ITIMER_REAL, max(timeout, 0.01))
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                return True
            except _Alarm:
                return False
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        finally:
            signal.signal(signal.SIGALRM, previous)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.02)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            continue
    return False


def _is_iepcheck(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return b"iepcheck" in handle.read()
    except OSError:
        return False
