"""Conflict copies a sync tool made of a child's file, merged into the child.

Dropbox, OneDrive, Nextcloud, Syncthing or git make a *conflict copy* when two machines changed
a file before syncing (``maya (conflicted copy 2026-12-03).toml``, ``maya-LAPTOP.toml``…). A
file in ``children/`` whose inner ``id`` is another child's and differs from its own name is
one (a name alone is not enough: ``maya-2.toml`` can be a second Maya): it is merged into that
child (:mod:`iepcheck.records.merge`) and moved to the trash.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from .. import locations
from ..fileio import fsync_dir, read_regular
from ..i18n import _
from . import merge as merging
from .reading import ProgressError
from .store import MAX_BYTES as STORE_MAX
from .store import Store

_ID_LINE = re.compile(rb'^id = "([a-z0-9-]{1,64})"$', re.MULTILINE)


def settle_conflict_copies(store: Store, notice: Callable[[str], None]) -> None:
    """Merge every conflict copy in ``children/`` into its child and move it to the trash."""
    try:
        files = [p for p in store.folder.iterdir() if p.suffix == ".toml"]
    except OSError:
        return
    for path in sorted(files):
        if path.name.startswith("."):
            continue
        inner = _inner_id(path)
        if inner is None or inner == path.stem or not store.path(inner).is_file():
            continue
        try:
            data = read_regular(path, STORE_MAX, follow_symlinks=False)
            doc = tomllib.loads(data.decode("utf-8"))
            other = merging.as_document(doc, path, inner, store.texts)
            notes = merging.merge_into(store, inner, other)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as exc:
            notice(
                _(
                    "{path} looks like a copy of {child} but could not be read ({error}); "
                    "left as is"
                ).format(path=path, child=inner, error=exc)
            )
            continue
        except ProgressError as exc:
            notice(
                _("{path} looks like a copy of {child} but was not merged: {reason}").format(
                    path=path, child=inner, reason=exc.reason
                )
            )
            continue
        trash = locations.ensure_private_dir(locations.trash_dir(store.data_dir))
        moved = trash / f"conflict-copy-{datetime.now(UTC).strftime('%Y%m%d-%H%M%S')}-{path.name}"
        try:
            os.replace(path, moved)
            fsync_dir(store.folder)
        except OSError as exc:
            notice(
                _("merged {path} into {child}, but could not move it aside ({error})").format(
                    path=path, child=inner, error=exc
                )
            )
            continue
        notice(
            _("merged the conflict copy {name} into {child} (the copy is in {moved})").format(
                name=path.name, child=inner, moved=moved
            )
        )
        for note in notes:
            notice(f"{inner}: {note}")


def _inner_id(path: Path) -> str | None:
    """The ``id`` a child's file names itself by, read from its head."""
    try:
        head = read_regular(path, 4096, follow_symlinks=False)
    except OSError:
        return None
    found = _ID_LINE.search(head)
    return found.group(1).decode() if found else None
