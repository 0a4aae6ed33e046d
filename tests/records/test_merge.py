"""Two copies of one child merge field by field, losing nothing (hypothesis).

Each copy starts from one record and takes its own random changes, stamped by its own device
at interleaved times, as two parents' machines would. Then: merge(A, B) == merge(B, A);
merging again changes nothing; every field either copy set is in the result, unless the other
copy set it later, or removed its entry later.

Small by default; IEPCHECK_HYPOTHESIS=N runs N examples."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iepcheck.calendar.schooldays import ClosedRange
from iepcheck.records import operations as ops
from iepcheck.records.codec import child_from_doc, child_to_doc
from iepcheck.records.merge import merge
from iepcheck.records.model import Child, Contact, Template
from iepcheck.records.operations import RecordError
from iepcheck.records.plans import Goal, GoalReport, Plan, Service
from iepcheck.records.record import Communication
from iepcheck.records.stamps import SEP, effective, flatten, restamp
from iepcheck.records.texts import TextStore

from ..helpers import at, checklist_text, make_checklist

EXAMPLES = int(os.environ.get("IEPCHECK_HYPOTHESIS", "40"))
T0 = datetime(2026, 11, 1, 12, tzinfo=UTC)
TEMPLATE = Template.of(
    make_checklist(checklist_text("ct-x", 1, items=[("a", "A"), ("b", "B"), ("c", "C")])), "x"
)


def _stamp(step: int, device: str) -> str:
    when = T0 + timedelta(seconds=step)
    return f"{when.strftime('%Y-%m-%dT%H:%M:%S.%f')[:23]}Z/{device}"


class Copy:
    """One device's copy of the record, changed the way the store changes a file."""

    def __init__(self, doc: dict[str, Any], texts: TextStore, device: str) -> None:
        self.doc, self.texts, self.device = doc, texts, device

    def child(self) -> Child:
        return child_from_doc(self.doc, Path("sam.toml"), "sam", texts=self.texts)

    def change(self, op: ops.Operation, step: int) -> None:
        child = self.child()
        before = child_to_doc(child, self.texts)
        try:
            op.apply(child)
        except RecordError:
            return
        after = child_to_doc(child, self.texts)
        restamp(before, after, child.stamps, child.removed, _stamp(step, self.device))
        self.doc = child_to_doc(child, self.texts)


def base(texts: TextStore) -> dict[str, Any]:
    child = Child("sam", "Sam", "504", uid="u" * 26)
    for op in (
        ops.AddMeeting("m1", date(2026, 12, 10), "PPT", "504"),
        ops.StartRun(ops.RunSeed("r1", TEMPLATE, date(2026, 11, 1))),
        ops.PutCommunication(Communication("c1", date(2026, 11, 2), "Asked", at("2026-11-02"))),
        ops.AddContact(Contact("Teacher", "Ms. Lee", id="p1")),
        ops.AddPlan(
            Plan(
                "pl1",
                "504",
                "current",
                at("2026-09-01"),
                services=(Service("s1", "Counseling", 30, "week", at("2026-09-01")),),
                goals=(Goal("g1", "Joins a group", at("2026-09-01")),),
            )
        ),
    ):
        op.apply(child)
    return child_to_doc(child, texts)


