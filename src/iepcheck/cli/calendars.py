"""``iepcheck calendar …``: school calendars in (a district's ``.ics``), meetings and dates out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..i18n import _, ngettext
from ..textsafe import clean_line
from .common import (
    Add,
    InputError,
    ServiceError,
    print_wrapped,
    subcommand,
    workspace_of,
)


def register(add: Add) -> None:
    calendar = add("calendar", _("school calendars in (a district's .ics), meetings and dates out"))
    sub = calendar.add_subparsers(dest="calendar_command", metavar="ACTION", required=True)
    p = subcommand(sub, "list", _("the school calendar files found"))
    p.set_defaults(handler=cmd_list)
    p = subcommand(
        sub,
        "import",
        _(
            "turn a district's .ics calendar into a school calendar file: its "
            "closures, first and last day; shows what it kept and ignored, then asks"
        ),
    )
    p.add_argument("file", metavar="FILE.ics")
    p.add_argument(
        "--id", required=True, metavar="ID", help=_("the calendar's id, e.g. hartford-2026-27")
    )
    p.add_argument(
        "--title", default="", metavar="T", help=_("what families see (at most 120 characters)")
    )
    p.add_argument("--yes", action="store_true", help=_("write it without asking (for scripts)"))
    p.add_argument("--replace", action="store_true", help=_("replace a calendar of the same id"))
    p.add_argument(
        "--open-unlisted-holidays",
        action="store_true",
        help=_("count the Connecticut holidays the file does not mention as school days"),
    )
    p.add_argument(
        "--words",
        metavar="W,W…",
        help=_(
            "the words that make an event a closure (default: no school, closed, "
            "recess, vacation, break, holiday, professional development, …)"
        ),
    )
    p.set_defaults(handler=cmd_import)
    p = subcommand(
        sub,
        "export",
        _(
            "meetings, dated items (a repeating one as one series) and follow-ups "
            "not answered yet, as a .ics file for a phone's calendar"
        ),
    )
    p.add_argument("child", nargs="?", metavar="CHILD", help=_("one child (default: all)"))
    p.add_argument("-o", "--output", metavar="FILE", help=_("write to FILE (default: stdout)"))
    p.add_argument(
        "--replace", action="store_true", help=_("replace FILE if it is not an earlier export")
    )
    p.add_argument(
        "--remind",
        metavar="WHEN",
        help=_(
            "a reminder this long before each event: 2d, 12h, 30m (default: 9am the day before)"
        ),
    )
    p.add_argument(
        "--only",
        metavar="KINDS",
        help=_(
            "only these: meetings, items, follow-ups (comma-separated, e.g. --only "
            "meetings); events an earlier export sent that are left out go out as "
            "cancelled"
        ),
    )
    p.set_defaults(handler=cmd_export)


def cmd_list(args: argparse.Namespace) -> int:
    workspace = workspace_of(args)
    library = workspace.calendars
    if not library.found and not library.broken:
        print(_("No school calendars yet: iepcheck calendar import FILE.ics --id ID"))
        return 0
    for cal in library.found.values():
        years = ", ".join(
            _("{first} to {last}").format(first=y.first_day, last=y.last_day) for y in cal.years
        )
        closures = ngettext("{n} closure", "{n} closures", len(cal.closed)).format(
            n=len(cal.closed)
        )
        years = years or _("no first day")
        print(f"{cal.id}  {clean_line(cal.title)}  ({years}; {closures})")
        print(f"  {clean_line(str(cal.path))}")
    for result in library.broken:
        for problem in result.errors:
            print(_("broken: {problem}").format(problem=clean_line(str(problem))))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from ..service import calendar_import

    words = (
        tuple(w.strip().lower() for w in args.words.split(",") if w.strip()) if args.words else None
    )
    from ..service.calendars import check_title

    title = check_title(args.title, "--title")
    workspace = workspace_of(args)
    plan = calendar_import.read(workspace, Path(args.file), args.id, title, words=words)
    print_wrapped(calendar_import.describe(plan))
    opened = plan.unlisted if args.open_unlisted_holidays else ()
    if not args.yes:
        if not sys.stdin.isatty():
            raise InputError(_("add --yes to write the calendar (nothing was written)"))
        answer = input(_("Write this calendar? [y/N] ")).strip().lower()
        if answer not in ("y", "yes", "s", "si", "sí"):  # "sí" in Spanish
            print(_("Nothing was written."))
            return 0
    target = calendar_import.write(workspace, plan, opened=opened, replace=args.replace)
    print(
        _(
            "wrote {target}; a child follows it with: iepcheck child calendar CHILD {plan_id}"
        ).format(target=target, plan_id=plan.id)
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from ..calendar.ics.write import parse_remind
    from ..service import calendar_export
    from ..service.exports import FileExists, write_file

    kinds = calendar_export.KINDS
    if args.only is not None:
        kinds = tuple(k.strip().lower() for k in args.only.split(",") if k.strip())
        wrong = [k for k in kinds if k not in calendar_export.KINDS]
        if wrong or not kinds:
            shown = clean_line(wrong[0]) if wrong else ""
            raise InputError(
                _(
                    "--only: '{shown}' is not a kind of event; use meetings, items or follow-ups"
                ).format(shown=shown)
            )
    remind = None
    if args.remind:
        try:
            remind = parse_remind(args.remind)
        except ValueError as exc:
            raise InputError(_("--remind: {exc}").format(exc=exc)) from None
    workspace = workspace_of(args)
    if args.child:
        chosen = [workspace.find(args.child)]
        name = f"iepcheck: {chosen[0].name}"
    else:
        children, problems = workspace.store.load_all()
        for problem in problems:
            print(_("iepcheck: {problem}; left out").format(problem=problem), file=sys.stderr)
        chosen = [workspace.with_calendar(c) for c in children]
        name = "iepcheck"
    done = calendar_export.export(workspace, chosen, remind, name, kinds)
    for note in done.notes:
        print(f"iepcheck: {clean_line(note)}", file=sys.stderr)
    if not args.output or args.output == "-":
        sys.stdout.write(done.data.decode("utf-8"))
        if warning := calendar_export.remember(done):
            print(f"iepcheck: {warning}", file=sys.stderr)
        return 0
    target = Path(args.output)
    again = calendar_export.is_earlier_export(target)
    try:
        write_file(target, done.data.decode("utf-8"), replace=args.replace or again)
    except FileExists as exc:
        raise ServiceError(_("{exc}; add --replace to replace it").format(exc=exc)) from None
    if warning := calendar_export.remember(done):
        print(f"iepcheck: {warning}", file=sys.stderr)
    said = ngettext("wrote {target}: {n} event", "wrote {target}: {n} events", done.events)
    said = said.format(target=target, n=done.events)
    if done.cancelled:
        said += ngettext(", {n} cancelled", ", {n} cancelled", done.cancelled).format(
            n=done.cancelled
        )
    print(said)
    return 0
