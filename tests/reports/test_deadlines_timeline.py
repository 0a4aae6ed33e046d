"""On time or late by the rule that sets the date, and one timeline in date order."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from iepcheck.calendar.schooldays import ClosedRange, SchoolCalendar
from iepcheck.records.model import Child, ItemCopy, LogEntry, Meeting, Template
from iepcheck.records.record import Communication, Document
from iepcheck.reports.deadlines import verdicts
from iepcheck.reports.timeline import entries, render, select

from ..helpers import at, checklist_text, make_checklist

D = date.fromisoformat
# A closed week (Thanksgiving week, the child's district) and the state's holidays.
CAL = SchoolCalendar([ClosedRange(D("2026-11-23"), D("2026-11-27"), "Thanksgiving week")])
PPT = Meeting("m1", D("2026-12-04"), "Annual review")


def _doc(kind: str, received: str, **kw: object) -> Document:
    return Document("d1", kind, D(received), at(received), **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "doc, expected",
    [
        # The notice: 5 school days before Fri 4 Dec = Mon 30 Nov (the closed week skipped:
        # Dec 3, 2, 1, Nov 30, then back past 23-27 Nov to Fri 20 Nov).
        (_doc("notice", "2026-11-20"), [("on time", D("2026-11-20"), 0)]),
        (_doc("notice", "2026-11-30"), [("late", D("2026-11-20"), 1)]),
        # The IEP copy: 5 school days after 4 Dec = Fri 11 Dec; received Tue 15 Dec: 2 late.
        (_doc("iep", "2026-12-15"), [("late", D("2026-12-11"), 2)]),
        # Records asked for Mon 9 Nov: 10 school days, skipping Veterans' Day (Wed 11) and the
        # closed week: Nov 10, 12, 13, 16, 17, 18, 19, 20, 30, then Tue 1 Dec; received Thu 3
        # Dec, 2 school days late; and before the meeting on the 4th, on time.
        (
            _doc("records", "2026-12-03", requested=D("2026-11-09")),
            [("late", D("2026-12-01"), 2), ("on time", D("2026-12-03"), 0)],
        ),
        # Evaluation results asked for: 3 school days before 4 Dec = Tue 1 Dec.
        (
            _doc("evaluation", "2026-12-02", requested=D("2026-11-16")),
            [("late", D("2026-12-01"), 1)],
        ),
        # A PWN dated Fri 20 Nov: the change takes effect 10 school days later (Nov 30 to Dec
        # 11, the closed week skipped): a date to decide by, never "late".
        (_doc("pwn", "2026-11-21", dated=D("2026-11-20")), [("decide by", D("2026-12-11"), 0)]),
        (_doc("consent-request", "2026-12-07"), [("decide by", D("2026-12-21"), 0)]),
        (_doc("progress-report", "2026-12-07"), []),
    ],
)
def test_each_rule_on_a_calendar_with_a_closed_week_and_a_holiday(
    doc: Document, expected: list[tuple[str, date, int]]
) -> None:
    meeting = PPT if doc.kind not in ("pwn", "consent-request") else None
    found = verdicts(doc, meeting, CAL)
    assert [(v.status, v.due, v.late_by) for v in found] == expected
    for v in found:
        assert v.source.url.startswith("http")


def test_the_referral_timeline_counts_45_school_days() -> None:
    (v,) = verdicts(_doc("iep", "2027-02-01", requested=D("2026-11-02")), None, CAL)
    assert v.due == CAL.add_school_days(D("2026-11-02"), 45)
    assert v.status == "late" and "45 school days" in v.rule


def _record() -> Child:
    """A record with about fifty dated things of every kind, added out of order."""
    child = Child("sam", "Sam Rivera", "504", "Elm Street Elementary", "Hartford")
    child.meetings = [
        Meeting("m1", D("2026-10-15"), "504 review", "504", notes="Extended time continues."),
        Meeting("m2", D("2026-12-04"), "PPT", "ppt"),
    ]
    checklist = make_checklist(
        checklist_text("ct-x", kind="ongoing", items=[("log", "Log"), ("a", "A"), ("b", "B")])
    )
    run = child.attach(Template.of(checklist, "bundled"), "r1", D("2026-09-01"))
    start = D("2026-09-07")
    for n in range(20):
        day = start + timedelta(days=3 * n)
        run.add_log(
            "log",
            LogEntry(f"l{n}", day, f"Missed {n}", datetime(2026, 12, 1, 9, n), "Math", "Ms. O"),
        )
        child.communications.append(
            Communication(f"c{n}", day, f"Talk {n}", datetime(2026, 12, 1, 10, n), "Lee", "email")
        )
    for n, kind in enumerate(["notice", "iep", "pwn", "records", "other"]):
        child.documents.append(
            _doc(kind, f"2026-11-{10 + 3 * n:02d}", meeting="m2", requested=D("2026-11-02"))
        )
    run.tick("a", at("2026-10-02"))
    run.skip("b", at("2026-10-03"), "not in this plan")
    return child


def test_fifty_entries_in_date_order_and_filters() -> None:
    child = _record()
    found = entries(child)
    assert len(found) >= 49
    days = [e.day for e in found]
    assert days == sorted(days)
    same_day = [e for e in found if e.day == D("2026-09-07")]
    assert [e.kind for e in same_day] == ["missed", "log"]  # in the order they were written
    missed = select(found, None, None, "missed")
    assert len(missed) == 20 and all("Told Ms. O" in e.text for e in missed)
    assert [e.kind for e in select(found, D("2026-10-15"), D("2026-10-15"), None)] == ["meeting"]
    meeting = select(found, None, None, "meetings")[0]
    assert "What was agreed: Extended time continues." in meeting.text
    docs = select(found, None, None, "docs")
    assert len(docs) == 5
    records = next(d for d in docs if "education records" in d.text)
    assert "Late by 2 school days (10 school days after the written request)" in records.text


def test_the_html_timeline_is_one_escaped_page() -> None:
    child = _record()
    child.communications.append(
        Communication("cx", D("2026-11-30"), "<script>alert(1)</script>", at("2026-11-30"))
    )
    page = render(child, "html", today=D("2026-12-07"), only=None)
    assert page.startswith("<!DOCTYPE html>") and "<script>" not in page
    assert "&lt;script&gt;" in page and "http" not in page.split("<body>")[0]
    assert "<title>Sam Rivera: timeline</title>" in page
    assert "<dt>Period</dt><dd>Mon 7 Sep 2026 to" in page


def test_a_504_meeting_has_no_ppt_timeline() -> None:
    meeting = Meeting("m9", D("2026-12-04"), "504 review", "504")
    assert verdicts(_doc("notice", "2026-12-03"), meeting, CAL) == []
    assert verdicts(_doc("iep", "2026-12-30"), meeting, CAL) == []


def test_a_missed_accommodation_is_named_in_the_timeline_and_the_report() -> None:
    """Logged on the accommodation the parent added: the timeline and `--only missed` name it
    (the same words the grievance letter's {missed_list} uses)."""
    from iepcheck.reports.timeline import render

    child = Child("sam", "Sam Rivera", "504")
    checklist = make_checklist(
        """format = 1
id = "ct-x"
version = 1
title = "Monitoring"
kind = "ongoing"

[[sections]]
title = "Each accommodation in the plan"
user_items = true
"""
    )
    run = child.attach(Template.of(checklist, "bundled"), "r1", D("2026-09-01"))
    run.add_own_item(0, ItemCopy("own-1", "Extended time (1.5x) on tests", own=True))
    entry = LogEntry("l1", D("2026-11-03"), "No extra time", at("2026-11-03"), "Math", "Mr. O")
    run.add_log("own-1", entry)
    (missed,) = select(entries(child), None, None, "missed")
    assert missed.text == (
        "Not provided: Extended time (1.5x) on tests (Math) — No extra time. Told Mr. O."
    )
    report = render(child, "txt", only="missed", today=D("2026-11-28"))
    assert "Extended time (1.5x) on tests (Math) — No extra time" in report


def test_the_pads_lines_follow_their_meeting_with_their_times_in_the_timeline_and_export() -> None:
    from iepcheck.records.model import NoteLine
    from iepcheck.reports.export import render as export_render

    child = _record()
    review = child.meetings[0]
    review.add_line(NoteLine("n1", at("2026-10-15", 15).replace(minute=5), "Reader for tests"))
    review.add_line(NoteLine("n2", at("2026-10-16", 9), "Sent the summary \x1b[31m"))
    found = select(entries(child), D("2026-10-15"), D("2026-10-15"), "meetings")
    assert [e.text for e in found] == [
        "504 review (504 meeting). What was agreed: Extended time continues.",
        "504 review, noted 15:05: Reader for tests",
        # Typed another day: the day is said; control characters never reach a page.
        "504 review, noted 2026-10-16 09:00: Sent the summary \ufffd[31m",
    ]
    text = export_render(child, D("2026-12-07"), "txt")
    block = text.split("504 review (504 meeting)")[1]
    assert "Notes during the meeting:\n  15:05 Reader for tests\n" in block
