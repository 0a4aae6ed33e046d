"""School calendar files (``ID.calendar.toml``): a district's or a school's year, shared like
checklists and checked like them, every problem at ``FILE:LINE:COL``.

```toml
format = 1
id = "hartford-2026-27"
title = "Hartford Public Schools, 2026-27"
school_years = [{ first_day = 2026-08-27, last_day = 2027-06-15 }]
open = [2027-02-12]                # Connecticut holidays the schools are open
[[closed]]
start = 2026-12-24
end = 2027-01-01                   # optional: one day when absent
label = "Winter break"
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..checklists.loader import parse_toml, read_file_bytes
from ..checklists.model import ID_RE
from ..checklists.positions import KeyPath, Positions
from ..checklists.problems import Problem, Severity
from ..clock import out_of_range
from ..i18n import _
from ..textsafe import UNSAFE_RE, clean_line
from .schooldays import ClosedRange

SUFFIX = ".calendar.toml"
FORMAT = 1
TOP_KEYS = frozenset(["format", "id", "title", "school_years", "open", "closed"])
MAX_ENTRIES = 2000  # closed ranges and open days: a school year has a few dozen


@dataclass(frozen=True)
class SchoolYear:
    first_day: date
    last_day: date


@dataclass(frozen=True)
class CalendarFile:
    id: str
    title: str
    years: tuple[SchoolYear, ...] = ()
    closed: tuple[ClosedRange, ...] = ()
    open: frozenset[date] = frozenset()
    path: Path | None = field(default=None, compare=False)


@dataclass(frozen=True)
class CalendarResult:
    path: Path
    calendar: CalendarFile | None
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def is_calendar_file(path: Path) -> bool:
    return path.name.lower().endswith(SUFFIX)


def load_calendar(path: Path, *, strict: bool = False) -> CalendarResult:
    """Read and check one calendar file. Never raises."""
    try:
        data = read_file_bytes(path)
    except ValueError as exc:
        return CalendarResult(path, None, (Problem(str(path), 1, 1, "error", str(exc)),))
    return calendar_from_bytes(data, path, strict=strict)


def calendar_from_bytes(data: bytes, path: Path, *, strict: bool = False) -> CalendarResult:
    parsed = parse_toml(data, path)
    if isinstance(parsed, Problem):
        return CalendarResult(path, None, (parsed,))
    doc, text = parsed
    return _Checker(path, text, doc, strict).run()


class _Checker:
    def __init__(self, path: Path, text: str, doc: dict[str, Any], strict: bool) -> None:
        self.path, self.text, self.doc, self.strict = path, text, doc, strict
        self._positions: Positions | None = None
        self.problems: list[Problem] = []

    def report(self, severity: Severity, where: KeyPath, message: str) -> None:
        if self._positions is None:
            self._positions = Positions(self.text)
        line, col = self._positions.find(where)
        if severity == "warning" and self.strict:
            severity = "error"
        self.problems.append(Problem(str(self.path), line, col, severity, message))

    def day(self, value: Any, where: KeyPath, what: str) -> date | None:
        """``value`` when it is a date in range; ``what``: the key, or "" for an open day."""
        if isinstance(value, datetime) or not isinstance(value, date):
            if what:
                said = _("{key} must be a date without quotes, like 2027-02-12").format(key=what)
            else:
                said = _("an open day must be a date without quotes, like 2027-02-12")
            self.report("error", where, said)
            return None
        if problem := out_of_range(value):
            if what:
                self.report("error", where, f"{what}: {problem}")
            else:
                self.report("error", where, _("an open day: {problem}").format(problem=problem))
            return None
        return value

    def text_of(self, table: dict[str, Any], key: str, where: KeyPath) -> str:
        value = table.get(key, "")
        if not isinstance(value, str):
            self.report("error", (*where, key), _("'{key}' must be text in quotes").format(key=key))
            return ""
        if UNSAFE_RE.search(value):
            said = _("'{key}' contains a control character, not allowed").format(key=key)
            self.report("error", (*where, key), said)
            return ""
        return value.strip()

    def run(self) -> CalendarResult:
        doc = self.doc
        fmt = doc.get("format")
        if isinstance(fmt, bool) or not isinstance(fmt, int) or fmt < 1:
            self.report("error", ("format",), _("the file needs 'format = 1' at the top"))
        elif fmt > FORMAT:
            self.report(
                "error",
                ("format",),
                _(
                    "this calendar uses format {found}; this iepcheck reads format {format}: it "
                    "needs a newer iepcheck"
                ).format(found=fmt, format=FORMAT),
            )
            return self.result(None)
        for key in doc:
            if key not in TOP_KEYS:
                self.report(
                    "warning",
                    (key,),
                    _(
                        "unknown key '{key}' is ignored (is it misspelt, or for a newer iepcheck?)"
                    ).format(key=clean_line(key)),
                )
        cid = doc.get("id")
        if not isinstance(cid, str) or not ID_RE.fullmatch(cid):
            if isinstance(cid, str):
                said = _(
                    "the calendar needs an 'id' of lowercase letters a-z, digits and '-' (1 to 64 "
                    'characters), like "hartford-2026-27"; it is {id}'
                ).format(id=clean_line(cid))
            else:
                said = _(
                    "the calendar needs an 'id' of lowercase letters a-z, digits and '-' (1 to 64 "
                    'characters), like "hartford-2026-27"; it is missing'
                )
            self.report("error", ("id",), said)
            cid = None
        title = self.text_of(doc, "title", ())
        years = self.years()
        opened = self.open_days()
        closed = self.closed()
        calendar = None
        if cid and not any(p.severity == "error" for p in self.problems):
            calendar = CalendarFile(cid, title or cid, years, closed, opened, self.path)
        return self.result(calendar)

    def result(self, calendar: CalendarFile | None) -> CalendarResult:
        problems = tuple(sorted(self.problems, key=lambda p: (p.line, p.col)))
        return CalendarResult(self.path, calendar, problems)

    def entries(self, key: str) -> list[Any]:
        raw = self.doc.get(key, [])
        if not isinstance(raw, list):
            self.report("error", (key,), _("'{key}' must be a list").format(key=key))
            return []
        if len(raw) > MAX_ENTRIES:
            said = _("'{key}' has {n} entries; at most {most}")
            self.report("error", (key,), said.format(key=key, n=len(raw), most=MAX_ENTRIES))
            return []
        return raw

    def years(self) -> tuple[SchoolYear, ...]:
        found = []
        for n, entry in enumerate(self.entries("school_years")):
            where: KeyPath = ("school_years", n)
            if not isinstance(entry, dict):
                self.report(
                    "error", where, _("each school year is { first_day = …, last_day = … }")
                )
                continue
            first = self.day(entry.get("first_day"), (*where, "first_day"), "first_day")
            last = self.day(entry.get("last_day"), (*where, "last_day"), "last_day")
            if first and last:
                if not 0 < (last - first).days < 366:
                    self.report(
                        "error",
                        where,
                        _("a school year's last day comes after its first, within a year"),
                    )
                    continue
                found.append(SchoolYear(first, last))
        return tuple(found)

    def open_days(self) -> frozenset[date]:
        found = set()
        for n, value in enumerate(self.entries("open")):
            day = self.day(value, ("open", n), "")
            if day:
                found.add(day)
        return frozenset(found)

    def closed(self) -> tuple[ClosedRange, ...]:
        found = []
        for n, entry in enumerate(self.entries("closed")):
            where: KeyPath = ("closed", n)
            if not isinstance(entry, dict):
                self.report(
                    "error", where, _("each closed entry is a table: write it as [[closed]]")
                )
                continue
            start = self.day(entry.get("start"), (*where, "start"), "start")
            end = self.day(entry.get("end", start), (*where, "end"), "end") if start else None
            label = self.text_of(entry, "label", where)
            if start and end:
                if end < start or (end - start).days > 366:
                    self.report(
                        "error", where, _("a closed range ends after it starts, within a year")
                    )
                    continue
                found.append(ClosedRange(start, end, label))
        return tuple(sorted(found, key=lambda c: (c.start, c.end)))


@dataclass(frozen=True)
class CalendarLibrary:
    """Every calendar file found: the one that stands for each id (the nearest folder wins),
    and the files with problems."""

    found: dict[str, CalendarFile]
    broken: tuple[CalendarResult, ...]
    shadowed: tuple[CalendarResult, ...] = ()

    def get(self, calendar_id: str) -> CalendarFile | None:
        return self.found.get(calendar_id)


def calendar_files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if is_calendar_file(p))
    except OSError:
        return []


def scan_calendars(data_dir: Path, extra: list[Path] | tuple[Path, ...] = ()) -> CalendarLibrary:
    """Read the calendar files of every checklist folder (never the bundled one: no district's
    dates are confirmed). One bad file never stops the others."""
    from ..checklists.folders import folders

    found: dict[str, CalendarFile] = {}
    winners: dict[str, CalendarResult] = {}
    broken: list[CalendarResult] = []
    shadowed: list[CalendarResult] = []
    for origin, folder in folders(data_dir, extra):
        if origin == "bundled":
            continue
        for path in calendar_files(folder):
            result = load_calendar(path)
            if result.calendar is None:
                broken.append(result)
                continue
            before = winners.get(result.calendar.id)
            if before is not None:
                shadowed.append(before)  # a nearer folder, listed later, wins
            winners[result.calendar.id] = result
            found[result.calendar.id] = result.calendar
    return CalendarLibrary(found, tuple(broken), tuple(shadowed))
