"""One agenda across every child, by date: what is overdue, then each day of the look-ahead.

Made from the status document (:mod:`.status`, cached facts reclassified for the day), so an
agenda costs what a cached status costs. ``agenda --json`` prints :func:`agenda`; the app's
"All children" row and ``agenda`` show it. Entries are meetings, items due (of meetings'
checklists and standing ones), follow-ups waiting for an answer, and the plan's dates.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..i18n import _, ngettext
from ..records.schedule import horizon_of
from ..textsafe import clean_line
from .plan import plan_dues
from .words import KIND_NAMES, day_heading, day_text, entry_words, short_day

# The order of a day's entries: the meeting first, then what the plan says, then the work.
KIND_ORDER = {"meeting": 0, "plan": 1, "item": 2, "follow-up": 3}


def _entry(child: dict[str, Any], kind: str, text: str, due: str, **extra: Any) -> dict[str, Any]:
    return {
        "child": child["id"],
        "child_name": child["name"],
        "kind": kind,
        "text": text,
        "due": due,
        "checklist": extra.pop("checklist", None),
        "item": extra.pop("item", None),
        **extra,
    }


def _plan_text(what: str, words: str, legal: bool, meeting_set: bool, late: bool) -> str:
    """'annual review due: no meeting set', 'planned review: a meeting is set', 'progress
    report due', 'progress report not recorded'."""
    if what == "progress-report":
        return "progress report not recorded" if late else "progress report due"
    due = " due" if legal else ""
    return f"{words}{due}: {'a meeting is set' if meeting_set else 'no meeting set'}"


def child_entries(child: dict[str, Any], today: date, horizon: date) -> list[dict[str, Any]]:
    """Everything of one child (as the status document has it) dated up to ``horizon``: the
    meetings from ``today``, and items, follow-ups and plan dates, overdue ones included."""
    found: list[dict[str, Any]] = []
    for m in child["meetings"]:
        day = date.fromisoformat(m["date"])
        runs = {r["checklist"]: r["id"] for r in m["runs"] if r["kind"] != "guide"}
        items = [*m["remaining"], *m.get("again", [])]
        # Items due at the meeting itself are said with it ("15 items at the meeting"), not
        # a line each: the day of a PPT would be nothing but them.
        shown = today <= day <= horizon
        at_meeting = [i for i in items if i["due"] == m["date"]] if shown else []
        if shown:
            found.append(
                _entry(
                    child,
                    "meeting",
                    m["title"] or KIND_NAMES.english.get(m["kind"], m["kind"]),
                    m["date"],
                    meeting=m["id"],
                    meeting_kind=m["kind"],
                    time=m["time"],
                    done=m["done"],
                    total=m["total"],
                    overdue_count=len(m["overdue"]),
                    at_meeting=[
                        {"checklist": i["checklist"], "item": i["item"], "text": i["text"]}
                        for i in at_meeting
                    ],
                )
            )
        for item in items:
            if item not in at_meeting:
                found.append(_item(child, item, run=runs.get(item["checklist"]), meeting=m["id"]))
    for s in child["standing"]:
        if s["kind"] == "guide":
            continue
        for item in [*s["remaining"], *s.get("again", [])]:
            found.append(_item(child, item, run=s["run"], meeting=None))
    for f in child.get("follow_ups", []):
        found.append(
            _entry(child, "follow-up", f["text"], f["due"], id=f["id"], **{"with": f["with"]})
        )
    current = child.get("current_plan")
    for p in plan_dues(current):
        late = p.due < today
        found.append(
            _entry(
                child,
                "plan",
                _plan_text(p.what, p.words, p.legal, p.meeting_set, late),
                p.due.isoformat(),
                plan=current["id"] if current else None,
                what=p.what,
                legal=p.legal,
                meeting_set=p.meeting_set,
                urgent=p.urgent,
                estimated=p.estimated,
            )
        )
    return [e for e in found if e["due"] is not None and date.fromisoformat(e["due"]) <= horizon]


