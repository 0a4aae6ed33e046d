"""The words reports and screens share: plan and meeting names, dates, countdowns, tallies.

One place for each wording, so the CLI, the exports and the app say the same thing.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ..records.plans import PLAN_PREFIX
from ..textsafe import clean_line

if TYPE_CHECKING:
    from ..records.model import LogEntry, NoteLine, Run


PLAN_NAMES = {"iep": "IEP", "504": "504 plan", "none": "no plan yet"}
KIND_NAMES = {"ppt": "PPT", "504": "504 meeting", "other": "meeting"}
EXPORT_FORMATS = ("md", "txt", "html")  # what `export` writes
DATE_WORDS = {
    ("annual-review", True): "annual review",
    ("annual-review", False): "planned review",
    ("reevaluation", True): "reevaluation",
    ("reevaluation", False): "planned reevaluation",
}


def plural(n: int, word: str) -> str:
    """'1 contact', '2 contacts': a count with its word."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def next_items(items: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """Open items in the order to do them: dated ones by date, then the undated."""
    dated = sorted((i for i in items if i["due"]), key=lambda i: i["due"])
    return (dated + [i for i in items if not i["due"]])[:count]


def day_text(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b} {day.year}"


def line_stamp(line: NoteLine, meeting_day: date) -> str:
    """When a notes-pad line was typed: its time (HH:MM), and its day when not the meeting's."""
    if line.at.date() == meeting_day:
        return f"{line.at:%H:%M}"
    return f"{line.at.date().isoformat()} {line.at:%H:%M}"


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def letter_day(day: date) -> str:
    """A date as a letter writes it: 'December 1, 2026'."""
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def missed_words(run: Run, item_id: str, entry: LogEntry, *, letter: bool = False) -> str:
    """A missed accommodation or service as the timeline, the incident report (``timeline
    --only missed``) and a letter's ``{missed_list}`` all say it, after its date: the
    accommodation (an item the parent added for it), where and until when, what happened,
    and whom the parent told ("I told" in a letter)."""

    def one(text: str) -> str:
        return " ".join(clean_line(text).split())

    day = letter_day if letter else day_text
    item = run.find(item_id)
    section = run.section_index(item_id)
    named = item is not None and (
        item.own or bool(item.plan) or (section is not None and run.sections[section].user_items)
    )
    if item is None and item_id.startswith(PLAN_PREFIX):  # a service no longer in the plan
        what = one(run.orphan_text(item_id))
    else:
        what = one(item.text) if item is not None and named else ""
    said = one(entry.text)
    place = one(entry.where)
    through = f"through {day(entry.until)}" if entry.until and entry.until != entry.day else ""
    around = ", ".join(x for x in (place, through) if x)
    around = f" ({around})" if around else ""
    if what:  # "Extended time on tests (Math, through …) — what happened"
        line = what + around
        if said and said.casefold() != what.casefold():
            line += f" — {said}"
    else:  # logged on a general item: "What happened (Math, through …)"
        line = (said.rstrip(".") if around else said) + around
    if entry.told.strip():
        told = f"{'I told' if letter else 'Told'} {one(entry.told)}"
        if entry.told_on:
            told += f" on {day(entry.told_on)}"
        line += ("" if line.endswith((".", "!", "?")) else ".") + f" {told}."
    return line


def short_day(day: date, today: date | None = None) -> str:
    """'Thu 3 Dec'; with the year when ``today`` is given and the day is half a year away."""
    if today is not None and abs((day - today).days) > 183:
        return f"{day:%a} {day.day} {day:%b} {day.year}"
    return f"{day:%a} {day.day} {day:%b}"


def countdown_text(days: int, school_days: int, estimated: bool) -> str:
    if days == 0:
        return "today"
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} ago"
    about = "about " if estimated else ""
    return (
        f"in {days} day{'s' if days != 1 else ''} "
        f"({about}{school_days} school day{'s' if school_days != 1 else ''})"
    )


LEAN_WORDS = {"IEP": "leans IEP", "504": "leans 504", "mixed": "mixed", "none": ""}


def tally_text(tally: dict[str, Any], short: bool = False, lean: str = "none") -> str:
    """A guide's tally, as status JSON holds it: 'IEP signs 2 of 5 · 504 signs 1 of 4'
    ('IEP 2/5 · 504 1/4 · leans IEP' where room is short)."""
    iep, five = tally["IEP"], tally["504"]
    if short:
        words = LEAN_WORDS.get(lean, "")
        return f"IEP {iep['ticked']}/{iep['of']} · 504 {five['ticked']}/{five['of']}" + (
            f" · {words}" if words else ""
        )
    return f"IEP signs {iep['ticked']} of {iep['of']} · 504 signs {five['ticked']} of {five['of']}"


