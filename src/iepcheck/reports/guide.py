"""What a "504 or IEP?" guide's ticks add up to, in words a parent can act on.

Never a legal determination: the words are "leans" and "mixed", each with the signs behind it,
and every conclusion says that eligibility is decided after a formal evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import _, ngettext
from ..records.schedule import RunSummary
from .words import plural

CAVEAT = (
    "This only counts the signs you ticked, to help you prepare your questions; it is not a "
    "decision. Whether a child qualifies for an IEP is decided after a formal evaluation."
)


@dataclass(frozen=True)
class Step:
    """A next step the app can take for the parent: ``action`` names it for the front end."""

    action: str  # start-switch | start-referral | add-ppt | add-504 | read-warnings | tick-signs
    text: str


@dataclass(frozen=True)
class Conclusion:
    lean: str  # none | IEP | 504 | mixed
    headline: str
    reason: str
    steps: tuple[Step, ...]


def headline_text(lean: str, iep: int, five: int) -> str:
    """A conclusion's headline in the user's language, from its lean and the signs ticked each
    way (the status document keeps the English one): 'Leans IEP: 2 IEP signs, 1 504 sign'."""
    if lean == "IEP":
        return _("Leans IEP: {iep}, {five}").format(
            iep=ngettext("{n} IEP sign", "{n} IEP signs", iep).format(n=iep),
            five=ngettext("{n} 504 sign", "{n} 504 signs", five).format(n=five),
        )
    if lean == "504":
        return _("Leans 504: {five}, {iep}").format(
            iep=ngettext("{n} IEP sign", "{n} IEP signs", iep).format(n=iep),
            five=ngettext("{n} 504 sign", "{n} 504 signs", five).format(n=five),
        )
    if lean == "mixed":
        return ngettext("Mixed: {n} sign each way", "Mixed: {n} signs each way", iep).format(n=iep)
    return _("No signs ticked yet")


def _signs(summary: RunSummary, side: str) -> list[str]:
    return [v.item.text for v in summary.items if v.item.leans == side and v.state == "done"]


def _listed(texts: list[str]) -> str:
    return "; ".join(f'"{t}"' for t in texts)


def conclude(summary: RunSummary, plan: str) -> Conclusion:
    """The conclusion of a guide run for a child with ``plan`` (iep | 504 | none)."""
    return conclude_signs(_signs(summary, "IEP"), _signs(summary, "504"), plan)


def conclude_signs(iep: list[str], five: list[str], plan: str) -> Conclusion:
    """The conclusion from the signs ticked each way (their texts)."""
    warnings = Step("read-warnings", "Read the points to weigh before you decide")
    ppt = Step("add-ppt", "Add a PPT meeting to ask for (or discuss) an evaluation")
    # A child with no plan yet starts with a written referral (ct-first-referral).
    referral = Step(
        "start-referral",
        'Start "A first referral for special education": the written referral and its 45 '
        "school days",
    )
    if not iep and not five:
        return Conclusion(
            "none",
            "No signs ticked yet",
            "Tick each sign that fits your child (Space); the tally and what it leans to "
            "appear here.",
            (Step("tick-signs", "Tick the signs that fit your child"),),
        )
    if len(iep) > len(five):
        lean = "IEP"
        headline = f"Leans IEP: {plural(len(iep), 'IEP sign')}, {plural(len(five), '504 sign')}"
        steps: tuple[Step, ...]
        if plan == "504":
            first = Step(
                "start-switch",
                'Start "Moving from a 504 to an IEP": a written evaluation request',
            )
            steps = (first, ppt, warnings)
        elif plan == "none":
            steps = (referral, warnings)
        else:
            steps = (ppt, warnings)
        reason = f"The IEP signs you ticked: {_listed(iep)}."
    elif len(five) > len(iep):
        lean = "504"
        headline = f"Leans 504: {plural(len(five), '504 sign')}, {plural(len(iep), 'IEP sign')}"
        meeting = (
            Step("add-ppt", "Add a PPT meeting to talk it over with the team")
            if plan == "iep"
            else Step("add-504", "Add a 504 meeting to ask for (or review) a 504 plan")
        )
        steps = (meeting, referral, warnings) if plan == "none" else (meeting, warnings)
        reason = f"The 504 signs you ticked: {_listed(five)}."
    else:
        lean, headline = "mixed", f"Mixed: {plural(len(iep), 'sign')} each way"
        steps = (warnings, referral) if plan == "none" else (warnings, ppt)
        reason = f"IEP signs: {_listed(iep)}. 504 signs: {_listed(five)}."
    return Conclusion(lean, headline, reason, steps)
