"""The checklist commands: ``list``, ``validate``, ``import``, ``checklist new``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import i18n, locations
from ..i18n import _, ngettext
from ..textsafe import clean_line, cut
from .common import (
    Add,
    InputError,
    ServiceError,
    add_global_options,
    warn_open_folders,
    workspace_of,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..calendar.files import CalendarResult
    from ..checklists.library import Entry, Library, Translated
    from ..checklists.problems import LoadResult, Problem
    from ..service.workspace import Workspace


def register(add: Add) -> None:
    p = add("list", _("list the checklists found: id, version, title, origin, file"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.set_defaults(handler=cmd_list)

    p = add(
        "validate",
        _(
            "check checklist (and NAME.calendar.toml) files; prints FILE:LINE:COL: "
            "error|warning: message per problem"
        ),
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--strict", action="store_true", help=_("treat warnings as errors"))
    p.set_defaults(handler=cmd_validate)

    p = add("import", _("check checklist files, then copy them into your checklists folder"))
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument(
        "--replace",
        action="store_true",
        help=_("replace a file of an equal or newer version, or hide a bundled checklist"),
    )
    p.set_defaults(handler=cmd_import)

    p = add("checklist", _("work on checklist files"))
    sub = p.add_subparsers(dest="checklist_command", metavar="ACTION", required=True)
    new = sub.add_parser(
        "new",
        help=_("write a commented starter checklist that validates as it is"),
        description=_("Write a commented starter checklist that validates as it is."),
    )
    add_global_options(new, sub=True)
    new.add_argument("id", metavar="ID", help=_("the new checklist's id, like my-ppt-notes"))
    new.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=_("where to write it (default ID.toml; - for stdout)"),
    )
    new.set_defaults(handler=cmd_checklist_new)
    tr = sub.add_parser(
        "translate",
        help=_(
            "write a translation to fill in: the checklist copied with lang, the version it "
            "translates and the hash of each item's and letter's English"
        ),
        description=_(
            "Write a translation of a checklist to fill in (docs/checklist-format.md, "
            "Translations): the words are still the original's, to be translated."
        ),
    )
    add_global_options(tr, sub=True)
    tr.add_argument("file", metavar="FILE", help=_("the original checklist file"))
    tr.add_argument(
        "--into",
        required=True,
        metavar="LANG",
        help=_("the translation's language, like es"),
    )
    tr.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=_("where to write it (default LANG/ID.toml beside FILE; - for stdout)"),
    )
    tr.set_defaults(handler=cmd_checklist_translate)


# -- list -------------------------------------------------------------------------------------


def _entry_json(entry: Entry, library: Library) -> dict[str, Any]:
    checklist = entry.checklist
    return {
        "id": entry.result.id,
        "version": entry.result.version,
        "title": checklist.title if checklist else None,
        "kind": checklist.kind if checklist else None,
        "origin": entry.origin,
        "file": str(entry.path),
        "status": entry.status,
        "shadowed_by": str(entry.shadowed_by) if entry.shadowed_by else None,
        "shadows_bundled": str(entry.shadows_bundled) if entry.shadows_bundled else None,
        "items": len(checklist.items()) if checklist else None,
        "problems": [
            {"line": p.line, "col": p.col, "severity": p.severity, "message": p.message}
            for p in entry.result.problems
        ],
        "translations": [_translation_json(t) for t in library.translations_of(entry.result.id)]
        if entry.status == "active"
        else [],
    }


def _translation_json(found: Translated) -> dict[str, Any]:
    checklist = found.checklist
    return {
        "lang": found.result.lang,
        "title": checklist.title if checklist else None,
        "translation_of_version": checklist.translation_of if checklist else None,
        "reviewed": checklist.reviewed.isoformat() if checklist and checklist.reviewed else None,
        "origin": found.origin,
        "file": str(found.path),
        "status": found.status,
        "stale": found.stale,
        "problems": [
            {"line": p.line, "col": p.col, "severity": p.severity, "message": p.message}
            for p in (*found.result.problems, *found.problems)
        ],
    }


def _translation_lines(found: Translated, width: int) -> list[str]:
    """A translation's lines under its original in ``list``."""
    checklist = found.checklist
    title = cut(checklist.title) if checklist else "?"
    marks = []
    if found.status == "shadowed":
        marks.append(_("not used: another translation is nearer"))
    elif found.status == "mismatch":
        marks.append(_("not used: it does not match the checklist (iepcheck validate)"))
    elif found.stale:
        marks.append(_("partly in English: the checklist changed since"))
    if checklist and checklist.reviewed is None:
        marks.append(_("not reviewed"))
    mark = f"  [{'; '.join(marks)}]" if marks else ""
    return [
        f"{'':<{width}}  {found.result.lang}: {title}{mark}",
        f"{'':<{width}}      {clean_line(str(found.path))}",
    ]


