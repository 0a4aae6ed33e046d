"""The checklist commands as a user or a script runs them."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from iepcheck.__main__ import main

from ..conftest import DATA, REPO
from ..helpers import checklist_text, write_checklist

BAD = DATA / "checklists" / "bad"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("iepcheck ")
    code, out, _ = run(capsys, "validate", "--help")
    assert code == 0 and "--strict" in out


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "validate")
    assert code == 2 and "FILE" in err
    code, _, err = run(capsys, "frobnicate")
    assert code == 2


def test_validate_good_and_bad(capsys: pytest.CaptureFixture[str]) -> None:
    good = REPO / "checklists" / "ct-ppt-prep.toml"
    code, out, _ = run(capsys, "validate", str(good))
    assert (code, out) == (0, "")
    bad = BAD / "duplicate-item-id.toml"
    code, out, err = run(capsys, "validate", str(good), str(bad))
    assert code == 1
    assert out == f"{bad}:20:6: error: item id 'ask' is used twice: first on line 12\n"
    assert "2 files checked, 1 with errors" in err


def test_validate_strict_turns_warnings_into_errors(capsys: pytest.CaptureFixture[str]) -> None:
    path = BAD / "warn-unknown-key.toml"
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 0 and ": warning: unknown key 'colour'" in out
    code, out, _ = run(capsys, "validate", "--strict", str(path))
    assert code == 1 and ": error: unknown key 'colour'" in out


def test_validate_output_never_carries_control_characters(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "validate", str(BAD / "escape-in-key.toml"))
    assert code == 1 and "\x1b" not in out and "\ufffd" in out


def test_list_shows_bundled(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert "ct-ppt-prep" in out and "bundled" in out


def test_list_json_marks_shadowed_and_broken(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    extra = tmp_path / "shared"
    write_checklist(extra, "mine.toml", checklist_text("ct-ppt-prep", 1, title="Our own"))
    write_checklist(extra, "bad.toml", 'format = 1\nid = "x"\nversion = "one"\n')
    # Global options after the command work too.
    code, out, _ = run(capsys, "list", "--json", "--checklists", str(extra))
    assert code == 0
    rows = json.loads(out)["checklists"]
    by_file = {Path(r["file"]).name: r for r in rows}
    mine = by_file["mine.toml"]
    assert mine["status"] == "active" and mine["origin"] == "extra"
    assert mine["shadows_bundled"].endswith("ct-ppt-prep.toml")
    assert by_file["ct-ppt-prep.toml"]["status"] == "shadowed"
    bad = by_file["bad.toml"]
    assert bad["status"] == "broken"
    version_problem = next(p for p in bad["problems"] if "'version'" in p["message"])
    assert (version_problem["line"], version_problem["col"]) == (3, 11)
    code, out, _ = run(capsys, "--checklists", str(extra), "list")
    assert "[shadows the bundled one]" in out and "Broken files (1)" in out
    assert f"{extra / 'bad.toml'}:3:11: error:" in out


def user_dir(data_dir: Path) -> Path:
    return data_dir / "checklists"


def test_import_copies_private(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    os.umask(0o022)
    src = write_checklist(tmp_path, "share.toml", checklist_text("family-list", 2))
    code, out, _ = run(capsys, "import", str(src))
    assert code == 0 and "imported family-list version 2" in out
    target = user_dir(data_dir) / "family-list.toml"
    assert target.read_bytes() == src.read_bytes()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(user_dir(data_dir).stat().st_mode) == 0o700
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700


def test_import_refuses_broken(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, _, err = run(capsys, "import", str(BAD / "kind-bad.toml"))
    assert code == 1 and "not imported: it has errors" in err
    assert "6:8: error" in err
    assert not user_dir(data_dir).exists()


def test_import_refuses_to_shadow_bundled_without_replace(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    src = write_checklist(tmp_path, "x.toml", checklist_text("ct-ppt-prep", 99))
    code, _, err = run(capsys, "import", str(src))
    assert code == 1 and "is a bundled checklist" in err and "--replace" in err
    code, _, _ = run(capsys, "import", "--replace", str(src))
    assert code == 0
    assert (user_dir(data_dir) / "ct-ppt-prep.toml").exists()


def test_import_version_rules(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    v2 = write_checklist(tmp_path / "a", "l.toml", checklist_text("fam", 2, title="Two"))
    v1 = write_checklist(tmp_path / "b", "l.toml", checklist_text("fam", 1, title="One"))
    v3 = write_checklist(tmp_path / "c", "l.toml", checklist_text("fam", 3, title="Three"))
    assert run(capsys, "import", str(v2))[0] == 0
    code, _, err = run(capsys, "import", str(v1))
    assert code == 1 and "would replace" in err and "(version 2) with version 1" in err
    code, _, err = run(capsys, "import", str(v2))
    assert code == 1 and "(version 2) with version 2" in err
    code, out, _ = run(capsys, "import", str(v3))
    assert code == 0 and "replacing version 2" in out
    assert 'title = "Three"' in (user_dir(data_dir) / "fam.toml").read_text()
    code, out, _ = run(capsys, "import", "--replace", str(v1))
    assert code == 0 and 'title = "One"' in (user_dir(data_dir) / "fam.toml").read_text()


def test_import_one_refused_others_still_imported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    good = write_checklist(tmp_path, "g.toml", checklist_text("good-one", 1))
    code, _, _ = run(capsys, "import", str(BAD / "no-items.toml"), str(good))
    assert code == 1
    assert (user_dir(data_dir) / "good-one.toml").exists()


def test_checklist_new_validates_as_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _out, _ = run(capsys, "checklist", "new", "my-list", "--today", "2026-11-28")
    assert code == 0
    text = (tmp_path / "my-list.toml").read_text()
    assert 'id = "my-list"' in text and "reviewed = 2026-11-28" in text
    assert run(capsys, "validate", "--strict", "my-list.toml")[0] == 0
    code, _, err = run(capsys, "checklist", "new", "my-list")
    assert code == 1 and "already exists" in err
    code, _, err = run(capsys, "checklist", "new", "Bad Id")
    assert code == 2 and "not a usable id" in err


def test_tui_refuses_dumb_terminal() -> None:
    env = {**os.environ, "TERM": "dumb"}
    proc = subprocess.run(
        [sys.executable, "-m", "iepcheck"],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=30,
    )
    assert proc.returncode == 1
    assert "iepcheck status" in proc.stderr and "Traceback" not in proc.stderr


def test_domain_and_report_commands_do_not_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys, importlib\n"
        "import pkgutil, iepcheck\n"
        "names = [m.name for m in pkgutil.walk_packages(iepcheck.__path__, 'iepcheck.')]\n"
        "assert len(names) > 40, names\n"
        "for m in names:\n"
        "    if '.tui' not in m and not m.endswith('__main__'): importlib.import_module(m)\n"
        "from iepcheck.__main__ import main\n"
        "main(['list']); main(['validate', sys.argv[1]])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print('LOADED', bad)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(REPO / "checklists" / "ct-ppt-prep.toml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "LOADED []" in proc.stdout


def test_documented_example_validates_strictly(tmp_path: Path) -> None:
    import re

    doc = (REPO / "docs" / "checklist-format.md").read_text()
    example = re.search(r"## A complete example\n\n```toml\n(.*?)```", doc, re.S)
    assert example is not None
    path = tmp_path / "example.toml"
    path.write_text(example.group(1))
    assert main(["validate", "--strict", str(path)]) == 0
    # The conditional paragraphs' example, as the letter of a file.
    letter = re.search(r"#### Conditional paragraphs\n.*?```toml\n(.*?)```", doc, re.S)
    assert letter is not None
    path.write_text(checklist_text() + letter.group(1))
    assert main(["validate", "--strict", str(path)]) == 0


def test_a_shadowing_checklist_is_marked_in_export(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    extra = tmp_path / "ours"
    mine = write_checklist(extra, "prep.toml", checklist_text("ct-ppt-prep", 1, title="Ours"))
    assert main(["child", "add", "Sam", "--checklists", str(extra)]) == 0
    assert main(["meeting", "add", "sam", "2026-12-10", "--checklists", str(extra)]) == 0
    capsys.readouterr()
    assert main(["export", "sam", "--checklists", str(extra)]) == 0
    out = capsys.readouterr().out
    assert f"replaces the bundled one of the same id: {mine}" in out
