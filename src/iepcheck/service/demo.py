"""Sample data for ``iepcheck --demo``, the README screenshot and the screen tests.

Sam has a 504 plan being monitored (with log entries) and an annual-review PPT about two
weeks away, half prepared, with one item skipped and his records request sent as a letter;
Maya has an IEP whose services are monitored (a missed speech session logged), a PPT that has
passed with its after-meeting items still open, and letters signed by her own parent; her
IEP is in the record (three goals with four progress reports each, the reading goal stuck
twice; two services, checked week by week; the annual review due within 30 school days with
no meeting set) beside the previous IEP, which gave more speech minutes. The profile is Sam's
parent's. Built with the same operations a user makes.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from ..calendar.schooldays import ClosedRange
from ..clock import DEFAULT_ZONE, Clock, time_zone
from ..records import ids
from ..records.model import Child, Contact, ItemCopy, LogEntry, ParentDetails
from ..records.operations import (
    AddClosed,
    AddLog,
    AddMeeting,
    AddOwnItem,
    EditChild,
    EditMeeting,
    Operation,
    PutCommunication,
    PutDocument,
    RunSeed,
    SetDetails,
    SetNote,
    Skip,
    StartRun,
    Tick,
)
from ..records.record import Communication, Document
from ..records.schedule import calendar_for
from . import children, details, letters, meetings, plans
from .workspace import Workspace


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=time_zone(DEFAULT_ZONE))


def _school_day(child: Child, day: date, step: int) -> date:
    """``day``, or the nearest school day from it in the direction of ``step``."""
    cal = calendar_for(child)
    while not cal.is_school_day(day):
        day += timedelta(days=step)
    return day


def make_demo(data_dir: Path, today: date, workspace: Workspace | None = None) -> None:
    with ids.seeded(2026):
        _make(workspace or Workspace(data_dir, clock=Clock(today, now=lambda: _at(today, 10))))


def _make(ws: Workspace) -> None:
    today = ws.clock.today()
    details.set_profile(
        ws,
        {
            "name": "Ana Rivera",
            "address": "12 Elm Street, Hartford, CT 06106",
            "email": "ana.rivera@example.org",
            "phone": "860-555-0199",
        },
    )
    for needed in ("ct-ppt-prep", "ct-504-monitoring", "ct-504-or-iep", "ct-iep-monitoring"):
        ws.entry(needed)
    year = today.year if today.month >= 7 else today.year - 1

    sam = children.create(ws.store, "Sam Rivera", "504")
    ops: list[Operation] = [
        EditChild(
            school="Elm Street Elementary",
            district="Hartford Public Schools",
            contacts=(
                Contact("504 coordinator", "Dana Brooks", "dbrooks@example.org"),
                Contact("Case manager", "Lee Park", "lpark@example.org", "860-555-0142"),
                Contact("Special education director", "Dr. Ruth Alvarez", "ralvarez@example.org"),
                Contact("Principal", "Tom Nguyen", "tnguyen@example.org"),
            ),
        ),
        SetDetails(date(year - 9, 4, 17), "4", ParentDetails()),
        AddClosed(
            (
                ClosedRange(date(year, 12, 24), date(year + 1, 1, 1), "Winter break"),
                ClosedRange(date(year + 1, 2, 15), date(year + 1, 2, 19), "February break"),
            )
        ),
    ]
    for op in ops:
        ws.update(sam.id, op)
    sam_child = ws.store.load(sam.id)
    ppt = meetings.new_meeting(
        ws,
        sam_child,
        _school_day(sam_child, today + timedelta(days=12), 1),
        title="Annual review",
        kind="ppt",
        time="3:30pm",
        checklists=["ct-ppt-prep", "ct-504-or-iep"],
    )
    ws.update(sam.id, ppt)
    prep = ppt.runs[0].id
    ticks = [
        "check-notice",
        "confirm-attendance",
        "ask-for-records",
        "gather-documents",
        "invite-support-person",
        "collect-progress-data",
    ]
    for k, item in enumerate(ticks):
        ws.update(sam.id, Tick(prep, item, _at(today - timedelta(days=9 - k))))
    ws.update(
        sam.id,
        Skip(prep, "ask-initial-eval-results", _at(today - timedelta(days=8)), "annual review"),
    )
    ws.update(sam.id, SetNote(prep, "ask-for-records", "Emailed Ms. Park; she said by Friday."))

    (standing_id,) = ids.fresh_ids(ws.store.load(sam.id).taken_ids(), 1)
    seed = RunSeed(standing_id, ws.template("ct-504-monitoring"), today - timedelta(days=70))
    ws.update(sam.id, StartRun(seed))
    for item in ["get-signed-plan", "know-coordinator", "confirm-teachers-have-plan"]:
        ws.update(sam.id, Tick(standing_id, item, _at(today - timedelta(days=65))))
    section = next(n for n, s in enumerate(seed.template.sections) if s.user_items)
    repeat = seed.template.sections[section].repeat
    own = [
        ItemCopy(
            "own-ext1",
            "Extended time (1.5x) on tests",
            repeat=repeat,
            own=True,
            added=_at(today - timedelta(days=60)),
        ),
        ItemCopy(
            "own-seat",
            "Preferential seating near the teacher",
            repeat=repeat,
            own=True,
            added=_at(today - timedelta(days=60)),
        ),
    ]
    for item_copy in own:
        ws.update(sam.id, AddOwnItem(standing_id, section, item_copy))
    ws.update(sam.id, Tick(standing_id, "own-ext1", _at(today - timedelta(days=9))))
    ws.update(sam.id, Tick(standing_id, "ask-child-weekly", _at(today - timedelta(days=8))))
    # Logged on the accommodation missed (it is named in the timeline and letters), and on
    # the general item.
    for n, (item_id, days_ago, text, where, told) in enumerate(
        [
            ("own-ext1", 15, "Math quiz: no extended time.", "Math", "Mr. Ortiz"),
            (
                "log-missed-weekly",
                6,
                "Science test taken in the full class, not the quiet room.",
                "Science",
                "",
            ),
        ]
    ):
        entry = LogEntry(
            f"l{n + 1}",
            today - timedelta(days=days_ago),
            text,
            _at(today - timedelta(days=max(days_ago - 1, 6))),
            where,
            told,
            today - timedelta(days=days_ago - 1) if told else None,
        )
        ws.update(sam.id, AddLog(standing_id, item_id, entry))
    ws.update(sam.id, Tick(standing_id, "log-missed-weekly", _at(today - timedelta(days=6))))

    # Sam's records request went out as a letter (the item was ticked that day).
    sam_child = ws.store.load(sam.id)
    found = letters.resolve(ws, "ct-ppt-prep/records-request")
    link = next(iter(letters.links(sam_child, "ct-ppt-prep/records-request")), None)
    if found is not None and link is not None:
        draft = letters.compose(ws, sam_child, found, link=link)
        sent_on = today - timedelta(days=7)  # the day ask-for-records was ticked
        ws.update(sam.id, letters.sent_op(ws, sam_child, draft, draft.filled.body, sent_on))

    maya = children.create(ws.store, "Maya Chen", "iep")
    ws.update(
        maya.id,
        EditChild(
            school="Oak Hill Middle School",
            district="Hartford Public Schools",
            contacts=(
                Contact("Case manager", "Priya Shah", "pshah@example.org"),
                Contact("Special education director", "Dr. Ruth Alvarez", "ralvarez@example.org"),
            ),
        ),
    )
    # An advocate's caseload: Maya's letters are signed by her own parent.
    ws.update(
        maya.id,
        SetDetails(
            date(year - 12, 9, 3),
            "7",
            ParentDetails(
                "Wei Chen", "40 Oak Hill Road, Hartford, CT 06105", "wei.chen@example.org"
            ),
        ),
    )
    maya_child = ws.store.load(maya.id)
    triennial = meetings.new_meeting(
        ws,
        maya_child,
        _school_day(maya_child, today - timedelta(days=4), -1),
        title="Triennial review",
        kind="ppt",
    )
    ws.update(maya.id, triennial)
    ws.update(
        maya.id,
        EditMeeting(
            triennial.id,
            notes="Speech 2x30 min weekly continues. Reading goal rewritten. OT consult added.",
        ),
    )
    run = triennial.runs[0]
    # Everything before and at the meeting is done; the after-meeting items (the last
    # section) are open.
    before = [i.id for s in run.template.sections[:-1] for i in s.items]
    for item in before:
        ws.update(maya.id, Tick(run.id, item, _at(today - timedelta(days=6))))

    # Maya's IEP services are checked week by week (ct-iep-monitoring): speech, with one
    # missed session logged and the case manager told.
    (monitoring_id,) = ids.fresh_ids(ws.store.load(maya.id).taken_ids(), 1)
    seed = RunSeed(monitoring_id, ws.template("ct-iep-monitoring"), today - timedelta(days=40))
    ws.update(maya.id, StartRun(seed))
    for item in ["get-iep-copy", "find-service-grid", "list-contacts"]:
        ws.update(maya.id, Tick(monitoring_id, item, _at(today - timedelta(days=38))))
    section = next(n for n, s in enumerate(seed.template.sections) if s.user_items)
    speech = ItemCopy(
        "own-speech",
        "Speech therapy: 2 x 30 min a week, Ms. Kim",
        repeat=seed.template.sections[section].repeat,
        own=True,
        added=_at(today - timedelta(days=38)),
    )
    ws.update(maya.id, AddOwnItem(monitoring_id, section, speech))
    # Speech checked week by week (the session of two weeks ago was missed: see below).
    for weeks_ago in (4, 3, 1):
        day = _school_day(ws.store.load(maya.id), today - timedelta(weeks=weeks_ago), -1)
        ws.update(maya.id, Tick(monitoring_id, "own-speech", _at(day, 16), day))
    ws.update(maya.id, Tick(monitoring_id, "own-speech", _at(today - timedelta(days=5))))
    missed_day = _school_day(ws.store.load(maya.id), today - timedelta(weeks=2), -1)
    missed = LogEntry(
        "l1",
        missed_day,
        "No speech session: Ms. Kim was out, no substitute (60 min).",
        _at(missed_day, 17),
        "Speech therapy",
        "Priya Shah",
        missed_day,  # told the same afternoon
    )
    ws.update(maya.id, AddLog(monitoring_id, "own-speech", missed))
    _maya_record(ws, maya.id, today)
    _maya_plan(ws, maya.id, today, monitoring_id)


GOALS = (
    (
        "reading",
        "Reads a grade-level passage aloud at 90 words correct per minute",
        "62",
        "90",
        "wcpm",
        ("75 wcpm by the second report", "85 wcpm by the third report"),
        (("satisfactory", 66), ("satisfactory", 70), ("limited", 71), ("no-progress", 71)),
    ),
    (
        "speech",
        "Produces /r/ in conversation with 80% accuracy",
        "40",
        "80",
        "%",
        ("/r/ in words, 80% accuracy", "/r/ in sentences, 80% accuracy"),
        (("satisfactory", 50), ("satisfactory", 58), ("satisfactory", 65), ("satisfactory", 72)),
    ),
    (
        "work habits",
        "Starts independent work within 2 minutes of directions, 4 days out of 5",
        "",
        "",
        "",
        ("With a visual checklist, 3 days out of 5",),
        (
            ("not-introduced", None),
            ("limited", None),
            ("satisfactory", None),
            ("satisfactory", None),
        ),
    ),
)


def _maya_plan(ws: Workspace, child_id: str, today: date, monitoring_id: str) -> None:
    """Maya's IEP: last year's (speech 3 x 30 minutes a week), and this year's, written at the
    annual review about ten months ago (speech cut to 2 x 30), its goals reported on with
    each report card; the speech item she typed before the plan, linked to the plan's."""
    child = ws.store.load(child_id)
    start = _school_day(child, today - timedelta(days=320), 1)
    before = _school_day(child, start - timedelta(days=364), 1)
    last_year = plans.PlanFields(
        kind="iep",
        start=before.isoformat(),
        end=(start - timedelta(days=1)).isoformat(),
        annual_review_by=(start - timedelta(days=1)).isoformat(),
        reports="report-cards",
        peers_hours="25",
    )
    ws.update(child_id, plans.set_plan(ws, child, last_year).op)
    for name, minutes, per, where, by in (
        ("Speech and language therapy", 90, "week", "resource room", "Ms. Kim"),
        ("Occupational therapy", 120, "month", "general education class", "OT"),
    ):
        op, _ = plans.service(ws, ws.store.load(child_id), name, minutes, per, where=where, by=by)
        ws.update(child_id, op)
    for text in ("Extended time (1.5x) on tests and quizzes", "A copy of class notes"):
        ws.update(child_id, plans.accommodation(ws, ws.store.load(child_id), text)[0])
    for area, text, baseline, target, unit, objectives, _reports in GOALS:
        op, _ = plans.goal(
            ws,
            ws.store.load(child_id),
            text,
            area=area,
            baseline=baseline,
            target=target,
            unit=unit,
            objectives=objectives,
        )
        ws.update(child_id, op)
    # This year's IEP: a copy of last year's, speech cut to 60 minutes a week.
    report_days = [
        _school_day(child, today - timedelta(days=days_ago), -1) for days_ago in (290, 230, 170, 22)
    ]
    this_year = plans.PlanFields(
        start=start.isoformat(),
        end=(start + timedelta(days=364)).isoformat(),
        annual_review_by=(start + timedelta(days=364)).isoformat(),
        reevaluation_by=(today + timedelta(days=3 * 365 - 4)).isoformat(),
        reports=",".join(
            ["report-cards"]
            + [d.isoformat() for d in report_days]
            + [_school_day(child, today + timedelta(days=60), 1).isoformat()]
        ),
    )
    ws.update(child_id, plans.set_plan(ws, ws.store.load(child_id), this_year, new=True).op)
    child = ws.store.load(child_id)
    current = child.current_plan()
    assert current is not None
    speech = current.services[0]
    ws.update(child_id, plans.edit_service(child, speech.id, minutes="60"))
    for goal, (*_rest, reports) in zip(current.goals, GOALS, strict=True):
        for day, (status, value) in zip(report_days, reports, strict=True):
            op = plans.report(
                ws,
                ws.store.load(child_id),
                goal.id,
                on=day.isoformat(),
                status=status,
                value=str(value) if value is not None else None,
            )
            ws.update(child_id, op)
    # The speech item Maya's parent typed before the plan (its weekly ticks) is the plan's
    # speech item now; the session of two weeks ago was missed.
    child = ws.store.load(child_id)
    link = plans.link_own(child, current, speech.id, "services", "own-speech")
    if link is not None:
        ws.update(child_id, link)  # the speech item's ticks and its missed session move over


