"""Finding checklists in every folder and choosing one file per id.

Precedence (SPEC): the nearer origin wins (extra folders > user > site > bundled); within
one origin the higher version. Shadowed and broken files are kept, with their problems, so
``iepcheck list`` and the TUI can show them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .. import diskcache
from .folders import Origin, folders, toml_files
from .loader import LoadResult, load_file
from .model import Checklist

ORIGIN_RANK: dict[str, int] = {"bundled": 0, "site": 1, "user": 2, "extra": 3}


@dataclass(frozen=True)
class Entry:
    """One checklist file found in one folder."""

    result: LoadResult
    origin: Origin
    status: Literal["active", "shadowed", "broken"] = "active"
    shadowed_by: Path | None = None
    shadows_bundled: Path | None = None  # the bundled file this one hides, if any

    @property
    def path(self) -> Path:
        return self.result.path

    @property
    def checklist(self) -> Checklist | None:
        return self.result.checklist


@dataclass
class Library:
    entries: list[Entry] = field(default_factory=list)

    def active(self) -> list[Entry]:
        return [e for e in self.entries if e.status == "active"]

    def get(self, checklist_id: str) -> Entry | None:
        for entry in self.entries:
            if entry.status == "active" and entry.result.id == checklist_id:
                return entry
        return None

    def checklist(self, checklist_id: str) -> Checklist | None:
        entry = self.get(checklist_id)
        return entry.checklist if entry else None

    def shadowing(self) -> dict[str, Path]:
        """Checklist id → the active file that hides a bundled checklist of that id."""
        return {e.result.id: e.path for e in self.active() if e.shadows_bundled and e.result.id}

    def broken(self) -> list[Entry]:
        return [e for e in self.entries if e.status == "broken"]


def scan(data_dir: Path, extra: Iterable[Path] = (), *, bundled: Path | None = None) -> Library:
    """Load every checklist file in every folder. One bad file never stops the others."""
    seen: dict[Path, int] = {}
    loaded: list[tuple[Origin, LoadResult]] = []
    for origin, folder in folders(data_dir, extra, bundled=bundled):
        for path in toml_files(folder):
            try:
                key = path.resolve()
            except (OSError, RuntimeError):  # RuntimeError: a symlink loop
                key = path
            if key in seen:  # the same folder listed twice: the nearer origin keeps it
                index = seen[key]
                loaded[index] = (origin, loaded[index][1])
                continue
            seen[key] = len(loaded)
            loaded.append((origin, _load_cached(path)))
    return choose(loaded)


# What a parsed checklist is made of: the only classes its cache entry may hold.
_CLASSES = frozenset(
    {("iepcheck.checklists.problems", n) for n in ("LoadResult", "Problem")}
    | {
        ("iepcheck.checklists.model", n)
        for n in ("Checklist", "Section", "Item", "Source", "Due", "Repeat", "Letter", "Paragraph")
    }
    | {("pathlib", "PosixPath"), ("pathlib", "WindowsPath"), ("pathlib", "Path")}
)


def _load_cached(path: Path) -> LoadResult:
    """load_file, through the disk cache for files that take a while to parse."""
    stamp = diskcache.stamp_of(path)
    big = stamp is not None and stamp[0] >= 16 * 1024
    if big and stamp is not None:
        hit = diskcache.get("checklists", path, stamp, _CLASSES)
        if isinstance(hit, LoadResult) and hit.path == path:
            return hit
    result = load_file(path)
    if big and stamp is not None and diskcache.stamp_of(path) == stamp:
        diskcache.put("checklists", path, stamp, result)
    return result


def choose(loaded: list[tuple[Origin, LoadResult]]) -> Library:
    """Decide which file is active for each id."""
    winners: dict[str, tuple[Origin, LoadResult]] = {}
    bundled_paths: dict[str, Path] = {}
    for origin, result in loaded:
        if not result.ok or result.id is None:
            continue
        if origin == "bundled":
            bundled_paths.setdefault(result.id, result.path)
        best = winners.get(result.id)
        if best is None or _beats(origin, result, *best):
            winners[result.id] = (origin, result)
    entries: list[Entry] = []
    for origin, result in loaded:
        if not result.ok:
            entries.append(Entry(result, origin, "broken"))
            continue
        assert result.id is not None
        _win_origin, winner = winners[result.id]
        if winner is result:
            hidden = bundled_paths.get(result.id) if origin != "bundled" else None
            entries.append(Entry(result, origin, "active", shadows_bundled=hidden))
        else:
            entries.append(Entry(result, origin, "shadowed", shadowed_by=winner.path))
    entries.sort(key=lambda e: (e.result.id or "~", -ORIGIN_RANK[e.origin], str(e.path)))
    return Library(entries)


def _beats(origin: Origin, result: LoadResult, best_origin: Origin, best: LoadResult) -> bool:
    if ORIGIN_RANK[origin] != ORIGIN_RANK[best_origin]:
        return ORIGIN_RANK[origin] > ORIGIN_RANK[best_origin]
    # Equal versions: the folder listed later (``--checklists`` after IEPCHECK_CHECKLISTS)
    # is the more specific choice.
    return (result.version or 0) >= (best.version or 0)
