"""Finds English that bypasses the catalog in text printed under the pseudo-locale ``qps``.

Under ``qps`` every translated string is wrapped in ⟦ ⟧, so a line with English prose outside
them shows a string that never went through ``_()``. Data is allowed outside: names, ids,
dates, numbers, paths, URLs, option and command names, and whatever the caller names as data
(child names, checklist words). Shared by the tests of every front end."""

from __future__ import annotations

import re
from collections.abc import Iterable

_WRAPPED = re.compile(r"⟦[^⟦⟧]*⟧")
# What may stand outside ⟦ ⟧ and is not prose: URLs, paths, options, ids, dates, times,
# numbers, placeholders of usage lines (CHILD, YYYY-MM-DD), key=value pairs.
_DATA = [
    re.compile(r"\{[\w ,.-]+\}"),  # argparse's choices: {week,month,cycle}
    re.compile(r"[\w-]+(?:\|[\w-]+)+"),  # alternatives: not-introduced|mastered
    re.compile(r"\w+://\S+"),  # URLs
    re.compile(r"(?:~|\.{1,2})?/[^\s,;:)]*"),  # paths
    re.compile(r"\S+\.(?:toml|ics|md|txt|html|json|tar\.gz|age)\b"),  # file names
    re.compile(r"--?[A-Za-z][\w-]*(?:=\S*)?"),  # options
    re.compile(r"\b\d{4}-\d{2}-\d{2}(?:\.\.\d{4}-\d{2}-\d{2})?\b"),  # dates and ranges
    re.compile(r"\b\d{1,2}:\d{2}(?:\s?[ap]m)?\b", re.I),  # times
    re.compile(r"\b[a-z0-9]+(?:[-_/][a-z0-9]+)+\b"),  # ids: ct-ppt-prep/ask-for-records
    re.compile(r"\b[A-Z][A-Z0-9_/-]*[A-Z0-9]\b"),  # metavars and acronyms: CHILD, IEP
    re.compile(r"\b\w+=\S*"),  # key=value
]
# Words that are command, option-value or program names rather than English prose.
_NAMES = {
    "iepcheck",
    "usage",
    "uso",
    "en",
    "es",
    "iep",
    "504",
    "ppt",
    "none",
    "md",
    "txt",
    "html",
    "json",
    "ics",
    "age",
    "git",
    "ps",
    "qps",
}
_WORD = re.compile(r"[A-Za-z]{3,}")


def english_lines(text: str, data: Iterable[str] = (), *, words: int = 2) -> list[str]:
    """The lines of ``text`` with English prose outside ⟦ ⟧: ``words`` or more words (of three
    letters or more) that are neither data nor a name. ``data``: strings the caller knows are
    user data (a child's name, a checklist's words), allowed wherever they appear."""
    found = []
    known = sorted((d for d in data if d), key=len, reverse=True)
    for line, rest in zip(text.splitlines(), _unwrapped(text).splitlines(), strict=True):
        for item in known:
            rest = rest.replace(item, " ")
        for pattern in _DATA:
            rest = pattern.sub(" ", rest)
        prose = [w for w in _WORD.findall(rest) if w.casefold() not in _NAMES]
        if len(prose) >= words:
            found.append(line)
    return found


def _unwrapped(text: str) -> str:
    """``text`` with every ⟦ ⟧ span blanked, innermost first (a translated sentence may hold
    another, and help text wraps one over several lines); the lines stay where they were."""
    while True:
        blanked = _WRAPPED.sub(lambda m: " " + "\n" * m.group().count("\n") + " ", text)
        if blanked == text:
            return text
        text = blanked


def commands(parser_actions: Iterable[object]) -> list[list[str]]:
    """Every command path (``["child", "contact", "add"]``…) of an argparse parser's
    subparser actions, for running each one's ``--help``."""
    import argparse

    paths: list[list[str]] = []

    def walk(actions: Iterable[object], prefix: list[str]) -> None:
        for action in actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    paths.append([*prefix, name])
                    walk(sub._actions, [*prefix, name])

    walk(parser_actions, [])
    return paths
