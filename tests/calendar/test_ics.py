"""School calendars read from .ics files (hostile ones too) and reminders written as .ics."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iepcheck.calendar.ics import model, rules
from iepcheck.calendar.ics.model import Closure, IcsError, Reading
from iepcheck.calendar.ics.read import read_ics
from iepcheck.calendar.ics.words import DEFAULT_WORDS, Words
from iepcheck.calendar.ics.write import Event, parse_remind, parse_time, write_ics
from iepcheck.clock import time_zone

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "ics-corpus" / "calendars"


def calendar(*events: str, head: str = "") -> bytes:
    body = "".join(events)
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//district//EN\n{head}{body}END:VCALENDAR\n"
    return text.replace("\n", "\r\n").encode()


def event(summary: str, start: str, *lines: str, uid: str | None = None) -> str:
    value = f";VALUE=DATE:{start}" if len(start) == 8 else f":{start}"
    extra = "".join(f"{line}\n" for line in lines)
    return (
        f"BEGIN:VEVENT\nUID:{uid or summary + start}\nDTSTART{value}\n"
        f"SUMMARY:{summary}\n{extra}END:VEVENT\n"
    )


DISTRICT = calendar(
    event("First Day of School for Students", "20250827"),
    event("Labor Day - No School", "20250901", "DTEND;VALUE=DATE:20250902"),
    event("Professional Development Day - No School for Students", "20251010"),
    event("Early Dismissal - Parent Conferences", "20251112"),
    event("Thanksgiving Recess", "20251126", "DTEND;VALUE=DATE:20251129"),
    event("Winter Concert", "20251211"),
    event("Holiday Concert", "20251218"),
    event("Winter Break", "20251224", "DTEND;VALUE=DATE:20260102"),
    event("Schools Closed - Snow", "20260120T000000", "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE"),
    event("Board of Education Meeting", "20260203T190000"),
    event("No School - Teacher Workshop", "20260213T080000", "DTEND:20260213T150000"),
    event("February Vacation", "20260216", "DURATION:P5D"),
    event("April Vacation", "20260413", "DTEND;VALUE=DATE:20260418", "STATUS:CANCELLED"),
    event("Spring Recess", "20260414", "DTEND;VALUE=DATE:20260418"),
    event("Last Day of School - Early Dismissal", "20260612T120000"),
    head="X-WR-CALNAME:Anytown Public Schools 2025-26\n",
)


def test_a_district_calendar() -> None:
    reading = read_ics(DISTRICT)
    assert [(c.start, c.end, c.label) for c in reading.closures] == [
        (date(2025, 9, 1), date(2025, 9, 1), "Labor Day - No School"),
        (
            date(2025, 10, 10),
            date(2025, 10, 10),
            "Professional Development Day - No School for Students",
        ),
        (date(2025, 11, 26), date(2025, 11, 28), "Thanksgiving Recess"),
        (date(2025, 12, 24), date(2026, 1, 1), "Winter Break"),
        (date(2026, 1, 20), date(2026, 1, 20), "Schools Closed - Snow"),
        (date(2026, 2, 16), date(2026, 2, 20), "February Vacation"),
        (date(2026, 4, 14), date(2026, 4, 17), "Spring Recess"),
    ]
    assert reading.first_day == date(2025, 8, 27)
    assert reading.last_day == date(2026, 6, 12)  # a timed event still says which day
    why = {i.summary: i.why for i in reading.ignored}
    assert why == {
        "Early Dismissal - Parent Conferences": model.HALF_DAY,
        "Winter Concert": model.NOT_A_CLOSURE,
        "Holiday Concert": model.NOT_A_CLOSURE,
        "Board of Education Meeting": model.NOT_A_CLOSURE,
        "No School - Teacher Workshop": model.TIMED,
        "April Vacation": model.CANCELLED,
    }
    assert reading.warnings == ()


@pytest.mark.parametrize(
    ("summary", "kind"),
    [
        ("No School", "closure"),
        ("NO SCHOOL – Good Friday", "closure"),
        ("Winter Recess", "closure"),
        ("Thanksgiving Break", "closure"),
        ("Presidents' Day Holiday", "closure"),
        ("Schools closed", "closure"),
        ("PD Day", "closure"),
        ("Teacher In-Service (no students)", "closure"),
        ("Snow Day", "closure"),
        ("Parent Conferences - No School", "closure"),
        ("Holiday Concert", "skip"),
        ("Holiday Shoppe", "skip"),
        ("Early Dismissal", "skip"),
        ("Winter Recess begins after early dismissal", "skip"),
        ("Half-day: Professional Development", "skip"),
        ("Snow Day Make-Up (school in session)", "skip"),
        ("2-Hour Delayed Opening", "skip"),
        ("Last day before winter break", "skip"),
        ("Central Office Closed", "skip"),
        ("Breakfast with Santa", "skip"),
        ("Picture Day", "skip"),
        ("", "skip"),
        ("First Day of School", "first"),
        ("Students' first day", "first"),
        ("First day of school for teachers", "skip"),
        ("First day of school after winter break", "skip"),
        ("Last Day of School - Early Dismissal", "last"),
        ("Last day for students", "last"),
    ],
)
def test_titles(summary: str, kind: str) -> None:
    assert Words(DEFAULT_WORDS).kind(summary)[0] == kind


def test_own_words() -> None:
    data = calendar(event("Staff Day", "20250905"), event("Winter Recess", "20251224"))
    reading = read_ics(data, words=["staff day"])
    assert [c.label for c in reading.closures] == ["Staff Day"]


def test_repeats_with_exceptions() -> None:
    # Every Monday in October is a closure, except the 13th; the 20th moved to the 21st; the
    # 27th was cancelled; an extra day is added with RDATE.
    data = calendar(
        event(
            "No School",
            "20251006",
            "RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20251027",
            "EXDATE;VALUE=DATE:20251013",
            "RDATE;VALUE=DATE:20251031",
            uid="mondays",
        ),
        event("No School (moved)", "20251021", "RECURRENCE-ID;VALUE=DATE:20251020", uid="mondays"),
        event("No School", "20251027", "RECURRENCE-ID;VALUE=DATE:20251027", "STATUS:CANCELLED",
              uid="mondays"),
    )  # fmt: skip
    reading = read_ics(data)
    assert [(c.start, c.label) for c in reading.closures] == [
        (date(2025, 10, 6), "No School"),
        (date(2025, 10, 21), "No School (moved)"),
        (date(2025, 10, 31), "No School"),
    ]
    assert [(i.start, i.why) for i in reading.ignored] == [(date(2025, 10, 27), model.CANCELLED)]


def test_a_repeat_that_never_ends_stops_at_the_window() -> None:
    data = calendar(event("No School", "20250901", "RRULE:FREQ=MONTHLY;BYDAY=1MO;COUNT=1000000000"))
    reading = read_ics(data, window=(date(2025, 9, 1), date(2025, 12, 31)))
    assert [c.start for c in reading.closures] == [
        date(2025, 9, 1),
        date(2025, 10, 6),
        date(2025, 11, 3),
        date(2025, 12, 1),
    ]


def test_the_last_weekday_of_each_month() -> None:
    """BYSETPOS=-1 on weekdays makes a date every month: priced as such, and read."""
    rule = "RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"
    data = calendar(event("Staff Development - No School", "20200131", rule))
    reading = read_ics(data, window=(date(2025, 9, 1), date(2025, 12, 31)))
    assert [c.start for c in reading.closures] == [
        date(2025, 9, 30),
        date(2025, 10, 31),
        date(2025, 11, 28),
        date(2025, 12, 31),
    ]


def cost(text: str, start: date = date(2025, 9, 1)) -> int:
    rule = rules.safe_rule(icalendar.vRecur.from_ical(text), date(2028, 9, 1))
    return rules.rule_cost(rule, start)


def test_a_rule_is_priced_by_its_lists() -> None:
    """Issue 21 item 4: each BYSETPOS value scans every period again, and every BY value is
    compared with every day of it; a value given twice costs nothing more."""
    never = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"
    positions = ",".join(str(n) for n in range(-366, 367) if n)
    assert cost(f"{never};BYSETPOS={positions}") > rules.RULE_BUDGET
    assert cost(f"{never};BYSETPOS={positions}") > 50 * cost(f"{never};BYSETPOS=1")
    assert cost(f"{never};BYSETPOS=" + ",".join(["2"] * 5_000)) == cost(f"{never};BYSETPOS=2")
    yeardays = ",".join(str(n) for n in range(-366, 367) if n)
    assert cost(f"FREQ=YEARLY;BYYEARDAY={yeardays}") > 10 * cost("FREQ=YEARLY;BYYEARDAY=1")
    assert cost("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", date(1990, 1, 1)) < rules.RULE_BUDGET // 10


def test_a_rule_too_long_to_parse_is_not_parsed() -> None:
    """A rule longer than any useful one is skipped before icalendar reads its lists."""
    rule = "RRULE:FREQ=YEARLY;BYSETPOS=" + ",".join(["1"] * rules.MAX_RULE_CHARS)
    data = calendar(event("No School", "20250901", rule), event("Winter Break", "20251224"))
    reading = read_ics(data)
    assert [c.label for c in reading.closures] == ["Winter Break"]
    assert "1 event not read: a repeat rule too long to work out." in reading.warnings
    assert [i.why for i in reading.ignored] == [model.TOO_COSTLY]


def test_window_given_and_found() -> None:
    years = [event("No School", f"{year}0901") for year in range(2015, 2027)]
    data = calendar(*years)
    found = read_ics(data)
    assert [c.start.year for c in found.closures] == [2023, 2024, 2025, 2026]
    assert any("Only events from 2023-09-01" in w for w in found.warnings)
    assert {i.why for i in found.ignored} == {model.OUTSIDE_WINDOW}
    given = read_ics(data, window=(date(2019, 1, 1), date(2020, 12, 31)))
    assert [c.start.year for c in given.closures] == [2019, 2020]
    with pytest.raises(ValueError):
        read_ics(data, window=(date(2020, 1, 1), date(2019, 1, 1)))


def test_titles_are_cleaned_and_cut() -> None:
    data = calendar(event("No School \u202e\x1b[31m" + "x" * 300, "20250901"))
    (closure,) = read_ics(data).closures
    assert "\x1b" not in closure.label and "\u202e" not in closure.label
    assert len(closure.label) <= model.LABEL_LIMIT


def test_a_closure_that_lasts_years_is_not_taken() -> None:
    data = calendar(
        event("No School", "20250901", "DTEND;VALUE=DATE:99991231"),
        event("Vacation", "20250905", "DURATION:P999999999D"),
        event("Recess", "20250910", "DTEND;VALUE=DATE:20250901"),  # ends before it starts
    )
    reading = read_ics(data)
    assert reading.closures == (Closure(date(2025, 9, 10), date(2025, 9, 10), "Recess"),)
    assert {i.why for i in reading.ignored} == {model.TOO_LONG}


def test_a_written_calendar_reads_back() -> None:
    out = write_ics(
        [Event("x@iepcheck", "No school, snow", "", date(2026, 1, 20))],
        tz="America/New_York",
        name="Test",
        stamp=datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert read_ics(out).closures == (
        Closure(date(2026, 1, 20), date(2026, 1, 20), "No school, snow"),
    )


# --- hostile input: a sentence or a Reading, never a traceback, never a hang ----------------


def deep(depth: int, *, closed: bool = True) -> bytes:
    ends = "END:VEVENT\r\n" * depth + "END:VCALENDAR\r\n" if closed else ""
    return ("BEGIN:VCALENDAR\r\n" + "BEGIN:VEVENT\r\n" * depth + ends).encode()


DATES = ",".join(f"{y}{m:02d}01" for y in range(2000, 2200) for m in range(1, 13))
HOSTILE_ERRORS = [
    ("too big", b"BEGIN:VCALENDAR\r\n" + b"X" * model.MAX_BYTES, "too big"),
    ("binary", bytes(range(256)) * 50, "not an iCalendar"),
    ("web page", b"<!DOCTYPE html><html><body>BEGIN:VCALENDAR</body></html>", "web page"),
    ("no calendar", b"BEGIN:VEVENT\r\nSUMMARY:No School\r\nEND:VEVENT\r\n", "BEGIN:VCALENDAR"),
    ("empty", b"", "BEGIN:VCALENDAR"),
    (
        "too many school events",
        calendar(*(event("No School", "20250901", uid=str(i)) for i in range(3000))),
        "too many school events",
    ),
]


@pytest.mark.parametrize(
    ("data", "message"), [p[1:] for p in HOSTILE_ERRORS], ids=[p[0] for p in HOSTILE_ERRORS]
)
def test_hostile_files_give_a_sentence(data: bytes, message: str) -> None:
    with pytest.raises(IcsError, match=message) as info:
        read_ics(data)
    text = str(info.value)
    assert text.endswith(".") and "\n" not in text and len(text) < 200


HOSTILE_READINGS = [
    ("secondly", calendar(event("No School", "20250901", "RRULE:FREQ=SECONDLY")), "once a day"),
    (
        "secondly, timed",
        calendar(event("No School", "20250901T080000Z", "RRULE:FREQ=SECONDLY;COUNT=1000000000")),
        "No closed days",
    ),
    (
        "every February 30th, from 1900",
        calendar(
            event("No School", "19000101", "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"),
            event("No School", "20250901"),
        ),
        "too long to work out",
    ),
    (
        "a 7-day interval on the wrong weekday",
        calendar(event("No School", "20250901", "RRULE:FREQ=DAILY;INTERVAL=7;BYDAY=TU")),
        "too long to work out",
    ),
    (
        "many repeats from 1900",
        calendar(
            *(event("No School", "19000101", "RRULE:FREQ=DAILY", uid=str(i)) for i in range(200))
        ),
        "only the first 5,000",
    ),
    (
        "bad rules",
        calendar(
            *(
                event("No School", "20250901", f"RRULE:{rule}", uid=rule)
                for rule in ("FREQ=FOO", "FREQ=DAILY;INTERVAL=0", "FREQ=WEEKLY;UNTIL=x", "")
            )
        ),
        "could not be read",
    ),
    (
        "years 9999 and 0001",
        calendar(event("No School", "99991231"), event("No School", "00010101")),
        "No closed days",
    ),
    (
        "broken and missing DTSTART",
        calendar(
            event("No School", "00000000"),
            "BEGIN:VEVENT\nUID:x\nSUMMARY:No School\nEND:VEVENT\n",
        ),
        "2 events had no start date",
    ),
    ("deep nesting", deep(60_000), "1 event had no start date"),
    ("deep nesting, never closed", deep(60_000, closed=False), "cut off"),
    (
        "time zone junk",
        calendar(
            event("No School", "20250901T000000", "DTEND;TZID=Bad:20250902T000000"),
            head="BEGIN:VTIMEZONE\nTZID:Bad\nBEGIN:STANDARD\nDTSTART:16010101T000000\n"
            "RRULE:FREQ=SECONDLY\nTZOFFSETFROM:+9999\nTZOFFSETTO:-9999\nEND:STANDARD\n"
            "END:VTIMEZONE\n",
        ),
        "",
    ),
    (
        "thousands of dates",
        calendar(event("No School", "20250901", f"EXDATE;VALUE=DATE:{DATES}")),
        "more than 1,000 extra or excluded dates",
    ),
    (
        "many other events",
        calendar(*(event("Board meeting", "20250901", uid=str(i)) for i in range(2000))),
        "not about school days were not read",
    ),
    (
        "not UTF-8",
        calendar(event("No School caf\xe9", "20250901")).replace(b"\xc3\xa9", b"\xe9"),
        "not UTF-8",
    ),
]


@pytest.mark.parametrize(
    ("data", "warning"), [p[1:] for p in HOSTILE_READINGS], ids=[p[0] for p in HOSTILE_READINGS]
)
def test_hostile_files_give_a_reading(data: bytes, warning: str) -> None:
    reading = read_ics(data)
    assert isinstance(reading, Reading)
    assert any(warning in w for w in reading.warnings) or not warning, reading.warnings
    assert len(reading.ignored) <= model.MAX_IGNORED


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(DISTRICT.split(b"\r\n")), max_size=60), st.binary(max_size=40))
def test_shuffled_and_broken_calendars(lines: list[bytes], junk: bytes) -> None:
    data = b"BEGIN:VCALENDAR\r\n" + b"\r\n".join(lines) + junk + b"\r\nEND:VCALENDAR\r\n"
    try:
        assert isinstance(read_ics(data), Reading)
    except IcsError as exc:
        assert str(exc).endswith(".")


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.ics")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not corpus_files(), reason="../shared/ics-corpus is not beside the project")
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_ics_corpus(path: Path) -> None:
    """The icalendar project's test files: a Reading or a sentence, each in milliseconds."""
    try:
        reading = read_ics(path.read_bytes())
    except IcsError as exc:
        assert str(exc).endswith(".")
    else:
        assert isinstance(reading, Reading)
        for closure in reading.closures:
            assert closure.start <= closure.end


