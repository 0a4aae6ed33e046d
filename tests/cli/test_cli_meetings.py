"""Meetings from the shell: attach and detach, list every meeting, warn about odd dates."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from iepcheck.__main__ import main
from iepcheck.records.store import Store

TODAY = ["--today", "2026-11-28"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, *TODAY])
    out, err = capsys.readouterr()
    return code, out, err


def test_attach_detach_and_list_every_meeting(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    assert run(capsys, "child", "add", "Sam", "--plan", "IEP")[0] == 0  # plans in any case
    code, out, err = run(
        capsys, "meeting", "add", "SAM", "2025-11-28", "--checklist", "ct-ppt-prep"
    )
    assert code == 0 and "2025-11-28 is in the past" in err
    past = out.strip()
    code, out, err = run(capsys, "meeting", "add", "sam", "2026-12-12", "--kind", "PPT")
    assert code == 0 and "is a Saturday" in err
    code, out, _ = run(capsys, "meeting", "add", "sam", "2026-12-10", "--kind", "other")
    other = out.strip()
    code, _, err = run(capsys, "meeting", "attach", "sam", other, "ct-ppt-prp")
    assert code == 1 and "Did you mean ct-ppt-prep?" in err
    assert run(capsys, "meeting", "attach", "sam", other, "ct-ppt-prep")[0] == 0
    code, _, err = run(capsys, "meeting", "attach", "sam", other, "ct-ppt-prep")
    assert code == 1 and "already attached" in err
    assert run(capsys, "tick", "sam", "ct-ppt-prep/check-notice", "--meeting", other)[0] == 0
    assert run(capsys, "meeting", "detach", "sam", other, "ct-ppt-prep")[0] == 0
    assert run(capsys, "meeting", "attach", "sam", other, "ct-ppt-prep")[0] == 0
    child = Store(data_dir).load("sam")
    runs = [r for r in child.runs if r.meeting == other]
    assert [(r.detached, r.state("check-notice").state) for r in runs] == [
        (True, "done"),  # the detached run keeps its tick
        (False, "open"),  # attaching again starts afresh
    ]
    code, out, _ = run(capsys, "meeting", "list", "--json")
    listed = json.loads(out)["children"][0]["meetings"]
    assert [m["date"] for m in listed] == ["2025-11-28", "2026-12-10", "2026-12-12"]
    assert listed[0]["id"] == past and listed[0]["days_left"] < 0  # past ones too
    code, out, _ = run(capsys, "meeting", "list", "sam")
    assert code == 0 and "past" in out and other in out


def test_export_takes_its_format_from_the_file_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, "child", "add", "Maya")
    target = tmp_path / "maya.html"
    assert run(capsys, "export", "maya", "-o", str(target))[0] == 0
    assert target.read_text().startswith("<!DOCTYPE html>")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    code, _, err = run(capsys, "export", "maya", "-o", str(tmp_path / "x.html"), "--format", "txt")
    assert code == 2 and "asks for html but --format says txt" in err


def test_checklist_new_is_private_and_ends_with_a_newline(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    old = os.umask(0)
    try:
        assert run(capsys, "checklist", "new", "our-list")[0] == 0
    finally:
        os.umask(old)
    path = tmp_path / "our-list.toml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().endswith(b"\n")


def test_export_never_replaces_a_file_unasked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, "child", "add", "Maya")
    mine = tmp_path / "notes.txt"
    mine.write_text("my own notes\n")
    code, _, err = run(capsys, "export", "maya", "-o", str(mine))
    assert code == 1 and "already exists" in err and "--replace" in err
    assert mine.read_text() == "my own notes\n"
    assert run(capsys, "export", "maya", "-o", str(mine), "--replace")[0] == 0
    assert mine.read_text().startswith("Maya: special education record")


def test_a_shadowing_file_never_takes_a_run_over_silently(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    from ..helpers import checklist_text, write_checklist

    shadow = tmp_path / "sh"
    write_checklist(shadow, "x.toml", checklist_text("ct-ppt-prep", 99, items=[("a", "Only A")]))
    run(capsys, "child", "add", "Pat", "--plan", "iep")
    run(capsys, "meeting", "add", "pat", "2026-12-10")
    code, _, err = run(capsys, "tick", "pat", "ct-ppt-prep/a", "--checklists", str(shadow))
    assert code == 1 and "no item 'a'" in err
    code, _, err = run(
        capsys, "tick", "pat", "ct-ppt-prep/check-notice", "--checklists", str(shadow)
    )
    assert code == 0 and "now comes from" in err and "--accept-shadow" in err
    saved = Store(data_dir).load("pat").runs[0]
    assert saved.origin == "bundled" and len(saved.item_ids()) > 30  # still the bundled copy
    code, _, _ = run(
        capsys, "tick", "pat", "ct-ppt-prep/a", "--checklists", str(shadow), "--accept-shadow"
    )
    assert code == 0
    moved = Store(data_dir).load("pat").runs[0]
    assert (moved.origin, moved.version, moved.item_ids()) == ("extra", 99, ["a"])
    assert moved.state("check-notice").state == "done"  # kept, "no longer in the checklist"


def test_meeting_edit_changes_only_the_fields_given(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    run(capsys, "child", "add", "Sam", "--plan", "iep")
    code, out, _ = run(capsys, "meeting", "add", "sam", "2026-12-10", "--time", "3pm")
    ppt = out.strip()
    code, out, _ = run(capsys, "meeting", "edit", "sam", ppt, "--title", "Annual review")
    assert code == 0 and out.strip() == f"changed {ppt}: title"
    code, out, err = run(capsys, "meeting", "edit", "sam", ppt, "--date", "2026-12-12")
    assert code == 0 and "date" in out and "is a Saturday" in err
    saved = Store(data_dir).load("sam").meeting(ppt)
    assert saved is not None
    assert (saved.title, saved.time, saved.date.isoformat()) == (
        "Annual review",
        "3pm",
        "2026-12-12",
    )
    stamps = Store(data_dir).load("sam").stamps
    assert {p.rpartition("/")[2] for p in stamps if p.startswith("meetings/")} == {
        "title",
        "date",
    }  # field by field: the time was never rewritten
    code, out, _ = run(capsys, "meeting", "edit", "sam", ppt, "--title", "Annual review")
    assert code == 0 and "nothing changed" in out
    code, _, err = run(capsys, "meeting", "edit", "sam", ppt)
    assert code == 2 and "--date, --time, --title or --kind" in err
    code, _, err = run(capsys, "meeting", "edit", "sam", ppt, "--kind", "ppx")
    assert code == 2 and "--kind must be one of" in err
    code, _, err = run(capsys, "meeting", "edit", "sam", ppt, "--time", "3\x1b[2Jpm")
    assert code == 2 and "control character" in err


def test_a_second_meeting_on_one_day_is_said_not_refused(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    run(capsys, "child", "add", "Sam", "--plan", "iep")
    code, first, err = run(capsys, "meeting", "add", "sam", "2026-12-10", "--title", "PPT")
    assert code == 0 and "already has a meeting" not in err
    code, out, err = run(capsys, "meeting", "add", "sam", "2026-12-10", "--kind", "504")
    assert code == 0
    assert f"note: Sam already has a meeting on 2026-12-10: PPT ({first.strip()})" in err
    code, out, err = run(capsys, "meeting", "add", "sam", "2026-12-11")
    third = out.strip()
    assert "already has a meeting" not in err
    code, _, err = run(capsys, "meeting", "move", "sam", third, "2026-12-10")
    assert code == 0 and "already has a meeting on 2026-12-10" in err
    assert len(Store(data_dir).load("sam").meetings) == 3


def test_meeting_note_adds_a_timed_line_and_keeps_the_others(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    run(capsys, "child", "add", "Sam", "--plan", "iep")
    ppt = run(capsys, "meeting", "add", "sam", "2026-12-10")[1].strip()
    code, out, _ = run(capsys, "meeting", "note", "sam", ppt, "Extended time agreed")
    assert code == 0 and "Extended time agreed" in out and f"added to {ppt}'s notes" in out
    assert run(capsys, "meeting", "note", "sam", "2026-12-10", "Data monthly")[0] == 0
    meeting = Store(data_dir).load("sam").meeting(ppt)
    assert meeting is not None
    assert [x.text for x in meeting.lines] == ["Extended time agreed", "Data monthly"]
    assert out.startswith(f"{meeting.lines[0].at:%H:%M} ")
    code, _, err = run(capsys, "meeting", "note", "sam", ppt, "  ")
    assert code == 2 and "the line is empty" in err
    code, out, _ = run(capsys, "meeting", "list", "sam", "--json")
    assert json.loads(out)["children"][0]["meetings"][0]["lines"] == [
        {"id": x.id, "at": x.at.isoformat(), "text": x.text} for x in meeting.lines
    ]
    code, out, _ = run(capsys, "timeline", "sam", "--only", "meetings")
    from iepcheck.reports.words import line_stamp

    assert f"noted {line_stamp(meeting.lines[0], meeting.date)}: Extended time agreed" in out
