"""Every bundled letter, from every item that links it, for every child it can reach: a child
with an IEP, a 504 plan or neither, with and without a meeting. A letter linked from several
checklists reaches children in different situations; none may send a sentence that cannot be
true for the child it is filled in for.

Each letter is checked twice: filled in as this iepcheck does (with its conditional paragraphs)
and as its body alone, which is what an older iepcheck sends, and what any child gets when no
paragraph holds for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

import pytest

from iepcheck.checklists.model import Checklist, Letter
from iepcheck.checklists.placeholders import CONTACT_ROLES
from iepcheck.records.model import Child, Contact, LogEntry, Template, default_meeting_kind
from iepcheck.reports.letters import LetterContext, fill

from ..helpers import at, meet
from .test_letters import PARENT, TODAY, bundled

D = date.fromisoformat
PLANS = ("iep", "504", "none")
# Whom a family knows, by plan: everyone the principal and a teacher; a child with an IEP a
# case manager and the special education director; a child with a 504 plan its coordinator.
CONTACTS = {
    "iep": [("Case manager", "Priya Shah"), ("Special education director", "Dr. Ruth Alvarez")],
    "504": [("504 coordinator", "Dana Brooks")],
    "none": [],
}
# The plans a checklist (or one of its items) is for, where its summary or section says so;
# every other item is filled in for a child of each plan.
ONLY_FOR: dict[str, frozenset[str]] = {
    "ct-504-monitoring": frozenset({"504"}),  # monitoring a 504 plan
    "ct-iep-monitoring": frozenset({"iep"}),  # monitoring an IEP's services
    "ct-504-to-iep": frozenset({"504"}),  # "a child who has a 504 plan"
    "ct-iep-to-504": frozenset({"iep"}),  # the district proposes ending the IEP
    "ct-discipline": frozenset({"iep"}),  # "a child with an IEP"
    "ct-transition": frozenset({"iep"}),  # "a student with an IEP"
    "ct-disputes/ask-504-meeting": frozenset({"504"}),  # section "A 504 plan: …"
    "ct-disputes/file-504-grievance": frozenset({"504"}),
}
# Sentences that state a plan the child may not have.
SAYS_504 = re.compile(r"\bhas an? (?:Section )?504 plan|(?:'s|\bmy child's) (?:Section )?504 plan")
SAYS_IEP = re.compile(r"\bhas an IEP\b|(?:'s|\bmy child's) IEP\b")
MEETING_LABELS = ("meeting date", "meeting time", "meeting", "what was agreed")


@dataclass(frozen=True)
class Case:
    checklist: str
    item: str
    letter: str  # CHECKLIST-ID/LETTER-ID
    plan: str
    meeting: bool

    @property
    def name(self) -> str:
        return (
            f"{self.checklist}/{self.item}->{self.letter.partition('/')[2]}"
            f"[{self.plan},{'meeting' if self.meeting else 'no meeting'}]"
        )


def _cases() -> list[Case]:
    found = []
    for checklist in bundled().values():
        for item in checklist.items():
            if item.letter is None:
                continue
            plans = ONLY_FOR.get(f"{checklist.id}/{item.id}") or ONLY_FOR.get(checklist.id)
            # A meeting checklist's items always have their meeting; a standing checklist's
            # have none, unless one is named (iepcheck letter … --meeting M).
            meetings = (True,) if checklist.kind == "meeting" else (False, True)
            for plan in PLANS:
                if plans is None or plan in plans:
                    found += [Case(checklist.id, item.id, item.letter, plan, m) for m in meetings]
    return found


CASES = _cases()


def _context(case: Case, checklists: dict[str, Checklist]) -> LetterContext:
    child = Child("jordan", "Jordan Ellis", case.plan, "Oak Hill Middle School", "Hartford")
    child.born, child.grade = D("2012-09-03"), "8"
    roles = [("Principal", "Tom Nguyen"), ("Teacher", "Ms. Lopez"), *CONTACTS[case.plan]]
    child.contacts = [Contact(role, name) for role, name in roles]
    meeting = None
    if case.meeting:
        meeting = meet(child, D("2026-12-10"), "Annual review", default_meeting_kind(case.plan))
        meeting.notes = "Reading goal rewritten."
    run = child.attach(Template.of(checklists[case.checklist], "bundled"), "r1", D("2026-10-01"))
    run.meeting = meeting.id if meeting is not None and case.meeting else None
    # Both monitoring checklists, each with a log: a letter lists its own checklist's only.
    for n, (cid, plan) in enumerate((("ct-504-monitoring", "504"), ("ct-iep-monitoring", "iep"))):
        if case.checklist == cid:
            monitor = run
        else:
            monitor = child.attach(Template.of(checklists[cid], "bundled"), f"m{n}", TODAY)
        monitor.add_log(
            "log-missed-weekly",
            LogEntry(f"l{n}", D("2026-11-03"), f"missed in the {plan} run", at("2026-11-03")),
        )
    return LetterContext(
        child, PARENT, TODAY, meeting, run, checklists[case.letter.partition("/")[0]]
    )


def _untrue(case: Case, letter: Letter, ctx: LetterContext) -> list[str]:
    filled = fill(letter, ctx)
    text = filled.text
    wrong = []
    if case.plan != "504":
        wrong += [f"says the child has a 504 plan: {m.group()!r}" for m in SAYS_504.finditer(text)]
    if case.plan != "iep":
        wrong += [f"says the child has an IEP: {m.group()!r}" for m in SAYS_IEP.finditer(text)]
    if not case.meeting:
        wrong += [
            f"no meeting to fill in: [{x} — fill in]" for x in filled.missing if x in MEETING_LABELS
        ]
    wrong += [
        f"goes to a contact a child with {case.plan} plan has not: [{x} — fill in]"
        for x in filled.missing
        if any(role in x for role in CONTACT_ROLES)
    ]
    if "{missed_list}" in letter.body:
        own = case.letter.partition("/")[0]
        kind = {"ct-504-monitoring": "504", "ct-iep-monitoring": "iep"}.get(own)
        for other in {"504", "iep"} - {kind}:
            if f"missed in the {other} run" in text:
                wrong.append(f"lists the {other} monitoring run's log")
    return wrong


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_no_letter_says_what_cannot_be_true_for_the_child(case: Case) -> None:
    checklists = bundled()
    owner, _, lid = case.letter.partition("/")
    letter = checklists[owner].letter(lid)
    assert letter is not None
    ctx = _context(case, checklists)
    wrong = _untrue(case, letter, ctx)
    alone = _untrue(case, replace(letter, paragraphs=()), ctx)
    assert not wrong, f"filled in: {wrong}"
    assert not alone, f"its body alone (an older iepcheck): {alone}"


def test_every_linked_letter_is_checked() -> None:
    linked = {c.letter for c in CASES}
    every = {f"{c.id}/{x.id}" for c in bundled().values() for x in c.letters}
    assert linked == every - {"ct-ppt-prep/note-next-dates"}
