"""Reading a district's file in a process of its own, so that it can always be stopped.

The reader prices repeat rules before it expands them, but a file from the internet may find
a shape the prices missed; a thread cannot be stopped, a process can. The reading is stopped
when the user asks (``stopped``), after ``limit`` seconds, and when iepcheck exits.

The child is ``python -m iepcheck.calendar.ics.apart READER``: the file's bytes on its stdin,
the reading as JSON on its stdout, its stderr thrown away (no traceback reaches a terminal).
A plain subprocess rather than :mod:`multiprocessing`, whose helper process wants a real
stderr, which the app does not have while it runs.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from ... import i18n
from ...i18n import N_, _
from .model import Closure, IcsError, Ignored, Reading
from .read import read_ics
from .words import DEFAULT_WORDS

LIMIT = 60.0  # seconds: a real district's calendar takes about one
_POLL = 0.1  # seconds between looks at ``stopped``
# What the child runs, as "module:function" (bytes, words) -> Reading; tests name a slower one.
READER = "iepcheck.calendar.ics.apart:_read"
_MEMORY = 1 << 30  # bytes of address space the child may use
_FAILED = N_("The calendar has something iepcheck cannot read in it.")


class Stopped(Exception):
    """The reading was stopped because the user asked."""


def read_apart(
    data: bytes,
    *,
    words: Sequence[str] = DEFAULT_WORDS,
    stopped: Callable[[], bool] = lambda: False,
    limit: float = LIMIT,
) -> Reading:
    """:func:`read_ics` in a child process; :class:`Stopped` when ``stopped()`` turns true,
    :class:`IcsError` when it fails or takes longer than ``limit`` seconds."""
    # The child imports the same iepcheck as this process, wherever that came from; -P: not
    # from the current folder too (on a shared machine it may hold another user's icalendar.py).
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    # The child writes its sentences in the user's language (it starts in English).
    head = {"words": list(words), "lang": i18n.language()}
    message = json.dumps(head).encode() + b"\n" + bytes(data)
    try:
        child = subprocess.Popen(
            [sys.executable, "-P", "-m", __name__, READER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
    except (OSError, ValueError) as exc:
        raise IcsError(
            _("The calendar could not be read: no process could be started ({exc}).").format(
                exc=exc
            )
        ) from None
    try:
        out = _wait(child, message, stopped, limit)
    finally:
        if child.poll() is None:
            child.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(5)
    try:
        answer = json.loads(out)
        if "error" in answer:
            raise IcsError(str(answer["error"]))
        return _reading(answer["reading"])
    except (ValueError, KeyError, TypeError):  # no answer: the child died (out of memory?)
        raise IcsError(
            _("The calendar could not be read: its reading stopped unexpectedly.")
        ) from None


def _wait(
    child: subprocess.Popen[bytes], message: bytes, stopped: Callable[[], bool], limit: float
) -> bytes:
    """What the child wrote, once it has ended; raises if stopped or past ``limit`` (the
    caller then kills the child, which ends the thread talking to it)."""
    answer: list[bytes] = []
    talk = threading.Thread(
        target=lambda: answer.append(child.communicate(message)[0]), daemon=True
    )
    talk.start()
    started = time.monotonic()
    while True:
        talk.join(_POLL)
        if not talk.is_alive():
            return answer[0] if answer else b""
        if stopped():
            raise Stopped
        if time.monotonic() - started >= limit:
            raise IcsError(
                _(
                    "Reading the calendar took more than {limit:.0f} seconds, so it was "
                    "stopped: use a calendar of just the school years you need."
                ).format(limit=limit)
            )


def _reading(raw: dict[str, Any]) -> Reading:
    day = date.fromisoformat
    return Reading(
        tuple(Closure(day(s), day(e), str(label)) for s, e, label in raw["closures"]),
        tuple(Ignored(day(s), day(e), str(t), str(w)) for s, e, t, w in raw["ignored"]),
        day(raw["first_day"]) if raw["first_day"] else None,
        day(raw["last_day"]) if raw["last_day"] else None,
        tuple(str(w) for w in raw["warnings"]),
    )


def _as_json(reading: Reading) -> dict[str, Any]:
    return {
        "closures": [(c.start.isoformat(), c.end.isoformat(), c.label) for c in reading.closures],
        "ignored": [
            (i.start.isoformat(), i.end.isoformat(), i.summary, i.why) for i in reading.ignored
        ],
        "first_day": reading.first_day.isoformat() if reading.first_day else None,
        "last_day": reading.last_day.isoformat() if reading.last_day else None,
        "warnings": list(reading.warnings),
    }


def _read(data: bytes, words: Sequence[str]) -> Reading:
    return read_ics(data, words=words)


def _child(reader_name: str) -> None:
    """The child's side: read stdin, write the answer to stdout."""
    # Ctrl+C in a terminal reaches the whole group: the parent stops this process itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_orphaned, args=(os.getppid(),), daemon=True).start()
    with contextlib.suppress(ImportError, ValueError, OSError):  # not on every system
        import resource

        # A shared machine's memory: no calendar needs this much (a hostile one might).
        resource.setrlimit(resource.RLIMIT_AS, (_MEMORY, _MEMORY))
    try:
        head, _nl, data = sys.stdin.buffer.read().partition(b"\n")
        asked = json.loads(head)
        words = [str(w) for w in asked["words"]]
        if asked.get("lang") in (*i18n.LANGUAGES, i18n.PSEUDO):
            i18n.set_language(asked["lang"])
        module, _colon, name = reader_name.partition(":")
        reader = getattr(importlib.import_module(module), name)
        answer: dict[str, Any] = {"reading": _as_json(reader(data, words))}
    except IcsError as exc:
        answer = {"error": str(exc)}
    except Exception:  # read_ics turns everything into IcsError; this is belt and braces
        answer = {"error": _(_FAILED)}
    sys.stdout.write(json.dumps(answer))
    sys.stdout.flush()


def _orphaned(parent: int) -> None:
    """End the child when its parent is gone (killed), so that no reading is left running."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


if __name__ == "__main__":
    _child(sys.argv[1] if len(sys.argv) > 1 else READER)
