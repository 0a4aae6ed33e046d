"""The words reports and screens share: plan and meeting names, dates, countdowns, tallies.

One place for each wording, so the CLI, the exports and the app say the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from .. import i18n
from ..i18n import N_, NP_, _, ngettext, pgettext
from ..textsafe import clean_line

if TYPE_CHECKING:
    from ..records.model import Child, LogEntry, NoteLine, Run
    from ..records.record import Communication


class Names(Mapping[Any, str]):
    """Names kept in English (marked for the catalog) and read in the current language, so
    every ``NAMES[key]`` and ``NAMES.get(key, …)`` says them as the user reads them."""

    def __init__(self, names: dict[Any, str]) -> None:
        self.english = names

    def __getitem__(self, key: Any) -> str:
        return _(self.english[key])

    def __iter__(self) -> Iterator[Any]:
        return iter(self.english)

    def __len__(self) -> int:
        return len(self.english)


PLAN_NAMES = Names({"iep": N_("IEP"), "504": N_("504 plan"), "none": N_("no plan yet")})
# Where a checklist was found (checklists.folders' origins), in words.
ORIGINS = Names(
    {"bundled": N_("bundled"), "site": N_("site"), "user": N_("user"), "extra": N_("extra")}
)
KIND_NAMES = Names({"ppt": N_("PPT"), "504": N_("504 meeting"), "other": N_("meeting")})
EXPORT_FORMATS = ("md", "txt", "html")  # what `export` writes
DATE_WORDS = Names(
    {
        ("annual-review", True): N_("annual review"),
        ("annual-review", False): N_("planned review"),
        ("reevaluation", True): N_("reevaluation"),
        ("reevaluation", False): N_("planned reevaluation"),
    }
)


def plural(n: int, word: str) -> str:
    """'1 contact', '2 contacts': English only (a word passed in has no translation). What a
    user reads counts with ``ngettext``, the whole phrase a msgid."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def contact_words(child: Child, entry: Communication) -> str:
    """What a log entry says, as shown: a letter sent says so in the app's language (the
    record and JSON keep "Letter sent: …"), any other entry the parent's own words."""
    letter = child.sent_letter(entry.id)
    if letter is None:
        return entry.text
    return _("Letter sent: {title}").format(title=letter.title)


