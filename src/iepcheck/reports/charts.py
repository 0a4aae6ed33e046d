"""A goal's progress reports as a small inline SVG chart, for the printable pages.

Pure: numbers and words in, markup out. Readable on paper and without colour: each status has
a marker of its own shape, named in a legend in Connecticut's words; the baseline and the target
are lines with their names written on them. Every text is cleaned and escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from html import escape

from .. import i18n
from ..i18n import N_, _
from ..records.plans import STATUS_WORDS
from ..textsafe import clean_line

# Connecticut's progress indicators in the CSDE IEP Manual's order (section 12), which is also
# the order of the levels when a chart has only statuses: (key, the manual's words, short words).
# The keys and words are the plan's (records.plans.STATUS_WORDS): one list for both.
_SHORT = {
    "not-introduced": N_("Not introduced"),
    "no-progress": N_("No progress"),
    "limited": N_("Limited"),
    "satisfactory": N_("Satisfactory"),
    "not-mastered": N_("Not mastered"),
    "mastered": N_("Mastered"),
}
STATUSES = tuple((key, words, _SHORT[key]) for key, words in STATUS_WORDS.items())
_LEVEL = {k: n for n, (key, words, _third) in enumerate(STATUSES) for k in (key, words.lower())}

BASELINE, TARGET = N_("Baseline"), N_("Target")  # the lines' names on a chart
WIDTH = 640
_FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"'
_INK = "#1d2733"  # near black: prints black, reads calm on screen
_LINE = "#2f5d8a"  # the reports' line: dark blue, a dark grey on paper
_GRID = "#d5d9de"
_MUTED = "#5b6570"


def level(status: str) -> int | None:
    """A status's place in the manual's order (a key or its words), None when it is unknown."""
    return _LEVEL.get(status) if status in _LEVEL else _LEVEL.get(status.strip().lower())


def status_words(status: str) -> str:
    """A status in the manual's words (in the user's language); an unknown one as it was
    written, cleaned."""
    n = level(status)
    return _(STATUSES[n][1]) if n is not None else clean_line(status).strip() or "?"


def _short(status: str) -> str:
    n = level(status)
    return _(STATUSES[n][2]) if n is not None else _cut(status_words(status), 14)


def _cut(text: str, limit: int) -> str:
    text = clean_line(text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def number_text(value: float) -> str:
    """A measured value as people write it: 12, 12.5, 0.33."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    if abs(value) >= 1e6 or abs(value) < 1e-3:
        return f"{value:.3g}"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def with_unit(value: float, unit: str) -> str:
    """'40%', '40 wpm', or '40' when there is no unit."""
    unit = _cut(unit, 24)
    if not unit:
        return number_text(value)
    return number_text(value) + ("" if unit.startswith("%") else " ") + unit


def _finite(value: float | None) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) and abs(number) < 1e12 else None


def _nice_ticks(low: float, high: float) -> list[float]:
    """Four or five round values covering ``low``..``high`` (1, 2 or 5 times a power of ten)."""
    if high - low < 1e-9:
        pad = max(abs(high) * 0.1, 1.0)
        low, high = low - pad, high + pad
    raw = (high - low) / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = [first]
    while ticks[-1] < high - 1e-9 * step:
        ticks.append(first + len(ticks) * step)
    return [round(t, 10) for t in ticks]


def _text(
    x: float, y: float, text: str, *, size: float = 11, anchor: str = "start", **attrs: str
) -> str:
    more = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{more}>'
        f"{escape(text)}</text>"
    )


