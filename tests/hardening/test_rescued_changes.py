"""Changes rescued when a save could not finish are applied the next time, wherever they were
kept: beside the child's file, in the state folder when the data folder refused writes, or in
the cache folder where iepcheck 0.2 kept them. A damaged recovery file never stops the rest."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from iepcheck import fileio, locations
from iepcheck.__main__ import main
from iepcheck.clock import Clock
from iepcheck.records import recovery, tomlwrite
from iepcheck.records import store as store_module
from iepcheck.records.operations import SetNote, Tick
from iepcheck.service import children, runs
from iepcheck.service.workspace import Workspace
from iepcheck.tui.session import Session

from ..helpers import at


@pytest.fixture
def ws(data_dir: Path) -> Workspace:
    ws = Workspace(data_dir, clock=Clock())
    child = children.create(ws.store, "Sam", "504")
    ws.update(child.id, runs.start_standing(ws, child, "ct-504-monitoring"))
    return ws


def _run(ws: Workspace) -> str:
    return ws.store.load("sam").runs[0].id


def _refusing(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The data folder refuses every write (a read-only mount): CI runs as root, where chmod
    does not make a folder refuse writes, so the failure is injected."""
    real = fileio.atomic_write

    def atomic_write(path: Path, data: bytes) -> None:
        if Path(path).is_relative_to(data_dir):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        real(path, data)

    monkeypatch.setattr(fileio, "atomic_write", atomic_write)
    monkeypatch.setattr(recovery, "atomic_write", atomic_write)
    monkeypatch.setattr(store_module, "atomic_write", atomic_write)


def test_changes_the_data_folder_refused_are_kept_in_the_state_folder_and_applied(
    ws: Workspace,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    run_id = _run(ws)
    with monkeypatch.context() as patch:
        _refusing(data_dir, patch)
        session = Session(ws)
        session.child("sam")
        session.submit("sam", Tick(run_id, "get-signed-plan", at("2026-11-28")))
        session.submit("sam", SetNote(run_id, "get-signed-plan", "in the binder"))
        assert not session.flush(0.5)
        (told,) = session.rescue()
    kept = locations.recovery_dir(data_dir)
    assert str(kept) in told and "2 changes to sam" in told
    (path,) = kept.iterdir()
    assert path.stat().st_mode & 0o777 == 0o600
    assert kept.stat().st_mode & 0o777 == 0o700
    assert not str(kept).startswith(str(locations.cache_dir()))  # never in the cache
    # The next start (any command) applies them and says so.
    assert main(["status", "--data-dir", str(data_dir)]) == 0
    assert "applied 2 changes to sam" in capsys.readouterr().err
    state = ws.store.load("sam").runs[0].state("get-signed-plan")
    assert (state.state, state.note) == ("done", "in the binder")
    assert list(kept.iterdir()) == []


def test_changes_iepcheck_0_2_kept_in_the_cache_are_applied_once(
    ws: Workspace, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_id = _run(ws)
    old = locations.old_recovery_dir()
    old.mkdir(parents=True)
    doc = {"format": 1, "child": "sam", "ops": [SetNote(run_id, "know-coordinator", "x").to_doc()]}
    (old / "sam.recovery-123-456.toml").write_text(tomlwrite.dumps(doc))
    doc["child"] = "someone-else"
    (old / "someone-else.recovery-123-457.toml").write_text(tomlwrite.dumps(doc))
    assert main(["status", "--data-dir", str(data_dir)]) == 0
    assert "applied 1 change to sam" in capsys.readouterr().err
    assert ws.store.load("sam").runs[0].state("know-coordinator").note == "x"
    # Nothing is left in the cache (safe to delete); another folder's child waits for it.
    assert list(old.iterdir()) == []
    unclaimed = locations.state_dir() / "recovery" / recovery.UNCLAIMED
    assert [p.name for p in unclaimed.iterdir()] == ["someone-else.recovery-123-457.toml"]
    assert main(["status", "--data-dir", str(data_dir)]) == 0
    assert "applied" not in capsys.readouterr().err


def test_another_machines_rescued_changes_are_never_replayed_here(ws: Workspace) -> None:
    run_id = _run(ws)
    path = recovery.keep(ws.store, "sam", [SetNote(run_id, "know-coordinator", "mine")])
    other = path.with_name(path.name.replace(locations.host_tag(), "laptop", 1))
    os.replace(path, other)
    assert recovery.children_waiting(ws.store) == []
    ws.replay_kept_changes()
    assert other.exists()
    assert ws.store.load("sam").runs[0].state("know-coordinator").note == ""


NESTED = "ops = " + "[" * 3000 + "]" * 3000 + "\n"
BAD_FILES = {
    "deep-nesting": NESTED,
    "not-toml": "ops = [",
    "not-utf8": b"ops = []\n\xff",
    "unknown-op": '[[ops]]\nop = "format-disk"\n',
    "newer-format": 'format = 99\n[[ops]]\nop = "note"\n',
    "no-ops": 'format = 2\nchild = "sam"\n',
    "ops-not-tables": "ops = [1, 2]\n",
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_damaged_recovery_file_goes_to_the_trash_and_the_others_still_run(
    name: str, ws: Workspace, data_dir: Path
) -> None:
    run_id = _run(ws)
    bad = ws.store.folder / f".sam.recovery-{locations.host_tag()}-1-1.toml"
    content = BAD_FILES[name]
    bad.write_bytes(content if isinstance(content, bytes) else content.encode())
    recovery.keep(ws.store, "sam", [SetNote(run_id, "know-coordinator", "kept")])
    messages: list[str] = []
    ws.on_notice = messages.append
    ws.replay_kept_changes()
    assert not bad.exists()
    assert (data_dir / "trash" / bad.name.lstrip(".")).exists()
    assert any(str(bad) in m and "trash" in m for m in messages), messages
    assert ws.store.load("sam").runs[0].state("know-coordinator").note == "kept"
    assert recovery.files_of(ws.store, "sam") == []


@pytest.mark.parametrize(
    "op, why",
    [
        (
            'op = "tick"\nrun = "RUN"\nitem = "know-coordinator"\nat = 2026-11-28T09:00:00\n',
            "has no time zone",
        ),
        (
            'op = "tick"\nrun = "RUN"\nitem = "know-coordinator"\nat = 0001-01-01T09:00:00-05:00\n',
            "outside the years",
        ),
        (
            'op = "note"\nrun = "RUN"\nitem = "know-coordinator"\nnote = "' + "x" * 30000 + '"\n',
            "longer than 20,000 characters",
        ),
    ],
    ids=["no-zone", "year-1", "too-long"],
)
def test_a_kept_change_with_bad_values_is_refused_by_its_checks_and_said(
    op: str, why: str, ws: Workspace
) -> None:
    run_id = _run(ws)
    path = ws.store.folder / f".sam.recovery-{locations.host_tag()}-1-1.toml"
    path.write_text("format = 2\n[[ops]]\n" + op.replace("RUN", run_id))
    messages: list[str] = []
    ws.on_notice = messages.append
    ws.replay_kept_changes()
    state = ws.store.load("sam").runs[0].state("know-coordinator")
    assert state.state == "open" and state.note == ""
    assert any("no longer fits" in m and str(path) in m and why in m for m in messages), messages
    assert not path.exists()
