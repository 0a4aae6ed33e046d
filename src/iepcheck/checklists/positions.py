"""Where keys and values sit in a TOML text, for messages that point at a line and column.

tomllib and tomlkit both parse without keeping positions, so after a file has parsed we scan
it once more with this small reader. It only ever sees text that tomllib accepted, and it
never raises: whatever it could not place is looked up through its nearest known parent.
"""

from __future__ import annotations

import bisect
import contextlib
import tomllib
from dataclasses import dataclass

KeyPath = tuple[str | int, ...]

# How many characters an escape takes in the file: \uXXXX, \UXXXXXXXX, \xHH; the others two.
_ESCAPE_WIDTH = {"u": 6, "U": 10, "x": 4}
_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


@dataclass(frozen=True)
class Spot:
    key: int  # offset of the key (or table header, or array element)
    value: int  # offset of the value


class Positions:
    """Maps a key path (``("sections", 0, "items", 2, "due")``) to offsets in the text."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._line_starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self._line_starts.append(i + 1)
        self.spots: dict[KeyPath, Spot] = {}
        # A reader bug must never hide the real problem: report what was placed.
        with contextlib.suppress(Exception):
            _Reader(text, self.spots).read()

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of an offset."""
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def find(self, path: KeyPath, *, value: bool = True) -> tuple[int, int]:
        """Line and column of ``path``'s value (or key); its nearest known parent if unknown."""
        probe = tuple(path)
        while probe:
            spot = self.spots.get(probe)
            if spot is not None:
                return self.line_col(spot.value if value else spot.key)
            probe = probe[:-1]
        return 1, 1

    def offset(self, path: KeyPath) -> int | None:
        spot = self.spots.get(tuple(path))
        return spot.value if spot else None

    def in_string(self, path: KeyPath, index: int) -> int | None:
        """The offset in the text of character ``index`` of the string value at ``path``, its
        quotes, escapes and a multi-line string's first newline accounted for; None if unknown.
        """
        start = self.offset(path)
        s = self._text
        if start is None or start >= len(s) or s[start] not in "\"'":
            return None
        quote = s[start]
        triple = s.startswith(quote * 3, start)
        i = start + (3 if triple else 1)
        if triple and s.startswith("\n", i):
            i += 1  # TOML drops a newline right after the opening quotes
        n = 0
        while i < len(s):
            if n == index:
                return i
            if quote == '"' and s[i] == "\\":
                code = s[i + 1 : i + 2]
                if triple and code in (" ", "\t", "\n"):
                    # A backslash at the end of a line: it and the blanks after it are nothing.
                    i += 1
                    while i < len(s) and s[i] in " \t\n":
                        i += 1
                    continue
                i += _ESCAPE_WIDTH.get(code, 2)
            elif not triple and s[i] == "\n":
                return None
            else:
                i += 1
            n += 1
        return None


class _Reader:
    def __init__(self, text: str, spots: dict[KeyPath, Spot]) -> None:
        self.s = text
        self.n = len(text)
        self.i = 0
        self.spots = spots
        self.aot: dict[KeyPath, int] = {}

    # -- low level -------------------------------------------------------------------------
    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.s[j] if j < self.n else ""

    def skip_ws(self) -> None:
        while self.i < self.n and self.s[self.i] in " \t":
            self.i += 1

    def skip_comment(self) -> None:
        if self.peek() == "#":
            while self.i < self.n and self.s[self.i] != "\n":
                self.i += 1

    def skip_blank(self) -> None:
        """Whitespace, newlines and comments (inside arrays and between statements)."""
        while self.i < self.n:
            ch = self.s[self.i]
            if ch in " \t\r\n":
                self.i += 1
            elif ch == "#":
                self.skip_comment()
            else:
                return

    def skip_string(self) -> str:
        """Skip a string at the cursor; return its raw text (quotes included)."""
        start = self.i
        q = self.s[self.i]
        if self.s.startswith(q * 3, self.i):
            self.i += 3
            while self.i < self.n:
                if q == '"' and self.s[self.i] == "\\":
                    self.i += 2
                    continue
                if self.s.startswith(q * 3, self.i):
                    self.i += 3
                    # Up to two more quotes may belong to the content.
                    while self.peek() == q and self.i - start < self.n:
                        self.i += 1
                    break
                self.i += 1
        else:
            self.i += 1
            while self.i < self.n and self.s[self.i] != q:
                if q == '"' and self.s[self.i] == "\\":
                    self.i += 1
                self.i += 1
            self.i += 1
        return self.s[start : self.i]

    def key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip_ws()
            ch = self.peek()
            if ch in "\"'":
                raw = self.skip_string()
                parts.append(tomllib.loads(f"k = {raw}")["k"] if ch == '"' else raw[1:-1])
            else:
                start = self.i
                while self.i < self.n and self.s[self.i] in _BARE:
                    self.i += 1
                if self.i == start:
                    raise ValueError("no key")
                parts.append(self.s[start : self.i])
            self.skip_ws()
            if self.peek() == ".":
                self.i += 1
                continue
            return parts

    # -- structure -------------------------------------------------------------------------
    def read(self) -> None:
        table: KeyPath = ()
        while True:
            self.skip_blank()
            if self.i >= self.n:
                return
            start = self.i
            if self.peek() == "[":
                is_aot = self.peek(1) == "["
                self.i += 2 if is_aot else 1
                table = self.resolve(self.key(), is_aot)
                self.i += 2 if is_aot else 1
                self.spots.setdefault(table, Spot(start, start))
            else:
                parts = self.key()
                self.skip_ws()
                self.i += 1  # '='
                self.skip_ws()
                self.value((*table, *parts), start)
            self.skip_ws()
            self.skip_comment()

    def resolve(self, parts: list[str], is_aot: bool) -> KeyPath:
        path: list[str | int] = []
        for k, part in enumerate(parts):
            path.append(part)
            here = tuple(path)
            if is_aot and k == len(parts) - 1:
                count = self.aot.get(here, 0)
                self.aot[here] = count + 1
                path.append(count)
            elif here in self.aot:
                path.append(self.aot[here] - 1)
        return tuple(path)

    def value(self, path: KeyPath, key_start: int) -> None:
        self.spots[path] = Spot(key_start, self.i)
        ch = self.peek()
        if ch in "\"'":
            self.skip_string()
        elif ch == "[":
            self.i += 1
            index = 0
            while True:
                self.skip_blank()
                if self.peek() in ("]", ""):
                    self.i += 1
                    return
                self.value((*path, index), self.i)
                index += 1
                self.skip_blank()
                if self.peek() == ",":
                    self.i += 1
        elif ch == "{":
            self.i += 1
            while True:
                self.skip_ws()
                if self.peek() in ("}", ""):
                    self.i += 1
                    return
                start = self.i
                parts = self.key()
                self.skip_ws()
                self.i += 1  # '='
                self.skip_ws()
                self.value((*path, *parts), start)
                self.skip_ws()
                if self.peek() == ",":
                    self.i += 1
        else:
            while self.i < self.n and self.s[self.i] not in ",]}\n#":
                self.i += 1
