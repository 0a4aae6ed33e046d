"""``child repair``: a progress file too large to open, opened again without losing a word.

iepcheck refuses to write a file it would not open (16 MiB), but a file can still grow past
that (written by an older iepcheck, or by hand). Repair reads it with a higher limit, finds
the largest texts, and on the user's word moves them to a file in ``trash/`` (kept, never
deleted), leaving in each place a line that says where the text went.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import locations
from ..fileio import atomic_write, describe_os_error
from ..i18n import _
from ..records import fields as F
from ..records import tomlwrite
from ..records.codec import FORMAT
from ..records.model import Child
from ..records.store import ProgressError, Store
from .errors import ServiceError

READ_LIMIT = 256 * 1024 * 1024  # repair reads files this large, no larger
AIM = 12 * 1024 * 1024  # texts are moved until the file is at most this size


@dataclass
class Big:
    """One text in the record: where it is, how long, and how to put something else there."""

    where: str
    size: int
    cap: int
    text: str
    put: Callable[[str], None]


@dataclass
class Repair:
    child: Child
    size: int  # the file's size now
    bigs: list[Big]  # the texts to move, largest first
    after: int  # the file's size with them moved


def _texts(child: Child) -> list[Big]:
    found: list[Big] = []

    def each(entries: list[Any], kind: str, names: dict[str, int]) -> None:
        for n, entry in enumerate(entries):
            for name, cap in names.items():
                text = getattr(entry, name)

                def put(new: str, n: int = n, name: str = name) -> None:
                    entries[n] = dataclasses.replace(entries[n], **{name: new})

                found.append(Big(f"{kind} {entry.id}: {name}", len(text), cap, text, put))

    each(child.letters, "letter", {"body": F.LETTER_BYTES, "subject": 1000})
    each(child.communications, "log entry", {"text": F.TEXT})
    each(child.documents, "document", {"note": F.TEXT, "file": 1000})
    for m in child.meetings:

        def notes(new: str, m: Any = m) -> None:
            m.notes = new

        found.append(Big(f"meeting {m.id}: notes", len(m.notes), F.NOTE, m.notes, notes))
    for run in child.runs:
        for item_id, state in run.items.items():
            for name, cap in (("note", F.NOTE), ("reason", F.TEXT), ("was", F.TEXT)):

                def field(new: str, state: Any = state, name: str = name) -> None:
                    setattr(state, name, new)

                text = getattr(state, name)
                found.append(Big(f"{run.checklist}/{item_id}: {name}", len(text), cap, text, field))
            each(state.log, f"{run.checklist}/{item_id} log", {"text": F.TEXT})
    return [b for b in found if b.size]


def plan(store: Store, child_id: str) -> Repair:
    """What repair would move, largest first: every text over its field's cap, then the
    largest others until the file is well under the limit. Nothing is written."""
    try:
        child, _, data = store.read(child_id, READ_LIMIT)
    except ProgressError as exc:
        raise ServiceError(str(exc)) from None
    bigs = sorted(_texts(child), key=lambda b: b.size, reverse=True)
    chosen = [b for b in bigs if b.size > b.cap]
    after = len(data) - sum(b.size for b in chosen)
    for b in bigs:
        if after <= AIM:
            break
        if b not in chosen:
            chosen.append(b)
            after -= b.size
    chosen.sort(key=lambda b: b.size, reverse=True)
    return Repair(child, len(data), chosen, after)


def apply(store: Store, child_id: str) -> tuple[Repair, str]:
    """Move the texts :func:`plan` chose to a file in ``trash/``, under the child's lock, and
    write the child. Returns what was done and the trash file's path."""
    with store.lock(child_id, store.lock_wait):
        found = plan(store, child_id)
        if not found.bigs:
            return found, ""
        trash = locations.ensure_private_dir(locations.trash_dir(store.data_dir))
        target = trash / f"{child_id}-repair-{time.strftime('%Y%m%d-%H%M%S')}.toml"
        doc = {
            "about": f"texts moved out of {child_id}'s record by 'iepcheck child repair'",
            "moved": [{"where": b.where, "text": b.text} for b in found.bigs],
        }
        try:
            atomic_write(target, tomlwrite.dumps(doc).encode("utf-8"))
        except OSError as exc:
            raise ServiceError(
                _("{target} could not be written ({exc}); nothing was changed").format(
                    target=target, exc=describe_os_error(exc)
                )
            ) from None
        for b in found.bigs:
            b.put(f"[{b.size:,} characters moved to {target}]")
        _text, fmt, original = store.read(child_id, READ_LIMIT)
        try:
            if fmt < FORMAT:
                store.keep_original(child_id, original, fmt)
            store.write(found.child)
        except ProgressError as exc:
            raise ServiceError(
                _("{exc} (the texts are also in {target})").format(exc=exc, target=target)
            ) from None
        return found, str(target)
