"""Reports in Spanish: status, --brief, the agenda, export (text, Markdown, HTML) and the
timeline of a small record, and the pseudo-locale finding any English that bypasses the catalog.

The record is made in English through the CLI; each report is then printed with ``--lang es``
(or in the pseudo-locale ``qps``, which the CLI does not offer: ``i18n.choose`` is pointed at
it). JSON stays English whatever the language.
"""

from __future__ import annotations

import html
import json
import re
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from iepcheck import clock, i18n
from iepcheck.__main__ import main

from ..helpers import write_checklist

TODAY = "2026-12-01"  # a Tuesday; the PPT is on Thursday 3 December
NOW = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)

PREP = """format = 1
id = "es-prep"
version = 1
title = "Getting ready"
kind = "meeting"

[[sections]]
title = "Before"

[[sections.items]]
id = "early"
text = "Ask for the records"
due = "10 days before"

[[sections.items]]
id = "soon"
text = "Write the concerns letter"
due = "1 day before"

[[sections.items]]
id = "there"
text = "Bring the notes"
due = "at the meeting"

[[sections.items]]
id = "whenever"
text = "Read the guide"

[[sections.items]]
id = "bus"
text = "Ask about the bus"
"""

# Every text of the record that is the family's data, not iepcheck's words.
DATA = [
    "Ana Diaz",
    "ana-diaz",
    "Annual review",
    "Asked for the records",
    "Ms. Lee",
    "Getting ready",
    "Before",
    "es-prep",
    "Walks to school",
    "It came on Tuesday",
]


@pytest.fixture
def lists(tmp_path: Path) -> Path:
    folder = tmp_path / "lists"
    write_checklist(folder, "es-prep.toml", PREP)
    return folder


