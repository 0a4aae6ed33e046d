"""A missed accommodation or service from the shell: ``missed CHILD TEXT --on D`` on the running
monitoring checklist's log item or on the plan's own services and accommodations, listed (and
as JSON), edited field by field, removed; the same entries the app and the timeline show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iepcheck.__main__ import main
from iepcheck.records.store import Store

TODAY = ["--today", "2026-11-28"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, *TODAY])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sam(capsys: pytest.CaptureFixture[str]) -> str:
    assert run(capsys, "child", "add", "Sam", "--plan", "504")[0] == 0
    return "sam"


def _log(data_dir: Path, item: str = "log-missed-weekly") -> list:
    child = Store(data_dir).load("sam")
    return [e for r in child.runs for i, s in r.items.items() if i == item for e in s.log]


def test_missed_goes_on_the_monitoring_checklists_log_item(
    capsys: pytest.CaptureFixture[str], sam: str, data_dir: Path
) -> None:
    code, _, err = run(capsys, "missed", "sam", "No extended time", "--on", "2026-11-20")
    assert code == 1 and "no running monitoring checklist" in err
    assert "iepcheck start sam ct-504-monitoring" in err
    assert run(capsys, "start", "sam", "ct-504-monitoring")[0] == 0
    code, out, err = run(
        capsys,
        "missed",
        "sam",
        "No extended time on the quiz",
        "--on",
        "2026-11-20",
        "--where",
        "Math",
        "--told",
        "Ms. Lee",
        "--told-on",
        "2026-11-21",
    )
    assert code == 0, err
    (entry,) = _log(data_dir)
    assert out.startswith(f"{entry.id}  2026-11-20  logged on ct-504-monitoring/log-missed-weekly")
    assert (entry.text, entry.where, entry.told, str(entry.told_on)) == (
        "No extended time on the quiz",
        "Math",
        "Ms. Lee",
        "2026-11-21",
    )
    # What the timeline's incident report says, from the same entry.
    code, out, _ = run(capsys, "timeline", "sam", "--only", "missed")
    assert "Not provided: No extended time on the quiz (Math). Told Ms. Lee" in out


def test_two_monitoring_checklists_are_refused_naming_both(
    capsys: pytest.CaptureFixture[str], sam: str, data_dir: Path
) -> None:
    run(capsys, "start", "sam", "ct-504-monitoring")
    run(capsys, "start", "sam", "ct-iep-monitoring")
    code, _, err = run(capsys, "missed", "sam", "No notes", "--on", "2026-11-20")
    assert code == 1
    assert "ct-504-monitoring/log-missed-weekly" in err
    assert "ct-iep-monitoring/log-missed-weekly" in err and "--item" in err
    assert _log(data_dir) == []
    code, out, _ = run(
        capsys,
        "missed",
        "sam",
        "No notes",
        "--on",
        "2026-11-20",
        "--item",
        "ct-iep-monitoring/log-missed-weekly",
    )
    assert code == 0 and "ct-iep-monitoring/log-missed-weekly" in out


def test_the_plans_services_and_accommodations_are_items_too(
    capsys: pytest.CaptureFixture[str], sam: str, data_dir: Path
) -> None:
    run(capsys, "plan", "set", "sam", "--kind", "iep", "--start", "2026-09-01")
    service = run(capsys, "service", "add", "sam", "Speech", "--minutes", "30", "--per", "week")[
        1
    ].strip()
    run(capsys, "accommodation", "add", "sam", "Extended time on tests")
    run(capsys, "start", "sam", "ct-iep-monitoring")
    # By the plan entry's id, by its item's id, and by its words.
    for item in (service, f"plan-{service}", "speech"):
        code, out, err = run(
            capsys, "missed", "sam", "SLP out", "--on", "2026-11-24", "--item", item
        )
        assert code == 0, err
        assert f"ct-iep-monitoring/plan-{service} (Speech: 30 min a week)" in out
    assert len(_log(data_dir, f"plan-{service}")) == 3
    code, _, err = run(capsys, "missed", "sam", "x", "--on", "2026-11-24", "--item", "e")
    assert code == 1 and "'e' fits 2 items" in err  # spEech, Extended time
    code, _, err = run(capsys, "missed", "sam", "x", "--on", "2026-11-24", "--item", "music")
    assert code == 1 and "no item 'music'" in err and f"plan-{service} (Speech" in err
    code, _, err = run(
        capsys, "missed", "sam", "x", "--on", "2026-11-24", "--item", "ct-iep-monitoring/nope"
    )
    assert code == 1 and "no item 'nope' in ct-iep-monitoring" in err


def test_dates_and_text_are_checked_before_anything_is_written(
    capsys: pytest.CaptureFixture[str], sam: str, data_dir: Path
) -> None:
    run(capsys, "start", "sam", "ct-504-monitoring")
    for argv, said in (
        (["x", "--on", "2026-12-01"], "--on: 2026-12-01 is in the future"),
        (["x", "--on", "last tuesday"], "is not a date like"),
        (["x", "--on", "2026-11-20", "--until", "2026-11-19"], "is before --on"),
        (["", "--on", "2026-11-20"], "the text is empty"),
        (["bell\x07", "--on", "2026-11-20"], "control character"),
    ):
        code, _, err = run(capsys, "missed", "sam", *argv)
        assert code == 2 and said in err, (argv, err)
    code, _, err = run(capsys, "missed", "sam", "x")
    assert code == 2 and "--on" in err  # required
    assert _log(data_dir) == []


def test_list_edit_and_remove_with_json(
    capsys: pytest.CaptureFixture[str], sam: str, data_dir: Path
) -> None:
    run(capsys, "start", "sam", "ct-504-monitoring")
    code, out, _ = run(capsys, "missed", "list", "sam")
    assert code == 0 and "Nothing missed logged for sam" in out
    first = run(capsys, "missed", "sam", "No reader", "--on", "2026-11-24", "--where", "ELA")[1]
    second = run(capsys, "missed", "add", "sam", "Removed from class", "--on", "2026-11-18")[1]
    first, second = first.split()[0], second.split()[0]
    code, out, _ = run(capsys, "missed", "list", "sam", "--json")
    listed = json.loads(out)
    assert listed["child"] == "sam" and listed["child_name"] == "Sam"
    assert [m["id"] for m in listed["missed"]] == [second, first]  # by the day it happened
    row = listed["missed"][1]
    assert {k: row[k] for k in ("day", "until", "text", "where", "told", "told_on")} == {
        "day": "2026-11-24",
        "until": None,
        "text": "No reader",
        "where": "ELA",
        "told": None,
        "told_on": None,
    }
    assert (row["checklist"], row["item"], row["running"]) == (
        "ct-504-monitoring",
        "log-missed-weekly",
        True,
    )
    assert row["words"] == "No reader (ELA)" and row["ref"].endswith(f"/{first}")
    code, out, _ = run(capsys, "missed", "list", "sam")
    assert (
        f"{first}  Tue 24 Nov 2026  No reader (ELA)  [ct-504-monitoring/log-missed-weekly]" in out
    )

    code, out, _ = run(
        capsys, "missed", "edit", "sam", first, "--until", "2026-11-25", "--told", "Mr. Case"
    )
    assert code == 0 and out.strip() == f"changed {first}: told, until"
    entry = next(e for e in _log(data_dir) if e.id == first)
    assert (entry.text, entry.where, entry.told, str(entry.until)) == (
        "No reader",
        "ELA",
        "Mr. Case",
        "2026-11-25",
    )
    assert run(capsys, "missed", "edit", "sam", first, "--until", "none")[0] == 0
    assert next(e for e in _log(data_dir) if e.id == first).until is None
    code, _, err = run(capsys, "missed", "edit", "sam", first)
    assert code == 2 and "name what to change" in err
    code, _, err = run(capsys, "missed", "edit", "sam", first, "--until", "2026-11-01")
    assert code == 2 and "before the first" in err
    code, _, err = run(capsys, "missed", "edit", "sam", "nope", "--text", "x")
    assert code == 1 and "no missed entry 'nope'" in err and first in err

    code, _, err = run(capsys, "missed", "remove", "sam", second)
    assert code == 2 and "--yes" in err
    assert run(capsys, "missed", "remove", "sam", second, "--yes")[0] == 0
    assert [e.id for e in _log(data_dir)] == [first]


def test_missed_help_lists_its_actions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["missed", "--help"]) == 0
    out = capsys.readouterr().out
    assert all(action in out for action in ("add", "list", "edit", "remove"))
