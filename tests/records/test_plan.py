"""The plan in the record: in the file and back (unknown keys kept), the items made from it in
a monitoring checklist (stable across a new plan, an own item linked to one), the child's plan
following the current one, and two copies of a plan merged field by field."""

from __future__ import annotations

import dataclasses
import tomllib
from datetime import date
from pathlib import Path

import pytest

from iepcheck.records import operations as ops
from iepcheck.records import tomlwrite
from iepcheck.records.codec import child_from_doc, child_to_doc
from iepcheck.records.merge import merge, repair_union
from iepcheck.records.model import Child, ItemCopy, Template
from iepcheck.records.plans import (
    Accommodation,
    Goal,
    GoalReport,
    Plan,
    Service,
    minutes_per_week,
    number_in,
)
from iepcheck.records.texts import TextStore

from ..helpers import at, checklist_text, make_checklist
from .test_merge import Copy

D = date.fromisoformat
MONITORING = Template.of(
    make_checklist(
        checklist_text("ct-m", 1, kind="ongoing", items=[("w", "Every week")])
        + '\n[[sections]]\ntitle = "Each service"\nuser_items = true\nrepeat = "weekly"\n'
        'from_plan = "services"\n'
        '\n[[sections]]\ntitle = "Each accommodation"\nuser_items = true\nrepeat = "weekly"\n'
        'from_plan = "accommodations"\n'
    ),
    "bundled",
)
SPEECH = Service("s1", "Speech", 90, "week", at("2026-01-12"), where="resource room")
OT = Service("s2", "OT", 120, "month", at("2026-01-12"))
TIME = Accommodation("a1", "Extended time", at("2026-01-12"))
NOTES = Accommodation("a2", "A copy of class notes", at("2026-01-12"))
READING = Goal("g1", "Reads 90 wcpm", at("2026-01-12"), "reading", "62", "90", unit="wcpm")


def with_plan() -> Child:
    child = Child("maya", "Maya", "iep", uid="u" * 26)
    plan = Plan(
        "p1",
        "iep",
        "current",
        at("2026-01-12"),
        start=D("2026-01-12"),
        services=(SPEECH, OT),
        accommodations=(TIME, NOTES),
        goals=(READING,),
    )
    ops.AddPlan(plan).apply(child)
    ops.StartRun(ops.RunSeed("r1", MONITORING, D("2026-09-01"))).apply(child)
    return child


def test_the_plan_goes_to_the_file_and_back_keeping_unknown_keys(tmp_path: Path) -> None:
    child = with_plan()
    report = GoalReport("r1", D("2026-06-12"), "limited", at("2026-06-13"), 66.5, "slow")
    ops.AddReport("p1", "g1", report).apply(child)
    texts = TextStore(tmp_path)
    doc = child_to_doc(child, texts)
    doc["plans"][0]["services"][0]["frequency_note"] = "a newer iepcheck's key"
    doc["plans"][0]["ed620_page"] = 4
    text = tomlwrite.dumps(doc)
    back = child_from_doc(tomllib.loads(text), Path("maya.toml"), "maya", text, texts)
    assert back.plans[0].services[0].extra == {"frequency_note": "a newer iepcheck's key"}
    assert back.plans[0].extra == {"ed620_page": 4}
    assert tomlwrite.dumps(child_to_doc(back, texts)) == text
    # Without the unknown keys, the same plan as written.
    back.plans[0] = dataclasses.replace(back.plans[0], extra={}, services=(SPEECH, OT))
    assert back.plans == child.plans


@pytest.mark.parametrize(
    "table, message",
    [
        ('state = "ended"', "plans[0].state is 'ended'"),
        ('kind = "ifsp"', "plans[0].kind is 'ifsp'"),
        ('peers_hours = "lots"', "plans[0].peers_hours should be a number"),
    ],
)
def test_a_bad_plan_in_the_file_is_named(tmp_path: Path, table: str, message: str) -> None:
    from iepcheck.records.reading import ProgressError

    key = table.split(" = ")[0]
    base = {"id": '"p1"', "kind": '"iep"', "state": '"current"', "added": "2026-01-12T09:00:00Z"}
    base[key] = table.split(" = ")[1]
    lines = "\n".join(f"{k} = {v}" for k, v in base.items())
    text = f'format = 3\nid = "maya"\nname = "Maya"\n\n[[plans]]\n{lines}\n'
    with pytest.raises(ProgressError, match=message.replace("[", r"\[").replace("]", r"\]")):
        child_from_doc(tomllib.loads(text), Path("maya.toml"), "maya", text, TextStore(tmp_path))


