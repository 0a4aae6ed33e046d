"""Letters: which there are, which item of the child's each answers, filling one in, sending it.

Both front ends go through here: ``iepcheck letter …`` and the app's letter screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..checklists.model import MAX_LETTER_BYTES, Checklist, Letter
from ..i18n import N_, _
from ..records.ids import short_id
from ..records.letters import ParentDetails, SentLetter
from ..records.model import Child, Meeting, Run
from ..records.operations import SendLetter
from ..records.profile import load_profile
from ..records.schedule import calendar_for
from ..records.store import ProgressError
from ..reports.letters import Filled, LetterContext, LetterTooLong, fill
from ..textsafe import clean_line
from .dates import parse_day
from .errors import InputError, ServiceError, did_you_mean
from .exports import format_for
from .finding import find_meeting
from .runs import pick_run
from .workspace import Workspace


@dataclass(frozen=True)
class Found:
    checklist: Checklist
    letter: Letter
    origin: str = "bundled"  # where the checklist file holding the letter comes from

    @property
    def ref(self) -> str:
        return f"{self.checklist.id}/{self.letter.id}"

    @property
    def source_note(self) -> str:
        """Where the letter's words come from, when not from iepcheck's own checklists."""
        if self.origin == "bundled":
            return ""
        return _("this letter's words come from {path} ({origin}), not iepcheck").format(
            path=self.checklist.path, origin=self.origin
        )


@dataclass(frozen=True)
class Link:
    """An item of the child's record that asks for a letter."""

    run: Run
    item: str
    meeting: Meeting | None


@dataclass(frozen=True)
class Draft:
    """A letter filled in for a child, and the item it answers (when the child has one)."""

    found: Found
    filled: Filled
    link: Link | None
    lang: str = "en"  # the language it is filled in
    note: str = ""  # why it is not in the language asked for


def in_language(workspace: Workspace, found: Found, lang: str) -> Found | None:
    """The letter in ``lang``: the same letter of the checklist's translation, when that
    translation is of this very checklist and its English has not changed since; else None."""
    if lang == "en":
        return found
    if found.checklist.lang:
        return None  # a translation's letter already
    library = workspace.library
    if library.checklist(found.checklist.id) is not found.checklist:
        return None  # another file's letter: its translation would be of other words
    translation = library.translation(found.checklist.id, lang)
    letter = translation.letter(found.letter.id) if translation is not None else None
    if (
        translation is None
        or letter is None
        or translation.translation_of < found.checklist.version
        or letter.translated_from != found.letter.words_hash
    ):
        return None
    return Found(translation, letter, found.origin)


LANGUAGE_NAMES = {"en": N_("English"), "es": N_("Spanish")}


def reading_heading(lang: str) -> str:
    """What is printed above a letter's reading in another language (in the app's)."""
    name = _(LANGUAGE_NAMES[lang]) if lang in LANGUAGE_NAMES else lang
    return _("The letter in {language}, to read: what is sent is the letter above").format(
        language=name
    )


def letter_language(child: Child) -> str:
    """The language the child's letters are filled in unless another is asked for."""
    return child.letter_language or "en"


def every_letter(workspace: Workspace) -> list[Found]:
    """The letters of every checklist in use (the winning file of each id)."""
    found = []
    for entry in workspace.library.active():
        checklist = entry.checklist
        if checklist is not None:
            found += [Found(checklist, letter, entry.origin) for letter in checklist.letters]
    return found


def find_letter(workspace: Workspace, text: str) -> Found:
    """The letter named ``LETTER-ID`` or ``CHECKLIST-ID/LETTER-ID``; a sentence otherwise."""
    wanted = text.strip()
    letters = every_letter(workspace)
    exact = [f for f in letters if f.ref == wanted]
    if not exact:
        exact = [f for f in letters if f.letter.id == wanted]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise ServiceError(
            _("more than one checklist has a letter '{wanted}'; name one: {refs}").format(
                wanted=clean_line(wanted), refs=", ".join(f.ref for f in exact)
            )
        )
    hint = did_you_mean(wanted, [f.letter.id for f in letters] + [f.ref for f in letters])
    raise ServiceError(
        _("no letter '{wanted}'.{hint} See them all with: iepcheck letter list").format(
            wanted=clean_line(wanted), hint=hint
        )
    )


