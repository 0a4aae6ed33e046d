"""A list beside the details of its highlighted entry; stacked when the terminal is narrow."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.events import Resize
from textual.widgets import OptionList, Static

NARROW = 70  # columns below which the panes stack


class SectionedList(OptionList):
    """An OptionList whose section headings are disabled rows: Home shows the first heading
    too (the highlight lands on the first item, the view at the very top)."""

    def action_first(self) -> None:
        super().action_first()
        self.scroll_home(animate=False)


class ListAndDetails(Horizontal):
    DEFAULT_CSS = """
    ListAndDetails { height: 1fr; }
    ListAndDetails > OptionList { width: 3fr; height: 1fr; }
    ListAndDetails > VerticalScroll { width: 2fr; height: 1fr; padding: 0 1; }
    ListAndDetails.narrow { layout: vertical; }
    ListAndDetails.narrow > OptionList { width: 1fr; height: 2fr; }
    ListAndDetails.narrow > VerticalScroll { width: 1fr; height: 1fr; }
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
            details.border_title = "Details"
            yield Static(id=self.text_id)

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW, "narrow")
