"""How the home screen's rows read: meetings, their checklists, standing runs, the caseload."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.cells import cell_len
from textual.content import Content, Span
from textual.widgets.option_list import Option

from ...i18n import _, ngettext
from ...i18n import day_text as full_day
from ...reports.words import (
    KIND_NAMES,
    PLAN_NAMES,
    countdown_text,
    date_word,
    day_heading,
    day_text,
    entry_words,
    headline_text,
    next_items,
    short_day,
    tally_text,
)
from ...textsafe import clean_line
from ..text import OneLine, join, one_line, safe_line

SHOWN_OVERDUE = 2  # overdue items a meeting or standing checklist lists on Home
# A caseload's agenda on Home is a few screens, whatever the number of children (the whole is
# `iepcheck agenda`): the children furthest behind in the overdue part, then the entries of
# the next days up to a number; a row says how many more (a child chosen shows all of its).
SHOWN_OVERDUE_CHILDREN = 50
SHOWN_DAY_ENTRIES = 250
SHOWN_NEXT = 2  # and the next items to do after them


def overdue_count(entry: dict[str, Any]) -> int:
    """How many items are overdue (a trimmed entry, see :func:`trimmed`, says so itself)."""
    count = entry.get("overdue_count")
    return count if isinstance(count, int) else len(entry["overdue"])


def _pending(entry: dict[str, Any]) -> list[dict[str, Any]]:
    return [i for i in entry["remaining"] if i not in entry["overdue"]]


def _item(item: dict[str, Any]) -> dict[str, Any]:
    return {k: item[k] for k in ("checklist", "item", "text", "due")}


def _trim(entry: dict[str, Any]) -> dict[str, Any]:
    if entry.get("kind") == "guide":
        return entry
    kept = {k: v for k, v in entry.items() if k not in ("due_soon", "checklists", "again")}
    kept["overdue_count"] = overdue_count(entry)
    kept["overdue"] = [_item(i) for i in entry["overdue"][:SHOWN_OVERDUE]]
    kept["remaining"] = [_item(i) for i in next_items(_pending(entry), SHOWN_NEXT)]
    return kept


def trimmed(data: dict[str, Any]) -> dict[str, Any]:
    """The status document cut to what Home shows (the first overdue and next items of each
    meeting and standing checklist, and how many are overdue): kept to paint the next start
    at once. Home shows it exactly as it shows the whole document (tested)."""
    children = []
    for child in data["children"]:
        kept = {k: v for k, v in child.items() if k not in ("documents", "school_calendar")}
        kept["meetings"] = [_trim(m) for m in child["meetings"]]
        kept["standing"] = [_trim(s) for s in child["standing"]]
        children.append(kept)
    if "agenda" in data:
        return {**data, "children": children, "agenda": trimmed_agenda(data["agenda"])}
    return {**data, "children": children}


def progress_bar(done: int, total: int, width: int = 14) -> Content:
    filled = round(width * done / total) if total else 0
    return join(("━" * filled, "$success"), ("━" * (width - filled), "$panel-lighten-2"))


def _due(item: dict[str, Any], today: date | None) -> str:
    return short_day(date.fromisoformat(item["due"]), today) if item["due"] else ""


def _fit(text: str, width: int) -> Content:
    """One line of file text, cut with an ellipsis to fit the pane."""
    return safe_line(text).truncate(max(width, 10), ellipsis=True)


def _item_lines(
    entry: dict[str, Any],
    width: int,
    today: date | None = None,
) -> list[Content]:
    lines = []
    room = width - 15  # the mark and the date before the text
    for item in entry["overdue"][:SHOWN_OVERDUE]:
        due = (f"{_due(item, today):<11}", "$error bold")  # bold: still stands out under NO_COLOR
        lines.append(join(("  ! ", "$error bold"), due, _fit(item["text"], room)))
    extra = overdue_count(entry) - SHOWN_OVERDUE
    if extra > 0:
        more = ngettext("and {n} more overdue", "and {n} more overdue", extra).format(n=extra)
        lines.append(Content(f"    {more}").stylize("$error"))
    for item in next_items(_pending(entry), SHOWN_NEXT):
        due = (f"{_due(item, today):<11}", "$text-muted")
        lines.append(join(("  → ", "$text-muted"), due, _fit(item["text"], room)))
    return lines


def _counts(entry: dict[str, Any]) -> Content:
    n = entry["skipped"]
    skipped = " · " + ngettext("{n} skipped", "{n} skipped", n).format(n=n) if n else ""
    overdue = overdue_count(entry)
    done = _("{done}/{total} done").format(done=entry["done"], total=entry["total"])
    late = ngettext("{n} overdue", "{n} overdue", overdue).format(n=overdue)
    return join(
        "  ",
        progress_bar(entry["done"], entry["total"], 10),
        f" {done}{skipped}",
        (f" · {late}", "$error") if overdue else "",
    )


def meeting_prompt(m: dict[str, Any], width: int = 60, today: date | None = None) -> Content:
    kind = KIND_NAMES.get(m["kind"], m["kind"])
    when = day_text(date.fromisoformat(m["date"])) + (f" {m['time']}" if m["time"] else "")
    lines = [
        # A meeting without a title is named by its kind, once ("504 meeting · Tue 15 Dec").
        join(safe_line(m["title"], "bold"), f"  {kind} · {when}")
        if m["title"]
        else join(safe_line(kind, "bold"), f" · {when}"),
        join(
            "  ", (countdown_text(m["days_left"], m["school_days_left"], m["estimated"]), "$accent")
        ),
    ]
    if not m["runs"]:
        # A meeting with nothing to prepare must not look ready.
        lines.append(
            Content("  ! " + _("No checklist attached: press Enter to attach one")).stylize(
                "$warning"
            )
        )
    else:
        lines += [_counts(m), *_item_lines(m, width, today)]
    return Content("\n").join(lines)


def later_prompt(m: dict[str, Any], width: int = 60) -> Content:
    """A meeting beyond the days Home looks ahead, with nothing overdue yet (Enter opens it)."""
    kind = KIND_NAMES.get(m["kind"], m["kind"])
    when = day_text(date.fromisoformat(m["date"])) + (f" {m['time']}" if m["time"] else "")
    tail = f"  {kind} · {when}" if m["title"] else f" · {when}"
    n = m["days_left"]
    return Content("\n").join(
        [
            join(_fit(m["title"] or kind, width - len(tail)).stylize("bold"), tail),
            Content(
                "  "
                + ngettext("next meeting, in {n} day", "next meeting, in {n} days", n).format(n=n)
            ).stylize("$accent"),
        ]
    )


def run_prompt(run: dict[str, Any], guide: dict[str, Any] | None, width: int = 60) -> Content:
    """A checklist line under its meeting: count first, so a long title is what gets cut."""
    if guide:
        lean = guide.get("conclusion", {}).get("lean", "none")
        count = tally_text(guide["tally"], short=True, lean=lean)
    else:
        count = f"{run['done']}/{run['total']}"
    # "≡", not "☰": terminals and Rich agree it is one cell wide.
    head = f"    ≡ {count}  "
    return join((head, "$text-muted"), _fit(run["title"], width - len(head)))


def standing_prompt(entry: dict[str, Any], width: int = 60, today: date | None = None) -> Content:
    started = date.fromisoformat(entry["started"])
    # "3 Dec", "3 dic": the day and month of the day as the language writes it.
    since = "  " + _("since {day}").format(day=" ".join(full_day(started).split()[1:3]))

    lines = [join(_fit(entry["title"], width - len(since)).stylize("bold"), (since, "$text-muted"))]
    if entry["kind"] == "guide":
        found, tally = entry.get("conclusion", {}), entry["tally"]
        # The status document keeps the headline in English: said again in the app's language.
        lean = (
            headline_text(found["lean"], tally["IEP"]["ticked"], tally["504"]["ticked"])
            if found.get("headline")
            else ""
        )
        lines.append(Content("  " + tally_text(entry["tally"]) + (f" · {lean}" if lean else "")))
    else:
        lines.append(_counts(entry))
        lines += _item_lines(entry, width, today)
    return Content("\n").join(lines)


def follow_up_prompt(
    follow_ups: list[dict[str, Any]], width: int, today: date | None = None
) -> Content | None:
    """Contacts waiting for an answer whose follow-up date is near or past (Enter: the
    record), like due items; None when there is nothing to follow up this week."""
    near = [f for f in follow_ups if f["overdue"] or f["due_soon"]]
    if not near:
        return None
    lines = [Content(_("Waiting for an answer")).stylize("bold")]
    room = width - 15
    for f in near[:3]:
        due = f"{short_day(date.fromisoformat(f['due']), today):<11}"
        if f["overdue"]:
            lines.append(join(("  ! ", "$error bold"), (due, "$error bold"), _fit(f["text"], room)))
        else:
            lines.append(join(("  → ", "$text-muted"), (due, "$text-muted"), _fit(f["text"], room)))
    if len(near) > 3:
        more = len(near) - 3
        said = ngettext("and {n} more", "and {n} more", more).format(n=more)
        lines.append(Content(f"    {said}").stylize("$text-muted"))
    return Content("\n").join(lines)


def plan_prompt(
    current: dict[str, Any] | None, width: int, today: date | None = None
) -> Content | None:
    """What the current plan makes visible (Enter: the Plan screen): a review or reevaluation
    ahead with no meeting set, reports not recorded, goals with no progress twice; None when
    none of these is there."""
    if not current:
        return None
    room = width - 15
    lines: list[Content] = []
    for d in current["dates"]:
        if not d["in_look_ahead"] or d["meeting_set"]:
            continue
        due = f"{short_day(date.fromisoformat(d['due']), today):<11}"
        school = d["school_days_left"]
        if d["days_left"] < 0:
            ago = -d["days_left"]
            left = ngettext("{n} day ago", "{n} days ago", ago).format(n=ago)
        elif d["estimated"]:
            left = ngettext("about {n} school day", "about {n} school days", school).format(
                n=school
            )
        else:
            left = ngettext("{n} school day", "{n} school days", school).format(n=school)
        text = _("{what}, {left}: no meeting set").format(
            what=date_word(d["what"], d["legal"]), left=left
        )
        if d["urgent"] or d["overdue"]:
            lines.append(join(("  ! ", "$error bold"), (due, "$error bold"), _fit(text, room)))
        else:
            lines.append(join(("  → ", "$text-muted"), (due, "$text-muted"), _fit(text, room)))
    for r in current["missing_reports"]:
        due = f"{short_day(date.fromisoformat(r['due']), today):<11}"
        text = _("progress report not recorded")
        lines.append(join(("  ! ", "$error bold"), (due, "$error bold"), _fit(text, room)))
    for g in current["goals"]:
        if g["flag"]:
            head = _("no progress twice:") + " "
            lines.append(
                join(
                    ("  ▼ ", "$warning bold"),
                    (head, "$warning"),
                    _fit(g["text"], width - 4 - len(head)),
                )
            )
    if not lines:
        return None
    kind = current["kind"]
    plan = _(PLAN_NAMES[kind]) if kind in PLAN_NAMES else kind
    return Content("\n").join([Content(_("The {plan}").format(plan=plan)).stylize("bold"), *lines])


# What Home keeps of each agenda entry (for its snapshot): what its row shows and opens.
AGENDA_KEYS = (
    "child",
    "child_name",
    "kind",
    "text",
    "due",
    "time",
    "meeting_kind",
    "meeting",
    "run",
    "with",
    "urgent",
)


def _agenda_entry(entry: dict[str, Any]) -> dict[str, Any]:
    kept = {k: entry[k] for k in AGENDA_KEYS if k in entry}
    if entry.get("at_meeting"):  # only how many are said
        kept["at_meeting"] = [{} for _ in entry["at_meeting"]]
    return kept


def trimmed_agenda(doc: dict[str, Any]) -> dict[str, Any]:
    """The agenda cut to what its rows show (see :func:`agenda_options`): the entries shown,
    and how many were not."""
    shown = _shown(doc)
    return {
        **doc,
        "overdue": [_agenda_entry(e) for _child, entries in shown.overdue for e in entries],
        "overdue_count": shown.overdue_count,
        "more_overdue_children": shown.more_children,
        "days": [
            {"date": day, "entries": [_agenda_entry(e) for e in entries]}
            for day, entries in shown.days
        ],
        "more_entries": shown.more_entries,
    }


@dataclass(frozen=True)
class _Shown:
    """What of an agenda Home lists (the rest is counted)."""

    overdue: list[tuple[str, list[dict[str, Any]]]]  # by child, the oldest first: all of each
    overdue_count: int
    more_children: int  # children with overdue entries not listed
    days: list[tuple[str, list[dict[str, Any]]]]
    more_entries: int  # entries of the next days not listed


def _shown(doc: dict[str, Any]) -> _Shown:
    by_child: dict[str, list[dict[str, Any]]] = {}
    for e in doc["overdue"]:
        by_child.setdefault(e["child"], []).append(e)
    children = list(by_child.items())
    days: list[tuple[str, list[dict[str, Any]]]] = []
    room, more = SHOWN_DAY_ENTRIES, doc.get("more_entries", 0)
    for day in doc["days"]:
        entries = day["entries"][:room]
        room -= len(entries)
        more += len(day["entries"]) - len(entries)
        if entries:
            days.append((day["date"], entries))
    return _Shown(
        children[:SHOWN_OVERDUE_CHILDREN],
        doc.get("overdue_count", len(doc["overdue"])),
        max(len(children) - SHOWN_OVERDUE_CHILDREN, 0) + doc.get("more_overdue_children", 0),
        days,
        more,
    )


def _target(entry: dict[str, Any]) -> str:
    """What Enter on an agenda entry opens, as Home's row ids say it."""
    child, kind = entry["child"], entry["kind"]
    if kind == "meeting":
        return f"m:{child}:{entry['meeting']}"
    if kind == "item" and entry.get("run"):
        return f"r:{child}:{entry['run']}"
    if kind == "plan":
        return f"plan:{child}"
    if kind == "follow-up":
        return f"log:{child}"
    return f"c:{child}"