def resolve(workspace: Workspace, ref: str, origin: str | None = None) -> Found | None:
    """The letter an item points at (``CHECKLIST-ID/LETTER-ID``), if its checklist has it.

    ``origin``: the origin of the run the item belongs to, when the letter is in the run's own
    checklist: its words then come from that file, never silently from another file that
    has since come to stand for the checklist (a shared file shadowing a bundled one).
    """
    owner, _, letter_id = ref.rpartition("/")
    entries = [
        e
        for e in workspace.library.entries
        if e.result.id == owner and e.checklist is not None and e.status != "broken"
    ]
    mine = [e for e in entries if e.origin == origin] if origin else []
    chosen = max(mine, key=lambda e: e.result.version or 0) if mine else None
    if chosen is None:
        chosen = next((e for e in entries if e.status == "active"), None)
    checklist = chosen.checklist if chosen is not None else None
    letter = checklist.letter(letter_id) if checklist is not None else None
    if chosen is None or checklist is None or letter is None:
        return None
    return Found(checklist, letter, chosen.origin)


def links(child: Child, ref: str) -> list[Link]:
    """Items of the child's current runs that ask for this letter."""
    found = []
    for run in child.runs:
        if run.archived or run.detached:
            continue
        meeting = child.meeting(run.meeting) if run.meeting else None
        for section in run.sections:
            found += [Link(run, i.id, meeting) for i in section.items if i.letter == ref]
    return found


def link_for(child: Child, ref: str, meeting_text: str | None, today: date) -> Link | None:
    """The item this letter answers: of the named meeting; else the run ``tick`` would pick."""
    candidates = links(child, ref)
    if meeting_text:
        meeting = find_meeting(child, meeting_text)
        candidates = [c for c in candidates if c.meeting is meeting]
        if not candidates:
            return None
    for link in candidates:
        try:
            picked = pick_run(child, link.run.checklist, meeting_text, today)
        except ServiceError:
            continue
        if picked is link.run:
            return link
    return candidates[0] if len(candidates) == 1 else None


LETTER_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}
LETTER_SUFFIXES |= {".html": "html", ".htm": "html"}


def file_format(output: str | None, fmt: str | None = None) -> str:
    """The format of a letter file: ``fmt``, else the extension (.txt, .md, .html); a folder or
    another extension (a .pdf or .docx it could not be) is refused with a sentence."""
    if output and output != "-":
        target = Path(output).expanduser()
        if target.is_dir():
            raise InputError(
                _("{target} is a folder: name a file in it, like letter.txt").format(target=target)
            )
        suffix = target.suffix.lower()
        if suffix not in LETTER_SUFFIXES:
            raise InputError(
                _(
                    "{target_name}: a letter is saved as .txt, .md or .html (open the .html "
                    "in a browser to print it, or to save it as a PDF)"
                ).format(target_name=target.name)
            )
    return format_for(output, fmt)


def real_today(workspace: Workspace) -> date:
    """The real date: letters are dated and sent on it, like ticks, even under ``--today``."""
    return workspace.clock.now().date()


def parent_of(workspace: Workspace, child: Child) -> ParentDetails:
    """Who signs: the child's own parent details over the profile's."""
    try:
        profile = load_profile(workspace.data_dir)
    except ProgressError as exc:
        workspace.on_notice(
            _("{exc}; letters are signed with what the child's record has").format(exc=exc)
        )
        profile = ParentDetails()
    return child.parent.over(profile)


def has_profile(workspace: Workspace, child: Child) -> bool:
    return bool(parent_of(workspace, child).name)


