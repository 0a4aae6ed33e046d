"""iepcheck never writes a file it then refuses to open; one that is too large anyway (an older
version, a hand edit) opens again with `child repair`, losing no word."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from iepcheck.__main__ import main
from iepcheck.records import store as store_module
from iepcheck.records.letters import SentLetter
from iepcheck.records.operations import SendLetter
from iepcheck.records.store import Store, TooLarge

from ..helpers import at


def _letter(n: int, size: int) -> SendLetter:
    body = f"Letter {n}: " + "x" * size
    return SendLetter(
        SentLetter(f"x{n}", "ct-x/ask", "Ask", "Records", body, date(2026, 11, 4), at("2026-11-05"))
    )


def test_a_change_that_would_make_the_file_too_large_is_refused_before_writing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "MAX_BYTES", 64 * 1024)
    store = Store(data_dir)
    store.create("Sam")
    n = 0
    with pytest.raises(TooLarge, match="the file would be"):
        while n < 10:
            store.update("sam", _letter(n, 20_000).apply)
            n += 1
    before = store.path("sam").read_bytes()
    assert len(before) <= 64 * 1024
    assert len(store.load("sam").letters) == n  # every letter before the refused one is there
    with pytest.raises(TooLarge):
        store.update("sam", _letter(99, 20_000).apply)
    assert store.path("sam").read_bytes() == before


def test_a_sent_letter_over_256_kib_is_refused_with_a_sentence(data_dir: Path) -> None:
    from iepcheck.records.operations import RecordError

    store = Store(data_dir)
    store.create("Sam")
    with pytest.raises(RecordError, match="the letter's text is longer than 262,144 bytes"):
        store.update("sam", _letter(1, 300_000).apply)


def test_child_repair_moves_the_largest_texts_to_the_trash_and_the_child_opens(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["child", "add", "Sam", "--data-dir", str(data_dir)]) == 0
    path = data_dir / "children" / "sam.toml"
    huge = "y" * (17 * 1024 * 1024)
    path.write_text(
        path.read_text()
        + '\n[[letters]]\nid = "big"\nletter = "ct-x/a"\ntitle = "A"\nsubject = "S"\n'
        + f'body = "{huge}"\nsent = 2026-11-04\nat = 2026-11-05T09:00:00-05:00\n'
    )
    capsys.readouterr()
    assert main(["status", "sam", "--data-dir", str(data_dir)]) == 1
    assert "larger than 16 MiB" in capsys.readouterr().err
    assert main(["child", "repair", "sam", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "letter big: body: 17,825,792 characters, over its limit" in out
    assert "Add --yes" in out and path.stat().st_size > 16 * 2**20  # nothing moved yet
    assert main(["child", "repair", "sam", "--yes", "--data-dir", str(data_dir)]) == 0
    assert "sam opens again" in capsys.readouterr().out
    assert main(["status", "sam", "--data-dir", str(data_dir)]) == 0
    (kept,) = (data_dir / "trash").glob("sam-repair-*.toml")
    moved = tomllib.loads(kept.read_text())["moved"]
    assert moved == [{"where": "letter big: body", "text": huge}]
    body = Store(data_dir).load("sam").letters[0].body
    assert str(kept) in body and "17,825,792 characters moved" in body
