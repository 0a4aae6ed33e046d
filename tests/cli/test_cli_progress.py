"""The progress commands as a parent or a script uses them."""

from __future__ import annotations

import json
import subprocess
import sys
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
    code, out, _ = run(capsys, "child", "add", "Sam Rivera", "--plan", "504")
    assert code == 0
    return out.strip()


@pytest.fixture
def meeting(capsys: pytest.CaptureFixture[str], sam: str) -> str:
    code, out, _ = run(
        capsys, "meeting", "add", sam, "2026-12-10", "--title", "Annual review", "--kind", "ppt"
    )
    assert code == 0
    return out.strip()


def status(capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    code, out, _ = run(capsys, "status", "--json", *extra)
    assert code == 0
    return json.loads(out)


def test_child_add_prints_id_and_refuses_taken_name(
    capsys: pytest.CaptureFixture[str], sam: str
) -> None:
    assert sam == "sam-rivera"
    code, _, err = run(capsys, "child", "add", "SAM RIVERA")
    assert code == 1 and "already exists" in err


def test_meeting_add_attaches_ppt_prep_by_default(
    capsys: pytest.CaptureFixture[str], sam: str, meeting: str
) -> None:
    data = status(capsys)
    (child,) = data["children"]
    assert child["calendar"] == "estimated"
    (m,) = child["meetings"]
    assert m["id"] == meeting and m["checklists"] == ["ct-ppt-prep"]
    assert (m["days_left"], m["school_days_left"], m["done"], m["skipped"]) == (12, 8, 0, 0)
    assert m["total"] == 47
    assert {"checklist", "item", "text", "due"} <= set(m["overdue"][0])
    assert len(m["remaining"]) == 47
    assert {i["item"] for i in m["due_soon"]} <= {i["item"] for i in m["remaining"]}


def test_meeting_add_unknown_checklist_writes_nothing(
    capsys: pytest.CaptureFixture[str], sam: str
) -> None:
    code, _, err = run(capsys, "meeting", "add", sam, "2026-12-10", "--checklist", "nope")
    assert code == 1 and "no checklist 'nope'" in err
    assert status(capsys)["children"][0]["meetings"] == []


def test_tick_skip_undo_and_note(
    capsys: pytest.CaptureFixture[str],
    sam: str,
    meeting: str,
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
) -> None:
    assert run(capsys, "tick", sam, "ct-ppt-prep/ask-for-records")[0] == 0
    skip = ["--skip", "annual review"]
    assert run(capsys, "tick", sam, "ct-ppt-prep/ask-initial-eval-results", *skip)[0] == 0
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("private note\n"))
    code, out, _ = run(capsys, "tick", "Sam Rivera", "ct-ppt-prep/write-concerns", "--note", "-")
    assert code == 0 and out.strip() == "ct-ppt-prep/write-concerns: done"
    m = status(capsys)["children"][0]["meetings"][0]
    assert (m["done"], m["skipped"], m["total"]) == (2, 1, 46)
    stored = Store(data_dir).load(sam).runs[0]
    assert stored.state("write-concerns").note == "private note"
    assert stored.state("ask-initial-eval-results").reason == "annual review"
    code, out, _ = run(capsys, "tick", sam, "ct-ppt-prep/ask-for-records", "--undo")
    assert code == 0 and out.strip().endswith(": open")
    m = status(capsys)["children"][0]["meetings"][0]
    assert (m["done"], m["skipped"]) == (1, 1)


def test_tick_errors(capsys: pytest.CaptureFixture[str], sam: str, meeting: str) -> None:
    code, _, err = run(capsys, "tick", sam, "ct-ppt-prep/nope")
    assert code == 1 and "no item 'nope'" in err
    code, _, err = run(capsys, "tick", sam, "ct-504-monitoring/get-signed-plan")
    assert code == 1 and "iepcheck start" in err
    code, _, err = run(capsys, "tick", "nobody", "ct-ppt-prep/x")
    assert code == 1 and "no child 'nobody'" in err
    code, _, _ = run(capsys, "tick", sam, "ct-ppt-prep")
    assert code == 2


