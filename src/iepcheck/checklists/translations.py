"""Translations of a checklist (``checklists/es/ID.toml``): what makes one, how it is checked
against its original, and which words a run shows in a language.

A translation is the original file copied whole with its words translated, ``lang`` and
``translation_of_version`` at the top, and on every item and letter ``translated_from``: the
hash of the English words it was made from. Everything else must equal the original's; an item
whose English changed since (its hash no longer matches), or every item when the original's
version is newer, is shown in English, marked, never as a stale translation.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..i18n import N_, _
from .model import Checklist, Item, Letter
from .placeholders import uses
from .positions import KeyPath

# The word fields, in the order a hash takes them (the translators' tool uses the same).
WORDS = ("title", "summary", "text", "details", "subject", "body", "after")
TRANSLATION_KEYS = frozenset(("lang", "translation_of_version", "translated_from"))
LANG_RE = re.compile(r"[a-z]{2,3}")
HASH_RE = re.compile(r"[0-9a-f]{16}")


def entry_hash(entry: Mapping[str, Any]) -> str:
    """The first 16 hex digits of SHA-256 over an item's or letter's word fields as written,
    each ``key=value`` in WORDS's order, joined by newlines, a letter's paragraphs included
    (``paragraph.text=…``, ``paragraph.after=…``)."""
    parts = [f"{k}={entry[k]}" for k in WORDS if isinstance(entry.get(k), str)]
    paragraphs = entry.get("paragraphs")
    for para in paragraphs if isinstance(paragraphs, list) else []:
        if isinstance(para, Mapping):
            parts += [f"paragraph.{k}={para[k]}" for k in WORDS if isinstance(para.get(k), str)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


def item_hash(text: str, details: str) -> str:
    """An item's hash from its words as read (what a run keeps): its ``text``, and its
    ``details`` when it has any."""
    return entry_hash({"text": text, "details": details} if details else {"text": text})


# -- checking a translation against its original --------------------------------------------

Finding = tuple[KeyPath, str, str]  # where in the translation, "error" | "warning", message


def compare(original: Checklist, translation: Checklist) -> list[Finding]:
    """What differs between a translation and its original, beyond the words: errors for
    structure (ids, order, dates, letters, placeholders…), warnings for what is stale."""
    found: list[Finding] = []

    def differs(where: KeyPath, said: str, mine: object, theirs: object) -> None:
        if mine != theirs:
            found.append((where, "error", _same(said, where[-1], theirs)))

    if translation.id != original.id:
        said = _("the id must be the original's, '{id}'").format(id=original.id)
        found.append((("id",), "error", said))
    differs(("kind",), SAME, translation.kind, original.kind)
    differs(("sources",), SAME_SOURCES, translation.sources, original.sources)
    if translation.translation_of > original.version:
        found.append(
            (
                ("translation_of_version",),
                "error",
                _(
                    "'translation_of_version' is {of}, but the original is version {version}: a "
                    "translation cannot be of a newer version"
                ).format(of=translation.translation_of, version=original.version),
            )
        )
    elif translation.translation_of < original.version:
        found.append(
            (
                ("translation_of_version",),
                "warning",
                _(
                    "the original is now version {version}; this translation is of version "
                    "{of}, so the app shows the English until it is brought up to date"
                ).format(version=original.version, of=translation.translation_of),
            )
        )
    if len(translation.sections) != len(original.sections):
        found.append(
            (
                ("sections",),
                "error",
                _(
                    "the translation has {mine} sections; the original has {theirs}, in the "
                    "same order"
                ).format(mine=len(translation.sections), theirs=len(original.sections)),
            )
        )
    for s, (mine, theirs) in enumerate(zip(translation.sections, original.sections, strict=False)):
        at: KeyPath = ("sections", s)
        differs((*at, "user_items"), SAME, mine.user_items, theirs.user_items)
        differs((*at, "repeat"), SAME_SECTION_REPEAT, mine.repeat, theirs.repeat)
        differs((*at, "from_plan"), SAME, mine.from_plan, theirs.from_plan)
        mine_ids = [i.id for i in mine.items]
        their_ids = [i.id for i in theirs.items]
        if mine_ids != their_ids:
            first = next(
                (k for k, (a, b) in enumerate(zip(mine_ids, their_ids, strict=False)) if a != b),
                min(len(mine_ids), len(their_ids)),
            )
            where: KeyPath = (*at, "items", first, "id") if first < len(mine_ids) else at
            found.append(
                (
                    where,
                    "error",
                    _("this section's items must be the original's, in its order: {ids}").format(
                        ids=", ".join(their_ids) or _("none")
                    ),
                )
            )
            continue
        for i, (item, english) in enumerate(zip(mine.items, theirs.items, strict=True)):
            found += _compare_item((*at, "items", i), item, english)
    mine_letters = [x.id for x in translation.letters]
    their_letters = [x.id for x in original.letters]
    if mine_letters != their_letters:
        found.append(
            (
                ("letters",),
                "error",
                _("the letters must be the original's, in its order: {ids}").format(
                    ids=", ".join(their_letters) or _("none")
                ),
            )
        )
    else:
        for n, (letter, english_letter) in enumerate(
            zip(translation.letters, original.letters, strict=True)
        ):
            found += _compare_letter(("letters", n), letter, english_letter)
    return found


# A value a translation must keep as the original has it: the sentence that says so.
SAME = N_("{key} must be as in the original ({value})")
SAME_SOURCES = N_("the checklist's 'sources' must be as in the original ({value})")
SAME_SECTION_REPEAT = N_("the section's 'repeat' must be as in the original ({value})")
SAME_ITEM_SOURCES = N_("the item's 'sources' must be as in the original ({value})")
_ITEM_FIELDS = (
    ("due", SAME),
    ("repeat", SAME),
    ("leans", SAME),
    ("sources", SAME_ITEM_SOURCES),
    ("letter", SAME),
    ("tally", SAME),
    ("tally_alert", SAME),
    ("document", SAME),
)


def _same(said: str, key: object, theirs: object) -> str:
    """``said`` (one of the SAME sentences) for ``key``, with the original's value."""
    return _(said).format(key=f"'{key}'", value=_show(theirs))


