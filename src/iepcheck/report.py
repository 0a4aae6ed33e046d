"""``iepcheck status``: what remains, as aligned text or stable JSON. No Textual here."""

from __future__ import annotations

from datetime import date
from typing import Any

from .schedule import ChildSummary, ItemView, MeetingSummary, RunSummary
from .textsafe import clean_line

PLAN_NAMES = {"iep": "IEP", "504": "504 plan", "none": "no plan yet"}
KIND_NAMES = {"ppt": "PPT", "504": "504 meeting", "other": "meeting"}


def day_text(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b} {day.year}"


def short_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def countdown(summary: MeetingSummary) -> str:
    return countdown_text(summary.days_left, summary.school_days_left, summary.estimated)


# -- JSON: the one summary that status prints, caches and renders as text -------------------------


def _item_json(summary: RunSummary, view: ItemView) -> dict[str, Any]:
    return {
        "checklist": summary.run.checklist,
        "item": view.id,
        "text": view.item.text,
        "due": view.due.isoformat() if view.due else None,
        "estimated": view.estimated,
    }


def _lists(pairs: list[tuple[RunSummary, ItemView]]) -> list[dict[str, Any]]:
    return [_item_json(r, v) for r, v in pairs]


def _tally_json(summary: RunSummary) -> dict[str, Any]:
    return {k: {"ticked": a, "of": b} for k, (a, b) in summary.tally().items()}


def child_json(cs: ChildSummary) -> dict[str, Any]:
    """One child's status, as ``status --json`` prints it (keys are only ever added)."""
    meetings = []
    for m in cs.meetings:
        done, skipped, total = m.counts()
        meetings.append(
            {
                "id": m.meeting.id,
                "title": m.meeting.title,
                "kind": m.meeting.kind,
                "date": m.meeting.date.isoformat(),
                "time": m.meeting.time or None,
                "days_left": m.days_left,
                "school_days_left": m.school_days_left,
                "estimated": m.estimated,
                "done": done,
                "skipped": skipped,
                "total": total,
                "checklists": [r.run.checklist for r in m.runs],
                "overdue": _lists(m.views("overdue")),
                "due_soon": _lists(m.views("due_soon")),
                "remaining": _lists(m.views("remaining")),
                "runs": [
                    {
                        "id": r.run.id,
                        "checklist": r.run.checklist,
                        "title": r.run.title,
                        "kind": r.run.kind,
                        "done": r.done,
                        "skipped": r.skipped,
                        "total": r.total,
                        "overdue": len(r.overdue),
                    }
                    for r in m.runs
                ],
                "guides": [
                    {"checklist": r.run.checklist, "title": r.run.title, "tally": _tally_json(r)}
                    for r in m.runs
                    if r.run.kind == "guide"
                ],
            }
        )
    standing = []
    for r in cs.standing:
        entry: dict[str, Any] = {
            "run": r.run.id,
            "checklist": r.run.checklist,
            "title": r.run.title,
            "kind": r.run.kind,
            "started": r.run.started.isoformat(),
            "done": r.done,
            "skipped": r.skipped,
            "total": r.total,
            "overdue": [_item_json(r, v) for v in r.overdue],
            "due_soon": [_item_json(r, v) for v in r.due_soon],
            "remaining": [_item_json(r, v) for v in r.remaining],
        }
        if r.run.kind == "guide":
            entry["tally"] = _tally_json(r)
        standing.append(entry)
    return {
        "id": cs.child.id,
        "name": cs.child.name,
        "plan": cs.child.plan,
        "calendar": "estimated" if cs.estimated else "set",
        "meetings": meetings,
        "standing": standing,
    }


# -- text -----------------------------------------------------------------------------------------


