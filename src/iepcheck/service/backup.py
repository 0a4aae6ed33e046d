"""Backups of a data folder, and restoring one: into an empty folder exactly, into a folder
with data child by child, merged, never replacing what is there.

A backup is one ``.tar.gz`` (optionally encrypted with age) of everything a user would miss:
the children's records, the checklist text store, the profile, the user's own checklists and
school calendars, letters and exports saved. It is read back and checked before the command
says it is done. A backup to restore is untrusted like any shared file: its size is capped,
every member must be a plain file under one of those folders (no ``..``, no absolute path, no
link or device: the sentence names the member), and texts are checked against their names.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import re
import tarfile
import time
import tomllib
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

from .. import __version__, locations
from ..fileio import atomic_write, describe_os_error, read_regular
from ..i18n import _
from ..records import merge as merging
from ..records.codec import child_from_doc
from ..records.reading import ProgressError
from ..records.texts import NAME_RE
from ..textsafe import clean_line
from .errors import ServiceError
from .sharing import AGE_HEADER, Secret, decrypt, encrypt
from .workspace import Workspace

MANIFEST = "iepcheck-backup.toml"
MAX_BYTES = 512 * 1024 * 1024  # a backup larger than this is not one of ours
MAX_MEMBER = 64 * 1024 * 1024
MAX_MEMBERS = 100_000
# What a backup holds: the folders (every regular file in them, at any depth) and files.
FOLDERS = ("children", "texts", "checklists", "letters", "exports")
FILES = ("profile.toml",)
_CHILD = re.compile(r"children/([a-z0-9][a-z0-9-]{0,79})\.toml")


def _members(data_dir: Path) -> dict[str, bytes]:
    """Every file a backup takes, by its path in the backup."""
    found: dict[str, bytes] = {}
    for name in FILES:
        path = data_dir / name
        if path.is_file() and not path.is_symlink():
            found[name] = read_regular(path, MAX_MEMBER, follow_symlinks=False)
    for folder in FOLDERS:
        top = data_dir / folder
        if not top.is_dir():
            continue
        for root, dirs, files in os.walk(top, followlinks=False):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for file in sorted(files):
                path = Path(root) / file
                relative = path.relative_to(data_dir).as_posix()
                if file.startswith(".") or path.is_symlink() or not path.is_file():
                    continue  # locks, temp and recovery files are this machine's own
                if folder == "children" and not _CHILD.fullmatch(relative):
                    continue
                found[relative] = read_regular(path, MAX_MEMBER, follow_symlinks=False)
    return found


def _tar(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    manifest = (
        f'format = 1\niepcheck = "{__version__}"\n'
        f"made = {datetime.now(UTC).replace(microsecond=0).isoformat()}\n"
    ).encode()
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.PAX_FORMAT) as tar:
        for name, data in [(MANIFEST, manifest), *sorted(members.items())]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o600
            info.mtime = int(time.time())
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def default_path(data_dir: Path, encrypted: bool, today: date) -> Path:
    folder = data_dir / "backups"
    day = today.isoformat()
    suffix = ".tar.gz.age" if encrypted else ".tar.gz"
    target = folder / f"iepcheck-backup-{day}{suffix}"
    n = 2
    while os.path.lexists(target):
        target = folder / f"iepcheck-backup-{day}-{n}{suffix}"
        n += 1
    return target


def backup(workspace: Workspace, target: Path | None, secret: Secret) -> tuple[Path, int]:
    """Write a backup of the data folder (0600) and check it by reading it back. Returns the
    path and how many files it holds."""
    data_dir = workspace.data_dir
    encrypted = secret.passphrase is not None or bool(secret.recipients)
    target = target or default_path(data_dir, encrypted, workspace.clock.now().date())
    if os.path.lexists(target):
        raise ServiceError(
            _("{target} is there already; choose another name").format(
                target=clean_line(str(target))
            )
        )
    members = _members(data_dir)
    data = _tar(members)
    if encrypted:
        data = encrypt(data, secret)
    try:
        atomic_write(target, data)
    except OSError as exc:
        raise ServiceError(
            _("{target} could not be written ({exc})").format(
                target=clean_line(str(target)), exc=describe_os_error(exc)
            )
        ) from None
    written = read_regular(target, MAX_BYTES)
    if encrypted:
        written = decrypt(written, secret, target)
    back = _read_members(written, target)
    if back != members:
        raise ServiceError(
            _("{target} did not read back as it was written; do not rely on it").format(
                target=clean_line(str(target))
            )
        )
    _update_state(data_dir, made=workspace.clock.now())
    return target, len(members)


def newest(data_dir: Path) -> float | None:
    """When the newest backup in the data folder's ``backups/`` was made (a timestamp)."""
    try:
        times = [
            p.stat().st_mtime
            for p in (data_dir / "backups").iterdir()
            if p.name.startswith("iepcheck-backup-")
        ]
    except OSError:
        return None
    return max(times, default=None)


