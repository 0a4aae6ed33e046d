"""Translations of checklists (checklists/es/ID.toml): read, checked against their original at
line and column, never stale, never in precedence; shown in the app's language."""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path

import pytest

from iepcheck import i18n
from iepcheck.__main__ import main
from iepcheck.checklists.library import scan
from iepcheck.checklists.loader import load_file
from iepcheck.checklists.translated import check_against
from iepcheck.checklists.translations import entry_hash, item_hash, shown_words

from ..conftest import REPO

DOC = (REPO / "docs" / "checklist-format.md").read_text(encoding="utf-8")


def _block(heading: str) -> str:
    found = re.search(rf"### {re.escape(heading)}\n\n```toml\n(.*?)```", DOC, re.S)
    assert found is not None, heading
    return found.group(1)


ORIGINAL = _block("The original (records-ask.toml)")
SPANISH = _block("Its translation (es/records-ask.toml)")


@pytest.fixture(autouse=True)
def english_after() -> object:
    yield
    i18n.set_language("en")


def pair(folder: Path, spanish: str = SPANISH, original: str = ORIGINAL) -> Path:
    """The original and its translation in ``folder`` (es/ beside it); the translation's path."""
    (folder / "es").mkdir(parents=True, exist_ok=True)
    (folder / "records-ask.toml").write_text(original, encoding="utf-8")
    path = folder / "es" / "records-ask.toml"
    path.write_text(spanish, encoding="utf-8")
    return path


def validate(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["validate", *argv])
    return code, capsys.readouterr().out


def line_col(text: str, needle: str) -> tuple[int, int]:
    """Where ``needle``'s value starts in ``text``: its line and column, from 1."""
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


# -- the hash --------------------------------------------------------------------------------


def test_the_hash_is_the_translators_definition() -> None:
    words = (
        "text=Ask in writing for your child's records\n"
        "details=Ask at least 5 school days before the meeting."
    )
    assert (
        item_hash(
            "Ask in writing for your child's records",
            "Ask at least 5 school days before the meeting.",
        )
        == hashlib.sha256(words.encode()).hexdigest()[:16]
    )
    # A letter: its words as written, then its paragraphs' (the documented example's hashes
    # were made by the translators' tool).
    letter = tomllib.loads(ORIGINAL)["letters"][0]
    assert entry_hash(letter) == "fb1fef9f97c857b1"
    assert (
        item_hash(
            "Ask in writing for your child's records",
            "Ask at least 5 school days before the meeting.",
        )
        == "0d36cd89544e04e3"
    )
    # Sources and structure are not words: changing them changes no hash.
    assert entry_hash({**letter, "id": "x", "sources": []}) == entry_hash(letter)
    assert entry_hash({**letter, "body": letter["body"] + "."}) != entry_hash(letter)


# -- validate -----------------------------------------------------------------------------------


def test_the_documented_translation_validates_strictly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = pair(tmp_path)
    code, out = validate(capsys, "--strict", str(tmp_path / "records-ask.toml"), str(path))
    assert code == 0, out
    assert out == ""
    result = load_file(path)
    assert result.checklist is not None and result.lang == "es"
    assert result.checklist.translation_of == 3
    assert result.checklist.items()[0].translated_from == "0d36cd89544e04e3"


@pytest.mark.parametrize(
    ("before", "after", "needle", "message"),
    [
        (
            'due = "2 weeks before"',
            'due = "3 weeks before"',
            '"3 weeks',
            "'due' must be as in the original (2 weeks before)",
        ),
        (
            'letter = "records-request"\n',
            'letter = "records-request"\ndocument = "records"\n',
            '"records"\n',
            "'document' must be as in the original (none)",
        ),
        (
            'when = "meeting"',
            'when = "plan:iep"',
            '"plan:iep"',
            "'when' must be as in the original (meeting)",
        ),
        (
            "expediente de {child_name}",
            "expediente de {child_first_name}",
            '"Solicitud',
            "lacks {child_name} and has {child_first_name}",
        ),
        (
            'id = "ask-for-records"',
            'id = "ask-for-record"',
            '"ask-for-record"',
            "items must be the original's, in its order: ask-for-records",
        ),
        (
            'translated_from = "0d36cd89544e04e3"   # the hash of the English it was made from\n',
            "",
            'id = "ask-for-records"',
            "needs 'translated_from'",
        ),
    ],
)
def test_structure_must_equal_the_original_at_line_and_col(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    before: str,
    after: str,
    needle: str,
    message: str,
) -> None:
    assert before in SPANISH
    text = SPANISH.replace(before, after, 1)
    path = pair(tmp_path, text)
    code, out = validate(capsys, str(path))
    assert code == 1
    line, col = line_col(text, needle)
    if needle == 'id = "ask-for-records"':
        col += len("id = ")
    expected = f"{path}:{line}:{col}: error: "
    assert any(row.startswith(expected) and message in row for row in out.splitlines()), out