def marker(status: str, x: float, y: float, r: float = 5.0) -> str:
    """The status's own marker shape: hollow circle, cross, hollow triangle, filled circle,
    hollow square, filled diamond; a question mark for a status not in the manual."""
    n = level(status)
    stroke = f'stroke="{_INK}" stroke-width="1.6"'
    if n == 0:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#fff" {stroke}/>'
    if n == 1:
        d = r * 0.9
        return (
            f'<path d="M{x - d:.1f} {y - d:.1f}L{x + d:.1f} {y + d:.1f}M{x - d:.1f} {y + d:.1f}'
            f'L{x + d:.1f} {y - d:.1f}" stroke="{_INK}" stroke-width="2.2" fill="none"/>'
        )
    if n == 2:
        h = r * 1.15
        return (
            f'<path d="M{x:.1f} {y - h:.1f}L{x + h:.1f} {y + h * 0.8:.1f}'
            f'L{x - h:.1f} {y + h * 0.8:.1f}Z" fill="#fff" {stroke}/>'
        )
    if n == 3:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{_INK}" {stroke}/>'
    if n == 4:
        s = r * 0.9
        return (
            f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s:.1f}" height="{2 * s:.1f}" '
            f'fill="#fff" {stroke}/>'
        )
    if n == 5:
        h = r * 1.35
        return (
            f'<path d="M{x:.1f} {y - h:.1f}L{x + h:.1f} {y:.1f}L{x:.1f} {y + h:.1f}'
            f'L{x - h:.1f} {y:.1f}Z" fill="{_INK}" {stroke}/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r + 1:.1f}" fill="#fff" {stroke}/>' + _text(
        x, y + 4, "?", size=10, anchor="middle", font_weight="bold"
    )


def _legend(statuses: list[str], top: float) -> tuple[list[str], float]:
    """One entry per status shown, in the manual's order, three to a row."""
    seen: dict[str, str] = {}
    for s in sorted(statuses, key=lambda s: (level(s) is None, level(s) or 0)):
        seen.setdefault(status_words(s), s)
    out: list[str] = []
    column = (WIDTH - 16) / 3
    for n, (words, status) in enumerate(seen.items()):
        x = 16 + (n % 3) * column
        y = top + (n // 3) * 18
        out.append(marker(status, x + 6, y - 4, 4.5))
        out.append(_text(x + 17, y, _cut(words, 30), size=11, fill=_INK))
    rows = math.ceil(len(seen) / 3)
    return out, top + rows * 18 - 4


def _date_label(day: date, count: int) -> str:
    """'3 Dec 2026' ('3 dic 2026'); 'Dec 2026' when there are many."""
    words = i18n.day_text(day).split(" ")[1:]  # the weekday left out
    return " ".join(words if count <= 6 else words[1:])


def _summary(
    baseline: float | None,
    target: float | None,
    unit: str,
    reports: Sequence[tuple[date, str, float | None]],
) -> str:
    parts = []
    if baseline is not None:
        parts.append(_("baseline {value}").format(value=with_unit(baseline, unit)))
    if target is not None:
        parts.append(_("target {value}").format(value=with_unit(target, unit)))
    said = [
        f"{_date_label(day, 1)}: {status_words(status)}"
        + (f", {with_unit(v, unit)}" if (v := _finite(value)) is not None else "")
        for day, status, value in reports
    ]
    head = _("Progress on this goal") + (f" ({', '.join(parts)})" if parts else "")
    if not said:
        return head + _(": no progress reports yet") + "."
    return head + ": " + "; ".join(said) + "."


def goal_svg(
    baseline: float | None,
    target: float | None,
    unit: str,
    reports: Sequence[tuple[date, str, float | None]],
) -> str:
    """A goal's reports as an inline SVG: the measured values against the baseline and target
    lines when any report has a value, else each status as a level in the manual's order.

    ``reports``: (the report's date, its status as a key or in the manual's words, the value
    measured or None), in any order. Non-numbers (NaN, infinities) count as no value.
    """
    baseline, target = _finite(baseline), _finite(target)
    ordered = sorted(reports, key=lambda r: r[0])
    points = [(day, status, _finite(value)) for day, status, value in ordered]
    title = _summary(baseline, target, unit, ordered)
    if any(v is not None for _first, _second, v in points):
        body, height = _values_chart(baseline, target, unit, points)
    elif points:
        body, height = _levels_chart(baseline, target, unit, points)
    else:
        body, height = _empty_chart(baseline, target, unit)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" height="{height:.0f}" {_FONT}>'
        f"<title>{escape(title)}</title>"
        f'<rect x="0.5" y="0.5" width="{WIDTH - 1}" height="{height - 1:.0f}" fill="#fff" '
        f'stroke="{_GRID}"/>' + "".join(body) + "</svg>"
    )


def _x_positions(count: int, left: float, right: float) -> list[float]:
    if count == 1:
        return [(left + right) / 2]
    pad = min(28.0, (right - left) / (count * 2))
    step = (right - left - 2 * pad) / (count - 1)
    return [left + pad + n * step for n in range(count)]


def _x_labels(days: list[date], xs: list[float], top: float, words: list[str]) -> list[str]:
    """The dates under the plot (every k-th when there are many), the short status under each."""
    every = max(1, math.ceil(len(days) / 10))
    shown = list(range(0, len(days), every))
    if shown[-1] != len(days) - 1:  # the last report is always dated; it replaces a near one
        shown[-1 if len(days) - 1 - shown[-1] < every else len(shown) :] = [len(days) - 1]
    out = []
    for n in shown:
        label = _date_label(days[n], len(days))
        out.append(_text(xs[n], top, label, size=10.5, anchor="middle", fill=_INK))
        if words and len(days) <= 6:
            out.append(_text(xs[n], top + 14, words[n], size=10.5, anchor="middle", fill=_MUTED))
    return out


def _values_chart(
    baseline: float | None,
    target: float | None,
    unit: str,
    points: list[tuple[date, str, float | None]],
) -> tuple[list[str], float]:
    known = [v for _first, _second, v in points if v is not None]
    scale = known + [v for v in (baseline, target) if v is not None]
    ticks = _nice_ticks(min(scale), max(scale))
    low, high = ticks[0], ticks[-1]
    labels = [number_text(t) for t in ticks]
    unvalued = any(v is None for _first, _second, v in points)
    left = 16 + max([len(t) for t in labels] + [8 if unvalued else 0]) * 6.2 + 8
    right = WIDTH - 112
    top, bottom = 34.0, 184.0

    def y_of(value: float) -> float:
        return bottom - (value - low) / (high - low) * (bottom - top)

    out = [_text(16, 20, _cut(unit, 60) or _("measured value"), size=11, fill=_MUTED)]
    for tick, label in zip(ticks, labels, strict=True):
        y = y_of(tick)
        out.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{_GRID}"/>'
        )
        out.append(_text(left - 6, y + 4, label, size=10.5, anchor="end", fill=_MUTED))
    out.append(
        f'<line x1="{left:.1f}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{_MUTED}"/>'
    )
    lines = [
        (name, value, dash)
        for name, value, dash in ((BASELINE, baseline, "5 4"), (TARGET, target, "10 3 2 3"))
        if value is not None
    ]
    label_ys = [y_of(v) + 4 for _first, v, _third in lines]
    if len(label_ys) == 2 and abs(label_ys[0] - label_ys[1]) < 13:
        # Baseline and target close together: their names go one above the other.
        upper = 0 if label_ys[0] <= label_ys[1] else 1
        label_ys[upper] = label_ys[1 - upper] - 13
    for (name, value, dash), label_y in zip(lines, label_ys, strict=True):
        y = y_of(value)
        out.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{_INK}" '
            f'stroke-width="1.4" stroke-dasharray="{dash}"/>'
        )
        text = f"{_(name)} {with_unit(value, unit)}"
        if len(text) > 16:  # a long unit: the caption above names it
            text = _cut(f"{_(name)} {number_text(value)}", 16)
        weight = "bold" if name == TARGET else "normal"
        out.append(_text(right + 6, label_y, text, size=11, fill=_INK, font_weight=weight))
    xs = _x_positions(len(points), left, right)
    valued = [(x, v) for x, (_first, _second, v) in zip(xs, points, strict=True) if v is not None]
    if len(valued) > 1:
        path = " ".join(f"{x:.1f},{y_of(value):.1f}" for x, value in valued)
        out.append(f'<polyline points="{path}" fill="none" stroke="{_LINE}" stroke-width="2"/>')
    lane = bottom + 16  # reports with a status but no measured value
    if unvalued:
        out.append(_text(left - 6, lane + 4, _("no value"), size=10.5, anchor="end", fill=_MUTED))
    for x, (_first, status, measured) in zip(xs, points, strict=True):
        if measured is None:
            out.append(marker(status, x, lane, 4.5))
            continue
        y = y_of(measured)
        out.append(marker(status, x, y))
        if len(points) <= 12:
            out.append(
                _text(
                    x,
                    y - 9,
                    number_text(measured),
                    size=10.5,
                    anchor="middle",
                    fill=_INK,
                    font_weight="bold",
                )
            )
    words = [_short(s) for _first, s, _third in points]
    labels_top = (lane + 22) if unvalued else (bottom + 16)
    out += _x_labels([d for d, _second, _third in points], xs, labels_top, words)
    legend, end = _legend([s for _first, s, _third in points], labels_top + 34)
    return out + legend, end + 12