def next_items(items: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """Open items in the order to do them: dated ones by date, then the undated."""
    dated = sorted((i for i in items if i["due"]), key=lambda i: i["due"])
    return (dated + [i for i in items if not i["due"]])[:count]


def day_text(day: date) -> str:
    """'Thu 3 Dec 2026', 'jue 3 dic 2026'."""
    return i18n.day_text(day)


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


def letter_day(day: date, language: str | None = None) -> str:
    """A date as a letter writes it: 'December 1, 2026', '1 de diciembre de 2026'; in
    ``language`` (a letter's own), else the user's."""
    if language is None:
        return i18n.long_day_text(day)
    if language in ("en", i18n.PSEUDO):
        return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
    from babel.dates import format_date

    return format_date(day, "long", locale=language)


def words_in(language: str | None) -> Callable[[str], str]:
    """The catalog of ``language`` (a letter's own) as a function; the user's when None."""
    if language is None or language == i18n.language():
        return _
    if language == "en":
        return str
    import gettext

    found = gettext.translation(
        i18n.DOMAIN, localedir=i18n.LOCALE_DIR, languages=[language], fallback=True
    )
    return found.gettext


def missed_words(
    run: Run, item_id: str, entry: LogEntry, *, letter: bool = False, language: str | None = None
) -> str:
    """A missed accommodation or service as the timeline, the incident report (``timeline
    --only missed``) and a letter's ``{missed_list}`` all say it, after its date: the
    accommodation (an item the parent added for it), where and until when, what happened,
    and whom the parent told ("I told" in a letter). ``language``: the words' (a letter's,
    or "en" for JSON), else the user's."""

    def one(text: str) -> str:
        return " ".join(clean_line(text).split())

    say = words_in(language)

    def day(when: date) -> str:
        if letter:
            return letter_day(when, language)
        return day_text(when) if language is None else day_in(when, language)

    item = run.find(item_id)
    section = run.section_index(item_id)
    named = item is not None and (
        item.own or bool(item.plan) or (section is not None and run.sections[section].user_items)
    )
    from ..records.plans import PLAN_PREFIX  # here: `status` warm imports this module only

    if item is None and item_id.startswith(PLAN_PREFIX):  # a service no longer in the plan
        what = one(run.orphan_text(item_id))
    else:
        what = one(item.text) if item is not None and named else ""
    said = one(entry.text)
    place = one(entry.where)
    through = (
        say(N_("through {day}")).format(day=day(entry.until))
        if entry.until and entry.until != entry.day
        else ""
    )
    around = ", ".join(x for x in (place, through) if x)
    around = f" ({around})" if around else ""
    if what:  # "Extended time on tests (Math, through …) — what happened"
        line = what + around
        if said and said.casefold() != what.casefold():
            line += f" — {said}"
    else:  # logged on a general item: "What happened (Math, through …)"
        line = (said.rstrip(".") if around else said) + around
    if entry.told.strip():
        whom = one(entry.told)
        if entry.told_on:
            said_on = day(entry.told_on)
            told = say(
                N_("I told {whom} on {day}.") if letter else N_("Told {whom} on {day}.")
            ).format(whom=whom, day=said_on)
        else:
            told = say(N_("I told {whom}.") if letter else N_("Told {whom}.")).format(whom=whom)
        line += ("" if line.endswith((".", "!", "?")) else ".") + f" {told}"
    return line


_DUE = re.compile(
    r"(?P<n>\d{1,4}) (?P<unit>school days?|days?|weeks?) (?P<dir>before|after)"
    r"(?: age (?P<age>\d{1,2})| (?P<item>[a-z0-9-]{1,64}))?"
)


def due_words(due: str) -> str:
    """An item's ``due`` as a reader says it: '2 weeks before', '2 semanas antes'; 'at the
    meeting', 'en la reunión'; anything else as the file wrote it, cleaned."""
    words = " ".join(due.lower().split())
    if i18n.language() == "en":
        return clean_line(due)  # as the checklist wrote it
    if words == "at the meeting":
        return _("at the meeting")
    if (at := re.fullmatch(r"at age (\d{1,2})", words)) is not None:
        return _("at age {age}").format(age=at.group(1))
    found = _DUE.fullmatch(words)
    if found is None:
        return clean_line(due)
    n = int(found["n"])
    if found["unit"].startswith("school"):
        count = ngettext("{n} school day", "{n} school days", n).format(n=n)
    elif found["unit"].startswith("day"):
        count = ngettext("{n} day", "{n} days", n).format(n=n)
    else:
        count = ngettext("{n} week", "{n} weeks", n).format(n=n)
    before = found["dir"] == "before"
    if found["age"]:
        said = _("{count} before age {age}") if before else _("{count} after age {age}")
        return said.format(count=count, age=found["age"])
    if found["item"]:
        return _("{count} after {item}").format(count=count, item=found["item"])
    return (_("{count} before") if before else _("{count} after")).format(count=count)


def repeat_words(repeat: str) -> str:
    """An item's ``repeat`` as a reader says it: 'weekly', 'every 2 weeks' ('semanal', 'cada 2
    semanas'); anything else as the file wrote it, cleaned."""
    words = " ".join(repeat.lower().split())
    if i18n.language() == "en":
        return clean_line(repeat)  # as the checklist wrote it
    if words == "weekly":
        return _("weekly")
    if words == "monthly":
        return _("monthly")
    parts = words.split(" ")
    if len(parts) == 3 and parts[0] == "every" and parts[1].isdigit():
        n = int(parts[1])
        if parts[2] in ("week", "weeks"):
            return ngettext("every {n} week", "every {n} weeks", n).format(n=n)
        if parts[2] in ("month", "months"):
            return ngettext("every {n} month", "every {n} months", n).format(n=n)
    return clean_line(repeat)


def day_in(day: date, language: str) -> str:
    """A day in ``language`` as a line shows it (English: 'Thu 3 Dec 2026')."""
    if language in ("en", i18n.PSEUDO):
        return f"{day:%a} {day.day} {day:%b} {day.year}"
    from babel.dates import format_date

    return format_date(day, "EEE d MMM y", locale=language).replace(".", "")


def short_day(day: date, today: date | None = None) -> str:
    """'Thu 3 Dec'; with the year when ``today`` is given and the day is half a year away."""
    whole = i18n.day_text(day)
    if today is not None and abs((day - today).days) > 183:
        return whole
    return whole.rsplit(" ", 1)[0]  # the year is the last word in every language we have


def countdown_text(days: int, school_days: int, estimated: bool) -> str:
    """'today', '2 days ago', 'in 3 days (3 school days)', 'in 3 days (about 3 school days)'."""
    if days == 0:
        return _("today")
    if days < 0:
        return ngettext("{n} day ago", "{n} days ago", -days).format(n=-days)
    school = school_days_text(school_days, estimated)
    return ngettext("in {n} day ({school})", "in {n} days ({school})", days).format(
        n=days, school=school
    )


def school_days_text(n: int, estimated: bool = False) -> str:
    """'3 school days', 'about 3 school days' (when the school's calendar is estimated)."""
    if estimated:
        return ngettext("about {n} school day", "about {n} school days", n).format(n=n)
    return ngettext("{n} school day", "{n} school days", n).format(n=n)


LEAN_WORDS = Names({"IEP": N_("leans IEP"), "504": N_("leans 504"), "mixed": N_("mixed")})


def tally_text(tally: dict[str, Any], short: bool = False, lean: str = "none") -> str:
    """A guide's tally, as status JSON holds it: 'IEP signs 2 of 5 · 504 signs 1 of 4'
    ('IEP 2/5 · 504 1/4 · leans IEP' where room is short)."""
    iep, five = tally["IEP"], tally["504"]
    if short:
        words = LEAN_WORDS.get(lean, "")
        return f"IEP {iep['ticked']}/{iep['of']} · 504 {five['ticked']}/{five['of']}" + (
            f" · {words}" if words else ""
        )
    return _("IEP signs {iep} of {iep_of} · 504 signs {five} of {five_of}").format(
        iep=iep["ticked"], iep_of=iep["of"], five=five["ticked"], five_of=five["of"]
    )


def headline_text(lean: str, iep: int, five: int) -> str:
    """A conclusion's headline in the user's language, from its lean and the signs ticked each
    way (the status document keeps the English one): 'Leans IEP: 2 IEP signs, 1 504 sign'."""
    if lean == "IEP":
        return _("Leans IEP: {iep}, {five}").format(
            iep=ngettext("{n} IEP sign", "{n} IEP signs", iep).format(n=iep),
            five=ngettext("{n} 504 sign", "{n} 504 signs", five).format(n=five),
        )
    if lean == "504":
        return _("Leans 504: {five}, {iep}").format(
            iep=ngettext("{n} IEP sign", "{n} IEP signs", iep).format(n=iep),
            five=ngettext("{n} 504 sign", "{n} 504 signs", five).format(n=five),
        )
    if lean == "mixed":
        return ngettext("Mixed: {n} sign each way", "Mixed: {n} signs each way", iep).format(n=iep)
    return _("No signs ticked yet")


def tally_count_text(tally: str, n: int) -> str:
    """An item's count from its log, by its ``tally``: '6 school days', '1 incident'."""
    if tally == "incidents-this-year":
        return ngettext("{n} incident", "{n} incidents", n).format(n=n)
    return school_days_text(n)


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


MISSING_WORDS = N_(
    "The words of {checklist} (version {version}) are missing from this data folder's "
    "texts/ folder: its ticks, notes and log are kept and shown by item id; the words come "
    "back when that version of the checklist is found again."
)


def missing_words(checklist: str, version: int, *, english: bool = False) -> str:
    """What a run whose checklist text is missing from the data folder shows (``english``:
    as the status document keeps it, whatever the language)."""
    words = MISSING_WORDS if english else _(MISSING_WORDS)
    return words.format(checklist=checklist, version=version)


# The document kinds' names (records.kinds.DOC_NAMES), marked here for the catalog.
DOC_WORDS = (
    N_("PPT meeting notice"),
    N_("evaluation report"),
    N_("draft IEP"),
    N_("IEP"),
    N_("Prior Written Notice"),
    N_("progress report"),
    N_("504 plan"),
    N_("education records"),
    N_("consent request"),
    N_("document"),
)


def doc_name(kind: str) -> str:
    """A kind of document in words ("Prior Written Notice"); an unknown kind, cleaned."""
    from ..records.kinds import DOC_NAMES

    name = DOC_NAMES.get(kind)
    return _(name) if name else clean_line(kind)


# How a contact happened (records.kinds.VIA, typed in English), as it is shown.
VIA_NAMES = Names(
    {
        "email": N_("email"),
        "phone": N_("phone"),
        "meeting": N_("meeting"),
        "letter": N_("letter"),
        "in person": N_("in person"),
    }
)
VIA_OTHER = NP_("a way of contact", "other")  # "other" alone has other meanings elsewhere


def via_text(via: str) -> str:
    """How a contact happened, as a report shows it: " (email)", " (correo electrónico)", or
    nothing."""
    if not via:
        return ""
    name = pgettext("a way of contact", VIA_OTHER) if via == "other" else VIA_NAMES.get(via)
    return f" ({name or clean_line(via)})"


def verdict_words(status: str, due: date, late_by: int) -> str:
    """What a verdict says first: "late by 4 school days", "on time", "decide by Thu 3 Dec 2026"."""
    if status == "late":
        return ngettext("late by {n} school day", "late by {n} school days", late_by).format(
            n=late_by
        )
    if status == "decide by":
        return _("decide by {day}").format(day=day_text(due))
    return _("on time")


def verdict_line(status: str, rule: str, due: date, late_by: int, source: str) -> str:
    """One document's verdict by one rule, worded once for the CLI, the reports, the
    timeline and status: "late by 4 school days (rule); due Thu 3 Dec 2026 — source"."""
    said = verdict_words(status, due, late_by)
    if status == "decide by":
        return _("{verdict} ({rule}) — {source}").format(
            verdict=said, rule=_(rule), source=_(source)
        )
    return _("{verdict} ({rule}); due {day} — {source}").format(
        verdict=said, rule=_(rule), day=day_text(due), source=_(source)
    )


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
        if text == KIND_NAMES.english.get(entry["meeting_kind"]):  # no title: its kind's name
            text = what
        at = _(" at {time}").format(time=clean_line(entry["time"])) if entry.get("time") else ""
        there = entry.get("at_meeting") or []
        n = len(there)
        tail = ngettext(" ({n} item at the meeting)", " ({n} items at the meeting)", n).format(n=n)
        tail = tail if there else ""
        if text.casefold().startswith(what.casefold()):  # "PPT meeting at 10:00"
            return f"{text}{at}{tail}"
        return f"{what}{at}: {text}{tail}"
    if kind == "follow-up":
        who = f" ({clean_line(entry['with'])})" if entry.get("with") else ""
        return _("follow up: {text}").format(text=text) + who
    if kind == "plan":  # the status document keeps its words in English
        return plan_entry_text(entry)
    return text


def plan_entry_text(entry: dict[str, Any]) -> str:
    """An agenda entry of the plan in words: 'annual review due: no meeting set', 'planned
    review: a meeting is set', 'progress report due', 'progress report not recorded'. Read
    from its English text (the agenda's JSON, and Home's rows trimmed to a few keys)."""
    text = entry["text"]
    if text == "progress report not recorded":
        return _("progress report not recorded")
    if text == "progress report due":
        return _("progress report due")
    for (_what, legal), english in DATE_WORDS.english.items():
        for meeting_set in (False, True):
            said = "a meeting is set" if meeting_set else "no meeting set"
            if text != f"{english}{' due' if legal else ''}: {said}":
                continue
            if legal:
                words = _("{what} due: a meeting is set") if meeting_set else None
                words = words or _("{what} due: no meeting set")
            else:
                words = _("{what}: a meeting is set") if meeting_set else None
                words = words or _("{what}: no meeting set")
            return words.format(what=_(english))
    return clean_line(text)


def day_heading(day: date, today: date) -> str:
    """'Thu 3 Dec 2026 · today', 'Fri 4 Dec 2026 · tomorrow', 'Mon 7 Dec 2026'."""
    gap = (day - today).days
    if gap == 0:
        return _("{day} · today").format(day=day_text(day))
    if gap == 1:
        return _("{day} · tomorrow").format(day=day_text(day))
    return day_text(day)
