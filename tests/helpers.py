"""Small builders shared by tests."""

from __future__ import annotations

from pathlib import Path


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
