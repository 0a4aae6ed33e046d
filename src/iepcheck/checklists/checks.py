"""The generic checks of a checklist file's values: types, safe text, keys, ids, sources.

Every failure becomes a :class:`Problem` pointing at the offending key or value; positions
come from :mod:`.positions`, computed only when there is something to report.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..i18n import N_, _
from ..textsafe import REPLACEMENT, UNSAFE_RE, clean_line, describe_char
from .model import ID_RE, OWN_PREFIX, Source
from .positions import KeyPath, Positions
from .problems import Problem, Severity
from .translations import HASH_RE, TRANSLATION_KEYS

SOURCE_KEYS = frozenset(("title", "url"))

_TYPE_NAMES: list[tuple[type, str]] = [
    (bool, N_("true or false")),
    (int, N_("a whole number")),
    (float, N_("a decimal number")),
    (str, N_("text")),
    (datetime, N_("a date and time")),
    (date, N_("a date")),
    (list, N_("a list")),
    (dict, N_("a table")),
]
# The sentences that name an id, by what the id is (a translation may need its own order).
_BAD_ID = {
    "the checklist id": N_(
        "the checklist id '{value}' may only use lowercase letters a-z, digits and '-', 1 to 64 "
        "characters"
    ),
    "item id": N_(
        "item id '{value}' may only use lowercase letters a-z, digits and '-', 1 to 64 characters"
    ),
}
_OWN_ID = {
    "the checklist id": N_(
        "the checklist id '{value}' starts with 'own-', which is kept for items a parent adds"
    ),
    "item id": N_("item id '{value}' starts with 'own-', which is kept for items a parent adds"),
}
_TWICE = {
    "item id": N_("item id '{value}' is used twice: first on line {line}"),
    "letter id": N_("letter id '{value}' is used twice: first on line {line}"),
}
# A character escape (\uXXXX, \UXXXXXXXX, \b, \f, \r, \e) that could have put a control
# character into a parsed string: used to point at it.
_ESCAPE_RE = re.compile(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[bfre])")


def type_name(value: Any) -> str:
    """How a value's type reads in a message ("a whole number", "text"), in the user's
    language."""
    for kind, name in _TYPE_NAMES:
        if isinstance(value, kind):
            return _(name)
    return type(value).__name__


class Checker:
    """A file's text and parsed document, the problems found so far, and the value checks."""

    def __init__(self, path: Path, text: str, doc: dict[str, Any], strict: bool) -> None:
        self.path = path
        self.text = text
        self.doc = doc
        self.strict = strict
        self._positions: Positions | None = None
        self.problems: list[Problem] = []
        # A file with ``lang`` is a translation (translations.py): its own keys are known.
        self.translation = "lang" in doc

    @property
    def positions(self) -> Positions:
        # Built only when there is something to report: clean files skip the second scan.
        if self._positions is None:
            self._positions = Positions(self.text)
        return self._positions

    def report(
        self, severity: Severity, where: KeyPath, message: str, *, key: bool = False
    ) -> None:
        line, col = self.positions.find(where, value=not key)
        self.problems.append(self.problem(line, col, severity, message))

    def problem(self, line: int, col: int, severity: Severity, message: str) -> Problem:
        if severity == "warning" and self.strict:
            severity = "error"
        return Problem(str(self.path), line, col, severity, message)

    def error(self, where: KeyPath, message: str, **kw: Any) -> None:
        self.report("error", where, message, **kw)

    def warn(self, where: KeyPath, message: str, **kw: Any) -> None:
        self.report("warning", where, message, **kw)

    # -- typed getters --------------------------------------------------------------------
    def get(
        self,
        table: dict[str, Any],
        where: KeyPath,
        key: str,
        kind: type,
        *,
        required: str | None = None,
    ) -> Any:
        """table[key] if of ``kind``; reports a missing (when ``required``) or wrong value."""
        if key not in table:
            if required:
                self.error(where, required, key=True)
            return None
        value = table[key]
        if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
            wanted = _("text in quotes") if kind is str else _(dict(_TYPE_NAMES)[kind])
            said = _("'{key}' must be {wanted}, not {found}")
            self.error((*where, key), said.format(key=key, wanted=wanted, found=type_name(value)))
            return None
        if isinstance(value, str) and not self.safe_text(value, (*where, key), key):
            return None
        return value

    def safe_text(self, value: str, where: KeyPath, label: str) -> bool:
        bad = UNSAFE_RE.search(value)
        if not bad:
            return True
        line, col = self.positions.find(where)
        start = self.positions.offset(where)
        if start is not None:
            m = _ESCAPE_RE.search(self.text, start)
            if m and self.text.count("\n", start, m.start()) <= value.count("\n") + 2:
                line, col = self.positions.line_col(m.start())
        self.problems.append(
            Problem(
                str(self.path),
                line,
                col,
                "error",
                _(
                    "'{label}' contains control character {char}, which is not allowed (it "
                    "could change what the terminal shows)"
                ).format(label=clean_line(label), char=describe_char(bad.group())),
            )
        )
        return False

    def check_keys(self, table: dict[str, Any], where: KeyPath, allowed: frozenset[str]) -> None:
        for key in table:
            if key in allowed or (self.translation and key in TRANSLATION_KEYS):
                continue
            if UNSAFE_RE.search(key):
                shown = clean_line(key)
                self.error(
                    (*where, key),
                    _("the key '{key}' contains a control character, which is not allowed").format(
                        key=shown
                    ),
                    key=True,
                )
            else:
                self.warn(
                    (*where, key),
                    _(
                        "unknown key '{key}' is ignored (is it misspelt, or for a newer iepcheck?)"
                    ).format(key=clean_line(key)),
                    key=True,
                )

    def check_id(self, value: str, where: KeyPath, what: str) -> bool:
        if not ID_RE.fullmatch(value):
            self.error(where, _(_BAD_ID[what]).format(value=clean_line(value)))
            return False
        if value.startswith(OWN_PREFIX):
            self.error(where, _(_OWN_ID[what]).format(value=value))
            return False
        return True

    def first_use(self, value: str, where: KeyPath, seen: dict[str, KeyPath], what: str) -> bool:
        """Whether ``value`` is the first of its id in the file (else reported, with the line
        of the first); the first use is remembered in ``seen``."""
        if value in seen:
            line, _col = self.positions.find((*seen[value], "id"))
            self.error((*where, "id"), _(_TWICE[what]).format(value=value, line=line))
            return False
        seen[value] = where
        return True

    def sources(self, table: dict[str, Any], where: KeyPath) -> tuple[Source, ...]:
        raw = self.get(table, where, "sources", list)
        if raw is None:
            return ()
        found: list[Source] = []
        for k, entry in enumerate(raw):
            at = (*where, "sources", k)
            if not isinstance(entry, dict):
                self.error(at, _('each source must be a table: { title = "…", url = "https://…" }'))
                continue
            self.check_keys(entry, at, SOURCE_KEYS)
            title = self.get(entry, at, "title", str, required=_("this source needs a 'title'"))
            url = self.get(entry, at, "url", str, required=_("this source needs a 'url'"))
            if url is not None and not _is_web_url(url):
                self.error(
                    (*at, "url"),
                    _(
                        "the source address '{url}' must start with https:// or http:// and "
                        "name a website"
                    ).format(url=clean_line(url)),
                )
                url = None
            if title is not None and url is not None:
                found.append(Source(title.strip() or url, url.strip()))
        return tuple(found)

    def translated_from(self, table: dict[str, Any], where: KeyPath) -> str:
        """A translated item's or letter's ``translated_from`` (16 hex digits), or ''."""
        if not self.translation:
            return ""
        value = self.get(table, where, "translated_from", str)
        if value is None:
            return ""
        if not HASH_RE.fullmatch(value):
            self.error(
                (*where, "translated_from"),
                _(
                    "'translated_from' must be 16 hex digits (the hash of the English words), "
                    "not '{value}'"
                ).format(value=clean_line(value)),
            )
            return ""
        return str(value)

    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


def _is_web_url(url: str) -> bool:
    m = re.fullmatch(r"(?i)https?://([^/\s?#@]+@)?([^/\s?#:]+)(:\d+)?([/?#]\S*)?", url.strip())
    return bool(m) and REPLACEMENT not in url
