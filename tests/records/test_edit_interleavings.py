"""Edits by several writers in any interleaving of reads and writes: every field ends with the
value of the last writer that set it, never with one a later writer's stale copy put back; a
writer is told exactly when another changed its field between its read and its write.

Small by default; IEPCHECK_HYPOTHESIS=N runs N examples."""

from __future__ import annotations

import copy
import os
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from iepcheck.records import operations as ops
from iepcheck.records.model import Child, Meeting
from iepcheck.records.record import Communication

from ..helpers import at

EXAMPLES = int(os.environ.get("IEPCHECK_HYPOTHESIS", "60"))
FIELDS = {
    ("child", ""): {"grade": ["4", "5", "6"], "school": ["Elm", "Oak"], "name": ["Sam", "Sol"]},
    ("meeting", "m1"): {
        "title": ["PPT", "Annual review"],
        "time": ["3pm", "9am"],
        "date": [date(2026, 12, 10), date(2026, 12, 17)],
    },
    ("communication", "c1"): {"text": ["Asked", "Called"], "via": ["email", "phone", ""]},
}
TARGETS = sorted(FIELDS)


def base() -> Child:
    child = Child("sam", "Sam", "504")
    child.meetings.append(Meeting("m1", date(2026, 12, 10), "PPT", "504"))
    child.communications.append(Communication("c1", date(2026, 11, 20), "Asked", at("2026-11-20")))
    return child


def _entry(child: Child, target: tuple[str, str]) -> object:
    kind, entry_id = target
    if kind == "child":
        return child
    if kind == "meeting":
        return child.meeting(entry_id)
    return next(c for c in child.communications if c.id == entry_id)


@st.composite
def scenario(draw: st.DrawFn) -> tuple[list[dict[str, object]], list[tuple[str, int]]]:
    writers = []
    for _ in range(draw(st.integers(1, 5))):
        target = draw(st.sampled_from(TARGETS))
        names = draw(st.lists(st.sampled_from(sorted(FIELDS[target])), min_size=1, unique=True))
        values = {name: draw(st.sampled_from(FIELDS[target][name])) for name in names}
        writers.append({"target": target, "values": values})
    # Each writer reads before it writes; otherwise any order.
    events = [("read", n) for n in range(len(writers))] + [
        ("write", n) for n in range(len(writers))
    ]
    order = draw(st.permutations(events))
    # A write drawn before its writer's read waits until just after that read.
    fixed: list[tuple[str, int]] = []
    pending = set()
    for event in order:
        kind, n = event
        if kind == "read":
            fixed.append(event)
            if n in pending:
                fixed.append(("write", n))
                pending.discard(n)
        elif ("read", n) in fixed:
            fixed.append(event)
        else:
            pending.add(n)
    return writers, fixed


@settings(max_examples=EXAMPLES, deadline=None)
@given(scenario())
def test_no_field_a_writer_set_is_lost_in_any_interleaving(
    case: tuple[list[dict[str, object]], list[tuple[str, int]]],
) -> None:
    writers, order = case
    record = base()
    seen: dict[int, Child] = {}
    last: dict[tuple[tuple[str, str], str], object] = {}
    told: dict[int, tuple[str, ...]] = {}
    expected_notes: dict[int, int] = {}
    for kind, n in order:
        writer = writers[n]
        target = writer["target"]
        values = writer["values"]
        assert isinstance(values, dict) and isinstance(target, tuple)
        if kind == "read":
            seen[n] = copy.deepcopy(record)
            continue
        before = _entry(seen[n], target)
        op = ops.between(target[0], target[1], before, values)
        now = _entry(record, target)
        # What the user changed: the values that differ from what this writer saw.
        changed = {k: v for k, v in values.items() if getattr(before, k) != v}
        expected_notes[n] = sum(
            1
            for name, value in changed.items()
            if getattr(now, name) != getattr(before, name) and getattr(now, name) != value
        )
        if op is None:
            assert not changed
            told[n] = ()
            continue
        told[n] = op.apply(record).notes
        for name, value in changed.items():
            last[(target, name)] = value
    original = base()
    for target, fields in FIELDS.items():
        for name in fields:
            want = last.get((target, name), getattr(_entry(original, target), name))
            assert getattr(_entry(record, target), name) == want, (target, name)
    for n, count in expected_notes.items():
        assert len(told[n]) == count, (n, told[n])
