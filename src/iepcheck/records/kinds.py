"""The record's fixed vocabularies: kinds of meetings and documents, ways of contact.

Kept apart from the model so the command line's parser can offer them as choices without
importing it."""

from __future__ import annotations

from ..checklists.kinds import DOC_KINDS

MEETING_KINDS = ("ppt", "504", "other")
VIA = ("email", "phone", "meeting", "letter", "in person", "other")
DOC_NAMES = {
    "notice": "PPT meeting notice",
    "evaluation": "evaluation report",
    "draft-iep": "draft IEP",
    "iep": "IEP",
    "pwn": "Prior Written Notice",
    "progress-report": "progress report",
    "504-plan": "504 plan",
    "records": "education records",
    "consent-request": "consent request",
    "other": "document",
}

__all__ = ["DOC_KINDS", "DOC_NAMES", "MEETING_KINDS", "VIA"]
