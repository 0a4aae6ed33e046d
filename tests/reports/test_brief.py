"""``status --brief``: a login line or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from iepcheck.__main__ import main
from iepcheck.reports.brief import brief_text


def _child(name: str, meetings=(), overdue: int = 0, soon: tuple[str, ...] = ()) -> dict:
    item = {"checklist": "x", "item": "i", "text": "t", "estimated": False}
    standing = {
        "overdue": [item | {"due": "2026-11-01"}] * overdue,
        "due_soon": [item | {"due": d} for d in soon],
    }
    return {"id": name.lower(), "name": name, "meetings": list(meetings), "standing": [standing]}


def _meeting(days: int, school: int, date: str) -> dict:
    return {
        "kind": "ppt",
        "days_left": days,
        "school_days_left": school,
        "date": date,
        "estimated": False,
        "overdue": [],
        "due_soon": [],
    }


def test_nothing_near_prints_nothing() -> None:
    data = {"today": "2026-11-28", "children": [_child("Sam", [_meeting(12, 8, "2026-12-10")])]}
    assert brief_text(data) == ""


def test_most_urgent_first_and_at_most_three_lines() -> None:
    data = {
        "today": "2026-11-28",
        "children": [
            _child("Ana", soon=("2026-12-03",)),
            _child("Sam", [_meeting(4, 3, "2026-12-02")], overdue=2),
            _child("Lee", [_meeting(1, 1, "2026-11-29")]),
            _child("Kim", overdue=1),
            _child("Bo", soon=("2026-12-01",)),
        ],
    }
    # Overdue first (the one with a meeting sooner before the other), then by date; the
    # last line names everyone it leaves out.
    assert brief_text(data).splitlines() == [
        "Sam: PPT in 3 school days, 2 items overdue",
        "Kim: 1 item overdue",
        "and 3 more: Lee, Bo, Ana",
    ]
    data["children"] = data["children"][1:3]
    assert brief_text(data).splitlines() == [
        "Sam: PPT in 3 school days, 2 items overdue",
        "Lee: PPT tomorrow",
    ]


def test_the_command_on_a_real_record(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    assert main(["child", "add", "Sam", "--today", "2026-11-28"]) == 0
    capsys.readouterr()
    assert main(["status", "--brief", "--today", "2026-11-28"]) == 0
    assert capsys.readouterr().out == ""  # a child with nothing due: nothing at all
    main(["meeting", "add", "sam", "2026-12-02", "--kind", "ppt", "--today", "2026-11-28"])
    capsys.readouterr()
    assert main(["status", "--brief", "--today", "2026-11-28"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Sam: PPT in ") and "overdue" in out and len(out.splitlines()) == 1


def test_a_meeting_on_monday_with_items_overdue_comes_first() -> None:
    """An advocate's families: several have something overdue and an item due sooner; the
    child with a PPT on Monday and 7 items overdue is the first line, never left unnamed."""
    data = {
        "today": "2026-11-27",
        "children": [
            _child("Ana", overdue=1, soon=("2026-11-28",)),
            _child("Bo", overdue=2, soon=("2026-11-28",)),
            _child("Cy", overdue=1, soon=("2026-11-29",)),
            _child("Zoe", [_meeting(3, 1, "2026-11-30") | {"overdue": [{}] * 7}]),
        ],
    }
    lines = brief_text(data).splitlines()
    assert lines[0] == "Zoe: PPT in 1 school day, 7 items overdue"
    assert lines[1].startswith("Bo: ")  # then the nearest due date, the most overdue first
    assert lines[2] == "and 2 more: Ana, Cy"
