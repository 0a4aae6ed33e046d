"""The rules for a checklist file's items: their keys, ``due``, ``repeat`` and ``leans``."""

from __future__ import annotations

from typing import Any

from ..i18n import _
from ..textsafe import clean_line
from .checks import Checker, type_name
from .letter_rules import item_extras
from .model import LEANS, Item, parse_due, parse_repeat
from .positions import KeyPath

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


def read_repeat(v: Checker, table: dict[str, Any], where: KeyPath, kind: str) -> Any:
    """A valid ``repeat`` of the table, or None (a problem reported)."""
    text = v.get(table, where, "repeat", str)
    if text is None:
        return None
    repeat = parse_repeat(text)
    if repeat is None:
        v.error(
            (*where, "repeat"),
            _(
                "'repeat' must be weekly, monthly, every N weeks or every N months, not '{text}'"
            ).format(text=clean_line(text)),
        )
    elif kind == "guide":
        v.warn((*where, "repeat"), _("a guide checklist has no dates; 'repeat' is ignored"))
        return None
    return repeat


def read_item(
    v: Checker,
    table: Any,
    where: KeyPath,
    kind: str,
    first_seen: dict[str, KeyPath],
    after_refs: list[tuple[KeyPath, str, str]],
) -> Item | None:
    """The item in ``table``, or None (its problems reported)."""
    if not isinstance(table, dict):
        v.error(where, _("each item must be a table: write it as [[sections.items]]"))
        return None
    v.check_keys(table, where, ITEM_KEYS)
    iid = v.get(table, where, "id", str, required=_("this item needs an 'id'"))
    if iid is not None and not (
        v.check_id(iid, (*where, "id"), "item id")
        and v.first_use(iid, where, first_seen, "item id")
    ):
        iid = None
    text = v.get(table, where, "text", str, required=_("this item needs a 'text'"))
    if text is not None and not text.strip():
        v.error((*where, "text"), _("the item's 'text' is empty"))
    details = v.get(table, where, "details", str) or ""
    due = None
    due_text = v.get(table, where, "due", str)
    if due_text is not None:
        due = parse_due(due_text)
        if due is None:
            v.error(
                (*where, "due"),
                _(
                    '\'due\' must read like "5 school days before", "2 weeks after", "at the '
                    'meeting", "45 school days after ITEM-ID", "at age 14" or "90 days before '
                    "age 3\", not '{text}'"
                ).format(text=clean_line(due_text)),
            )
        elif kind == "guide":
            v.warn((*where, "due"), _("a guide checklist has no dates; 'due' is ignored"))
            due = None
        elif due.item is not None and iid is not None:
            after_refs.append(((*where, "due"), iid, due.item))
    repeat = read_repeat(v, table, where, kind)
    leans = None
    if "leans" in table:
        raw = table["leans"]
        if kind != "guide":
            v.error((*where, "leans"), _("'leans' is only for guide checklists (kind = \"guide\")"))
        elif isinstance(raw, int) and not isinstance(raw, bool) and raw == 504:
            v.error((*where, "leans"), _("'leans' must be text: write it as \"504\""))
        elif not isinstance(raw, str) or raw.upper() not in LEANS:
            shown = clean_line(raw) if isinstance(raw, str) else type_name(raw)
            said = _("'leans' must be \"IEP\" or \"504\", not '{value}'")
            v.error((*where, "leans"), said.format(value=shown))
        else:
            leans = raw.upper()
    sources = v.sources(table, where)
    extras = item_extras(v, table, where, kind)
    translated_from = v.translated_from(table, where)
    if iid is None or text is None:
        return None
    return Item(
        iid,
        text.strip(),
        details.strip(),
        due,
        repeat,
        leans,
        sources,
        **extras,
        translated_from=translated_from,
    )


def check_after_refs(
    v: Checker, first_seen: dict[str, KeyPath], refs: list[tuple[KeyPath, str, str]]
) -> None:
    """Report items due after an item that does not exist, after themselves, or in a circle."""
    graph: dict[str, str] = {}
    order = {iid: n for n, iid in enumerate(first_seen)}
    where_of = {iid: where for where, iid, _target in refs}
    for where, iid, target in refs:
        if target == iid:
            v.error(where, _("item '{item}' cannot be due after itself").format(item=iid))
        elif target not in first_seen:
            said = _("'due' counts from item '{item}', but no item has that id")
            v.error(where, said.format(item=target))
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
            said = _("these items are due after each other in a circle: {items}")
            v.error(where_of[first], said.format(items=shown))
        for visited in path:
            colour[visited] = 2
