"""The progress commands: children, meetings, runs, ``tick``, ``status`` and ``export``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from . import locations
from .cli_common import CommandError, UsageError, add_global_options, parse_date
from .textsafe import clean_line

if TYPE_CHECKING:
    from .checklist import Checklist
    from .library import Library
    from .progress import Child, Meeting, Run
    from .store import Store

# Kept here, not imported, so building the parser loads no domain module.
PLANS = ("iep", "504", "none")
MEETING_KINDS = ("ppt", "504", "other")

NOTE_HELP = (
    "a note for the item; '-' reads it from standard input. On a shared machine other users "
    "can see command-line arguments (ps): use '-' for anything private"
)
DEFAULT_MEETING_CHECKLIST = "ct-ppt-prep"


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    child = add("child", "add, rename or remove a child; add the school's closed days")
    sub = child.add_subparsers(dest="child_command", metavar="ACTION", required=True)
    p = _sub(sub, "add", "add a child; prints the child's id")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--plan", choices=PLANS, default="none", help="the child's plan now")
    p.set_defaults(handler=cmd_child_add)
    p = _sub(sub, "rename", "change a child's name (the id stays the same)")
    p.add_argument("child", metavar="CHILD")
    p.add_argument("new_name", metavar="NEW")
    p.set_defaults(handler=cmd_child_rename)
    p = _sub(sub, "remove", "move a child's file to the trash folder (nothing is deleted)")
    p.add_argument("child", metavar="CHILD")
    p.add_argument("--yes", action="store_true", help="confirm")
    p.set_defaults(handler=cmd_child_remove)
    p = _sub(sub, "closed", "add days the school is closed: 2026-12-24..2027-01-01 or a date")
    p.add_argument("child", metavar="CHILD")
    p.add_argument("ranges", nargs="+", metavar="FROM[..TO]")
    p.add_argument("--label", default="", help="what it is, e.g. 'winter break'")
    p.set_defaults(handler=cmd_child_closed)

    meeting = add("meeting", "add, move or remove a child's meeting")
    sub = meeting.add_subparsers(dest="meeting_command", metavar="ACTION", required=True)
    p = _sub(sub, "add", "add a meeting with its checklists; prints the meeting's id")
    p.add_argument("child", metavar="CHILD")
    p.add_argument("date", metavar="DATE", type=parse_date)
    p.add_argument("--title", help="e.g. 'Annual review'")
    p.add_argument("--kind", choices=MEETING_KINDS, help="ppt, 504 or other")
    p.add_argument("--time", default="", help="e.g. 3:30pm")
    p.add_argument(
        "--checklist",
        action="append",
        default=[],
        metavar="ID",
        help=f"attach this checklist (repeatable; a PPT gets {DEFAULT_MEETING_CHECKLIST} "
        "when none is named)",
    )
    p.set_defaults(handler=cmd_meeting_add)
    p = _sub(sub, "move", "move a meeting to another date (due dates follow)")
    p.add_argument("child", metavar="CHILD")
    p.add_argument("meeting", metavar="M")
    p.add_argument("date", metavar="DATE", type=parse_date)
    p.set_defaults(handler=cmd_meeting_move)
    p = _sub(sub, "remove", "remove a meeting; its checklists' ticks stay in the file")
    p.add_argument("child", metavar="CHILD")
    p.add_argument("meeting", metavar="M")
    p.add_argument("--yes", action="store_true", help="confirm")
    p.set_defaults(handler=cmd_meeting_remove)

    p = add("start", "start a standing checklist for a child (504 monitoring, a plan switch)")
    p.add_argument("child", metavar="CHILD")
    p.add_argument("checklist", metavar="CHECKLIST")
    p.add_argument("--again", action="store_true", help="archive the running one, start afresh")
    p.set_defaults(handler=cmd_start)

    p = add("tick", "tick, untick or skip an item: iepcheck tick sam ct-ppt-prep/ask-for-records")
    p.add_argument("child", metavar="CHILD")
    p.add_argument("target", metavar="CHECKLIST/ITEM")
    p.add_argument("--meeting", metavar="M", help="the meeting's id or date")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--undo", action="store_true", help="untick (or unskip) the item")
    group.add_argument(
        "--skip", nargs="?", const="", metavar="REASON", help="mark as not applicable"
    )
    p.add_argument("--note", metavar="TEXT|-", help=NOTE_HELP)
    p.set_defaults(handler=cmd_tick)


def _sub(sub: argparse._SubParsersAction, name: str, help_text: str) -> argparse.ArgumentParser:
    parser = sub.add_parser(name, help=help_text, description=help_text)
    add_global_options(parser, sub=True)
    return parser


# -- helpers --------------------------------------------------------------------------------------


def store_of(args: argparse.Namespace) -> Store:
    from .store import Store

    return Store(locations.data_dir(args.data_dir))


def now_of(args: argparse.Namespace) -> datetime:
    """Now, on the day the user says is today (``--today``), with the local time zone."""
    return datetime.combine(args.today, datetime.now().time()).astimezone()


def find_child(store: Store, text: str) -> Child:
    from .store import ProgressError

    try:
        if text in store.ids():
            return store.load(text)
        children, problems = store.load_all()
    except ProgressError as exc:
        raise CommandError(str(exc)) from None
    matches = [c for c in children if c.name.casefold() == text.casefold()]
    if len(matches) == 1:
        return matches[0]
    for problem in problems:
        if problem.path.stem.casefold() == text.casefold():
            raise CommandError(str(problem))
    known = ", ".join(f"{c.id} ({clean_line(c.name)})" for c in children) or "none yet"
    raise CommandError(f"no child '{clean_line(text)}'; children: {known}")


def find_meeting(child: Child, text: str) -> Meeting:
    meeting = child.meeting(text)
    if meeting is not None:
        return meeting
    try:
        day = date.fromisoformat(text)
    except ValueError:
        day = None
    same_day = [m for m in child.meetings if m.date == day]
    if len(same_day) == 1:
        return same_day[0]
    listing = ", ".join(f"{m.id} ({m.date}, {clean_line(m.title)})" for m in child.meetings)
    if len(same_day) > 1:
        raise CommandError(f"{len(same_day)} meetings on {day}; name one by id: {listing}")
    raise CommandError(
        f"no meeting '{clean_line(text)}' for {child.id}; meetings: {listing or 'none'}"
    )


def _update(store: Store, child: Child, change: Callable[[Child], object]) -> object:
    from .store import ProgressError

    try:
        return store.update(child.id, change)[1]
    except ProgressError as exc:
        raise CommandError(str(exc)) from None


def _checklists(
    args: argparse.Namespace, ids: list[str]
) -> tuple[list[tuple[Checklist, str]], Library]:
    from .cli_checklists import library_of

    library = library_of(args)
    found = []
    for checklist_id in ids:
        entry = library.get(checklist_id)
        if entry is None or entry.checklist is None:
            known = ", ".join(e.result.id or "" for e in library.active())
            raise CommandError(f"no checklist '{clean_line(checklist_id)}'; found: {known}")
        found.append((entry.checklist, entry.origin))
    return found, library


# -- children -------------------------------------------------------------------------------------


def cmd_child_add(args: argparse.Namespace) -> int:
    from .store import NameTaken

    store = store_of(args)
    try:
        child = store.create(args.name, args.plan)
    except NameTaken:
        raise CommandError(f"a child named '{clean_line(args.name)}' already exists") from None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    print(child.id)
    return 0


def cmd_child_rename(args: argparse.Namespace) -> int:
    store = store_of(args)
    child = find_child(store, args.child)
    new = args.new_name.strip()
    if not new:
        raise UsageError("the new name is empty")
    if store.name_taken(new, except_id=child.id):
        raise CommandError(f"a child named '{clean_line(new)}' already exists")

    def change(c: Child) -> None:
        c.name = new

    _update(store, child, change)
    print(f"{child.id} is now called {clean_line(new)}")
    return 0


def cmd_child_remove(args: argparse.Namespace) -> int:
    store = store_of(args)
    child = find_child(store, args.child)
    if not args.yes:
        raise UsageError(f"this moves {child.id}'s file to the trash folder; add --yes to confirm")
    target = store.remove(child.id)
    print(f"moved {child.id} to {target}")
    return 0


def parse_range(text: str) -> tuple[date, date]:
    start_text, _, end_text = text.partition("..")
    try:
        start = date.fromisoformat(start_text)
        end = date.fromisoformat(end_text) if end_text else start
    except ValueError:
        raise UsageError(f"'{text}' is not a date or a range like 2026-12-24..2027-01-01") from None
    if end < start:
        raise UsageError(f"'{text}' ends before it starts")
    if (end - start).days > 366:
        raise UsageError(f"'{text}' is longer than a year")
    return start, end


def cmd_child_closed(args: argparse.Namespace) -> int:
    store = store_of(args)
    ranges = [parse_range(t) for t in args.ranges]
    child = find_child(store, args.child)

    def change(c: Child) -> None:
        for start, end in ranges:
            c.add_closed(start, end, args.label)

    _update(store, child, change)
    print(f"added {len(ranges)} closed date{'s' if len(ranges) != 1 else ''} for {child.id}")
    return 0


# -- meetings -------------------------------------------------------------------------------------


def cmd_meeting_add(args: argparse.Namespace) -> int:
    store = store_of(args)
    child = find_child(store, args.child)
    from .progress import DEFAULT_MEETING_TITLES, default_meeting_kind

    kind = args.kind or default_meeting_kind(child.plan)
    wanted = list(args.checklist)
    if not wanted and kind == "ppt":
        wanted = [DEFAULT_MEETING_CHECKLIST]
    found, _ = _checklists(args, wanted)
    title = args.title or DEFAULT_MEETING_TITLES[kind]

    def change(c: Child) -> Meeting:
        meeting = c.add_meeting(args.date, title, kind, args.time)
        for checklist, origin in found:
            c.attach(checklist, origin, args.today, meeting.id)
        return meeting

    meeting = _update(store, child, change)
    print(meeting.id)
    return 0


def cmd_meeting_move(args: argparse.Namespace) -> int:
    store = store_of(args)
    child = find_child(store, args.child)
    meeting_id = find_meeting(child, args.meeting).id

    def change(c: Child) -> None:
        meeting = c.meeting(meeting_id)
        if meeting is None:
            raise CommandError(f"meeting {meeting_id} was removed meanwhile")
        meeting.date = args.date
        c.sort_meetings()

    _update(store, child, change)
    print(f"moved {meeting_id} to {args.date}")
    return 0


def cmd_meeting_remove(args: argparse.Namespace) -> int:
    store = store_of(args)
    child = find_child(store, args.child)
    meeting = find_meeting(child, args.meeting)
    if not args.yes:
        raise UsageError("add --yes to remove the meeting (its checklists' ticks are kept)")
    _update(store, child, lambda c: c.remove_meeting(meeting.id))
    print(f"removed {meeting.id}; its checklists' ticks stay in {child.id}'s file")
    return 0


# -- runs -----------------------------------------------------------------------------------------


def cmd_start(args: argparse.Namespace) -> int:
    store = store_of(args)
    child = find_child(store, args.child)
    [(checklist, origin)], _ = _checklists(args, [args.checklist])

    def change(c: Child) -> Run:
        running = c.standing_run(checklist.id)
        if running is not None:
            if not args.again:
                raise CommandError(
                    f"{checklist.id} is already running for {c.id} since {running.started}; "
                    "add --again to archive it and start afresh"
                )
            running.archived = True
        return c.attach(checklist, origin, args.today)

    _update(store, child, change)
    print(f"started {checklist.id} for {child.id}")
    return 0


def _pick_run(child: Child, checklist_id: str, meeting_text: str | None, today: date) -> Run:
    from .schedule import calendar_for, summarize_meeting

    if meeting_text:
        meeting = find_meeting(child, meeting_text)
        runs = [r for r in child.runs_for(meeting.id) if r.checklist == checklist_id]
        if not runs:
            raise CommandError(f"meeting {meeting.id} has no checklist {checklist_id}")
        return runs[0]
    standing = child.standing_run(checklist_id)
    if standing is not None:
        return standing
    cal = calendar_for(child)
    candidates = []
    for meeting in child.meetings:
        runs = [r for r in child.runs_for(meeting.id) if r.checklist == checklist_id]
        if runs and summarize_meeting(child, meeting, cal, today).active:
            candidates.append((abs((meeting.date - today).days), meeting, runs[0]))
    if not candidates:
        raise CommandError(
            f"{child.id} has no running '{clean_line(checklist_id)}' checklist; "
            f"attach it to a meeting or run: iepcheck start {child.id} {checklist_id}"
        )
    candidates.sort(key=lambda c: c[0])
    if len(candidates) > 1 and candidates[0][0] == candidates[1][0]:
        listing = ", ".join(f"{m.id} ({m.date})" for _, m, _ in candidates)
        raise CommandError(f"more than one meeting could be meant; add --meeting: {listing}")
    return candidates[0][2]


def cmd_tick(args: argparse.Namespace) -> int:
    checklist_id, slash, item_id = args.target.partition("/")
    if not slash or not checklist_id or not item_id:
        raise UsageError("name the item as CHECKLIST/ITEM, e.g. ct-ppt-prep/ask-for-records")
    note = args.note
    if note == "-":
        note = sys.stdin.read().rstrip("\n")
    store = store_of(args)
    child = find_child(store, args.child)
    run_id = _pick_run(child, checklist_id, args.meeting, args.today).id
    now = now_of(args)
    from .cli_checklists import library_of

    library = library_of(args)

    def change(c: Child) -> str:
        run = c.run(run_id)
        if run is None:
            raise CommandError("that checklist was removed meanwhile")
        entry = library.get(run.checklist)
        if (
            entry is not None
            and entry.checklist is not None
            and entry.checklist.version > run.version
        ):
            run.refresh(entry.checklist, entry.origin)
        if run.find(item_id) is None:
            raise CommandError(
                f"no item '{clean_line(item_id)}' in {run.checklist}; items: "
                + ", ".join(run.item_ids())
            )
        if args.undo:
            run.untick(item_id)
        elif args.skip is not None:
            run.skip(item_id, now, args.skip)
        else:
            run.tick(item_id, now)
        if note is not None:
            run.set_note(item_id, note)
        return run.state(item_id).state

    state = _update(store, child, change)
    print(f"{checklist_id}/{item_id}: {state}")
    return 0