@pytest.fixture(autouse=True)
def english_after(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Ticks and runs keep the real instant: it is the afternoon of TODAY here.
    monkeypatch.setattr(clock, "_utc_now", lambda: NOW)
    yield
    i18n.set_language("en")


def cli(capsys: pytest.CaptureFixture[str], lists: Path, *argv: str) -> str:
    code = main([*argv, "--checklists", str(lists), "--today", TODAY])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.fixture
def record(capsys: pytest.CaptureFixture[str], lists: Path) -> str:
    """Ana's record: a PPT on Thursday with its checklist (one item overdue, one ticked, one
    not applicable), a follow-up past its date, the PPT's notice come late, an IEP's dates."""
    cli(capsys, lists, "child", "add", "Ana Diaz")
    meeting = cli(
        capsys, lists, "meeting", "add", "ana-diaz", "2026-12-03", "--time", "10:00",
        "--title", "Annual review", "--checklist", "es-prep",
    ).split()[-1]  # fmt: skip
    cli(
        capsys, lists, "log", "add", "ana-diaz", "Asked for the records", "--with", "Ms. Lee",
        "--on", "2026-11-20", "--follow-up", "2026-11-27",
    )  # fmt: skip
    cli(capsys, lists, "tick", "ana-diaz", "es-prep/whenever", "--on", "2026-11-30")
    cli(capsys, lists, "tick", "ana-diaz", "es-prep/bus", "--skip", "Walks to school")
    cli(
        capsys, lists, "doc", "add", "ana-diaz", "notice", "--received", "2026-12-01",
        "--meeting", meeting, "--note", "It came on Tuesday",
    )  # fmt: skip
    cli(
        capsys, lists, "plan", "set", "ana-diaz", "--kind", "iep",
        "--annual-review-by", "2026-12-20", "--reevaluation-by", "2027-06-01",
    )  # fmt: skip
    return meeting


def spanish(capsys: pytest.CaptureFixture[str], lists: Path, *argv: str) -> str:
    return cli(capsys, lists, "--lang", "es", *argv)


# -- Spanish --------------------------------------------------------------------------------------


def test_status_in_spanish(capsys: pytest.CaptureFixture[str], lists: Path, record: str) -> None:
    out = spanish(capsys, lists, "status")
    assert out.startswith("Hoy es mar 1 dic 2026.\n")
    assert "Ana Diaz (IEP)" in out
    assert (
        f"  Annual review (PPT) jue 3 dic 2026 10:00, en 2 días (unos 2 días escolares)  "
        f"[id {record}]\n"
    ) in out
    assert "    1 de 4 hechos, omitidos: 1\n" in out
    assert re.search(r"    VENCIDO +~?lun 23 nov +Ask for the records  \[es-prep/early\]", out)
    assert re.search(r"    por vencer +~?mié 2 dic +Write the concerns letter", out)
    assert "  Esperando respuesta\n" in out
    assert re.search(r"VENCIDO +vie 27 nov +Asked for the records \(Ms\. Lee\)", out)
    assert (
        "    aviso de la reunión del PPT, llegó el mar 1 dic: con 3 días escolares de retraso "
        "(5 días escolares antes del PPT); fecha límite: mié 25 nov 2026 — RCSA 10-76d-12: "
        "aviso de las reuniones del PPT\n"
    ) in out
    for english in ("Today is", "done", "OVERDUE", "Waiting", "school day", "received"):
        assert english not in out


def test_brief_in_spanish(capsys: pytest.CaptureFixture[str], lists: Path, record: str) -> None:
    out = spanish(capsys, lists, "status", "--brief")
    assert out == (
        "Ana Diaz: PPT en unos 2 días escolares, 2 pasos vencidos, 2 vencen esta semana\n"
    )


def test_agenda_in_spanish(capsys: pytest.CaptureFixture[str], lists: Path, record: str) -> None:
    out = spanish(capsys, lists, "agenda", "--days", "30")
    assert out.startswith("Hoy es mar 1 dic 2026. Se muestran 30 días hacia adelante.\n")
    assert "\nVencido\n" in out
    assert "Ana Diaz: seguimiento: Asked for the records (Ms. Lee)  [log " in out
    assert "\nmié 2 dic 2026 · mañana\n" in out
    assert "\njue 3 dic 2026\n" in out
    assert "Ana Diaz: PPT a las 10:00: Annual review (1 paso en la reunión)" in out
    assert "\ndom 20 dic 2026\n  Ana Diaz: revisión anual vence: hay reunión fijada  [plan]" in out
    # The agenda's JSON keeps its English words.
    doc = json.loads(spanish(capsys, lists, "agenda", "--days", "30", "--json"))
    texts = [e["text"] for d in doc["days"] for e in d["entries"]]
    assert "annual review due: a meeting is set" in texts


def test_status_json_stays_english(
    capsys: pytest.CaptureFixture[str], lists: Path, record: str
) -> None:
    doc = json.loads(spanish(capsys, lists, "status", "--json"))
    verdict = doc["children"][0]["documents"][0]["verdicts"][0]
    assert verdict["rule"] == "5 school days before the PPT"
    assert verdict["source"]["title"] == "RCSA 10-76d-12: notice of PPT meetings"


def test_the_printed_status_is_kept_per_language(
    capsys: pytest.CaptureFixture[str], lists: Path, record: str
) -> None:
    english = cli(capsys, lists, "status")
    assert english.startswith("Today is Tue 1 Dec 2026.")
    assert spanish(capsys, lists, "status").startswith("Hoy es")
    assert cli(capsys, lists, "--lang", "en", "status") == english


def test_export_in_spanish(capsys: pytest.CaptureFixture[str], lists: Path, record: str) -> None:
    text = spanish(capsys, lists, "export", "ana-diaz", "--format", "txt")
    assert text.startswith("Ana Diaz: expediente de educación especial\n")
    assert "Período: vie 20 nov 2026 a jue 3 dic 2026" in text
    assert (
        "Impreso el mar 1 dic 2026 por iepcheck. Orientación práctica, no asesoría legal." in text
    )
    assert "El IEP vigente" in text
    assert "Revisión anual a más tardar el dom 20 dic 2026, en 19 días" in text
    assert "jue 3 dic 2026 10:00: Annual review (PPT)" in text
    assert "[ ] Ask for the records (VENCIDO, vence el lun 23 nov 2026)" in text
    assert "[x] Read the guide (hecho el lun 30 nov 2026)" in text
    assert "[-] Ask about the bus (no corresponde, mar 1 dic 2026: Walks to school)" in text
    assert "Registro de comunicaciones" in text
    assert "con Ms. Lee: Asked for the records. Dar seguimiento antes del vie 27 nov 2026" in text
    assert "Documentos recibidos" in text
    assert "  mar 1 dic 2026: aviso de la reunión del PPT\n" in text
    assert "    Nota: It came on Tuesday\n" in text
    markdown = spanish(capsys, lists, "export", "ana-diaz", "--format", "md")
    assert markdown.startswith("# Ana Diaz: expediente de educación especial\n")
    assert "## Registro de comunicaciones" in markdown
    page = spanish(capsys, lists, "export", "ana-diaz", "--format", "html")
    assert '<html lang="es">' in page
    assert "<h2>Registro de comunicaciones</h2>" in page
    assert '<th scope="col" class="date">Fecha</th>' in page
    assert "<dt>Período</dt>" in page
    assert "☑ hecho" in page and "☐ pendiente" in page  # the key, in words
    # The printed margin: "Página N de M", its accent escaped for CSS.
    assert '@bottom-right{content:"P\\e1 gina " counter(page) " de " counter(pages)' in page
    assert "Page " not in page


def test_timeline_in_spanish(capsys: pytest.CaptureFixture[str], lists: Path, record: str) -> None:
    text = spanish(capsys, lists, "timeline", "ana-diaz", "--format", "txt")
    assert text.startswith("Ana Diaz: cronología\n")
    assert "Impreso el mar 1 dic 2026 por iepcheck. 5 entradas." in text
    assert "Por fecha" in text
    assert (
        "vie 20 nov 2026 · Registro · Contacto con Ms. Lee: Asked for the records. "
        "Dar seguimiento antes del vie 27 nov 2026."
    ) in text
    assert "lun 30 nov 2026 · Hecho · Hecho: Read the guide" in text
    assert "jue 3 dic 2026 · Reunión · Annual review (PPT)" in text
    assert (
        "mar 1 dic 2026 · Documento · Se recibió: aviso de la reunión del PPT. Con 3 días "
        "escolares de retraso (5 días escolares antes del PPT)"
    ) in text
    assert "mar 1 dic 2026 · Omitido · No corresponde: Ask about the bus (Walks to school)" in text
    page = spanish(capsys, lists, "timeline", "ana-diaz", "--format", "html")
    assert '<th scope="col" class="state">Qué</th>' in page
    assert "✗ con retraso" in page


# -- the pseudo-locale: nothing English outside ⟦ ⟧ but the record's data -------------------------

_DAY = (
    r"\b(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) )?\d{1,2} "
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?: \d{4})?\b"
)
# What may stay English outside the catalog: acronyms a school uses in English, our name.
_KEPT = {"IEP", "PPT", "iepcheck"}


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def english_left(text: str, data: list[str]) -> list[str]:
    """The lines of ``text`` that still hold English words once what the catalog said (in
    ⟦ ⟧), the record's data, dates, times, numbers and [references] are taken out."""
    left = []
    for line in text.splitlines():
        rest = line.replace("\\", "")  # Markdown's escapes
        while (inner := re.sub(r"⟦[^⟦⟧]*⟧", " ", rest)) != rest:
            rest = inner
        for item in sorted(data, key=len, reverse=True):
            rest = rest.replace(item, " ")
        rest = re.sub(_DAY, " ", rest)
        rest = re.sub(r"\[[^\]]*\]", " ", rest)
        words = [w for w in re.findall(r"[A-Za-z]{2,}", rest) if w not in _KEPT]
        if words:
            left.append(f"{line!r}: {words}")
    return left


