"""The report commands: ``status`` and ``export``. They read; they never import Textual."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from .cli_common import CommandError, UsageError
from .cli_progress import find_child, find_meeting, store_of


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add("status", "what remains: meetings in the next N days, standing checklists, overdue")
    p.add_argument("child", nargs="?", metavar="CHILD")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.add_argument("--days", type=int, default=60, metavar="N", help="look N days ahead (60)")
    p.set_defaults(handler=cmd_status)

    p = add("export", "a printable record of a child's meetings and checklists")
    p.add_argument("child", metavar="CHILD")
    p.add_argument("--meeting", metavar="M", help="only this meeting")
    p.add_argument("--format", choices=("md", "txt", "html"), default="txt")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    p.set_defaults(handler=cmd_export)


def use_color() -> bool:
    return (
        sys.stdout.isatty()
        and "NO_COLOR" not in os.environ
        and os.environ.get("TERM", "") not in ("", "dumb")
    )


def cmd_status(args: argparse.Namespace) -> int:
    from .report import status_text
    from .status import collect

    if args.days < 0:
        raise UsageError("--days must be 0 or more")
    store = store_of(args)
    ids = [find_child(store, args.child).id] if args.child else store.ids()
    data = collect(store, ids, args.today, args.days)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(status_text(data, use_color()))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export import render
    from .fileio import atomic_write

    store = store_of(args)
    child = find_child(store, args.child)
    meeting = find_meeting(child, args.meeting) if args.meeting else None
    from .cli_checklists import library_of

    shadows = library_of(args).shadowing()
    text = render(child, args.today, args.format, meeting, shadows)
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return 0
    target = Path(args.output)
    try:
        atomic_write(target, text.encode("utf-8"))
    except OSError as exc:
        raise CommandError(f"could not write {target} ({exc.strerror or exc})") from None
    print(f"wrote {target}")
    return 0
