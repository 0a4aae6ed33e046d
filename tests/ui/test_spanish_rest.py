"""The app in Spanish beyond its own words (issue 28, round 2): the bundled checklists' words on
Home, in the record's timeline and on the checklists screen; a letter's "Asunto:"; late
documents counted from their dates; the child's letter language on its form. And the same
screens under the pseudo-locale, for words that bypass the catalog."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, Select, Static, TextArea

from iepcheck import i18n
from iepcheck.__main__ import main
from iepcheck.tui.app import IepApp
from iepcheck.tui.screens.child import ChildScreen
from iepcheck.tui.screens.letter import LetterScreen, split_letter
from iepcheck.tui.screens.library import LibraryScreen
from iepcheck.tui.screens.record import RecordScreen
from iepcheck.tui.screens.run import RunScreen

from .conftest import TODAY, fixed_clock, screen_text, wait_for
from .test_spanish import Data, english_left, layout_broken


def app_on(demo: Path) -> IepApp:
    return IepApp(demo / "data", [], watch=0, clock=fixed_clock())


async def settle(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: app.session.library is not None)
    await wait_for(
        pilot, lambda: app.screen.query("#agenda") and app.screen.query_one("#agenda").option_count
    )
    await pilot.pause()


def flat(text: str) -> str:
    """The screen's words in one line (a pane wraps a long title)."""
    return " ".join(text.replace("│", " ").split())


async def test_home_shows_the_checklists_in_spanish(spanish, demo: Path) -> None:
    app = app_on(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        shown = screen_text(app)
    # The checklists' titles and the items due, from checklists/es/ (as `status` says them).
    assert "Prepararse para una reunión del PPT" in shown, shown
    assert "¿Se está cumpliendo de verdad el plan 504?" in shown, shown
    assert "Pida por escrito cada informe de evaluación" in shown, shown
    assert "Getting ready for a PPT meeting" not in shown, shown
    assert "Ask in writing for every evaluation report" not in shown, shown
    # The guide's headline, said in Spanish too (the status document keeps it in English).
    assert "Todavía no marcó ninguna señal" in shown or "No signs" not in shown, shown


async def test_home_follows_a_change_of_language(demo: Path) -> None:
    app = app_on(demo)
    try:
        async with app.run_test(size=(160, 50)) as pilot:
            await settle(pilot)
            assert "Getting ready for a PPT meeting" in screen_text(app)
            await pilot.press("L", "down", "enter")  # Language · Idioma: Español
            await wait_for(pilot, lambda: "Prepararse para una reunión del PPT" in screen_text(app))
    finally:
        i18n.set_language("en")


async def test_the_timeline_and_its_late_count_in_spanish(spanish, demo: Path) -> None:
    app = app_on(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await app.push_screen(RecordScreen("maya-chen"))
        await pilot.pause()
        info = str(app.screen.query_one("#record-info", Static).render())
        timeline = app.screen.query_one("#timeline", OptionList)
        rows = [str(timeline.get_option_at_index(n).prompt) for n in range(timeline.option_count)]
    # Two documents came late (the IEP and the evaluation report): counted from their dates,
    # whatever words the timeline says it in ("con 4 días escolares de retraso").
    assert "2 tardíos" in info, info
    iep = next(row for row in rows if "Se recibió: IEP" in row)
    assert "Con 4 días escolares de retraso" in iep, iep
    # A tick names the item in Spanish.
    assert any(
        "Hecho: Consiga una copia del IEP actual y guárdela en su carpeta" in r for r in rows
    ), rows
    assert not any("Get a copy of the current IEP" in r for r in rows), rows


async def test_the_late_count_in_english_is_unchanged(demo: Path) -> None:
    app = app_on(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await app.push_screen(RecordScreen("maya-chen"))
        await pilot.pause()
        info = str(app.screen.query_one("#record-info", Static).render())
    assert "2 late" in info, info


async def test_the_checklists_screen_in_spanish(spanish, demo: Path) -> None:
    app = app_on(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.push_screen(LibraryScreen())
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        listing = app.screen.query_one("#library-list", OptionList)

        def listed() -> list[str]:
            return [str(listing.get_option_at_index(n).prompt) for n in range(listing.option_count)]

        # The list fills in once the screen has read the library (later on a loaded machine).
        await wait_for(pilot, lambda: any("reunión del PPT" in row for row in listed()))
        rows = listed()
        listing.highlighted = next(
            n for n, row in enumerate(rows) if "Prepararse para una reunión del PPT" in row
        )
        await pilot.pause()
        details = flat(str(app.screen.query_one("#library-text", Static).render()))
    assert any(r.startswith("Prepararse para una reunión del PPT") for r in rows), rows
    assert all("Getting ready for a PPT meeting" not in r for r in rows), rows
    assert any(r.endswith("incluida") for r in rows), rows
    assert "Para el padre o la madre de un niño de Connecticut" in details, details
    assert "traducción sin revisar" in details, details
    assert "En uso · incluida" in details, details
    assert "versión" in details and "reunión" in details, details


async def test_a_spanish_letter_says_asunto_and_is_read_back(spanish, demo: Path, capsys) -> None:
    assert main(["--data-dir", str(demo / "data"), "child", "set", "sam-rivera",
                 "letter_language=es"]) == 0  # fmt: skip
    capsys.readouterr()
    i18n.set_language("es")  # the command chose its own (English: no --lang)
    app = app_on(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        run = next(r for r in app.session.child("sam-rivera").runs if r.checklist == "ct-ppt-prep")
        await app.push_screen(RunScreen("sam-rivera", run.id))
        await pilot.pause()
        items = app.screen.query_one("#items", OptionList)
        items.highlighted = items.get_option_index("ask-for-eval-reports")
        await pilot.pause()
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, LetterScreen))
        screen = app.screen
        assert isinstance(screen, LetterScreen)
        text = screen.query_one("#letter-text", TextArea).text
        assert text.startswith("Asunto: "), text
        # Its title and its item, as the checklist says them in Spanish.
        assert screen.title == "Pedir los informes de evaluación antes del PPT"
        info = str(screen.query_one("#letter-info", Static).render())
        assert "para: Pida por escrito cada informe de evaluación" in info, info
        subject = text.partition("\n")[0].removeprefix("Asunto: ")
        screen.record_sent(TODAY)
        await pilot.pause()
        sent = app.session.child("sam-rivera").letters[-1]
    assert sent.lang == "es"
    assert sent.subject == subject and subject
    assert not sent.body.startswith(("Asunto", "Subject")), sent.body


def test_the_subject_line_is_read_in_either_language() -> None:
    assert split_letter("Asunto: Solicitud\n\nEstimada Sra. Park:\n") == (
        "Solicitud",
        "Estimada Sra. Park:\n",
    )
    assert split_letter("Subject: Request\n\nDear Ms. Park,\n") == ("Request", "Dear Ms. Park,\n")
    assert split_letter("Estimada Sra. Park:\n") == ("", "Estimada Sra. Park:\n")


async def test_the_child_form_keeps_the_letter_language(demo: Path) -> None:
    app = app_on(demo)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert app.session.child("sam-rivera").letter_language == ""
        await app.push_screen(ChildScreen("sam-rivera"))
        await wait_for(pilot, lambda: app.focused is not None)
        select = app.screen.query_one("#letter-language", Select)
        assert select.value == "en"  # unset reads as English
        assert "Español" in [str(prompt) for prompt, _value in select._options]
        select.value = "es"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, ChildScreen))
        await app.workers.wait_for_complete()
        assert app.session.child("sam-rivera").letter_language == "es"
        await app.push_screen(ChildScreen("sam-rivera"))
        await wait_for(pilot, lambda: app.focused is not None)
        assert app.screen.query_one("#letter-language", Select).value == "es"
        # Saving with English chosen again says English ("en": it was set before).
        app.screen.query_one("#letter-language", Select).value = "en"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, ChildScreen))
        assert app.session.child("sam-rivera").letter_language in ("", "en")
        # Another child's form saved as it was leaves its letter language unset.
        await app.push_screen(ChildScreen("maya-chen"))
        await wait_for(pilot, lambda: app.focused is not None)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, ChildScreen))
        assert app.session.child("maya-chen").letter_language == ""
    app2 = app_on(demo)  # and read back from the file by the next start
    async with app2.run_test(size=(100, 40)) as pilot:
        assert app2.session.child("sam-rivera").letter_language in ("", "en")


