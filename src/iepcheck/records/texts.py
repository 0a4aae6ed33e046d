"""The checklist text store: each checklist version a child's runs use, kept once per data folder.

A run keeps a checklist's words (items, details, sources) so it stays readable when the
checklist file goes away. Kept in every run of every child, the same text was copied hundreds
of times; here it is kept once, in ``texts/<sha256>.toml`` in the data folder, named by the
SHA-256 of its text. The text is a checklist file (format 1) written in one canonical way, so
the same version gives the same name on every machine, and a text that arrives from outside
(a shared record, a restore) is checked against its name and validated like any checklist
before it is kept. Files are immutable (0600) and never removed.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
import tomllib
from pathlib import Path
from typing import Any

from .. import locations
from ..fileio import atomic_write, describe_os_error, read_regular
from ..i18n import _
from . import tomlwrite
from .copies import section_doc, section_from_doc
from .model import SectionCopy, Template
from .reading import ProgressError, Reader

MAX_BYTES = 512 * 1024  # a checklist file is at most 256 KiB; its canonical text a little more
NAME_RE = re.compile(r"[0-9a-f]{64}")
_TEXT_KEYS = ("format", "id", "version", "title", "kind", "sections")


def folder_of(data_dir: Path) -> Path:
    return data_dir / "texts"


def base(template: Template) -> Template:
    """The checklist's own part of a run's copy: the user's own items left out (they are the
    family's, kept in the child's file), and no origin (the same words from two places are
    one text)."""
    sections = tuple(
        SectionCopy(
            s.title,
            tuple(i for i in s.items if not i.own and not i.plan),
            s.user_items,
            s.repeat,
            s.from_plan,
        )
        for s in template.sections
    )
    return Template(
        template.checklist, template.title, template.version, template.kind, "", sections
    )


def canonical(template: Template) -> bytes:
    """The text of a checklist version, written one way only: what its name is the hash of."""
    doc: dict[str, Any] = {
        "format": 1,
        "id": template.checklist,
        "version": template.version,
        "title": template.title,
        "kind": template.kind,
        "sections": [section_doc(s) for s in template.sections],
    }
    return tomlwrite.dumps(doc).encode("utf-8")


def name_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class TextStore:
    """The store of one data folder. Texts read are kept in memory, shared by every run."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.folder = folder_of(data_dir)
        self._read: dict[str, Template] = {}
        self._names: dict[Template, str] = {}
        self._on_disk: set[str] = set()
        # Why a text could not be had, by name: said wherever its runs show.
        self.problems: dict[str, str] = {}
        self._lock = threading.Lock()

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.toml"

    def name(self, template: Template) -> str:
        """The name of a run copy's checklist text (worked out once per distinct text)."""
        key = base(template)
        with self._lock:
            found = self._names.get(key)
        if found is None:
            found = name_of(canonical(key))
            with self._lock:
                self._names[key] = found
                self._read.setdefault(found, key)
        return found

    def put(self, template: Template) -> str:
        """Keep the text of a run copy's checklist (written once: texts never change)."""
        name = self.name(template)
        if name in self._on_disk:
            return name
        path = self.path(name)
        if os.path.lexists(path) and not self._intact(path, name):
            self._set_aside(path)  # damaged: kept in the trash, and written anew here
        if not os.path.lexists(path):
            data = canonical(base(template))
            try:
                atomic_write(path, data)
            except OSError as exc:
                raise ProgressError(
                    path,
                    _("could not be saved ({exc}); nothing was changed").format(
                        exc=describe_os_error(exc)
                    ),
                ) from None
        self._on_disk.add(name)
        return name

    @staticmethod
    def _intact(path: Path, name: str) -> bool:
        try:
            return name_of(read_regular(path, MAX_BYTES, follow_symlinks=False)) == name
        except OSError:
            return False

    def _set_aside(self, path: Path) -> None:
        trash = locations.ensure_private_dir(locations.trash_dir(self.data_dir))
        try:
            os.replace(path, trash / f"text-{path.stem[:16]}-damaged-{time.time_ns()}.toml")
        except OSError as exc:
            raise ProgressError(
                path,
                _("is damaged and could not be moved aside ({exc})").format(
                    exc=describe_os_error(exc)
                ),
            ) from None

    def get(self, name: str) -> Template | None:
        """The text of that name, or None when the store does not have it (a sentence is the
        caller's: the run is shown without it, its progress kept)."""
        with self._lock:
            found = self._read.get(name)
        if found is not None:
            return found
        if not NAME_RE.fullmatch(name):
            return None
        path = self.path(name)
        try:
            data = read_regular(path, MAX_BYTES, follow_symlinks=False)
            template = read_text(data, path, name)
        except FileNotFoundError:
            self.problems[name] = "is missing"
            return None
        except OSError as exc:
            self.problems[name] = f"cannot be read ({describe_os_error(exc)})"
            return None
        except ProgressError as exc:
            self.problems[name] = exc.reason
            return None
        with self._lock:
            self._read[name] = template
            self._names.setdefault(template, name)
        self._on_disk.add(name)
        return template

    def receive(self, data: bytes, name: str, source: Path) -> Template:
        """A text from outside (a shared record, a restore): kept only when it is a valid
        checklist whose canonical text has exactly that name. ProgressError otherwise."""
        from ..checklists.loader import load_bytes

        if not NAME_RE.fullmatch(name):
            raise ProgressError(
                source, _("'{name}' is not the name of a checklist text").format(name=name[:80])
            )
        result = load_bytes(data, source, words_only=True)
        errors = [p for p in result.problems if p.severity == "error"]
        if result.checklist is None or errors:
            where = f": {errors[0].message}" if errors else ""
            raise ProgressError(
                source,
                _("a checklist text in it is not a valid checklist{where}").format(where=where),
            )
        template = base(Template.of(result.checklist, ""))
        if name_of(canonical(template)) != name:
            raise ProgressError(
                source,
                _("the checklist text {name}… does not match its name").format(name=name[:12]),
            )
        self.put(template)
        return template

    def names(self) -> list[str]:
        """Every text kept (for backups)."""
        try:
            return sorted(p.stem for p in self.folder.glob("*.toml") if NAME_RE.fullmatch(p.stem))
        except OSError:
            return []


def read_text(data: bytes, path: Path, name: str | None = None) -> Template:
    """A stored text back as a template; ProgressError naming the file when it is not one."""
    if name is not None and name_of(data) != name:
        raise ProgressError(path, _("the checklist text was changed after it was kept; not used"))
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        raise ProgressError(path, _("the checklist text is damaged; not used")) from None
    r = Reader(path)
    top = ()
    return Template(
        checklist=r.text_of(doc, "id", top, required=True),
        title=r.text_of(doc, "title", top),
        version=r.get(doc, "version", int, top, 0),
        kind=r.text_of(doc, "kind", top) or "meeting",
        origin="",
        sections=tuple(
            section_from_doc(r, s, ("sections", n))
            for n, s in enumerate(r.tables(doc, "sections", top))
        ),
    )


def ensure_folder(data_dir: Path) -> Path:
    return locations.ensure_private_dir(folder_of(data_dir))
