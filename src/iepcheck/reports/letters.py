"""Filling a letter in from the child's record: a closed set of placeholders, nothing else.

The letter's text comes from a shared file, so it is split into literal pieces and known
placeholders (:mod:`iepcheck.checklists.placeholders`) and each placeholder is looked up here:
no attribute access, no formatting language. Filled values are cleaned like any text; one the
record does not hold yet becomes a visible ``[school — fill in]`` and is listed as missing.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date

from ..checklists.model import Letter
from ..checklists.placeholders import Placeholder, parse
from ..records.letters import ParentDetails
from ..records.model import Child, Meeting, Run
from ..textsafe import clean
from .markdown import escape as escape_md
from .words import letter_day, missed_words

PLAN_WORDS = {"iep": "IEP", "504": "504 plan", "none": ""}
# What a missing value is called in "[… — fill in]".
LABELS = {
    "child_name": "child's name",
    "child_first_name": "child's first name",
    "school": "school",
    "district": "district",
    "plan": "plan",
    "grade": "grade",
    "birth_date": "birth date",
    "parent_name": "your name",
    "parent_address": "your address",
    "parent_email": "your email",
    "parent_phone": "your phone",
    "today": "date",
    "meeting_date": "meeting date",
    "meeting_time": "meeting time",
    "meeting_title": "meeting",
    "agreed": "what was agreed",
    "missed_list": "the dated list of what was missed",
}


@dataclass(frozen=True)
class Filled:
    subject: str
    body: str
    missing: tuple[str, ...]  # labels of the values the record did not have

    @property
    def text(self) -> str:
        """The whole letter as plain text: the subject line, then the body."""
        head = f"Subject: {self.subject}\n\n" if self.subject else ""
        return head + self.body.rstrip("\n") + "\n"


@dataclass(frozen=True)
class LetterContext:
    child: Child
    parent: ParentDetails
    today: date
    meeting: Meeting | None = None
    run: Run | None = None  # the run of the item the letter belongs to ({ticked:…})


def fill(letter: Letter, ctx: LetterContext) -> Filled:
    missing: list[str] = []
    subject = _fill(letter.subject, ctx, missing)
    body = _fill(letter.body, ctx, missing)
    return Filled(" ".join(subject.split()), body, tuple(dict.fromkeys(missing)))


def _fill(text: str, ctx: LetterContext, missing: list[str]) -> str:
    pieces, _errors = parse(text)  # the file was validated; a bad brace stays literal
    out: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
            continue
        value = value_of(piece, ctx)
        if value:
            out.append(clean(value))
        else:
            label = label_of(piece)
            missing.append(label)
            out.append(f"[{label} — fill in]")
    return "".join(out)


def label_of(p: Placeholder) -> str:
    if p.name == "contact":
        return p.arg
    if p.name == "ticked":
        return f"date of {p.arg}"
    return LABELS.get(p.name, p.name)


def value_of(p: Placeholder, ctx: LetterContext) -> str:
    child, parent, meeting = ctx.child, ctx.parent, ctx.meeting
    name = p.name
    if name == "contact":
        found = [c for c in child.contacts if c.role.strip().lower() == p.arg and c.name]
        return found[0].name if found else ""
    if name == "ticked":
        if ctx.run is None:
            return ""
        state = ctx.run.state(p.arg)
        return letter_day(state.day) if state.state == "done" and state.day else ""
    simple = {
        "child_name": child.name,
        "child_first_name": child.name.split()[0] if child.name.split() else "",
        "school": child.school,
        "district": child.district,
        "plan": PLAN_WORDS.get(child.plan, ""),
        "grade": child.grade,
        "birth_date": letter_day(child.born) if child.born else "",
        "parent_name": parent.name,
        "parent_address": parent.address,
        "parent_email": parent.email,
        "parent_phone": parent.phone,
        "today": letter_day(ctx.today),
        "meeting_date": letter_day(meeting.date) if meeting else "",
        "meeting_time": meeting.time if meeting else "",
        "meeting_title": meeting.title if meeting else "",
        "agreed": meeting.notes.strip() if meeting else "",
    }
    if name == "missed_list":
        return missed_list(child, ctx.run)
    return simple.get(name, "").strip()


def missed_list(child: Child, run: Run | None = None) -> str:
    """The dated log entries of the monitoring run the letter belongs to (else of every
    monitoring run of the child), oldest first, one per line."""
    entries = []
    runs = [run] if run is not None and run.kind == "ongoing" else child.runs
    for each in runs:
        if each.detached or each.kind != "ongoing":
            continue
        for item_id, state in each.items.items():
            for entry in state.log:
                said = missed_words(each, item_id, entry, letter=True)
                entries.append((entry.day, entry.added, said))
    entries.sort(key=lambda e: (e[0], e[1]))
    lines = [f"- {letter_day(day)}: {said}" for day, _added, said in entries]
    return "\n".join(lines)


# -- the letter as a file -------------------------------------------------------------------------

_LETTER_CSS = (
    "body{font:15px/1.5 Georgia,serif;max-width:40em;margin:2.5em auto;padding:0 1em;color:#111}"
    "p{margin:0 0 1em}@media print{body{margin:0}}"
)


def letter_file(subject: str, body: str, fmt: str) -> str:
    """The letter as the text of a ``txt``, ``md`` or printable ``html`` file."""
    body = clean(body).rstrip("\n")
    subject = " ".join(clean(subject).split())
    if fmt == "md":
        escaped = escape_md(body)
        # A line break inside a paragraph must stay one: two spaces before the newline.
        lines = "\n".join(
            (line + "  ") if line.strip() else "" for line in escaped.split("\n")
        ).rstrip()
        shown = escape_md(subject)
        head = f"**Subject:** {shown}\n\n" if subject else ""
        return head + lines + "\n"
    if fmt == "html":
        paragraphs = [p for p in re.split(r"\n\s*\n", body) if p.strip()]
        parts = [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f"<title>{html.escape(subject or 'Letter')}</title>",
            f"<style>{_LETTER_CSS}</style></head><body>",
        ]
        if subject:
            parts.append(f"<p><strong>Subject: {html.escape(subject)}</strong></p>")
        for paragraph in paragraphs:
            text = html.escape(paragraph.strip("\n")).replace("\n", "<br>")
            parts.append(f"<p>{text}</p>")
        parts.append("</body></html>")
        return "\n".join(parts) + "\n"
    head = f"Subject: {subject}\n\n" if subject else ""
    return head + body + "\n"
