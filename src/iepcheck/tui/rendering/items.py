"""How one checklist item reads: its row in the list, and its details pane (Content only)."""

from __future__ import annotations

from datetime import date

from textual.content import Content

from ...i18n import _
from ...records.model import ItemState
from ...records.schedule import ItemView
from ...reports.words import day_text, due_words, repeat_words, short_day, tally_count_text
from ..text import join, safe, safe_line, whole_dates

MARKS = {"done": ("✔ ", "$success bold"), "skipped": ("– ", "$text-muted"), "open": ("☐ ", "")}
NOTE_MARK = " ✎"
LETTER_MARK = " ✉"  # a letter filled in for the item: w


def prompt_key(view: ItemView) -> tuple[object, ...]:
    """What :func:`item_prompt` reads from a view, as values taken now (an item's saved
    state changes in place): the same key, the same row."""
    saved = view.saved
    return (
        view.item,
        view.state,
        view.due,
        view.estimated,
        view.overdue,
        view.due_soon,
        view.again,
        bool(saved.note or saved.log),
        saved.was,
        view.count,
    )


def item_prompt(
    view: ItemView, guide: bool, today: date | None = None, width: int | None = None
) -> Content:
    """An item's row: mark, text, what it holds (yours, ✎ a note or log, ✉ a letter), and
    its date last; with the row's ``width``, no date is cut in two across lines. (What it
    reads from the view is in :func:`prompt_key` too.)"""
    mark, style = MARKS[view.state]
    tag: tuple[str, str]
    if guide:
        tag = ("", "")  # the section says which way a sign leans
    elif view.state == "done" and view.again:
        tag = ("  " + _("again {day}").format(day=short_day(view.again, today)), "$text-muted")
    elif view.state == "open" and view.due:
        about = "~" if view.estimated else ""
        tag = (
            f"  {'!' if view.overdue else ''}{about}{short_day(view.due, today)}",
            "$error bold" if view.overdue else ("$warning" if view.due_soon else "$text-muted"),
        )
    else:
        tag = ("", "")
    text = safe_line(view.item.text, "$text-muted" if view.state == "skipped" else "")
    own = (" " + _("(yours)"), "$text-muted") if view.item.own else ""
    noted = (NOTE_MARK, "$accent") if view.saved.note or view.saved.log else ""
    letter = (LETTER_MARK, "$accent") if view.item.letter else ""
    changed = (" " + _("changed since you ticked"), "$warning") if view.saved.was else ""
    count: tuple[str, str] | str = ""
    if view.count is not None:
        alert = " " + _("({n} or more)").format(n=view.item.tally_alert) if view.alert else ""
        counted = tally_count_text(view.item.tally, view.count)
        count = (f"  {counted}{alert}", "$error bold" if view.alert else "$accent")
    return whole_dates(join((mark, style), text, own, noted, letter, changed, count, tag), width)


def details(view: ItemView, letter_sent: date | None = None) -> Content:
    """The details pane: state, dates, the parent's note, the checklist's explanation and
    sources (kept with the run), then the record of ticks and log entries."""
    lines: list[Content] = [safe(view.item.text, "bold")]
    saved = view.saved
    if saved.note:
        lines += [join((_("Your note:") + " ", "bold $accent"), safe(saved.note))]
    if saved.was:
        lines += [
            join((_("Changed since you ticked it. It said:") + " ", "$warning"), safe(saved.was)),
        ]
    if view.state == "done" and saved.day:
        lines.append(Content(_("Done {day}").format(day=day_text(saved.day))).stylize("$success"))
    elif view.state == "skipped":
        reason = f": {saved.reason}" if saved.reason else ""
        lines.append(join((_("Not applicable"), "$text-muted"), safe_line(reason)))
    if view.due and view.state == "open":
        day = day_text(view.due)
        if view.overdue:
            label = _("Overdue since about {day}") if view.estimated else _("Overdue since {day}")
        else:
            label = _("Due about {day}") if view.estimated else _("Due {day}")
        style = "$error" if view.overdue else ""
        lines.append(Content(label.format(day=day)).stylize(style))
    # The letter next, where a short details pane (60×20) still shows it.
    if view.item.letter and letter_sent is not None:
        sent = "✉ " + _("Letter sent {day}: w shows the copy kept").format(
            day=day_text(letter_sent)
        )
        lines.append(Content(sent).stylize("$accent"))
    elif view.item.letter:
        lines.append(
            Content("✉ " + _("A letter for this, filled in for you: press w")).stylize("$accent")
        )
    if view.item.due:
        when = due_words(view.item.due)
        lines.append(Content(_("When: {when}").format(when=when)).stylize("$text-muted"))
    if view.count is not None:
        n = tally_count_text(view.item.tally, view.count)
        counted = _("Counted from the log: {n} this school year").format(n=n)
        if view.alert:
            lines.append(
                Content(
                    _("{counted}: {n} or more").format(counted=counted, n=view.item.tally_alert)
                ).stylize("$error bold")
            )
        else:
            lines.append(Content(counted).stylize("$accent"))
    if view.undated:
        lines.append(safe_line(_("No date yet: {why}").format(why=view.undated), "$warning"))
    if view.item.repeat:
        if view.again and view.state == "done":
            repeats = _("Repeats {repeat}; due again {day}").format(
                repeat=repeat_words(view.item.repeat), day=day_text(view.again)
            )
        else:
            repeats = _("Repeats {repeat}").format(repeat=repeat_words(view.item.repeat))
        lines.append(Content(repeats).stylize("$text-muted"))
    if view.item.details:
        lines += [Content(""), safe(view.item.details)]
    if view.item.sources:
        lines += [Content(""), Content(_("Sources")).stylize("bold")]
        for source in view.item.sources:
            lines.append(
                join("• ", safe_line(source.title), "\n  ", safe_line(source.url, "$text-muted"))
            )
    if view.item.own:
        lines.append(Content(_("An item you added.")).stylize("$text-muted"))
    return Content("\n").join(lines + record(saved))


def orphan_details(text: str, state: ItemState) -> Content:
    """An item with saved progress that the current checklist no longer has."""
    lines = [
        Content(_("No longer in the checklist")).stylize("$warning bold"),
        safe(text, "bold"),
        Content(_("State: {state}").format(state=state.state)),
    ]
    if state.note:
        lines.append(join((_("Your note:") + " ", "bold $accent"), safe(state.note)))
    return Content("\n").join(lines + record(state))


def record(saved: ItemState) -> list[Content]:
    """What the parent kept on an item: every tick of a repeat item and the log."""
    lines: list[Content] = []
    if len(saved.completions) > 1:
        done = ", ".join(short_day(c.day) for c in saved.completions[-6:])
        lines.append(Content(_("Ticked: {days}").format(days=done)).stylize("$text-muted"))
    if saved.log:
        lines += [Content(""), Content(_("Log")).stylize("bold")]
        for entry in sorted(saved.log, key=lambda e: e.day):
            when = day_text(entry.day)
            if entry.until and entry.until != entry.day:
                when = _("{start} to {end}").format(start=when, end=day_text(entry.until))
            where = safe_line(f" ({entry.where})", "$text-muted") if entry.where else ""
            told: Content | str = ""
            if entry.told:
                said = (
                    _("told {what} on {day}").format(what=entry.told, day=short_day(entry.told_on))
                    if entry.told_on
                    else _("told {what}").format(what=entry.told)
                )
                told = safe_line(f" · {said}", "$text-muted")

            lines.append(join((f"{when}  ", "$accent"), safe(entry.text), where, told))
    return lines
