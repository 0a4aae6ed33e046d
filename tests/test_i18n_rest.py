"""Issue 28, round 2: what was still English outside the screens. The checklists' words in the
timeline, the agenda and the .ics; a letter's "Asunto:"; the calendar reader's notes; merge
notes; the clock's and the paths' sentences; a checklist's `due` in words. And the commands
that print them, under the pseudo-locale, with no English prose outside ⟦ ⟧."""

from __future__ import annotations

import os
import re
import shutil
import tomllib
from datetime import date
from pathlib import Path

import pytest

from iepcheck import i18n, locations
from iepcheck.__main__ import main
from iepcheck.calendar.ics.model import TOO_LONG, why_text
from iepcheck.calendar.ics.read import read_ics
from iepcheck.clock import out_of_range
from iepcheck.records import operations as ops
from iepcheck.records.merge import merge
from iepcheck.records.texts import TextStore
from iepcheck.reports.letters import letter_file, split_subject
from iepcheck.reports.words import due_words
from iepcheck.service.calendar_import import ignored_line

from .conftest import REPO, TODAY
from .helpers import at, demo_copy
from .i18n_check import english_lines
from .records.test_merge import Copy, base

DAY = TODAY.isoformat()


pytestmark = pytest.mark.usefixtures("no_locale")


