"""``iepcheck letter …`` and ``iepcheck profile …``: letters filled in from a child's record,
and the parent's details they are signed with."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..records.letters import PARENT_KEYS
from ..service import details, letters
from ..service.exports import FORMATS, FileExists, format_for, write_file
from ..textsafe import clean_line
from .common import Add, InputError, ServiceError, parse_date, plural, subcommand, workspace_of

LETTER_HELP = """\
iepcheck letter list [CHILD]          the letters there are (for CHILD: with their items)
iepcheck letter CHILD LETTER          the letter filled in from CHILD's record
iepcheck letter CHILD LETTER --sent   record it as sent: keeps a copy, ticks its item"""


def register(add: Add) -> None:
    p = add("letter", "letters a checklist asks for, filled in from a child's record")
    p.description = LETTER_HELP
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument("words", nargs="+", metavar="CHILD LETTER | list [CHILD]")
    p.add_argument("--meeting", metavar="M", help="fill in this meeting's date and notes")
    p.add_argument(
        "--format", choices=FORMATS, help="md, txt or html (default: from -o's extension, or txt)"
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    p.add_argument("--replace", action="store_true", help="replace FILE if it exists")
    p.add_argument(
        "--sent", action="store_true", help="record the letter as sent and tick its item"
    )
    p.add_argument("--on", type=parse_date, metavar="DATE", help="with --sent: the day it went")
    p.set_defaults(handler=cmd_letter)

    profile = add("profile", "your name and contact details, for the letters")
    sub = profile.add_subparsers(dest="profile_command", metavar="ACTION", required=True)
    p = subcommand(sub, "show", "print the profile")
    p.set_defaults(handler=cmd_profile_show)
    p = subcommand(sub, "set", "set name=… address=… email=… phone=… (an empty value clears)")
    p.add_argument("pairs", nargs="+", metavar="KEY=VALUE")
    p.set_defaults(handler=cmd_profile_set)


def cmd_letter(args: argparse.Namespace) -> int:
    words = args.words
    if words[0] == "list" and len(words) <= 2:
        return _list(args, words[1] if len(words) == 2 else None)
    if len(words) != 2:
        raise InputError("give a child and a letter: iepcheck letter CHILD LETTER (or: list)")
    if args.on is not None and not args.sent:
        raise InputError("--on goes with --sent (the day the letter went out)")
    fmt = format_for(args.output, args.format)
    workspace = workspace_of(args)
    if args.on is not None and args.on > workspace.clock.today():
        raise InputError(f"--on {args.on} is in the future")
    child = workspace.find(words[0])
    found = letters.find_letter(workspace, words[1])
    draft = letters.compose(workspace, child, found, args.meeting)
    if draft.filled.missing:
        print(
            f"iepcheck: the letter has no {', '.join(draft.filled.missing)} yet: shown as "
            "'[… — fill in]'. Set your details with: iepcheck profile set name=… email=…; "
            f"the child's with: iepcheck child set {child.id} …",
            file=sys.stderr,
        )
    from ..reports.letters import letter_file

    text = letter_file(draft.filled.subject, draft.filled.body, fmt)
    if args.output and args.output != "-":
        try:
            target = write_file(Path(args.output), text, replace=args.replace)
        except FileExists as exc:
            raise ServiceError(f"{exc}; add --replace to replace it") from None
        print(f"wrote {target}")
    elif not args.sent:
        sys.stdout.write(text)
    if args.sent:
        op = letters.sent_op(workspace, child, draft, draft.filled.body, args.on)
        workspace.update(child.id, op)
        ticked = (
            f"; ticked {draft.link.run.checklist}/{draft.link.item}"
            if draft.link is not None
            else ""
        )
        print(f"recorded '{clean_line(found.letter.title)}' as sent on {op.letter.sent}{ticked}")
    return 0


def _list(args: argparse.Namespace, child_text: str | None) -> int:
    workspace = workspace_of(args)
    if child_text is None:
        for found in letters.every_letter(workspace):
            print(f"{found.ref:<44} {clean_line(found.letter.title)}")
        return 0
    child = workspace.find(child_text)
    today = workspace.clock.today()
    shown = 0
    for found in letters.every_letter(workspace):
        link = letters.link_for(child, found.ref, None, today)
        if link is None:
            continue
        shown += 1
        state = link.run.state(link.item)
        mark = {"done": "x", "skipped": "-"}.get(state.state, " ")
        sent = [x.sent for x in child.letters if x.letter == found.ref]
        when = f" (sent {sent[-1]})" if sent else ""
        print(
            f"[{mark}] {found.ref:<44} {clean_line(found.letter.title)}{when}\n"
            f"      for {link.run.checklist}/{link.item}"
        )
    if not shown:
        print(
            f"none of {child.id}'s checklists asks for a letter; all letters: iepcheck letter list"
        )
    else:
        print(f"{plural(shown, 'letter')}; fill one in: iepcheck letter {child.id} LETTER")
    return 0


def cmd_profile_show(args: argparse.Namespace) -> int:
    workspace = workspace_of(args)
    shown = details.profile(workspace)
    for key in PARENT_KEYS:
        print(f"{key:<8} {clean_line(getattr(shown, key)) or '-'}")
    return 0


def cmd_profile_set(args: argparse.Namespace) -> int:
    workspace = workspace_of(args)
    values = details.pairs(args.pairs, PARENT_KEYS)
    details.set_profile(workspace, values)
    print(f"saved {', '.join(values)} to your profile")
    return 0
