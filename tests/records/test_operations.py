"""Every operation a user can apply to a record: what it changes, its inverse, and that it
survives a round trip through TOML (as a recovery file keeps it)."""

from __future__ import annotations

import copy
import dataclasses
import tomllib
from datetime import date

import pytest
import tomlkit

from iepcheck.calendar.schooldays import ClosedRange
from iepcheck.records import operations as ops
from iepcheck.records.letters import ParentDetails, SentLetter
from iepcheck.records.model import Child, Contact, ItemCopy, LogEntry, Template
from iepcheck.records.operations import Operation, RecordError, from_doc
from iepcheck.records.plans import (
    Accommodation,
    Goal,
    GoalReport,
    Objective,
    Plan,
    Service,
)
from iepcheck.records.record import Communication, Document

from ..helpers import at, checklist_text, make_checklist

D = date.fromisoformat
LIST = make_checklist(
    checklist_text("ct-x", 1, items=[("a", "A"), ("b", "B")])
    + '\n[[sections]]\ntitle = "Own"\nuser_items = true\nrepeat = "weekly"\n'
)
TEMPLATE = Template.of(LIST, "bundled")
SEED = ops.RunSeed("r1", TEMPLATE, D("2026-11-01"))
MONITORING = Template.of(
    make_checklist(
        checklist_text("ct-m", 1, kind="ongoing", items=[("w", "Every week")])
        + '\n[[sections]]\ntitle = "Each service"\nuser_items = true\nrepeat = "weekly"\n'
        'from_plan = "services"\n'
    ),
    "bundled",
)
SPEECH = Service("s1", "Speech", 60, "week", at("2026-09-01"), where="resource room")
GOAL = Goal(
    "g1",
    "Reads 90 words a minute",
    at("2026-09-01"),
    baseline="40",
    target="90",
    unit="wcpm",
    objectives=(Objective("o1", "60 by March", at("2026-09-01")),),
)
PLAN = Plan(
    "p1",
    "iep",
    "current",
    at("2026-09-01"),
    start=D("2026-09-01"),
    services=(SPEECH,),
    accommodations=(Accommodation("a1", "Extended time", at("2026-09-01")),),
    goals=(GOAL,),
)
REPORT = GoalReport("r9", D("2026-11-13"), "limited", at("2026-11-14"), 52, "slow")
OWN_SPEECH = ItemCopy("own-sp", "Speech 2x30", repeat="weekly", own=True, added=at("2026-10-01"))


def base() -> Child:
    """A child with a meeting (m1, a line in its notes pad) whose run is r1, a standing run
    r2, a current plan p1 and the plan's monitoring (r5, with an own item typed before the
    plan)."""
    child = Child("sam", "Sam", "504")
    ops.AddMeeting("m1", D("2026-12-10"), "PPT", "ppt", runs=(SEED,)).apply(child)
    ops.StartRun(ops.RunSeed("r2", TEMPLATE, D("2026-11-01"))).apply(child)
    ops.Tick("r1", "a", at("2026-11-02")).apply(child)
    ops.AddPlan(PLAN).apply(child)
    ops.StartRun(ops.RunSeed("r5", MONITORING, D("2026-10-01"))).apply(child)
    ops.AddOwnItem("r5", 1, OWN_SPEECH).apply(child)
    ops.Tick("r5", "own-sp", at("2026-10-09")).apply(child)
    ops.AddNoteLine("m1", "n0", at("2026-12-10", 15), "Speech stays at 60 minutes").apply(child)
    return child


ENTRY = LogEntry("l1", D("2026-11-03"), "No extended time", at("2026-11-04"), "Math", "Mr. O")
OWN = ItemCopy("own-x", "Extended time", repeat="weekly", own=True, added=at("2026-11-05"))
CALL = Communication(
    "c1",
    D("2026-11-03"),
    "Asked about speech",
    at("2026-11-03"),
    "Ms. Park",
    "phone",
    D("2026-11-10"),
)
IEP_COPY = Document("d1", "iep", D("2026-11-20"), at("2026-11-20"), meeting="m1")
SENT = SentLetter(
    "l1", "ct-x/ask", "Ask", "Records", "Dear …", D("2026-11-04"), at("2026-11-05"), "r1", "b"
)

