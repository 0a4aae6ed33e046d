"""Input that is not UTF-8, invisible characters, and data folders others can change: a
sentence naming the argument or the folder, nothing written, never a traceback."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from iepcheck.__main__ import main
from iepcheck.checklists.loader import load_bytes
from iepcheck.textsafe import clean
from iepcheck.tui.text import safe_line

LATIN1 = os.fsdecode(b"Jos\xe9")  # what Python makes of a Latin-1 byte in an argument


@pytest.fixture
def sam(data_dir: Path) -> Path:
    assert main(["child", "add", "Sam", "--plan", "504", "--data-dir", str(data_dir)]) == 0
    assert main(["start", "sam", "ct-504-monitoring", "--data-dir", str(data_dir)]) == 0
    return data_dir


@pytest.mark.parametrize(
    "argv, named",
    [
        (["child", "add", LATIN1], "argument 3"),
        (["profile", "set", f"name={LATIN1}"], "argument 3"),
        (["child", "set", "sam", f"grade={LATIN1}"], "argument 4"),
        (["meeting", "add", "sam", "2026-12-10", "--title", LATIN1], "--title"),
        (["log", "add", "sam", LATIN1], "argument 4"),
        (["log", "add", "sam", "Asked", f"--with={LATIN1}"], "--with"),
        (["doc", "add", "sam", "iep", "--received", "2026-11-20", "--note", LATIN1], "--note"),
        (["calendar", "import", "x.ics", "--id", "x", "--title", LATIN1], "--title"),
        (["tick", "sam", f"ct-504-monitoring/{LATIN1}"], "argument 3"),
    ],
)
def test_an_argument_that_is_not_utf8_is_named_and_nothing_is_written(
    argv: list[str], named: str, sam: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {p: p.read_bytes() for p in sam.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert main([*argv, "--data-dir", str(sam)]) == 2
    err = capsys.readouterr().err
    assert f"iepcheck: {named}: not UTF-8 text" in err and "Traceback" not in err
    assert "\\xe9" in err
    assert {p: p.read_bytes() for p in sam.rglob("*") if p.is_file()} == before


def test_a_note_on_standard_input_that_is_not_utf8_is_refused(
    sam: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"Jos\xe9 said no"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    code = main(
        ["tick", "sam", "ct-504-monitoring/get-signed-plan", "--note", "-", "--data-dir", str(sam)]
    )
    err = capsys.readouterr().err
    assert code == 2 and "--note -: standard input is not UTF-8 text" in err


def test_a_note_too_long_for_the_record_is_refused_before_anything_is_written(
    sam: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"x" * 30_000), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    before = (sam / "children" / "sam.toml").read_bytes()
    code = main(
        ["tick", "sam", "ct-504-monitoring/get-signed-plan", "--note", "-", "--data-dir", str(sam)]
    )
    assert code == 1 and "the note is longer than 20,000 characters" in capsys.readouterr().err
    assert (sam / "children" / "sam.toml").read_bytes() == before


INVISIBLE = ["\u00ad", "\u034f", "\u115f", "\u3164", "\ufff9", "\u2028", "\u2029", "\U000e0041"]


@pytest.mark.parametrize("char", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_invisible_characters_are_unsafe_everywhere(
    char: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert clean(f"a{char}b") == "a\ufffdb"
    assert str(safe_line(f"a{char}b")) == "a\ufffdb"
    text = f'format = 1\nid = "x"\nversion = 1\ntitle = "T{char}"\n[[sections]]\ntitle = "S"\n'
    text += '[[sections.items]]\nid = "a"\ntext = "A"\n'
    result = load_bytes(text.encode(), "x.toml", strict=True)
    assert any(p.severity == "error" for p in result.problems), result.problems
    assert main(["child", "add", f"Sam{char}", "--data-dir", str(data_dir)]) == 2
    assert "control character" in capsys.readouterr().err


def test_a_data_folder_inside_a_folder_anyone_can_change_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "open"
    shared.mkdir()
    data = shared / "data"
    assert main(["child", "add", "Sam", "--data-dir", str(data)]) == 0
    os.chmod(shared, 0o777)  # everyone may rename what is in it, and no sticky bit
    capsys.readouterr()
    assert main(["status", "sam", "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    assert f"inside {shared}, which every user can change" in err
    os.chmod(shared, 0o1777)  # with the sticky bit (like /tmp): each user's entries are theirs
    assert main(["status", "sam", "--data-dir", str(data)]) == 0


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_a_data_folder_of_another_user_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    assert main(["child", "add", "Sam", "--data-dir", str(data)]) == 0
    os.chown(data, 65534, 65534)
    capsys.readouterr()
    assert main(["status", "sam", "--data-dir", str(data)]) == 1
    assert "belongs to another user" in capsys.readouterr().err
