"""The placeholders of a letter: a small, closed grammar, checked before anything is filled.

A letter comes from a shared (untrusted) file, so filling it in is never ``str.format`` or a
template engine: the text is split into literal pieces and placeholders from a fixed list, and
anything else is reported. ``{{`` and ``}}`` stand for literal braces.

A letter's conditional paragraphs are part of the same closed grammar: each has one ``when``
from a fixed set (:func:`parse_when`), and follows the body's paragraph whose first words its
``after`` gives (:func:`paragraph_spans`, :func:`anchored`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..i18n import _
from ..textsafe import clean_line, cut
from .model import ID_RE

# Flat names, filled from the child's record (see docs/checklist-format.md).
NAMES = (
    "child_name",
    "child_first_name",
    "school",
    "district",
    "plan",
    "grade",
    "birth_date",
    "parent_name",
    "parent_address",
    "parent_email",
    "parent_phone",
    "today",
    "meeting_date",
    "meeting_time",
    "meeting_title",
    "agreed",
    "missed_list",
    "flagged_goals",
)
# The placeholders that fill in a list or a long text from the record: each may appear at most
# MAX_LIST_USES times in a letter (its subject, body and conditional paragraphs together), so a
# shared letter cannot repeat one into a letter of megabytes.
LIST_NAMES = ("missed_list", "agreed", "flagged_goals")
MAX_LIST_USES = 2
# Names with an argument: {contact:ROLE}, {contact:ROLE|ROLE…} (the first role the record has)
# and {ticked:ITEM-ID}.
CONTACT_ROLES = (
    "case manager",
    "504 coordinator",
    "special education director",
    "principal",
    "teacher",
)
_TOKEN_RE = re.compile(r"\{\{|\}\}|\{([^{}\n]{0,100})\}|[{}]")


@dataclass(frozen=True)
class Placeholder:
    name: str  # one of NAMES, "contact" or "ticked"
    arg: str = ""  # the roles ("principal", "case manager|principal") or the item id

    @property
    def shown(self) -> str:
        return f"{{{self.name}:{self.arg}}}" if self.arg else f"{{{self.name}}}"

    @property
    def roles(self) -> tuple[str, ...]:
        """A ``{contact:…}``'s roles, in the order they are tried."""
        return tuple(self.arg.split("|")) if self.name == "contact" else ()


Piece = str | Placeholder


@dataclass(frozen=True)
class TemplateError:
    offset: int  # in the text
    message: str


def uses(text: str) -> list[tuple[int, Placeholder]]:
    """Every good placeholder of ``text``, with its offset."""
    found = []
    for m in _TOKEN_RE.finditer(text):
        if m.group(1) is not None:
            placeholder, _problem = _placeholder(m.group(1))
            if placeholder is not None:
                found.append((m.start(), placeholder))
    return found


def parse(text: str) -> tuple[list[Piece], list[TemplateError]]:
    """The pieces of ``text`` (literal strings and placeholders) and what is wrong with it.

    A bad placeholder is kept as literal text in the pieces, so a letter with problems still
    renders (showing what it says) when a caller chooses to use it.
    """
    pieces: list[Piece] = []
    errors: list[TemplateError] = []
    literal: list[str] = []
    pos = 0
    for m in _TOKEN_RE.finditer(text):
        literal.append(text[pos : m.start()])
        pos = m.end()
        token = m.group()
        if token == "{{":
            literal.append("{")
            continue
        if token == "}}":
            literal.append("}")
            continue
        if token in ("{", "}"):
            errors.append(
                TemplateError(
                    m.start(),
                    _(
                        "a single '{brace}' that is not part of a placeholder: write '{twice}' "
                        "for a literal brace"
                    ).format(brace=token, twice=token * 2),
                )
            )
            literal.append(token)
            continue
        placeholder, problem = _placeholder(m.group(1))
        if placeholder is None:
            errors.append(TemplateError(m.start(), problem))
            literal.append(token)
            continue
        if literal:
            pieces.append("".join(literal))
            literal = []
        pieces.append(placeholder)
    literal.append(text[pos:])
    if "".join(literal):
        pieces.append("".join(literal))
    return pieces, errors


