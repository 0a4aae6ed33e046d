"""Start-up: Home paints its last view from a snapshot before the record modules load, and
never shows a snapshot that the files no longer match."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.widgets import OptionList

from iepcheck import locations
from iepcheck.clock import Clock
from iepcheck.reports import snapshot
from iepcheck.reports.agenda import agenda
from iepcheck.service import exports
from iepcheck.service.workspace import Workspace
from iepcheck.tui.rendering.agenda import (
    agenda_options,
    follow_up_prompt,
    meeting_prompt,
    overdue_count,
    run_prompt,
    standing_prompt,
    trimmed,
)
from iepcheck.tui.screens.home import HOME_SNAPSHOT, LOOK_AHEAD, NAMES_SNAPSHOT, HomeScreen

from ..helpers import meet
from .conftest import SIZE, TODAY, make_app, screen_text, wait_for


def _status(folder: Path) -> dict:
    workspace = Workspace(folder, [], Clock(TODAY))
    data = exports.status(workspace, workspace.store.ids(), LOOK_AHEAD)
    return {**data, "agenda": agenda(data, LOOK_AHEAD)}


def _same(a, b) -> bool:
    """Two prompts show the same: the same text with the same styles in the same places."""
    if a is None or b is None:
        return a is b
    return a.plain == b.plain and sorted(map(tuple, a.spans)) == sorted(map(tuple, b.spans))


@pytest.fixture
def busy_demo(demo_dir: Path) -> Path:
    """The demo, with a PPT three weeks past: its preparation items are overdue, many of them
    (more than Home lists), so trimming has something to cut."""
    from iepcheck.records.store import Store
    from iepcheck.service import meetings

    workspace = Workspace(demo_dir, [], Clock(TODAY))
    child = workspace.store.load("maya-chen")
    add = meetings.new_meeting(workspace, child, TODAY + timedelta(days=5), kind="ppt")
    workspace.update(child.id, add)
    Store(demo_dir).update(
        "maya-chen", lambda c: meet(c, TODAY - timedelta(days=21), "Annual review")
    )
    return demo_dir


def test_trimmed_status_shows_exactly_what_the_whole_status_shows(busy_demo: Path) -> None:
    data = _status(busy_demo)
    cut = trimmed(data)
    assert len(json.dumps(cut)) < len(json.dumps(data)) / 2
    entries = [e for c in data["children"] for e in c["meetings"] + c["standing"]]
    assert any(overdue_count(e) > 2 for e in entries), "the data should have long overdue lists"
    for width in (45, 60, 30):
        whole = agenda_options(data["agenda"], width)
        short = agenda_options(cut["agenda"], width)
        assert len(whole) == len(short)
        for x, y in zip(whole, short, strict=True):
            assert (x is None) == (y is None)
            if x is not None and y is not None:
                assert _same(x.prompt, y.prompt) and x.id == y.id
    for full, part in zip(data["children"], cut["children"], strict=True):
        for m, n in zip(full["meetings"], part["meetings"], strict=True):
            assert _same(meeting_prompt(m, 50, TODAY), meeting_prompt(n, 50, TODAY))
            guides = {g["checklist"]: g for g in m["guides"]}
            for run, cut_run in zip(m["runs"], n["runs"], strict=True):
                tally = guides.get(run["checklist"]) if run["kind"] == "guide" else None
                assert _same(run_prompt(run, tally, 50), run_prompt(cut_run, tally, 50))
        for s, t in zip(full["standing"], part["standing"], strict=True):
            assert _same(standing_prompt(s, 50, TODAY), standing_prompt(t, 50, TODAY))
        assert _same(
            follow_up_prompt(full.get("follow_ups", []), 50, TODAY),
            follow_up_prompt(part.get("follow_ups", []), 50, TODAY),
        )


def test_snapshot_key_changes_with_every_input(data_dir: Path) -> None:
    from iepcheck.records.store import Store

    store = Store(data_dir)
    child = store.create("Ann")
    key = snapshot.key(data_dir, [], TODAY, 60)
    assert key is not None
    assert snapshot.key(data_dir, [], TODAY, 60) == key  # nothing changed
    assert snapshot.key(data_dir, [], TODAY + timedelta(days=1), 60) != key
    assert snapshot.key(data_dir, [], TODAY, 14) != key
    store.update(child.id, lambda c: meet(c, date(2026, 12, 10)))
    changed = snapshot.key(data_dir, [], TODAY, 60)
    assert changed != key
    folder = locations.user_checklists_dir(data_dir)
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text('format = 1\nid = "mine"\n')
    assert snapshot.key(data_dir, [], TODAY, 60) not in (key, changed)
    # Changes an earlier session could not save are applied before any snapshot is used.
    (locations.children_dir(data_dir) / f".{child.id}.recovery-1-2.toml").write_text("")
    assert snapshot.key(data_dir, [], TODAY, 60) is None


def test_snapshot_is_kept_private_and_only_for_its_key(data_dir: Path) -> None:
    snapshot.save("home", data_dir, "k1", {"children": ["Ann"]})
    assert snapshot.load("home", data_dir, "k1") == {"children": ["Ann"]}
    assert snapshot.load("home", data_dir, "k2") is None
    assert snapshot.load("home", data_dir, None) is None
    kept = next(locations.cache_dir().glob("home-*.json"))
    assert kept.stat().st_mode & 0o777 == 0o600
    kept.write_text("{not json")
    assert snapshot.load("home", data_dir, "k1") is None  # damaged: a miss, never an error
    snapshot.save("home", data_dir, "k1", {"children": ["Ann"]})
    locations.cache_dir().chmod(0o777)
    assert snapshot.load("home", data_dir, "k1") is None  # others could have written it
    locations.cache_dir().chmod(0o700)


async def _first_view(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, today: date = TODAY
) -> tuple[list[str], bool]:
    """Home's children list as the snapshot alone paints it (the reload from the files is
    held back), and whether the record modules were needed for it."""
    monkeypatch.setattr(HomeScreen, "reload", lambda self: None)
    made_when_shown: list[bool] = []
    show = HomeScreen.show

    def recording_show(self: HomeScreen, data: dict, **kw: bool) -> None:
        made_when_shown.append(self.iep._session is not None)
        show(self, data, **kw)

    monkeypatch.setattr(HomeScreen, "show", recording_show)
    app = make_app(data_dir)
    app.clock = Clock(today)
    async with app.run_test(size=SIZE) as pilot:
        listing = app.screen.query_one("#children", OptionList)
        await pilot.pause()
        names = [str(o.prompt) for o in listing.options]
        agenda = app.screen.query_one("#agenda", OptionList)
        names += [str(o.prompt) for o in agenda.options]
        return names, any(made_when_shown)


async def test_home_paints_the_snapshot_before_loading_anything(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from iepcheck.records.store import Store

    store = Store(data_dir)
    for name in ("Ann", "Ben"):
        store.create(name)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:  # a first start computes and keeps it
        await wait_for(pilot, lambda: snapshot.load(HOME_SNAPSHOT, data_dir, _key(data_dir)))
    kept = snapshot.load(HOME_SNAPSHOT, data_dir, _key(data_dir))
    kept["children"][0]["name"] = "Ann (snapshot)"
    snapshot.save(HOME_SNAPSHOT, data_dir, _key(data_dir), kept)

    names, session_made = await _first_view(data_dir, monkeypatch)
    assert "Ann (snapshot)" in names and "Ben" in names
    assert not session_made  # painted before the workspace (and the record modules) existed

    monkeypatch.undo()
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:  # then the files' own view replaces it
        listing = app.screen.query_one("#children", OptionList)
        await wait_for(pilot, lambda: "Ann" in [str(o.prompt) for o in listing.options])
        assert "Ann (snapshot)" not in [str(o.prompt) for o in listing.options]


async def test_a_snapshot_the_files_no_longer_match_is_never_shown(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from iepcheck.records.store import Store

    store = Store(data_dir)
    child = store.create("Ann")
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: snapshot.load(HOME_SNAPSHOT, data_dir, _key(data_dir)))
    store.update(child.id, lambda c: meet(c, date(2026, 12, 10)))  # another session's change
    names, _ = await _first_view(data_dir, monkeypatch)
    assert not any("Ann" in n for n in names)  # "Loading…" until the files are read


async def test_a_new_day_paints_the_names_then_works_out_what_is_due(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first start of a day shows the children at once, no count of a day gone by; what
    is due that day follows."""
    from iepcheck.records.store import Store

    store = Store(data_dir)
    child = store.create("Ann")
    store.update(child.id, lambda c: meet(c, TODAY - timedelta(days=3)))
    store.create("Ben")
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: snapshot.load(NAMES_SNAPSHOT, data_dir, _key(data_dir, None)))
    tomorrow = TODAY + timedelta(days=1)
    shown, _ = await _first_view(data_dir, monkeypatch, tomorrow)
    assert shown[:3] == ["All children (2)", "Ann", "Ben"]  # no "overdue" badge of yesterday
    assert shown[3] == "Working out what is due on Sun 29 Nov 2026…"

    monkeypatch.undo()
    app = make_app(data_dir)
    app.clock = Clock(tomorrow)
    async with app.run_test(size=SIZE) as pilot:
        agenda = app.screen.query_one("#agenda", OptionList)
        await wait_for(
            pilot,
            lambda: (
                agenda.option_count > 1
                and "Working out" not in str(agenda.get_option_at_index(0).prompt)
            ),
        )
        assert "Ann" in screen_text(app)


