"""A one-line field that behaves under typed-ahead bursts and multi-line pastes."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class Field(Input):
    """A one-line field that keeps typed-ahead keys in order and joins pasted lines.

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
