"""The plan the school is bound by (an IEP or a 504 plan), as the child's record keeps it.

A child has at most one current plan; a new plan keeps the old one as ``previous`` (read
only), and a ``draft`` (the draft IEP that comes before the PPT) sits beside the current one
until it is adopted. Every entry (a service, an accommodation, a goal, its objectives and its
progress reports) has an id, so two copies of a plan merge field by field; a new plan's
copies keep a ``link`` to the entry they were copied from, so one service, one goal, is
followed from plan to plan. Frozen dataclasses, no I/O.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from ..i18n import N_, _

T = TypeVar("T")
PLAN_KINDS = ("iep", "504")
PLAN_STATES = ("current", "previous", "draft", "set-aside")  # set-aside: a draft not adopted
PER = ("week", "month", "cycle")
# Connecticut's progress indicators, as the CSDE IEP Manual (section 12) names them.
STATUSES = (
    "not-introduced",
    "no-progress",
    "limited",
    "satisfactory",
    "not-mastered",
    "mastered",
)
# English as the manual writes them (typed, in the CLI, in JSON); _() where a user reads them.
STATUS_WORDS = {
    "not-introduced": N_("Not Introduced"),
    "no-progress": N_("No Progress to Date"),
    "limited": N_("Limited/Minimal Progress"),
    "satisfactory": N_("Satisfactory Progress"),
    "not-mastered": N_("Not Mastered"),
    "mastered": N_("Mastered"),
}
STUCK = frozenset(["no-progress", "limited"])  # what the no-progress-twice flag counts
FLAG_STUCK = "no-progress-twice"
PLAN_PREFIX = "plan-"  # the ids of the checklist items made from the plan's entries
SCHOOL_DAYS_A_WEEK = 5
WEEKS_A_YEAR = 52


@dataclass(frozen=True)
class Service:
    """A service in the IEP's service grid: what, how many minutes per period, where, by whom."""

    id: str
    name: str
    minutes: int
    per: str  # week | month | cycle
    added: datetime
    cycle_days: int = 0  # per == "cycle": a cycle of this many school days
    where: str = ""  # the setting: general education class, resource room…
    by: str = ""
    link: str = ""  # the entry of an earlier plan this one was copied from
    extra: dict[str, Any] = field(default_factory=dict)  # keys this iepcheck does not know


@dataclass(frozen=True)
class Accommodation:
    id: str
    text: str  # as written in the plan
    added: datetime
    where: str = ""  # where it applies: all classes, tests…
    link: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # keys this iepcheck does not know


@dataclass(frozen=True)
class Objective:
    """A short-term objective of a goal (Connecticut requires them for every goal)."""

    id: str
    text: str
    added: datetime
    link: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # keys this iepcheck does not know


@dataclass(frozen=True)
class GoalReport:
    """One progress report on a goal: when it came, its status, a measured value, a note."""

    id: str
    on: date
    status: str  # one of STATUSES
    added: datetime
    value: float | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # keys this iepcheck does not know


@dataclass(frozen=True)
class Goal:
    id: str
    text: str  # as written in the IEP
    added: datetime
    area: str = ""  # reading, speech, behaviour…
    baseline: str = ""
    target: str = ""
    measured: str = ""  # how it is measured
    unit: str = ""  # what the numbers count (words per minute, %)
    objectives: tuple[Objective, ...] = ()
    reports: tuple[GoalReport, ...] = ()
    link: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # keys this iepcheck does not know


@dataclass(frozen=True)
class Plan:
    """One plan: its dates, the meeting and document it came from, and what it holds."""

    id: str
    kind: str  # iep | 504
    state: str  # current | previous | draft | set-aside
    added: datetime
    start: date | None = None
    end: date | None = None
    annual_review_by: date | None = None
    reevaluation_by: date | None = None
    report_dates: tuple[date, ...] = ()  # when progress reports are due
    with_report_cards: bool = False  # reports come with report cards (the dates above)
    meeting: str = ""  # the meeting that wrote it
    document: str = ""  # the document it came in
    peers_hours: float | None = None  # hours a week with non-disabled peers
    services: tuple[Service, ...] = ()
    accommodations: tuple[Accommodation, ...] = ()
    goals: tuple[Goal, ...] = ()
    link: str = ""  # the plan it was copied from
    extra: dict[str, Any] = field(default_factory=dict)  # keys this iepcheck does not know

    @property
    def name(self) -> str:
        return "IEP" if self.kind == "iep" else "504 plan"

    def goal(self, goal_id: str) -> Goal | None:
        return next((g for g in self.goals if g.id == goal_id), None)

    def service(self, service_id: str) -> Service | None:
        return next((s for s in self.services if s.id == service_id), None)

    def accommodation(self, entry_id: str) -> Accommodation | None:
        return next((a for a in self.accommodations if a.id == entry_id), None)


