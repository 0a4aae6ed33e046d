"""Issue 28, the last English in Spanish mode: the plan's services and progress statuses where
the CLI, the export, a goal's chart and a letter say them; `validate`'s sentences (its
FILE:LINE:COL and error/warning tokens stay English). Under the pseudo-locale, `plan` and
`validate` print no English prose outside ⟦ ⟧."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from iepcheck import i18n
from iepcheck.__main__ import main
from iepcheck.records.store import Store
from iepcheck.reports.charts import goal_svg
from iepcheck.reports.letters import flagged_goals

from .checklists.test_translations import ORIGINAL, SPANISH, pair
from .conftest import DATA
from .i18n_check import english_lines

DAY = "2026-11-30"
BAD = DATA / "checklists" / "bad"


pytestmark = pytest.mark.usefixtures("no_locale")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--today", DAY, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def es(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    return run(capsys, "--lang", "es", *argv)


# What the parent typed: data in any language.
TYPED = ["Maya", "Speech", "resource room", "Ms. Kim", "OT", "PT", "Extended time", "tests"]
TYPED += ["reading", "Reads 90 words a minute", "75 by April", "wcpm"]


@pytest.fixture
def maya(capsys: pytest.CaptureFixture[str], data_dir: Path) -> str:
    """Maya's IEP: a service a week, one a month, one a cycle; a goal twice without progress."""
    assert run(capsys, "child", "add", "Maya", "--plan", "none")[0] == 0
    run(capsys, "plan", "set", "maya", "--kind", "iep", "--start", "2026-01-12")
    run(capsys, "plan", "set", "maya", "--end", "2027-01-11", "--reports", "2026-11-06")
    week = ("--where", "resource room", "--by", "Ms. Kim")
    run(capsys, "service", "add", "maya", "Speech", "--minutes", "90", "--per", "week", *week)
    run(capsys, "service", "add", "maya", "OT", "--minutes", "120", "--per", "month")
    cycle = ("--per", "cycle", "--cycle-days", "6")
    run(capsys, "service", "add", "maya", "PT", "--minutes", "6", *cycle)
    run(capsys, "accommodation", "add", "maya", "Extended time", "--where", "tests")
    aims = ("--baseline", "62", "--target", "90", "--unit", "wcpm")
    code, out, _err = run(
        capsys, "goal", "add", "maya", "Reads 90 words a minute", "--area", "reading", *aims
    )
    assert code == 0
    goal = out.splitlines()[-1]
    run(capsys, "goal", "report", "maya", goal, "--on", "2026-06-12", "--status", "limited")
    return goal


SERVICES_ES = [
    "Speech: 90 min a la semana, resource room, a cargo de Ms. Kim",
    "OT: 120 min al mes (unos 27.7 min a la semana)",
    "PT: 6 min cada ciclo de 6 días escolares (unos 5 min a la semana)",
]


def test_the_plan_in_spanish(capsys, maya: str) -> None:
    code, out, _err = es(capsys, "goal", "report", "maya", maya, "--on", "2026-11-06",
                         "--status", "no-progress", "--value", "66")  # fmt: skip
    assert code == 0
    assert out.startswith(f"meta {maya}: Sin progreso hasta la fecha el 2026-11-06\n"), out
    code, out, _err = es(capsys, "plan", "show", "maya")
    assert code == 0
    flat = " ".join(out.split())  # the lines wrap at 80 columns
    for line in SERVICES_ES:
        assert line in flat, out
    assert "informes: vie 12 jun Progreso limitado/mínimo; vie 6 nov Sin progreso hasta la" in flat
    for english in ("min a week", "a month", "every 6", "by Ms. Kim", "Limited/Minimal"):
        assert english not in out, english
    code, out, _err = es(capsys, "service", "list", "maya")
    assert [line.split("  ", 1)[1] for line in out.splitlines()] == SERVICES_ES
    # JSON and English stay as they were.
    code, out, _err = es(capsys, "service", "list", "maya", "--json")
    assert '"per": "month"' in out and "al mes" not in out
    code, out, _err = run(capsys, "plan", "show", "maya")
    assert "Speech: 90 min a week, resource room, by Ms. Kim" in out
    assert "OT: 120 min a month (about 27.7 min a week)" in out
    assert "vie 12 jun" not in out and "Fri 12 Jun Limited/Minimal Progress" in out