def test_the_plans_services_and_accommodations_are_items_of_the_monitoring() -> None:
    child = with_plan()
    run = child.run("r1")
    services, accommodations = run.sections[1], run.sections[2]
    assert [i.id for i in services.items] == ["plan-s1", "plan-s2"]
    assert services.items[0].text == "Speech: 90 min a week, resource room"
    assert services.items[1].text == "OT: 120 min a month (about 27.7 min a week)"
    assert [i.text for i in accommodations.items] == ["Extended time", "A copy of class notes"]
    assert all(i.repeat == "weekly" and i.plan for i in services.items)
    # Never saved with the run's words: they are the plan's.
    assert all(not i.plan for s in run.template.sections for i in s.items)
    ops.Tick("r1", "plan-s1", at("2026-09-10")).apply(child)
    assert child.run("r1").state("plan-s1").completions[0].day == D("2026-09-10")


def test_the_items_survive_a_new_plan_and_a_dropped_entry_keeps_its_progress() -> None:
    child = with_plan()
    ops.Tick("r1", "plan-s1", at("2026-09-10")).apply(child)
    old = child.current_plan()
    new = dataclasses.replace(
        old,
        id="p2",
        added=at("2027-01-11"),
        link="p1",
        services=(dataclasses.replace(SPEECH, id="s9", link="s1", minutes=60),),
        accommodations=(),
        goals=(),
    )
    ops.Batch(
        (ops.Edit("plan", "p1", (ops.Change("state", "previous", "current"),)), ops.AddPlan(new))
    ).apply(child)
    run = child.run("r1")
    # The copy of speech is the same item (plan- and its first original's id), with its tick.
    assert [i.id for i in run.sections[1].items] == ["plan-s1"]
    assert run.find("plan-s1").text.startswith("Speech: 60 min a week")
    assert len(run.state("plan-s1").completions) == 1
    assert run.sections[2].items == ()  # no accommodation in the new plan


def test_a_removed_service_keeps_its_ticks_as_no_longer_in_the_checklist() -> None:
    child = with_plan()
    ops.Tick("r1", "plan-s2", at("2026-09-10")).apply(child)
    undo = ops.DropService("p1", "s2").apply(child).inverse
    run = child.run("r1")
    assert run.orphans() == ["plan-s2"]
    assert run.orphan_text("plan-s2").startswith("OT: 120 min a month")
    undo.apply(child)
    assert child.run("r1").orphans() == [] and child.run("r1").state("plan-s2").was == ""
    assert [s.id for s in child.current_plan().services] == ["s1", "s2"]  # back in its place


def test_an_own_item_typed_before_the_plan_is_linked_with_its_ticks_and_log() -> None:
    from iepcheck.records.model import LogEntry

    child = Child("maya", "Maya", "iep")
    ops.StartRun(ops.RunSeed("r1", MONITORING, D("2026-09-01"))).apply(child)
    own = ItemCopy("own-sp", "Speech 3x30", repeat="weekly", own=True, added=at("2026-09-02"))
    ops.AddOwnItem("r1", 1, own).apply(child)
    ops.Tick("r1", "own-sp", at("2026-09-10")).apply(child)
    entry = LogEntry("l1", D("2026-09-16"), "Missed: therapist out", at("2026-09-16"))
    ops.AddLog("r1", "own-sp", entry).apply(child)
    ops.AddPlan(Plan("p1", "iep", "current", at("2026-09-20"), services=(SPEECH,))).apply(child)
    before = child.run("r1")
    undo = ops.LinkItem("r1", "own-sp", "plan-s1").apply(child).inverse
    run = child.run("r1")
    assert run.find("own-sp") is None
    state = run.state("plan-s1")
    assert [c.day for c in state.completions] == [D("2026-09-10")]
    assert [e.text for e in state.log] == ["Missed: therapist out"]
    undo.apply(child)
    assert child.run("r1").find("own-sp") == own
    assert child.run("r1").items == before.items


def test_minutes_a_week_whatever_the_unit_and_numbers_in_a_baseline() -> None:
    assert minutes_per_week(SPEECH) == 90
    assert round(minutes_per_week(OT), 1) == 27.7  # 120 a month: 12 months over 52 weeks
    cycle = Service("s3", "Counseling", 60, "cycle", at("2026-01-12"), cycle_days=6)
    assert minutes_per_week(cycle) == 50  # a 6-school-day cycle is 6/5 of a week
    assert number_in("62") == 62 and number_in("62 wcpm", "wcpm") == 62
    assert number_in("80%", "%") == 80 and number_in("reads with help") is None