# Each operation, and a check of what it did.
CASES: list[tuple[Operation, object]] = [
    (
        ops.Tick("r1", "b", at("2026-11-05"), D("2026-11-04")),
        lambda c: c.run("r1").state("b").day == D("2026-11-04"),
    ),
    (ops.Untick("r1", "a"), lambda c: c.run("r1").state("a").state == "open"),
    (
        ops.Skip("r1", "b", at("2026-11-05"), "n/a"),
        lambda c: c.run("r1").state("b").reason == "n/a",
    ),
    (ops.SetNote("r1", "b", "call back"), lambda c: c.run("r1").state("b").note == "call back"),
    (ops.AddLog("r1", "b", ENTRY), lambda c: c.run("r1").state("b").log == [ENTRY]),
    (ops.AddOwnItem("r2", 1, OWN), lambda c: c.run("r2").find("own-x") == OWN),
    (ops.MarkSeen("r1", "a"), lambda c: c.run("r1").state("a").was == ""),
    (
        ops.EditMeeting("m1", date=D("2026-12-11"), notes="agreed"),
        lambda c: (c.meetings[0].date, c.meetings[0].notes) == (D("2026-12-11"), "agreed"),
    ),
    (ops.RemoveMeeting("m1"), lambda c: c.meetings == [] and c.run("r1").detached),
    (
        ops.AddNoteLine("m1", "n1", at("2026-12-10", 16), "Extended time agreed"),
        lambda c: (
            [x.text for x in c.meetings[0].lines]
            == ["Speech stays at 60 minutes", "Extended time agreed"]
        ),
    ),
    (ops.RemoveNoteLine("m1", "n0"), lambda c: c.meetings[0].lines == []),
    (
        ops.AttachRuns("m1", (ops.RunSeed("r3", TEMPLATE, D("2026-11-06")),)),
        lambda c: [r.id for r in c.runs_for("m1")] == ["r1", "r3"],
    ),
    (ops.DetachRun("r1"), lambda c: c.run("r1").detached),
    (
        ops.StartRun(ops.RunSeed("r4", TEMPLATE, D("2026-11-06")), archive="r2"),
        lambda c: c.run("r2").archived and c.standing_run("ct-x").id == "r4",
    ),
    (ops.StopRun("r2"), lambda c: c.run("r2").archived and c.standing_run("ct-x") is None),
    (
        ops.AddMeeting("m2", D("2027-01-05"), "504 review", "504"),
        lambda c: [m.id for m in c.meetings] == ["m1", "m2"],
    ),
    (
        ops.EditChild(name="Samuel", plan="iep", contacts=(Contact("Case manager", "Lee"),)),
        lambda c: (c.name, c.plan, c.contacts[0].name) == ("Samuel", "iep", "Lee"),
    ),
    (
        ops.AddClosed((ClosedRange(D("2026-12-24"), D("2027-01-01"), "Winter break"),)),
        lambda c: len(c.closed) == 1,
    ),
    (
        ops.RefreshRun(
            "r1",
            Template.of(
                make_checklist(checklist_text("ct-x", 2, items=[("a", "A, reworded")])), "bundled"
            ),
        ),
        lambda c: c.run("r1").version == 2 and c.run("r1").state("a").was == "A",
    ),
    (
        ops.SetDetails(D("2014-03-02"), "7", ParentDetails("Ana Rivera", email="ana@example.org")),
        lambda c: (c.born, c.grade, c.parent.name) == (D("2014-03-02"), "7", "Ana Rivera"),
    ),
    (ops.SetCalendar("hartford-2026-27"), lambda c: c.calendar == "hartford-2026-27"),
    (
        ops.PutCommunication(CALL),
        lambda c: c.communications == [CALL],
    ),
    (ops.PutDocument(IEP_COPY), lambda c: c.documents == [IEP_COPY]),
    (
        ops.SetOpen((D("2027-02-12"), D("2026-11-11"))),
        lambda c: c.open == [D("2026-11-11"), D("2027-02-12")],
    ),
    (
        ops.Edit("child", "", (ops.Change("grade", "5", ""), ops.Change("parent_email", "a@b.c"))),
        lambda c: (c.grade, c.parent.email) == ("5", "a@b.c"),
    ),
    (
        ops.Edit("meeting", "m1", (ops.Change("notes", "agreed", ""),)),
        lambda c: c.meetings[0].notes == "agreed",
    ),
    (
        ops.AddContact(Contact("Teacher", "Ms. Lee", id="p1")),
        lambda c: c.contacts == [Contact("Teacher", "Ms. Lee", id="p1")],
    ),
    (
        ops.SetItem("r1", "a", (ops.Change("note", "asked", ""),), drop_completions=()),
        lambda c: c.run("r1").state("a").note == "asked",
    ),
    (
        # Sent on the 4th, recorded on the 5th: the item is ticked as done on the 4th.
        ops.SendLetter(SENT),
        lambda c: c.letters == [SENT] and c.run("r1").state("b").day == D("2026-11-04"),
    ),
    (
        ops.Batch(
            (
                ops.Edit("plan", "p1", (ops.Change("state", "previous", "current"),)),
                ops.AddPlan(Plan("p2", "iep", "current", at("2026-11-20"), services=(), link="p1")),
            )
        ),
        lambda c: c.current_plan().id == "p2" and c.previous_plan().id == "p1",
    ),
    (
        ops.AddPlan(Plan("p3", "iep", "draft", at("2026-11-21"), goals=(), link="p1")),
        lambda c: c.draft_plan().id == "p3" and c.current_plan().id == "p1",
    ),
    (
        ops.AddService("p1", Service("s2", "OT", 120, "month", at("2026-11-20"))),
        lambda c: (
            [s.id for s in c.plan_of("p1").services] == ["s1", "s2"]
            and c.run("r5").find("plan-s2") is not None
        ),
    ),
    (ops.DropService("p1", "s1"), lambda c: c.plan_of("p1").services == ()),
    (
        ops.AddAccommodation("p1", Accommodation("a2", "Quiet room", at("2026-11-20"))),
        lambda c: len(c.plan_of("p1").accommodations) == 2,
    ),
    (ops.DropAccommodation("p1", "a1"), lambda c: c.plan_of("p1").accommodations == ()),
    (
        ops.AddGoal("p1", Goal("g2", "Writes a paragraph", at("2026-11-20"))),
        lambda c: [g.id for g in c.plan_of("p1").goals] == ["g1", "g2"],
    ),
    (ops.DropGoal("p1", "g1"), lambda c: c.plan_of("p1").goals == ()),
    (
        ops.AddObjective("p1", "g1", Objective("o2", "75 by June", at("2026-11-20"))),
        lambda c: len(c.plan_of("p1").goals[0].objectives) == 2,
    ),
    (ops.DropObjective("p1", "g1", "o1"), lambda c: c.plan_of("p1").goals[0].objectives == ()),
    (
        ops.AddReport("p1", "g1", REPORT),
        lambda c: c.plan_of("p1").goals[0].reports == (REPORT,),
    ),
    (
        ops.Edit("service", "p1/s1", (ops.Change("minutes", 30, 60),)),
        lambda c: (
            c.plan_of("p1").services[0].minutes == 30
            and c.run("r5").find("plan-s1").text.startswith("Speech: 30 min a week")
        ),
    ),
    (
        ops.Edit("objective", "p1/g1/o1", (ops.Change("text", "65 by March", "60 by March"),)),
        lambda c: c.plan_of("p1").goals[0].objectives[0].text == "65 by March",
    ),
    (
        ops.LinkItem("r5", "own-sp", "plan-s1"),
        lambda c: (
            c.run("r5").find("own-sp") is None
            and len(c.run("r5").state("plan-s1").completions) == 1
        ),
    ),
]


