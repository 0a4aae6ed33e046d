"""Progress files: round trips, permissions, bad files never overwritten, merging sessions."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest

from iepcheck.records.model import Child, Template
from iepcheck.records.store import NameTaken, ProgressError, Store

from ..helpers import at, attach, checklist_text, log, make_checklist, meet, own

D = date.fromisoformat
LIST = make_checklist(
    checklist_text("ct-x", 1, items=[("a", "A"), ("b", "B"), ("c", "C")])
    + '\n[[sections]]\ntitle = "Own"\nuser_items = true\nrepeat = "weekly"\n'
)


def full_child(store: Store) -> Child:
    child = store.create("Zoë O'Neil", "504")

    def change(c: Child) -> None:
        c.school, c.district = "Elm School", "Hartford"
        c.add_closed(D("2026-12-24"), D("2027-01-01"), "winter break")
        m = meet(c, D("2026-12-10"), "Annual [b]review[/b]", "ppt", "3:30pm", "We agreed\x1b[31m")
        run = attach(c, LIST, D("2026-11-01"), m.id)
        run.tick("a", at("2026-11-02"))
        run.skip("b", at("2026-11-03"), "not for us")
        run.set_note("c", "call \u202emom\u202c back\n second line")
        log(run, "c", D("2026-11-01"), "No extra time", at("2026-11-04"))
        mine = own(run, 1, "Extended time", at("2026-11-05"))
        run.tick(mine.id, at("2026-11-06"))

    return store.update(child.id, change)[0]


def test_round_trip_keeps_everything(data_dir: Path) -> None:
    store = Store(data_dir)
    written = full_child(store)
    read = store.load(written.id)
    assert read == written
    assert read.id == "zoe-o-neil"
    text = store.path(read.id).read_text()
    assert "\x1b" not in text and "\u202e" not in text  # escaped in the file, kept in value
    assert read.meetings[0].notes == "We agreed\x1b[31m"


def test_permissions_whatever_the_umask(data_dir: Path) -> None:
    old = os.umask(0o002)
    try:
        store = Store(data_dir)
        child = full_child(store)
    finally:
        os.umask(old)
    assert stat.S_IMODE(store.path(child.id).stat().st_mode) == 0o600
    assert stat.S_IMODE(store.folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    lock = store.folder / f".{child.id}.lock"
    assert stat.S_IMODE(lock.stat().st_mode) == 0o600


def test_names_are_unique_ids_are_stable(data_dir: Path) -> None:
    store = Store(data_dir)
    a = store.create("Sam")
    with pytest.raises(NameTaken):
        store.create("SAM")
    store.update(a.id, lambda c: setattr(c, "name", "Samuel"))
    b = store.create("Sam")
    assert (a.id, b.id) == ("sam", "sam-2")
    assert store.load("sam").name == "Samuel"


def test_remove_moves_to_trash(data_dir: Path) -> None:
    store = Store(data_dir)
    child = full_child(store)
    before = store.path(child.id).read_bytes()
    target = store.remove(child.id)
    assert target.parent == data_dir / "trash" and target.read_bytes() == before
    assert store.ids() == []


BAD_FILES = {
    "garbage": b"this is [not toml",
    "not-utf8": b'format = 1\nname = "caf\xe9"\n',
    "no-format": b'name = "Sam"\n',
    "wrong-type": b'format = 1\nname = "Sam"\nplan = "iep"\n'
    b'[[meetings]]\nid = "x"\ndate = "soon"\n',
    "bad-state": b'format = 1\nname = "S"\n[[runs]]\nid = "r"\nchecklist = "c"\n'
    b'started = 2026-01-01\n[runs.items.a]\nstate = "maybe"\n',
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_file_is_reported_and_never_overwritten(data_dir: Path, name: str) -> None:
    store = Store(data_dir)
    store.folder.mkdir(parents=True)
    path = store.path("sam")
    path.write_bytes(BAD_FILES[name])
    with pytest.raises(ProgressError) as info:
        store.load("sam")
    assert str(path) in str(info.value)
    with pytest.raises(ProgressError):
        store.update("sam", lambda c: setattr(c, "name", "x"))
    assert path.read_bytes() == BAD_FILES[name]
    children, problems = store.load_all()
    assert children == [] and [p.path for p in problems] == [path]


def test_newer_format_is_refused_with_a_clear_reason(data_dir: Path) -> None:
    store = Store(data_dir)
    store.folder.mkdir(parents=True)
    store.path("sam").write_text('format = 4\nname = "Sam"\nfuture = true\n')
    with pytest.raises(ProgressError, match="newer iepcheck"):
        store.load("sam")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(data_dir: Path) -> None:
    store = Store(data_dir)
    store.folder.mkdir(parents=True)
    store.path("sam").write_text('format = 1\nname = "Sam"\n')
    store.path("sam").chmod(0)
    with pytest.raises(ProgressError, match="cannot be read"):
        store.load("sam")


def test_a_new_child_never_takes_a_damaged_files_name(data_dir: Path) -> None:
    store = Store(data_dir)
    store.folder.mkdir(parents=True)
    store.path("sam").write_bytes(b"garbage [")
    assert store.create("Sam").id == "sam-2"
    assert store.path("sam").read_bytes() == b"garbage ["


def test_two_sessions_merge_per_item(data_dir: Path) -> None:
    """Each session holds its own copy; both save changes: nobody's tick is lost."""
    store = Store(data_dir)
    child = store.create("Sam")
    store.update(child.id, lambda c: attach(c, LIST, D("2026-11-01")))
    first = Store(data_dir).load(child.id)
    second = Store(data_dir).load(child.id)
    run_id = first.runs[0].id
    store.update(child.id, lambda c: c.run(run_id).tick("a", at("2026-11-02")))
    store.update(child.id, lambda c: c.run(run_id).set_note("b", "from session 2"))
    store.update(child.id, lambda c: c.run(run_id).skip("c", at("2026-11-02")))
    assert first == second  # neither local copy was used as the base of a save
    final = store.load(child.id).runs[0]
    assert final.state("a").state == "done"
    assert final.state("b").note == "from session 2"
    assert final.state("c").state == "skipped"


