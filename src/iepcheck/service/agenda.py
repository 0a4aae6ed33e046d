"""The agenda across every child (``iepcheck agenda``, Home's "All children")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..reports.agenda import agenda as agenda_of
from .exports import status
from .workspace import Workspace


def agenda(
    workspace: Workspace, days: int, cancelled: Callable[[], bool] = lambda: False
) -> dict[str, Any]:
    """Every child's agenda from their cached status facts (``agenda --json``)."""
    return agenda_of(status(workspace, workspace.store.ids(), days, cancelled), days)