def _round_trip(op: Operation) -> Operation:
    text = tomlkit.dumps({"op": [op.to_doc()]})
    return from_doc(tomllib.loads(text)["op"][0])


@pytest.mark.parametrize("op, check", CASES, ids=[type(o).__name__ for o, _ in CASES])
def test_operation_applies_undoes_and_round_trips(op: Operation, check) -> None:
    child = base()
    before = copy.deepcopy(child)
    applied = op.apply(child)
    assert check(child)
    assert _round_trip(op) == op
    # Applying the same operation to the same record gives the same result: ids and times
    # are fields of the operation, never drawn while applying.
    again = copy.deepcopy(before)
    _round_trip(op).apply(again)
    assert again == child
    if applied.inverse is not None:
        assert _round_trip(applied.inverse) == applied.inverse
        applied.inverse.apply(child)
        for run_id in ("r1", "r2", "r5"):
            assert child.run(run_id).items == before.run(run_id).items
        assert child.meetings == before.meetings and child.name == before.name
        assert child.closed == before.closed
        assert (child.letters, child.born, child.parent) == (
            before.letters,
            before.born,
            before.parent,
        )
        assert (child.calendar, child.open) == (before.calendar, before.open)
        assert child.plans == before.plans
        assert child.run("r5").sections == before.run("r5").sections
        assert (child.communications, child.documents) == (
            before.communications,
            before.documents,
        )


