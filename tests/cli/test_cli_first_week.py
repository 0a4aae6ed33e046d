"""What a new parent and an advocate ran into in their first week (issue 23), on the command
line, in process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iepcheck.__main__ import main

TODAY = ["--today", "2026-11-28"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, *TODAY])
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    return out


# -- item 2: status --days N never hides what is overdue ---------------------------------------


def test_overdue_shows_whatever_the_look_ahead(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "child", "add", "Sam Rivera", "--plan", "504")
    ok(capsys, "meeting", "add", "sam-rivera", "2026-12-06", "--kind", "ppt")
    out = ok(capsys, "status", "sam-rivera", "--days", "7")
    assert "OVERDUE" in out
    assert "Nothing coming up" not in out and "Add a meeting" not in out
    (child,) = json.loads(ok(capsys, "status", "--json", "--days", "7"))["children"]
    (meeting,) = child["meetings"]
    assert meeting["days_left"] == 8 and meeting["overdue"]


def test_a_later_meeting_is_named_not_add_a_meeting(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "child", "add", "Maya Chen", "--plan", "iep")
    ok(capsys, "meeting", "add", "maya-chen", "2027-03-01", "--title", "Annual review")
    out = ok(capsys, "status", "maya-chen", "--days", "7")
    assert "Add a meeting" not in out
    assert "Next meeting: Annual review (PPT) Mon 1 Mar 2027, in 93 days" in out
    (child,) = json.loads(ok(capsys, "status", "--json", "--days", "7"))["children"]
    assert child["meetings"] == [] and [m["date"] for m in child["later"]] == ["2027-03-01"]
    ok(capsys, "child", "add", "Ana Diaz")
    out = ok(capsys, "status", "ana-diaz", "--days", "7")
    assert "Nothing coming up. Add a meeting: iepcheck meeting add ana-diaz DATE" in out


# -- item 5: a meeting's checklist is never started as a standing one ----------------------------


def test_start_refuses_a_meeting_checklist(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "child", "add", "Sam Rivera", "--plan", "504")
    code, out, err = run(capsys, "start", "sam-rivera", "ct-ppt-prep")
    assert code == 1 and out == ""
    assert "meeting attach sam-rivera M ct-ppt-prep" in err and "Traceback" not in err
    assert json.loads(ok(capsys, "status", "--json"))["children"][0]["standing"] == []
    ok(capsys, "start", "sam-rivera", "ct-504-monitoring")  # a standing checklist starts


def test_tick_with_two_candidate_runs_names_them(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    from iepcheck.records.operations import RunSeed, StartRun
    from iepcheck.service.workspace import Workspace

    ok(capsys, "child", "add", "Sam Rivera", "--plan", "504")
    meeting = ok(capsys, "meeting", "add", "sam-rivera", "2026-12-10", "--kind", "ppt").strip()
    # A standing copy of the meeting's checklist, as an earlier version let `start` make.
    ws = Workspace(data_dir)
    child = ws.store.load("sam-rivera")
    seed = RunSeed("zz9", ws.template("ct-ppt-prep"), child.meetings[0].date)
    ws.update("sam-rivera", StartRun(seed))
    code, _, err = run(capsys, "tick", "sam-rivera", "ct-ppt-prep/ask-for-eval-reports")
    assert code == 1
    assert f"meeting {meeting} (2026-12-10)" in err and "the standing one" in err
    assert "iepcheck stop sam-rivera ct-ppt-prep" in err
    out = ok(capsys, "tick", "sam-rivera", "ct-ppt-prep/ask-for-eval-reports", "--meeting", meeting)
    assert "done" in out


# -- item 6: a standing checklist can be stopped ---------------------------------------------


def test_stop_a_standing_checklist(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    from iepcheck.records.store import Store

    ok(capsys, "child", "add", "Sam Rivera", "--plan", "504")
    ok(capsys, "start", "sam-rivera", "ct-504-monitoring")
    ok(capsys, "tick", "sam-rivera", "ct-504-monitoring/get-signed-plan")
    code, _, err = run(capsys, "stop", "sam-rivera", "ct-504-monitoring")
    assert code == 2 and "--yes" in err  # asks first (like meeting remove)
    assert json.loads(ok(capsys, "status", "--json"))["children"][0]["standing"] != []
    out = ok(capsys, "stop", "sam-rivera", "ct-504-monitoring", "--yes")
    assert "stay in the record" in out
    # It leaves status; its tick stays in the record and the timeline.
    assert json.loads(ok(capsys, "status", "--json"))["children"][0]["standing"] == []
    assert "Done: Get a copy of the signed 504 plan" in ok(capsys, "timeline", "sam-rivera")
    (stopped,) = Store(data_dir).load("sam-rivera").runs
    assert stopped.archived and stopped.state("get-signed-plan").state == "done"
    # Stopped already, or never started: a sentence.
    code, _, err = run(capsys, "stop", "sam-rivera", "ct-504-monitoring", "--yes")
    assert code == 1 and "no standing 'ct-504-monitoring'" in err
    # start afterwards begins a fresh run.
    ok(capsys, "start", "sam-rivera", "ct-504-monitoring")
    (entry,) = json.loads(ok(capsys, "status", "--json"))["children"][0]["standing"]
    assert entry["done"] == 0


def test_stop_names_the_meeting_of_a_meeting_checklist(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "child", "add", "Sam Rivera", "--plan", "504")
    meeting = ok(capsys, "meeting", "add", "sam-rivera", "2026-12-10", "--kind", "ppt").strip()
    code, _, err = run(capsys, "stop", "sam-rivera", "ct-ppt-prep", "--yes")
    assert code == 1 and f"meeting detach sam-rivera {meeting} ct-ppt-prep" in err


# -- item 14 (and issue 21 item 17): Markdown escapes structure, and nothing else ---------------


def test_markdown_export_reads_as_typed(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "child", "add", "Sam Rivera", "--plan", "504")
    ok(capsys, "meeting", "add", "sam-rivera", "2026-12-10", "--kind", "ppt", "--title", "Review")
    note = "1. Ask about speech (SLP) &amp; OT"
    ok(capsys, "tick", "sam-rivera", "ct-ppt-prep/take-notes", "--note", note)
    md = ok(capsys, "export", "sam-rivera", "--format", "md")
    assert "ct-ppt-prep version" in md and "Review (PPT)" in md
    assert "ct\\-" not in md and "\\(" not in md
    assert "Note: 1. Ask about speech (SLP) \\&amp; OT" in md


# -- item 13: export -o refuses an extension it cannot write ----------------------------------


def test_export_refuses_a_pdf(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ok(capsys, "child", "add", "Sam Rivera", "--plan", "504")
    for name in ("record.pdf", "record.docx"):
        target = tmp_path / name
        code, out, err = run(capsys, "export", "sam-rivera", "-o", str(target))
        assert code == 2 and out == "" and not target.exists()
        assert f"{name}: iepcheck writes .html, .md or .txt" in err and "PDF" in err
        code, _, err = run(capsys, "timeline", "sam-rivera", "-o", str(target))
        assert code == 2 and not target.exists()
    code, _, err = run(capsys, "export", "sam-rivera", "-o", str(tmp_path))
    assert code == 2 and "is a folder" in err
    ok(capsys, "export", "sam-rivera", "-o", str(tmp_path / "record.html"))
    assert (tmp_path / "record.html").read_text().startswith("<!DOCTYPE html>")


def test_the_timeline_counts_one_entry(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "child", "add", "Sam Rivera", "--plan", "504")
    ok(capsys, "log", "add", "sam-rivera", "Asked for the plan")
    assert "1 entry." in ok(capsys, "timeline", "sam-rivera")


# -- item 9: a kind of document by its name -----------------------------------------------------


@pytest.mark.parametrize(
    "typed, kind",
    [
        ("504 plan", "504-plan"),
        ("504-plan", "504-plan"),
        ("504_PLAN", "504-plan"),
        ("Prior Written Notice", "pwn"),
        ("draft IEP", "draft-iep"),
        ("progress report", "progress-report"),
    ],
)
def test_a_document_kind_is_taken_by_its_name(
    capsys: pytest.CaptureFixture[str], typed: str, kind: str
) -> None:
    ok(capsys, "child", "add", "Sam Rivera", "--plan", "504")
    ok(capsys, "doc", "add", "sam-rivera", typed, "--received", "2026-11-20")
    (doc,) = json.loads(ok(capsys, "doc", "list", "sam-rivera", "--json"))["documents"]
    assert doc["kind"] == kind


def test_an_unknown_kind_is_a_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "child", "add", "Sam Rivera", "--plan", "504")
    code, _, err = run(capsys, "doc", "add", "sam-rivera", "504 plna", "--received", "2026-11-20")
    assert code != 0 and "is not a kind of document" in err and "504-plan" in err


# -- item 18: a checklist folder others can change gets a warning -----------------------------


def test_a_checklist_folder_others_can_write_is_warned_of(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    mine = tmp_path / "mine"
    mine.mkdir(mode=0o700)
    ok(capsys, "child", "add", "Sam Rivera", "--plan", "504")
    for command in (["list"], ["status"], ["status", "--brief"], ["list", "--json"]):
        code, _, err = run(capsys, *command, "--checklists", str(shared))
        assert code == 0
        assert f"warning: {shared} can be changed by other users" in err, command
        code, _, err = run(capsys, *command, "--checklists", str(mine))
        assert code == 0 and "warning" not in err
    monkeypatch.setenv("IEPCHECK_CHECKLISTS", str(shared))
    code, _, err = run(capsys, "list")
    assert f"warning: {shared} can be changed by other users" in err