# -- reading a plan -------------------------------------------------------------------------------


def minutes_per_week(service: Service) -> float:
    """The minutes a week a service comes to, whatever unit it was written in: a month is
    52/12 weeks, a cycle of N school days N/5 weeks."""
    if service.per == "month":
        return service.minutes * 12 / WEEKS_A_YEAR
    if service.per == "cycle" and service.cycle_days > 0:
        return service.minutes * SCHOOL_DAYS_A_WEEK / service.cycle_days
    return float(service.minutes)


def minutes_text(value: float) -> str:
    """Minutes as a person writes them: 60, 27.7."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"


def per_text(service: Service) -> str:
    if service.per == "cycle":
        return f"every {service.cycle_days}-school-day cycle"
    return f"a {service.per}"


def service_text(service: Service) -> str:
    """One line: 'Speech therapy: 60 min a week, resource room, by the speech pathologist'.
    Always English: it is the text of the monitoring checklist's item kept in the record
    (:func:`service_words` says it in the user's language)."""
    text = f"{' '.join(service.name.split())}: {service.minutes} min {per_text(service)}"
    if service.per != "week":
        text += f" (about {minutes_text(minutes_per_week(service))} min a week)"
    if service.where:
        text += f", {' '.join(service.where.split())}"
    if service.by:
        text += f", by {' '.join(service.by.split())}"
    return text


def per_words(service: Service) -> str:
    """:func:`per_text` in the user's language."""
    if service.per == "cycle":
        return _("every {days}-school-day cycle").format(days=service.cycle_days)
    return _("a month") if service.per == "month" else _("a week")


def minutes_words(service: Service) -> str:
    """'60 min a week', '120 min a month (about 27.7 min a week)', in the user's language."""
    text = _("{minutes} min {per}").format(minutes=service.minutes, per=per_words(service))
    if service.per != "week":
        about = minutes_text(minutes_per_week(service))
        text += " (" + _("about {minutes} min a week").format(minutes=about) + ")"
    return text


def service_words(service: Service) -> str:
    """:func:`service_text` in the user's language, for a screen or a report."""
    text = f"{' '.join(service.name.split())}: {minutes_words(service)}"
    if service.where:
        text += f", {' '.join(service.where.split())}"
    if service.by:
        text += _(", by {whom}").format(whom=" ".join(service.by.split()))
    return text


def accommodation_text(entry: Accommodation) -> str:
    text = " ".join(entry.text.split())
    return f"{text} ({' '.join(entry.where.split())})" if entry.where else text


_NUMBER = re.compile(r"\s*(-?\d+(?:[.,]\d+)?)\s*(%?)\s*(.*?)\s*")


def number_in(text: str, unit: str = "") -> float | None:
    """The number a baseline or target is, when it is one ('40', '40 wcpm' with unit 'wcpm',
    '80%'); None for words ('reads with support')."""
    found = _NUMBER.fullmatch(text or "")
    if found is None:
        return None
    rest = found.group(3)
    if rest and rest.casefold() != (unit or "").strip().casefold():
        return None
    return float(found.group(1).replace(",", "."))


def entries(plan: Plan) -> Iterator[tuple[str, object]]:
    """Every entry of the plan with an id, and the kind of each."""
    for s in plan.services:
        yield "service", s
    for a in plan.accommodations:
        yield "accommodation", a
    for g in plan.goals:
        yield "goal", g
        for o in g.objectives:
            yield "objective", o
        for r in g.reports:
            yield "report", r


def taken_ids(plans: Iterable[Plan]) -> set[str]:
    """Every id in use by the plans and what they hold (ids are drawn from one pool)."""
    found: set[str] = set()
    for plan in plans:
        found.add(plan.id)
        found |= {getattr(e, "id", "") for _kind, e in entries(plan)}
    return found


def roots(plans: Iterable[Plan]) -> dict[str, str]:
    """Each linked entry's first original: the same id for one service, accommodation or
    goal followed from plan to plan (an entry with no link is its own root)."""
    links: dict[str, str] = {}
    for plan in plans:
        for _kind, entry in entries(plan):
            links[getattr(entry, "id", "")] = getattr(entry, "link", "")
    found: dict[str, str] = {}
    for entry_id in links:
        probe, seen = entry_id, {entry_id}
        while links.get(probe) and links[probe] in links and links[probe] not in seen:
            probe = links[probe]
            seen.add(probe)
        found[entry_id] = probe
    return found


def plan_item_id(root: str) -> str:
    return f"{PLAN_PREFIX}{root}"


def goal_history(plans: Iterable[Plan], goal: Goal) -> list[tuple[Goal, GoalReport]]:
    """A goal's reports with those of the goals it was copied from (oldest first): its
    chart, across plans."""
    by_id = {g.id: g for p in plans for g in p.goals}
    chain, probe, seen = [goal], goal, {goal.id}
    while probe.link and probe.link in by_id and probe.link not in seen:
        probe = by_id[probe.link]
        seen.add(probe.id)
        chain.append(probe)
    found = [(g, r) for g in chain for r in g.reports]
    found.sort(key=lambda gr: (gr[1].on, gr[1].added, gr[1].id))
    return found


def stuck_history(plans: Iterable[Plan], goal: Goal) -> list[GoalReport]:
    """The reports the no-progress flag reads: the goal's own, and those of the goals it
    was copied from as long as the copy kept its words (a rewritten goal starts afresh)."""
    by_id = {g.id: g for p in plans for g in p.goals}
    chain, probe, seen = [goal], goal, {goal.id}
    while probe.link in by_id and probe.link not in seen:
        before = by_id[probe.link]
        if " ".join(before.text.split()) != " ".join(probe.text.split()):
            break
        chain.append(before)
        seen.add(before.id)
        probe = before
    found = [r for g in chain for r in g.reports]
    found.sort(key=lambda r: (r.on, r.added, r.id))
    return found


def flag_of(reports: list[GoalReport]) -> str:
    """'no-progress-twice' when the last two reports (by date) are both No Progress to Date
    or Limited/Minimal Progress: iepcheck's own signal, not a legal trigger."""
    if len(reports) >= 2 and all(r.status in STUCK for r in reports[-2:]):
        return FLAG_STUCK
    return ""


def replace_in(items: tuple[T, ...], entry_id: str, new: T | None) -> tuple[T, ...]:
    """``items`` with the entry of ``entry_id`` replaced by ``new`` (None: taken out)."""
    out = []
    for item in items:
        if getattr(item, "id", None) == entry_id:
            if new is not None:
                out.append(new)
        else:
            out.append(item)
    return tuple(out)


def copy_for_new_plan(
    plan: Plan, new_id: str, state: str, ids: Iterator[str], added: datetime
) -> Plan:
    """A new plan starting from ``plan``: its lists copied with new ids (``ids``), each copy
    linked to its original; reports stay with the goals they were written on."""
    return Plan(
        id=new_id,
        kind=plan.kind,
        state=state,
        added=added,
        with_report_cards=plan.with_report_cards,
        peers_hours=plan.peers_hours,
        services=tuple(
            dataclasses.replace(s, id=next(ids), link=s.id, added=s.added) for s in plan.services
        ),
        accommodations=tuple(
            dataclasses.replace(a, id=next(ids), link=a.id) for a in plan.accommodations
        ),
        goals=tuple(
            dataclasses.replace(
                g,
                id=next(ids),
                link=g.id,
                reports=(),
                objectives=tuple(
                    dataclasses.replace(o, id=next(ids), link=o.id) for o in g.objectives
                ),
            )
            for g in plan.goals
        ),
        link=plan.id,
    )


def copies_needed(plan: Plan) -> int:
    """How many ids :func:`copy_for_new_plan` draws."""
    return (
        len(plan.services)
        + len(plan.accommodations)
        + len(plan.goals)
        + sum(len(g.objectives) for g in plan.goals)
    )
