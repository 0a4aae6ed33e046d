"""Printable records and the status summary, as both front ends ask for them."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from .. import i18n
from ..checklists.folders import fingerprint
from ..fileio import atomic_write, describe_os_error
from ..i18n import _
from ..records.model import Child, Meeting
from ..reports.status import collect
from ..reports.words import EXPORT_FORMATS
from ..textsafe import clean_line
from .errors import InputError, ServiceError
from .workspace import Workspace

FORMATS = EXPORT_FORMATS


class FileExists(ServiceError):
    """The report's file is there already (the caller may ask whether to replace it)."""


_BY_SUFFIX = {".md": "md", ".markdown": "md", ".txt": "txt", ".text": "txt"}
_BY_SUFFIX |= {".html": "html", ".htm": "html"}


def format_for(output: str | None, fmt: str | None, default: str = "txt") -> str:
    """The format asked for: ``--format``, else the output file's extension, else ``default``.

    A contradiction (``-o x.html --format txt``), a folder, or an extension it cannot write
    (``-o x.pdf``) is refused with a sentence.
    """
    implied = None
    if output and output != "-":
        target = Path(output).expanduser()
        if target.is_dir():
            raise InputError(
                _("{output} is a folder: name a file in it, like record.html").format(
                    output=clean_line(output)
                )
            )
        suffix = target.suffix.lower()
        implied = _BY_SUFFIX.get(suffix)
        if suffix and implied is None:
            raise InputError(
                _(
                    "{target_name}: iepcheck writes .html, .md or .txt (open the .html in a "
                    "browser to print it, or to save it as a PDF)"
                ).format(target_name=clean_line(target.name))
            )
    if fmt is not None and implied is not None and fmt != implied:
        raise InputError(
            _("-o {output} asks for {implied} but --format says {fmt}; drop one of them").format(
                output=clean_line(str(output)), implied=implied, fmt=fmt
            )
        )
    return fmt or implied or default


def export_text(workspace: Workspace, child: Child, fmt: str, meeting: Meeting | None) -> str:
    from ..reports.content import localized_child
    from ..reports.export import render

    # The checklists' words in the app's language (a copy: progress keeps the same ids).
    shown, notes = localized_child(workspace.for_display(child), workspace.library)
    shadows = workspace.library.shadowing()
    return render(shown, workspace.clock.today(), fmt, meeting, shadows, notes)


def timeline_text(
    workspace: Workspace,
    child: Child,
    fmt: str,
    *,
    start: date | None = None,
    end: date | None = None,
    only: str | None = None,
) -> str:
    """The child's timeline (``timeline``, the record screen's export), its checklists' words
    in the app's language."""
    from ..reports.content import localized_child
    from ..reports.timeline import render

    # English needs no checklist read: the words are the run's own.
    library = workspace.library if i18n.language() != "en" else None
    shown, notes = localized_child(workspace.with_calendar(child), library)
    today = workspace.clock.today()
    return render(shown, fmt, start=start, end=end, only=only, today=today, notes=notes)


def write_file(target: Path, text: str, *, replace: bool = False) -> Path:
    """Write a report the user asked for (0600, atomically); a sentence when it cannot. An
    existing file is replaced only when ``replace`` says so: it may be the parent's own."""
    if os.path.lexists(target) and not os.path.isdir(target):
        try:
            mode = os.lstat(target).st_mode
        except OSError:
            mode = 0
        if not stat.S_ISREG(mode):
            raise ServiceError(
                _(
                    "{target} is not a regular file (a device, pipe or link): nothing was written"
                ).format(target=target)
            )
    if not replace and os.path.lexists(target):
        raise FileExists(_("{target} already exists; nothing was written").format(target=target))
    try:
        atomic_write(target, text.encode("utf-8"))
    except OSError as exc:
        raise ServiceError(
            _("could not write {target} ({exc})").format(target=target, exc=describe_os_error(exc))
        ) from None
    return target


def status(
    workspace: Workspace,
    ids: list[str],
    days: int,
    cancelled: Callable[[], bool] = lambda: False,
) -> dict[str, Any]:
    """The status document (``status --json``, the app's home), runs at their newest version."""
    return collect(
        workspace.store,
        ids,
        workspace.clock.today(),
        days,
        cancelled,
        prepare=workspace.for_display,
        key=fingerprint(workspace.data_dir, workspace.extra_dirs),
    )
