"""Every change a user can make to a child's record, as a typed, serializable operation.

An operation is a frozen dataclass whose fields say everything the change needs: ids, times
and checklist copies are chosen *before* it is applied, so applying it to the copy on screen
and again to the file under the lock gives the same result, and a recovery file can replay
it. :meth:`Operation.apply` returns the value the change produced and, where a user can undo
it, the inverse operation. A change that no longer fits the record (another session removed
the meeting, say) raises :class:`RecordError` with a sentence for the user.

Front ends build operations through :mod:`iepcheck.service`; nothing else mutates a Child.
One module per part of the record (items, runs, meetings, the child); importing this package
registers them all, so a recovery file can name an operation by its NAME.
"""

from __future__ import annotations

from .base import _REGISTRY, Applied, Batch, Operation, RecordError, batch, from_doc
from .child import (
    AddClosed,
    AddContact,
    EditChild,
    RemoveClosed,
    RemoveContact,
    SetCalendar,
    SetDetails,
    SetOpen,
)
from .edits import Change, Edit, between
from .items import (
    AddLog,
    AddOwnItem,
    EditLog,
    EditOwnItem,
    MarkSeen,
    RemoveLog,
    RemoveOwnItem,
    RestoreItem,
    SetItem,
    SetNote,
    Skip,
    Tick,
    Untick,
)
from .letters import ForgetLetter, RestoreLetter, SendLetter
from .meetings import (
    AddMeeting,
    AddNoteLine,
    AttachRuns,
    DetachRun,
    EditMeeting,
    Reattach,
    RemoveMeeting,
    RemoveNoteLine,
    RestoreMeeting,
)
from .plan import (
    AddAccommodation,
    AddGoal,
    AddObjective,
    AddPlan,
    AddReport,
    AddService,
    DropAccommodation,
    DropGoal,
    DropObjective,
    DropPlan,
    DropReport,
    DropService,
    LinkItem,
)
from .record import DropCommunication, DropDocument, PutCommunication, PutDocument
from .runs import DropRuns, RefreshRun, ResumeRun, RunSeed, StartRun, StopRun

__all__ = [
    "_REGISTRY",
    "AddAccommodation",
    "AddClosed",
    "AddContact",
    "AddGoal",
    "AddLog",
    "AddMeeting",
    "AddNoteLine",
    "AddObjective",
    "AddOwnItem",
    "AddPlan",
    "AddReport",
    "AddService",
    "Applied",
    "AttachRuns",
    "Batch",
    "Change",
    "DetachRun",
    "DropAccommodation",
    "DropCommunication",
    "DropDocument",
    "DropGoal",
    "DropObjective",
    "DropPlan",
    "DropReport",
    "DropRuns",
    "DropService",
    "Edit",
    "EditChild",
    "EditLog",
    "EditMeeting",
    "EditOwnItem",
    "ForgetLetter",
    "LinkItem",
    "MarkSeen",
    "Operation",
    "PutCommunication",
    "PutDocument",
    "Reattach",
    "RecordError",
    "RefreshRun",
    "RemoveClosed",
    "RemoveContact",
    "RemoveLog",
    "RemoveMeeting",
    "RemoveNoteLine",
    "RemoveOwnItem",
    "RestoreItem",
    "RestoreLetter",
    "RestoreMeeting",
    "ResumeRun",
    "RunSeed",
    "SendLetter",
    "SetCalendar",
    "SetDetails",
    "SetItem",
    "SetNote",
    "SetOpen",
    "Skip",
    "StartRun",
    "StopRun",
    "Tick",
    "Untick",
    "batch",
    "between",
    "from_doc",
]
