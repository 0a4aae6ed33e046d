"""The command line in Spanish (issue 28): help, errors and the lines commands print go through
the catalog; under the pseudo-locale no English prose is left outside ⟦ ⟧."""

from __future__ import annotations

from pathlib import Path

import pytest

from iepcheck import i18n
from iepcheck.__main__ import main
from iepcheck.cli import build_parser
from tests.i18n_check import commands, english_lines

TODAY = "2026-11-28"


pytestmark = pytest.mark.usefixtures("no_locale")


@pytest.fixture
def pseudo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command runs in the pseudo-locale (--lang takes only real languages)."""
    monkeypatch.setattr(i18n, "choose", lambda *_args: i18n.PSEUDO)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv])
    out, err = capsys.readouterr()
    return code, out, err


def es(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    return run(capsys, "--lang", "es", "--today", TODAY, *argv)


def test_help_is_in_spanish(capsys):
    code, out, _err = run(capsys, "--lang", "es", "start", "--help")
    assert code == 0
    assert out.startswith("uso: iepcheck start")
    assert "iniciar una lista de verificación permanente para un niño" in out
    assert "opciones globales:" in out
    assert "archivar la que está en curso y empezar de nuevo" in out
    code, out, _err = run(capsys, "--lang", "es", "--help")
    assert "Listas de verificación para las reuniones" in out


def test_errors_are_in_spanish(capsys):
    code, _out, err = es(capsys, "tick", "nobody", "ct-ppt-prep/ask-for-records")
    assert code == 1
    assert err == "iepcheck: no hay ningún niño 'nobody'. Niños: ninguno todavía\n"
    assert es(capsys, "child", "add", "Sam")[0] == 0
    code, _out, err = es(capsys, "tick", "sammy", "ct-ppt-prep/ask-for-records")
    assert "no hay ningún niño 'sammy'. ¿Quiso decir sam? Niños: sam (Sam)" in err
    code, _out, err = es(capsys, "start", "sam", "no-such-list")
    assert code == 1
    assert "no hay ninguna lista de verificación 'no-such-list'." in err
    code, _out, err = es(capsys, "meeting", "add", "sam", "2026-13-01")
    assert code == 2
    assert "argumento DATE: '2026-13-01' no es una fecha como 2026-12-10" in err
    code, _out, err = es(capsys, "tick", "sam", "ask-for-records")
    assert code == 2
    assert "nombre el paso como CHECKLIST/ITEM" in err


def test_what_commands_print_is_in_spanish(capsys):
    assert es(capsys, "child", "add", "Sam")[1] == "sam\n"
    code, out, _err = es(capsys, "child", "closed", "sam", "2026-12-24..2026-12-25", "2026-12-31")
    assert out == "se agregaron 2 días de cierre para sam\n"
    code, out, _err = es(capsys, "child", "closed", "sam", "2027-01-04")
    assert out == "se agregó 1 día de cierre para sam\n"
    code, out, _err = es(capsys, "meeting", "add", "sam", "2026-12-10", "--kind", "ppt")
    assert code == 0
    code, out, _err = es(capsys, "tick", "sam", "ct-ppt-prep/ask-for-records")
    assert (code, out) == (0, "ct-ppt-prep/ask-for-records: hecho\n")
    code, out, _err = es(capsys, "tick", "sam", "ct-ppt-prep/ask-for-records", "--undo")
    assert out == "ct-ppt-prep/ask-for-records: pendiente\n"
    code, out, _err = es(capsys, "meeting", "list", "sam")
    assert "0/47 hechos" in out and "próxima" in out


def test_the_profile_keeps_the_language(capsys, data_dir: Path):
    code, out, _err = run(capsys, "profile", "set", "language=ES")
    assert (code, out) == (0, "saved language to your profile\n")
    assert 'language = "es"' in (data_dir / "profile.toml").read_text()
    code, out, _err = run(capsys, "profile", "show")  # no --lang: the profile's Spanish
    assert "language es\n" in out
    assert "(cartas, exportaciones)" in out
    code, out, _err = run(capsys, "--lang", "en", "profile", "show")
    assert "(letters, exports)" in out
    code, _out, err = run(capsys, "profile", "set", "language=fr")
    assert code == 2
    assert "language: 'fr' no es un idioma en que escriba iepcheck; use uno de en, es" in err
    assert 'language = "es"' in (data_dir / "profile.toml").read_text()
    assert run(capsys, "profile", "set", "language=")[0] == 0  # cleared: the locale again
    code, out, _err = run(capsys, "profile", "show")
    assert "language en (not set: from --lang or the locale)" in out


def test_every_help_is_through_the_catalog(capsys, pseudo):
    paths = commands(build_parser()._actions)
    assert ["child", "contact", "add"] in paths and ["tick"] in paths
    leaks = {}
    names = {word for path in paths for word in path}  # command names are not prose
    for path in [[], *paths]:
        code, out, _err = run(capsys, *path, "--help")
        assert code == 0, path
        assert "⟦" in out, path
        if found := english_lines(out, names):
            leaks[" ".join(path)] = found
    assert not leaks, leaks


def test_errors_and_lines_go_through_the_catalog(capsys, pseudo):
    printed = []
    for argv in [
        ("child", "add", "Sam"),
        ("tick", "nobody", "ct-ppt-prep/ask-for-records"),
        ("tick", "sammy", "ct-ppt-prep/ask-for-records"),
        ("start", "sam", "no-such-list"),
        ("meeting", "add", "sam", "2026-13-01"),
        ("child", "closed", "sam", "2026-12-24..2026-12-25", "--label", "winter break"),
        ("child", "open", "sam", "2027-02-12"),
        ("meeting", "add", "sam", "2026-12-10", "--kind", "ppt"),
        ("tick", "sam", "ct-ppt-prep/ask-for-records"),
        ("tick", "sam", "ct-ppt-prep/no-such-item"),
        ("meeting", "list", "sam"),
        ("child", "contact", "list", "sam"),
        ("log", "add", "sam", "Asked for the records", "--with", "Ms. Lee"),
        ("log", "list", "sam"),
        ("profile", "set", "timezone=Mars/Olympus"),
        ("profile", "show"),
        ("child", "remove", "sam"),
    ]:
        _code, out, err = run(capsys, "--today", TODAY, *argv)
        printed.append(out + err)
    text = "".join(printed)
    # User data, and the meeting's default title (kept in the record as it was written).
    data = ["Sam", "Asked for the records", "Ms. Lee", "winter break", "Mars/Olympus"]
    data += ["PPT meeting", "meeting add"]
    assert not english_lines(text, data), english_lines(text, data)


def test_the_checker_finds_english_and_lets_data_through():
    assert english_lines("⟦Çhíld~⟧ sam: nothing was written here") == [
        "⟦Çhíld~⟧ sam: nothing was written here"
    ]
    clean = "sam  2026-12-10 3:30pm  ⟦óñé ⟦ñéstéd~⟧ líñé\nwráppéd~⟧  --data-dir DIR  ct-ppt-prep/x"
    assert english_lines(clean) == []
    assert english_lines("⟦Héllo~⟧ Maria Lopez Garcia", ["Maria Lopez Garcia"]) == []
