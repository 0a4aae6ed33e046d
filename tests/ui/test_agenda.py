"""Home's "All children" row for a caseload: one agenda across the families, by date."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from iepcheck.__main__ import main
from iepcheck.tui.screens.home import HomeScreen
from iepcheck.tui.screens.plan import PlanScreen
from iepcheck.tui.screens.record import RecordScreen
from iepcheck.tui.screens.run import RunScreen

from .conftest import TODAY, make_app, wait_for

FAMILIES = (
    ["child", "add", "Ava Brown"],
    ["child", "add", "Eli Cohen"],
    ["child", "add", "Liam O'Neil"],
    ["child", "add", "Noah Patel", "--plan", "504"],
    ["child", "add", "Zoe Kim"],
    ["meeting", "add", "ava-brown", "2026-12-02", "--kind", "ppt", "--time", "9:00",
     "--title", "Initial eligibility"],
    ["meeting", "add", "noah-patel", "2026-12-01", "--kind", "504", "--title", "504 review"],
    ["log", "add", "zoe-kim", "Emailed the case manager about the evaluation",
     "--with", "Mr. Lee", "--on", "2026-11-16", "--follow-up", "2026-11-25"],
    ["log", "add", "eli-cohen", "Asked for bus accommodations", "--on", "2026-11-24",
     "--follow-up", "2026-12-03"],
    ["plan", "set", "liam-o-neil", "--kind", "iep", "--annual-review-by", "2026-12-18",
     "--reports", "2026-12-04"],
)  # fmt: skip


def caseload(data: Path) -> None:
    """Five families more beside the demo's two: seven, more than Home details one by one."""
    for line in FAMILIES:
        assert main(["--data-dir", str(data), *line, "--today", TODAY.isoformat()]) == 0


@pytest.fixture
def seven(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    caseload(demo_dir)
    capsys.readouterr()
    return demo_dir


def rows(agenda: OptionList) -> list[tuple[str, str]]:
    return [(o.id or "", str(o.prompt)) for o in agenda.options if o is not None]


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_all_children_is_the_agenda_by_date(seven: Path, size: tuple[int, int]) -> None:
    app = make_app(seven)
    async with app.run_test(size=size) as pilot:
        agenda = app.screen.query_one("#agenda", OptionList)
        await wait_for(pilot, lambda: agenda.option_count > 5)
        shown = rows(agenda)
        texts = [t for _, t in shown]
        assert texts[0].startswith("Overdue (")
        # Every row is one line, cut to the list (never wrapped into two).
        width = agenda.size.width
        assert all("\n" not in t and len(t) <= width for t in texts)
        # Overdue rows carry their date; the oldest first.
        assert texts[1].startswith("! ")
        zoe = next(t for t in texts if "Zoe Kim" in t)
        assert zoe.startswith("! Wed 25 Nov") and "follow up" in zoe
        # Then the days, each a heading in date order, with the child's name on each row.
        headings = [t for _, t in shown if t[:3] in ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri")]
        assert "Tue 1 Dec 2026" in headings and "Wed 2 Dec 2026" in headings
        assert headings.index("Tue 1 Dec 2026") < headings.index("Wed 2 Dec 2026")
        assert any(t.startswith("  Ava Brown · PPT at 9:00: Initial") for t in texts)
        assert any(t.startswith("  Noah Patel · 504 meeting: 504 review") for t in texts)
        assert any("Eli Cohen · follow up: Asked for bus" in t for t in texts)
        assert any("Liam O'Neil · progress report due" in t for t in texts)


async def test_enter_on_an_entry_opens_what_it_is(seven: Path) -> None:
    app = make_app(seven)
    async with app.run_test(size=(80, 24)) as pilot:
        agenda = app.screen.query_one("#agenda", OptionList)
        await wait_for(pilot, lambda: agenda.option_count > 5)
        agenda.focus()

        async def enter(starts: str, screen: type) -> None:
            found = next(i for i, t in rows(agenda) if t.startswith(starts))
            agenda.highlighted = agenda.get_option_index(found)
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, screen))

        async def back() -> None:
            app.pop_screen()
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))

        await enter("  Ava Brown · PPT at 9:00", RunScreen)  # the meeting's checklist
        assert app.screen.child_id == "ava-brown"
        await back()
        await enter("  Eli Cohen · follow up", RecordScreen)  # the record and its log
        await back()
        await enter("  Liam O'Neil · progress report", PlanScreen)
        await back()
        # A family far behind: its oldest two overdue, and "and N more" opens the child.
        more = next(t for _, t in rows(agenda) if t.strip().startswith("and "))
        assert more.strip().startswith("and ") and "more overdue for" in more
        found = next(i for i, t in rows(agenda) if t == more)
        agenda.highlighted = agenda.get_option_index(found)
        await pilot.press("enter")
        child = more.rsplit("for ", 1)[1]
        await wait_for(pilot, lambda: app.screen.selected != "*all*")
        assert app.screen.overview  # still Home, now showing the child
        names = {c["id"]: c["name"] for c in app.screen.overview["children"]}
        assert names[app.screen.selected] == child
