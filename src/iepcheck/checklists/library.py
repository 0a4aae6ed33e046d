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

from .. import diskcache, i18n
from ..i18n import _
from .folders import Origin, folders, toml_files, translation_dirs
from .loader import LoadResult, load_file
from .model import Checklist
from .problems import Problem
from .translated import check_against, misplaced

ORIGIN_RANK: dict[str, int] = {"bundled": 0, "site": 1, "user": 2, "extra": 3}


class _Read:
    """A file read as a checklist: its path and what it holds, from its load result."""

    result: LoadResult

    @property
    def path(self) -> Path:
        return self.result.path

    @property
    def checklist(self) -> Checklist | None:
        return self.result.checklist


@dataclass(frozen=True)
class Entry(_Read):
    """One checklist file found in one folder."""

    result: LoadResult
    origin: Origin
    status: Literal["active", "shadowed", "broken"] = "active"
    shadowed_by: Path | None = None
    shadows_bundled: Path | None = None  # the bundled file this one hides, if any


@dataclass(frozen=True)
class Translated(_Read):
    """One translation file found (``es/ID.toml``, or a file with ``lang``). Translations
    never take part in precedence: each is checked against the active original of its id."""

    result: LoadResult
    origin: Origin
    # active: the one used for its id and language; shadowed: a nearer one is used;
    # broken: its own errors; mismatch: it does not match the active original (or has none)
    status: Literal["active", "shadowed", "broken", "mismatch"] = "active"
    problems: tuple[Problem, ...] = ()  # found against the original
    original: Path | None = None

    @property
    def stale(self) -> bool:
        """Some of it is shown in English: the original changed since it was translated."""
        return any(p.severity == "warning" for p in self.problems)


@dataclass
class Library:
    entries: list[Entry] = field(default_factory=list)
    translations: list[Translated] = field(default_factory=list)

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

    def translation(self, checklist_id: str, lang: str) -> Checklist | None:
        """The translation of the active checklist ``checklist_id`` into ``lang`` the app uses
        (matching that checklist's structure), or None."""
        for found in self.translations:
            if (
                found.status == "active"
                and found.result.id == checklist_id
                and found.result.lang == lang
            ):
                return found.checklist
        return None

    def translations_of(self, checklist_id: str | None) -> list[Translated]:
        """Every translation file of that id, the one used for each language first."""
        return [t for t in self.translations if t.result.id == checklist_id]


def scan(data_dir: Path, extra: Iterable[Path] = (), *, bundled: Path | None = None) -> Library:
    """Load every checklist file in every folder. One bad file never stops the others."""
    seen: dict[Path, int] = {}
    loaded: list[tuple[Origin, LoadResult]] = []
    in_language_folders: set[Path] = set()
    for origin, folder in folders(data_dir, extra, bundled=bundled):
        files = toml_files(folder)
        for sub in translation_dirs(folder):
            translated = toml_files(sub)
            in_language_folders.update(translated)
            files += translated
        for path in files:
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
    return choose(loaded, frozenset(in_language_folders))


# What a parsed checklist is made of: the only classes its cache entry may hold.
_CLASSES = frozenset(
    {("iepcheck.checklists.problems", n) for n in ("LoadResult", "Problem")}
    | {
        ("iepcheck.checklists.model", n)
        for n in ("Checklist", "Section", "Item", "Source", "Due", "Repeat", "Letter", "Paragraph")
    }
    | {("pathlib", "PosixPath"), ("pathlib", "WindowsPath"), ("pathlib", "Path")}
)


# Named anew when what a parsed checklist holds changes (translations: each letter's hash), so
# an entry an earlier build of the same version wrote is never read.
CACHE_KIND = "checklists-2"


def _load_cached(path: Path) -> LoadResult:
    """load_file, through the disk cache for files that take a while to parse."""
    stamp = diskcache.stamp_of(path)
    big = stamp is not None and stamp[0] >= 16 * 1024
    # A file's problems are sentences in the user's language: one entry per language.
    language = i18n.language()
    kind = CACHE_KIND if language == "en" else f"{CACHE_KIND}-{language}"
    if big and stamp is not None:
        hit = diskcache.get(kind, path, stamp, _CLASSES)
        if isinstance(hit, LoadResult) and hit.path == path:
            return hit
    result = load_file(path)
    if big and stamp is not None and diskcache.stamp_of(path) == stamp:
        diskcache.put(kind, path, stamp, result)
    return result


def choose(
    loaded: list[tuple[Origin, LoadResult]], in_language_folders: frozenset[Path] = frozenset()
) -> Library:
    """Decide which file is active for each id, then which translation of it for each
    language (files in ``in_language_folders`` (``es/``) are translations, or broken)."""
    originals: list[tuple[Origin, LoadResult]] = []
    translations: list[tuple[Origin, LoadResult]] = []
    for origin, result in loaded:
        in_folder = result.path in in_language_folders
        wrong = misplaced(result, result.path.parent.name if in_folder else None)
        if wrong is not None:
            result = LoadResult(
                result.path, None, (*result.problems, wrong), result.id, result.version, result.lang
            )
        is_translation = result.lang is not None or in_folder
        (translations if is_translation else originals).append((origin, result))
    library = _choose_originals(originals)
    library.translations = _choose_translations(library, translations)
    return library


def _choose_translations(
    library: Library, found: list[tuple[Origin, LoadResult]]
) -> list[Translated]:
    checked: list[Translated] = []
    for origin, result in found:
        if result.checklist is None:
            checked.append(Translated(result, origin, "broken"))
            continue
        original = library.get(result.checklist.id)
        if original is None or original.checklist is None:
            problem = Problem(
                str(result.path),
                1,
                1,
                "error",
                _("no checklist '{id}' was found: this translation has no original to show").format(
                    id=result.checklist.id
                ),
            )
            checked.append(Translated(result, origin, "mismatch", (problem,)))
            continue
        problems = check_against(result, original.checklist)
        status: Literal["active", "mismatch"] = (
            "mismatch" if any(p.severity == "error" for p in problems) else "active"
        )
        checked.append(Translated(result, origin, status, problems, original.path))
    # One used per id and language: the nearer origin, then the newer translation.
    best: dict[tuple[str | None, str | None], Translated] = {}
    for t in checked:
        if t.status != "active":
            continue
        key = (t.result.id, t.result.lang)
        other = best.get(key)
        if other is None or _translation_beats(t, other):
            best[key] = t
    chosen = {id(t) for t in best.values()}
    out = [
        t
        if t.status != "active" or id(t) in chosen
        else Translated(t.result, t.origin, "shadowed", t.problems, t.original)
        for t in checked
    ]
    out.sort(
        key=lambda t: (
            t.result.id or "~",
            t.result.lang or "",
            t.status != "active",
            -ORIGIN_RANK[t.origin],
            str(t.path),
        )
    )
    return out


def _translation_beats(t: Translated, other: Translated) -> bool:
    if ORIGIN_RANK[t.origin] != ORIGIN_RANK[other.origin]:
        return ORIGIN_RANK[t.origin] > ORIGIN_RANK[other.origin]
    mine = t.checklist.translation_of if t.checklist else 0
    theirs = other.checklist.translation_of if other.checklist else 0
    return mine >= theirs


def _choose_originals(loaded: list[tuple[Origin, LoadResult]]) -> Library:
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
