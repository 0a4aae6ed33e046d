"""Which file wins for an id, and what happens to the others."""

from __future__ import annotations

from pathlib import Path

import pytest

from iepcheck import locations
from iepcheck.checklists import library

from ..conftest import REPO
from ..helpers import checklist_text, write_checklist


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    folder = tmp_path / "bundled"
    write_checklist(folder, "ct-a.toml", checklist_text("ct-a", 2, title="Bundled A"))
    write_checklist(folder, "ct-b.toml", checklist_text("ct-b", 1, title="Bundled B"))
    return folder


def scan(data_dir: Path, bundled: Path, extra: list[Path] | None = None) -> library.Library:
    return library.scan(data_dir, extra or [], bundled=bundled)


def test_bundled_only(data_dir: Path, bundled: Path) -> None:
    lib = scan(data_dir, bundled)
    assert [e.result.id for e in lib.active()] == ["ct-a", "ct-b"]
    assert all(e.origin == "bundled" and e.shadows_bundled is None for e in lib.active())


def test_user_shadows_bundled_even_with_lower_version(data_dir: Path, bundled: Path) -> None:
    user = locations.user_checklists_dir(data_dir)
    mine = write_checklist(user, "a.toml", checklist_text("ct-a", 1, title="Mine"))
    lib = scan(data_dir, bundled)
    winner = lib.get("ct-a")
    assert winner is not None and winner.path == mine and winner.origin == "user"
    assert winner.shadows_bundled == bundled / "ct-a.toml"
    shadowed = [e for e in lib.entries if e.status == "shadowed"]
    assert [(e.path, e.shadowed_by) for e in shadowed] == [(bundled / "ct-a.toml", mine)]


def test_origin_order_extra_user_site_bundled(
    data_dir: Path, bundled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site_root = tmp_path / "site1"
    monkeypatch.setenv("XDG_DATA_DIRS", f"{tmp_path / 'empty'}:{site_root}")
    write_checklist(site_root / "iepcheck" / "checklists", "b.toml", checklist_text("ct-b", 9))
    assert scan(data_dir, bundled).get("ct-b").origin == "site"
    user = locations.user_checklists_dir(data_dir)
    write_checklist(user, "b.toml", checklist_text("ct-b", 1))
    assert scan(data_dir, bundled).get("ct-b").origin == "user"
    env_dir = tmp_path / "env"
    write_checklist(env_dir, "b.toml", checklist_text("ct-b", 1))
    monkeypatch.setenv("IEPCHECK_CHECKLISTS", str(env_dir))
    assert scan(data_dir, bundled).get("ct-b").path == env_dir / "b.toml"
    cli_dir = tmp_path / "cli"
    write_checklist(cli_dir, "b.toml", checklist_text("ct-b", 1))
    lib = scan(data_dir, bundled, [cli_dir])
    assert lib.get("ct-b").path == cli_dir / "b.toml"
    assert sum(1 for e in lib.entries if e.result.id == "ct-b") == 5


def test_higher_version_wins_within_one_origin(data_dir: Path, bundled: Path) -> None:
    user = locations.user_checklists_dir(data_dir)
    write_checklist(user, "old.toml", checklist_text("mine", 3))
    new = write_checklist(user, "new.toml", checklist_text("mine", 4))
    write_checklist(user, "older.toml", checklist_text("mine", 1))
    lib = scan(data_dir, bundled)
    assert lib.get("mine").path == new
    assert sorted(e.result.version for e in lib.entries if e.status == "shadowed") == [1, 3]


def test_broken_file_is_listed_and_others_load(data_dir: Path, bundled: Path) -> None:
    user = locations.user_checklists_dir(data_dir)
    write_checklist(user, "broken.toml", "format = 1\nid = \n")
    write_checklist(user, "fine.toml", checklist_text("fine", 1))
    lib = scan(data_dir, bundled)
    assert lib.get("fine") is not None
    (broken,) = lib.broken()
    assert broken.path.name == "broken.toml"
    assert broken.result.errors[0].line == 2


def test_broken_file_does_not_shadow(data_dir: Path, bundled: Path) -> None:
    user = locations.user_checklists_dir(data_dir)
    write_checklist(user, "a.toml", checklist_text("ct-a", 5, kind="nonsense"))
    assert scan(data_dir, bundled).get("ct-a").origin == "bundled"


def test_same_folder_twice_is_listed_once_at_nearer_origin(data_dir: Path, bundled: Path) -> None:
    lib = scan(data_dir, bundled, [bundled])
    assert [e.origin for e in lib.entries] == ["extra", "extra"]


def test_missing_folders_are_fine(data_dir: Path, tmp_path: Path) -> None:
    lib = library.scan(data_dir, [tmp_path / "nowhere"], bundled=tmp_path / "none")
    assert lib.entries == []


def test_real_bundled_folder_is_found() -> None:
    folder = locations.bundled_checklists_dir()
    assert (folder / "ct-ppt-prep.toml").is_file()


def test_a_big_checklist_with_letters_comes_back_from_the_parse_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from iepcheck import diskcache

    monkeypatch.setenv("IEPCHECK_CACHE_DIR", str(tmp_path / "cache"))
    path = REPO / "checklists" / "ct-ppt-prep.toml"  # over 16 KB, with conditional paragraphs
    first = library._load_cached(path)
    assert first.checklist is not None
    assert any(letter.paragraphs for letter in first.checklist.letters)
    stamp = diskcache.stamp_of(path)
    assert stamp is not None
    kept = diskcache.get(library.CACHE_KIND, path, stamp, library._CLASSES)
    assert kept == first  # read back: every class it holds may come from the cache
