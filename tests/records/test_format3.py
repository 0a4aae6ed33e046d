"""Format 3: the checklists' words kept once per data folder, a child uid, ids on every entry,
and format-2 files migrated on their first write (the original kept in the trash, once)."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import tomllib
from datetime import date
from pathlib import Path

import pytest

from iepcheck.clock import Clock
from iepcheck.records import operations as ops
from iepcheck.records.model import Child
from iepcheck.records.store import Store
from iepcheck.records.texts import TextStore, canonical, name_of
from iepcheck.service import exports
from iepcheck.service.workspace import Workspace

from ..helpers import at

FORMAT2 = Path(__file__).resolve().parents[1] / "data" / "records" / "format2"
FILES = sorted(FORMAT2.glob("*.toml"))
TODAY = date(2026, 11, 20)


def _place(path: Path, data_dir: Path) -> str:
    """A format-2 fixture put in a data folder under its own id; returns the id."""
    child_id = tomllib.loads(path.read_text())["id"]
    folder = data_dir / "children"
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(data_dir, 0o700)
    shutil.copy(path, folder / f"{child_id}.toml")
    return child_id


def _status(data_dir: Path, child_id: str) -> str:
    ws = Workspace(data_dir, clock=Clock(TODAY))
    return json.dumps(exports.status(ws, [child_id], 60, lambda: False), sort_keys=True)


def _without_uid(child: Child) -> Child:
    return dataclasses.replace(child, uid="")


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_format_2_file_migrates_on_its_first_write_losing_nothing(
    path: Path, data_dir: Path
) -> None:
    child_id = _place(path, data_dir)
    store = Store(data_dir)
    before = store.load(child_id)
    status_before = _status(data_dir, child_id)
    store.update(child_id, lambda c: None)  # the first write of any change
    text = store.path(child_id).read_text()
    assert text.startswith("format = 3\n")
    assert (data_dir / "trash" / f"{child_id}.format2.toml").read_bytes() == path.read_bytes()
    after = Store(data_dir).load(child_id)
    assert after.uid and len(after.uid) == 26
    assert _without_uid(after) == before
    assert _status(data_dir, child_id) == status_before
    # Each run refers to its words in the store instead of copying them.
    doc = tomllib.loads(text)
    for run in doc.get("runs", []):
        assert "sections" not in run
        assert (data_dir / "texts" / f"{run['text']}.toml").is_file()
    # Written again: the trash keeps the first original, the uid stays.
    store.update(child_id, lambda c: None)
    assert (data_dir / "trash" / f"{child_id}.format2.toml").read_bytes() == path.read_bytes()
    assert Store(data_dir).load(child_id).uid == after.uid
    assert len(list((data_dir / "trash").iterdir())) == 1


def test_unknown_keys_of_a_format_2_file_are_kept(data_dir: Path) -> None:
    child_id = _place(FORMAT2 / "unknown-keys.toml", data_dir)
    Store(data_dir).update(child_id, lambda c: None)
    doc = tomllib.loads(Store(data_dir).path(child_id).read_text())
    assert doc["hand_note"] == "added by hand: keep me"
    assert doc["future_table"] == {"nested": [1, 2], "who": "a newer iepcheck"}
    assert doc["meetings"][0]["future_key"] == {"nested": [1, 2]}
    assert doc["runs"][0]["run_flag"] == "kept"
    assert any(state.get("custom") == 3 for state in doc["runs"][0]["items"].values())


def test_the_words_are_kept_once_for_every_child_and_run(data_dir: Path, tmp_path: Path) -> None:
    source = (FORMAT2 / "sam-rivera.toml").read_text()
    for n in range(3):  # three children using the same checklists
        copy = tmp_path / f"sam-{n}.toml"
        copy.write_text(source.replace('id = "sam-rivera"', f'id = "sam-{n}"', 1))
        child_id = _place(copy, data_dir)
        Store(data_dir).update(child_id, lambda c: None)
    texts = sorted((data_dir / "texts").iterdir())
    runs = [
        run["text"]
        for p in (data_dir / "children").glob("*.toml")
        for run in tomllib.loads(p.read_text()).get("runs", [])
    ]
    assert len(runs) > len(texts)  # shared: fewer texts than runs
    for path in texts:
        assert path.stat().st_mode & 0o777 == 0o600
        assert name_of(path.read_bytes()) == path.stem  # named by the hash of its text
    assert (data_dir / "texts").stat().st_mode & 0o777 == 0o700


def test_a_run_stays_readable_when_its_checklist_file_goes_away(
    data_dir: Path, tmp_path: Path
) -> None:
    from ..helpers import checklist_text

    extra = tmp_path / "shared"
    extra.mkdir()
    (extra / "ct-x.toml").write_text(checklist_text("ct-x", 1, items=[("a", "Ask in writing")]))
    ws = Workspace(data_dir, [extra], Clock(TODAY))
    child = Store(data_dir).create("Sam")
    ws.update(child.id, ops.StartRun(ops.RunSeed("r1", ws.template("ct-x"), TODAY)))
    ws.update(child.id, ops.Tick("r1", "a", at("2026-11-20")))
    (extra / "ct-x.toml").unlink()
    again = Workspace(data_dir, [extra], Clock(TODAY)).store.load(child.id)
    assert again.runs[0].find("a").text == "Ask in writing"
    assert again.runs[0].state("a").state == "done"


def test_a_missing_text_loses_no_tick_and_comes_back(data_dir: Path, tmp_path: Path) -> None:
    from ..helpers import checklist_text

    extra = tmp_path / "shared"
    extra.mkdir()
    (extra / "ct-x.toml").write_text(checklist_text("ct-x", 1, items=[("a", "A"), ("b", "B")]))
    ws = Workspace(data_dir, [extra], Clock(TODAY))
    child = Store(data_dir).create("Sam")
    ws.update(child.id, ops.StartRun(ops.RunSeed("r1", ws.template("ct-x"), TODAY)))
    ws.update(child.id, ops.Tick("r1", "a", at("2026-11-20")))
    name = tomllib.loads(ws.store.path(child.id).read_text())["runs"][0]["text"]
    (data_dir / "texts" / f"{name}.toml").unlink()
    (extra / "ct-x.toml").unlink()
    store = Store(data_dir)
    run = store.load(child.id).runs[0]
    assert run.text_missing and run.text == name
    assert run.state("a").state == "done" and run.orphans() == ["a"]
    # status says so, and goes on.
    data = exports.status(Workspace(data_dir, clock=Clock(TODAY)), [child.id], 60, lambda: False)
    (note,) = data["children"][0]["notes"]
    assert "The words of ct-x (version 1) are missing" in note
    # Another change writes the run back with the same reference and every tick.
    store.update(child.id, lambda c: c.runs[0].set_note("b", "asked"))
    doc = tomllib.loads(store.path(child.id).read_text())
    assert doc["runs"][0]["text"] == name
    assert doc["runs"][0]["items"]["a"]["state"] == "done"
    # The checklist back (same version): the words come back and are kept again.
    (extra / "ct-x.toml").write_text(checklist_text("ct-x", 1, items=[("a", "A"), ("b", "B")]))
    ws = Workspace(data_dir, [extra], Clock(TODAY))
    shown = ws.for_display(ws.store.load(child.id))
    assert shown.runs[0].find("a").text == "A"
    ws.update(child.id, ops.RefreshRun("r1", ws.template("ct-x")))
    assert (data_dir / "texts" / f"{name}.toml").is_file()
    assert Store(data_dir).load(child.id).runs[0].state("a").state == "done"


def test_a_text_changed_in_the_store_is_not_used(data_dir: Path) -> None:
    child_id = _place(FILES[0], data_dir)
    Store(data_dir).update(child_id, lambda c: None)
    path = next((data_dir / "texts").iterdir())
    path.write_text(path.read_text().replace("title", "title", 1) + "# changed\n")
    store = Store(data_dir)
    run = next(r for r in store.load(child_id).runs if r.text == path.stem)
    assert run.text_missing
    assert "changed after it was kept" in store.texts.problems[path.stem]


def test_a_text_from_outside_is_checked_against_its_name(data_dir: Path) -> None:
    from iepcheck.records.model import Template
    from iepcheck.records.reading import ProgressError

    from ..helpers import checklist_text, make_checklist

    template = Template.of(make_checklist(checklist_text("ct-x", 1, items=[("a", "A")])), "")
    data = canonical(template)
    store = TextStore(data_dir)
    assert store.receive(data, name_of(data), Path("shared")).checklist == "ct-x"
    with pytest.raises(ProgressError, match="does not match its name"):
        store.receive(data.replace(b'"A"', b'"B"'), name_of(data), Path("shared"))
    with pytest.raises(ProgressError, match="not a valid checklist"):
        store.receive(b'format = 1\nid = "x"\n', name_of(b'format = 1\nid = "x"\n'), Path("s"))
    with pytest.raises(ProgressError, match="not the name"):
        store.receive(data, "../../etc/passwd", Path("shared"))


def test_every_entry_has_an_id_and_a_child_its_uid(data_dir: Path) -> None:
    child_id = _place(FORMAT2 / "readme-sam.toml", data_dir)
    Store(data_dir).update(child_id, lambda c: None)
    doc = tomllib.loads(Store(data_dir).path(child_id).read_text())
    assert doc["uid"]
    for kind in ("contacts", "closed", "open", "meetings", "communications", "documents"):
        assert doc[kind] and all(entry["id"] for entry in doc[kind]), kind
    for run in doc["runs"]:
        for state in run.get("items", {}).values():
            assert all(e["id"] for e in state.get("log", []))


def test_the_progress_file_is_small(data_dir: Path) -> None:
    child_id = _place(FORMAT2 / "sam-rivera.toml", data_dir)
    before = (FORMAT2 / "sam-rivera.toml").stat().st_size
    Store(data_dir).update(child_id, lambda c: None)
    after = Store(data_dir).path(child_id).stat().st_size
    assert after < before / 3
    assert Store(data_dir).load(child_id).runs


def test_new_keys_of_contacts_answers_and_letters_round_trip(data_dir: Path) -> None:
    """Issue 24's keys: a contact's subject and note, what an answer said, a letter's
    follow-up and answer; each optional, left out of the file when empty."""
    from iepcheck.records.codec import child_from_doc, child_to_doc
    from iepcheck.records.letters import SentLetter
    from iepcheck.records.model import Contact
    from iepcheck.records.record import Communication

    texts = TextStore(data_dir)
    child = Child("sam", "Sam", "504", uid="u" * 26)
    child.contacts = [
        Contact("Teacher", "Dr. Kim", id="p1", subject="Science", note="after 3pm"),
        Contact("Teacher", "Mr. Diaz", id="p2"),
    ]
    child.communications = [
        Communication(
            "c1",
            date(2026, 11, 2),
            "Asked",
            at("2026-11-02"),
            answered=date(2026, 11, 3),
            said="Friday",
        ),
    ]
    child.letters = [
        SentLetter(
            "l1",
            "x/y",
            "T",
            "S",
            "Body",
            date(2026, 11, 4),
            at("2026-11-04"),
            follow_up=date(2026, 11, 18),
            answered=date(2026, 11, 9),
            said="Yes",
        ),
        SentLetter("l2", "x/y", "T", "S", "Body", date(2026, 11, 5), at("2026-11-05")),
    ]
    doc = child_to_doc(child, texts)
    assert "subject" not in doc["contacts"][1] and "follow_up" not in doc["letters"][1]
    back = child_from_doc(doc, Path("sam.toml"), "sam", texts=texts)
    assert (back.contacts, back.communications, back.letters) == (
        child.contacts,
        child.communications,
        child.letters,
    )
    # The log shows each letter once, among the entries, via letter, with its answer.
    log = back.contact_log()
    assert [(e.id, e.via, e.said) for e in log] == [
        ("c1", "", "Friday"),
        ("l1", "letter", "Yes"),
        ("l2", "letter", ""),
    ]
    assert log[1].follow_up == date(2026, 11, 18) and log[1].text == "Letter sent: T"