def compose(
    workspace: Workspace,
    child: Child,
    found: Found,
    meeting_text: str | None = None,
    link: Link | None = None,
    written: date | None = None,
    lang: str = "en",
) -> Draft:
    """The letter filled in for ``child``, for the meeting named or the item it answers, in
    ``lang`` when its checklist has a current translation (else in English, saying why).

    A letter is dated ``written`` (default: the real date, whatever ``--today`` plans for).
    A letter that would be over the limit once filled in is a ServiceError.
    """
    note = ""
    translated = in_language(workspace, found, lang)
    if translated is None:
        note = _(
            "{ref} has no current translation into '{lang}' (none, or its English changed "
            "since): it is filled in in English"
        ).format(ref=found.ref, lang=lang)
        lang = "en"
    else:
        found = translated
    if link is None:
        link = link_for(child, found.ref, meeting_text, workspace.clock.today())
    meeting = link.meeting if link is not None else None
    if meeting is None and meeting_text:
        meeting = find_meeting(child, meeting_text)
    ctx = LetterContext(
        child,
        parent_of(workspace, child),
        written or real_today(workspace),
        meeting,
        link.run if link is not None else None,
        found.checklist,
        # What the school reads (dates, lists, "Subject:") in the letter's language; the
        # "[… — fill in]" marks are the parent's, in the app's.
        language=lang,
    )
    try:
        filled = fill(found.letter, ctx)
    except LetterTooLong as exc:
        raise ServiceError(
            _("{ref} cannot be filled in for {child_id}: {exc}").format(
                ref=found.ref, child_id=child.id, exc=exc
            )
        ) from None
    return Draft(found, filled, link, lang, note)


FOLLOW_UP_SCHOOL_DAYS = 10
FOLLOW_UP_NOTE = N_("a reminder to chase an answer, not a legal deadline")


@dataclass(frozen=True)
class Offer:
    """The follow-up date offered for a letter sent: 10 school days later."""

    day: date
    about: bool  # the school year's closed days are not known: only weekends and holidays

    def short(self) -> str:
        if self.about:
            return _("about {n} school days later").format(n=FOLLOW_UP_SCHOOL_DAYS)
        return _("{n} school days later").format(n=FOLLOW_UP_SCHOOL_DAYS)

    def words(self) -> str:
        return f"{self.short()} ({_(FOLLOW_UP_NOTE)})"


def follow_up_offer(child: Child, sent: date) -> Offer:
    """When to follow up on a letter sent on ``sent`` if the school has not answered."""
    cal = calendar_for(child)
    return Offer(cal.add_school_days(sent, FOLLOW_UP_SCHOOL_DAYS), not cal.known(sent))


def follow_up_of(
    text: str | None, child: Child, sent: date, what: str = "--follow-up"
) -> date | None:
    """A follow-up date as typed: a date (not before the letter went), "none", or nothing
    (None given: the offer, 10 school days later)."""
    if text is None:
        return follow_up_offer(child, sent).day
    said = text.strip()
    if said.casefold() in ("none", "no", ""):
        return None
    day = parse_day(said, today=sent, what=what)
    if day < sent:
        raise InputError(
            _("{what} {day} is before the day the letter went ({sent})").format(
                what=what, day=day, sent=sent
            )
        )
    return day


def sent_op(
    workspace: Workspace,
    child: Child,
    draft: Draft,
    body: str,
    on: date | None,
    follow_up: date | None = None,
) -> SendLetter:
    """The change that records ``body`` (the letter as sent) and ticks its item; ``follow_up``:
    when to chase an answer (a reminder in the log and the status)."""
    size = len(body.encode("utf-8", "replace")) + len(
        draft.filled.subject.encode("utf-8", "replace")
    )
    if size > MAX_LETTER_BYTES:
        raise InputError(
            _(
                "the letter is {size:,.0f} KiB; a letter kept in the record may be at "
                "most {MAX_LETTER_BYTES} KiB: shorten it, or send part of it in another "
                "letter"
            ).format(size=size / 1024, MAX_LETTER_BYTES=MAX_LETTER_BYTES // 1024)
        )
    taken = {x.id for x in child.letters}
    link = draft.link
    return SendLetter(
        SentLetter(
            id=short_id(taken, prefix="l"),
            letter=draft.found.ref,
            title=draft.found.letter.title,
            subject=draft.filled.subject,
            body=body,
            sent=on or real_today(workspace),
            at=workspace.clock.now(),
            run=link.run.id if link is not None else "",
            item=link.item if link is not None else "",
            meeting=link.meeting.id if link is not None and link.meeting is not None else "",
            follow_up=follow_up,
            lang=draft.lang,
        )
    )