def _item(
    child: dict[str, Any], item: dict[str, Any], *, run: str | None, meeting: str | None
) -> dict[str, Any]:
    return _entry(
        child,
        "item",
        item["text"],
        item["due"],
        checklist=item["checklist"],
        item=item["item"],
        run=run,
        meeting=meeting,
        estimated=item["estimated"],
    )


def _order(entry: dict[str, Any]) -> tuple[Any, ...]:
    return (
        entry["due"],
        KIND_ORDER[entry["kind"]],
        entry.get("time") or "",
        entry["child_name"].casefold(),
        entry["child"],
        entry["text"].casefold(),
    )


def agenda(data: dict[str, Any], days: int) -> dict[str, Any]:
    """The agenda (``agenda --json``) from the status document of the same day and look-ahead:
    ``overdue`` oldest first, then ``days``, each a date with its entries (days with nothing
    are left out)."""
    today = date.fromisoformat(data["today"])
    horizon = horizon_of(today, days)
    entries = sorted(
        (e for child in data["children"] for e in child_entries(child, today, horizon)),
        key=_order,
    )
    overdue = [e for e in entries if date.fromisoformat(e["due"]) < today]
    by_day: dict[str, list[dict[str, Any]]] = {}
    for e in entries:
        if date.fromisoformat(e["due"]) >= today:
            by_day.setdefault(e["due"], []).append(e)
    return {
        "today": data["today"],
        "look_ahead": days,
        "overdue": overdue,
        "days": [{"date": day, "entries": shown} for day, shown in by_day.items()],
        "children": len(data["children"]),
        "problems": data["problems"],
    }


# -- as text ---------------------------------------------------------------------------------------


def entry_ref(entry: dict[str, Any]) -> str:
    """Where the entry lives, for the command line: '[meeting m1]', '[ct-ppt-prep/ask]'."""
    kind = entry["kind"]
    if kind == "meeting":
        return f"[meeting {entry['meeting']}]"
    if kind == "follow-up":
        return f"[log {entry['id']}]"
    if kind == "plan":
        return "[plan]"
    return f"[{entry['checklist']}/{entry['item']}]"


def agenda_text(doc: dict[str, Any], color: bool = False) -> str:
    """``iepcheck agenda``: overdue first (with their dates), then each day with a heading."""

    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color else text

    today = date.fromisoformat(doc["today"])
    days = doc["look_ahead"]
    ahead = ngettext("Looking {n} day ahead.", "Looking {n} days ahead.", days).format(n=days)
    out = [_("Today is {day}.").format(day=day_text(today)) + " " + ahead]
    if not doc["children"] and not doc["problems"]:
        out.append(_("No children yet. Add one with: iepcheck child add NAME"))

    def line(entry: dict[str, Any], head: str = "") -> str:
        name = paint(clean_line(entry["child_name"]), "1")
        ref = paint(entry_ref(entry), "2")
        return f"  {head}{name}: {entry_words(entry)}  {ref}"

    if doc["overdue"]:
        out += ["", paint(_("Overdue"), "1;31")]
        for e in doc["overdue"]:
            when = paint(f"{short_day(date.fromisoformat(e['due']), today):<11}", "31")
            out.append(line(e, f"{when} "))
    for day in doc["days"]:
        out += ["", paint(day_heading(date.fromisoformat(day["date"]), today), "1")]
        out += [line(e) for e in day["entries"]]
    if doc["children"] and not doc["days"]:
        if doc["overdue"]:
            nothing = ngettext(
                "Nothing else due in the next {n} day.",
                "Nothing else due in the next {n} days.",
                days,
            )
        else:
            nothing = ngettext(
                "Nothing due in the next {n} day.", "Nothing due in the next {n} days.", days
            )
        out += ["", nothing.format(n=days)]
    for problem in doc["problems"]:
        out += [
            "",
            paint(
                _("Not opened: {file}: {reason}").format(
                    file=clean_line(problem["file"]), reason=clean_line(problem["reason"])
                ),
                "31",
            ),
        ]
    return "\n".join(out) + "\n"
