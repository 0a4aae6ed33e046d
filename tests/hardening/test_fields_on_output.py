"""Every field read from a record reaches a terminal or a report cleaned, whatever its kind:
a way of contact, a document's kind, a sent letter's reference included."""

from __future__ import annotations

from pathlib import Path

import pytest

from iepcheck.__main__ import main

ESC = "\\u001B]8;;https://evil.example/\\u0007click\\u001B]8;;\\u0007\\u001B[31m"
RECORD = f"""format = 3
id = "sam"
name = "Sam"
plan = "504"

[[communications]]
id = "c1"
day = 2026-11-20
text = "Asked"
added = 2026-11-20T09:00:00-05:00
via = "{ESC}"

[[documents]]
id = "d1"
kind = "{ESC}"
received = 2026-11-21
added = 2026-11-21T09:00:00-05:00

[[letters]]
id = "x1"
letter = "ct-x/{ESC}"
title = "Ask"
subject = "S"
body = "Dear"
sent = 2026-11-04
at = 2026-11-05T09:00:00-05:00
"""


@pytest.fixture
def planted(data_dir: Path) -> Path:
    folder = data_dir / "children"
    folder.mkdir(parents=True)
    data_dir.chmod(0o700)
    folder.chmod(0o700)
    (folder / "sam.toml").write_text(RECORD)
    return data_dir


@pytest.mark.parametrize(
    "argv",
    [
        ["log", "list", "sam"],
        ["doc", "list", "sam"],
        ["letter", "list", "sam"],
        ["timeline", "sam"],
        ["timeline", "sam", "--format", "md"],
        ["export", "sam"],
        ["export", "sam", "--format", "md"],
        ["status", "sam"],
    ],
    ids=lambda a: " ".join(a),
)
def test_no_escape_sequence_from_a_record_reaches_the_terminal(
    argv: list[str], planted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*argv, "--data-dir", str(planted)]) == 0
    out = capsys.readouterr()
    for stream in (out.out, out.err):
        assert "\x1b" not in stream and "\x07" not in stream
    if argv[0] in ("log", "doc", "timeline", "export"):
        assert "\ufffd" in out.out  # shown, as replacement characters
