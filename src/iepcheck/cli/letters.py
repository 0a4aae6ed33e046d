"""``iepcheck letter …`` and ``iepcheck profile …``: letters filled in from a child's record,
and the parent's details they are signed with."""

from __future__ import annotations

import argparse
import sys

from .. import i18n
from ..i18n import LANGUAGES, N_, _, ngettext
from ..records.letters import PARENT_KEYS
from ..textsafe import clean_line
from .common import (
    Add,
    InputError,
    parse_date,
    subcommand,
    workspace_of,
    write_report,
)

LETTER_HELP = N_("""\
iepcheck letter list [CHILD]          the letters there are (for CHILD: with their items)
iepcheck letter CHILD LETTER          the letter filled in from CHILD's record
iepcheck letter CHILD LETTER --sent   record it as sent: keeps a copy, ticks its item, and
                                      sets a follow-up date (--follow-up DATE or none;
                                      default 10 school days later: a reminder to chase an
                                      answer, not a legal deadline)""")


def register(add: Add) -> None:
    p = add("letter", _("letters a checklist asks for, filled in from a child's record"))
    p.description = _(LETTER_HELP)
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument("words", nargs="+", metavar="CHILD LETTER | list [CHILD]")
    p.add_argument("--meeting", metavar="M", help=_("fill in this meeting's date and notes"))
    p.add_argument(
        "--format",
        choices=("md", "txt", "html"),
        help=_("md, txt or html (default: from -o's extension, or txt)"),
    )
    p.add_argument("-o", "--output", metavar="FILE", help=_("write to FILE (default: stdout)"))
    p.add_argument("--replace", action="store_true", help=_("replace FILE if it exists"))
    p.add_argument(
        "--sent", action="store_true", help=_("record the letter as sent and tick its item")
    )
    p.add_argument(
        "--letter-lang",
        choices=("en", "es"),
        help=_(
            "the letter's language (default: the child's letter_language, else en); a "
            "checklist without a current translation gives the English"
        ),
    )
    p.add_argument(
        "--reading",
        choices=("en", "es"),
        metavar="LANG",
        help=_("after the letter, print it in LANG too, to read (not sent)"),
    )
    p.add_argument("--on", type=parse_date, metavar="DATE", help=_("with --sent: the day it went"))
    p.add_argument(
        "--follow-up",
        metavar="DATE|none",
        help=_(
            "with --sent: when to chase an answer if none came (default: 10 school "
            "days later; a reminder, not a legal deadline)"
        ),
    )
    p.set_defaults(handler=cmd_letter)

    profile = add("profile", _("your name and contact details, for the letters; your time zone"))
    sub = profile.add_subparsers(dest="profile_command", metavar="ACTION", required=True)
    p = subcommand(sub, "show", _("print the profile"))
    p.set_defaults(handler=cmd_profile_show)
    p = subcommand(
        sub,
        "set",
        _(
            "set name=… address=… email=… phone=…; timezone=America/Chicago (the "
            'zone of "today" and of the times you type; default America/New_York); '
            "language=es or en (the language iepcheck writes in; --lang overrides it); "
            "files=FOLDER (where letters and exports go when you name no file); an "
            "empty value clears"
        ),
    )
    p.add_argument("pairs", nargs="+", metavar="KEY=VALUE")
    p.set_defaults(handler=cmd_profile_set)