def _maya_record(ws: Workspace, child_id: str, today: date) -> None:
    """A dozen contacts with the school and five documents, one IEP copy that came late."""
    child = ws.store.load(child_id)
    cal = calendar_for(child)
    eligibility = _school_day(child, today - timedelta(days=75), -1)
    (meeting_id,) = ids.fresh_ids(child.taken_ids(), 1)
    ws.update(child_id, AddMeeting(meeting_id, eligibility, "Reevaluation planning", "ppt"))
    talks = [
        (80, "Priya Shah", "email", "Asked what the reevaluation will include"),
        (78, "Priya Shah", "email", "Answer: speech, reading and an OT screening"),
        (82, "School office", "phone", "Asked for Maya's records before the meeting"),
        (70, "Priya Shah", "meeting", "Reevaluation planning PPT: consent signed for testing"),
        (55, "Ms. Kim", "email", "Asked how speech sessions are going"),
        (41, "Priya Shah", "email", "Asked when the evaluation reports will be ready"),
        (33, "Dr. Ruth Alvarez", "letter", "Asked for the reports 3 school days before the PPT"),
        (26, "Priya Shah", "phone", "Reports promised by the end of the week"),
        (12, "Priya Shah", "email", "Told her a speech session was missed (Ms. Kim out)"),
        (11, "Ms. Kim", "email", "Make-up session offered for next week"),
        (6, "Priya Shah", "email", "Asked for the draft IEP before the triennial"),
        (3, "Priya Shah", "email", "Asked when the IEP copy and the Prior Written Notice come"),
    ]
    for n, (days_ago, who, via, text) in enumerate(talks):
        day = today - timedelta(days=days_ago)
        follow = today + timedelta(days=4) if n == len(talks) - 1 else None
        answered = day + timedelta(days=1) if n == 0 else None
        entry = Communication(f"c{n + 1:02d}", day, text, _at(day, 16), who, via, follow, answered)
        ws.update(child_id, PutCommunication(entry))
    triennial = next(m for m in ws.store.load(child_id).meetings if m.title == "Triennial review")
    documents = [
        # The notice came on time, the IEP copy nine school days after the meeting (late).
        ("notice", cal.add_school_days(eligibility, -7), None, None, meeting_id),
        ("iep", cal.add_school_days(eligibility, 9), None, None, meeting_id),
        (
            "evaluation",
            cal.add_school_days(triennial.date, -2),
            None,
            today - timedelta(days=33),
            triennial.id,
        ),
        ("records", today - timedelta(days=78), None, today - timedelta(days=82), meeting_id),
        ("pwn", today - timedelta(days=3), today - timedelta(days=4), None, triennial.id),
    ]
    for n, (kind, received, dated, requested, meeting) in enumerate(documents):
        doc = Document(f"d{n + 1}", kind, received, _at(received, 17), dated, requested, meeting)
        ws.update(child_id, PutDocument(doc))
