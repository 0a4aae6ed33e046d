"""The checklists' words in the app's language for the status text (``reports.content``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import i18n
from ..records.model import Child
from ..records.reading import ProgressError
from ..reports.content import localize_status

if TYPE_CHECKING:
    from .workspace import Workspace


def localized_status(workspace: Workspace, data: dict[str, Any]) -> dict[str, Any]:
    """The status document with its checklists' words in the app's language (the same
    document in English: nothing to read)."""
    lang = i18n.language()
    if lang == "en":
        return data
    children: dict[str, Child] = {}
    for entry in data.get("children", []):
        try:
            children[entry["id"]] = workspace.for_display(workspace.store.load(entry["id"]))
        except (ProgressError, OSError):
            continue  # its words stay as the document has them
    return localize_status(data, children, workspace.library, lang)
