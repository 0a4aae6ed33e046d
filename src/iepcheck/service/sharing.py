"""A child's record handed to someone else, received from them, and merged losing nothing.

A share file is one TOML document, recognized by its content whatever its name: the child's
record (format 3), the words of the checklist versions its runs use, and its school calendar;
never the sender's own profile. It may be encrypted with age (a passphrase, or a recipient's
public key). Receiving adds the child, or merges it into the same child (matched by its uid).
A shared file is untrusted like any checklist: size capped before reading, every text checked
against its name and validated, nothing inside it ever names a path that is opened.

Sync tools' conflict copies are merged by :mod:`iepcheck.records.conflicts`.
"""

from __future__ import annotations

import contextlib
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import locations
from ..fileio import atomic_write, describe_os_error, read_regular
from ..i18n import _, ngettext
from ..records import merge as merging
from ..records import tomlwrite
from ..records.codec import child_from_doc, child_to_doc
from ..records.ids import slugify
from ..records.model import Child
from ..records.reading import ProgressError
from ..records.stamps import STAMP_TABLES
from ..records.store import MAX_BYTES as STORE_MAX
from ..records.store import Store
from ..textsafe import clean_line
from .errors import InputError, ServiceError
from .workspace import Workspace

MARK = "iepcheck_share"
FORMAT = 1
MAX_BYTES = 32 * 1024 * 1024
AGE_HEADER = b"age-encryption.org/v1\n"


@dataclass
class Secret:
    """How a file is (or is to be) encrypted: a passphrase, age recipients or identities."""

    passphrase: str | None = None
    recipients: list[str] = field(default_factory=list)
    identities: list[str] = field(default_factory=list)


# -- age ------------------------------------------------------------------------------------------


def encrypt(data: bytes, secret: Secret) -> bytes:
    import pyrage

    try:
        if secret.passphrase is not None:
            return bytes(pyrage.passphrase.encrypt(data, secret.passphrase))
        recipients = [pyrage.x25519.Recipient.from_str(r.strip()) for r in secret.recipients]
        return bytes(pyrage.encrypt(data, recipients))
    except (pyrage.RecipientError, ValueError) as exc:
        raise InputError(
            _("--recipient: not an age public key (age1…): {exc}").format(exc=exc)
        ) from None


def decrypt(data: bytes, secret: Secret, source: Path) -> bytes:
    import pyrage

    where = clean_line(str(source))
    try:
        if secret.identities:
            identities = [pyrage.x25519.Identity.from_str(i) for i in secret.identities]
            return bytes(pyrage.decrypt(data, identities))
        if secret.passphrase is None:
            raise InputError(
                _(
                    "{where} is encrypted: give its passphrase (--passphrase asks for it, or "
                    "--passphrase-file FILE) or the key it was sent to (--identity FILE)"
                ).format(where=where)
            )
        return bytes(pyrage.passphrase.decrypt(data, secret.passphrase))
    except pyrage.IdentityError:
        raise InputError(
            _("--identity: the file holds no age secret key (AGE-SECRET-KEY-1…)")
        ) from None
    except pyrage.DecryptError:
        if secret.identities:
            said = _("{where} could not be decrypted: wrong key, or damaged")
        else:
            said = _("{where} could not be decrypted: wrong passphrase, or damaged")
        raise ServiceError(said.format(where=where)) from None


def read_identities(path: Path) -> list[str]:
    """The age secret keys in an identity file (what ``age-keygen`` writes)."""
    try:
        text = read_regular(path, 64 * 1024).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            _("--identity {path}: cannot be read ({exc})").format(
                path=clean_line(str(path)), exc=exc
            )
        ) from None
    keys = [line.strip() for line in text.splitlines() if line.startswith("AGE-SECRET-KEY-")]
    if not keys:
        raise InputError(
            _("--identity {path}: no age secret key in it").format(path=clean_line(str(path)))
        )
    return keys


# -- what a child's share holds ---------------------------------------------------------------


