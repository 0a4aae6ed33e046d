"""Letters the parent sent: kept word for word in the record, ticking the item they answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ...i18n import N_, _
from .. import fields as F
from ..model import Child, SentLetter
from .base import Applied, Batch, Operation, RecordError, _run, check_entry
from .items import Tick


@dataclass(frozen=True)
class SendLetter(Operation):
    """Record a letter as sent; when it belongs to an open item, tick that item (dated)."""

    NAME: ClassVar[str] = "send-letter"
    LABEL: ClassVar[str] = N_("letter sent")
    letter: SentLetter

    def apply(self, child: Child) -> Applied:
        check_entry(F.LETTER, self.letter)
        if any(x.id == self.letter.id for x in child.letters):
            raise RecordError(_("that letter is already in the record"))
        undo: list[Operation] = [ForgetLetter(self.letter.id)]
        if self.letter.run and self.letter.item:
            run = _run(child, self.letter.run)
            if run.find(self.letter.item) is None:
                raise RecordError(
                    _("no item '{item}' in {checklist}").format(
                        item=self.letter.item, checklist=run.checklist
                    )
                )
            if run.state(self.letter.item).state != "done":
                # Dated with the day it went out, when that is not the day it was recorded.
                on = self.letter.sent if self.letter.sent != self.letter.at.date() else None
                tick = Tick(run.id, self.letter.item, self.letter.at, on)
                inverse = tick.apply(child).inverse
                if inverse is not None:
                    undo.append(inverse)
        child.letters.append(self.letter)
        return Applied(self.letter, Batch(tuple(reversed(undo))))


@dataclass(frozen=True)
class ForgetLetter(Operation):
    """Take a sent letter out of the record (the undo of :class:`SendLetter`)."""

    NAME: ClassVar[str] = "forget-letter"
    LABEL: ClassVar[str] = N_("letter removal")
    id: str

    def apply(self, child: Child) -> Applied:
        found = next((x for x in child.letters if x.id == self.id), None)
        if found is None:
            raise RecordError(_("that letter is no longer in the record"))
        child.letters.remove(found)
        return Applied(found, RestoreLetter(found))


@dataclass(frozen=True)
class RestoreLetter(Operation):
    NAME: ClassVar[str] = "restore-letter"
    LABEL: ClassVar[str] = N_("letter")
    letter: SentLetter

    def apply(self, child: Child) -> Applied:
        check_entry(F.LETTER, self.letter)
        if any(x.id == self.letter.id for x in child.letters):
            raise RecordError(_("that letter is already in the record"))
        child.letters.append(self.letter)
        child.letters.sort(key=lambda x: (x.sent, x.at))
        return Applied(self.letter, ForgetLetter(self.letter.id))