# --- writing ---------------------------------------------------------------------------------

STAMP = datetime(2026, 1, 5, 14, 30, tzinfo=UTC)
EVENTS = [
    Event(
        "ppt-1@iepcheck",
        "PPT meeting, room 3; bring the draft",
        "Ask about:\nOT, speech",
        date(2026, 3, 5),
        at=time(15, 30),
        sequence=2,
    ),
    Event("letter-1@iepcheck", "Send the \x1b[31mrecords request", "", date(2026, 2, 2)),
    Event("old@iepcheck", "Moved meeting", "", date(2026, 2, 3), cancelled=True),
    Event("quiet@iepcheck", "No alarm", "", date(2026, 2, 4), remind=None),
    Event("early@iepcheck", "Two days ahead", "", date(2026, 2, 5), remind=timedelta(days=2)),
]


def parsed(data: bytes) -> icalendar.Calendar:
    cal = icalendar.Calendar.from_ical(data)
    assert isinstance(cal, icalendar.Calendar)
    return cal


def test_write_a_calendar() -> None:
    data = write_ics(EVENTS, tz="America/New_York", name="Sam's IEP", stamp=STAMP)
    assert b"\r\n" in data and b"\x1b" not in data
    cal = parsed(data)
    assert str(cal["PRODID"]) == "-//iepcheck//EN" and str(cal["VERSION"]) == "2.0"
    assert str(cal["X-WR-CALNAME"]) == "Sam's IEP"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["America/New_York"]
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert list(events) == [e.uid for e in EVENTS]

    meeting = events["ppt-1@iepcheck"]
    assert str(meeting["SUMMARY"]) == "PPT meeting, room 3; bring the draft"
    assert str(meeting["DESCRIPTION"]) == "Ask about:\nOT, speech"
    assert meeting["DTSTART"].params["TZID"] == "America/New_York"
    start = meeting["DTSTART"].dt
    assert isinstance(start, datetime) and start.replace(tzinfo=None) == datetime(
        2026, 3, 5, 15, 30
    )
    assert meeting["DTEND"].dt - start == timedelta(hours=1)
    assert meeting["SEQUENCE"] == 2 and str(meeting["STATUS"]) == "CONFIRMED"
    assert meeting["DTSTAMP"].dt == STAMP

    letter = events["letter-1@iepcheck"]
    assert type(letter["DTSTART"].dt) is date and letter["DTSTART"].dt == date(2026, 2, 2)
    assert letter["DTEND"].dt == date(2026, 2, 3)
    assert str(letter["SUMMARY"]) == "Send the \ufffd[31mrecords request"
    (alarm,) = letter.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY" and alarm["TRIGGER"].dt == -timedelta(hours=15)
    assert b"TRIGGER:-PT15H" in data

    assert str(events["old@iepcheck"]["STATUS"]) == "CANCELLED"
    assert not events["old@iepcheck"].walk("VALARM")
    assert not events["quiet@iepcheck"].walk("VALARM")
    assert events["early@iepcheck"].walk("VALARM")[0]["TRIGGER"].dt == -timedelta(days=2)


