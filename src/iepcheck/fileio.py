"""Reading and writing files safely: atomic saves, regular files only, no surprise symlinks.

A save leaves the old file or the new one, never a mix (temp file in the same folder, fsync,
``os.replace``, fsync of the folder). Temp files a killed writer left behind are cleaned by the
next writer of the same file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from pathlib import Path

from .i18n import N_, _
from .locations import FILE_MODE, ensure_private_dir

STALE_TEMP_SECONDS = 60.0
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class NotRegularFile(OSError):
    """A path that is a FIFO, a device, a folder or a symbolic link where a file belongs."""


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path``: temp file in the same folder, fsync, ``os.replace``.

    The file is 0600 whatever the umask; its folder is created 0700 if missing. On failure the
    old file is untouched and the temp file removed; the OSError propagates. ``durable``
    False: no fsync, for a cache (a cold start wrote hundreds, each waiting for the disk; one
    lost to a power cut is read as damaged, a miss).
    """
    folder = ensure_private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, FILE_MODE)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        if durable:
            os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(tmp, path)
    except BaseException:
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        fsync_dir(folder)


def remove_stale_temps(path: Path, older_than: float = STALE_TEMP_SECONDS) -> int:
    """Delete temp files of ``path`` left by a killed writer; returns how many.

    Call it while holding the lock that every writer of ``path`` takes, so no live writer's
    temp file is among them; the age check is a second guard.
    """
    removed = 0
    prefix = _temp_prefix(path)
    cutoff = time.time() - older_than
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return 0
    for entry in entries:
        if not (entry.name.startswith(prefix) and entry.name.endswith(".tmp")):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


def read_regular(path: Path, limit: int, *, follow_symlinks: bool = True) -> bytes:
    """At most ``limit`` + 1 bytes of a regular file (so a caller can tell it is too big).

    Opened non-blocking, so a FIFO cannot hang the caller; anything but a regular file raises
    :class:`NotRegularFile`. With ``follow_symlinks=False`` a symbolic link is refused too.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
    if not follow_symlinks:
        flags |= _NOFOLLOW
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow_symlinks:
            raise NotRegularFile(errno.ELOOP, _("a symbolic link"), str(path)) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = _("a folder") if stat.S_ISDIR(info.st_mode) else _("a pipe, socket or device")
            raise NotRegularFile(errno.EINVAL, kind, str(path))
        chunks = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(limit + 1 - total, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def describe_os_error(exc: OSError) -> str:
    """A few plain words for an OSError (the file name is said by the caller)."""
    words = {
        errno.EACCES: N_("permission denied"),
        errno.EPERM: N_("permission denied"),
        errno.EROFS: N_("the disk is read-only"),
        errno.ENOSPC: N_("the disk is full"),
        errno.EDQUOT: N_("the disk quota is used up"),
        errno.EIO: N_("a disk error (I/O error)"),
        errno.ENOENT: N_("no such file or folder"),
        errno.ELOOP: N_("too many symbolic links"),
    }
    found = words.get(exc.errno or 0)
    return _(found) if found else exc.strerror or str(exc)
