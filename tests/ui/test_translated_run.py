"""A checklist's translation on the run and letter screens: the rows and details in Spanish,
an item changed since the translation in English, marked, "not reviewed" said once."""

from __future__ import annotations

from pathlib import Path

import tomlkit

from iepcheck.checklists.loader import load_file
from iepcheck.checklists.translated import skeleton
from iepcheck.tui.screens.letter import LetterScreen, Reading

from ..conftest import REPO
from .conftest import SIZE, make_app, screen_text, wait_for
from .test_flows import highlight, open_run

SPANISH = "Pida por escrito los informes de la evaluación"


def translation(folder: Path) -> Path:
    """ct-ppt-prep in Spanish (one item's words translated; another's hash of older English)."""
    original = REPO / "checklists" / "ct-ppt-prep.toml"
    checklist = load_file(original).checklist
    assert checklist is not None
    doc = tomlkit.parse(skeleton(original, checklist, "es"))
    doc["title"] = "Preparación para el PPT"
    items = [i for s in doc["sections"] for i in s["items"]]
    wanted = next(i for i in items if i["id"] == "ask-for-eval-reports")
    wanted["text"] = SPANISH
    items[0]["translated_from"] = "0" * 16  # made from English that has changed since
    (folder / "es").mkdir(parents=True)
    path = folder / "es" / "ct-ppt-prep.toml"
    path.write_text(tomlkit.dumps(doc))
    return path


async def test_the_run_screen_shows_the_translation(
    demo_dir: Path, tmp_path: Path, spanish: None
) -> None:
    translation(tmp_path / "extra")
    app = make_app(demo_dir, [tmp_path / "extra"])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.library is not None)
        screen = await open_run(app, pilot, "sam-rivera", "ct-ppt-prep")
        await wait_for(pilot, lambda: "Pida por escrito los informes" in screen_text(app))
        shown = screen_text(app)
        assert shown.count("traducción sin revisar") == 1
        assert "en inglés" in shown  # the first item: its English, marked on its row
        first = next(iter(screen.views))
        await highlight(pilot, screen, first)
        # Its details say why it is in English (first, where a short pane shows it).
        await wait_for(pilot, lambda: "texto en inglés: cambió" in screen_text(app))
        await highlight(pilot, screen, "ask-for-eval-reports")
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, LetterScreen))
        await pilot.pause()
        assert "ctrl+g" in screen_text(app)  # the letter has a translation: said, with its keys
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, Reading))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LetterScreen))
