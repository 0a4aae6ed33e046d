"""Reading a parsed progress document: typed values, or a sentence naming the key and its line.

Every reader of the record's files (the child's file, the checklist text store, recovery
files) raises :class:`ProgressError` at the first value of the wrong type.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..checklists.positions import KeyPath, Positions
from ..clock import FIRST_YEAR, LAST_YEAR, in_range
from ..i18n import _


class ProgressError(Exception):
    """A progress file that cannot be used: says which file and why (and where)."""

    def __init__(self, path: Path, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {reason}")


class TooLarge(ProgressError):
    """A change that would make the file larger than iepcheck opens: refused, not retried."""


_TYPE_WORDS = {
    bool: "true or false",
    int: "a whole number",
    str: "text",
    list: "a list",
    dict: "a table",
    date: "a date",
    datetime: "a date and time",
}


def _kind_word(value: Any) -> str:
    if isinstance(value, datetime):
        return "a date and time"
    for kind, word in _TYPE_WORDS.items():
        if isinstance(value, kind):
            return word
    return type(value).__name__


class Reader:
    """Reads a parsed progress document, raising ProgressError at the first bad value."""

    def __init__(self, path: Path, text: str | None = None) -> None:
        self.path = path
        self.text = text
        self._positions: Positions | None = None

    def _line(self, where: KeyPath) -> int | None:
        if self.text is None:
            return None
        if self._positions is None:
            self._positions = Positions(self.text)
        line, _ = self._positions.find(where)
        return line

    def fail(self, where: KeyPath, what: str) -> ProgressError:
        name = _dotted(where)
        return ProgressError(
            self.path,
            _("not a valid progress file: {name} {what}").format(name=name, what=what),
            self._line(where),
        )

    def get(self, table: Any, key: str, kind: type, where: KeyPath, default: Any = ...) -> Any:
        if not isinstance(table, dict):
            raise self.fail(where, "is not a table")
        if key not in table:
            if default is ...:
                raise self.fail((*where, key), "is missing")
            return default
        value = table[key]
        wrong = (
            (isinstance(value, bool) and kind is not bool)
            or not isinstance(value, kind)
            or (kind is date and isinstance(value, datetime))
        )
        if wrong:
            raise self.fail(
                (*where, key),
                f"should be {_TYPE_WORDS.get(kind, kind.__name__)}, not {_kind_word(value)}",
            )
        if isinstance(value, datetime) and value.utcoffset() is None:
            value = value.astimezone()  # written by hand without a zone: the machine's
        if isinstance(value, date) and not in_range(value):
            raise self.fail(
                (*where, key),
                f"holds {value.isoformat()}, outside the years {FIRST_YEAR}-{LAST_YEAR}",
            )
        return value

    def text_of(self, table: Any, key: str, where: KeyPath, required: bool = False) -> str:
        value: str = self.get(table, key, str, where, ... if required else "")
        return value

    def tables(self, table: Any, key: str, where: KeyPath) -> list[dict[str, Any]]:
        value: list[dict[str, Any]] = self.get(table, key, list, where, [])
        for i, entry in enumerate(value):
            if not isinstance(entry, dict):
                raise self.fail((*where, key, i), "is not a table")
        return value


def _dotted(where: KeyPath) -> str:
    out = ""
    for part in where:
        if isinstance(part, int):
            out += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z0-9_-]+", part):
            out += f".{part}" if out else part
        else:
            out += f'."{part}"' if out else f'"{part}"'
    return out or "the file"


def extra_keys(table: dict[str, Any], known: set[str]) -> dict[str, Any]:
    return {k: v for k, v in table.items() if k not in known}