@pytest.mark.parametrize("text", ["Sam \\N Rivera", "a \\n b", "x; y", "x, y", "end\\", "\\;\\,"])
def test_text_reads_back_as_written(text: str) -> None:
    """Issue 21 item 14: escaping starts with the backslash, so ``\\N`` stays two characters."""
    event = Event("u@iepcheck", text, f"{text}\nline two", date(2026, 3, 5), at=time(9))
    data = write_ics([event], tz="America/New_York", name=text, stamp=STAMP)
    (vevent,) = parsed(data).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == text
    assert str(vevent["DESCRIPTION"]) == f"{text}\nline two"
    assert str(vevent.walk("VALARM")[0]["DESCRIPTION"]) == text


def test_writing_twice_differs_only_in_dtstamp() -> None:
    first = write_ics(EVENTS, tz="America/New_York", name="Sam", stamp=STAMP)
    again = write_ics(EVENTS, tz="America/New_York", name="Sam", stamp=STAMP + timedelta(days=9))
    assert first != again

    def without_stamps(data: bytes) -> bytes:
        return re.sub(rb"DTSTAMP:[0-9TZ]+", b"", data)

    assert without_stamps(first) == without_stamps(again)


def test_all_day_events_need_no_time_zone() -> None:
    data = write_ics(EVENTS[1:], tz="America/New_York", name="Sam", stamp=STAMP)
    assert not parsed(data).walk("VTIMEZONE")