def _compare_item(at: KeyPath, item: Item, english: Item) -> list[Finding]:
    found: list[Finding] = []
    for name, said in _ITEM_FIELDS:
        mine, theirs = getattr(item, name), getattr(english, name)
        if mine != theirs:
            found.append(((*at, name), "error", _same(said, name, theirs)))
    for key in ("text", "details"):
        mine_p, their_p = _placeholders(getattr(item, key)), _placeholders(getattr(english, key))
        if mine_p != their_p:
            found.append(((*at, key), "error", _placeholder_message(mine_p, their_p)))
    if not item.translated_from:
        found.append(
            (
                (*at, "id"),
                "error",
                _(
                    "item '{item}' needs 'translated_from': the hash of the English it was made "
                    'from (now "{hash}")'
                ).format(item=item.id, hash=item_hash(english.text, english.details)),
            )
        )
    elif item.translated_from != item_hash(english.text, english.details):
        found.append(
            (
                (*at, "translated_from"),
                "warning",
                _(
                    "the English of item '{item}' changed since it was translated; the app "
                    "shows the English until the translation is brought up to date"
                ).format(item=item.id),
            )
        )
    return found


def _compare_letter(at: KeyPath, letter: Letter, english: Letter) -> list[Finding]:
    found: list[Finding] = []
    if letter.sources != english.sources:
        found.append(
            (
                (*at, "sources"),
                "error",
                _("the letter's 'sources' must be as in the original ({value})").format(
                    value=_show(english.sources)
                ),
            )
        )
    for key in ("subject", "body"):
        mine_p, their_p = _placeholders(getattr(letter, key)), _placeholders(getattr(english, key))
        if mine_p != their_p:
            found.append(((*at, key), "error", _placeholder_message(mine_p, their_p)))
    if len(letter.paragraphs) != len(english.paragraphs):
        found.append(
            (
                (*at, "paragraphs"),
                "error",
                _(
                    "the letter has {mine} conditional paragraphs; the original has {theirs}, "
                    "in the same order"
                ).format(mine=len(letter.paragraphs), theirs=len(english.paragraphs)),
            )
        )
    else:
        for k, (para, theirs) in enumerate(zip(letter.paragraphs, english.paragraphs, strict=True)):
            where: KeyPath = (*at, "paragraphs", k)
            if para.when != theirs.when:
                found.append(
                    (
                        (*where, "when"),
                        "error",
                        _("'when' must be as in the original ({value})").format(value=theirs.when),
                    )
                )
            if para.after != theirs.after:
                found.append(
                    (
                        (*where, "after"),
                        "error",
                        _(
                            "'after' must name the translated body's paragraph number {n}, the "
                            "one the original's follows ('{words}')"
                        ).format(n=theirs.after + 1, words=theirs.anchor),
                    )
                )
            mine_p, their_p = _placeholders(para.text), _placeholders(theirs.text)
            if mine_p != their_p:
                found.append(((*where, "text"), "error", _placeholder_message(mine_p, their_p)))
    if not letter.translated_from:
        found.append(
            (
                (*at, "id"),
                "error",
                _(
                    "letter '{letter}' needs 'translated_from': the hash of the English it was "
                    'made from (now "{hash}")'
                ).format(letter=letter.id, hash=english.words_hash),
            )
        )
    elif letter.translated_from != english.words_hash:
        found.append(
            (
                (*at, "translated_from"),
                "warning",
                _(
                    "the English of letter '{letter}' changed since it was translated; the app "
                    "offers the English until the translation is brought up to date"
                ).format(letter=letter.id),
            )
        )
    return found