def _op(kind: str, n: int, side: str) -> ops.Operation:
    """A change a user makes; ids a side draws are its own (random in real life)."""
    new_id = f"{side}{n}"
    when = at("2026-11-05") + timedelta(minutes=n)
    return {
        "tick": lambda: ops.Tick("r1", "abc"[n % 3], when),
        "untick": lambda: ops.Untick("r1", "abc"[n % 3]),
        "skip": lambda: ops.Skip("r1", "abc"[n % 3], when, f"reason {side}{n}"),
        "note": lambda: ops.SetNote("r1", "abc"[n % 3], f"note {side}{n}"),
        "meeting-title": lambda: ops.Edit("meeting", "m1", (ops.Change("title", f"T{side}{n}"),)),
        "meeting-date": lambda: ops.Edit(
            "meeting", "m1", (ops.Change("date", date(2026, 12, 1 + n % 20)),)
        ),
        "remove-meeting": lambda: ops.RemoveMeeting("m1"),
        "add-meeting": lambda: ops.AddMeeting(new_id, date(2027, 1, 1 + n % 20), "New", "504"),
        "log-add": lambda: ops.PutCommunication(
            Communication(new_id, date(2026, 11, 3), f"said {side}{n}", when)
        ),
        "log-edit": lambda: ops.Edit("communication", "c1", (ops.Change("text", f"t{side}{n}"),)),
        "log-remove": lambda: ops.DropCommunication("c1"),
        "grade": lambda: ops.Edit("child", "", (ops.Change("grade", f"{n % 12}"),)),
        "school": lambda: ops.Edit("child", "", (ops.Change("school", f"S{side}{n}"),)),
        "closed": lambda: ops.AddClosed(
            (ClosedRange(date(2026, 12, 20 + n % 5), date(2026, 12, 28), f"{side}"),)
        ),
        "unclosed": lambda: ops.RemoveClosed(
            (ClosedRange(date(2026, 12, 20 + n % 5), date(2026, 12, 28)),)
        ),
        "open": lambda: ops.SetOpen((date(2026, 11, 11),), add=n % 2 == 0),
        "contact": lambda: ops.Edit("contact", "p1", (ops.Change("email", f"{side}{n}@x.org"),)),
        "contact-remove": lambda: ops.RemoveContact("p1"),
        "contact-subject": lambda: ops.Edit(
            "contact", "p1", (ops.Change("subject", f"Subject {side}{n}"),)
        ),
        "answered": lambda: ops.Edit(
            "communication",
            "c1",
            (ops.Change("answered", date(2026, 11, 3 + n % 9)), ops.Change("said", f"{side}{n}")),
        ),
        "service-minutes": lambda: ops.Edit("service", "pl1/s1", (ops.Change("minutes", 10 + n),)),
        "service-add": lambda: ops.AddService(
            "pl1", Service(new_id, f"S{side}{n}", 20, "month", when)
        ),
        "service-remove": lambda: ops.DropService("pl1", "s1"),
        "goal-report": lambda: ops.AddReport(
            "pl1", "g1", GoalReport(new_id, date(2026, 11, 1 + n % 20), "limited", when)
        ),
        "note-line": lambda: ops.AddNoteLine("m1", new_id, when, f"said {side}{n}"),
        "plan-review": lambda: ops.Edit(
            "plan", "pl1", (ops.Change("annual_review_by", date(2027, 1, 1 + n % 20)),)
        ),
    }[kind]()


KINDS = [
    "tick",
    "untick",
    "skip",
    "note",
    "meeting-title",
    "meeting-date",
    "remove-meeting",
    "add-meeting",
    "log-add",
    "log-edit",
    "log-remove",
    "grade",
    "school",
    "open",
    "closed",
    "unclosed",
    "contact",
    "contact-remove",
    "contact-subject",
    "answered",
    "service-minutes",
    "service-add",
    "service-remove",
    "goal-report",
    "plan-review",
    "note-line",
]
steps = st.lists(st.tuples(st.sampled_from("AB"), st.sampled_from(KINDS)), max_size=14)


def _diverge(tmp: Path, plan: list[tuple[str, str]]) -> tuple[Copy, Copy]:
    texts = TextStore(tmp)
    start = base(texts)
    a, b = Copy(dict(start), texts, "devA"), Copy(dict(start), texts, "devB")
    for n, (side, kind) in enumerate(plan, 1):
        copy_ = a if side == "A" else b
        copy_.change(_op(kind, n, side.lower()), n)
    return a, b


def _set_by(copy_: Copy) -> dict[str, tuple[Any, str]]:
    """Every field this copy changed (stamped), with its value and stamp."""
    stamps = copy_.doc.get("stamps", {})
    flat = flatten(copy_.doc)
    return {
        path: (flat.leaves.get(path), effective(stamps, path))
        for path in flat.leaves
        if effective(stamps, path)
    }


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=steps)
def test_merging_is_symmetric_idempotent_and_loses_nothing(
    plan: list[tuple[str, str]], tmp_path: Path
) -> None:
    a, b = _diverge(tmp_path, plan)
    ab, _ = merge(a.doc, b.doc)
    ba, _ = merge(b.doc, a.doc)
    assert ab == ba
    again, notes = merge(ab, b.doc)
    assert again == ab and not notes
    assert merge(ab, ab)[0] == ab
    # The merged record opens.
    child_from_doc(ab, Path("sam.toml"), "sam", texts=TextStore(tmp_path))
    result = flatten(ab)
    stamps = ab.get("stamps", {})
    removed = ab.get("removed", {})
    for side in (a, b):
        for path, (value, stamp) in _set_by(side).items():
            if path in result.leaves and result.leaves[path] == value:
                continue
            newer = effective(stamps, path) >= stamp
            gone = any(
                removed.get(p, "") > stamp for p in _entries_above(path)
            ) or not _entry_present(result, path)
            assert newer or gone, (path, value, stamp)


