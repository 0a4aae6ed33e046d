"""The hostile calendar corpus: one district ``.ics`` file per attack, with the outcome it must
produce (a reading with a note, or a sentence).

Built into a folder by :func:`build`; the files are generated, not checked in. The large ones
(megabytes each, seconds to build and read) are built only when ``IEPCHECK_BIG_ICS`` is set:
``IEPCHECK_BIG_ICS=1 pytest tests/hardening/test_hostile_ics.py``.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

COSTLY = "too long to work out"
BIG = bool(os.environ.get("IEPCHECK_BIG_ICS"))


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # "reading" (a Reading whose notes hold ``expect``) or "error" (a sentence)
    expect: str


def calendar(*events: str) -> bytes:
    text = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//district//EN\n" + "".join(events)
    return (text + "END:VCALENDAR\n").replace("\n", "\r\n").encode()


def event(uid: str, start: str, *lines: str, summary: str = "No School") -> str:
    extra = "".join(f"{line}\n" for line in lines)
    return (
        f"BEGIN:VEVENT\nUID:{uid}\nSUMMARY:{summary}\nDTSTART;VALUE=DATE:{start}\n{extra}"
        "END:VEVENT\n"
    )


def positions(size: int) -> str:
    """A BYSETPOS list of about ``size`` characters (the 366 positions, over and over)."""
    values: list[str] = []
    total = 0
    while total < size:
        values.append(str(len(values) % 366 + 1))
        total += len(values[-1]) + 1
    return ",".join(values)


def every(low: int, high: int, suffix: str = "") -> str:
    return ",".join(f"{n}{suffix}" for n in range(low, high + 1) if n)


WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# A school event beside each attack: the rest of the file must still be read.
PLAIN = event(
    "thanksgiving", "20261126", "DTEND;VALUE=DATE:20261128", summary="Thanksgiving Recess"
)


def setpos_file(path: Path, size: int = 120_000) -> Path:
    """Issue 21's file: a yearly rule on a day that never comes, with a long BYSETPOS list."""
    rule = "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;BYSETPOS=" + positions(size)
    path.write_bytes(calendar(event(path.name, "20260901", rule), PLAIN))
    return path


def build(folder: Path) -> list[Case]:
    """Write every attack into ``folder``; returns the cases with their expected outcome."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def put(name: str, data: bytes, kind: str = "reading", expect: str = COSTLY) -> None:
        (folder / name).write_bytes(data)
        cases.append(Case(name, kind, expect))

    def rule(name: str, start: str, text: str) -> None:
        put(name, calendar(event(name, start, f"RRULE:{text}"), PLAIN))

    # Issue 21 item 4: a yearly rule on a day that never comes, with a long BYSETPOS list. The
    # 120 KB one took 56 s; the 1.8 MB one ran for minutes in 461 MB.
    never = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;BYSETPOS="
    setpos_file(folder / "setpos-120k.ics")
    cases.append(Case("setpos-120k.ics", "reading", COSTLY))
    # Every position once: short enough to be parsed, yet ~95 s of dateutil's work.
    rule("setpos-every.ics", "20260901", never + every(-366, 366))
    # A rule that makes dates, walked from 1900 with every position.
    weekdays = "FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS="
    rule("setpos-from-1900.ics", "19000101", weekdays + every(-366, 366))
    rule("setpos-daily.ics", "19000101", "FREQ=DAILY;BYSETPOS=" + every(-366, 366))
    rule("setpos-weekly.ics", "19000101", "FREQ=WEEKLY;BYSETPOS=" + every(-366, 366))
    rule("yeardays-daily.ics", "19000101", "FREQ=DAILY;BYYEARDAY=" + every(-366, 366))
    rule(
        "yeardays-and-setpos.ics",
        "19000101",
        f"FREQ=MONTHLY;BYYEARDAY={every(-366, 366)};BYSETPOS={every(-366, 366)}",
    )
    ordinals = ",".join(every(-53, 53, day) for day in WEEKDAYS[:5])
    rule("ordinal-days.ics", "19000101", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;BYDAY=" + ordinals)
    put(
        "monthdays-daily.ics",
        calendar(event("m", "19000101", "RRULE:FREQ=DAILY;BYMONTHDAY=" + every(-31, 31)), PLAIN),
        expect="",
    )
    # Many rules, each short enough to be parsed, on one event and on many.
    lines = [f"RRULE:{never}{every(-366, 366)}" for _ in range(60)]
    put("many-rules.ics", calendar(event("many", "20260901", *lines), PLAIN))
    put(
        "many-events.ics",
        calendar(
            *(event(f"e{n}", "20260901", f"RRULE:{never}{every(-366, 366)}") for n in range(60)),
            PLAIN,
        ),
    )
    # A rule folded over thousands of lines, as a file may fold it.
    folded = "RRULE:" + never + positions(60_000)
    folded = "\r\n ".join(folded[i : i + 74] for i in range(0, len(folded), 74))
    put("setpos-folded.ics", calendar(event("folded", "20260901", folded), PLAIN))
    if BIG:
        setpos_file(folder / "setpos-1800k.ics", 1_800_000)
        cases.append(Case("setpos-1800k.ics", "reading", COSTLY))
        rule("setpos-1800k-weekdays.ics", "19000101", weekdays + positions(1_800_000))
        lines = [f"RRULE:{never}{every(-366, 366)}" for _ in range(500)]
        put("many-rules-big.ics", calendar(event("many", "20260901", *lines), PLAIN))
    return cases


def never_ends(data: bytes, words: list[str]) -> object:
    """A reader that never finishes, as one stuck on a file would (run in a child process)."""
    while True:
        time.sleep(1)


def dies(data: bytes, words: list[str]) -> object:
    """A reader killed before it answers (out of memory, say)."""
    os.kill(os.getpid(), signal.SIGKILL)
    return None


NEVER_ENDS = f"{__name__}:never_ends"  # as the child process finds them
DIES = f"{__name__}:dies"
