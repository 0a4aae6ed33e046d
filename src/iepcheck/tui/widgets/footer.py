"""The footer: the keys that work here, each shown whole or not at all."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # not exported; textual is pinned (constraints.txt)

from ...i18n import N_, _

N_("palette")  # the description Textual gives the command palette's key

if TYPE_CHECKING:
    from textual.screen import Screen


class KeysFooter(Footer):
    """A compact footer that leaves out the keys with no room before the palette's key, in
    their order (screens list Back and Help first): a key cut off read as a stray letter
    ("^p palettec", "u Undo e"). Every key still works, and Help and ctrl+p list them all."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(compact=True, **kw)
        self.fitted_width = 0
        self.queued = False  # a rebuild waits for the next refresh
        self.shown_keys: tuple[object, ...] | None = None  # what the last build showed

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Rebuilt once for a burst of changes, and only when the keys shown change.
        (Textual rebuilds for each: opening a screen, four or five times; each rebuild ran
        in the screen's queue, the keys typed there waiting behind it, and held up every
        repaint while its keys were mounted.)"""
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.rebuild()

    def rebuild(self) -> None:
        if not self.queued:
            self.queued = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self.queued = False
        if self.is_attached and self.keys_now() != self.shown_keys:  # gone with its screen
            await self.recompose()

    def keys_now(self) -> tuple[object, ...]:
        """What a build shows: the keys that work now, and the width they fit in."""
        palette = self.app.COMMAND_PALETTE_BINDING
        keys = tuple(
            (key, b, enabled, tip)
            for key, (_, b, enabled, tip) in self.screen.active_bindings.items()
            if b.show or key == palette
        )
        return (self.size.width, self.show_command_palette, keys)

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self.shown_keys = self.keys_now()
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
            self.rebuild()


def _width(key: FooterKey) -> int:
    """Cells a key takes in a compact footer: the key, a space, the description."""
    return cell_len(key.key_display) + (1 + cell_len(key.description) if key.description else 0)