@pytest.fixture
def demo(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo's data as the user's, the bundled checklists (and their Spanish) beside it."""
    bundled = Path(os.environ["HOME"]) / "bundled"
    shutil.copytree(REPO / "checklists", bundled)
    monkeypatch.setattr(locations, "bundled_checklists_dir", lambda: bundled)
    return demo_copy(data_dir, TODAY)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--today", DAY, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def es(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    return run(capsys, "--lang", "es", *argv)


# -- the checklists' words where the CLI prints them -------------------------------------------


def test_the_timeline_in_spanish(capsys, demo: Path) -> None:
    code, out, _err = es(capsys, "timeline", "sam-rivera")
    assert code == 0
    assert "Hecho: Consiga una copia del plan 504 firmado y guárdela en su carpeta" in out, out
    assert "Carta · Carta enviada: Ask to see your child's records before the PPT." in out, out
    assert "traducción sin revisar" in out  # said once, as status and export say it
    assert "Get a copy of the signed 504 plan" not in out
    code, out, _err = run(capsys, "timeline", "sam-rivera")  # English as it was
    assert "Done: Get a copy of the signed 504 plan and keep it in your binder" in out
    assert "Letter · Letter sent: Ask to see your child's records before the PPT." in out


def test_the_agenda_in_spanish_and_its_json_in_english(capsys, demo: Path) -> None:
    code, out, _err = es(capsys, "agenda")
    assert code == 0
    assert "Sam Rivera: Pida por escrito cada informe de evaluación que el equipo vaya a" in out
    code, out, _err = es(capsys, "agenda", "--json")
    assert "Ask in writing for every evaluation report the team will discuss" in out
    assert "Pida por escrito" not in out


def test_the_log_says_a_letter_sent_and_how_in_spanish(capsys, demo: Path) -> None:
    _code, out, _err = es(capsys, "log", "list", "sam-rivera")
    assert "(carta): Carta enviada: Ask to see your child's records before the PPT" in out, out
    _code, out, _err = es(capsys, "log", "list", "maya-chen")
    assert "con Priya Shah (correo electrónico):" in out, out
    _code, out, _err = es(capsys, "log", "list", "sam-rivera", "--json")
    assert '"text": "Letter sent: Ask to see your child' in out  # JSON stays English


def test_a_spanish_letter_begins_with_asunto(capsys, demo: Path) -> None:
    argv = ("letter", "sam-rivera", "ct-ppt-prep/evaluation-reports-request", "--letter-lang")
    code, out, _err = es(capsys, *argv, "es")
    assert code == 0
    assert out.startswith("Asunto: "), out
    code, out, _err = es(capsys, *argv, "en")  # the letter's language, not the app's
    assert out.startswith("Subject: "), out


def test_a_letter_file_in_its_language_and_read_back() -> None:
    text = letter_file("Solicitud de informes", "Estimada Sra. Park:\n\nGracias.", "txt", "es")
    assert text.startswith("Asunto: Solicitud de informes\n\n")
    assert split_subject(text) == ("Solicitud de informes", "Estimada Sra. Park:\n\nGracias.\n")
    html = letter_file("Solicitud", "Estimada Sra. Park:", "html", "es")
    assert '<html lang="es">' in html and "<strong>Asunto: Solicitud</strong>" in html
    assert letter_file("Solicitud", "Hola", "md", "es").startswith("**Asunto:** Solicitud")
    assert split_subject("Subject: Request\n\nDear Ms. Park,") == ("Request", "Dear Ms. Park,")


def test_the_calendar_export_says_its_words_in_spanish(capsys, demo: Path) -> None:
    code, out, _err = es(capsys, "calendar", "export", "sam-rivera", "-o", "-")
    assert code == 0
    flat = out.replace("\r\n ", "").replace("\r\n", "\n")
    assert "DESCRIPTION:PPT de Sam Rivera. Listas de verificación: Prepararse para una" in flat
    assert "Cuándo: 2 semanas antes." in flat, flat
    assert "De la lista de verificación: Prepararse para una reunión del PPT." in flat
    assert "SUMMARY:Sam Rivera: Pida por escrito cada informe de evaluación" in flat
    for english in ("When:", "From the checklist", " for Sam Rivera", "Checklists:"):
        assert english not in flat, english


# -- the rare sentences ------------------------------------------------------------------------

ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:long@test
DTSTART;VALUE=DATE:20260901
DTEND;VALUE=DATE:20270301
SUMMARY:No School (whole year?)
END:VEVENT
BEGIN:VEVENT
UID:break@test
DTSTART;VALUE=DATE:20261224
DTEND;VALUE=DATE:20270102
SUMMARY:Winter Break
END:VEVENT
END:VCALENDAR
"""


def test_the_calendar_reader_in_spanish(spanish) -> None:
    reading = read_ics(ICS.encode())
    long = next(i for i in reading.ignored if i.why == TOO_LONG)  # the reason, as a key
    assert why_text(long.why) == "dura más de 120 días"
    assert ignored_line(long).endswith("No School (whole year?)  (dura más de 120 días)")
    empty = read_ics(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
    assert empty.warnings == ("El calendario no tiene eventos.",)


def test_the_calendar_reader_in_english_is_as_it_was() -> None:
    reading = read_ics(ICS.encode())
    long = next(i for i in reading.ignored if i.why == TOO_LONG)
    assert why_text(long.why) == "lasts more than 120 days"
    empty = read_ics(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
    assert empty.warnings == ("The calendar has no events.",)


def test_a_merge_note_says_the_states_in_spanish(spanish, tmp_path: Path) -> None:
    texts = TextStore(tmp_path)
    start = base(texts)
    a, b = Copy(dict(start), texts, "dev"), Copy(dict(start), texts, "dev")
    when = at("2026-11-05")
    a.change(ops.Tick("r1", "a", when), 1)
    b.change(ops.Skip("r1", "a", when, "no"), 1)  # the same stamp: a conflict
    merged, notes = merge(a.doc, b.doc)
    assert notes == [
        "cambió en las dos copias: runs r1 items a state: se conservó “omitido”, la otra "
        "decía “hecho”"
    ]
    # The file keeps the conflict as it was found, in no language.
    assert merged["conflicts"] == [
        {"path": "runs/r1/items/a/state", "kept": "“skipped”", "other": "“done”"}
    ]


def test_the_clock_and_the_paths_say_their_sentences_in_spanish(spanish, tmp_path: Path) -> None:
    assert out_of_range(date(1800, 1, 2)) == "1800-01-02 está fuera de los años 1900-2200"
    folder = tmp_path / "open"
    folder.mkdir()
    folder.chmod(0o777)
    assert locations.not_private(folder) == (
        f"otros usuarios pueden cambiar {folder}; hágala privada con: chmod 700 {folder}"
    )


def test_a_due_rule_in_words(spanish) -> None:
    assert due_words("2 weeks before") == "2 semanas antes"
    assert due_words("1 school day after") == "1 día escolar después"
    assert due_words("45 school days after ask-for-evaluation") == (
        "45 días escolares después de ask-for-evaluation"
    )
    assert due_words("at the meeting") == "en la reunión"
    assert due_words("at age 14") == "a los 14 años"
    assert due_words("90 days before age 3") == "90 días antes de cumplir 3 años"
    assert due_words("someday") == "someday"  # not the grammar: as written
    i18n.set_language("en")
    assert due_words("2 weeks before") == "2 weeks before"


def test_import_errors_in_spanish(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('format = 1\nid = "x"\n')
    code, _out, err = es(capsys, "import", str(bad))
    assert code == 1
    assert "no se importó: tiene errores" in err, err


# -- the pseudo-locale over what these commands print -------------------------------------------


def _data_texts(demo: Path) -> list[str]:
    """Every text the demo's record and the bundled checklists hold (data, not prose)."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.extend([value, *value.splitlines()])
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for path in [*demo.rglob("*.toml"), *(REPO / "checklists").rglob("*.toml")]:
        walk(tomllib.loads(path.read_text(encoding="utf-8")))
    return [t.strip() for t in found if len(t.strip()) > 3]


def test_these_commands_print_no_english_outside_the_catalog(
    capsys, demo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(i18n, "choose", lambda *_args: i18n.PSEUDO)
    bad = tmp_path / "bad.toml"
    bad.write_text('format = 1\nid = "x"\n')
    printed = []
    for argv in [
        ("timeline", "sam-rivera"),
        ("timeline", "maya-chen"),
        ("agenda",),
        ("log", "list", "sam-rivera"),
        ("log", "list", "maya-chen"),
        ("import", str(bad)),
        ("list",),
    ]:
        _code, out, err = run(capsys, *argv)
        printed.append(out + err)
    text = "".join(printed)
    assert "⟦" in text
    # Dates are English in the pseudo-locale (day_text); the letter's own words are the
    # checklist's (data); a checklist file's problem keeps its place and token in English.
    text = re.sub(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|"
                  r"Nov|Dec)\b", " ", text)  # fmt: skip
    text = re.sub(r"^\S+:\d+:\d+: (?:error|warning): ", "", text, flags=re.M)
    data = [*_data_texts(demo), "Sam Rivera", "Maya Chen", "es:"]
    found = english_lines(text, data)
    assert not found, found


def test_the_own_items_section_is_named_in_spanish(spanish) -> None:
    from iepcheck.records.model import OWN_SECTION
    from iepcheck.reports.content import section_title

    # The run keeps the English name (a file's words); the screen says it in the language.
    assert OWN_SECTION == "Your own items"
    assert section_title(None, OWN_SECTION, None) == "Sus propios pasos"  # type: ignore[arg-type]


def test_a_way_of_contact_typed_in_spanish(spanish) -> None:
    from iepcheck.service.errors import InputError
    from iepcheck.service.record import via_of

    assert via_of("Correo electrónico") == "email"  # kept as the file says it
    assert via_of("email") == "email"  # and the file's word still works
    assert via_of("en persona") == "in person"
    with pytest.raises(InputError, match="use una de correo electrónico, teléfono, reunión"):
        via_of("fax")
