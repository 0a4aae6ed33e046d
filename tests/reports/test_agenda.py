"""One agenda across every child, by date (``iepcheck agenda``), on fixed calendars."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from iepcheck.__main__ import main
from iepcheck.reports.agenda import agenda, agenda_text

from ..helpers import write_checklist

TODAY = "2026-12-01"  # a Tuesday

PREP = """format = 1
id = "agenda-prep"
version = 1
title = "Agenda prep"
kind = "meeting"

[[sections]]
title = "Before"

[[sections.items]]
id = "early"
text = "Ask for the records"
due = "10 days before"

[[sections.items]]
id = "soon"
text = "Write the concerns letter"
due = "3 days before"

[[sections.items]]
id = "there"
text = "Bring the notes"
due = "at the meeting"

[[sections.items]]
id = "whenever"
text = "Read the guide"
"""

WATCH = """format = 1
id = "agenda-watch"
version = 1
title = "Agenda watch"
kind = "ongoing"

[[sections]]
title = "Each week"

[[sections.items]]
id = "weekly"
text = "Ask which accommodations happened"
repeat = "weekly"
"""


@pytest.fixture
def lists(tmp_path: Path) -> Path:
    folder = tmp_path / "lists"
    write_checklist(folder, "agenda-prep.toml", PREP)
    write_checklist(folder, "agenda-watch.toml", WATCH)
    return folder


def run(capsys: pytest.CaptureFixture[str], lists: Path, *argv: str) -> str:
    code = main([*argv, "--checklists", str(lists), "--today", TODAY])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.fixture
def families(capsys: pytest.CaptureFixture[str], lists: Path) -> dict[str, str]:
    """Four families: a PPT with dated items (Ana), follow-ups and a weekly check (Ben), an
    IEP's review and progress report (Cy), and a meeting beyond the look-ahead (Dee)."""
    ids: dict[str, str] = {}
    for name in ("Ana Diaz", "Ben Ode", "Cy Park", "Dee Lu"):
        run(capsys, lists, "child", "add", name)
    ids["ana"] = run(
        capsys, lists, "meeting", "add", "ana-diaz", "2026-12-08", "--time", "10:00",
        "--title", "Annual review", "--checklist", "agenda-prep",
    ).split()[-1]  # fmt: skip
    ids["late"] = run(
        capsys, lists, "log", "add", "ben-ode", "Asked for the records",
        "--on", "2026-11-20", "--follow-up", "2026-11-27",
    ).split()[-1]  # fmt: skip
    ids["bus"] = run(
        capsys, lists, "log", "add", "ben-ode", "Asked about the bus", "--with", "Ms. Diaz",
        "--on", "2026-11-30", "--follow-up", "2026-12-08",
    ).split()[-1]  # fmt: skip
    run(
        capsys, lists, "log", "add", "ben-ode", "Answered already",
        "--on", "2026-11-30", "--follow-up", "2026-12-04",
    )  # fmt: skip
    answered = json.loads(run(capsys, lists, "log", "list", "ben-ode", "--json"))
    last = next(e for e in answered["log"] if e["text"] == "Answered already")["id"]
    run(capsys, lists, "log", "answered", "ben-ode", last)
    run(capsys, lists, "start", "ben-ode", "agenda-watch")
    run(capsys, lists, "tick", "ben-ode", "agenda-watch/weekly", "--on", "2026-11-30")
    run(
        capsys, lists, "plan", "set", "cy-park", "--kind", "iep",
        "--annual-review-by", "2026-12-20", "--reevaluation-by", "2027-06-01",
        "--reports", "2026-12-08",
    )  # fmt: skip
    run(capsys, lists, "meeting", "add", "dee-lu", "2027-03-01", "--kind", "ppt")
    return ids


def rows(entries: list[dict[str, Any]]) -> list[tuple[str, str, str, str]]:
    return [(e["due"], e["kind"], e["child_name"], e["text"]) for e in entries]


def test_overdue_first_then_each_day_across_families(
    capsys: pytest.CaptureFixture[str], lists: Path, families: dict[str, str]
) -> None:
    doc = json.loads(run(capsys, lists, "agenda", "--json"))
    assert doc["today"] == TODAY
    # Overdue, oldest first: Ana's item due 10 days before the PPT (Sat 28 Nov falls back to
    # the school day before), Ben's follow-up past its date.
    assert rows(doc["overdue"]) == [
        ("2026-11-27", "item", "Ana Diaz", "Ask for the records"),
        ("2026-11-27", "follow-up", "Ben Ode", "Asked for the records"),
    ]
    # Then each day with something on it, in order; on the PPT's day the meeting first (with
    # the items due at the meeting itself), the plan's date, the items, the follow-ups
    # (children by name within each kind). The answered follow-up, the undated item and
    # Dee's meeting in March are not there.
    assert [d["date"] for d in doc["days"]] == [
        "2026-12-04",
        "2026-12-07",
        "2026-12-08",
        "2026-12-20",
    ]
    assert rows([e for d in doc["days"] for e in d["entries"]]) == [
        ("2026-12-04", "item", "Ana Diaz", "Write the concerns letter"),
        ("2026-12-07", "item", "Ben Ode", "Ask which accommodations happened"),
        ("2026-12-08", "meeting", "Ana Diaz", "Annual review"),
        ("2026-12-08", "plan", "Cy Park", "progress report due"),
        ("2026-12-08", "follow-up", "Ben Ode", "Asked about the bus"),
        ("2026-12-20", "plan", "Cy Park", "annual review due: no meeting set"),
    ]


