"""The words in Spanish: the language chosen, the catalog complete and compiled, argparse's own
words translated, the pseudo-locale."""

from __future__ import annotations

import gettext
import os
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from iepcheck import i18n

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "src/iepcheck/locale/es/LC_MESSAGES/iepcheck.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "NP_": ((1, "c"), 2),
}


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, None),
        ({"LANG": "es_US.UTF-8"}, "es"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, None),
        ({"LANGUAGE": "fr:es_MX", "LANG": "en_US.UTF-8"}, "es"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "es_US.UTF-8"}, "en"),
        ({"LC_MESSAGES": "es_PR.UTF-8", "LANG": "en_US.UTF-8"}, "es"),
        ({"LC_ALL": "", "LANG": "es"}, "es"),
    ],
)
def test_the_locale_is_read_as_gettext_reads_it(environ, expected):
    assert i18n.from_environment(environ) == expected


def test_the_option_wins_over_the_profile_which_wins_over_the_locale():
    spanish_locale = {"LANG": "es_US.UTF-8"}
    assert i18n.choose("en", "es", spanish_locale) == "en"
    assert i18n.choose(None, "en", spanish_locale) == "en"
    assert i18n.choose(None, None, spanish_locale) == "es"
    assert i18n.choose(None, None, {}) == "en"


def test_the_profile_language_is_read_leniently(tmp_path):
    assert i18n.profile_language(tmp_path) is None
    (tmp_path / "profile.toml").write_text('language = "es"\n')
    assert i18n.profile_language(tmp_path) == "es"
    (tmp_path / "profile.toml").write_text('language = "klingon"\n')
    assert i18n.profile_language(tmp_path) is None
    (tmp_path / "profile.toml").write_text("language = [\n")
    assert i18n.profile_language(tmp_path) is None


def _catalog():
    with PO.open("rb") as file:
        return read_po(file)


def test_every_marked_string_is_translated_in_spanish():
    catalog = _catalog()
    missing = []
    for _file, _line, message, _comments, context in extract_from_dir(
        ROOT / "src/iepcheck", keywords=KEYWORDS, comment_tags=()
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(msgid, context=context)
        if (
            entry is None
            or not entry.string
            or entry.fuzzy
            or (isinstance(entry.string, tuple) and not all(entry.string))
        ):
            missing.append(msgid)
    assert not missing, f"{len(missing)} strings not translated (run .ci/catalog): {missing[:10]}"


def test_the_compiled_catalog_is_the_po_file_as_it_is_now():
    catalog = _catalog()
    with MO.open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if message.context:
            got, want = compiled.pgettext(message.context, message.id), message.string
        elif message.pluralizable:
            got = tuple(compiled.ngettext(*message.id, n) for n in (1, 2))
            want = tuple(message.string[:2])
        else:
            got, want = compiled.gettext(message.id), message.string
        assert got == want, f"{PO.name} is newer than {MO.name}: run .ci/catalog ({message.id!r})"


def test_translations_keep_every_placeholder():
    import re

    holes = re.compile(r"\{[^{}]*\}|%\([^)]*\)[a-z]|%[a-z]")
    for message in _catalog():
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            assert sorted(holes.findall(text)) == sorted(holes.findall(ids[-1])), message.id


def test_spanish_dates_come_from_cldr(spanish):
    from datetime import date

    assert i18n.day_text(date(2026, 12, 3)) == "jue 3 dic 2026"
    assert i18n.long_day_text(date(2026, 12, 3)) == "3 de diciembre de 2026"


def test_english_dates_are_as_before():
    from datetime import date

    assert i18n.day_text(date(2026, 12, 3)) == "Thu 3 Dec 2026"
    assert i18n.long_day_text(date(2026, 12, 3)) == "December 3, 2026"


def test_the_pseudo_locale_lengthens_and_keeps_placeholders():
    text = i18n.pseudo("Tick {item} by %(day)s [b]")
    assert text.startswith("⟦") and text.endswith("⟧")
    assert "{item}" in text and "%(day)s" in text and "[b]" in text
    assert len(text) >= len("Tick {item} by %(day)s [b]") * 1.2


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in i18n.ENV_KEYS}
    return subprocess.run(
        [sys.executable, "-m", "iepcheck", *args],
        capture_output=True,
        text=True,
        env={**base, **env},
        timeout=60,
    )


def test_help_and_argparse_errors_follow_the_locale_and_the_option(tmp_path):
    data = str(tmp_path / "data")
    spanish = _run("--help", IEPCHECK_DATA_DIR=data, LANG="es_US.UTF-8")
    assert spanish.stdout.startswith("uso: iepcheck")
    assert "opciones" in spanish.stdout
    english = _run("--lang", "en", "--help", IEPCHECK_DATA_DIR=data, LANG="es_US.UTF-8")
    assert english.stdout.startswith("usage: iepcheck")
    wrong = _run("--lang", "es", "stat", IEPCHECK_DATA_DIR=data)
    assert "opción no válida: 'stat'" in wrong.stderr
    assert wrong.returncode == 2


def test_the_profile_language_is_used_when_no_option_says_otherwise(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "profile.toml").write_text('language = "es"\n')
    assert _run("--help", IEPCHECK_DATA_DIR=str(data), LANG="en_US.UTF-8").stdout.startswith("uso:")
    assert _run("--lang", "en", "--help", IEPCHECK_DATA_DIR=str(data)).stdout.startswith("usage:")