def visible(page: str) -> str:
    """A page's words as a reader sees them, a line per block (tags out, entities read)."""
    body = page.split("<body>", 1)[1]
    body = re.sub(r"<svg.*?</svg>", "\n", body, flags=re.S)
    body = re.sub(r"</(?:p|div|h\d|tr|li|dt|dd|th|td|caption|span)>", "\n", body)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


@pytest.fixture
def pseudo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "choose", lambda *_args: i18n.PSEUDO)


def test_the_pseudo_locale_finds_no_english_outside_the_catalog(
    capsys: pytest.CaptureFixture[str], lists: Path, record: str, data_dir: Path, pseudo: None
) -> None:
    data = DATA + [s for s in _strings(tomllib.loads(PREP)) if len(s) > 2]
    shown = {
        "status": cli(capsys, lists, "status"),
        "brief": cli(capsys, lists, "status", "--brief"),
        "agenda": cli(capsys, lists, "agenda", "--days", "30"),
    }
    for fmt in ("txt", "md", "html"):
        for command in ("export", "timeline"):
            out = cli(capsys, lists, command, "ana-diaz", "--format", fmt)
            shown[f"{command} {fmt}"] = visible(out) if fmt == "html" else out
            if fmt == "html":
                assert '@bottom-right{content:"\\27e6 P' in out  # ⟦Page…⟧ in the margin
    shown["missed"] = cli(capsys, lists, "timeline", "ana-diaz", "--only", "missed")
    assert i18n.language() == i18n.PSEUDO
    for name, text in shown.items():
        assert "⟦" in text, name
        assert not english_left(text, data), (name, english_left(text, data))