def test_utc_times_end_in_z() -> None:
    data = write_ics(EVENTS[:1], tz="UTC", name="Sam", stamp=STAMP.replace(tzinfo=None))
    assert b"DTSTART:20260305T153000Z" in data and b"VTIMEZONE" not in data
    assert b"DTSTAMP:20260105T143000Z" in data


def test_an_unknown_zone_is_a_sentence() -> None:
    with pytest.raises(ValueError, match="not a time zone name"):
        write_ics(EVENTS, tz="Mars/Olympus_Mons", name="Sam", stamp=STAMP)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3:30pm", time(15, 30)),
        ("3:30 PM", time(15, 30)),
        ("15:30", time(15, 30)),
        ("9am", time(9)),
        ("9 a.m.", time(9)),
        ("noon", time(12)),
        ("12am", time(0)),
        ("12pm", time(12)),
        (" 7:05 ", time(7, 5)),
        ("9", None),
        ("13pm", None),
        ("24:00", None),
        ("9:60", None),
        ("soon", None),
        ("", None),
    ],
)
def test_parse_time(text: str, expected: time | None) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2d", timedelta(days=2)),
        ("1d", timedelta(days=1)),
        ("12h", timedelta(hours=12)),
        ("30m", timedelta(minutes=30)),
        ("1w", timedelta(weeks=1)),
        ("1d 12h", timedelta(days=1, hours=12)),
        ("2 days", timedelta(days=2)),
    ],
)
def test_parse_remind(text: str, expected: timedelta) -> None:
    assert parse_remind(text) == expected


@pytest.mark.parametrize(
    ("text", "message"), [("x", "like"), ("3", "like"), ("", "like"), ("9w", "4 weeks")]
)
def test_parse_remind_refuses(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_remind(text)


@pytest.mark.parametrize("name", ["America/Chicago", "America/New_York", "Asia/Tokyo", "UTC"])
def test_time_zone_names(name: str) -> None:
    assert time_zone(name).key == name


@pytest.mark.parametrize(
    "name", ["", "Not/AZone", "../../etc/passwd", "localtime", "/usr/share/zoneinfo/UTC", "EST\x1b"]
)
def test_not_time_zone_names(name: str) -> None:
    with pytest.raises(ValueError, match="not a time zone name"):
        time_zone(name)
