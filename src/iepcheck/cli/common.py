"""What every command module shares: global options, the workspace, errors, output."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..clock import out_of_range
from ..reports.words import plural as plural  # shared with the app
from ..service.errors import InputError, ServiceError

if TYPE_CHECKING:
    from ..service.workspace import Workspace

Add = Callable[..., argparse.ArgumentParser]
__all__ = ["Add", "InputError", "ServiceError"]

NOTE_HELP = (
    "a note for the item; '-' reads it from standard input. On a shared machine other users "
    "can see command-line arguments (ps): use '-' for anything private"
)


def parse_date(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-12-10") from None
    if problem := out_of_range(day):
        raise argparse.ArgumentTypeError(problem)
    return day


def add_global_options(parser: argparse.ArgumentParser, *, sub: bool) -> None:
    # On subcommands the defaults are SUPPRESS and the dests differ, so a global option given
    # before the command is not overwritten by the subparser's default.
    prefix = "sub_" if sub else ""
    group = parser.add_argument_group("global options")
    group.add_argument(
        "--data-dir",
        dest=f"{prefix}data_dir",
        metavar="DIR",
        default=argparse.SUPPRESS if sub else None,
        help="use DIR instead of the user data folder (or set IEPCHECK_DATA_DIR)",
    )
    group.add_argument(
        "--checklists",
        dest=f"{prefix}checklists",
        metavar="DIR",
        action="append",
        default=argparse.SUPPRESS if sub else [],
        help="also read checklists from DIR (repeatable; or IEPCHECK_CHECKLISTS=a:b)",
    )
    group.add_argument(
        "--today",
        dest=f"{prefix}today",
        metavar="YYYY-MM-DD",
        type=parse_date,
        default=argparse.SUPPRESS if sub else None,
        help="plan as if today were this date (what is due and overdue; ticks keep the real date)",
    )


def subcommand(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str, help_text: str
) -> argparse.ArgumentParser:
    parser = sub.add_parser(name, help=help_text, description=help_text)
    add_global_options(parser, sub=True)
    return parser


def workspace_of(args: argparse.Namespace) -> Workspace:
    from .. import locations
    from ..clock import Clock
    from ..service.workspace import Workspace

    workspace = Workspace(
        locations.data_dir(args.data_dir),
        [Path(p) for p in args.checklists],
        Clock(args.today),
        on_notice=lambda message: print(f"iepcheck: {message}", file=sys.stderr),
    )
    workspace.replay_kept_changes()
    return workspace


def warn_open_folders(args: argparse.Namespace) -> None:
    """Say on stderr which extra checklist folders another user could change."""
    from .. import locations
    from ..checklists.folders import open_to_others

    data_dir = locations.data_dir(args.data_dir)
    for warning in open_to_others(data_dir, [Path(p) for p in args.checklists]):
        print(f"iepcheck: {warning}", file=sys.stderr)


def write_report(output: str, text: str, replace: bool) -> None:
    """A report to the file ``-o`` named (0600, atomically); says where it went. An existing
    file is replaced only with ``--replace``."""
    from ..service.exports import FileExists, write_file

    try:
        target = write_file(Path(output), text, replace=replace)
    except FileExists as exc:
        raise ServiceError(f"{exc}; add --replace to replace it") from None
    print(f"wrote {target}")


def read_note(value: str | None) -> str | None:
    """A note argument: '-' reads standard input (private on a shared machine)."""
    if value == "-":
        return sys.stdin.read().rstrip("\n")
    return value


def use_color() -> bool:
    return (
        sys.stdout.isatty()
        and "NO_COLOR" not in os.environ
        and os.environ.get("TERM", "") not in ("", "dumb")
    )