def test_the_checker_finds_english(capsys: pytest.CaptureFixture[str]) -> None:
    """The check above can fail: a line of English prose is found, data and ⟦…⟧ are not."""
    said = "⟦Tódáy ís {day}~~⟧ Tue 1 Dec 2026 · Ana Diaz  [es-prep/early]\nNothing due here."
    assert english_left(said, ["Ana Diaz"]) == ["'Nothing due here.': ['Nothing', 'due', 'here']"]


# -- letters: the parent's marks in the user's language, the school's words in the letter's -------


def test_a_letter_marks_what_is_missing_in_spanish_and_keeps_its_own_language() -> None:
    from iepcheck.checklists.model import Letter
    from iepcheck.records.letters import ParentDetails
    from iepcheck.records.model import Child
    from iepcheck.reports.letters import LetterContext, fill

    from ..helpers import meet

    child = Child("sam", "Sam Rivera", "504", "Elm Street Elementary")
    meeting = meet(child, datetime(2026, 12, 3).date(), "Annual review")
    letter = Letter("x", "X", "", "{district}, {today}: the PPT on {meeting_date}. {parent_name}")
    parent = ParentDetails("", "", "", "")
    i18n.set_language("es")
    filled = fill(letter, LetterContext(child, parent, datetime(2026, 12, 1).date(), meeting))
    # The letter is English (the bundled letters are, until they are translated): its dates
    # stay English; what the parent must still fill in is said in Spanish.
    assert filled.body == (
        "[distrito — complete], December 1, 2026: the PPT on December 3, 2026. "
        "[su nombre — complete]"
    )
    assert filled.missing == ("distrito", "su nombre")
    spanish_letter = LetterContext(
        child, parent, datetime(2026, 12, 1).date(), meeting, language="es"
    )
    assert fill(letter, spanish_letter).body.startswith(
        "[distrito — complete], 1 de diciembre de 2026: the PPT on 3 de diciembre de 2026."
    )


