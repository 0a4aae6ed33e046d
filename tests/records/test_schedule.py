"""School days, due dates, repeats, totals and which meetings are still active."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from iepcheck.calendar import holidays
from iepcheck.calendar.holidays import ct_holidays
from iepcheck.calendar.schooldays import ClosedRange, SchoolCalendar, add_months, school_year
from iepcheck.records.model import Child
from iepcheck.records.schedule import summarize, summarize_child, summarize_meeting

from ..helpers import at, attach, checklist_text, make_checklist, meet

D = date.fromisoformat


def cal(*closed: tuple[str, str]) -> SchoolCalendar:
    return SchoolCalendar([ClosedRange(D(a), D(b)) for a, b in closed])


def test_connecticut_holidays_come_from_the_holidays_package() -> None:
    days = ct_holidays(2027)
    assert D("2027-02-12") in days  # Lincoln's Birthday: a Connecticut holiday
    assert D("2027-03-26") in days  # Good Friday
    assert D("2027-11-25") in days  # Thanksgiving
    assert D("2027-02-11") not in days


def test_holiday_dates_are_cached_for_the_next_process(isolated_env: Path) -> None:
    ct_holidays(2031)
    holidays._HOLIDAYS.clear()
    cache = list((isolated_env / "home" / "cache" / "iepcheck").glob("holidays-ct-*.json"))
    assert cache and "2031" in cache[0].read_text()
    assert D("2031-11-27") in ct_holidays(2031)  # read back from the cache


def test_school_days_skip_weekends() -> None:
    c = cal()
    # Thu 10 Dec 2026: 5 school days before is Thu 3 Dec (no holiday between).
    assert c.add_school_days(D("2026-12-10"), -5) == D("2026-12-03")
    # Fri 4 Dec + 1 school day is Mon 7 Dec.
    assert c.add_school_days(D("2026-12-04"), 1) == D("2026-12-07")
    assert c.add_school_days(D("2026-12-04"), 0) == D("2026-12-04")


def test_school_days_skip_ct_holidays() -> None:
    # Thanksgiving Thu 26 Nov 2026: Mon 30 Nov minus 3 school days = Mon 23 Nov, not Tue 24.
    assert cal().add_school_days(D("2026-11-30"), -3) == D("2026-11-24")
    assert cal().add_school_days(D("2026-11-30"), -4) == D("2026-11-23")
    # Lincoln's Birthday Fri 12 Feb 2027: Thu 11 + 1 school day = Tue 16
    # (Mon 15 is Washington's Birthday).
    assert cal().add_school_days(D("2027-02-11"), 1) == D("2027-02-16")


def test_school_days_skip_closed_ranges() -> None:
    winter = cal(("2026-12-24", "2027-01-01"))
    # Wed 23 Dec + 1 school day: the break and the weekend pass, Mon 4 Jan 2027.
    assert winter.add_school_days(D("2026-12-23"), 1) == D("2027-01-04")
    assert winter.school_days_between(D("2026-12-21"), D("2027-01-05")) == 4


def test_estimated_until_the_school_year_has_closed_dates() -> None:
    c = cal(("2026-12-24", "2027-01-01"))
    assert c.known(D("2026-09-10")) and c.known(D("2027-06-01"))
    assert not c.known(D("2027-09-10"))  # next school year: nothing entered yet
    assert school_year(D("2027-06-30")) == 2026 and school_year(D("2027-07-01")) == 2027


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(D("2026-01-31"), 1) == D("2026-02-28")
    assert add_months(D("2026-12-15"), 2) == D("2027-02-15")


MEETING_LIST = (
    checklist_text(
        "m",
        items=[("notice", "Notice"), ("records", "Records"), ("copy", "Copy"), ("sign", "Sign")],
    )
    .replace(
        'id = "notice"\ntext = "Notice"\n',
        'id = "notice"\ntext = "Notice"\ndue = "5 school days before"\n',
    )
    .replace(
        'id = "records"\ntext = "Records"\n',
        'id = "records"\ntext = "Records"\ndue = "2 weeks before"\n',
    )
    .replace(
        'id = "copy"\ntext = "Copy"\n', 'id = "copy"\ntext = "Copy"\ndue = "5 school days after"\n'
    )
)


def meeting_child(meeting_day: str) -> tuple[Child, str]:
    child = Child("sam", "Sam")
    meeting = meet(child, D(meeting_day), "Annual review")
    attach(child, make_checklist(MEETING_LIST), D("2026-11-01"), meeting.id)
    return child, meeting.id


def test_meeting_summary_counts_and_lists() -> None:
    child, mid = meeting_child("2026-12-10")
    run = child.runs[0]
    run.skip("sign", at("2026-11-20"), "not needed")
    today = D("2026-11-28")
    summary = summarize_meeting(child, child.meeting(mid), cal(), today)
    assert (summary.days_left, summary.school_days_left) == (12, 8)
    assert summary.counts() == (0, 1, 3)  # the skipped item leaves the total
    assert [v.id for _, v in summary.views("overdue")] == ["records"]  # due 26 Nov
    assert [v.id for _, v in summary.views("due_soon")] == ["notice"]  # due 3 Dec
    assert [v.id for _, v in summary.views("remaining")] == ["notice", "records", "copy"]
    assert summary.estimated  # no closed dates entered
    run.tick("records", at("2026-11-28"))
    summary = summarize_meeting(child, child.meeting(mid), cal(), today)
    assert summary.counts() == (1, 1, 3)
    assert not summary.views("overdue")


def test_past_meeting_stays_active_until_after_items_settle() -> None:
    child, mid = meeting_child("2026-11-02")
    meeting = child.meeting(mid)
    # copy is due 5 school days after Mon 2 Nov: Mon 9 Nov.
    assert summarize_meeting(child, meeting, cal(), D("2026-11-28")).active
    assert summarize_meeting(child, meeting, cal(), D("2026-12-09")).active  # 30 days overdue
    assert not summarize_meeting(child, meeting, cal(), D("2026-12-10")).active  # 31 days
    child.runs[0].tick("copy", at("2026-11-10"))
    assert not summarize_meeting(child, meeting, cal(), D("2026-11-28")).active


def test_status_shows_meetings_in_range_and_active_past_ones() -> None:
    child, _ = meeting_child("2026-11-02")
    meet(child, D("2026-12-10"), "Soon")
    meet(child, D("2027-03-01"), "Far")
    summary = summarize_child(child, D("2026-11-28"), days=60)
    assert [m.meeting.title for m in summary.meetings] == ["Annual review", "Soon"]
    summary = summarize_child(child, D("2026-11-28"), days=120)
    assert [m.meeting.title for m in summary.meetings][-1] == "Far"


PROCESS_LIST = checklist_text(
    "p", kind="process", items=[("req", "Request"), ("eval", "Eval")]
).replace(
    'id = "eval"\ntext = "Eval"\n', 'id = "eval"\ntext = "Eval"\ndue = "45 school days after req"\n'
)


def test_due_after_item_counts_from_its_tick() -> None:
    child = Child("sam", "Sam")
    run = attach(child, make_checklist(PROCESS_LIST), D("2026-09-01"))
    today = D("2026-11-28")
    summary = summarize(run, child, cal(), today)
    assert summary.items[1].due is None  # not yet requested
    run.tick("req", at("2026-09-14"))
    summary = summarize(run, child, cal(), today)
    # 45 school days after Mon 14 Sep 2026: 4 that week, 5 a week to Fri 9 Oct (19), 4 in
    # Columbus Day's week (23), 5 a week to Fri 6 Nov (38), 4 in Veterans Day's week (42),
    # then Mon 16, Tue 17, Wed 18 Nov (45).
    assert summary.items[1].due == D("2026-11-18")
    assert summary.items[1].overdue and summary.items[1].estimated


REPEAT_LIST = checklist_text("r", kind="ongoing", items=[("weekly", "Check")]).replace(
    'text = "Check"\n', 'text = "Check"\nrepeat = "weekly"\n'
)


def test_repeat_item_opens_again_one_period_after_its_tick() -> None:
    child = Child("sam", "Sam")
    run = attach(child, make_checklist(REPEAT_LIST), D("2026-11-01"))
    run.tick("weekly", at("2026-11-16"))
    view = summarize(run, child, cal(), D("2026-11-20")).items[0]
    assert (view.state, view.again) == ("done", D("2026-11-23"))
    view = summarize(run, child, cal(), D("2026-11-28")).items[0]
    assert (view.state, view.due, view.overdue) == ("open", D("2026-11-23"), True)
    run.tick("weekly", at("2026-11-28"))
    assert [c.at for c in run.items["weekly"].completions] == [at("2026-11-16"), at("2026-11-28")]
    view = summarize(run, child, cal(), D("2026-11-28")).items[0]
    assert view.state == "done" and view.again == D("2026-12-05")
    run.untick("weekly")  # takes back only the last tick
    assert [c.at for c in run.items["weekly"].completions] == [at("2026-11-16")]
    assert run.items["weekly"].state == "done"


def test_guide_counts_signs_not_progress_and_stays_out_of_totals() -> None:
    guide = make_checklist(
        checklist_text("g", kind="guide", items=[("a", "A"), ("b", "B"), ("c", "C")])
        .replace('text = "A"\n', 'text = "A"\nleans = "IEP"\n')
        .replace('text = "B"\n', 'text = "B"\nleans = "IEP"\n')
        .replace('text = "C"\n', 'text = "C"\nleans = "504"\n')
    )
    child, mid = meeting_child("2026-12-10")
    run = attach(child, guide, D("2026-11-01"), mid)
    run.tick("a", at("2026-11-02"))
    summary = summarize_meeting(child, child.meeting(mid), cal(), D("2026-11-28"))
    assert summary.counts() == (0, 0, 4)
    guide_summary = next(r for r in summary.runs if r.run.kind == "guide")
    assert guide_summary.tally() == {"IEP": (1, 2), "504": (0, 1)}


@pytest.mark.parametrize("closed", [("2026-01-01", "2036-01-01")])
def test_absurd_closed_range_does_not_hang(closed: tuple[str, str]) -> None:
    c = cal(closed)
    c.add_school_days(D("2026-06-01"), 5)  # returns, whatever it finds


def test_calendar_day_lead_times_fall_on_school_days() -> None:
    from iepcheck.calendar.schooldays import shift

    c = cal(("2026-12-24", "2027-01-01"))
    # Two weeks before Thu 10 Dec is Thanksgiving (Thu 26 Nov): the school day before it.
    assert shift(D("2026-12-10"), -2, "weeks", c)[0] == D("2026-11-25")
    # One week after Thu 24 Dec is in the winter break: the first day back.
    assert shift(D("2026-12-24"), 1, "weeks", c)[0] == D("2027-01-04")
    # "At the meeting" stays on the meeting's day.
    assert shift(D("2026-12-12"), 0, "days", c)[0] == D("2026-12-12")
