"""icalendar's parsed property values as plain Python; None (or empty) for a broken one."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import icalendar

from ...clock import in_range


def value_of(prop: Any) -> Any:
    """The Python value of a parsed property (the first, if repeated); None if broken."""
    prop = first_of(prop)
    return getattr(prop, "dt", None)


def first_of(value: Any) -> Any:
    """The first of repeated values; None for a value icalendar could not parse."""
    if isinstance(value, list):
        value = value[0] if value else None
    return None if isinstance(value, icalendar.vBroken) else value


def list_of(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def text_of(value: Any) -> str:
    value = first_of(value)
    return "" if value is None else str(value)


def int_of(value: Any) -> int:
    value = first_of(value)
    if isinstance(value, int) and -(2**31) <= value < 2**31:
        return int(value)
    return 0


def as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def dates_of(value: Any) -> list[date]:
    """The dates of RDATE or EXDATE properties (periods by their start), years in range."""
    result: list[date] = []
    for prop in list_of(value):
        if not isinstance(prop, icalendar.vDDDLists):
            continue
        for item in prop.dts:
            raw = getattr(item, "dt", None)
            day = as_date(raw[0] if isinstance(raw, tuple) and raw else raw)
            if day is not None and in_range(day):
                result.append(day)
    return result