def _agenda_row(entry: dict[str, Any], width: int, head: Content) -> Content:
    """One line: the mark or date, the child's name (cut first to a third of the line), what.
    (Built in one step: a caseload's agenda has thousands of rows, made at each start.)"""
    room = max(width - head.cell_length, 12)
    name = _name_cut(entry["child_name"], max(min(room // 3, 24), 6))
    words = clean_line(entry_words(entry))
    at = len(head.plain)
    spans = [*head.spans, Span(at, at + len(name), "$accent")]
    at += len(name)
    spans.append(Span(at, at + 3, "$text-muted"))
    if entry["kind"] == "meeting" and words:
        spans.append(Span(at + 3, at + 3 + len(words), "bold"))
    return _cut_row(f"{head.plain}{name} · {words}", spans, width)


def _cut_row(plain: str, spans: list[Span], width: int) -> OneLine:
    """A row of clean text cut to ``width`` cells with an ellipsis, as Content.truncate
    cuts it; by slicing when every character is one cell wide."""
    length = cell_len(plain)
    if length <= width:
        return OneLine(plain, spans, length, strip_control_codes=False)
    if length == len(plain) and width > 0:
        text = plain[: width - 1] + "…"
        end = len(text)
        kept = [
            span if span.end < end else Span(span.start, min(end, span.end), span.style)
            for span in spans
            if span.start < end
        ]
        return OneLine(text, kept, width, strip_control_codes=False)
    row = Content(plain, spans, length, strip_control_codes=False)
    return one_line(row.truncate(width, ellipsis=True))


def _note(text: str, style: str) -> Option:
    """A row that says what is not listed (whole: it may wrap)."""
    return Option(Content(text).stylize(style), disabled=True)


@functools.lru_cache(maxsize=4096)
def _name_cut(name: str, cells: int) -> str:
    """A child's name as one safe line, cut to ``cells`` with an ellipsis (the same names
    come back on every row of a caseload's agenda)."""
    return safe_line(name).truncate(cells, ellipsis=True).plain


def agenda_options(doc: dict[str, Any], width: int) -> list[Option | None]:
    """The agenda across every child ("All children"): what is overdue, oldest first, then
    each day with its date as a heading; one line an entry, Enter opens what it is."""
    today = date.fromisoformat(doc["today"])
    options: list[Option | None] = []
    used: dict[str, int] = {}
    urgent, plain = join(("! ", "$error bold")), Content("  ")

    def option(entry: dict[str, Any], head: Content) -> Option:
        # Several rows open the same thing (a run's items): each id is made unique with a
        # count after "#", which Home leaves out when it opens the row.
        target = _target(entry)
        used[target] = used.get(target, 0) + 1
        return Option(_agenda_row(entry, width, head), id=f"{target}#{used[target]}")

    shown = _shown(doc)
    if shown.overdue:
        count = shown.overdue_count
        options.append(
            Option(
                Content(_("Overdue ({n})").format(n=count)).stylize("bold $error"), disabled=True
            )
        )
        # By child, the child with the oldest first, each child's oldest few: a family far
        # behind must not push today off the screen (Enter on "and N more": the child).
        for child, entries in shown.overdue:
            for e in entries[:SHOWN_OVERDUE]:
                due = f"{short_day(date.fromisoformat(e['due']), today):<11}"
                options.append(option(e, join(("! ", "$error bold"), (due, "$error"))))
            if len(entries) > SHOWN_OVERDUE:
                extra = len(entries) - SHOWN_OVERDUE
                more = ngettext(
                    "and {n} more overdue for {child}", "and {n} more overdue for {child}", extra
                )
                # Only the child's name is file text; the rest is said in the error's colour.
                before, _hole, after = more.format(n=extra, child="{child}").partition("{child}")
                row = join(
                    (f"    {before}", "$error"),
                    safe_line(entries[0]["child_name"]),
                    (after, "$error"),
                )
                row = one_line(row.truncate(width, ellipsis=True))
                options.append(Option(row, id=f"c:{child}#more"))
        if shown.more_children:
            n = shown.more_children
            more = ngettext(
                "{n} more child has overdue items: choose them on the left",
                "{n} more children have overdue items: choose one on the left",
                n,
            )
            options.append(_note(more.format(n=n), "$error"))
    for day, entries in shown.days:
        if options:
            options.append(None)
        heading = day_heading(date.fromisoformat(day), today)
        options.append(Option(Content(heading).stylize("bold $accent"), disabled=True))
        for e in entries:
            options.append(option(e, urgent if e.get("urgent") else plain))
    if shown.more_entries:
        n, days = shown.more_entries, doc["look_ahead"]
        more = ngettext(
            "{n} more in the next {days} days: choose a child, or run iepcheck agenda",
            "{n} more in the next {days} days: choose a child, or run iepcheck agenda",
            n,
        )
        options += [None, _note(more.format(n=n, days=days), "$text-muted")]
    if not shown.days:
        if options:
            options.append(None)
        days = doc["look_ahead"]
        nothing = (
            ngettext(
                "Nothing else due in the next {n} day.",
                "Nothing else due in the next {n} days.",
                days,
            )
            if doc["overdue"]
            else ngettext(
                "Nothing due in the next {n} day.", "Nothing due in the next {n} days.", days
            )
        )
        options.append(Option(Content(nothing.format(n=days)), disabled=True))
    return options