def cmd_letter(args: argparse.Namespace) -> int:
    from ..service import letters

    words = args.words
    if words[0] == "list" and len(words) <= 2:
        return _list(args, words[1] if len(words) == 2 else None)
    if len(words) != 2:
        raise InputError(_("give a child and a letter: iepcheck letter CHILD LETTER (or: list)"))
    if args.on is not None and not args.sent:
        raise InputError(_("--on goes with --sent (the day the letter went out)"))
    if args.follow_up is not None and not args.sent:
        raise InputError(_("--follow-up goes with --sent (when to chase an answer)"))
    fmt = letters.file_format(args.output, args.format)
    workspace = workspace_of(args)
    if args.on is not None and args.on > letters.real_today(workspace):
        raise InputError(_("--on {on} is in the future").format(on=args.on))
    child = workspace.find(words[0])
    found = letters.find_letter(workspace, words[1])
    sent = args.on or letters.real_today(workspace)
    follow_up = letters.follow_up_of(args.follow_up, child, sent) if args.sent else None
    lang = args.letter_lang or letters.letter_language(child)
    # A letter recorded as sent on a day is dated that day.
    draft = letters.compose(workspace, child, found, args.meeting, written=args.on, lang=lang)
    if draft.link is not None and draft.link.run.checklist == found.checklist.id:
        # The letter of the child's own run: its words from the file that run comes from.
        own = letters.resolve(workspace, found.ref, draft.link.run.origin)
        if own is not None and own != found:
            found = own
            draft = letters.compose(
                workspace, child, found, args.meeting, link=draft.link, written=args.on, lang=lang
            )
    if draft.note:
        print(f"iepcheck: {draft.note}", file=sys.stderr)
    if found.source_note:
        print(f"iepcheck: {found.source_note}", file=sys.stderr)
    if draft.filled.missing:
        print(
            _(
                "iepcheck: not in the record yet: {value} (shown as '[… — fill in]'). "
                "Set your details with: iepcheck profile set name=… email=…; the child's "
                "school with: iepcheck child set {child_id} school=…; a contact with: "
                "iepcheck child contact add {child_id} ROLE NAME"
            ).format(value=", ".join(draft.filled.missing), child_id=child.id),
            file=sys.stderr,
        )
    from ..reports.letters import letter_file

    text = letter_file(draft.filled.subject, draft.filled.body, fmt, draft.lang)
    if args.output and args.output != "-":
        write_report(args.output, text, args.replace)
    elif not args.sent:
        sys.stdout.write(text)
    if args.reading and args.reading != draft.lang and not args.sent:
        # The letter in another language, to read: printed after it, never sent or saved.
        reading = letters.compose(
            workspace, child, found, args.meeting, draft.link, args.on, args.reading
        )
        if reading.lang != args.reading:
            print(f"iepcheck: {reading.note}", file=sys.stderr)
        else:
            heading = letters.reading_heading(args.reading)
            body = letter_file(reading.filled.subject, reading.filled.body, "txt", reading.lang)
            sys.stdout.write(f"\n--- {heading} ---\n\n{body}")
    if args.sent:
        op = letters.sent_op(workspace, child, draft, draft.filled.body, args.on, follow_up)
        workspace.update(child.id, op)
        said = _("recorded '{letter_title}' as sent on {sent} (log entry {letter_id})")
        where = ""
        if draft.link is not None:
            where = f"{draft.link.run.checklist}/{draft.link.item}"
            if draft.link.run.state(draft.link.item).state == "done":
                said = _(
                    "recorded '{letter_title}' as sent on {sent} (log entry {letter_id}); "
                    "{where} was already done"
                )
            else:
                said = _(
                    "recorded '{letter_title}' as sent on {sent} (log entry {letter_id}); "
                    "ticked {where}"
                )
        print(
            said.format(
                letter_title=clean_line(found.letter.title),
                sent=op.letter.sent,
                letter_id=op.letter.id,
                where=where,
            )
        )
        if follow_up is None:
            print(
                _(
                    "no follow-up date: set one with iepcheck log edit {child_id} "
                    "{letter_id} --follow-up DATE"
                ).format(child_id=child.id, letter_id=op.letter.id)
            )
        else:
            offer = letters.follow_up_offer(child, sent)
            why = offer.words() if args.follow_up is None else _(letters.FOLLOW_UP_NOTE)
            print(
                _(
                    "follow up by {follow_up}: {why}; mark the answer with iepcheck log "
                    "answered {child_id} {letter_id}"
                ).format(follow_up=follow_up, why=why, child_id=child.id, letter_id=op.letter.id)
            )
    return 0


