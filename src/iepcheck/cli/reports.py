"""The report commands: ``status`` and ``export``. They read; they never import Textual."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..i18n import _
from ..reports import snapshot
from ..reports.words import EXPORT_FORMATS
from .common import Add, InputError, use_color, warn_open_folders, workspace_of, write_report


def register(add: Add) -> None:
    p = add("status", _("what remains: meetings in the next N days, standing checklists, overdue"))
    p.add_argument("child", nargs="?", metavar="CHILD")
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.add_argument("--days", type=int, default=60, metavar="N", help=_("look N days ahead (60)"))
    p.add_argument(
        "--brief",
        action="store_true",
        help=_("at most three lines, nothing when nothing is due within a week (for ~/.profile)"),
    )
    p.set_defaults(handler=cmd_status)

    p = add("export", _("a printable record of a child's meetings and checklists"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("--meeting", metavar="M", help=_("only this meeting"))
    p.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        help=_("md, txt or html (default: from -o's extension, or txt)"),
    )
    p.add_argument("-o", "--output", metavar="FILE", help=_("write to FILE (default: stdout)"))
    p.add_argument("--replace", action="store_true", help=_("replace FILE if it exists"))
    p.set_defaults(handler=cmd_export)


def cmd_status(args: argparse.Namespace) -> int:
    if not 0 <= args.days <= 36500:
        raise InputError(_("--days must be between 0 and 36500"))
    warn_open_folders(args)
    form = "json" if args.json else "brief" if args.brief else f"text|{use_color()}"
    name = f"printed-status-{form.replace('|', '-')}-{args.days}"
    kept: tuple[Path, list[Path], str | None] | None = None
    if not args.child:
        # Every child, as last time when no file it came from has changed: print that
        # without loading a record (or importing the modules that read them).
        kept = _status_key(args)
        text = snapshot.load(name, kept[0], kept[2])
        if isinstance(text, str):
            sys.stdout.write(text)
            return 0
    text = _status_text(args, form)
    sys.stdout.write(text)
    if kept is not None:
        snapshot.save(name, kept[0], kept[2], text)
    return 0


def _status_key(args: argparse.Namespace) -> tuple[Path, list[Path], str | None]:
    from .. import locations
    from ..clock import Clock, zone_of

    data_dir = locations.data_dir(args.data_dir)
    extra = [Path(p) for p in args.checklists]
    today = Clock(args.today, zone=zone_of(data_dir)).today()
    return data_dir, extra, snapshot.key(data_dir, extra, today, args.days)


def _status_text(args: argparse.Namespace, form: str) -> str:
    from ..reports.status_text import status_text
    from ..service.exports import status

    workspace = workspace_of(args)
    ids = [workspace.find(args.child).id] if args.child else workspace.store.ids()
    data = status(workspace, ids, args.days)
    if form == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    from ..service.content import localized_status

    data = localized_status(workspace, data)  # the checklists' words in the app's language
    if form == "brief":
        from ..reports.brief import brief_text

        return brief_text(data)
    return status_text(data, use_color())


def cmd_export(args: argparse.Namespace) -> int:
    from ..service.exports import export_text, format_for
    from ..service.finding import find_meeting

    fmt = format_for(args.output, args.format)
    workspace = workspace_of(args)
    child = workspace.find(args.child)
    meeting = find_meeting(child, args.meeting) if args.meeting else None
    text = export_text(workspace, child, fmt, meeting)
    if not args.output or args.output == "-":
        sys.stdout.write(text)
    else:
        write_report(args.output, text, args.replace)
    return 0