def contents(workspace: Workspace, child: Child, without_letters: bool) -> list[str]:
    """What a share of the child holds, a line each (said before it is written)."""
    entries = len(child.communications)
    n = len(child.meetings), len(child.runs), len(child.documents), len(child.contacts)
    lines = [
        _(
            "the record of {name}: {meetings}, {checklists} with their ticks and notes, "
            "{entries}, {documents}, {contacts} at the school"
        ).format(
            name=clean_line(child.name),
            meetings=ngettext("{n} meeting", "{n} meetings", n[0]).format(n=n[0]),
            checklists=ngettext("{n} checklist", "{n} checklists", n[1]).format(n=n[1]),
            entries=ngettext("{n} log entry", "{n} log entries", entries).format(n=entries),
            documents=ngettext("{n} document", "{n} documents", n[2]).format(n=n[2]),
            contacts=ngettext("{n} contact", "{n} contacts", n[3]).format(n=n[3]),
        )
    ]
    if child.letters and not without_letters:
        lines.append(
            ngettext(
                "{n} letter sent, word for word (it carries names, addresses and phone numbers)",
                "{n} letters sent, word for word (they carry names, addresses and phone numbers)",
                len(child.letters),
            ).format(n=len(child.letters))
        )
    if not child.parent.is_empty():
        lines.append(_("this child's own parent details (name, address, email, phone)"))
    texts = {r.text or workspace.store.texts.name(r.template) for r in child.runs}
    lines.append(
        ngettext(
            "the words of {n} checklist version its runs use",
            "the words of {n} checklist versions its runs use",
            len(texts),
        ).format(n=len(texts))
    )
    if child.calendar:
        lines.append(
            _("its school calendar ({calendar})").format(calendar=clean_line(child.calendar))
        )
    lines.append(_("not your profile (your own name, address, email and phone)"))
    return lines


def share(
    workspace: Workspace, child: Child, target: Path, secret: Secret, without_letters: bool
) -> Path:
    """Write the child's share file (0600); never over an existing file."""
    store = workspace.store
    doc = child_to_doc(child, store.texts)
    if without_letters:
        doc.pop("letters", None)
    texts = {}
    for run in child.runs:
        name = run.text or store.texts.put(run.template)
        path = store.texts.path(name)
        try:
            texts[name] = read_regular(path, 1024 * 1024).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # a missing text: the run's progress travels, its words cannot
    share_doc: dict[str, Any] = {
        MARK: FORMAT,
        "made": datetime.now(UTC).replace(microsecond=0),
        "child": doc,
        "texts": texts,
    }
    where = child.school_calendar.path if child.school_calendar is not None else None
    if where is not None:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            text = read_regular(where, 256 * 1024).decode("utf-8")
            share_doc["calendar"] = {"id": child.calendar, "text": text}
    data = tomlwrite.dumps(share_doc).encode("utf-8")
    if secret.passphrase is not None or secret.recipients:
        data = encrypt(data, secret)
    if os.path.lexists(target):
        raise ServiceError(
            _("{target} is there already; choose another name").format(
                target=clean_line(str(target))
            )
        )
    try:
        atomic_write(target, data)
    except OSError as exc:
        raise ServiceError(
            _("{target} could not be written ({exc})").format(
                target=clean_line(str(target)), exc=describe_os_error(exc)
            )
        ) from None
    return target


# -- receiving ------------------------------------------------------------------------------------


@dataclass
class Received:
    child_id: str
    added: bool  # a new child (else merged into one there)
    notes: list[str]
    changed: list[str] = field(default_factory=list)  # what a merge changed (what_changed)


def read_share(path: Path, secret: Secret, ask: Callable[[], str] | None = None) -> dict[str, Any]:
    """A share file's document: decrypted when it must be, checked to be one."""
    where = clean_line(str(path))
    try:
        data = read_regular(path, MAX_BYTES)
    except OSError as exc:
        raise ServiceError(
            _("{where} cannot be read ({exc})").format(where=where, exc=describe_os_error(exc))
        ) from None
    if len(data) > MAX_BYTES:
        raise ServiceError(
            _("{where} is larger than {MAX_BYTES} MiB: not a share file").format(
                where=where, MAX_BYTES=MAX_BYTES // 2**20
            )
        )
    if data.startswith(AGE_HEADER):
        if secret.passphrase is None and not secret.identities and ask is not None:
            secret.passphrase = ask()
        data = decrypt(data, secret, path)
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        raise ServiceError(
            _("{where} is not an iepcheck share file (or it is damaged)").format(where=where)
        ) from None
    fmt = doc.get(MARK)
    if isinstance(fmt, bool) or not isinstance(fmt, int):
        raise ServiceError(_("{where} is not an iepcheck share file").format(where=where))
    if fmt > FORMAT:
        raise ServiceError(
            _("{where} was written by a newer iepcheck; update iepcheck to read it").format(
                where=where
            )
        )
    if not isinstance(doc.get("child"), dict) or not isinstance(doc.get("texts", {}), dict):
        raise ServiceError(
            _("{where} is not a complete share file (no record in it)").format(where=where)
        )
    return doc


