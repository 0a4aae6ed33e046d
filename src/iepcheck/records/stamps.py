"""Change stamps: when each field of a record last changed, and on which device.

Two copies of one child (two parents' machines, a shared record, a sync tool's conflict copy)
merge field by field (:mod:`iepcheck.records.merge`): for each field the later change wins,
"later" decided by a stamp, the UTC time and a device id compared in that order, so the same
two copies merge the same way on every machine. A removal is kept as a dated tombstone, so a
merge does not bring back what one side removed, unless the other changed it since.

Stamps are kept in the child's file (``[stamps]`` and ``[removed]``, by path) and worked out
by the store from what a change did to the file, whatever operation made it: an edited field
gets a stamp; an entry added with an id drawn at random needs none (no other copy can have
made it); an entry whose id is shared by every copy (an item's progress, a closed range, an
open day, a tick) gets one when it appears; a removed entry gets a tombstone.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from .. import locations

META = frozenset(["format", "id", "uid", "stamps", "removed", "conflicts"])
STAMP_TABLES = ("stamps", "removed")  # written at the end of the file
# Collections whose members every copy names alike (not a random id): a member that appears
# is stamped, so the same item ticked on both sides is decided by time, not by chance.
SHARED = frozenset(["items", "closed", "open", "completions"])
SEP = "/"
ZERO = ""  # older than any stamp: what a field never changed since it was made counts as

_last = ""
_lock = threading.Lock()
_device: str | None = None


def device_id() -> str:
    """This machine's id (kept in the state folder; made once): what tells two machines'
    changes at the same instant apart. IEPCHECK_DEVICE sets it (tests, a demo)."""
    global _device
    env = os.environ.get("IEPCHECK_DEVICE")
    if env:
        return env
    if _device is None:
        path = locations.state_dir() / "device"
        with contextlib.suppress(OSError):
            found = path.read_text().strip()
            if found.isalnum() and 4 <= len(found) <= 32:
                _device = found
                return found
        made = "d" + secrets.token_hex(3)
        with contextlib.suppress(OSError):
            from ..fileio import atomic_write

            atomic_write(path, (made + "\n").encode())
        _device = made
    return _device


def now_stamp(moment: datetime | None = None) -> str:
    """A stamp for a change made now: later than every stamp this process made before."""
    global _last
    when = (moment or datetime.now(UTC)).astimezone(UTC)
    with _lock:
        if _last and _format(when) <= _last[:23]:
            when = datetime.strptime(_last[:23], "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=UTC)
            when += timedelta(milliseconds=1)
        stamp = f"{_format(when)}Z{SEP}{device_id()}"
        _last = stamp
        return stamp


def _format(when: datetime) -> str:
    """The time to the millisecond, fixed width: stamps compare as text."""
    return when.strftime("%Y-%m-%dT%H:%M:%S.%f")[:23]


def is_stamp(value: object) -> bool:
    return isinstance(value, str) and len(value) >= 25 and value[23:25] == "Z/"


# -- a record as paths ------------------------------------------------------------------------


class Flat:
    """A record's document as paths: its fields' values and its entries (by path)."""

    def __init__(self) -> None:
        self.leaves: dict[str, Any] = {}
        self.entries: dict[str, str] = {}  # entry path → the collection it is in

    def owner(self, path: str) -> str:
        """The entry a field belongs to ("" for the child itself)."""
        probe = path
        while SEP in probe:
            probe = probe.rpartition(SEP)[0]
            if probe in self.entries:
                return probe
        return ""


def flatten(doc: dict[str, Any]) -> Flat:
    flat = Flat()
    _table(doc, "", flat, top=True)
    return flat


def _table(table: dict[str, Any], prefix: str, flat: Flat, top: bool = False) -> None:
    for key, value in table.items():
        if top and key in META:
            continue
        path = f"{prefix}{key}"
        if key == "items" and isinstance(value, dict) and prefix.count(SEP) >= 1:
            for item_id, state in value.items():
                entry = f"{path}{SEP}{item_id}"
                flat.entries[entry] = "items"
                if isinstance(state, dict):
                    _table(state, entry + SEP, flat)
                else:
                    flat.leaves[entry] = state
        elif key == "completions" and isinstance(value, list):
            for tick in value:
                at = tick.get("at") if isinstance(tick, dict) else tick
                on = tick.get("on") if isinstance(tick, dict) else None
                member = f"{path}{SEP}{_key(at)}"
                flat.entries[member] = "completions"
                flat.leaves[member] = on if on is not None else ""
        elif isinstance(value, dict):
            _table(value, path + SEP, flat)
        elif _entry_list(value):
            for entry_doc in value:
                entry = f"{path}{SEP}{entry_doc['id']}"
                flat.entries[entry] = key
                _table({k: v for k, v in entry_doc.items() if k != "id"}, entry + SEP, flat)
        else:
            flat.leaves[path] = value


def _entry_list(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, dict) and isinstance(v.get("id"), str) and v["id"] for v in value)
    )


def _key(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def prefixes(path: str) -> Iterator[str]:
    """The path and every path above it, nearest first."""
    yield path
    while SEP in path:
        path = path.rpartition(SEP)[0]
        yield path


# -- stamping a change ------------------------------------------------------------------------


def restamp(
    before: dict[str, Any],
    after: dict[str, Any],
    stamps: dict[str, str],
    removed: dict[str, str],
    stamp: str,
) -> None:
    """Stamp what the change from ``before`` to ``after`` did (both the documents the file
    holds, without stamps): edited fields, shared entries that appeared, removals."""
    was, now = flatten(before), flatten(after)
    for entry, collection in now.entries.items():
        if entry in was.entries:
            continue
        if entry in removed:
            del removed[entry]  # back again (an undo): newer than its removal
            stamps[entry] = stamp
        elif collection in SHARED:
            stamps[entry] = stamp
    for entry in was.entries:
        if entry not in now.entries:
            removed[entry] = stamp
            for path in [p for p in stamps if p == entry or p.startswith(entry + SEP)]:
                del stamps[path]
    for path, value in now.leaves.items():
        if path in was.leaves and was.leaves[path] == value:
            continue
        owner = now.owner(path)
        if owner and owner not in was.entries:
            continue  # a new entry: its stamp, if any, covers its fields
        stamps[path] = stamp
    for path in was.leaves:
        if path not in now.leaves:
            owner = was.owner(path)
            if not owner or (owner in now.entries and owner in was.entries):
                stamps[path] = stamp  # cleared: an empty value is not written


def effective(stamps: dict[str, str], path: str) -> str:
    """When what is at ``path`` last changed: its own stamp or its entries' (the latest)."""
    return max((stamps.get(p, ZERO) for p in prefixes(path)), default=ZERO)


def latest_within(stamps: dict[str, str], entry: str) -> str:
    """The latest change to an entry or anything in it."""
    inside = [s for p, s in stamps.items() if p == entry or p.startswith(entry + SEP)]
    return max([effective(stamps, entry), *inside])
