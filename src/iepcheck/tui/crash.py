"""An unexpected error in the app: one sentence on the terminal, never a traceback with locals.

Textual's own crash screen prints a traceback with every local variable (``show_locals=True``),
which puts a child's record on the terminal, in the scrollback of a shared machine. The app
closes with a sentence instead, and keeps the traceback, without locals, in a private file of
the cache folder for a bug report.
"""

from __future__ import annotations

import traceback
from datetime import datetime
from pathlib import Path

from .. import locations
from ..fileio import atomic_write
from ..i18n import _
from ..textsafe import clean_line, cut


def report(error: BaseException | None) -> str:
    """Keep ``error``'s traceback in a file (when it can) and say what happened, in a sentence."""
    error = getattr(error, "error", None) or error  # a worker's failure: the error it had
    what = type(error).__name__ if error is not None else _("unknown error")
    said = cut(clean_line(str(error)), 200) if error is not None else ""
    named = f"{what}: {said}" if said else what
    kept = _keep(error)
    if kept is not None:
        return _(
            "the app stopped on an unexpected error ({error}); the technical details for a "
            "bug report are in {path}. This is a bug in iepcheck, not something you did."
        ).format(error=named, path=kept)
    return _(
        "the app stopped on an unexpected error ({error}). "
        "This is a bug in iepcheck, not something you did."
    ).format(error=named)


def _keep(error: BaseException | None) -> Path | None:
    folder = locations.trusted_cache_dir()
    if error is None or folder is None:
        return None
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    path = folder / "crashes" / f"crash-{datetime.now():%Y%m%d-%H%M%S-%f}.txt"
    try:
        atomic_write(path, "".join(lines).encode("utf-8", "replace"))
    except OSError:
        return None
    return path
