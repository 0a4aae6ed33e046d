"""Help: every key, what each screen is for, where data lives."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.widgets import Header, Static

from ... import __version__
from ...i18n import N_, _
from ...reports.words import shown_path
from ..text import fill, join, safe_line
from ..widgets.footer import KeysFooter
from .base import IepScreen

SECTIONS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        N_("Everywhere"),
        [
            (N_("? or F1"), N_("this help")),
            ("ctrl+p", N_("the command palette: every action by name")),
            ("Tab / shift+Tab", N_("move between panes and fields")),
            ("↑ ↓ PgUp PgDn Home End", N_("move in a list")),
            (
                N_("q, Backspace or Esc"),
                N_("back (forms: Esc or the Back button; asks before dropping edits)"),
            ),
            ("u", N_("undo the last change (on any screen; 50 steps)")),
            ("ctrl+n", N_("dismiss messages (errors stay until then; ctrl+x too, outside text)")),
            ("ctrl+q", N_("quit (saves first)")),
        ],
    ),
    (
        N_("Home: what remains before each meeting"),
        [
            ("Enter", N_("open the highlighted meeting's checklist, or the checklist")),
            ("← / →", N_("back to the children / on to what remains")),
            (
                "c / e",
                N_("add a child / edit the child (profile, contacts, closed days, meetings)"),
            ),
            (
                N_("e on a meeting"),
                N_("edit the meeting: date, time, its checklists, what was agreed"),
            ),
            ("m", N_("add a meeting for the child")),
            ("t", N_("start a checklist of its own: 504 monitoring, a plan switch, the guide")),
            ("l", N_("the checklists found, and import a file")),
            ("x", N_("export a printable record of the child")),
            ("r", N_("the child's record: every contact, document and tick in one timeline")),
            ("i", N_("the IEP or 504 plan: dates, services, accommodations, goals and reports")),
            ("k", N_("meetings and dated items to a calendar file (.ics) for your phone")),
            ("p", N_("your details (name, address, email, phone) for the letters")),
            ("L", N_("the language: English or Spanish (idioma: inglés o español)")),
            ("g", N_("receive a child's record someone shared: added, or merged into yours")),
            ("b", N_("make a backup now (the app reminds you when yours is over a month old)")),
            ("q", N_("quit")),
        ],
    ),
    (
        N_("A checklist"),
        [
            ("Space", N_("tick or untick the item (in the guide: this sign fits)")),
            ("o", N_("done on a date: tick with the day it really happened")),
            ("s", N_("skip as not applicable, with a reason (again to undo)")),
            ("n", N_("a note on the item")),
            ("l / L", N_("a dated log entry / edit or remove the item's log entries")),
            ("a", N_("add your own item to the highlighted item's section")),
            ("r / d", N_("edit / remove an item you added")),
            ("/", N_("filter items by text; Esc clears")),
            ("h", N_("hide or show done and skipped items")),
            ("e", N_("export a printable record (.html, .md or .txt)")),
            ("x", N_("stop a standing checklist (its ticks stay in the record; u undoes)")),
            ("w", N_("the letter the item asks for, filled in (✉ in the details)")),
            ("N", N_("a meeting's checklist: the notes pad, each line timed as you press Enter")),
            ("t / m / w", N_("in the 504-or-IEP guide: start the switch, add a meeting, weigh")),
        ],
    ),
    (
        N_("The plan (i on Home, ctrl+g on the child's form)"),
        [
            (N_("a / Enter or e / d"), N_("add / edit / remove a service, accommodation or goal")),
            ("r", N_("a progress report on the highlighted goal (status 1-6, a value, a note)")),
            ("R", N_("a progress report came: every goal's status at once")),
            ("p", N_("the plan's kind and dates: review, reevaluation, progress reports")),
            ("v", N_("the draft, or the previous plan (read only)")),
            (
                "c",
                N_("compare: what the new plan (or the draft) changed, and what to do about a cut"),
            ),
            ("g", N_("weeks each service and accommodation was provided (minutes for a service)")),
            ("w", N_("on a goal with no progress twice: the letter asking for a PPT to review it")),
            ("n / D / A", N_("a new plan (keeps this one) / a draft beside it / adopt the draft")),
        ],
    ),
    (
        N_("The record and timeline"),
        [
            ("a", N_("log a contact with the school (with whom, how, a follow-up date)")),
            ("d", N_("a document you received: on time or late by the rule that sets its date")),
            (
                "Enter",
                N_("on a contact or a letter sent: the day the school answered, what it said"),
            ),
            ("f", N_("show everything, contacts, documents, missed accommodations or meetings")),
            ("e", N_("export the timeline shown (.html to print, .md or .txt)")),
        ],
    ),
    (
        N_("A letter"),
        [
            (
                N_("(type)"),
                N_("edit the letter as you like; [… — fill in] marks what the record lacks"),
            ),
            ("ctrl+s", N_("save it to a file: .txt, .md, or .html to print")),
            (
                "ctrl+o",
                N_("copy it to the clipboard (if your terminal allows); also saved to a file"),
            ),
            (
                "ctrl+t",
                N_("mark it sent: ticks the item (dated) and keeps this text in the record"),
            ),
            ("ctrl+r", N_("fill it in again from the record (a letter sent: write a new one)")),
            ("Esc", N_("back (asks before dropping edits)")),
        ],
    ),
    (
        N_("Meeting and child forms"),
        [
            ("ctrl+s", N_("save")),
            ("ctrl+d", N_("remove the meeting (asks first; the ticks are kept)")),
            (
                "ctrl+l",
                N_("on a meeting: the notes pad, each line saved with its time (u undoes all)"),
            ),
            ("ctrl+t", N_("on the child's form: start a standing checklist")),
            ("ctrl+g", N_("on the child's form: the plan")),
            ("ctrl+l", N_("on the child's form: import the school's calendar (.ics), then review")),
            ("ctrl+f", N_("on the child's form: share the record as one file (encrypted)")),
            ("Space", N_("attach or detach a checklist in the list ([x] attached)")),
        ],
    ),
    (
        N_("Checklists"),
        [
            ("i", N_("import a checklist file: it is checked, then copied to your folder")),
            ("r", N_("read the folders again")),
        ],
    ),
]


KEY_WIDTH = 26  # the keys' column: "  " and the widest key


def help_content(data_dir: str, width: int | None = None) -> Content:
    """Every key and what it does; with the text's ``width``, a description that wraps goes
    on under itself, never under the keys."""
    lines: list[Content] = [
        Content(f"iepcheck {__version__}").stylize("bold"),
        Content(
            _(
                "Checklists for Connecticut special-education meetings. Practical guidance, not "
                "legal advice: each rule a checklist states names its source."
            )
        ),
        Content(""),
    ]
    for title, keys in SECTIONS:
        lines.append(Content(_(title)).stylize("bold $accent"))
        for shown_key, shown_what in keys:
            key, what = _(shown_key), _(shown_what)  # marked N_() above
            room = (width or 0) - KEY_WIDTH
            said = Content(what).wrap(room) if room >= 20 else [Content(what)]
            indent = "\n" + " " * KEY_WIDTH
            lines.append(join((f"  {key:<{KEY_WIDTH - 2}}", "bold"), Content(indent).join(said)))
        lines.append(Content(""))
    lines += [
        Content(_("Where your data lives")).stylize("bold $accent"),
        fill(
            "  " + _("Progress: {folder} (readable only by you)"),
            folder=join(safe_line(data_dir), "/children"),
        ),
        fill(
            "  " + _("Your checklists: {folder}"), folder=join(safe_line(data_dir), "/checklists")
        ),
        Content(
            "  "
            + _("Every change is saved at once, in the background; a dropped connection keeps it.")
        ),
        Content("  " + _("Nothing is sent anywhere: iepcheck uses no network.")),
        Content(""),
        Content(_("From the shell: iepcheck status, iepcheck export CHILD, iepcheck --help.")),
    ]
    return Content("\n").join(lines)


class HelpScreen(IepScreen[None]):
    BINDINGS = [Binding("q,backspace,escape,question_mark,f1", "back", N_("Back"), id="help.back")]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(help_content(shown_path(self.session.data_dir)), id="help-text")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = _("Help")

        self.call_after_refresh(self.fit)

    def on_resize(self, event: Resize) -> None:
        self.call_after_refresh(self.fit)

    def fit(self) -> None:
        """The keys' descriptions wrapped for the width the text has now."""
        text = self.query_one("#help-text", Static)
        # Before the text is laid out, the screen's width less its padding (help-text).
        width = (text.content_region.width or self.size.width - 4) - 1  # and the scrollbar
        text.update(help_content(shown_path(self.session.data_dir), width))

    def action_back(self) -> None:
        self.app.pop_screen()