def test_version_change_carries_progress_and_keeps_orphans(data_dir: Path) -> None:
    store = Store(data_dir)
    child = store.create("Sam")
    store.update(child.id, lambda c: attach(c, LIST, D("2026-11-01")))

    def work(c: Child) -> None:
        run = c.runs[0]
        run.tick("a", at("2026-11-02"))
        run.set_note("b", "keep me")
        own(run, 1, "My accommodation", at("2026-11-02"))

    store.update(child.id, work)
    v2 = make_checklist(
        checklist_text("ct-x", 2, items=[("a", "A, reworded"), ("d", "New")])
        + '\n[[sections]]\ntitle = "Own"\nuser_items = true\nrepeat = "weekly"\n'
    )
    store.update(child.id, lambda c: c.runs[0].refresh(Template.of(v2, "user")))
    run = store.load(child.id).runs[0]
    assert run.version == 2 and run.origin == "user"
    assert run.find("a").text == "A, reworded" and run.state("a").state == "done"
    assert run.state("a").was == "A"  # "changed since you ticked" until the family looks
    assert run.find("d") is not None
    assert run.orphans() == ["b"] and run.state("b").note == "keep me"
    assert run.orphan_text("b") == "B"  # shown by its words, never only its id
    assert [i.text for i in run.sections[1].items if i.own] == ["My accommodation"]


def test_removed_meeting_keeps_its_runs_detached(data_dir: Path) -> None:
    store = Store(data_dir)
    child = store.create("Sam")

    def setup(c: Child) -> str:
        m = meet(c, D("2026-12-10"), "PPT")
        attach(c, LIST, D("2026-11-01"), m.id).tick("a", at("2026-11-02"))
        return m.id

    _, mid = store.update(child.id, setup)
    store.update(child.id, lambda c: c.remove_meeting(mid))
    loaded = store.load(child.id)
    assert loaded.meetings == []
    assert loaded.runs[0].detached and loaded.runs[0].state("a").state == "done"


def test_name_taken_ignores_case_and_the_child_itself(data_dir: Path) -> None:
    store = Store(data_dir)
    sam = store.create("Sam Rivera")
    assert store.name_taken("  sam rivera ")
    assert not store.name_taken("Sam Rivera", except_id=sam.id)  # keeping its own name
    assert not store.name_taken("Maya")


FORMAT_1 = b"""format = 1
id = "sam"
name = "Sam"
plan = "504"
parent_notes = "added by hand: keep me"

[[meetings]]
id = "m1"
date = 2026-12-10
title = "PPT"
kind = "ppt"
future_key = { nested = [1, 2] }

[[runs]]
id = "r1"
checklist = "ct-x"
title = "X"
version = 1
kind = "meeting"
origin = "bundled"
started = 2026-11-01
meeting = "m1"

[[runs.sections]]
title = "Before"

[[runs.sections.items]]
id = "a"
text = "A"
repeat = "weekly"

[runs.items.a]
state = "done"
at = 2026-11-02T09:00:00-05:00
completions = [2026-11-02T09:00:00-05:00]

[[runs.items.a.log]]
day = 2026-11-01
text = "No extra time"
added = 2026-11-02T09:00:00-05:00
"""


def test_a_format_1_file_is_read_upgraded_once_and_keeps_unknown_keys(data_dir: Path) -> None:
    store = Store(data_dir)
    store.folder.mkdir(parents=True)
    store.path("sam").write_bytes(FORMAT_1)
    child = store.load("sam")
    log = child.runs[0].state("a").log
    assert [(e.id, e.text) for e in log] == [("l1", "No extra time")]
    store.update("sam", lambda c: c.runs[0].set_note("a", "new note"))
    kept = data_dir / "trash" / "sam.format1.toml"
    assert kept.read_bytes() == FORMAT_1
    text = store.path("sam").read_text()
    assert text.startswith("format = 3\n")
    again = store.load("sam")
    assert again.extra == {"parent_notes": "added by hand: keep me"}
    assert again.meetings[0].extra == {"future_key": {"nested": [1, 2]}}
    assert again.runs[0].state("a").log[0].id == "l1"
    assert again.runs[0].state("a").note == "new note"
    store.update("sam", lambda c: c.runs[0].set_note("a", "again"))
    assert kept.read_bytes() == FORMAT_1  # the original is kept once, never overwritten


@pytest.mark.parametrize(
    "text, where",
    [
        (b'format = 2\nname = "S"\n[[meetings]]\nid = "m"\ndate = 0001-01-01\n', ":5:"),
        (b'format = 2\nname = "S"\n[[meetings]]\nid = "m"\ndate = 2026-12-10T10:00:00\n', ":5:"),
        (b'format = 2\nname = "S"\n[[closed]]\nstart = 9999-12-31\n', ":4:"),
    ],
)
def test_a_bad_date_names_the_file_line_and_key(data_dir: Path, text: bytes, where: str) -> None:
    store = Store(data_dir)
    store.folder.mkdir(parents=True)
    store.path("sam").write_bytes(text)
    with pytest.raises(ProgressError) as info:
        store.load("sam")
    message = str(info.value)
    assert f"sam.toml{where}" in message and ("date" in message or "start" in message)