def cmd_list(args: argparse.Namespace) -> int:
    from ..reports.words import ORIGINS

    warn_open_folders(args)
    library = workspace_of(args).library
    if args.json:
        print(
            json.dumps({"checklists": [_entry_json(e, library) for e in library.entries]}, indent=2)
        )
        return 0
    rows = [e for e in library.entries if e.status != "broken"]
    if not library.entries:
        print(_("No checklists found."))
        return 0
    lang = i18n.language()
    if rows:
        width = max(len(e.result.id or "") for e in rows)
        for entry in rows:
            assert entry.checklist is not None
            title = entry.checklist.title
            translation = library.translation(entry.checklist.id, lang)
            if translation is not None and entry.status == "active":
                title = translation.title  # the app's language, as every screen shows it
            mark = ""
            if entry.status == "shadowed":
                hidden = _("shadowed by {file}").format(file=clean_line(str(entry.shadowed_by)))
                mark = f"  [{hidden}]"
            elif entry.shadows_bundled:
                mark = "  [" + _("shadows the bundled one") + "]"
            origin = ORIGINS.get(entry.origin, entry.origin)
            print(
                f"{entry.result.id:<{width}}  v{entry.result.version:<3} {origin:<7}  "
                f"{cut(title)}{mark}"
            )
            print(f"{'':<{width}}  {clean_line(str(entry.path))}")
            if entry.status == "active":
                for found in library.translations_of(entry.result.id):
                    if found.status != "broken":
                        for line in _translation_lines(found, width):
                            print(line)
    broken = library.broken() + [t for t in library.translations if t.status == "broken"]
    orphans = [
        t
        for t in library.translations
        if t.status == "mismatch" and library.get(t.result.id or "") is None
    ]
    if broken or orphans:
        print()
        print(_("Broken files ({count}), not used:").format(count=len(broken) + len(orphans)))
        for bad in [*broken, *orphans]:
            for problem in [*bad.result.errors, *getattr(bad, "problems", ())]:
                print(f"  {clean_line(str(problem))}")
    return 0


# -- validate ---------------------------------------------------------------------------------


def _load_any(path: Path, strict: bool) -> LoadResult | CalendarResult:
    from ..calendar.files import is_calendar_file, load_calendar
    from ..checklists.loader import load_file

    if is_calendar_file(path):
        return load_calendar(path, strict=strict)
    return load_file(path, strict=strict)


def _letters_known(
    args: argparse.Namespace, results: Iterable[LoadResult | CalendarResult]
) -> set[str]:
    """Every letter a checklist may name: the checklists found, and the files checked now."""
    from ..checklists.problems import LoadResult

    known = set()
    sources = [e.checklist for e in workspace_of(args).library.entries if e.checklist]
    sources += [r.checklist for r in results if isinstance(r, LoadResult) and r.checklist]
    for checklist in sources:
        known |= {f"{checklist.id}/{x.id}" for x in checklist.letters}
    return known


def _missing_letters(result: LoadResult, known: set[str], strict: bool) -> list[Problem]:
    """Items naming another checklist's letter that no checklist found holds (a warning: it
    may be in a file the family will also import)."""
    from ..checklists.problems import Problem

    checklist = result.checklist
    assert checklist is not None
    problems = []
    text: str | None = None
    for item in checklist.items():
        ref = item.letter
        if not ref or ref.startswith(f"{checklist.id}/") or ref in known:
            continue
        if text is None:
            try:
                text = result.path.read_text("utf-8", "replace")
            except OSError:
                text = ""
        offset = max(text.find(f'"{ref}"'), 0)
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        problems.append(
            Problem(
                str(result.path),
                line,
                col,
                "error" if strict else "warning",
                _(
                    "item '{item}' asks for the letter {letter}, which no checklist found has "
                    "(is its checklist installed?)"
                ).format(item=item.id, letter=ref),
            )
        )
    return problems


