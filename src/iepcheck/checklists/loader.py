"""Reading checklist files: bytes → checks → TOML → rules → a :class:`Checklist` or problems.

Files come from advocates and other families, so nothing here trusts them: size, encoding and
control characters are checked before parsing, every rule failure becomes a
:class:`Problem` with a line and column, and no input makes this module raise.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

from ..i18n import N_, _
from ..textsafe import UNSAFE_RE, clean_line, describe_char
from .problems import LoadResult, Problem, Severity
from .rules import Validator

MAX_BYTES = 256 * 1024
__all__ = ["LoadResult", "Problem", "Severity", "load_bytes", "load_file"]


# -- reading bytes --------------------------------------------------------------------------


def read_file_bytes(path: Path) -> bytes:
    """The file's bytes, refusing what is not a regular file of at most 256 KiB.

    Raises ValueError with a plain sentence; opens non-blocking so a FIFO cannot hang us.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise ValueError(_("no such file")) from None
    except IsADirectoryError:
        raise ValueError(_("this is a folder, not a checklist file")) from None
    except PermissionError:
        raise ValueError(_("permission denied: this file cannot be read")) from None
    except OSError as exc:
        raise ValueError(_("cannot be opened ({why})").format(why=exc.strerror or exc)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ValueError(_("this is a folder, not a checklist file"))
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(_("not a regular file (a pipe, socket or device): refused"))
        if info.st_size > MAX_BYTES:
            raise ValueError(_too_big(info.st_size))
        chunks = []
        total = 0
        while total <= MAX_BYTES:
            chunk = os.read(fd, MAX_BYTES + 1 - total)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > MAX_BYTES:
            raise ValueError(_too_big(total))
        return b"".join(chunks)
    except OSError as exc:
        raise ValueError(_("cannot be read ({why})").format(why=exc.strerror or exc)) from None
    finally:
        os.close(fd)


def _too_big(size: int) -> str:
    return _("the file is {size} KiB; a checklist file may be at most 256 KiB").format(
        size=size // 1024
    )


def load_file(path: str | os.PathLike[str], *, strict: bool = False) -> LoadResult:
    """Read and check one checklist file. Never raises."""
    path = Path(path)
    try:
        data = read_file_bytes(path)
    except ValueError as exc:
        return LoadResult(path, None, (Problem(str(path), 1, 1, "error", str(exc)),))
    return load_bytes(data, path, strict=strict)


def load_bytes(
    data: bytes, path: str | os.PathLike[str], *, strict: bool = False, words_only: bool = False
) -> LoadResult:
    """Check ``data`` as the contents of ``path``. Never raises. ``words_only``: a checklist's
    words as a record's text store keeps them, without its letters."""
    path = Path(path)
    parsed = parse_toml(data, path)
    if isinstance(parsed, Problem):
        return LoadResult(path, None, (parsed,))
    doc, text = parsed
    return Validator(path, text, doc, strict, words_only).run()


def parse_toml(data: bytes, path: Path) -> tuple[dict[str, Any], str] | Problem:
    """The checks before anything else reads a shared file (size, UTF-8, control characters),
    then TOML: the document and its text, or the first problem. Never raises."""
    name = str(path)

    def fail(line: int, col: int, message: str) -> Problem:
        return Problem(name, line, col, "error", message)

    if len(data) > MAX_BYTES:
        return fail(1, 1, _too_big(len(data)))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        return fail(
            line,
            col,
            _("the file is not UTF-8 text (byte {byte}); save it as UTF-8 and try again").format(
                byte=f"0x{data[exc.start]:02X}"
            ),
        )
    text = text.replace("\r\n", "\n")

    bad = UNSAFE_RE.search(text)
    if bad:
        return fail(
            *_line_col_of(text, bad.start()),
            _(
                "control character {char} is not allowed in a checklist (it could change what "
                "the terminal shows)"
            ).format(char=describe_char(bad.group())),
        )
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        line, col, message = _decode_error(exc, text)
        return fail(line, col, _("this is not valid TOML: {message}").format(message=message))
    except RecursionError:
        line, col = _deepest(text)
        return fail(line, col, _("lists or tables are nested too deeply to read"))
    except Exception as exc:  # pragma: no cover - parser bug; still not a traceback
        said = _("this file could not be read as TOML ({error})")
        return fail(1, 1, said.format(error=type(exc).__name__))


def _line_col_of(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


_AT_RE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END_RE = re.compile(r"\s*\(at end of document\)\s*$")


# Plain-words hints for tomllib's commonest complaints.
_HINTS = {
    "Illegal character '\\n'": N_(
        'text in quotes must be closed on the same line (use """triple quotes""" for text over '
        "several lines)"
    ),
    "Invalid value": N_("text needs quotes; true, false, numbers and dates do not"),
    "Cannot overwrite a value": N_("this key already has a value above"),
    "Unclosed array": N_("a list opened with [ is not closed with ]"),
}


def _decode_error(exc: tomllib.TOMLDecodeError, text: str) -> tuple[int, int, str]:
    line, col, message = _decode_position(exc, text)
    for start, hint in _HINTS.items():
        if message.startswith(start):
            return line, col, f"{message}: {_(hint)}"
    return line, col, message


def _decode_position(exc: tomllib.TOMLDecodeError, text: str) -> tuple[int, int, str]:
    message = str(exc)
    m = _AT_RE.search(message)
    if m:
        return int(m[1]), int(m[2]), clean_line(message[: m.start()])
    m = _AT_END_RE.search(message)
    if m:
        line, col = _line_col_of(text, len(text))
        return line, col, clean_line(message[: m.start()]) + " " + _("(at the end of the file)")
    lineno = getattr(exc, "lineno", None)
    colno = getattr(exc, "colno", None)
    if lineno:
        return int(lineno), int(colno or 1), clean_line(message)
    return 1, 1, clean_line(message)


def _deepest(text: str, limit: int = 64) -> tuple[int, int]:
    """Roughly where brackets first nest deeper than ``limit`` (for the nesting message)."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "[{":
            depth += 1
            if depth > limit:
                return _line_col_of(text, i)
        elif ch in "]}":
            depth = max(0, depth - 1)
    return 1, 1
