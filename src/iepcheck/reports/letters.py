"""Filling a letter in from the child's record: a closed set of placeholders, nothing else.

The letter's text comes from a shared file, so it is split into literal pieces and known
placeholders (:mod:`iepcheck.checklists.placeholders`) and each placeholder is looked up here:
no attribute access, no formatting language. Filled values are cleaned like any text; one the
record does not hold yet becomes a visible ``[school — fill in]`` and is listed as missing.

Which language: the ``[… — fill in]`` marks and the list of what is missing are the parent's
to read, in the user's language; what the school reads (dates, "Subject:", the words of a
missed list) is in the letter's own language, English until the bundled letters are
translated (issue 28, part 2), so an English letter never gets a Spanish date.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .. import i18n
from ..checklists.model import MAX_LETTER_BYTES, Checklist, Letter
from ..checklists.placeholders import Placeholder, paragraph_spans, parse
from ..i18n import N_, _
from ..records.letters import ParentDetails
from ..records.model import Child, Contact, Meeting, Run
from ..records.plans import STATUS_WORDS, flag_of, stuck_history
from ..textsafe import clean
from .markdown import escape as escape_md
from .words import letter_day, missed_words, words_in

PLAN_WORDS = {"iep": "IEP", "504": "504 plan", "none": ""}
SUBJECT = N_("Subject:")  # a letter's subject line begins with it, in the letter's language


def subject_word(language: str = "en") -> str:
    """What a letter's subject line begins with in ``language``: "Subject:", "Asunto:"."""
    return words_in(language)(SUBJECT)


def split_subject(text: str) -> tuple[str, str]:
    """(subject, body) of a letter's text: a first line beginning with the subject word of
    any language iepcheck writes (the parent may have switched the letter's language) is the
    subject."""
    first, _sep, rest = text.partition("\n")
    for word in dict.fromkeys(subject_word(lang) for lang in i18n.LANGUAGES):
        if first.startswith(word):
            return first[len(word) :].strip(), rest.lstrip("\n")
    return "", text


def joined(subject: str, body: str, language: str = "en") -> str:
    """A letter's subject line (in ``language``), a blank line, then its body."""
    head = f"{subject_word(language)} {subject}\n\n" if subject else ""
    return head + body.rstrip("\n") + "\n"


