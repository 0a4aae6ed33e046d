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
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from . import locations
from .fileio import atomic_write, fsync_dir
from .progress import (
    MEETING_KINDS,
    PLANS,
    Child,
    ClosedRange,
    Contact,
    ItemCopy,
    ItemState,
    LogEntry,
    Meeting,
    Run,
    SectionCopy,
    slugify,
)
from .textsafe import UNSAFE_RE

FORMAT = 1
MAX_BYTES = 16 * 1024 * 1024
T = TypeVar("T")


class ProgressError(Exception):
    """A progress file that cannot be used: says which file and why."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class NameTaken(Exception):
    pass


@dataclass(frozen=True)
class Stamp:
    """What identifies a file's version on disk, to notice another session's save."""

    size: int
    mtime_ns: int
    inode: int


class Store:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.folder = locations.children_dir(data_dir)

    def path(self, child_id: str) -> Path:
        return self.folder / f"{child_id}.toml"

    def ids(self) -> list[str]:
        try:
            return sorted(p.stem for p in self.folder.glob("*.toml") if not p.name.startswith("."))
        except OSError:
            return []

    def stamp(self, child_id: str) -> Stamp | None:
        try:
            info = self.path(child_id).stat()
        except OSError:
            return None
        return Stamp(info.st_size, info.st_mtime_ns, info.st_ino)

    # -- reading ------------------------------------------------------------------------------
    def load(self, child_id: str) -> Child:
        path = self.path(child_id)
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except FileNotFoundError:
            raise ProgressError(path, "no such file") from None
        except OSError as exc:
            raise ProgressError(path, f"cannot be read ({exc.strerror or exc})") from None
        if len(data) > MAX_BYTES:
            raise ProgressError(path, "the file is larger than 16 MiB; not opened")
        try:
            doc = tomllib.loads(data.decode("utf-8"))
        except UnicodeDecodeError:
            raise ProgressError(path, "the file is not UTF-8 text; it was not changed") from None
        except (tomllib.TOMLDecodeError, RecursionError) as exc:
            raise ProgressError(path, f"the file is damaged ({exc}); it was not changed") from None
        return child_from_doc(doc, path, child_id)

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
    def lock(self, child_id: str) -> Iterator[None]:
        """An exclusive lock on a separate file, so the data file can be replaced freely."""
        folder = locations.ensure_private_dir(self.folder)
        lock_path = folder / f".{child_id}.lock"
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, locations.FILE_MODE)
        try:
            try:
                import fcntl
            except ImportError:  # pragma: no cover - Windows: no advisory locks
                yield
                return
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def write(self, child: Child) -> None:
        import tomlkit

        text = UNSAFE_RE.sub(_escape_char, tomlkit.dumps(child_to_doc(child)))
        atomic_write(self.path(child.id), text.encode("utf-8"))

    def update(self, child_id: str, change: Callable[[Child], T]) -> tuple[Child, T]:
        """Apply ``change`` to the child as it is on disk now, and save it."""
        with self.lock(child_id):
            child = self.load(child_id)  # raises for a bad file: it is never overwritten
            result = change(child)
            self.write(child)
            return child, result

    def name_taken(self, name: str, except_id: str | None = None) -> bool:
        """Whether another child (not ``except_id``) already has this name, in any case."""
        children, _ = self.load_all()
        wanted = name.strip().casefold()
        return any(c.name.casefold() == wanted and c.id != except_id for c in children)

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
            with self.lock(child_id):
                if self.path(child_id).exists():
                    continue
                child = Child(child_id, name, plan)
                self.write(child)
                return child

    def remove(self, child_id: str) -> Path:
        """Move the child's file to ``trash/``: nothing is ever deleted."""
        trash = locations.ensure_private_dir(locations.trash_dir(self.data_dir))
        with self.lock(child_id):
            source = self.path(child_id)
            if not source.exists():
                raise ProgressError(source, "no such file")
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            target = trash / f"{child_id}-{stamp}.toml"
            n = 2
            while target.exists():
                target = trash / f"{child_id}-{stamp}-{n}.toml"
                n += 1
            shutil.move(source, target)
            fsync_dir(trash)
            fsync_dir(self.folder)
        with contextlib.suppress(OSError):
            (self.folder / f".{child_id}.lock").unlink()
        return target


