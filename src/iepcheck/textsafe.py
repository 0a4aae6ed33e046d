"""Making text from files safe to show: no terminal control characters, no bidi tricks.

Every string that came from a checklist, a progress file or the user passes through
:func:`clean` before it reaches a terminal, a report or a widget.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"

# C0 controls except tab and newline, DEL, C1 controls, the bidi embedding, override and
# isolate controls (Trojan Source) and marks (ALM, LRM, RLM), and the zero-width characters
# (ZWSP, ZWNJ, ZWJ, word joiner, invisible operators, BOM), and other characters that show
# as nothing: the soft hyphen, the combining grapheme joiner, Hangul fillers, the interlinear
# annotation marks, the line and paragraph separators (a line break some tools skip) and the
# tag characters (invisible text): they hide or reorder what a reader sees. CR is included:
# on a terminal it rewrites the line.
_UNSAFE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u200b-\u200f\u2028\u2029"
    "\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0\ufff9-\ufffb"
    "\U000e0000-\U000e007f"
)
UNSAFE_CHARS = _UNSAFE  # for a character class of one's own (the record's writer escapes these)
UNSAFE_RE = re.compile(f"[{_UNSAFE}]")
_UNSAFE_OR_TAB_NL_RE = re.compile(f"[{_UNSAFE}\t\n]")


def clean(text: str) -> str:
    """Replace every unsafe character with U+FFFD; keeps newlines and tabs."""
    return UNSAFE_RE.sub(REPLACEMENT, text)


def clean_line(text: str) -> str:
    """Like :func:`clean`, and folds newlines and tabs to spaces for one-line displays."""
    return _UNSAFE_OR_TAB_NL_RE.sub(lambda m: " " if m.group() in "\t\n" else REPLACEMENT, text)


def cut(text: str, limit: int = 120) -> str:
    """One line of file text for a one-line view, at most ``limit`` characters."""
    line = clean_line(text)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def describe_char(char: str) -> str:
    """'U+001B' style name for a character, for messages."""
    return f"U+{ord(char):04X}"