def _entries_above(path: str) -> list[str]:
    parts = path.split(SEP)
    return [SEP.join(parts[:n]) for n in range(1, len(parts) + 1)]


def _entry_present(flat: Any, path: str) -> bool:
    owner = flat.owner(path) if path not in flat.entries else path
    return not owner or owner in flat.entries


def test_a_removal_wins_over_older_changes_and_loses_to_newer(tmp_path: Path) -> None:
    a, b = _diverge(tmp_path, [("A", "meeting-title"), ("B", "remove-meeting")])
    merged, _ = merge(a.doc, b.doc)
    assert "meetings" not in merged  # removed after the title changed: stays removed
    a, b = _diverge(tmp_path / "2", [("B", "remove-meeting"), ("A", "meeting-title")])
    merged, _ = merge(a.doc, b.doc)
    assert [m["title"] for m in merged["meetings"]] == ["Ta2"]  # changed after: back


def test_a_contacts_subject_and_an_answer_merge_field_by_field(tmp_path: Path) -> None:
    a, b = _diverge(tmp_path, [("A", "contact-subject"), ("B", "contact"), ("B", "answered")])
    merged, _ = merge(a.doc, b.doc)
    assert merged == merge(b.doc, a.doc)[0]
    (contact,) = merged["contacts"]
    assert (contact["subject"], contact["email"]) == ("Subject a1", "b2@x.org")
    (entry,) = merged["communications"]
    assert (entry["said"], entry["answered"]) == ("b3", date(2026, 11, 6))


def test_two_ticks_of_one_item_keep_both_and_the_later_state(tmp_path: Path) -> None:
    a, b = _diverge(tmp_path, [("A", "tick"), ("B", "skip")])  # both on item b (n % 3 == 1/2)
    merged, _ = merge(a.doc, b.doc)
    child = child_from_doc(merged, Path("sam.toml"), "sam", texts=TextStore(tmp_path))
    assert child.run("r1").state("b").state == "done"
    assert child.run("r1").state("c").state == "skipped"


def test_the_same_field_with_the_same_stamp_is_a_conflict_kept_both_ways(tmp_path: Path) -> None:
    texts = TextStore(tmp_path)
    start = base(texts)
    a, b = Copy(dict(start), texts, "dev"), Copy(dict(start), texts, "dev")
    a.change(ops.Edit("child", "", (ops.Change("grade", "5"),)), 1)
    b.change(ops.Edit("child", "", (ops.Change("grade", "6"),)), 1)
    merged, notes = merge(a.doc, b.doc)
    assert merged == merge(b.doc, a.doc)[0]
    assert merged["grade"] == "6" and merged["conflicts"] == [
        {"path": "grade", "kept": "“6”", "other": "“5”"}
    ]
    assert notes == ["changed on both copies: grade: kept “6”, the other said “5”"]


@pytest.mark.parametrize("plan", [[("A", "log-add"), ("B", "log-add"), ("A", "add-meeting")]])
def test_entries_added_on_each_side_are_all_kept(
    plan: list[tuple[str, str]], tmp_path: Path
) -> None:
    a, b = _diverge(tmp_path, plan)
    merged, _ = merge(a.doc, b.doc)
    assert {c["id"] for c in merged["communications"]} == {"c1", "a1", "b2"}
    assert {m["id"] for m in merged["meetings"]} == {"m1", "a3"}


def test_notes_pad_lines_typed_on_two_devices_are_all_kept_in_time_order(
    tmp_path: Path,
) -> None:
    a, b = _diverge(
        tmp_path,
        [("A", "note-line"), ("B", "note-line"), ("A", "note-line"), ("B", "meeting-title")],
    )
    merged, notes = merge(a.doc, b.doc)
    assert merged == merge(b.doc, a.doc)[0] and not notes
    child = child_from_doc(merged, Path("sam.toml"), "sam", texts=TextStore(tmp_path))
    meeting = child.meeting("m1")
    assert meeting is not None and meeting.title == "Tb4"
    assert [(x.id, x.text) for x in meeting.lines] == [
        ("a1", "said a1"),
        ("b2", "said b2"),
        ("a3", "said a3"),
    ]
    # A line is an entry of its own: no stamp needed, nothing to conflict.
    assert not any("lines" in p for p in merged.get("stamps", {}))