def _against_original(args: argparse.Namespace, result: LoadResult) -> list[Problem]:
    """A translation checked against its original (``../ID.toml`` beside it, else the
    checklist of its id found); a file in a language folder that is not a translation."""
    from ..checklists.loader import load_file
    from ..checklists.problems import Problem
    from ..checklists.translated import check_against, find_original, misplaced
    from ..checklists.translations import LANG_RE

    checklist = result.checklist
    assert checklist is not None
    beside = find_original(result.path, checklist.id)
    folder = result.path.parent.name
    if LANG_RE.fullmatch(folder) and beside is not None and beside.parent != result.path.parent:
        wrong = misplaced(result, folder)
        if wrong is not None:
            return [wrong]
    if result.lang is None:
        return []
    original = load_file(beside, strict=False).checklist if beside is not None else None
    if original is None or original.lang:
        original = workspace_of(args).library.checklist(checklist.id)
    if original is None:
        return [
            Problem(
                str(result.path),
                1,
                1,
                "error",
                _(
                    "no checklist '{id}' was found to check this translation against: put it "
                    "beside the original (ORIGINAL-FOLDER/es/) or import the original"
                ).format(id=checklist.id),
            )
        ]
    return list(check_against(result, original, strict=args.strict))


def cmd_validate(args: argparse.Namespace) -> int:
    from ..checklists.problems import LoadResult

    failed = 0
    results = {name: _load_any(Path(name), args.strict) for name in args.files}
    checked_letters = _letters_known(args, results.values())
    for name in args.files:
        result = results[name]
        problems = list(result.problems)
        if isinstance(result, LoadResult) and result.checklist is not None:
            problems += _missing_letters(result, checked_letters, args.strict)
            problems += _against_original(args, result)
        for problem in sorted(problems, key=lambda p: (p.line, p.col)):
            print(clean_line(str(problem)))
        if any(p.severity == "error" for p in problems):
            failed += 1
    checked = len(args.files)
    if failed:
        summary = ngettext(
            "{n} file checked, {failed} with errors",
            "{n} files checked, {failed} with errors",
            checked,
        )
    else:
        summary = ngettext("{n} file checked, all valid", "{n} files checked, all valid", checked)
    print(summary.format(n=checked, failed=failed), file=sys.stderr)
    return 1 if failed else 0


# -- import -----------------------------------------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    workspace = workspace_of(args)
    target_dir = locations.user_checklists_dir(workspace.data_dir)
    refused = 0
    for name in args.files:
        if name.lower().endswith(".calendar.toml"):
            refused += 0 if _import_calendar(workspace, Path(name), args.replace) else 1
            continue
        ok = _import_one(Path(name), workspace.library, target_dir, args.replace)
        refused += 0 if ok else 1
        if ok:
            workspace.reload_library()  # a later file may replace this one
    return 1 if refused else 0


def _import_calendar(workspace: Workspace, source: Path, replace: bool) -> bool:
    from ..service import calendars

    try:
        calendar, target = calendars.install(workspace, source, replace=replace)
    except ServiceError as exc:
        print(f"iepcheck: {clean_line(str(source))}: {exc}", file=sys.stderr)
        return False
    print(
        _("imported the school calendar {calendar_id} to {target}").format(
            calendar_id=calendar.id, target=target
        )
    )
    return True


def _import_one(source: Path, library: Library, target_dir: Path, replace: bool) -> bool:
    from ..checklists.importing import import_file

    outcome = import_file(source, library, target_dir, replace)
    for problem in outcome.problems:
        print(clean_line(str(problem)), file=sys.stderr)
    if not outcome.ok:
        print(f"iepcheck: {clean_line(str(source))}: {outcome.said()}", file=sys.stderr)
        return False
    print(outcome.message)
    return True


# -- checklist new ----------------------------------------------------------------------------

