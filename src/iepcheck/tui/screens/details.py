"""The parent's details (the profile letters are signed with), and opening a letter: the first
letter asks for them once."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.content import Content

from ... import i18n
from ...i18n import N_, _
from ...records.letters import PARENT_KEYS
from ...records.model import Run
from ...records.store import ProgressError
from ...service import details, letters
from ...service.errors import ServiceError
from ..text import join
from ..widgets.dialogs import Pick, Prompt

if TYPE_CHECKING:
    from ..app import IepApp

LABELS = {
    "name": N_("Your name"),
    "address": N_("Your postal address (one line)"),
    "email": N_("Your email"),
    "phone": N_("Your phone"),
}
# Each language named in itself: whoever cannot read the one on screen still finds theirs.
LANGUAGE_NAMES = {"en": "English", "es": "Español"}


def edit_profile(app: IepApp, then: Callable[[], None] | None = None, why: str = "") -> None:
    """Ask for the parent's details (filled with what the profile has) and save them."""
    try:
        now = details.profile(app.session.workspace)
    except ServiceError as exc:
        app.notify(str(exc), severity="error", markup=False)
        return

    def ask(values: list[str], error: str = "") -> None:
        app.push_screen(
            Prompt(
                Content(why or _("Your details, for the letters")),
                [(_(LABELS[k]), v, "") for k, v in zip(PARENT_KEYS, values, strict=True)],
                _(
                    "Kept in your data folder, readable by you only. Enter: next · ctrl+s: save · "
                    "Esc: cancel"
                ),
                error,
                compact=True,
            ),
            answered,
        )

    def answered(values: list[str] | None) -> None:
        if values is None:
            if then is not None:
                then()  # Esc: on without them (the letter shows what is missing)
            return
        try:
            # Only what the user changed: another session's change to the rest stays.
            typed = dict(zip(PARENT_KEYS, values, strict=True))
            changed = {k: v for k, v in typed.items() if v.strip() != getattr(now, k)}
            if changed:
                details.set_profile(app.session.workspace, changed)
        except ServiceError as exc:
            ask(values, str(exc))
            return
        app.notify(_("Saved your details."), markup=False)
        if then is not None:
            then()

    ask([getattr(now, k) for k in PARENT_KEYS])


def choose_language(app: IepApp) -> None:
    """English or Spanish for the app, kept in the profile (every command and the next start
    use it too, unless --lang says otherwise), in effect at once."""
    now = i18n.language()
    # The language in use first (highlighted): Enter by mistake changes nothing.
    codes = sorted(LANGUAGE_NAMES, key=lambda code: code != now)
    choices = [
        (code, join(("● " if code == now else "  ", "bold"), LANGUAGE_NAMES[code]))
        for code in codes
    ]

    def chosen(answer: tuple[str, str] | None) -> None:
        if answer is None or answer[1] not in LANGUAGE_NAMES:
            return
        code = answer[1]
        try:
            details.set_profile(app.session.workspace, {"language": code})
        except ServiceError as exc:
            app.notify(str(exc), severity="error", markup=False)
            return
        i18n.set_language(code)
        app.relanguage()
        app.notify(_("Language: {name}").format(name=LANGUAGE_NAMES[code]), markup=False)

    title = Content(_("Language · Idioma")).stylize("bold")
    hint = Content(_("Kept in your profile. Enter: choose · Esc: cancel")).stylize("$text-muted")
    app.push_screen(Pick(title + Content("\n") + hint, choices, {}), chosen)


def open_letter(app: IepApp, child_id: str, run: Run, item_id: str) -> None:
    """The letter an item asks for: the copy kept when it was sent, else filled in anew."""
    from .letter import LetterScreen

    item = run.find(item_id)
    if item is None or not item.letter:
        return
    if app.session.library is None:
        app.notify(_("The checklists are still being read; try again in a moment."), markup=False)
        return
    own = item.letter.partition("/")[0] == run.checklist
    found = letters.resolve(app.session.workspace, item.letter, run.origin if own else None)
    if found is None:
        owner = item.letter.partition("/")[0]
        app.notify(
            _("The letter {letter} is not in the checklists found (is {owner} installed?).").format(
                letter=item.letter, owner=owner
            ),
            severity="warning",
            markup=False,
        )
        return
    try:
        child = app.session.child(child_id)
    except ProgressError as exc:
        app.notify(str(exc), severity="error", markup=False)
        return
    meeting = child.meeting(run.meeting) if run.meeting else None
    link = letters.Link(run, item_id, meeting)
    sent = [x for x in child.letters if x.run == run.id and x.item == item_id]

    def show() -> None:
        app.push_screen(LetterScreen(child_id, found, link, sent[-1] if sent else None))

    if sent or app.asked_details or letters.has_profile(app.session.workspace, child):
        show()
    else:
        app.asked_details = True
        edit_profile(app, show, _("First, your details: letters are signed with them (asked once)"))
