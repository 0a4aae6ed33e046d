"""Dates as a user types them, checked once for the CLI and the TUI."""

from __future__ import annotations

from datetime import date

from ..clock import out_of_range
from ..i18n import _
from ..textsafe import clean_line
from .errors import InputError


def parse_day(text: str, *, today: date, what: str = "the date", past_only: bool = False) -> date:
    """A YYYY-MM-DD date; '' is today. ``past_only`` refuses a day after today (something that
    happened cannot have happened tomorrow)."""
    text = text.strip()
    if not text:
        return today
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InputError(
            _("{what}: '{text}' is not a date like 2026-11-20").format(
                what=what, text=clean_line(text)
            )
        ) from None
    if problem := out_of_range(day):
        raise InputError(f"{what}: {problem}")
    if past_only and day > today:
        raise InputError(_("{what}: {day} is in the future").format(what=what, day=day.isoformat()))
    return day
