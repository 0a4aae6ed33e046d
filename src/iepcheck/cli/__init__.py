"""The command line: parses arguments and calls one function per command.

Each command module registers its subcommands and talks to :mod:`iepcheck.service`; none
imports another. Textual is imported only on the TUI path, so report commands start fast.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import typing
from collections.abc import Callable, Sequence

from .. import __version__
from ..i18n import N_, _
from ..service.errors import InputError, ServiceError
from .common import add_global_options

GLOBAL_HELP = N_("""\
Checklists for Connecticut special-education meetings (PPT, 504), in the terminal.
Run without a command to open the app. Practical guidance, not legal advice.""")


class _NotPlain(Exception):
    """The command line is more than the app's own options: the whole parser reads it."""


class _AppOnly(argparse.ArgumentParser):
    def error(self, message: str) -> typing.NoReturn:
        raise _NotPlain(message)


def _app_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments when the line only opens the app (``iepcheck``, ``iepcheck --today D``),
    read without building every command's parser (or importing their modules); else None,
    and the whole parser reads the line, with its help and its error messages."""
    quick = _AppOnly(prog="iepcheck", add_help=False, allow_abbrev=False)
    quick.add_argument("--demo", action="store_true")
    add_global_options(quick, sub=False)
    try:
        args, rest = quick.parse_known_args(argv)
    except _NotPlain:
        return None
    if rest:
        return None
    args.command = None
    return args


# Which module registers each command: a line naming one command builds only that module's
# parser (a test checks this against what the modules register).
COMMAND_MODULES = {
    "list": "checklists",
    "validate": "checklists",
    "import": "checklists",
    "checklist": "checklists",
    "child": "children",
    "meeting": "meetings",
    "start": "runs",
    "stop": "runs",
    "tick": "runs",
    "status": "reports",
    "export": "reports",
    "agenda": "agenda",
    "letter": "letters",
    "profile": "letters",
    "calendar": "calendars",
    "log": "record",
    "doc": "record",
    "timeline": "record",
    "plan": "plans",
    "service": "plans",
    "accommodation": "plans",
    "goal": "plans",
    "backup": "sharing",
    "restore": "sharing",
    "merge-files": "sharing",
    "missed": "missed",
}
# A command whose first word may be left out: ``missed CHILD TEXT`` is ``missed add …``.
DEFAULT_ACTIONS = {"missed": ("add", frozenset({"add", "list", "edit", "remove"}))}
MODULE_ORDER = list(dict.fromkeys(COMMAND_MODULES.values()))  # the order --help lists them
VALUED = ("--data-dir", "--checklists", "--today", "--lang")  # global options that take a value


def _command_in(argv: Sequence[str]) -> str | None:
    """The command a line names, when it names a known one and asks for no help."""
    values = False
    for token in argv:
        if token in ("-h", "--help", "--version"):
            return None
        if values:
            values = False
        elif token in VALUED:
            values = True
        elif not token.startswith("-"):
            return token if token in COMMAND_MODULES else None
    return None


def with_default_action(line: list[str]) -> list[str]:
    """The line with a left-out action put in (``missed sam …`` → ``missed add sam …``); a
    child named like an action is named after it (``missed add list …``)."""
    command = _command_in(line)
    if command not in DEFAULT_ACTIONS:
        return line
    default, actions = DEFAULT_ACTIONS[command]
    at = line.index(command)
    values = False
    for token in line[at + 1 :]:
        if token in ("-h", "--help"):
            return line
        if values:
            values = False
        elif token in VALUED:
            values = True
        elif not token.startswith("-"):
            if token in actions:
                return line
            break
    return [*line[: at + 1], default, *line[at + 1 :]]


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; with ``only`` (a command), just the module that registers it."""
    import importlib

    names = [COMMAND_MODULES[only]] if only in COMMAND_MODULES else MODULE_ORDER
    modules = [importlib.import_module(f"{__name__}.{name}") for name in names]
    parser = argparse.ArgumentParser(
        prog="iepcheck",
        description=_(GLOBAL_HELP),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"iepcheck {__version__}",
        help=_("show program's version number and exit"),
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help=_("open the app on a throw-away copy of sample data (writes nothing of yours)"),
    )
    add_global_options(parser, sub=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        add_global_options(sub, sub=True)
        return sub

    for module in modules:
        module.register(add)
    return parser


def _merge_globals(args: argparse.Namespace) -> None:
    sub_dirs = getattr(args, "sub_checklists", None) or []
    args.checklists = list(args.checklists or []) + list(sub_dirs)
    if getattr(args, "sub_data_dir", None):
        args.data_dir = args.sub_data_dir
    if getattr(args, "sub_today", None):
        args.today = args.sub_today
    if getattr(args, "sub_lang", None):
        args.lang = args.sub_lang


def _option_in(line: Sequence[str], option: str) -> str | None:
    """The last value given to ``option`` (``--opt V`` or ``--opt=V``), read before parsing."""
    found = None
    for at, token in enumerate(line):
        if token == "--":
            break
        if token == option and at + 1 < len(line):
            found = line[at + 1]
        elif token.startswith(option + "="):
            found = token.partition("=")[2]
    return found


def _choose_language(line: Sequence[str]) -> None:
    """Set the language before any parser is built, so its help is written in it."""
    from .. import i18n, locations

    option = _option_in(line, "--lang")
    option = option if option in i18n.LANGUAGES else None  # else argparse says so
    profile = None
    if option is None:
        profile = i18n.profile_language(locations.data_dir(_option_in(line, "--data-dir")))
    i18n.set_language(i18n.choose(option, profile, os.environ))


def main(
    argv: Sequence[str] | None = None,
    run_tui: Callable[[argparse.Namespace], int] | None = None,
) -> int:
    """Run one command; without a command, ``run_tui`` (the app) when a terminal allows."""
    line = list(sys.argv[1:] if argv is None else argv)
    from .common import undecodable

    if problem := undecodable(line):
        print(f"iepcheck: {problem}", file=sys.stderr)
        return 2
    _choose_language(line)
    plain = _app_args(line)
    if plain is not None:
        args = plain
    else:
        try:
            line = with_default_action(line)
            args = build_parser(_command_in(line)).parse_args(line)
        except SystemExit as exc:  # argparse's usage errors exit 2, --help/--version 0
            return int(exc.code or 0)
    _merge_globals(args)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            return _run_tui(args, run_tui)
        if getattr(args, "demo", False):
            raise InputError(
                _(
                    "--demo opens the app on sample data and takes no command; a command "
                    "works on your own data (or on --data-dir DIR)"
                )
            )
        if not gc.isenabled():  # paused for the start by __main__
            gc.freeze()
            gc.enable()
        return int(handler(args) or 0)
    except InputError as exc:
        print(f"iepcheck: {exc}", file=sys.stderr)
        return 2
    except ServiceError as exc:
        print(f"iepcheck: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `iepcheck status | head`: not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _run_tui(args: argparse.Namespace, run_tui: Callable[[argparse.Namespace], int] | None) -> int:
    if (
        run_tui is None
        or os.environ.get("TERM", "") in ("dumb", "")
        or not (sys.stdin.isatty() and sys.stdout.isatty())
    ):
        print(
            _(
                "iepcheck: the app needs an interactive terminal; use 'iepcheck status' "
                "or 'iepcheck export CHILD' instead (see 'iepcheck --help')."
            ),
            file=sys.stderr,
        )
        return 1
    return run_tui(args)
