"""``iepcheck status`` as text: aligned lines, colour only on a terminal. No Textual here."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..textsafe import clean_line
from .words import (
    KIND_NAMES,
    PLAN_NAMES,
    countdown_text,
    date_word,
    day_text,
    doc_name,
    next_items,
    short_day,
    tally_text,
    verdict_line,
)


class Paint:
    """ANSI colour for a terminal, nothing otherwise; and the day the text is written for."""

    def __init__(self, enabled: bool, today: date | None = None) -> None:
        self.enabled = enabled
        self.today = today

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
        due = short_day(date.fromisoformat(item["due"]), paint.today) if item["due"] else ""
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


def _tally_text(title: str, guide: dict[str, Any]) -> str:
    lean = guide.get("conclusion", {}).get("headline", "")
    lean = f" ({lean})" if lean else ""
    return f"    {clean_line(title)}: {tally_text(guide['tally'])}{lean}"


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


def _child_lines(child: dict[str, Any], paint: Paint) -> list[str]:
    plan = PLAN_NAMES.get(child["plan"], child["plan"])
    out = ["", paint.bold(f"{clean_line(child['name'])} ({plan})")]
    shared = child.get("school_calendar")
    if shared and not shared["found"]:
        out.append(
            paint.red(
                f"  The school calendar {clean_line(shared['id'])} was not found (was its file "
                "moved or deleted?): school days count without it. See: iepcheck calendar list"
            )
        )
    elif child["calendar"] == "estimated":
        out.append(
            "  School days are estimated: add the school's closed days with "
            f"'iepcheck child closed {child['id']} FROM..TO'."
        )
    out += [paint.red(f"  {clean_line(note)}") for note in child.get("notes", [])]
    later = child.get("later", [])
    nothing = not child["meetings"] and not child["standing"] and not later
    if nothing and not plan_lines(child, paint):
        out.append(f"  Nothing coming up. Add a meeting: iepcheck meeting add {child['id']} DATE")
    elif later and not child["meetings"]:
        m = later[0]
        kind = KIND_NAMES.get(m["kind"], m["kind"])
        title = clean_line(m["title"]) or kind
        when = day_text(date.fromisoformat(m["date"])) + (
            f" {clean_line(m['time'])}" if m["time"] else ""
        )
        n = m["days_left"]
        days = f"{n} day{'s' if n != 1 else ''}"
        out.append(
            f"  Next meeting: {paint.bold(title)} ({kind}) {when}, in {days}, beyond the days "
            f"shown (--days {n} shows it)  [id {m['id']}]"
        )
    for m in child["meetings"]:
        kind = KIND_NAMES.get(m["kind"], m["kind"])
        when = day_text(date.fromisoformat(m["date"])) + (
            f" {clean_line(m['time'])}" if m["time"] else ""
        )
        title = clean_line(m["title"]) or kind
        count = countdown_text(m["days_left"], m["school_days_left"], m["estimated"])
        out.append(f"  {paint.bold(title)} ({kind}) {when}, {count}  [id {m['id']}]")
        out += _progress_lines(paint, m, 3)
        out += [_tally_text(g["title"], g) for g in m["guides"]]
    for r in child["standing"]:
        started = day_text(date.fromisoformat(r["started"]))
        out.append(f"  {paint.bold(clean_line(r['title']))} (since {started})")
        if r["kind"] == "guide":
            out.append(_tally_text(r["title"], r))
        else:
            out += _progress_lines(paint, r, 2)
    out += plan_lines(child, paint)
    waiting = [f for f in child.get("follow_ups", []) if f["overdue"] or f["due_soon"]]
    if waiting:
        out.append(f"  {paint.bold('Waiting for an answer')}")
    for f in waiting:
        label = paint.red(f"{'OVERDUE':<8}") if f["overdue"] else paint.yellow(f"{'follow up':<8}")
        who = f" ({clean_line(f['with'])})" if f["with"] else ""
        due = short_day(date.fromisoformat(f["due"]), paint.today)
        out.append(f"    {label}  {due:<10}  {clean_line(f['text'])}{who}  [log {f['id']}]")
    for d in child.get("documents", []):
        for v in d["verdicts"]:
            if v["status"] == "late":
                got = short_day(date.fromisoformat(d["received"]), paint.today)
                line = verdict_line(
                    "late",
                    v["rule"],
                    date.fromisoformat(v["due"]),
                    v["late_by"],
                    v["source"]["title"],
                )
                out.append(
                    f"    the {doc_name(d['kind'])}, received {got}: " + paint.red(clean_line(line))
                )
    return out


OVERDUE = f"{'OVERDUE':<8}"
GOAL = f"{'goal':<8}"


def plan_lines(child: dict[str, Any], paint: Paint) -> list[str]:
    """What the current plan makes visible: a review or reevaluation ahead with no meeting set,
    progress reports not recorded, goals with no progress twice (nothing when all is well)."""
    current = child.get("current_plan")
    if not current:
        return []
    body: list[str] = []
    for d in current["dates"]:
        if not d["in_look_ahead"] or d["meeting_set"]:
            continue
        due = date.fromisoformat(d["due"])
        word = date_word(d["what"], d["legal"])
        count = countdown_text(d["days_left"], d["school_days_left"], d["estimated"])
        if d["overdue"]:
            tag, when = paint.red(OVERDUE), f"was due {day_text(due)}, {count}"
        elif d["urgent"]:
            tag, when = paint.red(f"{'DUE':<8}"), f"due {day_text(due)}, {count}"
        else:
            tag = f"{'due' if d['legal'] else 'planned':<8}"
            when = f"{'due ' if d['legal'] else ''}{day_text(due)}, {count}"
        body.append(
            f"    {tag}  {word} {when}: no meeting set  "
            + paint.dim(f"[iepcheck meeting add {child['id']} DATE]")
        )
    for r in current["missing_reports"]:
        when = short_day(date.fromisoformat(r["due"]), paint.today)
        body.append(
            f"    {paint.red(OVERDUE)}  progress report due {when} not recorded  "
            + paint.dim(f"[iepcheck goal report {child['id']} GOAL …]")
        )
    for g in current["goals"]:
        if g["flag"]:
            body.append(
                f"    {paint.yellow(GOAL)}  no progress in the last two reports: "
                f"{clean_line(g['text'])}  " + paint.dim(f"[goal {g['id']}]")
            )
    if not body:
        return []
    plan = PLAN_NAMES.get(current["kind"], current["kind"])
    return [f"  {paint.bold(f'The {plan}')}", *body]


def status_text(data: dict[str, Any], color: bool) -> str:
    today = date.fromisoformat(data["today"])
    paint = Paint(color, today)
    out: list[str] = [f"Today is {day_text(today)}."]
    # Said once: the checklists are shown in a translation not reviewed yet, or partly in English.
    out += [paint.yellow(clean_line(note)) for note in data.get("content_notes", [])]
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