def _placeholder(inner: str) -> tuple[Placeholder | None, str]:
    shown = cut(clean_line(inner), 40)
    name, colon, arg = inner.partition(":")
    name = name.strip()
    arg = " ".join(arg.split())
    if not colon:
        if name in NAMES:
            return Placeholder(name), ""
        return None, _unknown(shown)
    if name == "contact":
        roles = [" ".join(role.split()).lower() for role in arg.split("|")]
        unknown = [role for role in roles if role not in CONTACT_ROLES]
        if unknown:
            if len(roles) > 1:
                said = _(
                    "'{placeholder}' names no known contact role ('{role}'): use one of {roles} "
                    "(or several, the first the record has is used: {example})"
                )
            else:
                said = _(
                    "'{placeholder}' names no known contact role: use one of {roles} (or "
                    "several, the first the record has is used: {example})"
                )
            return None, said.format(
                placeholder=f"{{{shown}}}",
                role=cut(clean_line(unknown[0]), 40),
                roles=", ".join(CONTACT_ROLES),
                example="{contact:case manager|principal}",
            )
        if len(set(roles)) < len(roles):
            return None, _("'{placeholder}' names a role twice").format(placeholder=f"{{{shown}}}")
        return Placeholder("contact", "|".join(roles)), ""
    if name == "ticked":
        if ID_RE.fullmatch(arg):
            return Placeholder("ticked", arg), ""
        said = _("'{placeholder}' must name an item id: {form}")
        return None, said.format(placeholder=f"{{{shown}}}", form="{ticked:ITEM-ID}")
    return None, _unknown(shown)


def _unknown(shown: str) -> str:
    """The sentence for a placeholder iepcheck does not know, listing those it does."""
    known = _("{names}, {contact} and {ticked}").format(
        names=", ".join(f"{{{n}}}" for n in NAMES),
        contact="{contact:ROLE}",
        ticked="{ticked:ITEM-ID}",
    )
    said = _("unknown placeholder '{placeholder}': the placeholders are {known}")
    return said.format(placeholder=f"{{{shown}}}", known=known)


# -- conditional paragraphs ----------------------------------------------------------------------

# The conditions a paragraph may have, and nothing else: no "and", "or", "not" or nesting.
WHEN_PLANS = ("iep", "504", "none")
WHEN_FORMS = ("plan:iep", "plan:504", "plan:none", "meeting", "contact:ROLE")


def parse_when(text: str) -> tuple[str | None, str]:
    """The condition ``text`` states, written one way ("plan:504", "meeting",
    "contact:case manager"), or None and a sentence saying why it is not one."""
    kind, colon, arg = text.partition(":")
    kind = kind.strip().lower()
    arg = " ".join(arg.split()).lower()
    if kind == "plan" and colon and arg in WHEN_PLANS:
        return f"plan:{arg}", ""
    if kind == "meeting" and not colon:
        return "meeting", ""
    if kind == "contact" and colon and arg in CONTACT_ROLES:
        return f"contact:{arg}", ""
    shown = cut(clean_line(text), 40)
    if kind == "contact" and colon:
        said = _(
            "'when = \"{value}\"' names no known contact role: use one of {roles} (one role: a "
            "condition has no '|')"
        )
        return None, said.format(value=shown, roles=", ".join(CONTACT_ROLES))
    said = _(
        "'when' must be one of {forms}, not '{value}' (a condition is one of these, never a "
        "combination)"
    )
    return None, said.format(forms=", ".join(WHEN_FORMS), value=shown)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of each paragraph of ``text``: lines between blank lines."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            if start is None:
                start = pos
            last = end
        elif start is not None:
            spans.append((start, last))
            start = None
        pos = end + 1
    if start is not None:
        spans.append((start, last))
    return spans


def anchored(text: str, first_words: str) -> list[int]:
    """The indexes of ``text``'s paragraphs that begin with ``first_words`` (spaces and line
    breaks counting as one space)."""
    wanted = " ".join(first_words.split())
    if not wanted:
        return []
    found = []
    for n, (start, end) in enumerate(paragraph_spans(text)):
        words = " ".join(text[start:end].split())
        # Whole words: "Please" is not the start of "Pleased to".
        if words.startswith(wanted) and not (
            len(words) > len(wanted) and wanted[-1].isalnum() and words[len(wanted)].isalnum()
        ):
            found.append(n)
    return found
