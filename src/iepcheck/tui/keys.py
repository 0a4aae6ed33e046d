"""Typed-ahead keys, one at a time: each key reaches the widget the keys before it left in
focus.

Textual hands a key to whatever is focused when the app reads it, but a widget handles its
keys later, in its own queue: in a burst (a fast typist, a laggy SSH link, keys typed while a
screen opens) the keys after "c" (add a child) reached Home, or the new form before its first
field had focus, and were lost or taken as commands; the Enter that saves a dialog ran before
the last keys of its field were in. Here the app takes the next key only once the one before
has been handled all the way up to its screen, and any screen it opened is ready for keys.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import TYPE_CHECKING, Any

from textual import events

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.screen import Screen

# Seconds a key may take before the next is let through anyway (only a key whose handling
# never ends should need it). It was 1 s: on a loaded 2-core machine a drop-down's choice
# once took longer, and the keys typed after it missed their fields.
SETTLE_LIMIT = 5.0
QUIET_ROUNDS = 6  # rounds of messages a key may set off, one after another, that are waited for


def _pending(node: DOMNode) -> bool:
    """Whether ``node`` has a message waiting: in its queue, or the one it took out to look
    at the next (Textual's message pump peeks one ahead to combine repeated messages)."""
    if node._pending_message is not None:
        return True
    return not node._message_queue.empty()


class KeyQueue:
    """The keys read but not handed on yet, and the one in flight."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.waiting: deque[events.Key] = deque()
        self.busy = 0  # the number of the key in flight (0: none)
        self.count = 0
        self.ready: Screen[Any] | None = None  # the screen last seen ready for keys
        self.resuming: events.Key | None = None  # the key release() hands on now

    def hold(self, event: events.Key) -> bool:
        """True when ``event`` must wait (it is kept, in order): for the key before it, or
        for a screen that opened since to be ready, its first field in focus."""
        if self.resuming is event:  # the first key waiting, let through by release()
            self.resuming = None
            return False
        if self.busy or self.waiting:
            self.waiting.append(event)
            return True
        if self._screen() is not self.ready:
            self.waiting.append(event)
            self._shown(self._start())
            return True
        return False

    def _start(self) -> int:
        """A new key in flight: its number (the watchdog lets the next through after a
        while, should something never answer)."""
        self.count += 1
        number = self.busy = self.count
        asyncio.get_running_loop().call_later(SETTLE_LIMIT, self.let_go, number)
        return number

    def sent(self, target: DOMNode, screen: Screen[Any]) -> None:
        """A key was just handed to ``target`` on ``screen``: the next waits until it is
        handled (the watchdog lets it through if something never answers)."""
        self._follow(target, screen, self._start())

    def _follow(self, node: DOMNode, screen: Screen[Any], number: int) -> None:
        """Queue a marker behind the key in ``node``; once it runs, in the node's parent,
        until the screen: every handler the key bubbles to has seen it."""
        if node is self.app:
            self._shown(number)
        elif not node.call_later(self._next, node, screen, number):
            self.let_go(number)  # the widget went away with the key: go on

    def _next(self, node: DOMNode, screen: Screen[Any], number: int) -> None:
        if node is screen or node.parent is None:
            self._shown(number)
        else:
            self._follow(node.parent, screen, number)

    def _shown(self, number: int, rounds: int = 0) -> None:
        """The key is handled; what it set off (a drop-down's choice reaching its Select, a
        focus moved, each a message of its own) is waited for too, while any is pending; and
        if it opened or closed a screen, wait until that screen has handled what it was sent
        until now: composed and mounted, its first field in focus. (Not until it is drawn: a
        terminal that is not read would hold up every key.)"""
        screen = self._screen()
        if screen is not None and rounds < QUIET_ROUNDS and self._after(screen, number, rounds):
            return
        if screen is None or screen is self.ready:
            self.let_go(number)
            return
        if not screen.call_later(self._settled, screen, number):
            self.let_go(number)  # the screen went away with the key: go on

    def _after(self, screen: Screen[Any], number: int, rounds: int) -> bool:
        """When the app or a widget on ``screen`` has messages waiting, come back to
        ``_shown`` once each has handled them (True); False when all is quiet."""
        pending = [
            node for node in (self.app, *screen.walk_children(with_self=True)) if _pending(node)
        ]
        if not pending:
            return False
        left = len(pending)

        def handled() -> None:
            nonlocal left
            left -= 1
            if left == 0 and self.busy == number:
                self._shown(number, rounds + 1)

        for node in pending:
            if not node.call_later(handled):
                handled()
        return True

    def _settled(self, screen: Screen[Any], number: int) -> None:
        self.ready = screen
        self.let_go(number)

    def _screen(self) -> Screen[Any] | None:
        """The screen on show; None once the app has closed (a key may still be waiting)."""
        return self.app.screen_stack[-1] if self.app.screen_stack else None

    def let_go(self, number: int) -> None:
        """Let the next key through, from the app's own queue (after anything before it)."""
        self.app.call_later(self.release, number)

    async def release(self, number: int) -> None:
        if self.busy != number:
            return  # let through already (the watchdog, or a marker after it)
        self.busy = 0
        if not self.waiting:
            return
        if not self.app.screen_stack:  # the app has closed: nothing takes keys any more
            self.waiting.clear()
            return
        if self.app.screen is not self.ready:  # a screen opened: the next key waits first
            self._shown(self._start())
            return
        self.resuming = self.waiting.popleft()
        await self.app.on_event(self.resuming)
