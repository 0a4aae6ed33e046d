"""What the plan makes visible, on a fixed school calendar: a review or reevaluation due with
and without a meeting (counted in school days, urgent within 30), the no-progress-twice flag,
a progress report not recorded, the weeks each entry was provided, and two plans compared."""

from __future__ import annotations

import dataclasses
from datetime import date

from iepcheck.calendar.schooldays import ClosedRange
from iepcheck.records import operations as ops
from iepcheck.records.model import Child, Meeting, Template
from iepcheck.records.plans import Accommodation, Goal, GoalReport, Plan, Service
from iepcheck.records.record import Document
from iepcheck.reports.brief import brief_text
from iepcheck.reports.plan import compare, due_within, goal_chart, plan_status, provided_weeks
from iepcheck.reports.status_text import Paint, plan_lines

from ..helpers import at, checklist_text, make_checklist

D = date.fromisoformat
# The school year 2026-27 with its breaks: school days are known, never estimated.
BREAKS = (
    ClosedRange(D("2026-11-25"), D("2026-11-27"), "Thanksgiving"),
    ClosedRange(D("2026-12-24"), D("2027-01-01"), "Winter break"),
    ClosedRange(D("2027-02-15"), D("2027-02-19"), "February break"),
)
TODAY = D("2026-11-30")  # a Monday


def child_with(plan: Plan, *meetings: Meeting) -> Child:
    child = Child("maya", "Maya", plan.kind)
    child.closed = list(BREAKS)
    child.meetings = list(meetings)
    ops.AddPlan(plan).apply(child)
    return child


def iep(**fields: object) -> Plan:
    return dataclasses.replace(Plan("p1", "iep", "current", at("2026-01-12")), **fields)


def dates(child: Child, today: date = TODAY, days: int = 60) -> dict[str, dict]:
    status = plan_status(child, today, days)
    assert status is not None
    return {d["what"]: d for d in status["dates"]}


# -- dates with and without a meeting --------------------------------------------------------------


def test_an_annual_review_due_with_no_meeting_set_counts_school_days_and_is_urgent() -> None:
    child = child_with(iep(annual_review_by=D("2027-01-11"), reevaluation_by=D("2029-11-20")))
    review = dates(child)["annual-review"]
    # 30 Nov to 11 Jan: 20 school days in December before the break, and 6 in January.
    assert (review["days_left"], review["school_days_left"], review["estimated"]) == (42, 23, False)
    assert review["in_look_ahead"] and not review["meeting_set"]
    assert review["urgent"] and not review["overdue"]  # within 30 school days
    status = plan_status(child, TODAY)
    assert status["no_meeting_set"] is True
    # The reevaluation, three years out, is outside the look-ahead: nothing said about it.
    assert not dates(child)["reevaluation"]["in_look_ahead"]
    # Further away than 30 school days: shown, not yet urgent.
    far = dates(child, D("2026-11-02"), 90)["annual-review"]
    assert far["school_days_left"] > 30 and far["in_look_ahead"] and not far["urgent"]


def test_a_meeting_set_before_the_date_silences_it() -> None:
    ppt = Meeting("m1", D("2027-01-06"), "Annual review", "ppt")
    child = child_with(iep(annual_review_by=D("2027-01-11")), ppt)
    review = dates(child)["annual-review"]
    assert review["meeting_set"] and not review["urgent"]
    assert plan_status(child, TODAY)["no_meeting_set"] is False
    # A 504 meeting is not an IEP's annual review; a meeting after the date is not in time.
    for other in (
        Meeting("m1", D("2027-01-06"), "504", "504"),
        Meeting("m1", D("2027-01-12"), "PPT", "ppt"),
    ):
        assert not dates(child_with(iep(annual_review_by=D("2027-01-11")), other))["annual-review"][
            "meeting_set"
        ]


def test_a_reevaluation_past_its_date_with_no_meeting_is_overdue() -> None:
    child = child_with(iep(reevaluation_by=D("2026-11-20")))
    reeval = dates(child)["reevaluation"]
    assert reeval["overdue"] and reeval["days_left"] == -10
    lines = plan_lines({"id": "maya", "current_plan": plan_status(child, TODAY)}, Paint(False))
    assert "OVERDUE" in lines[1] and "reevaluation was due Fri 20 Nov 2026" in lines[1]
    assert "no meeting set" in lines[1]


def test_a_504_plans_review_is_a_planned_one_never_a_deadline() -> None:
    plan = dataclasses.replace(iep(annual_review_by=D("2026-12-15")), kind="504")
    child = child_with(plan)
    review = dates(child)["annual-review"]
    assert review["legal"] is False and not review["urgent"] and not review["overdue"]
    assert review["in_look_ahead"] and not review["meeting_set"]
    line = plan_lines({"id": "maya", "current_plan": plan_status(child, TODAY)}, Paint(False))[1]
    assert "planned review" in line and "DUE" not in line and "OVERDUE" not in line
    (due,) = due_within(child, TODAY, 60)
    assert (due.words, due.legal, due.urgent) == ("planned review", False, False)