def test_a_letter_sent_for_a_done_item_leaves_its_tick() -> None:
    child = base()  # item a of r1 is done on 2 November
    sent = SentLetter("l2", "ct-x/ask", "Ask", "", "Dear …", D("2026-11-09"), at("2026-11-09"))
    sent = dataclasses.replace(sent, run="r1", item="a")
    applied = ops.SendLetter(sent).apply(child)
    assert child.run("r1").state("a").day == D("2026-11-02")
    applied.inverse.apply(child)
    assert child.letters == [] and child.run("r1").state("a").day == D("2026-11-02")


def test_every_operation_is_covered() -> None:
    covered = {type(op) for op, _ in CASES}
    helpers = {ops.RestoreItem, ops.DropRuns, ops.RestoreMeeting, ops.Reattach, ops.Batch}
    helpers |= {ops.ResumeRun}
    helpers |= {ops.EditLog, ops.RemoveLog, ops.EditOwnItem, ops.RemoveOwnItem, ops.RemoveClosed}
    helpers |= {ops.ForgetLetter, ops.RestoreLetter, ops.DropCommunication, ops.DropDocument}
    helpers |= {ops.RemoveContact, ops.DropPlan, ops.DropReport}
    registered = set(ops._REGISTRY.values())
    assert registered - covered - helpers == set()


def test_log_entries_are_edited_and_removed_by_id() -> None:
    child = base()
    ops.AddLog("r1", "b", ENTRY).apply(child)
    edited = LogEntry("l1", D("2026-11-02"), "No extended time on the quiz", ENTRY.added)
    undo = ops.EditLog("r1", "b", edited).apply(child).inverse
    assert child.run("r1").state("b").log == [edited]
    undo.apply(child)
    assert child.run("r1").state("b").log == [ENTRY]
    ops.RemoveLog("r1", "b", "l1").apply(child)
    assert child.run("r1").state("b").log == []
    with pytest.raises(RecordError, match="no longer there"):
        ops.RemoveLog("r1", "b", "l1").apply(child)