async def test_the_child_form_in_spanish(spanish, demo: Path) -> None:
    app = app_on(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.push_screen(ChildScreen("sam-rivera"))
        await wait_for(pilot, lambda: app.focused is not None)
        app.screen.query_one("#letter-language").scroll_visible(animate=False)
        await pilot.pause()
        shown = screen_text(app)
    assert "Cartas escritas en" in shown, shown
    assert "English" in shown, shown


# -- the pseudo-locale ---------------------------------------------------------------------


async def _library(pilot) -> None:
    await settle(pilot)
    await pilot.app.push_screen(LibraryScreen())
    await pilot.pause()


async def _record(pilot) -> None:
    await settle(pilot)
    await pilot.app.push_screen(RecordScreen("maya-chen"))
    await pilot.pause()


async def _child(pilot) -> None:
    await settle(pilot)
    await pilot.app.push_screen(ChildScreen("sam-rivera"))
    await wait_for(pilot, lambda: pilot.app.focused is not None)
    pilot.app.screen.query_one("#letter-language").scroll_visible(animate=False)
    await pilot.pause()


@pytest.mark.parametrize(
    ("name", "size"),
    [("library", (80, 24)), ("record", (60, 20)), ("child", (80, 24))],
)
async def test_these_screens_write_every_word_through_the_catalog(
    pseudo, demo: Path, name: str, size: tuple[int, int]
) -> None:
    app = app_on(demo)
    setup = {"library": _library, "record": _record, "child": _child}[name]
    async with app.run_test(size=size) as pilot:
        await setup(pilot)
        await wait_for(pilot, lambda: bool(app.screen.query("FooterKey")))
        await pilot.pause()
        shown = screen_text(app)
        # The timeline's words come from the record and the checklists (data), and from
        # reports' own sentences, which are wrapped: what is left outside is data.
        from iepcheck.reports.timeline import entries

        data = [e.text for e in entries(app.session.child("maya-chen"))]
        data.append("English")  # each language is named in itself, whatever the app's
    assert "⟦" in shown, shown
    left = english_left(shown, Data.of(demo, data))
    assert not left, f"English outside the catalog on {name}: {left}\n{shown}"
    assert not layout_broken(shown), shown
