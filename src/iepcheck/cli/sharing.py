"""``iepcheck backup``, ``restore`` and ``merge-files``: the record kept safe and merged.
(``child share``, ``receive`` and ``history`` are ``child`` subcommands: ``cli.children``.)"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..i18n import _, ngettext
from .common import PASSPHRASE_HELP, Add, ask_passphrase, passphrase, workspace_of


def register(add: Add) -> None:
    p = add(
        "backup",
        _(
            "one .tar.gz of everything you would miss (children, checklist texts, "
            "profile, your checklists and school calendars, letters and exports), "
            "checked before it says done"
        ),
    )
    p.add_argument(
        "-o", "--output", metavar="FILE", help=_("where (default: the data folder's backups/)")
    )
    p.add_argument("--passphrase", action="store_true", help=_(PASSPHRASE_HELP))
    p.add_argument("--passphrase-file", metavar="F", help=_("read the passphrase from the file F"))
    p.set_defaults(handler=cmd_backup)
    p = add(
        "restore",
        _(
            "a backup back: into an empty data folder exactly; into one with data, "
            "child by child, merged (nothing there is replaced)"
        ),
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help=_("say what would happen, write nothing"))
    p.add_argument(
        "--passphrase-file", metavar="F", help=_("the passphrase of an encrypted backup")
    )
    p.set_defaults(handler=cmd_restore)
    p = add(
        "merge-files",
        _(
            "git's merge driver for a child's file: merges OURS and THEIRS field by "
            "field into OURS (see docs/sharing.md)"
        ),
    )
    p.add_argument("base", metavar="BASE")
    p.add_argument("ours", metavar="OURS")
    p.add_argument("theirs", metavar="THEIRS")
    p.set_defaults(handler=cmd_merge_files)


def cmd_backup(args: argparse.Namespace) -> int:
    from ..service import backup
    from ..service.sharing import Secret

    workspace = workspace_of(args)
    secret = Secret(passphrase(args, twice=True))
    target = Path(args.output).expanduser() if args.output else None
    path, count = backup.backup(workspace, target, secret)
    if secret.passphrase:
        said = ngettext(
            "wrote {path} ({n} file, encrypted; read back and checked)",
            "wrote {path} ({n} files, encrypted; read back and checked)",
            count,
        )
    else:
        said = ngettext(
            "wrote {path} ({n} file, not encrypted; read back and checked)",
            "wrote {path} ({n} files, not encrypted; read back and checked)",
            count,
        )
    print(said.format(path=path, n=count))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from ..service import backup
    from ..service.sharing import Secret

    workspace = workspace_of(args)
    secret = Secret(passphrase(args, twice=False))
    done = backup.restore(
        workspace,
        Path(args.file).expanduser(),
        secret,
        args.dry_run,
        ask=lambda: ask_passphrase(False),
    )
    if args.dry_run:
        print(_("nothing written (--dry-run); a restore would do:"))
    for line in done.lines:
        print(("  would: " if args.dry_run else "") + line)
    if not done.lines:
        print(_("everything in the backup is here already"))
    return 0


def cmd_merge_files(args: argparse.Namespace) -> int:
    from ..service.sharing import merge_files

    workspace = workspace_of(args)
    notes = merge_files(workspace, Path(args.base), Path(args.ours), Path(args.theirs))
    for note in notes:
        print(f"iepcheck: {note}", file=sys.stderr)
    return 0
