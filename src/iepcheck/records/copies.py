"""A checklist's words as a record keeps them: items and sections ⇄ TOML tables.

The same tables serve the text store (a checklist version's words, kept once) and a run's own
items (and a format-2 run's full copy).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..checklists.model import Source
from ..checklists.positions import KeyPath
from .model import ItemCopy, SectionCopy
from .reading import Reader


def item_doc(item: ItemCopy) -> dict[str, Any]:
    """An item as a checklist file writes it (empty values left out)."""
    return _drop_empty(
        {
            "id": item.id,
            "text": item.text,
            "details": item.details,
            "due": item.due,
            "repeat": item.repeat,
            "leans": item.leans,
            "sources": [{"title": s.title, "url": s.url} for s in item.sources],
            "own": item.own,
            "added": item.added,
            "letter": item.letter,
            "tally": item.tally,
            "tally_alert": item.tally_alert,
            "document": item.document,
        }
    )


def section_doc(section: SectionCopy) -> dict[str, Any]:
    """A section as a checklist file writes it; the items made from the plan are the plan's,
    never written with the checklist's words."""
    return _drop_empty(
        {
            "title": section.title,
            "user_items": section.user_items,
            "repeat": section.repeat,
            "from_plan": section.from_plan,
            "items": [item_doc(i) for i in section.items if not i.plan],
        }
    )


def _drop_empty(table: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in table.items() if v not in ("", None, [], {}, (), False, 0)}


# -- reading ---------------------------------------------------------------------------------------


def _sources(r: Reader, table: dict[str, Any], w: KeyPath) -> tuple[Source, ...]:
    found = []
    for k, s in enumerate(r.tables(table, "sources", w)):
        sw = (*w, "sources", k)
        found.append(Source(r.text_of(s, "title", sw), r.text_of(s, "url", sw)))
    return tuple(found)


def item_from_doc(r: Reader, it: dict[str, Any], iw: KeyPath) -> ItemCopy:
    return ItemCopy(
        id=r.text_of(it, "id", iw, required=True),
        text=r.text_of(it, "text", iw),
        details=r.text_of(it, "details", iw),
        due=r.text_of(it, "due", iw),
        repeat=r.text_of(it, "repeat", iw),
        leans=r.text_of(it, "leans", iw),
        sources=_sources(r, it, iw),
        own=r.get(it, "own", bool, iw, False),
        added=r.get(it, "added", datetime, iw, None),
        letter=r.text_of(it, "letter", iw),
        tally=r.text_of(it, "tally", iw),
        tally_alert=r.get(it, "tally_alert", int, iw, 0),
        document=r.text_of(it, "document", iw),
    )


def section_from_doc(r: Reader, s: dict[str, Any], sw: KeyPath) -> SectionCopy:
    return SectionCopy(
        title=r.text_of(s, "title", sw),
        items=tuple(
            item_from_doc(r, it, (*sw, "items", n)) for n, it in enumerate(r.tables(s, "items", sw))
        ),
        user_items=r.get(s, "user_items", bool, sw, False),
        repeat=r.text_of(s, "repeat", sw),
        from_plan=r.text_of(s, "from_plan", sw),
    )