def _key(data_dir: Path, days: int | None = LOOK_AHEAD) -> str | None:
    if days is None:
        return snapshot.key(data_dir, [], None)
    return snapshot.key(data_dir, [], TODAY, LOOK_AHEAD)


def test_opening_the_app_imports_no_command_module(tmp_path: Path) -> None:
    """``iepcheck`` alone reads only the app's options; a command line still gets the
    whole parser's checks and messages."""
    code = (
        "import os, sys\n"
        "from iepcheck import cli\n"
        "os.environ['TERM'] = 'xterm'\n"
        "sys.stdin.isatty = sys.stdout.isatty = lambda: True  # as in a terminal\n"
        "seen = []\n"
        "code = cli.main(['--today', '2026-11-28', '--data-dir', 'x'], "
        "run_tui=lambda a: seen.append((a.today.isoformat(), a.data_dir)) or 0)\n"
        "print(code, seen, sorted(m for m in sys.modules if m.startswith('iepcheck.cli.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "0 [('2026-11-28', 'x')] ['iepcheck.cli.common']"
    bad = subprocess.run(
        [sys.executable, "-m", "iepcheck", "--today", "2026-13-01"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert bad.returncode == 2
    assert "--today: '2026-13-01' is not a date" in bad.stderr
    assert "COMMAND" in bad.stderr  # the whole parser's usage line


def test_home_module_needs_no_record_module() -> None:
    """What Home imports to paint: Textual and iepcheck's light modules only."""
    code = (
        "import sys, iepcheck.tui.app, iepcheck.tui.screens.home\n"
        "heavy = ['iepcheck.records.model', 'iepcheck.checklists.model', "
        "'iepcheck.service.workspace', 'iepcheck.records.store']\n"
        "print([m for m in heavy if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


async def test_showing_the_same_rows_again_keeps_the_users_place() -> None:
    """The files' view replacing the snapshot (or a tick) redraws only the rows that changed:
    the highlight and the scroll stay where the user moved them."""
    from textual.app import App, ComposeResult
    from textual.content import Content
    from textual.widgets.option_list import Option

    from iepcheck.tui.widgets.panes import SectionedList

    def rows(changed: str = "") -> list[Option | None]:
        made: list[Option | None] = [Option(Content(f"row {n}"), id=f"r{n}") for n in range(60)]
        if changed:
            made[45] = Option(Content(changed), id="r45")
        return made

    class One(App[None]):
        CSS = "SectionedList { height: 1fr; }"

        def compose(self) -> ComposeResult:
            yield SectionedList(id="list")

    app = One()
    async with app.run_test(size=(40, 12)) as pilot:
        listing = app.query_one(SectionedList)
        assert listing.show_rows(rows()) is True
        listing.focus()
        await pilot.press("end")
        await wait_for(pilot, lambda: listing.scroll_y > 0)
        place = (listing.highlighted, listing.scroll_y)
        assert place[0] == 59 and place[1] > 0
        assert listing.show_rows(rows("row 45, ticked")) is False
        await pilot.pause()
        assert (listing.highlighted, listing.scroll_y) == place
        assert str(listing.get_option_at_index(45).prompt) == "row 45, ticked"
        assert listing.show_rows(rows()[:30]) is True  # other rows: built anew
        assert listing.option_count == 30


def test_damaged_or_foreign_caches_are_never_read(data_dir: Path) -> None:
    """A cache nested too deep to read is a miss; a cache folder others can write is not
    read at all (its files could say anything)."""
    from iepcheck.records.store import Store

    store = Store(data_dir)
    store.create("Ann")
    snapshot.save("home-2", data_dir, "k", {"children": []})
    kept = next(locations.cache_dir().glob("home-2-*.json"))
    kept.write_text("[" * 5000 + "]" * 5000)
    assert snapshot.load("home-2", data_dir, "k") is None
    workspace = Workspace(data_dir, [], Clock(TODAY))
    assert exports.status(workspace, ["ann"], 60)["children"][0]["name"] == "Ann"
    facts = next(locations.cache_dir().glob("status-*.json"))
    forged = json.loads(facts.read_text())
    forged["ann"]["facts"]["name"] = "FORGED"
    facts.write_text(json.dumps(forged))
    assert exports.status(workspace, ["ann"], 60)["children"][0]["name"] == "FORGED"  # ours
    locations.cache_dir().chmod(0o777)
    try:
        assert exports.status(workspace, ["ann"], 60)["children"][0]["name"] == "Ann"
        facts.write_text("[" * 5000 + "]" * 5000)
        locations.cache_dir().chmod(0o700)
        assert exports.status(workspace, ["ann"], 60)["children"][0]["name"] == "Ann"
    finally:
        locations.cache_dir().chmod(0o700)


async def test_a_snapshot_missing_what_home_needs_is_not_shown(data_dir: Path) -> None:
    from iepcheck.records.store import Store

    Store(data_dir).create("Ann")
    bad = {"children": [{"id": "x", "name": "X", "meetings": [], "standing": []}], "problems": []}
    snapshot.save(HOME_SNAPSHOT, data_dir, _key(data_dir), bad)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        listing = app.screen.query_one("#children", OptionList)
        await wait_for(pilot, lambda: "Ann" in [str(o.prompt) for o in listing.options])
        assert "X" not in [str(o.prompt) for o in listing.options]


async def test_a_caseloads_snapshot_with_a_bad_agenda_is_a_miss_never_a_crash(
    data_dir: Path,
) -> None:
    """A caseload's agenda (thousands of rows) is built once, when drawn, not also to try the
    snapshot first: an entry of another shape there is a miss too; the files' view follows."""
    from iepcheck.records.store import Store

    store = Store(data_dir)
    for name in ("Ann", "Ben", "Cy", "Dee", "Eve", "Fay"):
        store.update(store.create(name).id, lambda c: meet(c, date(2026, 12, 9), "Annual"))
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: snapshot.load(HOME_SNAPSHOT, data_dir, _key(data_dir)))
    kept = snapshot.load(HOME_SNAPSHOT, data_dir, _key(data_dir))
    entries = [e for day in kept["agenda"]["days"] for e in day["entries"]]
    assert entries, "the caseload's agenda has entries"
    del entries[-1]["child_name"]
    snapshot.save(HOME_SNAPSHOT, data_dir, _key(data_dir), kept)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Fay · PPT: Annual" in screen_text(app))
        assert app.screen.query_one("#agenda", OptionList).option_count > 6


async def test_home_shows_a_change_made_elsewhere_to_a_child_it_never_opened(
    data_dir: Path,
) -> None:
    from iepcheck.records.store import Store

    store = Store(data_dir)
    for name in ("Ann", "Ben", "Cy", "Dee", "Eve", "Fay"):
        store.create(name)
    app = make_app(data_dir, watch=0.1)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "All children (6)" in screen_text(app))
        store.update("fay", lambda c: meet(c, date(2026, 12, 9), "Added by the CLI"))
        await wait_for(pilot, lambda: "Added by the CLI" in screen_text(app))


async def test_a_long_name_and_its_badge_stay_on_one_line(data_dir: Path) -> None:
    """At 80 columns the children list is narrow: the name is cut, never the badge wrapped
    onto a line of its own (it would read as another child)."""
    from iepcheck.service import children, meetings

    workspace = Workspace(data_dir, [], Clock(TODAY))
    child = children.create(workspace.store, "Alexandra Bartholomew-Brooks", "iep")
    add = meetings.new_meeting(workspace, child, TODAY + timedelta(days=3), kind="ppt")
    workspace.update(child.id, add)  # a PPT in 3 days: its preparation is overdue
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        listing = app.screen.query_one("#children", OptionList)
        await wait_for(
            pilot,
            lambda: (
                listing.option_count > 1 and "overdue" in str(listing.get_option_at_index(1).prompt)
            ),
        )
        row = str(listing.get_option_at_index(1).prompt)
        assert row.startswith("Alexandra") and "…" in row and row.endswith("overdue")
        assert len(row) <= listing.size.width - 1