def _list(args: argparse.Namespace, child_text: str | None) -> int:
    from ..service import letters

    workspace = workspace_of(args)
    every = letters.every_letter(workspace)
    if child_text is None:
        for found in every:
            mark = (
                _("  [{origin} file]").format(origin=found.origin)
                if found.origin != "bundled"
                else ""
            )
            print(f"{found.ref:<44} {clean_line(found.letter.title)}{mark}")
        return 0
    child = workspace.find(child_text)
    today = workspace.clock.today()
    shown = 0
    for found in every:
        link = letters.link_for(child, found.ref, None, today)
        if link is None:
            continue
        shown += 1
        state = link.run.state(link.item)
        mark = {"done": "x", "skipped": "-"}.get(state.state, " ")
        sent = [x.sent for x in child.letters if x.letter == found.ref]
        title = clean_line(found.letter.title)
        if sent:
            title = _("{title} (sent {sent})").format(title=title, sent=sent[-1])
        print(f"[{mark}] {found.ref:<44} {title}")
        print(
            _("      for {checklist}/{item}").format(checklist=link.run.checklist, item=link.item)
        )
    listed = {f.ref for f in every}
    for copy in child.letters:
        if letters.link_for(child, copy.letter, None, today) is None or copy.letter not in listed:
            shown += 1
            print(
                _("[x] {letter:<44} {copy_title} (sent {sent})").format(
                    letter=clean_line(copy.letter),
                    copy_title=clean_line(copy.title),
                    sent=copy.sent,
                )
            )
    if not shown:
        print(
            _(
                "none of {child_id}'s checklists asks for a letter; all letters: "
                "iepcheck letter list"
            ).format(child_id=child.id)
        )
    else:
        print(
            ngettext(
                "{n} letter; fill one in: iepcheck letter {child_id} LETTER",
                "{n} letters; fill one in: iepcheck letter {child_id} LETTER",
                shown,
            ).format(n=shown, child_id=child.id)
        )
    return 0


def cmd_profile_show(args: argparse.Namespace) -> int:
    from ..reports.words import shown_path
    from ..service import details, files

    workspace = workspace_of(args)
    shown = details.profile(workspace)
    for key in PARENT_KEYS:
        print(f"{key:<8} {clean_line(getattr(shown, key)) or '-'}")
    zone, written = details.time_zone_setting(workspace)
    if not written:
        print(_("timezone {zone} (the default)").format(zone=zone))
    elif written != zone:
        print(
            _("timezone {zone} (the profile's '{written}' is not a time zone)").format(
                zone=zone, written=clean_line(written)
            )
        )
    else:
        print(_("timezone {zone}").format(zone=zone))
    language = details.language_setting(workspace)
    if language in LANGUAGES:
        print(_("language {code}").format(code=language))
    elif language:
        print(
            _(
                "language {code} (the profile's '{written}' is not a language iepcheck writes in)"
            ).format(code=i18n.language(), written=clean_line(language))
        )
    else:
        print(
            _("language {code} (not set: from --lang or the locale)").format(code=i18n.language())
        )
    print(
        _("{value:<8} {files} (letters, exports)").format(
            value="files", files=clean_line(shown_path(files.base(workspace)))
        )
    )
    return 0


def cmd_profile_set(args: argparse.Namespace) -> int:
    from ..reports.words import shown_path
    from ..service import details, files

    workspace = workspace_of(args)
    values = details.pairs(args.pairs, (*details.PROFILE_KEYS, "files"))
    folder = values.pop("files", None)
    if folder is not None:  # where letters and exports go when no file is named
        chosen = files.set_base(workspace, folder)
        where = chosen or workspace.data_dir
        print(
            _("files written without a name go to {where}/letters, exports, backups").format(
                where=shown_path(where)
            )
        )
    if values:
        details.set_profile(workspace, values)
        print(_("saved {value} to your profile").format(value=", ".join(values)))
    return 0
