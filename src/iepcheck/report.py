"""``iepcheck status``: what remains, as aligned text or stable JSON. No Textual here."""

from __future__ import annotations

from datetime import date
from typing import Any

from .progress import Child
from .schedule import ChildSummary, ItemView, MeetingSummary, RunSummary
from .textsafe import clean_line

PLAN_NAMES = {"iep": "IEP", "504": "504 plan", "none": "no plan yet"}
KIND_NAMES = {"ppt": "PPT", "504": "504 meeting", "other": "meeting"}


def day_text(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b} {day.year}"


def short_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def countdown(summary: MeetingSummary) -> str:
    about = "about " if summary.estimated else ""
    days, school = summary.days_left, summary.school_days_left
    if days == 0:
        return "today"
    if days > 0:
        plural = "s" if days != 1 else ""
        s_plural = "s" if school != 1 else ""
        return f"in {days} day{plural} ({about}{school} school day{s_plural})"
    return f"{-days} day{'s' if days != -1 else ''} ago"


# -- JSON -----------------------------------------------------------------------------------------


def _item_json(summary: RunSummary, view: ItemView) -> dict[str, Any]:
    return {
        "checklist": summary.run.checklist,
        "item": view.id,
        "text": view.item.text,
        "due": view.due.isoformat() if view.due else None,
    }


def _lists(pairs: list[tuple[RunSummary, ItemView]]) -> list[dict[str, Any]]:
    return [_item_json(r, v) for r, v in pairs]


def status_json(summaries: list[ChildSummary], today: date) -> dict[str, Any]:
    children = []
    for cs in summaries:
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
                    "done": done,
                    "skipped": skipped,
                    "total": total,
                    "checklists": [r.run.checklist for r in m.runs],
                    "overdue": _lists(m.views("overdue")),
                    "due_soon": _lists(m.views("due_soon")),
                    "remaining": _lists(m.views("remaining")),
                }
            )
        standing = []
        for r in cs.standing:
            entry: dict[str, Any] = {
                "checklist": r.run.checklist,
                "title": r.run.title,
                "started": r.run.started.isoformat(),
                "done": r.done,
                "skipped": r.skipped,
                "total": r.total,
                "overdue": [_item_json(r, v) for v in r.overdue],
                "due_soon": [_item_json(r, v) for v in r.due_soon],
                "remaining": [_item_json(r, v) for v in r.remaining],
            }
            if r.run.kind == "guide":
                entry["tally"] = {k: {"ticked": a, "of": b} for k, (a, b) in r.tally().items()}
            standing.append(entry)
        children.append(
            {
                "id": cs.child.id,
                "name": cs.child.name,
                "plan": cs.child.plan,
                "calendar": "estimated" if cs.estimated else "set",
                "meetings": meetings,
                "standing": standing,
            }
        )
    return {"today": today.isoformat(), "children": children}


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


def _item_lines(
    paint: Paint, label: str, views: list[ItemView], run_of: dict[int, RunSummary], indent: str
) -> list[str]:
    lines = []
    for view in views:
        due = short_day(view.due) if view.due else ""
        about = "~" if view.estimated else " "
        run = run_of.get(id(view))
        ref = f"  [{run.run.checklist}/{view.id}]" if run else ""
        text = clean_line(view.item.text)
        tag = paint.red(f"{label:<8}") if label == "OVERDUE" else paint.yellow(f"{label:<8}")
        if label == "next":
            tag = f"{label:<8}"
        lines.append(f"{indent}{tag} {about}{due:<11} {text}{paint.dim(ref)}")
    return lines


def status_text(
    summaries: list[ChildSummary], problems: list[str], today: date, color: bool
) -> str:
    paint = Paint(color)
    out: list[str] = [f"Today is {day_text(today)}."]
    if not summaries and not problems:
        out.append("No children yet. Add one with: iepcheck child add NAME")
    for cs in summaries:
        out += _child_block(cs, paint)
    for problem in problems:
        out.append("")
        out.append(paint.red(f"Not opened: {clean_line(problem)}"))
    return "\n".join(out) + "\n"


def _child_block(cs: ChildSummary, paint: Paint) -> list[str]:
    child = cs.child
    out = ["", paint.bold(f"{clean_line(child.name)} ({PLAN_NAMES.get(child.plan, child.plan)})")]
    if cs.estimated:
        out.append(
            "  School days are estimated: add the school's closed days with "
            f"'iepcheck child closed {child.id} FROM..TO'."
        )
    if not cs.meetings and not cs.standing:
        out.append(
            f"  Nothing coming up. Add a meeting: iepcheck meeting add {child.id} YYYY-MM-DD"
        )
    for m in cs.meetings:
        done, skipped, total = m.counts()
        when = f"{day_text(m.meeting.date)}{' ' + m.meeting.time if m.meeting.time else ''}"
        title = clean_line(m.meeting.title) or KIND_NAMES.get(m.meeting.kind, "Meeting")
        out.append(
            f"  {paint.bold(title)} ({KIND_NAMES.get(m.meeting.kind, m.meeting.kind)}) "
            f"{when}, {countdown(m)}  [id {m.meeting.id}]"
        )
        skipped_text = f", {skipped} skipped" if skipped else ""
        out.append(f"    {done} of {total} done{skipped_text}")
        run_of = {id(v): r for r in m.runs for v in r.items}
        overdue = [v for _, v in m.views("overdue")]
        soon = [v for _, v in m.views("due_soon")]
        out += _item_lines(paint, "OVERDUE", overdue, run_of, "    ")
        out += _item_lines(paint, "due soon", soon, run_of, "    ")
        if not overdue and not soon:
            upcoming = [v for r in m.runs if r.run.kind != "guide" for v in r.next_items(1)]
            out += _item_lines(paint, "next", upcoming[:3], run_of, "    ")
        for r in m.runs:
            if r.run.kind == "guide":
                out.append(f"    {_tally(r)}")
    for r in cs.standing:
        out.append(f"  {paint.bold(clean_line(r.run.title))} (since {day_text(r.run.started)})")
        if r.run.kind == "guide":
            out.append(f"    {_tally(r)}")
            continue
        skipped_text = f", {r.skipped} skipped" if r.skipped else ""
        out.append(f"    {r.done} of {r.total} done{skipped_text}")
        run_of = {id(v): r for v in r.items}
        out += _item_lines(paint, "OVERDUE", r.overdue, run_of, "    ")
        out += _item_lines(paint, "due soon", r.due_soon, run_of, "    ")
        if not r.overdue and not r.due_soon:
            out += _item_lines(paint, "next", r.next_items(2), run_of, "    ")
    return out


def _tally(summary: RunSummary) -> str:
    t = summary.tally()
    return (
        f"{clean_line(summary.run.title)}: IEP signs {t['IEP'][0]} of {t['IEP'][1]}, "
        f"504 signs {t['504'][0]} of {t['504'][1]}"
    )


def child_label(child: Child) -> str:
    return f"{clean_line(child.name)} ({child.id})"