def test_an_after_that_begins_no_paragraph_of_the_translated_body(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Left in English, the anchor matches nothing in the Spanish body: its line and column.
    text = SPANISH.replace('after = "Me gustaría ver"', 'after = "I would like to see"')
    path = pair(tmp_path, text)
    code, out = validate(capsys, str(path))
    line, col = line_col(text, '"I would like to see"')
    assert code == 1
    assert f"{path}:{line}:{col}: error: no paragraph of the letter's body begins with" in out


def test_a_file_in_the_language_folder_must_say_it_is_a_translation(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = SPANISH.replace('lang = "es"', "").replace("translation_of_version = 3", "")
    text = re.sub(r'translated_from = "[0-9a-f]+".*\n', "", text)
    path = pair(tmp_path, text)
    code, out = validate(capsys, str(path))
    assert code == 1
    assert f"{path}:1:1: error: a file in the 'es' folder is a translation" in out
    # Nor does it take part in precedence, or stand in for the original.
    library = scan(tmp_path / "data", [tmp_path])
    entry = library.get("records-ask")
    assert entry is not None and entry.path == tmp_path / "records-ask.toml"
    assert [t.status for t in library.translations_of("records-ask")] == ["broken"]


def test_a_translation_needs_its_original(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "lonely.toml"
    path.write_text(SPANISH)
    code, out = validate(capsys, str(path))
    assert code == 1
    assert "no checklist 'records-ask' was found to check this translation against" in out


# -- stale -----------------------------------------------------------------------------------


def test_stale_by_version_warns_and_shows_english(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    newer = ORIGINAL.replace("version = 3", "version = 4")
    path = pair(tmp_path, SPANISH, newer)
    code, out = validate(capsys, str(path))
    line, col = line_col(SPANISH, "3      # the original's version")
    assert code == 0
    assert f"{path}:{line}:{col}: warning: the original is now version 4" in out
    code, out = validate(capsys, "--strict", str(path))
    assert code == 1 and f"{path}:{line}:{col}: error: the original is now version 4" in out

    translation = load_file(path).checklist
    shown = shown_words(
        "records-ask",
        4,
        "Ask for the records",
        ["Before the meeting"],
        [
            (
                "ask-for-records",
                "Ask in writing for your child's records",
                "Ask at least 5 school days before the meeting.",
            )
        ],
        "es",
        translation,
    )
    words = shown.items["ask-for-records"]
    assert words.stale and not words.translated
    assert words.text == "Ask in writing for your child's records"
    assert shown.title == "Ask for the records"  # the titles too: the version is newer


def test_stale_by_hash_shows_that_item_in_english_only(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    reworded = ORIGINAL.replace("at least 5 school days", "at least 10 school days")
    path = pair(tmp_path, SPANISH, reworded)
    code, out = validate(capsys, str(path))
    line, col = line_col(SPANISH, '"0d36cd89544e04e3"')
    assert code == 0
    assert (
        f"{path}:{line}:{col}: warning: the English of item 'ask-for-records' changed since "
        "it was translated"
    ) in out

    translation = load_file(path).checklist
    english = "Ask at least 10 school days before the meeting."
    items = [
        ("ask-for-records", "Ask in writing for your child's records", english),
        ("own-1", "My own item", ""),
    ]
    shown = shown_words(
        "records-ask", 3, "Ask for the records", ["Before the meeting"], items, "es", translation
    )
    assert shown.items["ask-for-records"].stale
    assert shown.items["ask-for-records"].details == english
    assert shown.items["own-1"].text == "My own item"  # the family's own: as they wrote it
    assert shown.title == "Pedir el expediente"  # same version: the titles are current
    i18n.set_language("es")
    assert shown.notes() == [
        "traducción sin revisar",
        "algunos pasos están en inglés: cambiaron desde la traducción",
    ]
    from iepcheck.checklists.translations import stale_mark

    assert stale_mark() == "texto en inglés: cambió desde la traducción"

    # The same English as translated: Spanish, and only "not reviewed" to say.
    current = [
        (
            "ask-for-records",
            "Ask in writing for your child's records",
            "Ask at least 5 school days before the meeting.",
        )
    ]
    shown = shown_words(
        "records-ask", 3, "Ask for the records", ["Before the meeting"], current, "es", translation
    )
    assert shown.items["ask-for-records"].translated
    assert (
        shown.items["ask-for-records"].text == "Pida por escrito el expediente escolar de su hijo/a"
    )
    assert shown.notes() == ["traducción sin revisar"]
    # Reviewed: nothing to say. In English: the run's own words.
    reviewed = load_file(
        pair(
            tmp_path, SPANISH.replace('kind = "meeting"', 'kind = "meeting"\nreviewed = 2026-12-01')
        )
    ).checklist
    assert shown_words("records-ask", 3, "t", ["s"], current, "es", reviewed).notes() == []
    assert (
        shown_words("records-ask", 3, "t", ["s"], current, "en", reviewed)
        .items["ask-for-records"]
        .text.startswith("Ask")
    )


# -- precedence ------------------------------------------------------------------------------


def test_translations_never_take_part_in_precedence(tmp_path: Path) -> None:
    bundled = tmp_path / "bundled"
    pair(bundled)
    library = scan(tmp_path / "data", bundled=bundled)
    entry = library.get("records-ask")
    assert entry is not None and entry.path == bundled / "records-ask.toml"
    assert [e.path for e in library.entries] == [bundled / "records-ask.toml"]
    spanish = library.translation("records-ask", "es")
    assert spanish is not None and spanish.title == "Pedir el expediente"

    # An advocate's file of the same id wins, in English: the bundled translation does not
    # match it (another item), so it is not used.
    ours = tmp_path / "ours"
    ours.mkdir()
    (ours / "records-ask.toml").write_text(
        ORIGINAL.replace("version = 3", "version = 9").replace(
            'id = "ask-for-records"', 'id = "ask-early"'
        )
    )
    library = scan(tmp_path / "data", [ours], bundled=bundled)
    entry = library.get("records-ask")
    assert entry is not None and entry.path == ours / "records-ask.toml"
    assert library.translation("records-ask", "es") is None
    [found] = library.translations_of("records-ask")
    assert found.status == "mismatch"

    # A translation with lang in the advocate's own folder is a translation, never the
    # checklist itself, even with a higher version.
    (ours / "records-ask.toml").unlink()
    (ours / "records-ask-es.toml").write_text(
        SPANISH.replace("version = 3\ntitle", "version = 99\ntitle")
    )
    library = scan(tmp_path / "data", [ours], bundled=bundled)
    entry = library.get("records-ask")
    assert entry is not None and entry.path == bundled / "records-ask.toml"
    used = library.translation("records-ask", "es")
    assert used is not None and used.path == ours / "records-ask-es.toml"  # the nearer one
    assert [t.status for t in library.translations_of("records-ask")] == ["active", "shadowed"]


def test_list_shows_each_translation_under_its_original(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pair(tmp_path / "mine")
    assert main(["list", "--checklists", str(tmp_path / "mine")]) == 0
    out = capsys.readouterr().out.splitlines()
    row = next(n for n, line in enumerate(out) if line.startswith("records-ask "))
    assert "Ask for the records" in out[row]
    assert out[row + 2].strip() == "es: Pedir el expediente  [not reviewed]"
    assert out[row + 3].strip() == str(tmp_path / "mine" / "es" / "records-ask.toml")

    assert main(["--lang", "es", "list", "--checklists", str(tmp_path / "mine")]) == 0
    out = capsys.readouterr().out.splitlines()
    row = next(n for n, line in enumerate(out) if line.startswith("records-ask "))
    assert "Pedir el expediente" in out[row]
    assert out[row + 2].strip() == "es: Pedir el expediente  [sin revisar]"


# -- the numbers ------------------------------------------------------------------------------

# A number, a section number (10-76d-13, 300.536, 10-76h) or a subsection (1415k), not an
# ordinal's ending ("10th" is 10).
NUMBER_RE = re.compile(r"\d+(?:[.,-]\d+[a-z]?)*(?:[a-z](?![a-z]))?")


def numbers(text: str) -> list[str]:
    """The numbers of a text: days, ages, section numbers (10-76d-13, 300.536)."""
    return NUMBER_RE.findall(text)


def missing_numbers(original: Path, translation: Path) -> list[str]:
    english = tomllib.loads(original.read_text(encoding="utf-8"))
    spanish = tomllib.loads(translation.read_text(encoding="utf-8"))
    missing = []
    for s, section in enumerate(english["sections"]):
        for i, item in enumerate(section.get("items", [])):
            mine = spanish["sections"][s]["items"][i]
            for key in ("text", "details"):
                theirs = " ".join(numbers(str(mine.get(key, ""))))
                for number in numbers(str(item.get(key, ""))):
                    if not re.search(rf"(?<![\d.,-]){re.escape(number)}(?![\d])", theirs):
                        missing.append(f"{translation.name}: {item['id']}.{key}: {number}")
    for n, letter in enumerate(english.get("letters", [])):
        mine = spanish["letters"][n]
        for key in ("subject", "body"):
            theirs = " ".join(numbers(str(mine.get(key, ""))))
            for number in numbers(str(letter.get(key, ""))):
                if number not in theirs.split():
                    missing.append(f"{translation.name}: {letter['id']}.{key}: {number}")
    return missing


def test_every_number_of_an_original_item_is_in_its_translation(tmp_path: Path) -> None:
    # The fixture first: the check finds a number dropped or changed.
    path = pair(tmp_path)
    assert missing_numbers(tmp_path / "records-ask.toml", path) == []
    wrong = pair(tmp_path, SPANISH.replace("al menos 5 días", "al menos 15 días"))
    assert missing_numbers(tmp_path / "records-ask.toml", wrong) == [
        "records-ask.toml: ask-for-records.details: 5"
    ]
    # Then every bundled translation there is.
    missing = []
    for translation in sorted((REPO / "checklists" / "es").glob("*.toml")):
        missing += missing_numbers(REPO / "checklists" / translation.name, translation)
    assert missing == []


def test_every_bundled_translation_validates_against_its_original(tmp_path: Path) -> None:
    # The documented pair as well as the bundled ones: the check runs on something real even
    # before the first bundled translation lands, and a broken pair fails it.
    fixture = pair(tmp_path)
    broken = pair(tmp_path / "b", SPANISH.replace('"2 weeks before"', '"1 week before"'))
    translations = [fixture, *sorted((REPO / "checklists" / "es").glob("*.toml"))]
    for path in [*translations, broken]:
        result = load_file(path)
        assert result.checklist is not None, [str(p) for p in result.problems]
        original = load_file(path.parent.parent / path.name).checklist
        assert original is not None
        problems = check_against(result, original, strict=True)
        assert (problems == ()) == (path != broken), [str(p) for p in problems]


# -- the skeleton -----------------------------------------------------------------------------


def test_translate_writes_a_skeleton_that_validates_for_every_bundled_checklist(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bundled = sorted((REPO / "checklists").glob("*.toml"))
    assert len(bundled) >= 13
    for path in bundled:
        copy = tmp_path / path.name
        copy.write_bytes(path.read_bytes())
        assert main(["checklist", "translate", str(copy), "--into", "es"]) == 0
        written = tmp_path / "es" / path.name
        assert written.stat().st_mode & 0o777 == 0o600
        code, out = validate(capsys, "--strict", str(written))
        assert code == 0, out
        result = load_file(written)
        assert result.checklist is not None and result.checklist.lang == "es"
        assert result.checklist.reviewed is None  # until someone reviews it
    # Never over an existing file.
    assert main(["checklist", "translate", str(tmp_path / bundled[0].name), "--into", "es"]) == 1
    assert "already exists" in capsys.readouterr().err


def test_translate_refuses_a_bad_language(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "records-ask.toml").write_text(ORIGINAL)
    assert main(["checklist", "translate", str(tmp_path / "records-ask.toml"), "--into", "en"]) == 2
    assert "is not a language to translate into" in capsys.readouterr().err


# -- shown: status, export, letters -----------------------------------------------------------


@pytest.fixture
def where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documented checklist and its translation in a folder iepcheck reads; the day."""
    pair(tmp_path / "mine")
    monkeypatch.setenv("IEPCHECK_CHECKLISTS", str(tmp_path / "mine"))
    return ["--today", "2026-12-03"]


def family(where: list[str], capsys: pytest.CaptureFixture[str]) -> list[str]:
    """A child with a meeting that uses the documented checklist."""
    assert main(["child", "add", "Ana Soto", *where]) == 0
    assert main(["meeting", "add", "ana-soto", "2026-12-18", *where]) == 0
    assert main(["meeting", "attach", "ana-soto", "2026-12-18", "records-ask", *where]) == 0
    assert main(["profile", "set", "name=Rosa Soto"]) == 0
    capsys.readouterr()
    return where


def test_status_and_export_show_the_translation_and_progress_stays(
    capsys: pytest.CaptureFixture[str], where: list[str]
) -> None:
    family(where, capsys)
    assert main(["--lang", "es", "status", *where]) == 0
    out = capsys.readouterr().out
    assert out.count("traducción sin revisar") == 1
    assert "Pida por escrito el expediente escolar de su hijo/a" in out
    assert "[records-ask/ask-for-records]" in out  # the same ids
    assert main(["status", *where]) == 0  # English: the run's own words, no note
    out = capsys.readouterr().out
    assert "Ask in writing for your child's records" in out and "sin revisar" not in out
    # JSON stays English whatever the language.
    assert main(["--lang", "es", "status", "--json", *where]) == 0
    assert "Pida por escrito" not in capsys.readouterr().out

    # Ticked in Spanish, it is the same item; the export says so in Spanish.
    assert main(["--lang", "es", "tick", "ana-soto", "records-ask/ask-for-records", *where]) == 0
    capsys.readouterr()
    assert main(["--lang", "es", "export", "ana-soto", *where]) == 0
    out = capsys.readouterr().out
    assert "[x] Pida por escrito el expediente escolar de su hijo/a" in out
    assert out.count("traducción sin revisar") == 1
    assert main(["export", "ana-soto", *where]) == 0
    assert "[x] Ask in writing for your child's records" in capsys.readouterr().out


def test_a_changed_item_shows_its_english_marked_in_status(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, where: list[str]
) -> None:
    family(where, capsys)
    # Version 4 rewords the item; the translation was brought to version 4 but this item
    # was missed: its hash is of the old English.
    original = tmp_path / "mine" / "records-ask.toml"
    original.write_text(
        ORIGINAL.replace("your child's records", "your child's school records").replace(
            "version = 3", "version = 4"
        )
    )
    spanish = tmp_path / "mine" / "es" / "records-ask.toml"
    spanish.write_text(SPANISH.replace("= 3", "= 4"))
    assert main(["--lang", "es", "status", *where]) == 0
    out = capsys.readouterr().out
    assert (
        "Ask in writing for your child's school records "
        "(texto en inglés: cambió desde la traducción)"
    ) in out
    assert "Pida por escrito el expediente escolar" not in out


def test_a_letter_rendered_in_spanish_and_in_english_with_its_reading(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, where: list[str]
) -> None:
    family(where, capsys)
    letter = ["letter", "ana-soto", "records-ask/records-request", *where]
    assert main([*letter, "--letter-lang", "es"]) == 0
    out = capsys.readouterr().out
    assert "Estimado/a [principal — fill in]:" in out
    assert "Me gustaría ver el expediente de Ana." in out
    assert "Me gustaría verlo antes de la reunión del" in out  # its paragraph, placed
    assert "Atentamente,\nRosa Soto" in out
    assert "Dear" not in out

    assert main([*letter, "--reading", "es"]) == 0
    out = capsys.readouterr().out
    english, _, reading = out.partition("--- The letter in Spanish, to read:")
    assert "I would like to see Ana's records." in english and "Estimado" not in english
    assert "Me gustaría ver el expediente de Ana." in reading

    # The child's own letter language is the default; the language sent is recorded.
    assert main(["child", "set", "ana-soto", "letter_language=es", *where]) == 0
    assert main([*letter, "--sent"]) == 0
    capsys.readouterr()
    record = tomllib.loads((tmp_path / "iepdata" / "children" / "ana-soto.toml").read_text())
    [sent] = record["letters"]
    assert sent["lang"] == "es"
    assert sent["subject"] == "Solicitud para ver el expediente de Ana Soto"
    assert record["letter_language"] == "es"


def test_a_letter_whose_english_changed_is_filled_in_in_english(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, where: list[str]
) -> None:
    family(where, capsys)
    original = tmp_path / "mine" / "records-ask.toml"
    original.write_text(ORIGINAL.replace("Sincerely,", "Yours sincerely,"))
    assert (
        main(["letter", "ana-soto", "records-ask/records-request", "--letter-lang", "es", *where])
        == 0
    )
    captured = capsys.readouterr()
    assert "Yours sincerely," in captured.out and "Atentamente" not in captured.out
    assert "has no current translation into 'es'" in captured.err