def test_the_items_made_from_the_plan_in_spanish(capsys, maya: str) -> None:
    """The monitoring checklist's items made from the services: the record keeps the
    service's English line, the agenda and status say it in Spanish (JSON stays English)."""
    assert run(capsys, "start", "maya", "ct-iep-monitoring")[0] == 0
    code, out, _err = es(capsys, "agenda")
    assert code == 0
    assert "  Maya: OT: 120 min al mes (unos 27.7 min a la semana)  [ct-iep-monitoring/plan-" in out
    assert "min a week" not in out
    code, out, _err = es(capsys, "status", "maya")
    assert "Speech: 90 min a la semana, resource room, a cargo de Ms. Kim" in out
    code, out, _err = es(capsys, "agenda", "--json")
    assert "OT: 120 min a month (about 27.7 min a week)" in out and "al mes" not in out
    code, out, _err = run(capsys, "agenda")
    assert "  Maya: OT: 120 min a month (about 27.7 min a week)  [ct-iep-monitoring/plan-" in out


def test_the_exports_plan_section_in_spanish(capsys, maya: str) -> None:
    run(capsys, "goal", "report", "maya", maya, "--on", "2026-11-06", "--status", "no-progress")
    code, out, _err = es(capsys, "export", "maya")
    assert code == 0
    lines = [line.strip() for line in out.splitlines()]
    assert lines[lines.index("Servicios") + 1 : lines.index("Adaptaciones")] == SERVICES_ES
    assert "vie 12 jun 2026: Progreso limitado/mínimo" in lines
    assert "vie 6 nov 2026: Sin progreso hasta la fecha" in lines
    code, out, _err = run(capsys, "export", "maya")
    assert "  OT: 120 min a month (about 27.7 min a week)" in out
    assert "Fri 6 Nov 2026: No Progress to Date" in out


def test_a_goals_chart_names_the_statuses_in_spanish() -> None:
    reports = [(date(2026, 6, 12), "limited", None), (date(2026, 11, 6), "mastered", None)]
    i18n.set_language("es")
    svg = goal_svg(None, None, "", reports)
    assert ">Progreso limitado/mínimo</text>" in svg and ">Dominado</text>" in svg
    assert "12 jun 2026: Progreso limitado/mínimo; 6 nov 2026: Dominado." in svg
    assert "Limited/Minimal" not in svg and ">Mastered<" not in svg
    i18n.set_language("en")
    assert "12 Jun 2026: Limited/Minimal Progress; 6 Nov 2026: Mastered." in goal_svg(
        None, None, "", reports
    )


def test_a_letters_flagged_goals_follow_the_letters_language(
    capsys, maya: str, data_dir: Path
) -> None:
    run(capsys, "goal", "report", "maya", maya, "--on", "2026-11-06", "--status", "no-progress")
    child = Store(data_dir).load("maya")
    expected = "- Reads 90 words a minute (reading): 12 de junio de 2026, Progreso limitado/mínimo"
    assert flagged_goals(child, None, "es").startswith(expected)
    assert "June 12, 2026, Limited/Minimal Progress; November 6, 2026, No Progress to Date" in (
        flagged_goals(child, None, "en")
    )


# -- validate -----------------------------------------------------------------------------------


def test_validate_says_its_sentences_in_spanish_and_keeps_its_tokens(capsys) -> None:
    bad = BAD / "duplicate-item-id.toml"
    code, out, err = es(capsys, "validate", str(bad))
    assert code == 1
    assert out == (
        f"{bad}:20:6: error: el id de paso 'ask' se usa dos veces: la primera en la línea 12\n"
    )
    assert err == "1 archivo revisado, 1 con errores\n"
    path = BAD / "warn-unknown-key.toml"
    code, out, _err = es(capsys, "validate", str(path))
    assert code == 0
    assert ": warning: se ignora la clave desconocida 'colour'" in out, out
    code, out, _err = es(capsys, "validate", str(BAD / "letter-unknown-role.toml"))
    assert (
        ": error: '{contact:superintendent}' no nombra ningún rol de contacto conocido: use " in out
    )
    assert (
        "(o varios: se usa el primero que tenga el registro: {contact:case manager|principal})"
        in out
    )
    code, out, _err = es(capsys, "validate", str(BAD / "syntax-bad-value.toml"))
    assert ": error: esto no es TOML válido: Invalid value: el texto necesita comillas; " in out
    code, out, _err = es(capsys, "validate", str(BAD / "item-text-number.toml"))
    assert ": error: 'text' debe ser texto entre comillas, no un número entero\n" in out
    code, out, _err = run(capsys, "validate", str(bad))  # English as it was
    assert out == f"{bad}:20:6: error: item id 'ask' is used twice: first on line 12\n"
    code, out, _err = run(capsys, "validate", str(BAD / "item-text-number.toml"))
    assert out.endswith(": error: 'text' must be text in quotes, not a whole number\n")


CALENDAR = """format = 1
id = "Bad Id"
colour = 1
open = ["2027-01-01"]
[[closed]]
start = 2027-02-12
end = 2027-01-01
"""


