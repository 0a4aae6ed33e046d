"""The footer: the keys that work here, each shown whole or not at all."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # not exported; textual is pinned (constraints.txt)

from ...i18n import N_, _

N_("palette")  # the description Textual gives the command palette's key


class KeysFooter(Footer):
    """A compact footer that leaves out the keys with no room before the palette's key, in
    their order (screens list Back and Help first): a key cut off read as a stray letter
    ("^p palettec", "u Undo e"). Every key still works, and Help and ctrl+p list them all."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(compact=True, **kw)
        self.fitted_width = 0

    def compose(self) -> ComposeResult:
        items = list(super().compose())
        width = self.size.width
        keys = [item for item in items if isinstance(item, FooterKey)]
        for key in keys:  # bindings' descriptions are marked N_(): said here in the language
            key.description = _(key.description) if key.description else ""

        if not width or len(keys) != len(items):  # not laid out yet, or grouped keys
            yield from items
            return
        self.fitted_width = width
        palette = [k for k in keys if k.has_class("-command-palette")]
        # The palette's key: a left border, the key, a space, its description.
        room = width - sum(1 + _width(k) for k in palette)
        for key in keys:
            if key in palette:
                continue
            needed = _width(key) + 1  # a margin after each key
            if needed > room:
                break  # the rest wait for a wider terminal (or Help, or ctrl+p)
            room -= needed
            yield key
        yield from palette

    def on_resize(self, event: Resize) -> None:
        if event.size.width != self.fitted_width:
            self.call_after_refresh(self.recompose)


def _width(key: FooterKey) -> int:
    """Cells a key takes in a compact footer: the key, a space, the description."""
    return cell_len(key.key_display) + (1 + cell_len(key.description) if key.description else 0)