# What a missing value is called in "[… — fill in]" (marked here, said in the user's language).
LABELS = {
    "child_name": N_("child's name"),
    "child_first_name": N_("child's first name"),
    "school": N_("school"),
    "district": N_("district"),
    "plan": N_("plan"),
    "grade": N_("grade"),
    "birth_date": N_("birth date"),
    "parent_name": N_("your name"),
    "parent_address": N_("your address"),
    "parent_email": N_("your email"),
    "parent_phone": N_("your phone"),
    "today": N_("date"),
    "meeting_date": N_("meeting date"),
    "meeting_time": N_("meeting time"),
    "meeting_title": N_("meeting"),
    "agreed": N_("what was agreed"),
    "missed_list": N_("the dated list of what was missed"),
    "flagged_goals": N_("the goals and their last two reports"),
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
    checklist: Checklist | None = None  # the checklist the letter is written in
    language: str = "en"  # the letter's: its dates and lists are written in it


class LetterTooLong(ValueError):
    """A letter that would be over MAX_LETTER_BYTES once filled in; its text is a sentence."""


class _Budget:
    """What is left of MAX_LETTER_BYTES while a letter is filled in, so that a letter repeating
    a long value stops at the limit instead of being built whole first."""

    def __init__(self, limit: int) -> None:
        self.left = limit

    def take(self, text: str, placeholder: Placeholder | None = None) -> None:
        self.left -= len(text.encode("utf-8", "replace"))
        if self.left < 0:
            raise too_long(placeholder)


def too_long(placeholder: Placeholder | None) -> LetterTooLong:
    limit = f"{MAX_LETTER_BYTES // 1024} KiB"
    if placeholder is None:
        said = _("the letter is longer than {limit}, the most a letter may be")
        return LetterTooLong(said.format(limit=limit))
    said = _(
        "the letter would be longer than {limit}, the most a letter may be, once "
        "{placeholder} is filled in from the record: shorten the letter, or send part "
        "of what it lists in another"
    )
    return LetterTooLong(said.format(limit=limit, placeholder=placeholder.shown))


# Room for "Subject: " and the line ends Filled.text adds.
_FRAME = len("Subject: \n\n\n")


def fill(letter: Letter, ctx: LetterContext) -> Filled:
    """The letter for this child: its body with the conditional paragraphs that hold, every
    placeholder filled in (or marked "[… — fill in]"). Raises LetterTooLong, as soon as it
    knows, for a letter that would be over MAX_LETTER_BYTES."""
    missing: list[str] = []
    budget = _Budget(MAX_LETTER_BYTES - _FRAME)
    subject = _fill(letter.subject, ctx, missing, budget)
    body = _fill(template(letter, ctx), ctx, missing, budget)
    return Filled(" ".join(subject.split()), body, tuple(dict.fromkeys(missing)))


def template(letter: Letter, ctx: LetterContext) -> str:
    """The letter's body with, after each of its paragraphs, the conditional paragraphs that
    follow it and hold for this child, in the file's order (still to be filled in)."""
    chosen = [p for p in letter.paragraphs if holds(p.when, ctx)]
    if not chosen:
        return letter.body
    out: list[str] = []
    pos = 0
    for n, (_start, end) in enumerate(paragraph_spans(letter.body)):
        extra = [p.text for p in chosen if p.after == n]
        if extra:
            out.append(letter.body[pos:end])
            out += ["\n\n" + text for text in extra]
            pos = end
    out.append(letter.body[pos:])
    return "".join(out)


def holds(when: str, ctx: LetterContext) -> bool:
    """Whether a paragraph's condition (one of placeholders.WHEN_FORMS) holds for this child."""
    kind, _, arg = when.partition(":")
    if kind == "plan":
        return ctx.child.plan == arg
    if kind == "meeting":
        return ctx.meeting is not None
    if kind == "contact":
        return contact_for(ctx.child, (arg,)) is not None
    return False


def contact_for(child: Child, roles: Sequence[str], wheres: Sequence[str] = ()) -> Contact | None:
    """Whom a letter addressed to ``roles`` goes to: the first of the roles the record has a
    named contact for, and of that role's contacts the first, except that a teacher whose
    subject is where something was missed (``wheres``, the latest first) is chosen first.

    The one place a letter chooses a contact (``{contact:…}`` and ``when = "contact:…"``).
    """
    for role in roles:
        named = [c for c in child.contacts if c.name and " ".join(c.role.split()).lower() == role]
        if not named:
            continue
        if role == "teacher":
            for where in wheres:
                wanted = " ".join(where.split()).casefold()
                found = next(
                    (
                        c
                        for c in named
                        if wanted and " ".join(c.subject.split()).casefold() == wanted
                    ),
                    None,
                )
                if found is not None:
                    return found
        return named[0]
    return None


def _fill(text: str, ctx: LetterContext, missing: list[str], budget: _Budget) -> str:
    pieces, _errors = parse(text)  # the file was validated; a bad brace stays literal
    out: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            budget.take(piece)
            out.append(piece)
            continue
        value = value_of(piece, ctx, budget.left)
        if value:
            shown = clean(value)
        else:
            label = label_of(piece)
            missing.append(label)
            shown = _("[{label} — fill in]").format(label=label)
        budget.take(shown, piece)
        out.append(shown)
    return "".join(out)


def label_of(p: Placeholder) -> str:
    if p.name == "contact":
        return _(" or ").join(p.roles)
    if p.name == "ticked":
        return _("date of {item}").format(item=p.arg)
    return _(LABELS[p.name]) if p.name in LABELS else p.name


def value_of(p: Placeholder, ctx: LetterContext, limit: int = MAX_LETTER_BYTES) -> str:
    """What ``p`` stands for in this child's record ("" when the record does not hold it);
    a list over ``limit`` bytes raises LetterTooLong while it is made."""
    child, parent, meeting = ctx.child, ctx.parent, ctx.meeting
    name = p.name
    if name == "contact":
        wheres = missed_wheres(child, ctx.run, ctx.checklist) if "teacher" in p.roles else ()
        contact = contact_for(child, p.roles, wheres)
        return contact.name if contact is not None else ""
    if name == "ticked":
        if ctx.run is None:
            return ""
        state = ctx.run.state(p.arg)
        return letter_day(state.day, ctx.language) if state.state == "done" and state.day else ""
    simple = {
        "child_name": child.name,
        "child_first_name": child.name.split()[0] if child.name.split() else "",
        "school": child.school,
        "district": child.district,
        "plan": PLAN_WORDS.get(child.plan, ""),
        "grade": child.grade,
        "birth_date": letter_day(child.born, ctx.language) if child.born else "",
        "parent_name": parent.name,
        "parent_address": parent.address,
        "parent_email": parent.email,
        "parent_phone": parent.phone,
        "today": letter_day(ctx.today, ctx.language),
        "meeting_date": letter_day(meeting.date, ctx.language) if meeting else "",
        "meeting_time": meeting.time if meeting else "",
        "meeting_title": meeting.title if meeting else "",
        "agreed": meeting.agreed() if meeting else "",
    }
    if name == "missed_list":
        return missed_list(child, ctx.run, limit, ctx.checklist, ctx.language)
    if name == "flagged_goals":
        return flagged_goals(child, limit, ctx.language)
    return simple.get(name, "").strip()


def flagged_goals(child: Child, limit: int | None = None, language: str = "en") -> str:
    """The current plan's goals whose last two reports show no or limited progress, each with
    those two reports, one a line ("" when none is)."""
    plan = child.current_plan()
    say = words_in(language)  # the school reads the statuses: in the letter's language
    lines = []
    size = 0
    for goal in plan.goals if plan is not None else ():
        history = stuck_history(child.plans, goal)
        if not flag_of(history):
            continue
        area = f" ({' '.join(goal.area.split())})" if goal.area else ""
        said = "; ".join(
            f"{letter_day(r.on, language)}, {say(STATUS_WORDS[r.status])}" for r in history[-2:]
        )
        line = f"- {' '.join(goal.text.split())}{area}: {said}"
        size += len(line.encode("utf-8", "replace")) + 1
        if limit is not None and size > limit:
            raise too_long(Placeholder("flagged_goals"))
        lines.append(line)
    return "\n".join(lines)


def missed_list(
    child: Child,
    run: Run | None = None,
    limit: int | None = None,
    own: Checklist | None = None,
    language: str = "en",
) -> str:
    """The dated log entries of the monitoring run the letter belongs to, oldest first, one
    per line; over ``limit`` bytes, raises LetterTooLong as soon as it gets there.

    A letter sent from another checklist (the 504 grievance from "I disagree") lists the log
    of the child's runs of the monitoring checklist it is written in (``own``), never another
    monitoring checklist's (IEP sessions in a 504 grievance); a letter of a checklist that is
    not a monitoring one lists every monitoring run's.
    """
    entries = []
    for each in _monitoring_runs(child, run, own):
        for item_id, state in each.items.items():
            for entry in state.log:
                said = missed_words(each, item_id, entry, letter=True, language=language)
                entries.append((entry.day, entry.added, said))
    entries.sort(key=lambda e: (e[0], e[1]))
    lines = []
    size = 0
    for day, _added, said in entries:
        line = f"- {letter_day(day, language)}: {said}"
        size += len(line.encode("utf-8", "replace")) + 1
        if limit is not None and size > limit:
            raise too_long(Placeholder("missed_list"))
        lines.append(line)
    return "\n".join(lines)


def _monitoring_runs(child: Child, run: Run | None, own: Checklist | None) -> list[Run]:
    """The monitoring runs whose log a letter lists (see :func:`missed_list`)."""
    if run is not None and run.kind == "ongoing":
        runs = [run]
    elif own is not None and own.kind == "ongoing":
        runs = [r for r in child.runs if r.checklist == own.id]
    else:
        runs = child.runs
    return [r for r in runs if not r.detached and r.kind == "ongoing"]


def missed_wheres(child: Child, run: Run | None = None, own: Checklist | None = None) -> list[str]:
    """Where what a letter lists was missed (a class: "Science"), the latest first: the
    teacher of that subject is whom ``{contact:teacher}`` names."""
    found = [
        (entry.day, entry.added, entry.where)
        for each in _monitoring_runs(child, run, own)
        for state in each.items.values()
        for entry in state.log
        if entry.where.strip()
    ]
    found.sort(key=lambda e: (e[0], e[1]), reverse=True)
    return [where for _day, _added, where in found]


# -- the letter as a file -------------------------------------------------------------------------

_LETTER_CSS = (
    "body{font:15px/1.5 Georgia,serif;max-width:40em;margin:2.5em auto;padding:0 1em;color:#111}"
    "p{margin:0 0 1em}@media print{body{margin:0}}"
)


def letter_file(subject: str, body: str, fmt: str, language: str = "en") -> str:
    """The letter as the text of a ``txt``, ``md`` or printable ``html`` file; its subject
    line in the letter's ``language``."""
    body = clean(body).rstrip("\n")
    subject = " ".join(clean(subject).split())
    word = subject_word(language)
    if fmt == "md":
        escaped = escape_md(body)
        # A line break inside a paragraph must stay one: two spaces before the newline.
        lines = "\n".join(
            (line + "  ") if line.strip() else "" for line in escaped.split("\n")
        ).rstrip()
        shown = escape_md(subject)
        head = f"**{escape_md(word)}** {shown}\n\n" if subject else ""
        return head + lines + "\n"
    if fmt == "html":
        paragraphs = [p for p in re.split(r"\n\s*\n", body) if p.strip()]
        parts = [
            "<!DOCTYPE html>",
            f'<html lang="{html.escape(language)}"><head><meta charset="utf-8">',
            f"<title>{html.escape(subject or 'Letter')}</title>",
            f"<style>{_LETTER_CSS}</style></head><body>",
        ]
        if subject:
            parts.append(f"<p><strong>{html.escape(word)} {html.escape(subject)}</strong></p>")
        for paragraph in paragraphs:
            text = html.escape(paragraph.strip("\n")).replace("\n", "<br>")
            parts.append(f"<p>{text}</p>")
        parts.append("</body></html>")
        return "\n".join(parts) + "\n"
    head = f"{word} {subject}\n\n" if subject else ""
    return head + body + "\n"
