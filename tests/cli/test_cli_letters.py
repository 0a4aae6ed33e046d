"""Letters, the profile and a child's details from the shell."""

from __future__ import annotations

import json
import stat
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
def sam(capsys: pytest.CaptureFixture[str], data_dir: Path) -> str:
    assert run(capsys, "child", "add", "Sam Rivera", "--plan", "504")[0] == 0
    code, out, _ = run(capsys, "meeting", "add", "sam-rivera", "2026-12-10", "--kind", "ppt")
    assert code == 0
    return out.strip()


def test_profile_set_show_and_file_mode(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, _ = run(capsys, "profile", "set", "name=Ana Rivera", "email=ana@example.org")
    assert code == 0 and "saved name, email" in out
    path = data_dir / "profile.toml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    code, out, _ = run(capsys, "profile", "show")
    assert "name     Ana Rivera" in out and "phone    -" in out
    code, _, err = run(capsys, "profile", "set", "nmae=Ana")
    assert code == 2 and "'nmae' is not something to set. Did you mean name?" in err
    code, _, err = run(capsys, "profile", "set", "name")
    assert code == 2 and "should be KEY=VALUE" in err


def test_a_damaged_or_newer_profile_is_never_overwritten(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    data_dir.mkdir(mode=0o700, exist_ok=True)
    path = data_dir / "profile.toml"
    for text in ('name = "Ana', "format = 9\nname = 'Ana'\n"):
        path.write_text(text)
        code, _, err = run(capsys, "profile", "set", "phone=860-555-0199")
        assert code == 1 and str(path) in err and "not changed" in err
        assert path.read_text() == text


def test_letter_list_fill_in_save_and_send(
    capsys: pytest.CaptureFixture[str], data_dir: Path, sam: str, tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "letter", "list")
    assert code == 0 and "ct-ppt-prep/records-request" in out
    assert len(out.splitlines()) >= 10
    code, out, _ = run(capsys, "letter", "list", "sam-rivera")
    assert "[ ] ct-ppt-prep/records-request" in out and "for ct-ppt-prep/ask-for-records" in out
    # Without details: the letter still comes, with what is missing marked and named.
    code, out, err = run(capsys, "letter", "sam-rivera", "records-request")
    assert code == 0 and "[your name — fill in]" in out
    assert (
        "not in the record yet: special education director or principal, school, your name" in err
    )
    run(capsys, "profile", "set", "name=Ana Rivera", "email=ana@example.org")
    run(capsys, "child", "set", "sam-rivera", "school=Elm Street Elementary", "born=2016-04-17")
    code, out, err = run(capsys, "letter", "sam-rivera", "ct-ppt-prep/records-request")
    assert "a student at Elm Street Elementary" in out and "Ana Rivera" in out
    assert "December 10, 2026" in out  # the meeting the item's run belongs to
    # A file: its format from the extension; never over an existing file without --replace.
    target = tmp_path / "records.html"
    assert run(capsys, "letter", "sam-rivera", "records-request", "-o", str(target))[0] == 0
    assert target.read_text().startswith("<!DOCTYPE html>")
    code, _, err = run(capsys, "letter", "sam-rivera", "records-request", "-o", str(target))
    assert code == 1 and "add --replace" in err
    # Sent on the 25th: the item is ticked with that day and the text is kept.
    code, out, _ = run(
        capsys, "letter", "sam-rivera", "records-request", "--sent", "--on", "2026-11-25"
    )
    assert code == 0 and "ticked ct-ppt-prep/ask-for-records" in out
    child = Store(data_dir).load("sam-rivera")
    (sent,) = child.letters
    assert (sent.letter, str(sent.sent), sent.item) == (
        "ct-ppt-prep/records-request",
        "2026-11-25",
        "ask-for-records",
    )
    assert "Ana Rivera" in sent.body
    run_ = next(r for r in child.runs if r.checklist == "ct-ppt-prep")
    assert str(run_.state("ask-for-records").day) == "2026-11-25"
    code, out, _ = run(capsys, "letter", "list", "sam-rivera")
    assert "[x] ct-ppt-prep/records-request" in out and "(sent 2026-11-25)" in out
    code, out, _ = run(capsys, "export", "sam-rivera")
    assert "Letters sent" in out and "Request to review Sam Rivera's education records" in out


def test_unknown_letters_and_bad_arguments(
    capsys: pytest.CaptureFixture[str], data_dir: Path, sam: str
) -> None:
    code, _, err = run(capsys, "letter", "sam-rivera", "records-reqest")
    assert code == 1 and "no letter 'records-reqest'. Did you mean records-request" in err
    code, _, err = run(capsys, "letter", "sam-rivera", "records-request", "--on", "2026-11-20")
    assert code == 2 and "--on goes with --sent" in err
    code, _, err = run(
        capsys, "letter", "sam-rivera", "records-request", "--sent", "--on", "2026-12-20"
    )
    assert code == 2 and "in the future" in err
    assert Store(data_dir).load("sam-rivera").letters == []
    code, _, err = run(capsys, "letter", "sam-rivera")
    assert code == 2 and "give a child and a letter" in err


def test_child_set_details_and_clearing(
    capsys: pytest.CaptureFixture[str], data_dir: Path, sam: str
) -> None:
    code, out, _ = run(
        capsys, "child", "set", "sam-rivera", "born=2016-04-17", "grade=4", "parent_name=Wei Chen"
    )
    assert code == 0 and "saved born, grade, parent_name for sam-rivera" in out
    child = Store(data_dir).load("sam-rivera")
    assert (str(child.born), child.grade, child.parent.name) == ("2016-04-17", "4", "Wei Chen")
    run(capsys, "child", "set", "sam-rivera", "born=", "parent_name=")
    child = Store(data_dir).load("sam-rivera")
    assert child.born is None and child.parent.name == "" and child.grade == "4"
    code, _, err = run(capsys, "child", "set", "sam-rivera", "born=2030-01-01")
    assert code == 2 and "born: 2030-01-01 is in the future" in err
    code, _, err = run(capsys, "child", "set", "sam-rivera", "grade=7\x1b[2J")
    assert code == 2 and "control character" in err


def test_a_letter_too_long_to_fill_in_is_a_sentence(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    import datetime as dt

    from iepcheck.records.model import LogEntry

    assert run(capsys, "child", "add", "Sam Rivera", "--plan", "504")[0] == 0
    assert run(capsys, "start", "sam-rivera", "ct-504-monitoring")[0] == 0
    text = "The reader for directions was not provided in the unit test. " * 8

    def change(child) -> None:
        run = child.runs[0]
        for k in range(600):  # ~300 KB of log
            day = dt.date(2026, 9, 1) + dt.timedelta(days=k % 80)
            added = dt.datetime.combine(day, dt.time(15)).astimezone()
            run.add_log("log-missed-weekly", LogEntry(f"lx{k}", day, text, added))

    Store(data_dir).update("sam-rivera", change)
    code, out, err = run(capsys, "letter", "sam-rivera", "504-grievance")
    assert code == 1 and out == ""
    assert err == (
        "iepcheck: ct-504-monitoring/504-grievance cannot be filled in for sam-rivera: the "
        "letter would be longer than 256 KiB, the most a letter may be, once {missed_list} is "
        "filled in from the record: shorten the letter, or send part of what it lists in "
        "another\n"
    )


def test_a_letter_says_only_what_is_true_for_the_child(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    # A first referral, for a child without a plan: the referral (written for the move from a
    # 504 plan) and the records request (written for a PPT) are filled in for this child.
    assert run(capsys, "child", "add", "Lee Park")[0] == 0
    assert (
        run(capsys, "child", "set", "lee-park", "principal=Tom Nguyen", "school=Elm Street")[0] == 0
    )
    assert run(capsys, "start", "lee-park", "ct-first-referral")[0] == 0
    code, out, err = run(capsys, "letter", "lee-park", "evaluation-referral")
    assert code == 0 and "Dear Tom Nguyen," in out  # no special education director known
    assert "504 plan" not in out
    assert "I am worried that Lee needs more help at school" in out
    code, out, err = run(capsys, "letter", "lee-park", "records-request")
    assert code == 0 and "meeting" not in err  # nothing about a meeting to fill in
    assert "before the PPT meeting" not in out and "fill in" not in out.split("Sincerely")[0]
    # Named a meeting, the same letter asks to see the records before it.
    run(capsys, "meeting", "add", "lee-park", "2026-12-10", "--kind", "ppt")
    code, out, err = run(capsys, "letter", "lee-park", "records-request", "--meeting", "2026-12-10")
    assert "I would like to see them before the PPT meeting on December 10, 2026." in out


def test_a_sent_letter_is_one_log_entry_with_its_follow_up_and_answer(
    capsys: pytest.CaptureFixture[str], data_dir: Path, sam: str
) -> None:
    code, out, _ = run(
        capsys, "letter", "sam-rivera", "records-request", "--sent", "--on", "2026-11-25"
    )
    assert code == 0
    child = Store(data_dir).load("sam-rivera")
    (sent,) = child.letters
    # 10 school days after Wednesday 25 November: Thanksgiving is not one of them.
    assert str(sent.follow_up) == "2026-12-10" and child.communications == []
    assert f"(log entry {sent.id})" in out
    assert "follow up by 2026-12-10: about 10 school days later" in out
    assert "not a legal deadline" in out
    # One entry in the log, the timeline and the status, via letter.
    log = json.loads(run(capsys, "log", "list", "sam-rivera", "--json")[1])["log"]
    assert [(e["id"], e["via"], e["letter"], e["follow_up"]) for e in log] == [
        (sent.id, "letter", sent.id, "2026-12-10")
    ]
    timeline = run(capsys, "timeline", "sam-rivera")[1]
    assert timeline.count("Letter sent: Ask to see your child's records") == 1
    assert "Follow up by Thu 10 Dec 2026." in timeline
    status = json.loads(run(capsys, "status", "--json", "--days", "30")[1])
    assert [f["id"] for f in status["children"][0]["follow_ups"]] == [sent.id]
    # Its answer, with what was said, is kept on the letter; the follow-up is then done.
    code, out, _ = run(
        capsys, "log", "answered", "sam-rivera", sent.id, "--on", "2026-11-27", "--said", "Friday"
    )
    assert code == 0
    (answered,) = Store(data_dir).load("sam-rivera").letters
    assert (str(answered.answered), answered.said, answered.body) == (
        "2026-11-27",
        "Friday",
        sent.body,
    )
    status = json.loads(run(capsys, "status", "--json", "--days", "30")[1])
    assert status["children"][0]["follow_ups"] == []
    assert (
        "Answered Fri 27 Nov 2026. They said: Friday." in run(capsys, "timeline", "sam-rivera")[1]
    )
    # Its words stay as sent: only the follow-up date changes.
    code, _, err = run(capsys, "log", "edit", "sam-rivera", sent.id, "--text", "other words")
    assert code == 2 and "kept as it went out" in err
    assert run(capsys, "log", "edit", "sam-rivera", sent.id, "--follow-up", "2026-12-04")[0] == 0
    assert str(Store(data_dir).load("sam-rivera").letters[0].follow_up) == "2026-12-04"


def test_sent_with_a_follow_up_date_or_none(
    capsys: pytest.CaptureFixture[str], data_dir: Path, sam: str
) -> None:
    code, _, err = run(
        capsys, "letter", "sam-rivera", "records-request", "--follow-up", "2026-12-20"
    )
    assert code == 2 and "--follow-up goes with --sent" in err
    code, _, err = run(
        capsys,
        "letter",
        "sam-rivera",
        "records-request",
        "--sent",
        "--on",
        "2026-11-25",
        "--follow-up",
        "2026-11-20",
    )
    assert code == 2 and "before the day the letter went" in err
    assert Store(data_dir).load("sam-rivera").letters == []
    code, out, _ = run(
        capsys,
        "letter",
        "sam-rivera",
        "records-request",
        "--sent",
        "--on",
        "2026-11-25",
        "--follow-up",
        "none",
    )
    assert code == 0 and "no follow-up date" in out
    code, out, _ = run(
        capsys,
        "letter",
        "sam-rivera",
        "records-request",
        "--sent",
        "--on",
        "2026-11-25",
        "--follow-up",
        "2026-12-01",
    )
    assert code == 0 and "follow up by 2026-12-01: a reminder" in out
    first, second = Store(data_dir).load("sam-rivera").letters
    assert (first.follow_up, str(second.follow_up)) == (None, "2026-12-01")
    # A letter taken out of the log is taken out of the record (its copy with it).
    code, _, err = run(capsys, "log", "remove", "sam-rivera", first.id)
    assert code == 2 and "the copy kept word for word" in err
    assert run(capsys, "log", "remove", "sam-rivera", first.id, "--yes")[0] == 0
    assert [x.id for x in Store(data_dir).load("sam-rivera").letters] == [second.id]
