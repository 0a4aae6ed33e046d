"""What each field of each kind of entry may hold: its type, its choices and its cap.

One place for the rules, whatever writes the field: every operation checks the values it
writes with :func:`check` before it changes anything (the CLI, the app and a replayed recovery
file alike), and the field-by-field edits (:mod:`iepcheck.records.operations.edits`) name
fields and say them to the user with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..clock import out_of_range
from ..i18n import _
from ..textsafe import UNSAFE_RE
from .kinds import DOC_KINDS, MEETING_KINDS, VIA
from .plans import PER, PLAN_KINDS, PLAN_STATES, STATUSES

# Caps, in characters (a letter's body in UTF-8 bytes). A record holding many entries at
# their caps is still refused before it is written when the file would pass MAX_FILE_BYTES.
LINE = 300  # a one-line field: a name, an email, a school
TEXT = 5_000  # what was said or asked, a log entry, a document's note
NOTE = 20_000  # an item's note, a meeting's notes: several pages
LETTER_BYTES = 256 * 1024  # a sent letter, word for word (a long grievance with its log)
MAX_FILE_BYTES = 16 * 1024 * 1024  # the largest progress file iepcheck opens
PLANS = ("iep", "504", "none")
STATES = ("open", "done", "skipped")
MAX_MINUTES = 100_000  # minutes of one service in one period: far beyond any school's week
MAX_NUMBER = 1e9  # a measured value, a baseline, hours with peers
MAX_DATES = 40  # progress report dates in one plan


class FieldError(ValueError):
    """A value a field cannot hold: one sentence naming the field."""


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # how a sentence names it: "the grade"
    kind: type = str
    optional: bool = False  # None is allowed (dates that may be unset)
    cap: int = LINE
    lines: bool = False  # may hold line breaks
    choices: tuple[str, ...] = ()
    required: bool = False  # text that may not be empty
    byte_cap: bool = False  # ``cap`` counts UTF-8 bytes


def _text(name: str, label: str, **kw: Any) -> Field:
    return Field(name, label, str, **kw)


def _day(name: str, label: str, optional: bool = False) -> Field:
    return Field(name, label, date, optional=optional)


def _moment(name: str, label: str, optional: bool = False) -> Field:
    return Field(name, label, datetime, optional=optional)


def _whole(name: str, label: str, cap: int) -> Field:
    return Field(name, label, int, cap=cap)


def _number(name: str, label: str) -> Field:
    return Field(name, label, float, optional=True)


def _table(*fields: Field) -> dict[str, Field]:
    return {f.name: f for f in fields}


CHILD = _table(
    _text("name", "the name", required=True, cap=200),
    _text("plan", "the plan", choices=PLANS),
    _text("school", "the school"),
    _text("district", "the district"),
    _day("born", "the birth date", optional=True),
    _text("grade", "the grade", cap=40),
    _text("calendar", "the school calendar", cap=64),
    _text("parent_name", "the parent's name"),
    _text("parent_address", "the parent's address"),
    _text("parent_email", "the parent's email"),
    _text("parent_phone", "the parent's phone"),
)
CONTACT = _table(
    _text("role", "the role", required=True),
    _text("name", "the name"),
    _text("email", "the email"),
    _text("phone", "the phone"),
    _text("subject", "the subject", cap=100),
    _text("note", "the note", cap=TEXT, lines=True),
)
CLOSED = _table(
    _day("start", "the first day"), _day("end", "the last day"), _text("label", "the label")
)
MEETING = _table(
    _day("date", "the date"),
    _text("title", "the title"),
    _text("kind", "the kind", choices=MEETING_KINDS),
    _text("time", "the time", cap=40),
    _text("notes", "the notes", cap=NOTE, lines=True),
)
NOTE_LINE = _table(
    _moment("at", "when it was typed"),
    _text("text", "the line", cap=TEXT, required=True),
)
COMMUNICATION = _table(
    _day("day", "the day"),
    _text("text", "the entry", cap=TEXT, lines=True, required=True),
    _moment("added", "when it was written down"),
    _text("with_whom", "with whom"),
    _text("via", "how", choices=("", *VIA)),
    _day("follow_up", "the follow-up date", optional=True),
    _day("answered", "the day it was answered", optional=True),
    _text("said", "what the answer said", cap=TEXT, lines=True),
)
DOCUMENT = _table(
    _text("kind", "the kind", choices=DOC_KINDS),
    _day("received", "the day it arrived"),
    _moment("added", "when it was written down"),
    _day("dated", "the date on it", optional=True),
    _day("requested", "the day it was asked for", optional=True),
    _text("meeting", "the meeting", cap=64),
    _text("note", "the note", cap=TEXT, lines=True),
    _text("file", "where it is kept", cap=1000),
)
LETTER = _table(
    _text("letter", "the letter", cap=200),
    _text("title", "the title"),
    _text("subject", "the subject", cap=1000),
    _text("body", "the letter's text", cap=LETTER_BYTES, lines=True, byte_cap=True),
    _day("sent", "the day it was sent"),
    _moment("at", "when it was recorded"),
    _text("run", "the checklist", cap=64),
    _text("item", "the item", cap=200),
    _text("meeting", "the meeting", cap=64),
    _day("follow_up", "the follow-up date", optional=True),
    _day("answered", "the day it was answered", optional=True),
    _text("said", "what the answer said", cap=TEXT, lines=True),
)
LOG = _table(
    _day("day", "the day"),
    _text("text", "the entry", cap=TEXT, lines=True),
    _moment("added", "when it was written down"),
    _text("where", "where"),
    _text("told", "whom you told"),
    _day("told_on", "the day you told them", optional=True),
    _day("until", "the last day", optional=True),
)
OWN_ITEM = _table(
    _text("text", "the item's text", required=True, cap=1000),
    _text("details", "the details", cap=TEXT, lines=True),
    _text("due", "when it is due", cap=100),
    _text("repeat", "how often it repeats", cap=100),
)
ITEM_STATE = _table(
    _text("state", "the state", choices=STATES),
    _moment("at", "when it was ticked", optional=True),
    _day("on", "the day it was done", optional=True),
    _text("reason", "the reason", cap=TEXT, lines=True),
    _text("note", "the note", cap=NOTE, lines=True),
    _text("was", "the item's old words", cap=TEXT, lines=True),
)

PLAN = _table(
    _text("kind", "the kind of plan", choices=PLAN_KINDS),
    _text("state", "whether the plan is current", choices=PLAN_STATES),
    _day("start", "the start date", optional=True),
    _day("end", "the end date", optional=True),
    _day("annual_review_by", "the date the annual review is due", optional=True),
    _day("reevaluation_by", "the date the reevaluation is due", optional=True),
    Field("report_dates", "the progress report dates", tuple, cap=MAX_DATES),
    Field("with_report_cards", "whether reports come with report cards", bool),
    _text("meeting", "the meeting", cap=64),
    _text("document", "the document", cap=64),
    _number("peers_hours", "the hours with non-disabled peers"),
)
SERVICE = _table(
    _text("name", "the service", required=True),
    _whole("minutes", "the minutes", MAX_MINUTES),
    _text("per", "how often (per)", choices=PER),
    _whole("cycle_days", "the school days of a cycle", 365),
    _text("where", "where"),
    _text("by", "by whom"),
)
ACCOMMODATION = _table(
    _text("text", "the accommodation", cap=TEXT, lines=True, required=True),
    _text("where", "where it applies"),
)
GOAL = _table(
    _text("text", "the goal", cap=TEXT, lines=True, required=True),
    _text("area", "the area"),
    _text("baseline", "the baseline", cap=1000),
    _text("target", "the target", cap=1000),
    _text("measured", "how it is measured", cap=1000),
    _text("unit", "the unit", cap=40),
)
OBJECTIVE = _table(_text("text", "the objective", cap=TEXT, lines=True, required=True))
GOAL_REPORT = _table(
    _day("on", "the day the report came"),
    _text("status", "the status", choices=STATUSES),
    _number("value", "the measured value"),
    _text("note", "the note", cap=TEXT, lines=True),
)


def check(field: Field, value: Any) -> Any:
    """``value`` when ``field`` may hold it, else :class:`FieldError` with a sentence."""
    label = field.label
    if value is None:
        if field.optional:
            return None
        raise FieldError(_("{label} cannot be cleared").format(label=label))
    if field.kind is date:
        if not isinstance(value, date) or isinstance(value, datetime):
            raise FieldError(_("{label} should be a date").format(label=label))
        if problem := out_of_range(value):
            raise FieldError(f"{label}: {problem}")
        return value
    if field.kind is datetime:
        if not isinstance(value, datetime):
            raise FieldError(_("{label} should be a date and time").format(label=label))
        if value.tzinfo is None or value.utcoffset() is None:
            raise FieldError(_("{label} has no time zone").format(label=label))
        if problem := out_of_range(value.date()):
            raise FieldError(f"{label}: {problem}")
        return value
    if field.kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldError(_("{label} should be a whole number").format(label=label))
        if not 0 <= value <= field.cap:
            raise FieldError(
                _("{label} should be from 0 to {cap:,}").format(label=label, cap=field.cap)
            )
        return value
    if field.kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FieldError(_("{label} should be a number").format(label=label))
        if not -MAX_NUMBER <= value <= MAX_NUMBER:  # also refuses nan and infinities
            raise FieldError(
                _("{label} is not a number iepcheck keeps (too large?)").format(label=label)
            )
        return value
    if field.kind is tuple:
        if not isinstance(value, tuple | list):
            raise FieldError(_("{label} should be a list of dates").format(label=label))
        if len(value) > field.cap:
            raise FieldError(_("{label}: at most {cap}").format(label=label, cap=field.cap))
        for day in value:
            check(Field(field.name, label, date), day)
        return tuple(value)
    if field.kind is bool:
        if not isinstance(value, bool):
            raise FieldError(_("{label} should be true or false").format(label=label))
        return value
    if not isinstance(value, str):
        raise FieldError(_("{label} should be text").format(label=label))
    return check_text(field, value)


def check_text(field: Field, value: str) -> str:
    label = field.label
    if field.choices and value not in field.choices:
        raise FieldError(
            _("{label} is one of {value}").format(
                label=label, value=", ".join(c for c in field.choices if c)
            )
        )
    if field.required and not value.strip():
        raise FieldError(_("{label} is empty").format(label=label))
    size = len(value.encode("utf-8", "surrogatepass")) if field.byte_cap else len(value)
    if size > field.cap:
        if field.byte_cap:
            said = _("{label} is longer than {cap:,} bytes")
        else:
            said = _("{label} is longer than {cap:,} characters")
        raise FieldError(said.format(label=label, cap=field.cap))
    if not field.lines and ("\n" in value or "\r" in value):
        raise FieldError(_("{label} holds a line break").format(label=label))
    if "\x00" in value or any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise FieldError(_("{label} holds a character that cannot be saved").format(label=label))
    if not field.lines and UNSAFE_RE.search(value.replace("\t", " ")):
        raise FieldError(_("{label} contains a control character").format(label=label))
    return value


def check_all(table: dict[str, Field], values: dict[str, Any]) -> None:
    """Check every value of an entry (by field name) against ``table``."""
    for name, value in values.items():
        field = table.get(name)
        if field is not None:
            check(field, value)


def shown(value: Any) -> str:
    """A field's value as a sentence quotes it."""
    if value is None or value == "":
        return "nothing"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    text = " ".join(str(value).split())
    return f"“{text[:60]}…”" if len(text) > 60 else f"“{text}”"
