"""The placeholders of a letter: a small, closed grammar, checked before anything is filled.

A letter comes from a shared (untrusted) file, so filling it in is never ``str.format`` or a
template engine: the text is split into literal pieces and placeholders from a fixed list, and
anything else is reported. ``{{`` and ``}}`` stand for literal braces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
)
# Names with an argument: {contact:ROLE} and {ticked:ITEM-ID}.
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
    arg: str = ""  # the role or the item id

    @property
    def shown(self) -> str:
        return f"{{{self.name}:{self.arg}}}" if self.arg else f"{{{self.name}}}"


Piece = str | Placeholder


@dataclass(frozen=True)
class TemplateError:
    offset: int  # in the text
    message: str


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
                    f"a single '{token}' that is not part of a placeholder: write '{token * 2}' "
                    f"for a literal brace",
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
        return None, f"unknown placeholder '{{{shown}}}': the placeholders are {_known()}"
    if name == "contact":
        role = arg.lower()
        if role in CONTACT_ROLES:
            return Placeholder("contact", role), ""
        return None, (
            f"'{{{shown}}}' names no known contact role: use one of {', '.join(CONTACT_ROLES)}"
        )
    if name == "ticked":
        if ID_RE.fullmatch(arg):
            return Placeholder("ticked", arg), ""
        return None, f"'{{{shown}}}' must name an item id: {{ticked:ITEM-ID}}"
    return None, f"unknown placeholder '{{{shown}}}': the placeholders are {_known()}"


def _known() -> str:
    return ", ".join(f"{{{n}}}" for n in NAMES) + ", {contact:ROLE} and {ticked:ITEM-ID}"