STARTER = """\
# A checklist for iepcheck (format 1). Check it with: iepcheck validate {id}.toml
# Share it with: iepcheck import {id}.toml   The full format is in docs/checklist-format.md.
# Every text is plain text: no markup. Dates in "due" are counted from the meeting's date.

format = 1
id = "{id}"                    # stable forever: progress is saved under this id
version = 1                    # raise it each time you change the content
title = "My checklist"
kind = "meeting"               # meeting | ongoing | process | guide
summary = "Who this checklist is for and when to use it."
reviewed = {today}             # when the content was last checked
authors = ["Your name <how to reach you>"]

# Where the facts come from (http or https addresses only). Items can have their own, too:
# sources = [{{ title = "…", url = "https://…" }}] inside an item.
[[sources]]
title = "IDEA: parent access to records (34 CFR 300.613)"
url = "https://www.ecfr.gov/current/title-34/section-300.613"

[[sections]]
title = "Before the meeting"

[[sections.items]]
id = "ask-for-records"         # unique in this file; never change it once shared
text = "Ask in writing for your child's records before the meeting"
details = "Why it matters, and what to say or ask."
due = "2 weeks before"         # advice, not a legal deadline
letter = "records-request"     # the letter below, filled in from the child's record

[[sections.items]]
id = "write-concerns"
text = "Write down your concerns and what you want to ask"
due = "3 days before"

[[sections]]
title = "After the meeting"

[[sections.items]]
id = "send-follow-up"
text = "Send a short letter or email summarising what was agreed"
due = "2 school days after"

# A letter the parent sends: {{placeholders}} are filled in from the child's record (the list
# is in docs/checklist-format.md); write {{{{ and }}}} for a literal brace.
[[letters]]
id = "records-request"
title = "Ask to see the records before the meeting"
subject = "Request to see {{child_name}}'s records"
body = '''
{{today}}

Dear {{contact:special education director}},

Before the meeting on {{meeting_date}}, I would like to see {{child_first_name}}'s education
records. Please tell me when and where I can see them.

Sincerely,
{{parent_name}}
{{parent_email}}
'''
"""


def cmd_checklist_translate(args: argparse.Namespace) -> int:
    from ..checklists.loader import load_file
    from ..checklists.translated import skeleton
    from ..checklists.translations import LANG_RE

    lang = args.into
    if not LANG_RE.fullmatch(lang) or lang == "en":
        raise InputError(
            _(
                "'{lang}' is not a language to translate into: two or three lowercase "
                "letters, like es"
            ).format(lang=clean_line(lang))
        )
    source = Path(args.file)
    result = load_file(source)
    for problem in result.errors:
        print(clean_line(str(problem)), file=sys.stderr)
    original = result.checklist
    if original is None:
        raise ServiceError(
            _("{file} has errors: fix them before translating it").format(file=source)
        )
    if original.lang:
        raise InputError(
            _('{file} is itself a translation (lang = "{lang}")').format(
                file=source, lang=original.lang
            )
        )
    text = skeleton(source, original, lang)
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    target = Path(args.output) if args.output else source.parent / lang / f"{original.id}.toml"
    _write_new(target, text)
    print(
        _(
            "wrote {file}; translate its words, then check it with: "
            "iepcheck validate --strict {file}"
        ).format(file=target)
    )
    return 0


def _write_new(target: Path, text: str, *, make_folder: bool = True) -> None:
    """Write a new file as iepcheck writes every file: 0600, never over an existing one.
    ``make_folder``: its folder made (0700) when missing (a translation's ``es/``)."""
    from ..fileio import describe_os_error

    try:
        if make_folder and not target.parent.exists():
            target.parent.mkdir(mode=0o700, parents=True)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise ServiceError(
            _("{file} already exists; choose another name with -o").format(file=target)
        ) from None
    except OSError as exc:
        raise ServiceError(
            _("could not write {file} ({reason})").format(
                file=target, reason=describe_os_error(exc)
            )
        ) from None


def cmd_checklist_new(args: argparse.Namespace) -> int:
    from ..checklists.model import ID_RE, OWN_PREFIX

    cid = args.id
    if not ID_RE.fullmatch(cid) or cid.startswith(OWN_PREFIX):
        raise InputError(
            _(
                "'{cid}' is not a usable id: lowercase letters a-z, digits and '-', 1 to "
                "64 characters, not starting with 'own-'"
            ).format(cid=clean_line(cid))
        )
    text = STARTER.format(id=cid, today=workspace_of(args).clock.today().isoformat())
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    target = Path(args.output or f"{cid}.toml")
    _write_new(target, text, make_folder=False)
    print(_("wrote {target}; check it with: iepcheck validate {target}").format(target=target))
    return 0
