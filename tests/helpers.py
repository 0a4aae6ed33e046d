"""Small builders shared by tests."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from iepcheck.checklist import Checklist


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
    from iepcheck.loader import load_bytes

    result = load_bytes(text.encode(), "test.toml")
    assert result.checklist is not None, [str(p) for p in result.problems]
    return result.checklist


def at(day: str, hour: int = 9) -> datetime:
    import datetime as dt

    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour)).astimezone()
