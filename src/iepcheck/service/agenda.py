"""The agenda across every child (``iepcheck agenda``, Home's "All children")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..reports.agenda import agenda as agenda_of
from .content import localized_status
from .exports import status
from .workspace import Workspace


def agenda(
    workspace: Workspace,
    days: int,
    cancelled: Callable[[], bool] = lambda: False,
    *,
    localized: bool = False,
) -> dict[str, Any]:
    """Every child's agenda from their cached status facts (``agenda --json``); ``localized``:
    the checklists' words in the app's language (for the text, never the JSON)."""
    data = status(workspace, workspace.store.ids(), days, cancelled)
    if localized:
        data = localized_status(workspace, data)
    return agenda_of(data, days)
