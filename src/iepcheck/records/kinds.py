"""The record's fixed vocabularies: kinds of meetings and documents, ways of contact.

Kept apart from the model so the command line's parser can offer them as choices without
importing it."""

from __future__ import annotations

from ..checklists.kinds import DOC_KINDS
from ..i18n import N_

MEETING_KINDS = ("ppt", "504", "other")
VIA = ("email", "phone", "meeting", "letter", "in person", "other")
# Shown through _() where they are shown (the record keeps the kind, not the name).
DOC_NAMES = {
    "notice": N_("PPT meeting notice"),
    "evaluation": N_("evaluation report"),
    "draft-iep": N_("draft IEP"),
    "iep": N_("IEP"),
    "pwn": N_("Prior Written Notice"),
    "progress-report": N_("progress report"),
    "504-plan": N_("504 plan"),
    "records": N_("education records"),
    "consent-request": N_("consent request"),
    "other": N_("document"),
}

__all__ = ["DOC_KINDS", "DOC_NAMES", "MEETING_KINDS", "VIA"]
