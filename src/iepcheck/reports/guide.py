"""What a "504 or IEP?" guide's ticks add up to, in words a parent can act on.

Never a legal determination: the words are "leans" and "mixed", each with the signs behind it,
and every conclusion says that eligibility is decided after a formal evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import N_, _
from ..records.schedule import RunSummary
from .words import headline_text

CAVEAT = N_(  # said with _() where shown
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


def english_headline(lean: str, iep: int, five: int) -> str:
    """:func:`headline_text` in English, as the status document keeps it (never translated)."""

    def signs(n: int, word: str) -> str:
        return f"{n} {word}" if n == 1 else f"{n} {word}s"

    if lean == "IEP":
        return f"Leans IEP: {signs(iep, 'IEP sign')}, {signs(five, '504 sign')}"
    if lean == "504":
        return f"Leans 504: {signs(five, '504 sign')}, {signs(iep, 'IEP sign')}"
    if lean == "mixed":
        return f"Mixed: {signs(iep, 'sign')} each way"
    return "No signs ticked yet"


def _signs(summary: RunSummary, side: str) -> list[str]:
    return [v.item.text for v in summary.items if v.item.leans == side and v.state == "done"]


def _listed(texts: list[str]) -> str:
    return "; ".join(f'"{t}"' for t in texts)


def conclude(summary: RunSummary, plan: str) -> Conclusion:
    """The conclusion of a guide run for a child with ``plan`` (iep | 504 | none)."""
    return conclude_signs(_signs(summary, "IEP"), _signs(summary, "504"), plan)


def conclude_signs(iep: list[str], five: list[str], plan: str) -> Conclusion:
    """The conclusion from the signs ticked each way (their texts)."""
    warnings = Step("read-warnings", _("Read the points to weigh before you decide"))
    ppt = Step("add-ppt", _("Add a PPT meeting to ask for (or discuss) an evaluation"))
    # A child with no plan yet starts with a written referral (ct-first-referral).
    referral = Step(
        "start-referral",
        _(
            'Start "A first referral for special education": the written referral and its 45 '
            "school days"
        ),
    )
    headline = headline_text(
        "IEP" if len(iep) > len(five) else "504" if len(five) > len(iep) else "mixed",
        len(iep),
        len(five),
    )
    if not iep and not five:
        return Conclusion(
            "none",
            _("No signs ticked yet"),
            _(
                "Tick each sign that fits your child (Space); the tally and what it leans to "
                "appear here."
            ),
            (Step("tick-signs", _("Tick the signs that fit your child")),),
        )
    if len(iep) > len(five):
        lean = "IEP"
        steps: tuple[Step, ...]
        if plan == "504":
            first = Step(
                "start-switch",
                _('Start "Moving from a 504 to an IEP": a written evaluation request'),
            )
            steps = (first, ppt, warnings)
        elif plan == "none":
            steps = (referral, warnings)
        else:
            steps = (ppt, warnings)
        reason = _("The IEP signs you ticked: {signs}.").format(signs=_listed(iep))
    elif len(five) > len(iep):
        lean = "504"
        meeting = (
            Step("add-ppt", _("Add a PPT meeting to talk it over with the team"))
            if plan == "iep"
            else Step("add-504", _("Add a 504 meeting to ask for (or review) a 504 plan"))
        )
        steps = (meeting, referral, warnings) if plan == "none" else (meeting, warnings)
        reason = _("The 504 signs you ticked: {signs}.").format(signs=_listed(five))
    else:
        lean = "mixed"
        steps = (warnings, referral) if plan == "none" else (warnings, ppt)
        reason = _("IEP signs: {iep}. 504 signs: {five}.").format(
            iep=_listed(iep), five=_listed(five)
        )
    return Conclusion(lean, headline, reason, steps)
