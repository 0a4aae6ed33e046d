"""The rules of checklist format 1, applied to a parsed TOML document: the file's top keys
and its sections (items are in :mod:`.items`, letters in :mod:`.letter_rules`, the value
checks they share in :mod:`.checks`)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..i18n import _
from ..textsafe import clean_line
from .checks import Checker, type_name
from .items import check_after_refs, read_item, read_repeat
from .letter_rules import check_letter_refs, read_letters
from .model import FORMAT, FROM_PLAN, KINDS, PLAN_PREFIX, Checklist, Item, Section
from .positions import KeyPath
from .problems import LoadResult
from .translations import LANG_RE

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
SECTION_KEYS = frozenset(["title", "user_items", "repeat", "items", "from_plan"])


class Validator(Checker):
    """Checks a whole checklist file and builds its :class:`Checklist` when it has no errors."""

    def __init__(
        self, path: Path, text: str, doc: dict[str, Any], strict: bool, words_only: bool = False
    ) -> None:
        super().__init__(path, text, doc, strict)
        self.items_at: list[tuple[KeyPath, Item]] = []  # every good item, where it is
        # A checklist's words as a record keeps them (the text store): its letters are not
        # in it, so an item's CHECKLIST-ID/LETTER-ID of its own checklist is not checked.
        self.words_only = words_only

    # -- the file ---------------------------------------------------------------------------
    def run(self) -> LoadResult:
        doc = self.doc
        fmt = doc.get("format")
        if "format" not in doc:
            self.error(
                (), _("the file needs 'format = 1' at the top (the checklist format it uses)")
            )
        elif isinstance(fmt, bool) or not isinstance(fmt, int):
            said = _("'format' must be a whole number, not {found}")
            self.error(("format",), said.format(found=type_name(fmt)))
        elif fmt > FORMAT:
            self.error(
                ("format",),
                _(
                    "this file uses checklist format {found}, but this iepcheck reads format "
                    "{format} only: it needs a newer iepcheck"
                ).format(found=fmt, format=FORMAT),
            )
            return self.result(None)
        elif fmt < FORMAT:
            self.error(("format",), _("'format' must be {format}").format(format=FORMAT))

        self.check_keys(doc, (), TOP_KEYS)
        cid = self.get(
            doc, (), "id", str, required=_("the checklist needs an 'id' (like \"ct-ppt-prep\")")
        )
        if cid is not None and not self.check_id(cid, ("id",), "the checklist id"):
            cid = None
        version = self.get(
            doc, (), "version", int, required=_("the checklist needs a 'version' (a whole number)")
        )
        if version is not None and not 1 <= version <= MAX_VERSION:
            said = _("'version' must be a whole number from 1 to {most}")
            self.error(("version",), said.format(most=MAX_VERSION))
            version = None
        title = self.get(doc, (), "title", str)
        if title is None and "title" not in doc:
            self.warn((), _("the checklist has no 'title'; its id is shown instead"))
        kind = self.get(doc, (), "kind", str)
        if kind is not None and kind not in KINDS:
            self.error(
                ("kind",),
                _("'kind' must be one of {kinds}, not '{kind}'").format(
                    kinds=", ".join(KINDS), kind=clean_line(kind)
                ),
            )
            kind = None
        elif "kind" not in doc:
            self.warn((), _("the checklist has no 'kind'; it is used as a meeting checklist"))
            kind = "meeting"
        summary = self.get(doc, (), "summary", str) or ""
        lang, translation_of = self.translation_keys()
        reviewed = doc.get("reviewed")
        if "reviewed" in doc and (isinstance(reviewed, datetime) or not isinstance(reviewed, date)):
            self.error(
                ("reviewed",),
                _(
                    "'reviewed' must be a date written without quotes, like 2026-11-28, not {found}"
                ).format(found=type_name(reviewed)),
            )
            reviewed = None
        authors: list[str] = []
        raw_authors = self.get(doc, (), "authors", list)
        for k, author in enumerate(raw_authors or []):
            if not isinstance(author, str):
                self.error(("authors", k), _("each author must be text"))
            elif self.safe_text(author, ("authors", k), "authors"):
                authors.append(author)
        sources = self.sources(doc, ())
        sections = self.sections(kind or "meeting")
        item_ids = {item.id for _, item in self.items_at}
        letters, declared = read_letters(self, item_ids)
        linked = check_letter_refs(self, cid, self.items_at, declared, self.words_only)
        sections = [
            Section(
                s.title,
                tuple(linked.get(id(i), i) for i in s.items),
                s.user_items,
                s.repeat,
                s.from_plan,
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
                lang=lang,
                translation_of=translation_of,
            )
        return self.result(checklist, cid, version)

    def result(
        self, checklist: Checklist | None, cid: str | None = None, version: int | None = None
    ) -> LoadResult:
        problems = sorted(self.problems, key=lambda p: (p.line, p.col))
        lang = self.doc.get("lang") if self.translation else None
        return LoadResult(
            self.path,
            checklist,
            tuple(problems),
            cid,
            version,
            lang if isinstance(lang, str) and LANG_RE.fullmatch(lang) else None,
        )

    def translation_keys(self) -> tuple[str, int]:
        """A translation's ``lang`` and ``translation_of_version`` ('' and 0 for an original)."""
        if not self.translation:
            return "", 0
        lang = self.get(self.doc, (), "lang", str)
        if lang is not None and (not LANG_RE.fullmatch(lang) or lang == "en"):
            self.error(
                ("lang",),
                _(
                    "'lang' must be the translation's language, two or three lowercase letters "
                    "like \"es\", not '{lang}' (an English original has no 'lang')"
                ).format(lang=clean_line(lang)),
            )
            lang = None
        of = self.get(
            self.doc,
            (),
            "translation_of_version",
            int,
            required=_(
                "a translation needs 'translation_of_version': the original's version it was "
                "made from"
            ),
        )
        if of is not None and not 1 <= of <= MAX_VERSION:
            self.error(
                ("translation_of_version",),
                _("'translation_of_version' must be a whole number from 1 to {most}").format(
                    most=MAX_VERSION
                ),
            )
            of = None
        if lang is None or of is None:
            return "", 0
        return str(lang), int(of)

    def sections(self, kind: str) -> list[Section]:
        raw = self.get(
            self.doc,
            (),
            "sections",
            list,
            required=_("the checklist has no sections: add at least one [[sections]] with items"),
        )
        if raw is None:
            return []
        if not raw:
            self.error(("sections",), _("the checklist has no sections"))
            return []
        sections: list[Section] = []
        first_seen: dict[str, KeyPath] = {}
        after_refs: list[tuple[KeyPath, str, str]] = []
        for s, table in enumerate(raw):
            where: KeyPath = ("sections", s)
            if not isinstance(table, dict):
                self.error(where, _("each section must be a table: write it as [[sections]]"))
                continue
            self.check_keys(table, where, SECTION_KEYS)
            title = self.get(table, where, "title", str, required=_("this section needs a 'title'"))
            user_items = self.get(table, where, "user_items", bool) or False
            repeat = read_repeat(self, table, where, kind)
            from_plan = self.from_plan(table, where, kind)
            if repeat is not None and not user_items and not from_plan:
                self.warn(
                    (*where, "repeat"),
                    _(
                        "a section's 'repeat' is for items the user adds; set user_items = true "
                        "or give each item its own 'repeat'"
                    ),
                )
            items: list[Item] = []
            raw_items = self.get(table, where, "items", list)
            for i, item_table in enumerate(raw_items or []):
                at: KeyPath = (*where, "items", i)
                item = read_item(self, item_table, at, kind, first_seen, after_refs)
                if item is not None:
                    items.append(item)
                    self.items_at.append((at, item))
            if not raw_items and not user_items and not from_plan:
                self.warn(where, _("this section has no items"), key=True)
            sections.append(
                Section((title or "").strip(), tuple(items), user_items, repeat, from_plan)
            )
        if (
            not any(s.items or s.user_items or s.from_plan for s in sections)
            and not self.has_errors()
        ):
            self.error(("sections", 0), _("the checklist has no items"), key=True)
        check_after_refs(self, first_seen, after_refs)
        if any(s.from_plan for s in sections):
            for at, item in self.items_at:
                if item.id.startswith(PLAN_PREFIX):
                    self.error(
                        (*at, "id"),
                        _(
                            "item id '{item}' starts with '{prefix}', which a checklist with a "
                            "'from_plan' section keeps for the items made from the plan"
                        ).format(item=item.id, prefix=PLAN_PREFIX),
                    )
        return sections

    def from_plan(self, table: dict[str, Any], where: KeyPath, kind: str) -> str:
        """A section's ``from_plan``: the plan's list its items are made from, or ''."""
        value = self.get(table, where, "from_plan", str)
        if value is None:
            return ""
        if value not in FROM_PLAN:
            self.error(
                (*where, "from_plan"),
                _("'from_plan' must be one of {lists}, not '{value}'").format(
                    lists=", ".join(FROM_PLAN), value=clean_line(value)
                ),
            )
            return ""
        if kind != "ongoing":
            self.error(
                (*where, "from_plan"),
                _(
                    "'from_plan' is for checklists of kind \"ongoing\" (checked week by week for "
                    "as long as the plan lasts)"
                ),
            )
            return ""
        return str(value)
