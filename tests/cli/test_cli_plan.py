"""The plan from the shell: plan set/show/compare, services, accommodations, goals and their
reports, with the names scripts rely on, their JSON, and a sentence for every mistake."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iepcheck.__main__ import main

TODAY = ["--today", "2026-11-30"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, *TODAY])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def maya(capsys: pytest.CaptureFixture[str], data_dir: Path) -> str:
    assert run(capsys, "child", "add", "Maya", "--plan", "none")[0] == 0
    return "maya"


def test_a_service_before_any_plan_is_refused_naming_plan_set(
    capsys: pytest.CaptureFixture[str], maya: str
) -> None:
    code, _, err = run(capsys, "service", "add", maya, "Speech", "--minutes", "60", "--per", "week")
    assert code == 1
    assert "maya has no plan in the record yet: start it with 'iepcheck plan set maya" in err
    code, _, err = run(capsys, "plan", "set", maya)
    assert code == 2 and "give its kind, --kind iep or --kind 504" in err
    child = json.loads(run(capsys, "status", "--json")[1])["children"][0]
    assert child["current_plan"] is None and child["plan"] == "none"


def test_the_plan_from_the_shell(capsys: pytest.CaptureFixture[str], maya: str) -> None:
    code, out, _ = run(
        capsys,
        "plan",
        "set",
        maya,
        "--kind",
        "iep",
        "--start",
        "2026-01-12",
        "--end",
        "2027-01-11",
        "--annual-review-by",
        "2027-01-11",
        "--reports",
        "report-cards,2026-11-06,2027-01-29",
    )
    assert code == 0 and out.startswith("started maya's IEP")
    # --kind changed the child's plan in the same change.
    status = json.loads(run(capsys, "status", "--json")[1])["children"][0]
    assert status["plan"] == "iep"
    code, out, _ = run(
        capsys,
        "service",
        "add",
        maya,
        "Speech",
        "--minutes",
        "90",
        "--per",
        "week",
        "--where",
        "resource room",
        "--by",
        "Ms. Kim",
    )
    speech = out.strip()
    assert code == 0
    code, out, _ = run(
        capsys,
        "service",
        "add",
        maya,
        "OT",
        "--minutes",
        "6",
        "--per",
        "cycle",
        "--cycle-days",
        "6",
    )
    services = json.loads(run(capsys, "service", "list", maya, "--json")[1])["services"]
    assert [(s["id"], s["name"], s["minutes"], s["per"]) for s in services] == [
        (speech, "Speech", 90, "week"),
        (out.strip(), "OT", 6, "cycle"),
    ]
    assert services[1]["minutes_per_week"] == 5.0
    assert run(capsys, "accommodation", "add", maya, "Extended time", "--where", "tests")[0] == 0
    run(capsys, "accommodation", "add", maya, "A copy of class notes")
    code, out, _ = run(
        capsys,
        "goal",
        "add",
        maya,
        "Reads 90 words a minute",
        "--area",
        "reading",
        "--baseline",
        "62",
        "--target",
        "90",
        "--unit",
        "wcpm",
        "--objective",
        "75 by April",
        "--objective",
        "85 by June",
    )
    goal = out.splitlines()[-1]  # the new goal's id alone on the last line
    assert code == 0 and len(goal) >= 4 and " " not in goal
    run(capsys, "goal", "add", maya, "Writes a paragraph")
    for on, status_word, value in (
        ("2026-06-12", "limited", "66"),
        ("2026-11-06", "no-progress", "66"),
    ):
        code, out, _ = run(
            capsys,
            "goal",
            "report",
            maya,
            goal,
            "--on",
            on,
            "--status",
            status_word,
            "--value",
            value,
        )
        assert code == 0
    assert "ask for a PPT to review the goal" in out
    goals = json.loads(run(capsys, "goal", "list", maya, "--json")[1])["goals"]
    assert goals[0]["id"] == goal and goals[0]["flag"] == "no-progress-twice"
    assert [(r["on"], r["status"], r["value"]) for r in goals[0]["reports"]] == [
        ("2026-06-12", "limited", 66),
        ("2026-11-06", "no-progress", 66),
    ]
    assert [o["text"] for o in goals[0]["objectives"]] == ["75 by April", "85 by June"]
    # status --json: the plan's object, the review within 30 school days with no meeting set.
    child = json.loads(run(capsys, "status", "--json")[1])["children"][0]
    current = child["current_plan"]
    assert (current["kind"], current["annual_review_by"], current["no_meeting_set"]) == (
        "iep",
        "2027-01-11",
        True,
    )
    assert (current["goals"][0]["id"], current["goals"][0]["flag"]) == (goal, "no-progress-twice")
    assert current["goals"][1]["flag"] == ""
    text = run(capsys, "status", maya)[1]
    assert "annual review due Mon 11 Jan 2027" in text and "no meeting set" in text
    assert "no progress in the last two reports: Reads 90 words a minute" in text
    brief = run(capsys, "status", "--brief")[1]
    assert brief.startswith("Maya: annual review due in about") and "no meeting set" in brief
    shown = run(capsys, "plan", "show", maya)[1]
    assert "Speech: 90 min a week, resource room, by Ms. Kim" in shown
    assert "NO PROGRESS TWICE" in shown and "Extended time (tests)" in shown

    # A new IEP: the current one kept as the previous; speech re-entered with fewer minutes.
    code, out, _ = run(capsys, "plan", "set", maya, "--new", "--start", "2027-01-12")
    assert code == 0 and "copied from" in out and "2 services" in out
    new_speech = json.loads(run(capsys, "service", "list", maya, "--json")[1])["services"][0]
    assert new_speech["link"] == speech
    assert run(capsys, "service", "remove", maya, new_speech["id"], "--yes")[0] == 0
    run(
        capsys,
        "service",
        "add",
        maya,
        "speech",
        "--minutes",
        "2",
        "--per",
        "week",
        "--where",
        "Resource room",
        "--by",
        "Ms. Kim",
    )
    new_acc = json.loads(run(capsys, "accommodation", "list", maya, "--json")[1])
    code, _, err = run(capsys, "accommodation", "remove", maya, new_acc["accommodations"][0]["id"])
    assert code == 2 and "add --yes" in err
    run(capsys, "accommodation", "remove", maya, new_acc["accommodations"][0]["id"], "--yes")
    new_goals = json.loads(run(capsys, "goal", "list", maya, "--json")[1])["goals"]
    run(capsys, "goal", "remove", maya, new_goals[1]["id"], "--yes")
    # The copied goal's chart spans both plans.
    assert [r["on"] for r in new_goals[0]["earlier_reports"]] == ["2026-06-12", "2026-11-06"]
    found = json.loads(run(capsys, "plan", "compare", maya, "--json")[1])
    changes = {(c["kind"], c["change"], c["name"]) for c in found["changes"]}
    assert changes == {
        ("service", "cut", "speech"),
        ("accommodation", "removed", "Extended time"),
        ("goal", "removed", "Writes a paragraph"),
    }
    assert found["cut"] and found["draft"] is False
    assert [(s["checklist"], s["item"]) for s in found["next_steps"]][:2] == [
        ("ct-ppt-prep", "check-prior-written-notice"),
        ("ct-disputes", "disagree-in-writing"),
    ]
    text = run(capsys, "plan", "compare", maya)[1]
    assert "CUT      speech: cut from 90 to 2 min a week" in text
    assert "A service is cut. What to do now:" in text


def test_a_draft_beside_the_current_plan_compared_then_adopted(
    capsys: pytest.CaptureFixture[str], maya: str
) -> None:
    run(capsys, "plan", "set", maya, "--kind", "iep", "--start", "2026-01-12")
    run(capsys, "service", "add", maya, "Speech", "--minutes", "60", "--per", "week")
    assert run(capsys, "plan", "set", maya, "--new", "--draft")[0] == 0
    code, _, err = run(capsys, "plan", "set", maya, "--new", "--draft")
    assert code == 1 and "has a draft plan already" in err
    draft = json.loads(run(capsys, "service", "list", maya, "--draft", "--json")[1])
    sid = draft["services"][0]["id"]
    run(capsys, "service", "remove", maya, sid, "--draft", "--yes")
    run(capsys, "service", "add", maya, "Speech", "--minutes", "120", "--per", "month", "--draft")
    text = run(capsys, "plan", "compare", maya)[1]
    assert text.startswith("The draft IEP")
    assert "Speech: cut from 60 to 27.7 min a week" in text
    assert "What to do before the meeting" in text and "ct-ppt-prep/ask-pwn-for-cuts" in text
    assert run(capsys, "plan", "set", maya, "--adopt", "--kind", "504")[0] == 0
    shown = json.loads(run(capsys, "plan", "show", maya, "--json")[1])
    assert shown["current"]["id"] == draft["plan"] and shown["draft"] is None
    assert shown["previous"]["state"] == "previous"
    assert shown["plan"] == "504"  # the child's plan followed the adopted one's kind


def test_mistakes_are_sentences_naming_the_argument(
    capsys: pytest.CaptureFixture[str], maya: str
) -> None:
    run(capsys, "plan", "set", maya, "--kind", "iep")
    cases = [
        (["service", "add", maya, "OT", "--minutes", "x", "--per", "week"], "--minutes 'x'"),
        (["service", "add", maya, "OT", "--minutes", "6", "--per", "cycle"], "--cycle-days"),
        (["plan", "set", maya, "--start", "2026-13-01"], "--start: '2026-13-01' is not a date"),
        (["plan", "set", maya, "--kind", "ifsp"], "--kind 'ifsp' is not a plan"),
        (["plan", "set", maya, "--start", "2027-01-01", "--end", "2026-01-01"], "--end"),
        (["goal", "report", maya, "gzzz", "--on", "2026-11-01", "--status", "limited"], "no goal"),
        (["plan", "compare", maya], "compare needs a draft beside it"),
        (["plan", "set", maya, "--adopt"], "no draft plan to adopt"),
    ]
    for argv, words in cases:
        code, _, err = run(capsys, *argv)
        assert code in (1, 2) and words in err and "Traceback" not in err, (argv, err)
    goal = run(capsys, "goal", "add", maya, "Reads")[1].splitlines()[-1]
    code, _, err = run(
        capsys, "goal", "report", maya, goal, "--on", "2026-11-01", "--status", "great"
    )
    assert code == 2 and "--status 'great' is not a progress status" in err
    code, _, err = run(capsys, "goal", "report", maya, goal, "--on", "2027-03-01", "--status", "1")
    assert code == 2 and "in the future" in err


def test_an_own_item_linked_to_the_plans_service(
    capsys: pytest.CaptureFixture[str], maya: str, data_dir: Path
) -> None:
    from iepcheck.records.store import Store

    run(capsys, "plan", "set", maya, "--kind", "iep")
    assert run(capsys, "start", maya, "ct-iep-monitoring")[0] == 0
    store = Store(data_dir)
    child = store.load(maya)
    run_ = child.runs[0]
    section = next(n for n, s in enumerate(run_.sections) if s.from_plan == "services")
    from iepcheck.records.model import ItemCopy
    from iepcheck.records.operations import AddOwnItem, Tick

    from ..helpers import at

    own = ItemCopy("own-sp", "Speech 2x30", repeat="weekly", own=True, added=at("2026-10-01"))
    store.update(maya, AddOwnItem(run_.id, section, own).apply)
    store.update(maya, Tick(run_.id, "own-sp", at("2026-10-08")).apply)
    code, out, _ = run(
        capsys,
        "service",
        "add",
        maya,
        "Speech",
        "--minutes",
        "60",
        "--per",
        "week",
        "--item",
        "ct-iep-monitoring/own-sp",
    )
    assert code == 0 and "your item ct-iep-monitoring/own-sp is now the plan's plan-" in out
    saved = store.load(maya).runs[0]
    assert saved.find("own-sp") is None
    item = next(i for s in saved.sections for i in s.items if i.plan)
    assert len(saved.state(item.id).completions) == 1
    # The plan's item is ticked from the shell like any item.
    code, out, _ = run(capsys, "tick", maya, f"ct-iep-monitoring/{item.id}")
    assert code == 0 and out.strip() == f"ct-iep-monitoring/{item.id}: done"
    code, _, err = run(
        capsys, "accommodation", "add", maya, "Notes", "--item", "ct-iep-monitoring/own-zz"
    )
    assert code == 1 and "--item: no item of your own 'ct-iep-monitoring/own-zz'" in err
