"""A district's published calendar in, and school days counted against it by hand.

``tests/data/calendars/district-2026-27.ics`` is shaped like a Connecticut district's
calendar (invented dates): 36 events, multi-day breaks, a monthly early dismissal that repeats,
a PD day, Veterans Day "School in Session" (a state holiday the district is open on), timed
conferences and board meetings, and Lincoln's Birthday not mentioned at all.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from iepcheck.__main__ import main
from iepcheck.records.store import Store
from iepcheck.service.workspace import Workspace

from ..conftest import DATA

ICS = DATA / "calendars" / "district-2026-27.ics"
D = date.fromisoformat
TODAY = ["--today", "2026-10-01"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, *TODAY])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sam(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Path:
    assert run(capsys, "child", "add", "Sam", "--plan", "iep")[0] == 0
    code, out, err = run(capsys, "calendar", "import", str(ICS), "--id", "example-2026-27", "--yes")
    assert code == 0, err
    assert "Kept as closed (12):" in out
    assert "Wed 11 Nov 2026  Veterans Day" in out  # open: the file says "School in Session"
    assert "Fri 12 Feb 2027  Lincoln's Birthday" in out.split("does not mention")[1]
    assert "Early Dismissal - Professional Learning  (an early dismissal" in out
    assert run(capsys, "child", "calendar", "sam", "example-2026-27")[0] == 0
    return data_dir


def _notice_due(data_dir: Path, meeting_day: str) -> date:
    """When ct-ppt-prep's 'check the notice' (5 school days before) falls for a meeting."""
    workspace = Workspace(data_dir)
    child = workspace.find("sam")
    meeting = next(m for m in child.meetings if m.date == D(meeting_day))
    from iepcheck.records.schedule import calendar_for, summarize

    run_ = child.runs_for(meeting.id)[0]
    views = {v.id: v for v in summarize(run_, child, calendar_for(child), D("2026-10-01")).items}
    assert not views["check-notice"].estimated  # the calendar covers this school year
    due = views["check-notice"].due
    assert due is not None
    return due


@pytest.mark.parametrize(
    "meeting, by_hand",
    [
        # Fri 4 Dec: Dec 3, 2, 1, Nov 30, then Thanksgiving recess (25-27 Nov) skipped: Tue 24.
        ("2026-12-04", "2026-11-24"),
        # Fri 13 Nov: Nov 12, then Veterans Day (Wed 11, open), 10, 9, then Fri 6.
        ("2026-11-13", "2026-11-06"),
        # Mon 22 Feb: February vacation (15-19) and Lincoln's Birthday (Fri 12, not mentioned:
        # closed) skipped: Feb 11, 10, 9, 8, then Fri 5.
        ("2027-02-22", "2027-02-05"),
    ],
)
def test_school_days_count_as_counted_by_hand(
    capsys: pytest.CaptureFixture[str], sam: Path, meeting: str, by_hand: str
) -> None:
    assert run(capsys, "meeting", "add", "sam", meeting, "--kind", "ppt")[0] == 0
    assert _notice_due(sam, meeting) == D(by_hand)


def test_the_summer_is_not_school_days(capsys: pytest.CaptureFixture[str], sam: Path) -> None:
    workspace = Workspace(sam)
    from iepcheck.records.schedule import calendar_for

    cal = calendar_for(workspace.find("sam"))
    assert not cal.is_school_day(D("2026-08-26"))  # the day before the first day
    assert cal.is_school_day(D("2026-08-27"))
    assert cal.is_school_day(D("2027-06-15")) and not cal.is_school_day(D("2027-06-16"))
    # Between the meeting on the last day and "5 school days after" lies the summer; the next
    # school year is not in the file, so those days are counted as estimated.
    assert cal.school_days_between(D("2026-12-21"), D("2027-01-04")) == 3  # 21, 22, 23 Dec


def test_opening_the_unlisted_holidays(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, _out, _err = run(
        capsys,
        "calendar",
        "import",
        str(ICS),
        "--id",
        "open-all",
        "--yes",
        "--open-unlisted-holidays",
    )
    assert code == 0
    cal = Workspace(data_dir).calendars.get("open-all")
    assert cal is not None and D("2027-02-12") in cal.open and D("2026-11-11") in cal.open


def test_import_asks_before_writing(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, _out, err = run(capsys, "calendar", "import", str(ICS), "--id", "x-2026")
    assert code == 2 and "add --yes to write the calendar (nothing was written)" in err
    assert Workspace(data_dir).calendars.get("x-2026") is None
    assert Store(data_dir).ids() == []


@pytest.mark.parametrize(
    "title, message",
    [
        ("Hartford\x1b[2J 2026-27", "--title contains a control character"),
        ("Hartford\u202e 2026-27", "--title contains a control character"),
        ("Hartford\n2026-27", "--title contains a control character or a line break"),
        ("H" * 121, "--title is 121 characters long; at most 120"),
        ("Hartford \udce9", "--title: not UTF-8 text"),
    ],
)
def test_a_title_is_refused_at_input(
    capsys: pytest.CaptureFixture[str], data_dir: Path, title: str, message: str
) -> None:
    """Issue 21 item 15: a title with control characters made a calendar later reported broken."""
    argv = ["calendar", "import", str(ICS), "--id", "x-2026", "--title", title, "--yes"]
    code, out, err = run(capsys, *argv)
    assert code == 2 and message in err and out == ""
    assert "\x1b" not in err and "\u202e" not in err
    assert Workspace(data_dir).calendars.get("x-2026") is None


def test_a_title_at_the_limit_is_kept(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    title = "Hartford Public Schools, 2026-27 " + "x" * 87
    code, _, err = run(
        capsys, "calendar", "import", str(ICS), "--id", "x-2026", "--title", title, "--yes"
    )
    assert code == 0, err
    cal = Workspace(data_dir).calendars.get("x-2026")
    assert cal is not None and cal.title == title and not Workspace(data_dir).calendars.broken


def test_import_lists_every_ignored_event_wrapped_between_words(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 23 item 15: every event left out is listed with why (not the first 60), and a
    line too long for the terminal breaks between words, never inside a date."""
    from datetime import timedelta

    from iepcheck.reports.words import day_text

    from ..hardening.ics_corpus import calendar, event

    days = [date(2026, 9, 1) + timedelta(days=n) for n in range(75)]
    events = [
        event(f"e{n}", f"{day:%Y%m%d}", summary=f"Board of Education Budget Workshop {n}")
        for n, day in enumerate(days)
    ]
    source = tmp_path / "district.ics"
    first, last = (
        event("f", "20260827", summary="First Day of School"),
        event("l", "20270615", summary="Last Day of School"),
    )
    source.write_bytes(calendar(first, *events, last))
    monkeypatch.setenv("COLUMNS", "50")
    code, out, err = run(capsys, "calendar", "import", str(source), "--id", "d-2026", "--yes")
    assert code == 0, err
    assert "Ignored (75):" in out and "more" not in out
    lines = [line for line in out.splitlines() if not line.startswith("wrote ")]
    assert all(len(line) <= 49 for line in lines), [line for line in lines if len(line) > 49]
    for n, day in enumerate(days):
        # The date whole on one line, the title's words in order (wrapped or not).
        assert any(line.startswith(f"  {day_text(day)}  Board") for line in lines), day
        assert f"Workshop {n}  (not a closure)" in " ".join(line.strip() for line in lines)
