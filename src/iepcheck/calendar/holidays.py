"""Connecticut's public holidays, from the ``holidays`` package, cached on disk.

Importing ``holidays`` costs over 100 ms, too much for every ``status`` over SSH, so the dates
of each year are kept in the user cache folder, keyed by the package's version. This module is
the calendar's only I/O; deleting the cache is always safe.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

_HOLIDAYS: dict[int, frozenset[date]] = {}


def ct_holidays(year: int) -> frozenset[date]:
    """Connecticut's public holidays in ``year``."""
    if year in _HOLIDAYS:
        return _HOLIDAYS[year]
    cache = _cache_file()
    stored: dict[str, list[str]] = {}
    if cache is not None:
        try:
            loaded = json.loads(cache.read_text())
            stored = loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError, RecursionError):
            stored = {}
        cached = stored.get(str(year))
        if isinstance(cached, list):
            try:
                days = frozenset(date.fromisoformat(d) for d in cached)
                _HOLIDAYS[year] = days
                return days
            except (TypeError, ValueError):
                stored = {}
    import holidays

    days = frozenset(holidays.country_holidays("US", subdiv="CT", years=[year]).keys())
    _HOLIDAYS[year] = days
    if cache is not None:
        stored[str(year)] = sorted(d.isoformat() for d in days)
        try:
            from ..fileio import atomic_write

            atomic_write(cache, json.dumps(stored).encode(), durable=False)
        except OSError:
            pass  # a cache is a convenience
    return days


def holiday_names(year: int) -> dict[date, str]:
    """Each holiday of ``year`` with its name (for messages; not cached)."""
    import holidays

    return dict(holidays.country_holidays("US", subdiv="CT", years=[year]).items())


def _cache_file() -> Path | None:
    try:
        from importlib.metadata import version

        from ..locations import trusted_cache_dir

        folder = trusted_cache_dir()
        return folder / f"holidays-ct-{version('holidays')}.json" if folder else None
    except Exception:
        return None