def _levels_chart(
    baseline: float | None,
    target: float | None,
    unit: str,
    points: list[tuple[date, str, float | None]],
) -> tuple[list[str], float]:
    left, right = 178.0, WIDTH - 24
    top, bottom = 34.0, 184.0
    rows = len(STATUSES)
    gap = (bottom - top) / (rows - 1)

    def y_of(status: str) -> float:
        n = level(status)
        return bottom - (n if n is not None else 0) * gap

    out = []
    aims = [
        said.format(value=with_unit(v, unit))
        for said, v in ((_("baseline {value}"), baseline), (_("target {value}"), target))
        if v is not None
    ]
    caption = _("Status in each progress report")
    if aims:
        caption += " " + _("({aims}; no values reported)").format(aims=", ".join(aims))
    out.append(_text(16, 20, _cut(caption, 96), size=11, fill=_MUTED))
    for n, (_key, words, _brief) in enumerate(STATUSES):
        y = bottom - n * gap
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{_GRID}"/>')
        out.append(_text(left - 8, y + 4, _(words), size=10.5, anchor="end", fill=_INK))
    xs = _x_positions(len(points), left, right)
    if len(points) > 1:
        path = " ".join(
            f"{x:.1f},{y_of(s):.1f}" for x, (_first, s, _third) in zip(xs, points, strict=True)
        )
        out.append(f'<polyline points="{path}" fill="none" stroke="{_LINE}" stroke-width="2"/>')
    for x, (_first, status, _third) in zip(xs, points, strict=True):
        out.append(marker(status, x, y_of(status)))
    out += _x_labels([d for d, _second, _third in points], xs, bottom + 20, [])
    legend, end = _legend([s for _first, s, _third in points], bottom + 44)
    return out + legend, end + 12


def _empty_chart(
    baseline: float | None, target: float | None, unit: str
) -> tuple[list[str], float]:
    aims = [
        f"{_(name)} {with_unit(v, unit)}"
        for name, v in ((BASELINE, baseline), (TARGET, target))
        if v is not None
    ]
    out = [_text(16, 24, _("No progress reports yet."), size=12, fill=_INK)]
    if aims:
        out.append(_text(16, 42, " · ".join(aims), size=11, fill=_MUTED))
    return out, 56.0
