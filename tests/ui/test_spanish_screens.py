"""The plan screen, the school calendar's import and export, and sharing (a record, a backup)
in Spanish: phrase by phrase, and under the pseudo-locale with no English outside ⟦ ⟧.

The screens' own words go through the catalog; what stays as it is, is data: the plan's
entries, the district's event names, Connecticut's holiday names (calendar/), ids and paths.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from iepcheck.service import calendar_import
from iepcheck.tui.app import IepApp
from iepcheck.tui.screens.calendars import CalendarImportScreen, export_calendar
from iepcheck.tui.screens.plan import CompareScreen, PlanScreen, WeeksScreen
from iepcheck.tui.screens.sharing import SecretDialog, make_backup, receive, share_child
from iepcheck.tui.widgets.dialogs import Pick, Prompt

from ..conftest import DATA
from ..helpers import LONG
from .conftest import RecordingApp, fixed_clock, screen_text, wait_for
from .test_spanish import SIZES, Data, english_left, footer_shown, layout_broken, settle

ICS = DATA / "calendars" / "district-2026-27.ics"
TALL = (100, 50)  # a dialog's every line on screen, for the phrases (80x24 scrolls them)


def flat(app: IepApp) -> str:
    """The screen's words in one line: a sentence wrapped in a dialog or a pane reads whole."""
    text = screen_text(app)
    for border in "│╭╮╰╯─▏▕┃█▔▁":
        text = text.replace(border, " ")
    return " ".join(text.split())


# -- the screens, opened as a parent opens them ----------------------------------------------


async def plan_goal(pilot: Pilot) -> None:
    """Maya's plan with her reading goal highlighted (its chart, its reports)."""
    await settle(pilot)
    await pilot.app.push_screen(PlanScreen("maya-chen"))
    await pilot.pause()
    goal = pilot.app.session.child("maya-chen").current_plan().goals[0]
    listing = pilot.app.screen.query_one("#plan-entries", OptionList)
    listing.highlighted = listing.get_option_index(f"g:{goal.id}")
    await pilot.pause()


async def plan_service(pilot: Pilot) -> None:
    """Maya's plan with her first service highlighted (checked week by week)."""
    if not isinstance(pilot.app.screen, PlanScreen):
        await settle(pilot)
        await pilot.app.push_screen(PlanScreen("maya-chen"))
        await pilot.pause()
    service = pilot.app.session.child("maya-chen").current_plan().services[0]
    listing = pilot.app.screen.query_one("#plan-entries", OptionList)
    listing.highlighted = listing.get_option_index(f"s:{service.id}")
    await pilot.pause()


def _import_plan(app: IepApp) -> calendar_import.ImportPlan:
    return calendar_import.read(app.session.workspace, ICS, "district-2026-27", "")


async def calendar_preview(pilot: Pilot) -> None:
    """The preview of a district's .ics, before it is saved."""
    await settle(pilot)
    await pilot.app.push_screen(CalendarImportScreen("sam-rivera", _import_plan(pilot.app)))
    await wait_for(pilot, lambda: pilot.app.focused is not None)
    await pilot.pause()


async def share_dialog(pilot: Pilot) -> None:
    await settle(pilot)
    share_child(pilot.app, "sam-rivera")  # type: ignore[arg-type]
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SecretDialog))
    await pilot.pause()


async def receive_dialog(pilot: Pilot) -> None:
    await settle(pilot)
    receive(pilot.app)  # type: ignore[arg-type]
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SecretDialog))
    await pilot.pause()


async def backup_dialog(pilot: Pilot) -> None:
    await settle(pilot)
    make_backup(pilot.app)  # type: ignore[arg-type]
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SecretDialog))
    await pilot.pause()


def _ics_names() -> list[str]:
    """The district's own words for its days (data, shown as the file has them)."""
    lines = ICS.read_text(encoding="utf-8").splitlines()
    return [line.partition(":")[2] for line in lines if line.startswith("SUMMARY:")]


def _shown_data(app: IepApp) -> list[str]:
    """Data the screen puts together: a goal's baseline and target with their unit ('62
    wcpm'); Connecticut's holiday names on a calendar's preview (calendar/'s: names)."""
    screen = app.screen
    if isinstance(screen, CalendarImportScreen):
        return list(screen.plan.holiday_names.values())
    plan = app.session.child("maya-chen").current_plan()
    goals = plan.goals if plan is not None else ()
    return [f"{v} {g.unit}" for g in goals for v in (g.baseline, g.target) if v and g.unit]


# -- under the pseudo-locale ---------------------------------------------------------------

SCREENS: dict[str, Callable[[Pilot], Awaitable[None]]] = {
    "plan-goal": plan_goal,
    "plan-service": plan_service,
    "calendar-import": calendar_preview,
    "share": share_dialog,
    "receive": receive_dialog,
    "backup": backup_dialog,
}
# Each at one of the two sizes in turn; both with IEPCHECK_LONG=1 (tests/helpers.py).
PSEUDO_CASES = [
    (name, size)
    for at, name in enumerate(SCREENS)
    for size in (SIZES if LONG else [SIZES[at % len(SIZES)]])
]


