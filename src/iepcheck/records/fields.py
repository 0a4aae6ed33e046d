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
from ..i18n import LANGUAGES, N_, _
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
    _text("name", N_("the name"), required=True, cap=200),
    _text("plan", N_("the plan"), choices=PLANS),
    _text("school", N_("the school")),
    _text("district", N_("the district")),
    _day("born", N_("the birth date"), optional=True),
    _text("grade", N_("the grade"), cap=40),
    _text("calendar", N_("the school calendar"), cap=64),
    _text("letter_language", N_("the letters' language"), choices=("", *LANGUAGES)),
    _text("parent_name", N_("the parent's name")),
    _text("parent_address", N_("the parent's address")),
    _text("parent_email", N_("the parent's email")),
    _text("parent_phone", N_("the parent's phone")),
)
CONTACT = _table(
    _text("role", N_("the role"), required=True),
    _text("name", N_("the name")),
    _text("email", N_("the email")),
    _text("phone", N_("the phone")),
    _text("subject", N_("the subject"), cap=100),
    _text("note", N_("the note"), cap=TEXT, lines=True),
)
CLOSED = _table(
    _day("start", N_("the first day")),
    _day("end", N_("the last day")),
    _text("label", N_("the label")),
)
MEETING = _table(
    _day("date", N_("the date")),
    _text("title", N_("the title")),
    _text("kind", N_("the kind"), choices=MEETING_KINDS),
    _text("time", N_("the time"), cap=40),
    _text("notes", N_("the notes"), cap=NOTE, lines=True),
)
NOTE_LINE = _table(
    _moment("at", N_("when it was typed")),
    _text("text", N_("the line"), cap=TEXT, required=True),
)
COMMUNICATION = _table(
    _day("day", N_("the day")),
    _text("text", N_("the entry"), cap=TEXT, lines=True, required=True),
    _moment("added", N_("when it was written down")),
    _text("with_whom", N_("with whom")),
    _text("via", N_("how"), choices=("", *VIA)),
    _day("follow_up", N_("the follow-up date"), optional=True),
    _day("answered", N_("the day it was answered"), optional=True),
    _text("said", N_("what the answer said"), cap=TEXT, lines=True),
)
DOCUMENT = _table(
    _text("kind", N_("the kind"), choices=DOC_KINDS),
    _day("received", N_("the day it arrived")),
    _moment("added", N_("when it was written down")),
    _day("dated", N_("the date on it"), optional=True),
    _day("requested", N_("the day it was asked for"), optional=True),
    _text("meeting", N_("the meeting"), cap=64),
    _text("note", N_("the note"), cap=TEXT, lines=True),
    _text("file", N_("where it is kept"), cap=1000),
)
LETTER = _table(
    _text("letter", N_("the letter"), cap=200),
    _text("title", N_("the title")),
    _text("subject", N_("the subject"), cap=1000),
    _text("body", N_("the letter's text"), cap=LETTER_BYTES, lines=True, byte_cap=True),
    _day("sent", N_("the day it was sent")),
    _moment("at", N_("when it was recorded")),
    _text("run", N_("the checklist"), cap=64),
    _text("item", N_("the item"), cap=200),
    _text("meeting", N_("the meeting"), cap=64),
    _day("follow_up", N_("the follow-up date"), optional=True),
    _day("answered", N_("the day it was answered"), optional=True),
    _text("said", N_("what the answer said"), cap=TEXT, lines=True),
    _text("lang", N_("the letter's language"), cap=3),
)
LOG = _table(
    _day("day", N_("the day")),
    _text("text", N_("the entry"), cap=TEXT, lines=True),
    _moment("added", N_("when it was written down")),
    _text("where", N_("where")),
    _text("told", N_("whom you told")),
    _day("told_on", N_("the day you told them"), optional=True),
    _day("until", N_("the last day"), optional=True),
)
OWN_ITEM = _table(
    _text("text", N_("the item's text"), required=True, cap=1000),
    _text("details", N_("the details"), cap=TEXT, lines=True),
    _text("due", N_("when it is due"), cap=100),
    _text("repeat", N_("how often it repeats"), cap=100),
)
ITEM_STATE = _table(
    _text("state", N_("the state"), choices=STATES),
    _moment("at", N_("when it was ticked"), optional=True),
    _day("on", N_("the day it was done"), optional=True),
    _text("reason", N_("the reason"), cap=TEXT, lines=True),
    _text("note", N_("the note"), cap=NOTE, lines=True),
    _text("was", N_("the item's old words"), cap=TEXT, lines=True),
)

PLAN = _table(
    _text("kind", N_("the kind of plan"), choices=PLAN_KINDS),
    _text("state", N_("whether the plan is current"), choices=PLAN_STATES),
    _day("start", N_("the start date"), optional=True),
    _day("end", N_("the end date"), optional=True),
    _day("annual_review_by", N_("the date the annual review is due"), optional=True),
    _day("reevaluation_by", N_("the date the reevaluation is due"), optional=True),
    Field("report_dates", N_("the progress report dates"), tuple, cap=MAX_DATES),
    Field("with_report_cards", N_("whether reports come with report cards"), bool),
    _text("meeting", N_("the meeting"), cap=64),
    _text("document", N_("the document"), cap=64),
    _number("peers_hours", N_("the hours with non-disabled peers")),
)
SERVICE = _table(
    _text("name", N_("the service"), required=True),
    _whole("minutes", N_("the minutes"), MAX_MINUTES),
    _text("per", N_("how often (per)"), choices=PER),
    _whole("cycle_days", N_("the school days of a cycle"), 365),
    _text("where", N_("where")),
    _text("by", N_("by whom")),
)
ACCOMMODATION = _table(
    _text("text", N_("the accommodation"), cap=TEXT, lines=True, required=True),
    _text("where", N_("where it applies")),
)
GOAL = _table(
    _text("text", N_("the goal"), cap=TEXT, lines=True, required=True),
    _text("area", N_("the area")),
    _text("baseline", N_("the baseline"), cap=1000),
    _text("target", N_("the target"), cap=1000),
    _text("measured", N_("how it is measured"), cap=1000),
    _text("unit", N_("the unit"), cap=40),
)
OBJECTIVE = _table(_text("text", N_("the objective"), cap=TEXT, lines=True, required=True))
GOAL_REPORT = _table(
    _day("on", N_("the day the report came")),
    _text("status", N_("the status"), choices=STATUSES),
    _number("value", N_("the measured value")),
    _text("note", N_("the note"), cap=TEXT, lines=True),
)


def check(field: Field, value: Any) -> Any:
    """``value`` when ``field`` may hold it, else :class:`FieldError` with a sentence."""
    label = _(field.label)
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
    label = _(field.label)
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
        return _("nothing")
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    text = " ".join(str(value).split())
    return f"“{text[:60]}…”" if len(text) > 60 else f"“{text}”"
