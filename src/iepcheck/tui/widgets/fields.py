"""A one-line field that behaves under typed-ahead bursts and multi-line pastes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from rich.segment import Segment
from textual import events
from textual.strip import Strip
from textual.widgets import Input

MORE = "…"  # text goes on beyond this edge of the field

A = TypeVar("A", bound=Callable[..., None])


def after_typing(action: A) -> A:
    """For an action bound with priority (ctrl+s, Enter on a dialog's last field): run it
    once the focused field has taken every key typed before it. A priority key runs at once,
    while the keys typed just before it may still wait in the field's queue: a fast typist,
    or a laggy SSH link, saved a phone number without its last digits."""

    @functools.wraps(action)
    def run(self: Any, *args: Any, **kw: Any) -> None:
        focused = self.focused
        if focused is None:
            action(self, *args, **kw)
        else:  # queued behind the keys that field has still to take
            focused.call_later(action, self, *args, **kw)

    return run  # type: ignore[return-value]


class Field(Input):
    """A one-line field that keeps typed-ahead keys in order and joins pasted lines, and
    shows "…" at an edge beyond which its text goes on (a cut email must not read as lost).

    Textual forwards each key to the widget focused when the key is dispatched, but runs an
    Input's own bindings (Backspace, arrows) only after the key bubbles back, so in a burst of
    keys (a laggy SSH link, a tool) later keys can land before an earlier Backspace is done.
    Running the bindings here, in this widget's queue, keeps them in order.
    """

    async def _on_key(self, event: events.Key) -> None:
        if self.check_consume_key(event.key, event.character):
            return  # printable: Input inserts it
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.prevent_default()
                event.stop()
                return

    def _on_paste(self, event: events.Paste) -> None:
        # A paste of several lines into one line: join them with spaces, drop none.
        text = " ".join(line.strip() for line in event.text.splitlines() if line.strip())
        if text:
            if self.selection.is_empty:
                self.insert_text_at_cursor(text)
            else:
                self.replace(text, *self.selection)
        event.prevent_default()
        event.stop()

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        if y != 0 or not self.value:
            return strip
        width = self.scrollable_content_region.width
        scroll_x = self.scroll_offset.x
        hidden_after = self._value.cell_len - (scroll_x + width)
        style = self.get_component_rich_style("input--placeholder")
        length = strip.cell_length
        if scroll_x > 0:  # the start is scrolled out of view
            strip = Strip.join([Strip([Segment(MORE, style)], 1), strip.crop(1, length)])
        if hidden_after > 0 and not self.has_focus:  # the end is cut (focused: the cursor's)
            strip = Strip.join(
                [strip.crop(0, width - 1), Strip([Segment(MORE, style)], 1), strip.crop(width)]
            )
        return strip
