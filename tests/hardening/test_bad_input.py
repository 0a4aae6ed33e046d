"""One bad file, date or folder never stops the rest, never hangs, never gives a traceback."""

from __future__ import annotations

import errno
import json
import os
import stat
import threading
from pathlib import Path

import pytest

from iepcheck.__main__ import main
from iepcheck.checklists.loader import load_bytes

from ..helpers import write_checklist

TODAY = ["--today", "2026-11-28"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, *TODAY])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def within(seconds: float, work) -> object:
    """Run ``work`` in a thread; fail (never hang) if it is not done in ``seconds``."""
    box: list[object] = []
    thread = threading.Thread(target=lambda: box.append(work()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"did not finish within {seconds} s"
    return box[0]


def chain(n: int, loop: bool) -> bytes:
    lines = [
        'format = 1\nid = "chain"\nversion = 1\ntitle = "C"\nkind = "process"\n',
        '[[sections]]\ntitle = "S"\n',
    ]
    for k in range(n):
        due = (
            f'due = "1 days after i{k - 1}"\n'
            if k
            else ('due = f"1 days after i{n - 1}"\n' if loop else "")
        )
        if k == 0 and loop:
            due = f'due = "1 days after i{n - 1}"\n'
        lines.append(f'[[sections.items]]\nid = "i{k}"\ntext = "T{k}"\n{due}')
    return "".join(lines).encode()


def test_a_long_due_after_chain_is_checked_in_linear_time() -> None:
    data = chain(3500, loop=False)
    assert len(data) < 256 * 1024
    result = within(30, lambda: load_bytes(data, "chain.toml"))
    assert result.checklist is not None  # type: ignore[attr-defined]
    looped = within(30, lambda: load_bytes(chain(3000, loop=True), "loop.toml"))
    (problem,) = looped.problems  # type: ignore[attr-defined]
    assert "in a circle: i0 → i2999 → i2998 → … → i1 → i0" in problem.message


def test_a_symlink_loop_or_odd_entry_in_a_checklist_folder_is_one_broken_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    shared = tmp_path / "shared"
    write_checklist(
        shared,
        "good.toml",
        'format = 1\nid = "good"\nversion = 1\ntitle = "G"\n'
        'kind = "meeting"\n[[sections]]\ntitle = "S"\n[[sections.items]]\n'
        'id = "a"\ntext = "A"\n',
    )
    (shared / "loop.toml").symlink_to(shared / "loop.toml")
    (shared / "dir.toml").mkdir()
    (shared / "dangling.toml").symlink_to(tmp_path / "nowhere")
    os.mkfifo(shared / "fifo.toml")
    code, out, _ = within(30, lambda: run(capsys, "list", "--checklists", str(shared), "--json"))
    assert code == 0
    listed = {Path(e["file"]).name: e["status"] for e in json.loads(out)["checklists"]}
    assert listed["good.toml"] == "active"
    for name in ("loop.toml", "dir.toml", "dangling.toml", "fifo.toml"):
        assert listed[name] == "broken"


def test_a_fifo_or_damaged_file_among_children_never_stops_the_rest(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    run(capsys, "child", "add", "Sam")
    folder = data_dir / "children"
    os.mkfifo(folder / "pipe.toml")
    (folder / "bad.toml").write_text(
        'format = 2\nname = "B"\n[[meetings]]\nid = "m"\ndate = 9999-12-31\n'
    )
    code, out, _ = within(30, lambda: run(capsys, "status", "--json"))
    assert code == 0
    data = json.loads(out)
    assert [c["id"] for c in data["children"]] == ["sam"]
    reasons = {Path(p["file"]).name: p["reason"] for p in data["problems"]}
    assert "not a progress file" in reasons["pipe.toml"]
    assert "outside the years 1900-2200" in reasons["bad.toml"]
    code, _, _ = run(capsys, "child", "add", "Maya")  # a FIFO never hangs other commands
    assert code == 0


@pytest.mark.parametrize(
    "argv, message",
    [
        (["meeting", "add", "sam", "0001-01-01"], "outside the years"),
        (["meeting", "add", "sam", "9999-12-31"], "outside the years"),
        (["status", "--days", "999999999"], "--days must be between"),
        (["meeting", "add", "sam", "2026-12-10", "--time", "\x1b]0;pwn\x07"], "control character"),
        (["child", "add", "A\u200bB"], "control character"),
    ],
)
def test_out_of_range_dates_and_escapes_are_refused_at_input(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    run(capsys, "child", "add", "Sam")
    code, _, err = run(capsys, *argv)
    assert code == 2 and message in err
    code, out, _ = run(capsys, "status")
    assert code == 0 and "\x1b" not in out


def test_a_private_folder_and_a_read_only_file_are_respected(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    run(capsys, "child", "add", "Sam")
    path = data_dir / "children" / "sam.toml"
    before = path.read_bytes()
    path.chmod(0o400)
    code, _, err = run(capsys, "child", "rename", "sam", "Samuel")
    assert code == 1 and "read-only" in err and path.read_bytes() == before
    path.chmod(0o600)
    (data_dir / "children").chmod(0o777)
    code, _, err = run(capsys, "child", "rename", "sam", "Samuel")
    assert code == 1 and "can be changed by other users" in err
    (data_dir / "children").chmod(0o700)
    lock = data_dir / "children" / ".sam.lock"
    lock.unlink()
    target = data_dir / "elsewhere"
    lock.symlink_to(target)  # planted: never followed
    code, _, err = run(capsys, "child", "rename", "sam", "Samuel")
    assert code == 1 and "lock file" in err and not target.exists()


@pytest.mark.parametrize("code_", [errno.EACCES, errno.EROFS, errno.ENOSPC, errno.EIO])
def test_a_failing_disk_gives_a_sentence_and_leaves_the_file_whole(
    capsys: pytest.CaptureFixture[str], data_dir: Path, monkeypatch: pytest.MonkeyPatch, code_: int
) -> None:
    run(capsys, "child", "add", "Sam")
    path = data_dir / "children" / "sam.toml"
    before = path.read_bytes()

    def refuse(*args: object, **kw: object) -> None:
        raise OSError(code_, os.strerror(code_))

    monkeypatch.setattr(os, "replace", refuse)
    code, _, err = run(capsys, "child", "rename", "sam", "Samuel")
    assert code == 1 and str(path) in err and "could not be saved" in err
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_files_are_private_whatever_the_umask(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    old = os.umask(0)
    try:
        run(capsys, "child", "add", "Sam")
        run(capsys, "meeting", "add", "sam", "2026-12-10")
        run(capsys, "export", "sam", "-o", str(tmp_path / "out" / "sam.html"))
    finally:
        os.umask(old)
    for path in [data_dir, *data_dir.rglob("*"), tmp_path / "out", tmp_path / "out" / "sam.html"]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path


def test_no_network_socket_is_ever_opened(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import socket

    real = socket.socket.__init__

    def only_local(self, family=-1, *args, **kw):  # type: ignore[no-untyped-def]
        if family not in (-1, socket.AF_UNIX):
            raise AssertionError(f"a socket of family {family} was opened")
        real(self, family, *args, **kw)

    monkeypatch.setattr(socket.socket, "__init__", only_local)
    monkeypatch.setattr(
        socket,
        "create_connection",
        lambda *a, **k: (_ for _ in ()).throw(AssertionError("a connection was attempted")),
    )
    for argv in (
        ["child", "add", "Sam"],
        ["meeting", "add", "sam", "2026-12-10"],
        ["status"],
        ["list"],
        ["export", "sam", "-o", str(tmp_path / "s.html")],
    ):
        assert run(capsys, *argv)[0] == 0
