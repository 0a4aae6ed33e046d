"""Dates counted from the child's birth date, and what a log counts this school year: the school
days it covers, or its incidents."""

from __future__ import annotations

from datetime import date

from iepcheck.calendar.schooldays import ClosedRange, SchoolCalendar
from iepcheck.records.model import Child, LogEntry, Template
from iepcheck.records.schedule import (
    birthday,
    days_this_school_year,
    incidents_this_school_year,
    summarize,
)
from iepcheck.reports.words import tally_count_text

from ..helpers import at, make_checklist

D = date.fromisoformat
LIST = make_checklist(
    'format = 1\nid = "ct-x"\nversion = 1\ntitle = "X"\nkind = "process"\n'
    '[[sections]]\ntitle = "S"\n'
    '[[sections.items]]\nid = "conference"\ntext = "Transition conference"\n'
    'due = "90 days before age 3"\n'
    '[[sections.items]]\nid = "plan14"\ntext = "Transition plan"\ndue = "at age 14"\n'
    '[[sections.items]]\nid = "removals"\ntext = "Log removals"\n'
    'tally = "school-days-this-year"\ntally_alert = 10\n'
    '[[sections.items]]\nid = "incidents"\ntext = "Log each restraint"\n'
    'tally = "incidents-this-year"\ntally_alert = 3\n'
)


def _child(born: date | None) -> Child:
    child = Child("sam", "Sam", "iep", born=born)
    child.attach(Template.of(LIST, "user"), "r1", D("2026-09-01"))
    return child


def test_age_dates_need_a_birth_date_and_say_why() -> None:
    child = _child(None)
    views = {
        v.id: v for v in summarize(child.runs[0], child, SchoolCalendar(), D("2026-11-28")).items
    }
    assert views["plan14"].due is None
    assert "add the child's birth date" in views["plan14"].undated
    child = _child(D("2024-03-15"))
    views = {
        v.id: v for v in summarize(child.runs[0], child, SchoolCalendar(), D("2026-11-28")).items
    }
    # 15 March 2027 minus 90 calendar days, not moved to a school day.
    assert views["conference"].due == D("2026-12-15")
    assert views["plan14"].due == D("2038-03-15") and views["plan14"].undated == ""


def test_a_leap_day_birthday() -> None:
    assert birthday(D("2012-02-29"), 14) == D("2026-02-28")


def _entry(n: int, first: str, last: str | None = None) -> LogEntry:
    return LogEntry(f"l{n}", D(first), "Suspended", at(first), until=D(last) if last else None)


def test_removal_days_count_school_days_of_this_school_year_only() -> None:
    # A closed week (the child's) and Veterans' Day (a Connecticut holiday) are not counted;
    # neither are days of the previous school year, or a day logged twice.
    cal = SchoolCalendar([ClosedRange(D("2026-11-23"), D("2026-11-27"), "Thanksgiving week")])
    log = [
        _entry(1, "2026-06-26", "2026-06-30"),  # the last school year (to 30 June): 0 here
        _entry(2, "2026-11-09", "2026-11-13"),  # Mon-Fri with Veterans' Day (Wed 11th): 4
        _entry(3, "2026-11-20", "2026-11-30"),  # Fri 20th, closed week, Mon 30th: 2
        _entry(4, "2026-11-30"),  # the 30th again: counted once
    ]
    assert days_this_school_year(log, cal, D("2026-12-01")) == 6
    # Next school year the count starts again.
    assert days_this_school_year(log, cal, D("2027-08-01")) == 0


def test_the_tally_shows_on_the_item_and_flags_the_tenth_day() -> None:
    child = _child(None)
    run = child.runs[0]
    run.add_log("removals", _entry(1, "2026-11-02", "2026-11-06"))
    view = {v.id: v for v in summarize(run, child, SchoolCalendar(), D("2026-12-01")).items}
    assert view["removals"].count == 5 and not view["removals"].alert
    run.add_log("removals", _entry(2, "2026-11-16", "2026-11-20"))
    view = {v.id: v for v in summarize(run, child, SchoolCalendar(), D("2026-12-01")).items}
    assert view["removals"].count == 10 and view["removals"].alert
    assert view["plan14"].count is None


def test_incidents_count_entries_of_this_school_year_weekends_and_repeats_included() -> None:
    # One entry is one incident: two on a day are two, a Saturday counts, a last day is not a
    # span of incidents, and June 30 belongs to the year before.
    log = [
        _entry(1, "2026-06-30"),
        _entry(2, "2026-11-09"),
        _entry(3, "2026-11-09"),
        _entry(4, "2026-11-14"),  # a Saturday (a weekend programme, say)
        _entry(5, "2026-11-16", "2026-11-20"),
    ]
    assert incidents_this_school_year(log, D("2026-12-01")) == 4
    assert incidents_this_school_year(log, D("2026-07-01")) == 4  # the whole school year
    assert incidents_this_school_year(log, D("2026-06-30")) == 1
    assert incidents_this_school_year(log, D("2027-07-01")) == 0


def test_the_incident_tally_shows_on_its_item_and_flags_its_alert() -> None:
    child = _child(None)
    run = child.runs[0]
    for n, day in enumerate(["2026-10-05", "2026-10-05"], start=1):
        run.add_log("incidents", _entry(n, day))
    view = {v.id: v for v in summarize(run, child, SchoolCalendar(), D("2026-12-01")).items}
    assert view["incidents"].count == 2 and not view["incidents"].alert
    run.add_log("incidents", _entry(3, "2026-11-30"))
    view = {v.id: v for v in summarize(run, child, SchoolCalendar(), D("2026-12-01")).items}
    assert view["incidents"].count == 3 and view["incidents"].alert
    assert view["removals"].count == 0  # the removal log is its own


def test_a_tally_reads_in_its_own_unit() -> None:
    assert tally_count_text("incidents-this-year", 1) == "1 incident"
    assert tally_count_text("incidents-this-year", 4) == "4 incidents"
    assert tally_count_text("school-days-this-year", 1) == "1 school day"
    assert tally_count_text("school-days-this-year", 10) == "10 school days"
