"""Pieces every command module shares: error types and the global options."""

from __future__ import annotations

import argparse
from datetime import date


class UsageError(Exception):
    """A mistake in the arguments: exit 2."""


class CommandError(Exception):
    """A command that could not do its job: one plain sentence, exit 1."""


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-12-10") from None


def add_global_options(parser: argparse.ArgumentParser, *, sub: bool) -> None:
    # On subcommands the defaults are SUPPRESS and the dests differ, so a global option given
    # before the command is not overwritten by the subparser's default.
    prefix = "sub_" if sub else ""
    kw = {"default": argparse.SUPPRESS} if sub else {}
    group = parser.add_argument_group("global options")
    group.add_argument(
        "--data-dir",
        dest=f"{prefix}data_dir",
        metavar="DIR",
        help="use DIR instead of the user data folder (or set IEPCHECK_DATA_DIR)",
        **kw,
    )
    group.add_argument(
        "--checklists",
        dest=f"{prefix}checklists",
        metavar="DIR",
        action="append",
        help="also read checklists from DIR (repeatable; or IEPCHECK_CHECKLISTS=a:b)",
        **({"default": argparse.SUPPRESS} if sub else {"default": []}),
    )
    group.add_argument(
        "--today",
        dest=f"{prefix}today",
        metavar="YYYY-MM-DD",
        type=parse_date,
        help="pretend today is this date (for planning ahead)",
        **kw,
    )
