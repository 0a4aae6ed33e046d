"""Small builders shared by tests."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from iepcheck.checklists.model import Checklist


def checklist_text(
    cid: str = "test-list",
    version: int = 1,
    *,
    title: str = "Test",
    kind: str = "meeting",
    items: list[tuple[str, str]] | None = None,
    extra_item: str = "",
) -> str:
    body = (
        f'format = 1\nid = "{cid}"\nversion = {version}\ntitle = "{title}"\nkind = "{kind}"\n'
        '\n[[sections]]\ntitle = "Before"\n'
    )
    for iid, text in items or [("a", "Do A")]:
        body += f'\n[[sections.items]]\nid = "{iid}"\ntext = "{text}"\n{extra_item}'
    return body


def write_checklist(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def make_checklist(text: str) -> Checklist:
    """A Checklist from TOML text, failing the test on any problem."""
    from iepcheck.checklists.loader import load_bytes

    result = load_bytes(text.encode(), "test.toml")
    assert result.checklist is not None, [str(p) for p in result.problems]
    return result.checklist


def at(day: str, hour: int = 9) -> datetime:
    import datetime as dt

    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour)).astimezone()


# -- building records in tests (the model's own methods; ids drawn here) ----------------------


def attach(child, checklist: Checklist, started, meeting=None, origin: str = "bundled"):
    """A run of ``checklist`` on ``child`` (for a meeting or standing)."""
    from iepcheck.records.ids import short_id
    from iepcheck.records.model import Template

    return child.attach(
        Template.of(checklist, origin), short_id(child.taken_ids()), started, meeting
    )


def meet(child, day, title: str = "PPT", kind: str = "ppt", time: str = "", notes: str = ""):
    """A meeting on ``child``."""
    from iepcheck.records.ids import short_id
    from iepcheck.records.model import Meeting

    return child.add_meeting(Meeting(short_id(child.taken_ids()), day, title, kind, time, notes))


def log(run, item_id: str, day, text: str, added) -> None:
    from iepcheck.records.ids import short_id
    from iepcheck.records.model import LogEntry

    taken = [e.id for e in run.state(item_id).log]
    run.add_log(item_id, LogEntry(short_id(taken, prefix="l"), day, text, added))


def own(run, section: int, text: str, added):
    """An own item added to ``run``'s section; returns it."""
    from iepcheck.records.ids import short_id
    from iepcheck.records.model import ItemCopy

    taken = set(run.item_ids()) | set(run.items)
    item = ItemCopy(
        short_id(taken, prefix="own-"),
        text,
        repeat=run.sections[section].repeat,
        own=True,
        added=added,
    )
    run.add_own_item(section, item)
    return item


_DEMOS: dict[object, Path] = {}


def demo_copy(target: Path, today: object) -> Path:
    """The demo's data folder at ``target``: made once per test process and day, then copied
    (making it reads every checklist and writes each child's history: two seconds a test,
    a third of the suite's time when every UI test made its own)."""
    import atexit
    import shutil
    import tempfile

    from iepcheck.service.demo import make_demo

    made = _DEMOS.get(today)
    if made is None:
        root = Path(tempfile.mkdtemp(prefix="iepcheck-demo-"))
        atexit.register(shutil.rmtree, root, True)
        made = root / "data"
        make_demo(made, today)  # type: ignore[arg-type]
        _DEMOS[today] = made
    shutil.copytree(made, target, symlinks=True)
    return target


# The long forms of the heaviest tests (every screen at both sizes under the pseudo-locale, a
# month of two homes sharing, every hostile file imported, every day of a school year):
# IEPCHECK_LONG=1. By default a sample of each, so the suite stays near five minutes.
LONG = os.environ.get("IEPCHECK_LONG") == "1"