def test_tick_ambiguous_meetings_list_choices(capsys: pytest.CaptureFixture[str], sam: str) -> None:
    run(capsys, "meeting", "add", sam, "2026-12-08", "--kind", "ppt")
    code, _, _ = run(capsys, "tick", sam, "ct-ppt-prep/take-notes")
    assert code == 0  # the one running copy
    run(capsys, "meeting", "add", sam, "2026-11-28", "--kind", "ppt")  # today: the nearest
    code, _, err = run(capsys, "tick", sam, "ct-ppt-prep/take-notes")
    # More than one candidate: refused, naming each (not the nearest taken silently).
    assert code == 1 and "--meeting M" in err
    assert "(2026-11-28)" in err and "(2026-12-08)" in err
    run(capsys, "meeting", "add", sam, "2026-11-28", "--kind", "ppt")
    code, _, err = run(capsys, "tick", sam, "ct-ppt-prep/take-notes", "--meeting", "2026-11-28")
    assert code == 1 and "2 meetings on 2026-11-28" in err
    code, _, _ = run(capsys, "tick", sam, "ct-ppt-prep/take-notes", "--meeting", "2026-12-08")
    assert code == 0


def test_standing_run_start_again_and_status(
    capsys: pytest.CaptureFixture[str], sam: str, data_dir: Path
) -> None:
    assert run(capsys, "start", sam, "ct-504-monitoring")[0] == 0
    code, _, err = run(capsys, "start", sam, "ct-504-monitoring")
    assert code == 1 and "--again" in err
    run(capsys, "tick", sam, "ct-504-monitoring/get-signed-plan")
    assert run(capsys, "start", sam, "ct-504-monitoring", "--again")[0] == 0
    (standing,) = status(capsys)["children"][0]["standing"]
    assert standing["checklist"] == "ct-504-monitoring" and standing["done"] == 0
    runs = Store(data_dir).load(sam).runs
    assert [r.archived for r in runs] == [True, False]
    assert runs[0].state("get-signed-plan").state == "done"  # the old run keeps its ticks


def test_meeting_move_and_remove(
    capsys: pytest.CaptureFixture[str], sam: str, meeting: str
) -> None:
    run(capsys, "tick", sam, "ct-ppt-prep/ask-for-records")
    assert run(capsys, "meeting", "move", sam, meeting, "2026-12-17")[0] == 0
    m = status(capsys)["children"][0]["meetings"][0]
    assert m["date"] == "2026-12-17" and m["days_left"] == 19
    code, _, err = run(capsys, "meeting", "remove", sam, meeting)
    assert code == 2 and "--yes" in err
    assert run(capsys, "meeting", "remove", sam, meeting, "--yes")[0] == 0
    assert status(capsys)["children"][0]["meetings"] == []
    code, out, _ = run(capsys, "export", sam)
    assert "Its meeting was removed" in out and "[x] Ask in writing" in out


def test_closed_dates_make_the_calendar_set(
    capsys: pytest.CaptureFixture[str], sam: str, meeting: str
) -> None:
    code, _, err = run(capsys, "child", "closed", sam, "2026-12-01..2026-11-01")
    assert code == 2 and "ends before it starts" in err
    assert run(capsys, "child", "closed", sam, "2026-12-03", "2026-12-24..2027-01-01")[0] == 0
    child = status(capsys)["children"][0]
    assert child["calendar"] == "set"
    assert child["meetings"][0]["school_days_left"] == 7  # Thu 3 Dec is now closed


def test_rename_keeps_id_and_remove_goes_to_trash(
    capsys: pytest.CaptureFixture[str], sam: str, data_dir: Path
) -> None:
    assert run(capsys, "child", "rename", sam, "Samuel Rivera")[0] == 0
    assert status(capsys)["children"][0] == {
        **status(capsys)["children"][0],
        "id": sam,
        "name": "Samuel Rivera",
    }
    assert run(capsys, "child", "remove", "samuel rivera", "--yes")[0] == 0
    assert status(capsys)["children"] == []
    assert len(list((data_dir / "trash").glob("sam-rivera-*.toml"))) == 1


def test_status_text_and_no_colour_when_piped(
    capsys: pytest.CaptureFixture[str], sam: str, meeting: str
) -> None:
    code, out, _ = run(capsys, "status")
    assert code == 0 and "\x1b[" not in out
    assert "Annual review (PPT) Thu 10 Dec 2026, in 12 days (about 8 school days)" in out
    assert "OVERDUE" in out and "[ct-ppt-prep/ask-for-eval-reports]" in out


def test_status_reports_a_damaged_file_and_shows_the_rest(
    capsys: pytest.CaptureFixture[str], sam: str, data_dir: Path
) -> None:
    bad = data_dir / "children" / "broken.toml"
    bad.write_text("format = [")
    data = status(capsys)
    assert [c["id"] for c in data["children"]] == [sam]
    assert data["problems"][0]["file"] == str(bad)
    _, out, _ = run(capsys, "status")
    assert "Not opened:" in out and str(bad) in out
    assert bad.read_text() == "format = ["