# -- the reminder: when the newest backup is more than a month old -------------------------

REMIND_AFTER = timedelta(days=30)


def _state_path(data_dir: Path) -> Path:
    """When this data folder was last backed up (wherever to: ``-o`` on a USB stick too),
    first seen with a child, and last reminded: the state folder, per machine, 0600."""
    return locations.state_dir() / "backups" / f"{locations.data_tag(data_dir)}.json"


def _read_state(data_dir: Path) -> dict[str, datetime]:
    try:
        raw = json.loads(read_regular(_state_path(data_dir), 64 * 1024))
    except (OSError, ValueError, RecursionError):
        return {}  # none yet, or damaged: the reminder starts over (it never loses data)
    found = {}
    for key in ("made", "since", "reminded"):
        value = raw.get(key) if isinstance(raw, dict) else None
        with contextlib.suppress(TypeError, ValueError):
            when = datetime.fromisoformat(value) if isinstance(value, str) else None
            if when is not None and when.tzinfo is not None:
                found[key] = when
    return found


def _update_state(data_dir: Path, **changes: datetime) -> None:
    state = _read_state(data_dir) | changes
    data = json.dumps({k: v.isoformat() for k, v in sorted(state.items())}) + "\n"
    with contextlib.suppress(OSError):  # a reminder not kept is said again, nothing more
        atomic_write(_state_path(data_dir), data.encode())


@dataclass(frozen=True)
class Reminder:
    newest: datetime | None  # the newest backup known (None: never made)


def reminder(workspace: Workspace) -> Reminder | None:
    """A reminder to make a backup, at most once a month: when the data folder holds a child
    and the newest backup (or, when none was ever made, the first day a child was seen here)
    is more than 30 days old. Saying it is the caller's; it is counted as said."""
    data_dir = workspace.data_dir
    now = workspace.clock.now()
    if not workspace.store.ids():
        return None
    state = _read_state(data_dir)
    times = [state["made"]] if "made" in state else []
    if (found := newest(data_dir)) is not None:
        times.append(datetime.fromtimestamp(found, UTC))
    last = max(times, default=None)
    if last is None and "since" not in state:
        _update_state(data_dir, since=now)  # a month from today, if no backup is made
        return None
    if now - (last or state["since"]) <= REMIND_AFTER:
        return None
    if "reminded" in state and now - state["reminded"] < REMIND_AFTER:
        return None
    _update_state(data_dir, reminded=now)
    return Reminder(last)


# -- restoring ------------------------------------------------------------------------------------


def _read_members(data: bytes, source: Path) -> dict[str, bytes]:
    """The files in a backup, each checked; ServiceError naming the member otherwise."""
    where = clean_line(str(source))
    if not data.startswith(b"\x1f\x8b"):
        raise ServiceError(
            _("{where} is not an iepcheck backup (not a .tar.gz)").format(where=where)
        )
    found: dict[str, bytes] = {}
    total = 0
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            for n, member in enumerate(tar):
                if n >= MAX_MEMBERS:
                    raise ServiceError(
                        _("{where} holds too many files to be a backup").format(where=where)
                    )
                name = member.name
                shown = clean_line(name)[:200]
                if not member.isfile():
                    raise ServiceError(
                        _(
                            "{where}: the member {shown} is a link, a folder or a device; nothing "
                            "was restored"
                        ).format(where=where, shown=shown)
                    )
                if not _safe_name(name):
                    raise ServiceError(
                        _(
                            "{where}: the member {shown} points outside the data folder; "
                            "nothing was restored"
                        ).format(where=where, shown=shown)
                    )
                if member.size > MAX_MEMBER or total + member.size > MAX_BYTES:
                    raise ServiceError(
                        _("{where}: the member {shown} is too large").format(
                            where=where, shown=shown
                        )
                    )
                handle = tar.extractfile(member)
                content = handle.read(MAX_MEMBER + 1) if handle is not None else b""
                total += len(content)
                if name == MANIFEST:
                    continue
                found[name] = content
    except (tarfile.TarError, EOFError, OSError, gzip.BadGzipFile, zlib.error) as exc:
        raise ServiceError(
            _("{where} is damaged ({exc})").format(where=where, exc=clean_line(str(exc)))
        ) from None
    return found


def _safe_name(name: str) -> bool:
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return False
    path = PurePosixPath(name)
    if any(part in ("", ".", "..") for part in path.parts) or path.as_posix() != name:
        return False
    if name == MANIFEST or name in FILES:
        return True
    return path.parts[0] in FOLDERS and len(path.parts) >= 2


