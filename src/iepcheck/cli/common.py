"""What every command module shares: global options, the workspace, errors, output."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..clock import out_of_range
from ..i18n import LANGUAGES, N_, _
from ..reports.words import plural as plural  # shared with the app
from ..service.errors import InputError, ServiceError
from ..textsafe import clean_line

if TYPE_CHECKING:
    from ..service.workspace import Workspace

Add = Callable[..., argparse.ArgumentParser]
__all__ = ["Add", "InputError", "ServiceError"]

NOTE_HELP = N_(
    "a note for the item; '-' reads it from standard input. On a shared machine other users "
    "can see command-line arguments (ps): use '-' for anything private"
)


def parse_date(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a date like 2026-12-10").format(text=text)
        ) from None
    if problem := out_of_range(day):
        raise argparse.ArgumentTypeError(problem)
    return day


def add_global_options(parser: argparse.ArgumentParser, *, sub: bool) -> None:
    # On subcommands the defaults are SUPPRESS and the dests differ, so a global option given
    # before the command is not overwritten by the subparser's default.
    prefix = "sub_" if sub else ""
    group = parser.add_argument_group(_("global options"))
    group.add_argument(
        "--data-dir",
        dest=f"{prefix}data_dir",
        metavar="DIR",
        default=argparse.SUPPRESS if sub else None,
        help=_("use DIR instead of the user data folder (or set IEPCHECK_DATA_DIR)"),
    )
    group.add_argument(
        "--checklists",
        dest=f"{prefix}checklists",
        metavar="DIR",
        action="append",
        default=argparse.SUPPRESS if sub else [],
        help=_("also read checklists from DIR (repeatable; or IEPCHECK_CHECKLISTS=a:b)"),
    )
    group.add_argument(
        "--today",
        dest=f"{prefix}today",
        metavar="YYYY-MM-DD",
        type=parse_date,
        default=argparse.SUPPRESS if sub else None,
        help=_(
            "plan as if today were this date (what is due and overdue; ticks keep the real date)"
        ),
    )
    group.add_argument(
        "--lang",
        dest=f"{prefix}lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS if sub else None,
        help=_("the language iepcheck writes in (else the profile's, else the locale's)"),
    )


def subcommand(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str, help_text: str
) -> argparse.ArgumentParser:
    parser = sub.add_parser(name, help=help_text, description=help_text)
    add_global_options(parser, sub=True)
    return parser


def workspace_of(args: argparse.Namespace) -> Workspace:
    from .. import locations
    from ..clock import Clock, zone_of
    from ..service.workspace import Workspace

    data_dir = locations.data_dir(args.data_dir)
    workspace = Workspace(
        data_dir,
        [Path(p) for p in args.checklists],
        Clock(args.today, zone=zone_of(data_dir)),
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
        raise ServiceError(_("{exc}; add --replace to replace it").format(exc=exc)) from None
    print(_("wrote {target}").format(target=target))


MAX_STDIN = 1024 * 1024  # far beyond any note; the note's own cap is checked where it is used


def read_note(value: str | None, what: str = "--note") -> str | None:
    """A note argument: '-' reads standard input (private on a shared machine)."""
    if value != "-":
        return value
    raw = getattr(sys.stdin, "buffer", None)
    data = raw.read(MAX_STDIN + 1) if raw is not None else sys.stdin.read(MAX_STDIN + 1)
    if len(data) > MAX_STDIN:
        raise InputError(
            _("{what} -: standard input is longer than 1 MiB; nothing was written").format(
                what=what
            )
        )
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as exc:
        raise InputError(
            _(
                "{what} -: standard input is not UTF-8 text (byte {start}); nothing was written"
            ).format(what=what, start=exc.start + 1)
        ) from None
    return text.removeprefix("\ufeff").rstrip("\n")


def undecodable(line: Sequence[str]) -> str | None:
    """A sentence naming the first argument that is not UTF-8 text, or None.

    Python keeps bytes it cannot decode as lone surrogates; written to a file they would be
    refused later, and shown they could fool a terminal."""
    for n, token in enumerate(line):
        bad = next((c for c in token if 0xDC80 <= ord(c) <= 0xDCFF), None)
        if bad is None:
            continue
        byte = f"\\x{ord(bad) - 0xDC00:02x}"
        option, eq, _value = token.partition("=")
        if token.startswith("-") and eq:
            where = option
        elif n > 0 and line[n - 1].startswith("-") and line[n - 1] not in _FLAGS:
            where = line[n - 1]
        else:
            where = _("argument {n}").format(n=n + 1)
        return _(
            "{where}: not UTF-8 text (the byte {byte} is from another encoding); set the "
            "terminal to UTF-8 and try again. Nothing was written"
        ).format(where=where, byte=byte)
    return None


# Options that take no value: the token after one is an argument of its own.
_FLAGS = frozenset(
    ["--json", "--yes", "--replace", "--brief", "--undo", "--strict", "--demo", "--new"]
) | frozenset(["--draft", "--adopt"])


def use_color() -> bool:
    return (
        sys.stdout.isatty()
        and "NO_COLOR" not in os.environ
        and os.environ.get("TERM", "") not in ("", "dumb")
    )


def print_wrapped(lines: Iterable[str]) -> None:
    """Lines for a terminal, wrapped between words at its width, a continuation indented two
    more than its line; a no-break space (inside a date) never breaks and prints as a space."""
    import shutil
    import textwrap

    width = max(40, shutil.get_terminal_size((80, 24)).columns - 1)
    for line in lines:
        indent = " " * (len(line) - len(line.lstrip(" ")))
        text = textwrap.fill(line, width, subsequent_indent=indent + "  ", break_on_hyphens=False)
        print(text.replace("\u00a0", " "))


PASSPHRASE_HELP = N_(
    "encrypt with a passphrase, asked on the terminal (never given on the command line, "
    "where other users could see it in ps)"
)


def passphrase(args: argparse.Namespace, *, twice: bool) -> str | None:
    """The passphrase the arguments say to use: from a file, asked on the terminal, or none."""
    file = getattr(args, "passphrase_file", None)
    if file:
        try:
            text = Path(file).expanduser().read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(
                _("--passphrase-file {file}: cannot be read ({exc})").format(
                    file=clean_line(file), exc=exc
                )
            ) from None
        value = text.splitlines()[0] if text.strip() else ""
        if not value:
            raise InputError(_("--passphrase-file {file} is empty").format(file=clean_line(file)))
        return value
    if not getattr(args, "passphrase", False):
        return None
    return ask_passphrase(twice)


def ask_passphrase(twice: bool) -> str:
    import getpass

    if not sys.stdin.isatty():
        raise InputError(_("a passphrase is asked on a terminal; use --passphrase-file FILE"))
    first = getpass.getpass("Passphrase: ")
    if not first:
        raise InputError(_("the passphrase is empty"))
    if twice and getpass.getpass("Again: ") != first:
        raise InputError(_("the two passphrases differ; nothing was written"))
    return first
