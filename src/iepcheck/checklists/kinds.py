"""Names a checklist file may use, kept apart from the model so the command line's parser can
offer them without importing it."""

from __future__ import annotations

# Kinds of documents a parent receives (an item may name the one it is about).
DOC_KINDS = (
    "notice",
    "evaluation",
    "draft-iep",
    "iep",
    "pwn",
    "progress-report",
    "504-plan",
    "records",
    "consent-request",
    "other",
)
