"""``status --brief``: at most three lines for a login script, nothing when nothing is near.

Built from the status document (:mod:`iepcheck.reports.status`), so it costs what a cached
``status`` costs.
"""

from __future__ import annotations

from typing import Any

from ..i18n import _, ngettext
from ..textsafe import clean_line, cut
from .words import KIND_NAMES, date_word, school_days_text

WEEK = 7
MAX_LINES = 3
NEVER = "9999-12-31"


def _meeting_words(meeting: dict[str, Any]) -> str:
    kind = KIND_NAMES.get(meeting["kind"]) or KIND_NAMES["other"]
    days, school = meeting["days_left"], meeting["school_days_left"]
    if days == 0:
        return _("{meeting} today").format(meeting=kind)
    if days == 1:
        return _("{meeting} tomorrow").format(meeting=kind)
    when = school_days_text(school, bool(meeting.get("estimated")))
    return _("{meeting} in {school_days}").format(meeting=kind, school_days=when)


def _child_line(
    child: dict[str, Any],
) -> tuple[tuple[int, str, str, int, str], str, str] | None:
    """(urgency, line, name) for a child with something within the week or overdue; else None."""
    parts: list[str] = []
    meeting_day = soonest = NEVER
    urgent = False
    near = [m for m in child["meetings"] if 0 <= m["days_left"] <= WEEK]
    for meeting in sorted(near, key=lambda m: m["days_left"])[:1]:
        parts.append(_meeting_words(meeting))
        meeting_day = meeting["date"]
    groups = child["meetings"] + child.get("standing", [])
    follow_ups = child.get("follow_ups", [])
    overdue = sum(len(g["overdue"]) for g in groups) + sum(1 for f in follow_ups if f["overdue"])
    current = child.get("current_plan") or {}
    overdue += len(current.get("missing_reports", []))
    for d in current.get("dates", []):
        if d["overdue"] or d["urgent"]:
            what = date_word(d["what"], d["legal"])
            if d["days_left"] < 0:
                said = _("{what} was due {n} days ago, no meeting set").format(
                    what=what, n=-d["days_left"]
                )
            else:
                when = school_days_text(d["school_days_left"], d["estimated"])
                said = _("{what} due in {school_days}, no meeting set").format(
                    what=what, school_days=when
                )
            parts.append(said)
            soonest = min(soonest, d["due"])
            urgent = True
    stuck = sum(1 for g in current.get("goals", []) if g["flag"] and g["flag_recent"])
    if stuck:
        said = ngettext(
            "{n} goal with no progress twice", "{n} goals with no progress twice", stuck
        )
        parts.append(said.format(n=stuck))
    due = [i["due"] for g in groups for i in g["due_soon"] if i.get("due")]
    due += [f["due"] for f in follow_ups if f["due_soon"]]
    if overdue:
        parts.append(ngettext("{n} item overdue", "{n} items overdue", overdue).format(n=overdue))
    if due:
        n = len(due)
        parts.append(ngettext("{n} due this week", "{n} due this week", n).format(n=n))
        soonest = min([soonest, *due])
    if not parts:
        return None
    name = clean_line(child["name"])
    # Overdue (or a plan date due with no meeting) first; then the nearest meeting, the
    # nearest due date, the most overdue.
    rank = (0 if overdue or urgent else 1, meeting_day, soonest, -overdue, name.casefold())
    return rank, f"{cut(name, 40)}: {', '.join(parts)}", cut(name, 40)


def brief_text(data: dict[str, Any]) -> str:
    """The lines (most urgent first) or '' when nothing is overdue or within a week; the last
    line names every child it leaves out."""
    lines = [found for c in data["children"] if (found := _child_line(c)) is not None]
    lines.sort(key=lambda x: x[0])
    shown = [text for _rank, text, _name in lines]
    if len(shown) > MAX_LINES:
        left = [name for _rank, _text, name in lines[MAX_LINES - 1 :]]
        more = _("and {n} more: {names}").format(n=len(left), names=", ".join(left))
        shown = [*shown[: MAX_LINES - 1], more]
    return "".join(f"{line}\n" for line in shown)
