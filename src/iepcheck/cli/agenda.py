"""The ``agenda`` command: what is due across every child, by date. It never imports Textual."""

from __future__ import annotations

import argparse
import json
import sys

from ..i18n import _
from .common import Add, InputError, use_color, warn_open_folders, workspace_of


def register(add: Add) -> None:
    p = add(
        "agenda",
        _(
            "one agenda across every child: overdue first, then each day's meetings, "
            "items due, follow-ups and plan dates"
        ),
    )
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.add_argument("--days", type=int, default=60, metavar="N", help=_("look N days ahead (60)"))
    p.set_defaults(handler=cmd_agenda)


def cmd_agenda(args: argparse.Namespace) -> int:
    if not 0 <= args.days <= 36500:
        raise InputError(_("--days must be between 0 and 36500"))
    from ..reports.agenda import agenda_text
    from ..service.agenda import agenda

    warn_open_folders(args)
    doc = agenda(workspace_of(args), args.days, localized=not args.json)
    if args.json:
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(agenda_text(doc, use_color()))
    return 0
