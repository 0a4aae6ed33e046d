"""Markdown (exports and letters) escapes what would become structure, and nothing else."""

from __future__ import annotations

import pytest

from iepcheck.reports.letters import letter_file
from iepcheck.reports.markdown import escape


@pytest.mark.parametrize(
    "text, shown",
    [
        # What Markdown would turn into structure.
        ("&amp; and &#169;", "\\&amp; and \\&#169;"),
        ("1. first", "1\\. first"),
        ("12) twelfth", "12\\) twelfth"),
        ("===", "\\==="),
        ("---", "\\---"),
        ("    four spaces", "\u00a0\u00a0\u00a0\u00a0four spaces"),
        ("- a bullet", "\\- a bullet"),
        ("+ a bullet", "\\+ a bullet"),
        ("# a heading", "\\# a heading"),
        ("> a quote", "\\> a quote"),
        ("*bold* and _em_", "\\*bold\\* and \\_em\\_"),
        ("`code`", "\\`code\\`"),
        ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
        ("<b>raw</b>", "\\<b>raw\\</b>"),
        ("~~struck~~", "\\~\\~struck\\~\\~"),
        ("C:\\Users", "C:\\\\Users"),
        # And nothing else.
        ("ct-504-meeting-prep", "ct-504-meeting-prep"),
        ("Annual review (PPT)", "Annual review (PPT)"),
        ("AT&T, 3.5 hours, +1 860-555-0199!", "AT&T, 3.5 hours, +1 860-555-0199!"),
        ("snake_case_id", "snake_case_id"),
        ("2026-11-20: a 504 plan # 2", "2026-11-20: a 504 plan # 2"),
        ("Mr. O'Neil {note} | done", "Mr. O'Neil {note} | done"),
    ],
)
def test_markdown_escapes_structure_only(text: str, shown: str) -> None:
    assert escape(text) == shown


def test_every_line_of_a_letter_is_escaped_on_its_own() -> None:
    body = "Dear Ms. Park,\n\n1. Speech therapy (SLP)\n===\n    indented\nct-504-meeting-prep"
    text = letter_file("Records (ct-ppt-prep)", body, "md")
    assert text.startswith("**Subject:** Records (ct-ppt-prep)\n")
    assert "1\\. Speech therapy (SLP)  \n\\===  \n\u00a0\u00a0\u00a0\u00a0indented" in text
    assert "ct-504-meeting-prep" in text and "\\-" not in text
