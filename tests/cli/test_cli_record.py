"""The communication log, documents and the timeline from the shell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iepcheck.__main__ import main

TODAY = ["--today", "2026-12-01"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, *TODAY])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sam(capsys: pytest.CaptureFixture[str], data_dir: Path) -> str:
    run(capsys, "child", "add", "Sam", "--plan", "iep")
    return run(capsys, "meeting", "add", "sam", "2026-11-20", "--kind", "ppt")[1].strip()


def _overdue(capsys: pytest.CaptureFixture[str]) -> int:
    line = run(capsys, "status", "--brief")[1]
    return int(line.split(": ")[1].split(" item")[0]) if "overdue" in line else 0


def test_log_follow_up_answered_edit_remove(capsys: pytest.CaptureFixture[str], sam: str) -> None:
    before = _overdue(capsys)
    code, out, _ = run(
        capsys,
        "log",
        "add",
        "sam",
        "Asked for the draft IEP",
        "--with",
        "Ms. Park",
        "--via",
        "email",
        "--on",
        "2026-11-10",
        "--follow-up",
        "2026-11-17",
    )
    entry = out.strip()
    assert code == 0 and entry.startswith("c")
    # A follow-up date past and unanswered: overdue in status, --brief and the JSON.
    assert "Asked for the draft IEP" in run(capsys, "status", "sam")[1]
    assert _overdue(capsys) == before + 1
    data = json.loads(run(capsys, "status", "--json")[1])
    (follow,) = data["children"][0]["follow_ups"]
    assert (follow["id"], follow["overdue"], follow["with"]) == (entry, True, "Ms. Park")
    assert run(capsys, "log", "answered", "sam", entry, "--on", "2026-11-18")[0] == 0
    assert json.loads(run(capsys, "status", "--json")[1])["children"][0]["follow_ups"] == []
    assert run(capsys, "log", "edit", "sam", entry, "--text", "Asked for the IEP draft")[0] == 0
    listing = json.loads(run(capsys, "log", "list", "sam", "--json")[1])["log"]
    assert listing[0]["text"] == "Asked for the IEP draft"
    assert listing[0]["answered"] == "2026-11-18" and listing[0]["via"] == "email"
    code, _, err = run(capsys, "log", "remove", "sam", entry)
    assert code == 2 and "add --yes" in err
    assert run(capsys, "log", "remove", "sam", entry, "--yes")[0] == 0
    code, _, err = run(capsys, "log", "answered", "sam", entry)
    assert code == 1 and f"no log entry '{entry}'" in err
    code, _, err = run(capsys, "log", "add", "sam", "x", "--via", "pigeon")
    assert code == 2 and "not a way of contact" in err


def test_documents_with_their_verdicts(capsys: pytest.CaptureFixture[str], sam: str) -> None:
    code, out, _ = run(
        capsys, "doc", "add", "sam", "iep", "--received", "2026-12-01", "--meeting", sam
    )
    assert code == 0
    assert "late by 1 school day (5 school days after the PPT); due Mon 30 Nov 2026 — " in out
    code, _, err = run(capsys, "doc", "add", "sam", "ipe", "--received", "2026-12-01")
    assert code == 2 and "Did you mean iep?" in err
    code, _, err = run(capsys, "doc", "add", "sam", "iep", "--received", "2026-12-09")
    assert code == 2 and "in the future" in err
    data = json.loads(run(capsys, "doc", "list", "sam", "--json")[1])
    (doc,) = data["documents"]
    (verdict,) = doc["verdicts"]
    assert (verdict["status"], verdict["late_by"], verdict["due"]) == ("late", 1, "2026-11-30")
    assert "spednet.org" in verdict["source"]["url"]
    assert "late by 1 school day" in run(capsys, "export", "sam")[1]


def test_timeline_formats_and_the_incident_report(
    capsys: pytest.CaptureFixture[str], sam: str, tmp_path: Path
) -> None:
    run(capsys, "start", "sam", "ct-504-monitoring")
    run(capsys, "log", "add", "sam", "Called the office", "--on", "2026-11-12")
    code, out, _ = run(capsys, "timeline", "sam")
    assert code == 0
    lines = [line for line in out.splitlines() if " · " in line]
    assert lines[0].strip().startswith("Thu 12 Nov 2026 · Log · Contact: Called the office.")
    assert any("Meeting · PPT meeting" in line for line in lines)
    code, out, _ = run(capsys, "timeline", "sam", "--only", "missed")
    assert "missed accommodations and services" in out and "Nothing dated" in out
    target = tmp_path / "sam.html"
    assert run(capsys, "timeline", "sam", "-o", str(target))[0] == 0
    assert target.read_text().startswith("<!DOCTYPE html>")
    code, _, err = run(capsys, "timeline", "sam", "--from", "2026-13-01")
    assert code == 2 and "'2026-13-01' is not a date" in err


def test_ticking_an_item_about_a_document_records_it(
    capsys: pytest.CaptureFixture[str], sam: str
) -> None:
    # "Check that your copy of the IEP arrives", done on 27 Nov: the IEP is recorded as
    # received that day, for the meeting, and judged by the 5-school-day rule (due 30 Nov).
    code, _, err = run(capsys, "tick", "sam", "ct-ppt-prep/check-iep-copy", "--on", "2026-11-27")
    assert code == 0, err
    data = json.loads(run(capsys, "doc", "list", "sam", "--json")[1])
    (doc,) = data["documents"]
    assert (doc["kind"], doc["received"], doc["meeting"]) == ("iep", "2026-11-27", sam)
    assert (doc["verdicts"][0]["status"], doc["verdicts"][0]["due"]) == ("on time", "2026-11-30")
    # Ticking it again (already done) records nothing more.
    run(capsys, "tick", "sam", "ct-ppt-prep/check-iep-copy")
    assert len(json.loads(run(capsys, "doc", "list", "sam", "--json")[1])["documents"]) == 1


def test_log_answered_keeps_what_was_said(
    capsys: pytest.CaptureFixture[str], sam: str, data_dir: Path
) -> None:
    entry = run(
        capsys,
        "log",
        "add",
        "sam",
        "Asked for the draft",
        "--on",
        "2026-11-10",
        "--follow-up",
        "2026-11-17",
    )[1].strip()
    code, _, err = run(capsys, "log", "answered", "sam", entry, "--on", "2026-11-09")
    assert code == 2 and "before the day of the contact" in err
    code, out, _ = run(
        capsys,
        "log",
        "answered",
        "sam",
        entry,
        "--on",
        "2026-11-18",
        "--said",
        "Draft goes home Friday",
    )
    assert code == 0 and out.strip() == f"log entry {entry} answered on 2026-11-18"
    (row,) = json.loads(run(capsys, "log", "list", "sam", "--json")[1])["log"]
    assert (row["answered"], row["said"], row["letter"]) == (
        "2026-11-18",
        "Draft goes home Friday",
        None,
    )
    assert "[answered 2026-11-18: Draft goes home Friday]" in run(capsys, "log", "list", "sam")[1]
    assert 'said = "Draft goes home Friday"' in (data_dir / "children" / "sam.toml").read_text()
    assert "They said: Draft goes home Friday." in run(capsys, "timeline", "sam")[1]
    # Answered again without --said: the day changes, what was said stays.
    assert run(capsys, "log", "answered", "sam", entry, "--on", "2026-11-19")[0] == 0
    (row,) = json.loads(run(capsys, "log", "list", "sam", "--json")[1])["log"]
    assert (row["answered"], row["said"]) == ("2026-11-19", "Draft goes home Friday")
    code, _, err = run(capsys, "log", "answered", "sam", entry, "--said", "a\x07b")
    assert code == 2 and "control character" in err