def test_a_guide_concludes_in_spanish_and_the_status_document_keeps_english() -> None:
    from iepcheck.reports.guide import conclude_signs, english_headline

    english = conclude_signs(["Reads slowly", "Needs help"], ["Anxious"], "504")
    assert english.headline == english_headline("IEP", 2, 1) == "Leans IEP: 2 IEP signs, 1 504 sign"
    i18n.set_language("es")
    found = conclude_signs(["Reads slowly", "Needs help"], ["Anxious"], "504")
    assert found.headline == "Se inclina al IEP: 2 señales de IEP, 1 señal de 504"
    assert found.reason == 'Las señales de IEP que marcó: "Reads slowly"; "Needs help".'
    assert found.steps[0].text.startswith('Empezar "Moving from a 504 to an IEP"')
    assert english_headline("mixed", 1, 1) == "Mixed: 1 sign each way"


def test_a_goal_chart_and_a_plan_change_in_spanish() -> None:
    from datetime import date

    from iepcheck.reports.charts import goal_svg
    from iepcheck.reports.plan import Difference

    i18n.set_language("es")
    svg = goal_svg(62, 90, "wcpm", [(date(2026, 2, 13), "satisfactory", 66)])
    title = "<title>Progreso en esta meta (nivel inicial 62 wcpm, nivel a alcanzar 90 wcpm): "
    assert title + "13 feb 2026:" in svg
    assert ">Satisfactorio</text>" in svg and ">Inicial 62 wcpm</text>" in svg
    assert "Progress on" not in svg and "Baseline" not in svg
    empty = goal_svg(None, None, "", [])
    assert ">Todavía no hay informes de progreso.</text>" in empty
    cut = Difference("service", "cut", "Speech", minutes_before=90, minutes_after=60)
    assert cut.line() == "Speech: reducido de 90 a 60 min a la semana"
    assert Difference("accommodation", "removed", "Notes").line() == "adaptación eliminada: Notes"


def test_agenda_entries_as_home_keeps_them_in_spanish() -> None:
    """Home keeps an agenda entry trimmed to a few keys: its words come from its English text."""
    from iepcheck.reports.words import entry_words

    i18n.set_language("es")
    plan = {"kind": "plan", "text": "annual review due: no meeting set"}
    assert entry_words(plan) == "revisión anual vence: sin reunión fijada"
    report = {"kind": "plan", "text": "progress report not recorded"}
    assert entry_words(report) == "informe de progreso sin anotar"
    untitled = {"kind": "meeting", "text": "504 meeting", "meeting_kind": "504", "time": "9:00"}
    assert entry_words(untitled) == "reunión 504 a las 9:00"
    follow = {"kind": "follow-up", "text": "Asked about the bus", "with": "Ms. Lee"}
    assert entry_words(follow) == "seguimiento: Asked about the bus (Ms. Lee)"


def test_an_answered_contact_keeps_what_was_said_in_the_export(
    capsys: pytest.CaptureFixture[str], lists: Path, record: str
) -> None:
    """Found while translating: an answered entry printed ': . Answered …' (its words were
    overwritten by the answer's) and an empty "What was said" cell."""
    listed = json.loads(cli(capsys, lists, "log", "list", "ana-diaz", "--json"))
    cli(capsys, lists, "log", "answered", "ana-diaz", listed["log"][0]["id"])
    text = cli(capsys, lists, "export", "ana-diaz", "--format", "txt")
    assert "with Ms. Lee: Asked for the records. Answered Tue 1 Dec 2026.\n" in text
    page = cli(capsys, lists, "export", "ana-diaz", "--format", "html")
    assert 'data-label="What was said">Asked for the records</td>' in page
    spanish_text = spanish(capsys, lists, "export", "ana-diaz", "--format", "txt")
    assert "con Ms. Lee: Asked for the records. Respondieron el mar 1 dic 2026.\n" in spanish_text
