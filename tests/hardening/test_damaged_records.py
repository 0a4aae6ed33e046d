"""Damaged progress files × every command: a sentence naming the file (and the line where it
can be found), the file untouched, the other children fine. In-process, so it stays fast."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from iepcheck.__main__ import main

GOOD_HEAD = 'format = 2\nid = "bad"\nname = "Bad"\nplan = "504"\n'
RUN = (
    '[[runs]]\nid = "r1"\nchecklist = "ct-504-monitoring"\nversion = 2\nkind = "ongoing"\n'
    'origin = "bundled"\nstarted = 2026-11-01\n[[runs.sections]]\ntitle = "S"\n'
    '[[runs.sections.items]]\nid = "a"\ntext = "A"\n'
)
DAMAGED: dict[str, bytes] = {
    "empty": b"",
    "truncated": GOOD_HEAD.encode()[:30],
    "garbage": b"\x00\x01\x02 not toml at all [[[",
    "not-utf8": b'format = 2\nname = "caf\xe9"\n',
    "utf16": GOOD_HEAD.encode("utf-16"),
    "no-format": b'name = "Bad"\n',
    "format-string": b'format = "2"\nname = "Bad"\n',
    "format-99": b'format = 99\nname = "Bad"\n',
    "format-0": b'format = 0\nname = "Bad"\n',
    "no-name": b"format = 2\n",
    "name-number": b"format = 2\nname = 5\n",
    "bad-plan": (GOOD_HEAD.replace('"504"', '"maybe"')).encode(),
    "meetings-string": (GOOD_HEAD + 'meetings = "soon"\n').encode(),
    "meeting-no-date": (GOOD_HEAD + '[[meetings]]\nid = "m"\n').encode(),
    "meeting-date-text": (GOOD_HEAD + '[[meetings]]\nid = "m"\ndate = "soon"\n').encode(),
    "meeting-datetime": (
        GOOD_HEAD + '[[meetings]]\nid = "m"\ndate = 2026-12-10T10:00:00\n'
    ).encode(),
    "meeting-year-1": (GOOD_HEAD + '[[meetings]]\nid = "m"\ndate = 0001-01-01\n').encode(),
    "meeting-year-9999": (GOOD_HEAD + '[[meetings]]\nid = "m"\ndate = 9999-12-31\n').encode(),
    "meeting-bad-kind": (
        GOOD_HEAD + '[[meetings]]\nid = "m"\ndate = 2026-12-10\nkind = "x"\n'
    ).encode(),
    "closed-backwards": (GOOD_HEAD + "[[closed]]\nstart = 2026-12-24\nend = 2026-12-01\n").encode(),
    "closed-datetime": (GOOD_HEAD + "[[closed]]\nstart = 2026-12-24T00:00:00Z\n").encode(),
    "contacts-table": (GOOD_HEAD + "[contacts]\nrole = 1\n").encode(),
    "run-no-id": (GOOD_HEAD + RUN.replace('id = "r1"\n', "")).encode(),
    "run-started-text": (GOOD_HEAD + RUN.replace("2026-11-01", '"yesterday"')).encode(),
    "run-version-text": (GOOD_HEAD + RUN.replace("version = 2", 'version = "2"')).encode(),
    "item-bad-state": (GOOD_HEAD + RUN + '[runs.items.a]\nstate = "maybe"\n').encode(),
    "item-at-date": (
        GOOD_HEAD + RUN + '[runs.items.a]\nstate = "done"\nat = 2026-11-02\n'
    ).encode(),
    "completions-text": (GOOD_HEAD + RUN + '[runs.items.a]\ncompletions = ["x"]\n').encode(),
    "log-not-list": (GOOD_HEAD + RUN + '[runs.items.a]\nlog = "x"\n').encode(),
    "log-day-missing": (GOOD_HEAD + RUN + '[[runs.items.a.log]]\ntext = "x"\n').encode(),
    "items-list": (GOOD_HEAD + RUN + "[[runs.items]]\nx = 1\n").encode(),
    "sections-string": (
        GOOD_HEAD + RUN.split("[[runs.sections]]")[0] + 'sections = "x"\n'
    ).encode(),
    "deep": b"format = 2\nx = " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "huge-note": (GOOD_HEAD + RUN + '[runs.items.a]\nnote = "' + "n" * 2_000_000 + '"\n').encode(),
    "many-log-entries": (
        GOOD_HEAD
        + RUN
        + "".join(
            f'[[runs.items.a.log]]\nday = 2026-11-01\ntext = "e{k}"\nadded = 2026-11-02T09:00:00Z\n'
            for k in range(10000)
        )
    ).encode(),
    "oversize": b"# " + b"z" * (16 * 1024 * 1024 + 10),
}
FINE = {"huge-note", "many-log-entries"}  # big but valid: they open
COMMANDS = [
    ["status"],
    ["status", "--json"],
    ["status", "bad"],
    ["export", "bad"],
    ["meeting", "list"],
    ["meeting", "add", "bad", "2026-12-10"],
    ["child", "rename", "bad", "Other"],
    ["child", "closed", "bad", "2026-12-24"],
    ["start", "bad", "ct-504-to-iep"],
    ["tick", "bad", "ct-504-monitoring/a"],
]


@pytest.fixture
def world(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["child", "add", "Sam", "--data-dir", str(data_dir)]) == 0
    capsys.readouterr()
    return data_dir / "children"


@pytest.mark.parametrize("kind", sorted(DAMAGED))
def test_every_command_on_a_damaged_file(
    world: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    path = world / "bad.toml"
    path.write_bytes(DAMAGED[kind])
    for argv in COMMANDS:
        code = main([*argv, "--data-dir", str(world.parent), "--today", "2026-11-28"])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err, (kind, argv)
        if kind in FINE:
            continue
        if "bad" not in argv:  # status and meeting list over every child
            assert code == 0 and "Sam" in out, (kind, argv)  # the other child still shows
            assert "bad.toml" in out, (kind, argv)
        else:
            assert code == 1 and "bad.toml" in err, (kind, argv, err)
        assert path.read_bytes() == DAMAGED[kind], "a damaged file is never written"
    assert [p for p in os.listdir(world) if p.endswith(".tmp")] == []


def test_a_damaged_line_is_named(world: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (world / "bad.toml").write_bytes(DAMAGED["meeting-datetime"])
    assert main(["status", "bad", "--data-dir", str(world.parent)]) == 1
    assert "bad.toml:7: not a valid progress file: meetings[0].date" in capsys.readouterr().err
