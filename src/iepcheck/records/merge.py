"""Two copies of one child's record made one, losing nothing.

Field by field, the later change wins (:mod:`iepcheck.records.stamps`): entries are matched by
id, a tick by when it was made, a closed range or an open day by its dates. A removal wins
over older changes and loses to newer ones. Two different values with the same stamp (a field
both copies had from before stamps, say) is a conflict: one is kept, chosen the same way
whichever copy merges into which, and the other is kept beside it in ``conflicts`` and shown
to the user. The merge works on the file's documents, so keys this iepcheck does not know
merge too, as plain fields.

merge(A, B) == merge(B, A); merging twice changes nothing; every field either copy set is in
the result, unless the other copy changed or removed it later.
"""

from __future__ import annotations

import copy
import dataclasses
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..i18n import N_, _
from .codec import FORMAT, child_from_doc, child_to_doc
from .model import Child, Run
from .stamps import META, SEP, ZERO, effective, flatten, is_stamp, latest_within
from .texts import TextStore

if TYPE_CHECKING:
    from .store import Store

# The order a merged list of entries is kept in (the same whichever copy came first).
_ORDER = {
    "meetings": ("date", "time"),
    "lines": ("at",),
    "communications": ("day", "added"),
    "documents": ("received", "added"),
    "letters": ("sent", "at"),
    "runs": ("started",),
    "closed": ("start", "end"),
    "open": ("day",),
    "contacts": ("role",),
    "log": ("day", "added"),
    "own": ("section", "added"),
    "plans": ("added",),
    "services": ("added",),
    "accommodations": ("added",),
    "goals": ("added",),
    "objectives": ("added",),
    "reports": ("on", "added"),
}


