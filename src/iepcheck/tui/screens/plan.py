"""The plan: its dates, services, accommodations and goals with their latest status and chart;
keys to add, edit and remove each, a progress report, the draft and the previous plan, a
comparison of two plans and the weeks each service and accommodation was provided.

A goal's reports are drawn with Textual's own ``Sparkline``: bars from the baseline to the
target, one a report, readable without colour (their heights say it) and drawn in three rows
at 60 columns, with no dependency to pin (see :class:`GoalChartView`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.widgets import Header, OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from ...i18n import N_, _, pgettext
from ...records.model import Child
from ...records.operations import Operation
from ...records.plans import (
    STATUS_WORDS,
    STATUSES,
    Accommodation,
    Goal,
    Plan,
    Service,
    accommodation_text,
    minutes_text,
    per_words,
    service_words,
)
from ...records.store import ProgressError
from ...reports.plan import (
    EntryWeeks,
    GoalChart,
    goal_chart,
    period_text,
    plan_status,
    provided_weeks,
)
from ...reports.words import PLAN_NAMES, date_word, day_text, school_days_text, short_day
from ...service import plans
from ...service.errors import ServiceError
from ..messages import ChildChanged, DayChanged
from ..text import join, one_line, safe, safe_line
from ..widgets.dialogs import Confirm, Prompt
from ..widgets.footer import KeysFooter
from ..widgets.panes import NARROW, SectionedList
from .base import IepModal, IepScreen

STATES = ("current", "draft", "previous")
# What the info line offers to see besides the plan shown (the states in STATES' order).
OTHERS = {
    ("current",): N_("v: the current plan · c: compare"),
    ("draft",): N_("v: the draft plan · c: compare"),
    ("previous",): N_("v: the previous plan · c: compare"),
    ("current", "draft"): N_("v: the current or draft plan · c: compare"),
    ("current", "previous"): N_("v: the current or previous plan · c: compare"),
    ("draft", "previous"): N_("v: the draft or previous plan · c: compare"),
}
MARKS = {"provided": "✓", "missed": "✗", "unchecked": "·", "no-school": " ", "not-watched": " "}
MARKS["this-week"] = "…"


def status_hint() -> str:
    """'1 Not Introduced · 2 No Progress to Date · …', in the user's language (made when
    shown: the language is chosen after import)."""
    return " · ".join(f"{n} {_(STATUS_WORDS[s])}" for n, s in enumerate(STATUSES, 1))


def day_month(day: date) -> str:
    """'3 Dec', '3 dic': a day in a short line (day_text's second and third words)."""
    return " ".join(day_text(day).split()[1:3])


def month_of(day: date) -> str:
    """'Dec', 'dic' (day_text's third word)."""
    return day_text(day).split()[2]


def month_year(day: date) -> str:
    """'Dec 2026', 'dic 2026'."""
    return " ".join(day_text(day).split()[2:])


class GoalChartView(Vertical):
    """A goal's reports as bars from its baseline to its target (Textual's Sparkline, over a
    plotting library: three rows fit beside the lists at 80×24, the heights read without
    colour, and nothing new to install or pin), with the dates and statuses beneath."""

    DEFAULT_CSS = """
    GoalChartView { height: auto; margin: 1 0; }
    GoalChartView.first { margin: 0 0 1 0; }
    GoalChartView Sparkline { height: 3; width: auto; }
    GoalChartView .axis { height: auto; color: $text-muted; }
    """
    # Columns a bar takes: 4, so that the Sparkline's step between its columns (n bars over
    # 4n columns) is exact in binary and every bar is as wide as its label.
    COLUMNS = 4

    def compose(self) -> ComposeResult:
        yield Static(id="chart-title")
        yield Sparkline([], id="chart-bars")
        yield Static(classes="axis", id="chart-axis")

    def show(self, chart: GoalChart | None) -> None:
        """Draw ``chart``; hidden for no chart or a goal whose reports give no numbers."""
        values = [p.value for p in chart.points if p.value is not None] if chart else []
        bars = self.query_one("#chart-bars", Sparkline)
        if chart is None or len(values) < 1 or (chart.baseline is None and len(values) < 2):
            self.display = False
            bars.data = []
            return
        self.display = True
        series: list[float] = []
        labels: list[str] = []
        if chart.baseline is not None:
            series.append(chart.baseline)
            labels.append(pgettext("a chart's axis: baseline, in 3 letters", "bas"))
        for point in chart.points:
            if point.value is not None:
                series.append(point.value)
                labels.append(month_of(point.on))
        if chart.target is not None:
            series.append(chart.target)
            labels.append(pgettext("a chart's axis: target, in 3 letters", "tgt"))
        width = self.COLUMNS * len(series)
        bars.styles.width = width
        bars.data = series
        unit = f" {chart.unit}" if chart.unit else ""
        aim = []
        if chart.baseline is not None:
            said = pgettext("a chart's title, one line at 60 columns", "baseline {value}")
            aim.append(said.format(value=minutes_text(chart.baseline)))
        if chart.target is not None:
            said = pgettext("a chart's title, one line at 60 columns", "target {value}")
            aim.append(said.format(value=minutes_text(chart.target)))
        last = next((p for p in reversed(chart.points) if p.value is not None), None)
        if last is not None and last.value is not None:
            said = pgettext("a chart's title, one line at 60 columns", "last {value}")
            aim.append(said.format(value=minutes_text(last.value)))
        self.query_one("#chart-title", Static).update(
            join((_("Chart") + " ", "bold"), safe_line(" · ".join(aim) + unit))
        )
        cell = self.COLUMNS - 1  # and a space between two
        axis = "".join(f"{label[:cell]:<{self.COLUMNS}}" for label in labels)
        numbers = "".join(f"{minutes_text(v)[:cell]:<{self.COLUMNS}}" for v in series)
        self.query_one("#chart-axis", Static).update(Content(f"{numbers}\n{axis}"))


class PlanPanes(Horizontal):
    """The plan's entries beside the highlighted one's details (stacked when narrow)."""

    DEFAULT_CSS = """
    PlanPanes { height: 1fr; }
    PlanPanes > OptionList { width: 1fr; height: 1fr; }
    PlanPanes > VerticalScroll { width: 1fr; height: 1fr; padding: 0 1; }
    PlanPanes.narrow { layout: vertical; }
    PlanPanes.narrow > OptionList { width: 1fr; height: 1fr; }
    PlanPanes.narrow > VerticalScroll { width: 1fr; height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        listing = SectionedList(id="plan-entries", classes="pane")
        listing.border_title = _("The plan")
        yield listing
        with VerticalScroll(classes="pane details", id="plan-side") as side:
            side.border_title = _("Details")
            yield Static(id="plan-details")
            yield GoalChartView(id="plan-chart")
            yield Static(id="plan-more")

    def on_resize(self, event: Resize) -> None:
        narrow = event.size.width < NARROW
        self.set_class(narrow, "narrow")
        # Narrow, the details show a few rows: a goal's chart comes first, its words are in
        # the list already.
        side = self.query_one("#plan-side", VerticalScroll)
        chart = self.query_one("#plan-chart", GoalChartView)
        details = self.query_one("#plan-details", Static)
        chart.set_class(narrow, "first")
        first = side.children[0] if side.children else None
        if narrow and first is details:
            side.move_child(chart, before=details)
        elif not narrow and first is chart:
            side.move_child(chart, after=details)


class PlanScreen(IepScreen[None]):
    BINDINGS = [
        Binding("q,backspace,escape", "back", N_("Back"), id="plan.back"),
        Binding("question_mark,f1", "app.help", N_("Help"), id="plan.help"),
        Binding(
            "a", "add", N_("Add"), id="plan.add", tooltip=N_("Add a service, accommodation or goal")
        ),
        Binding(
            "enter,e", "edit", N_("Edit"), id="plan.edit", tooltip=N_("Edit the highlighted entry")
        ),
        Binding(
            "r",
            "report",
            N_("Report"),
            id="plan.report",
            tooltip=N_("A progress report on the goal"),
        ),
        Binding(
            "R",
            "reports",
            N_("A progress report came (every goal)"),
            id="plan.reports",
            show=False,
        ),
        Binding(
            "p", "dates", N_("Dates"), id="plan.dates", tooltip=N_("The plan's dates and kind")
        ),
        Binding(
            "v", "view", N_("View"), id="plan.view", tooltip=N_("The draft, or the previous plan")
        ),
        Binding(
            "c",
            "compare",
            N_("Compare"),
            id="plan.compare",
            tooltip=N_("What the new plan changed"),
        ),
        Binding(
            "g", "grid", N_("Weeks"), id="plan.grid", tooltip=N_("Weeks each entry was provided")
        ),
        Binding(
            "w", "letter", N_("Letter"), id="plan.letter", tooltip=N_("Ask for a PPT on this goal")
        ),
        Binding("d", "remove", N_("Remove the highlighted entry"), id="plan.remove", show=False),
        Binding("n", "new_plan", N_("A new plan (keeps this one)"), id="plan.new", show=False),
        Binding("D", "new_draft", N_("A draft beside this plan"), id="plan.draft", show=False),
        Binding("A", "adopt", N_("Adopt the draft"), id="plan.adopt", show=False),
        Binding("u", "app.undo", N_("Undo"), id="plan.undo", show=False),
    ]

    DEFAULT_CSS = """
    PlanScreen #plan-info { height: auto; padding: 0 1; background: $boost; }
    """

    def __init__(self, child_id: str, which: str = "current") -> None:
        super().__init__()
        self.child_id = child_id
        self.which = which  # current | draft | previous
        self.footer_state: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="plan-info")
        yield PlanPanes()
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = _("The plan")
        self.show()
        self.query_one("#plan-entries", OptionList).focus()

    def on_child_changed(self, message: ChildChanged) -> None:
        if message.child_id == self.child_id and message.shown:
            self.show()

    def on_day_changed(self, message: DayChanged) -> None:
        self.show()

    # -- data -------------------------------------------------------------------------------
    def child(self) -> Child | None:
        try:
            return self.session.workspace.with_calendar(self.session.child(self.child_id))
        except ProgressError as exc:
            self.query_one("#plan-info", Static).update(safe_line(str(exc), "$error"))
            return None

    def plan(self, child: Child | None = None) -> Plan | None:
        child = child or self.child()
        if child is None:
            return None
        if self.which == "draft":
            return child.draft_plan()
        if self.which == "previous":
            return child.previous_plan()
        return child.current_plan()

    def highlighted(self) -> str:
        option = self.query_one("#plan-entries", OptionList).highlighted_option
        return option.id or "" if option is not None else ""

    # -- display ----------------------------------------------------------------------------
    def show(self) -> None:
        child = self.child()
        if child is None:
            return
        plan = self.plan(child)
        if plan is None and self.which != "current":
            self.which = "current"
            plan = child.current_plan()
        self.query_one("#plan-info", Static).update(self.info(child, plan))
        listing = self.query_one("#plan-entries", SectionedList)
        current = self.highlighted()
        options = self.rows(child, plan)
        if listing.show_rows(options):
            ids = [o.id if o else None for o in options]
            if current in ids:
                listing.highlighted = ids.index(current)
            else:
                first = next((n for n, o in enumerate(options) if o and not o.disabled), None)
                listing.highlighted = first
        self.show_details()

    def info(self, child: Child, plan: Plan | None) -> Content:
        """Three lines at most: whose plan and its period; its dates with what they need;
        its progress reports, and what else there is to see. A line that would wrap (at 60
        columns, or in a language of longer words) says only the essentials."""
        if plan is None:
            return join(
                safe_line(child.name, "bold"),
                "\n"
                + _(
                    "No plan in the record yet. Press p to enter the IEP or 504 plan: its dates, "
                    "then a to add its services, accommodations and goals."
                ),
            )
        today = self.session.today()
        status = plan_status(child, today) if plan.state == "current" else None
        room = self.size.width - 2  # the padding
        lines = []
        for build in (self.head_line, self.dates_line, self.reports_line):
            line = build(child, plan, today, status, self.size.width < NARROW)
            if room > 0 and line.cell_length > room:
                line = build(child, plan, today, status, True)
            if line.plain:
                lines.append(line)
        return Content("\n").join(lines)

    def head_line(
        self, child: Child, plan: Plan, today: date, status: Any, narrow: bool
    ) -> Content:
        """Whose plan, which, its period (narrow: its end) and the time with peers."""
        state = {"draft": " · " + _("DRAFT"), "previous": " · " + _("previous (read only)")}
        period = f" · {period_text(plan)}" if period_text(plan) else ""
        if narrow and plan.end:
            period = " · " + _("to {day}").format(day=short_day(plan.end, today))
        peers = (
            " · " + _("{hours} h/week with peers").format(hours=minutes_text(plan.peers_hours))
            if plan.peers_hours is not None and not narrow
            else ""
        )
        return join(
            safe_line(child.name, "bold"),
            (f" · {PLAN_NAMES[plan.kind]}{state.get(plan.state, '')}", "bold $accent"),
            period,
            peers,
        )

    def dates_line(
        self, child: Child, plan: Plan, today: date, status: Any, narrow: bool
    ) -> Content:
        """The annual review and the reevaluation, with the school days left and a meeting
        missing (narrow: the dates of the coming year only)."""
        dates: list[Content | str | tuple[str, str]] = []
        for what, due in (
            ("annual-review", plan.annual_review_by),
            ("reevaluation", plan.reevaluation_by),
        ):
            if due is None or (narrow and abs((due - today).days) > 366):
                continue
            word = date_word(what, plan.kind == "iep")
            if dates:
                dates.append(" · ")
            else:
                word = word[:1].upper() + word[1:]
            if abs((due - today).days) > 366:
                dates.append(_("{what} by {month}").format(what=word, month=month_year(due)))
            else:
                # A narrow line may say it in fewer words (a translation's choice).
                said = _("{what} by {day}")
                if narrow:
                    said = pgettext("a narrow line: in as few words as it can", "{what} by {day}")
                dates.append(said.format(what=word, day=short_day(due, today)))
            shown = next((d for d in (status or {}).get("dates", []) if d["what"] == what), None)
            if shown is not None and 0 <= shown["days_left"] <= 366:
                left = school_days_text(shown["school_days_left"], shown["estimated"])
                dates.append(f" ({left})")
            if shown is not None and shown["in_look_ahead"] and not shown["meeting_set"]:
                urgent = shown["urgent"] or shown["overdue"]
                dates.append((" " + _("no meeting set"), "$error bold" if urgent else "$warning"))
        return join(*dates)

    def reports_line(
        self, child: Child, plan: Plan, today: date, status: Any, narrow: bool
    ) -> Content:
        """When progress reports come, those not recorded, and (not narrow) the other plans
        to see."""
        line: list[Content | str | tuple[str, str]] = []
        if plan.report_dates or plan.with_report_cards:
            upcoming = [d for d in plan.report_dates if d >= today]
            cards = _("with report cards")
            if narrow:
                cards = pgettext("a narrow line: in as few words as it can", "with report cards")
            cards = cards if plan.with_report_cards else ""
            nxt = _("next {day}").format(day=short_day(upcoming[0], today)) if upcoming else ""
            when = ", ".join(x for x in (cards, nxt) if x) or _("dates passed")
            line.append(_("Reports {when}").format(when=when))
            missing = (status or {}).get("missing_reports", [])
            if missing:
                days = ", ".join(short_day(date.fromisoformat(m["due"]), today) for m in missing)
                line.append((" · " + _("not recorded: {days}").format(days=days), "$error bold"))
        others = tuple(s for s in STATES if s != self.which and self.plan_of_state(child, s))
        if others and not narrow:
            line.append((f"{' · ' if line else ''}{_(OTHERS[others])}", "$text-muted"))
        return join(*line)

    @staticmethod
    def plan_of_state(child: Child, state: str) -> Plan | None:
        if state == "draft":
            return child.draft_plan()
        if state == "previous":
            return child.previous_plan()
        return child.current_plan()

    def row_width(self) -> int:
        listing = self.query_one("#plan-entries", OptionList)
        width = listing.scrollable_content_region.width
        return max((width or 44) - 2, 20)

    def rows(self, child: Child, plan: Plan | None) -> list[Option | None]:
        if plan is None:
            return [Option(Content(_("Press p to enter the plan.")), disabled=True)]
        width = self.row_width()
        weeks = {w.entry_id: w for w in provided_weeks(child, self.session.today())}
        options: list[Option | None] = []
        options.append(self.heading(_("SERVICES ({n})").format(n=len(plan.services))))
        for s in plan.services:
            minutes = _("{minutes} min {per}").format(minutes=s.minutes, per=per_words(s))
            row = self.entry_row(f"{s.name}: {minutes}", weeks.get(s.id), width)
            options.append(Option(row, id=f"s:{s.id}"))
        options.append(self.adder("s", _("+ add a service")))
        n = len(plan.accommodations)
        options.append(self.heading(_("ACCOMMODATIONS ({n})").format(n=n)))
        for a in plan.accommodations:
            row = self.entry_row(a.text, weeks.get(a.id), width)
            options.append(Option(row, id=f"a:{a.id}"))
        options.append(self.adder("a", _("+ add an accommodation")))
        if plan.kind == "iep" or plan.goals:
            options.append(self.heading(_("GOALS ({n})").format(n=len(plan.goals))))
            for g in plan.goals:
                options.append(Option(self.goal_row(child, g, width), id=f"g:{g.id}"))
            options.append(self.adder("g", _("+ add a goal")))
        return options

    @staticmethod
    def heading(text: str) -> Option:
        return Option(Content(text).stylize("bold $accent"), disabled=True)

    def adder(self, kind: str, said: str) -> Option:
        if self.which == "previous":
            return Option(Content("  " + _("(read only)")).stylize("$text-muted"), disabled=True)
        return Option(Content(f"  {said}").stylize("$accent"), id=f"add:{kind}")

    @staticmethod
    def entry_row(text: str, weeks: EntryWeeks | None, width: int) -> Content:
        tail = ""
        if weeks is not None and weeks.checked:
            tail = " " + _("{provided}/{weeks} wk").format(
                provided=weeks.provided, weeks=weeks.school_weeks
            )
        name = safe_line(text).truncate(max(width - len(tail), 10), ellipsis=True)
        return one_line(join(name, (tail, "$text-muted")))

    def goal_row(self, child: Child, goal: Goal, width: int) -> Content:
        chart = goal_chart(child, goal)
        last = chart.points[-1] if chart.points else None
        mark = ("▼ ", "$warning bold") if chart.flag else ("  ", "")
        area = f"{goal.area}: " if goal.area else ""
        text = safe_line(area + goal.text).truncate(max(width - 2, 10), ellipsis=True)
        if last is not None:  # the words cut short where the line is narrow, the date whole
            day = f", {day_month(last.on)}"
            words = safe_line("    " + _(STATUS_WORDS[last.status]))
            status = join(words.truncate(max(width - len(day), 10), ellipsis=True), day)
        else:
            status = safe_line("    " + _("no report yet")).truncate(max(width, 10), ellipsis=True)
        return join(mark, text, "\n", status.stylize("$warning" if chart.flag else "$text-muted"))

    def on_resize(self) -> None:
        self.call_after_refresh(self.show)

    def show_details(self) -> None:
        child = self.child()
        plan = self.plan(child) if child else None
        key = self.highlighted()
        kind, _sep, entry_id = key.partition(":")
        text: Content = Content("")
        more: Content = Content("")
        chart: GoalChart | None = None
        if child is not None and plan is not None:
            if kind == "s" and (s := plan.service(entry_id)) is not None:
                text = self.service_details(child, s)
            elif kind == "a" and (a := plan.accommodation(entry_id)) is not None:
                text = self.accommodation_details(child, a)
            elif kind == "g" and (g := plan.goal(entry_id)) is not None:
                chart = goal_chart(child, g)
                text, more = self.goal_details(g, chart)
            elif kind == "add":
                text = Content(
                    _(
                        "Enter or a adds one, in the plan's own words. The plan's services and "
                        "accommodations are checked week by week in the monitoring checklists "
                        "(ct-iep-monitoring, ct-504-monitoring) without typing them again."
                    )
                ).stylize("$text-muted")
        self.query_one("#plan-details", Static).update(text)
        self.query_one("#plan-chart", GoalChartView).show(chart)
        self.query_one("#plan-more", Static).update(more)
        self.refresh_footer()

    def weeks_of(self, child: Child, entry_id: str) -> EntryWeeks | None:
        return next(
            (w for w in provided_weeks(child, self.session.today()) if w.entry_id == entry_id), None
        )

    def weeks_lines(
        self, weeks: EntryWeeks | None, service: bool
    ) -> list[Content | str | tuple[str, str]]:
        if weeks is None or self.which != "current":
            return []
        if not weeks.checked:
            said = _("Not checked yet: tick it week by week in the monitoring checklist.")
            return [("\n\n" + said, "$text-muted")]
        grid = " ".join(MARKS[w.state] for w in weeks.weeks if w.state != "not-watched")
        legend = _("✓ provided ✗ missed · not checked")
        out: list[Content | str | tuple[str, str]] = [
            ("\n\n" + _("Checked week by week:") + " ", "bold"),
            weeks.summary(),
            f"\n{grid}  ({legend})",
        ]
        if service:
            delivered, owed = weeks.minutes()
            said = _("{delivered} of {owed} minutes delivered in the weeks checked")
            out.append("\n" + said.format(delivered=round(delivered), owed=round(owed)))
        return out

    def service_details(self, child: Child, s: Service) -> Content:
        parts: list[Content | str | tuple[str, str]] = [safe(service_words(s), "bold")]
        if s.link:
            parts.append(("\n" + _("Carried over from the previous plan."), "$text-muted"))
        parts += self.weeks_lines(self.weeks_of(child, s.id), True)
        return join(*parts)

    def accommodation_details(self, child: Child, a: Accommodation) -> Content:
        parts: list[Content | str | tuple[str, str]] = [safe(a.text, "bold")]
        if a.where:
            parts += ["\n" + _("Where:") + " ", safe_line(a.where)]
        parts += self.weeks_lines(self.weeks_of(child, a.id), False)
        return join(*parts)

    def goal_details(self, goal: Goal, chart: GoalChart) -> tuple[Content, Content]:
        """What the goal says (above its chart), and its objectives and reports (below)."""
        parts: list[Content | str | tuple[str, str]] = [safe(goal.text, "bold")]
        if goal.area:
            parts += [("\n" + _("Area:") + " ", "$text-muted"), safe_line(goal.area)]
        unit = f" {goal.unit}" if goal.unit else ""
        for word, value in ((_("Baseline:"), goal.baseline), (_("Target:"), goal.target)):
            if value:
                tail = unit if goal.unit and goal.unit not in value else ""
                parts += [(f"\n{word} ", "$text-muted"), safe_line(value + tail)]
        if chart.flag:
            said = _(
                "No progress in the last two reports: w writes to ask for a PPT to review "
                "this goal."
            )
            parts.append(("\n" + said, "$warning bold"))
        more: list[Content | str | tuple[str, str]] = [
            (pgettext("a goal's progress reports", "Reports"), "bold")
        ]
        if not chart.points:
            more.append(("\n" + _("none yet: r adds one"), "$text-muted"))
        for p in chart.points:
            value = f" ({minutes_text(p.value)})" if p.value is not None else ""
            day = " ".join(day_text(p.on).split()[1:])  # '3 Dec 2026'
            more.append(f"\n{day}  {_(STATUS_WORDS[p.status])}{value}")
        if goal.objectives:
            more.append(("\n" + _("Objectives"), "bold"))
            for o in goal.objectives:
                more += ["\n- ", safe_line(o.text)]
        if goal.measured:
            more += [("\n" + _("Measured:") + " ", "$text-muted"), safe_line(goal.measured)]
        return join(*parts), join(*more)

    @on(OptionList.OptionHighlighted, "#plan-entries")
    def entry_highlighted(self) -> None:
        self.show_details()

    @on(OptionList.OptionSelected, "#plan-entries")
    def entry_selected(self, event: OptionList.OptionSelected) -> None:
        if (event.option.id or "").startswith("add:"):
            self.action_add()
        else:
            self.action_edit()

    def refresh_footer(self) -> None:
        key = self.highlighted()
        state = (key.partition(":")[0], self.which, self.flagged(key))
        if state != self.footer_state:
            self.footer_state = state
            self.refresh_bindings()

    def flagged(self, key: str) -> bool:
        child = self.child()
        plan = self.plan(child) if child else None
        if child is None or plan is None or not key.startswith("g:"):
            return False
        goal = plan.goal(key[2:])
        return goal is not None and bool(goal_chart(child, goal).flag)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        key = self.highlighted()
        if action == "report":
            return key.startswith("g:")
        if action == "letter":
            return self.flagged(key)
        if action in ("add", "edit", "remove") and self.which == "previous":
            return None  # shown dimmed: the previous plan is read only
        return True

    # -- changes ----------------------------------------------------------------------------
    def apply(self, op: Operation | None) -> bool:
        if op is None:
            return False
        if self.iep.apply(self.child_id, op) is None:
            return False
        self.show()
        return True

    def writable(self) -> Plan | None:
        child = self.child()
        plan = self.plan(child) if child else None
        if plan is None:
            self.notify(_("No plan yet: press p to enter its dates first."), markup=False)
            return None
        if plan.state == "previous":
            self.notify(_("The previous plan is kept as it was (read only)."), markup=False)
            return None
        return plan

    def action_add(self) -> None:
        plan = self.writable()
        if plan is None:
            return
        key = self.highlighted()
        kind = key.partition(":")[0] if not key.startswith("add:") else key[4:]
        if kind == "s":
            self.ask_service(None)
        elif kind == "a":
            self.ask_accommodation(None)
        elif kind == "g":
            self.ask_goal(None)
        else:
            self.ask_service(None)

    def action_edit(self) -> None:
        key = self.highlighted()
        kind, _sep, entry_id = key.partition(":")
        if kind == "add":
            self.action_add()
            return
        if self.writable() is None:
            return
        if kind == "s":
            self.ask_service(entry_id)
        elif kind == "a":
            self.ask_accommodation(entry_id)
        elif kind == "g":
            self.ask_goal(entry_id)

    def ask_service(
        self, entry_id: str | None, typed: list[str] | None = None, error: str = ""
    ) -> None:
        plan = self.writable()
        if plan is None:
            return
        old = plan.service(entry_id) if entry_id else None
        values = typed or (
            [old.name, str(old.minutes), old.per, str(old.cycle_days or ""), old.where, old.by]
            if old
            else ["", "", "week", "", "", ""]
        )
        draft = plan.state == "draft"

        def done(answer: list[str] | None) -> None:
            if answer is None:
                return
            child = self.session.child(self.child_id)
            name, minutes, per, days, where, by = answer
            op: Operation | None
            new_id = ""
            try:
                if old is None:
                    op, new_id = plans.service(
                        self.session.workspace,
                        child,
                        name,
                        minutes,
                        per or "week",
                        cycle_days=days or None,
                        where=where,
                        by=by,
                        draft=draft,
                    )
                else:
                    op = plans.edit_service(
                        child,
                        old.id,
                        draft,
                        name=name,
                        minutes=minutes,
                        per=per or "week",
                        cycle_days=days,
                        where=where,
                        by=by,
                    )
            except ServiceError as exc:
                self.ask_service(entry_id, answer, str(exc))
                return
            if self.apply(op) and old is None:
                self.offer_link(new_id, "services")

        self.app.push_screen(
            Prompt(
                Content(_("Edit the service") if old else _("A service of the IEP's service grid")),
                [
                    (_("What (speech therapy, OT, special education in reading…)"), values[0], ""),
                    (_("Minutes"), values[1], _("e.g. 60")),
                    (_("Per: week, month or cycle"), values[2], "week"),
                    (_("School days in a cycle (per cycle only)"), values[3], _("e.g. 6")),
                    (_("Where (general education class, resource room…)"), values[4], ""),
                    (_("By whom"), values[5], _("e.g. speech pathologist")),
                ],
                error=error,
                compact=True,
            ),
            done,
        )

    def ask_accommodation(
        self, entry_id: str | None, typed: list[str] | None = None, error: str = ""
    ) -> None:
        plan = self.writable()
        if plan is None:
            return
        old = plan.accommodation(entry_id) if entry_id else None
        values = typed or ([old.text, old.where] if old else ["", ""])
        draft = plan.state == "draft"

        def done(answer: list[str] | None) -> None:
            if answer is None:
                return
            child = self.session.child(self.child_id)
            op: Operation | None
            new_id = ""
            try:
                if old is None:
                    op, new_id = plans.accommodation(
                        self.session.workspace, child, answer[0], where=answer[1], draft=draft
                    )
                else:
                    op = plans.edit_accommodation(
                        child, old.id, draft, text=answer[0], where=answer[1]
                    )
            except ServiceError as exc:
                self.ask_accommodation(entry_id, answer, str(exc))
                return
            if self.apply(op) and old is None:
                self.offer_link(new_id, "accommodations")

        self.app.push_screen(
            Prompt(
                Content(
                    _("Edit the accommodation")
                    if old
                    else _("An accommodation, as the plan words it")
                ),
                [
                    (_("The accommodation"), values[0], _("e.g. extended time (1.5x) on tests")),
                    (_("Where it applies (optional)"), values[1], _("e.g. all classes")),
                ],
                error=error,
            ),
            done,
        )

    def ask_goal(
        self, goal_id: str | None, typed: list[str] | None = None, error: str = ""
    ) -> None:
        plan = self.writable()
        if plan is None:
            return
        old = plan.goal(goal_id) if goal_id else None
        objectives = [o.text for o in old.objectives] if old else []
        if typed is None:
            head = (
                [old.text, old.area, old.baseline, old.target, old.unit, old.measured]
                if old
                else ["", "", "", "", "", ""]
            )
            typed = [*head, *objectives, "", ""] if old else [*head, "", "", ""]
        fields = [
            (_("The goal, as written"), typed[0], ""),
            (_("Area (reading, speech…)"), typed[1], ""),
            (_("Baseline (a number charts)"), typed[2], _("e.g. 62")),
            (_("Target (a number charts)"), typed[3], _("e.g. 90")),
            (_("Unit (optional)"), typed[4], _("e.g. wcpm")),
            (_("How it is measured (optional)"), typed[5], ""),
        ]
        fields += [
            (
                (
                    _("Objective {n} (empty: none, taken out)")
                    if n <= len(objectives)
                    else _("Objective {n} (empty: none)")
                ).format(n=n),
                value,
                "",
            )
            for n, value in enumerate(typed[6:], 1)
        ]
        draft = plan.state == "draft"

        def done(answer: list[str] | None) -> None:
            if answer is None:
                return
            child = self.session.child(self.child_id)
            head = dict(
                zip(
                    ("text", "area", "baseline", "target", "unit", "measured"),
                    answer[:6],
                    strict=True,
                )
            )
            try:
                if old is None:
                    op: Operation | None
                    op, _new = plans.goal(
                        self.session.workspace,
                        child,
                        head["text"],
                        area=head["area"],
                        baseline=head["baseline"],
                        target=head["target"],
                        unit=head["unit"],
                        measured=head["measured"],
                        objectives=answer[6:],
                        draft=draft,
                    )
                else:
                    op = plans.goal_changes(self.session.workspace, child, old.id, head, answer[6:])
            except ServiceError as exc:
                self.ask_goal(goal_id, answer, str(exc))
                return
            self.apply(op)

        self.app.push_screen(
            Prompt(
                Content(_("Edit the goal") if old else _("A goal of the IEP, with its objectives")),
                fields,
                error=error,
                compact=True,
            ),
            done,
        )

    def offer_link(self, entry_id: str, listed: str) -> None:
        """After a service or accommodation is added: if the parent had typed it as their own
        item in the monitoring checklist, its ticks and log can go to the plan's item."""
        child = self.session.child(self.child_id)
        if child.current_plan() is None or self.which != "current":
            return
        own = [
            (run, item)
            for run in child.runs
            if not run.detached and not run.archived
            for s in run.sections
            if s.from_plan == listed
            for item in s.items
            if item.own
        ]
        if not own:
            return
        from ..widgets.dialogs import Pick

        choices = [(f"{run.checklist}/{item.id}", safe_line(item.text)) for run, item in own]

        def chosen(picked: tuple[str, str] | None) -> None:
            if picked is None or picked[0] != "enter":
                return
            now = self.session.child(self.child_id)
            plan = now.current_plan()
            if plan is None:
                return
            try:
                link = plans.link_own(now, plan, entry_id, listed, picked[1])
            except ServiceError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            if self.apply(link):
                self.notify(_("Linked: its ticks and log are the plan's now."), markup=False)

        self.app.push_screen(
            Pick(
                Content(
                    _(
                        "Is this the same as one of your own items? Enter: link it (its ticks "
                        "and log carried over) · Esc: no"
                    )
                ),
                choices,
                {},
            ),
            chosen,
        )

    def action_remove(self) -> None:
        plan = self.writable()
        if plan is None:
            return
        kind, _sep, entry_id = self.highlighted().partition(":")
        child = self.session.child(self.child_id)
        draft = plan.state == "draft"
        try:
            if kind == "s":
                op: Operation = plans.remove_service(child, entry_id, draft)
                what = plan.service(entry_id)
                words = service_words(what) if what else entry_id
            elif kind == "a":
                op = plans.remove_accommodation(child, entry_id, draft)
                found = plan.accommodation(entry_id)
                words = accommodation_text(found) if found else entry_id
            elif kind == "g":
                op = plans.remove_goal(child, entry_id)
                goal = plan.goal(entry_id)
                also = _("(its objectives and reports too)")
                words = f"{goal.text if goal else entry_id} {also}"
            else:
                return
        except ServiceError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.apply(op)

        question = join(
            _("Take this out of the plan?") + "\n\n",
            safe_line(words),
            "\n\n" + _("u undoes it."),
        )
        self.app.push_screen(Confirm(question, _("Take it out"), _("Keep it")), answered)

    def action_report(self, typed: list[str] | None = None, error: str = "") -> None:
        key = self.highlighted()
        if not key.startswith("g:"):
            self.notify(_("Highlight a goal first."), markup=False)
            return
        goal_id = key[2:]
        values = typed or [self.session.today().isoformat(), "", "", ""]

        def done(answer: list[str] | None) -> None:
            if answer is None:
                return
            child = self.session.child(self.child_id)
            try:
                op = plans.report(
                    self.session.workspace,
                    child,
                    goal_id,
                    on=answer[0],
                    status=answer[1],
                    value=answer[2],
                    note=answer[3],
                )
            except ServiceError as exc:
                self.action_report(answer, str(exc))
                return
            self.apply(op)

        self.app.push_screen(
            Prompt(
                Content(_("A progress report on this goal")),
                [
                    (_("The day it came"), values[0], _("YYYY-MM-DD")),
                    (_("Status (1-6, listed below)"), values[1], _("a number, or the words")),
                    (_("Measured value (optional)"), values[2], _("e.g. 71")),
                    (_("Your note (optional)"), values[3], ""),
                ],
                # The statuses where they wrap (a field's label is one line).
                status_hint() + ". " + _("Enter: next field · ctrl+s: save · Esc: cancel"),
                error=error,
                compact=True,
            ),
            done,
        )

    def action_reports(self) -> None:
        ask_reports(self, self.child_id, None, self.show)

    def action_dates(self, typed: list[str] | None = None, error: str = "") -> None:
        child = self.child()
        if child is None:
            return
        plan = self.plan(child)
        if plan is not None and plan.state == "previous":
            self.notify(_("The previous plan is kept as it was (read only)."), markup=False)
            return

        def iso(day: date | None) -> str:
            return day.isoformat() if day else ""

        written = child.meeting(plan.meeting) if plan is not None and plan.meeting else None
        if typed is None:
            reports = ",".join(
                (["report-cards"] if plan and plan.with_report_cards else [])
                + [d.isoformat() for d in (plan.report_dates if plan else ())]
            )
            typed = [
                plan.kind if plan else (child.plan if child.plan != "none" else "iep"),
                iso(plan.start) if plan else "",
                iso(plan.end) if plan else "",
                iso(plan.annual_review_by) if plan else "",
                iso(plan.reevaluation_by) if plan else "",
                reports,
                minutes_text(plan.peers_hours) if plan and plan.peers_hours is not None else "",
                written.date.isoformat() if written is not None else "",
            ]

        def done(answer: list[str] | None) -> None:
            if answer is None:
                return
            now = self.session.child(self.child_id)
            given = plans.PlanFields(
                kind=answer[0] or None,
                start=answer[1],
                end=answer[2],
                annual_review_by=answer[3],
                reevaluation_by=answer[4],
                reports=answer[5],
                peers_hours=answer[6],
                meeting=answer[7],
            )
            try:
                change = plans.set_plan(
                    self.session.workspace, now, given, draft=self.which == "draft"
                )
            except ServiceError as exc:
                self.action_dates(answer, str(exc))
                return
            if self.apply(change.op):
                self.notify(change.said[:1].upper() + change.said[1:] + ".", markup=False)

        title = _("The plan's dates") if plan else _("Start the plan: its kind and dates")
        day = _("YYYY-MM-DD")
        self.app.push_screen(
            Prompt(
                Content(title),
                [
                    (_("Kind: iep or 504"), typed[0], "iep"),
                    (_("Starts"), typed[1], day),
                    (_("Ends"), typed[2], day),
                    (
                        _("Annual review due by (a 504: planned review)")
                        if typed[0] == "504"
                        else _("Annual review due by"),
                        typed[3],
                        day,
                    ),
                    (_("Reevaluation due by"), typed[4], day),
                    (
                        _("Progress reports: dates, and report-cards if with them"),
                        typed[5],
                        "report-cards,2027-01-29",
                    ),
                    (_("Hours a week with non-disabled peers"), typed[6], _("e.g. 25")),
                    (_("The meeting that wrote it (its date or id)"), typed[7], ""),
                ],
                error=error,
                compact=True,
            ),
            done,
        )

    def action_view(self) -> None:
        child = self.child()
        if child is None:
            return
        order = [s for s in STATES if self.plan_of_state(child, s) is not None]
        if len(order) < 2:
            self.notify(
                _("There is one plan in the record (n starts a new one, D a draft)."),
                markup=False,
            )
            return
        self.which = (
            order[(order.index(self.which) + 1) % len(order)] if self.which in order else order[0]
        )
        self.query_one("#plan-entries", OptionList).highlighted = None
        self.show()

    def action_new_plan(self) -> None:
        self.new(draft=False)

    def action_new_draft(self) -> None:
        self.new(draft=True)

    def new(self, draft: bool) -> None:
        child = self.child()
        if child is None:
            return
        try:
            change = plans.set_plan(
                self.session.workspace, child, plans.PlanFields(), new=True, draft=draft
            )
        except ServiceError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        what = (
            _(
                "Start a draft beside the current plan (the draft IEP before the PPT), its lists "
                "copied from it to edit?"
            )
            if draft
            else _(
                "Start a new plan? The current one is kept, read only, as the previous plan; "
                "its lists are copied to the new one to edit."
            )
        )

        def answered(yes: bool | None) -> None:
            if yes and self.apply(change.op):
                self.which = "draft" if draft else "current"
                self.notify(change.said[:1].upper() + change.said[1:] + ".", markup=False)
                self.show()
                self.action_dates()

        self.app.push_screen(Confirm(Content(what), _("Start it"), _("Not now")), answered)

    def action_adopt(self) -> None:
        child = self.child()
        if child is None:
            return
        try:
            change = plans.set_plan(self.session.workspace, child, plans.PlanFields(), adopt=True)
        except ServiceError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return

        def answered(yes: bool | None) -> None:
            if yes and self.apply(change.op):
                self.which = "current"
                self.notify(change.said[:1].upper() + change.said[1:] + ".", markup=False)
                self.show()

        question = Content(
            _(
                "Adopt the draft as the current plan? The current one is kept, read only, as "
                "the previous plan."
            )
        )
        self.app.push_screen(Confirm(question, _("Adopt it"), _("Not now")), answered)

    def action_compare(self) -> None:
        child = self.child()
        if child is None:
            return
        try:
            found = plans.comparison(self.session.workspace, child)
        except ServiceError as exc:
            self.notify(str(exc), markup=False)
            return
        self.app.push_screen(CompareScreen(found))

    def action_grid(self) -> None:
        child = self.child()
        if child is None:
            return
        if not provided_weeks(child, self.session.today(), 1):
            self.notify(
                _("The current plan lists no services or accommodations yet."), markup=False
            )
            return
        self.app.push_screen(WeeksScreen(child, self.session.today()))

    def action_letter(self) -> None:
        from ...service import letters
        from .details import open_letter
        from .letter import LetterScreen

        child = self.session.child(self.child_id)
        ref = "ct-iep-monitoring/goal-review"
        for link in letters.links(child, ref):
            if link.run is not None:
                open_letter(self.iep, self.child_id, link.run, link.item)
                return
        found = letters.resolve(self.session.workspace, ref) if self.session.library else None
        if found is None:
            self.notify(_("The goal-review letter is not in the checklists found."), markup=False)
            return
        self.app.push_screen(LetterScreen(self.child_id, found, None, None))

    def action_back(self) -> None:
        self.app.pop_screen()


def ask_reports(
    screen: IepScreen[Any],
    child_id: str,
    first: Operation | None,
    then: Any,
    typed: list[str] | None = None,
    error: str = "",
) -> None:
    """A progress report came: each goal's status (and value) at once, with the progress
    report recorded as received, as one change (one undo). ``first``: a change to make with it
    (the tick of "a progress report arrived", which records the document itself)."""
    session = screen.session
    child = session.child(child_id)
    plan = child.current_plan()
    goals = list(plan.goals) if plan is not None else []
    if not goals:
        if first is not None and screen.iep.apply(child_id, first) is not None:
            then()
        elif first is None:
            screen.notify(_("The current plan has no goals yet."), markup=False)
        return
    values = typed or [session.today().isoformat()] + ["", ""] * len(goals)
    fields = [(_("The day the report came"), values[0], _("YYYY-MM-DD"))]
    template = _("{goal}: status (1-6, empty: not in it)")
    # A label is one line (in a dialog 72 wide at most, its border, padding and scroll bar
    # 10): the goal's words are cut to leave the rest whole.
    room = min(72, screen.app.size.width) - 10 - len(template.replace("{goal}", ""))
    for n, goal in enumerate(goals):
        text = " ".join(goal.text.split())
        short = text if len(text) <= max(room, 12) else text[: max(room, 12) - 1] + "…"
        label = template.format(goal=short)
        fields.append((label, values[1 + 2 * n], ""))
        fields.append(("  " + _("measured value (optional)"), values[2 + 2 * n], ""))

    def done(answer: list[str] | None) -> None:
        if answer is None:
            return
        statuses = {g.id: (answer[1 + 2 * n], answer[2 + 2 * n]) for n, g in enumerate(goals)}
        try:
            op = plans.reports_arrived(
                session.workspace,
                session.child(child_id),
                answer[0],
                statuses,
                document=first is None,
            )
        except ServiceError as exc:
            ask_reports(screen, child_id, first, then, answer, str(exc))
            return
        from ...records.operations import batch

        change = batch(first, op) if op is not None else first
        if change is not None and screen.iep.apply(child_id, change) is not None:
            then()

    screen.app.push_screen(
        Prompt(
            Content(_("A progress report came: each goal's status")),
            fields,
            status_hint() + ". " + _("Enter: next · ctrl+s: save · Esc: cancel"),
            error,
            compact=True,
        ),
        done,
    )


class CompareScreen(IepModal[None]):
    """Two plans side by side: what the new one changed, and what to do about a cut."""

    DEFAULT_CSS = """
    CompareScreen { align: center middle; }
    CompareScreen > VerticalScroll {
        width: 90; max-width: 98%; height: auto; max-height: 90%; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    """
    BINDINGS = [Binding("escape,q,enter", "close", N_("Close"), id="compare.close")]

    def __init__(self, found: plans.Comparison) -> None:
        super().__init__()
        self.found = found

    def compose(self) -> ComposeResult:
        found = self.found
        name = PLAN_NAMES[found.new.kind]
        if found.draft:
            head = _("The draft {plan} beside the current one").format(plan=name)
        else:
            head = _("The current {plan} beside the previous one").format(plan=name)
        parts: list[Content | str | tuple[str, str]] = [(head, "bold")]
        if not found.differences:
            said = _("No difference in services, time with peers, accommodations or goals.")
            parts.append("\n\n" + said)
        cut = _("CUT") + " "
        for d in found.differences:
            style = (
                "$error bold"
                if d.is_cut
                else "$warning"
                if d.change in ("removed", "setting", "provider")
                else ""
            )
            mark = cut if d.is_cut else " " * len(cut)
            parts += ["\n", (mark, "$error bold"), safe_line(d.line(), style)]
        if found.steps:
            said = (
                _("A service is cut. What to do before the meeting:")
                if found.draft
                else _("A service is cut. What to do now:")
            )
            parts.append(("\n\n" + said, "bold"))
            for checklist, item, text in found.steps:
                parts += [
                    "\n- ",
                    safe_line(text or item),
                    (f"  [{checklist}/{item}]", "$text-muted"),
                ]
        parts.append(("\n\n" + _("Esc, q or Enter: close"), "$text-muted"))
        with VerticalScroll():
            yield Static(join(*parts))

    def action_close(self) -> None:
        self.dismiss(None)


class WeeksScreen(IepModal[None]):
    """Weeks × services and accommodations: provided, missed or not checked; for a service,
    the minutes delivered against the minutes owed. As many weeks as the terminal fits."""

    DEFAULT_CSS = """
    WeeksScreen { align: center middle; }
    WeeksScreen > VerticalScroll {
        width: 100; max-width: 98%; height: auto; max-height: 90%; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    """
    BINDINGS = [Binding("escape,q,enter", "close", N_("Close"), id="weeks.close")]
    NAME = 18
    CELL = 7

    def __init__(self, child: Child, today: date) -> None:
        super().__init__()
        self.child = child
        self.today = today

    def compose(self) -> ComposeResult:
        count = max(3, min(12, (self.app.size.width - self.NAME - 22) // self.CELL))
        rows = provided_weeks(self.child, self.today, count)
        shown = [n for n, w in enumerate(rows[0].weeks) if w.state != "not-watched"] if rows else []
        # A month in three letters, whatever the language: a column is 7 wide ('14 Dec ').
        head = " " * self.NAME + "".join(
            f"{rows[0].weeks[n].monday.day:>2} {month_of(rows[0].weeks[n].monday)[:3]}".ljust(
                self.CELL
            )
            for n in shown
        )
        lines: list[Content] = [
            Content(_("Week by week (each column: the week of that Monday)")).stylize("bold"),
            Content(head).stylize("$text-muted"),
        ]
        for row in rows:
            width = self.NAME - 1
            name = row.text if len(row.text) <= width else row.text[: width - 1] + "…"
            cells = "".join(f"  {MARKS[row.weeks[n].state]}".ljust(self.CELL) for n in shown)
            tail = ""
            if row.kind == "service" and row.checked:
                delivered, owed = row.minutes()
                tail = _("{delivered}/{owed} min").format(
                    delivered=round(delivered), owed=round(owed)
                )
            lines.append(join(safe_line(name.ljust(self.NAME)), cells, (tail, "$text-muted")))
            lines.append(Content(" " * self.NAME + row.summary()).stylize("$text-muted"))
        lines.append(
            Content(
                _("✓ provided  ✗ missed  · not checked  … this week  (blank: no school)")
            ).stylize("$text-muted")
        )
        lines.append(Content(_("Esc, q or Enter: close")).stylize("$text-muted"))
        with VerticalScroll():
            yield Static(Content("\n").join(lines))

    def action_close(self) -> None:
        self.dismiss(None)
