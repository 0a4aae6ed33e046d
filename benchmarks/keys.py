"""Key-press timings in tmux for run.py: open a checklist from Home, tick → repaint, tick → on disk.

Programs run as in first_paint.py, whose parts are imported (a private tmux server at 80x24
and a fresh temp HOME for each run), and a key press is timed by its ``--key`` rule: wait until
the screen, attributes included (``capture-pane -e``), has not changed for 150 ms, send the
key, poll every 5 ms until the screen differs (for a tick: until the item's mark does). A
session that goes wrong returns ``{"ok": False, "error": ...}`` with the screen as it was;
it never raises.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path

from first_paint import Tmux, TmuxError, make_home, tq, wait_idle

now = time.perf_counter
POLL = 0.005  # first_paint.py's --poll-ms
QUIET = 0.150  # first_paint.py's --key-settle-ms
MAX_BUSY, IDLE_WAIT = 25.0, 60.0  # first_paint.py's --max-busy and --idle-wait
TERM = "tmux-256color"  # first_paint.py's --term


class Failed(Exception):
    """A step did not happen in time (or a file did not hold what it should)."""


class Program:
    """One command in a private tmux server of its own (as first_paint.py runs it)."""

    count = 0

    def __init__(self, argv: Sequence[str], env: dict[str, str]) -> None:
        wait_idle(MAX_BUSY, IDLE_WAIT)
        Program.count += 1
        self.tm: Tmux | None = None
        self.home, full = make_home(tempfile.gettempdir())
        full.update(env)
        line = (
            f"new-session -d -s run -x 80 -y 24 -c {tq(self.home)} "
            + " ".join(f"-e {tq(k + '=' + v)}" for k, v in full.items())
            + " -P -F '#{pane_id}' -- "
            + " ".join(tq(x) for x in argv)
        )
        try:
            self.tm = Tmux(f"iepcheck-keys-{os.getpid()}-{Program.count}", 80, 24, TERM)
            self.pane = self.tm.cmd(line)[0].strip()
        except BaseException:
            self.close()
            raise

    def screen(self, styled: bool = False) -> str:
        return self.tm.capture(self.pane, escapes=styled)

    def dead(self) -> bool:
        return self.tm.fmt(self.pane, "#{pane_dead}") == "1"

    def wait_for(self, texts: Sequence[str], timeout: float) -> float:
        """The moment every text was on screen."""
        deadline, polls = now() + timeout, 0
        while True:
            seen = now()
            screen = self.screen()
            if all(text in screen for text in texts):
                return seen
            polls += 1
            if seen > deadline or (polls % 20 == 0 and self.dead()):
                why = "the program exited" if self.dead() else f"not after {timeout:.0f} s"
                raise Failed(f"waiting for {texts!r}: {why}\n{screen}")
            time.sleep(POLL)

    def quiet(self, timeout: float = 10) -> str:
        """Wait until the screen (with attributes) is unchanged for QUIET; that screen."""
        base, since = self.screen(styled=True), now()
        deadline = since + timeout
        while now() - since < QUIET:
            if now() > deadline:
                raise Failed(f"the screen never settled\n{self.screen()}")
            time.sleep(POLL)
            screen = self.screen(styled=True)
            if screen != base:
                base, since = screen, now()
        return base

    def press(self, key: str) -> float:
        pressed = now()
        self.tm.cmd(f"send-keys -t {self.pane} {tq(key)}")
        return pressed

    def close(self) -> None:
        if self.tm is not None:
            with contextlib.suppress(TmuxError):
                self.tm.cmd("kill-session -t run")
            self.tm.close()
        shutil.rmtree(self.home, ignore_errors=True)


def _session(argv: Sequence[str], env: dict[str, str], body: Callable) -> dict:
    result: dict = {"ok": False}
    program = None
    try:
        program = Program(argv, env)
        body(program, result)
        result["ok"] = True
    except Failed as exc:
        result["error"] = str(exc)
    except Exception as exc:  # a broken measurement is reported as failed, never a crash
        result["error"] = f"{type(exc).__name__}: {exc}"
        if program is not None:
            with contextlib.suppress(Exception):
                result["error"] += "\n" + program.screen()
    finally:
        if program is not None:
            program.close()
    return result


def cursor(
    argv: Sequence[str],
    ready: Sequence[str],
    key: str,
    presses: int,
    env: dict[str, str] | None = None,
) -> dict:
    """Launch, wait for ``ready``, then time ``presses`` presses of ``key`` (each until the
    screen changes): ``key_ms``. A bare list's Down is the baseline of the key rows."""

    def body(program: Program, result: dict) -> None:
        program.wait_for(ready, 30)
        result["key_ms"] = []
        for _ in range(presses):
            base = program.quiet()
            pressed = program.press(key)
            result["key_ms"].append((_changed(program, base, pressed) - pressed) * 1e3)

    return _session(argv, env or {}, body)


