"""Every checklist found: origin, version, shadowed and broken files; import a file by path."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.events import Resize
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from ... import i18n
from ...checklists.library import Entry, Translated
from ...checklists.model import Checklist
from ...i18n import N_, _, ngettext
from ...reports.words import ORIGINS, shown_path
from ..messages import LibraryLoaded
from ..text import fill, join, safe, safe_line
from ..widgets.dialogs import Confirm, Prompt
from ..widgets.footer import KeysFooter
from ..widgets.panes import ListAndDetails
from .base import IepScreen

STATUS_STYLE = {"active": "$success", "shadowed": "$text-muted", "broken": "$error"}
# A checklist's kind (its file says it in English), in words.
KIND_WORDS = {
    "meeting": N_("meeting"),
    "ongoing": N_("ongoing"),
    "process": N_("process"),
    "guide": N_("guide"),
}
STATUS_WORDS = {"active": N_("active"), "shadowed": N_("shadowed"), "broken": N_("broken")}


class LibraryScreen(IepScreen[None]):
    BINDINGS = [
        Binding("q,backspace,escape", "back", N_("Back"), id="library.back"),
        Binding("question_mark,f1", "app.help", N_("Help"), id="library.help"),
        Binding("i", "import_file", N_("Import file"), id="library.import"),
        Binding("r", "reload", N_("Reload"), id="library.reload"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield ListAndDetails(_("Checklists"), "library-list", "library-text")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.shown: list[Path] = []  # the files listed, by row
        self.title = _("Checklists")
        self.fill()
        self.set_focus(self.query_one("#library-list", OptionList), scroll_visible=False)

    def on_resize(self, event: Resize) -> None:
        self.call_after_refresh(self.fill)  # titles are cut to the new width

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        self.fill()

    def entries(self) -> list[Entry]:
        library = self.session.library
        return library.entries if library else []

    def translation(self, entry: Entry) -> Checklist | None:
        """The checklist in the app's language, when the file is the one in use and a
        translation of it is there (else its English, as ``list`` and every screen show)."""
        library, lang = self.session.library, i18n.language()
        if library is None or lang == "en" or entry.status != "active" or not entry.result.id:
            return None
        return library.translation(entry.result.id, lang)

    def words(self, entry: Entry) -> tuple[str, str]:
        """The checklist's title and summary as shown: translated when the translation is of
        this very version, else the English."""
        checklist = entry.checklist
        if checklist is None:
            return entry.path.name, ""
        mine = self.translation(entry)
        if mine is not None and mine.translation_of == checklist.version:
            return mine.title, mine.summary
        return checklist.title, checklist.summary

    def fill(self) -> None:
        listing = self.query_one("#library-list", OptionList)
        if self.session.library is None:
            listing.set_options([Option(Content(_("Reading the checklists…")), disabled=True)])
            return
        options = []
        width = (listing.size.width or 42) - 2  # room for the scrollbar, shown or not
        for n, entry in enumerate(self.entries()):
            title = self.words(entry)[0]
            origin = ORIGINS.get(entry.origin, entry.origin)
            label = _(STATUS_WORDS[entry.status]) if entry.status != "active" else origin
            if entry.shadows_bundled:
                label = _("{origin}, replaces bundled").format(origin=origin)
            tag = f"  {label}"
            name = safe_line(title).truncate(max(width - len(tag), 10), ellipsis=True)
            options.append(Option(join(name, (tag, STATUS_STYLE[entry.status])), id=str(n)))
        if not options:
            options.append(Option(Content(_("No checklists found.")), disabled=True))
        # Filled again on a resize or a reload: the highlight stays on the file it was on.
        before = listing.highlighted_option
        was = self.shown[int(before.id)] if before is not None and before.id else None
        self.shown = [entry.path for entry in self.entries()]
        listing.set_options(options)
        if listing.option_count:
            listing.highlighted = self.shown.index(was) if was in self.shown else 0
        self.show_details()

    @on(OptionList.OptionHighlighted, "#library-list")
    def show_details(self) -> None:
        target = self.query_one("#library-text", Static)
        option = self.query_one("#library-list", OptionList).highlighted_option
        if option is None or option.id is None:
            target.update(Content(""))
            return
        entry = self.entries()[int(option.id)]
        checklist = entry.checklist
        lines: list[Content] = []
        if checklist is not None:
            count = len(checklist.items())
            title, summary = self.words(entry)
            lines += [
                safe(title, "bold"),
                Content(
                    _("{id} · version {version} · {kind} · {items}").format(
                        id=checklist.id,
                        version=checklist.version,
                        kind=_(KIND_WORDS[checklist.kind]),
                        items=ngettext("{n} item", "{n} items", count).format(n=count),
                    )
                ),
                Content(""),
            ]
            if summary:
                lines += [safe(summary), Content("")]
            said = self.translation_line(entry) if self.translation(entry) else None
            if said is not None:
                lines += [said, Content("")]
            if checklist.reviewed:
                reviewed = checklist.reviewed.isoformat()
                lines.append(Content(_("Reviewed {day}").format(day=reviewed)))
            for author in checklist.authors:
                lines.append(fill(_("By {author}"), author=safe_line(author)))
        status = _(STATUS_WORDS[entry.status])
        origin = ORIGINS.get(entry.origin, entry.origin)
        lines.append(
            join((f"{status[:1].upper()}{status[1:]} · {origin}", STATUS_STYLE[entry.status]))
        )
        lines.append(safe_line(shown_path(entry.path), "$text-muted"))
        if entry.shadowed_by:
            hidden = safe_line(shown_path(entry.shadowed_by))
            lines.append(fill(_("Hidden by {file}"), file=hidden))
        if entry.shadows_bundled:
            lines.append(
                fill(
                    _("Replaces the bundled checklist {file}"),
                    file=safe_line(shown_path(entry.shadows_bundled)),
                ).stylize("$warning")
            )
        if entry.result.problems:
            lines += [Content(""), Content(_("Problems")).stylize("bold")]
            for problem in entry.result.problems:
                style = "$error" if problem.severity == "error" else "$warning"
                lines.append(
                    join(
                        (f"{problem.line}:{problem.col} {problem.severity}: ", style),
                        safe_line(problem.message),
                    )
                )
        target.update(Content("\n").join(lines))

    def translation_line(self, entry: Entry) -> Content | None:
        """What is said of the translation shown, as ``list`` says it: partly in English (the
        checklist changed since), not reviewed."""
        lang = i18n.language()
        found = next(
            t
            for t in self.entries_translated(entry)
            if t.status == "active" and t.result.lang == lang
        )
        marks = []
        if found.stale:
            marks.append(_("partly in English: the checklist changed since"))
        if found.checklist is not None and found.checklist.reviewed is None:
            marks.append(_("translation not reviewed"))
        return Content("; ".join(marks)).stylize("$text-muted") if marks else None

    def entries_translated(self, entry: Entry) -> list[Translated]:
        library = self.session.library
        return library.translations_of(entry.result.id) if library else []

    @work(thread=True, exclusive=True, group="library")
    def action_reload(self) -> None:
        self.session.load_library()
        self.app.call_from_thread(self.iep.library_loaded)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_import_file(self) -> None:
        def done(values: list[str] | None) -> None:
            if values and values[0].strip():
                self.do_import(Path(values[0].strip()).expanduser(), False)

        self.app.push_screen(
            Prompt(
                Content(_("Import a checklist file")),
                [(_("Path of the .toml file"), "", _("e.g. ~/Downloads/our-504-review.toml"))],
                _("It is checked first, then copied into your own checklists folder."),
            ),
            done,
        )

    def do_import(self, path: Path, replace: bool) -> None:
        outcome = self.session.import_checklist(path, replace)
        if outcome.ok:
            self.notify(outcome.message, markup=False, timeout=8)
            self.iep.library_loaded()
            return
        if outcome.needs_replace:
            question = join(
                safe(outcome.message),
                "\n\n" + _("Import it anyway?"),
            )

            def answered(yes: bool | None) -> None:
                if yes:
                    self.do_import(path, True)

            self.app.push_screen(Confirm(question, _("Import"), _("Cancel")), answered)

            return
        details = "; ".join(
            f"{p.line}:{p.col} {p.message}"
            for p in [q for q in outcome.problems if q.severity == "error"][:3]
        )
        self.notify(
            f"{path}: {outcome.message}" + (f" ({details})" if details else ""),
            severity="error",
            markup=False,
            timeout=12,
        )