# -- no progress twice -----------------------------------------------------------------------------


def _goal(*statuses: str) -> Goal:
    reports = tuple(
        GoalReport(f"r{n}", D(day), status, at(day))
        for n, (day, status) in enumerate(
            zip(("2026-02-06", "2026-04-10", "2026-06-12", "2026-11-06"), statuses, strict=False)
        )
    )
    return Goal("g1", "Reads 90 wcpm", at("2026-01-12"), reports=reports)


def test_two_reports_in_a_row_at_no_or_limited_progress_flag_the_goal() -> None:
    for statuses, flagged in (
        (("satisfactory", "limited", "no-progress"), True),
        (("limited", "limited"), True),
        (("no-progress", "satisfactory", "limited"), False),  # a Satisfactory in between
        (("limited", "no-progress", "satisfactory"), False),  # progress since
        (("limited",), False),  # one report is not two
        (("not-introduced", "no-progress"), False),
    ):
        child = child_with(iep(goals=(_goal(*statuses),)))
        (goal,) = plan_status(child, TODAY)["goals"]
        assert (goal["flag"] == "no-progress-twice") is flagged, statuses
        assert bool(goal_chart(child, child.current_plan().goals[0]).flag) is flagged


def test_the_flag_follows_a_goal_copied_into_a_new_plan_as_written_not_a_rewritten_one() -> None:
    old = iep(state="previous", goals=(_goal("limited", "no-progress"),))
    copied = Goal("g2", "Reads 90 wcpm", at("2027-01-12"), link="g1")
    child = child_with(old)
    ops.AddPlan(Plan("p2", "iep", "current", at("2027-01-12"), goals=(copied,), link="p1")).apply(
        child
    )
    assert plan_status(child, TODAY)["goals"][0]["flag"] == "no-progress-twice"
    # The chart spans both plans.
    assert len(goal_chart(child, child.current_plan().goals[0]).points) == 2
    rewritten = dataclasses.replace(copied, text="Reads 80 wcpm with support")
    child.plans[-1] = dataclasses.replace(child.plans[-1], goals=(rewritten,))
    assert plan_status(child, TODAY)["goals"][0]["flag"] == ""


def test_a_recent_flag_is_in_the_brief() -> None:
    child = child_with(iep(goals=(_goal("limited", "limited", "no-progress"),)))
    status = plan_status(child, D("2026-06-20"))  # a week after the report that raised it
    data = {"children": [{"name": "Maya", "meetings": [], "current_plan": status}]}
    assert brief_text(data) == "Maya: 1 goal with no progress twice\n"
    status = plan_status(child, D("2026-09-01"))  # long after the report: no longer news
    data["children"][0]["current_plan"] = status
    assert brief_text(data) == ""


# -- a progress report not recorded -------------------------------------------------------------


def test_a_progress_report_not_recorded_within_10_school_days_of_its_date() -> None:
    child = child_with(iep(report_dates=(D("2026-11-06"),), goals=(_goal("satisfactory"),)))
    # 10 school days after Fri 6 Nov (Veterans Day, a Connecticut holiday, not counted):
    # Mon 23 Nov. Not recorded by then, it is said the day after.
    assert plan_status(child, D("2026-11-23"))["missing_reports"] == []
    (missing,) = plan_status(child, D("2026-11-24"))["missing_reports"]
    assert (missing["due"], missing["until"]) == ("2026-11-06", "2026-11-23")
    (late,) = due_within(child, D("2026-11-24"), 60)
    assert (late.what, late.due, late.urgent) == ("progress-report", D("2026-11-06"), True)
    # Before its date, the report is one of the dates ahead (for an agenda), not late.
    (ahead,) = due_within(child, D("2026-10-30"), 60)
    assert (ahead.due, ahead.urgent, ahead.school_days_left) == (D("2026-11-06"), False, 5)
    # A goal report near the date records it; so does a progress-report document.
    with_report = dataclasses.replace(
        child.current_plan().goals[0],
        reports=(GoalReport("r9", D("2026-11-12"), "limited", at("2026-11-12")),),
    )
    child.plans[0] = dataclasses.replace(child.plans[0], goals=(with_report,))
    assert plan_status(child, D("2026-11-24"))["missing_reports"] == []
    child.plans[0] = dataclasses.replace(child.plans[0], goals=())
    child.documents = [Document("d1", "progress-report", D("2026-11-16"), at("2026-11-16"))]
    assert plan_status(child, D("2026-11-24"))["missing_reports"] == []