def receive(
    workspace: Workspace, share_doc: dict[str, Any], source: Path, into: str | None
) -> Received:
    """Add the shared child, or merge it into the same child (by uid, or ``into``). The
    texts come first, each checked against its name and validated; a child's file is never
    written from a merge that failed halfway."""
    store = workspace.store
    for name, text in share_doc.get("texts", {}).items():
        if not isinstance(text, str):
            raise ServiceError(
                _("{source}: a checklist text in it is damaged").format(
                    source=clean_line(str(source))
                )
            )
        try:
            store.texts.receive(text.encode("utf-8"), name, source)
        except ProgressError as exc:
            raise ServiceError(str(exc)) from None
    incoming = share_doc["child"]
    uid = incoming.get("uid") if isinstance(incoming.get("uid"), str) else ""
    name = incoming.get("name") if isinstance(incoming.get("name"), str) else ""
    target = _match(workspace, uid, name, into)
    notes = []
    if "calendar" in share_doc:
        notes += _calendar(workspace, share_doc["calendar"], source)
    if target is None:
        child_id = _new_id(store, name)
        try:
            doc = merging.as_document(incoming, source, child_id, store.texts)
            child = child_from_doc(doc, store.path(child_id), child_id, texts=store.texts)
        except ProgressError as exc:
            raise ServiceError(f"{clean_line(str(source))}: {exc.reason}") from None
        child.id = child_id
        with store.lock(child_id, store.lock_wait):
            if os.path.lexists(store.path(child_id)):
                raise ServiceError(
                    _("{child_id} was added meanwhile; try again").format(child_id=child_id)
                )
            store.write(child)
        return Received(child_id, True, notes)
    try:
        doc = merging.as_document(incoming, source, target, store.texts)
        if uid and not into:
            doc["uid"] = uid
        before = store.load(target)
        notes += merging.merge_into(store, target, doc)
        changed = what_changed(before, store.load(target))
    except ProgressError as exc:
        raise ServiceError(str(exc)) from None
    return Received(target, False, notes, changed)


# What receiving changed, a whole phrase per kind and verb (the words agree in Spanish).
_PHRASES: dict[tuple[str, str], Callable[[int], str]] = {
    ("meetings", "added"): lambda n: ngettext("{n} meeting added", "{n} meetings added", n),
    ("meetings", "changed"): lambda n: ngettext("{n} meeting changed", "{n} meetings changed", n),
    ("meetings", "removed"): lambda n: ngettext("{n} meeting removed", "{n} meetings removed", n),
    ("communications", "added"): lambda n: ngettext(
        "{n} log entry added", "{n} log entries added", n
    ),
    ("communications", "changed"): lambda n: ngettext(
        "{n} log entry changed", "{n} log entries changed", n
    ),
    ("communications", "removed"): lambda n: ngettext(
        "{n} log entry removed", "{n} log entries removed", n
    ),
    ("documents", "added"): lambda n: ngettext("{n} document added", "{n} documents added", n),
    ("documents", "changed"): lambda n: ngettext(
        "{n} document changed", "{n} documents changed", n
    ),
    ("documents", "removed"): lambda n: ngettext(
        "{n} document removed", "{n} documents removed", n
    ),
    ("letters", "added"): lambda n: ngettext("{n} letter sent added", "{n} letters sent added", n),
    ("letters", "changed"): lambda n: ngettext(
        "{n} letter sent changed", "{n} letters sent changed", n
    ),
    ("letters", "removed"): lambda n: ngettext(
        "{n} letter sent removed", "{n} letters sent removed", n
    ),
    ("contacts", "added"): lambda n: ngettext("{n} contact added", "{n} contacts added", n),
    ("contacts", "changed"): lambda n: ngettext("{n} contact changed", "{n} contacts changed", n),
    ("contacts", "removed"): lambda n: ngettext("{n} contact removed", "{n} contacts removed", n),
    ("plans", "added"): lambda n: ngettext("{n} plan added", "{n} plans added", n),
    ("plans", "changed"): lambda n: ngettext("{n} plan changed", "{n} plans changed", n),
    ("plans", "removed"): lambda n: ngettext("{n} plan removed", "{n} plans removed", n),
    ("runs", "added"): lambda n: ngettext("{n} checklist added", "{n} checklists added", n),
    ("runs", "removed"): lambda n: ngettext("{n} checklist removed", "{n} checklists removed", n),
}


def what_changed(before: Child, after: Child) -> list[str]:
    """What receiving changed in a child, a phrase per kind ("2 log entries added", "1 meeting
    removed", "3 ticks or notes"); empty when the record here had everything already."""
    said = []
    for attr in dict.fromkeys(a for a, _verb in _PHRASES):
        old = {e.id: e for e in getattr(before, attr)}
        new = {e.id: e for e in getattr(after, attr)}
        for count, verb in (
            (len(new.keys() - old.keys()), "added"),
            (sum(1 for k in new.keys() & old.keys() if new[k] != old[k]), "changed"),
            (len(old.keys() - new.keys()), "removed"),
        ):
            if count and (attr, verb) in _PHRASES:
                said.append(_PHRASES[attr, verb](count).format(n=count))
    old_runs = {r.id: r for r in before.runs}
    items = sum(
        1
        for run in after.runs
        if run.id in old_runs
        for key, state in run.items.items()
        if old_runs[run.id].items.get(key) != state
    )
    if items:
        said.append(
            ngettext(
                "{n} checklist item ticked or noted", "{n} checklist items ticked or noted", items
            ).format(n=items)
        )
    fields = ("name", "plan", "school", "district", "born", "grade", "parent", "calendar")
    if any(getattr(before, f) != getattr(after, f) for f in fields) or (
        before.closed != after.closed or before.open != after.open
    ):
        said.append(_("the child's details"))
    return said


