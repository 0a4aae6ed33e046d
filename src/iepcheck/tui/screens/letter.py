"""A letter filled in from the child's record, to edit, save, copy and mark as sent.

Copying uses the terminal's clipboard (OSC 52), which the app cannot confirm (tmux drops it
unless ``set-clipboard`` is on), so a copy is always also saved to a file, and the screen
says where.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Header, Static, TextArea

from ... import i18n
from ...i18n import N_, _
from ...records.letters import SentLetter
from ...reports.content import run_words
from ...reports.letters import joined, letter_file, split_subject
from ...reports.words import day_text, shown_path
from ...service import files, letters
from ...service.dates import parse_day
from ...service.errors import InputError, ServiceError
from ...service.exports import FileExists, write_file
from ..text import fill, join, safe_line
from ..widgets.dialogs import Confirm, Prompt
from ..widgets.fields import after_typing
from ..widgets.footer import KeysFooter
from ..widgets.forms import FormScreen


def split_letter(text: str) -> tuple[str, str]:
    """(subject, body) of the text on screen: a first line 'Subject: …' (or 'Asunto: …', in
    the letter's language) is the subject."""
    return split_subject(text)


class LetterScreen(FormScreen):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="letter.back"),
        Binding("f1", "app.help", N_("Help"), id="letter.help"),
        Binding("ctrl+s", "save", N_("Save"), id="letter.save", priority=True),
        Binding("ctrl+o", "copy", N_("Copy"), id="letter.copy", priority=True),
        Binding("ctrl+t", "sent", N_("Mark sent"), id="letter.sent", priority=True),
        Binding("ctrl+r", "refill", N_("Fill in again"), id="letter.refill", show=False),
        # A translated checklist's letter: in English or its language, and the other to read
        # (said on the screen where Spanish is in play).
        Binding(
            "ctrl+g", "language", N_("Language"), id="letter.language", priority=True, show=False
        ),
        Binding("f2", "reading", N_("Read translated"), id="letter.reading", show=False),
    ]
    DEFAULT_CSS = """
    LetterScreen #letter-info { height: auto; max-height: 5; padding: 0 1; }
    LetterScreen TextArea { height: 1fr; }
    """

    def __init__(
        self,
        child_id: str,
        found: letters.Found,
        link: letters.Link | None,
        sent: SentLetter | None,
    ) -> None:
        super().__init__()
        self.child_id = child_id
        self.found = found
        self.link = link
        self.sent = sent  # showing the copy kept of a letter sent before
        self.draft: letters.Draft | None = None
        self.lang = "en"  # the language asked for (the child's letter_language at first)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="letter-info")
        yield TextArea(id="letter-text", soft_wrap=True, show_line_numbers=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = self.shown_title()
        self.lang = letters.letter_language(self.session.child(self.child_id))
        area = self.query_one("#letter-text", TextArea)
        if self.sent is not None:
            area.text = joined(self.sent.subject, self.sent.body, self.sent.lang)
            area.read_only = True
        elif not self.fill():
            self.dismiss(None)
            return
        self.remember()
        self.show_info()
        self.set_focus(area, scroll_visible=False)

    def fill(self) -> bool:
        """Fill the letter in from the record; False (and said) when it cannot be."""
        child = self.session.child(self.child_id)
        try:
            self.draft = letters.compose(
                self.session.workspace, child, self.found, link=self.link, lang=self.lang
            )
        except ServiceError as exc:
            self.notify(
                _("No letter: {error}").format(error=exc),
                severity="error",
                markup=False,
                timeout=15,
            )
            return False
        self.query_one("#letter-text", TextArea).text = joined(
            self.draft.filled.subject, self.draft.filled.body, self.draft.lang
        )
        return True

    def shown_language(self) -> str:
        """The language of the letter on screen (its subject line's word, its file's)."""
        if self.sent is not None:
            return self.sent.lang
        return self.draft.lang if self.draft is not None else "en"

    def shown_title(self) -> str:
        """The letter's title in the app's language when its checklist's translation has it
        (the letter itself may be in the other)."""
        lang = i18n.language()
        if lang not in ("en", i18n.PSEUDO) and self.session.library is not None:
            mine = letters.in_language(self.session.workspace, self.found, lang)
            if mine is not None:
                return mine.letter.title
        return self.found.letter.title

    def show_info(self) -> None:
        child = self.session.child(self.child_id)
        parts = [safe_line(child.name, "bold")]
        if self.link is not None:
            item = self.link.run.find(self.link.item)
            state = self.link.run.state(self.link.item).state
            word = {"done": _("done"), "skipped": _("skipped")}.get(state, _("to do"))
            # The item's words as its checklist shows them in the app's language.
            words = (
                run_words(self.link.run, self.session.library).words(item.id, item.text).text
                if item
                else self.link.item
            )
            parts.append(join(" · " + _("for:") + " ", safe_line(words)))
            parts.append(Content(f" ({word})").stylize("$text-muted"))
        if self.found.source_note:
            note = _("Note: {note}").format(note=self.found.source_note)
            parts.append(safe_line("\n" + note, "$warning"))
        other = self.other_language()
        # Said where Spanish is in play (the app, the child's letters or this letter); an
        # English family is not told about it on every letter (the keys work all the same).
        bilingual = self.draft is not None and (
            i18n.language() != "en" or child.letter_language or self.draft.lang != "en"
        )
        if self.sent is None and self.draft is not None and other is not None and bilingual:
            shown = letters.LANGUAGE_NAMES.get(self.draft.lang, self.draft.lang)
            said = _("In {language}. ctrl+g: the other language · F2: read it in {other}")
            said = said.format(language=_(shown), other=_(letters.LANGUAGE_NAMES.get(other, other)))
            parts.append(Content("\n" + said).stylize("$accent"))
        if self.sent is not None:
            kept = _("Sent on {day}: the copy kept in the record.").format(
                day=day_text(self.sent.sent)
            )
            parts.append(join("\n", (kept, "bold"), " " + _("ctrl+r writes a new one.")))
        elif self.draft is not None and self.draft.filled.missing:
            parts.append(
                join(
                    ("\n" + _("Not in the record yet:") + " ", "$warning bold"),
                    safe_line(", ".join(self.draft.filled.missing), "$warning"),
                    (
                        _(
                            "; shown as [… — fill in]: type them here, or set them once with p "
                            "(your details) on Home or the child's form."
                        ),
                        "$text-muted",
                    ),
                )
            )
        else:
            parts.append(
                Content(
                    "\n" + _("Edit freely. ctrl+s saves, ctrl+o copies, ctrl+t marks it sent.")
                ).stylize("$text-muted")
            )
        self.query_one("#letter-info", Static).update(Content("").join(parts))

    # -- the text ---------------------------------------------------------------------------
    def text(self) -> str:
        return self.query_one("#letter-text", TextArea).text

    def default_name(self, suffix: str = ".txt") -> str:
        return f"{self.child_id}-{self.found.letter.id}-{self.session.today()}{suffix}"

    # -- actions ----------------------------------------------------------------------------
    @after_typing
    def action_save(self) -> None:
        workspace = self.session.workspace
        try:
            default = files.folder(workspace, "letters") / self.default_name()
        except ServiceError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return

        def chosen(values: list[str] | None) -> None:
            if values and values[0].strip():
                try:
                    target = files.target(workspace, "letters", values[0])
                except ServiceError as exc:
                    self.notify(str(exc), severity="error", markup=False)
                    return
                self.write(target, self.text())

        self.app.push_screen(
            Prompt(
                Content(_("Save the letter")),
                [(_("File (.txt, .md, or .html to print)"), str(default), "")],
                _("A name without a folder is saved with your letters. Enter: save · Esc: cancel"),
            ),
            chosen,
        )

    @work(thread=True, exclusive=True, group="letter-file")
    def write(self, target: Path, text: str, replace: bool = False, copied: bool = False) -> None:
        subject, body = split_letter(text)
        try:
            fmt = letters.file_format(str(target))
            text = letter_file(subject, body, fmt, self.shown_language())
            written = write_file(target, text, replace=replace)
        except FileExists:
            self.app.call_from_thread(self.ask_replace, target, text)
            return
        except ServiceError as exc:
            self.app.call_from_thread(
                self.notify, _("Not saved: {error}").format(error=exc), severity="error"
            )
            return
        self.app.call_from_thread(self.saved, written, copied)

    def saved(self, written: Path, copied: bool) -> None:
        self.remember()  # what is on screen is in a file now
        where = shown_path(written)
        if copied:
            self.notify(
                _(
                    "Copied to the clipboard, if your terminal allows it (in tmux: set -g "
                    "set-clipboard on). Also saved to {path}"
                ).format(path=where),
                timeout=12,
                markup=False,
            )
        else:
            self.notify(_("Saved to {path}").format(path=where), markup=False)

    def ask_replace(self, target: Path, text: str) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.write(target, text, True)

        question = fill(
            _("{file} is there already. Replace it?"), file=safe_line(str(target), "bold")
        )
        self.app.push_screen(Confirm(question, _("Replace"), _("Keep it")), answered)

    @after_typing
    def action_copy(self) -> None:
        text = self.text()
        self.app.copy_to_clipboard(text)
        try:
            folder = files.folder(self.session.workspace, "letters")
        except ServiceError as exc:
            self.notify(
                _("Copied, but not saved: {error}").format(error=exc),
                severity="error",
                markup=False,
            )
            return
        self.write(folder / self.default_name(), text, True, True)

    @after_typing
    def action_sent(self) -> None:
        if self.sent is not None or self.draft is None:
            self.notify(
                _("This is the copy of a letter already sent; ctrl+r writes a new one."),
                markup=False,
            )
            return

        today = letters.real_today(self.session.workspace)
        child = self.session.child(self.child_id)
        offered = letters.follow_up_offer(child, today)

        def chosen(values: list[str] | None) -> None:
            if values is None:
                return
            try:
                day = parse_day(values[0], today=today, what=_("sent on"), past_only=True)
                typed = values[1]
                if typed.strip() == offered.day.isoformat() and day != today:
                    typed = letters.follow_up_offer(child, day).day.isoformat()
                follow_up = letters.follow_up_of(typed, child, day, _("the follow-up date"))
            except InputError as exc:
                ask(values, str(exc))
                return
            self.record_sent(day, follow_up)

        def ask(values: list[str], error: str = "") -> None:
            self.app.push_screen(
                Prompt(
                    Content(_("Mark the letter as sent")),
                    [
                        (_("Sent on (YYYY-MM-DD; empty: today)"), values[0], ""),
                        (
                            _("Follow up by ({offer}; empty: none)").format(offer=offered.short()),
                            values[1],
                            _("YYYY-MM-DD"),
                        ),
                    ],
                    _(
                        "The follow-up date is {rule}: the log shows it until you record the "
                        "school's answer. The letter is kept in the child's record and its item "
                        "ticked. Enter: next, then record · Esc: cancel"
                    ).format(rule=letters.FOLLOW_UP_NOTE),
                    error,
                    compact=True,
                ),
                chosen,
            )

        ask(["", offered.day.isoformat()])

    def record_sent(self, day: date, follow_up: date | None = None) -> None:
        if self.draft is None:
            return
        subject, body = split_letter(self.text())
        child = self.session.child(self.child_id)
        draft = dataclasses.replace(
            self.draft, filled=dataclasses.replace(self.draft.filled, subject=subject, body=body)
        )
        on = day if day != letters.real_today(self.session.workspace) else None
        try:
            op = letters.sent_op(self.session.workspace, child, draft, body, on, follow_up)
        except ServiceError as exc:
            self.notify(
                _("Not recorded: {error}").format(error=exc), severity="error", markup=False
            )
            return
        if self.iep.apply(self.child_id, op) is None:
            return
        if self.link is not None:
            item = self.link.run.find(self.link.item)
            said = _(
                "Recorded as sent; ticked '{item}'. The copy is kept in the child's record."
            ).format(item=item.text if item else self.link.item)
        else:
            said = _("Recorded as sent. The copy is kept in the child's record.")
        if follow_up:
            chase = _("Follow up by {day} if there is no answer.")
            said += " " + chase.format(day=day_text(follow_up))
        self.notify(said, markup=False)
        self.dismiss(None)

    def action_refill(self) -> None:
        """Fill the letter in again from the record (after asking, when it was edited)."""

        def refill(yes: bool | None = True) -> None:
            if not yes:
                return
            if not self.fill():
                return
            self.sent = None
            self.query_one("#letter-text", TextArea).read_only = False
            self.remember()
            self.show_info()

        if self.sent is None and self.changed():
            question = Content(_("Replace your edits with the letter filled in again?"))
            self.app.push_screen(Confirm(question, _("Replace"), _("Keep mine")), refill)

        else:
            refill()

    def other_language(self) -> str | None:
        """The letter's other language, when its checklist has a current translation."""
        translated = [
            lang
            for lang in letters.LANGUAGE_NAMES
            if lang != "en" and letters.in_language(self.session.workspace, self.found, lang)
        ]
        if not translated:
            return None
        current = self.draft.lang if self.draft is not None else "en"
        return translated[0] if current == "en" else "en"

    def action_language(self) -> None:
        """Fill the letter in in its other language (after asking, when it was edited)."""
        other = self.other_language()
        if other is None or self.sent is not None:
            self.notify(_("This letter has no translation to switch to."), markup=False)
            return

        def switch(yes: bool | None = True) -> None:
            if not yes:
                return
            before = self.lang
            self.lang = other
            if not self.fill():
                self.lang = before
                return
            self.remember()
            self.show_info()

        if self.changed():
            question = Content(_("Replace your edits with the letter in the other language?"))
            self.app.push_screen(Confirm(question, _("Replace"), _("Keep mine")), switch)
        else:
            switch()

    def action_reading(self) -> None:
        """The letter in its other language, to read beside what is sent (never sent)."""
        other = self.other_language()
        if other is None:
            self.notify(_("This letter has no translation to read."), markup=False)
            return
        child = self.session.child(self.child_id)
        try:
            reading = letters.compose(
                self.session.workspace, child, self.found, link=self.link, lang=other
            )
        except ServiceError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.app.push_screen(
            Reading(
                letters.reading_heading(other),
                joined(reading.filled.subject, reading.filled.body, reading.lang),
            )
        )

    def action_back(self) -> None:
        self.leave()


class Reading(ModalScreen[None]):
    """A letter in another language, to read: never edited, saved or sent. Esc closes."""

    DEFAULT_CSS = """
    Reading { align: center middle; }
    Reading > Vertical {
        width: 90%; height: 90%; padding: 0 1; border: thick $accent; background: $surface;
    }
    Reading #reading-head { height: auto; }
    Reading TextArea { height: 1fr; }
    """
    BINDINGS = [Binding("escape,f2", "close", "Back", id="reading.back")]

    def __init__(self, heading: str, text: str) -> None:
        super().__init__()
        self.heading = heading
        self.letter = text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe_line(self.heading, "bold"), id="reading-head")
            yield TextArea(self.letter, read_only=True, soft_wrap=True, id="reading-text")
            yield Static(Content(_("Esc: back to the letter")).stylize("$text-muted"))

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#reading-text", TextArea), scroll_visible=False)

    def action_close(self) -> None:
        self.dismiss(None)
