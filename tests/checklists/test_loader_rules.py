"""Each way a checklist file can be wrong, with the exact place and sentence it must produce."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from iepcheck.checklists.loader import load_file
from iepcheck.checklists.model import Due, Repeat

from ..conftest import DATA

BAD = sorted((DATA / "checklists" / "bad").glob("*.toml"))
GOOD = DATA / "checklists" / "good"


def expected_of(path: Path) -> str:
    first = path.read_bytes().split(b"\n", 1)[0].decode()
    assert first.startswith("# expect: "), f"{path.name} has no '# expect:' first line"
    return first.removeprefix("# expect: ")


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_file_gives_its_problem(path: Path) -> None:
    result = load_file(path)
    shown = [f"{p.line}:{p.col}: {p.severity}: {p.message}" for p in result.problems]
    assert expected_of(path) in shown
    assert all(str(p).startswith(f"{path}:") for p in result.problems)
    if path.stem.startswith("warn-"):
        assert result.checklist is not None, "a warning must not stop a checklist loading"
        assert not result.errors
        strict = load_file(path, strict=True)
        assert strict.checklist is None
        assert all(p.severity == "error" for p in strict.problems)
    else:
        assert result.checklist is None
        assert result.errors


def test_every_rule_file_is_distinct() -> None:
    # One file per rule: two files with the same expectation would test one rule twice.
    expectations = [expected_of(p) for p in BAD]
    assert len(set(expectations)) == len(expectations)


def test_full_good_file_loads_every_field() -> None:
    result = load_file(GOOD / "full.toml")
    assert result.problems == ()
    checklist = result.checklist
    assert checklist is not None
    assert (checklist.id, checklist.version, checklist.kind) == ("test-list", 3, "meeting")
    assert checklist.reviewed == dt.date(2026, 11, 28)
    assert checklist.authors == ("A. Advocate <a@example.org>",)
    assert checklist.sources[0].url.startswith("https://www.ecfr.gov/")
    first, second, third = checklist.sections[0].items
    assert first.due == Due("meeting", -2, "weeks")
    assert first.repeat == Repeat("weeks", 2)
    assert second.due == Due("item", 45, "school days", "request-eval")
    assert second.details == "Multi\nline"
    assert third.due == Due("meeting", 0, "days")
    own = checklist.sections[1]
    assert own.user_items and own.items == () and own.repeat == Repeat("weeks", 1)


def test_crlf_and_bom_are_normal() -> None:
    result = load_file(GOOD / "crlf-bom.toml")
    assert result.problems == ()
    assert result.checklist is not None
    assert result.checklist.summary == "Windows line ends"


def test_guide_leans_are_read() -> None:
    checklist = load_file(GOOD / "guide.toml").checklist
    assert checklist is not None
    assert [i.leans for i in checklist.items()] == ["IEP", "504", None]


def test_markup_in_text_is_kept_literally() -> None:
    checklist = load_file(GOOD / "markup-text.toml").checklist
    assert checklist is not None
    assert checklist.items()[0].text == "[@click=app.quit]x[/]"


def test_errors_are_sorted_by_position_and_all_reported(tmp_path: Path) -> None:
    path = tmp_path / "many.toml"
    path.write_text(
        'format = 1\nid = "Bad Id"\nversion = 0\nkind = "other"\n'
        '[[sections]]\ntitle = "S"\n[[sections.items]]\nid = "a"\ntext = "A"\ndue = "soon"\n'
    )
    result = load_file(path)
    assert [(p.line, p.col) for p in result.errors] == [(2, 6), (3, 11), (4, 8), (10, 7)]


@pytest.mark.parametrize(
    "value",
    [
        '"caf\\u00e9 \\t \\"q\\" {x}"',
        "'raw \\t {x}'",
        '"""\nline one \\U0001F600\n  {x}"""',
        '"""\nfolded \\\n     and {x}"""',
        "'''\nliteral \\u00e9\n{x}'''",
    ],
)
def test_a_character_of_a_string_is_placed_in_the_file(value: str) -> None:
    from iepcheck.checklists.positions import Positions

    text = f"a = 1\nbody = {value}\n"
    parsed = tomllib.loads(text)["body"]
    where = Positions(text).in_string(("body",), parsed.index("{x}"))
    assert where is not None and text[where : where + 3] == "{x}"