@pytest.mark.parametrize(
    ("name", "size"), PSEUDO_CASES, ids=[f"{n}-{s[0]}x{s[1]}" for n, s in PSEUDO_CASES]
)
async def test_every_word_these_screens_write_goes_through_the_catalog(
    pseudo, demo: Path, name: str, size: tuple[int, int]
) -> None:
    app = IepApp(demo / "data", [], watch=0, clock=fixed_clock())
    async with app.run_test(size=size) as pilot:
        await SCREENS[name](pilot)
        if not isinstance(app.screen, SecretDialog):
            await footer_shown(pilot)
        shown = screen_text(app)
        data = Data.of(demo, [*_ics_names(), *_shown_data(app), "age1…"])  # a key's start
    assert "⟦" in shown, shown  # the pseudo-locale is in use
    # A piece may keep the pseudo-locale's padding where a bracket wrapped ("~~~, resource room").
    left = [p for p in english_left(shown, data) if not data.has(p.strip("~, "))]
    assert not left, f"English outside the catalog on {name}: {left}\n{shown}"
    broken = layout_broken(shown)
    assert not broken, f"cut off on {name}: {broken}\n{shown}"


async def test_the_plans_dialogs_go_through_the_catalog(pseudo, demo: Path) -> None:
    """The weeks grid, the comparison and the progress report's form, at 80x24."""
    app = IepApp(demo / "data", [], watch=0, clock=fixed_clock())
    found = []
    async with app.run_test(size=(80, 24)) as pilot:
        await plan_goal(pilot)
        for key, kind in (("g", WeeksScreen), ("c", CompareScreen), ("r", Prompt)):
            await pilot.press(key)
            await wait_for(pilot, lambda kind=kind: isinstance(app.screen, kind))
            await pilot.pause()
            found.append((key, screen_text(app)))
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
        data = Data.of(demo, _shown_data(app))
    for key, shown in found:
        assert "⟦" in shown, shown
        # The steps a cut calls for are the checklists' items ("- " each): data.
        left = [p for p in english_left(shown, data) if not data.has(p.removeprefix("- "))]
        assert not left, f"English outside the catalog after {key}: {left}\n{shown}"


# -- Spanish itself ------------------------------------------------------------------------


async def test_the_plan_reads_in_spanish(spanish, demo: Path) -> None:
    app = RecordingApp(demo / "data", [], watch=0, clock=fixed_clock())
    async with app.run_test(size=(80, 24)) as pilot:
        await plan_goal(pilot)
        await footer_shown(pilot)
        shown = screen_text(app)
        for phrase in (
            "El plan",
            "Detalles",
            "Maya Chen · IEP",
            # Each line whole at 80 columns: the shorter form where the longer would wrap.
            "25 h/sem con compañeros\n",
            "Revisión anual vence lun 11 ene (unos 28 días escolares)\n",
            "Informes con libretas, próximo mié 27 ene\n",
            "METAS (3)",
            "Sin progreso hasta la…, 6 nov",  # the words cut short, the date whole
            "Progreso satisfactorio, 6 nov",
            "q Volver",
            "a Agregar",
        ):
            assert phrase in shown, f"{phrase!r} not in\n{shown}"
        # The details pane's words (beside the list, its lines interleave with the list's).
        said = str(app.screen.query_one("#plan-details", Static).content)
        assert (
            "Sin progreso en los dos últimos informes: w escribe para pedir una reunión del "
            "equipo de planificación y colocación (PPT) para revisar esta meta."
        ) in said, said

        def words(selector: str) -> str:
            return str(app.screen.query_one(selector, Static).content)

        chart = words("#chart-title")
        assert chart == "Gráfica inicial 62 · meta 90 · último 71 wcpm", chart
        axis = words("#chart-axis").splitlines()[1]  # the months under the bars, in Spanish
        assert " ".join(axis.split()) == "ini feb abr jun nov alc", axis
        reports = words("#plan-more").splitlines()
        assert reports[:2] == ["Informes de progreso", "11 feb 2026  Progreso satisfactorio (66)"]
        assert "6 nov 2026  Sin progreso hasta la fecha (71)" in reports, reports
        await plan_service(pilot)
        shown = screen_text(app)
        for phrase in ("SERVICIOS (2)", "ADAPTACIONES (2)", "120 min al", "+ agregar un servicio"):
            assert phrase in shown, shown
        said = " ".join(words("#plan-details").split())
        for phrase in (
            "Speech and language therapy: 60 min a la semana, resource room, a cargo de Ms. Kim",
            "Viene del plan anterior.",
            "Revisado semana a semana: se brindó en 4 de 6 semanas",
            "(✓ se brindó ✗ con faltas · sin revisar)",
            "240 de 300 minutos brindados en las semanas revisadas",
        ):
            assert phrase in said, said
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, WeeksScreen))
        await pilot.pause()
        said = flat(app)
        assert "Semana a semana (cada columna: la semana de ese lunes)" in said, said
        assert "✓ se brindó ✗ con faltas · sin revisar … esta semana" in said, said
        assert "16 nov" in said, said  # a Monday's column, its month in Spanish
        await pilot.press("escape")


