"""A caseload's agenda on Home is a few screens whatever the number of children (issue 22:
1,000 children made 18,000 rows at each start): the rest is counted, and the snapshot keeps
only what is listed, the same rows either way."""

from __future__ import annotations

import json
from datetime import date, timedelta

from iepcheck.tui.rendering.agenda import (
    SHOWN_DAY_ENTRIES,
    SHOWN_OVERDUE,
    SHOWN_OVERDUE_CHILDREN,
    agenda_options,
    trimmed_agenda,
)

from .test_startup import _same

TODAY = date(2026, 11, 28)


def caseload(children: int, per_day: int, days: int) -> dict:
    """An agenda document as `iepcheck agenda --json` makes one: each child three items
    overdue, then ``per_day`` entries on each of ``days`` days."""

    def entry(n: int, due: date, what: str) -> dict:
        return {
            "child": f"c{n:04d}",
            "child_name": f"Child {n:04d}",
            "kind": "item",
            "text": what,
            "due": due.isoformat(),
            "run": f"r{n}",
        }

    overdue = [
        entry(n, TODAY - timedelta(days=10 - k), f"Overdue item {k}")
        for n in range(children)
        for k in range(3)
    ]
    listed = [
        {
            "date": (TODAY + timedelta(days=d)).isoformat(),
            "entries": [
                entry(n % children, TODAY + timedelta(days=d), "Due") for n in range(per_day)
            ],
        }
        for d in range(1, days + 1)
    ]
    return {
        "today": TODAY.isoformat(),
        "look_ahead": 60,
        "overdue": overdue,
        "days": listed,
        "children": [],
        "problems": [],
    }


def plain(options) -> list[str]:
    return [o.prompt.plain if o is not None else "" for o in options]


def test_a_caseload_lists_a_few_screens_and_counts_the_rest() -> None:
    doc = caseload(children=80, per_day=40, days=10)  # 240 overdue, 400 entries to come
    rows = plain(agenda_options(doc, 60))
    assert rows[0] == "Overdue (240)"  # every overdue entry counted
    listed = {r.split(" · ")[0].split()[-1] for r in rows[1:] if r.startswith("! ")}
    assert len(listed) == SHOWN_OVERDUE_CHILDREN  # the children furthest behind
    assert sum(r.startswith("    and 1 more overdue") for r in rows) == SHOWN_OVERDUE_CHILDREN
    assert "30 more children have overdue items: choose one on the left" in rows
    entries = [r for r in rows if r.startswith("  Child")]
    assert len(entries) == SHOWN_DAY_ENTRIES
    left = 400 - SHOWN_DAY_ENTRIES
    assert rows[-1] == f"{left} more in the next 60 days: choose a child, or run iepcheck agenda"
    assert len(rows) < 2 * (SHOWN_OVERDUE_CHILDREN * (SHOWN_OVERDUE + 1) + SHOWN_DAY_ENTRIES)


def test_the_snapshot_keeps_only_what_is_listed_and_shows_the_same_rows() -> None:
    doc = caseload(children=300, per_day=60, days=30)
    cut = trimmed_agenda(doc)
    assert len(json.dumps(cut)) < len(json.dumps(doc)) / 5
    for width in (30, 47, 80):
        whole, short = agenda_options(doc, width), agenda_options(cut, width)
        assert len(whole) == len(short)
        for x, y in zip(whole, short, strict=True):
            assert (x is None) == (y is None)
            if x is not None and y is not None:
                assert _same(x.prompt, y.prompt) and x.id == y.id


def test_a_small_caseload_lists_everything() -> None:
    doc = caseload(children=7, per_day=5, days=3)
    rows = plain(agenda_options(doc, 60))
    assert not any("more in the next" in r or "more children" in r for r in rows)
    assert sum(r.startswith("  Child") for r in rows) == 15


async def test_end_shows_the_note_below_the_last_entry() -> None:
    """End lands on the last entry and shows the row that says how many more there are."""
    from textual.app import App, ComposeResult
    from textual.content import Content
    from textual.widgets.option_list import Option

    from iepcheck.tui.widgets.panes import SectionedList

    class One(App[None]):
        def compose(self) -> ComposeResult:
            rows = [Option(f"entry {n}", id=str(n)) for n in range(40)]
            yield SectionedList(*rows, Option(Content("12 more"), disabled=True), id="list")

    app = One()
    async with app.run_test(size=(40, 10)) as pilot:
        listing = app.query_one("#list", SectionedList)
        listing.focus()
        await pilot.press("end")
        await pilot.pause()
        assert listing.highlighted == 39
        assert listing.scroll_y == listing.max_scroll_y > 0
