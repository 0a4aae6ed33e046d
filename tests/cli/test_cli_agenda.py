"""``iepcheck agenda`` from the command line: its options, its errors, its empty cases."""

from __future__ import annotations

import json

import pytest

from iepcheck.__main__ import main


def test_no_children_yet(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["agenda", "--today", "2026-12-01"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "Today is Tue 1 Dec 2026. Looking 60 days ahead.",
        "No children yet. Add one with: iepcheck child add NAME",
    ]
    assert main(["agenda", "--json", "--today", "2026-12-01"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["today"], doc["overdue"], doc["days"]) == ("2026-12-01", [], [])


@pytest.mark.parametrize("days", ["-1", "36501"])
def test_days_out_of_range_is_a_sentence(capsys: pytest.CaptureFixture[str], days: str) -> None:
    assert main(["agenda", "--days", days]) == 2
    err = capsys.readouterr().err
    assert err == "iepcheck: --days must be between 0 and 36500\n"


def test_a_file_that_does_not_read_is_named_and_the_rest_shown(
    capsys: pytest.CaptureFixture[str], data_dir
) -> None:
    assert main(["child", "add", "Sam", "--today", "2026-12-01"]) == 0
    assert (
        main(["meeting", "add", "sam", "2026-12-03", "--kind", "ppt", "--today", "2026-12-01"]) == 0
    )
    broken = data_dir / "children" / "bad.toml"
    broken.write_text("format = 1\n[[[")
    capsys.readouterr()
    assert main(["agenda", "--today", "2026-12-01"]) == 0
    out = capsys.readouterr().out
    assert "Thu 3 Dec 2026" in out and "Sam: PPT" in out
    assert "Not opened: " in out and "bad.toml" in out
    doc = json.loads(
        main(["agenda", "--json", "--today", "2026-12-01"]) == 0 and capsys.readouterr().out
    )
    assert doc["problems"] and doc["problems"][0]["file"].endswith("bad.toml")


def test_help_names_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "agenda" in capsys.readouterr().out
