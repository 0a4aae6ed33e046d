"""``iepcheck status`` as text: aligned lines, colour only on a terminal. No Textual here."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..i18n import N_, _, ngettext
from ..textsafe import clean_line
from .words import (
    KIND_NAMES,
    PLAN_NAMES,
    countdown_text,
    date_word,
    day_text,
    doc_name,
    headline_text,
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


# An item's or entry's tag at the start of its line, padded to the longest (8 in English).
TAGS = {
    "overdue": N_("OVERDUE"),
    "due soon": N_("due soon"),
    "next": N_("next"),
    "follow up": N_("follow up"),
    "DUE": N_("DUE"),
    "due": N_("due"),
    "planned": N_("planned"),
    "goal": N_("goal"),
}


def _tag(key: str) -> str:
    """A tag padded so the lines' texts start in one column (8 wide in English; a follow-up's
    tag may run one longer, as "follow up" does)."""
    width = max(8, *(len(_(word)) for tag, word in TAGS.items() if tag != "follow up"))
    return f"{_(TAGS[key]):<{width}}"


def _item_lines(paint: Paint, label: str, items: list[dict[str, Any]]) -> list[str]:
    lines = []
    for item in items:
        due = short_day(date.fromisoformat(item["due"]), paint.today) if item["due"] else ""
        about = "~" if item.get("estimated") else " "
        ref = paint.dim(f"  [{item['checklist']}/{item['item']}]")
        if label == "overdue":
            tag = paint.red(_tag(label))
        elif label == "due soon":
            tag = paint.yellow(_tag(label))
        else:
            tag = _tag(label)
        lines.append(f"    {tag} {about}{due:<11} {clean_line(item['text'])}{ref}")
    return lines


def _tally_text(title: str, guide: dict[str, Any]) -> str:
    found = guide.get("conclusion", {})
    lean = ""
    if found.get("headline"):  # the status document says it in English: said again here
        tally = guide["tally"]
        lean = headline_text(found["lean"], tally["IEP"]["ticked"], tally["504"]["ticked"])
    lean = f" ({lean})" if lean else ""
    return f"    {clean_line(title)}: {tally_text(guide['tally'])}{lean}"


def _counts(entry: dict[str, Any]) -> str:
    done, total, skipped = entry["done"], entry["total"], entry["skipped"]
    if skipped:
        text = _("{done} of {total} done, {skipped} skipped")
    else:
        text = _("{done} of {total} done")
    return "    " + text.format(done=done, total=total, skipped=skipped)


def _progress_lines(paint: Paint, entry: dict[str, Any], upcoming: int) -> list[str]:
    out = [_counts(entry)]
    out += _item_lines(paint, "overdue", entry["overdue"])
    out += _item_lines(paint, "due soon", entry["due_soon"])
    if not entry["overdue"] and not entry["due_soon"]:
        out += _item_lines(paint, "next", next_items(entry["remaining"], upcoming))
    return out


def _child_lines(child: dict[str, Any], paint: Paint) -> list[str]:
    plan = PLAN_NAMES.get(child["plan"], child["plan"])
    out = ["", paint.bold(f"{clean_line(child['name'])} ({plan})")]
    shared = child.get("school_calendar")
    if shared and not shared["found"]:
        said = _(
            "The school calendar {calendar} was not found (was its file moved or deleted?): "
            "school days count without it. See: iepcheck calendar list"
        )
        out.append(paint.red("  " + said.format(calendar=clean_line(shared["id"]))))
    elif child["calendar"] == "estimated":
        said = _(
            "School days are estimated: add the school's closed days with "
            "'iepcheck child closed {child} FROM..TO'."
        )
        out.append("  " + said.format(child=child["id"]))
    out += [paint.red(f"  {clean_line(note)}") for note in child.get("notes", [])]
    later = child.get("later", [])
    nothing = not child["meetings"] and not child["standing"] and not later
    if nothing and not plan_lines(child, paint):
        said = _("Nothing coming up. Add a meeting: iepcheck meeting add {child} DATE")
        out.append("  " + said.format(child=child["id"]))
    elif later and not child["meetings"]:
        m = later[0]
        kind = KIND_NAMES.get(m["kind"], m["kind"])
        title = clean_line(m["title"]) or kind
        when = day_text(date.fromisoformat(m["date"])) + (
            f" {clean_line(m['time'])}" if m["time"] else ""
        )
        n = m["days_left"]
        said = ngettext(
            "Next meeting: {title} ({kind}) {when}, in {n} day, beyond the days shown "
            "(--days {n} shows it)",
            "Next meeting: {title} ({kind}) {when}, in {n} days, beyond the days shown "
            "(--days {n} shows it)",
            n,
        )
        said = said.format(title=paint.bold(title), kind=kind, when=when, n=n)
        out.append(f"  {said}  [id {m['id']}]")
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
        said = _("{title} (since {day})").format(
            title=paint.bold(clean_line(r["title"])), day=started
        )
        out.append(f"  {said}")
        if r["kind"] == "guide":
            out.append(_tally_text(r["title"], r))
        else:
            out += _progress_lines(paint, r, 2)
    out += plan_lines(child, paint)
    waiting = [f for f in child.get("follow_ups", []) if f["overdue"] or f["due_soon"]]
    if waiting:
        waiting_words = _("Waiting for an answer")
        out.append(f"  {paint.bold(waiting_words)}")
    for f in waiting:
        label = paint.red(_tag("overdue")) if f["overdue"] else paint.yellow(_tag("follow up"))
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
                said = _("the {document}, received {day}:").format(
                    document=doc_name(d["kind"]), day=got
                )
                out.append(f"    {said} " + paint.red(clean_line(line)))
    return out


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
            tag = paint.red(_tag("overdue"))
            said = _("{what} was due {day}, {count}: no meeting set")
        elif d["urgent"]:
            tag, said = paint.red(_tag("DUE")), _("{what} due {day}, {count}: no meeting set")
        elif d["legal"]:
            tag, said = _tag("due"), _("{what} due {day}, {count}: no meeting set")
        else:
            tag, said = _tag("planned"), _("{what} {day}, {count}: no meeting set")
        said = said.format(what=word, day=day_text(due), count=count)
        body.append(
            f"    {tag}  {said}  " + paint.dim(f"[iepcheck meeting add {child['id']} DATE]")
        )
    for r in current["missing_reports"]:
        when = short_day(date.fromisoformat(r["due"]), paint.today)
        said = _("progress report due {day} not recorded").format(day=when)
        body.append(
            f"    {paint.red(_tag('overdue'))}  {said}  "
            + paint.dim(f"[iepcheck goal report {child['id']} GOAL …]")
        )
    for g in current["goals"]:
        if g["flag"]:
            said = _("no progress in the last two reports: {goal}").format(
                goal=clean_line(g["text"])
            )
            body.append(
                f"    {paint.yellow(_tag('goal'))}  {said}  " + paint.dim(f"[goal {g['id']}]")
            )
    if not body:
        return []
    plan = PLAN_NAMES.get(current["kind"], current["kind"])
    heading = _("The {plan}").format(plan=plan)
    return [f"  {paint.bold(heading)}", *body]


def status_text(data: dict[str, Any], color: bool) -> str:
    today = date.fromisoformat(data["today"])
    paint = Paint(color, today)
    out: list[str] = [_("Today is {day}.").format(day=day_text(today))]
    # Said once: the checklists are shown in a translation not reviewed yet, or partly in English.
    out += [paint.yellow(clean_line(note)) for note in data.get("content_notes", [])]
    if not data["children"] and not data["problems"]:
        out.append(_("No children yet. Add one with: iepcheck child add NAME"))
    for child in data["children"]:
        out += _child_lines(child, paint)
    for problem in data["problems"]:
        out += [
            "",
            paint.red(
                _("Not opened: {file}: {reason}").format(
                    file=clean_line(problem["file"]), reason=clean_line(problem["reason"])
                )
            ),
        ]
    return "\n".join(out) + "\n"