class Paint:
    """ANSI colour for a terminal, nothing otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.enabled else text

    def bold(self, text: str) -> str:
        return self(text, "1")

    def red(self, text: str) -> str:
        return self(text, "31")

    def yellow(self, text: str) -> str:
        return self(text, "33")

    def dim(self, text: str) -> str:
        return self(text, "2")


def _item_lines(paint: Paint, label: str, items: list[dict[str, Any]]) -> list[str]:
    lines = []
    for item in items:
        due = short_day(date.fromisoformat(item["due"])) if item["due"] else ""
        about = "~" if item.get("estimated") else " "
        ref = paint.dim(f"  [{item['checklist']}/{item['item']}]")
        if label == "OVERDUE":
            tag = paint.red(f"{label:<8}")
        elif label == "due soon":
            tag = paint.yellow(f"{label:<8}")
        else:
            tag = f"{label:<8}"
        lines.append(f"    {tag} {about}{due:<11} {clean_line(item['text'])}{ref}")
    return lines


def next_items(items: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """Open items in the order to do them: dated ones by date, then the undated."""
    dated = sorted((i for i in items if i["due"]), key=lambda i: i["due"])
    return (dated + [i for i in items if not i["due"]])[:count]


def _tally_text(title: str, tally: dict[str, Any]) -> str:
    iep, five = tally["IEP"], tally["504"]
    return (
        f"    {clean_line(title)}: IEP signs {iep['ticked']} of {iep['of']}, "
        f"504 signs {five['ticked']} of {five['of']}"
    )


def _counts(entry: dict[str, Any]) -> str:
    skipped = f", {entry['skipped']} skipped" if entry["skipped"] else ""
    return f"    {entry['done']} of {entry['total']} done{skipped}"


def _progress_lines(paint: Paint, entry: dict[str, Any], upcoming: int) -> list[str]:
    out = [_counts(entry)]
    out += _item_lines(paint, "OVERDUE", entry["overdue"])
    out += _item_lines(paint, "due soon", entry["due_soon"])
    if not entry["overdue"] and not entry["due_soon"]:
        out += _item_lines(paint, "next", next_items(entry["remaining"], upcoming))
    return out


def countdown_text(days: int, school_days: int, estimated: bool) -> str:
    if days == 0:
        return "today"
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} ago"
    about = "about " if estimated else ""
    return (
        f"in {days} day{'s' if days != 1 else ''} "
        f"({about}{school_days} school day{'s' if school_days != 1 else ''})"
    )


def _child_lines(child: dict[str, Any], paint: Paint) -> list[str]:
    plan = PLAN_NAMES.get(child["plan"], child["plan"])
    out = ["", paint.bold(f"{clean_line(child['name'])} ({plan})")]
    if child["calendar"] == "estimated":
        out.append(
            "  School days are estimated: add the school's closed days with "
            f"'iepcheck child closed {child['id']} FROM..TO'."
        )
    if not child["meetings"] and not child["standing"]:
        out.append(f"  Nothing coming up. Add a meeting: iepcheck meeting add {child['id']} DATE")
    for m in child["meetings"]:
        kind = KIND_NAMES.get(m["kind"], m["kind"])
        when = day_text(date.fromisoformat(m["date"])) + (f" {m['time']}" if m["time"] else "")
        title = clean_line(m["title"]) or kind
        count = countdown_text(m["days_left"], m["school_days_left"], m["estimated"])
        out.append(f"  {paint.bold(title)} ({kind}) {when}, {count}  [id {m['id']}]")
        out += _progress_lines(paint, m, 3)
        out += [_tally_text(g["title"], g["tally"]) for g in m["guides"]]
    for r in child["standing"]:
        started = day_text(date.fromisoformat(r["started"]))
        out.append(f"  {paint.bold(clean_line(r['title']))} (since {started})")
        if r["kind"] == "guide":
            out.append(_tally_text(r["title"], r["tally"]))
        else:
            out += _progress_lines(paint, r, 2)
    return out


def status_text(data: dict[str, Any], color: bool) -> str:
    paint = Paint(color)
    today = date.fromisoformat(data["today"])
    out: list[str] = [f"Today is {day_text(today)}."]
    if not data["children"] and not data["problems"]:
        out.append("No children yet. Add one with: iepcheck child add NAME")
    for child in data["children"]:
        out += _child_lines(child, paint)
    for problem in data["problems"]:
        out += [
            "",
            paint.red(
                f"Not opened: {clean_line(problem['file'])}: {clean_line(problem['reason'])}"
            ),
        ]
    return "\n".join(out) + "\n"
