"""The README's first session from the shell, run line by line as a parent would."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from iepcheck.__main__ import main

from ..conftest import REPO


def session_lines() -> list[str]:
    text = (REPO / "README.md").read_text()
    block = re.search(r"<!-- shell-session.*?```sh\n(.*?)```", text, re.S)
    assert block, "the README's shell session is marked with <!-- shell-session -->"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_readmes_shell_session_runs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    lines = session_lines()
    assert len(lines) >= 8
    for line in lines:
        argv = shlex.split(line, comments=True)
        assert argv[0] == "iepcheck"
        code = main([*argv[1:], "--today", "2026-11-28"])
        _out, err = capsys.readouterr()
        assert code == 0, f"{line}\n{err}"
        assert "Traceback" not in err
    assert (tmp_path / "sam.html").read_text().startswith("<!DOCTYPE html>")
