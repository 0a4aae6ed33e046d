"""Every hostile file through validate, list, import and the app in a real terminal: a
sentence with its position, never a traceback, never a hang, and the others still load."""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
from pathlib import Path

import pytest

from iepcheck.__main__ import main

from ..helpers import LONG
from ..ui.test_signals import drain, read_until, spawn_app, wait_exit
from .corpus import build


@pytest.fixture
def corpus(tmp_path: Path):
    folder = tmp_path / "hostile"
    return folder, build(folder)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    box: list[int] = []
    thread = threading.Thread(target=lambda: box.append(main([*argv])), daemon=True)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), f"{argv} did not finish within 60 s"
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return box[0], out, err


def test_validate_each_file(capsys: pytest.CaptureFixture[str], corpus) -> None:
    folder, cases = corpus
    assert len(cases) >= 30
    for case in cases:
        code, out, _ = run(capsys, "validate", str(folder / case.name))
        if case.expect == "valid":
            assert code == 0, (case.name, out)
        else:
            assert code == 1 and case.expect in out, (case.name, out)
            assert re.search(rf"{re.escape(case.name)}:\d+:\d+: error: ", out), out
        assert "\x1b" not in out and "\u202e" not in out and "\x9b" not in out


def test_list_and_import_never_stop_at_a_bad_file(
    capsys: pytest.CaptureFixture[str], corpus, data_dir: Path
) -> None:
    folder, cases = corpus
    code, out, _ = run(capsys, "list", "--json", "--checklists", str(folder))
    assert code == 0
    status = {Path(e["file"]).name: e["status"] for e in json.loads(out)["checklists"]}
    for case in cases:
        wanted = "active" if case.expect == "valid" else "broken"
        assert status.get(case.name) == wanted, case.name
    assert status["ct-ppt-prep.toml"] == "active"  # the bundled ones still load
    code, out, err = run(capsys, "list", "--checklists", str(folder))
    assert code == 0 and all(len(line) < 400 for line in out.splitlines())
    for case in cases if LONG else cases[::3]:  # every file with IEPCHECK_LONG=1
        code, out, err = run(capsys, "import", str(folder / case.name))
        assert code == (0 if case.expect == "valid" else 1), (case.name, err)


@pytest.mark.slow
def test_the_app_in_a_terminal_shows_hostile_text_literally(corpus, data_dir: Path) -> None:
    folder, _ = corpus
    pid, fd = spawn_app("--checklists", str(folder))
    try:
        seen = read_until(fd, b"Welcome to iepcheck", 30)
        os.write(fd, b"l")
        seen += read_until(fd, b"broken", 30)
        for _ in range(40):  # walk the whole list: every title and detail is drawn
            os.write(fd, b"\x1b[B")
            drain(fd, 0.05)
        os.write(fd, b"q")
        seen += read_until(fd, b"Welcome", 15)
        os.write(fd, b"q")
        assert os.WEXITSTATUS(wait_exit(pid, 30)) == 0
    finally:
        with contextlib.suppress(OSError):
            os.kill(pid, 9)
    text = seen.decode("utf-8", "replace")
    # The payloads' words may show as text; none of their sequences reach the terminal: no
    # hyperlink (OSC 8), no title change (OSC 0), no C1 CSI.
    assert "\x1b]8;" not in text and "\x1b]0;pwned" not in text and "\x9b" not in text
    assert "Traceback" not in text
