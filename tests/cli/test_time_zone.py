"""The family's time zone (issue 23 item 4): "today" and the times a parent types are in the
profile's ``timezone``, else America/New_York, never the machine's ``TZ``."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import pytest

from iepcheck import clock
from iepcheck.__main__ import main
from iepcheck.tui.app import IepApp

# 20:00 on Wednesday 2 December in Connecticut: already Thursday 3 December in UTC.
EVENING = datetime(2026, 12, 3, 1, 0, tzinfo=UTC)


@pytest.fixture
def utc_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A machine whose clock is UTC, at 8 pm in New York."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr(clock, "_utc_now", lambda: EVENING)
    yield
    monkeypatch.undo()
    time.tzset()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv])
    out, err = capsys.readouterr()
    return code, out, err


def today(capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    code, out, err = run(capsys, "status", "--json", *extra)
    assert code == 0, err
    return str(json.loads(out)["today"])


def test_today_is_the_familys_date_not_the_servers(
    capsys: pytest.CaptureFixture[str], data_dir: Path, utc_server: None
) -> None:
    assert datetime.now().astimezone().utcoffset() == UTC.utcoffset(None)  # the machine: UTC
    assert today(capsys) == "2026-12-02"  # New York's evening, whatever TZ says
    assert run(capsys, "profile", "set", "timezone=Asia/Tokyo")[0] == 0
    assert today(capsys) == "2026-12-03"
    assert run(capsys, "profile", "set", "timezone=America/Los_Angeles")[0] == 0
    assert today(capsys) == "2026-12-02"
    assert today(capsys, "--today", "2027-01-15") == "2027-01-15"  # --today still wins
    assert run(capsys, "profile", "set", "timezone=")[0] == 0  # cleared: New York again
    assert today(capsys) == "2026-12-02"
    code, out, _ = run(capsys, "profile", "show")
    assert code == 0 and "timezone America/New_York (the default)" in out


def test_the_app_shows_the_familys_date(data_dir: Path, utc_server: None) -> None:
    app = IepApp(data_dir, [], watch=0)
    assert app.clock.today() == date(2026, 12, 2)
    assert app.clock.now().hour == 20 and app.clock.zone_name == "America/New_York"


def meeting_event(path: Path) -> icalendar.Event:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    assert isinstance(cal, icalendar.Calendar)
    return next(e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("meeting-"))


def test_a_typed_time_is_exported_in_the_familys_zone(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path, utc_server: None
) -> None:
    run(capsys, "child", "add", "Sam")
    code, _, err = run(capsys, "meeting", "add", "sam", "2026-12-10", "--time", "2:30pm")
    assert code == 0, err
    target = tmp_path / "sam.ics"
    assert run(capsys, "calendar", "export", "-o", str(target))[0] == 0
    data = target.read_bytes()
    assert b"DTSTART;TZID=America/New_York:20261210T143000" in data
    cal = icalendar.Calendar.from_ical(data)
    assert [str(z["TZID"]) for z in cal.walk("VTIMEZONE")] == ["America/New_York"]
    start = meeting_event(target).decoded("DTSTART")
    assert start == datetime(2026, 12, 10, 19, 30, tzinfo=UTC)  # 9:30 UTC would be wrong
    # The family in Chicago: the same typed time, in their zone.
    assert run(capsys, "profile", "set", "timezone=America/Chicago")[0] == 0
    assert run(capsys, "calendar", "export", "-o", str(target))[0] == 0
    assert b"DTSTART;TZID=America/Chicago:20261210T143000" in target.read_bytes()


@pytest.mark.parametrize("name", ["Mars/Olympus", "EST5EDT\x1b[2J", "../../etc/passwd", "local"])
def test_an_unknown_zone_is_refused(
    capsys: pytest.CaptureFixture[str], data_dir: Path, name: str
) -> None:
    run(capsys, "profile", "set", "timezone=America/Chicago")
    code, _, err = run(capsys, "profile", "set", f"timezone={name}")
    assert code == 2 and "iepcheck: timezone" in err
    assert "not a time zone name" in err or "a control character" in err
    assert "\x1b" not in err
    assert 'timezone = "America/Chicago"' in (data_dir / "profile.toml").read_text()


def test_a_zone_edited_by_hand_that_does_not_exist_is_the_default(
    capsys: pytest.CaptureFixture[str], data_dir: Path, utc_server: None
) -> None:
    run(capsys, "child", "add", "Sam")
    (data_dir / "profile.toml").write_text('format = 1\ntimezone = "Mars/Olympus"\n')
    assert today(capsys) == "2026-12-02"
    code, out, _ = run(capsys, "profile", "show")
    assert code == 0
    assert "timezone America/New_York (the profile's 'Mars/Olympus' is not a time zone)" in out
