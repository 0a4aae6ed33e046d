"""The README's first session from the shell, run line by line as a parent would."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from iepcheck.__main__ import main

from ..conftest import REPO


def session_lines(mark: str = "shell-session") -> list[str]:
    text = (REPO / "README.md").read_text()
    block = re.search(rf"<!-- {mark}.*?```sh\n(.*?)```", text, re.S)
    assert block, f"the README's session is marked with <!-- {mark} -->"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_readmes_shell_session_runs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    lines = session_lines()
    assert len(lines) >= 8
    letter = session_lines("letter-session")
    assert len(letter) == 5
    for line in lines + letter:
        argv = shlex.split(line, comments=True)
        assert argv[0] == "iepcheck"
        code = main([*argv[1:], "--today", "2026-11-28"])
        _out, err = capsys.readouterr()
        assert code == 0, f"{line}\n{err}"
        assert "Traceback" not in err
    assert (tmp_path / "sam.html").read_text().startswith("<!DOCTYPE html>")
    records = (tmp_path / "records.txt").read_text()
    assert "Sam Rivera has a Section 504 meeting on December 10, 2026" in records
    signed = records.split("Sincerely")[1]
    assert "Ana Rivera\n12 Elm St, Hartford, CT 06106\nana@example.org" in signed


def test_the_readmes_plan_session_runs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    lines = session_lines("plan-session")
    assert len(lines) >= 6
    for line in lines:
        argv = shlex.split(line, comments=True)
        assert argv[0] == "iepcheck"
        code = main([*argv[1:], "--today", "2026-11-28"])
        out, err = capsys.readouterr()
        assert code == 0, f"{line}\n{err}"
        assert "Traceback" not in err
    assert "Reads a grade-level passage at 90 words correct per minute" in out
