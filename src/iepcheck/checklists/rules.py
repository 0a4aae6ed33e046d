"""The rules of checklist format 1, applied to a parsed TOML document.

Every failure becomes a :class:`Problem` pointing at the offending key or value; positions
come from :mod:`iepcheck.tomlpos`, computed only when there is something to report.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..textsafe import REPLACEMENT, UNSAFE_RE, clean_line, describe_char
from .letter_rules import check_letter_refs, item_extras, read_letters
from .model import (
    FORMAT,
    ID_RE,
    KINDS,
    LEANS,
    OWN_PREFIX,
    Checklist,
    Item,
    Section,
    Source,
    parse_due,
    parse_repeat,
)
from .positions import KeyPath, Positions
from .problems import LoadResult, Problem, Severity

MAX_VERSION = 1_000_000  # a version beyond this is a typo (or an attack on whoever stores it)
TOP_KEYS = frozenset(
    [
        "format",
        "id",
        "version",
        "title",
        "kind",
        "summary",
        "reviewed",
        "authors",
        "sources",
        "sections",
        "letters",
    ]
)
SECTION_KEYS = frozenset(["title", "user_items", "repeat", "items"])
ITEM_KEYS = frozenset(
    [
        "id",
        "text",
        "details",
        "due",
        "repeat",
        "leans",
        "sources",
        "letter",
        "tally",
        "tally_alert",
        "document",
    ]
)
SOURCE_KEYS = frozenset(("title", "url"))

_TYPE_NAMES: list[tuple[type, str]] = [
    (bool, "true or false"),
    (int, "a whole number"),
    (float, "a decimal number"),
    (str, "text"),
    (datetime, "a date and time"),
    (date, "a date"),
    (list, "a list"),
    (dict, "a table"),
]
# A character escape (\uXXXX, \UXXXXXXXX, \b, \f, \r, \e) that could have put a control
# character into a parsed string: used to point at it.
_ESCAPE_RE = re.compile(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[bfre])")


def _type_name(value: Any) -> str:
    for kind, name in _TYPE_NAMES:
        if isinstance(value, kind):
            return name
    return type(value).__name__


class Validator:
    def __init__(self, path: Path, text: str, doc: dict[str, Any], strict: bool) -> None:
        self.path = path
        self.text = text
        self.doc = doc
        self.strict = strict
        self._positions: Positions | None = None
        self.problems: list[Problem] = []
        self.items_at: list[tuple[KeyPath, Item]] = []  # every good item, where it is

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
            wanted = "text in quotes" if kind is str else dict(_TYPE_NAMES)[kind]
            self.error((*where, key), f"'{key}' must be {wanted}, not {_type_name(value)}")
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
                f"'{clean_line(label)}' contains control character {describe_char(bad.group())}"
                ", which is not allowed (it could change what the terminal shows)",
            )
        )
        return False

    def check_keys(self, table: dict[str, Any], where: KeyPath, allowed: frozenset[str]) -> None:
        for key in table:
            if key in allowed:
                continue
            if UNSAFE_RE.search(key):
                shown = clean_line(key)
                self.error(
                    (*where, key),
                    f"the key '{shown}' contains a control character, which is not allowed",
                    key=True,
                )
            else:
                self.warn(
                    (*where, key),
                    f"unknown key '{clean_line(key)}' is ignored"
                    " (is it misspelt, or for a newer iepcheck?)",
                    key=True,
                )

    def check_id(self, value: str, where: KeyPath, what: str) -> bool:
        if not ID_RE.fullmatch(value):
            self.error(
                where,
                f"{what} '{clean_line(value)}' may only use lowercase letters a-z, digits "
                "and '-', 1 to 64 characters",
            )
            return False
        if value.startswith(OWN_PREFIX):
            self.error(
                where,
                f"{what} '{value}' starts with 'own-', which is kept for items a parent adds",
            )
            return False
        return True

    def first_use(self, value: str, where: KeyPath, seen: dict[str, KeyPath], what: str) -> bool:
        """Whether ``value`` is the first of its id in the file (else reported, with the line
        of the first); the first use is remembered in ``seen``."""
        if value in seen:
            line, _ = self.positions.find((*seen[value], "id"))
            self.error((*where, "id"), f"{what} '{value}' is used twice: first on line {line}")
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
                self.error(at, 'each source must be a table: { title = "…", url = "https://…" }')
                continue
            self.check_keys(entry, at, SOURCE_KEYS)
            title = self.get(entry, at, "title", str, required="this source needs a 'title'")
            url = self.get(entry, at, "url", str, required="this source needs a 'url'")
            if url is not None and not _is_web_url(url):
                self.error(
                    (*at, "url"),
                    f"the source address '{clean_line(url)}' must start with https:// or "
                    "http:// and name a website",
                )
                url = None
            if title is not None and url is not None:
                found.append(Source(title.strip() or url, url.strip()))
        return tuple(found)

    # -- the file ---------------------------------------------------------------------------
    def run(self) -> LoadResult:
        doc = self.doc
        fmt = doc.get("format")
        if "format" not in doc:
            self.error((), "the file needs 'format = 1' at the top (the checklist format it uses)")
        elif isinstance(fmt, bool) or not isinstance(fmt, int):
            self.error(("format",), f"'format' must be a whole number, not {_type_name(fmt)}")
        elif fmt > FORMAT:
            self.error(
                ("format",),
                f"this file uses checklist format {fmt}, but this iepcheck reads format "
                f"{FORMAT} only: it needs a newer iepcheck",
            )
            return self.result(None)
        elif fmt < FORMAT:
            self.error(("format",), f"'format' must be {FORMAT}")

        self.check_keys(doc, (), TOP_KEYS)
        cid = self.get(
            doc, (), "id", str, required="the checklist needs an 'id' (like \"ct-ppt-prep\")"
        )
        if cid is not None and not self.check_id(cid, ("id",), "the checklist id"):
            cid = None
        version = self.get(
            doc, (), "version", int, required="the checklist needs a 'version' (a whole number)"
        )
        if version is not None and not 1 <= version <= MAX_VERSION:
            self.error(("version",), f"'version' must be a whole number from 1 to {MAX_VERSION}")
            version = None
        title = self.get(doc, (), "title", str)
        if title is None and "title" not in doc:
            self.warn((), "the checklist has no 'title'; its id is shown instead")
        kind = self.get(doc, (), "kind", str)
        if kind is not None and kind not in KINDS:
            self.error(
                ("kind",),
                f"'kind' must be one of {', '.join(KINDS)}, not '{clean_line(kind)}'",
            )
            kind = None
        elif "kind" not in doc:
            self.warn((), "the checklist has no 'kind'; it is used as a meeting checklist")
            kind = "meeting"
        summary = self.get(doc, (), "summary", str) or ""
        reviewed = doc.get("reviewed")
        if "reviewed" in doc and (isinstance(reviewed, datetime) or not isinstance(reviewed, date)):
            self.error(
                ("reviewed",),
                f"'reviewed' must be a date written without quotes, like 2026-11-28, not "
                f"{_type_name(reviewed)}",
            )
            reviewed = None
        authors: list[str] = []
        raw_authors = self.get(doc, (), "authors", list)
        for k, author in enumerate(raw_authors or []):
            if not isinstance(author, str):
                self.error(("authors", k), "each author must be text")
            elif self.safe_text(author, ("authors", k), "authors"):
                authors.append(author)
        sources = self.sources(doc, ())
        sections = self.sections(kind or "meeting")
        item_ids = {item.id for _, item in self.items_at}
        letters, declared = read_letters(self, item_ids)
        linked = check_letter_refs(self, cid, self.items_at, declared)
        sections = [
            Section(
                s.title,
                tuple(linked.get(id(i), i) for i in s.items),
                s.user_items,
                s.repeat,
            )
            for s in sections
        ]

        has_errors = any(p.severity == "error" for p in self.problems)
        checklist = None
        if not has_errors and cid and version and kind:
            checklist = Checklist(
                id=cid,
                version=version,
                title=(title or "").strip() or cid,
                kind=kind,
                sections=tuple(sections),
                summary=summary,
                reviewed=reviewed,
                authors=tuple(authors),
                sources=sources,
                letters=letters,
                path=self.path,
            )
        return self.result(checklist, cid, version)

    def result(
        self, checklist: Checklist | None, cid: str | None = None, version: int | None = None
    ) -> LoadResult:
        problems = sorted(self.problems, key=lambda p: (p.line, p.col))
        return LoadResult(self.path, checklist, tuple(problems), cid, version)

    def sections(self, kind: str) -> list[Section]:
        raw = self.get(
            self.doc,
            (),
            "sections",
            list,
            required="the checklist has no sections: add at least one [[sections]] with items",
        )
        if raw is None:
            return []
        if not raw:
            self.error(("sections",), "the checklist has no sections")
            return []
        sections: list[Section] = []
        first_seen: dict[str, KeyPath] = {}
        after_refs: list[tuple[KeyPath, str, str]] = []
        for s, table in enumerate(raw):
            where: KeyPath = ("sections", s)
            if not isinstance(table, dict):
                self.error(where, "each section must be a table: write it as [[sections]]")
                continue
            self.check_keys(table, where, SECTION_KEYS)
            title = self.get(table, where, "title", str, required="this section needs a 'title'")
            user_items = self.get(table, where, "user_items", bool) or False
            repeat = self.repeat(table, where, kind)
            if repeat is not None and not user_items:
                self.warn(
                    (*where, "repeat"),
                    "a section's 'repeat' is for items the user adds; set user_items = true "
                    "or give each item its own 'repeat'",
                )
            items: list[Item] = []
            raw_items = self.get(table, where, "items", list)
            for i, item_table in enumerate(raw_items or []):
                at: KeyPath = (*where, "items", i)
                item = self.item(item_table, at, kind, first_seen, after_refs)
                if item is not None:
                    items.append(item)
            if not raw_items and not user_items:
                self.warn(where, "this section has no items", key=True)
            sections.append(Section((title or "").strip(), tuple(items), user_items, repeat))
        if not any(s.items or s.user_items for s in sections) and not self.has_errors():
            self.error(("sections", 0), "the checklist has no items", key=True)
        self.check_after_refs(first_seen, after_refs)
        return sections

    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def repeat(self, table: dict[str, Any], where: KeyPath, kind: str) -> Any:
        text = self.get(table, where, "repeat", str)
        if text is None:
            return None
        repeat = parse_repeat(text)
        if repeat is None:
            self.error(
                (*where, "repeat"),
                f"'repeat' must be weekly, monthly, every N weeks or every N months, "
                f"not '{clean_line(text)}'",
            )
        elif kind == "guide":
            self.warn((*where, "repeat"), "a guide checklist has no dates; 'repeat' is ignored")
            return None
        return repeat

    def item(
        self,
        table: Any,
        where: KeyPath,
        kind: str,
        first_seen: dict[str, KeyPath],
        after_refs: list[tuple[KeyPath, str, str]],
    ) -> Item | None:
        if not isinstance(table, dict):
            self.error(where, "each item must be a table: write it as [[sections.items]]")
            return None
        self.check_keys(table, where, ITEM_KEYS)
        iid = self.get(table, where, "id", str, required="this item needs an 'id'")
        if iid is not None and not (
            self.check_id(iid, (*where, "id"), "item id")
            and self.first_use(iid, where, first_seen, "item id")
        ):
            iid = None
        text = self.get(table, where, "text", str, required="this item needs a 'text'")
        if text is not None and not text.strip():
            self.error((*where, "text"), "the item's 'text' is empty")
        details = self.get(table, where, "details", str) or ""
        due = None
        due_text = self.get(table, where, "due", str)
        if due_text is not None:
            due = parse_due(due_text)
            if due is None:
                self.error(
                    (*where, "due"),
                    f'\'due\' must read like "5 school days before", "2 weeks after", '
                    f'"at the meeting", "45 school days after ITEM-ID", "at age 14" or '
                    f"\"90 days before age 3\", not '{clean_line(due_text)}'",
                )
            elif kind == "guide":
                self.warn((*where, "due"), "a guide checklist has no dates; 'due' is ignored")
                due = None
            elif due.item is not None and iid is not None:
                after_refs.append(((*where, "due"), iid, due.item))
        repeat = self.repeat(table, where, kind)
        leans = None
        if "leans" in table:
            raw = table["leans"]
            if kind != "guide":
                self.error(
                    (*where, "leans"), "'leans' is only for guide checklists (kind = \"guide\")"
                )
            elif isinstance(raw, int) and not isinstance(raw, bool) and raw == 504:
                self.error((*where, "leans"), "'leans' must be text: write it as \"504\"")
            elif not isinstance(raw, str) or raw.upper() not in LEANS:
                shown = clean_line(raw) if isinstance(raw, str) else _type_name(raw)
                self.error((*where, "leans"), f"'leans' must be \"IEP\" or \"504\", not '{shown}'")
            else:
                leans = raw.upper()
        sources = self.sources(table, where)
        extras = item_extras(self, table, where, kind)
        if iid is None or text is None:
            return None
        item = Item(iid, text.strip(), details.strip(), due, repeat, leans, sources, **extras)
        self.items_at.append((where, item))
        return item

    def check_after_refs(
        self, first_seen: dict[str, KeyPath], refs: list[tuple[KeyPath, str, str]]
    ) -> None:
        graph: dict[str, str] = {}
        order = {iid: n for n, iid in enumerate(first_seen)}
        where_of = {iid: where for where, iid, _ in refs}
        for where, iid, target in refs:
            if target == iid:
                self.error(where, f"item '{iid}' cannot be due after itself")
            elif target not in first_seen:
                self.error(where, f"'due' counts from item '{target}', but no item has that id")
            else:
                graph[iid] = target
        # Each item counts from at most one other, so the chains form a functional graph:
        # one walk with colours finds every circle in linear time, whatever the file holds.
        colour: dict[str, int] = {}  # 1: on the current walk, 2: done
        for start in graph:
            if start in colour:
                continue
            path: list[str] = []
            node: str | None = start
            while node is not None and node not in colour:
                colour[node] = 1
                path.append(node)
                node = graph.get(node)
            if node is not None and colour[node] == 1:
                loop_nodes = path[path.index(node) :]
                first = min(loop_nodes, key=lambda n: order[n])
                at = loop_nodes.index(first)
                ring = loop_nodes[at:] + loop_nodes[:at]
                shown = (
                    " → ".join([*ring, first])
                    if len(ring) <= 8
                    else (" → ".join([*ring[:3], "…", ring[-1], first]))
                )
                self.error(
                    where_of[first], f"these items are due after each other in a circle: {shown}"
                )
            for visited in path:
                colour[visited] = 2


def _is_web_url(url: str) -> bool:
    m = re.fullmatch(r"(?i)https?://([^/\s?#@]+@)?([^/\s?#:]+)(:\d+)?([/?#]\S*)?", url.strip())
    return bool(m) and REPLACEMENT not in url
