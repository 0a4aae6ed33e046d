"""The command palette: every key binding of the current screen, by its description."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode


class ScreenActions(Provider):
    """Offers each enabled binding of the screen (and the app) as a command."""

    def commands(self) -> list[tuple[str, str, DOMNode, str]]:
        screen = self.screen  # the screen the palette was opened over, not the palette
        seen: set[str] = set()
        found: list[tuple[str, str, DOMNode, str]] = []
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.description or not active.enabled or binding.action in seen:
                continue
            if binding.action in ("command_palette",):
                continue
            seen.add(binding.action)
            shown_key = (
                self.app.get_key_display(binding) if hasattr(self.app, "get_key_display") else key
            )
            found.append((binding.description, binding.action, active.node, shown_key))
        return found

    async def discover(self) -> Hits:
        for description, action, node, key in self.commands():
            run = partial(self.app.run_action, action, node)
            yield DiscoveryHit(description, run, help=f"key: {key}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for description, action, node, key in self.commands():
            score = matcher.match(description)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(description),
                    partial(self.app.run_action, action, node),
                    help=f"key: {key}",
                )