def test_export_formats_escape_everything(
    capsys: pytest.CaptureFixture[str], sam: str, meeting: str, tmp_path: Path
) -> None:
    hostile = "<script>alert(1)</script> [x](javascript:alert(1)) \x1b[2J"
    run(capsys, "tick", sam, "ct-ppt-prep/take-notes", "--note", hostile)
    run(capsys, "tick", sam, "ct-ppt-prep/ask-initial-eval-results", "--skip", "not initial")
    code, _, _ = run(capsys, "export", sam, "--format", "html", "-o", str(tmp_path / "r.html"))
    assert code == 0
    page = (tmp_path / "r.html").read_text()
    assert "<script>" not in page and "&lt;script&gt;" in page and "\x1b" not in page
    assert "http" not in page.split("<body>")[1]  # no links, no external assets
    assert (tmp_path / "r.html").stat().st_mode & 0o777 == 0o600
    code, md, _ = run(capsys, "export", sam, "--format", "md")
    assert "\\[x\\](javascript:alert(1))" in md and "\x1b" not in md  # never a link
    assert "- [~] If this PPT discusses" in md and "not initial" in md
    code, txt, _ = run(capsys, "export", sam, "--meeting", meeting)
    assert "Annual review (PPT)" in txt and "[-] If this PPT" in txt and "\x1b" not in txt
    assert "Practical guidance, not legal advice" in txt


