"""School calendar files: checked like checklists, and what they do to school-day counts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from iepcheck.calendar.files import calendar_from_bytes, scan_calendars
from iepcheck.calendar.schooldays import ClosedRange, SchoolCalendar
from iepcheck.records.model import Child
from iepcheck.records.schedule import calendar_for

D = date.fromisoformat
GOOD = b"""format = 1
id = "hartford-2026-27"
title = "Hartford Public Schools, 2026-27"
school_years = [{ first_day = 2026-08-27, last_day = 2027-06-15 }]
open = [2027-02-12]

[[closed]]
start = 2026-12-24
end = 2027-01-01
label = "Winter break"

[[closed]]
start = 2026-10-09
label = "Professional development"
"""


def test_a_good_calendar_file() -> None:
    result = calendar_from_bytes(GOOD, Path("h.calendar.toml"), strict=True)
    assert result.problems == () and result.calendar is not None
    cal = result.calendar
    assert cal.open == frozenset({D("2027-02-12")})
    assert [(c.start, c.end, c.label) for c in cal.closed] == [
        (D("2026-10-09"), D("2026-10-09"), "Professional development"),
        (D("2026-12-24"), D("2027-01-01"), "Winter break"),
    ]


@pytest.mark.parametrize(
    "change, expected",
    [
        (b'id = "Hartford 2026"', "2:6: error: the calendar needs an 'id'"),
        (b"open = [2027-02-12]", None),
        (b'open = ["2027-02-12"]', "2:9: error: an open day must be a date without quotes"),
        (b"open = [9999-02-12]", "2:9: error: an open day: 9999-02-12 is outside the years"),
        (b"format = 2", "2:10: error: this calendar uses format 2"),
        (b'colour = "red"', "warning: unknown key 'colour' is ignored"),
    ],
)
def test_problems_have_their_place(change: bytes, expected: str | None) -> None:
    key = change.split(b" ")[0]
    lines = [line for line in GOOD.split(b"\n") if not line.startswith(key + b" ")]
    lines.insert(1, change)  # the changed key on line 2
    result = calendar_from_bytes(b"\n".join(lines), Path("x.calendar.toml"))
    shown = [f"{p.line}:{p.col}: {p.severity}: {p.message}" for p in result.problems]
    if expected is None:
        assert shown == []
    else:
        assert any(expected in s for s in shown), shown


def test_a_closed_range_that_ends_before_it_starts() -> None:
    text = GOOD.replace(b"end = 2027-01-01", b"end = 2026-12-01")
    result = calendar_from_bytes(text, Path("x.calendar.toml"))
    assert result.calendar is None
    assert [str(p) for p in result.errors] == [
        "x.calendar.toml:7:1: error: a closed range ends after it starts, within a year"
    ]


def test_the_calendar_counts_summer_open_days_and_the_childs_own_days() -> None:
    shared = calendar_from_bytes(GOOD, Path("h.calendar.toml")).calendar
    child = Child("sam", "Sam", "504", calendar="hartford-2026-27")
    child.school_calendar = shared
    child.closed = [ClosedRange(D("2027-03-05"), D("2027-03-05"), "our own PD day")]
    cal = calendar_for(child)
    assert cal.is_school_day(D("2027-02-12"))  # Lincoln's Birthday, but the district is open
    assert not cal.is_school_day(D("2027-02-15"))  # Presidents' Day stays closed
    assert not cal.is_school_day(D("2026-08-26"))  # the day before the first day: summer
    assert not cal.is_school_day(D("2027-06-16"))  # after the last day
    assert not cal.is_school_day(D("2027-03-05"))  # the child's own closed day adds to it
    assert not cal.is_school_day(D("2026-10-09"))  # the file's one-day PD
    assert cal.known(D("2026-09-01")) and not cal.known(D("2027-09-01"))
    # Without the file: the summer and the open day are unknown, so plain weekdays count.
    child.school_calendar = None
    assert not calendar_for(child).is_school_day(D("2027-02-12"))
    assert SchoolCalendar().is_school_day(D("2026-08-26"))


def test_one_bad_calendar_file_never_stops_the_others(tmp_path: Path) -> None:
    data = tmp_path / "data"
    folder = data / "checklists"
    folder.mkdir(parents=True)
    (folder / "good.calendar.toml").write_bytes(GOOD)
    (folder / "bad.calendar.toml").write_bytes(b"format = 1\nid = [\n")
    (folder / "a-checklist.toml").write_text("not a calendar: never read as one")
    library = scan_calendars(data)
    assert list(library.found) == ["hartford-2026-27"]
    assert [r.path.name for r in library.broken] == ["bad.calendar.toml"]