# -- the file format ----------------------------------------------------------------------------


def _escape_char(match: re.Match[str]) -> str:
    # tomlkit writes text as basic strings, where \uXXXX is an escape: a person reading the
    # file with cat or less sees no bidi override or terminal control code.
    return f"\\u{ord(match.group()):04X}"


def _drop_empty(table: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in table.items() if v not in ("", None, [], {}, False)}


def child_to_doc(child: Child) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": FORMAT,
        "id": child.id,
        "name": child.name,
        "plan": child.plan,
    }
    doc.update(_drop_empty({"school": child.school, "district": child.district}))
    if child.contacts:
        doc["contacts"] = [_drop_empty(vars(c).copy()) for c in child.contacts]
    if child.closed:
        doc["closed"] = [_drop_empty(vars(c).copy()) for c in child.closed]
    if child.meetings:
        doc["meetings"] = [_drop_empty(vars(m).copy()) for m in child.meetings]
    if child.runs:
        doc["runs"] = [_run_to_doc(r) for r in child.runs]
    return doc


def _run_to_doc(run: Run) -> dict[str, Any]:
    doc = _drop_empty(
        {
            "id": run.id,
            "checklist": run.checklist,
            "title": run.title,
            "version": run.version,
            "kind": run.kind,
            "origin": run.origin,
            "started": run.started,
            "meeting": run.meeting,
            "archived": run.archived,
            "detached": run.detached,
        }
    )
    doc["sections"] = [
        _drop_empty(
            {
                "title": s.title,
                "user_items": s.user_items,
                "repeat": s.repeat,
                "items": [_drop_empty(vars(i).copy()) for i in s.items],
            }
        )
        for s in run.sections
    ]
    items = {}
    for item_id, state in run.items.items():
        if state.is_empty():
            continue
        entry = _drop_empty(
            {
                "state": state.state,
                "at": state.at,
                "reason": state.reason,
                "note": state.note,
                "completions": list(state.completions),
            }
        )
        if state.log:
            entry["log"] = [{"day": e.day, "text": e.text, "added": e.added} for e in state.log]
        items[item_id] = entry
    if items:
        doc["items"] = items
    return doc


