"""``iepcheck start``, ``stop`` and ``tick``: standing checklists, and items from a script."""

from __future__ import annotations

import argparse
import sys

from ..i18n import N_, _
from .common import (
    NOTE_HELP,
    Add,
    InputError,
    ServiceError,
    parse_date,
    read_note,
    workspace_of,
)

# What an item's state reads as after a tick (the record keeps the English word).
STATE_WORDS = {"done": N_("done"), "open": N_("open"), "skipped": N_("skipped")}


def register(add: Add) -> None:
    p = add("start", _("start a standing checklist for a child (504 monitoring, a plan switch)"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("checklist", metavar="CHECKLIST")
    p.add_argument("--again", action="store_true", help=_("archive the running one, start afresh"))
    p.set_defaults(handler=cmd_start)

    p = add("stop", _("stop a standing checklist (its ticks and logs stay in the record)"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("checklist", metavar="CHECKLIST")
    p.add_argument("--yes", action="store_true", help=_("confirm"))
    p.set_defaults(handler=cmd_stop)

    p = add(
        "tick", _("tick, untick or skip an item: iepcheck tick sam ct-ppt-prep/ask-for-records")
    )
    p.add_argument("child", metavar="CHILD")
    p.add_argument("target", metavar="CHECKLIST/ITEM")
    p.add_argument("--meeting", metavar="M", help=_("the meeting's id or date"))
    group = p.add_mutually_exclusive_group()
    group.add_argument("--undo", action="store_true", help=_("untick (or unskip) the item"))
    group.add_argument(
        "--skip", nargs="?", const="", metavar="REASON", help=_("mark as not applicable")
    )
    p.add_argument(
        "--on",
        type=parse_date,
        metavar="DATE",
        help=_("the day it really happened (dates counted from this item count from it)"),
    )
    p.add_argument("--note", metavar="TEXT|-", help=_(NOTE_HELP))
    p.add_argument(
        "--accept-shadow",
        action="store_true",
        help=_(
            "move the run to the checklist file now in force when it comes from "
            "another folder (it replaces the one the run started from)"
        ),
    )
    p.set_defaults(handler=cmd_tick)


def cmd_start(args: argparse.Namespace) -> int:
    from ..service import runs

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    try:
        op = runs.start_standing(workspace, child, args.checklist, again=args.again)
    except runs.AlreadyRunning as exc:
        raise ServiceError(
            _("{exc}; add --again to archive it and start afresh").format(exc=exc)
        ) from None
    workspace.update(child.id, op)
    print(
        _("started {checklist} for {child_id}").format(
            checklist=op.seed.template.checklist, child_id=child.id
        )
    )
    return 0


def cmd_stop(args: argparse.Namespace) -> int:
    from ..service import runs

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    op = runs.stop_standing(child, args.checklist)
    if not args.yes:
        raise InputError(
            _(
                "add --yes to stop {checklist} for {child_id} (its ticks and logs stay "
                "in the record)"
            ).format(checklist=args.checklist, child_id=child.id)
        )
    workspace.update(child.id, op)
    print(
        _(
            "stopped {checklist} for {child_id}; its ticks and logs stay in the "
            "record (iepcheck start {child_id} {checklist} begins a fresh one)"
        ).format(checklist=args.checklist, child_id=child.id)
    )
    return 0


def cmd_tick(args: argparse.Namespace) -> int:
    from ..service import runs

    checklist_id, slash, item_id = args.target.partition("/")
    if not slash or not checklist_id or not item_id:
        raise InputError(_("name the item as CHECKLIST/ITEM, e.g. ct-ppt-prep/ask-for-records"))
    if args.on is not None and (args.undo or args.skip is not None):
        raise InputError(_("--on goes with a tick, not with --undo or --skip"))
    note = read_note(args.note)
    workspace = workspace_of(args)
    child = workspace.find(args.child)
    run = runs.pick_run(child, checklist_id, args.meeting, workspace.clock.today())
    runs.check_item(workspace, run, item_id, accept_shadow=args.accept_shadow)
    shown = workspace.for_display(child).run(run.id) or run  # the item as its file says now
    change = runs.item_change(
        shown,
        item_id,
        workspace.clock.now(),
        undo=args.undo,
        skip=args.skip,
        note=note,
        on=args.on,
        child=child,
    )
    if not args.accept_shadow and (note_ := runs.shadow_note(workspace, run)):
        print(
            _("iepcheck: note: {note} (--accept-shadow moves it)").format(note=note_),
            file=sys.stderr,
        )
    op = runs.with_newer_version(workspace, run, change, accept_shadow=args.accept_shadow)
    saved = workspace.update(child.id, op)[0]
    state = saved.run(run.id).state(item_id).state  # type: ignore[union-attr]
    print(f"{checklist_id}/{item_id}: {_(STATE_WORDS.get(state, state))}")
    return 0