def _placeholders(text: str) -> list[str]:
    return sorted(piece.shown for _offset, piece in uses(text))


def _placeholder_message(mine: list[str], theirs: list[str]) -> str:
    missing = [p for p in dict.fromkeys(theirs) if theirs.count(p) > mine.count(p)]
    extra = [p for p in dict.fromkeys(mine) if mine.count(p) > theirs.count(p)]
    if missing and extra:
        said = _(
            "the placeholders must be the original's, each as often: this text lacks {missing} "
            "and has {extra} the original does not"
        )
    elif missing:
        said = _(
            "the placeholders must be the original's, each as often: this text lacks {missing}"
        )
    else:
        said = _(
            "the placeholders must be the original's, each as often: this text has {extra} the "
            "original does not"
        )
    return said.format(missing=", ".join(missing), extra=", ".join(extra))


def _show(value: object) -> str:
    if value is None or value == "" or value == ():
        return _("none")
    describe = getattr(value, "describe", None)
    if callable(describe):
        return str(describe())
    if isinstance(value, tuple):
        return ", ".join(_show(v) for v in value)
    url = getattr(value, "url", None)
    if isinstance(url, str):
        return url
    return str(value)


# -- which words a run shows -----------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """One item's words as shown: translated, or the English (``stale``: it changed since the
    translation was made, and is marked)."""

    text: str
    details: str
    translated: bool = False
    stale: bool = False


@dataclass(frozen=True)
class Shown:
    """A run's words in a language: its title, its sections' titles and each item's words."""

    title: str
    section_titles: tuple[str, ...]
    items: Mapping[str, Words]
    lang: str = "en"
    unreviewed: bool = False  # say "translation not reviewed" once, where this is shown
    stale: bool = False  # some item is shown in English because it changed

    def words(self, item_id: str, text: str, details: str = "") -> Words:
        """An item's words; an item the run has but the text did not (one of the family's
        own, one made from the plan) as it is."""
        return self.items.get(item_id) or Words(text, details)

    def notes(self) -> list[str]:
        """The lines a screen or report says once about these words (in the app's language)."""
        notes = []
        if self.unreviewed:
            notes.append(_("translation not reviewed"))
        if self.stale:
            notes.append(_("some steps are in English: they changed since the translation"))
        return notes


def stale_mark() -> str:
    """What an item in English is marked with, in the app's language."""
    return _("English text: changed since the translation")


def shown_words(
    checklist_id: str,
    version: int,
    title: str,
    section_titles: Iterable[str],
    items: Iterable[tuple[str, str, str]],
    lang: str,
    translation: Checklist | None,
) -> Shown:
    """A run's words (its checklist's id and version, title, section titles and items as
    ``(id, text, details)``) in ``lang``: each item translated when ``translation`` has it
    made from these very English words and is not of an older version; else in English,
    marked stale when the translation has the item."""
    titles = tuple(section_titles)
    listed = list(items)
    english = {iid: Words(text, details) for iid, text, details in listed}
    if (
        lang == "en"
        or translation is None
        or translation.id != checklist_id
        or translation.lang != lang
    ):
        return Shown(title, titles, english)
    version_stale = version > translation.translation_of
    theirs = {item.id: item for item in translation.items()}
    shown: dict[str, Words] = {}
    any_stale = any_translated = False
    for iid, text, details in listed:
        mine = theirs.get(iid)
        if mine is None:
            shown[iid] = Words(text, details)
        elif version_stale or mine.translated_from != item_hash(text, details):
            shown[iid] = Words(text, details, stale=True)
            any_stale = True
        else:
            shown[iid] = Words(mine.text, mine.details, translated=True)
            any_translated = True
    same_shape = version == translation.translation_of and len(titles) == len(translation.sections)
    if same_shape:
        title = translation.title
        titles = tuple(s.title for s in translation.sections)
    return Shown(
        title,
        titles,
        shown,
        lang,
        unreviewed=(any_translated or same_shape) and translation.reviewed is None,
        stale=any_stale,
    )
