"""The communication log and the documents received: add or change an entry (by id), or
take one out. Each is undone by putting back what was there."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ...i18n import N_, _
from .. import fields as F
from ..model import Child
from ..record import Communication, Document
from .base import Applied, Operation, RecordError, check_entry


@dataclass(frozen=True)
class PutCommunication(Operation):
    """Add an entry to the communication log (or, replayed from a recovery file an earlier
    iepcheck wrote, replace the one with its id: edits are field by field now)."""

    NAME: ClassVar[str] = "put-communication"
    LABEL: ClassVar[str] = N_("log entry")
    entry: Communication

    def apply(self, child: Child) -> Applied:
        check_entry(F.COMMUNICATION, self.entry)
        before = next((c for c in child.communications if c.id == self.entry.id), None)
        others = [c for c in child.communications if c.id != self.entry.id]
        child.communications = sorted([*others, self.entry], key=lambda c: (c.day, c.added))
        undo: Operation = (
            PutCommunication(before) if before is not None else DropCommunication(self.entry.id)
        )
        return Applied(self.entry, undo)


@dataclass(frozen=True)
class DropCommunication(Operation):
    NAME: ClassVar[str] = "drop-communication"
    LABEL: ClassVar[str] = N_("log entry removal")
    id: str

    def apply(self, child: Child) -> Applied:
        found = next((c for c in child.communications if c.id == self.id), None)
        if found is None:
            raise RecordError(
                _("log entry {id} is no longer in the child's record").format(id=self.id)
            )
        child.communications = [c for c in child.communications if c.id != self.id]
        return Applied(found, PutCommunication(found))


@dataclass(frozen=True)
class PutDocument(Operation):
    """Add a document received (or, from an earlier iepcheck's recovery file, replace one)."""

    NAME: ClassVar[str] = "put-document"
    LABEL: ClassVar[str] = N_("document")
    document: Document

    def apply(self, child: Child) -> Applied:
        check_entry(F.DOCUMENT, self.document)
        before = next((d for d in child.documents if d.id == self.document.id), None)
        others = [d for d in child.documents if d.id != self.document.id]
        child.documents = sorted([*others, self.document], key=lambda d: (d.received, d.added))
        undo: Operation = (
            PutDocument(before) if before is not None else DropDocument(self.document.id)
        )
        return Applied(self.document, undo)


@dataclass(frozen=True)
class DropDocument(Operation):
    NAME: ClassVar[str] = "drop-document"
    LABEL: ClassVar[str] = N_("document removal")
    id: str

    def apply(self, child: Child) -> Applied:
        found = next((d for d in child.documents if d.id == self.id), None)
        if found is None:
            raise RecordError(
                _("document {id} is no longer in the child's record").format(id=self.id)
            )
        child.documents = [d for d in child.documents if d.id != self.id]
        return Applied(found, PutDocument(found))