# -- weeks provided --------------------------------------------------------------------------------


def test_weeks_provided_from_the_monitoring_checklist() -> None:
    from iepcheck.records.model import LogEntry

    monitoring = Template.of(
        make_checklist(
            checklist_text("ct-m", 1, kind="ongoing", items=[("w", "Weekly")])
            + '\n[[sections]]\ntitle = "Services"\nrepeat = "weekly"\nfrom_plan = "services"\n'
        ),
        "bundled",
    )
    speech = Service("s1", "Speech", 60, "week", at("2026-10-01"))
    child = child_with(iep(services=(speech,)))
    ops.StartRun(ops.RunSeed("r1", monitoring, D("2026-10-19"))).apply(child)
    for day in ("2026-10-21", "2026-10-28", "2026-11-18"):
        ops.Tick("r1", "plan-s1", at(day), D(day)).apply(child)
    missed = LogEntry("l1", D("2026-11-10"), "No session: 30 min missed", at("2026-11-10"))
    ops.AddLog("r1", "plan-s1", missed).apply(child)
    (row,) = provided_weeks(child, TODAY, 8)
    states = [w.state for w in row.weeks]
    # Before 19 Oct nobody was checking; the week of 23 Nov had school on Mon and Tue; this
    # week is not over (not counted until checked).
    assert states == [
        "not-watched",
        "provided",
        "provided",
        "unchecked",
        "missed",
        "provided",
        "unchecked",
        "this-week",
    ]
    assert row.summary() == "provided in 3 of 6 weeks (1 missed, 2 not checked)"
    assert row.minutes() == (210.0, 240.0)  # 30 of the 60 minutes given the week of the miss


# -- two plans -------------------------------------------------------------------------------------


def test_compare_finds_a_cut_in_minutes_a_removed_accommodation_and_a_dropped_goal() -> None:
    speech = Service("s1", "Speech", 90, "week", at("2026-01-12"), where="resource room")
    ot = Service("s2", "OT", 4, "month", at("2026-01-12"))
    old = Plan(
        "p1",
        "iep",
        "previous",
        at("2026-01-12"),
        services=(speech, ot),
        accommodations=(
            Accommodation("a1", "Extended time", at("2026-01-12")),
            Accommodation("a2", "Notes", at("2026-01-12")),
        ),
        goals=(Goal("g1", "Reads", at("2026-01-12")), Goal("g2", "Writes", at("2026-01-12"))),
        peers_hours=25,
    )
    new = Plan(
        "p2",
        "iep",
        "current",
        at("2027-01-12"),
        # Speech copied (linked), now 2 x 25 minutes; OT, typed again, is a cycle: matched by
        # name, and 6 minutes every 6 school days is 5 a week (4 a month was about 0.9).
        services=(
            Service("s3", "Speech", 50, "week", at("2027-01-12"), where="classroom", link="s1"),
            Service("s4", "ot", 6, "cycle", at("2027-01-12"), cycle_days=6),
        ),
        accommodations=(Accommodation("a3", "extended  time", at("2027-01-12")),),
        goals=(Goal("g3", "Reads", at("2027-01-12"), link="g1"),),
        peers_hours=20,
    )
    found = {(d.kind, d.change, d.name) for d in compare(old, new)}
    assert found == {
        ("service", "cut", "Speech"),
        ("service", "setting", "Speech"),
        ("service", "raised", "ot"),
        ("peers", "cut", "time with non-disabled peers"),
        ("accommodation", "removed", "Notes"),
        ("goal", "removed", "Writes"),
    }
    cut = next(d for d in compare(old, new) if d.change == "cut" and d.kind == "service")
    assert cut.line() == "Speech: cut from 90 to 50 min a week"
    assert cut.is_cut


def test_the_missed_list_names_the_plans_service() -> None:
    from iepcheck.records.model import LogEntry
    from iepcheck.reports.letters import missed_list

    monitoring = Template.of(
        make_checklist(
            checklist_text("ct-m", 1, kind="ongoing", items=[("w", "Weekly")])
            + '\n[[sections]]\ntitle = "Services"\nrepeat = "weekly"\nfrom_plan = "services"\n'
        ),
        "bundled",
    )
    speech = Service("s1", "Speech", 60, "week", at("2026-10-01"))
    child = child_with(iep(services=(speech,)))
    ops.StartRun(ops.RunSeed("r1", monitoring, D("2026-10-19"))).apply(child)
    missed = LogEntry("l1", D("2026-11-10"), "No session: 30 min missed", at("2026-11-10"))
    ops.AddLog("r1", "plan-s1", missed).apply(child)
    assert missed_list(child) == (
        "- November 10, 2026: Speech: 60 min a week — No session: 30 min missed"
    )
