"""Helpers for driving the app with Textual's pilot."""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import os
import re
import shutil
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from textual import events
from textual._wait import wait_for_idle
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

from iepcheck import locations
from iepcheck.clock import Clock
from iepcheck.tui.app import IepApp
from iepcheck.tui.keys import SETTLE_LIMIT

from ..conftest import REPO
from ..helpers import demo_copy

TODAY = dt.date(2026, 11, 28)
SIZE = (80, 24)


def screen_text(app: IepApp) -> str:
    """What the terminal shows, as plain text lines (from Textual's own SVG export)."""
    svg = app.export_screenshot()
    pattern = r'<text[^>]*x="([\d.]+)" y="([\d.]+)" textLength="([\d.]+)"[^>]*>(.*?)</text>'
    rows: dict[float, list[tuple[float, str]]] = {}
    cell = None
    for match in re.finditer(pattern, svg):
        x, y, width, raw = match.groups()
        text = html.unescape(re.sub(r"<[^>]+>", "", raw)).replace("\xa0", " ")
        if text and cell is None:
            cell = float(width) / len(text)
        rows.setdefault(float(y), []).append((float(x), text))
    lines = []
    for y in sorted(rows):
        line = ""
        for x, text in sorted(rows[y]):
            column = round(x / cell) if cell else len(line)
            line = line.ljust(column) + text
        lines.append(line)
    return "\n".join(lines)


async def wait_for(pilot, condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.02)


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    return demo_copy(tmp_path / "demo", TODAY)


def fixed_clock() -> Clock:
    """Today is TODAY and now is 10:00 on it: screens are the same whatever the real date."""
    return Clock(TODAY, now=lambda: dt.datetime.combine(TODAY, dt.time(10)).astimezone())


class RecordingApp(IepApp):
    """The app, keeping every notification's text (what a user was told) for assertions;
    keys pressed together arrive together."""

    def __init__(self, *args: object, **kw: object) -> None:
        super().__init__(*args, **kw)  # type: ignore[arg-type]
        self.told: list[str] = []

    async def _press_keys(self, keys: Iterable[str]) -> None:
        """``pilot.press(*"some text")`` as a fast typist types it: every key sent at once,
        the app's key queue taking them in order (tui/keys.py). Textual's own waits until
        the process is idle after each key: at least 40 ms a key, most of a UI test's time."""
        keys = list(keys)
        if len(keys) < 2 or any(key.startswith("wait:") for key in keys):
            await super()._press_keys(keys)
            return
        assert self._driver is not None
        for key in keys:
            if len(key) == 1 and not key.isalnum():
                key = _character_to_key(key)
            try:
                char: str | None = unicodedata.lookup(
                    _get_unicode_name_from_key(REPLACED_KEYS.get(key, key))
                )
            except KeyError:
                char = key if len(key) == 1 else None
            event = events.Key(key, char)
            event.set_sender(self)
            self._driver.send_message(event)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SETTLE_LIMIT * (len(keys) + 1)
        while loop.time() < deadline and (
            not self._message_queue.empty() or self.keys.busy or self.keys.waiting
        ):
            await asyncio.sleep(0.002)
        await wait_for_idle(0)

    def notify(self, message: object, *args: object, **kw: object) -> None:  # type: ignore[override]
        self.told.append(str(message))
        super().notify(message, *args, **kw)  # type: ignore[arg-type]


def make_app(data_dir: Path, extra: list[Path] | None = None, watch: float = 0) -> RecordingApp:
    return RecordingApp(data_dir, extra or [], watch=watch, clock=fixed_clock())


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo's data under the test's HOME, with the bundled checklists (and their Spanish)
    copied beside it."""
    folder = Path(os.environ["HOME"]) / "demo"
    bundled = folder / "bundled"
    shutil.copytree(REPO / "checklists", bundled)
    monkeypatch.setattr(locations, "bundled_checklists_dir", lambda: bundled)
    demo_copy(folder / "data", TODAY)
    return folder
