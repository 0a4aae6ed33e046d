"""The base of every operation: its error, its result, TOML encoding, and batches."""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar, Union

from ...i18n import N_, _
from .. import fields as F
from ..model import Child, Meeting, Run


class RecordError(Exception):
    """A change that cannot be made to the record as it is now: one sentence for the user."""


@dataclass(frozen=True)
class Applied:
    """What applying an operation gave: a value for the caller, and how to undo it."""

    value: Any = None
    inverse: Operation | None = None
    # What the user should be told: a field another session had changed meanwhile, say.
    notes: tuple[str, ...] = ()


_REGISTRY: dict[str, type[Operation]] = {}


class Operation:
    """Base of every operation. Subclasses are frozen dataclasses with a ``NAME``."""

    NAME: ClassVar[str] = ""
    LABEL: ClassVar[str] = N_("change")  # what "Undone: …" says

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if cls.NAME:
            _REGISTRY[cls.NAME] = cls

    def apply(self, child: Child) -> Applied:
        raise NotImplementedError

    def label(self) -> str:
        return _(self.LABEL)

    def to_doc(self) -> dict[str, Any]:
        """The operation as a TOML-ready table (for a recovery file)."""
        doc: dict[str, Any] = {"op": self.NAME}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = _encode(getattr(self, f.name))
            if value is not None:
                doc[f.name] = value
        return doc


def from_doc(doc: dict[str, Any]) -> Operation:
    """An operation back from :meth:`Operation.to_doc`; ValueError when it is not one."""
    if not isinstance(doc, dict):
        raise ValueError("an operation must be a table")
    name = doc.get("op")
    cls = _REGISTRY.get(name) if isinstance(name, str) else None
    if cls is None:
        raise ValueError(f"unknown operation {name!r}")
    op: Operation = _decode_dataclass(cls, doc)
    return op


# -- encoding: dataclass fields ⇄ TOML values -------------------------------------------------


def _encode(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Operation):
        return value.to_doc()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in dataclasses.fields(value):
            encoded = _encode(getattr(value, f.name))
            if encoded is not None:
                out[f.name] = encoded
        return out
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    return value


def _decode(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if value is None:
            return None
        return _decode(options[0], value)
    if origin is tuple:
        (inner, *_rest) = typing.get_args(hint)
        if not isinstance(value, list):
            raise ValueError("expected a list")
        return tuple(_decode(inner, v) for v in value)
    if hint is Operation:
        return from_doc(value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _decode_dataclass(hint, value)
    if hint is Any or origin is dict:
        return value
    if isinstance(hint, type):
        ok = isinstance(value, hint) and not (hint is date and isinstance(value, datetime))
        if hint is float and isinstance(value, int):
            ok = True  # a whole number where a number goes (a measured value of 45)
        if hint in (int, float) and isinstance(value, bool):
            ok = False
        if not ok:
            raise ValueError(f"expected {hint.__name__}, got {type(value).__name__}")
    return value


def _decode_dataclass(cls: type, doc: Any) -> Any:
    if not isinstance(doc, dict):
        raise ValueError(f"{cls.__name__} must be a table")
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in doc:
            kwargs[f.name] = _decode(hints[f.name], doc[f.name])
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            if type(None) in typing.get_args(hints[f.name]):
                kwargs[f.name] = None
            else:
                raise ValueError(f"{cls.__name__} needs {f.name!r}")
    return cls(**kwargs)


# -- helpers for the operations ------------------------------------------------------------------


def _run(child: Child, run_id: str) -> Run:
    run = child.run(run_id)
    if run is None:
        raise RecordError(_("that checklist is no longer in the child's record"))
    return run


def _meeting(child: Child, meeting_id: str) -> Meeting:
    meeting = child.meeting(meeting_id)
    if meeting is None:
        raise RecordError(
            _("meeting {meeting_id} is no longer in the child's record").format(
                meeting_id=meeting_id
            )
        )
    return meeting


def checked(field: F.Field, value: Any) -> Any:
    """``value`` when the field may hold it, else RecordError with the field's sentence."""
    try:
        return F.check(field, value)
    except F.FieldError as exc:
        raise RecordError(str(exc)) from None


def check_entry(schema: dict[str, F.Field], entry: object) -> None:
    """Every field of a new entry, checked before it goes into the record."""
    for f in dataclasses.fields(entry):  # type: ignore[arg-type]
        if f.name in schema:
            checked(schema[f.name], getattr(entry, f.name))


# -- several at once -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Batch(Operation):
    """Several operations as one change (and one undo)."""

    NAME: ClassVar[str] = "batch"
    ops: tuple[Operation, ...] = field(default_factory=tuple)

    def label(self) -> str:
        return self.ops[-1].label() if self.ops else _("change")

    def apply(self, child: Child) -> Applied:
        inverses: list[Operation] = []
        notes: list[str] = []
        value = None
        for op in self.ops:
            applied = op.apply(child)
            value = applied.value
            notes += applied.notes
            if applied.inverse is not None:
                inverses.append(applied.inverse)
        return Applied(value, Batch(tuple(reversed(inverses))) if inverses else None, tuple(notes))


def batch(*ops: Operation | None) -> Operation:
    """One operation from several (None ones left out); a single one as itself."""
    kept = tuple(op for op in ops if op is not None)
    return kept[0] if len(kept) == 1 else Batch(kept)