class _Reader:
    """Reads a parsed progress document, raising ProgressError at the first bad value."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, what: str) -> ProgressError:
        return ProgressError(self.path, f"not a valid progress file: {where} {what}")

    def get(
        self, table: Any, key: str, kind: type | tuple[type, ...], where: str, default: Any = None
    ) -> Any:
        if not isinstance(table, dict):
            raise self.fail(where, "is not a table")
        if key not in table:
            if default is None:
                raise self.fail(f"{where}.{key}", "is missing")
            return default
        value = table[key]
        if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
            raise self.fail(f"{where}.{key}", f"has the wrong type ({type(value).__name__})")
        return value

    def text(self, table: Any, key: str, where: str, required: bool = False) -> str:
        return self.get(table, key, str, where, None if required else "")

    def tables(self, table: Any, key: str, where: str) -> list[dict[str, Any]]:
        value = self.get(table, key, list, where, [])
        for i, entry in enumerate(value):
            if not isinstance(entry, dict):
                raise self.fail(f"{where}.{key}[{i}]", "is not a table")
        return value


def child_from_doc(doc: dict[str, Any], path: Path, child_id: str) -> Child:
    r = _Reader(path)
    fmt = doc.get("format")
    if isinstance(fmt, bool) or not isinstance(fmt, int):
        raise ProgressError(path, "not an iepcheck progress file (no 'format' number)")
    if fmt > FORMAT:
        raise ProgressError(
            path,
            f"written by a newer iepcheck (progress format {fmt}; this one reads {FORMAT}); "
            "update iepcheck to open it. The file was not changed.",
        )
    if fmt < 1:
        raise r.fail("format", f"is {fmt}")
    plan = r.text(doc, "plan", "child") or "none"
    if plan not in PLANS:
        raise r.fail("child.plan", f"is '{plan}'")
    child = Child(
        id=child_id,
        name=r.text(doc, "name", "child", required=True),
        plan=plan,
        school=r.text(doc, "school", "child"),
        district=r.text(doc, "district", "child"),
    )
    for i, c in enumerate(r.tables(doc, "contacts", "child")):
        w = f"contacts[{i}]"
        child.contacts.append(
            Contact(
                r.text(c, "role", w),
                r.text(c, "name", w),
                r.text(c, "email", w),
                r.text(c, "phone", w),
            )
        )
    for i, c in enumerate(r.tables(doc, "closed", "child")):
        w = f"closed[{i}]"
        start = r.get(c, "start", date, w)
        end = r.get(c, "end", date, w, start)
        child.closed.append(ClosedRange(start, end, r.text(c, "label", w)))
    for i, m in enumerate(r.tables(doc, "meetings", "child")):
        w = f"meetings[{i}]"
        kind = r.text(m, "kind", w) or "other"
        if kind not in MEETING_KINDS:
            raise r.fail(f"{w}.kind", f"is '{kind}'")
        child.meetings.append(
            Meeting(
                id=r.text(m, "id", w, required=True),
                date=r.get(m, "date", date, w),
                title=r.text(m, "title", w),
                kind=kind,
                time=r.text(m, "time", w),
                notes=r.text(m, "notes", w),
            )
        )
    for i, run in enumerate(r.tables(doc, "runs", "child")):
        child.runs.append(_run_from_doc(r, run, f"runs[{i}]"))
    return child


def _run_from_doc(r: _Reader, doc: dict[str, Any], w: str) -> Run:
    sections = []
    for s_i, s in enumerate(r.tables(doc, "sections", w)):
        sw = f"{w}.sections[{s_i}]"
        items = []
        for i_i, it in enumerate(r.tables(s, "items", sw)):
            iw = f"{sw}.items[{i_i}]"
            items.append(
                ItemCopy(
                    id=r.text(it, "id", iw, required=True),
                    text=r.text(it, "text", iw),
                    due=r.text(it, "due", iw),
                    repeat=r.text(it, "repeat", iw),
                    leans=r.text(it, "leans", iw),
                    own=r.get(it, "own", bool, iw, False),
                    added=r.get(it, "added", datetime, iw, False) or None,
                )
            )
        sections.append(
            SectionCopy(
                title=r.text(s, "title", sw),
                items=items,
                user_items=r.get(s, "user_items", bool, sw, False),
                repeat=r.text(s, "repeat", sw),
            )
        )
    run = Run(
        id=r.text(doc, "id", w, required=True),
        checklist=r.text(doc, "checklist", w, required=True),
        title=r.text(doc, "title", w),
        version=r.get(doc, "version", int, w, 0) or 0,
        kind=r.text(doc, "kind", w) or "meeting",
        origin=r.text(doc, "origin", w),
        sections=sections,
        started=r.get(doc, "started", date, w),
        meeting=r.text(doc, "meeting", w) or None,
        archived=r.get(doc, "archived", bool, w, False),
        detached=r.get(doc, "detached", bool, w, False),
    )
    items = r.get(doc, "items", dict, w, {}) or {}
    for item_id, entry in items.items():
        iw = f"{w}.items.{item_id}"
        state = r.text(entry, "state", iw) or "open"
        if state not in ("open", "done", "skipped"):
            raise r.fail(f"{iw}.state", f"is '{state}'")
        log = [
            LogEntry(
                r.get(e, "day", date, f"{iw}.log[{k}]"),
                r.text(e, "text", f"{iw}.log[{k}]"),
                r.get(e, "added", datetime, f"{iw}.log[{k}]"),
            )
            for k, e in enumerate(r.tables(entry, "log", iw))
        ]
        completions = r.get(entry, "completions", list, iw, []) or []
        if not all(isinstance(c, datetime) for c in completions):
            raise r.fail(f"{iw}.completions", "holds something that is not a date and time")
        run.items[item_id] = ItemState(
            state=state,
            at=r.get(entry, "at", datetime, iw, False) or None,
            reason=r.text(entry, "reason", iw),
            note=r.text(entry, "note", iw),
            log=log,
            completions=list(completions),
        )
    return run