def _changed(program: Program, base: str, since: float, timeout: float = 5) -> float:
    while True:
        seen = now()
        if program.screen(styled=True) != base:
            return seen
        if seen - since > timeout:
            raise Failed(f"the screen did not change within {timeout:.0f} s\n{program.screen()}")
        time.sleep(POLL)


def item_state(data: bytes, run_id: str, item_id: str) -> str:
    """The item's state in a progress file (an item with no entry is open)."""
    doc = tomllib.loads(data.decode())
    for run in doc.get("runs", []):
        if run.get("id") == run_id:
            return run.get("items", {}).get(item_id, {}).get("state", "open")
    raise Failed(f"no run {run_id} in the progress file")


class Watched:
    """A file read whenever its identity (inode, size, mtime) changes; cheap to poll."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stamp: tuple[int, int, int] | None = None
        self.data = b""
        self.poll()

    def poll(self) -> bool:
        """True when the file changed since the last poll (``data`` is then the new text)."""
        with open(self.path, "rb") as f:  # one open file: its stamp and its text agree
            st = os.fstat(f.fileno())
            stamp = (st.st_ino, st.st_size, st.st_mtime_ns)
            if stamp == self.stamp:
                return False
            self.stamp, self.data = stamp, f.read()
            return True


def tick(
    argv: Sequence[str],
    env: dict[str, str],
    steps: Sequence[tuple[str, Sequence[str]]],
    opened: Sequence[str],
    item: tuple[str, str],
    progress: Path,
    run_id: str,
    presses: int,
) -> dict:
    """Launch the app and take ``steps``, pairs of (a key to press or "", texts to wait for).
    Once the screen is quiet, Enter: ``open_ms`` from that press until every text of
    ``opened`` is on screen. Then press space ``presses`` times; it ticks or unticks the
    highlighted item, ``item`` (its id, and the start of its text): ``tick_ms`` until the
    item's mark on screen changes, ``disk_ms`` until the child's ``progress`` file has
    changed and holds the item's new state."""
    item_id, marker = item

    def body(program: Program, result: dict) -> None:
        for key, texts in steps:
            if key:
                program.press(key)
            program.wait_for(texts, 30)
        program.quiet()
        if all(text in program.screen() for text in opened):
            raise Failed(f"{opened!r} on screen before Enter\n{program.screen()}")
        pressed = program.press("Enter")
        result["open_ms"] = (program.wait_for(opened, 30) - pressed) * 1e3
        result["tick_ms"], result["disk_ms"] = [], []
        watched = Watched(progress)
        for _ in range(presses):
            program.quiet()
            before = mark(program.screen(), marker)
            if before is None:
                raise Failed(f"no line with {marker!r} on screen\n{program.screen()}")
            watched.poll()
            want = "open" if item_state(watched.data, run_id, item_id) == "done" else "done"
            pressed = program.press("Space")
            shown, durable = _watch(program, marker, before, watched, (run_id, item_id, want))
            result["tick_ms"].append((shown - pressed) * 1e3)
            result["disk_ms"].append((durable - pressed) * 1e3)

    return _session(argv, env, body)


def mark(screen: str, marker: str) -> str | None:
    """What precedes ``marker`` on the line where it starts furthest left (an item's row in
    a list, not its text repeated in a details pane): the item's mark. None: not shown."""
    found = [line[: line.index(marker)] for line in screen.splitlines() if marker in line]
    return min(found, key=len) if found else None


def _watch(
    program: Program,
    marker: str,
    before: str,
    watched: Watched,
    target: tuple[str, str, str],
    timeout: float = 10,
) -> tuple[float, float]:
    """When the item's mark changed on screen (see ``mark``), and when the file first held
    the item's new state (``target``: run id, item id, state). Only the mark counts, as plain
    text: the app repaints other parts for other reasons (the list's focus and scrollbar
    arrive late when it is busy, the footer later still, it redraws after a save), which is
    not the tick showing. Versions of the file seen before the mark changed are parsed only
    after, so parsing never delays the screen's poll."""
    since = now()
    shown: float | None = None
    durable: float | None = None
    versions: list[tuple[float, bytes]] = []
    while shown is None or durable is None:
        seen = now()
        if seen - since > timeout:
            what = "the item's line did not change" if shown is None else "the file did not"
            raise Failed(f"{what} within {timeout:.0f} s of the key\n{program.screen()}")
        if shown is None:
            now_marked = mark(program.screen(), marker)
            if now_marked is not None and now_marked != before:
                shown = seen
        if durable is None and watched.poll():
            versions.append((seen, watched.data))
        if shown is not None:
            for at, data in versions:
                if item_state(data, *target[:2]) == target[2]:
                    durable = at
                    break
            versions.clear()
        if shown is None or durable is None:
            time.sleep(POLL)
    return shown, durable
