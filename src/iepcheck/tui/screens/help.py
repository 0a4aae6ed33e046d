"""Help: every key, what each screen is for, where data lives."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.widgets import Header, Static

from ... import __version__
from ...reports.words import shown_path
from ..text import join, safe_line
from ..widgets.footer import KeysFooter
from .base import IepScreen

SECTIONS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Everywhere",
        [
            ("? or F1", "this help"),
            ("ctrl+p", "the command palette: every action by name"),
            ("Tab / shift+Tab", "move between panes and fields"),
            ("↑ ↓ PgUp PgDn Home End", "move in a list"),
            (
                "q, Backspace or Esc",
                "back (forms: Esc or the Back button; asks before dropping edits)",
            ),
            ("u", "undo the last change (on any screen; 50 steps)"),
            ("ctrl+n", "dismiss messages (errors stay until then; ctrl+x too, outside text)"),
            ("ctrl+q", "quit (saves first)"),
        ],
    ),
    (
        "Home: what remains before each meeting",
        [
            ("Enter", "open the highlighted meeting's checklist, or the checklist"),
            ("← / →", "back to the children / on to what remains"),
            ("c / e", "add a child / edit the child (profile, contacts, closed days, meetings)"),
            ("e on a meeting", "edit the meeting: date, time, its checklists, what was agreed"),
            ("m", "add a meeting for the child"),
            ("t", "start a checklist of its own: 504 monitoring, a plan switch, the guide"),
            ("l", "the checklists found, and import a file"),
            ("x", "export a printable record of the child"),
            ("r", "the child's record: every contact, document and tick in one timeline"),
            ("i", "the IEP or 504 plan: dates, services, accommodations, goals and reports"),
            ("k", "meetings and dated items to a calendar file (.ics) for your phone"),
            ("p", "your details (name, address, email, phone) for the letters"),
            ("g", "receive a child's record someone shared: added, or merged into yours"),
            ("b", "make a backup now (the app reminds you when yours is over a month old)"),
            ("q", "quit"),
        ],
    ),
    (
        "A checklist",
        [
            ("Space", "tick or untick the item (in the guide: this sign fits)"),
            ("o", "done on a date: tick with the day it really happened"),
            ("s", "skip as not applicable, with a reason (again to undo)"),
            ("n", "a note on the item"),
            ("l / L", "a dated log entry / edit or remove the item's log entries"),
            ("a", "add your own item to the highlighted item's section"),
            ("r / d", "edit / remove an item you added"),
            ("/", "filter items by text; Esc clears"),
            ("h", "hide or show done and skipped items"),
            ("e", "export a printable record (.html, .md or .txt)"),
            ("x", "stop a standing checklist (its ticks stay in the record; u undoes)"),
            ("w", "the letter the item asks for, filled in (✉ in the details)"),
            ("N", "a meeting's checklist: the notes pad, each line timed as you press Enter"),
            ("t / m / w", "in the 504-or-IEP guide: start the switch, add a meeting, weigh"),
        ],
    ),
    (
        "The plan (i on Home, ctrl+g on the child's form)",
        [
            ("a / Enter or e / d", "add / edit / remove a service, accommodation or goal"),
            ("r", "a progress report on the highlighted goal (status 1-6, a value, a note)"),
            ("R", "a progress report came: every goal's status at once"),
            ("p", "the plan's kind and dates: review, reevaluation, progress reports"),
            ("v", "the draft, or the previous plan (read only)"),
            ("c", "compare: what the new plan (or the draft) changed, and what to do about a cut"),
            ("g", "weeks each service and accommodation was provided (minutes for a service)"),
            ("w", "on a goal with no progress twice: the letter asking for a PPT to review it"),
            ("n / D / A", "a new plan (keeps this one) / a draft beside it / adopt the draft"),
        ],
    ),
    (
        "The record and timeline",
        [
            ("a", "log a contact with the school (with whom, how, a follow-up date)"),
            ("d", "a document you received: on time or late by the rule that sets its date"),
            ("Enter", "on a contact or a letter sent: the day the school answered, what it said"),
            ("f", "show everything, contacts, documents, missed accommodations or meetings"),
            ("e", "export the timeline shown (.html to print, .md or .txt)"),
        ],
    ),
    (
        "A letter",
        [
            ("(type)", "edit the letter as you like; [… — fill in] marks what the record lacks"),
            ("ctrl+s", "save it to a file: .txt, .md, or .html to print"),
            ("ctrl+o", "copy it to the clipboard (if your terminal allows); also saved to a file"),
            ("ctrl+t", "mark it sent: ticks the item (dated) and keeps this text in the record"),
            ("ctrl+r", "fill it in again from the record (a letter sent: write a new one)"),
            ("Esc", "back (asks before dropping edits)"),
        ],
    ),
    (
        "Meeting and child forms",
        [
            ("ctrl+s", "save"),
            ("ctrl+d", "remove the meeting (asks first; the ticks are kept)"),
            ("ctrl+l", "on a meeting: the notes pad, each line saved with its time (u undoes all)"),
            ("ctrl+t", "on the child's form: start a standing checklist"),
            ("ctrl+g", "on the child's form: the plan"),
            ("ctrl+l", "on the child's form: import the school's calendar (.ics), then review"),
            ("ctrl+f", "on the child's form: share the record as one file (encrypted)"),
            ("Space", "attach or detach a checklist in the list ([x] attached)"),
        ],
    ),
    (
        "Checklists",
        [
            ("i", "import a checklist file: it is checked, then copied to your folder"),
            ("r", "read the folders again"),
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
            "Checklists for Connecticut special-education meetings. "
            "Practical guidance, not legal advice: each rule a checklist states names its source."
        ),
        Content(""),
    ]
    for title, keys in SECTIONS:
        lines.append(Content(title).stylize("bold $accent"))
        for key, what in keys:
            room = (width or 0) - KEY_WIDTH
            said = Content(what).wrap(room) if room >= 20 else [Content(what)]
            indent = "\n" + " " * KEY_WIDTH
            lines.append(join((f"  {key:<{KEY_WIDTH - 2}}", "bold"), Content(indent).join(said)))
        lines.append(Content(""))
    lines += [
        Content("Where your data lives").stylize("bold $accent"),
        join("  Progress: ", safe_line(data_dir), "/children (readable only by you)"),
        join("  Your checklists: ", safe_line(data_dir), "/checklists"),
        Content(
            "  Every change is saved at once, in the background; a dropped connection keeps it."
        ),
        Content("  Nothing is sent anywhere: iepcheck uses no network."),
        Content(""),
        Content("From the shell: iepcheck status, iepcheck export CHILD, iepcheck --help."),
    ]
    return Content("\n").join(lines)


class HelpScreen(IepScreen[None]):
    BINDINGS = [Binding("q,backspace,escape,question_mark,f1", "back", "Back", id="help.back")]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(help_content(shown_path(self.session.data_dir)), id="help-text")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Help"
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
