"""What an event's title says: a closure, the first or last day of school, or neither."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .model import HALF_DAY, NOT_A_CLOSURE, SAYS_OPEN


def _word_list(text: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(","))


# Titles that say the school is closed. Matched as whole words, case and punctuation ignored.
DEFAULT_WORDS: tuple[str, ...] = (
    "no school",
    "no schools",
    "no classes",
    "no class",
    "no students",
    "not in session",
    "school closed",
    "schools closed",
    "school closing",
    "schools closing",
    "school closure",
    "school closures",
    "closed",
    "closing",
    "closure",
    "recess",
    "vacation",
    "break",
    "holiday",
    "holidays",
    "day off",
    "professional development",
    "professional learning",
    "pd day",
    "staff development",
    "teacher workshop",
    "teacher in-service",
    "in-service",
    "inservice",
    "teacher institute",
    "teacher convention",
    "teacher planning day",
    "teacher work day",
    "teacher workday",
    "snow day",
    "emergency closing",
    "emergency closure",
)
FIRST_WORDS: tuple[str, ...] = (
    "first day of school",
    "first day of the school year",
    "first day of school year",
    "first day of classes",
    "first day of class",
    "first day for students",
    "first student day",
    "students first day",
    "opening day",
    "school opens",
    "schools open",
    "school begins",
)
LAST_WORDS: tuple[str, ...] = (
    "last day of school",
    "last day of the school year",
    "last day of school year",
    "last day of classes",
    "last day for students",
    "last student day",
    "students last day",
    "final day of school",
)
# Titles that say the school is closed whatever else they say ("Conferences - No School").
_STRONG_WORDS = _word_list(
    "no school, no schools, no classes, no class, no students, not in session, "
    "school closed, schools closed, school closing, schools closing, school closure"
)
# A half day is a school day, whatever its title says ("Early Dismissal - Winter Recess").
_HALF_DAY_WORDS = _word_list(
    "early dismissal, early release, early closing, early closure, early out, dismissal, "
    "half day, minimum day, shortened day, abbreviated day, single session, delayed opening, "
    "delayed start, delay, delayed, late start, late opening, late arrival"
)
_OPEN_WORDS = _word_list(
    "make up, makeup, in session, school open, schools open, reopen, reopens, if needed"
)
# Events that mention a holiday or a break without closing the school ("Holiday Concert").
_NOT_CLOSURE_WORDS = _word_list(
    "concert, concerts, party, parties, fair, shop, shoppe, sale, bazaar, sing, sing along, "
    "singalong, performance, play, show, program, assembly, luncheon, lunch, breakfast, "
    "dinner, menu, celebration, spirit, dress, pajama, parade, drive, collection, meeting, "
    "conference, conferences, deadline, due, reminder, tournament, game, practice, camp, "
    "club, trip, dance, festival, social, registration, before, after, office, offices, "
    "library, pool"
)
# First and last days of something else ("Last day before winter break").
_NOT_FIRST_LAST_WORDS = _word_list(
    "before, after, back, break, vacation, recess, holiday, semester, quarter, term, "
    "trimester, marking period, summer school, camp, late, delay, delayed"
)
_STAFF_WORDS = _word_list("teacher, teachers, staff")
_STUDENT_WORDS = _word_list("student, students")


class Words:
    """The phrase lists, normalized once."""

    def __init__(self, words: Sequence[str]) -> None:
        self.closure = _phrases(words)
        self.first = _phrases(FIRST_WORDS)
        self.last = _phrases(LAST_WORDS)
        self.strong = _phrases(_STRONG_WORDS)
        self.half = _phrases(_HALF_DAY_WORDS)
        self.open = _phrases(_OPEN_WORDS)
        self.not_closure = _phrases(_NOT_CLOSURE_WORDS)
        self.not_first_last = _phrases(_NOT_FIRST_LAST_WORDS)
        self.staff = _phrases(_STAFF_WORDS)
        self.students = _phrases(_STUDENT_WORDS)

    def maybe_school(self, raw: str) -> bool:
        """Whether a raw SUMMARY line (parameters, escapes and all) may name a school day."""
        text = _normal(raw.replace("\\n", " ").replace("\\N", " "))
        return _has(text, self.closure) or _has(text, self.first) or _has(text, self.last)

    def kind(self, summary: str) -> tuple[str, str]:
        """("closure" | "first" | "last" | "skip", why) for an event's title."""
        text = _normal(summary)
        if not text.strip():
            return "skip", NOT_A_CLOSURE
        if not _has(text, self.not_first_last) and not (
            _has(text, self.staff) and not _has(text, self.students)
        ):
            if _has(text, self.first):
                return "first", ""
            if _has(text, self.last):
                return "last", ""
        if _has(text, self.half):
            return "skip", HALF_DAY
        if not _has(text, self.closure):
            return "skip", NOT_A_CLOSURE
        strong = _has(text, self.strong)
        if _has(text, self.open) and not strong:
            return "skip", SAYS_OPEN
        if _has(text, self.not_closure) and not strong:
            return "skip", NOT_A_CLOSURE
        return "closure", ""


_NOT_WORD = re.compile(r"[^0-9a-z]+")


def _normal(text: str) -> str:
    """Lowercase words separated by single spaces, padded: " no school winter recess "."""
    words = _NOT_WORD.sub(" ", text.lower().replace("'", "").replace("\u2019", ""))
    return f" {words.strip()} "


def _phrases(words: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for the phrases (normalized, so a match is always whole words)."""
    phrases = sorted({p for p in (_normal(w) for w in words) if p.strip()})
    return re.compile("|".join(re.escape(p) for p in phrases)) if phrases else None


def _has(text: str, phrases: re.Pattern[str] | None) -> bool:
    return phrases is not None and phrases.search(text) is not None
