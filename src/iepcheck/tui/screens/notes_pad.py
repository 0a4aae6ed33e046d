"""The notes pad: notes typed during a meeting, each line stamped with the time Enter was
pressed and saved on its own at once (a dropped connection loses nothing typed)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.widgets import Header, Input, Static

from ...i18n import N_, _, ngettext
from ...records.model import Meeting
from ...records.store import ProgressError
from ...reports.words import KIND_NAMES, day_text, line_stamp
from ...service import meetings
from ...service.errors import ServiceError
from ..messages import ChildChanged
from ..text import fill, join, safe_line
from ..widgets.fields import Field
from ..widgets.footer import KeysFooter
from .base import IepScreen


class NotesPad(IepScreen[int]):
    """Returns how many lines were added (one undo takes them all back)."""

    BINDINGS = [
        Binding("escape", "done", N_("Done"), id="pad.done"),
        Binding("f1", "app.help", N_("Help"), id="pad.help"),
    ]

    def __init__(self, child_id: str, meeting_id: str) -> None:
        super().__init__()
        self.child_id = child_id
        self.meeting_id = meeting_id
        self.added = 0

    def meeting(self) -> Meeting | None:
        try:
            return self.session.child(self.child_id).meeting(self.meeting_id)
        except ProgressError:
            return None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(classes="form", id="pad"):
            yield Static(Content(""), id="pad-heading")
            yield Static(Content(""), id="pad-lines")
        yield Field(placeholder=_("Type a line, then Enter (Esc: done)"), id="pad-input")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.session.begin_group(self.child_id, _("meeting notes"))
        self.set_focus(self.query_one("#pad-input", Field), scroll_visible=False)
        self.show_lines()

    def on_resize(self, event: Resize) -> None:
        self.call_after_refresh(self.show_lines)

    def on_child_changed(self, message: ChildChanged) -> None:
        if message.child_id == self.child_id and message.shown:
            self.show_lines()  # a line from another session, or an undo

    def show_lines(self) -> None:
        meeting = self.meeting()
        heading = self.query_one("#pad-heading", Static)
        lines = self.query_one("#pad-lines", Static)
        if meeting is None:
            heading.update(Content(_("This meeting is no longer in the child's record.")))
            lines.update(Content(""))
            return
        kind = _(KIND_NAMES[meeting.kind]) if meeting.kind in KIND_NAMES else meeting.kind
        when = day_text(meeting.date) + (f" {meeting.time}" if meeting.time else "")
        heading.update(
            join(
                fill(_("Notes during {meeting}"), meeting=safe_line(meeting.title or kind)).stylize(
                    "bold"
                ),
                f" · {when}\n",
                (
                    _(
                        "Each line is saved with the time when you press Enter. "
                        "Esc when done; u then undoes this pad's lines."
                    ),
                    "$text-muted",
                ),
            )
        )
        width = lines.content_region.width or self.size.width - 4
        rows = []
        for x in meeting.lines:
            stamp = f"{line_stamp(x, meeting.date)}  "
            # A long line wraps under its text, never under the time.
            room = width - len(stamp)
            said = safe_line(x.text).wrap(room) if room >= 20 else [safe_line(x.text)]
            indent = Content("\n" + " " * len(stamp))
            rows.append(join((stamp, "$text-muted"), indent.join(said)))
        lines.update(Content("\n").join(rows) if rows else Content(_("No lines yet.")))
        self.query_one("#pad", VerticalScroll).scroll_end(animate=False)

    @on(Input.Submitted, "#pad-input")
    def submitted(self) -> None:
        self.add_typed()

    def add_typed(self) -> bool:
        """The field's text as a line, stamped now and queued for its file at once."""
        field = self.query_one("#pad-input", Field)
        text = field.value.strip()
        meeting = self.meeting()
        if not text or meeting is None:
            return False
        try:
            op = meetings.note_line(self.session.workspace, meeting, text)
        except ServiceError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return False
        if self.iep.apply(self.child_id, op) is None:
            return False
        self.added += 1
        field.value = ""
        self.show_lines()
        return True

    def keep_typing(self) -> None:
        """The connection dropped: what is typed in the field, Enter or not, is a line too."""
        self.add_typed()

    def action_done(self) -> None:
        self.add_typed()  # a line typed without Enter is kept, never dropped
        self.session.end_group()
        if self.added:
            said = ngettext(
                "{n} line added to the meeting's notes; u undoes them all.",
                "{n} lines added to the meeting's notes; u undoes them all.",
                self.added,
            )
            self.notify(said.format(n=self.added), markup=False)
        self.dismiss(self.added)

    def on_unmount(self) -> None:
        if self.session.group is not None and self.session.group.child_id == self.child_id:
            self.session.end_group()
        super().on_unmount()