def test_a_plan_refused_when_its_ids_are_taken_or_two_would_be_current() -> None:
    child = with_plan()
    with pytest.raises(ops.RecordError, match="current plan already"):
        ops.AddPlan(Plan("p2", "iep", "current", at("2026-11-01"))).apply(child)
    with pytest.raises(ops.RecordError, match="already in the child's plans"):
        ops.AddService("p1", dataclasses.replace(OT, id="g1")).apply(child)
    with pytest.raises(ops.RecordError, match="per cycle needs"):
        ops.AddService("p1", dataclasses.replace(OT, id="s7", per="cycle")).apply(child)
    with pytest.raises(ops.RecordError, match="the status is one of"):
        ops.AddReport(
            "p1", "g1", GoalReport("r1", D("2026-06-12"), "great", at("2026-06-13"))
        ).apply(child)
    with pytest.raises(ops.RecordError, match="cannot end before it starts"):
        ops.Edit("plan", "p1", (ops.Change("end", D("2025-01-01")),)).apply(child)


# -- two copies ------------------------------------------------------------------------------------


def _copies(tmp_path: Path) -> tuple[Copy, Copy]:
    texts = TextStore(tmp_path)
    start = child_to_doc(with_plan(), texts)
    return Copy(dict(start), texts, "devA"), Copy(dict(start), texts, "devB")


def test_two_copies_of_a_plan_merge_field_by_field(tmp_path: Path) -> None:
    a, b = _copies(tmp_path)
    # One parent corrects the speech minutes and adds a report; the other sets the review
    # date, renames the goal and adds an accommodation.
    a.change(ops.Edit("service", "p1/s1", (ops.Change("minutes", 60, 90),)), 1)
    a.change(
        ops.AddReport("p1", "g1", GoalReport("ra", D("2026-06-12"), "limited", at("2026-06-13"))),
        2,
    )
    b.change(ops.Edit("plan", "p1", (ops.Change("annual_review_by", D("2027-01-11")),)), 3)
    b.change(ops.Edit("goal", "p1/g1", (ops.Change("text", "Reads 90 wcpm aloud"),)), 4)
    b.change(ops.AddAccommodation("p1", Accommodation("ab", "Quiet room", at("2026-06-01"))), 5)
    merged, notes = merge(a.doc, b.doc)
    assert notes == [] and merged == merge(b.doc, a.doc)[0]
    child = child_from_doc(merged, Path("maya.toml"), "maya", texts=TextStore(tmp_path))
    plan = child.current_plan()
    assert plan.services[0].minutes == 60
    assert plan.annual_review_by == D("2027-01-11")
    assert plan.goals[0].text == "Reads 90 wcpm aloud"
    assert [r.id for r in plan.goals[0].reports] == ["ra"]
    assert {x.id for x in plan.accommodations} == {"a1", "a2", "ab"}


def test_a_service_removed_on_one_copy_stays_removed(tmp_path: Path) -> None:
    a, b = _copies(tmp_path)
    a.change(ops.Edit("service", "p1/s2", (ops.Change("where", "classroom"),)), 1)
    b.change(ops.DropService("p1", "s2"), 2)
    merged, _ = merge(a.doc, b.doc)
    child = child_from_doc(merged, Path("maya.toml"), "maya", texts=TextStore(tmp_path))
    assert [s.id for s in child.current_plan().services] == ["s1"]


def test_two_current_plans_after_a_merge_are_repaired_and_said(tmp_path: Path) -> None:
    a, b = _copies(tmp_path)
    for side, new_id, step in ((a, "pa", 1), (b, "pb", 2)):
        side.change(
            ops.Batch(
                (
                    ops.Edit("plan", "p1", (ops.Change("state", "previous", "current"),)),
                    ops.AddPlan(Plan(new_id, "504", "current", at(f"2027-01-1{step}"), link="p1")),
                )
            ),
            step,
        )
    merged, _ = merge(a.doc, b.doc)
    child = child_from_doc(merged, Path("maya.toml"), "maya", texts=TextStore(tmp_path))
    assert sorted(p.state for p in child.plans) == ["current", "current", "previous"]
    notes = repair_union(child)
    assert [(p.id, p.state) for p in child.plans] == [
        ("p1", "previous"),
        ("pa", "previous"),
        ("pb", "current"),
    ]
    assert notes == [
        "a current 504 plan was entered on both copies: the one entered 2027-01-11 is now the "
        "previous plan; the later one is current"
    ]
    assert child.plan == "504"  # the child's plan follows the current one
