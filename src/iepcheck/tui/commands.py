"""The command palette: the app's own actions on the current screen, each once, by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from ..i18n import _


class ScreenActions(Provider):
    """Offers each enabled binding of iepcheck's own (they carry an id) as a command: not the
    widgets' generic moves (Scroll Left, Page Right) nor Textual's own commands."""

    def commands(self) -> list[tuple[str, str, DOMNode, str]]:
        screen = self.screen  # the screen the palette was opened over, not the palette
        seen: set[str] = set()
        found: list[tuple[str, str, DOMNode, str]] = []
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.id or not binding.description or not active.enabled:
                continue
            name = _(binding.tooltip or binding.description)  # marked N_() where declared
            if binding.action in seen or name in seen:
                continue
            seen |= {binding.action, name}
            shown_key = (
                self.app.get_key_display(binding) if hasattr(self.app, "get_key_display") else key
            )
            found.append((name, binding.action, active.node, shown_key))
        return found

    async def discover(self) -> Hits:
        for description, action, node, key in self.commands():
            run = partial(self.app.run_action, action, node)
            yield DiscoveryHit(description, run, help=_("key: {key}").format(key=key))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for description, action, node, key in self.commands():
            score = matcher.match(description)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(description),
                    partial(self.app.run_action, action, node),
                    help=_("key: {key}").format(key=key),
                )