def tally_count_text(tally: str, n: int) -> str:
    """An item's count from its log, by its ``tally``: '6 school days', '1 incident'."""
    unit = "incident" if tally == "incidents-this-year" else "school day"
    return f"{n} {unit}{'' if n == 1 else 's'}"


def tally_json(counts: dict[str, tuple[int, int]]) -> dict[str, Any]:
    """(ticked, of) per side → the JSON shape status prints."""
    return {k: {"ticked": a, "of": b} for k, (a, b) in counts.items()}


def shown_path(path: object) -> str:
    """A path as a person reads it: the home folder as '~'."""
    import os

    text = str(path)
    home = os.path.expanduser("~")
    if home not in ("", "/", "~") and (text == home or text.startswith(home + os.sep)):
        return "~" + text[len(home) :]
    return text


def missing_words(checklist: str, version: int) -> str:
    """What a run whose checklist text is missing from the data folder shows."""
    return (
        f"The words of {checklist} (version {version}) are missing from this data folder's "
        "texts/ folder: its ticks, notes and log are kept and shown by item id; the words come "
        "back when that version of the checklist is found again."
    )


def doc_name(kind: str) -> str:
    """A kind of document in words ("Prior Written Notice"); an unknown kind, cleaned."""
    from ..records.kinds import DOC_NAMES

    return DOC_NAMES.get(kind) or clean_line(kind)


def via_text(via: str) -> str:
    """How a contact happened, as a report shows it: " (email)", or nothing."""
    return f" ({clean_line(via)})" if via else ""


def verdict_words(status: str, due: date, late_by: int) -> str:
    """What a verdict says first: "late by 4 school days", "on time", "decide by Thu 3 Dec 2026"."""
    if status == "late":
        return f"late by {late_by} school day{'s' if late_by != 1 else ''}"
    if status == "decide by":
        return f"decide by {day_text(due)}"
    return "on time"


def verdict_line(status: str, rule: str, due: date, late_by: int, source: str) -> str:
    """One document's verdict by one rule, worded once for the CLI, the reports, the
    timeline and status: "late by 4 school days (rule); due Thu 3 Dec 2026 — source"."""
    when = "" if status == "decide by" else f"; due {day_text(due)}"
    return f"{verdict_words(status, due, late_by)} ({rule}){when} — {source}"


def contact_line(role: str, name: str, email: str = "", phone: str = "", subject: str = "") -> str:
    """A contact at the school as every list says it: "Teacher (Science): Ms. Lee, …"."""
    what = clean_line(role) + (f" ({clean_line(subject)})" if subject else "")
    details = ", ".join(clean_line(p) for p in (name, email, phone) if p)
    return f"{what}: {details}" if details else what


def date_word(what: str, legal: bool) -> str:
    """A plan's date: 'annual review' (an IEP's, a legal deadline) or 'planned review' (a 504
    plan's: no yearly review in the federal rule)."""
    return DATE_WORDS[(what, legal)]


def alarms(current: dict[str, Any] | None) -> int:
    """What counts as overdue on Home and in ``--brief``: a review or reevaluation within 30
    school days (or past) with no meeting set, and each progress report not recorded."""
    if current is None:
        return 0
    urgent = sum(1 for d in current["dates"] if d["urgent"] or d["overdue"])
    return urgent + len(current["missing_reports"])


def entry_words(entry: dict[str, Any]) -> str:
    """What an agenda entry says after the child's name, cleaned for a terminal: 'PPT at 10:00:
    Annual review', 'Ask for the records', 'follow up: Asked for the evaluation (Ms. Diaz)'."""
    text = clean_line(entry["text"])
    kind = entry["kind"]
    if kind == "meeting":
        what = KIND_NAMES.get(entry["meeting_kind"], entry["meeting_kind"])
        at = f" at {clean_line(entry['time'])}" if entry.get("time") else ""
        there = entry.get("at_meeting") or []
        tail = f" ({plural(len(there), 'item')} at the meeting)" if there else ""
        if text.casefold().startswith(what.casefold()):  # "PPT meeting at 10:00"
            return f"{text}{at}{tail}"
        return f"{what}{at}: {text}{tail}"
    if kind == "follow-up":
        who = f" ({clean_line(entry['with'])})" if entry.get("with") else ""
        return f"follow up: {text}{who}"
    return text


def day_heading(day: date, today: date) -> str:
    """'Thu 3 Dec 2026 · today', 'Fri 4 Dec 2026 · tomorrow', 'Mon 7 Dec 2026'."""
    gap = (day - today).days
    return day_text(day) + {0: " · today", 1: " · tomorrow"}.get(gap, "")
