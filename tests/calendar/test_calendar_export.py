"""Meetings and dated items out as .ics: one event each, stable UIDs, reminders, cancellations."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import icalendar
import pytest

from iepcheck.__main__ import main
from iepcheck.records.store import Store
from iepcheck.service.workspace import Workspace

TODAY = ["--today", "2026-11-28"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, *TODAY])
    out, err = capsys.readouterr()
    return code, out, err


def events(path: Path) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_export_twice_updates_rather_than_duplicates(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    run(capsys, "child", "add", "Sam Rivera", "--plan", "504")
    code, out, _ = run(capsys, "meeting", "add", "sam-rivera", "2026-12-10", "--kind", "ppt")
    meeting_id = out.strip()
    store = Store(data_dir)
    child = store.load("sam-rivera")
    from iepcheck.records.operations import EditMeeting

    Workspace(data_dir).update(child.id, EditMeeting(meeting_id, time="3:30pm"))
    target = tmp_path / "sam.ics"
    code, out, _ = run(capsys, "calendar", "export", "sam-rivera", "-o", str(target))
    assert code == 0 and out.startswith(f"wrote {target}: ")
    first = events(target)
    meeting = first[f"meeting-sam-rivera-{meeting_id}@iepcheck"]
    start = meeting.decoded("DTSTART")
    assert (start.hour, start.minute) == (15, 30) and meeting["DTSTART"].params.get("TZID")
    # One event per dated open item of the run, all-day, each with a reminder.
    run_ = next(r for r in store.load("sam-rivera").runs if r.checklist == "ct-ppt-prep")
    items = {uid: e for uid, e in first.items() if uid.startswith("item-")}
    assert f"item-sam-rivera-{run_.id}-check-notice@iepcheck" in items
    assert len(items) >= 20
    for event in first.values():
        assert event.walk("VALARM"), event["SUMMARY"]
    notice = items[f"item-sam-rivera-{run_.id}-check-notice@iepcheck"]
    assert "RCSA 10-76d-12" in str(notice["DESCRIPTION"])  # a legal deadline names its source
    # Export again: the same UIDs; nothing changed, so the same SEQUENCE.
    assert run(capsys, "calendar", "export", "sam-rivera", "-o", str(target))[0] == 0
    second = events(target)
    assert set(second) == set(first)
    assert all(second[u]["SEQUENCE"] == first[u]["SEQUENCE"] for u in first)
    # The notice is ticked: it goes out once more as cancelled, with a higher SEQUENCE ...
    run(capsys, "tick", "sam-rivera", "ct-ppt-prep/check-notice")
    code, out, _ = run(capsys, "calendar", "export", "sam-rivera", "-o", str(target))
    assert "1 cancelled" in out
    third = events(target)
    uid = f"item-sam-rivera-{run_.id}-check-notice@iepcheck"
    assert str(third[uid]["STATUS"]) == "CANCELLED"
    assert third[uid]["SEQUENCE"] > first[uid]["SEQUENCE"]
    # ... and not again after that.
    run(capsys, "calendar", "export", "sam-rivera", "-o", str(target))
    assert uid not in events(target)


def test_export_to_someone_elses_file_asks_for_replace(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    run(capsys, "child", "add", "Sam")
    mine = tmp_path / "notes.ics"
    mine.write_text("my own file")
    code, _, err = run(capsys, "calendar", "export", "-o", str(mine))
    assert code == 1 and "add --replace" in err and mine.read_text() == "my own file"
    code, _, err = run(capsys, "calendar", "export", "--remind", "soon")
    assert code == 2 and "--remind" in err


def test_a_failed_export_forgets_nothing_and_devices_are_never_replaced(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    run(capsys, "child", "add", "Sam")
    run(capsys, "meeting", "add", "sam", "2026-12-10", "--kind", "ppt")
    target = tmp_path / "sam.ics"
    assert run(capsys, "calendar", "export", "-o", str(target))[0] == 0
    run(capsys, "tick", "sam", "ct-ppt-prep/check-notice")
    folder = tmp_path / "a-folder"
    folder.mkdir()
    code, _, err = run(capsys, "calendar", "export", "-o", str(folder), "--replace")
    assert code == 1 and "could not write" in err
    # The failed export did not use up the cancellation: the next one still sends it.
    code, out, _ = run(capsys, "calendar", "export", "-o", str(target))
    assert "1 cancelled" in out
    pipe = tmp_path / "pipe"
    import os

    os.mkfifo(pipe)
    code, _, err = run(capsys, "calendar", "export", "-o", str(pipe), "--replace")
    assert code == 1 and "not a regular file" in err
    assert pipe.exists() and not pipe.is_file()


@pytest.mark.parametrize(
    "damage, reason",
    [
        ('[events."item-x@iepcheck"]\nsequence = "seven"\nchild = "sam"\n', "not a whole number"),
        (
            '[events."item-x@iepcheck"]\nsequence = 1\ncancelled = false\nchild = "sam"\n'
            'day = "2026-02-30"\n',
            "'day' is not a date",
        ),
        (
            '[events."item-x@iepcheck"]\nsequence = 1\nchild = "sam"\nday = "9999-12-31"\n',
            "not a date from 1900 to 2200",
        ),
        ('events = "nothing"\n', "'events' is not a table"),
        ("[events\n", "not valid TOML"),
        ("events = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    ],
    ids=["string sequence", "bad day", "year 9999", "not a table", "not TOML", "deep"],
)
def test_a_damaged_export_memory_is_set_aside(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path, damage: str, reason: str
) -> None:
    """Issue 21 item 10: a sentence naming the file, the old one in trash/, a fresh start."""
    run(capsys, "child", "add", "Sam")
    run(capsys, "meeting", "add", "sam", "2026-12-10", "--kind", "ppt")
    state = data_dir / "exports" / "calendar.toml"
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text(damage)
    target = tmp_path / "sam.ics"
    code, out, err = run(capsys, "calendar", "export", "-o", str(target))
    assert code == 0 and out.startswith(f"wrote {target}"), err
    assert "Traceback" not in err and f"{state} was damaged (" in err and reason in err
    kept = list((data_dir / "trash").glob("calendar-export-*.toml"))
    assert len(kept) == 1 and kept[0].read_text() == damage
    assert any("sam" in uid for uid in events(target))
    # The memory was started afresh and written: the next export has nothing to say.
    code, _, err = run(capsys, "calendar", "export", "-o", str(target))
    assert code == 0 and err == ""
    assert len(list((data_dir / "trash").glob("calendar-export-*.toml"))) == 1


@pytest.mark.parametrize("name", ["Sam \\N Rivera", "Sam \\n Rivera", "Rivera; Sam", "Sam, Jr."])
def test_names_reach_the_phone_as_typed(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path, name: str
) -> None:
    """Issue 21 item 14: a literal backslash-N in a name was a line break in the .ics."""
    assert run(capsys, "child", "add", name)[0] == 0
    child_id = Store(data_dir).ids()[0]
    run(capsys, "meeting", "add", child_id, "2026-12-10", "--kind", "ppt", "--title", name)
    target = tmp_path / "out.ics"
    assert run(capsys, "calendar", "export", "-o", str(target))[0] == 0
    meeting = next(e for u, e in events(target).items() if u.startswith("meeting-"))
    assert str(meeting["SUMMARY"]) == f"{name}: {name} (PPT)"
    assert str(meeting["DESCRIPTION"]).startswith(f"PPT for {name}.")
    assert "\n" not in str(meeting["SUMMARY"])


def test_follow_ups_not_answered_are_events(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    """Issue 23 item 10: a contact waiting for an answer reminds on its follow-up date."""
    run(capsys, "child", "add", "Sam")
    code, _, err = run(
        capsys, "log", "add", "sam", "Asked for the evaluation report", "--with", "Ms. Lee",
        "--via", "email", "--on", "2026-11-20", "--follow-up", "2026-12-04",
    )  # fmt: skip
    assert code == 0, err
    entry_id = next(c.id for c in Store(data_dir).load("sam").communications)
    run(capsys, "log", "add", "sam", "Phoned, no follow-up needed", "--on", "2026-11-21")
    target = tmp_path / "sam.ics"
    assert run(capsys, "calendar", "export", "-o", str(target))[0] == 0
    found = events(target)
    follow = found[f"follow-up-sam-{entry_id}@iepcheck"]
    assert follow.decoded("DTSTART") == date(2026, 12, 4)
    assert str(follow["SUMMARY"]) == "Sam: follow up with Ms. Lee: Asked for the evaluation report"
    assert "On Fri 20 Nov 2026 you contacted Ms. Lee (email)" in str(follow["DESCRIPTION"])
    assert sum(uid.startswith("follow-up-") for uid in found) == 1
    # Answered: the event goes out once more as cancelled.
    assert run(capsys, "log", "answered", "sam", entry_id)[0] == 0
    code, out, _ = run(capsys, "calendar", "export", "-o", str(target))
    assert "1 cancelled" in out
    assert str(events(target)[f"follow-up-sam-{entry_id}@iepcheck"]["STATUS"]) == "CANCELLED"


def test_a_weekly_item_is_one_series_and_the_old_weekly_events_are_cancelled(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    """Issue 23 item 10: one recurring event, not one per week; the per-week event an earlier
    export put on the phone (its UID) goes out cancelled, so none is left twice."""
    run(capsys, "child", "add", "Sam", "--plan", "504")
    assert run(capsys, "start", "sam", "ct-504-monitoring")[0] == 0
    assert run(capsys, "tick", "sam", "ct-504-monitoring/ask-child-weekly")[0] == 0
    run_id = next(r.id for r in Store(data_dir).load("sam").runs)
    old_uid = f"item-sam-{run_id}-ask-child-weekly@iepcheck"
    # What an export before this change remembered: the weekly item as a one-off event.
    state = data_dir / "exports" / "calendar.toml"
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text(
        f'[events."{old_uid}"]\nsequence = 2\nhash = "0123456789abcdef"\nchild = "sam"\n'
        'summary = "Sam: Ask your child"\nday = "2026-12-04"\n'
    )
    target = tmp_path / "sam.ics"
    code, out, err = run(capsys, "calendar", "export", "-o", str(target))
    assert code == 0 and "1 cancelled" in out, err
    found = events(target)
    series = found[f"repeat-sam-{run_id}-ask-child-weekly@iepcheck"]
    rule = series["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["INTERVAL"] == [1]
    assert "Repeats weekly" in str(series["DESCRIPTION"])
    cancelled = found[old_uid]
    assert str(cancelled["STATUS"]) == "CANCELLED" and cancelled["SEQUENCE"] == 3
    assert "RRULE" not in cancelled
    # No repeating item is a one-off event any more; each is one series.
    assert not [u for u in found if u.startswith("item-") and "weekly" in u and u != old_uid]
    # Exported again: the series is the same, nothing is cancelled twice.
    code, out, _ = run(capsys, "calendar", "export", "-o", str(target))
    assert "cancelled" not in out
    again = events(target)
    assert old_uid not in again
    assert again[f"repeat-sam-{run_id}-ask-child-weekly@iepcheck"]["SEQUENCE"] == 0


def test_only_meetings(capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path) -> None:
    """``--only meetings``: the dated items an earlier export sent go out as cancelled."""
    run(capsys, "child", "add", "Sam")
    run(capsys, "meeting", "add", "sam", "2026-12-10", "--kind", "ppt")
    target = tmp_path / "sam.ics"
    assert run(capsys, "calendar", "export", "-o", str(target))[0] == 0
    items = [u for u in events(target) if u.startswith("item-")]
    assert items
    code, out, _ = run(capsys, "calendar", "export", "--only", "meetings", "-o", str(target))
    assert code == 0 and f"1 event, {len(items)} cancelled" in out
    found = events(target)
    assert [u for u in found if str(found[u]["STATUS"]) != "CANCELLED"] == [
        u for u in found if u.startswith("meeting-")
    ]
    code, out, _ = run(capsys, "calendar", "export", "--only", "meetings", "-o", str(target))
    assert code == 0 and "cancelled" not in out
    code, _, err = run(capsys, "calendar", "export", "--only", "meetngs", "-o", str(target))
    assert code == 2 and "--only: 'meetngs' is not a kind of event" in err
