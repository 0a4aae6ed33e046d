"""``iepcheck log …``, ``doc …`` and ``timeline``: the child's record beyond checklists."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import _
from ..records.kinds import DOC_KINDS, VIA
from ..reports.words import contact_words, doc_name, via_text

if TYPE_CHECKING:
    from ..records.model import Child
from ..textsafe import clean_line
from .common import Add, parse_date, subcommand, workspace_of, write_report


def register(add: Add) -> None:
    log = add("log", _("the communication log: every contact with the school, dated"))
    sub = log.add_subparsers(dest="log_command", metavar="ACTION", required=True)
    p = subcommand(sub, "add", _("a dated entry: what was said or asked"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("text", metavar="TEXT")
    _entry_options(p)
    p.set_defaults(handler=cmd_log_add)
    p = subcommand(sub, "list", _("the child's log, oldest first, the letters sent among it"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.set_defaults(handler=cmd_log_list)
    p = subcommand(sub, "edit", _("change an entry (only what you name)"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("entry", metavar="ENTRY")
    p.add_argument("--text", metavar="TEXT")
    _entry_options(p)
    p.set_defaults(handler=cmd_log_edit)
    p = subcommand(sub, "answered", _("the school answered: the follow-up is done"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("entry", metavar="ENTRY")
    p.add_argument("--on", metavar="DATE", help=_("the day it was answered (default: today)"))
    p.add_argument("--said", metavar="TEXT", help=_("what the answer said (kept on the entry)"))
    p.set_defaults(handler=cmd_log_answered)
    p = subcommand(sub, "remove", _("take an entry out of the log"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("entry", metavar="ENTRY")
    p.add_argument("--yes", action="store_true", help=_("confirm"))
    p.set_defaults(handler=cmd_log_remove)

    doc = add("doc", _("documents received, and whether each came on time"))
    sub = doc.add_subparsers(dest="doc_command", metavar="ACTION", required=True)
    p = subcommand(
        sub,
        "add",
        _("a document received; KIND is one of {value}").format(value=", ".join(DOC_KINDS)),
    )
    p.add_argument("child", metavar="CHILD")
    p.add_argument("kind", metavar="KIND")
    p.add_argument("--received", required=True, metavar="DATE", help=_("the day it arrived"))
    _doc_options(p)
    p.set_defaults(handler=cmd_doc_add)
    p = subcommand(sub, "list", _("the documents, with on time or late by N school days"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.set_defaults(handler=cmd_doc_list)
    p = subcommand(sub, "edit", _("change a document's details (only what you name)"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("entry", metavar="DOC")
    p.add_argument("--kind", metavar="KIND")
    p.add_argument("--received", metavar="DATE")
    _doc_options(p)
    p.set_defaults(handler=cmd_doc_edit)
    p = subcommand(sub, "remove", _("take a document out of the record"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("entry", metavar="DOC")
    p.add_argument("--yes", action="store_true", help=_("confirm"))
    p.set_defaults(handler=cmd_doc_remove)

    p = add("timeline", _("every dated thing in the child's record, in date order"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("--from", dest="start", type=parse_date, metavar="DATE")
    p.add_argument("--to", dest="end", type=parse_date, metavar="DATE")
    p.add_argument(
        "--only",
        choices=("log", "docs", "missed", "meetings"),
        help=_("missed: the incident report (each missed accommodation, when, where, whom told)"),
    )
    p.add_argument("--format", choices=("md", "txt", "html"), help=_("default: from -o, or txt"))
    p.add_argument("-o", "--output", metavar="FILE", help=_("write to FILE (default: stdout)"))
    p.add_argument("--replace", action="store_true", help=_("replace FILE if it exists"))
    p.set_defaults(handler=cmd_timeline)


def _entry_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--with", dest="with_whom", metavar="WHO", help=_("whom (a name or a role)"))
    p.add_argument("--via", metavar="HOW", help=_("how: {values}").format(values=", ".join(VIA)))
    p.add_argument("--on", metavar="DATE", help=_("the day it happened (default: today)"))
    p.add_argument("--follow-up", metavar="DATE", help=_("when to follow up if there is no answer"))


def _doc_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dated", metavar="DATE", help=_("the date printed on it"))
    p.add_argument("--requested", metavar="DATE", help=_("when you asked for it in writing"))
    p.add_argument("--meeting", metavar="M", help=_("the meeting it belongs to"))
    p.add_argument("--note", metavar="TEXT")
    p.add_argument("--file", metavar="PATH", help=_("where you keep it"))


# -- log ----------------------------------------------------------------------------------------


def cmd_log_add(args: argparse.Namespace) -> int:
    from ..service import record

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    op = record.communication(
        workspace,
        child,
        args.text,
        with_whom=args.with_whom or "",
        via=args.via or "",
        on=args.on,
        follow_up=args.follow_up,
    )
    workspace.update(child.id, op)
    print(op.entry.id)
    return 0


def cmd_log_list(args: argparse.Namespace) -> int:
    workspace = workspace_of(args)
    child = workspace.find(args.child)
    log = child.contact_log()
    if args.json:
        rows = [
            {
                "id": c.id,
                "day": c.day.isoformat(),
                "with": c.with_whom or None,
                "via": c.via or None,
                "text": c.text,
                "follow_up": c.follow_up.isoformat() if c.follow_up else None,
                "answered": c.answered.isoformat() if c.answered else None,
                "said": c.said or None,
                "letter": c.id if child.sent_letter(c.id) is not None else None,
            }
            for c in log
        ]
        print(json.dumps({"child": child.id, "log": rows}, indent=2, ensure_ascii=False))
        return 0
    if not log:
        print(
            _("No log entries for {child_id} yet: iepcheck log add {child_id} TEXT").format(
                child_id=child.id
            )
        )
    for c in log:
        who = _(" with {whom}").format(whom=clean_line(c.with_whom)) if c.with_whom else ""
        via = via_text(c.via)
        tail = ""
        if c.answered and c.said:
            tail = _("  [answered {day}: {said}]").format(day=c.answered, said=clean_line(c.said))
        elif c.answered:
            tail = _("  [answered {day}]").format(day=c.answered)
        elif c.follow_up and c.follow_up < workspace.clock.today():
            tail = _("  [follow up by {day} OVERDUE]").format(day=c.follow_up)
        elif c.follow_up:
            tail = _("  [follow up by {day}]").format(day=c.follow_up)
        print(f"{c.id}  {c.day}{who}{via}: {clean_line(contact_words(child, c))}{tail}")
    return 0


def cmd_log_edit(args: argparse.Namespace) -> int:
    from ..service import record

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    op = record.edit_communication(
        workspace,
        child,
        args.entry,
        text=args.text,
        with_whom=args.with_whom,
        via=args.via,
        on=args.on,
        follow_up=args.follow_up,
    )
    workspace.update(child.id, op)
    entry = record.find_communication(child, args.entry).id
    said = _("changed log entry {entry}") if op else _("log entry {entry} already says that")
    print(said.format(entry=entry))
    return 0


def cmd_log_answered(args: argparse.Namespace) -> int:
    from ..service import record

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    op = record.answered(workspace, child, args.entry, args.on, args.said)
    workspace.update(child.id, op)
    print(_("log entry {op_id} answered on {new}").format(op_id=op.id, new=op.changes[0].new))
    return 0


def cmd_log_remove(args: argparse.Namespace) -> int:
    from ..service import record
    from .common import InputError

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    op = record.remove_communication(child, args.entry)
    entry = record.find_communication(child, args.entry).id
    letter = child.sent_letter(entry) is not None
    if not args.yes:
        if letter:
            said = _(
                "this takes letter {entry} (the copy kept word for word) out of {child_id}'s "
                "record; add --yes"
            )
        else:
            said = _("this takes log entry {entry} out of {child_id}'s record; add --yes")
        raise InputError(said.format(entry=entry, child_id=child.id))
    workspace.update(child.id, op)
    said = _("removed letter {entry}") if letter else _("removed log entry {entry}")
    print(said.format(entry=entry))
    return 0


# -- documents ----------------------------------------------------------------------------------


def cmd_doc_add(args: argparse.Namespace) -> int:
    from ..service import record

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    op = record.document(
        workspace,
        child,
        args.kind,
        received=args.received,
        dated=args.dated,
        requested=args.requested,
        meeting=args.meeting,
        note=args.note or "",
        file=args.file or "",
    )
    saved = workspace.update(child.id, op)[0]
    print(op.document.id)
    for line in _verdict_lines(workspace.with_calendar(saved), op.document.id):
        print(f"  {line}")
    return 0


def _verdict_lines(child: Child, doc_id: str) -> list[str]:
    from ..records.schedule import calendar_for
    from ..reports.deadlines import verdicts

    doc = next(d for d in child.documents if d.id == doc_id)
    meeting = child.meeting(doc.meeting) if doc.meeting else None
    return [v.line() for v in verdicts(doc, meeting, calendar_for(child))]


def cmd_doc_list(args: argparse.Namespace) -> int:
    from ..service.exports import status

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    if args.json:
        data = status(workspace, [child.id], 36500)
        docs = data["children"][0]["documents"] if data["children"] else []
        print(json.dumps({"child": child.id, "documents": docs}, indent=2, ensure_ascii=False))
        return 0
    if not child.documents:
        print(
            _(
                "No documents for {child_id} yet: iepcheck doc add {child_id} KIND --received DATE"
            ).format(child_id=child.id)
        )
    for d in child.documents:
        name = doc_name(d.kind)
        dated = _(", dated {day}").format(day=d.dated) if d.dated else ""
        note = f"  ({clean_line(d.note)})" if d.note else ""
        print(f"{d.id}  {d.received}  {name}{dated}{note}")
        for line in _verdict_lines(child, d.id):
            print(f"      {line}")
    return 0


def cmd_doc_edit(args: argparse.Namespace) -> int:
    from ..service import record

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    op = record.edit_document(
        workspace,
        child,
        args.entry,
        kind=args.kind,
        received=args.received,
        dated=args.dated,
        requested=args.requested,
        meeting=args.meeting,
        note=args.note,
        file=args.file,
    )
    workspace.update(child.id, op)
    doc = record.find_document(child, args.entry).id
    said = _("changed document {doc}") if op else _("document {doc} already says that")
    print(said.format(doc=doc))
    return 0


def cmd_doc_remove(args: argparse.Namespace) -> int:
    from ..service import record
    from .common import InputError

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    op = record.remove_document(child, args.entry)
    if not args.yes:
        raise InputError(
            _("this takes document {op_id} out of {child_id}'s record; add --yes").format(
                op_id=op.id, child_id=child.id
            )
        )
    workspace.update(child.id, op)
    print(_("removed document {op_id}").format(op_id=op.id))
    return 0


# -- timeline -----------------------------------------------------------------------------------


def cmd_timeline(args: argparse.Namespace) -> int:
    from ..service.exports import format_for, timeline_text
    from .common import InputError

    if args.start and args.end and args.start > args.end:
        raise InputError(
            _("--from {start} is after --to {end}").format(start=args.start, end=args.end)
        )
    if args.output and args.output != "-":
        suffix = Path(args.output).suffix.lower()
        if suffix not in (".txt", ".text", ".md", ".markdown", ".html", ".htm"):
            raise InputError(
                _("{output}: a timeline is written as .txt, .md or .html").format(
                    output=args.output
                )
            )
    fmt = format_for(args.output, args.format)
    workspace = workspace_of(args)
    child = workspace.find(args.child)
    text = timeline_text(workspace, child, fmt, start=args.start, end=args.end, only=args.only)
    if not args.output or args.output == "-":
        sys.stdout.write(text)
    else:
        write_report(args.output, text, args.replace)
    return 0
