"""Every test runs with its own data, cache and site folders: none touches the real home."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
TODAY = dt.date(2026, 11, 28)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    for name, sub in [
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
    ]:
        monkeypatch.setenv(name, str(home / sub))
    monkeypatch.setenv("XDG_DATA_DIRS", str(tmp_path / "site"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("IEPCHECK_DATA_DIR", str(tmp_path / "iepdata"))
    monkeypatch.delenv("IEPCHECK_CHECKLISTS", raising=False)
    monkeypatch.setenv("TZ", "America/New_York")
    monkeypatch.setenv("TEXTUAL_CURSOR_BLINK", "0")
    return tmp_path


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "iepdata"


@pytest.fixture
def spanish() -> Iterator[None]:
    """The app's words in Spanish for one test (English again after it)."""
    from iepcheck import i18n

    i18n.set_language("es")
    yield
    i18n.set_language("en")


@pytest.fixture
def pseudo() -> Iterator[None]:
    """The pseudo-locale for one test: every word through the catalog is wrapped in ⟦ ⟧."""
    from iepcheck import i18n

    i18n.set_language(i18n.PSEUDO)
    yield
    i18n.set_language("en")


@pytest.fixture
def no_locale(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The test starts from a locale saying nothing, and leaves English behind it (the
    Spanish tests' files use it for every test)."""
    from iepcheck import i18n

    for key in i18n.ENV_KEYS:
        monkeypatch.delenv(key, raising=False)
    yield
    i18n.set_language("en")