@dataclass
class Restored:
    lines: list[str] = field(default_factory=list)  # what was (or would be) done


def restore(
    workspace: Workspace,
    source: Path,
    secret: Secret,
    dry_run: bool,
    ask: Callable[[], str] | None = None,
) -> Restored:
    where = clean_line(str(source))
    try:
        data = read_regular(source, MAX_BYTES)
    except OSError as exc:
        raise ServiceError(
            _("{where} cannot be read ({exc})").format(where=where, exc=describe_os_error(exc))
        ) from None
    if data.startswith(AGE_HEADER):
        if secret.passphrase is None and not secret.identities and ask is not None:
            secret.passphrase = ask()
        data = decrypt(data, secret, source)
    members = _read_members(data, source)
    if not any(n.startswith("children/") for n in members) and not members:
        raise ServiceError(_("{where} holds nothing to restore").format(where=where))
    store = workspace.store
    report = Restored()
    empty = not store.ids() and not store.texts.names()
    # The texts first: every run a record refers to must find its words.
    for name, content in sorted(members.items()):
        if name.startswith("texts/"):
            stem = PurePosixPath(name).stem
            if not NAME_RE.fullmatch(stem):
                raise ServiceError(
                    _("{where}: the member {name} is not a checklist text").format(
                        where=where, name=clean_line(name)
                    )
                )
            if not dry_run:
                try:
                    store.texts.receive(content, stem, source)
                except ProgressError as exc:
                    raise ServiceError(str(exc)) from None
    children = {n: c for n, c in members.items() if _CHILD.fullmatch(n)}
    others = {n: c for n, c in members.items() if n not in children and not n.startswith("texts/")}
    for name, content in sorted(children.items()):
        report.lines.append(_child(workspace, name, content, source, empty, dry_run))
    for name, content in sorted(others.items()):
        line = _other(workspace.data_dir, name, content, dry_run)
        if line:
            report.lines.append(line)
    texts = sum(1 for n in members if n.startswith("texts/"))
    if texts:
        report.lines.append(_("checklist texts: {texts} checked and kept").format(texts=texts))
    return report


def _child(
    workspace: Workspace, name: str, content: bytes, source: Path, empty: bool, dry_run: bool
) -> str:
    store = workspace.store
    child_id = PurePosixPath(name).stem
    try:
        doc = tomllib.loads(content.decode("utf-8"))
        other = merging.as_document(doc, source, child_id, store.texts)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        raise ServiceError(
            _("{source}: {name} is damaged").format(source=clean_line(str(source)), name=name)
        ) from None
    except ProgressError as exc:
        raise ServiceError(f"{clean_line(str(source))}: {name}: {exc.reason}") from None
    target = store.path(child_id)
    if empty or not os.path.lexists(target):
        if not dry_run:
            atomic_write(target, content)
        return _("added {child_id}").format(child_id=child_id)
    uid = other.get("uid", "")
    try:
        mine = store.load(child_id)
    except ProgressError as exc:
        return _("{child_id}: not merged, the file here cannot be read ({reason})").format(
            child_id=child_id, reason=exc.reason
        )
    if uid and mine.uid and uid != mine.uid:
        new_id = _free_id(store, child_id)
        if not dry_run:
            child = child_from_doc(other, store.path(new_id), new_id, texts=store.texts)
            child.id = new_id
            store.write(child)
        return _("added {child_id} as {new_id} (another child of that id is here)").format(
            child_id=child_id, new_id=new_id
        )
    if dry_run:
        return _("would merge {child_id} with the record here").format(child_id=child_id)
    notes = merging.merge_into(store, child_id, other)
    tail = f" ({'; '.join(notes)})" if notes else ""
    return _("merged {child_id} with the record here{tail}").format(child_id=child_id, tail=tail)


def _free_id(store: Any, child_id: str) -> str:
    n = 2
    while os.path.lexists(store.path(f"{child_id}-{n}")):
        n += 1
    return f"{child_id}-{n}"


def _other(data_dir: Path, name: str, content: bytes, dry_run: bool) -> str:
    target = data_dir / name
    if not os.path.lexists(target):
        if not dry_run:
            atomic_write(target, content)
        return _("added {name}").format(name=name)
    try:
        same = target.read_bytes() == content
    except OSError:
        same = False
    if same:
        return ""
    kept = locations.trash_dir(data_dir) / f"restored-{time.strftime('%Y%m%d-%H%M%S')}" / name
    if not dry_run:
        atomic_write(kept, content)
    return _("{name}: yours is kept; the backup's is in {kept}").format(name=name, kept=kept)
