"""Translation files as files: checked against their original at line and column, refused in
the wrong folder, and written as a skeleton for an advocate to translate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..i18n import _
from ..textsafe import clean_line
from .loader import parse_toml, read_file_bytes
from .model import Checklist
from .positions import Positions
from .problems import LoadResult, Problem
from .translations import compare, entry_hash, item_hash


def check_against(
    result: LoadResult, original: Checklist, *, strict: bool = False
) -> tuple[Problem, ...]:
    """What differs between a translation read as ``result`` and its original, each at its
    line and column in the translation (warnings are errors when ``strict``)."""
    translation = result.checklist
    if translation is None:
        return ()
    found = compare(original, translation)
    if not found:
        return ()
    positions = _positions(result.path)
    problems = []
    for where, severity, message in found:
        line, col = positions.find(where) if positions else (1, 1)
        if severity == "warning" and strict:
            severity = "error"
        problems.append(Problem(str(result.path), line, col, severity, message))  # type: ignore[arg-type]
    return tuple(sorted(problems, key=lambda p: (p.line, p.col)))


def _positions(path: Path) -> Positions | None:
    try:
        parsed = parse_toml(read_file_bytes(path), path)
    except ValueError:
        return None
    return None if isinstance(parsed, Problem) else Positions(parsed[1])


def misplaced(result: LoadResult, folder_lang: str | None) -> Problem | None:
    """The error of a file in a translation folder (``es/``) that is not a translation into
    that folder's language, or None."""
    if folder_lang is None or not result.ok:
        return None
    if result.lang is None:
        return Problem(
            str(result.path),
            1,
            1,
            "error",
            _(
                "a file in the '{lang}' folder is a translation: it needs lang = \"{lang}\" and "
                "translation_of_version (see docs/checklist-format.md)"
            ).format(lang=folder_lang),
        )
    if result.lang != folder_lang:
        return Problem(
            str(result.path),
            1,
            1,
            "error",
            _("this translation says lang = \"{lang}\" but is in the '{folder}' folder").format(
                lang=result.lang, folder=folder_lang
            ),
        )
    return None


def find_original(path: Path, checklist_id: str) -> Path | None:
    """The original a translation file beside it translates: ``../ID.toml`` for a file in
    ``es/``, or ``ID.toml`` in the same folder; None when neither is there."""
    for folder in (path.parent.parent, path.parent):
        candidate = folder / f"{checklist_id}.toml"
        if candidate != path and candidate.is_file():
            return candidate
    return None


# -- a skeleton for an advocate ----------------------------------------------------------------

_HEADER = (
    "# A translation of {name} into '{lang}', made by iepcheck checklist translate.\n"
    "# Translate the words: title, summary, sections' title, items' text and details,\n"
    "# letters' title, subject, body, and their paragraphs' text and after (the first words of\n"
    "# the translated body's paragraph). Keep everything else as it is: ids, due, repeat,\n"
    "# letter, document, tally, leans, when, sources, every {{placeholder}} and number.\n"
    "# Leave translated_from alone: it says which English each part was made from.\n"
    "# Check it with: iepcheck validate --strict FILE\n"
)


def skeleton(original_path: Path, original: Checklist, lang: str) -> str:
    """The original's text made a translation into ``lang``: ``lang`` and
    ``translation_of_version`` after ``id``, ``translated_from`` on every item and letter,
    without ``reviewed``; its words still to be translated."""
    import tomlkit  # only this command writes TOML by hand

    text = original_path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    doc = tomlkit.parse(text)
    items = {item.id: item for item in original.items()}
    for section in doc.get("sections", []):
        for table in section.get("items", []):
            item = items.get(str(table.get("id")))
            if item is not None:
                table["translated_from"] = item_hash(item.text, item.details)
    for table in doc.get("letters", []):
        table["translated_from"] = entry_hash(_plain(table))
    out = tomlkit.document()
    for key, value in doc.body:
        if key is None:
            out.add(value)  # comments and blank lines as the original has them
            continue
        if key.key == "reviewed":
            continue  # a translation is reviewed on its own
        out.add(key, value)
        if key.key == "id":
            out.add("lang", lang)
            out.add("translation_of_version", original.version)
    name = clean_line(original_path.name)
    return _HEADER.format(name=name, lang=lang) + tomlkit.dumps(out)


def _plain(table: Any) -> dict[str, Any]:
    unwrap = getattr(table, "unwrap", None)
    value = unwrap() if callable(unwrap) else table
    return value if isinstance(value, dict) else {}