def test_own_items_are_edited_and_removed_with_their_progress_and_come_back() -> None:
    child = base()
    ops.AddOwnItem("r2", 1, OWN).apply(child)
    ops.Tick("r2", "own-x", at("2026-11-06")).apply(child)
    renamed = ItemCopy("own-x", "Extended time (1.5x)", repeat="weekly", own=True, added=OWN.added)
    ops.EditOwnItem("r2", renamed).apply(child)
    assert child.run("r2").find("own-x").text == "Extended time (1.5x)"
    undo = ops.RemoveOwnItem("r2", "own-x").apply(child).inverse
    assert child.run("r2").find("own-x") is None and "own-x" not in child.run("r2").items
    undo.apply(child)
    assert child.run("r2").find("own-x") == renamed
    assert child.run("r2").state("own-x").state == "done"
    with pytest.raises(RecordError, match="only items you added"):
        ops.RemoveOwnItem("r2", "a").apply(child)


def test_a_change_that_no_longer_fits_is_a_sentence_and_changes_nothing() -> None:
    child = base()
    before = copy.deepcopy(child)
    for op in [
        ops.Tick("gone", "a", at("2026-11-02")),
        ops.Tick("r1", "nope", at("2026-11-02")),
        ops.EditMeeting("gone", notes="x"),
        ops.AddMeeting("m1", D("2026-12-01"), "again"),
        ops.AttachRuns("m1", (SEED,)),
        ops.StartRun(ops.RunSeed("r9", TEMPLATE, D("2026-11-06"))),  # r2 is running
        ops.EditChild(plan="maybe"),
    ]:
        with pytest.raises(RecordError):
            op.apply(child)
        assert child == before, type(op).__name__


def test_undo_of_an_attachment_drops_an_untouched_run_and_keeps_a_used_one() -> None:
    child = base()
    seed = ops.RunSeed("r3", TEMPLATE, D("2026-11-06"))
    undo = ops.AttachRuns("m1", (seed,)).apply(child).inverse
    undo.apply(child)
    assert child.run("r3") is None
    undo = ops.AttachRuns("m1", (seed,)).apply(child).inverse
    ops.Tick("r3", "a", at("2026-11-07")).apply(child)
    undo.apply(child)
    assert child.run("r3").detached and child.run("r3").state("a").state == "done"


def test_a_batch_is_undone_as_one() -> None:
    child = base()
    before = copy.deepcopy(child)
    batch = ops.batch(ops.Tick("r1", "b", at("2026-11-05")), ops.SetNote("r1", "b", "note"))
    undo = batch.apply(child).inverse
    assert child.run("r1").state("b").note == "note"
    undo.apply(child)
    assert child.run("r1").items == before.run("r1").items
    assert ops.batch(ops.MarkSeen("r1", "a")) == ops.MarkSeen("r1", "a")


def test_a_bad_recovery_entry_is_refused() -> None:
    for doc in [
        {"op": "nope"},
        {"op": "tick", "run": "r1"},
        {"op": "tick", "run": 1, "item": "a", "at": at("2026-11-02")},
        "tick",
    ]:
        with pytest.raises(ValueError):
            from_doc(doc)  # type: ignore[arg-type]


def test_a_stopped_run_keeps_its_ticks_and_undo_resumes_it_unless_started_afresh() -> None:
    child = base()
    ops.Tick("r2", "a", at("2026-11-03")).apply(child)
    applied = ops.StopRun("r2").apply(child)
    assert child.run("r2").state("a").state == "done"  # its ticks stay
    with pytest.raises(ops.RecordError, match="stopped already"):
        ops.StopRun("r2").apply(child)
    with pytest.raises(ops.RecordError, match="belongs to a meeting"):
        ops.StopRun("r1").apply(child)
    again = copy.deepcopy(child)
    applied.inverse.apply(child)
    assert not child.run("r2").archived and child.standing_run("ct-x").id == "r2"
    # Started afresh since: the stop can no longer be taken back (two would be running).
    ops.StartRun(ops.RunSeed("r9", TEMPLATE, D("2026-11-06"))).apply(again)
    with pytest.raises(ops.RecordError, match="started afresh"):
        applied.inverse.apply(again)
