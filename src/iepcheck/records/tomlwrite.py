"""Writing the progress file's TOML: a small emitter for plain data (dicts, lists, scalars).

tomlkit builds a document model first and takes ~50 ms for a small record; a save should cost
a few milliseconds, so the store writes with this instead (``tomllib`` reads it back; a test
checks the round trip on random documents). Every string is a basic string with control,
bidi and zero-width characters written as ``\\uXXXX``, so ``cat`` of a file cannot be spoofed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime, time
from typing import Any

from ..textsafe import UNSAFE_CHARS

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}
# C0 and C1 controls, DEL, bidi embeddings/overrides/isolates, LRM/RLM/ALM, zero-width
# characters and the BOM: kept in the value, written as escapes.
_NEEDS_ESCAPE = re.compile(f'["\\\\\x00-\x1f{UNSAFE_CHARS}]')


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _ESCAPES:
        return _ESCAPES[char]
    return f"\\u{ord(char):04X}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08X}"


def string(text: str) -> str:
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def key(name: str) -> str:
    return name if _BARE.fullmatch(name) else string(name)


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def inline(value: Any) -> str:
    """A value written on one line (scalars, arrays, inline tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return string(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{key(k)} = {inline(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(inline(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _table(
    path: list[str], table: Mapping[str, Any], header: str | None, always: bool = False
) -> Iterator[str]:
    plain = []
    tables = []
    arrays = []
    for name, value in table.items():
        if isinstance(value, Mapping):
            tables.append((name, value))
        elif _is_table_array(value):
            arrays.append((name, value))
        else:
            plain.append((name, value))
    # A table with only sub-tables needs no header of its own; an array element always does.
    if header is not None and (always or plain or not (tables or arrays)):
        yield header
    for name, value in plain:
        yield f"{key(name)} = {inline(value)}"
    for name, value in tables:
        sub = [*path, key(name)]
        yield ""
        yield from _table(sub, value, "[" + ".".join(sub) + "]")
    for name, values in arrays:
        sub = [*path, key(name)]
        for element in values:
            yield ""
            yield from _table(sub, element, "[[" + ".".join(sub) + "]]", always=True)


def dumps(doc: Mapping[str, Any], last: tuple[str, ...] = ()) -> str:
    """``doc`` as a TOML document (ends with a newline). ``last``: top-level tables written at
    the end, after every array of tables (a record's change stamps: out of a reader's way)."""
    head = {k: v for k, v in doc.items() if not (k in last and isinstance(v, Mapping))}
    lines = list(_table([], head, None))
    for name in last:
        value = doc.get(name)
        if isinstance(value, Mapping):
            lines += ["", *_table([], {name: value}, None)]
    while lines and lines[0] == "":
        lines.pop(0)
    return "\n".join(lines) + "\n"