def test_a_school_calendar_files_problems_in_spanish(capsys, tmp_path: Path) -> None:
    path = tmp_path / "bad.calendar.toml"
    path.write_text(CALENDAR)
    code, out, _err = es(capsys, "validate", str(path))
    assert code == 1
    assert out.splitlines() == [
        f"{path}:2:6: error: el calendario necesita un 'id' de letras minúsculas a-z, dígitos y "
        "'-' (de 1 a 64 caracteres), como \"hartford-2026-27\"; el suyo es Bad Id",
        f"{path}:3:10: warning: se ignora la clave desconocida 'colour' (¿está mal escrita, o es "
        "para un iepcheck más nuevo?)",
        f"{path}:4:9: error: un día de clases debe ser una fecha sin comillas, como 2027-02-12",
        f"{path}:5:1: error: un período de cierre debe terminar después de empezar, dentro de un "
        "año",
    ]
    code, out, _err = run(capsys, "validate", str(path))
    assert f"{path}:4:9: error: an open day must be a date without quotes, like 2027-02-12" in out


def test_a_translations_problems_against_its_original_in_spanish(capsys, tmp_path: Path) -> None:
    text = SPANISH.replace('due = "2 weeks before"', 'due = "3 weeks before"', 1)
    text = text.replace("expediente de {child_name}", "expediente de {child_first_name}", 1)
    path = pair(tmp_path, text)
    code, out, _err = es(capsys, "validate", str(path))
    assert code == 1
    assert ": error: 'due' debe ser como en el original (2 weeks before)\n" in out, out
    assert (
        ": error: los marcadores deben ser los del original, cada uno las mismas veces: a este "
        "texto le falta {child_name} y tiene {child_first_name}, que el original no tiene\n"
    ) in out
    code, out, _err = run(capsys, "validate", str(path))
    assert ": error: 'due' must be as in the original (2 weeks before)\n" in out


# -- the pseudo-locale --------------------------------------------------------------------------


def test_plan_and_validate_print_no_english_outside_the_catalog(
    capsys, maya: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(i18n, "choose", lambda *_args: i18n.PSEUDO)
    calendar = tmp_path / "bad.calendar.toml"
    calendar.write_text(CALENDAR)
    text = SPANISH.replace('due = "2 weeks before"', 'due = "3 weeks before"', 1)
    translation = pair(tmp_path / "lists", text.replace("{child_name}", "{child_first_name}"))
    printed = []
    for argv in [
        ("goal", "report", "maya", maya, "--on", "2026-11-06", "--status", "no-progress"),
        ("plan", "show", "maya"),
        ("service", "list", "maya"),
        ("goal", "list", "maya"),
        ("accommodation", "list", "maya"),
        ("export", "maya"),
        ("validate", *TESTED_BAD),
        ("validate", str(calendar)),
        ("validate", str(translation)),
    ]:
        _code, out, err = run(capsys, *argv)
        printed.append(out + err)
    text = "".join(printed)
    assert "⟦" in text
    # Dates are English in the pseudo-locale (day_text); a problem's place and token are data.
    text = re.sub(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|"
                  r"Nov|Dec)\b", " ", text)  # fmt: skip
    text = re.sub(r"^\S+:\d+:\d+: (?:error|warning): ", "", text, flags=re.M)
    found = english_lines(text, [*TYPED, "ask", "colour"])
    assert not found, found


# Every problem the tests' bad checklist files show (the TOML reader's own words, "Invalid
# value", stand inside the sentence that quotes them).
TESTED_BAD = sorted(str(path) for path in BAD.glob("*.toml"))


def test_an_items_repeat_in_spanish_on_the_run_screen(capsys, maya: str, data_dir: Path) -> None:
    from iepcheck.records.schedule import calendar_for, summarize
    from iepcheck.tui.rendering.items import details

    assert run(capsys, "start", "maya", "ct-iep-monitoring")[0] == 0
    child = Store(data_dir).load("maya")
    found = summarize(child.runs[0], child, calendar_for(child), date(2026, 11, 30))
    view = next(v for v in found.items if v.item.plan)  # a service, checked weekly
    i18n.set_language("es")
    assert "Se repite: semanal" in details(view).plain
    i18n.set_language("en")
    assert "Repeats weekly" in details(view).plain


def test_a_file_in_the_wrong_language_folder_is_said_in_spanish(tmp_path: Path) -> None:
    from iepcheck.checklists.loader import load_file
    from iepcheck.checklists.translated import misplaced

    path = tmp_path / "records-ask.toml"
    path.write_text(ORIGINAL, encoding="utf-8")
    i18n.set_language("es")
    problem = misplaced(load_file(path), "es")
    assert problem is not None
    assert problem.message == (
        "un archivo en la carpeta 'es' es una traducción: necesita lang = \"es\" y "
        "translation_of_version (vea docs/checklist-format.md)"
    )
    assert str(problem).startswith(f"{path}:1:1: error: un archivo en la carpeta 'es'")
