"""``iepcheck child …``: add, rename or remove a child; its contacts; the school's closed days."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import N_, _, ngettext
from ..textsafe import clean_line

if TYPE_CHECKING:
    from ..records.model import Contact
from .common import (
    PASSPHRASE_HELP,
    Add,
    InputError,
    ask_passphrase,
    passphrase,
    subcommand,
    workspace_of,
)


def register(add: Add) -> None:
    child = add("child", _("add, rename or remove a child; add the school's closed days"))
    sub = child.add_subparsers(dest="child_command", metavar="ACTION", required=True)
    p = subcommand(sub, "add", _("add a child; prints the child's id"))
    p.add_argument("name", metavar="NAME")
    p.add_argument("--plan", default="none", help=_("the child's plan now: iep, 504 or none"))
    p.set_defaults(handler=cmd_add)
    p = subcommand(sub, "rename", _("change a child's name (the id stays the same)"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("new_name", metavar="NEW")
    p.set_defaults(handler=cmd_rename)
    p = subcommand(sub, "remove", _("move a child's file to the trash folder (nothing is deleted)"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("--yes", action="store_true", help=_("confirm"))
    p.set_defaults(handler=cmd_remove)
    p = subcommand(sub, "closed", _("days the school is closed: 2026-12-24..2027-01-01 or a date"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("ranges", nargs="+", metavar="FROM[..TO]")
    p.add_argument("--label", default="", help=_("what it is, e.g. 'winter break'"))
    p.add_argument("--remove", action="store_true", help=_("take these closed days back"))
    p.set_defaults(handler=cmd_closed)
    p = subcommand(
        sub, "calendar", _("the school calendar file the child's school follows (none: no file)")
    )
    p.add_argument("child", metavar="CHILD")
    p.add_argument("calendar", metavar="CALENDAR-ID")
    p.set_defaults(handler=cmd_calendar)
    p = subcommand(
        sub, "open", _("Connecticut holidays this child's school is open, like 2027-02-12")
    )
    p.add_argument("child", metavar="CHILD")
    p.add_argument("days", nargs="+", metavar="DATE")
    p.add_argument("--remove", action="store_true", help=_("take these open days back"))
    p.set_defaults(handler=cmd_open)
    p = subcommand(
        sub,
        "set",
        _(
            "born=YYYY-MM-DD grade=7 school=… district=…; contacts by role: "
            "case_manager=… 504_coordinator=… special_education_director=… "
            "principal=… teacher=…; and parent_name=… parent_address=… "
            "parent_email=… parent_phone=… when this child's letters are signed "
            "differently from your profile (an empty value clears)"
        ),
    )
    p.add_argument("child", metavar="CHILD")
    p.add_argument("pairs", nargs="+", metavar="KEY=VALUE")
    p.set_defaults(handler=cmd_set)
    _register_contacts(sub)
    p = subcommand(
        sub,
        "repair",
        _(
            "a child's file too large to open: say which texts make it so, and with "
            "--yes move them to a file in the trash folder (kept, never deleted) so "
            "the child opens again"
        ),
    )
    p.add_argument("child", metavar="CHILD", help=_("the child's id (the file's name)"))
    p.add_argument("--yes", action="store_true", help=_("move the texts"))
    p.set_defaults(handler=cmd_repair)
    p = subcommand(
        sub,
        "history",
        _(
            "the days a child's file was kept as it was (the first change of each "
            "day keeps one); --restore DATE brings that day's file back whole (the "
            "one it replaces goes to trash)"
        ),
    )
    p.add_argument("child", metavar="CHILD")
    p.add_argument("--restore", metavar="DATE", help=_("bring back the file as kept on DATE"))
    p.set_defaults(handler=cmd_history)
    p = subcommand(
        sub,
        "share",
        _(
            "one file with a child's record for a co-parent or an advocate "
            "(recognized by its content, whatever its name): the record, the "
            "checklist words it uses, its school calendar; never your profile. Says "
            "what goes in, and whether it is encrypted"
        ),
    )
    p.add_argument("child", metavar="CHILD")
    p.add_argument("-o", "--output", metavar="FILE", required=True, help=_("the file to write"))
    p.add_argument(
        "--without", choices=["letters"], help=_("leave out the letters sent (word for word)")
    )
    p.add_argument("--passphrase", action="store_true", help=_(PASSPHRASE_HELP))
    p.add_argument("--passphrase-file", metavar="F", help=_("read the passphrase from the file F"))
    p.add_argument(
        "--recipient",
        metavar="KEY",
        action="append",
        default=[],
        help=_("encrypt to this age public key (age1…; the other side opens it with its key)"),
    )
    p.set_defaults(handler=cmd_share)
    p = subcommand(
        sub,
        "receive",
        _(
            "a shared record: adds the child, or merges it into the same child "
            "(field by field, losing nothing)"
        ),
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--identity", metavar="FILE", help=_("your age key file, for a file sent to it"))
    p.add_argument("--passphrase-file", metavar="F", help=_("the passphrase of an encrypted file"))
    p.add_argument(
        "--into", metavar="CHILD", help=_("merge into this child (a record made separately here)")
    )
    p.set_defaults(handler=cmd_receive)


ROLES_HELP = N_("case_manager, 504_coordinator, special_education_director, principal or teacher")


def _register_contacts(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    contact = subcommand(
        sub, "contact", _("the child's contacts at the school: any number of each role")
    )
    actions = contact.add_subparsers(dest="contact_command", metavar="ACTION", required=True)
    p = subcommand(actions, "add", _("add a contact (three teachers: add each); prints its id"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("role", metavar="ROLE", help=_(ROLES_HELP))
    p.add_argument("name", metavar="NAME")
    _contact_options(p)
    p.set_defaults(handler=cmd_contact_add)
    p = subcommand(actions, "list", _("the child's contacts, with their ids"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.set_defaults(handler=cmd_contact_list)
    p = subcommand(
        actions, "edit", _("change a contact (only what you name; an empty value clears)")
    )
    p.add_argument("child", metavar="CHILD")
    p.add_argument("contact", metavar="ID")
    p.add_argument("--role", metavar="ROLE", help=_(ROLES_HELP))
    p.add_argument("--name", metavar="NAME")
    _contact_options(p)
    p.set_defaults(handler=cmd_contact_edit)
    p = subcommand(actions, "remove", _("take a contact out of the child's record"))
    p.add_argument("child", metavar="CHILD")
    p.add_argument("contact", metavar="ID")
    p.add_argument("--yes", action="store_true", help=_("confirm"))
    p.set_defaults(handler=cmd_contact_remove)


def _contact_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--subject",
        metavar="S",
        help=_("what a teacher teaches: a missed class's letter goes there"),
    )
    p.add_argument("--email", metavar="E")
    p.add_argument("--phone", metavar="P")
    p.add_argument("--note", metavar="T", help=_("a note (e.g. best reached after 3pm)"))


def _contact_line(c: Contact) -> str:
    subject = f" ({clean_line(c.subject)})" if c.subject else ""
    parts = [clean_line(x) for x in (c.email, c.phone) if x]
    reach = f"  {', '.join(parts)}" if parts else ""
    note = f"  — {clean_line(c.note)}" if c.note else ""
    return f"{c.id}  {clean_line(c.role)}{subject}: {clean_line(c.name)}{reach}{note}"


def cmd_contact_add(args: argparse.Namespace) -> int:
    from ..service import details

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    op = details.add_contact(
        child,
        args.role,
        args.name,
        subject=args.subject or "",
        email=args.email or "",
        phone=args.phone or "",
        note=args.note or "",
    )
    workspace.update(child.id, op)
    print(op.contact.id)
    return 0


def cmd_contact_list(args: argparse.Namespace) -> int:
    from ..service import details

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    if args.json:
        rows = [details.contact_json(c) for c in child.contacts]
        print(json.dumps({"child": child.id, "contacts": rows}, indent=2, ensure_ascii=False))
        return 0
    if not child.contacts:
        print(
            _(
                "No contacts for {child_id} yet: iepcheck child contact add {child_id} ROLE NAME"
            ).format(child_id=child.id)
        )
    for c in child.contacts:
        print(_contact_line(c))
    return 0


def cmd_contact_edit(args: argparse.Namespace) -> int:
    from ..service import details

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    fields = {k: getattr(args, k) for k in details.CONTACT_FIELDS}
    op = details.edit_contact(child, args.contact, **fields)
    contact = details.find_contact(child, args.contact)
    if op is None:
        print(_("contact {contact_id} already says that").format(contact_id=contact.id))
        return 0
    workspace.update(child.id, op)
    print(_("changed contact {contact_id}").format(contact_id=contact.id))
    return 0


def cmd_contact_remove(args: argparse.Namespace) -> int:
    from ..service import details

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    op = details.remove_contact(child, args.contact)
    if not args.yes:
        raise InputError(
            _("this takes contact {op_id} out of {child_id}'s record; add --yes").format(
                op_id=op.id, child_id=child.id
            )
        )
    workspace.update(child.id, op)
    print(
        _("removed contact {op_id} ({name})").format(
            op_id=op.id, name=clean_line(details.find_contact(child, op.id).name)
        )
    )
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from ..service import children

    workspace = workspace_of(args)
    child = children.create(workspace.store, args.name, children.plan_of(args.plan))
    print(child.id)
    return 0


def cmd_rename(args: argparse.Namespace) -> int:
    from ..service import children

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    new = children.check_new_name(workspace.store, child, args.new_name)
    workspace.update(child.id, children.rename(child, new))
    print(_("{child_id} is now called {new}").format(child_id=child.id, new=clean_line(new)))
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from ..service import children

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    if not args.yes:
        raise InputError(
            _("this moves {child_id}'s file to the trash folder; add --yes to confirm").format(
                child_id=child.id
            )
        )
    target = children.remove(workspace.store, child)
    print(_("moved {child_id} to {target}").format(child_id=child.id, target=target))
    return 0


def cmd_closed(args: argparse.Namespace) -> int:
    from ..records.operations import AddClosed, RemoveClosed
    from ..service import children

    workspace = workspace_of(args)
    label = children.check_text(args.label, "--label")
    ranges = tuple(children.parse_range(t, label) for t in args.ranges)
    child = workspace.find(args.child)
    if args.remove:
        count = workspace.update(child.id, RemoveClosed(ranges))[1].value
        print(
            ngettext(
                "removed {n} closed date of {child_id}",
                "removed {n} closed dates of {child_id}",
                count,
            ).format(n=count, child_id=child.id)
        )
    else:
        count = workspace.update(child.id, AddClosed(ranges))[1].value
        print(
            ngettext(
                "added {n} closed date for {child_id}",
                "added {n} closed dates for {child_id}",
                count,
            ).format(n=count, child_id=child.id)
        )
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    from ..service import details

    workspace = workspace_of(args)
    values = details.pairs(args.pairs, details.CHILD_KEYS)
    child = workspace.find(args.child)
    workspace.update(child.id, details.child_details_op(child, values, workspace.clock.today()))
    print(_("saved {value} for {child_id}").format(value=", ".join(values), child_id=child.id))
    return 0


def cmd_calendar(args: argparse.Namespace) -> int:
    from ..service import calendars

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    op = calendars.set_calendar(workspace, child, args.calendar)
    workspace.update(child.id, op)
    if op.calendar:
        print(
            _("{child_id} follows the school calendar {calendar}").format(
                child_id=child.id, calendar=op.calendar
            )
        )
    else:
        print(
            _("{child_id} follows no calendar file (only its own closed days)").format(
                child_id=child.id
            )
        )
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    from ..service import calendars

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    op = calendars.open_days(args.days, workspace.clock.today(), not args.remove)
    if not args.remove:
        for day in calendars.not_holidays(op.days):
            print(
                _(
                    "iepcheck: {day} is not a Connecticut holiday: an open day only "
                    "overrides a holiday (to take back a closed day: iepcheck child closed "
                    "--remove)"
                ).format(day=day),
                file=sys.stderr,
            )
    count = workspace.update(child.id, op)[1].value
    if args.remove:
        said = ngettext(
            "took back {n} open day for {child_id}", "took back {n} open days for {child_id}", count
        )
    else:
        said = ngettext(
            "added {n} open day for {child_id}", "added {n} open days for {child_id}", count
        )
    print(said.format(n=count, child_id=child.id))
    return 0


def cmd_repair(args: argparse.Namespace) -> int:
    from ..service import repair

    workspace = workspace_of(args)
    store = workspace.store
    wanted = args.child.strip()
    child_id = next((i for i in store.ids() if i.casefold() == wanted.casefold()), None)
    if child_id is None:
        child_id = workspace.find(wanted).id  # by name, when the file opens
    found = repair.plan(store, child_id)
    mib = found.size / 2**20
    if not found.bigs:
        print(
            _("{child_id}'s file ({mib:.1f} MiB) opens as it is: nothing to repair").format(
                child_id=child_id, mib=mib
            )
        )
        return 0
    print(
        _("{child_id}'s file is {mib:.1f} MiB. These texts make it large:").format(
            child_id=child_id, mib=mib
        )
    )
    for big in found.bigs:
        if big.size > big.cap:
            said = _("  {where}: {size:,} characters, over its limit of {cap:,}")
        else:
            said = _("  {where}: {size:,} characters")
        print(said.format(where=clean_line(big.where), size=big.size, cap=big.cap))
    if not args.yes:
        print(
            _(
                "Add --yes to move them to a file in the trash folder (kept, never "
                "deleted); the file would then be about {after:.1f} MiB"
            ).format(after=found.after / 2**20)
        )
        return 0
    done, target = repair.apply(store, child_id)
    print(
        ngettext(
            "moved {n} text to {target}; {child_id} opens again",
            "moved {n} texts to {target}; {child_id} opens again",
            len(done.bigs),
        ).format(n=len(done.bigs), target=target, child_id=child_id)
    )
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from datetime import date

    from ..records import history
    from ..records.store import ProgressError
    from .common import ServiceError

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    if args.restore:
        try:
            day = date.fromisoformat(args.restore.strip())
        except ValueError:
            raise InputError(
                _("--restore: '{restore}' is not a date").format(restore=clean_line(args.restore))
            ) from None
        try:
            used, moved = history.restore(workspace.store, child.id, day)
        except ProgressError as exc:
            raise ServiceError(str(exc)) from None
        if moved:
            said = _(
                "{child_id} is back as it was on {day} (from {used}); the file it replaced "
                "is in {moved}"
            )
        else:
            said = _("{child_id} is back as it was on {day} (from {used})")
        print(said.format(child_id=child.id, day=day, used=used, moved=moved))
        return 0
    kept = history.listing(workspace.data_dir, child.id)
    if not kept:
        print(
            _("no day of {child_id} is kept yet (the first change of each day keeps one)").format(
                child_id=child.id
            )
        )
    for entry in kept:
        print(
            _("{day}  {size:>9,} bytes  {path}").format(
                day=entry.day, size=entry.size, path=entry.path
            )
        )
    return 0


def cmd_share(args: argparse.Namespace) -> int:
    from ..service import sharing

    workspace = workspace_of(args)
    child = workspace.find(args.child)
    if args.recipient and (args.passphrase or args.passphrase_file):
        raise InputError(_("use either a passphrase or --recipient, not both"))
    secret = sharing.Secret(passphrase(args, twice=True), list(args.recipient))
    without = args.without == "letters"
    print(_("The file will hold, for {child_name}:").format(child_name=clean_line(child.name)))
    for line in sharing.contents(workspace, child, without):
        print(f"  - {line}")
    target = Path(args.output).expanduser()
    written = sharing.share(workspace, child, target, secret, without)
    if secret.passphrase or secret.recipients:
        print(_("wrote {written} (encrypted with age)").format(written=written))
    else:
        print(
            _(
                "wrote {written} — not encrypted: anyone who gets the file (or the sync "
                "service that carries it) can read it; --passphrase or --recipient "
                "encrypts it"
            ).format(written=written)
        )
    return 0


def cmd_receive(args: argparse.Namespace) -> int:
    from ..service import sharing

    workspace = workspace_of(args)
    source = Path(args.file).expanduser()
    identities = sharing.read_identities(Path(args.identity)) if args.identity else []
    secret = sharing.Secret(passphrase(args, twice=False), identities=identities)
    doc = sharing.read_share(source, secret, ask=lambda: ask_passphrase(False))
    done = sharing.receive(workspace, doc, source, args.into)
    if done.added:
        print(_("added {child_id}").format(child_id=done.child_id))
    else:
        came = ", ".join(done.changed) if done.changed else _("nothing new, it had it all")
        print(
            _("merged the shared record into {child_id}: {came}").format(
                child_id=done.child_id, came=came
            )
        )
    for note in done.notes:
        print(f"  {note}")
    return 0