class _Merge:
    def __init__(self, a: dict[str, Any], b: dict[str, Any]) -> None:
        self.sa: dict[str, str] = _stamps(a.get("stamps"))
        self.sb: dict[str, str] = _stamps(b.get("stamps"))
        self.ra: dict[str, str] = _stamps(a.get("removed"))
        self.rb: dict[str, str] = _stamps(b.get("removed"))
        self.conflicts: dict[str, dict[str, str]] = {}
        for entry in [*_list(a.get("conflicts")), *_list(b.get("conflicts"))]:
            if isinstance(entry, dict) and isinstance(entry.get("path"), str):
                self.conflicts[entry["path"]] = {k: str(v) for k, v in entry.items()}

    # -- values -------------------------------------------------------------------------------
    def value(self, path: str, va: Any, vb: Any) -> Any:
        """One field (absent on a side: ``_ABSENT``)."""
        if _same(va, vb):
            return va
        ta, tb = effective(self.sa, path), effective(self.sb, path)
        if ta != tb:
            return va if ta > tb else vb
        kept, other = sorted((va, vb), key=_rank, reverse=True)
        if other is not _ABSENT and kept is not _ABSENT:
            self.conflicts[path] = {"path": path, "kept": _shown(kept), "other": _shown(other)}
        return kept

    def table(self, a: dict[str, Any], b: dict[str, Any], prefix: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in _keys(a, b):
            if not prefix and key in META:
                continue
            path = f"{prefix}{key}"
            va, vb = a.get(key, _ABSENT), b.get(key, _ABSENT)
            merged: Any
            if key == "items" and prefix.count(SEP) >= 1 and _dicts(va, vb):
                merged = self.item_states(va, vb, path)
            elif key == "completions" and _lists(va, vb):
                merged = self.ticks(va, vb, path)
            elif _entry_lists(va, vb):
                merged = self.entries(va, vb, path, key)
            elif _dicts(va, vb):  # a table (on one side only: the other's fields are unset)
                merged = self.table(_or_empty(va), _or_empty(vb), path + SEP)
            else:
                merged = self.value(path, va, vb)
            if merged is not _ABSENT and merged not in ({}, []):
                out[key] = merged
        return out

    # -- collections --------------------------------------------------------------------------
    def keep(self, entry: str, mine: dict[str, str], theirs_removed: dict[str, str]) -> bool:
        """An entry only one copy has: kept unless the other removed it after its last change."""
        gone = theirs_removed.get(entry)
        return gone is None or latest_within(mine, entry) > gone

    def entries(self, a: Any, b: Any, path: str, key: str) -> list[dict[str, Any]]:
        by_a = {e["id"]: e for e in _list(a)}
        by_b = {e["id"]: e for e in _list(b)}
        out = []
        for entry_id in sorted(by_a.keys() | by_b.keys()):
            entry = f"{path}{SEP}{entry_id}"
            ea, eb = by_a.get(entry_id), by_b.get(entry_id)
            if ea is not None and eb is not None:
                body = self.table(_body(ea), _body(eb), entry + SEP)
            elif ea is not None:
                if not self.keep(entry, self.sa, self.rb):
                    continue
                body = copy.deepcopy(_body(ea))
            else:
                assert eb is not None
                if not self.keep(entry, self.sb, self.ra):
                    continue
                body = copy.deepcopy(_body(eb))
            out.append({"id": entry_id, **body})
        fields = _ORDER.get(key, ())
        out.sort(key=lambda e: (*(_rank(e.get(f, "")) for f in fields), e["id"]))
        return out

    def item_states(self, a: Any, b: Any, path: str) -> dict[str, Any]:
        a, b = a if isinstance(a, dict) else {}, b if isinstance(b, dict) else {}
        out = {}
        for item_id in sorted(a.keys() | b.keys()):
            entry = f"{path}{SEP}{item_id}"
            sa, sb = a.get(item_id), b.get(item_id)
            if sa is not None and sb is not None:
                out[item_id] = self.table(sa, sb, entry + SEP)
            elif sa is not None:
                if self.keep(entry, self.sa, self.rb):
                    out[item_id] = copy.deepcopy(sa)
            elif self.keep(entry, self.sb, self.ra):
                out[item_id] = copy.deepcopy(sb)
        return {k: v for k, v in out.items() if v}

    def ticks(self, a: Any, b: Any, path: str) -> list[Any]:
        by_a = {_at(t): t for t in _list(a)}
        by_b = {_at(t): t for t in _list(b)}
        out = []
        for at in sorted(by_a.keys() | by_b.keys()):
            member = f"{path}{SEP}{at}"
            ta, tb = by_a.get(at), by_b.get(at)
            if ta is not None and tb is not None:
                out.append(self.value(member, ta, tb))
            elif ta is not None:
                if self.keep(member, self.sa, self.rb):
                    out.append(ta)
            elif tb is not None and self.keep(member, self.sb, self.ra):
                out.append(tb)
        return out


_ABSENT: Any = object()


def merge(a: dict[str, Any], b: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The merged document of two copies of one child (format-3 documents, as the file holds
    them), and a sentence per conflict found this time."""
    m = _Merge(a, b)
    known = set(m.conflicts)
    body = m.table(a, b, "")
    stamps = _union(m.sa, m.sb)
    removed = _union(m.ra, m.rb)
    # A tombstone beaten by a newer change is spent: the entry is there again.
    present = flatten(body).entries
    removed = {p: s for p, s in removed.items() if p not in present}
    out: dict[str, Any] = {k: a[k] for k in ("format", "id") if k in a}
    out["uid"] = a.get("uid") or b.get("uid") or ""
    out.update(body)
    if stamps:
        out["stamps"] = dict(sorted(stamps.items()))
    if removed:
        out["removed"] = dict(sorted(removed.items()))
    if m.conflicts:
        out["conflicts"] = [m.conflicts[p] for p in sorted(m.conflicts)]
    notes = [
        _("changed on both copies: {path}: kept {kept}, the other said {other}").format(
            path=p.replace(SEP, " "),
            kept=_said(p, m.conflicts[p]["kept"]),
            other=_said(p, m.conflicts[p]["other"]),
        )
        for p in sorted(m.conflicts)
        if p not in known
    ]
    if not out["uid"]:
        del out["uid"]
    return out, notes


# -- helpers ------------------------------------------------------------------------------------


def _stamps(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and is_stamp(v)}


def _union(a: dict[str, str], b: dict[str, str]) -> dict[str, str]:
    out = dict(a)
    for path, stamp in b.items():
        if stamp > out.get(path, ZERO):
            out[path] = stamp
    return out


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _keys(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    # The file's own order (the writer's, the same for both copies); keys only one copy has
    # after it. The store writes the merged record again in its own order.
    return list(a) + [k for k in b if k not in a]


def _or_empty(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _body(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k != "id"}


def _dicts(*values: Any) -> bool:
    return all(v is _ABSENT or isinstance(v, dict) for v in values)


def _lists(*values: Any) -> bool:
    return all(v is _ABSENT or isinstance(v, list) for v in values)


def _entry_lists(*values: Any) -> bool:
    present = [v for v in values if v is not _ABSENT]
    return bool(present) and all(
        isinstance(v, list)
        and bool(v)
        and all(isinstance(e, dict) and isinstance(e.get("id"), str) and e["id"] for e in v)
        for v in present
    )


def _at(tick: Any) -> str:
    at = tick.get("at") if isinstance(tick, dict) else tick
    return at.isoformat() if isinstance(at, datetime | date) else str(at)


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _rank(value: Any) -> tuple[int, str]:
    """A total order over field values, for choosing the same one whichever copy is which."""
    if value is _ABSENT:
        return (0, "")
    if isinstance(value, datetime):
        return (3, value.isoformat())
    if isinstance(value, date):
        return (2, value.isoformat())
    return (1, f"{type(value).__name__}:{value!r}")


def _shown(value: Any) -> str:
    """A conflict's value as the file keeps it (in ``conflicts``: never translated)."""
    if value is _ABSENT:
        return "nothing"
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = " ".join(str(value).split())
    return f"“{text[:80]}”"


# An item's state in the file, as a note says it.
STATE_WORDS = {"done": N_("done"), "skipped": N_("skipped"), "open": N_("open")}


def _said(path: str, shown: str) -> str:
    """A conflict's value as the note about it says it: an item's state in words."""
    if shown == "nothing":
        return _("nothing")
    word = shown.strip("“”")
    if path.rpartition(SEP)[2] == "state" and word in STATE_WORDS:
        return f"“{_(STATE_WORDS[word])}”"
    return shown


# -- into the store ---------------------------------------------------------------------------


def repair_union(child: Child) -> list[str]:
    """What a union of two copies can break, put right and said: two standing runs of one
    checklist (each copy started one): the older is archived, its ticks kept; two current
    plans (each copy entered a new one): the older becomes the previous plan; two drafts:
    the older is set aside (kept in the record, shown by ``plan show``)."""
    notes = _repair_plans(child)
    by_checklist: dict[str, list[Run]] = {}
    for run in child.standing_runs():
        by_checklist.setdefault(run.checklist, []).append(run)
    for checklist, running in by_checklist.items():
        if len(running) < 2:
            continue
        running.sort(key=lambda r: (r.started, r.id))
        for old in running[:-1]:
            old.archived = True
            notes.append(
                _(
                    "{checklist} was started on both copies: the run started {started} is "
                    "archived (its ticks are kept in the record)"
                ).format(checklist=checklist, started=old.started)
            )
    return notes


def merge_into(store: Store, child_id: str, other: dict[str, Any]) -> list[str]:
    """Merge another copy of the child (a format-3 document whose checklist texts the store
    already has) into its file, under its lock; a sentence per conflict or repair. The file
    is written only once the whole merge worked."""
    with store.lock(child_id, store.lock_wait):
        child, fmt, original = store.read(child_id)
        mine = child_to_doc(child, store.texts)
        merged, notes = merge(mine, other)
        path = store.path(child_id)
        result = child_from_doc(merged, path, child_id, texts=store.texts)
        before = child_to_doc(result, store.texts)
        notes += repair_union(result)
        result.sort_entries()
        if fmt < FORMAT:
            store.keep_original(child_id, original, fmt)
        store.keep_day(child_id, original)
        store.write(result, before)
        return notes


def as_document(
    doc: dict[str, Any], source: Path, child_id: str, texts: TextStore
) -> dict[str, Any]:
    """Any readable copy of a child's file (format 1, 2 or 3) as a format-3 document;
    ProgressError naming ``source`` when it is not one."""
    child = child_from_doc(doc, source, child_id, texts=texts)
    return child_to_doc(child, texts)


def _repair_plans(child: Child) -> list[str]:
    notes = []
    for state, demoted, word in (
        ("current", "previous", "the previous plan"),
        ("draft", "set-aside", "set aside"),
    ):
        found = sorted((p for p in child.plans if p.state == state), key=lambda p: (p.added, p.id))
        for old in found[:-1]:
            child.put_plan(dataclasses.replace(old, state=demoted))
            started = f" (start {old.start})" if old.start else ""
            notes.append(
                _(
                    "a {state} {old_name} was entered on both copies: the one entered "
                    "{added}{started} is now {word}; the later one is {state}"
                ).format(
                    state=state,
                    old_name=old.name,
                    added=old.added.date(),
                    started=started,
                    word=word,
                )
            )
    current = child.current_plan()
    if current is not None and current.kind != child.plan:
        child.plan = current.kind
    return notes