def namesakes(workspace: Workspace, share_doc: dict[str, Any]) -> list[str]:
    """The children here of the shared child's name but another uid (made separately on
    each side), when none is the same child: receiving must be told which to merge into."""
    incoming = share_doc["child"]
    uid = incoming.get("uid") if isinstance(incoming.get("uid"), str) else ""
    name = incoming.get("name") if isinstance(incoming.get("name"), str) else ""
    same, others = _same(workspace, uid, name)
    return [] if same is not None else others


def _same(workspace: Workspace, uid: str, name: str) -> tuple[str | None, list[str]]:
    """The child of that uid here, and (when there is none) those of that name."""
    store = workspace.store
    same_name = []
    for child_id in store.ids():
        try:
            child = store.load(child_id)
        except ProgressError:
            continue
        if uid and child.uid == uid:
            return child_id, []
        if name and child.name.casefold() == name.casefold():
            same_name.append(child_id)
    return None, same_name


def _match(workspace: Workspace, uid: str, name: str, into: str | None) -> str | None:
    if into:
        return workspace.find(into).id
    same, same_name = _same(workspace, uid, name)
    if same is not None:
        return same
    if same_name:
        raise InputError(
            _(
                "{value} is also called {name} but is another record (made separately on "
                "each side): add --into CHILD to merge them, or rename yours first to "
                "keep both"
            ).format(value=", ".join(same_name), name=clean_line(name))
        )
    return None


def _new_id(store: Store, name: str) -> str:
    base = slugify(name or "child")
    n = 1
    while True:
        child_id = base if n == 1 else f"{base}-{n}"
        if not os.path.lexists(store.path(child_id)):
            return child_id
        n += 1


def _calendar(workspace: Workspace, entry: Any, source: Path) -> list[str]:
    """A shared school calendar: kept in the user's checklists folder when it is new and
    valid (a file of the same id there is never replaced)."""
    from ..calendar.files import calendar_from_bytes

    if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
        return [_("the school calendar in it was damaged and left out")]
    cal_id = entry["id"] if isinstance(entry.get("id"), str) else ""
    if not re.fullmatch(r"[a-z0-9-]{1,64}", cal_id):
        return [_("the school calendar in it has no valid id and was left out")]
    folder = locations.user_checklists_dir(workspace.data_dir)
    target = folder / f"{cal_id}.calendar.toml"
    data = entry["text"].encode("utf-8")
    result = calendar_from_bytes(data, target)
    if result.calendar is None:
        return [_("the school calendar {id} in it is not valid and was left out").format(id=cal_id)]
    if os.path.lexists(target):
        if target.read_bytes() != data:
            return [_("you have a school calendar {id} already: yours is kept").format(id=cal_id)]
        return []
    atomic_write(target, data)
    return [_("added the school calendar {id}").format(id=cal_id)]


# -- a git merge driver ---------------------------------------------------------------------------


def merge_files(workspace: Workspace, base: Path, ours: Path, theirs: Path) -> list[str]:
    """``git`` calls this with three versions of a child's file: the merged record is written
    to ``ours`` (git's %A). ``base`` is not needed: every change is stamped."""
    texts = workspace.store.texts
    docs = []
    for path in (ours, theirs):
        try:
            data = read_regular(path, STORE_MAX, follow_symlinks=False)
            doc = tomllib.loads(data.decode("utf-8"))
            child_id = doc["id"] if isinstance(doc.get("id"), str) else path.stem
            docs.append(merging.as_document(doc, path, child_id, texts))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as exc:
            raise ServiceError(
                _("{path} cannot be read ({exc})").format(path=clean_line(str(path)), exc=exc)
            ) from None
        except ProgressError as exc:
            raise ServiceError(str(exc)) from None
    merged, notes = merging.merge(docs[0], docs[1])
    child_id = merged.get("id", ours.stem)
    child = child_from_doc(merged, ours, child_id, texts=texts)
    notes += merging.repair_union(child)
    child.sort_entries()
    merged_text = tomlwrite.dumps(child_to_doc(child, texts), last=STAMP_TABLES)
    atomic_write(ours, merged_text.encode("utf-8"))
    return notes