def test_each_entry_has_its_keys_and_says_where_it_lives(
    capsys: pytest.CaptureFixture[str], lists: Path, families: dict[str, str]
) -> None:
    doc = json.loads(run(capsys, lists, "agenda", "--json"))
    assert set(doc) >= {"today", "overdue", "days"}
    every = doc["overdue"] + [e for d in doc["days"] for e in d["entries"]]
    base = {"child", "child_name", "kind", "text", "due", "checklist", "item"}
    assert all(set(e) >= base for e in every)
    by_text = {e["text"]: e for e in every}
    meeting = by_text["Annual review"]
    assert (meeting["child"], meeting["meeting"], meeting["time"]) == (
        "ana-diaz",
        families["ana"],
        "10:00",
    )
    assert (meeting["checklist"], meeting["item"]) == (None, None)
    assert meeting["at_meeting"] == [
        {"checklist": "agenda-prep", "item": "there", "text": "Bring the notes"}
    ]
    item = by_text["Write the concerns letter"]
    assert (item["checklist"], item["item"], item["meeting"]) == (
        "agenda-prep",
        "soon",
        families["ana"],
    )
    assert item["run"]  # the run to open
    weekly = by_text["Ask which accommodations happened"]
    assert (weekly["meeting"], weekly["checklist"]) == (None, "agenda-watch") and weekly["run"]
    bus = by_text["Asked about the bus"]
    assert (bus["id"], bus["with"], bus["child"]) == (families["bus"], "Ms. Diaz", "ben-ode")
    review = by_text["annual review due: no meeting set"]
    assert (review["what"], review["legal"], review["urgent"]) == ("annual-review", True, True)


def test_the_look_ahead_and_nothing_due(
    capsys: pytest.CaptureFixture[str], lists: Path, families: dict[str, str]
) -> None:
    doc = json.loads(run(capsys, lists, "agenda", "--json", "--days", "3"))
    assert [d["date"] for d in doc["days"]] == ["2026-12-04"]
    assert len(doc["overdue"]) == 2  # overdue whatever the look-ahead
    doc = json.loads(run(capsys, lists, "agenda", "--json", "--days", "120"))
    march = [e for d in doc["days"] for e in d["entries"] if d["date"] == "2027-03-01"]
    assert rows(march)[0] == ("2027-03-01", "meeting", "Dee Lu", "PPT meeting")
    text = run(capsys, lists, "agenda", "--days", "0")
    assert text.rstrip().endswith("Nothing else due in the next 0 days.")
    assert "Overdue" in text


def test_an_empty_agenda_says_so(capsys: pytest.CaptureFixture[str], lists: Path) -> None:
    run(capsys, lists, "child", "add", "Sam")
    text = run(capsys, lists, "agenda", "--days", "14")
    assert text.splitlines()[-1] == "Nothing due in the next 14 days."
    assert json.loads(run(capsys, lists, "agenda", "--json"))["days"] == []


def test_the_text_puts_headings_over_days(
    capsys: pytest.CaptureFixture[str], lists: Path, families: dict[str, str]
) -> None:
    lines = run(capsys, lists, "agenda").splitlines()
    assert lines[0] == "Today is Tue 1 Dec 2026. Looking 60 days ahead."
    at = lines.index("Tue 8 Dec 2026")
    assert lines[at + 1 : at + 5] == [
        "  Ana Diaz: PPT at 10:00: Annual review (1 item at the meeting)  "
        f"[meeting {families['ana']}]",
        "  Cy Park: progress report due  [plan]",
        f"  Ben Ode: follow up: Asked about the bus (Ms. Diaz)  [log {families['bus']}]",
        "",
    ]
    assert lines[lines.index("Overdue") + 1] == (
        "  Fri 27 Nov  Ana Diaz: Ask for the records  [agenda-prep/early]"
    )
    assert "Fri 4 Dec 2026" in lines and "Mon 7 Dec 2026" in lines


def test_a_ticked_item_and_an_answer_leave_the_agenda(
    capsys: pytest.CaptureFixture[str], lists: Path, families: dict[str, str]
) -> None:
    run(capsys, lists, "tick", "ana-diaz", "agenda-prep/early")
    run(capsys, lists, "log", "answered", "ben-ode", families["late"])
    assert json.loads(run(capsys, lists, "agenda", "--json"))["overdue"] == []


def test_the_cached_status_gives_the_same_agenda(
    capsys: pytest.CaptureFixture[str],
    lists: Path,
    families: dict[str, str],
    isolated_env: Path,
) -> None:
    first = run(capsys, lists, "agenda", "--json")
    cached = list((isolated_env / "home" / "cache").rglob("status-*.json"))
    assert cached  # the status facts were kept
    assert run(capsys, lists, "agenda", "--json") == first
    for path in cached:
        path.unlink()
    assert run(capsys, lists, "agenda", "--json") == first


def _child(name: str, **extra: Any) -> dict[str, Any]:
    return {"id": name.lower(), "name": name, "meetings": [], "standing": [], **extra}


def test_text_from_shared_files_is_printed_clean() -> None:
    """Names and texts come from shared checklists and records: no escape sequence or bidi
    override reaches the terminal, in any entry's line."""
    hostile = "\x1b[2J\x1b]8;;http://x\x07gotcha\u202e"
    follow = {"id": "c1", "with": hostile, "text": hostile, "due": "2026-11-20"}
    data = {
        "today": TODAY,
        "children": [_child(f"Sam{hostile}", follow_ups=[follow], current_plan=None)],
        "problems": [{"file": f"x{hostile}.toml", "reason": hostile}],
    }
    text = agenda_text(agenda(data, 60), color=False)
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert "gotcha" in text
    # The JSON keeps the text as it is (json.dumps escapes it).
    assert agenda(data, 60)["overdue"][0]["text"] == hostile