def test_report_commands_do_not_import_textual(sam: str, meeting: str) -> None:
    code = (
        "import sys\nfrom iepcheck.__main__ import main\n"
        "main(['status', '--json']); main(['status']); main(['export', 'sam-rivera'])\n"
        "print('LOADED', sorted(m for m in sys.modules if m.split('.')[0] in ('textual',)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "LOADED []" in proc.stdout


def test_status_cache_follows_every_change(
    capsys: pytest.CaptureFixture[str], sam: str, meeting: str, isolated_env: Path
) -> None:
    first = status(capsys)["children"][0]["meetings"][0]
    cache = list((isolated_env / "home" / "cache" / "iepcheck").glob("status-*.json"))
    assert len(cache) == 1 and cache[0].stat().st_mode & 0o777 == 0o600
    run(capsys, "tick", sam, "ct-ppt-prep/ask-for-eval-reports")
    second = status(capsys)["children"][0]["meetings"][0]
    assert (first["done"], second["done"]) == (0, 1)
    overdue_ids = [i["item"] for i in second["overdue"]]
    assert "ask-for-eval-reports" in [i["item"] for i in first["overdue"]]
    assert "ask-for-eval-reports" not in overdue_ids
    assert main(["status", "--json", "--today", "2026-12-04"]) == 0
    later = json.loads(capsys.readouterr().out)["children"][0]["meetings"][0]
    assert (later["days_left"], later["school_days_left"]) == (6, 4)
    cache[0].write_text("{not json")
    assert status(capsys)["children"][0]["meetings"][0]["done"] == 1


def test_a_run_whose_checklist_file_is_gone_still_shows(
    capsys: pytest.CaptureFixture[str], sam: str, tmp_path: Path
) -> None:
    from ..helpers import checklist_text, write_checklist

    folder = tmp_path / "shared"
    path = write_checklist(
        folder,
        "ours.toml",
        checklist_text("ours", items=[("call", "Call the school"), ("write", "Write it down")]),
    )
    assert (
        main(
            [
                "meeting",
                "add",
                sam,
                "2026-12-10",
                "--checklist",
                "ours",
                "--checklists",
                str(folder),
                *TODAY,
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["tick", sam, "ours/call", "--checklists", str(folder), *TODAY]) == 0
    capsys.readouterr()
    path.unlink()
    m = status(capsys)["children"][0]["meetings"][0]
    assert (m["done"], m["total"]) == (1, 2)
    assert [i["text"] for i in m["remaining"]] == ["Write it down"]
    code, out, _ = run(capsys, "export", sam)
    assert code == 0
    assert "[x] Call the school" in out and "[ ] Write it down" in out
    assert run(capsys, "tick", sam, "ours/write")[0] == 0  # still tickable from the copy


def test_rename_refuses_another_childs_name(capsys: pytest.CaptureFixture[str], sam: str) -> None:
    assert run(capsys, "child", "add", "Maya")[0] == 0
    code, _, err = run(capsys, "child", "rename", "maya", "SAM rivera")
    assert code == 1 and "already exists" in err
    assert run(capsys, "child", "rename", sam, "Sam RIVERA")[0] == 0  # its own name, recased


def test_an_older_version_of_a_bundled_checklist_shows_as_the_new_one_everywhere(
    capsys: pytest.CaptureFixture[str], sam: str, meeting: str, data_dir: Path
) -> None:
    """A family's run of version 1 (as an older iepcheck saved it) is shown at version 2 in
    status and export, with the ticks and notes carried over, without writing the file."""
    import dataclasses

    from iepcheck.records.model import ItemCopy

    store = Store(data_dir)

    def make_old(c) -> None:
        run = c.runs[0]
        run.version = 1
        run.sections = tuple(
            dataclasses.replace(
                s,
                items=tuple(
                    ItemCopy(i.id, "Old words" if i.id == "ask-for-records" else i.text, due=i.due)
                    for i in s.items
                    if i.id not in ("received-pwn", "decide-due-process")
                ),
            )
            for s in run.sections
        )
        run.tick("ask-for-records", _at())
        run.set_note("ask-for-records", "asked by email")

    store.update(sam, make_old)
    before = store.path(sam).read_bytes()
    m = status(capsys)["children"][0]["meetings"][0]
    assert (m["done"], m["total"]) == (1, 47)
    assert "decide-due-process" in {i["item"] for i in m["remaining"]}
    code, out, _ = run(capsys, "export", sam)
    assert code == 0
    assert "Ask in writing to see your child's records" in out
    assert "Note: asked by email" in out
    assert "Reworded since it was ticked; it said: Old words" in out
    assert store.path(sam).read_bytes() == before  # shown, not written


def _at():
    import datetime as dt

    return dt.datetime(2026, 11, 20, 9, 0).astimezone()


def test_every_command_is_registered_by_the_module_the_map_names() -> None:
    """A line naming one command builds only its module's parser: the map must be right."""
    from iepcheck import cli

    whole = cli.build_parser()
    sub = next(a for a in whole._actions if a.dest == "command")
    assert sorted(sub.choices) == sorted(cli.COMMAND_MODULES)
    for command, module in cli.COMMAND_MODULES.items():
        part = cli.build_parser(command)
        chosen = next(a for a in part._actions if a.dest == "command")
        expected = sorted(c for c, m in cli.COMMAND_MODULES.items() if m == module)
        assert sorted(chosen.choices) == expected


def test_status_prints_the_kept_text_until_a_file_changes(
    capsys: pytest.CaptureFixture[str], sam: str, meeting: str
) -> None:
    """Every child's status, when no file it came from has changed, is the text kept last
    time (no record is read); any change, or one child asked for, computes it again."""
    from iepcheck import locations

    code, first, _ = run(capsys, "status")
    assert code == 0 and "Annual review" in first
    kept = list(locations.cache_dir().glob("printed-status-text-*.json"))
    assert len(kept) == 1 and kept[0].stat().st_mode & 0o777 == 0o600
    document = json.loads(kept[0].read_text())
    document["value"] = "as kept\n"
    kept[0].write_text(json.dumps(document))
    assert run(capsys, "status")[1] == "as kept\n"
    assert run(capsys, "status", sam)[1] == first  # one child: always from the files
    assert "as kept" not in run(capsys, "status", "--days", "30")[1]
    assert json.loads(run(capsys, "status", "--json")[1])["children"][0]["name"] == "Sam Rivera"
    assert run(capsys, "meeting", "add", sam, "2026-12-20", "--title", "Follow-up")[0] == 0
    again = run(capsys, "status")[1]
    assert "Follow-up" in again and "as kept" not in again


def test_status_in_each_language_is_kept_apart(
    capsys: pytest.CaptureFixture[str], sam: str, meeting: str
) -> None:
    """One parent reads Spanish, the other English: each language's text is kept, and
    switching does not throw the other away (it did: one file, computed again each time)."""
    from iepcheck import locations

    english = run(capsys, "status")[1]
    spanish = run(capsys, "--lang", "es", "status")[1]
    assert "Hoy es" in spanish and "Hoy es" not in english
    kept = sorted(p.name for p in locations.cache_dir().glob("printed-status-text-*.json"))
    assert len(kept) == 2 and any("-es-" in name for name in kept)
    for path in locations.cache_dir().glob("printed-status-text-*.json"):
        document = json.loads(path.read_text())
        document["value"] = f"as kept in {'es' if '-es-' in path.name else 'en'}\n"
        path.write_text(json.dumps(document))
    assert run(capsys, "status")[1] == "as kept in en\n"
    assert run(capsys, "--lang", "es", "status")[1] == "as kept in es\n"


def test_demo_takes_no_command(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    """--demo is the app on sample data: with a command it would work on the user's own."""
    code, _, err = run(capsys, "--demo", "child", "add", "Demo Kid")
    assert code == 2 and "--demo opens the app on sample data" in err
    assert not (data_dir / "children").exists()
