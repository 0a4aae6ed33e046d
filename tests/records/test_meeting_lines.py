"""A meeting's notes pad: each line its own entry in the file (``[[meetings.lines]]``), checked
like every field, read back in time order, and what was agreed without the times."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from iepcheck.records import operations as ops
from iepcheck.records.model import Child
from iepcheck.records.store import ProgressError, Store

from ..helpers import at

DAY = date(2026, 12, 10)


def _child() -> Child:
    child = Child("sam", "Sam", "iep")
    ops.AddMeeting("m1", DAY, "Annual review", notes="Speech stays.\n").apply(child)
    return child


def test_lines_are_kept_in_the_file_each_as_an_entry_and_read_back_in_time_order(
    data_dir: Path,
) -> None:
    store = Store(data_dir)
    child = store.create("Sam", "iep")
    store.update(child.id, ops.AddMeeting("m1", DAY, "Annual review").apply)
    # Typed on two devices, saved out of order: read back by the time typed.
    store.update(child.id, ops.AddNoteLine("m1", "n2", at("2026-12-10", 16), "Second").apply)
    store.update(child.id, ops.AddNoteLine("m1", "n1", at("2026-12-10", 15), "First").apply)
    text = (data_dir / "children" / f"{child.id}.toml").read_text()
    assert text.count("[[meetings.lines]]") == 2
    meeting = store.load(child.id).meeting("m1")
    assert meeting is not None
    assert [(x.id, x.text, x.at.hour) for x in meeting.lines] == [
        ("n1", "First", 15),
        ("n2", "Second", 16),
    ]


def test_a_line_without_its_time_names_the_key_and_line(data_dir: Path) -> None:
    store = Store(data_dir)
    child = store.create("Sam", "iep")
    store.update(child.id, ops.AddMeeting("m1", DAY, "Annual review").apply)
    store.update(child.id, ops.AddNoteLine("m1", "n1", at("2026-12-10", 15), "First").apply)
    path = data_dir / "children" / f"{child.id}.toml"
    text = path.read_text()
    broken = "\n".join(x for x in text.splitlines() if not x.startswith("at = 2026-12-10T15"))
    path.write_text(broken)
    os.chmod(path, 0o600)
    with pytest.raises(ProgressError) as caught:
        store.load(child.id)
    assert "meetings[0].lines[0].at is missing" in str(caught.value)


@pytest.mark.parametrize(
    "text, said",
    [
        ("", "the line is empty"),
        ("two\nlines", "the line holds a line break"),
        ("bell\x07", "the line contains a control character"),
        ("x" * 5001, "the line is longer than 5,000 characters"),
    ],
)
def test_a_line_the_record_cannot_hold_is_refused_with_a_sentence(text: str, said: str) -> None:
    child = _child()
    with pytest.raises(ops.RecordError, match=said):
        ops.AddNoteLine("m1", "n1", at("2026-12-10", 15), text).apply(child)
    assert child.meetings[0].lines == []


def test_a_line_for_a_meeting_removed_elsewhere_or_typed_twice_is_refused() -> None:
    child = _child()
    with pytest.raises(ops.RecordError, match="meeting m9 is no longer"):
        ops.AddNoteLine("m9", "n1", at("2026-12-10", 15), "x").apply(child)
    ops.AddNoteLine("m1", "n1", at("2026-12-10", 15), "x").apply(child)
    with pytest.raises(ops.RecordError, match="already in the meeting's notes"):
        ops.AddNoteLine("m1", "n1", at("2026-12-10", 15), "x").apply(child)


def test_what_was_agreed_is_the_notes_then_the_lines_without_their_times() -> None:
    child = _child()
    ops.AddNoteLine("m1", "n1", at("2026-12-10", 15), " Extended time in math ").apply(child)
    ops.AddNoteLine("m1", "n2", at("2026-12-10", 16), "Data monthly").apply(child)
    assert child.meetings[0].agreed() == "Speech stays.\nExtended time in math\nData monthly"
