"""The decisions the CLI and the TUI share: which run, which version, which format, which date."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from iepcheck.clock import Clock
from iepcheck.records.model import Child
from iepcheck.records.operations import Tick
from iepcheck.service import children, meetings, runs
from iepcheck.service.errors import InputError, ServiceError, did_you_mean
from iepcheck.service.exports import format_for
from iepcheck.service.finding import find_child, find_meeting
from iepcheck.service.workspace import Workspace

from ..helpers import checklist_text, write_checklist

D = date.fromisoformat
TODAY = D("2026-11-28")


def workspace(data_dir: Path, extra: list[Path] | None = None) -> Workspace:
    now = datetime.combine(TODAY, time(10)).astimezone()
    return Workspace(data_dir, extra or [], Clock(TODAY, now=lambda: now))


def test_format_from_the_extension_unless_told_and_contradictions_refused() -> None:
    assert format_for("sam.html", None) == "html"
    assert format_for("sam.MD", None) == "md"
    with pytest.raises(InputError, match=r"writes \.html, \.md or \.txt"):
        format_for("sam.pdf", None)
    assert format_for(None, "md") == "md"
    assert format_for("-", None) == "txt"
    assert format_for("sam.html", "html") == "html"
    with pytest.raises(InputError, match="asks for html but --format says txt"):
        format_for("sam.html", "txt")


def test_closed_ranges_one_parser_for_the_shell_and_the_form() -> None:
    r = children.parse_range("2026-12-24..2027-01-01", "Winter break")
    assert (r.start, r.end, r.label) == (D("2026-12-24"), D("2027-01-01"), "Winter break")
    for bad, why in [
        ("2026-12-24..", "not a date"),
        ("2027-01-01..2026-12-24", "ends before"),
        ("2026-01-01..2027-06-01", "longer than a year"),
        ("0001-01-01", "outside the years"),
    ]:
        with pytest.raises(InputError, match=why):
            children.parse_range(bad)
    ranges, errors = children.parse_closed_lines("2027-01-19 PD day\n\nsoon\n2026-12-24")
    assert [(c.start, c.label) for c in ranges] == [
        (D("2026-12-24"), ""),
        (D("2027-01-19"), "PD day"),
    ]
    assert errors == ["line 3: 'soon' is not a date or a range like 2026-12-24..2027-01-01"]
    assert children.closed_lines(ranges) == "2026-12-24\n2027-01-19 PD day"


def test_a_meeting_date_that_looks_wrong_is_named(data_dir: Path) -> None:
    child = Child("sam", "Sam")
    children_closed = children.parse_range("2026-12-21..2026-12-23", "break")
    child.closed.append(children_closed)
    assert meetings.date_warnings(child, D("2026-12-10"), TODAY) == []
    assert "in the past" in meetings.date_warnings(child, D("2025-12-10"), TODAY)[0]
    assert "18 months" in meetings.date_warnings(child, D("2028-12-11"), TODAY)[0]
    assert "Saturday" in meetings.date_warnings(child, D("2026-12-12"), TODAY)[0]
    assert "holiday" in meetings.date_warnings(child, D("2026-12-25"), TODAY)[0]
    assert "closed (break)" in meetings.date_warnings(child, D("2026-12-22"), TODAY)[0]


def test_new_meetings_get_their_kinds_checklists_and_distinct_ids(data_dir: Path) -> None:
    ws = workspace(data_dir)
    child = children.create(ws.store, "Sam", "504")
    ppt = meetings.new_meeting(ws, child, D("2026-12-10"), kind="ppt")
    assert [s.template.checklist for s in ppt.runs] == ["ct-ppt-prep"]
    both = meetings.new_meeting(
        ws, child, D("2026-12-10"), checklists=["ct-ppt-prep", "ct-504-or-iep"]
    )
    assert both.kind == "504"  # a child with a 504 plan meets as a 504 team by default
    ids = [both.id, *(s.id for s in both.runs)]
    assert len(set(ids)) == 3
    with pytest.raises(ServiceError, match="Did you mean ct-ppt-prep"):
        meetings.new_meeting(ws, child, D("2026-12-10"), checklists=["ct-ppt-prp"])
    with pytest.raises(InputError, match="outside the years"):
        meetings.new_meeting(ws, child, D("9999-12-31"))


def test_attaching_again_is_refused_and_detaching_names_what_is_there(data_dir: Path) -> None:
    ws = workspace(data_dir)
    child = children.create(ws.store, "Sam", "iep")
    child, _ = ws.update(child.id, meetings.new_meeting(ws, child, D("2026-12-10")))
    meeting = child.meetings[0]
    with pytest.raises(ServiceError, match="already attached"):
        meetings.attach(ws, child, meeting, ["ct-ppt-prep"])
    with pytest.raises(ServiceError, match="Attached: ct-ppt-prep"):
        meetings.detach(child, meeting, "ct-504-or-iep")
    child, _ = ws.update(child.id, meetings.detach(child, meeting, "ct-ppt-prep"))
    child, _ = ws.update(child.id, meetings.attach(ws, child, meeting, ["ct-ppt-prep"]))
    assert len([r for r in child.runs if r.checklist == "ct-ppt-prep"]) == 2  # a fresh run


def test_which_run_a_tick_means(data_dir: Path) -> None:
    ws = workspace(data_dir)
    child = children.create(ws.store, "Sam", "iep")
    child, _ = ws.update(child.id, meetings.new_meeting(ws, child, D("2026-12-10")))
    only = runs.pick_run(child, "ct-ppt-prep", None, TODAY)
    assert only.meeting == child.meetings[0].id
    child, _ = ws.update(child.id, meetings.new_meeting(ws, child, D("2026-12-14")))
    # Two running copies: a tick without --meeting is refused, naming both (SPEC).
    first, second = child.meetings
    with pytest.raises(ServiceError, match="2 running 'ct-ppt-prep' checklists") as refused:
        runs.pick_run(child, "ct-ppt-prep", None, TODAY)
    assert f"meeting {first.id} (2026-12-10)" in str(refused.value)
    assert f"meeting {second.id} (2026-12-14)" in str(refused.value)
    assert "--meeting M" in str(refused.value)
    later = runs.pick_run(child, "ct-ppt-prep", "2026-12-14", TODAY)
    assert later.meeting == second.id
    child, _ = ws.update(child.id, runs.start_standing(ws, child, "ct-504-monitoring"))
    assert runs.pick_run(child, "ct-504-monitoring", None, TODAY).meeting is None
    with pytest.raises(runs.AlreadyRunning):
        runs.start_standing(ws, child, "ct-504-monitoring")
    with pytest.raises(ServiceError, match="no running 'ct-iep-to-504'"):
        runs.pick_run(child, "ct-iep-to-504", None, TODAY)


def test_a_newer_version_of_the_same_checklist_is_taken_never_a_shadow(
    data_dir: Path, tmp_path: Path
) -> None:
    user = data_dir / "checklists"
    write_checklist(
        user, "mine.toml", checklist_text("mine", 1, kind="ongoing", items=[("a", "Do A")])
    )
    ws = workspace(data_dir)
    child = children.create(ws.store, "Sam")
    child, _ = ws.update(child.id, runs.start_standing(ws, child, "mine"))
    run = child.runs[0]
    assert ws.newer_template(run) is None
    write_checklist(
        user, "mine.toml", checklist_text("mine", 2, kind="ongoing", items=[("a", "Do A, now")])
    )
    ws.reload_library()
    assert ws.newer_template(run).version == 2
    shown = ws.for_display(child)
    assert shown.runs[0].find("a").text == "Do A, now"
    assert child.runs[0].version == 1  # shown, not written
    op = runs.with_newer_version(ws, run, Tick(run.id, "a", ws.clock.now()))
    saved, _ = ws.update(child.id, op)
    assert (saved.runs[0].version, saved.runs[0].state("a").state) == (2, "done")
    # A file elsewhere that shadows it, even at a higher version, is not taken silently.
    shadow = tmp_path / "shared"
    write_checklist(
        shadow, "mine.toml", checklist_text("mine", 9, kind="ongoing", items=[("z", "Other")])
    )
    ws = workspace(data_dir, [shadow])
    assert ws.library.get("mine").origin == "extra"
    assert ws.newer_template(saved.runs[0]) is None


def test_children_are_found_by_id_or_name_in_any_case(data_dir: Path) -> None:
    ws = workspace(data_dir)
    sam = children.create(ws.store, "Sam Rivera", "504")
    assert find_child(ws.store, "SAM RIVERA").id == sam.id
    assert find_child(ws.store, "Sam-Rivera").id == sam.id
    with pytest.raises(ServiceError, match="Did you mean sam-rivera"):
        find_child(ws.store, "sam")
    with pytest.raises(ServiceError, match="already exists"):
        children.create(ws.store, "sam rivera")
    with pytest.raises(InputError, match="control character"):
        children.create(ws.store, "Sam\x1b[2J")
    with pytest.raises(ServiceError, match="no meeting 'x'"):
        find_meeting(sam, "x")


def test_did_you_mean() -> None:
    assert did_you_mean("ct-ppt-prp", ["ct-ppt-prep", "ct-504-monitoring"]) == (
        " Did you mean ct-ppt-prep?"
    )
    assert did_you_mean("zzz", ["ct-ppt-prep"]) == ""
