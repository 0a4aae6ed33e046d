"""A list beside the details of its highlighted entry; stacked when the terminal is narrow."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Self, cast

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.visual import VisualType
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...i18n import _

if TYPE_CHECKING:
    from textual.css.styles import RulesMap

NARROW = 70  # columns below which the panes stack


class SectionedList(OptionList):
    """An OptionList whose section headings are disabled rows: Home shows the first heading
    too (the highlight lands on the first item, the view at the very top)."""

    class Resized(Message):
        """The list's size changed (the window, or the panes beside it): rows broken for a
        width are to be broken again."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.shape: list[tuple[str | None, bool] | None] = []  # the rows as set last
        # ↑/↓ pressed while there was no row to move to (the list still loading): taken
        # once the rows come (replay_moves), so the first keys after a start are not lost.
        self.moves_waiting = 0

    def on_resize(self, event: Resize) -> None:
        self.post_message(self.Resized())

    def action_first(self) -> None:
        super().action_first()
        self.scroll_home(animate=False)

    def action_last(self) -> None:
        super().action_last()
        self.scroll_end(animate=False)  # a note below the last row shows (the agenda's "N more")

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_cursor_down(self) -> None:
        self._step(1)

    def _step(self, direction: int) -> None:
        """Move to the next enabled row that way; at either end, stay (never wrap round: a
        ↑ too many must not land on the last row of a long list)."""
        if not any(not o.disabled for o in self.options):
            self.moves_waiting += direction
            return
        if self.highlighted is None:
            super().action_cursor_up() if direction < 0 else super().action_cursor_down()
            return
        index = self.highlighted + direction
        while 0 <= index < self.option_count:
            if not self.get_option_at_index(index).disabled:
                self.highlighted = index
                return
            index += direction
        if direction < 0:
            self.scroll_home(animate=False)  # the heading above the first row shows
        else:
            self.scroll_end(animate=False)

    def replay_moves(self) -> None:
        """Make the ↑/↓ pressed while the list had no rows, now that it has."""
        moves, self.moves_waiting = self.moves_waiting, 0
        for _step in range(abs(moves)):
            self._step(1 if moves > 0 else -1)

    def set_options(self, options: Iterable[Option | None]) -> Self:  # type: ignore[override]
        rows = list(options)
        self.shape = [(o.id, o.disabled) if o else None for o in rows]
        return super().set_options(rows)

    def show_rows(self, options: list[Option | None]) -> bool:
        """Show ``options``. When they are the rows shown already, in the same order, only
        the rows whose text changed are redrawn, and the highlight and the scroll stay where
        the user left them; else the list is built anew. True when it was built anew."""
        if [(o.id, o.disabled) if o else None for o in options] != self.shape:
            self.set_options(options)
            return True
        rows = [o for o in options if o is not None]
        changed: list[tuple[int, VisualType]] = []
        for index, option in enumerate(rows):
            old, new = self.get_option_at_index(index).prompt, option.prompt
            if not (isinstance(old, Content) and isinstance(new, Content) and same(old, new)):
                changed.append((index, new))
        if changed:
            self.replace_rows(changed)
        return False

    def replace_rows(self, rows: list[tuple[int, VisualType]]) -> None:
        """Show each (index, prompt), redrawing those rows alone while their heights stay
        the same. (OptionList's own replace forgets every row's drawing and height for each
        row replaced: a tick drew the whole list again. Its caches are private; textual is
        pinned, constraints.txt.)"""
        lines = self._line_cache
        before = {index: lines.heights.get(index) for index, _prompt in rows}
        options = [self.get_option_at_index(index) for index, _prompt in rows]
        for option, (_index, prompt) in zip(options, rows, strict=True):
            option._set_prompt(prompt)
        cache = self._option_render_cache
        replaced = set(options)
        for key in [k for k in cache.keys() if k[0] in replaced]:  # noqa: SIM118 (no __iter__)
            cache.discard(key)
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        padding = self.get_component_styles("option-list--option").padding.width
        rules = cast("RulesMap", self.styles)  # what OptionList measures a row with
        spans = []
        for option, (index, _prompt) in zip(options, rows, strict=True):
            height = self._get_visual(option).get_height(rules, width - padding)
            height += option._divider
            if height != before[index] or index not in lines.index_to_line:
                self._clear_caches()  # the rows below move: laid out again
                return
            spans.append((lines.index_to_line[index], height))
        for line, height in spans:
            self.refresh_lines(line, height)


def same(a: Content, b: Content) -> bool:
    """The same text with the same styles in the same places."""
    return a.plain == b.plain and a.spans == b.spans


class ListAndDetails(Horizontal):
    # The list keeps room for its scrollbar whether or not it shows: OptionList keeps a row's
    # lines by the row alone, not by the width, so lines made before the scrollbar came (one
    # column wider) were kept after it, and a date the row had been broken to keep whole was
    # cut in two (seen in tmux at 80x24 on a meeting's checklist).
    DEFAULT_CSS = """
    ListAndDetails { height: 1fr; }
    ListAndDetails > OptionList { width: 3fr; height: 1fr; scrollbar-gutter: stable; }
    ListAndDetails > VerticalScroll { width: 2fr; height: 1fr; padding: 0 1; }
    ListAndDetails.narrow { layout: vertical; }
    ListAndDetails.narrow > OptionList { width: 1fr; height: 2fr; }
    ListAndDetails.narrow > VerticalScroll { width: 1fr; height: 1fr; min-height: 7; }
    """

    def __init__(
        self, list_title: str, list_id: str, text_id: str, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.list_title = list_title
        self.list_id = list_id
        self.text_id = text_id

    def compose(self) -> ComposeResult:
        listing = SectionedList(id=self.list_id, classes="pane")
        listing.border_title = self.list_title
        yield listing
        with VerticalScroll(classes="pane details") as details:
            details.border_title = _("Details")

            yield Static(id=self.text_id)

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW, "narrow")
