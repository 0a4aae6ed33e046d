"""The progress commands (children, meetings, runs, status, export)."""

from __future__ import annotations

from collections.abc import Callable


def register(add: Callable[..., object]) -> None:
    """Adds the progress commands to the parser."""
