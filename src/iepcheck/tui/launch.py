"""Starting the app from the command line (``iepcheck`` and ``iepcheck --demo``)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

from .. import locations
from ..clock import Clock


def run_app(args: argparse.Namespace) -> int:
    extra = [Path(p) for p in args.checklists]
    if args.demo:
        with tempfile.TemporaryDirectory(prefix="iepcheck-demo-") as tmp:
            data_dir = Path(tmp) / "data"
            os.environ["IEPCHECK_CACHE_DIR"] = str(Path(tmp) / "cache")
            from ..service.demo import make_demo

            make_demo(data_dir, args.today or Clock().today())
            return _run(data_dir, extra, args, demo=True)
    return _run(locations.data_dir(args.data_dir), extra, args, demo=False)


def _run(data_dir: Path, extra: list[Path], args: argparse.Namespace, *, demo: bool) -> int:
    from .app import QUIT_WAIT, IepApp

    app = IepApp(data_dir, extra, args.today, demo=demo)
    result = app.run()
    code = exit_code(app.return_code, result)
    app.finish_saves(QUIT_WAIT)
    for message in app.exit_messages:
        print(f"iepcheck: {message}", file=sys.stderr)
    _exit_if_stuck(code)
    return code


def exit_code(return_code: int | None, result: object) -> int:
    """The process's exit status: Textual's return code (1 after a crash), else the code the
    app exited with (128 + a signal's number), else 0."""
    if return_code:
        return return_code
    return result if isinstance(result, int) else 0


def _exit_if_stuck(code: int, grace: float = 2.0) -> None:
    """Leave even when a terminal thread cannot stop.

    After a dropped SSH connection the terminal is gone and Textual's input thread (not a
    daemon) can spin on the dead descriptor forever, keeping the process alive and busy.
    Every save is flushed by now, so once the grace period has passed we exit directly.
    """
    deadline = time.monotonic() + grace
    for thread in threading.enumerate():
        if thread is threading.main_thread() or thread.daemon:
            continue
        thread.join(max(0.0, deadline - time.monotonic()))
    if any(
        t.is_alive() and not t.daemon and t is not threading.main_thread()
        for t in threading.enumerate()
    ):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