async def test_a_progress_report_typed_in_spanish_words(spanish, demo: Path) -> None:
    """The form lists the statuses in Spanish; a status typed in those words is understood."""
    app = RecordingApp(demo / "data", [], watch=0, clock=fixed_clock())
    async with app.run_test(size=(80, 24)) as pilot:
        await plan_goal(pilot)
        goal = app.session.child("maya-chen").current_plan().goals[0]
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        await pilot.pause()
        said = flat(app)
        assert "Un informe de progreso sobre esta meta" in said, said
        assert "Estado (1-6, ver abajo)" in said, said
        assert "1 No introducido · 2 Sin progreso hasta la fecha · 3 Progreso" in said, said
        fields = list(app.screen.query(Input))
        fields[1].value = "Progreso satisfactorio"
        fields[2].value = "78"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
        await pilot.pause()
        reports = app.session.child("maya-chen").current_plan().goal(goal.id).reports
        assert [(r.status, r.value) for r in reports[-1:]] == [("satisfactory", 78.0)]
        assert "Progreso satisfactorio, 28 nov" in screen_text(app)


async def test_the_school_calendar_reads_in_spanish(spanish, demo: Path) -> None:
    app = RecordingApp(demo / "data", [], watch=0, clock=fixed_clock())
    async with app.run_test(size=TALL) as pilot:
        await calendar_preview(pilot)
        await footer_shown(pilot)
        said = flat(app)
        for phrase in (
            "Importar un calendario —",
            "primer día jue 27 ago 2026 · último día",
            "Días cerrados (12), uno por línea: corrija, agregue o quite antes de guardar",
            "Ignorados (",
            "ctrl+s guarda el calendario y hace que este niño lo siga · Esc: volver",
            "Guardar el calendario",
        ):
            assert phrase in said, f"{phrase!r} not in\n{said}"
        await pilot.press("escape")
        await pilot.pause()
        export_calendar(app, "sam-rivera")
        await wait_for(pilot, lambda: isinstance(app.screen, Pick))
        await pilot.pause()
        said = flat(app)
        assert "¿Qué va al calendario de su teléfono?" in said and "Solo las reuniones" in said
        await pilot.press("enter")  # everything
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt))
        await pilot.pause()
        assert "Exportar al calendario de su teléfono" in flat(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: any(t.startswith("Se escribió") for t in app.told), 30)
    told = next(t for t in app.told if t.startswith("Se escribió"))
    assert " eventos" in told and "sam-rivera.ics" in told, told


async def test_sharing_and_a_backup_read_in_spanish(spanish, demo: Path) -> None:
    app = RecordingApp(demo / "data", [], watch=0, clock=fixed_clock())
    async with app.run_test(size=TALL) as pilot:
        await share_dialog(pilot)
        said = flat(app)
        for phrase in (
            "Compartir el expediente de Sam Rivera en un archivo",
            "Contendrá:",
            "Frase de contraseña (se escribe dos veces, nunca se muestra)",
            "Comunique la frase de contraseña por otra vía",
        ):
            assert phrase in said, f"{phrase!r} not in\n{said}"
        dialog = app.screen
        await pilot.press(*"uno", "enter", *"dos", "ctrl+s")  # two passphrases that differ
        await wait_for(pilot, lambda: app.screen is not dialog)
        await wait_for(pilot, lambda: isinstance(app.screen, SecretDialog))
        await pilot.pause()
        assert "Las dos frases de contraseña no coinciden; escríbalas otra vez." in flat(app)
        await pilot.press("escape")
        await pilot.pause()
        receive(app)
        await wait_for(pilot, lambda: isinstance(app.screen, SecretDialog))
        await pilot.pause()
        said = flat(app)
        assert "Recibir un expediente compartido" in said and "Un niño nuevo se agrega" in said
        await pilot.press("escape")
        await pilot.pause()
        make_backup(app)
        await wait_for(pilot, lambda: isinstance(app.screen, SecretDialog))
        await pilot.pause()
        said = flat(app)
        assert "Hacer una copia de seguridad ahora" in said, said
        assert "Sin frase de contraseña no se cifra" in said, said
        await pilot.press("ctrl+s")  # no passphrase: written, not encrypted
        await wait_for(pilot, lambda: any(t.startswith("Se escribió") for t in app.told), 30)
    told = next(t for t in app.told if t.startswith("Se escribió"))
    assert "sin cifrar; se volvió a leer y se comprobó" in told, told
