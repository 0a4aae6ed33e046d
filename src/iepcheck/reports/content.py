"""A run's checklist words in the app's language: the one place screens and reports get them.

Progress stays under the original's ids whatever the language; only the words shown change,
and an item whose English changed since the translation shows its English, marked.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .. import i18n
from ..checklists.library import Library
from ..checklists.translations import Shown, Words, shown_words, stale_mark
from ..i18n import _
from ..records.model import OWN_SECTION, Child, ItemCopy, Run
from ..records.plans import Plan, service_text, service_words

__all__ = ["Shown", "Words", "item_copy", "run_words", "stale_mark"]


def run_words(
    run: Run, library: Library | None, lang: str | None = None, plan: Plan | None = None
) -> Shown:
    """The words of ``run``'s checklist (as the run keeps them) in ``lang`` (the app's
    language by default), from the library's translation of that checklist; the items made
    from ``plan``'s services (the child's current plan) said from the plan."""
    lang = lang or i18n.language()
    translation = library.translation(run.checklist, lang) if library and lang != "en" else None
    shown = shown_words(
        run.checklist,
        run.version,
        run.title,
        (s.title for s in run.sections),
        (
            (item.id, item.text, item.details)
            for s in run.sections
            for item in s.items
            if not item.own and not item.plan
        ),
        lang,
        translation,
    )
    return _with_plan(shown, run, plan, lang)


def _with_plan(shown: Shown, run: Run, plan: Plan | None, lang: str) -> Shown:
    """``shown`` with each item made from one of ``plan``'s services in the app's language:
    the run keeps the service's English line (the record's words), a screen says it."""
    if plan is None or lang == "en" or lang != i18n.language():
        return shown
    said = {}
    for section in run.sections:
        for item in section.items:
            service = plan.service(item.plan) if item.plan else None
            if service is not None and item.text == service_text(service):
                said[item.id] = Words(service_words(service), item.details)
    return replace(shown, items={**shown.items, **said}) if said else shown


def item_copy(item: ItemCopy, shown: Shown) -> ItemCopy:
    """``item`` with the words ``shown`` gives it (the same object when they are its own)."""
    words = shown.words(item.id, item.text, item.details)
    if (words.text, words.details) == (item.text, item.details):
        return item
    return replace(item, text=words.text, details=words.details)


def section_title(run: Run, title: str, shown: Shown) -> str:
    """A section's title (as the run keeps it) in the shown language."""
    if title == OWN_SECTION:
        return _(OWN_SECTION)
    for section, mine in zip(run.sections, shown.section_titles, strict=False):
        if section.title == title:
            return mine
    return title


def localize_status(
    data: dict[str, Any], children: Mapping[str, Child], library: Library | None, lang: str
) -> dict[str, Any]:
    """The status document with its checklists' words in ``lang``, for the text forms only
    (``status --json`` stays as it is). ``children``: each child as shown, by id; a child
    not given keeps its words. ``content_notes``: what to say once (not reviewed…)."""
    out = copy.deepcopy(data)
    notes: list[str] = []
    for entry in out.get("children", []):
        child = children.get(entry.get("id"))
        if child is None:
            continue
        for meeting in entry.get("meetings", []):
            runs = child.runs_for(meeting.get("id"))
            plan = child.current_plan()
            words = {r.checklist: run_words(r, library, lang, plan) for r in runs}
            _localize_entry(meeting, words, notes)
            for key in ("runs", "guides"):
                for r in meeting.get(key, []):
                    shown = words.get(r.get("checklist"))
                    if shown is not None:
                        r["title"] = shown.title
        for waiting in entry.get("follow_ups", []):  # a letter sent says so in ``lang``
            letter = child.sent_letter(waiting.get("id", ""))
            if letter is not None:
                waiting["text"] = _("Letter sent: {title}").format(title=letter.title)
        for standing in entry.get("standing", []):
            run = child.run(standing.get("run", ""))
            if run is not None:
                shown = run_words(run, library, lang, child.current_plan())
                standing["title"] = shown.title
                _localize_entry(standing, {run.checklist: shown}, notes)
    out["content_notes"] = list(dict.fromkeys(notes))
    return out


def _localize_entry(entry: dict[str, Any], words: Mapping[str, Shown], notes: list[str]) -> None:
    for key in ("overdue", "due_soon", "remaining", "again"):
        for item in entry.get(key, []):
            shown = words.get(item.get("checklist"))
            if shown is None or not isinstance(item.get("text"), str):
                continue
            found = shown.words(item.get("item", ""), item["text"])
            item["text"] = f"{found.text} ({stale_mark()})" if found.stale else found.text
    for shown in words.values():
        notes += shown.notes()


def localized_child(
    child: Child, library: Library | None, lang: str | None = None
) -> tuple[Child, list[str]]:
    """The child with each run's checklist words in ``lang`` (a copy; the child given is not
    changed), an item in English marked, and what to say once about them (not reviewed…)."""
    lang = lang or i18n.language()
    if lang == "en" or library is None:
        return child, []
    notes: list[str] = []
    runs = []
    plan = child.current_plan()
    for run in child.runs:
        shown = run_words(run, library, lang, plan)
        notes += shown.notes()
        sections = tuple(
            replace(
                section,
                title=_(OWN_SECTION) if section.title == OWN_SECTION else mine,
                items=tuple(_marked_copy(item, shown) for item in section.items),
            )
            for section, mine in zip(run.sections, shown.section_titles, strict=False)
        )
        runs.append(replace(run, title=shown.title, sections=sections))
    return replace(child, runs=runs), list(dict.fromkeys(notes))


def _marked_copy(item: ItemCopy, shown: Shown) -> ItemCopy:
    words = shown.words(item.id, item.text, item.details)
    if words.stale:
        return replace(item, text=f"{item.text} ({stale_mark()})")
    return item_copy(item, shown)
